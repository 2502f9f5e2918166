/* snapshot.c - turn a probe report into the values ARCPROBE-MIB serves. */
#include "snapshot.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

long snapshot_mib_state(arcp_state s)
{
    switch (s) {
    case ARCP_OK:
        return MIB_STATE_OK;
    case ARCP_WARNING:
        return MIB_STATE_WARNING;
    case ARCP_CRITICAL:
        return MIB_STATE_CRITICAL;
    case ARCP_UNKNOWN:
        break;
    }
    return MIB_STATE_UNKNOWN;
}

long snapshot_mib_failure_class(arcp_endpoint_class c)
{
    /* ArcprobeFailureClass numbers the core's classes from 1. */
    if ((int)c < (int)ARCP_EP_OK || (int)c > (int)ARCP_EP_NOT_PROBED)
        return 10; /* other */
    return (long)c + 1;
}

/* An enumeration numbered from 0 in the core and from 1 in the MIB. */
static long mib_enum(int core_value, int core_max, long fallback)
{
    if (core_value < 0 || core_value > core_max)
        return fallback;
    return (long)core_value + 1;
}

static long seconds_to_us(double s)
{
    if (!(s >= 0.0)) /* also NaN */
        return -1;
    double us = s * 1e6 + 0.5;
    if (us >= (double)INT32_MAX)
        return INT32_MAX;
    return (long)us;
}

static long clamp_long(long long v, long lo, long hi)
{
    if (v < lo)
        return lo;
    if (v > hi)
        return hi;
    return (long)v;
}

struct snapshot *snapshot_new_placeholder(void)
{
    struct snapshot *snap = calloc(1, sizeof *snap);
    if (snap == NULL)
        return NULL;
    static const char waiting[] = "no probe has finished yet";
    snap->overall_state = MIB_STATE_UNKNOWN;
    arcp_clean_text(snap->summary, sizeof snap->summary, waiting);
    snap->incomplete = MIB_FALSE;
    snap->himds_state = MIB_STATE_UNKNOWN;
    arcp_clean_text(snap->himds_text, sizeof snap->himds_text, waiting);
    snap->himds_service = 1;         /* undetermined */
    snap->himds_endpoint_result = 1; /* notProbed */
    snap->himds_latency_us = -1;
    snap->himds_identity = 1; /* notProbed */
    snap->agent_state = MIB_STATE_UNKNOWN;
    arcp_clean_text(snap->agent_text, sizeof snap->agent_text, waiting);
    snap->agent_status = 1; /* undetermined */
    snap->agent_heartbeat_age_s = -1;
    snap->azcm_state = MIB_STATE_UNKNOWN;
    snap->azcm_code = -1;
    snap->azcm_resolved = MIB_FALSE;
    snap->endpoints_state = MIB_STATE_UNKNOWN;
    snap->agent_expires_in_s = -1;
    snap->agent_expiry_state = MIB_STATE_UNKNOWN;
    arcp_clean_text(snap->agent_expiry_text, sizeof snap->agent_expiry_text, waiting);
    snap->clock_state = MIB_STATE_UNKNOWN;
    arcp_clean_text(snap->clock_text, sizeof snap->clock_text, waiting);
    return snap;
}

static long milliseconds_int32(double s)
{
    double ms = s * 1000.0;
    if (ms >= (double)INT32_MAX)
        return INT32_MAX;
    if (ms <= (double)INT32_MIN)
        return INT32_MIN;
    return (long)(ms + (ms >= 0 ? 0.5 : -0.5));
}

/* "text -> remedy" or "text - cause -> remedy", as one SNMP string. */
static void join_text(char *dst, size_t dstlen, const char *text, const char *cause,
                      const char *remedy)
{
    char joined[ARCP_TEXT_MAX * 3 + 16];
    snprintf(joined, sizeof joined, "%s%s%s%s%s", text, cause[0] ? " - " : "", cause,
             remedy[0] ? " -> " : "", remedy);
    arcp_clean_text(dst, dstlen, joined);
}

