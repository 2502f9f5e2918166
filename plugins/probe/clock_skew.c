/* Clock skew from the Date headers the HTTPS endpoints send anyway.
 *
 * Microsoft Entra ID refuses tokens from a machine whose clock is off by
 * more than a few minutes; the agent then logs authentication or
 * certificate errors that point the wrong way. Every endpoint the probe
 * already contacts stamps its answer with a Date header (RFC 9110, whole
 * seconds), so the skew costs no extra request. One host may lie (a
 * misconfigured front end, a TLS-inspecting proxy with its own clock): the
 * verdict is the median over distinct hosts, and there is none from fewer
 * than two. */
#include "clock_skew.h"
#include "sanitize.h"
#include "l10n.h"

#include <curl/curl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MIN_ANSWERS 2

double clock_offset_from(time_t date, double sent_wall, double date_wall)
{
    double midpoint = sent_wall + (date_wall - sent_wall) / 2.0;
    return midpoint - ((double)date + 0.5);
}

int clock_offset_of_request(const struct http_request *req, double *offset_s)
{
    if (!req->done || req->http_status <= 0 || !req->date[0] || req->date_wall <= 0 ||
        req->start_wall <= 0)
        return -1;
    time_t date = curl_getdate(req->date, NULL);
    if (date <= 0)
        return -1;
    /* The request leaves once the connection (and TLS) is up; the time
     * before that is not part of the round trip the Date sits in. libcurl's
     * phase times count from its own start of the transfer, so the round
     * trip is measured back from the Date's arrival (first byte - ready);
     * only without a first-byte time does the set-up time stand in. */
    double ready_s = req->tls_s > 0 ? req->tls_s : req->connect_s > 0 ? req->connect_s : 0;
    double sent_wall = req->ttfb_s > ready_s ? req->date_wall - (req->ttfb_s - ready_s)
                                             : req->start_wall + ready_s;
    if (sent_wall < req->start_wall)
        sent_wall = req->start_wall;
    if (sent_wall > req->date_wall)
        sent_wall = req->date_wall;
    *offset_s = clock_offset_from(date, sent_wall, req->date_wall);
    return 0;
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double clock_median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, compare_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

/* The host of "https://host[:port]/..." in lower case; 0 if not https. */
static int https_host(const char *url, char *host, size_t hostlen)
{
    static const char scheme[] = "https://";
    if (strncasecmp(url, scheme, sizeof scheme - 1) != 0)
        return 0;
    const char *p = url + sizeof scheme - 1;
    size_t n = p[0] == '[' ? strcspn(p, "]/") + 1 : strcspn(p, ":/?#");
    if (n == 0 || n >= hostlen)
        return 0;
    for (size_t i = 0; i < n; i++)
        host[i] = (char)(p[i] >= 'A' && p[i] <= 'Z' ? p[i] - 'A' + 'a' : p[i]);
    host[n] = '\0';
    return 1;
}

static void set_cause_and_remedy(struct arcp_clock *out)
{
    snprintf(out->cause, sizeof out->cause,
             _("the system clock is off: Microsoft Entra ID refuses tokens from a machine whose "
               "clock is off by more than a few minutes, and the agent then logs authentication "
               "or certificate errors"));
    snprintf(out->remedy, sizeof out->remedy,
             _("synchronise the clock: enable chrony or systemd-timesyncd (timedatectl set-ntp "
               "true), make sure an NTP server is reachable (UDP 123), then check with chronyc "
               "tracking or timedatectl timesync-status"));
}

void clock_skew_judge(const struct arcp_config *cfg, const struct arcp_endpoints *eps,
                      struct arcp_clock *out)
{
    memset(out, 0, sizeof *out);
    out->state = ARCP_OK;
    double *offsets = eps->count ? calloc(eps->count, sizeof *offsets) : NULL;
    char(*hosts)[256] = eps->count ? calloc(eps->count, sizeof *hosts) : NULL;
    size_t n = 0;
    for (size_t i = 0; offsets && hosts && i < eps->count; i++) {
        const struct arcp_endpoint *e = &eps->items[i];
        char host[256];
        if (!e->has_date || !https_host(e->url, host, sizeof host))
            continue;
        size_t seen = 0;
        while (seen < n && strcmp(hosts[seen], host) != 0)
            seen++;
        if (seen < n)
            continue; /* one vote per host */
        memcpy(hosts[n], host, sizeof host);
        offsets[n++] = e->clock_offset_s;
    }
    out->answers = n;
    if (n < MIN_ANSWERS) {
        /* TRANSLATORS: the count of hosts whose answer carried a Date header */
        snprintf(out->text, sizeof out->text,
                 P_("clock not judged: %zu endpoint host answered with a Date header, 2 needed",
                    "clock not judged: %zu endpoint hosts answered with a Date header, 2 needed",
                    n),
                 n);
        free(offsets);
        free(hosts);
        return;
    }
    out->judged = 1;
    out->offset_s = clock_median(offsets, n);
    free(offsets);
    free(hosts);

    double off = fabs(out->offset_s);
    if (off > (double)cfg->clock_skew_critical)
        out->state = ARCP_CRITICAL;
    else if (off > (double)cfg->clock_skew_warning)
        out->state = ARCP_WARNING;
    long long shown = llround(off);
    if (out->state == ARCP_OK) {
        snprintf(out->text, sizeof out->text,
                 _("clock within %lld s of the Date headers of %zu endpoint hosts (median)"), shown,
                 n);
        return;
    }
    /* TRANSLATORS: seconds, the count of endpoint hosts, the limit in seconds */
    snprintf(out->text, sizeof out->text,
             out->offset_s > 0
                 ? _("clock %lld s ahead of the Date headers of %zu endpoint hosts (median; "
                     "limit %lld s)")
                 : _("clock %lld s behind the Date headers of %zu endpoint hosts (median; limit "
                     "%lld s)"),
             shown, n,
             out->state == ARCP_CRITICAL ? cfg->clock_skew_critical : cfg->clock_skew_warning);
    set_cause_and_remedy(out);
}
