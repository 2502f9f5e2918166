/* The AZCM lookup as a long-running host (collectd, the AgentX subagent)
 * does it: one configuration, cycle after cycle, the logs remembered between
 * cycles. Usage: azcm_bench AGENT_DIR [CYCLES [APPEND_BYTES]]
 * The first cycle reads the logs from their ends; before each later cycle
 * APPEND_BYTES of code-free lines are appended to himds.log. Prints the code,
 * the first cycle's bytes and time, and the bytes of the last (steady) cycle. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "azcm_internal.h"
#include "config_internal.h"
#include "http_batch.h"

static void append_lines(const char *agent_dir, size_t bytes)
{
    char path[4200];
    snprintf(path, sizeof(path), "%s/log/himds.log", agent_dir);
    FILE *f = fopen(path, "a");
    if (!f) {
        perror(path);
        exit(1);
    }
    const char *line = "time=\"2026-11-25T08:00:01Z\" level=info msg=\"Heartbeat sent\"\n";
    for (size_t n = 0; n < bytes; n += strlen(line))
        fputs(line, f);
    fclose(f);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s AGENT_DIR [CYCLES [APPEND_BYTES]]\n", argv[0]);
        return 2;
    }
    int cycles = argc > 2 ? atoi(argv[2]) : 3;
    size_t append = argc > 3 ? strtoul(argv[3], NULL, 10) : 0;
    arcp_config *cfg = arcp_config_new();
    char err[256];
    if (!cfg || arcp_config_set(cfg, "agent_dir", argv[1], err, sizeof(err)) != 0) {
        fprintf(stderr, "config: %s\n", cfg ? err : "out of memory");
        return 1;
    }
    struct arcp_azcm z;
    size_t first_bytes = 0;
    double first_s = 0;
    for (int i = 0; i < (cycles > 0 ? cycles : 1); i++) {
        if (i > 0 && append)
            append_lines(argv[1], append);
        double t0 = http_now();
        azcm_scan_hooked(cfg, time(NULL), 0, cfg->azcm_memory, &z, NULL);
        if (i == 0) {
            first_s = http_now() - t0;
            first_bytes = z.bytes_read;
        }
    }
    printf("code=%s first_bytes=%zu first_seconds=%.6f steady_bytes=%zu appended=%zu\ntext=%s\n",
           z.found ? z.code_str : "none", first_bytes, first_s, z.bytes_read, append, z.text);
    arcp_config_free(cfg);
    return 0;
}
