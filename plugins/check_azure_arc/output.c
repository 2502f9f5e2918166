/* output.c - render a report as plugin output. */
#include "output.h"
#include "arcprobe.h"
#include "arcprobe_intl.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "perfdata.h"

#define LINE_MAX_BYTES 4096

static void emit_line(struct arc_buf *out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Every long-output line is composed freely, then cleaned as a whole, so no
 * field (log text, names, details) can smuggle in a newline or a '|'. */
static void emit_line(struct arc_buf *out, const char *fmt, ...)
{
    char raw[LINE_MAX_BYTES], clean[LINE_MAX_BYTES];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof raw, fmt, ap);
    va_end(ap);
    /* our own indentation marks detail lines; keep it */
    size_t indent = strspn(raw, " ");
    arcp_clean_text(clean, sizeof clean, raw + indent);
    arc_buf_append_n(out, raw, indent);
    arc_buf_append(out, clean);
    arc_buf_append(out, "\n");
}

/* A name or text the report leaves empty is shown as "-". */
static const char *or_dash(const char *text)
{
    return text[0] ? text : "-";
}

static const char *dec(char *buf, size_t size, double v)
{
    if (arc_format_decimal(buf, size, v) < 0)
        snprintf(buf, size, "?");
    return buf;
}

/* Seconds for people: milliseconds are precision enough in long output
 * (perfdata keeps the full resolution). */
static const char *secs(char *buf, size_t size, double v)
{
    return dec(buf, size, round(v * 1000.0) / 1000.0);
}

/* ---------------------------------------------------------------- */
/* Summary                                                          */

void arc_render_summary(struct arc_buf *out, const arcp_report *r,
                        const struct arc_output_context *ctx)
{
    /* the core's first line says what is wrong and how much; a probe cut
     * short says so first, and the whole stays within the core's limit */
    if (r->incomplete) {
        char t[32], head[160], rest[ARCP_TEXT_MAX];
        snprintf(head, sizeof head, _("probe did not finish within the %s s timeout: "),
                 dec(t, sizeof t, ctx ? ctx->timeout : 0));
        size_t room = strlen(head) < ARCP_SUMMARY_MAX ? ARCP_SUMMARY_MAX - strlen(head) : 0;
        arc_buf_append(out, head);
        arc_buf_append(out, arcp_text_shorten(rest, sizeof rest, r->summary, room));
        return;
    }
    arc_buf_append(out, r->summary[0] ? r->summary : _("all checks OK"));
}

/* ---------------------------------------------------------------- */
/* Long output                                                      */

/* The core's findings for one component, each remedy said once. An
 * endpoint finding names what it covers first. */
static void render_findings(struct arc_buf *out, const arcp_report *r, const char *component)
{
    for (size_t i = 0; i < r->finding_count; i++) {
        const struct arcp_finding *f = &r->findings[i];
        if (strcmp(f->component, component) != 0)
            continue;
        const char *indent = f->endpoints ? "    " : "  ";
        if (f->endpoints)
            emit_line(out, "  %s: %s", arcp_state_name(f->state), f->text);
        if (f->cause[0])
            emit_line(out, _("%scause: %s"), indent, f->cause);
        if (f->remedy[0])
            emit_line(out, _("%sremedy: %s"), indent, f->remedy);
    }
}

static void render_endpoint(struct arc_buf *out, const struct arcp_endpoint *ep, int verbose)
{
    char total[32], b1[32], b2[32], b3[32], b4[32];
    struct arc_buf line;
    arc_buf_init(&line);
    arc_buf_printf(&line, "  endpoint %s [%s]: %s", ep->name, arcp_required_name(ep->required),
                   arcp_state_name(ep->state));
    if (ep->cls != ARCP_EP_OK)
        arc_buf_printf(&line, " - %s", arcp_endpoint_class_name(ep->cls));
    if (ep->total_s >= 0)
        arc_buf_printf(&line, ", %s s", secs(total, sizeof total, ep->total_s));
    if (ep->http_status > 0)
        arc_buf_printf(&line, ", HTTP %d", ep->http_status);
    if (verbose >= 2) {
        arc_buf_printf(&line, " (dns %s, connect %s, tls %s, ttfb %s)",
                       ep->dns_s >= 0 ? secs(b1, sizeof b1, ep->dns_s) : "-",
                       ep->connect_s >= 0 ? secs(b2, sizeof b2, ep->connect_s) : "-",
                       ep->tls_s >= 0 ? secs(b3, sizeof b3, ep->tls_s) : "-",
                       ep->ttfb_s >= 0 ? secs(b4, sizeof b4, ep->ttfb_s) : "-");
        if (ep->tls_version[0])
            arc_buf_printf(&line, ", %s", ep->tls_version);
        arc_buf_printf(&line, ", proxy %s", ep->proxy[0] ? ep->proxy : "none");
        if (ep->detail[0])
            arc_buf_printf(&line, ", %s", ep->detail);
    }
    if (verbose >= 3 && ep->url[0])
        arc_buf_printf(&line, ", url %s", ep->url);
    emit_line(out, "%s", arc_buf_str(&line));
    arc_buf_free(&line);
}

