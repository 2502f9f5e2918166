/* Correlated endpoint failures, said once. Eight endpoints that all fail to
 * resolve are one broken resolver, not eight problems: the rows stay for
 * detail, the finding names the cause and gives the remedy once. */
#include "endpoint_findings.h"
#include "l10n.h"
#include "sanitize.h"

#include <stdio.h>
#include <string.h>

/* A reachable row is a finding only when a front end's time threshold
 * fired: which way it missed decides the words. */
static const char *threshold_cause(arcp_limit_side side)
{
    switch (side) {
    case ARCP_LIMIT_BELOW:
        return _("the endpoint answers faster than the configured limit");
    case ARCP_LIMIT_INSIDE:
        return _("the endpoint's response time lies in the configured alert range");
    default:
        return _("the endpoint answers slower than the configured limit");
    }
}

static const char *cause_of(const struct arcp_endpoint *ep)
{
    arcp_endpoint_class cls = ep->cls;
    if (cls == ARCP_EP_OK)
        return threshold_cause(ep->limit_side);
    static const char *const causes[] = {
        [ARCP_EP_DNS_FAILURE] = N_("the name does not resolve on this machine"),
        [ARCP_EP_NETWORK_UNREACHABLE] = N_("no network route to the endpoint"),
        [ARCP_EP_REFUSED] = N_("the connection to TCP 443 is refused"),
        [ARCP_EP_TIMEOUT] = N_("no answer in time: the traffic is dropped on the way"),
        [ARCP_EP_PROXY_REFUSED] = N_("the proxy refuses the connection to the endpoint"),
        [ARCP_EP_PROXY_UNREACHABLE] = N_("the proxy cannot be reached"),
        [ARCP_EP_TLS_UNTRUSTED] = N_("the certificate chain is not from a trusted CA"),
        [ARCP_EP_TLS_OTHER] = N_("the TLS handshake failed"),
        [ARCP_EP_OTHER] = N_("the request failed"),
        [ARCP_EP_NOT_PROBED] = N_("the probe's deadline ran out before the endpoint was probed"),
    };
    if ((unsigned)cls >= sizeof causes / sizeof causes[0])
        return "";
    return _(causes[cls]);
}

/* What a group of failed rows is called in the finding's text. */
static const char *failure_words(arcp_endpoint_class cls)
{
    switch (cls) {
    case ARCP_EP_DNS_FAILURE:
        return _("name does not resolve");
    case ARCP_EP_NETWORK_UNREACHABLE:
        return _("network unreachable");
    case ARCP_EP_REFUSED:
        return _("connection refused");
    case ARCP_EP_TIMEOUT:
        return _("no answer in time");
    case ARCP_EP_PROXY_REFUSED:
        return _("refused by the proxy");
    case ARCP_EP_PROXY_UNREACHABLE:
        return _("proxy unreachable");
    case ARCP_EP_TLS_UNTRUSTED:
        return _("untrusted certificate");
    case ARCP_EP_TLS_OTHER:
        return _("TLS failure");
    case ARCP_EP_NOT_PROBED:
        return _("not probed before the deadline");
    default:
        return _("request failed");
    }
}

/* Rows are grouped by class and remedy (the proxy's 403 and 407 need
 * different things), and untrusted chains by their issuer. */
static int same_group(const struct arcp_endpoint *a, const struct arcp_endpoint *b)
{
    if (a->cls != b->cls || a->remedy != b->remedy)
        return 0;
    if (a->cls == ARCP_EP_OK && a->limit_side != b->limit_side)
        return 0;
    return a->cls != ARCP_EP_TLS_UNTRUSTED || strcmp(a->tls_issuer, b->tls_issuer) == 0;
}

/* A row is a finding when it failed, or when a front end's threshold made
 * a reachable endpoint not OK (too slow). */
static int failed(const struct arcp_endpoint *ep)
{
    return ep->cls != ARCP_EP_OK || ep->state != ARCP_OK;
}

static int blocked_outbound(arcp_endpoint_class cls)
{
    return cls == ARCP_EP_TIMEOUT || cls == ARCP_EP_NETWORK_UNREACHABLE;
}

struct tally {
    size_t probed; /* rows with an outcome (not cut by the deadline) */
    size_t dns, blocked, proxy_refused;
};

