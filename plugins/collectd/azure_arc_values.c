/* azure_arc_values.c - map a probe report to collectd values.
 *
 * Only types from collectd's stock types.db are used (gauge, bool, count,
 * duration, timeleft, response_time, response_code, time_offset), so no TypesDB change is needed.
 * Unknown quantities are dispatched as NaN rather than left out, so a graph
 * shows a gap instead of silently repeating the last value.
 */
#include "azure_arc.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static int copy_name(char *dst, const char *src)
{
    size_t n = strlen(src);
    if (n >= DATA_MAX_NAME_LEN)
        return -1;
    memcpy(dst, src, n + 1);
    return 0;
}

static int dispatch(const char *instance, const char *type, const char *type_instance,
                    gauge_t gauge)
{
    value_t value = {.gauge = gauge};
    value_list_t vl = VALUE_LIST_INIT;
    vl.values = &value;
    vl.values_len = 1;
    /* host, time and interval are left 0: collectd fills them in from the
     * global host name and the read callback's context. */
    if (copy_name(vl.plugin, AZARC_PLUGIN) != 0 || copy_name(vl.plugin_instance, instance) != 0 ||
        copy_name(vl.type, type) != 0 || copy_name(vl.type_instance, type_instance) != 0)
        return 1;
    return plugin_dispatch_values(&vl) == 0 ? 0 : 1;
}

int azarc_endpoint_name_fits(const char *name)
{
    return strlen(name) <= AZARC_ENDPOINT_NAME_FIT;
}

size_t azarc_overlong_endpoints(const arcp_report *report, const char **first)
{
    const struct arcp_endpoints *e = &report->endpoints;
    size_t n = 0;
    *first = NULL;
    if (!(report->checks & ARCP_CHECK_ENDPOINTS))
        return 0;
    for (size_t i = 0; e->items != NULL && i < e->count; i++) {
        if (azarc_endpoint_name_fits(e->items[i].name))
            continue;
        if (n++ == 0)
            *first = e->items[i].name;
    }
    return n;
}

/* For per-endpoint values: "<what>-<endpoint name>". */
static int dispatch_endpoint(const char *instance, const char *type, const char *what,
                             const char *endpoint, gauge_t gauge)
{
    char type_instance[DATA_MAX_NAME_LEN];
    int n = snprintf(type_instance, sizeof(type_instance), "%s-%s", what, endpoint);
    if (n < 0 || (size_t)n >= sizeof(type_instance))
        return 1; /* would collide with another endpoint's name once cut */
    return dispatch(instance, type, type_instance, gauge);
}

static gauge_t seconds_or_nan(double s)
{
    return s >= 0 ? s : NAN;
}

static gauge_t state_value(arcp_state s)
{
    return (s >= ARCP_OK && s <= ARCP_UNKNOWN) ? (gauge_t)s : NAN;
}

static gauge_t service_running(arcp_service_state s)
{
    switch (s) {
    case ARCP_SERVICE_ACTIVE:
        return 1;
    case ARCP_SERVICE_INACTIVE:
    case ARCP_SERVICE_FAILED:
    case ARCP_SERVICE_NOT_INSTALLED:
        return 0;
    default:
        return NAN;
    }
}

static gauge_t himds_answering(arcp_himds_result r)
{
    switch (r) {
    case ARCP_HIMDS_NOT_PROBED:
        return NAN;
    case ARCP_HIMDS_ANSWERED:
        return 1;
    default:
        return 0;
    }
}

static gauge_t agent_status_value(arcp_agent_status s)
{
    switch (s) {
    case ARCP_AGENT_CONNECTED:
        return 1;
    case ARCP_AGENT_DISCONNECTED:
        return 0;
    case ARCP_AGENT_EXPIRED:
        return -1;
    default:
        return NAN;
    }
}

static int dispatch_himds(const char *instance, const struct arcp_himds *h)
{
    int failed = 0;
    failed += dispatch(instance, "gauge", "himds_state", state_value(h->state));
    failed += dispatch(instance, "bool", "himds_running", service_running(h->service));
    failed += dispatch(instance, "bool", "himds_answering", himds_answering(h->endpoint));
    failed += dispatch(instance, "response_time", "himds",
                       h->endpoint_ms >= 0 ? h->endpoint_ms / 1000.0 : NAN);
    failed += dispatch(instance, "response_code", "himds",
                       h->endpoint_http_status > 0 ? h->endpoint_http_status : NAN);
    return failed;
}

