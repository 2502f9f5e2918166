/* The proxy the agent itself would use, so the probe takes the same path:
 * an explicit arcprobe setting, else the agent's localconfig.json (gateway
 * mode -> the local Arc proxy; else proxy.url with proxy.bypass), else
 * HTTPS_PROXY from himdsd.service's environment, else direct. Credentials
 * are handed to libcurl on their own and never shown. */
#include "endpoint_internal.h"
#include "json_util.h"
#include "proxy_environment.h"
#include "proxy_url.h"
#include "sanitize.h"
#include "l10n.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void ep_strip_credentials(char *dst, size_t dstlen, const char *url)
{
    const char *scheme_end = url ? strstr(url, "://") : NULL;
    const char *authority = scheme_end ? scheme_end + 3 : url;
    /* The last '@' wins: a password may itself contain '@' (or even '/'),
     * and a proxy URL has no other use for the character. */
    const char *at = authority ? strrchr(authority, '@') : NULL;
    if (!url || !at) {
        arcp_copy(dst, dstlen, url);
        return;
    }
    snprintf(dst, dstlen, "%.*s%s", (int)(authority - url), url, at + 1);
}

static void replace_all(char *text, size_t cap, const char *needle)
{
    size_t nlen = strlen(needle);
    if (nlen == 0 || cap == 0)
        return;
    char out[4096];
    size_t o = 0;
    int changed = 0;
    for (const char *p = text; *p && o + 1 < sizeof out;) {
        if (strncmp(p, needle, nlen) == 0) {
            for (const char *r = "***"; *r && o + 1 < sizeof out; r++)
                out[o++] = *r;
            p += nlen;
            changed = 1;
        } else {
            out[o++] = *p++;
        }
    }
    out[o] = '\0';
    if (changed)
        arcp_copy(text, cap, out);
}

void ep_scrub(char *text, size_t cap, const char *secret)
{
    if (!text || !secret || !*secret)
        return;
    replace_all(text, cap, secret);
    const char *colon = strchr(secret, ':');
    /* A password alone is scrubbed too, unless it is so short that
     * scrubbing would mangle ordinary words. */
    if (colon && strlen(colon + 1) >= 4)
        replace_all(text, cap, colon + 1);
}

void ep_proxy_scrub(const struct ep_proxy *p, char *text, size_t cap)
{
    ep_scrub(text, cap, p->secret);
    if (strlen(p->password) >= 4)
        ep_scrub(text, cap, p->password);
}

int ep_proxy_set_url(struct ep_proxy *p, const char *url, char *err, size_t errlen)
{
    struct proxy_url parsed;
    if (proxy_url_parse(url, &parsed, err, errlen) != 0)
        return -1;
    arcp_copy(p->url, sizeof p->url, parsed.curl_url);
    arcp_copy(p->shown, sizeof p->shown, parsed.shown);
    arcp_copy(p->secret, sizeof p->secret, parsed.userinfo_raw);
    arcp_copy(p->username, sizeof p->username, parsed.username);
    arcp_copy(p->password, sizeof p->password, parsed.password);
    p->has_credentials = parsed.has_credentials;
    return 0;
}

/* localconfig.json's schema is unconfirmed (its setting names and values are
 * manage-agent-proxy-settings.md's and arc-gateway.md's): a member named by a
 * dotted key, stored flat ("proxy.url") as the agent writes it, or nested
 * ({"proxy": {"url": ...}}); case-insensitive. */
static json_object *lookup(json_object *root, const char *dotted)
{
    if (!root || !json_object_is_type(root, json_type_object))
        return NULL;
    json_object_object_foreach(root, key, value)
    {
        if (strcasecmp(key, dotted) == 0)
            return value;
    }
    const char *dot = strchr(dotted, '.');
    if (!dot)
        return NULL;
    json_object_object_foreach(root, key2, child)
    {
        if (strlen(key2) == (size_t)(dot - dotted) &&
            strncasecmp(key2, dotted, (size_t)(dot - dotted)) == 0 &&
            json_object_is_type(child, json_type_object))
            return lookup(child, dot + 1);
    }
    return NULL;
}

