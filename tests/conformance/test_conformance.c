/* test_conformance.c - the four front ends say the same thing.
 *
 * Every row of the table (report_table.c) goes through each front end's own
 * mapping code: the arcprobe CLI (exit status, table), check_azure_arc
 * (thresholds at their defaults, plugin output), the collectd plugin (the
 * "state" gauge, the notifications of a first cycle) and the SNMP
 * subagent's snapshot (arcprobeOverallState). For every row the four
 * verdicts must equal the core's, and every remedy of the core's findings
 * must appear exactly once in each text-carrying output (SNMP serves no
 * remedies), while no other advice may appear at all.
 *
 * The figures the front ends graph must be the core's too: how many
 * endpoints failed (arcp_endpoints.failed: unreachable, never the ones the
 * deadline left unprobed), split by level in check_azure_arc's perfdata and
 * the CLI's OpenMetrics alike, and the AZCM code in force. When no endpoint
 * was observed (arcp_endpoints_observed), every front end that can say
 * unknown says the counts are unknown, and SNMP, which cannot, says the
 * endpoints' state is unknown. */
#include "azure_arc.h"
#include "collectd_stub.h"

#include "cli_status.h"
#include "openmetrics_output.h"
#include "output.h"
#include "snapshot.h"
#include "table_output.h"
#include "thresholds.h"

#include "report_table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A remedy is recognised by its first bytes: front ends may cut a long one
 * (collectd's 256-byte messages), never its start. */
#define NEEDLE_BYTES 40

static int failures;

static void failf(const char *row, const char *fmt, const char *a, long x, long y)
{
    if (failures < 40)
        printf("FAIL - %s: %s '%s' (%ld, want %ld)\n", row, fmt, a, x, y);
    failures++;
}

static size_t count_of(const char *haystack, const char *text)
{
    char needle[NEEDLE_BYTES + 1];
    snprintf(needle, sizeof needle, "%s", text);
    size_t n = 0;
    for (const char *p = haystack; (p = strstr(p, needle)) != NULL; p++)
        n++;
    return n;
}

static char *cli_text(const arcp_report *r)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        abort();
    table_output_print(f, r, 0, 0);
    fclose(f);
    return buf;
}

static char *collectd_messages(const arcp_report *r)
{
    struct azarc_notify_state ns;
    azarc_notify_state_init(&ns);
    if (azarc_notify_update(&ns, "conf", r) < 0)
        abort();
    azarc_notify_state_free(&ns);
    size_t total = 1;
    for (size_t i = 0; i < stub_notification_count(); i++)
        total += strlen(stub_notification_at(i)->message) + 1;
    char *all = calloc(1, total);
    if (!all)
        abort();
    for (size_t i = 0; i < stub_notification_count(); i++) {
        strcat(all, stub_notification_at(i)->message);
        strcat(all, "\n");
    }
    return all;
}

static char *openmetrics_text(const arcp_report *r)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        abort();
    openmetrics_output_print(f, r);
    fclose(f);
    return buf;
}

/* The value of a perfdata item (after the first '|'), -1 when absent. */
static long perf_item(const char *plugin_output, const char *label)
{
    const char *perf = strchr(plugin_output, '|');
    char needle[80];
    snprintf(needle, sizeof needle, " %s=", label);
    const char *at = perf ? strstr(perf, needle) : NULL;
    return at ? strtol(at + strlen(needle), NULL, 10) : -1;
}

/* The sum of the samples of a metric whose labels contain label (all when
 * ""), -1 when there is none; *zeros counts the samples that are 0. */
static long metric_sum(const char *exposition, const char *metric, const char *label, long *zeros)
{
    long sum = -1;
    size_t len = strlen(metric);
    if (zeros)
        *zeros = 0;
    for (const char *line = exposition; *line;) {
        const char *end = strchr(line, '\n');
        size_t line_len = end ? (size_t)(end - line) : strlen(line);
        char copy[1024];
        snprintf(copy, sizeof copy, "%.*s", (int)line_len, line);
        line += line_len + (end ? 1 : 0);
        if (strncmp(copy, metric, len) != 0 || (copy[len] != '{' && copy[len] != ' '))
            continue;
        /* name{labels} value: the value follows the last blank */
        char *value = strrchr(copy, ' ');
        *value = '\0';
        if (label[0] && !strstr(copy, label))
            continue;
        long v = strtol(value + 1, NULL, 10);
        sum = (sum < 0 ? 0 : sum) + v;
        if (zeros && v == 0)
            (*zeros)++;
    }
    return sum;
}