static void fill_endpoint(struct snapshot_endpoint *dst, const struct arcp_endpoint *src)
{
    arcp_clean_text(dst->name, sizeof dst->name, src->name);
    arcp_clean_text(dst->url, sizeof dst->url, src->url);
    dst->required = mib_enum((int)src->required, ARCP_REQUIRED_OPTIONAL, 1);
    dst->state = snapshot_mib_state(src->state);
    dst->failure_class = snapshot_mib_failure_class(src->cls);
    dst->dns_us = seconds_to_us(src->dns_s);
    dst->connect_us = seconds_to_us(src->connect_s);
    dst->tls_us = seconds_to_us(src->tls_s);
    dst->total_us = seconds_to_us(src->total_s);
    dst->http_status = clamp_long(src->http_status, 0, 999);
    arcp_clean_text(dst->detail, sizeof dst->detail, src->detail);
    dst->reached = arcp_endpoint_reached(src);
    dst->observed_state = dst->reached < 0 ? MIB_STATE_OK : dst->state;
}

static const struct snapshot_endpoint *find_row(const struct snapshot *snap, const char *name)
{
    for (size_t i = 0; snap != NULL && i < snap->endpoint_count; i++) {
        if (strcmp(snap->endpoints[i].name, name) == 0)
            return &snap->endpoints[i];
    }
    return NULL;
}

/* The state observed for the endpoint name in snap: as a row or as
 * departed; ok for one snap never observed. */
static long observed_in(const struct snapshot *snap, const char *name)
{
    const struct snapshot_endpoint *row = find_row(snap, name);
    if (row != NULL)
        return row->observed_state;
    for (size_t i = 0; snap != NULL && i < snap->departed_count; i++) {
        if (strcmp(snap->departed[i].name, name) == 0)
            return snap->departed[i].observed_state;
    }
    return MIB_STATE_OK;
}

/* Remember in next the endpoints of prev (rows and departed) that are not
 * rows of next and were last observed not ok. */
static int remember_departed(const struct snapshot *prev, struct snapshot *next)
{
    size_t most = prev->endpoint_count + prev->departed_count, n = 0;
    if (most == 0)
        return 0;
    struct snapshot_departed *kept = calloc(most, sizeof *kept);
    if (kept == NULL)
        return -1;
    for (size_t i = 0; i < most; i++) {
        const char *name = i < prev->endpoint_count ? prev->endpoints[i].name
                                                    : prev->departed[i - prev->endpoint_count].name;
        long observed = i < prev->endpoint_count
                            ? prev->endpoints[i].observed_state
                            : prev->departed[i - prev->endpoint_count].observed_state;
        if (observed == MIB_STATE_OK || find_row(next, name) != NULL)
            continue;
        snprintf(kept[n].name, sizeof kept[n].name, "%s", name);
        kept[n++].observed_state = observed;
    }
    if (n == 0) {
        free(kept);
        return 0;
    }
    next->departed = kept;
    next->departed_count = n;
    return 0;
}

int snapshot_carry_observed(const struct snapshot *prev, struct snapshot *next)
{
    for (size_t i = 0; i < next->endpoint_count; i++) {
        struct snapshot_endpoint *ep = &next->endpoints[i];
        if (ep->reached < 0)
            ep->observed_state = observed_in(prev, ep->name);
    }
    return prev != NULL ? remember_departed(prev, next) : 0;
}

int snapshot_endpoint_changed(const struct snapshot *prev, const struct snapshot_endpoint *now)
{
    if (now->reached < 0)
        return 0;
    return observed_in(prev, now->name) != now->state;
}

struct snapshot *snapshot_from_report(const arcp_report *r, unsigned long probe_count)
{
    struct snapshot *snap = calloc(1, sizeof *snap);
    if (snap == NULL)
        return NULL;
    if (r->endpoints.count > 0 && r->endpoints.items != NULL) {
        snap->endpoints = calloc(r->endpoints.count, sizeof *snap->endpoints);
        if (snap->endpoints == NULL) {
            free(snap);
            return NULL;
        }
        snap->endpoint_count = r->endpoints.count;
        for (size_t i = 0; i < r->endpoints.count; i++)
            fill_endpoint(&snap->endpoints[i], &r->endpoints.items[i]);
    }

