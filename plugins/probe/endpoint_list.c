/* The endpoints of one probe cycle: validated URLs, unique by host[:port],
 * each with how badly the agent needs it. */
#include "endpoint_internal.h"
#include "sanitize.h"
#include "l10n.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void ep_list_init(struct ep_list *l)
{
    memset(l, 0, sizeof *l);
}

void ep_list_free(struct ep_list *l)
{
    free(l->items);
    ep_list_init(l);
}

/* A URL for messages: credentials removed, control characters gone,
 * shortened so one bad entry cannot crowd out the rest of the text. */
static void url_for_message(char *dst, size_t dstlen, const char *url)
{
    char stripped[ARCP_URL_MAX];
    char clean[ARCP_URL_MAX];
    ep_strip_credentials(stripped, sizeof stripped, url);
    arcp_sanitize(clean, sizeof clean, stripped, strlen(stripped));
    if (strlen(clean) > 100)
        snprintf(dst, dstlen, "%.*s...", (int)arcp_text_fit(clean, 97, -1, NULL), clean);
    else
        arcp_copy(dst, dstlen, clean);
}

static int fail_url(char *err, size_t errlen, const char *url, const char *why)
{
    char shown[128];
    url_for_message(shown, sizeof shown, url);
    snprintf(err, errlen, _("invalid endpoint URL '%s': %s"), shown, why);
    return -1;
}

static int valid_host_char(unsigned char c)
{
    return isalnum(c) || c == '-' || c == '.' || c == '_' || c == ':' || c == '[' || c == ']';
}

/* The ESU certificate path is served over plain HTTP on port 80 as well;
 * nothing else the agent needs is. */
static int http_allowed(const char *host)
{
    return strcmp(host, "www.microsoft.com") == 0;
}

/* Validate url; fill host, name and (when full is not NULL) the
 * normalised URL libcurl will be given. */
static int check_url(const char *url, char *host, size_t hostlen, char *name, size_t namelen,
                     char *full, size_t fulllen, char *err, size_t errlen)
{
    char with_scheme[ARCP_URL_MAX + 16];
    host[0] = name[0] = '\0';
    if (!url || !*url)
        return fail_url(err, errlen, "", "empty");
    if (strlen(url) >= ARCP_URL_MAX)
        return fail_url(err, errlen, url, _("longer than 511 bytes"));
    for (const unsigned char *p = (const unsigned char *)url; *p; p++)
        if (*p <= ' ' || *p == 0x7f)
            return fail_url(err, errlen, url, _("contains blanks or control characters"));
    /* A bare host name means the agent's usual https on 443. */
    if (!strstr(url, "://"))
        snprintf(with_scheme, sizeof with_scheme, "https://%s", url);
    else
        arcp_copy(with_scheme, sizeof with_scheme, url);

    CURLU *u = curl_url();
    if (!u) {
        snprintf(err, errlen, _("out of memory"));
        return -1;
    }
    int rc = -1;
    char *scheme = NULL, *h = NULL, *port = NULL, *user = NULL, *password = NULL, *normal = NULL;
    if (curl_url_set(u, CURLUPART_URL, with_scheme, CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK) {
        fail_url(err, errlen, url, _("not a URL (expected https://host[:port][/path])"));
        goto out;
    }
    curl_url_get(u, CURLUPART_USER, &user, 0);
    curl_url_get(u, CURLUPART_PASSWORD, &password, 0);
    if (user || password) {
        fail_url(err, errlen, url, _("credentials in endpoint URLs are not accepted"));
        goto out;
    }
    if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
        curl_url_get(u, CURLUPART_HOST, &h, 0) != CURLUE_OK || !h || !*h) {
        fail_url(err, errlen, url, _("no host"));
        goto out;
    }
    for (char *c = h; *c; c++) {
        if (!valid_host_char((unsigned char)*c)) {
            fail_url(err, errlen, url, _("the host name has characters DNS names cannot have"));
            goto out;
        }
        *c = (char)tolower((unsigned char)*c);
    }
    /* so the probed URL carries the lower-case host as well */
    if (curl_url_set(u, CURLUPART_HOST, h, 0) != CURLUE_OK) {
        fail_url(err, errlen, url, _("no host"));
        goto out;
    }
    int https = strcasecmp(scheme, "https") == 0;
    int http = strcasecmp(scheme, "http") == 0;
    if (!https && !(http && http_allowed(h))) {
        fail_url(err, errlen, url,
                 http ? _("only https:// is probed (http:// only for the ESU certificate host "
                          "www.microsoft.com)")
                      : _("only https:// URLs are probed"));
        goto out;
    }
    const char *bare = h[0] == '[' ? h + 1 : h;
    size_t bare_len = strlen(bare) - (h[0] == '[' && strlen(bare) > 0 ? 1 : 0);
    curl_url_get(u, CURLUPART_PORT, &port, 0);
    int n;
    /* Plain HTTP is named with its port so it never merges with the same
     * host's https entry. */
    if (port && strcmp(port, https ? "443" : "80") != 0)
        n = snprintf(name, namelen, "%s:%s", h, port);
    else if (http)
        n = snprintf(name, namelen, "%s:80", h);
    else
        n = snprintf(name, namelen, "%s", h);
    if (bare_len >= hostlen || n < 0 || (size_t)n >= namelen) {
        fail_url(err, errlen, url, _("host name too long"));
        goto out;
    }
    snprintf(host, hostlen, "%.*s", (int)bare_len, bare);
    if (full) {
        /* The normalised form (lower-case host, explicit path) is what we probe. */
        if (curl_url_get(u, CURLUPART_URL, &normal, 0) != CURLUE_OK || strlen(normal) >= fulllen) {
            fail_url(err, errlen, url, _("longer than 511 bytes"));
            goto out;
        }
        arcp_copy(full, fulllen, normal);
    }
    rc = 0;
out:
    curl_free(scheme);
    curl_free(h);
    curl_free(port);
    curl_free(user);
    curl_free(password);
    curl_free(normal);
    curl_url_cleanup(u);
    if (rc != 0)
        host[0] = name[0] = '\0';
    return rc;
}

