/* The shared configuration: one ini-style file every front end reads, and
 * per-key overrides. Every key is validated when set, so a typo or a bad
 * value is reported with file, line and key instead of becoming a silent
 * default. */
#include "config_internal.h"
#include "azcm_memory.h"
#include "proxy_url.h"
#include "sanitize.h"
#include "l10n.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum key_type {
    KEY_PATH,
    KEY_URL,
    KEY_TEXT,
    KEY_SECONDS,
    KEY_COUNT,
    KEY_BOOL,
    KEY_SERVICE_CHECK,
    KEY_ALERT_STATE,
    KEY_LIST
};

struct key_spec {
    const char *name;
    enum key_type type;
    size_t offset; /* into struct arcp_config */
    size_t size;   /* of a fixed buffer, 0 for other types */
    const char *default_value;
};

#define FIELD(f) offsetof(struct arcp_config, f), sizeof(((struct arcp_config *)0)->f)
#define SCALAR(f) offsetof(struct arcp_config, f), 0

static const struct key_spec keys[] = {
    {"agent_dir", KEY_PATH, FIELD(agent_dir), "/var/opt/azcmagent"},
    {"himds_url", KEY_URL, FIELD(himds_url), "http://127.0.0.1:40342"},
    {"timeout", KEY_SECONDS, SCALAR(timeout), "10"},
    {"endpoint_timeout", KEY_SECONDS, SCALAR(endpoint_timeout), "0"},
    {"service_check", KEY_SERVICE_CHECK, SCALAR(service_check), "auto"},
    {"service_unit", KEY_TEXT, FIELD(service_unit), "himdsd.service"},
    {"himds_process", KEY_TEXT, FIELD(himds_process), "himds"},
    {"use_azcmagent_show", KEY_BOOL, SCALAR(use_azcmagent_show), "false"},
    {"azcmagent_path", KEY_PATH, FIELD(azcmagent_path), "/opt/azcmagent/bin/azcmagent"},
    {"heartbeat_warning", KEY_COUNT, SCALAR(heartbeat_warning), "900"},
    {"heartbeat_critical", KEY_COUNT, SCALAR(heartbeat_critical), "1800"},
    {"azcm_max_age", KEY_COUNT, SCALAR(azcm_max_age), "86400"},
    {"azcm_state", KEY_ALERT_STATE, SCALAR(azcm_state), "warning"},
    {"optional_state", KEY_ALERT_STATE, SCALAR(optional_state), "warning"},
    {"log_scan_max", KEY_COUNT, SCALAR(log_scan_max), "268435456"},
    {"expiry_warning_days", KEY_COUNT, SCALAR(expiry_warning_days), "14"},
    {"expiry_critical_days", KEY_COUNT, SCALAR(expiry_critical_days), "7"},
    {"clock_skew_warning", KEY_COUNT, SCALAR(clock_skew_warning), "120"},
    {"clock_skew_critical", KEY_COUNT, SCALAR(clock_skew_critical), "300"},
    {"cloud", KEY_TEXT, FIELD(cloud), ""},
    {"location", KEY_TEXT, FIELD(location), ""},
    {"endpoints", KEY_LIST, SCALAR(endpoints), NULL},
    {"endpoints_add", KEY_LIST, SCALAR(endpoints_add), NULL},
    {"features", KEY_TEXT, FIELD(features), ""},
    {"ca_file", KEY_PATH, FIELD(ca_file), ""},
    {"proxy", KEY_URL, FIELD(proxy), ""},
    {"connect_to", KEY_LIST, SCALAR(connect_to), NULL},
    {"systemd_root", KEY_PATH, FIELD(systemd_root), ""},
    {"identity_interval", KEY_COUNT, SCALAR(identity_interval), "3600"},
    {"identity_state", KEY_PATH, FIELD(identity_state), ""},
    {"state_dir", KEY_PATH, FIELD(state_dir), ""},
};

static const struct key_spec *find_key(const char *name)
{
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strcmp(keys[i].name, name) == 0)
            return &keys[i];
    return NULL;
}

