/* Unit tests for plugins/agentx/snapshot.c: report -> MIB values, texts cleaned
 * by the core's arcp_clean_text (its rules: tests/unit/test_text.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "snapshot.h"

static void placeholder_is_unknown(void **state)
{
    (void)state;
    struct snapshot *s = snapshot_new_placeholder();
    assert_non_null(s);
    assert_int_equal(s->probe_count, 0);
    assert_int_equal(s->overall_state, MIB_STATE_UNKNOWN);
    assert_int_equal(s->agent_status, 1);
    assert_int_equal(s->azcm_code, -1);
    assert_int_equal(s->himds_latency_us, -1);
    assert_int_equal(s->endpoint_count, 0);
    snapshot_free(s);
}

static void report_maps_to_mib_values(void **state)
{
    (void)state;
    arcp_report *r = calloc(1, sizeof *r);
    struct arcp_endpoint *eps = calloc(2, sizeof *eps);
    assert_non_null(r);
    assert_non_null(eps);

    r->state = ARCP_WARNING;
    strcpy(r->summary, "summary\x01with control");
    r->probe_time = 1764000000;
    r->duration_s = 1.2344;
    r->incomplete = 1;
    r->himds.state = ARCP_CRITICAL;
    r->himds.service = ARCP_SERVICE_NOT_INSTALLED;
    r->himds.endpoint = ARCP_HIMDS_HTML;
    r->himds.endpoint_http_status = 502;
    r->himds.endpoint_ms = 12.5;
    r->himds.identity = -1;
    r->agent.state = ARCP_OK;
    r->agent.status = ARCP_AGENT_EXPIRED;
    r->agent.heartbeat_age_s = 5000000000LL; /* beyond Integer32 */
    strcpy(r->agent.location, "westeurope");
    r->azcm.state = ARCP_WARNING;
    r->azcm.found = 1;
    r->azcm.code = 26;
    strcpy(r->azcm.code_str, "AZCM0026");
    r->azcm.time = 1763990000;
    strcpy(r->azcm.message, "AZCM0026: Network Error | x");
    r->azcm.meaning = NULL; /* tolerated */
    r->azcm.resolved = 0;
    r->endpoints.state = ARCP_CRITICAL;
    r->endpoints.failed = 1;
    r->endpoints.count = 2;
    r->endpoints.items = eps;
    strcpy(eps[0].name, "login.microsoftonline.com");
    eps[0].required = ARCP_REQUIRED_ALWAYS;
    eps[0].state = ARCP_OK;
    eps[0].cls = ARCP_EP_OK;
    eps[0].dns_s = 0.0015;
    eps[0].connect_s = 0.002;
    eps[0].tls_s = 0.01;
    eps[0].total_s = 0.02;
    eps[0].http_status = 200;
    strcpy(eps[1].name, "management.azure.com");
    eps[1].required = ARCP_REQUIRED_OPTIONAL;
    eps[1].state = ARCP_CRITICAL;
    eps[1].cls = ARCP_EP_NOT_PROBED;
    eps[1].dns_s = -1;
    eps[1].connect_s = -1;
    eps[1].tls_s = -1;
    eps[1].total_s = 4000.0; /* beyond Integer32 microseconds */
    eps[1].http_status = 12345;

    struct snapshot *s = snapshot_from_report(r, 7);
    assert_non_null(s);
    assert_int_equal(s->probe_count, 7);
    assert_int_equal(s->overall_state, MIB_STATE_WARNING);
    assert_string_equal(s->summary, "summary with control");
    assert_int_equal(s->duration_ms, 1234);
    assert_int_equal(s->incomplete, MIB_TRUE);
    assert_int_equal(s->himds_state, MIB_STATE_CRITICAL);
    assert_int_equal(s->himds_service, 5);         /* notInstalled */
    assert_int_equal(s->himds_endpoint_result, 6); /* html */
    assert_int_equal(s->himds_http_status, 502);
    assert_int_equal(s->himds_latency_us, 12500);
    assert_int_equal(s->himds_identity, 1); /* notProbed */
    assert_int_equal(s->agent_state, MIB_STATE_OK);
    assert_int_equal(s->agent_status, 4); /* expired */
    assert_int_equal(s->agent_heartbeat_age_s, INT32_MAX);
    assert_string_equal(s->agent_location, "westeurope");
    assert_int_equal(s->azcm_code, 26);
    assert_string_equal(s->azcm_code_name, "AZCM0026");
    assert_string_equal(s->azcm_message, "AZCM0026: Network Error / x");
    assert_string_equal(s->azcm_meaning, "");
    assert_int_equal(s->azcm_resolved, MIB_FALSE);
    assert_int_equal(s->endpoints_state, MIB_STATE_CRITICAL);
    assert_int_equal(s->endpoint_failed, 1);
    assert_int_equal(s->endpoint_count, 2);
    assert_int_equal(s->endpoints[0].required, 1);
    assert_int_equal(s->endpoints[0].state, MIB_STATE_OK);
    assert_int_equal(s->endpoints[0].failure_class, MIB_FAILURE_NONE);
    assert_int_equal(s->endpoints[0].dns_us, 1500);
    assert_int_equal(s->endpoints[0].total_us, 20000);
    assert_int_equal(s->endpoints[1].required, 4);
    assert_int_equal(s->endpoints[1].failure_class, MIB_FAILURE_NOT_PROBED);
    assert_int_equal(s->endpoints[1].dns_us, -1);
    assert_int_equal(s->endpoints[1].total_us, INT32_MAX);
    assert_int_equal(s->endpoints[1].http_status, 999);
    /* the core's word on reachability; an unprobed row keeps what was
     * observed before it and is no change */
    assert_int_equal(s->endpoints[0].reached, 1);
    assert_int_equal(s->endpoints[1].reached, -1);
    struct snapshot *before = snapshot_from_report(r, 6);
    assert_non_null(before);
    before->endpoints[1].observed_state = MIB_STATE_CRITICAL;
    snapshot_carry_observed(before, s);
    assert_int_equal(s->endpoints[1].observed_state, MIB_STATE_CRITICAL);
    assert_false(snapshot_endpoint_changed(before, &s->endpoints[1]));
    snapshot_free(before);
    snapshot_free(s);

    /* no AZCM code found: -1 and empty texts */
    r->azcm.found = 0;
    r->endpoints.count = 0;
    s = snapshot_from_report(r, 8);
    assert_non_null(s);
    assert_int_equal(s->azcm_code, -1);
    assert_string_equal(s->azcm_code_name, "");
    assert_int_equal(s->endpoint_count, 0);
    assert_null(s->endpoints);
    snapshot_free(s);
    free(eps);
    free(r);
}

