/* State mapping: the core's component states, the plugin's thresholds on
 * top, and the fold into one exit state. Reports are built by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "report_fixture.h"
#include "thresholds.h"

static struct arc_range range(const char *text)
{
    struct arc_range r;
    char err[128];
    assert_int_equal(arc_range_parse(&r, text, err, sizeof err), 0);
    return r;
}

static void test_worse_order(void **state)
{
    (void)state;
    assert_int_equal(arcp_state_worse(ARCP_OK, ARCP_WARNING), ARCP_WARNING);
    assert_int_equal(arcp_state_worse(ARCP_UNKNOWN, ARCP_WARNING), ARCP_WARNING);
    assert_int_equal(arcp_state_worse(ARCP_CRITICAL, ARCP_UNKNOWN), ARCP_CRITICAL);
    assert_int_equal(arcp_state_worse(ARCP_OK, ARCP_UNKNOWN), ARCP_UNKNOWN);
    assert_int_equal(arcp_state_worse(ARCP_OK, ARCP_OK), ARCP_OK);
}

static void test_critical_before_warning(void **state)
{
    (void)state;
    struct arc_range w = range("1"), c = range("2");
    assert_int_equal(arc_range_state(&w, &c, 0.5), ARCP_OK);
    assert_int_equal(arc_range_state(&w, &c, 1.5), ARCP_WARNING);
    assert_int_equal(arc_range_state(&w, &c, 2.5), ARCP_CRITICAL);
    /* overlapping ranges: critical wins even where warning also fires */
    struct arc_range w2 = range("10:"), c2 = range("5:");
    assert_int_equal(arc_range_state(&w2, &c2, 4), ARCP_CRITICAL);
    assert_int_equal(arc_range_state(&w2, &c2, 7), ARCP_WARNING);
}

static void test_healthy_is_ok(void **state)
{
    (void)state;
    arcp_report *r = fixture_report(3);
    struct arc_thresholds t;
    arc_thresholds_init(&t);
    assert_int_equal(arc_apply_thresholds(r, &t), ARCP_OK);
    assert_int_equal(r->state, ARCP_OK);
    fixture_free(r);
}

static void test_core_states_fold(void **state)
{
    (void)state;
    struct arc_thresholds t;
    arc_thresholds_init(&t);

    /* himds not running -> CRITICAL */
    arcp_report *r = fixture_report(3);
    r->himds.state = ARCP_CRITICAL;
    r->himds.service = ARCP_SERVICE_INACTIVE;
    assert_int_equal(arc_apply_thresholds(r, &t), ARCP_CRITICAL);
    assert_true(strlen(r->himds.remedy) > 0);
    fixture_free(r);

    /* Disconnected -> CRITICAL, with a remedy */
    r = fixture_report(3);
    r->agent.state = ARCP_CRITICAL;
    r->agent.status = ARCP_AGENT_DISCONNECTED;
    assert_int_equal(arc_apply_thresholds(r, &t), ARCP_CRITICAL);
    assert_non_null(strstr(r->agent.remedy, "azcmagent check"));
    fixture_free(r);

    /* Expired -> re-onboard */
    r = fixture_report(0);
    r->agent.state = ARCP_CRITICAL;
    r->agent.status = ARCP_AGENT_EXPIRED;
    assert_int_equal(arc_apply_thresholds(r, &t), ARCP_CRITICAL);
    assert_non_null(strstr(r->agent.remedy, "connect"));
    fixture_free(r);

    /* recent AZCM error -> WARNING, and UNKNOWN elsewhere does not mask it */
    r = fixture_report(3);
    r->azcm.state = ARCP_WARNING;
    r->agent.state = ARCP_UNKNOWN;
    assert_int_equal(arc_apply_thresholds(r, &t), ARCP_WARNING);
    fixture_free(r);

    /* a component that was not run does not count */
    r = fixture_report(3);
    r->azcm.state = ARCP_CRITICAL;
    r->checks = ARCP_CHECK_HIMDS | ARCP_CHECK_AGENT | ARCP_CHECK_ENDPOINTS;
    assert_int_equal(arc_apply_thresholds(r, &t), ARCP_OK);
    fixture_free(r);

    /* only UNKNOWN -> UNKNOWN */
    r = fixture_report(3);
    r->agent.state = ARCP_UNKNOWN;
    assert_int_equal(arc_apply_thresholds(r, &t), ARCP_UNKNOWN);
    fixture_free(r);

    /* required endpoint down -> CRITICAL from the core's endpoint state */
    r = fixture_report(3);
    r->endpoints.items[1].cls = ARCP_EP_REFUSED;
    r->endpoints.items[1].state = ARCP_CRITICAL;
    r->endpoints.state = ARCP_CRITICAL;
    r->endpoints.failed = 1;
    assert_int_equal(arc_apply_thresholds(r, &t), ARCP_CRITICAL);
    fixture_free(r);

    /* connect-only endpoint down -> WARNING */
    r = fixture_report(3);
    r->endpoints.items[2].required = ARCP_REQUIRED_CONNECT;
    r->endpoints.items[2].cls = ARCP_EP_TIMEOUT;
    r->endpoints.items[2].state = ARCP_WARNING;
    r->endpoints.state = ARCP_WARNING;
    assert_int_equal(arc_apply_thresholds(r, &t), ARCP_WARNING);
    fixture_free(r);
}

