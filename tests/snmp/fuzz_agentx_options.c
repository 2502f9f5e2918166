/* Fuzz target (seed replay under ctest): arcprobe-agentx's command line
 * (options_parse) on arbitrary arguments, separated by NUL bytes in the
 * input. Oracles: an accepted line holds only what the parser allows
 * (interval 1..86400 s, ping interval 0..3600 s, at most
 * OPTIONS_MAX_OVERRIDES overrides, each with a non-empty key and a value, a
 * non-empty AgentX address); a refused one printed why on stderr. Lines with
 * a -L/--log option are skipped: it opens log files and syslog for real. */
#include "options.h"

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_ARGS 48

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

static int names_log_option(const char *arg)
{
    if (strncmp(arg, "--", 2) == 0)
        return strncmp(arg, "--l", 3) == 0;
    return arg[0] == '-' && strchr(arg, 'L') != NULL;
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
    char *argv[MAX_ARGS + 2] = {"arcprobe-agentx"};
    int argc = 1;
    for (size_t i = 0; i <= size && argc <= MAX_ARGS;) {
        argv[argc++] = copy + i;
        i += strlen(copy + i) + 1;
    }
    argv[argc] = NULL;
    for (int i = 1; i < argc; i++)
        if (names_log_option(argv[i])) {
            free(copy);
            return 0;
        }

    fflush(stderr);
    if (ftruncate(STDERR_FILENO, 0) != 0 || lseek(STDERR_FILENO, 0, SEEK_SET) != 0) {
        free(copy);
        return 0;
    }
    optind = 0; /* options_parse runs once per process in the subagent */
    struct agentx_options opts;
    enum options_result r = options_parse(argc, argv, &opts);
    fflush(stderr);
    if (r == OPTIONS_BAD && lseek(STDERR_FILENO, 0, SEEK_CUR) <= 0)
        abort(); /* refused without a word */
    if (r == OPTIONS_RUN) {
        if (opts.interval_s < 1 || opts.interval_s > 86400 || opts.ping_interval_s > 3600)
            abort();
        if (opts.override_count > OPTIONS_MAX_OVERRIDES)
            abort();
        for (size_t i = 0; i < opts.override_count; i++)
            if (opts.overrides[i].key[0] == '\0' || opts.overrides[i].value == NULL ||
                strchr(opts.overrides[i].key, '=') != NULL)
                abort();
        if (opts.agentx_socket != NULL && opts.agentx_socket[0] == '\0')
            abort();
    }
    free(copy);
    return 0;
}