int ep_url_check(const char *url, char *host, size_t hostlen, char *name, size_t namelen, char *err,
                 size_t errlen)
{
    return check_url(url, host, hostlen, name, namelen, NULL, 0, err, errlen);
}

int ep_list_add(struct ep_list *l, const char *url, arcp_required required, const char *group,
                char *err, size_t errlen)
{
    struct ep_entry e;
    memset(&e, 0, sizeof e);
    l->offered++;
    if (check_url(url, e.host, sizeof e.host, e.name, sizeof e.name, e.url, sizeof e.url, err,
                  errlen) != 0)
        return -1;
    e.required = required;
    arcp_copy(e.group, sizeof e.group, group ? group : "");

    for (size_t i = 0; i < l->count; i++) {
        if (strcmp(l->items[i].name, e.name) == 0) {
            if (required < l->items[i].required) {
                l->items[i].required = required;
                arcp_copy(l->items[i].group, sizeof l->items[i].group, e.group);
            }
            return 0;
        }
    }
    if (l->count >= EP_MAX_ENDPOINTS) {
        snprintf(err, errlen,
                 _("more than %d endpoints configured: at most %d can be probed in one cycle, "
                   "nothing probed"),
                 EP_MAX_ENDPOINTS, EP_MAX_ENDPOINTS);
        return -2;
    }
    if (arcp_grow(&l->items, &l->cap, l->count + 1, sizeof *l->items) != 0) {
        snprintf(err, errlen, _("out of memory"));
        return -3;
    }
    l->items[l->count++] = e;
    return 0;
}

static int is_separator(char c)
{
    return c == ',' || c == ';' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int ep_next_token(const char **cursor, const char **start, size_t *len)
{
    const char *p = *cursor;
    while (*p && is_separator(*p))
        p++;
    *start = p;
    while (*p && !is_separator(*p))
        p++;
    *len = (size_t)(p - *start);
    *cursor = p;
    return *len > 0;
}

int ep_list_parse(struct ep_list *l, const char *text, char *err, size_t errlen)
{
    static const struct {
        const char *prefix;
        arcp_required required;
    } prefixes[] = {
        {"always:", ARCP_REQUIRED_ALWAYS},
        {"connect:", ARCP_REQUIRED_CONNECT},
        {"install:", ARCP_REQUIRED_INSTALL},
        {"optional:", ARCP_REQUIRED_OPTIONAL},
    };
    if (!text)
        return 0;

    /* Count first, so an oversized list is refused with its size and
     * without allocating for it. */
    size_t tokens = 0, len;
    const char *start;
    for (const char *p = text; ep_next_token(&p, &start, &len);)
        tokens++;
    if (l->count + tokens > EP_MAX_ENDPOINTS) {
        snprintf(err, errlen,
                 _("%zu endpoints configured: at most %d can be probed in one cycle, nothing "
                   "probed"),
                 l->count + tokens, EP_MAX_ENDPOINTS);
        return -2;
    }

    for (const char *p = text; ep_next_token(&p, &start, &len);) {
        char token[ARCP_URL_MAX + 16];
        if (len >= sizeof token) {
            char head[64];
            snprintf(head, sizeof head, "%.*s", (int)(len < 40 ? len : 40), start);
            return fail_url(err, errlen, head, _("longer than 511 bytes"));
        }
        memcpy(token, start, len);
        token[len] = '\0';

        arcp_required required = ARCP_REQUIRED_ALWAYS;
        const char *url = token;
        for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
            size_t plen = strlen(prefixes[i].prefix);
            if (strncasecmp(token, prefixes[i].prefix, plen) == 0) {
                required = prefixes[i].required;
                url = token + plen;
                break;
            }
        }
        int rc = ep_list_add(l, url, required, "", err, errlen);
        if (rc != 0)
            return rc;
    }
    return 0;
}