static void test_endpoint_time_thresholds(void **state)
{
    (void)state;
    struct arc_thresholds t;
    arc_thresholds_init(&t);
    t.endpoint_warning = range("0.1");
    t.endpoint_critical = range("0.5");

    arcp_report *r = fixture_report(3);
    assert_int_equal(arc_apply_thresholds(r, &t), ARCP_OK);
    fixture_free(r);

    r = fixture_report(3);
    r->endpoints.items[0].total_s = 0.2;
    assert_int_equal(arc_apply_thresholds(r, &t), ARCP_WARNING);
    assert_int_equal(r->endpoints.items[0].state, ARCP_WARNING);
    assert_int_equal(r->endpoints.state, ARCP_WARNING);
    assert_non_null(strstr(r->endpoints.text, "ep0.his.arc.azure.com"));
    assert_non_null(strstr(r->endpoints.text, "warning range 0.1"));
    fixture_free(r);

    r = fixture_report(3);
    r->endpoints.items[0].total_s = 0.2;
    r->endpoints.items[2].total_s = 0.7;
    assert_int_equal(arc_apply_thresholds(r, &t), ARCP_CRITICAL);
    assert_non_null(strstr(r->endpoints.text, "2 slow endpoints"));
    assert_non_null(strstr(r->endpoints.text, "ep2.his.arc.azure.com"));
    assert_non_null(strstr(r->endpoints.text, "critical range 0.5"));
    fixture_free(r);

    /* unreachable endpoints have no total time to judge */
    r = fixture_report(1);
    r->endpoints.items[0].cls = ARCP_EP_REFUSED;
    r->endpoints.items[0].total_s = 9;
    r->endpoints.items[0].state = ARCP_OK; /* as if the core had let it pass */
    assert_int_equal(arc_apply_thresholds(r, &t), ARCP_OK);
    fixture_free(r);

    /* a slow endpoint never weighs more than the core makes it weigh when
     * unreachable: install-only and optional ones stay within
     * optional_state, connect ones within WARNING */
    const struct {
        arcp_required required;
        const char *optional_state;
        arcp_state want;
    } caps[] = {
        {ARCP_REQUIRED_ALWAYS, "warning", ARCP_CRITICAL},
        {ARCP_REQUIRED_CONNECT, "warning", ARCP_WARNING},
        {ARCP_REQUIRED_INSTALL, "warning", ARCP_WARNING},
        {ARCP_REQUIRED_INSTALL, "ok", ARCP_OK},
        {ARCP_REQUIRED_OPTIONAL, "warning", ARCP_WARNING},
        {ARCP_REQUIRED_OPTIONAL, "ok", ARCP_OK},
    };
    for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++) {
        arcp_config *cfg = arcp_config_new();
        char err[128];
        assert_non_null(cfg);
        assert_int_equal(
            arcp_config_set(cfg, "optional_state", caps[i].optional_state, err, sizeof err), 0);
        arc_thresholds_cap_endpoints(&t, cfg);
        /* the same endpoint unreachable, as the core states it */
        arcp_state unreachable = arcp_endpoint_state_cap(cfg, caps[i].required);
        arcp_config_free(cfg);
        r = fixture_report(1);
        r->endpoints.items[0].required = caps[i].required;
        r->endpoints.items[0].total_s = 3;
        assert_int_equal(arc_apply_thresholds(r, &t), caps[i].want);
        assert_int_equal(r->endpoints.items[0].state, unreachable);
        fixture_free(r);
    }
    /* the plugin's defaults are the core's default configuration */
    arc_thresholds_init(&t);
    assert_int_equal(t.endpoint_cap[ARCP_REQUIRED_INSTALL], ARCP_WARNING);
    assert_int_equal(t.endpoint_cap[ARCP_REQUIRED_ALWAYS], ARCP_CRITICAL);
}