static void out_of_range_enums_are_safe(void **state)
{
    (void)state;
    assert_int_equal(snapshot_mib_state((arcp_state)42), MIB_STATE_UNKNOWN);
    assert_int_equal(snapshot_mib_failure_class((arcp_endpoint_class)99), 10);
    assert_int_equal(snapshot_mib_failure_class(ARCP_EP_TLS_UNTRUSTED), 8);
    assert_int_equal(snapshot_mib_failure_class(ARCP_EP_DNS_FAILURE), 2);
}

/* A snapshot of the named endpoints, each in the given core state. */
static struct snapshot *endpoints_snapshot(const char *const *names, const arcp_state *states,
                                           size_t n, unsigned long probe)
{
    arcp_report *r = calloc(1, sizeof *r);
    struct arcp_endpoint *eps = calloc(n, sizeof *eps);
    assert_non_null(r);
    assert_non_null(eps);
    for (size_t i = 0; i < n; i++) {
        strcpy(eps[i].name, names[i]);
        eps[i].state = states[i];
        eps[i].cls = states[i] == ARCP_OK ? ARCP_EP_OK : ARCP_EP_REFUSED;
    }
    r->endpoints.items = eps;
    r->endpoints.count = n;
    struct snapshot *s = snapshot_from_report(r, probe);
    assert_non_null(s);
    free(eps);
    free(r);
    return s;
}

