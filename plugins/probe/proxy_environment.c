/* HTTPS_PROXY / NO_PROXY in the environment systemd gives himdsd.service
 * (see proxy_environment.h). systemd builds a service's environment from
 * the manager's (DefaultEnvironment= among it), then the unit's
 * Environment=, later entries winning; Go then reads HTTPS_PROXY before
 * https_proxy and NO_PROXY before no_proxy, whichever is non-empty. */
#include "proxy_environment.h"
#include "endpoint_internal.h"
#include "http_batch.h"
#include "sanitize.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "system_bus.h"

/* system.conf and each drop-in are a few lines; more is not systemd's. */
#define CONF_MAX (64 * 1024)
#define MAX_DROPINS 128

static const char *const var_names[PENV_COUNT] = {"HTTPS_PROXY", "https_proxy", "NO_PROXY",
                                                  "no_proxy"};

void proxy_env_apply_one(struct proxy_env_vars *vars, const char *assignment, int layer)
{
    const char *eq = strchr(assignment, '=');
    if (!eq)
        return;
    for (int v = 0; v < PENV_COUNT; v++) {
        size_t n = strlen(var_names[v]);
        if ((size_t)(eq - assignment) == n && strncmp(assignment, var_names[v], n) == 0) {
            vars->set[v] = 1;
            vars->layer[v] = layer;
            arcp_copy(vars->value[v], sizeof vars->value[v], eq + 1);
        }
    }
}

/* One word of systemd's quoting (extract_first_word with quotes and C
 * escapes): returns the position after it, or NULL at the end. */
static const char *next_word(const char *s, char *word, size_t cap)
{
    while (*s && isspace((unsigned char)*s))
        s++;
    if (!*s)
        return NULL;
    size_t o = 0;
    char quote = 0;
    for (; *s; s++) {
        char c = *s;
        if (!quote && isspace((unsigned char)c))
            break;
        if (!quote && (c == '"' || c == '\'')) {
            quote = c;
            continue;
        }
        if (quote && c == quote) {
            quote = 0;
            continue;
        }
        if (c == '\\' && quote != '\'' && s[1]) {
            c = *++s;
            c = c == 'n' ? '\n' : c == 't' ? '\t' : c;
        }
        if (o + 1 < cap)
            word[o++] = c;
    }
    word[o] = '\0';
    return s;
}

void proxy_env_apply(struct proxy_env_vars *vars, const char *list, int layer)
{
    const char *p = list;
    char word[ARCP_URL_MAX + 32];
    int any = 0;
    while ((p = next_word(p, word, sizeof word)) != NULL) {
        any = 1;
        proxy_env_apply_one(vars, word, layer);
    }
    if (!any) /* an empty assignment resets the list */
        for (int v = 0; v < PENV_COUNT; v++)
            if (vars->layer[v] == layer)
                vars->set[v] = 0;
}

void proxy_env_apply_conf(struct proxy_env_vars *vars, const char *text)
{
    int in_manager = 0;
    char logical[4096];
    size_t len = 0;
    const char *p = text;
    while (*p) {
        const char *eol = strchr(p, '\n');
        size_t n = eol ? (size_t)(eol - p) : strlen(p);
        /* a trailing backslash continues the line */
        int continued = n > 0 && p[n - 1] == '\\';
        size_t take = continued ? n - 1 : n;
        if (len + take < sizeof logical) {
            memcpy(logical + len, p, take);
            len += take;
        }
        p += n + (eol ? 1 : 0);
        if (continued && *p) {
            if (len + 1 < sizeof logical)
                logical[len++] = ' ';
            continue;
        }
        logical[len] = '\0';
        len = 0;
        char *line = logical;
        while (isspace((unsigned char)*line))
            line++;
        if (*line == '#' || *line == ';' || !*line)
            continue;
        if (*line == '[') {
            in_manager = strncmp(line, "[Manager]", 9) == 0;
            continue;
        }
        const char *key = "DefaultEnvironment";
        size_t klen = strlen(key);
        if (!in_manager || strncmp(line, key, klen) != 0)
            continue;
        const char *rest = line + klen;
        while (*rest == ' ' || *rest == '\t')
            rest++;
        if (*rest != '=')
            continue;
        proxy_env_apply(vars, rest + 1, 0);
    }
}

void proxy_env_choose(const struct proxy_env_vars *vars, struct proxy_env *out)
{
    int proxy = vars->set[PENV_HTTPS_PROXY] && vars->value[PENV_HTTPS_PROXY][0]   ? PENV_HTTPS_PROXY
                : vars->set[PENV_https_proxy] && vars->value[PENV_https_proxy][0] ? PENV_https_proxy
                                                                                  : -1;
    int noproxy = vars->set[PENV_NO_PROXY] && vars->value[PENV_NO_PROXY][0]   ? PENV_NO_PROXY
                  : vars->set[PENV_no_proxy] && vars->value[PENV_no_proxy][0] ? PENV_no_proxy
                                                                              : -1;
    out->https_proxy[0] = out->no_proxy[0] = '\0';
    out->source = ARCP_PROXY_SOURCE_UNSET;
    if (proxy < 0)
        return;
    arcp_copy(out->https_proxy, sizeof out->https_proxy, vars->value[proxy]);
    if (noproxy >= 0)
        arcp_copy(out->no_proxy, sizeof out->no_proxy, vars->value[noproxy]);
    out->source = vars->layer[proxy] ? ARCP_PROXY_SOURCE_UNIT_ENVIRONMENT
                                     : ARCP_PROXY_SOURCE_SYSTEMD_DEFAULT_ENV;
}

