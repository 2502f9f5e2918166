/* Proxy URLs parsed as Go's net/url parses them (the agent's reading), see
 * proxy_url.h. Error texts name the problem, never the text itself: any
 * part of a malformed proxy URL may be a piece of a password. */
#include "proxy_url.h"
#include "l10n.h"
#include "sanitize.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static int fail(char *err, size_t errlen, const char *text)
{
    snprintf(err, errlen, "%s", text);
    return -1;
}

/* net/url's validUserinfo: RFC 3986 unreserved, sub-delims, ':', '%', '@'. */
static int userinfo_char(unsigned char c)
{
    return isalnum(c) || strchr("-._:~!$&'()*+,;=%@", c) != NULL;
}

static int hex_value(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (unsigned char)tolower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* %XX decoding as net/url does it for user names and passwords ('+' stays
 * '+'). A NUL cannot be handed to libcurl and is refused. */
static int unescape(char *dst, size_t dstlen, const char *src, size_t len)
{
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)src[i];
        if (c == '%') {
            if (i + 2 >= len)
                return -1;
            int hi = hex_value((unsigned char)src[i + 1]);
            int lo = hex_value((unsigned char)src[i + 2]);
            if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
                return -1;
            c = (unsigned char)(hi * 16 + lo);
            i += 2;
        }
        if (o + 1 >= dstlen)
            return -1;
        dst[o++] = (char)c;
    }
    dst[o] = '\0';
    return 0;
}

static unsigned default_port(const char *scheme)
{
    if (strcmp(scheme, "https") == 0)
        return 443;
    if (strncmp(scheme, "socks", 5) == 0)
        return 1080;
    return 80;
}

/* host[:port] of net/url's parseHost, stricter on the host: a proxy needs a
 * name or an address. */
static int parse_hostport(const char *s, size_t len, struct proxy_url *out, int *port_written,
                          char *err, size_t errlen)
{
    size_t host_len = len;
    const char *port = NULL;
    if (len > 0 && s[0] == '[') {
        const char *close = memchr(s, ']', len);
        if (!close)
            return fail(err, errlen, _("proxy URL: missing ']' after an IPv6 address"));
        host_len = (size_t)(close - s) + 1;
        for (size_t i = 1; i + 1 < host_len; i++)
            if (!isxdigit((unsigned char)s[i]) && s[i] != ':' && s[i] != '.')
                return fail(err, errlen, _("proxy URL: invalid IPv6 address"));
        if (host_len < len) {
            if (s[host_len] != ':')
                return fail(err, errlen, _("proxy URL: invalid port after the host"));
            port = s + host_len + 1;
        }
    } else {
        const char *colon = NULL;
        for (size_t i = 0; i < len; i++)
            if (s[i] == ':')
                colon = s + i;
        if (colon) {
            host_len = (size_t)(colon - s);
            port = colon + 1;
        }
        for (size_t i = 0; i < host_len; i++)
            if (!isalnum((unsigned char)s[i]) && s[i] != '.' && s[i] != '-' && s[i] != '_')
                return fail(err, errlen, _("proxy URL: invalid character in the host name"));
    }
    if (host_len == 0)
        return fail(err, errlen, _("proxy URL has no host"));
    if (host_len >= sizeof out->host)
        return fail(err, errlen, _("proxy URL: host name too long"));
    memcpy(out->host, s, host_len);
    out->host[host_len] = '\0';
    out->port = default_port(out->scheme);
    *port_written = 0;
    if (port && port < s + len) {
        unsigned long n = 0;
        for (const char *p = port; p < s + len; p++) {
            if (!isdigit((unsigned char)*p) || n > 65535)
                return fail(err, errlen, _("proxy URL: invalid port after the host"));
            n = n * 10 + (unsigned long)(*p - '0');
        }
        if (n == 0 || n > 65535)
            return fail(err, errlen, _("proxy URL: port out of range"));
        out->port = (unsigned)n;
        *port_written = 1;
    }
    return 0;
}

