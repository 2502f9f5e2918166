/* Output: status line, long output, perfdata, sanitising and the 8 KiB
 * limit (long output is cut, perfdata never). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "output.h"
#include "report_fixture.h"

static size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static const char *perf_of(const char *out, char *buf, size_t size)
{
    const char *bar = strstr(out, " | ");
    const char *nl = strchr(out, '\n');
    assert_non_null(bar);
    assert_true(bar < nl);
    size_t n = (size_t)(nl - bar - 3);
    assert_true(n < size);
    memcpy(buf, bar + 3, n);
    buf[n] = '\0';
    return buf;
}

static void test_healthy_output(void **state)
{
    (void)state;
    arcp_report *r = fixture_report(2);
    struct arc_thresholds t;
    arc_thresholds_init(&t);
    arc_range_parse(&t.endpoint_warning, "1", (char[64]){0}, 64);
    arc_apply_thresholds(r, &t);
    struct arc_output_context ctx = {
        .thresholds = &t, .timeout = 10, .heartbeat_warn = "900", .heartbeat_crit = "1800"};
    char *out = arc_render(r, &ctx, ARC_OUTPUT_LIMIT);
    assert_non_null(out);
    /* all OK: every component's text, as the core's summary says */
    assert_true(strncmp(out, "ARC OK - himds running", 22) == 0);
    char perf[4096];
    perf_of(out, perf, sizeof perf);
    assert_non_null(strstr(perf, "himds_latency=0.0015s;;;0"));
    assert_non_null(strstr(perf, "heartbeat_age=60s;900;1800;0"));
    assert_non_null(strstr(perf, "endpoints_failed=0;;;0;2"));
    assert_non_null(strstr(perf, "endpoints_total=2;;;0"));
    assert_non_null(strstr(perf, "'ep0.his.arc.azure.com total'=0.025s;1;;0"));
    assert_non_null(strstr(perf, "'ep1.his.arc.azure.com dns'=0.001s;;;0"));
    assert_null(strstr(perf, "azcm_code")); /* no code found, no number */
    /* one line per component, no endpoint lines without -v */
    assert_non_null(strstr(out, "\nhimds: OK - "));
    assert_non_null(strstr(out, "\nagent: OK - "));
    assert_non_null(strstr(out, "\nendpoints: OK - "));
    assert_non_null(strstr(out, "\nazcm: OK - "));
    assert_non_null(strstr(out, "\nclock: OK - "));
    assert_null(strstr(out, "  endpoint "));
    assert_int_equal(count_lines(out), 6);
    free(out);

    ctx.verbose = 1;
    out = arc_render(r, &ctx, ARC_OUTPUT_LIMIT);
    assert_non_null(
        strstr(out, "  endpoint ep0.his.arc.azure.com [always]: OK, 0.025 s, HTTP 200\n"));
    assert_int_equal(count_lines(out), 8);
    free(out);

    ctx.verbose = 2;
    out = arc_render(r, &ctx, ARC_OUTPUT_LIMIT);
    assert_non_null(strstr(out, "(dns 0.001, connect 0.002, tls 0.01, ttfb 0.02)"));
    free(out);
    fixture_free(r);
}

/* A '+' the operator wrote (-w +1) is no perfdata number ([-0-9.] and the
 * range syntax only): the thresholds carry the number without it. */
static void test_perfdata_thresholds_without_plus(void **state)
{
    (void)state;
    arcp_report *r = fixture_report(1);
    struct arc_thresholds t;
    arc_thresholds_init(&t);
    assert_int_equal(arc_range_parse(&t.endpoint_warning, "+1", (char[64]){0}, 64), 0);
    assert_int_equal(arc_range_parse(&t.endpoint_critical, "@+0.5:+2", (char[64]){0}, 64), 0);
    assert_int_equal(arc_range_parse(&t.himds_warning, "~:+0.25", (char[64]){0}, 64), 0);
    arc_apply_thresholds(r, &t);
    struct arc_output_context ctx = {.thresholds = &t, .timeout = 10};
    char *out = arc_render(r, &ctx, ARC_OUTPUT_LIMIT);
    char perf[4096];
    perf_of(out, perf, sizeof perf);
    assert_non_null(strstr(perf, "'ep0.his.arc.azure.com total'=0.025s;1;@0.5:2;0"));
    assert_non_null(strstr(perf, "himds_latency=0.0015s;~:0.25;;0"));
    assert_null(strchr(perf, '+'));
    free(out);
    fixture_free(r);
}

/* -vvv shows the timeout the operator configured, and the smaller budget
 * the plugin hands the core labelled as such, not the budget as "timeout". */