/* An endpoint that leaves the list while failing is remembered until it
 * returns, over any number of probes; its return OK is a change, its
 * return in the same state is not; one that left OK is forgotten. */
static void departed_failing_endpoint_is_remembered(void **state)
{
    (void)state;
    const char *const both[] = {"ok.example", "bad.example"};
    const char *const one[] = {"other.example"};
    struct snapshot *s1 =
        endpoints_snapshot(both, (const arcp_state[]){ARCP_OK, ARCP_CRITICAL}, 2, 1);
    assert_int_equal(snapshot_carry_observed(NULL, s1), 0);

    struct snapshot *s2 = endpoints_snapshot(one, (const arcp_state[]){ARCP_OK}, 1, 2);
    assert_int_equal(snapshot_carry_observed(s1, s2), 0);
    assert_int_equal(s2->endpoint_count, 1); /* not served */
    assert_int_equal(s2->departed_count, 1);
    assert_string_equal(s2->departed[0].name, "bad.example");
    assert_int_equal(s2->departed[0].observed_state, MIB_STATE_CRITICAL);

    struct snapshot *s3 = endpoints_snapshot(one, (const arcp_state[]){ARCP_OK}, 1, 3);
    assert_int_equal(snapshot_carry_observed(s2, s3), 0);
    assert_int_equal(s3->departed_count, 1);

    struct snapshot *back_ok =
        endpoints_snapshot(both, (const arcp_state[]){ARCP_OK, ARCP_OK}, 2, 4);
    assert_int_equal(snapshot_carry_observed(s3, back_ok), 0);
    assert_false(snapshot_endpoint_changed(s3, &back_ok->endpoints[0])); /* new, OK */
    assert_true(snapshot_endpoint_changed(s3, &back_ok->endpoints[1]));  /* recovered */
    /* bad.example is a row again; other.example left OK: forgotten */
    assert_int_equal(back_ok->departed_count, 0);

    struct snapshot *back_bad =
        endpoints_snapshot(both, (const arcp_state[]){ARCP_OK, ARCP_CRITICAL}, 2, 4);
    assert_int_equal(snapshot_carry_observed(s3, back_bad), 0);
    assert_false(snapshot_endpoint_changed(s3, &back_bad->endpoints[1])); /* still failing */

    snapshot_free(back_bad);
    snapshot_free(back_ok);
    snapshot_free(s3);
    snapshot_free(s2);
    snapshot_free(s1);
}

/* An endpoint that joins the list failing is news, as for one observed
 * OK (collectd's notifications assume the same). */
static void joining_failing_endpoint_is_a_change(void **state)
{
    (void)state;
    const char *const one[] = {"ok.example"};
    const char *const both[] = {"ok.example", "new.example"};
    struct snapshot *s1 = endpoints_snapshot(one, (const arcp_state[]){ARCP_OK}, 1, 1);
    struct snapshot *s2 =
        endpoints_snapshot(both, (const arcp_state[]){ARCP_OK, ARCP_WARNING}, 2, 2);
    assert_int_equal(snapshot_carry_observed(s1, s2), 0);
    assert_false(snapshot_endpoint_changed(s1, &s2->endpoints[0]));
    assert_true(snapshot_endpoint_changed(s1, &s2->endpoints[1]));
    assert_int_equal(s2->departed_count, 0);
    snapshot_free(s2);
    snapshot_free(s1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(placeholder_is_unknown),
        cmocka_unit_test(report_maps_to_mib_values),
        cmocka_unit_test(out_of_range_enums_are_safe),
        cmocka_unit_test(departed_failing_endpoint_is_remembered),
        cmocka_unit_test(joining_failing_endpoint_is_a_change),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
