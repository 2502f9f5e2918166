/* azcm_fixture.h - the agent directory the AZCM scan tests share
 * (test_azcm_scan.c, test_azcm_incremental.c): a temporary directory with a
 * log/ below it, and a configuration pointing there. */
#ifndef ARCPROBE_TEST_AZCM_FIXTURE_H
#define ARCPROBE_TEST_AZCM_FIXTURE_H

#include "config_internal.h"

extern char agent_dir[64];
extern char log_dir[128];
extern arcp_config *cfg; /* agent_dir, a 1-day AZCM age, WARNING, 256 MiB scan cap */

/* Group set-up and tear-down for cmocka_run_group_tests. */
int azcm_fixture_setup(void **state);
int azcm_fixture_teardown(void **state);

/* log_dir/name; two calls' results may be used together. */
const char *log_path(const char *name);

/* An empty log/ again. Returns 0, -1 on failure. */
int clear_logs(void);

#endif