static void test_vvv_config_shows_configured_timeout(void **state)
{
    (void)state;
    arcp_report *r = fixture_report(1);
    arcp_config *cfg = arcp_config_new();
    assert_non_null(cfg);
    assert_int_equal(arcp_config_set(cfg, "timeout", "4.25", (char[128]){0}, 128), 0);
    struct arc_thresholds t;
    arc_thresholds_init(&t);
    arc_apply_thresholds(r, &t);
    struct arc_output_context ctx = {.thresholds = &t, .verbose = 3, .timeout = 5, .config = cfg};
    char *out = arc_render(r, &ctx, ARC_OUTPUT_LIMIT);
    assert_non_null(strstr(out, "\nconfig: "));
    assert_non_null(strstr(out, " timeout=5 probe_budget=4.25 "));
    assert_null(strstr(out, " timeout=4.25"));
    free(out);
    arcp_config_free(cfg);
    fixture_free(r);
}

static void test_failure_output(void **state)
{
    (void)state;
    arcp_report *r = fixture_report(3);
    struct arcp_endpoint *ep = &r->endpoints.items[1];
    ep->cls = ARCP_EP_REFUSED;
    ep->state = ARCP_CRITICAL;
    ep->total_s = -1;
    ep->tls_s = ep->ttfb_s = -1;
    ep->http_status = 0;
    ep->remedy = "allow outbound 443 to it";
    r->endpoints.state = ARCP_CRITICAL;
    r->endpoints.failed = 1;
    snprintf(r->endpoints.text, sizeof r->endpoints.text, "1 of 3 required endpoints unreachable");
    r->azcm.state = ARCP_WARNING;
    r->azcm.found = 1;
    r->azcm.code = 26;
    r->azcm.age_s = 120;
    snprintf(r->azcm.code_str, sizeof r->azcm.code_str, "AZCM0026");
    /* log text with a pipe and a newline must not break the output */
    snprintf(r->azcm.text, sizeof r->azcm.text, "AZCM0026 network error | evil\ninjected");
    r->azcm.code_remedy = "check the network";
    struct arc_thresholds t;
    arc_thresholds_init(&t);
    assert_int_equal(arc_apply_thresholds(r, &t), ARCP_CRITICAL);
    struct arc_output_context ctx = {.thresholds = &t, .timeout = 10};
    char *out = arc_render(r, &ctx, ARC_OUTPUT_LIMIT);
    /* the worst finding and how many more */
    const char *head = "ARC CRITICAL - endpoints: endpoint ep1.his.arc.azure.com unreachable: "
                       "connection refused (+1 more problem) | ";
    assert_true(strncmp(out, head, strlen(head)) == 0);
    /* exactly one '|' in the whole output: the perfdata separator */
    assert_int_equal(strchr(out, '|') - out, strrchr(out, '|') - out);
    assert_non_null(strstr(out, "\n  endpoint ep1.his.arc.azure.com [always]: CRITICAL - refused"));
    /* each remedy once, under its finding, none on the rows */
    assert_non_null(strstr(out, "\n    remedy: allow outbound 443 to it\n"));
    assert_null(strstr(out, "-> "));
    assert_non_null(strstr(out, "\nazcm: WARNING - AZCM0026 network error / evil injected\n"));
    char perf[4096];
    perf_of(out, perf, sizeof perf);
    assert_non_null(strstr(perf, "azcm_code=26;;;0"));
    assert_non_null(strstr(perf, "azcm_age=120s;;;0"));
    assert_non_null(strstr(perf, "endpoints_failed=1;;;0;3"));
    assert_non_null(strstr(perf, "endpoints_failed_required=1;;;0;3"));
    assert_null(strstr(perf, "'ep1.his.arc.azure.com total'"));
    assert_non_null(strstr(perf, "'ep1.his.arc.azure.com connect'=0.002s;;;0"));
    free(out);
    fixture_free(r);
}

static void test_incomplete_output(void **state)
{
    (void)state;
    arcp_report *r = fixture_report(1);
    r->incomplete = 1;
    r->himds.state = ARCP_CRITICAL;
    r->himds.endpoint = ARCP_HIMDS_TIMEOUT;
    r->himds.endpoint_ms = -1;
    snprintf(r->himds.text, sizeof r->himds.text, "himds did not answer");
    struct arc_thresholds t;
    arc_thresholds_init(&t);
    t.timeout_result_set = 1; /* --timeout-result unknown */
    assert_int_equal(arc_apply_thresholds(r, &t), ARCP_UNKNOWN);
    struct arc_output_context ctx = {.thresholds = &t, .timeout = 2};
    char *out = arc_render(r, &ctx, ARC_OUTPUT_LIMIT);
    const char *head = "ARC UNKNOWN - probe did not finish within the 2 s timeout: himds: himds "
                       "did not answer";
    assert_true(strncmp(out, head, strlen(head)) == 0);
    assert_non_null(strstr(out, "\nprobe: UNKNOWN - the 2 s timeout ran out"));
    assert_null(strstr(out, "himds_latency"));
    free(out);
    fixture_free(r);
}

