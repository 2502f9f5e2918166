/* options.c - getopt_long command line, help and usage. */
#include "options.h"
#include "arcprobe_intl.h"

#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* An argument as error messages echo it: any proxy credentials masked
 * before the echo is cut to at most max bytes (the message's "%.64s"),
 * between characters so the precision never splits one. */
static const char *shown(char *buf, size_t len, const char *arg, size_t max)
{
    arcp_mask_credentials(buf, len, arg);
    buf[arcp_text_fit(buf, max, -1, NULL)] = '\0';
    return buf;
}

enum long_only {
    OPT_CHECK = 256,
    OPT_AGENT_DIR,
    OPT_HIMDS_URL,
    OPT_CLOUD,
    OPT_LOCATION,
    OPT_PROXY,
    OPT_CA_FILE,
    OPT_HIMDS_WARNING,
    OPT_HIMDS_CRITICAL,
    OPT_HEARTBEAT_WARNING,
    OPT_HEARTBEAT_CRITICAL,
    OPT_AZCM_MAX_AGE,
    OPT_AZCM_STATE,
    OPT_OPTIONAL_STATE,
    OPT_TIMEOUT_RESULT,
    OPT_EXPIRY_WARNING,
    OPT_EXPIRY_CRITICAL,
    OPT_CLOCK_SKEW_WARNING,
    OPT_CLOCK_SKEW_CRITICAL,
};

static const struct option long_options[] = {
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {"verbose", no_argument, NULL, 'v'},
    {"timeout", required_argument, NULL, 't'},
    {"timeout-result", required_argument, NULL, OPT_TIMEOUT_RESULT},
    {"warning", required_argument, NULL, 'w'},
    {"critical", required_argument, NULL, 'c'},
    {"config", required_argument, NULL, 'C'},
    {"set", required_argument, NULL, 's'},
    {"check", required_argument, NULL, OPT_CHECK},
    {"agent-dir", required_argument, NULL, OPT_AGENT_DIR},
    {"himds-url", required_argument, NULL, OPT_HIMDS_URL},
    {"cloud", required_argument, NULL, OPT_CLOUD},
    {"location", required_argument, NULL, OPT_LOCATION},
    {"proxy", required_argument, NULL, OPT_PROXY},
    {"ca-file", required_argument, NULL, OPT_CA_FILE},
    {"himds-warning", required_argument, NULL, OPT_HIMDS_WARNING},
    {"himds-critical", required_argument, NULL, OPT_HIMDS_CRITICAL},
    {"heartbeat-warning", required_argument, NULL, OPT_HEARTBEAT_WARNING},
    {"heartbeat-critical", required_argument, NULL, OPT_HEARTBEAT_CRITICAL},
    {"azcm-max-age", required_argument, NULL, OPT_AZCM_MAX_AGE},
    {"azcm-state", required_argument, NULL, OPT_AZCM_STATE},
    {"optional-state", required_argument, NULL, OPT_OPTIONAL_STATE},
    {"expiry-warning", required_argument, NULL, OPT_EXPIRY_WARNING},
    {"expiry-critical", required_argument, NULL, OPT_EXPIRY_CRITICAL},
    {"clock-skew-warning", required_argument, NULL, OPT_CLOCK_SKEW_WARNING},
    {"clock-skew-critical", required_argument, NULL, OPT_CLOCK_SKEW_CRITICAL},
    {NULL, 0, NULL, 0},
};

/* leading ':' makes getopt report a missing value as ':' */
static const char short_options[] = ":hVvt:w:c:C:s:";

/* The longest -t the plugin accepts: Nagios' own service_check_timeout
 * default is 60 s; an hour is beyond any sane check. */
#define TIMEOUT_MAX 3600.0

int arc_parse_state(const char *text, arcp_state *out)
{
    static const struct {
        const char *name;
        arcp_state state;
    } names[] = {{"ok", ARCP_OK},
                 {"warning", ARCP_WARNING},
                 {"critical", ARCP_CRITICAL},
                 {"unknown", ARCP_UNKNOWN}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcasecmp(text, names[i].name) == 0) {
            *out = names[i].state;
            return 0;
        }
    }
    return -1;
}

