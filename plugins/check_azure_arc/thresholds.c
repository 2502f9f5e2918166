/* thresholds.c - apply the plugin's ranges on top of the core's states and
 * fold everything into one plugin state. */
#include "thresholds.h"
#include "arcprobe_intl.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "perfdata.h"

void arc_thresholds_cap_endpoints(struct arc_thresholds *t, const arcp_config *cfg)
{
    for (int level = 0; level <= ARCP_REQUIRED_OPTIONAL; level++)
        t->endpoint_cap[level] = arcp_endpoint_state_cap(cfg, (arcp_required)level);
}

void arc_thresholds_init(struct arc_thresholds *t)
{
    memset(t, 0, sizeof *t);
    t->timeout_result = ARCP_UNKNOWN;
    arcp_config *defaults = arcp_config_new();
    if (defaults != NULL)
        arc_thresholds_cap_endpoints(t, defaults);
    else /* out of memory: no slow endpoint alerts rather than a guessed cap */
        for (int level = 0; level <= ARCP_REQUIRED_OPTIONAL; level++)
            t->endpoint_cap[level] = ARCP_OK;
    arcp_config_free(defaults);
}

/* s, lowered to cap when it is more severe */
static arcp_state at_most(arcp_state s, arcp_state cap)
{
    return arcp_state_severity(s) > arcp_state_severity(cap) ? cap : s;
}

arcp_state arc_range_state(const struct arc_range *warning, const struct arc_range *critical,
                           double value)
{
    if (arc_range_alerts(critical, value))
        return ARCP_CRITICAL;
    if (arc_range_alerts(warning, value))
        return ARCP_WARNING;
    return ARCP_OK;
}

/* Seconds for people: milliseconds suffice unless the value is tiny. */
static void human_seconds(char *buf, size_t size, double v)
{
    arc_format_decimal(buf, size, v >= 0.01 ? round(v * 1000.0) / 1000.0 : v);
}

/* Append ", note" to a component's one-line text, keeping it terminated. */
static void note(char *text, size_t size, const char *fmt_value_what, double value,
                 const struct arc_range *range, arcp_state state)
{
    size_t len = strlen(text);
    char v[32];
    if (len >= size - 1)
        return;
    human_seconds(v, sizeof v, value);
    snprintf(text + len, size - len, "%s", len ? ", " : "");
    len = strlen(text);
    /* TRANSLATORS: e.g. "himds latency 0.7 s outside critical range 0.5" */
    snprintf(text + len, size - len,
             state == ARCP_CRITICAL ? _("%s %s s outside critical range %s")
                                    : _("%s %s s outside warning range %s"),
             fmt_value_what, v, range->text);
}

static const struct arc_range *fired_range(arcp_state st, const struct arc_range *w,
                                           const struct arc_range *c)
{
    return st == ARCP_CRITICAL ? c : w;
}

/* Which way value missed the range that fired, for the core's words. */
static arcp_limit_side side_of(const struct arc_range *fired, double value)
{
    if (fired->inside)
        return ARCP_LIMIT_INSIDE;
    return !fired->start_inf && value < fired->start ? ARCP_LIMIT_BELOW : ARCP_LIMIT_ABOVE;
}

static void apply_himds(struct arcp_himds *h, const struct arc_thresholds *t)
{
    if (h->endpoint != ARCP_HIMDS_ANSWERED || h->endpoint_ms < 0)
        return;
    double seconds = h->endpoint_ms / 1000.0;
    arcp_state st = arc_range_state(&t->himds_warning, &t->himds_critical, seconds);
    if (st == ARCP_OK)
        return;
    const struct arc_range *fired = fired_range(st, &t->himds_warning, &t->himds_critical);
    note(h->text, sizeof h->text, _("himds latency"), seconds, fired, st);
    h->latency_side = side_of(fired, seconds);
    h->state = arcp_state_worse(h->state, st);
}

static void apply_agent(struct arcp_agent *a, const struct arc_thresholds *t)
{
    if (a->heartbeat_age_s < 0)
        return;
    double age = (double)a->heartbeat_age_s;
    arcp_state st = arc_range_state(&t->heartbeat_warning, &t->heartbeat_critical, age);
    if (st == ARCP_OK)
        return;
    const struct arc_range *fired = fired_range(st, &t->heartbeat_warning, &t->heartbeat_critical);
    note(a->text, sizeof a->text, _("heartbeat age"), age, fired, st);
    a->heartbeat_side = side_of(fired, age);
    a->state = arcp_state_worse(a->state, st);
}

static void apply_endpoints(struct arcp_endpoints *e, const struct arc_thresholds *t)
{
    size_t slow = 0;
    arcp_state worst_slow = ARCP_OK;
    const char *first_slow = NULL;
    double first_slow_s = 0;
    for (size_t i = 0; i < e->count; i++) {
        struct arcp_endpoint *ep = &e->items[i];
        if (ep->cls != ARCP_EP_OK || ep->total_s < 0)
            continue;
        arcp_state st = arc_range_state(&t->endpoint_warning, &t->endpoint_critical, ep->total_s);
        /* never above what the core lets this level cause */
        if ((unsigned)ep->required <= ARCP_REQUIRED_OPTIONAL)
            st = at_most(st, t->endpoint_cap[ep->required]);
        if (st == ARCP_OK)
            continue;
        /* the range that fired before the level's cap lowered the state */
        arcp_state fired_st =
            arc_range_alerts(&t->endpoint_critical, ep->total_s) ? ARCP_CRITICAL : ARCP_WARNING;
        ep->limit_side = side_of(fired_range(fired_st, &t->endpoint_warning, &t->endpoint_critical),
                                 ep->total_s);
        ep->state = arcp_state_worse(ep->state, st);
        /* name the first endpoint at the worst level reached */
        if (first_slow == NULL || arcp_state_worse(worst_slow, st) != worst_slow) {
            first_slow = ep->name;
            first_slow_s = ep->total_s;
            worst_slow = st;
        }
        slow++;
    }
    if (slow == 0)
        return;
    size_t len = strlen(e->text);
    if (len < sizeof e->text - 1) {
        const struct arc_range *r =
            worst_slow == ARCP_CRITICAL ? &t->endpoint_critical : &t->endpoint_warning;
        char v[32];
        human_seconds(v, sizeof v, first_slow_s);
        snprintf(e->text + len, sizeof e->text - len, "%s", len ? ", " : "");
        len = strlen(e->text);
        /* TRANSLATORS: count, then the first slow endpoint, its time and the range */
        snprintf(e->text + len, sizeof e->text - len,
                 worst_slow == ARCP_CRITICAL
                     ? P_("%zu slow endpoint (%s %s s outside critical range %s)",
                          "%zu slow endpoints (%s %s s outside critical range %s)", slow)
                     : P_("%zu slow endpoint (%s %s s outside warning range %s)",
                          "%zu slow endpoints (%s %s s outside warning range %s)", slow),
                 slow, first_slow, v, r->text);
    }
    e->state = arcp_state_worse(e->state, worst_slow);
}

arcp_state arc_apply_thresholds(arcp_report *report, const struct arc_thresholds *t)
{
    if (report->checks & ARCP_CHECK_HIMDS)
        apply_himds(&report->himds, t);
    if (report->checks & ARCP_CHECK_AGENT)
        apply_agent(&report->agent, t);
    if (report->checks & ARCP_CHECK_ENDPOINTS)
        apply_endpoints(&report->endpoints, t);
    /* the core folds states, findings and the summary, in its one order */
    arcp_report_refold(report);
    if (report->incomplete && t->timeout_result_set)
        report->state = t->timeout_result;
    return report->state;
}