    snap->probe_count = probe_count;
    snap->overall_state = snapshot_mib_state(r->state);
    arcp_clean_text(snap->summary, sizeof snap->summary, r->summary);
    snap->probe_time = r->probe_time;
    snap->duration_ms = r->duration_s > 0 ? (unsigned long)(r->duration_s * 1000.0 + 0.5) : 0;
    snap->incomplete = r->incomplete ? MIB_TRUE : MIB_FALSE;

    const struct arcp_himds *h = &r->himds;
    snap->himds_state = snapshot_mib_state(h->state);
    arcp_clean_text(snap->himds_text, sizeof snap->himds_text, h->text);
    snap->himds_service = mib_enum((int)h->service, ARCP_SERVICE_NOT_INSTALLED, 1);
    snap->himds_endpoint_result = mib_enum((int)h->endpoint, ARCP_HIMDS_ERROR, 8);
    snap->himds_latency_us = h->endpoint_ms >= 0 ? seconds_to_us(h->endpoint_ms / 1000.0) : -1;
    snap->himds_http_status = clamp_long(h->endpoint_http_status, 0, 999);
    snap->himds_identity = h->identity > 0 ? 2 : h->identity == 0 ? 3 : 1;

    const struct arcp_agent *a = &r->agent;
    snap->agent_state = snapshot_mib_state(a->state);
    arcp_clean_text(snap->agent_text, sizeof snap->agent_text, a->text);
    snap->agent_status = mib_enum((int)a->status, ARCP_AGENT_EXPIRED, 1);
    snap->agent_last_heartbeat = a->last_heartbeat;
    snap->agent_heartbeat_age_s =
        a->heartbeat_age_s < 0 ? -1 : clamp_long(a->heartbeat_age_s, -1, INT32_MAX);
    arcp_clean_text(snap->agent_resource_id, sizeof snap->agent_resource_id, a->resource_id);
    arcp_clean_text(snap->agent_location, sizeof snap->agent_location, a->location);
    arcp_clean_text(snap->agent_cloud, sizeof snap->agent_cloud, a->cloud);
    arcp_clean_text(snap->agent_version, sizeof snap->agent_version, a->agent_version);

    const struct arcp_azcm *z = &r->azcm;
    snap->azcm_state = snapshot_mib_state(z->state);
    snap->azcm_found = z->found ? 1 : 0;
    snap->azcm_resolved = z->resolved ? MIB_TRUE : MIB_FALSE;
    if (z->found) {
        snap->azcm_code = clamp_long(z->code, -1, 9999);
        arcp_clean_text(snap->azcm_code_name, sizeof snap->azcm_code_name, z->code_str);
        snap->azcm_time = z->time;
        arcp_clean_text(snap->azcm_message, sizeof snap->azcm_message, z->message);
        arcp_clean_text(snap->azcm_meaning, sizeof snap->azcm_meaning, z->meaning);
    } else {
        snap->azcm_code = -1;
    }

    snap->endpoints_state = snapshot_mib_state(r->endpoints.state);
    snap->endpoint_failed = (unsigned long)r->endpoints.failed;

    snap->agent_expires_in_s =
        a->expires_in_s < 0 ? -1 : clamp_long(a->expires_in_s, -1, INT32_MAX);
    snap->agent_expiry_state = snapshot_mib_state(a->expiry_state);
    join_text(snap->agent_expiry_text, sizeof snap->agent_expiry_text, a->expiry_text, "",
              a->expiry_remedy);

    const struct arcp_clock *c = &r->clock;
    snap->clock_state = snapshot_mib_state(c->state);
    join_text(snap->clock_text, sizeof snap->clock_text, c->text, c->cause, c->remedy);
    snap->clock_offset_ms = c->judged ? milliseconds_int32(c->offset_s) : 0;
    snap->clock_answers = (unsigned long)c->answers;
    return snap;
}

void snapshot_free(struct snapshot *snap)
{
    if (snap == NULL)
        return;
    free(snap->endpoints);
    free(snap->departed);
    free(snap);
}