int arc_parse_checks(const char *text, unsigned *mask, char *err, size_t errlen)
{
    char why[256];
    if (arcp_checks_parse(text, mask, why, sizeof why) != 0) {
        snprintf(err, errlen, "--check: %s", why);
        return -1;
    }
    return 0;
}

static int add_setting(struct arc_options *o, const char *key, const char *value)
{
    struct arc_setting *s = realloc(o->settings, (o->settings_count + 1) * sizeof *s);
    if (s == NULL)
        return -1;
    o->settings = s;
    o->settings[o->settings_count].key = key;
    o->settings[o->settings_count].value = value;
    o->settings_count++;
    return 0;
}

/* --set key=value: the key is split off into its own allocation so argv stays untouched. */
static int add_set_option(struct arc_options *o, const char *arg, char *err, size_t errlen)
{
    char m[512]; /* an echoed argument, masked */
    const char *eq = strchr(arg, '=');
    if (eq == NULL || eq == arg) {
        snprintf(err, errlen, _("--set: expected KEY=VALUE, got '%.64s'"),
                 shown(m, sizeof m, arg, 64));
        return -1;
    }
    for (const char *k = arg; k < eq; k++) {
        if (!(isalnum((unsigned char)*k) || *k == '_')) {
            snprintf(err, errlen, _("--set: invalid key in '%.64s'"), shown(m, sizeof m, arg, 64));
            return -1;
        }
    }
    size_t key_len = (size_t)(eq - arg);
    char *key = malloc(key_len + 1);
    if (key == NULL) {
        snprintf(err, errlen, _("out of memory"));
        return -1;
    }
    memcpy(key, arg, key_len);
    key[key_len] = '\0';
    /* remember the allocation so arc_options_free can release it */
    char **owned = realloc(o->owned_keys, (o->owned_keys_count + 1) * sizeof *owned);
    if (owned == NULL) {
        free(key);
        snprintf(err, errlen, _("out of memory"));
        return -1;
    }
    o->owned_keys = owned;
    o->owned_keys[o->owned_keys_count++] = key;
    if (add_setting(o, key, eq + 1) != 0) {
        snprintf(err, errlen, _("out of memory"));
        return -1;
    }
    return 0;
}

static int parse_range_option(struct arc_range *r, const char *option, const char *arg, char *err,
                              size_t errlen)
{
    char why[160];
    if (arc_range_parse(r, arg, why, sizeof why) != 0) {
        snprintf(err, errlen, "%s: %s", option, why);
        return -1;
    }
    return 0;
}

static int parse_timeout(struct arc_options *o, const char *arg, char *err, size_t errlen)
{
    char m[512]; /* an echoed argument, masked */
    /* -t SECONDS[:STATE], as newer monitoring-plugins accept */
    char num[64];
    const char *colon = strchr(arg, ':');
    size_t len = colon ? (size_t)(colon - arg) : strlen(arg);
    double v;
    if (len == 0 || len >= sizeof num) {
        snprintf(err, errlen, _("-t: expected seconds, got '%.64s'"), shown(m, sizeof m, arg, 64));
        return -1;
    }
    memcpy(num, arg, len);
    num[len] = '\0';
    if (arc_parse_decimal(num, &v) != 0 || v <= 0 || v > TIMEOUT_MAX) {
        snprintf(err, errlen, _("-t: expected seconds between 0 and %.0f, got '%.64s'"),
                 TIMEOUT_MAX, shown(m, sizeof m, arg, 64));
        return -1;
    }
    if (colon != NULL && arc_parse_state(colon + 1, &o->timeout_result) != 0) {
        snprintf(err, errlen, _("-t: unknown state '%.32s' after ':'"),
                 shown(m, sizeof m, colon + 1, 32));
        return -1;
    }
    if (colon != NULL)
        o->thresholds.timeout_result_set = 1;
    o->timeout = v;
    return 0;
}