/* The endpoints collectd dispatched as not reachable (bool reachable-*). */
static long collectd_unreachable(void)
{
    long n = 0;
    for (size_t i = 0; i < stub_value_count(); i++) {
        const struct stub_value *v = stub_value_at(i);
        if (strcmp(v->type, "bool") == 0 && strncmp(v->type_instance, "reachable-", 10) == 0 &&
            v->value == 0)
            n++;
    }
    return n;
}

/* A collectd value as the other front ends' figures: -1 when it was not
 * dispatched or is NaN (unknown). */
static long collectd_figure(const char *type, const char *type_instance)
{
    const struct stub_value *v = stub_find_value("conf", type, type_instance);
    return v && v->value == v->value ? (long)v->value : -1;
}

/* The endpoint counts of a row as the front ends publish them: the core's
 * when arcp_endpoints_observed(), else unknown (-1 here: no perfdata item,
 * no sample, NaN) in every front end that can say unknown, and SNMP, whose
 * Gauge32 cannot, must say the endpoints' state is unknown. */
static void check_endpoint_total(const char *row, const arcp_report *r, const char *nagios_out,
                                 const char *om, long collectd_count, long snmp_endpoints_state)
{
    int observed = arcp_endpoints_observed(r);
    /* the table's own account: a row not cut by the deadline was probed */
    long probed = 0;
    for (size_t i = 0; i < r->endpoints.count; i++)
        probed += r->endpoints.items[i].cls != ARCP_EP_NOT_PROBED;
    if (observed != (probed > 0))
        failf(row, "arcp_endpoints_observed", "probed rows", observed, probed > 0);
    long want = observed ? (long)r->endpoints.count : -1;
    const struct {
        const char *what;
        long got;
    } totals[] = {
        {"check_azure_arc endpoints_total", perf_item(nagios_out, "endpoints_total")},
        {"OpenMetrics arcprobe_endpoints", metric_sum(om, "arcprobe_endpoints", "", NULL)},
        {"collectd count-endpoints", collectd_count},
    };
    for (size_t i = 0; i < sizeof totals / sizeof totals[0]; i++)
        if (totals[i].got != want)
            failf(row, "endpoint count", totals[i].what, totals[i].got, want);
    if (!observed && snmp_endpoints_state != snapshot_mib_state(ARCP_UNKNOWN))
        failf(row, "no endpoint observed", "arcprobeEndpointsState", snmp_endpoints_state,
              snapshot_mib_state(ARCP_UNKNOWN));
}

static void check_figures(const char *row, const arcp_report *r, const char *nagios_out,
                          const char *om, long collectd_failed, long collectd_down,
                          long collectd_code, long snmp_failed)
{
    int observed = arcp_endpoints_observed(r);
    long core = (long)r->endpoints.failed;
    /* a count of failures is unknown when no endpoint was observed */
    long core_count = observed ? core : -1;
    long om_down = 0;
    metric_sum(om, "arcprobe_endpoint_up", "", &om_down);
    long om_always = metric_sum(om, "arcprobe_endpoints_failed", "required=\"always\"", NULL);
    long om_connect = metric_sum(om, "arcprobe_endpoints_failed", "required=\"connect\"", NULL);
    long om_install = metric_sum(om, "arcprobe_endpoints_failed", "required=\"install\"", NULL);
    long om_optional = metric_sum(om, "arcprobe_endpoints_failed", "required=\"optional\"", NULL);
    const struct {
        const char *what;
        long got, want;
    } failed[] = {
        {"check_azure_arc endpoints_failed", perf_item(nagios_out, "endpoints_failed"), core_count},
        /* the two per-level splits are one split: check_azure_arc puts
         * install-only endpoints with the connect ones */
        {"check_azure_arc endpoints_failed_required",
         perf_item(nagios_out, "endpoints_failed_required"), observed ? om_always : -1},
        {"check_azure_arc endpoints_failed_connect",
         perf_item(nagios_out, "endpoints_failed_connect"),
         observed ? om_connect + om_install : -1},
        {"check_azure_arc endpoints_failed_optional",
         perf_item(nagios_out, "endpoints_failed_optional"), observed ? om_optional : -1},
        {"check_azure_arc endpoints_failed by level",
         observed ? perf_item(nagios_out, "endpoints_failed_required") +
                        perf_item(nagios_out, "endpoints_failed_connect") +
                        perf_item(nagios_out, "endpoints_failed_optional")
                  : -1,
         core_count},
        {"OpenMetrics arcprobe_endpoints_failed",
         metric_sum(om, "arcprobe_endpoints_failed", "", NULL), core_count},
        {"OpenMetrics arcprobe_endpoint_up == 0", om_down, core},
        {"collectd count-endpoints_failed", collectd_failed, core_count},
        {"collectd bool-reachable == 0", collectd_down, core},
        /* a Gauge32 cannot be unknown: arcprobeEndpointsState says so */
        {"arcprobeEndpointFailedCount", snmp_failed, core},
    };
    for (size_t i = 0; i < sizeof failed / sizeof failed[0]; i++)
        if (failed[i].got != failed[i].want)
            failf(row, "endpoints failed", failed[i].what, failed[i].got, failed[i].want);
    long code = r->azcm.code_in_force;
    const struct {
        const char *what;
        long got;
    } codes[] = {
        {"check_azure_arc azcm_code", perf_item(nagios_out, "azcm_code")},
        {"OpenMetrics arcprobe_azcm_code", metric_sum(om, "arcprobe_azcm_code", "", NULL)},
        {"collectd gauge-azcm_code", collectd_code},
    };
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        if (codes[i].got != code)
            failf(row, "AZCM code in force", codes[i].what, codes[i].got, code);
}