static void test_himds_latency(void **state)
{
    (void)state;
    struct arc_thresholds t;
    arc_thresholds_init(&t);
    t.himds_warning = range("0.001");
    t.himds_critical = range("0.01");
    arcp_report *r = fixture_report(0);
    r->himds.endpoint_ms = 5; /* 0.005 s */
    assert_int_equal(arc_apply_thresholds(r, &t), ARCP_WARNING);
    assert_non_null(strstr(r->himds.text, "himds latency 0.005 s"));
    fixture_free(r);

    r = fixture_report(0);
    r->himds.endpoint_ms = 50;
    assert_int_equal(arc_apply_thresholds(r, &t), ARCP_CRITICAL);
    fixture_free(r);

    /* no answer: no latency to judge, the core's state stands */
    r = fixture_report(0);
    r->himds.endpoint = ARCP_HIMDS_REFUSED;
    r->himds.endpoint_ms = 50;
    assert_int_equal(arc_apply_thresholds(r, &t), ARCP_OK);
    fixture_free(r);
}

static void test_heartbeat(void **state)
{
    (void)state;
    struct arc_thresholds t;
    arc_thresholds_init(&t);
    t.heartbeat_warning = range("300");
    t.heartbeat_critical = range("@1000:2000");
    arcp_report *r = fixture_report(0);
    r->agent.heartbeat_age_s = 200;
    assert_int_equal(arc_apply_thresholds(r, &t), ARCP_OK);
    fixture_free(r);

    r = fixture_report(0);
    r->agent.heartbeat_age_s = 400;
    assert_int_equal(arc_apply_thresholds(r, &t), ARCP_WARNING);
    fixture_free(r);

    r = fixture_report(0);
    r->agent.heartbeat_age_s = 1500;
    assert_int_equal(arc_apply_thresholds(r, &t), ARCP_CRITICAL);
    assert_non_null(strstr(r->agent.text, "heartbeat age 1500"));
    fixture_free(r);

    r = fixture_report(0);
    r->agent.heartbeat_age_s = -1; /* unknown age never alerts */
    assert_int_equal(arc_apply_thresholds(r, &t), ARCP_OK);
    fixture_free(r);
}

/* What the core says of a threshold the plugin applied is true which way
 * the value missed it: -w 10: alerts on endpoints faster than 10 s, and
 * they must not be called slower. */