void arc_options_prescan_timeout(int argc, char **argv, double *seconds, arcp_state *result)
{
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
        const char *value = NULL;
        if (strcmp(argv[i], "-t") == 0 || strcmp(argv[i], "--timeout") == 0)
            value = i + 1 < argc ? argv[++i] : NULL;
        else if (strncmp(argv[i], "--timeout=", 10) == 0)
            value = argv[i] + 10;
        else if (strncmp(argv[i], "-t", 2) == 0)
            value = argv[i] + 2;
        struct arc_options o = {.timeout_result = *result};
        char ignored[160];
        if (value != NULL && parse_timeout(&o, value, ignored, sizeof ignored) == 0) {
            *seconds = o.timeout;
            *result = o.timeout_result;
        }
    }
}

static int parse_max_age(const char *arg, char *err, size_t errlen)
{
    char m[512]; /* an echoed argument, masked */
    const char *p = arg;
    if (*p == '\0') {
        snprintf(err, errlen, _("--azcm-max-age: expected whole seconds, got ''"));
        return -1;
    }
    for (; *p; p++) {
        if (*p < '0' || *p > '9' || p - arg > 12) {
            snprintf(err, errlen, _("--azcm-max-age: expected whole seconds, got '%.64s'"),
                     shown(m, sizeof m, arg, 64));
            return -1;
        }
    }
    return 0;
}