/* An endpoint the deadline left unprobed has no times in perfdata: what the
 * core measured until the cut (2.4 s under -t 3) is no response time and
 * would graph as one, next to the -w range. */
static void test_unprobed_endpoint_has_no_times(void **state)
{
    (void)state;
    arcp_report *r = fixture_report(2);
    struct arcp_endpoint *ep = &r->endpoints.items[1];
    ep->cls = ARCP_EP_NOT_PROBED;
    ep->state = ARCP_UNKNOWN;
    ep->tls_s = ep->ttfb_s = -1;
    ep->total_s = 2.4;
    ep->http_status = 0;
    r->incomplete = 1;
    struct arc_thresholds t;
    arc_thresholds_init(&t);
    arc_range_parse(&t.endpoint_warning, "1", (char[64]){0}, 64);
    arc_apply_thresholds(r, &t);
    struct arc_output_context ctx = {.thresholds = &t, .timeout = 3};
    char *out = arc_render(r, &ctx, ARC_OUTPUT_LIMIT);
    char perf[4096];
    perf_of(out, perf, sizeof perf);
    assert_null(strstr(perf, "'ep1.his.arc.azure.com "));
    assert_non_null(strstr(perf, "'ep0.his.arc.azure.com total'=0.025s;1;;0"));
    assert_non_null(strstr(perf, "endpoints_total=2;;;0"));
    free(out);
    fixture_free(r);
}

/* When no endpoint was observed, every endpoint count is unknown: no
 * perfdata item (monitoring-plugins guidelines), not "0 failed" that would
 * graph a period nobody knows as healthy. Partial probing keeps its counts
 * (test_unprobed_endpoint_has_no_times). */
static void assert_no_endpoint_counts(arcp_report *r)
{
    struct arc_thresholds t;
    arc_thresholds_init(&t);
    arc_apply_thresholds(r, &t);
    struct arc_output_context ctx = {.thresholds = &t, .timeout = 3};
    char *out = arc_render(r, &ctx, ARC_OUTPUT_LIMIT);
    assert_non_null(out);
    char perf[4096];
    perf_of(out, perf, sizeof perf);
    assert_null(strstr(perf, "endpoints_failed"));
    assert_null(strstr(perf, "endpoints_total"));
    /* the rest of the perfdata stays */
    assert_non_null(strstr(perf, "himds_latency=0.0015s;;;0"));
    assert_non_null(strstr(perf, "probe_duration=0.25s;;;0"));
    free(out);
}

static void test_no_endpoint_observed_has_no_counts(void **state)
{
    (void)state;
    /* the deadline left every endpoint unprobed */
    arcp_report *r = fixture_report(9);
    for (size_t i = 0; i < r->endpoints.count; i++) {
        struct arcp_endpoint *ep = &r->endpoints.items[i];
        ep->cls = ARCP_EP_NOT_PROBED;
        ep->state = ARCP_UNKNOWN;
        ep->tls_s = ep->ttfb_s = -1;
        ep->http_status = 0;
    }
    r->endpoints.state = ARCP_UNKNOWN;
    r->incomplete = 1;
    assert_int_equal(arcp_endpoints_observed(r), 0);
    assert_no_endpoint_counts(r);
    fixture_free(r);

    /* no rows at all: the network module is missing or the cloud unknown */
    r = fixture_report(0);
    r->endpoints.state = ARCP_UNKNOWN;
    snprintf(r->endpoints.text, sizeof r->endpoints.text,
             "unknown cloud 'AzureMars' (from config)");
    assert_no_endpoint_counts(r);
    fixture_free(r);
}

