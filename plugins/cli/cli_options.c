/* Command line of the arcprobe CLI. */
#include "cli_options.h"

#include "arcprobe_intl.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *out)
{
    fprintf(out, _("Usage: arcprobe [--config FILE] [--json | --format FORMAT] [--output FILE]\n"
                   "                [--check LIST] [--set KEY=VALUE]... [--timeout SECONDS]\n"
                   "                [--color=auto|always|never] [-v]\n"
                   "       arcprobe --help | --version\n"));
}

static void help(void)
{
    printf(_("arcprobe %s - is this machine's Azure Arc Connected Machine agent healthy?\n\n"),
           arcp_version());
    usage(stdout);
    printf(_("\n"
             "Probes the agent's local himds service and endpoint, its status and heartbeat,\n"
             "the last AZCM error code in its logs, and every Azure endpoint it needs, then\n"
             "prints a report. The exit status is the worst state: 0 OK, 1 WARNING,\n"
             "2 CRITICAL, 3 UNKNOWN (also for bad arguments or configuration).\n\n"
             "Options:\n"
             "  -C, --config FILE     configuration file (default $ARCPROBE_CONFIG or %s;\n"
             "                        the default file may be absent)\n"
             "  -j, --json            print the report as JSON (same as --format json)\n"
             "  -f, --format FORMAT   table (default), json, or openmetrics (Prometheus text\n"
             "                        exposition for node_exporter's textfile collector)\n"
             "  -o, --output FILE     write the report to FILE, replacing it atomically\n"
             "  -k, --check LIST      components to probe, comma separated:\n"
             "                        endpoints,himds,agent,azcm (default: all)\n"
             "  -s, --set KEY=VALUE   override one configuration key (repeatable)\n"
             "  -t, --timeout SECONDS whole-probe deadline (same as --set timeout=SECONDS)\n"
             "      --color=WHEN      colour the table: auto (on a terminal), always, never\n"
             "  -v, --verbose         show every endpoint, not only failing ones\n"
             "  -h, --help            this help\n"
             "  -V, --version         print the version\n"),
           ARCP_DEFAULT_CONFIG);
}

unsigned cli_parse_checks(const char *list)
{
    unsigned mask = 0;
    char why[256];
    return arcp_checks_parse(list, &mask, why, sizeof why) == 0 ? mask : 0;
}

enum cli_parse_result cli_parse(int argc, char **argv, struct cli_options *opt)
{
    enum { OPT_COLOR = 256 };
    static const struct option longopts[] = {
        {"config", required_argument, NULL, 'C'},  {"json", no_argument, NULL, 'j'},
        {"check", required_argument, NULL, 'k'},   {"set", required_argument, NULL, 's'},
        {"timeout", required_argument, NULL, 't'}, {"color", optional_argument, NULL, OPT_COLOR},
        {"verbose", no_argument, NULL, 'v'},       {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},       {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},  {NULL, 0, NULL, 0}};
    static char timeout_override[64];

    memset(opt, 0, sizeof *opt);
    opt->color = -1;
    opt->checks = ARCP_CHECK_ALL;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":C:jf:o:k:s:t:vhV", longopts, NULL)) != -1) {
        switch (c) {
        case 'C':
            opt->config_path = optarg;
            break;
        case 'j':
            opt->json = 1;
            opt->openmetrics = 0;
            break;
        case 'f':
            opt->json = strcmp(optarg, "json") == 0;
            opt->openmetrics = strcmp(optarg, "openmetrics") == 0;
            if (!opt->json && !opt->openmetrics && strcmp(optarg, "table") != 0) {
                fprintf(stderr, _("arcprobe: --format: '%s' is not table, json or openmetrics\n"),
                        optarg);
                usage(stderr);
                return CLI_EXIT_USAGE;
            }
            break;
        case 'o':
            opt->output_path = optarg;
            break;
        case 'k':
            opt->checks = cli_parse_checks(optarg);
            if (!opt->checks) {
                fprintf(stderr,
                        _("arcprobe: --check: '%s' is not a list of endpoints, himds, "
                          "agent, azcm\n"),
                        optarg);
                usage(stderr);
                return CLI_EXIT_USAGE;
            }
            break;
        case 's':
        case 't':
            if (opt->n_overrides == (int)(sizeof opt->overrides / sizeof opt->overrides[0])) {
                fprintf(stderr, _("arcprobe: too many --set options\n"));
                return CLI_EXIT_USAGE;
            }
            if (c == 't') {
                snprintf(timeout_override, sizeof timeout_override, "timeout=%s", optarg);
                opt->overrides[opt->n_overrides++] = timeout_override;
            } else {
                if (!strchr(optarg, '=')) {
                    fprintf(stderr, _("arcprobe: --set: expected KEY=VALUE, got '%s'\n"), optarg);
                    usage(stderr);
                    return CLI_EXIT_USAGE;
                }
                opt->overrides[opt->n_overrides++] = optarg;
            }
            break;
        case OPT_COLOR:
            if (!optarg || strcmp(optarg, "always") == 0)
                opt->color = 1;
            else if (strcmp(optarg, "never") == 0)
                opt->color = 0;
            else if (strcmp(optarg, "auto") == 0)
                opt->color = -1;
            else {
                fprintf(stderr, _("arcprobe: --color: '%s' is not auto, always or never\n"),
                        optarg);
                return CLI_EXIT_USAGE;
            }
            break;
        case 'v':
            opt->verbose++;
            break;
        case 'h':
            help();
            return CLI_EXIT_OK;
        case 'V':
            printf("arcprobe %s\n", arcp_version());
            return CLI_EXIT_OK;
        case ':':
            fprintf(stderr, _("arcprobe: option '%s' needs a value\n"), argv[optind - 1]);
            usage(stderr);
            return CLI_EXIT_USAGE;
        default:
            fprintf(stderr, _("arcprobe: unknown option '%s'\n"), argv[optind - 1]);
            usage(stderr);
            return CLI_EXIT_USAGE;
        }
    }
    if (optind < argc) {
        fprintf(stderr, _("arcprobe: unexpected argument '%s'\n"), argv[optind]);
        usage(stderr);
        return CLI_EXIT_USAGE;
    }
    return CLI_RUN;
}