int arc_options_parse(struct arc_options *o, int argc, char **argv, char *err, size_t errlen)
{
    char m[512]; /* an echoed argument, masked */
    memset(o, 0, sizeof *o);
    o->checks = ARCP_CHECK_ALL;
    o->timeout_result = ARCP_UNKNOWN;
    arc_thresholds_init(&o->thresholds);
    int timeout_result_given = 0;
    arcp_state timeout_result = ARCP_UNKNOWN;
    arcp_state st;

    optind = 0; /* full re-initialisation, so tests may parse repeatedly */
    opterr = 0; /* we word our own messages */
    for (;;) {
        int idx = 0;
        int c = getopt_long(argc, argv, short_options, long_options, &idx);
        if (c == -1)
            break;
        switch (c) {
        case 'h':
            o->action = ARC_ACTION_HELP;
            break;
        case 'V':
            o->action = ARC_ACTION_VERSION;
            break;
        case 'v':
            if (o->verbose < ARC_VERBOSE_MAX)
                o->verbose++;
            break;
        case 't':
            if (parse_timeout(o, optarg, err, errlen) != 0)
                return -1;
            break;
        case OPT_TIMEOUT_RESULT:
            if (arc_parse_state(optarg, &timeout_result) != 0) {
                snprintf(
                    err, errlen,
                    _("--timeout-result: expected ok, warning, critical or unknown, got '%.32s'"),
                    shown(m, sizeof m, optarg, 32));
                return -1;
            }
            timeout_result_given = 1;
            break;
        case 'w':
            if (parse_range_option(&o->thresholds.endpoint_warning, "-w", optarg, err, errlen))
                return -1;
            break;
        case 'c':
            if (parse_range_option(&o->thresholds.endpoint_critical, "-c", optarg, err, errlen))
                return -1;
            break;
        case OPT_HIMDS_WARNING:
            if (parse_range_option(&o->thresholds.himds_warning, "--himds-warning", optarg, err,
                                   errlen))
                return -1;
            break;
        case OPT_HIMDS_CRITICAL:
            if (parse_range_option(&o->thresholds.himds_critical, "--himds-critical", optarg, err,
                                   errlen))
                return -1;
            break;
        case OPT_HEARTBEAT_WARNING:
            if (parse_range_option(&o->thresholds.heartbeat_warning, "--heartbeat-warning", optarg,
                                   err, errlen))
                return -1;
            break;
        case OPT_HEARTBEAT_CRITICAL:
            if (parse_range_option(&o->thresholds.heartbeat_critical, "--heartbeat-critical",
                                   optarg, err, errlen))
                return -1;
            break;
        case 'C':
            if (*optarg == '\0') {
                snprintf(err, errlen, _("--config: empty file name"));
                return -1;
            }
            o->config_path = optarg;
            break;
        case 's':
            if (add_set_option(o, optarg, err, errlen) != 0)
                return -1;
            break;
        case OPT_CHECK:
            if (arc_parse_checks(optarg, &o->checks, err, errlen) != 0)
                return -1;
            break;
        case OPT_AZCM_MAX_AGE:
            if (parse_max_age(optarg, err, errlen) != 0 || add_setting(o, "azcm_max_age", optarg))
                return -1;
            break;
        case OPT_AZCM_STATE:
            if (arc_parse_state(optarg, &st) != 0 || (st != ARCP_WARNING && st != ARCP_CRITICAL)) {
                snprintf(err, errlen, _("--azcm-state: expected warning or critical, got '%.32s'"),
                         shown(m, sizeof m, optarg, 32));
                return -1;
            }
            if (add_setting(o, "azcm_state", optarg) != 0)
                return -1;
            break;
        case OPT_OPTIONAL_STATE:
            if (arc_parse_state(optarg, &st) != 0 || (st != ARCP_OK && st != ARCP_WARNING)) {
                snprintf(err, errlen, _("--optional-state: expected ok or warning, got '%.32s'"),
                         shown(m, sizeof m, optarg, 32));
                return -1;
            }
            if (add_setting(o, "optional_state", optarg) != 0)
                return -1;
            break;
        case OPT_EXPIRY_WARNING:
        case OPT_EXPIRY_CRITICAL:
        case OPT_CLOCK_SKEW_WARNING:
        case OPT_CLOCK_SKEW_CRITICAL: {
            /* the core owns these states: the options only set its keys,
             * which it validates like a config file's */
            static const char *const keys[] = {"expiry_warning_days", "expiry_critical_days",
                                               "clock_skew_warning", "clock_skew_critical"};
            if (add_setting(o, keys[c - OPT_EXPIRY_WARNING], optarg) != 0) {
                snprintf(err, errlen, _("out of memory"));
                return -1;
            }
            break;
        }
        case OPT_AGENT_DIR:
        case OPT_HIMDS_URL:
        case OPT_CLOUD:
        case OPT_LOCATION:
        case OPT_PROXY:
        case OPT_CA_FILE: {
            static const char *const keys[] = {"agent_dir", "himds_url", "cloud",
                                               "location",  "proxy",     "ca_file"};
            if (add_setting(o, keys[c - OPT_AGENT_DIR], optarg) != 0) {
                snprintf(err, errlen, _("out of memory"));
                return -1;
            }
            break;
        }
        case ':':
            snprintf(err, errlen, _("option '%.64s' needs a value"),
                     shown(m, sizeof m, argv[optind - 1], 64));
            return -1;
        default:
            if (optopt != 0 && optopt < 256)
                snprintf(err, errlen, _("unknown option '-%c'"), optopt);
            else
                snprintf(err, errlen, _("unknown option '%.64s'"),
                         shown(m, sizeof m, argv[optind - 1], 64));
            return -1;
        }
    }
    if (optind < argc) {
        snprintf(err, errlen,
                 _("unexpected argument '%.64s' (this plugin takes no positional arguments)"),
                 shown(m, sizeof m, argv[optind], 64));
        return -1;
    }
    if (timeout_result_given) {
        o->timeout_result = timeout_result;
        o->thresholds.timeout_result_set = 1;
    }
    o->thresholds.timeout_result = o->timeout_result;
    return 0;
}

void arc_options_free(struct arc_options *o)
{
    for (size_t i = 0; i < o->owned_keys_count; i++)
        free(o->owned_keys[i]);
    free(o->owned_keys);
    free(o->settings);
    memset(o, 0, sizeof *o);
}

void arc_print_usage(void)
{
    printf(_("Usage: %s [-C FILE] [-s KEY=VALUE]... [--check LIST] [-w RANGE] [-c RANGE]\n"
             "       [--himds-warning RANGE] [--himds-critical RANGE] [--heartbeat-warning RANGE]\n"
             "       [--heartbeat-critical RANGE] [--azcm-max-age SECONDS] [--azcm-state STATE]\n"
             "       [--optional-state STATE] [--expiry-warning DAYS] [--expiry-critical DAYS]\n"
             "       [--clock-skew-warning SECONDS] [--clock-skew-critical SECONDS]\n"
             "       [-t SECONDS[:STATE]] [--timeout-result STATE] [-v]...\n"
             "       [--extra-opts=[SECTION][@FILE]]\n"
             "   or: %s -h\n"
             "   or: %s -V\n"),
           ARC_PLUGIN_NAME, ARC_PLUGIN_NAME, ARC_PLUGIN_NAME);
}
