/* libFuzzer target: the arcprobe command line (cli_parse) on arbitrary
 * arguments, separated by NUL bytes in the input. Oracles: an accepted line
 * holds only what the parser allows (a non-empty check mask within
 * ARCP_CHECK_ALL, at most 64 overrides each KEY=VALUE, color -1/0/1, not
 * both JSON and OpenMetrics); a refused one printed why on stderr. */
#include "cli_options.h"

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_ARGS 80

/* stderr goes to a memory file, so that "printed why" can be checked. */
static int stderr_ready(void)
{
    static int ready = -1;
    if (ready == -1) {
        int fd = memfd_create("stderr", 0);
        ready = fd >= 0 && dup2(fd, STDERR_FILENO) >= 0 && freopen("/dev/null", "w", stdout);
        if (fd >= 0)
            close(fd);
    }
    return ready;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4096 || !stderr_ready())
        return 0;
    char *copy = malloc(size + 1);
    if (copy == NULL)
        return 0;
    memcpy(copy, data, size);
    copy[size] = '\0';
    char *argv[MAX_ARGS + 2] = {"arcprobe"};
    int argc = 1;
    for (size_t i = 0; i <= size && argc <= MAX_ARGS;) {
        argv[argc++] = copy + i;
        i += strlen(copy + i) + 1;
    }
    argv[argc] = NULL;

    fflush(stderr);
    if (ftruncate(STDERR_FILENO, 0) != 0)
        return 0;
    lseek(STDERR_FILENO, 0, SEEK_SET);
    optind = 0; /* cli_parse runs once per process in arcprobe */
    struct cli_options opt;
    enum cli_parse_result r = cli_parse(argc, argv, &opt);
    fflush(stderr);
    off_t said = lseek(STDERR_FILENO, 0, SEEK_CUR);
    if (r == CLI_EXIT_USAGE && said <= 0)
        abort(); /* refused without a word */
    if (r == CLI_RUN) {
        if (opt.checks == 0 || (opt.checks & ~(unsigned)ARCP_CHECK_ALL) != 0)
            abort();
        if (opt.n_overrides < 0 || opt.n_overrides > 64)
            abort();
        for (int i = 0; i < opt.n_overrides; i++)
            if (opt.overrides[i] == NULL || strchr(opt.overrides[i], '=') == NULL)
                abort();
        if (opt.color < -1 || opt.color > 1 || (opt.json && opt.openmetrics))
            abort();
    }
    free(copy);
    return 0;
}
