/* The report as JSON (the CLI's --json; schema in README.md). Unknown
 * numbers are null rather than a sentinel so consumers cannot mistake
 * -1 for a measurement. */
#include "arcprobe.h"
#include "rfc3339.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void put_string(json_object *o, const char *key, const char *value)
{
    json_object_object_add(o, key, json_object_new_string(value ? value : ""));
}

static void put_nonempty(json_object *o, const char *key, const char *value)
{
    json_object_object_add(o, key, value && *value ? json_object_new_string(value) : NULL);
}

/* Microsecond precision is what libcurl measures; more digits are noise. */
static json_object *new_rounded(double value)
{
    char text[64];
    snprintf(text, sizeof text, "%.6f", value);
    return json_object_new_double_s(value, text);
}

static void put_seconds(json_object *o, const char *key, double value)
{
    json_object_object_add(o, key, value >= 0 ? new_rounded(value) : NULL);
}

static void put_count(json_object *o, const char *key, long long value)
{
    json_object_object_add(o, key, value >= 0 ? json_object_new_int64(value) : NULL);
}

static void put_time(json_object *o, const char *key, time_t t)
{
    char buf[32];
    if (t > 0) {
        rfc3339_format(t, buf, sizeof buf);
        put_string(o, key, buf);
    } else {
        json_object_object_add(o, key, NULL);
    }
}

static json_object *himds_json(const struct arcp_himds *h)
{
    json_object *o = json_object_new_object();
    put_string(o, "state", arcp_state_name(h->state));
    put_string(o, "service", arcp_service_state_name(h->service));
    put_string(o, "service_method", arcp_service_method_name(h->service_method));
    put_string(o, "endpoint", arcp_himds_result_name(h->endpoint));
    put_count(o, "endpoint_http_status", h->endpoint_http_status ? h->endpoint_http_status : -1);
    put_seconds(o, "endpoint_ms", h->endpoint_ms);
    json_object_object_add(o, "identity",
                           h->identity < 0 ? NULL : json_object_new_boolean(h->identity == 1));
    put_nonempty(o, "identity_source", arcp_identity_source_name(h->identity_source));
    put_time(o, "identity_seen", h->identity_seen);
    put_nonempty(o, "note", h->note);
    put_string(o, "text", h->text);
    put_nonempty(o, "cause", h->cause);
    put_nonempty(o, "remedy", h->remedy);
    return o;
}

static json_object *agent_json(const struct arcp_agent *a)
{
    json_object *o = json_object_new_object();
    put_string(o, "state", arcp_state_name(a->state));
    put_string(o, "status", arcp_agent_status_name(a->status));
    put_time(o, "last_heartbeat", a->last_heartbeat);
    put_count(o, "heartbeat_age_s", a->heartbeat_age_s);
    put_nonempty(o, "resource_id", a->resource_id);
    put_nonempty(o, "resource_name", a->resource_name);
    put_nonempty(o, "location", a->location);
    put_nonempty(o, "cloud", a->cloud);
    put_nonempty(o, "agent_version", a->agent_version);
    put_nonempty(o, "error_code", a->error_code);
    put_nonempty(o, "error_details", a->error_details);
    put_string(o, "source", arcp_agent_source_name(a->source));
    put_string(o, "text", a->text);
    put_nonempty(o, "cause", a->cause);
    put_nonempty(o, "remedy", a->remedy);
    json_object *expiry = NULL;
    if (a->status == ARCP_AGENT_DISCONNECTED || a->status == ARCP_AGENT_EXPIRED) {
        expiry = json_object_new_object();
        put_string(expiry, "state", arcp_state_name(a->expiry_state));
        put_count(expiry, "expires_in_s", a->expires_in_s);
        put_time(expiry, "expires_at", a->expires_at);
        /* The agent's own word, the estimate from its heartbeat, or none:
         * an unknown expiry names no basis it did not use. */
        if (a->status == ARCP_AGENT_EXPIRED)
            put_string(expiry, "basis", "agent_status");
        else if (a->expires_at > 0)
            put_string(expiry, "basis", "last_heartbeat + 45 days (estimate)");
        else
            json_object_object_add(expiry, "basis", NULL);
        put_string(expiry, "text", a->expiry_text);
        put_nonempty(expiry, "remedy", a->expiry_remedy);
    }
    json_object_object_add(o, "expiry", expiry);
    return o;
}