__attribute__((format(printf, 3, 4))) static int fail(char *err, size_t errlen, const char *fmt,
                                                      ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static int parse_seconds(const char *v, double *out)
{
    char *end;
    errno = 0;
    double d = strtod(v, &end);
    if (end == v || *end || errno || !isfinite(d) || d < 0 || d > 3600)
        return -1;
    *out = d;
    return 0;
}

static int parse_count(const char *v, unsigned long long *out)
{
    if (!isdigit((unsigned char)v[0]))
        return -1;
    char *end;
    errno = 0;
    unsigned long long n = strtoull(v, &end, 10);
    if (*end || errno || n > (unsigned long long)1e15)
        return -1;
    *out = n;
    return 0;
}

static int has_control(const char *v)
{
    for (; *v; v++)
        if ((unsigned char)*v < 0x20 || *v == 0x7f)
            return 1;
    return 0;
}

static int set_value(struct arcp_config *cfg, const struct key_spec *k, const char *v, char *err,
                     size_t errlen)
{
    char *base = (char *)cfg;
    char shown[ARCP_URL_MAX];
    arcp_mask_credentials(shown, sizeof shown, v);
    if (has_control(v))
        return fail(err, errlen, _("%s: value contains control characters"), k->name);

    switch (k->type) {
    case KEY_PATH:
    case KEY_TEXT:
    case KEY_URL:
        if (strlen(v) >= k->size)
            return fail(err, errlen, _("%s: value longer than %zu bytes"), k->name, k->size - 1);
        if (strcmp(k->name, "proxy") == 0 && *v && strcmp(v, "none") != 0) {
            /* read as the agent reads it; the value may carry credentials:
             * the parser's messages never echo it */
            struct proxy_url parsed;
            char why[ARCP_TEXT_MAX];
            if (proxy_url_parse(v, &parsed, why, sizeof why) != 0)
                return fail(err, errlen, "%s", why);
        } else if (k->type == KEY_URL && *v && strcmp(v, "none") != 0 && !strstr(v, "://")) {
            return fail(err, errlen, _("%s: '%s' is not a URL (scheme://host[:port])"), k->name,
                        shown);
        }
        /* identity_state = none: remember challenges in memory only;
         * state_dir = none: keep no state between runs */
        if (k->type == KEY_PATH && *v && v[0] != '/' &&
            !((strcmp(k->name, "identity_state") == 0 || strcmp(k->name, "state_dir") == 0) &&
              strcmp(v, "none") == 0))
            return fail(err, errlen, _("%s: '%s' is not an absolute path"), k->name, shown);
        memcpy(base + k->offset, v, strlen(v) + 1);
        if (k->type == KEY_URL) {
            /* "http://host/" and "http://host" mean the same base URL */
            char *s = base + k->offset;
            size_t n = strlen(s);
            /* a proxy may come without a scheme: its host starts the value */
            const char *scheme = strstr(s, "://");
            const char *host = scheme ? scheme + 3 : s;
            while (n > 0 && s[n - 1] == '/' && host < s + n)
                s[--n] = '\0';
        }
        return 0;
    case KEY_SECONDS: {
        double d;
        if (parse_seconds(v, &d) != 0)
            return fail(err, errlen, _("%s: '%s' is not a number of seconds (0 to 3600)"), k->name,
                        shown);
        if (strcmp(k->name, "timeout") == 0 && d <= 0)
            return fail(err, errlen, _("%s: '%s' must be greater than 0"), k->name, shown);
        *(double *)(base + k->offset) = d;
        return 0;
    }
    case KEY_COUNT: {
        unsigned long long n;
        if (parse_count(v, &n) != 0)
            return fail(err, errlen, _("%s: '%s' is not a whole number"), k->name, shown);
        if (strcmp(k->name, "log_scan_max") == 0)
            *(unsigned long long *)(base + k->offset) = n;
        else
            *(long long *)(base + k->offset) = (long long)n;
        return 0;
    }
    case KEY_BOOL:
        if (!strcmp(v, "true") || !strcmp(v, "yes") || !strcmp(v, "on") || !strcmp(v, "1"))
            *(int *)(base + k->offset) = 1;
        else if (!strcmp(v, "false") || !strcmp(v, "no") || !strcmp(v, "off") || !strcmp(v, "0"))
            *(int *)(base + k->offset) = 0;
        else
            return fail(err, errlen, _("%s: '%s' is not a boolean (true/false)"), k->name, shown);
        return 0;
    case KEY_SERVICE_CHECK: {
        static const char *names[] = {"auto", "systemd", "proc", "none"};
        for (int i = 0; i < 4; i++)
            if (strcmp(v, names[i]) == 0) {
                *(enum service_check *)(base + k->offset) = (enum service_check)i;
                return 0;
            }
        return fail(err, errlen, _("%s: '%s' is not one of auto, systemd, proc, none"), k->name,
                    shown);
    }
    case KEY_ALERT_STATE:
        if (strcmp(v, "ok") == 0)
            *(arcp_state *)(base + k->offset) = ARCP_OK;
        else if (strcmp(v, "warning") == 0)
            *(arcp_state *)(base + k->offset) = ARCP_WARNING;
        else if (strcmp(v, "critical") == 0 && strcmp(k->name, "azcm_state") == 0)
            *(arcp_state *)(base + k->offset) = ARCP_CRITICAL;
        else
            return fail(err, errlen, _("%s: '%s' is not an allowed state (ok, warning%s)"), k->name,
                        shown, strcmp(k->name, "azcm_state") == 0 ? ", critical" : "");
        return 0;
    case KEY_LIST: {
        char **slot = (char **)(base + k->offset);
        char *copy = NULL;
        if (strlen(v) > 1024 * 1024)
            return fail(err, errlen, _("%s: list longer than 1 MiB"), k->name);
        if (*v && !(copy = strdup(v)))
            return fail(err, errlen, _("%s: out of memory"), k->name);
        free(*slot);
        *slot = copy;
        return 0;
    }
    }
    return -1;
}

arcp_config *arcp_config_new(void)
{
    struct arcp_config *cfg = calloc(1, sizeof *cfg);
    if (!cfg)
        return NULL;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (keys[i].default_value && set_value(cfg, &keys[i], keys[i].default_value, NULL, 0)) {
            arcp_config_free(cfg);
            return NULL;
        }
    cfg->azcm_memory = azcm_memory_new(); /* NULL: every probe reads the logs whole */
    return cfg;
}

void arcp_config_free(arcp_config *cfg)
{
    if (!cfg)
        return;
    free(cfg->endpoints);
    free(cfg->endpoints_add);
    free(cfg->connect_to);
    azcm_memory_free(cfg->azcm_memory);
    free(cfg);
}

int arcp_config_set(arcp_config *cfg, const char *key, const char *value, char *err, size_t errlen)
{
    if (!key || !value)
        return fail(err, errlen, _("missing key or value"));
    const struct key_spec *k = find_key(key);
    if (!k) {
        /* only a key name is echoed: anything else may be a mistyped
         * proxy=URL and hold a password, cut where no mask could see it */
        for (const char *c = key; *c; c++)
            if (!isalnum((unsigned char)*c) && *c != '_')
                return fail(err, errlen,
                            _("unknown key (a key name has only letters, digits and "
                              "'_')"));
        char shown[64];
        arcp_sanitize(shown, sizeof shown, key, strlen(key));
        return fail(err, errlen, _("unknown key '%s'"), shown);
    }
    return set_value(cfg, k, value, err, errlen);
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    char *end = s + strlen(s);
    while (end > s && isspace((unsigned char)end[-1]))
        *--end = '\0';
    return s;
}

/* A value may be written in double quotes to keep leading/trailing blanks or
 * a '#' that would otherwise start a comment. */
static int unquote(char *v)
{
    size_t n = strlen(v);
    if (n == 0 || v[0] != '"')
        return 0;
    if (n < 2 || v[n - 1] != '"')
        return -1;
    memmove(v, v + 1, n - 2);
    v[n - 2] = '\0';
    return 0;
}

/* The file is read whole (bounded, regular files only: see
 * arcp_read_regular_file) and its lines are cut in place. */
int arcp_config_load(arcp_config *cfg, const char *path, char *err, size_t errlen)
{
    size_t size;
    char *text = arcp_read_regular_file(path, ARCP_CONFIG_FILE_MAX, &size, err, errlen);
    if (!text)
        return -1;
    unsigned lineno = 0;
    int rc = 0;
    char msg[512];
    for (char *line = text; rc == 0 && line < text + size;) {
        lineno++;
        char *nl = memchr(line, '\n', (size_t)(text + size - line));
        char *next = nl ? nl + 1 : text + size;
        size_t len = (size_t)((nl ? nl : text + size) - line);
        if (len > ARCP_CONFIG_LINE_MAX) {
            snprintf(err, errlen, _("%s:%u: line longer than %zu bytes"), path, lineno,
                     (size_t)ARCP_CONFIG_LINE_MAX);
            rc = -1;
            break;
        }
        if (memchr(line, '\0', len)) {
            snprintf(err, errlen, _("%s:%u: line contains a NUL byte (not a text file?)"), path,
                     lineno);
            rc = -1;
            break;
        }
        line[len] = '\0';
        char *s = line;
        line = next;
        /* editors on Windows start UTF-8 files with a byte order mark */
        if (lineno == 1 && strncmp(s, "\xef\xbb\xbf", 3) == 0)
            s += 3;
        s = trim(s);
        if (*s == '\0' || *s == '#' || *s == ';')
            continue;
        if (*s == '[') {
            /* A lone [arcprobe] section is tolerated for ini-tool friendliness. */
            if (strcmp(s, "[arcprobe]") == 0)
                continue;
            snprintf(err, errlen, _("%s:%u: unexpected section %.64s (only [arcprobe] is allowed)"),
                     path, lineno, s);
            rc = -1;
            break;
        }
        char *eq = strchr(s, '=');
        if (!eq) {
            snprintf(err, errlen, _("%s:%u: expected 'key = value'"), path, lineno);
            rc = -1;
            break;
        }
        *eq = '\0';
        char *key = trim(s);
        char *value = eq + 1;
        /* strip a trailing comment that follows a blank */
        if (value[strspn(value, " \t")] != '"') {
            for (char *c = value; *c; c++)
                if ((*c == '#' || *c == ';') && (c == value || isspace((unsigned char)c[-1]))) {
                    *c = '\0';
                    break;
                }
        }
        value = trim(value);
        if (unquote(value) != 0) {
            snprintf(err, errlen, _("%s:%u: %.64s: unterminated quoted value"), path, lineno, key);
            rc = -1;
            break;
        }
        if (arcp_config_set(cfg, key, value, msg, sizeof msg) != 0) {
            snprintf(err, errlen, "%s:%u: %s", path, lineno, msg);
            rc = -1;
            break;
        }
    }
    free(text);
    return rc;
}

const char *arcp_config_default_path(void)
{
    const char *env = getenv("ARCPROBE_CONFIG");
    return env && *env ? env : ARCP_DEFAULT_CONFIG;
}

int arcp_config_default_is_optional(void)
{
    const char *env = getenv("ARCPROBE_CONFIG");
    return !(env && *env);
}

void arcp_config_keep_state(arcp_config *cfg)
{
    if (cfg)
        cfg->keep_state = 1;
}

double arcp_config_timeout(const arcp_config *cfg)
{
    return cfg->timeout;
}

/* The proxy as reports show it: never any part of its credentials. */
static void mask_proxy(char *dst, size_t dstlen, const char *value)
{
    struct proxy_url parsed;
    char why[ARCP_TEXT_MAX];
    if (*value && strcmp(value, "none") != 0 &&
        proxy_url_parse(value, &parsed, why, sizeof why) == 0)
        arcp_copy(dst, dstlen, parsed.shown);
    else
        arcp_mask_credentials(dst, dstlen, value);
}

const char *arcp_config_get(const arcp_config *cfg_const, const char *key)
{
    struct arcp_config *cfg = (struct arcp_config *)cfg_const;
    const struct key_spec *k = find_key(key);
    if (!k)
        return NULL;
    const char *base = (const char *)cfg;
    char *out = cfg->get_buf;
    size_t outlen = sizeof cfg->get_buf;
    switch (k->type) {
    case KEY_PATH:
    case KEY_TEXT:
    case KEY_URL:
        if (strcmp(k->name, "proxy") == 0)
            mask_proxy(out, outlen, base + k->offset);
        else
            arcp_copy(out, outlen, base + k->offset);
        break;
    case KEY_SECONDS:
        snprintf(out, outlen, "%g", *(const double *)(base + k->offset));
        break;
    case KEY_COUNT:
        if (strcmp(k->name, "log_scan_max") == 0)
            snprintf(out, outlen, "%llu", *(const unsigned long long *)(base + k->offset));
        else
            snprintf(out, outlen, "%lld", *(const long long *)(base + k->offset));
        break;
    case KEY_BOOL:
        arcp_copy(out, outlen, *(const int *)(base + k->offset) ? "true" : "false");
        break;
    case KEY_SERVICE_CHECK: {
        static const char *names[] = {"auto", "systemd", "proc", "none"};
        arcp_copy(out, outlen, names[*(const enum service_check *)(base + k->offset)]);
        break;
    }
    case KEY_ALERT_STATE: {
        arcp_state s = *(const arcp_state *)(base + k->offset);
        arcp_copy(out, outlen, s == ARCP_OK ? "ok" : s == ARCP_WARNING ? "warning" : "critical");
        break;
    }
    case KEY_LIST: {
        const char *v = *(char *const *)(base + k->offset);
        arcp_copy(out, outlen, v ? v : "");
        break;
    }
    }
    return out;
}
