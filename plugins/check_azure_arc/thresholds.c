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
    /* TRANSLATORS: e.g. "himds latency 0.7 s outside critical range 0.5";
     * "inside" for a range that alerts inside (@0.5:1) */
    snprintf(text + len, size - len,
             range->inside ? (state == ARCP_CRITICAL ? _("%s %s s inside critical range %s")
                                                     : _("%s %s s inside warning range %s"))
                           : (state == ARCP_CRITICAL ? _("%s %s s outside critical range %s")
                                                     : _("%s %s s outside warning range %s")),
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

/* The endpoints a threshold made not OK, missing it one way: how many, and
 * the first at the worst level reached. */
struct side_tally {
    size_t count;
    arcp_state worst;
    const char *first;
    double first_s;
};

/* ", 2 slow endpoints (ep0 0.2 s outside warning range 0.1)", worded the way
 * they missed it. */
static void append_side(char *text, size_t size, arcp_limit_side side,
                        const struct side_tally *tally, const struct arc_thresholds *t)
{
    size_t len = strlen(text);
    if (tally->count == 0 || len >= size - 1)
        return;
    const struct arc_range *r =
        tally->worst == ARCP_CRITICAL ? &t->endpoint_critical : &t->endpoint_warning;
    int critical = tally->worst == ARCP_CRITICAL;
    size_t n = tally->count;
    char v[32];
    human_seconds(v, sizeof v, tally->first_s);
    snprintf(text + len, size - len, "%s", len ? ", " : "");
    len = strlen(text);
    /* TRANSLATORS: count, then the first such endpoint, its time and the range */
    if (side == ARCP_LIMIT_BELOW)
        snprintf(text + len, size - len,
                 critical ? P_("%zu fast endpoint (%s %s s outside critical range %s)",
                               "%zu fast endpoints (%s %s s outside critical range %s)", n)
                          : P_("%zu fast endpoint (%s %s s outside warning range %s)",
                               "%zu fast endpoints (%s %s s outside warning range %s)", n),
                 n, tally->first, v, r->text);
    else if (side == ARCP_LIMIT_INSIDE)
        snprintf(text + len, size - len,
                 critical
                     ? P_("%zu endpoint in the alert range (%s %s s inside critical range %s)",
                          "%zu endpoints in the alert range (%s %s s inside critical range %s)", n)
                     : P_("%zu endpoint in the alert range (%s %s s inside warning range %s)",
                          "%zu endpoints in the alert range (%s %s s inside warning range %s)", n),
                 n, tally->first, v, r->text);
    else
        snprintf(text + len, size - len,
                 critical ? P_("%zu slow endpoint (%s %s s outside critical range %s)",
                               "%zu slow endpoints (%s %s s outside critical range %s)", n)
                          : P_("%zu slow endpoint (%s %s s outside warning range %s)",
                               "%zu slow endpoints (%s %s s outside warning range %s)", n),
                 n, tally->first, v, r->text);
}

static void apply_endpoints(struct arcp_endpoints *e, const struct arc_thresholds *t)
{
    struct side_tally sides[ARCP_LIMIT_INSIDE + 1] = {{0}};
    arcp_state worst = ARCP_OK;
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
        struct side_tally *tally = &sides[ep->limit_side];
        /* name the first endpoint at the worst level reached */
        if (tally->first == NULL || arcp_state_worse(tally->worst, st) != tally->worst) {
            tally->first = ep->name;
            tally->first_s = ep->total_s;
            tally->worst = st;
        }
        tally->count++;
        worst = arcp_state_worse(worst, st);
    }
    for (int side = ARCP_LIMIT_ABOVE; side <= ARCP_LIMIT_INSIDE; side++)
        append_side(e->text, sizeof e->text, (arcp_limit_side)side, &sides[side], t);
    e->state = arcp_state_worse(e->state, worst);
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
