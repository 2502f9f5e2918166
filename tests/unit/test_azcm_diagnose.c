/* Each known failure message of the troubleshooting guide is recognised. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "azcm_diagnose.h"

static enum azcm_failure diagnose(const char *text, char *cause, char *remedy)
{
    return azcm_diagnose(text, strlen(text), cause, 512, remedy, 512);
}

static void test_seed_fixture_lines(void **state)
{
    (void)state;
    /* seed_failures.log has one line per row of the guide's table, in order */
    static const enum azcm_failure expect[] = {
        AZCM_FAIL_UNREACHABLE,      AZCM_FAIL_FORBIDDEN,
        AZCM_FAIL_NO_SUCH_HOST,     AZCM_FAIL_FORBIDDEN,
        AZCM_FAIL_INVALID_SECRET,   AZCM_FAIL_APP_NOT_FOUND,
        AZCM_FAIL_NO_AUTHORIZATION, AZCM_FAIL_PROVIDER_NOT_REGISTERED,
        AZCM_FAIL_FORBIDDEN,
    };
    FILE *f = fopen(FIXTURES_DIR "/logs/seed_failures.log", "r");
    assert_non_null(f);
    char line[4096], cause[512], remedy[512];
    size_t i = 0;
    while (fgets(line, sizeof(line), f)) {
        assert_true(i < sizeof(expect) / sizeof(expect[0]));
        enum azcm_failure got = diagnose(line, cause, remedy);
        if (got != expect[i])
            fail_msg("line %zu: got %d, expected %d", i + 1, got, expect[i]);
        assert_true(strlen(cause) > 0);
        assert_true(strlen(remedy) > 0);
        i++;
    }
    fclose(f);
    assert_int_equal(i, sizeof(expect) / sizeof(expect[0]));
}

static void test_texts(void **state)
{
    (void)state;
    char cause[512], remedy[512];
    assert_int_equal(diagnose("Post https://login.windows.net/t/oauth2/devicecode?api-version=1.0: "
                              " dial tcp 40.126.9.7:443: connect: network is unreachable",
                              cause, remedy),
                     AZCM_FAIL_UNREACHABLE);
    assert_string_equal(cause, "login.windows.net is unreachable: no network route to it");
    assert_string_equal(remedy,
                        "check routing and connectivity from this machine to login.windows.net "
                        "on TCP 443");

    assert_int_equal(diagnose("dial tcp lookup login.windows.net: no such host", cause, remedy),
                     AZCM_FAIL_NO_SUCH_HOST);
    assert_non_null(strstr(cause, "login.windows.net does not resolve"));
    /* Linux facts only: not the Windows profile-deleting group policy */
    assert_null(strstr(cause, "profile"));
    assert_null(strstr(remedy, "profile"));
    assert_non_null(strstr(remedy, "resolv"));

    assert_int_equal(diagnose("Get https://management.azure.com/subscriptions/x?api-version=1: "
                              " Forbidden",
                              cause, remedy),
                     AZCM_FAIL_FORBIDDEN);
    assert_string_equal(cause, "a proxy or firewall blocks access to management.azure.com");

    assert_int_equal(diagnose("does not have authorization to perform action "
                              "'Microsoft.HybridCompute/machines/read' ... Status Code=403 "
                              "Forbidden",
                              cause, remedy),
                     AZCM_FAIL_NO_AUTHORIZATION);
    assert_non_null(strstr(remedy, "\"Azure Connected Machine Onboarding\""));

    assert_int_equal(diagnose("The subscription is not registered to use namespace "
                              "'Microsoft.HybridCompute'",
                              cause, remedy),
                     AZCM_FAIL_PROVIDER_NOT_REGISTERED);
    assert_non_null(strstr(remedy, "Microsoft.HybridCompute"));

    assert_int_equal(diagnose("INVALID CLIENT SECRET IS PROVIDED", cause, remedy),
                     AZCM_FAIL_INVALID_SECRET);
    assert_int_equal(diagnose("Application with identifier 'a' was not found in the directory 'b'",
                              cause, remedy),
                     AZCM_FAIL_APP_NOT_FOUND);
    /* no host anywhere: a generic name */
    assert_int_equal(diagnose("connect: network is unreachable", cause, remedy),
                     AZCM_FAIL_UNREACHABLE);
    assert_string_equal(cause, "an Azure endpoint is unreachable: no network route to it");
}

static void test_no_match(void **state)
{
    (void)state;
    char cause[512] = "x", remedy[512] = "y";
    assert_int_equal(diagnose("Heartbeat sent", cause, remedy), AZCM_FAIL_NONE);
    assert_string_equal(cause, "");
    assert_string_equal(remedy, "");
    assert_int_equal(azcm_diagnose("", 0, cause, sizeof(cause), remedy, sizeof(remedy)),
                     AZCM_FAIL_NONE);
    /* a host name longer than the buffer is cut, not overflowed */
    char longhost[2000] = "https://";
    memset(longhost + 8, 'a', 1500);
    strcpy(longhost + 1508, ".com/: Forbidden");
    assert_int_equal(diagnose(longhost, cause, remedy), AZCM_FAIL_FORBIDDEN);
    assert_true(strlen(cause) < 512);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_fixture_lines),
        cmocka_unit_test(test_texts),
        cmocka_unit_test(test_no_match),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