static void render_himds(struct arc_buf *out, const arcp_report *r, int verbose)
{
    const struct arcp_himds *h = &r->himds;
    emit_line(out, "himds: %s - %s", arcp_state_name(h->state), h->text[0] ? h->text : "-");
    render_findings(out, r, "himds");
    if (h->note[0])
        emit_line(out, "  himds note: %s", h->note);
    if (verbose >= 2) {
        char ms[32];
        emit_line(out,
                  "  himds service %s (%s), endpoint %s, HTTP %d, latency %s ms, identity %s%s%s",
                  arcp_service_state_name(h->service),
                  or_dash(arcp_service_method_name(h->service_method)),
                  arcp_himds_result_name(h->endpoint), h->endpoint_http_status,
                  h->endpoint_ms >= 0 ? dec(ms, sizeof ms, h->endpoint_ms) : "-",
                  h->identity == 1   ? "answers"
                  : h->identity == 0 ? "no challenge"
                                     : "not probed",
                  h->identity_text[0] ? ": " : "", h->identity_text);
    }
}

static void render_agent(struct arc_buf *out, const arcp_report *r, int verbose)
{
    const struct arcp_agent *a = &r->agent;
    emit_line(out, "agent: %s - %s", arcp_state_name(a->state), a->text[0] ? a->text : "-");
    render_findings(out, r, "agent");
    if (verbose >= 2) {
        char when[32] = "-";
        if (a->last_heartbeat > 0) {
            struct tm tm;
            if (gmtime_r(&a->last_heartbeat, &tm) != NULL)
                strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
        }
        emit_line(out, "  agent status %s (raw '%s', from %s), last heartbeat %s (%lld s ago)",
                  arcp_agent_status_name(a->status), a->status_raw,
                  or_dash(arcp_agent_source_name(a->source)), when, a->heartbeat_age_s);
        emit_line(out, "  agent resource %s, location %s, cloud %s, version %s",
                  a->resource_id[0] ? a->resource_id
                                    : (a->resource_name[0] ? a->resource_name : "-"),
                  a->location[0] ? a->location : "-", a->cloud[0] ? a->cloud : "-",
                  a->agent_version[0] ? a->agent_version : "-");
        if (a->error_code[0] || a->error_details[0])
            emit_line(out, "  agent error %s: %s", a->error_code[0] ? a->error_code : "-",
                      a->error_details);
    }
}

/* The countdown of a Disconnected agent: what it says; its remedy is the
 * agent's (one remedy for one agent). */
static void render_expiry(struct arc_buf *out, const struct arcp_agent *a)
{
    if (!a->expiry_text[0])
        return;
    emit_line(out, "agent expiry: %s - %s", arcp_state_name(a->expiry_state), a->expiry_text);
}

static void render_clock(struct arc_buf *out, const arcp_report *r)
{
    const struct arcp_clock *c = &r->clock;
    emit_line(out, "clock: %s - %s", arcp_state_name(c->state), c->text[0] ? c->text : "-");
    render_findings(out, r, "clock");
}