static void test_assemble_truncates_long_output_only(void **state)
{
    (void)state;
    /* 300 long-output lines of 60 bytes: 18000 bytes, far over the limit */
    struct arc_buf lo;
    arc_buf_init(&lo);
    for (int i = 0; i < 300; i++)
        arc_buf_printf(&lo, "line %03d %-50s\n", i,
                       "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
    struct arc_buf perf;
    arc_buf_init(&perf);
    for (int i = 0; i < 100; i++)
        arc_buf_printf(&perf, "%s'label %d'=%d.5s;1;2;0", i ? " " : "", i, i);
    const char *levels[] = {arc_buf_str(&perf)};
    char *out = arc_assemble("WARNING", "something is slow", arc_buf_str(&lo), levels, 1, 8191);
    assert_non_null(out);
    size_t len = strlen(out);
    assert_true(len <= 8191);
    assert_true(len > 8191 - 120); /* it used the room it had */
    assert_int_equal(out[len - 1], '\n');
    /* perfdata intact, on the first line */
    char expect_head[8192];
    snprintf(expect_head, sizeof expect_head, "ARC WARNING - something is slow | %s\n",
             arc_buf_str(&perf));
    assert_true(strncmp(out, expect_head, strlen(expect_head)) == 0);
    /* whole lines kept, then a marker naming how many were dropped */
    assert_non_null(strstr(out, "\nline 000 "));
    const char *marker = strstr(out, "\n... ");
    assert_non_null(marker);
    assert_non_null(strstr(marker, " more lines cut to fit 8191 bytes\n"));
    assert_int_equal(marker[strlen(marker) - 1], '\n');
    /* kept lines + dropped count = all lines */
    unsigned dropped = 0;
    assert_int_equal(sscanf(marker + 5, "%u", &dropped), 1);
    size_t kept = count_lines(out) - 2; /* minus status line and marker */
    assert_int_equal(kept + dropped, 300);
    free(out);

    /* exactly at the limit nothing is cut */
    const char *lines = "a\nb\n";
    out = arc_assemble("OK", "s", lines, levels, 1, 1000000);
    assert_null(strstr(out, "cut to fit"));
    free(out);
    arc_buf_free(&lo);
    arc_buf_free(&perf);
}

static void test_assemble_falls_back_to_smaller_perfdata(void **state)
{
    (void)state;
    struct arc_buf big;
    arc_buf_init(&big);
    for (int i = 0; i < 500; i++)
        arc_buf_printf(&big, "%s'x%d'=1s", i ? " " : "", i);
    const char *levels[] = {arc_buf_str(&big), "small=1"};
    char *out = arc_assemble("OK", "fine", "detail\n", levels, 2, 2000);
    assert_string_equal(out, "ARC OK - fine | small=1\ndetail\n");
    free(out);
    out = arc_assemble("OK", "fine", "detail\n", levels, 2, 100000);
    assert_non_null(strstr(out, "'x499'=1s\n"));
    free(out);
    arc_buf_free(&big);
}

static void test_many_endpoints_fit(void **state)
{
    (void)state;
    /* 60 endpoints, all failing, -vvv: the render must still fit and keep perfdata */
    arcp_report *r = fixture_report(60);
    for (size_t i = 0; i < 60; i++) {
        struct arcp_endpoint *ep = &r->endpoints.items[i];
        ep->cls = ARCP_EP_TLS_UNTRUSTED;
        ep->state = ARCP_CRITICAL;
        ep->remedy = "TLS inspection? add the Azure endpoints to the bypass list of the proxy";
        snprintf(ep->detail, sizeof ep->detail,
                 "SSL certificate problem: unable to get local issuer certificate");
    }
    r->endpoints.state = ARCP_CRITICAL;
    r->endpoints.failed = 60;
    struct arc_thresholds t;
    arc_thresholds_init(&t);
    arc_apply_thresholds(r, &t);
    struct arc_output_context ctx = {.thresholds = &t, .timeout = 10, .verbose = 3};
    char *out = arc_render(r, &ctx, ARC_OUTPUT_LIMIT);
    assert_true(strlen(out) <= ARC_OUTPUT_LIMIT);
    assert_non_null(strstr(out, "cut to fit"));
    assert_non_null(strstr(out, "endpoints_failed=60;;;0;60"));
    assert_non_null(strstr(out, "probe_duration=0.25s;;;0"));
    free(out);
    fixture_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_healthy_output),
        cmocka_unit_test(test_perfdata_thresholds_without_plus),
        cmocka_unit_test(test_vvv_config_shows_configured_timeout),
        cmocka_unit_test(test_failure_output),
        cmocka_unit_test(test_incomplete_output),
        cmocka_unit_test(test_unprobed_endpoint_has_no_times),
        cmocka_unit_test(test_no_endpoint_observed_has_no_counts),
        cmocka_unit_test(test_assemble_truncates_long_output_only),
        cmocka_unit_test(test_assemble_falls_back_to_smaller_perfdata),
        cmocka_unit_test(test_many_endpoints_fit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
