#include "options.h"
#include "scenario.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef ARC_SIM_DEFAULT_CERT
#error "ARC_SIM_DEFAULT_CERT must be defined by the build"
#endif
#ifndef ARC_SIM_DEFAULT_KEY
#error "ARC_SIM_DEFAULT_KEY must be defined by the build"
#endif
#ifndef ARC_SIM_DEFAULT_CA
#error "ARC_SIM_DEFAULT_CA must be defined by the build"
#endif

enum {
    OPT_TLS_PORT = 256,
    OPT_PROCESS_NAME,
    OPT_TLS_CERT,
    OPT_TLS_KEY,
    OPT_CA,
    OPT_TLS_DELAY,
    OPT_AGENTSTATUS_EXTRAS
};

static void print_help(FILE *out, const char *prog)
{
    fprintf(out,
            "Usage: %s --dir DIR [options]\n"
            "Simulated Azure Arc Connected Machine agent for arcprobe's tests.\n"
            "\n"
            "  --dir DIR            working directory (created if missing): DIR/agent,\n"
            "                       DIR/arcprobe.conf, DIR/ready, DIR/scenario\n"
            "  --port N             himds port on 127.0.0.1 (default 0 = ephemeral)\n"
            "  --tls-port N         HTTPS endpoint port on 127.0.0.1 (default 0 = ephemeral)\n"
            "  --scenario NAME      initial scenario (default connected): %s\n"
            "  --process-name NAME  process name while himds is up (default himds, max %d chars)\n"
            "  --tls-cert FILE      server certificate (default %s)\n"
            "  --tls-key FILE       server key (default %s)\n"
            "  --ca FILE            CA written into arcprobe.conf as ca_file (default %s)\n"
            "  --tls-delay-ms N     delay before every HTTPS answer (default 0)\n"
            "  --agentstatus-extras /agentstatus also serves the members no public source\n"
            "                       shows there (lastHeartbeat, location, agentVersion, ...);\n"
            "                       by default it answers only the confirmed `status`\n"
            "  --help               this text\n"
            "\n"
            "Write a scenario name into DIR/scenario to switch; DIR/ready then shows\n"
            "scenario=NAME. SIGTERM or SIGINT exits.\n",
            prog, scenario_names(), SIM_PROCESS_NAME_MAX, ARC_SIM_DEFAULT_CERT, ARC_SIM_DEFAULT_KEY,
            ARC_SIM_DEFAULT_CA);
}

static int parse_uint(const char *what, const char *s, unsigned long max, unsigned *out)
{
    char *end = NULL;
    errno = 0;
    if (s[0] < '0' || s[0] > '9') {
        fprintf(stderr, "arc-sim: %s: not a number: '%s'\n", what, s);
        return -1;
    }
    unsigned long v = strtoul(s, &end, 10);
    if (errno != 0 || *end != '\0' || v > max) {
        fprintf(stderr, "arc-sim: %s: expected 0..%lu, got '%s'\n", what, max, s);
        return -1;
    }
    *out = (unsigned)v;
    return 0;
}

/* Resolves `path` to an absolute name of an existing readable file. */
static int resolve_file(const char *what, const char *path, char out[PATH_MAX])
{
    if (access(path, R_OK) != 0 || realpath(path, out) == NULL) {
        fprintf(stderr, "arc-sim: %s: cannot read '%s': %s\n", what, path, strerror(errno));
        return -1;
    }
    return 0;
}

static int copy_arg(const char *what, const char *s, char *dst, size_t size)
{
    size_t n = strlen(s);
    if (n == 0 || n >= size) {
        fprintf(stderr, "arc-sim: %s: must be 1..%zu characters\n", what, size - 1);
        return -1;
    }
    memcpy(dst, s, n + 1);
    return 0;
}

