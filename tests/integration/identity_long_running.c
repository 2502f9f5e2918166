/* A long-running host in one process (as collectd and the AgentX subagent
 * are): arcp_probe in a loop, reporting how the identity was known each
 * cycle. usage: long_running CONFIG CYCLES PAUSE_MS [key=value...] */
#include "arcprobe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void pause_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0)
        ;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: long_running CONFIG CYCLES PAUSE_MS [key=value...]\n");
        return 2;
    }
    char err[ARCP_TEXT_MAX];
    arcp_global_init();
    arcp_config *cfg = arcp_config_new();
    if (!cfg || arcp_config_load(cfg, argv[1], err, sizeof err) != 0) {
        fprintf(stderr, "long_running: %s\n", cfg ? err : "out of memory");
        return 2;
    }
    for (int i = 4; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        if (!eq) {
            fprintf(stderr, "long_running: %s is not key=value\n", argv[i]);
            return 2;
        }
        *eq = '\0';
        if (arcp_config_set(cfg, argv[i], eq + 1, err, sizeof err) != 0) {
            fprintf(stderr, "long_running: %s\n", err);
            return 2;
        }
    }
    int cycles = atoi(argv[2]);
    long pause = atol(argv[3]);
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (int i = 0; i < cycles; i++) {
        arcp_report *r = NULL;
        if (arcp_probe(cfg, ARCP_CHECK_HIMDS, &r, err, sizeof err) != 0) {
            fprintf(stderr, "long_running: %s\n", err);
            return 2;
        }
        /* one line per cycle: state, identity, how it was known, when seen */
        printf("%s %d %s %lld\n", arcp_state_name(r->himds.state), r->himds.identity,
               r->himds.identity_source ? arcp_identity_source_name(r->himds.identity_source) : "-",
               (long long)r->himds.identity_seen);
        arcp_report_free(r);
        if (pause > 0 && i + 1 < cycles)
            pause_ms(pause);
    }
    clock_gettime(CLOCK_MONOTONIC, &end);
    printf("elapsed %.3f\n",
           (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9);
    arcp_config_free(cfg);
    arcp_global_cleanup();
    return 0;
}