/* Some writers wrap a setting as {"value": ...}. */
static json_object *unwrap(json_object *v)
{
    json_object *inner = NULL;
    if (v && json_object_is_type(v, json_type_object) &&
        json_object_object_get_ex(v, "value", &inner))
        return inner;
    return v;
}

static const char *string_setting(json_object *root, const char *dotted)
{
    json_object *v = unwrap(lookup(root, dotted));
    if (!v || !json_object_is_type(v, json_type_string))
        return NULL;
    return json_object_get_string(v);
}

static void add_bypass(struct ep_proxy *p, const char *s, size_t len)
{
    while (len > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    if (len == 0 || p->bypass_count >= EP_MAX_BYPASS)
        return;
    arcp_sanitize(p->bypass[p->bypass_count], sizeof p->bypass[0], s, len);
    if (p->bypass[p->bypass_count][0])
        p->bypass_count++;
}

static void add_bypass_list(struct ep_proxy *p, const char *s)
{
    while (*s) {
        const char *end = s;
        while (*end && *end != ',' && *end != ';')
            end++;
        add_bypass(p, s, (size_t)(end - s));
        s = *end ? end + 1 : end;
    }
}

static int blank_text(const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!isspace((unsigned char)text[i]))
            return 0;
    return 1;
}

int ep_localconfig_parse(const char *text, size_t len, struct ep_proxy *p, char *err, size_t errlen)
{
    char why[128];
    /* An agent that never saved a setting may leave the file empty. */
    if (blank_text(text, len))
        return 0;
    json_object *root = json_parse_untrusted(text, len, why, sizeof why);
    if (!root) {
        snprintf(err, errlen,
                 _("localconfig.json is not valid JSON (%s): cannot tell which proxy the agent "
                   "uses"),
                 why);
        return -1;
    }
    if (!json_object_is_type(root, json_type_object)) {
        json_object_put(root);
        snprintf(err, errlen,
                 _("localconfig.json holds no JSON object: cannot tell which proxy the agent "
                   "uses"));
        return -1;
    }
    int rc = 1;
    /* Gateway mode is connection.type (arc-gateway.md); config.mode is
     * full or monitor and says nothing about the path. */
    const char *type = string_setting(root, "connection.type");
    const char *url = string_setting(root, "proxy.url");
    if (type && strcasecmp(type, "gateway") == 0) {
        /* arcproxyd forwards to the gateway (and to proxy.url itself); the
         * agent supports no bypass together with the gateway. */
        ep_proxy_set_url(p, EP_GATEWAY_PROXY, err, errlen);
        p->bypass_count = 0;
        p->source = ARCP_PROXY_SOURCE_GATEWAY;
    } else if (url && *url) {
        if (ep_proxy_set_url(p, url, err, errlen) != 0) {
            char inner[ARCP_TEXT_MAX];
            arcp_copy(inner, sizeof inner, err);
            snprintf(err, errlen, _("proxy.url in localconfig.json: %s"), inner);
            rc = -1;
        } else {
            p->source = ARCP_PROXY_SOURCE_CONFIG;
            p->bypass_count = 0;
            json_object *bypass = unwrap(lookup(root, "proxy.bypass"));
            if (bypass && json_object_is_type(bypass, json_type_array)) {
                for (size_t i = 0; i < json_object_array_length(bypass); i++) {
                    json_object *item = json_object_array_get_idx(bypass, i);
                    if (item && json_object_is_type(item, json_type_string))
                        add_bypass_list(p, json_object_get_string(item));
                }
            } else if (bypass && json_object_is_type(bypass, json_type_string)) {
                add_bypass_list(p, json_object_get_string(bypass));
            }
        }
    }
    json_object_put(root);
    return rc;
}