/* An endpoint finding whose rows were all cut by the deadline: collectd
 * keeps such rows at their last state and says nothing about them. */
static int unobserved(const arcp_report *r, size_t finding)
{
    if (r->findings[finding].endpoints == 0)
        return 0;
    for (size_t i = 0; i < r->endpoints.count; i++)
        if (r->endpoints.items[i].finding == (int)finding &&
            r->endpoints.items[i].cls != ARCP_EP_NOT_PROBED)
            return 0;
    return 1;
}

/* Each finding's remedy once; every other remedy the report knows of (the
 * rows' own, folded into a finding) never. */
static void check_remedies(const char *row, const arcp_report *r, const char *front_end,
                           const char *text, int collectd)
{
    for (size_t i = 0; i < r->finding_count; i++) {
        const char *remedy = r->findings[i].remedy;
        if (!remedy[0])
            continue;
        size_t want = collectd && unobserved(r, i) ? 0 : 1;
        /* a remedy shared by two findings is still said once */
        for (size_t j = 0; j < i; j++)
            if (strcmp(r->findings[j].remedy, remedy) == 0)
                want = 2;
        if (want == 2)
            continue;
        size_t got = count_of(text, remedy);
        if (got != want)
            failf(row, front_end, remedy, (long)got, (long)want);
    }
    for (size_t i = 0; i < r->endpoints.count; i++) {
        const char *own = r->endpoints.items[i].remedy;
        int in_findings = 0;
        for (size_t j = 0; j < r->finding_count; j++)
            if (own && strncmp(r->findings[j].remedy, own, NEEDLE_BYTES) == 0)
                in_findings = 1;
        if (own && own[0] && !in_findings && count_of(text, own) != 0)
            failf(row, front_end, own, (long)count_of(text, own), 0);
    }
}

/* Endpoint notifications over a run of cycles (table rows), from collectd
 * and from the SNMP subagent: they must raise the same number at every
 * change. The first cycle is each host's baseline, not a change. */
static void check_notification_run(const int *cycles, size_t n)
{
    struct azarc_notify_state ns;
    azarc_notify_state_init(&ns);
    struct snapshot *prev = NULL;
    for (size_t c = 0; c < n; c++) {
        char row[200], what[260];
        arcp_report *r = table_row(cycles[c], row, sizeof row);
        stub_clear();
        if (azarc_notify_update(&ns, "conf", r) < 0)
            abort();
        long collectd = 0;
        for (size_t i = 0; i < stub_notification_count(); i++)
            collectd += strncmp(stub_notification_at(i)->type_instance, "state-", 6) == 0;
        stub_clear();
        struct snapshot *next = snapshot_from_report(r, c + 1);
        if (!next || snapshot_carry_observed(prev, next) != 0)
            abort();
        long snmp = 0;
        for (size_t i = 0; prev && i < next->endpoint_count; i++)
            snmp += snapshot_endpoint_changed(prev, &next->endpoints[i]);
        snprintf(what, sizeof what, "cycle %zu (%s)", c + 1, row);
        if (prev && snmp != collectd)
            failf(what, "endpoint notifications", "arcprobeEndpointStateChange vs collectd", snmp,
                  collectd);
        snapshot_free(prev);
        prev = next;
        arcp_report_free(r);
    }
    snapshot_free(prev);
    azarc_notify_state_free(&ns);
}

