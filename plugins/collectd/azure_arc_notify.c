/* azure_arc_notify.c - raise a notification only when a state changes.
 *
 * A broken agent stays broken for hours; one FAILURE when it breaks and one
 * OKAY when it recovers is what an operator wants, not a message per
 * interval. States are tracked per component (himds, agent, AZCM) and per
 * endpoint; the endpoints' aggregate state is not notified on its own since
 * every change of it is already a change of one endpoint.
 */
#include "azure_arc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void azarc_notify_state_init(struct azarc_notify_state *state)
{
    for (int c = 0; c < AZARC_COMPONENTS; c++)
        state->component[c] = ARCP_OK;
    state->endpoints = NULL;
    state->endpoint_count = 0;
    state->endpoint_list = ARCP_OK;
}

void azarc_notify_state_free(struct azarc_notify_state *state)
{
    free(state->endpoints);
    azarc_notify_state_init(state);
}

static void copy_field(char *dst, const char *src)
{
    snprintf(dst, DATA_MAX_NAME_LEN, "%s", src);
}

static void notify(const char *instance, const char *type_instance, arcp_state state,
                   const char *subject, const char *text, const char *remedy)
{
    notification_t n;
    memset(&n, 0, sizeof(n));
    int recovered = state == ARCP_OK;
    n.severity = recovered ? NOTIF_OKAY : state == ARCP_CRITICAL ? NOTIF_FAILURE : NOTIF_WARNING;
    n.time = cdtime();
    copy_field(n.host, hostname_g != NULL ? hostname_g : "");
    copy_field(n.plugin, AZARC_PLUGIN);
    copy_field(n.plugin_instance, instance);
    copy_field(n.type, "gauge");
    copy_field(n.type_instance, type_instance);
    azarc_format_message(n.message, sizeof(n.message), subject, state, recovered, text, remedy);
    /* -1 only means no notification plugin is loaded: nothing to do then. */
    (void)plugin_dispatch_notification(&n);
}

/* What a component's notification is made of, taken from the report. */
struct component_view {
    unsigned check; /* the ARCP_CHECK_* that probes it */
    enum azarc_component id;
    const char *subject;
    const char *type_instance; /* the same as its state value's */
    arcp_state state;
    const char *text, *remedy;
};

static int update_component(struct azarc_notify_state *state, const char *instance,
                            const struct component_view *v)
{
    if (v->state == state->component[v->id])
        return 0;
    state->component[v->id] = v->state;
    notify(instance, v->type_instance, v->state, v->subject, v->text, v->remedy);
    return 1;
}

static arcp_state previous_endpoint_state(const struct azarc_notify_state *state, const char *name)
{
    for (size_t i = 0; i < state->endpoint_count; i++) {
        if (strcmp(state->endpoints[i].name, name) == 0)
            return state->endpoints[i].state;
    }
    return ARCP_OK;
}

/* An endpoint's notification. The first one raised for a finding carries
 * the finding (what is wrong with how many, and its remedy, said once);
 * the others name their own failure only. */
static void notify_endpoint(const char *instance, const arcp_report *r,
                            const struct arcp_endpoint *ep, unsigned *said)
{
    char subject[ARCP_NAME_MAX + 16];
    char type_instance[DATA_MAX_NAME_LEN];
    char text[ARCP_TEXT_MAX + 64];
    const char *remedy = "";

    snprintf(subject, sizeof(subject), "endpoint %s", ep->name);
    /* never a cut name, which could be another endpoint's */
    if (azarc_endpoint_name_fits(ep->name))
        snprintf(type_instance, sizeof(type_instance), "state-%s", ep->name);
    else
        snprintf(type_instance, sizeof(type_instance), "endpoints_state");
    const struct arcp_finding *f = ep->finding >= 0 && (size_t)ep->finding < r->finding_count
                                       ? &r->findings[ep->finding]
                                       : NULL;
    char own[ARCP_TEXT_MAX + 64];
    if (ep->detail[0] != '\0')
        snprintf(own, sizeof(own), "%s (%s, needed %s)", ep->detail,
                 arcp_endpoint_class_name(ep->cls), arcp_required_name(ep->required));
    else
        snprintf(own, sizeof(own), "%s, needed %s", arcp_endpoint_class_name(ep->cls),
                 arcp_required_name(ep->required));
    if (ep->state == ARCP_OK)
        snprintf(text, sizeof(text), "reachable");
    else if (f != NULL && !(*said & (1u << ep->finding))) {
        *said |= 1u << ep->finding;
        /* the class first: the message is cut (at its text) to keep the remedy */
        if (ep->detail[0] != '\0')
            snprintf(text, sizeof(text), "%s: %s: %s", arcp_endpoint_class_name(ep->cls), f->text,
                     ep->detail);
        else
            snprintf(text, sizeof(text), "%s, needed %s: %s", arcp_endpoint_class_name(ep->cls),
                     arcp_required_name(ep->required), f->text);
        remedy = f->remedy;
    } else
        snprintf(text, sizeof(text), "%s", own);
    notify(instance, type_instance, ep->state, subject, text, remedy);
}