int ep_read_file(const char *path, size_t max, char **buf, size_t *len)
{
    *buf = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0)
        return errno ? errno : EIO;
    struct stat st;
    int rc = 0;
    if (fstat(fd, &st) != 0)
        rc = errno ? errno : EIO;
    else if (!S_ISREG(st.st_mode))
        rc = EINVAL;
    else if ((size_t)st.st_size > max)
        rc = EFBIG;
    char *text = rc == 0 ? malloc(max + 1) : NULL;
    if (rc == 0 && !text)
        rc = ENOMEM;
    size_t got = 0;
    while (rc == 0) {
        /* Read up to one byte past max: the file may grow after fstat. */
        ssize_t n = read(fd, text + got, max + 1 - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            rc = errno ? errno : EIO;
        else if (n == 0)
            break;
        else if ((got += (size_t)n) > max)
            rc = EFBIG;
    }
    close(fd);
    if (rc != 0) {
        free(text);
        return rc;
    }
    text[got] = '\0';
    *buf = text;
    *len = got;
    return 0;
}

/* The agent's own settings. Returns 0 (p set, or untouched when the file
 * sets no proxy) or -1 when the file exists but cannot be used: probing
 * direct then would test a path the agent may not take. */
static int from_localconfig(const struct arcp_config *cfg, struct ep_proxy *p, char *err,
                            size_t errlen)
{
    char path[PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/localconfig.json", cfg->agent_dir);
    char *text = NULL;
    size_t len = 0;
    int why = ep_read_file(path, EP_MAX_JSON_FILE, &text, &len);
    if (why == ENOENT || why == ENOTDIR)
        return 0;
    if (why == EFBIG) {
        snprintf(err, errlen,
                 _("localconfig.json is larger than %d KiB, so it is not the agent's: cannot "
                   "tell which proxy the agent uses"),
                 EP_MAX_JSON_FILE / 1024);
        return -1;
    }
    if (why != 0) {
        snprintf(err, errlen,
                 _("cannot read %s (%s): cannot tell which proxy the agent uses (give the "
                   "probe read access, or set proxy in arcprobe.conf)"),
                 path, strerror(why));
        return -1;
    }
    int rc = ep_localconfig_parse(text, len, p, err, errlen);
    free(text);
    return rc < 0 ? -1 : 0;
}

static void from_environment(const struct arcp_config *cfg, double deadline, struct ep_proxy *p,
                             char *err, size_t errlen)
{
    struct proxy_env env;
    proxy_environment_find(cfg, deadline, &env);
    if (!env.https_proxy[0])
        return;
    if (ep_proxy_set_url(p, env.https_proxy, err, errlen) != 0) {
        char inner[ARCP_TEXT_MAX];
        arcp_copy(inner, sizeof inner, err);
        snprintf(err, errlen, _("HTTPS_PROXY in the %s of %s (%s): %s"),
                 arcp_proxy_source_name(env.source), cfg->service_unit, env.where, inner);
        p->source = env.source;
        p->url[0] = '\0';
        return;
    }
    err[0] = '\0';
    p->source = env.source;
    p->go_no_proxy = 1;
    p->bypass_count = 0;
    add_bypass_list(p, env.no_proxy);
}

int ep_proxy_resolve(const struct arcp_config *cfg, double deadline, struct ep_proxy *p, char *err,
                     size_t errlen)
{
    memset(p, 0, sizeof *p);
    err[0] = '\0';
    p->source = ARCP_PROXY_SOURCE_NONE;
    if (strcasecmp(cfg->proxy, "none") == 0) {
        p->source = ARCP_PROXY_SOURCE_OVERRIDE;
        return 0;
    }
    if (cfg->proxy[0]) {
        p->source = ARCP_PROXY_SOURCE_OVERRIDE;
        return ep_proxy_set_url(p, cfg->proxy, err, errlen);
    }
    if (cfg->agent_dir[0] && from_localconfig(cfg, p, err, errlen) != 0)
        return -1;
    if (p->source != ARCP_PROXY_SOURCE_NONE)
        return 0;
    from_environment(cfg, deadline, p, err, errlen);
    return err[0] ? -1 : 0;
}

/* host is domain or lies below it. */
static int within(const char *host, const char *domain)
{
    size_t hl = strlen(host), dl = strlen(domain);
    if (dl == 0 || hl < dl)
        return 0;
    if (strcasecmp(host + hl - dl, domain) != 0)
        return 0;
    return hl == dl || host[hl - dl - 1] == '.';
}

/* The agent's proxy.bypass accepts service names for groups of URLs
 * (manage-agent-proxy-settings.md); per cloud where the cloud has one. */
static const struct {
    const char *service;
    const char *domains[10];
} services[] = {
    {"AAD",
     {"login.windows.net", "login.microsoftonline.com", "pas.windows.net",
      "login.microsoftonline.us", "pasff.usgovcloudapi.net", "login.chinacloudapi.cn",
      "pas.chinacloudapi.cn", NULL}},
    {"ARM",
     {"management.azure.com", "management.usgovcloudapi.net", "management.chinacloudapi.cn", NULL}},
    /* Only these two: notification service and relay stay on the proxy. */
    {"Arc",
     {"his.arc.azure.com", "his.arc.azure.us", "his.arc.azure.cn", "guestconfiguration.azure.com",
      "guestconfiguration.azure.us", "guestconfiguration.azure.cn", NULL}},
    {"ArcData", {"arcdataservices.com", NULL}},
    {"AMA",
     {"ods.opinsights.azure.com", "oms.opinsights.azure.com", "monitoring.azure.com",
      "control.monitor.azure.com", NULL}},
};

/* NO_PROXY as Go's httpproxy reads it: "*" is every host; "a.b" is a.b and
 * below; ".a.b" and "*.a.b" only below; an address is itself; a :port
 * suffix is dropped here (every probed endpoint uses its one port). Go never
 * proxies localhost and loopback addresses. */
static int go_no_proxy_match(const struct ep_proxy *p, const char *host)
{
    if (strcasecmp(host, "localhost") == 0 || strncmp(host, "127.", 4) == 0 ||
        strcmp(host, "::1") == 0)
        return 1;
    for (size_t b = 0; b < p->bypass_count; b++) {
        char entry[128];
        arcp_copy(entry, sizeof entry, p->bypass[b]);
        if (strcmp(entry, "*") == 0)
            return 1;
        char *e = entry;
        if (*e == '[') {
            char *close = strchr(e, ']');
            if (close)
                *close = '\0';
            e++;
        } else {
            char *colon = strchr(e, ':');
            if (colon && !strchr(colon + 1, ':'))
                *colon = '\0';
        }
        int subdomains_only = 0;
        if (strncmp(e, "*.", 2) == 0)
            e++;
        if (*e == '.') {
            subdomains_only = 1;
            e++;
        }
        if (!*e)
            continue;
        if (subdomains_only ? within(host, e) && strcasecmp(host, e) != 0 : within(host, e))
            return 1;
    }
    return 0;
}

int ep_proxy_bypassed(const struct ep_proxy *p, const char *host)
{
    if (p->go_no_proxy)
        return go_no_proxy_match(p, host);
    for (size_t b = 0; b < p->bypass_count; b++) {
        const char *entry = p->bypass[b];
        for (size_t s = 0; s < sizeof services / sizeof services[0]; s++) {
            if (strcasecmp(entry, services[s].service) != 0)
                continue;
            for (size_t d = 0; d < 10 && services[s].domains[d]; d++)
                if (within(host, services[s].domains[d]))
                    return 1;
        }
        /* Otherwise a host or domain, possibly written as a URL or "*.x". */
        const char *start = strstr(entry, "://");
        start = start ? start + 3 : entry;
        while (*start == '*' || *start == '.')
            start++;
        char domain[128];
        size_t n = 0;
        while (start[n] && start[n] != '/' && start[n] != ':' && n + 1 < sizeof domain) {
            domain[n] = start[n];
            n++;
        }
        domain[n] = '\0';
        if (n > 0 && within(host, domain))
            return 1;
    }
    return 0;
}
