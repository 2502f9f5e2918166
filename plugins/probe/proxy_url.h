/* A proxy URL read the way the agent reads it. The agent is written in Go
 * and parses proxy.url / HTTPS_PROXY with net/url: the authority ends at the
 * first '/', and the LAST '@' in it separates the credentials from the host,
 * so a password may contain '@' (and '/' written as %2F). libcurl reads such a
 * URL differently, so it never gets one: it gets scheme://host:port, and the
 * decoded user name and password separately. */
#ifndef ARCPROBE_PROXY_URL_H
#define ARCPROBE_PROXY_URL_H

#include "arcprobe.h"

#include <stddef.h>

struct proxy_url {
    char scheme[16];                 /* lower case: http, https, socks5, socks5h */
    char host[256];                  /* as written; an IPv6 literal keeps its brackets */
    unsigned port;                   /* as written, else the scheme's default (as Go's) */
    char curl_url[ARCP_URL_MAX];     /* scheme://host:port, never credentials */
    char shown[ARCP_URL_MAX];        /* scheme://host[:port] as written, never credentials */
    int has_credentials;             /* the URL carried user info */
    char username[256];              /* percent-decoded */
    char password[256];              /* percent-decoded */
    char userinfo_raw[ARCP_URL_MAX]; /* "user:pass" as written, to scrub from texts */
};

/* Parse a proxy URL ("host:port" alone means http://host:port). Returns 0,
 * or -1 with err saying what is wrong; err never holds any part of the URL
 * before its last '@' (where credentials are), nor the credentials. */
int proxy_url_parse(const char *text, struct proxy_url *out, char *err, size_t errlen);

#endif