static void render_azcm(struct arc_buf *out, const arcp_report *r, int verbose)
{
    const struct arcp_azcm *z = &r->azcm;
    emit_line(out, "azcm: %s - %s", arcp_state_name(z->state), z->text[0] ? z->text : "-");
    render_findings(out, r, "azcm");
    if (z->note[0])
        emit_line(out, "  azcm note: %s", z->note);
    if (verbose >= 2 && z->found) {
        char when[32] = "-";
        if (z->time > 0) {
            struct tm tm;
            if (gmtime_r(&z->time, &tm) != NULL)
                strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
        }
        emit_line(out, "  azcm %s (%s) level %s at %s (%lld s ago)%s in %s", z->code_str,
                  or_dash(z->meaning), z->level[0] ? z->level : "-", when, z->age_s,
                  z->resolved ? ", resolved by a later AZCM0000" : "", z->file[0] ? z->file : "-");
        if (z->message[0])
            emit_line(out, "  azcm message: %s", z->message);
        if (z->diagnosis[0])
            emit_line(out, "  azcm diagnosis: %s", z->diagnosis);
    }
    if (verbose >= 3)
        emit_line(out, "  azcm scanned %zu bytes of logs", z->bytes_read);
}

static void render_endpoints(struct arc_buf *out, const arcp_report *r, int verbose)
{
    const struct arcp_endpoints *e = &r->endpoints;
    emit_line(out, "endpoints: %s - %s", arcp_state_name(e->state), e->text[0] ? e->text : "-");
    render_findings(out, r, "endpoints");
    if (verbose >= 2)
        emit_line(out, "  endpoints cloud %s (%s), location %s, his from %s, proxy from %s",
                  or_dash(e->cloud), or_dash(arcp_cloud_source_name(e->cloud_source)),
                  or_dash(e->location), or_dash(arcp_his_source_name(e->his_source)),
                  or_dash(arcp_proxy_source_name(e->proxy_source)));
    if (verbose >= 2 && e->not_probed[0])
        emit_line(out, "  endpoints not probed (host unknown): %s", e->not_probed);
    for (size_t i = 0; i < e->count; i++) {
        /* failures always get their own line; the remedy is their finding's */
        if (verbose >= 1 || e->items[i].state != ARCP_OK)
            render_endpoint(out, &e->items[i], verbose);
    }
}

static void render_config(struct arc_buf *out, const arcp_config *cfg, double plugin_timeout)
{
    static const char *const keys[] = {"agent_dir",
                                       "himds_url",
                                       "timeout",
                                       "endpoint_timeout",
                                       "service_check",
                                       "himds_process",
                                       "cloud",
                                       "location",
                                       "proxy",
                                       "ca_file",
                                       "azcm_max_age",
                                       "azcm_state",
                                       "optional_state",
                                       "heartbeat_warning",
                                       "heartbeat_critical"};
    struct arc_buf line;
    arc_buf_init(&line);
    arc_buf_append(&line, "config:");
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const char *v = arcp_config_get(cfg, keys[i]);
        if (v == NULL)
            continue;
        /* the core's "timeout" is the budget the plugin handed it, less
         * than what the operator configured (-t or the file's timeout) */
        if (strcmp(keys[i], "timeout") == 0 && plugin_timeout > 0) {
            char t[32];
            arc_buf_printf(&line, " timeout=%s probe_budget=%s", dec(t, sizeof t, plugin_timeout),
                           v);
            continue;
        }
        arc_buf_printf(&line, " %s=%s", keys[i], v[0] ? v : "\"\"");
    }
    emit_line(out, "%s", arc_buf_str(&line));
    arc_buf_free(&line);
}

void arc_render_long(struct arc_buf *out, const arcp_report *r,
                     const struct arc_output_context *ctx)
{
    int verbose = ctx ? ctx->verbose : 0;
    if (r->incomplete) {
        char t[32];
        emit_line(out,
                  _("probe: %s - the %s s timeout ran out before every check finished; what "
                    "was found so far follows"),
                  arcp_state_name(r->state), dec(t, sizeof t, ctx ? ctx->timeout : 0));
    }
    if (r->checks & ARCP_CHECK_HIMDS)
        render_himds(out, r, verbose);
    if (r->checks & ARCP_CHECK_AGENT) {
        render_agent(out, r, verbose);
        render_expiry(out, &r->agent);
    }
    if (r->checks & ARCP_CHECK_ENDPOINTS) {
        render_endpoints(out, r, verbose);
        render_clock(out, r);
    }
    if (r->checks & ARCP_CHECK_AZCM)
        render_azcm(out, r, verbose);
    if (verbose >= 3) {
        char d[32], names[64];
        emit_line(out, "probe: arcprobe %s, checks %s, duration %s s%s", arcp_version(),
                  arcp_checks_format(r->checks, names, sizeof names),
                  dec(d, sizeof d, r->duration_s), r->incomplete ? ", incomplete" : "");
        if (ctx && ctx->config)
            render_config(out, ctx->config, ctx->timeout);
    }
}

