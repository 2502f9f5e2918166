/* test_dir.c - one private directory per test run, shared by the collectd
 * plugin's unit and thread tests. */
#include "test_dir.h"

#include "arcprobe.h"

#include <stdio.h>
#include <stdlib.h>

char test_dir[256];

int test_dir_create(const char *prefix)
{
    snprintf(test_dir, sizeof(test_dir), "/tmp/%s-XXXXXX", prefix);
    if (mkdtemp(test_dir) == NULL)
        return -1;
    /* Never load the machine's /etc/arcprobe/arcprobe.conf by accident,
     * and keep what the probe remembers (the identity file) in here, not in
     * the running user's ~/.cache. */
    char path[300];
    snprintf(path, sizeof(path), "%s/empty.conf", test_dir);
    FILE *f = fopen(path, "w");
    if (f == NULL)
        return -1;
    fprintf(f, "state_dir = %s/state\n", test_dir);
    fclose(f);
    setenv("ARCPROBE_CONFIG", path, 1);
    return arcp_global_init();
}

int test_dir_remove(void)
{
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", test_dir);
    arcp_global_cleanup();
    return system(cmd) == 0 ? 0 : -1;
}
