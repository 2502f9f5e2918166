/* azcm_fixture.c - the agent directory the AZCM scan tests share. */
#include "azcm_fixture.h"
#include "sanitize.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

char agent_dir[64];
char log_dir[128];
arcp_config *cfg;

int azcm_fixture_setup(void **state)
{
    (void)state;
    snprintf(agent_dir, sizeof(agent_dir), "/tmp/test_azcm.XXXXXX");
    if (!mkdtemp(agent_dir))
        return -1;
    snprintf(log_dir, sizeof(log_dir), "%s/log", agent_dir);
    if (mkdir(log_dir, 0755) != 0)
        return -1;
    cfg = arcp_config_new();
    if (!cfg)
        return -1;
    arcp_copy(cfg->agent_dir, sizeof(cfg->agent_dir), agent_dir);
    cfg->azcm_max_age = 86400;
    cfg->azcm_state = ARCP_WARNING;
    cfg->log_scan_max = 268435456ULL;
    return 0;
}

int azcm_fixture_teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", agent_dir);
    arcp_config_free(cfg);
    return system(cmd) == 0 ? 0 : -1;
}

const char *log_path(const char *name)
{
    static char path[2][256];
    static int which;
    which ^= 1;
    snprintf(path[which], sizeof(path[which]), "%s/%s", log_dir, name);
    return path[which];
}

int clear_logs(void)
{
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s' && mkdir '%s'", log_dir, log_dir);
    return system(cmd) == 0 ? 0 : -1;
}
