/* Times the core's AZCM lookup on an agent directory. Usage:
 * azcm_bench AGENT_DIR [RUNS]  -> prints code, bytes read, best seconds. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "azcm_scan.h"
#include "config_internal.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s AGENT_DIR [RUNS]\n", argv[0]);
        return 2;
    }
    int runs = argc > 2 ? atoi(argv[2]) : 5;
    arcp_config *cfg = arcp_config_new();
    char err[256];
    if (!cfg || arcp_config_set(cfg, "agent_dir", argv[1], err, sizeof(err)) != 0) {
        fprintf(stderr, "config: %s\n", cfg ? err : "out of memory");
        return 1;
    }
    struct arcp_azcm z;
    double best = 1e9, first = 0;
    for (int i = 0; i < (runs > 0 ? runs : 1); i++) {
        double t0 = now_s();
        azcm_scan(cfg, time(NULL), &z);
        double dt = now_s() - t0;
        if (i == 0)
            first = dt;
        if (dt < best)
            best = dt;
    }
    printf("code=%s bytes_read=%zu seconds=%.6f first_run=%.6f state=%d\ntext=%s\n",
           z.found ? z.code_str : "none", z.bytes_read, best, first, (int)z.state, z.text);
    arcp_config_free(cfg);
    return 0;
}
