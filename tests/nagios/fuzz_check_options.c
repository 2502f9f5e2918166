/* libFuzzer target: check_azure_arc's command line (arc_options_parse) and
 * the early -t scan (arc_options_prescan_timeout) on arbitrary arguments.
 * The input is the argument list, arguments separated by NUL bytes. Oracles:
 *  - a refused command line always says why (a non-empty, terminated message);
 *  - an accepted one holds only values its parsers allow: checks a non-empty
 *    subset of ARCP_CHECK_ALL, verbose 0..3, timeout 0 or in (0, 3600],
 *    states in OK..UNKNOWN, every --set key non-empty and [A-Za-z0-9_];
 *  - the prescan agrees with the full parse on the -t it finds whenever the
 *    full parse accepted the line and -t was given once, as an option. */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "input_args.h"
#include "options.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_args a;
    if (fuzz_args_split(&a, "check_azure_arc", 32, data, size) != 0)
        return 0;
    int argc = a.argc;
    char **argv = a.argv;

    struct arc_options o;
    char err[512];
    memset(err, 'x', sizeof err);
    err[sizeof err - 1] = '\0';
    int rc = arc_options_parse(&o, argc, argv, err, sizeof err);
    if (rc != 0) {
        if (strnlen(err, sizeof err) >= sizeof err || err[0] == '\0' || err[0] == 'x')
            abort(); /* a refusal without a message */
    } else {
        if (o.checks == 0 || (o.checks & ~(unsigned)ARCP_CHECK_ALL) != 0)
            abort();
        if (o.verbose < 0 || o.verbose > ARC_VERBOSE_MAX)
            abort();
        if (!(o.timeout == 0 || (o.timeout > 0 && o.timeout <= 3600)))
            abort();
        if (o.timeout_result > ARCP_UNKNOWN || o.thresholds.timeout_result != o.timeout_result)
            abort();
        for (size_t i = 0; i < o.settings_count; i++) {
            const char *k = o.settings[i].key;
            if (k == NULL || k[0] == '\0' || o.settings[i].value == NULL)
                abort();
            for (; *k; k++)
                if (!isalnum((unsigned char)*k) && *k != '_')
                    abort();
        }
        int t_options = 0;
        for (int i = 1; i < argc; i++) {
            if (strcmp(argv[i], "--") == 0)
                break;
            t_options += strcmp(argv[i], "-t") == 0 || strcmp(argv[i], "--timeout") == 0 ||
                         strncmp(argv[i], "--timeout=", 10) == 0;
            if (argv[i][0] == '-' && argv[i][1] != '-' && strchr(argv[i], 't') != NULL &&
                strcmp(argv[i], "-t") != 0)
                t_options += 2; /* clustered or attached: not compared */
        }
        if (t_options == 1 && o.timeout > 0) {
            double seconds = 10;
            arcp_state result = ARCP_UNKNOWN;
            arc_options_prescan_timeout(argc, argv, &seconds, &result);
            if (seconds != o.timeout)
                abort();
        }
    }
    arc_options_free(&o);
    fuzz_args_free(&a);
    return 0;
}