static struct tally count_rows(const struct arcp_endpoints *e)
{
    struct tally t = {0};
    for (size_t i = 0; i < e->count; i++) {
        const struct arcp_endpoint *ep = &e->items[i];
        if (ep->cls == ARCP_EP_NOT_PROBED)
            continue;
        t.probed++;
        t.dns += ep->cls == ARCP_EP_DNS_FAILURE;
        t.blocked += blocked_outbound(ep->cls);
        t.proxy_refused += ep->cls == ARCP_EP_PROXY_REFUSED;
    }
    return t;
}

enum correlation { NONE, RESOLVER, OUTBOUND_BLOCKED, PROXY_POLICY, TLS_INSPECTION };

/* Which shared cause explains the group led by ep, if any. */
static enum correlation correlation_of(const struct arcp_endpoint *ep, size_t group_rows,
                                       const struct tally *t)
{
    /* all or most: one resolver answers for every name */
    if (ep->cls == ARCP_EP_DNS_FAILURE && t->dns >= 2 && t->dns * 2 > t->probed)
        return RESOLVER;
    if (blocked_outbound(ep->cls) && t->blocked >= 2 && t->blocked == t->probed)
        return OUTBOUND_BLOCKED;
    if (ep->cls == ARCP_EP_PROXY_REFUSED && t->proxy_refused >= 2 && t->proxy_refused == t->probed)
        return PROXY_POLICY;
    if (ep->cls == ARCP_EP_TLS_UNTRUSTED && ep->tls_issuer[0] && group_rows >= 2)
        return TLS_INSPECTION;
    return NONE;
}

static int in_group(const struct arcp_endpoint *lead, const struct arcp_endpoint *ep,
                    enum correlation c)
{
    if (!failed(ep))
        return 0;
    if (c == RESOLVER)
        return ep->cls == ARCP_EP_DNS_FAILURE;
    if (c == OUTBOUND_BLOCKED)
        return blocked_outbound(ep->cls);
    if (c == PROXY_POLICY)
        return ep->cls == ARCP_EP_PROXY_REFUSED;
    return same_group(lead, ep);
}

static void describe(struct arcp_finding *f, const struct arcp_endpoint *lead, enum correlation c,
                     size_t rows, size_t total)
{
    char what[ARCP_TEXT_MAX];
    switch (c) {
    case RESOLVER:
        arcp_copy(what, sizeof what, _("DNS"));
        arcp_copy(f->cause, sizeof f->cause,
                  _("the resolver of this machine does not resolve the Azure endpoints' names"));
        arcp_copy(f->remedy, sizeof f->remedy,
                  _("fix name resolution on this machine ('resolvectl status', /etc/resolv.conf): "
                    "its DNS servers must resolve public Azure names such as "
                    "login.microsoftonline.com"));
        break;
    case OUTBOUND_BLOCKED:
        arcp_copy(what, sizeof what, _("outbound HTTPS blocked"));
        arcp_copy(f->cause, sizeof f->cause,
                  _("no Azure endpoint answers on TCP 443: a firewall drops or rejects outbound "
                    "HTTPS from this machine, or there is no route out"));
        arcp_copy(f->remedy, sizeof f->remedy,
                  _("allow outbound TCP 443 to the Azure Arc endpoints in the host and network "
                    "firewalls, or set the proxy this network requires ('azcmagent config set "
                    "proxy.url')"));
        break;
    case PROXY_POLICY:
        arcp_copy(what, sizeof what, _("refused by the proxy"));
        snprintf(f->cause, sizeof f->cause,
                 _("the proxy %s refuses every connection to the Azure endpoints"), lead->proxy);
        arcp_copy(f->remedy, sizeof f->remedy,
                  lead->remedy && lead->remedy[0]
                      ? lead->remedy
                      : _("allow the Azure Arc endpoints in the proxy's policy"));
        break;
    case TLS_INSPECTION:
        snprintf(what, sizeof what, _("TLS inspection by %s"), lead->tls_issuer);
        snprintf(f->cause, sizeof f->cause,
                 _("a TLS-inspecting device replaces the endpoints' certificates with ones issued "
                   "by %s"),
                 lead->tls_issuer);
        arcp_copy(f->remedy, sizeof f->remedy,
                  _("exempt the Azure Arc endpoints from TLS inspection on that device"));
        break;
    default:
        arcp_copy(what, sizeof what, failure_words(lead->cls));
        arcp_copy(f->cause, sizeof f->cause, lead->cause);
        arcp_copy(f->remedy, sizeof f->remedy, lead->remedy ? lead->remedy : "");
        break;
    }
    if (lead->cls == ARCP_EP_OK && rows == 1)
        snprintf(f->text, sizeof f->text,
                 lead->limit_side == ARCP_LIMIT_BELOW
                     ? _("1 fast endpoint: %s answers faster than the configured limit")
                 : lead->limit_side == ARCP_LIMIT_INSIDE
                     ? _("1 endpoint alerts: the response time of %s lies in the configured "
                         "alert range")
                     : _("1 slow endpoint: %s answers slower than the configured limit"),
                 lead->name);
    else if (lead->cls == ARCP_EP_OK)
        snprintf(f->text, sizeof f->text,
                 lead->limit_side == ARCP_LIMIT_BELOW
                     ? _("%zu fast endpoints of %zu: faster than the configured limit")
                 : lead->limit_side == ARCP_LIMIT_INSIDE
                     ? _("%zu endpoints of %zu: response time in the configured alert range")
                     : _("%zu slow endpoints of %zu: slower than the configured limit"),
                 rows, total);
    else if (rows == 1)
        /* TRANSLATORS: endpoint name, then what happened to it */
        snprintf(f->text, sizeof f->text, _("endpoint %s unreachable: %s"), lead->name, what);
    else if (lead->cls == ARCP_EP_NOT_PROBED)
        snprintf(f->text, sizeof f->text, _("%zu of %zu endpoints %s"), rows, total, what);
    else
        /* TRANSLATORS: "8 of 8 endpoints unreachable: DNS" */
        snprintf(f->text, sizeof f->text, _("%zu of %zu endpoints unreachable: %s"), rows, total,
                 what);
}

