/* Known failure messages -> cause and remedy (see azcm_diagnose.h). */
#include "azcm_diagnose.h"
#include "l10n.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define HOST_MAX 254

/* Case-insensitive search for needle in text[0..len); returns its offset or -1. */
static long find_ci(const char *text, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    if (n == 0 || n > len)
        return -1;
    for (size_t i = 0; i + n <= len; i++) {
        size_t k = 0;
        while (k < n && tolower((unsigned char)text[i + k]) == tolower((unsigned char)needle[k]))
            k++;
        if (k == n)
            return (long)i;
    }
    return -1;
}

static int host_char(char c)
{
    return isalnum((unsigned char)c) || c == '.' || c == '-' || c == '_';
}

/* Copy the host name starting at text[pos] into host; 0 if none is there. */
static int take_host(const char *text, size_t len, size_t pos, char *host)
{
    size_t n = 0;
    while (pos + n < len && n < HOST_MAX - 1 && host_char(text[pos + n]))
        n++;
    if (n == 0 || memchr(text + pos, '.', n) == NULL)
        return 0;
    memcpy(host, text + pos, n);
    host[n] = '\0';
    return 1;
}

/* The host of the first http(s):// URL in the text. */
static int url_host(const char *text, size_t len, char *host)
{
    long at = find_ci(text, len, "://");
    while (at >= 0) {
        if (take_host(text, len, (size_t)at + 3, host))
            return 1;
        size_t next = (size_t)at + 3;
        long more = find_ci(text + next, len - next, "://");
        at = more < 0 ? -1 : (long)next + more;
    }
    return 0;
}

/* The host after "lookup " (Go's resolver errors: "lookup HOST: no such host"). */
static int lookup_host(const char *text, size_t len, char *host)
{
    long at = find_ci(text, len, "lookup ");
    return at >= 0 && take_host(text, len, (size_t)at + 7, host);
}

enum azcm_failure azcm_diagnose(const char *text, size_t len, char *cause, size_t causelen,
                                char *remedy, size_t remedylen)
{
    char host[HOST_MAX];
    if (causelen)
        cause[0] = '\0';
    if (remedylen)
        remedy[0] = '\0';

    /* Most specific first: an authorization error also says "Forbidden". */
    if (find_ci(text, len, "not registered to use namespace") >= 0) {
        snprintf(cause, causelen,
                 _("the subscription has not registered the Microsoft.HybridCompute resource "
                   "provider"));
        snprintf(remedy, remedylen,
                 _("register the Microsoft.HybridCompute and Microsoft.GuestConfiguration resource "
                   "providers in the subscription, then connect again"));
        return AZCM_FAIL_PROVIDER_NOT_REGISTERED;
    }
    if (find_ci(text, len, "does not have authorization to perform action") >= 0) {
        snprintf(
            cause, causelen,
            _("the user or service principal lacks the permission for this action (HTTP 403)"));
        snprintf(remedy, remedylen,
                 _("grant it the \"Azure Connected Machine Onboarding\" role on the resource group "
                   "(or subscription), then connect again"));
        return AZCM_FAIL_NO_AUTHORIZATION;
    }
    if (find_ci(text, len, "was not found in the directory") >= 0 &&
        find_ci(text, len, "application with identifier") >= 0) {
        snprintf(cause, causelen,
                 _("the service principal's application id or the tenant id is wrong"));
        snprintf(
            remedy, remedylen,
            _("check the service principal (application) id and the tenant id used to connect"));
        return AZCM_FAIL_APP_NOT_FOUND;
    }
    if (find_ci(text, len, "invalid client secret") >= 0) {
        snprintf(cause, causelen, _("the service principal's secret is wrong or has expired"));
        snprintf(remedy, remedylen,
                 _("check the service principal secret and create a new one if it expired"));
        return AZCM_FAIL_INVALID_SECRET;
    }
    if (find_ci(text, len, "forbidden") >= 0) {
        if (!url_host(text, len, host))
            snprintf(host, sizeof(host), _("an Azure endpoint"));
        snprintf(cause, causelen, _("a proxy or firewall blocks access to %s"), host);
        snprintf(remedy, remedylen, _("allow %s (TCP 443) in the firewall and on the proxy server"),
                 host);
        return AZCM_FAIL_FORBIDDEN;
    }
    if (find_ci(text, len, "no such host") >= 0) {
        if (!lookup_host(text, len, host) && !url_host(text, len, host))
            snprintf(host, sizeof(host), _("an Azure endpoint"));
        snprintf(cause, causelen, _("the name %s does not resolve on this machine"), host);
        snprintf(remedy, remedylen,
                 _("fix name resolution for %s on this machine ('resolvectl query', "
                   "/etc/resolv.conf)"),
                 host);
        return AZCM_FAIL_NO_SUCH_HOST;
    }
    if (find_ci(text, len, "network is unreachable") >= 0) {
        if (!url_host(text, len, host))
            snprintf(host, sizeof(host), _("an Azure endpoint"));
        snprintf(cause, causelen, _("%s is unreachable: no network route to it"), host);
        snprintf(remedy, remedylen,
                 _("check routing and connectivity from this machine to %s on TCP 443"), host);
        return AZCM_FAIL_UNREACHABLE;
    }
    return AZCM_FAIL_NONE;
}