#ifdef HAVE_SYSTEMD
static int add_strv_property(sd_bus *bus, const char *path, const char *interface,
                             const char *property, struct proxy_env_vars *vars, int layer)
{
    sd_bus_error error = SD_BUS_ERROR_NULL;
    char **strv = NULL;
    int r = sd_bus_get_property_strv(bus, "org.freedesktop.systemd1", path, interface, property,
                                     &error, &strv);
    sd_bus_error_free(&error);
    if (r < 0)
        return -1;
    for (char **s = strv; s && *s; s++) {
        proxy_env_apply_one(vars, *s, layer);
        free(*s);
    }
    free(strv);
    return 0;
}

/* 0 when systemd answered (vars filled), -1 when there is no systemd. */
static int from_bus(const struct arcp_config *cfg, double deadline, struct proxy_env_vars *vars)
{
    sd_bus *bus = NULL;
    sd_bus_error error = SD_BUS_ERROR_NULL;
    sd_bus_message *reply = NULL;
    const char *unit_path = NULL;
    int rc = -1;
    if (!(bus = system_bus_open(deadline)))
        goto out;
    /* The manager's environment: DefaultEnvironment= and set-environment. */
    if (add_strv_property(bus, "/org/freedesktop/systemd1", "org.freedesktop.systemd1.Manager",
                          "Environment", vars, 0) != 0)
        goto out;
    rc = 0;
    if (sd_bus_call_method(bus, "org.freedesktop.systemd1", "/org/freedesktop/systemd1",
                           "org.freedesktop.systemd1.Manager", "LoadUnit", &error, &reply, "s",
                           cfg->service_unit) >= 0 &&
        sd_bus_message_read(reply, "o", &unit_path) >= 0)
        add_strv_property(bus, unit_path, "org.freedesktop.systemd1.Service", "Environment", vars,
                          1);
out:
    sd_bus_message_unref(reply);
    sd_bus_error_free(&error);
    sd_bus_flush_close_unref(bus);
    return rc;
}
#endif

static int by_name(const void *a, const void *b)
{
    const char *const *x = a, *const *y = b;
    const char *nx = strrchr(*x, '/'), *ny = strrchr(*y, '/');
    return strcmp(nx ? nx + 1 : *x, ny ? ny + 1 : *y);
}

/* Without systemd on the bus: system.conf, then the *.conf drop-ins of
 * every system.conf.d in file-name order; a name in an earlier directory
 * masks the same name in a later one (systemd-system.conf(5)). */
static void from_files(const char *root, struct proxy_env_vars *vars, char *where, size_t wherelen)
{
    static const char *const dirs[] = {"/etc/systemd/system.conf.d", "/run/systemd/system.conf.d",
                                       "/usr/local/lib/systemd/system.conf.d",
                                       "/usr/lib/systemd/system.conf.d"};
    char *files[MAX_DROPINS + 1];
    size_t count = 0;
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/etc/systemd/system.conf", root);
    files[count++] = strdup(path);
    size_t first_dropin = count;
    for (size_t d = 0; d < sizeof dirs / sizeof dirs[0]; d++) {
        snprintf(path, sizeof path, "%s%s", root, dirs[d]);
        DIR *dir = opendir(path);
        if (!dir)
            continue;
        struct dirent *e;
        while ((e = readdir(dir)) && count < MAX_DROPINS + 1) {
            size_t n = strlen(e->d_name);
            if (n < 6 || strcmp(e->d_name + n - 5, ".conf") != 0)
                continue;
            int masked = 0;
            for (size_t i = first_dropin; i < count && !masked; i++)
                masked = files[i] && strcmp(strrchr(files[i], '/') + 1, e->d_name) == 0;
            if (masked)
                continue;
            char full[PATH_MAX + 256];
            snprintf(full, sizeof full, "%s/%s", path, e->d_name);
            files[count++] = strdup(full);
        }
        closedir(dir);
    }
    qsort(files + first_dropin, count - first_dropin, sizeof files[0], by_name);
    for (size_t i = 0; i < count; i++) {
        char *text = NULL;
        size_t len = 0;
        if (files[i] && ep_read_file(files[i], CONF_MAX, &text, &len) == 0) {
            struct proxy_env_vars before = *vars;
            proxy_env_apply_conf(vars, text);
            if (memcmp(&before, vars, sizeof before) != 0)
                arcp_sanitize(where, wherelen, files[i], strlen(files[i]));
            free(text);
        }
        free(files[i]);
    }
}

void proxy_environment_find(const struct arcp_config *cfg, double deadline, struct proxy_env *out)
{
    struct proxy_env_vars vars;
    memset(&vars, 0, sizeof vars);
    memset(out, 0, sizeof *out);
    char where[ARCP_TEXT_MAX] = "";
#ifdef HAVE_SYSTEMD
    if (from_bus(cfg, deadline, &vars) == 0) {
        proxy_env_choose(&vars, out);
        snprintf(out->where, sizeof out->where, "%s", "systemd over D-Bus");
        return;
    }
#else
    (void)deadline;
#endif
    from_files(cfg->systemd_root, &vars, where, sizeof where);
    proxy_env_choose(&vars, out);
    arcp_copy(out->where, sizeof out->where, where);
}
