/* The proxy the agent itself would use, so the probe takes the same path:
 * an explicit config value, else the agent's localconfig.json (gateway
 * mode -> the local Arc proxy; else proxy.url with proxy.bypass), else
 * direct. Credentials in a proxy URL are used but never shown. */
#include "endpoint_internal.h"
#include "json_util.h"
#include "sanitize.h"
#include "l10n.h"

#include <ctype.h>
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

static void credentials_of(char *dst, size_t dstlen, const char *url)
{
    const char *scheme_end = strstr(url, "://");
    const char *authority = scheme_end ? scheme_end + 3 : url;
    const char *at = strrchr(authority, '@');
    if (!at) {
        dst[0] = '\0';
        return;
    }
    snprintf(dst, dstlen, "%.*s", (int)(at - authority), authority);
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

int ep_proxy_set_url(struct ep_proxy *p, const char *url, char *err, size_t errlen)
{
    static const char *const schemes[] = {"http",    "https",  "socks4",
                                          "socks4a", "socks5", "socks5h"};
    char full[ARCP_URL_MAX];
    char shown[ARCP_URL_MAX];
    if (!url || !*url) {
        snprintf(err, errlen, _("empty proxy URL"));
        return -1;
    }
    /* curl assumes http:// for a bare host:port, and so does the agent. */
    if (!strstr(url, "://")) {
        if (snprintf(full, sizeof full, "http://%s", url) >= (int)sizeof full) {
            snprintf(err, errlen, _("proxy URL longer than %d bytes"), ARCP_URL_MAX - 1);
            return -1;
        }
    } else if (strlen(url) >= sizeof full) {
        snprintf(err, errlen, _("proxy URL longer than %d bytes"), ARCP_URL_MAX - 1);
        return -1;
    } else {
        arcp_copy(full, sizeof full, url);
    }
    ep_strip_credentials(shown, sizeof shown, full);
    for (const unsigned char *c = (const unsigned char *)full; *c; c++) {
        if (*c <= ' ' || *c == 0x7f) {
            snprintf(err, errlen, _("proxy URL contains blanks or control characters"));
            return -1;
        }
    }
    CURLU *u = curl_url();
    if (!u) {
        snprintf(err, errlen, _("out of memory"));
        return -1;
    }
    char *scheme = NULL, *host = NULL;
    int rc = -1;
    char clean[128];
    arcp_sanitize(clean, sizeof clean, shown, strlen(shown));
    if (curl_url_set(u, CURLUPART_URL, full, CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK || !host || !*host) {
        snprintf(err, errlen, _("proxy URL '%s' is not a URL (scheme://host:port)"), clean);
    } else {
        for (size_t i = 0; i < sizeof schemes / sizeof schemes[0]; i++)
            if (strcasecmp(scheme, schemes[i]) == 0)
                rc = 0;
        if (rc != 0)
            snprintf(err, errlen, _("proxy URL '%s': scheme must be http, https or socks"), clean);
    }
    curl_free(scheme);
    curl_free(host);
    curl_url_cleanup(u);
    if (rc != 0)
        return -1;
    arcp_copy(p->url, sizeof p->url, full);
    arcp_copy(p->shown, sizeof p->shown, shown);
    credentials_of(p->secret, sizeof p->secret, full);
    return 0;
}

/* A member named by a dotted key, stored flat ("proxy.url") as the agent
 * writes it, or nested ({"proxy": {"url": ...}}); case-insensitive. */
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

int ep_localconfig_parse(const char *text, size_t len, struct ep_proxy *p, char *err, size_t errlen)
{
    char why[128];
    json_object *root = json_parse_untrusted(text, len, why, sizeof why);
    if (!root)
        return 0;
    if (!json_object_is_type(root, json_type_object)) {
        json_object_put(root);
        return 0;
    }
    int rc = 1;
    const char *type = string_setting(root, "connection.type");
    const char *mode = string_setting(root, "config.mode");
    const char *url = string_setting(root, "proxy.url");
    if ((type && strcasecmp(type, "gateway") == 0) || (mode && strcasecmp(mode, "gateway") == 0)) {
        /* arcproxyd forwards to the gateway (and to proxy.url itself), and
         * decides about bypass on its own. */
        ep_proxy_set_url(p, EP_GATEWAY_PROXY, err, errlen);
        p->bypass_count = 0;
        arcp_copy(p->source, sizeof p->source, "gateway");
    } else if (url && *url) {
        if (ep_proxy_set_url(p, url, err, errlen) != 0) {
            char inner[ARCP_TEXT_MAX];
            arcp_copy(inner, sizeof inner, err);
            snprintf(err, errlen, _("proxy.url in localconfig.json: %s"), inner);
            rc = -1;
        } else {
            arcp_copy(p->source, sizeof p->source, "localconfig.json");
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

int ep_proxy_resolve(const struct arcp_config *cfg, struct ep_proxy *p, char *err, size_t errlen)
{
    memset(p, 0, sizeof *p);
    arcp_copy(p->source, sizeof p->source, "none");
    if (strcasecmp(cfg->proxy, "none") == 0) {
        arcp_copy(p->source, sizeof p->source, "config");
        return 0;
    }
    if (cfg->proxy[0]) {
        if (ep_proxy_set_url(p, cfg->proxy, err, errlen) != 0)
            return -1;
        arcp_copy(p->source, sizeof p->source, "config");
        return 0;
    }
    if (!cfg->agent_dir[0])
        return 0;
    char path[PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/localconfig.json", cfg->agent_dir);
    size_t len = 0;
    char *text = ep_read_small_file(path, EP_MAX_JSON_FILE, &len);
    if (!text)
        return 0;
    int rc = ep_localconfig_parse(text, len, p, err, errlen);
    free(text);
    return rc < 0 ? -1 : 0;
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

/* The agent's proxy.bypass accepts service names for groups of URLs. */
static const struct {
    const char *service;
    const char *domains[12];
} services[] = {
    {"AAD",
     {"login.microsoftonline.com", "login.microsoftonline.us", "login.chinacloudapi.cn",
      "login.windows.net", "login.microsoft.com", "pas.windows.net", "pasff.usgovcloudapi.net",
      "pas.chinacloudapi.cn", NULL}},
    {"ARM",
     {"management.azure.com", "management.usgovcloudapi.net", "management.chinacloudapi.cn", NULL}},
    {"Arc",
     {"his.arc.azure.com", "his.arc.azure.us", "his.arc.azure.cn", "guestconfiguration.azure.com",
      "guestconfiguration.azure.us", "guestconfiguration.azure.cn",
      "guestnotificationservice.azure.com", "guestnotificationservice.azure.us",
      "guestnotificationservice.azure.cn", "servicebus.windows.net", "servicebus.usgovcloudapi.net",
      "servicebus.chinacloudapi.cn"}},
    {"AMA",
     {"ods.opinsights.azure.com", "oms.opinsights.azure.com", "monitoring.azure.com",
      "control.monitor.azure.com", NULL}},
};

int ep_proxy_bypassed(const struct ep_proxy *p, const char *host)
{
    for (size_t b = 0; b < p->bypass_count; b++) {
        const char *entry = p->bypass[b];
        for (size_t s = 0; s < sizeof services / sizeof services[0]; s++) {
            if (strcasecmp(entry, services[s].service) != 0)
                continue;
            for (size_t d = 0; d < 12 && services[s].domains[d]; d++)
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
