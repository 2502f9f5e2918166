/* libFuzzer target: the arcprobe command line (cli_parse) on arbitrary
 * arguments, separated by NUL bytes in the input. Oracles: an accepted line
 * holds only what the parser allows (a non-empty check mask within
 * ARCP_CHECK_ALL, at most 64 overrides each KEY=VALUE, color -1/0/1, not
 * both JSON and OpenMetrics); a refused one printed why on stderr. */
#include "cli_options.h"
#include "input_args.h"

#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_args a;
    if (!fuzz_stderr_capture() || fuzz_args_split(&a, "arcprobe", 80, data, size) != 0)
        return 0;
    if (fuzz_stderr_rewind() != 0) {
        fuzz_args_free(&a);
        return 0;
    }
    optind = 0; /* cli_parse runs once per process in arcprobe */
    struct cli_options opt;
    enum cli_parse_result r = cli_parse(a.argc, a.argv, &opt);
    if (r == CLI_EXIT_USAGE && fuzz_stderr_written() <= 0)
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
    fuzz_args_free(&a);
    return 0;
}