static json_object *clock_json(const struct arcp_clock *c)
{
    json_object *o = json_object_new_object();
    put_string(o, "state", arcp_state_name(c->state));
    json_object_object_add(o, "judged", json_object_new_boolean(c->judged));
    json_object_object_add(o, "offset_s", c->judged ? new_rounded(c->offset_s) : NULL);
    json_object_object_add(o, "answers", json_object_new_int64((int64_t)c->answers));
    put_string(o, "text", c->text);
    put_nonempty(o, "cause", c->cause);
    put_nonempty(o, "remedy", c->remedy);
    return o;
}

static json_object *azcm_json(const struct arcp_azcm *z)
{
    json_object *o = json_object_new_object();
    put_string(o, "state", arcp_state_name(z->state));
    put_nonempty(o, "code", z->found ? z->code_str : NULL);
    put_time(o, "time", z->time);
    put_count(o, "age_s", z->found ? z->age_s : -1);
    put_nonempty(o, "level", z->level);
    put_nonempty(o, "file", z->file);
    put_nonempty(o, "message", z->message);
    put_nonempty(o, "meaning", z->found ? z->meaning : NULL);
    put_nonempty(o, "code_remedy", z->found ? z->code_remedy : NULL);
    json_object_object_add(o, "known", z->found ? json_object_new_boolean(z->known) : NULL);
    json_object_object_add(o, "resolved", json_object_new_boolean(z->resolved));
    put_nonempty(o, "diagnosis", z->diagnosis);
    put_nonempty(o, "diagnosis_remedy", z->diagnosis_remedy);
    json_object_object_add(o, "bytes_read", json_object_new_int64((int64_t)z->bytes_read));
    put_nonempty(o, "note", z->note);
    put_string(o, "text", z->text);
    put_nonempty(o, "cause", z->cause);
    put_nonempty(o, "remedy", z->remedy);
    return o;
}

static json_object *endpoint_json(const struct arcp_endpoint *e)
{
    json_object *o = json_object_new_object();
    put_string(o, "name", e->name);
    put_string(o, "url", e->url);
    put_string(o, "required", arcp_required_name(e->required));
    put_string(o, "state", arcp_state_name(e->state));
    put_string(o, "class", arcp_endpoint_class_name(e->cls));
    put_seconds(o, "dns_s", e->dns_s);
    put_seconds(o, "connect_s", e->connect_s);
    put_seconds(o, "tls_s", e->tls_s);
    put_seconds(o, "ttfb_s", e->ttfb_s);
    put_seconds(o, "total_s", e->total_s);
    put_count(o, "http_status", e->http_status ? e->http_status : -1);
    put_nonempty(o, "tls_version", e->tls_version);
    put_nonempty(o, "proxy", e->proxy);
    put_nonempty(o, "cause", e->cause);
    put_nonempty(o, "remedy", e->remedy);
    put_nonempty(o, "detail", e->detail);
    put_nonempty(o, "tls_issuer", e->tls_issuer);
    json_object_object_add(o, "finding", e->finding >= 0 ? json_object_new_int(e->finding) : NULL);
    json_object_object_add(o, "clock_offset_s",
                           e->has_date ? new_rounded(e->clock_offset_s) : NULL);
    return o;
}

/* A ", " separated text as an array of strings (always present). */
static void put_list(json_object *o, const char *key, const char *text)
{
    json_object *a = json_object_new_array();
    for (const char *p = text; p && *p;) {
        const char *end = strstr(p, ", ");
        size_t len = end ? (size_t)(end - p) : strlen(p);
        json_object_array_add(a, json_object_new_string_len(p, (int)len));
        p = end ? end + 2 : p + len;
    }
    json_object_object_add(o, key, a);
}

