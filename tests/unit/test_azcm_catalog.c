/* The AZCM catalog against Microsoft's current table (reference section
 * "Corrections and additions"): every code resolves, a code whose meaning
 * changed since the seeds says both, exit-only statuses are named. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "azcm_catalog.h"

/* Inclusive ranges of the current table (troubleshoot-agent-onboard.md). */
static const int current_table[][2] = {
    {0, 6},   {11, 20},   {23, 23},   {26, 28},   {41, 45},   {61, 70},   {72, 76},
    {81, 83}, {101, 103}, {105, 105}, {107, 108}, {127, 160}, {171, 171},
};

static void test_every_current_code_resolves(void **state)
{
    (void)state;
    int count = 0;
    for (size_t i = 0; i < sizeof(current_table) / sizeof(current_table[0]); i++) {
        for (int code = current_table[i][0]; code <= current_table[i][1]; code++) {
            const struct azcm_code *c = azcm_catalog_lookup(code);
            if (!c)
                fail_msg("AZCM%04d missing from the catalog", code);
            assert_true(c->code == code || (c->code < code && code <= c->last));
            assert_true(strlen(c->name) > 0);
            assert_true(strlen(c->meaning) > 0);
            assert_true(strlen(c->remedy) > 0);
            /* report text must not need sanitising */
            assert_null(strchr(c->meaning, '|'));
            assert_null(strchr(c->remedy, '|'));
            count++;
        }
    }
    assert_int_equal(count, 85);
}

/* Short names as the agent prints them (2022 table). */
static void test_agent_short_names(void **state)
{
    (void)state;
    assert_string_equal(azcm_catalog_lookup(0)->name, "No Error");
    assert_string_equal(azcm_catalog_lookup(18)->name, "Admin Privileges Needed");
    assert_string_equal(azcm_catalog_lookup(41)->name, "Failed to Get Access Token");
    assert_string_equal(azcm_catalog_lookup(26)->name, "Network Error");
}

static void assert_contains(const char *text, const char *part)
{
    if (!strstr(text, part))
        fail_msg("'%s' lacks '%s'", text, part);
}

/* Current meaning first, then the seeds' meaning that old agents still log. */
static void test_changed_codes_say_both(void **state)
{
    (void)state;
    static const struct {
        int code;
        const char *current, *older;
    } changed[] = {
        {65, "not responding or unavailable", "failed to talk to each other"},
        {68, "given by name", "while disconnecting"},
        {101, "failed to execute", "command line could not be parsed"},
    };
    for (size_t i = 0; i < sizeof changed / sizeof changed[0]; i++) {
        const struct azcm_code *c = azcm_catalog_lookup(changed[i].code);
        assert_non_null(c);
        assert_true(c->changed);
        const char *cur = strstr(c->meaning, changed[i].current);
        const char *era = strstr(c->meaning, "Agents before 2022: ");
        const char *old = strstr(c->meaning, changed[i].older);
        assert_non_null(cur);
        assert_non_null(era);
        assert_non_null(old);
        assert_true(cur < era && era < old);
        if (changed[i].code != 101) /* the same remedy then and now */
            assert_contains(c->remedy, "Agents before 2022: ");
    }
    /* Changed without an older meaning in the seeds: only the current one. */
    assert_contains(azcm_catalog_lookup(148)->meaning, "installer failed");
    assert_contains(azcm_catalog_lookup(149)->meaning, "msiexec");
    assert_contains(azcm_catalog_lookup(105)->meaning, "managed identity certificate");
    assert_contains(azcm_catalog_lookup(157)->meaning, "packages.microsoft.com");
    /* Left the table: only old agents write it. */
    const struct azcm_code *gone = azcm_catalog_lookup(104);
    assert_non_null(gone);
    assert_contains(gone->meaning, "No longer in Microsoft's current table");
    assert_contains(gone->meaning, "system information");
}

/* The current table gives 0061, 0064, 0065, 0066 and 0070 one remedy: run
 * elevated, make sure himds runs, retry (0065 then adds its old one). */
static void test_agent_service_codes_share_remedy(void **state)
{
    (void)state;
    static const int codes[] = {61, 64, 65, 66, 70};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        const struct azcm_code *c = azcm_catalog_lookup(codes[i]);
        assert_non_null(c);
        if (strncmp(c->remedy, "Run the command as root, make sure himdsd is running, then retry.",
                    65) != 0)
            fail_msg("AZCM%04d remedy '%s' does not start with the current one", codes[i],
                     c->remedy);
    }
}

static void test_exit_only_statuses(void **state)
{
    (void)state;
    char text[200];
    static const int exit_only[] = {77, 78, 104, 106};
    for (size_t i = 0; i < 4; i++) {
        assert_non_null(azcm_exit_status_lookup(exit_only[i]));
        azcm_exit_status_describe(text, sizeof text, exit_only[i]);
        assert_contains(text, "not an AZCM code");
    }
    assert_null(azcm_exit_status_lookup(26));
    azcm_exit_status_describe(text, sizeof text, 26);
    assert_string_equal(text, "exit status 26 (AZCM0026 Network Error)");
    azcm_exit_status_describe(text, sizeof text, 104);
    assert_string_equal(
        text, "exit status 104 (not an AZCM code: the private key could not be retrieved)");
    azcm_exit_status_describe(text, sizeof text, 250);
    assert_string_equal(text, "exit status 250");
}

static void test_sorted_unique_and_unknown(void **state)
{
    (void)state;
    size_t n = azcm_catalog_count();
    for (size_t i = 1; i < n; i++) {
        const struct azcm_code *a = azcm_catalog_at(i - 1), *b = azcm_catalog_at(i);
        assert_true((a->last > a->code ? a->last : a->code) < b->code);
    }
    assert_null(azcm_catalog_at(n));
    assert_null(azcm_catalog_lookup(999));
    assert_null(azcm_catalog_lookup(7));
    assert_null(azcm_catalog_lookup(-1));
    assert_null(azcm_catalog_lookup(106));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_current_code_resolves),
        cmocka_unit_test(test_agent_short_names),
        cmocka_unit_test(test_changed_codes_say_both),
        cmocka_unit_test(test_agent_service_codes_share_remedy),
        cmocka_unit_test(test_exit_only_statuses),
        cmocka_unit_test(test_sorted_unique_and_unknown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
