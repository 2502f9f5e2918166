/* options.c - parse the command line of arcprobe-agentx. */
#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "arcprobe.h"

#define DEFAULT_INTERVAL_S 60
#define DEFAULT_PING_INTERVAL_S 15

enum { OPT_INTERVAL = 1000, OPT_PING_INTERVAL };

/* An argument as error messages echo it: proxy credentials masked. */
static const char *shown(const char *arg)
{
    static char buf[1024];
    return arcp_mask_credentials(buf, sizeof buf, arg);
}

static void usage(FILE *out)
{
    fprintf(
        out,
        "Usage: arcprobe-agentx [OPTIONS]\n"
        "Net-SNMP AgentX subagent serving ARCPROBE-MIB: the health of the Azure Arc\n"
        "Connected Machine agent, probed every --interval seconds.\n"
        "\n"
        "  -c, --config FILE        arcprobe configuration (default $ARCPROBE_CONFIG or %s)\n"
        "  -o, --set KEY=VALUE      override one configuration key (repeatable)\n"
        "  -x, --agentx-socket ADDR AgentX master address (default /var/agentx/master;\n"
        "                           e.g. /run/agentx.sock or tcp:localhost:705)\n"
        "  -i, --interval SECONDS   time between probes, start to start (default %d)\n"
        "  -p, --ping-interval SECONDS\n"
        "                           ping the master this often and reconnect when it\n"
        "                           went away (default %d; 0 = never)\n"
        "  -f, --foreground         do not fork (logs to stderr unless -L says otherwise)\n"
        "  -L, --log OPTS           Net-SNMP logging: -Le stderr, -Lo stdout, -Lf FILE,\n"
        "                           -Ls FACILITY syslog (default: stderr with -f, else syslog)\n"
        "  -h, --help               this text\n"
        "  -V, --version            version\n",
        arcp_config_default_path(), DEFAULT_INTERVAL_S, DEFAULT_PING_INTERVAL_S);
}

static int parse_seconds(const char *text, unsigned min, unsigned max, unsigned *out)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || v < (long)min || v > (long)max)
        return -1;
    *out = (unsigned)v;
    return 0;
}

static int add_override(struct agentx_options *opts, const char *arg)
{
    const char *eq = strchr(arg, '=');
    if (eq == NULL || eq == arg || (size_t)(eq - arg) >= sizeof opts->overrides[0].key) {
        fprintf(stderr, "arcprobe-agentx: --set wants KEY=VALUE, not '%s'\n", shown(arg));
        return -1;
    }
    if (opts->override_count == OPTIONS_MAX_OVERRIDES) {
        fprintf(stderr, "arcprobe-agentx: at most %d --set options\n", OPTIONS_MAX_OVERRIDES);
        return -1;
    }
    size_t n = opts->override_count++;
    memcpy(opts->overrides[n].key, arg, (size_t)(eq - arg));
    opts->overrides[n].key[eq - arg] = '\0';
    opts->overrides[n].value = eq + 1;
    return 0;
}

enum options_result options_parse(int argc, char **argv, struct agentx_options *opts)
{
    static const struct option longopts[] = {
        {"config", required_argument, NULL, 'c'},
        {"set", required_argument, NULL, 'o'},
        {"agentx-socket", required_argument, NULL, 'x'},
        {"interval", required_argument, NULL, 'i'},
        {"ping-interval", required_argument, NULL, 'p'},
        {"foreground", no_argument, NULL, 'f'},
        {"log", required_argument, NULL, 'L'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };

    memset(opts, 0, sizeof *opts);
    opts->interval_s = DEFAULT_INTERVAL_S;
    opts->ping_interval_s = DEFAULT_PING_INTERVAL_S;

    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":c:o:x:i:p:fL:hV", longopts, NULL)) != -1) {
        switch (c) {
        case 'c':
            opts->config_path = optarg;
            break;
        case 'o':
            if (add_override(opts, optarg) != 0)
                return OPTIONS_BAD;
            break;
        case 'x':
            if (optarg[0] == '\0') {
                fprintf(stderr, "arcprobe-agentx: -x wants an address\n");
                return OPTIONS_BAD;
            }
            opts->agentx_socket = optarg;
            break;
        case 'i':
            if (parse_seconds(optarg, 1, 86400, &opts->interval_s) != 0) {
                fprintf(stderr, "arcprobe-agentx: --interval wants 1..86400 seconds, not '%s'\n",
                        shown(optarg));
                return OPTIONS_BAD;
            }
            break;
        case 'p':
            if (parse_seconds(optarg, 0, 3600, &opts->ping_interval_s) != 0) {
                fprintf(stderr,
                        "arcprobe-agentx: --ping-interval wants 0..3600 seconds, not '%s'\n",
                        shown(optarg));
                return OPTIONS_BAD;
            }
            break;
        case 'f':
            opts->foreground = 1;
            break;
        case 'L':
            if (snmp_log_options(optarg, argc, argv) < 0) {
                fprintf(stderr, "arcprobe-agentx: bad -L option '%s'\n", shown(optarg));
                return OPTIONS_BAD;
            }
            opts->logging_chosen = 1;
            break;
        case 'h':
            usage(stdout);
            return OPTIONS_EXIT_OK;
        case 'V':
            printf("arcprobe-agentx %s (Net-SNMP %s)\n", arcp_version(), netsnmp_get_version());
            return OPTIONS_EXIT_OK;
        case ':':
            fprintf(stderr, "arcprobe-agentx: option '%s' needs a value\n",
                    shown(argv[optind - 1]));
            return OPTIONS_BAD;
        default:
            fprintf(stderr, "arcprobe-agentx: unknown option '%s' (try --help)\n",
                    shown(argv[optind - 1]));
            return OPTIONS_BAD;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "arcprobe-agentx: unexpected argument '%s'\n", shown(argv[optind]));
        return OPTIONS_BAD;
    }
    return OPTIONS_RUN;
}