static json_object *endpoint_summary_json(const struct arcp_endpoints *e)
{
    json_object *o = json_object_new_object();
    put_string(o, "state", arcp_state_name(e->state));
    put_nonempty(o, "cloud", e->cloud);
    put_nonempty(o, "location", e->location);
    put_nonempty(o, "cloud_source", arcp_cloud_source_name(e->cloud_source));
    put_nonempty(o, "his_source", arcp_his_source_name(e->his_source));
    put_nonempty(o, "proxy_source", arcp_proxy_source_name(e->proxy_source));
    json_object_object_add(o, "count", json_object_new_int64((int64_t)e->count));
    json_object_object_add(o, "failed", json_object_new_int64((int64_t)e->failed));
    put_string(o, "text", e->text);
    put_list(o, "not_probed", e->not_probed);
    put_nonempty(o, "cause", e->cause);
    put_nonempty(o, "remedy", e->remedy);
    return o;
}

static json_object *finding_json(const struct arcp_finding *f)
{
    json_object *o = json_object_new_object();
    put_string(o, "state", arcp_state_name(f->state));
    put_string(o, "component", f->component);
    put_string(o, "text", f->text);
    put_nonempty(o, "cause", f->cause);
    put_nonempty(o, "remedy", f->remedy);
    json_object_object_add(o, "endpoints", json_object_new_int64((int64_t)f->endpoints));
    return o;
}

char *arcp_report_json(const arcp_report *r)
{
    json_object *root = json_object_new_object();
    if (!root)
        return NULL;
    put_string(root, "state", arcp_state_name(r->state));
    put_string(root, "summary", r->summary);
    put_string(root, "version", arcp_version());
    put_time(root, "probe_time", r->probe_time);
    json_object_object_add(root, "duration_s", new_rounded(r->duration_s));
    json_object_object_add(root, "incomplete", json_object_new_boolean(r->incomplete));

    json_object *checks = json_object_new_array();
    static const struct {
        unsigned bit;
        const char *name;
    } names[] = {{ARCP_CHECK_ENDPOINTS, "endpoints"},
                 {ARCP_CHECK_HIMDS, "himds"},
                 {ARCP_CHECK_AGENT, "agent"},
                 {ARCP_CHECK_AZCM, "azcm"}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (r->checks & names[i].bit)
            json_object_array_add(checks, json_object_new_string(names[i].name));
    json_object_object_add(root, "checks", checks);

    json_object_object_add(root, "himds",
                           (r->checks & ARCP_CHECK_HIMDS) ? himds_json(&r->himds) : NULL);
    json_object_object_add(root, "agent",
                           (r->checks & ARCP_CHECK_AGENT) ? agent_json(&r->agent) : NULL);
    json_object_object_add(root, "azcm",
                           (r->checks & ARCP_CHECK_AZCM) ? azcm_json(&r->azcm) : NULL);
    json_object *eps = json_object_new_array();
    for (size_t i = 0; i < r->endpoints.count; i++)
        json_object_array_add(eps, endpoint_json(&r->endpoints.items[i]));
    json_object_object_add(root, "endpoints", eps);
    json_object *findings = json_object_new_array();
    for (size_t i = 0; i < r->finding_count && i < ARCP_FINDINGS_MAX; i++)
        json_object_array_add(findings, finding_json(&r->findings[i]));
    json_object_object_add(root, "findings", findings);
    json_object_object_add(root, "endpoint_summary",
                           (r->checks & ARCP_CHECK_ENDPOINTS) ? endpoint_summary_json(&r->endpoints)
                                                              : NULL);
    json_object_object_add(root, "clock",
                           (r->checks & ARCP_CHECK_ENDPOINTS) ? clock_json(&r->clock) : NULL);

    const char *text = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
                                                                JSON_C_TO_STRING_NOSLASHESCAPE);
    char *copy = text ? strdup(text) : NULL;
    json_object_put(root);
    return copy;
}