/* ---------------------------------------------------------------- */
/* Performance data                                                 */

static const char *range_text(const struct arc_range *r)
{
    return r->set ? r->text : NULL;
}

static void perf_endpoint(struct arc_buf *out, const struct arcp_endpoint *ep,
                          const struct arc_thresholds *t, enum arc_perf_level level)
{
    /* the deadline cut it short: the time so far is no response time */
    if (arcp_endpoint_reached(ep) < 0)
        return;
    char label[ARCP_NAME_MAX + 16];
    struct {
        const char *phase;
        double value;
    } phases[] = {{"dns", ep->dns_s},
                  {"connect", ep->connect_s},
                  {"tls", ep->tls_s},
                  {"ttfb", ep->ttfb_s},
                  {"total", ep->total_s}};
    for (size_t i = 0; i < sizeof phases / sizeof phases[0]; i++) {
        int is_total = strcmp(phases[i].phase, "total") == 0;
        if (phases[i].value < 0 || (level == ARC_PERF_TOTALS && !is_total))
            continue;
        snprintf(label, sizeof label, "%s %s", ep->name, phases[i].phase);
        arc_perf_add(out, &(struct arc_perf_item){
                              .label = label,
                              .value = phases[i].value,
                              .uom = "s",
                              .warn = is_total && t ? range_text(&t->endpoint_warning) : NULL,
                              .crit = is_total && t ? range_text(&t->endpoint_critical) : NULL,
                              .min = ARC_BOUND(0)});
    }
}

/* A config key's whole number times a unit as perfdata range text:
 * prefix + value + suffix (e.g. "" "1209600" ":" = alert below it). */
static const char *config_range(char *buf, size_t size, const struct arc_output_context *ctx,
                                const char *key, long long unit, const char *prefix,
                                const char *suffix)
{
    const char *v = ctx && ctx->config ? arcp_config_get(ctx->config, key) : NULL;
    char *end;
    long long n = v ? strtoll(v, &end, 10) : -1;
    if (!v || *end || n < 0 || n > 1000000000LL)
        return NULL;
    snprintf(buf, size, "%s%lld%s", prefix, n * unit, suffix);
    return buf;
}

/* Thresholds as the core applies them: fewer seconds left than the
 * configured days alert, so the ranges are "N:". */
static void perf_expiry(struct arc_buf *out, const arcp_report *r,
                        const struct arc_output_context *ctx)
{
    char w[48], c[48];
    arc_perf_add(out,
                 &(struct arc_perf_item){
                     .label = "expires_in",
                     .value = (double)r->agent.expires_in_s,
                     .uom = "s",
                     .warn = config_range(w, sizeof w, ctx, "expiry_warning_days", 86400, "", ":"),
                     .crit = config_range(c, sizeof c, ctx, "expiry_critical_days", 86400, "", ":"),
                     .min = ARC_BOUND(0)});
}

/* An offset beyond the limit either way alerts: "-N:N". */
static void perf_clock(struct arc_buf *out, const arcp_report *r,
                       const struct arc_output_context *ctx)
{
    char w[64], c[64], wn[32], cn[32];
    const char *wt = config_range(wn, sizeof wn, ctx, "clock_skew_warning", 1, "", "");
    if (wt)
        snprintf(w, sizeof w, "-%s:%s", wt, wt);
    const char *ct = config_range(cn, sizeof cn, ctx, "clock_skew_critical", 1, "", "");
    if (ct)
        snprintf(c, sizeof c, "-%s:%s", ct, ct);
    arc_perf_add(out, &(struct arc_perf_item){.label = "clock_skew",
                                              .value = r->clock.offset_s,
                                              .uom = "s",
                                              .warn = wt ? w : NULL,
                                              .crit = ct ? c : NULL});
}

