#ifndef ARCPROBE_CLI_OPTIONS_H
#define ARCPROBE_CLI_OPTIONS_H
#include "arcprobe.h"

struct cli_options {
    const char *config_path; /* NULL: default */
    int json;
    int openmetrics;         /* --format openmetrics: Prometheus text exposition */
    const char *output_path; /* --output: replace this file atomically; NULL: stdout */
    int color;               /* -1 auto, 0 never, 1 always */
    int verbose;
    unsigned checks;
    /* key=value overrides, applied after the file, in order */
    const char *overrides[64];
    int n_overrides;
};

enum cli_parse_result { CLI_RUN, CLI_EXIT_OK, CLI_EXIT_USAGE };

/* Parses argv; on CLI_EXIT_* the caller exits (0 after --help/--version,
 * 3 after a usage error, which has been printed to stderr). */
enum cli_parse_result cli_parse(int argc, char **argv, struct cli_options *opt);

/* "endpoints,himds" -> ARCP_CHECK_* mask; 0 on an unknown name. */
unsigned cli_parse_checks(const char *list);

#endif