static void test_threshold_direction_in_core_words(void **state)
{
    (void)state;
    struct arc_thresholds t;
    arc_thresholds_init(&t);

    /* the normal case keeps its words */
    t.endpoint_warning = range("0.01");
    arcp_report *r = fixture_report(3);
    assert_int_equal(arc_apply_thresholds(r, &t), ARCP_WARNING);
    assert_non_null(strstr(r->summary, "3 slow endpoints of 3: slower than the configured limit"));
    assert_non_null(strstr(r->endpoints.cause, "answers slower than the configured limit"));
    fixture_free(r);

    t.endpoint_warning = range("10:");
    r = fixture_report(3);
    assert_int_equal(arc_apply_thresholds(r, &t), ARCP_WARNING);
    assert_null(strstr(r->summary, "slower"));
    assert_non_null(strstr(r->summary, "3 fast endpoints of 3: faster than the configured limit"));
    assert_string_equal(r->endpoints.items[0].cause,
                        "the endpoint answers faster than the configured limit");
    /* and the plugin's own note on the endpoints' line agrees */
    assert_null(strstr(r->endpoints.text, "slow"));
    assert_non_null(strstr(r->endpoints.text, "3 fast endpoints (ep0.his.arc.azure.com 0.025 s "
                                              "outside warning range 10:)"));
    fixture_free(r);

    r = fixture_report(1);
    arc_apply_thresholds(r, &t);
    assert_non_null(strstr(r->summary, "1 fast endpoint: ep0.his.arc.azure.com answers faster"));
    fixture_free(r);

    t.endpoint_warning = range("@0:1");
    r = fixture_report(1);
    arc_apply_thresholds(r, &t);
    assert_null(strstr(r->summary, "slower"));
    assert_non_null(strstr(r->summary, "ep0.his.arc.azure.com lies in the configured alert range"));
    assert_non_null(strstr(r->endpoints.text, "1 endpoint in the alert range "
                                              "(ep0.his.arc.azure.com 0.025 s inside warning "
                                              "range @0:1)"));
    fixture_free(r);

    /* one too slow, one too fast: two findings, each saying its own way */
    t.endpoint_warning = range("0.01:0.1");
    r = fixture_report(2);
    r->endpoints.items[0].total_s = 0.2;
    r->endpoints.items[1].total_s = 0.005;
    arc_apply_thresholds(r, &t);
    size_t slow = 0, fast = 0;
    for (size_t i = 0; i < r->finding_count; i++) {
        slow += strstr(r->findings[i].text, "1 slow endpoint: ep0.") != NULL;
        fast += strstr(r->findings[i].text, "1 fast endpoint: ep1.") != NULL;
    }
    assert_int_equal(slow, 1);
    assert_int_equal(fast, 1);
    assert_non_null(strstr(r->endpoints.text, "1 slow endpoint (ep0.his.arc.azure.com 0.2 s"));
    assert_non_null(strstr(r->endpoints.text, "1 fast endpoint (ep1.his.arc.azure.com 0.005 s"));
    fixture_free(r);

    /* a latency inside an "@" range is not "outside" it */
    arc_thresholds_init(&t);
    t.himds_critical = range("@0:1");
    r = fixture_report(0);
    assert_int_equal(arc_apply_thresholds(r, &t), ARCP_CRITICAL);
    assert_non_null(strstr(r->himds.text, "himds latency 0.0015 s inside critical range @0:1"));
    assert_string_equal(r->himds.cause,
                        "the response time of himds lies in the configured alert range");
    fixture_free(r);

    /* himds answering too fast: no advice to look for what keeps it busy */
    arc_thresholds_init(&t);
    t.himds_warning = range("0.1:");
    r = fixture_report(0);
    assert_int_equal(arc_apply_thresholds(r, &t), ARCP_WARNING);
    assert_string_equal(r->himds.cause, "himds answers faster than the configured limit");
    assert_string_equal(r->himds.remedy, "");
    fixture_free(r);
    t.himds_warning = range("0.0001");
    r = fixture_report(0);
    arc_apply_thresholds(r, &t);
    assert_string_equal(r->himds.cause, "himds answers slower than the configured limit");
    fixture_free(r);

    /* a heartbeat younger than "100:" wants */
    arc_thresholds_init(&t);
    t.heartbeat_warning = range("100:");
    r = fixture_report(0);
    assert_int_equal(arc_apply_thresholds(r, &t), ARCP_WARNING);
    assert_string_equal(r->agent.cause,
                        "the agent is Connected but its heartbeat is more recent than the "
                        "configured limit");
    fixture_free(r);
    t.heartbeat_warning = range("30");
    r = fixture_report(0);
    arc_apply_thresholds(r, &t);
    assert_string_equal(r->agent.cause,
                        "the agent is Connected but its heartbeat is older than the configured "
                        "limit");
    fixture_free(r);
}

static void test_incomplete_is_timeout_result(void **state)
{
    (void)state;
    struct arc_thresholds t;
    arc_thresholds_init(&t);
    arcp_report *r = fixture_report(2);
    r->incomplete = 1;
    r->himds.state = ARCP_CRITICAL;
    /* not set by the operator: the core's verdict, a known CRITICAL */
    assert_int_equal(arc_apply_thresholds(r, &t), ARCP_CRITICAL);
    fixture_free(r);
    r = fixture_report(2);
    r->incomplete = 1;
    r->endpoints.items[1].cls = ARCP_EP_NOT_PROBED;
    r->endpoints.items[1].state = ARCP_UNKNOWN;
    r->endpoints.state = ARCP_UNKNOWN;
    assert_int_equal(arc_apply_thresholds(r, &t), ARCP_UNKNOWN);
    fixture_free(r);

    t.timeout_result = ARCP_CRITICAL;
    t.timeout_result_set = 1;
    r = fixture_report(2);
    r->incomplete = 1;
    assert_int_equal(arc_apply_thresholds(r, &t), ARCP_CRITICAL);
    assert_int_equal(r->state, ARCP_CRITICAL);
    fixture_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_worse_order),
        cmocka_unit_test(test_critical_before_warning),
        cmocka_unit_test(test_healthy_is_ok),
        cmocka_unit_test(test_core_states_fold),
        cmocka_unit_test(test_endpoint_time_thresholds),
        cmocka_unit_test(test_himds_latency),
        cmocka_unit_test(test_heartbeat),
        cmocka_unit_test(test_threshold_direction_in_core_words),
        cmocka_unit_test(test_incomplete_is_timeout_result),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