int options_parse(int argc, char **argv, struct sim_options *opt)
{
    static const struct option longopts[] = {
        {"dir", required_argument, NULL, 'd'},
        {"port", required_argument, NULL, 'p'},
        {"tls-port", required_argument, NULL, OPT_TLS_PORT},
        {"scenario", required_argument, NULL, 's'},
        {"process-name", required_argument, NULL, OPT_PROCESS_NAME},
        {"tls-cert", required_argument, NULL, OPT_TLS_CERT},
        {"tls-key", required_argument, NULL, OPT_TLS_KEY},
        {"ca", required_argument, NULL, OPT_CA},
        {"tls-delay-ms", required_argument, NULL, OPT_TLS_DELAY},
        {"agentstatus-extras", no_argument, NULL, OPT_AGENTSTATUS_EXTRAS},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *prog = argc > 0 ? argv[0] : "arc-sim";
    const char *dir = NULL;
    const char *cert = ARC_SIM_DEFAULT_CERT;
    const char *key = ARC_SIM_DEFAULT_KEY;
    const char *ca = ARC_SIM_DEFAULT_CA;
    int c;

    memset(opt, 0, sizeof(*opt));
    opt->scenario = SCENARIO_CONNECTED;
    strcpy(opt->process_name, "himds");

    opterr = 1;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            dir = optarg;
            break;
        case 'p':
            if (parse_uint("--port", optarg, 65535, &opt->port) != 0)
                return OPTIONS_EXIT_USAGE;
            break;
        case OPT_TLS_PORT:
            if (parse_uint("--tls-port", optarg, 65535, &opt->tls_port) != 0)
                return OPTIONS_EXIT_USAGE;
            break;
        case 's':
            if (scenario_parse(optarg, &opt->scenario) != 0) {
                fprintf(stderr, "arc-sim: --scenario: unknown '%s'; one of: %s\n", optarg,
                        scenario_names());
                return OPTIONS_EXIT_USAGE;
            }
            break;
        case OPT_PROCESS_NAME:
            if (copy_arg("--process-name", optarg, opt->process_name, sizeof(opt->process_name)) !=
                0)
                return OPTIONS_EXIT_USAGE;
            if (strcspn(optarg, "/ \t\r\n") != strlen(optarg)) {
                fprintf(stderr, "arc-sim: --process-name: no '/' or white space allowed\n");
                return OPTIONS_EXIT_USAGE;
            }
            break;
        case OPT_TLS_CERT:
            cert = optarg;
            break;
        case OPT_TLS_KEY:
            key = optarg;
            break;
        case OPT_CA:
            ca = optarg;
            break;
        case OPT_TLS_DELAY:
            if (parse_uint("--tls-delay-ms", optarg, 600000, &opt->tls_delay_ms) != 0)
                return OPTIONS_EXIT_USAGE;
            break;
        case OPT_AGENTSTATUS_EXTRAS:
            opt->agentstatus_extras = true;
            break;
        case 'h':
            print_help(stdout, prog);
            return OPTIONS_EXIT_SUCCESS;
        default:
            fprintf(stderr, "Try '%s --help'.\n", prog);
            return OPTIONS_EXIT_USAGE;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "arc-sim: unexpected argument '%s'\n", argv[optind]);
        return OPTIONS_EXIT_USAGE;
    }
    if (dir == NULL || dir[0] == '\0') {
        fprintf(stderr, "arc-sim: --dir DIR is required\n");
        return OPTIONS_EXIT_USAGE;
    }
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, "arc-sim: --dir: cannot create '%s': %s\n", dir, strerror(errno));
        return OPTIONS_EXIT_USAGE;
    }
    if (realpath(dir, opt->dir) == NULL) {
        fprintf(stderr, "arc-sim: --dir: '%s': %s\n", dir, strerror(errno));
        return OPTIONS_EXIT_USAGE;
    }
    /* Leave room for the longest file name below DIR (agent/tokens/<hex>.key). */
    if (strlen(opt->dir) > PATH_MAX - 128) {
        fprintf(stderr, "arc-sim: --dir: path too long\n");
        return OPTIONS_EXIT_USAGE;
    }
    if (resolve_file("--tls-cert", cert, opt->tls_cert) != 0 ||
        resolve_file("--tls-key", key, opt->tls_key) != 0 ||
        resolve_file("--ca", ca, opt->ca_file) != 0)
        return OPTIONS_EXIT_USAGE;
    return OPTIONS_OK;
}
