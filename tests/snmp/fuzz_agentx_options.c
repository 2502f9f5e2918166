/* Fuzz target (seed replay under ctest): arcprobe-agentx's command line
 * (options_parse) on arbitrary arguments, separated by NUL bytes in the
 * input. Oracles: an accepted line holds only what the parser allows
 * (interval 1..86400 s, ping interval 0..3600 s, at most
 * OPTIONS_MAX_OVERRIDES overrides, each with a non-empty key and a value, a
 * non-empty AgentX address); a refused one printed why on stderr. Lines with
 * a -L/--log option are skipped: it opens log files and syslog for real. */
#include "input_args.h"
#include "options.h"

#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int names_log_option(const char *arg)
{
    if (strncmp(arg, "--", 2) == 0)
        return strncmp(arg, "--l", 3) == 0;
    return arg[0] == '-' && strchr(arg, 'L') != NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_args a;
    if (!fuzz_stderr_capture() || fuzz_args_split(&a, "arcprobe-agentx", 48, data, size) != 0)
        return 0;
    for (int i = 1; i < a.argc; i++)
        if (names_log_option(a.argv[i])) {
            fuzz_args_free(&a);
            return 0;
        }
    if (fuzz_stderr_rewind() != 0) {
        fuzz_args_free(&a);
        return 0;
    }
    optind = 0; /* options_parse runs once per process in the subagent */
    struct agentx_options opts;
    enum options_result r = options_parse(a.argc, a.argv, &opts);
    if (r == OPTIONS_BAD && fuzz_stderr_written() <= 0)
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
    fuzz_args_free(&a);
    return 0;
}