static int parse(const char *text, struct proxy_url *out, char *err, size_t errlen)
{
    static const char *const schemes[] = {"http", "https", "socks5", "socks5h"};
    char full[ARCP_URL_MAX];
    memset(out, 0, sizeof *out);
    if (!text || !*text)
        return fail(err, errlen, _("empty proxy URL"));
    for (const unsigned char *c = (const unsigned char *)text; *c; c++)
        if (*c <= ' ' || *c == 0x7f)
            return fail(err, errlen, _("proxy URL contains blanks or control characters"));
    /* A bare host:port means http, as Go's proxy-from-environment reads it. */
    int n = strstr(text, "://") ? snprintf(full, sizeof full, "%s", text)
                                : snprintf(full, sizeof full, "http://%s", text);
    if (n < 0 || (size_t)n >= sizeof full) {
        snprintf(err, errlen, _("proxy URL longer than %d bytes"), ARCP_URL_MAX - 1);
        return -1;
    }

    /* scheme: a letter, then letters, digits, '+', '-', '.' (net/url getScheme) */
    const char *sep = strstr(full, "://");
    size_t scheme_len = (size_t)(sep - full);
    int scheme_ok = scheme_len > 0 && isalpha((unsigned char)full[0]);
    for (size_t i = 0; scheme_ok && i < scheme_len; i++)
        scheme_ok = isalnum((unsigned char)full[i]) || strchr("+-.", full[i]) != NULL;
    if (!scheme_ok || scheme_len >= sizeof out->scheme)
        return fail(err, errlen, _("proxy URL is not a URL (scheme://host:port)"));
    for (size_t i = 0; i < scheme_len; i++)
        out->scheme[i] = (char)tolower((unsigned char)full[i]);
    int known = 0;
    for (size_t i = 0; i < sizeof schemes / sizeof schemes[0]; i++)
        known |= strcmp(out->scheme, schemes[i]) == 0;
    if (!known)
        return fail(err, errlen, _("proxy URL: the scheme must be http, https, socks5 or socks5h"));

    /* net/url cuts the fragment ('#'), then the query ('?'), then ends the
     * authority at the first '/'. */
    const char *authority = sep + 3;
    size_t auth_len = strcspn(authority, "/?#");
    const char *after = authority + auth_len;
    if (strchr(after, '@'))
        /* The agent would take its proxy host from what is most likely a
         * piece of the password: say so without showing any of it. */
        /* xgettext:no-c-format */
        return fail(err, errlen,
                    _("proxy URL has an '@' after a '/', '?' or '#': the agent reads the host "
                      "from the text before that character, which looks like part of the "
                      "password; write '/', '?' and '#' in a password as %2F, %3F and %23"));
    if (*after && strcmp(after, "/") != 0)
        return fail(err, errlen, _("proxy URL: a proxy URL has no path, query or fragment"));

    const char *at = NULL;
    for (size_t i = 0; i < auth_len; i++)
        if (authority[i] == '@')
            at = authority + i;
    const char *hostport = at ? at + 1 : authority;
    int port_written = 0;
    if (parse_hostport(hostport, (size_t)(authority + auth_len - hostport), out, &port_written, err,
                       errlen) != 0)
        return -1;
    if (at) {
        size_t ui_len = (size_t)(at - authority);
        for (size_t i = 0; i < ui_len; i++)
            if (!userinfo_char((unsigned char)authority[i]))
                return fail(err, errlen,
                            _("proxy URL: the user name or password holds a character that "
                              "must be percent-encoded"));
        const char *colon = memchr(authority, ':', ui_len);
        size_t user_len = colon ? (size_t)(colon - authority) : ui_len;
        if (unescape(out->username, sizeof out->username, authority, user_len) != 0 ||
            (colon &&
             unescape(out->password, sizeof out->password, colon + 1, ui_len - user_len - 1) != 0))
            return fail(err, errlen,
                        _("proxy URL: invalid percent-encoding in the user name or password"));
        snprintf(out->userinfo_raw, sizeof out->userinfo_raw, "%.*s", (int)ui_len, authority);
        out->has_credentials = 1;
    }
    snprintf(out->curl_url, sizeof out->curl_url, "%s://%s:%u", out->scheme, out->host, out->port);
    if (port_written)
        snprintf(out->shown, sizeof out->shown, "%s://%s:%u", out->scheme, out->host, out->port);
    else
        snprintf(out->shown, sizeof out->shown, "%s://%s", out->scheme, out->host);
    return 0;
}

int proxy_url_parse(const char *text, struct proxy_url *out, char *err, size_t errlen)
{
    int rc = parse(text, out, err, errlen);
    if (rc != 0) /* nothing half-decoded stays behind */
        memset(out, 0, sizeof *out);
    return rc;
}
