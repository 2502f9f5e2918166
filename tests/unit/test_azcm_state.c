/* A one-shot run's state file around the AZCM scan (azcm_state.c): a scan
 * the deadline cut short is never saved as if it were whole, and a whole
 * one is, so that the next run resumes where it ended. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <string.h>

#include "azcm_fixture.h"
#include "azcm_state.h"
#include "http_batch.h"
#include "rfc3339.h"

static char state_dir[128];
static time_t now;

static int setup(void **state)
{
    if (azcm_fixture_setup(state) != 0)
        return -1;
    snprintf(state_dir, sizeof state_dir, "%s/state", agent_dir);
    char err[256];
    if (arcp_config_set(cfg, "state_dir", state_dir, err, sizeof err) != 0)
        return -1;
    arcp_config_keep_state(cfg);
    return rfc3339_parse("2026-11-25T09:00:00Z", 20, &now);
}

/* How many state files the directory holds. */
static int state_files(void)
{
    DIR *d = opendir(state_dir);
    int n = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        n += strncmp(e->d_name, "azcm-", 5) == 0;
    if (d)
        closedir(d);
    return n;
}

static void test_incomplete_scan_not_saved(void **state)
{
    (void)state;
    FILE *f = fopen(log_path("himds.log"), "w");
    assert_non_null(f);
    fputs("time=\"2026-11-25T08:50:00Z\" level=error msg=\"AZCM0026: Network Error\"\n", f);
    assert_int_equal(fclose(f), 0);

    struct arcp_azcm out;
    azcm_scan_kept(cfg, now, http_now() - 1, &out); /* the deadline has passed */
    assert_int_equal(out.incomplete, 1);
    assert_int_equal(state_files(), 0);
    assert_string_equal(out.note, "");

    azcm_scan_kept(cfg, now, 0, &out);
    assert_int_equal(out.incomplete, 0);
    assert_int_equal(out.code, 26);
    assert_int_equal(state_files(), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_incomplete_scan_not_saved),
    };
    return cmocka_run_group_tests(tests, setup, azcm_fixture_teardown);
}