static void check_notification_runs(void)
{
    const int combos = STATE_COUNT * STATE_COUNT * STATE_COUNT * STATE_COUNT;
    /* table rows: the eight-endpoint patterns (beside an OK agent) and the
     * three-endpoint row with everything OK */
    const int all_dns = combos, four_unprobed = combos + 6 * STATE_COUNT,
              two_own = combos + 5 * STATE_COUNT, three_ok = 0;
    /* the deadline leaves half unprobed, which is no change of theirs; the
     * last cycle fails them again as in the first */
    check_notification_run((const int[]){all_dns, four_unprobed, all_dns}, 3);
    /* five failing endpoints leave the list (raising nothing) and come back,
     * four of them OK: those four recoveries are news */
    check_notification_run((const int[]){all_dns, three_ok, two_own}, 3);
    /* five endpoints join the list failing: news as for one that was OK */
    check_notification_run((const int[]){three_ok, all_dns}, 2);
}

int main(void)
{
    size_t findings = 0, correlated = 0;
    for (int i = 0; i < TABLE_ROWS; i++) {
        char row[200];
        arcp_report *r = table_row(i, row, sizeof row);
        long core = r->state;

        long cli = cli_exit_status(r);
        char *cli_out = cli_text(r);

        struct arc_thresholds t;
        arc_thresholds_init(&t);
        long nagios = arc_apply_thresholds(r, &t);
        struct arc_output_context ctx = {.thresholds = &t, .timeout = 10};
        char *nagios_out = arc_render(r, &ctx, ARC_OUTPUT_LIMIT);
        if (!nagios_out)
            abort();
        /* the first line fits a pager: ~200 characters plus "ARC STATE - " */
        size_t first = strcspn(nagios_out, "|\n");
        if (first > ARCP_SUMMARY_MAX + 60)
            failf(row, "check_azure_arc first line too long", nagios_out, (long)first,
                  ARCP_SUMMARY_MAX + 60);

        stub_clear();
        if (azarc_dispatch_values("conf", r) != 0)
            failf(row, "collectd dispatch failed", "", 1, 0);
        const struct stub_value *v = stub_find_value("conf", "gauge", "state");
        long collectd = v ? (long)v->value : -1;
        long collectd_failed = collectd_figure("count", "endpoints_failed");
        long collectd_count = collectd_figure("count", "endpoints");
        v = stub_find_value("conf", "gauge", "azcm_code");
        long collectd_code = v && v->value == v->value ? (long)v->value : -1;
        long collectd_down = collectd_unreachable();
        stub_clear();
        char *collectd_out = collectd_messages(r);

        struct snapshot *snap = snapshot_from_report(r, 1);
        long snmp = snap ? snap->overall_state - 1 : -1;
        long snmp_failed = snap ? (long)snap->endpoint_failed : -1;
        long snmp_endpoints_state = snap ? snap->endpoints_state : -1;
        snapshot_free(snap);

        char *om = openmetrics_text(r);
        check_figures(row, r, nagios_out, om, collectd_failed, collectd_down, collectd_code,
                      snmp_failed);
        check_endpoint_total(row, r, nagios_out, om, collectd_count, snmp_endpoints_state);
        free(om);

        if (cli != core)
            failf(row, "arcprobe exit status", arcp_state_name((arcp_state)cli), cli, core);
        if (nagios != core)
            failf(row, "check_azure_arc exit status", arcp_state_name((arcp_state)nagios), nagios,
                  core);
        if (collectd != core)
            failf(row, "collectd gauge-state", "", collectd, core);
        if (snmp != core)
            failf(row, "arcprobeOverallState - 1", "", snmp, core);

        check_remedies(row, r, "arcprobe table: remedy count", cli_out, 0);
        check_remedies(row, r, "check_azure_arc: remedy count", nagios_out, 0);
        check_remedies(row, r, "collectd notifications: remedy count", collectd_out, 1);

        findings += r->finding_count;
        for (size_t k = 0; k < r->finding_count; k++)
            correlated += r->findings[k].endpoints > 1;
        free(cli_out);
        free(nagios_out);
        free(collectd_out);
        arcp_report_free(r);
    }
    check_notification_runs();
    printf("%d rows x 4 front ends, %zu findings (%zu covering several endpoints): %d "
           "disagreement(s)\n",
           TABLE_ROWS, findings, correlated, failures);
    stub_shutdown();
    return failures ? 1 : 0;
}