void arc_render_perfdata(struct arc_buf *out, const arcp_report *r,
                         const struct arc_output_context *ctx, enum arc_perf_level level)
{
    const struct arc_thresholds *t = ctx ? ctx->thresholds : NULL;
    if (r->checks & ARCP_CHECK_HIMDS && r->himds.endpoint_ms >= 0)
        arc_perf_add(out, &(struct arc_perf_item){.label = "himds_latency",
                                                  .value = r->himds.endpoint_ms / 1000.0,
                                                  .uom = "s",
                                                  .warn = t ? range_text(&t->himds_warning) : NULL,
                                                  .crit = t ? range_text(&t->himds_critical) : NULL,
                                                  .min = ARC_BOUND(0)});
    if (r->checks & ARCP_CHECK_AGENT && r->agent.heartbeat_age_s >= 0)
        arc_perf_add(out, &(struct arc_perf_item){.label = "heartbeat_age",
                                                  .value = (double)r->agent.heartbeat_age_s,
                                                  .uom = "s",
                                                  .warn = ctx ? ctx->heartbeat_warn : NULL,
                                                  .crit = ctx ? ctx->heartbeat_crit : NULL,
                                                  .min = ARC_BOUND(0)});
    if (r->checks & ARCP_CHECK_AGENT && r->agent.expires_in_s >= 0)
        perf_expiry(out, r, ctx);
    if (r->checks & ARCP_CHECK_ENDPOINTS && r->clock.judged)
        perf_clock(out, r, ctx);
    if (r->checks & ARCP_CHECK_AZCM && r->azcm.code_in_force >= 0) {
        arc_perf_add(out, &(struct arc_perf_item){.label = "azcm_code",
                                                  .value = r->azcm.code_in_force,
                                                  .min = ARC_BOUND(0)});
        if (r->azcm.age_s >= 0)
            arc_perf_add(out, &(struct arc_perf_item){.label = "azcm_age",
                                                      .value = (double)r->azcm.age_s,
                                                      .uom = "s",
                                                      .min = ARC_BOUND(0)});
    }
    /* no perfdata for an unknown value: with no endpoint probed a count of
     * 0 failed would graph as a measurement (monitoring-plugins guidelines) */
    if (arcp_endpoints_observed(r)) {
        size_t failed_required = 0, failed_connect = 0, failed_optional = 0;
        for (size_t i = 0; i < r->endpoints.count; i++) {
            const struct arcp_endpoint *ep = &r->endpoints.items[i];
            if (arcp_endpoint_reached(ep) != 0)
                continue;
            if (ep->required == ARCP_REQUIRED_ALWAYS)
                failed_required++;
            else if (ep->required == ARCP_REQUIRED_OPTIONAL)
                failed_optional++;
            else
                failed_connect++;
        }
        double count = (double)r->endpoints.count;
        arc_perf_add(out, &(struct arc_perf_item){.label = "endpoints_failed",
                                                  .value = (double)r->endpoints.failed,
                                                  .min = ARC_BOUND(0),
                                                  .max = ARC_BOUND(count)});
        arc_perf_add(out, &(struct arc_perf_item){.label = "endpoints_failed_required",
                                                  .value = (double)failed_required,
                                                  .min = ARC_BOUND(0),
                                                  .max = ARC_BOUND(count)});
        arc_perf_add(out, &(struct arc_perf_item){.label = "endpoints_failed_connect",
                                                  .value = (double)failed_connect,
                                                  .min = ARC_BOUND(0),
                                                  .max = ARC_BOUND(count)});
        arc_perf_add(out, &(struct arc_perf_item){.label = "endpoints_failed_optional",
                                                  .value = (double)failed_optional,
                                                  .min = ARC_BOUND(0),
                                                  .max = ARC_BOUND(count)});
        arc_perf_add(out, &(struct arc_perf_item){
                              .label = "endpoints_total", .value = count, .min = ARC_BOUND(0)});
        if (level != ARC_PERF_AGGREGATES) {
            for (size_t i = 0; i < r->endpoints.count; i++)
                perf_endpoint(out, &r->endpoints.items[i], t, level);
        }
    }
    if (r->duration_s >= 0)
        arc_perf_add(out, &(struct arc_perf_item){.label = "probe_duration",
                                                  .value = r->duration_s,
                                                  .uom = "s",
                                                  .min = ARC_BOUND(0)});
}

