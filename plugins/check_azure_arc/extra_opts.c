/* extra_opts.c - read monitoring-plugins ini sections into arguments. */
#include "extra_opts.h"
#include "arcprobe.h"
#include "arcprobe_intl.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EXTRA_OPTS "--extra-opts"
#define INI_LINE_MAX 4096

static const char *const default_files[] = {
    "/etc/monitoring-plugins/monitoring-plugins.ini",
    "/usr/local/etc/monitoring-plugins/monitoring-plugins.ini",
    "/etc/nagios/plugins.ini",
    "/usr/local/nagios/etc/plugins.ini",
    "/usr/local/etc/nagios/plugins.ini",
    "/etc/opt/nagios/plugins.ini",
    "/etc/nagios-plugins.ini",
    "/usr/local/etc/nagios-plugins.ini",
    "/etc/opt/nagios-plugins.ini",
};

const char *arc_extra_opts_default_file(void)
{
    const char *env = getenv("MP_CONFIG_FILE");
    if (env != NULL && *env != '\0')
        return env;
    for (size_t i = 0; i < sizeof default_files / sizeof default_files[0]; i++) {
        if (access(default_files[i], F_OK) == 0)
            return default_files[i];
    }
    return NULL;
}

struct vec {
    char **items;
    size_t count;
    size_t cap;
};