void endpoint_findings(arcp_report *r)
{
    struct arcp_endpoints *e = &r->endpoints;
    /* Without rows, the cause and remedy are what the probe said when it
     * could not start (net_unavailable.c); with rows, the leading row's. */
    if (e->count > 0)
        e->cause[0] = e->remedy[0] = '\0';
    for (size_t i = 0; i < e->count; i++) {
        struct arcp_endpoint *ep = &e->items[i];
        ep->finding = -1;
        ep->cause = failed(ep) ? cause_of(ep) : "";
        if (ep->cls != ARCP_EP_OK && ep->cls != ARCP_EP_NOT_PROBED) {
            /* the time until a failure is not a response time */
            ep->ttfb_s = -1;
            ep->total_s = -1;
        }
    }
    struct tally t = count_rows(e);
    size_t first = r->finding_count;
    for (size_t i = 0; i < e->count; i++) {
        struct arcp_endpoint *lead = &e->items[i];
        if (!failed(lead) || lead->finding >= 0)
            continue;
        size_t rows = 0;
        for (size_t j = i; j < e->count; j++)
            rows += in_group(lead, &e->items[j], NONE);
        enum correlation c = correlation_of(lead, rows, &t);
        if (c != NONE) {
            rows = 0;
            for (size_t j = i; j < e->count; j++)
                rows += e->items[j].finding < 0 && in_group(lead, &e->items[j], c);
        }
        size_t slot = ARCP_FINDINGS_MAX - 1; /* the last takes what does not fit on its own */
        if (r->finding_count < ARCP_FINDINGS_MAX) {
            slot = r->finding_count++;
            struct arcp_finding *f = &r->findings[slot];
            memset(f, 0, sizeof *f);
            arcp_copy(f->component, sizeof f->component, "endpoints");
            describe(f, lead, c, rows, e->count);
        }
        struct arcp_finding *f = &r->findings[slot];
        for (size_t j = i; j < e->count; j++) {
            struct arcp_endpoint *ep = &e->items[j];
            if (ep->finding < 0 && in_group(lead, ep, c)) {
                ep->finding = (int)slot;
                f->endpoints++;
                f->state = arcp_state_worse(f->state, ep->state);
            }
        }
    }
    /* the leading finding: worst, then most rows */
    size_t lead = first;
    for (size_t i = first + 1; i < r->finding_count; i++) {
        const struct arcp_finding *a = &r->findings[i], *b = &r->findings[lead];
        int sa = arcp_state_severity(a->state), sb = arcp_state_severity(b->state);
        if (sa > sb || (sa == sb && a->endpoints > b->endpoints))
            lead = i;
    }
    if (lead < r->finding_count) {
        arcp_copy(e->cause, sizeof e->cause, r->findings[lead].cause);
        arcp_copy(e->remedy, sizeof e->remedy, r->findings[lead].remedy);
    }
}