static int dispatch_agent(const char *instance, const struct arcp_agent *a)
{
    int failed = 0;
    failed += dispatch(instance, "gauge", "agent_state", state_value(a->state));
    failed += dispatch(instance, "gauge", "agent_status", agent_status_value(a->status));
    failed += dispatch(instance, "duration", "heartbeat_age",
                       a->heartbeat_age_s >= 0 ? (gauge_t)a->heartbeat_age_s : NAN);
    /* seconds until a Disconnected agent expires (estimate); NaN when not applicable */
    failed += dispatch(instance, "timeleft", "expires_in",
                       a->expires_in_s >= 0 ? (gauge_t)a->expires_in_s : NAN);
    failed += dispatch(instance, "gauge", "expiry_state", state_value(a->expiry_state));
    return failed;
}

static int dispatch_azcm(const char *instance, const struct arcp_azcm *z)
{
    int failed = 0;
    int have = z->found && z->code >= 0;
    failed += dispatch(instance, "gauge", "azcm_state", state_value(z->state));
    /* the code in force: 0 once an AZCM0000 resolved the error */
    failed += dispatch(instance, "gauge", "azcm_code",
                       z->code_in_force >= 0 ? (gauge_t)z->code_in_force : NAN);
    failed +=
        dispatch(instance, "duration", "azcm_age", have && z->age_s >= 0 ? (gauge_t)z->age_s : NAN);
    return failed;
}

static int dispatch_endpoints(const char *instance, const arcp_report *report)
{
    const struct arcp_endpoints *e = &report->endpoints;
    /* with no endpoint probed the counts measure nothing: NaN, not 0 failed */
    int observed = arcp_endpoints_observed(report);
    int failed = 0;
    failed += dispatch(instance, "gauge", "endpoints_state", state_value(e->state));
    failed += dispatch(instance, "count", "endpoints", observed ? (gauge_t)e->count : NAN);
    failed += dispatch(instance, "count", "endpoints_failed", observed ? (gauge_t)e->failed : NAN);
    for (size_t i = 0; e->items != NULL && i < e->count; i++) {
        const struct arcp_endpoint *ep = &e->items[i];
        const char *name = ep->name;
        if (!azarc_endpoint_name_fits(name))
            continue; /* all or none of its values: azarc_read says why, once */
        int reached = arcp_endpoint_reached(ep);
        gauge_t reachable = reached < 0 ? NAN : reached;
        failed += dispatch_endpoint(instance, "gauge", "state", name, state_value(ep->state));
        failed += dispatch_endpoint(instance, "bool", "reachable", name, reachable);
        failed +=
            dispatch_endpoint(instance, "response_time", "dns", name, seconds_or_nan(ep->dns_s));
        failed += dispatch_endpoint(instance, "response_time", "connect", name,
                                    seconds_or_nan(ep->connect_s));
        failed +=
            dispatch_endpoint(instance, "response_time", "tls", name, seconds_or_nan(ep->tls_s));
        failed += dispatch_endpoint(instance, "response_time", "firstbyte", name,
                                    seconds_or_nan(ep->ttfb_s));
        failed += dispatch_endpoint(instance, "response_time", "total", name,
                                    seconds_or_nan(ep->total_s));
        failed += dispatch_endpoint(instance, "response_code", "http", name,
                                    ep->http_status > 0 ? ep->http_status : NAN);
    }
    return failed;
}

static int dispatch_clock(const char *instance, const struct arcp_clock *c)
{
    int failed = 0;
    failed += dispatch(instance, "gauge", "clock_state", state_value(c->state));
    /* local clock minus the endpoints' Date (median); NaN without a verdict */
    failed += dispatch(instance, "time_offset", "clock_skew", c->judged ? c->offset_s : NAN);
    return failed;
}

int azarc_dispatch_values(const char *instance, const arcp_report *report)
{
    int failed = dispatch(instance, "gauge", "state", state_value(report->state));
    if (report->checks & ARCP_CHECK_HIMDS)
        failed += dispatch_himds(instance, &report->himds);
    if (report->checks & ARCP_CHECK_AGENT)
        failed += dispatch_agent(instance, &report->agent);
    if (report->checks & ARCP_CHECK_AZCM)
        failed += dispatch_azcm(instance, &report->azcm);
    if (report->checks & ARCP_CHECK_ENDPOINTS) {
        failed += dispatch_endpoints(instance, report);
        failed += dispatch_clock(instance, &report->clock);
    }
    return failed;
}