static int vec_push(struct vec *v, char *s)
{
    if (s == NULL)
        return -1;
    /* the new item and the NULL after it */
    if (arcp_grow(&v->items, &v->cap, v->count + 2, sizeof *v->items) != 0)
        return -1;
    v->items[v->count++] = s;
    v->items[v->count] = NULL;
    return 0;
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

/* Append the options of one section read from fp; returns the number of
 * matching section headers seen, or -1 on error. */
static int parse_section(FILE *fp, const char *file, const char *section, struct vec *owned,
                         char *err, size_t errlen)
{
    char line[INI_LINE_MAX];
    int in_section = 0, found = 0, lineno = 0;
    while (fgets(line, sizeof line, fp) != NULL) {
        lineno++;
        size_t n = strlen(line);
        if (n == sizeof line - 1 && line[n - 1] != '\n' && !feof(fp)) {
            snprintf(err, errlen, _("%s:%d: line too long"), file, lineno);
            return -1;
        }
        char *p = trim(line);
        if (*p == '\0' || *p == '#' || *p == ';')
            continue;
        if (*p == '[') {
            char *close = strchr(p, ']');
            if (close == NULL || close[1] != '\0') {
                snprintf(err, errlen, _("%s:%d: malformed section header"), file, lineno);
                return -1;
            }
            *close = '\0';
            in_section = strcmp(trim(p + 1), section) == 0;
            found += in_section;
            continue;
        }
        if (!in_section)
            continue;
        char *eq = strchr(p, '=');
        char *key = p, *value = NULL;
        if (eq != NULL) {
            *eq = '\0';
            key = trim(p);
            value = trim(eq + 1);
            size_t vlen = strlen(value);
            if (vlen >= 2 && value[0] == '"' && value[vlen - 1] == '"') {
                value[vlen - 1] = '\0';
                value++;
            }
        }
        if (*key == '\0' || strcmp(key, "extra-opts") == 0 || key[0] == '-') {
            snprintf(err, errlen, _("%s:%d: invalid option name '%s'"), file, lineno, key);
            return -1;
        }
        for (const char *k = key; *k; k++) {
            if (isspace((unsigned char)*k)) {
                snprintf(err, errlen, _("%s:%d: invalid option name '%s'"), file, lineno, key);
                return -1;
            }
        }
        char *arg = NULL;
        int rc =
            value != NULL ? asprintf(&arg, "--%s=%s", key, value) : asprintf(&arg, "--%s", key);
        if (rc < 0 || vec_push(owned, arg) != 0) {
            if (rc >= 0)
                free(arg);
            snprintf(err, errlen, _("out of memory"));
            return -1;
        }
    }
    return found;
}

/* Append the options of one section of file; returns the number of matching
 * section headers seen, or -1 on error. The file is read whole, bounded and
 * only when it is a regular file: a FIFO or /dev/zero named here must neither
 * hang nor spin the plugin. */
static int read_section(const char *file, const char *section, struct vec *owned, char *err,
                        size_t errlen)
{
    char why[512];
    size_t size;
    char *text = arcp_read_regular_file(file, ARCP_CONFIG_FILE_MAX, &size, why, sizeof why);
    if (text == NULL) {
        snprintf(err, errlen, _("cannot read extra-opts file: %s"), why);
        return -1;
    }
    if (memchr(text, '\0', size) != NULL) {
        free(text);
        snprintf(err, errlen, _("extra-opts file '%s' contains NUL bytes (not a text file?)"),
                 file);
        return -1;
    }
    /* fmemopen refuses a zero size; an empty file has no section */
    FILE *fp = size > 0 ? fmemopen(text, size, "r") : NULL;
    if (size > 0 && fp == NULL) {
        free(text);
        snprintf(err, errlen, _("out of memory"));
        return -1;
    }
    int found = fp != NULL ? parse_section(fp, file, section, owned, err, errlen) : 0;
    if (fp != NULL)
        fclose(fp);
    free(text);
    return found;
}

static int expand_one(const char *spec, const char *default_section, struct vec *owned, char *err,
                      size_t errlen)
{
    char section[256];
    const char *at = strchr(spec, '@');
    size_t sec_len = at ? (size_t)(at - spec) : strlen(spec);
    if (sec_len >= sizeof section) {
        snprintf(err, errlen, _("extra-opts section name too long"));
        return -1;
    }
    if (sec_len == 0)
        snprintf(section, sizeof section, "%s", default_section);
    else {
        memcpy(section, spec, sec_len);
        section[sec_len] = '\0';
    }
    const char *file = NULL;
    if (at != NULL) {
        file = at + 1;
        if (*file == '\0') {
            snprintf(err, errlen, _("extra-opts: empty file name after '@'"));
            return -1;
        }
    } else {
        file = arc_extra_opts_default_file();
        if (file == NULL) {
            snprintf(err, errlen,
                     _("extra-opts: no ini file found (set MP_CONFIG_FILE or create "
                       "/etc/monitoring-plugins/monitoring-plugins.ini)"));
            return -1;
        }
    }
    int found = read_section(file, section, owned, err, errlen);
    if (found < 0)
        return -1;
    if (found == 0) {
        snprintf(err, errlen, _("extra-opts: section [%s] not found in '%s'"), section, file);
        return -1;
    }
    return 0;
}

static int is_extra_opts(const char *arg, const char **spec)
{
    size_t n = strlen(EXTRA_OPTS);
    if (strncmp(arg, EXTRA_OPTS, n) != 0)
        return 0;
    if (arg[n] == '\0') {
        *spec = "";
        return 1;
    }
    if (arg[n] == '=') {
        *spec = arg + n + 1;
        return 1;
    }
    return 0;
}

void arc_argv_free(struct arc_argv *a)
{
    for (size_t i = 0; i < a->owned_count; i++)
        free(a->owned[i]);
    free(a->owned);
    free(a->argv);
    memset(a, 0, sizeof *a);
}

int arc_extra_opts_expand(int argc, char **argv, const char *default_section, struct arc_argv *out,
                          char *err, size_t errlen)
{
    struct vec owned = {0};
    memset(out, 0, sizeof *out);

    for (int i = 1; i < argc; i++) {
        const char *spec;
        if (strcmp(argv[i], "--") == 0)
            break;
        if (is_extra_opts(argv[i], &spec) &&
            expand_one(spec, default_section, &owned, err, errlen)) {
            for (size_t k = 0; k < owned.count; k++)
                free(owned.items[k]);
            free(owned.items);
            return -1;
        }
    }

    size_t total = (size_t)argc + owned.count + 1;
    char **v = calloc(total, sizeof *v);
    if (v == NULL) {
        for (size_t k = 0; k < owned.count; k++)
            free(owned.items[k]);
        free(owned.items);
        snprintf(err, errlen, _("out of memory"));
        return -1;
    }
    int n = 0;
    v[n++] = argc > 0 ? argv[0] : (char *)"check_azure_arc";
    for (size_t k = 0; k < owned.count; k++)
        v[n++] = owned.items[k];
    int after_dashes = 0;
    for (int i = 1; i < argc; i++) {
        const char *spec;
        if (!after_dashes && strcmp(argv[i], "--") == 0)
            after_dashes = 1;
        if (!after_dashes && is_extra_opts(argv[i], &spec))
            continue;
        v[n++] = argv[i];
    }
    v[n] = NULL;
    out->argc = n;
    out->argv = v;
    out->owned = owned.items;
    out->owned_count = owned.count;
    return 0;
}