static int listed(const struct arcp_endpoints *e, size_t count, const char *name)
{
    for (size_t i = 0; i < count; i++) {
        if (strcmp(e->items[i].name, name) == 0)
            return 1;
    }
    return 0;
}

static int update_endpoints(struct azarc_notify_state *state, const char *instance,
                            const arcp_report *r, size_t count, struct azarc_endpoint_state *next)
{
    const struct arcp_endpoints *e = &r->endpoints;
    unsigned said = 0;
    int raised = 0;
    for (size_t i = 0; i < count; i++) {
        const struct arcp_endpoint *ep = &e->items[i];
        arcp_state before = previous_endpoint_state(state, ep->name);
        snprintf(next[i].name, sizeof(next[i].name), "%s", ep->name);
        /* An endpoint the probe's deadline cut off was not observed: it
         * keeps its last state, or a busy machine would flap every failing
         * endpoint between CRITICAL and UNKNOWN. */
        if (arcp_endpoint_reached(ep) < 0) {
            next[i].state = before;
            continue;
        }
        next[i].state = ep->state;
        if (before != ep->state) {
            notify_endpoint(instance, r, ep, &said);
            raised++;
        }
    }
    /* An endpoint that left the list raises nothing: it is not monitored
     * now, so neither a failure nor a recovery is true. One that left while
     * not OK is remembered, though: the regional his host leaves the list
     * during an outage longer than discovery is remembered, the regional
     * hosts while neither agentconfig.json nor himds names the region, and
     * when it comes back OK the consumer holding its FAILURE must get the
     * OKAY. One that left OK is forgotten, which bounds the list by the
     * names that failed. */
    size_t kept = count;
    for (size_t i = 0; i < state->endpoint_count; i++) {
        const struct azarc_endpoint_state *old = &state->endpoints[i];
        if (old->state != ARCP_OK && !listed(e, count, old->name))
            next[kept++] = *old;
    }
    free(state->endpoints);
    state->endpoints = next;
    state->endpoint_count = kept;
    return raised;
}

/* An endpoint list that could not be built (a configuration error) has no
 * endpoint rows, so no per-endpoint change would ever say why: raise the
 * list's own state, text and remedy, and log it, since collectd may load no
 * notification plugin. */
static int update_endpoint_list(struct azarc_notify_state *state, const char *instance,
                                const struct arcp_endpoints *e)
{
    arcp_state now = e->count == 0 ? e->state : ARCP_OK;
    if (now == state->endpoint_list)
        return 0;
    state->endpoint_list = now;
    if (now == ARCP_OK)
        INFO(AZARC_PLUGIN " plugin: instance \"%s\": endpoint list recovered", instance);
    else
        ERROR(AZARC_PLUGIN " plugin: instance \"%s\": endpoints %s: %s", instance,
              arcp_state_name(now), e->text);
    notify(instance, "endpoints_state", now, "endpoints", e->text, e->remedy);
    return 1;
}

int azarc_notify_update(struct azarc_notify_state *state, const char *instance,
                        const arcp_report *report)
{
    struct azarc_endpoint_state *next = NULL;
    int track_endpoints = (report->checks & ARCP_CHECK_ENDPOINTS) != 0;
    size_t count = report->endpoints.items != NULL ? report->endpoints.count : 0;

    /* Allocate before anything is raised, so that running out of memory
     * leaves the state as it was and the change is raised next time; room
     * for the remembered endpoints that left the list too. */
    if (track_endpoints && count + state->endpoint_count > 0) {
        next = calloc(count + state->endpoint_count, sizeof(*next));
        if (next == NULL)
            return -1;
    }

#define COMPONENT(check, id, part, subject)                                                        \
    {                                                                                              \
        check, id, subject, #part "_state", report->part.state, report->part.text,                 \
            report->part.remedy                                                                    \
    }
    const struct component_view components[] = {
        COMPONENT(ARCP_CHECK_HIMDS, AZARC_HIMDS, himds, "himds"),
        COMPONENT(ARCP_CHECK_AGENT, AZARC_AGENT, agent, "agent"),
        COMPONENT(ARCP_CHECK_AZCM, AZARC_AZCM, azcm, "AZCM"),
        /* the clock is judged from the endpoints' answers */
        COMPONENT(ARCP_CHECK_ENDPOINTS, AZARC_CLOCK, clock, "clock"),
    };
#undef COMPONENT
    int raised = 0;
    for (size_t i = 0; i < sizeof(components) / sizeof(components[0]); i++)
        if (report->checks & components[i].check)
            raised += update_component(state, instance, &components[i]);
    if (track_endpoints) {
        raised += update_endpoints(state, instance, report, count, next);
        raised += update_endpoint_list(state, instance, &report->endpoints);
    }
    return raised;
}
