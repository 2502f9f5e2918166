/* The expiry countdown of a Disconnected agent: 45 days from the last
 * heartbeat, thresholds in days, the Expired remedy. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "agent_expiry.h"
#include "agent_status.h"
#include "arcprobe.h"

#include <string.h>
#include <time.h>

#define DAY 86400LL

static struct arcp_agent disconnected_since(long long age_s)
{
    struct arcp_agent a;
    memset(&a, 0, sizeof a);
    a.status = ARCP_AGENT_DISCONNECTED;
    a.last_heartbeat = time(NULL) - (time_t)age_s;
    a.heartbeat_age_s = age_s;
    return a;
}

static void forty_days_old(void **state)
{
    (void)state;
    arcp_config *cfg = arcp_config_new();
    struct arcp_agent a = disconnected_since(40 * DAY);
    agent_status_fold(cfg, &a, NULL);
    assert_int_equal(a.expires_in_s, 5 * DAY);
    assert_int_equal(a.expires_at, a.last_heartbeat + 45 * DAY);
    assert_int_equal(a.expiry_state, ARCP_CRITICAL); /* under 7 days by default */
    assert_non_null(strstr(a.expiry_text, "expires in about 5 days"));
    assert_non_null(strstr(a.expiry_text, "estimate: last heartbeat"));
    assert_non_null(strstr(a.expiry_text, "+ 45 days"));
    assert_true(a.expiry_remedy[0] != '\0');
    /* the one line an alert shows carries the countdown */
    assert_non_null(strstr(a.text, "expires in about 5 days (estimate)"));
    assert_int_equal(a.state, ARCP_CRITICAL);

    char err[256];
    assert_int_equal(arcp_config_set(cfg, "expiry_critical_days", "3", err, sizeof err), 0);
    agent_status_fold(cfg, &a, NULL);
    assert_int_equal(a.expiry_state, ARCP_WARNING);
    assert_int_equal(arcp_config_set(cfg, "expiry_warning_days", "4", err, sizeof err), 0);
    agent_status_fold(cfg, &a, NULL);
    assert_int_equal(a.expiry_state, ARCP_OK);
    assert_string_equal(a.expiry_remedy, "");
    arcp_config_free(cfg);
}

static void default_windows(void **state)
{
    (void)state;
    arcp_config *cfg = arcp_config_new();
    struct arcp_agent a = disconnected_since(8 * DAY); /* 37 days left */
    agent_status_fold(cfg, &a, NULL);
    assert_int_equal(a.expiry_state, ARCP_OK);
    assert_non_null(strstr(a.text, "expires in about 37 days"));
    a = disconnected_since(32 * DAY); /* 13 days left */
    agent_status_fold(cfg, &a, NULL);
    assert_int_equal(a.expiry_state, ARCP_WARNING);
    a = disconnected_since(46 * DAY); /* past the limit while still "Disconnected" */
    agent_status_fold(cfg, &a, NULL);
    assert_int_equal(a.expires_in_s, 0);
    assert_int_equal(a.expiry_state, ARCP_CRITICAL);
    assert_non_null(strstr(a.expiry_remedy, "azcmagent disconnect"));
    arcp_config_free(cfg);
}

static void expired_says_what_to_do(void **state)
{
    (void)state;
    arcp_config *cfg = arcp_config_new();
    struct arcp_agent a;
    memset(&a, 0, sizeof a);
    a.status = ARCP_AGENT_EXPIRED;
    a.heartbeat_age_s = -1;
    agent_status_fold(cfg, &a, NULL);
    assert_int_equal(a.expires_in_s, 0);
    assert_int_equal(a.expiry_state, ARCP_CRITICAL);
    const char *disconnect = strstr(a.expiry_remedy, "azcmagent disconnect");
    const char *connect = strstr(a.expiry_remedy, "azcmagent connect");
    assert_non_null(disconnect);
    assert_non_null(connect);
    assert_true(disconnect < connect);
    arcp_config_free(cfg);
}

static void not_applicable(void **state)
{
    (void)state;
    arcp_config *cfg = arcp_config_new();
    struct arcp_agent a = disconnected_since(60);
    a.status = ARCP_AGENT_CONNECTED;
    agent_status_fold(cfg, &a, NULL);
    assert_int_equal(a.expires_in_s, -1);
    assert_int_equal(a.expires_at, 0);
    assert_string_equal(a.expiry_text, "");

    /* Disconnected without a heartbeat: no number, but it says why */
    memset(&a, 0, sizeof a);
    a.status = ARCP_AGENT_DISCONNECTED;
    a.heartbeat_age_s = -1;
    agent_status_fold(cfg, &a, NULL);
    assert_int_equal(a.expires_in_s, -1);
    assert_int_equal(a.expiry_state, ARCP_OK);
    assert_non_null(strstr(a.expiry_text, "no last heartbeat"));
    arcp_config_free(cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(forty_days_old),
        cmocka_unit_test(default_windows),
        cmocka_unit_test(expired_says_what_to_do),
        cmocka_unit_test(not_applicable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
