/* The report as Prometheus text exposition (what node_exporter's textfile
 * collector reads). This is a mapping of the core's report to Prometheus'
 * idiom and nothing else: every state, class and count comes from the core.
 *
 * Conventions followed (prometheus.io "Metric and label naming", "Writing
 * exporters"): one `arcprobe_` prefix, base units (seconds), `_info` gauges
 * with value 1 for facts that are labels, HELP and TYPE for every family,
 * an unknown value is an absent sample rather than a sentinel, and labels
 * hold only bounded values (component, endpoint name from the configured
 * list, enumerations); never free text from logs or the agent. */
#include "openmetrics_output.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Label values: backslash, double quote and line feed are escaped; other
 * control characters cannot occur in the report's bounded values, but are
 * replaced anyway so a stray one can never break the exposition. */
static void put_label_value(FILE *out, const char *value)
{
    for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
        if (*p == '\\')
            fputs("\\\\", out);
        else if (*p == '"')
            fputs("\\\"", out);
        else if (*p == '\n')
            fputs("\\n", out);
        else if (*p < 0x20 || *p == 0x7f)
            fputc('_', out);
        else
            fputc(*p, out);
    }
}

static void family(FILE *out, const char *name, const char *help)
{
    fprintf(out, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

/* Nine significant digits keep microseconds on any realistic duration
 * without printing binary noise; integers print without a fraction. */
static void put_value(FILE *out, double value)
{
    if (value == floor(value) && fabs(value) < 1e15)
        fprintf(out, " %.0f\n", value);
    else
        fprintf(out, " %.9g\n", value);
}

/* name{k1="v1",k2="v2"} value; labels is a NULL-terminated key/value list. */
static void sample(FILE *out, const char *name, const char *const *labels, double value)
{
    fputs(name, out);
    if (labels && labels[0]) {
        fputc('{', out);
        for (int i = 0; labels[i]; i += 2) {
            fprintf(out, "%s%s=\"", i ? "," : "", labels[i]);
            put_label_value(out, labels[i + 1]);
            fputc('"', out);
        }
        fputc('}', out);
    }
    put_value(out, value);
}

static void plain(FILE *out, const char *name, const char *help, double value)
{
    family(out, name, help);
    sample(out, name, NULL, value);
}

static const char *const component_names[] = {"himds", "agent", "azcm", "endpoints"};

static arcp_state component_state(const arcp_report *r, unsigned check)
{
    switch (check) {
    case ARCP_CHECK_HIMDS:
        return r->himds.state;
    case ARCP_CHECK_AGENT:
        return r->agent.state;
    case ARCP_CHECK_AZCM:
        return r->azcm.state;
    default:
        return r->endpoints.state;
    }
}

static void states(FILE *out, const arcp_report *r)
{
    family(out, "arcprobe_state",
           "Monitoring state: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (component overall is the "
           "report's verdict).");
    sample(out, "arcprobe_state", (const char *const[]){"component", "overall", NULL}, r->state);
    for (unsigned i = 0; i < 4; i++) {
        unsigned check = 1u << i;
        if (r->checks & check)
            sample(out, "arcprobe_state",
                   (const char *const[]){"component", component_names[i], NULL},
                   component_state(r, check));
    }
    /* The clock is judged from the endpoints' answers. */
    if (r->checks & ARCP_CHECK_ENDPOINTS)
        sample(out, "arcprobe_state", (const char *const[]){"component", "clock", NULL},
               r->clock.state);
}

static void probe(FILE *out, const arcp_report *r)
{
    plain(out, "arcprobe_probe_duration_seconds", "Wall time the probe took.", r->duration_s);
    plain(out, "arcprobe_probe_timestamp_seconds", "When the probe ran (Unix time).",
          (double)r->probe_time);
    plain(out, "arcprobe_probe_incomplete",
          "1 when the probe's deadline cut a component short (the report is partial).",
          r->incomplete ? 1 : 0);
}

static void himds(FILE *out, const struct arcp_himds *h)
{
    plain(out, "arcprobe_himds_up",
          "1 when himds' local endpoint answered GET /metadata/instance with JSON.",
          h->endpoint == ARCP_HIMDS_ANSWERED ? 1 : 0);
    if (h->endpoint_ms >= 0)
        plain(out, "arcprobe_himds_latency_seconds", "Time himds took to answer.",
              h->endpoint_ms / 1000.0);
    family(out, "arcprobe_himds_service_info", "The himds service's state, as labels.");
    sample(out, "arcprobe_himds_service_info",
           (const char *const[]){"state", arcp_service_state_name(h->service), "result",
                                 arcp_himds_result_name(h->endpoint), NULL},
           1);
    if (h->identity >= 0)
        plain(out, "arcprobe_himds_identity_up",
              "1 when the identity endpoint answered with its challenge.", h->identity ? 1 : 0);
}

static void agent(FILE *out, const struct arcp_agent *a)
{
    static const arcp_agent_status all[] = {ARCP_AGENT_CONNECTED, ARCP_AGENT_DISCONNECTED,
                                            ARCP_AGENT_EXPIRED, ARCP_AGENT_UNKNOWN};
    family(out, "arcprobe_agent_status",
           "1 for the agent's current status (Connected, Disconnected, Expired, Unknown), 0 for "
           "the others.");
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        sample(out, "arcprobe_agent_status",
               (const char *const[]){"status", arcp_agent_status_name(all[i]), NULL},
               a->status == all[i] ? 1 : 0);
    if (a->heartbeat_age_s >= 0)
        plain(out, "arcprobe_agent_heartbeat_age_seconds",
              "Time since the agent's last heartbeat to Azure.", (double)a->heartbeat_age_s);
    if (a->last_heartbeat > 0)
        plain(out, "arcprobe_agent_last_heartbeat_timestamp_seconds",
              "The agent's last heartbeat (Unix time).", (double)a->last_heartbeat);
    if (a->expires_in_s >= 0)
        plain(out, "arcprobe_agent_expires_in_seconds",
              "Estimated time left before a disconnected agent's identity expires (45 days "
              "after the last heartbeat).",
              (double)a->expires_in_s);
    family(out, "arcprobe_agent_info", "The agent's version, cloud and region, as labels.");
    sample(out, "arcprobe_agent_info",
           (const char *const[]){"version", a->agent_version, "cloud", a->cloud, "location",
                                 a->location, NULL},
           1);
}

static void azcm(FILE *out, const struct arcp_azcm *z)
{
    plain(out, "arcprobe_azcm_code_found", "1 when an AZCM code was found in the agent's logs.",
          z->found ? 1 : 0);
    if (!z->found)
        return;
    if (z->code_in_force >= 0)
        plain(out, "arcprobe_azcm_code",
              "Numeric part of the AZCM code in force (0 after a resolving AZCM0000).",
              z->code_in_force);
    plain(out, "arcprobe_azcm_last_code",
          "Numeric part of the last AZCM error code the agent logged.", z->code);
    if (z->age_s >= 0)
        plain(out, "arcprobe_azcm_code_age_seconds", "Age of the last AZCM code's log line.",
              (double)z->age_s);
}

static void endpoint_phases(FILE *out, const arcp_report *r)
{
    static const char *const phase_names[] = {"dns", "connect", "tls", "ttfb", "total"};
    family(out, "arcprobe_endpoint_phase_seconds",
           "Time from the start of the request to the end of each phase (reachable endpoints "
           "only).");
    for (size_t i = 0; i < r->endpoints.count; i++) {
        const struct arcp_endpoint *e = &r->endpoints.items[i];
        if (arcp_endpoint_reached(e) != 1)
            continue; /* a dead endpoint has no response time, not a fast one */
        const double phases[] = {e->dns_s, e->connect_s, e->tls_s, e->ttfb_s, e->total_s};
        for (size_t p = 0; p < sizeof phases / sizeof phases[0]; p++)
            if (phases[p] >= 0)
                sample(out, "arcprobe_endpoint_phase_seconds",
                       (const char *const[]){"endpoint", e->name, "phase", phase_names[p], NULL},
                       phases[p]);
    }
}

static void endpoint_counts(FILE *out, const arcp_report *r)
{
    static const arcp_required levels[] = {ARCP_REQUIRED_ALWAYS, ARCP_REQUIRED_CONNECT,
                                           ARCP_REQUIRED_INSTALL, ARCP_REQUIRED_OPTIONAL};
    size_t total[4] = {0}, failed[4] = {0};
    for (size_t i = 0; i < r->endpoints.count; i++) {
        const struct arcp_endpoint *e = &r->endpoints.items[i];
        if ((unsigned)e->required < 4) {
            total[e->required]++;
            failed[e->required] += arcp_endpoint_reached(e) == 0;
        }
    }
    family(out, "arcprobe_endpoints", "Endpoints probed, by how much the agent needs them.");
    for (size_t l = 0; l < 4; l++)
        sample(out, "arcprobe_endpoints",
               (const char *const[]){"required", arcp_required_name(levels[l]), NULL},
               (double)total[l]);
    family(out, "arcprobe_endpoints_failed",
           "Endpoints that could not be reached, by how much the agent needs them.");
    for (size_t l = 0; l < 4; l++)
        sample(out, "arcprobe_endpoints_failed",
               (const char *const[]){"required", arcp_required_name(levels[l]), NULL},
               (double)failed[l]);
}

static void clock_offset(FILE *out, const struct arcp_clock *c)
{
    plain(out, "arcprobe_clock_answers",
          "Distinct endpoints whose Date header the clock offset is taken from.",
          (double)c->answers);
    if (c->judged) /* no verdict, and no number, from fewer than two answers */
        plain(out, "arcprobe_clock_offset_seconds",
              "This machine's clock minus the endpoints' Date headers (median; positive: "
              "ahead).",
              c->offset_s);
}

static void endpoints(FILE *out, const arcp_report *r)
{
    family(out, "arcprobe_endpoint_up",
           "1 when the endpoint answered over HTTPS, 0 when it could not be reached; no sample "
           "when the deadline left it unprobed.");
    for (size_t i = 0; i < r->endpoints.count; i++) {
        const struct arcp_endpoint *e = &r->endpoints.items[i];
        int reached = arcp_endpoint_reached(e);
        if (reached < 0)
            continue; /* not known is an absent sample, not a down endpoint */
        sample(out, "arcprobe_endpoint_up",
               (const char *const[]){"endpoint", e->name, "required",
                                     arcp_required_name(e->required), "class",
                                     arcp_endpoint_class_name(e->cls), NULL},
               reached);
    }
    family(out, "arcprobe_endpoint_state",
           "Monitoring state of the endpoint: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.");
    for (size_t i = 0; i < r->endpoints.count; i++) {
        const struct arcp_endpoint *e = &r->endpoints.items[i];
        sample(out, "arcprobe_endpoint_state",
               (const char *const[]){"endpoint", e->name, "required",
                                     arcp_required_name(e->required), NULL},
               e->state);
    }
    endpoint_phases(out, r);
    /* with no endpoint probed the counts measure nothing: an unknown value
     * is an absent sample, never 0 failed */
    if (arcp_endpoints_observed(r))
        endpoint_counts(out, r);
    clock_offset(out, &r->clock);
}

void openmetrics_output_print(FILE *out, const arcp_report *r)
{
    states(out, r);
    probe(out, r);
    if (r->checks & ARCP_CHECK_HIMDS)
        himds(out, &r->himds);
    if (r->checks & ARCP_CHECK_AGENT)
        agent(out, &r->agent);
    if (r->checks & ARCP_CHECK_AZCM)
        azcm(out, &r->azcm);
    if (r->checks & ARCP_CHECK_ENDPOINTS)
        endpoints(out, r);
}