/* ---------------------------------------------------------------- */
/* Assembly within the size limit                                   */

char *arc_assemble(const char *state_name_text, const char *summary, const char *long_output,
                   const char *const *perf_levels, size_t count, size_t limit)
{
    char clean_summary[ARC_SUMMARY_MAX + 1];
    arcp_clean_text(clean_summary, sizeof clean_summary, summary);
    if (strlen(summary) > ARC_SUMMARY_MAX && strlen(clean_summary) >= ARC_SUMMARY_MAX - 4) {
        /* say it was cut rather than end mid-word silently */
        memcpy(clean_summary + arcp_text_fit(clean_summary, ARC_SUMMARY_MAX - 4, -1, NULL), "...",
               4);
    }

    struct arc_buf head;
    arc_buf_init(&head);
    arc_buf_printf(&head, "ARC %s - %s", state_name_text, clean_summary);

    /* perfdata: the most detailed level that fits; the last one regardless */
    const char *perf = "";
    for (size_t i = 0; i < count; i++) {
        perf = perf_levels[i] ? perf_levels[i] : "";
        size_t need = head.len + (perf[0] ? 3 + strlen(perf) : 0) + 1;
        if (need <= limit)
            break;
    }
    if (perf[0]) {
        arc_buf_append(&head, " | ");
        arc_buf_append(&head, perf);
    }
    arc_buf_append(&head, "\n");

    size_t used = head.len;
    const char *lo = long_output ? long_output : "";
    size_t lo_len = strlen(lo);
    if (used + lo_len <= limit) {
        arc_buf_append_n(&head, lo, lo_len);
    } else if (used < limit) {
        /* keep whole lines while they fit next to the marker line */
        size_t lines_total = 0;
        for (const char *p = lo; *p; p++)
            lines_total += *p == '\n';
        if (lo_len > 0 && lo[lo_len - 1] != '\n')
            lines_total++;
        char marker[96];
        size_t kept_bytes = 0, kept_lines = 0;
        for (;;) {
            const char *nl = strchr(lo + kept_bytes, '\n');
            size_t line_len = nl ? (size_t)(nl - (lo + kept_bytes)) + 1 : strlen(lo + kept_bytes);
            if (line_len == 0)
                break;
            int mlen = snprintf(marker, sizeof marker, "... %zu more line%s cut to fit %zu bytes\n",
                                lines_total - kept_lines - 1,
                                lines_total - kept_lines - 1 == 1 ? "" : "s", limit);
            if (used + kept_bytes + line_len + (size_t)mlen > limit)
                break;
            kept_bytes += line_len;
            kept_lines++;
        }
        int mlen =
            snprintf(marker, sizeof marker, "... %zu more line%s cut to fit %zu bytes\n",
                     lines_total - kept_lines, lines_total - kept_lines == 1 ? "" : "s", limit);
        arc_buf_append_n(&head, lo, kept_bytes);
        if (used + kept_bytes + (size_t)mlen <= limit)
            arc_buf_append(&head, marker);
    }
    if (head.failed) {
        arc_buf_free(&head);
        return NULL;
    }
    return head.data;
}

char *arc_render(const arcp_report *r, const struct arc_output_context *ctx, size_t limit)
{
    struct arc_buf summary, long_output, perf[ARC_PERF_LEVELS];
    arc_buf_init(&summary);
    arc_buf_init(&long_output);
    arc_render_summary(&summary, r, ctx);
    arc_render_long(&long_output, r, ctx);
    const char *levels[ARC_PERF_LEVELS];
    for (int i = 0; i < ARC_PERF_LEVELS; i++) {
        arc_buf_init(&perf[i]);
        arc_render_perfdata(&perf[i], r, ctx, (enum arc_perf_level)i);
        levels[i] = arc_buf_str(&perf[i]);
    }
    char *text = arc_assemble(arcp_state_name(r->state), arc_buf_str(&summary),
                              arc_buf_str(&long_output), levels, ARC_PERF_LEVELS, limit);
    arc_buf_free(&summary);
    arc_buf_free(&long_output);
    for (int i = 0; i < ARC_PERF_LEVELS; i++)
        arc_buf_free(&perf[i]);
    return text;
}
