/* Turning a failed request into a cause an operator can act on. The
 * remedies follow the agent's troubleshooting guide ("network is
 * unreachable", "Forbidden" from a proxy or firewall, "no such host")
 * and add what a probe can tell apart that the agent's log cannot:
 * refused vs dropped, the proxy itself vs the path behind it, and a TLS
 * chain replaced by an inspecting device. */
#include "endpoint_internal.h"
#include "report_fold.h"
#include "l10n.h"

#include <errno.h>
#include <string.h>
#include <strings.h>

static const char remedy_dns[] =
    N_("the name does not resolve: fix DNS on this machine (resolv.conf, the DNS server's "
       "forwarders, a private-link DNS zone that lacks the name)");
static const char remedy_dns_silent[] =
    N_("the DNS server does not answer: check the nameservers in /etc/resolv.conf (or "
       "systemd-resolved's upstream servers) and that this machine may reach them on port 53");
static const char remedy_unreachable[] =
    N_("no route to the endpoint: check the default route and gateway, or configure the proxy "
       "the network requires (azcmagent config set proxy.url)");
static const char remedy_refused[] =
    N_("the connection is actively refused: open the firewall for this URL on TCP 443, or fix a "
       "hosts/private-link entry that points to a wrong address");
static const char remedy_timeout[] =
    N_("no answer in time: a firewall or proxy silently drops the traffic; allow this URL "
       "through it (if the endpoint is only slow, raise endpoint_timeout)");
static const char remedy_proxy_forbidden[] =
    N_("the proxy blocks this URL (CONNECT answered 403): allow the URL in the proxy's rules");
static const char remedy_proxy_auth[] =
    N_("the proxy requires authentication (CONNECT answered 407): put the credentials into "
       "proxy.url or exempt the agent's URLs from proxy authentication");
static const char remedy_proxy_upstream[] =
    N_("the proxy could not reach the endpoint: check the proxy's own DNS and outbound firewall "
       "for this URL");
static const char remedy_proxy_unreachable[] =
    N_("the proxy itself cannot be reached: check proxy.url (azcmagent config get proxy.url) and "
       "that the proxy is running and reachable");
static const char remedy_tls_untrusted[] =
    N_("the certificate chain is not from a trusted CA, typically a TLS-inspecting proxy or "
       "firewall: exempt the Azure Arc URLs from TLS inspection or add the inspection CA to the "
       "system trust store");
static const char remedy_tls_other[] =
    N_("the TLS handshake failed (expired or mismatched certificate, protocol or cipher "
       "refused): check the system clock and any device on the path that terminates TLS");
static const char remedy_other[] =
    N_("the request failed: see the detail; check firewall and proxy settings for this URL");
static const char remedy_not_probed[] =
    N_("the probe's deadline ran out before this endpoint was tried to the end: raise timeout or "
       "lower endpoint_timeout");

const char *ep_remedy_for(arcp_endpoint_class cls)
{
    switch (cls) {
    case ARCP_EP_OK:
        return "";
    case ARCP_EP_DNS_FAILURE:
        return remedy_dns;
    case ARCP_EP_NETWORK_UNREACHABLE:
        return remedy_unreachable;
    case ARCP_EP_REFUSED:
        return remedy_refused;
    case ARCP_EP_TIMEOUT:
        return remedy_timeout;
    case ARCP_EP_PROXY_REFUSED:
        return remedy_proxy_forbidden;
    case ARCP_EP_PROXY_UNREACHABLE:
        return remedy_proxy_unreachable;
    case ARCP_EP_TLS_UNTRUSTED:
        return remedy_tls_untrusted;
    case ARCP_EP_TLS_OTHER:
        return remedy_tls_other;
    case ARCP_EP_NOT_PROBED:
        return remedy_not_probed;
    case ARCP_EP_OTHER:
    default:
        return remedy_other;
    }
}

static struct ep_verdict verdict(arcp_endpoint_class cls, const char *remedy)
{
    struct ep_verdict v = {cls, remedy ? remedy : ep_remedy_for(cls), 0};
    return v;
}

/* The request never got past its name lookup: its own limit ran out
 * there, or the deadline came after it had waited long enough to say the
 * resolver is silent. Through a proxy the lookup was the proxy's name, so
 * it is the proxy that cannot be reached. */
static int resolver_silent(const struct http_request *r)
{
    if (r->dns_s >= 0 || r->connect_s >= 0)
        return 0;
    return r->done || r->total_s >= EP_RESOLVER_SILENT_S;
}

static struct ep_verdict silent_lookup(int via_proxy)
{
    struct ep_verdict v = via_proxy ? verdict(ARCP_EP_PROXY_UNREACHABLE, NULL)
                                    : verdict(ARCP_EP_DNS_FAILURE, remedy_dns_silent);
    v.resolver_silent = 1;
    return v;
}

/* OpenSSL's verify messages (X509_verify_cert_error_string) that mean "no
 * trusted CA signed this chain" rather than "this certificate is bad". */
static int untrusted_chain(const char *errbuf)
{
    static const char *const markers[] = {
        "unable to get local issuer certificate",
        "unable to get issuer certificate",
        "self-signed certificate",
        "self signed certificate",
        "unable to verify the first certificate",
        "certificate signature failure",
        "unable to get certificate CRL",
        "invalid CA certificate",
    };
    for (size_t i = 0; i < sizeof markers / sizeof markers[0]; i++)
        if (strcasestr(errbuf, markers[i]))
            return 1;
    return 0;
}

static struct ep_verdict connect_failure(const struct http_request *r, int via_proxy)
{
    /* Through a proxy the only TCP connection we open is to the proxy. */
    if (via_proxy)
        return verdict(ARCP_EP_PROXY_UNREACHABLE, NULL);
    switch (r->os_errno) {
    case ECONNREFUSED:
        return verdict(ARCP_EP_REFUSED, NULL);
    case ENETUNREACH:
    case EHOSTUNREACH:
    case ENETDOWN:
    case EHOSTDOWN:
    case EADDRNOTAVAIL:
        return verdict(ARCP_EP_NETWORK_UNREACHABLE, NULL);
    case ETIMEDOUT:
        return verdict(ARCP_EP_TIMEOUT, NULL);
    case EACCES:
    case EPERM:
        /* a local packet filter's reject-with-prohibited */
        return verdict(ARCP_EP_REFUSED, NULL);
    default:
        return verdict(ARCP_EP_OTHER, NULL);
    }
}

struct ep_verdict ep_classify(const struct http_request *r, int via_proxy)
{
    if (!r->done)
        return resolver_silent(r) ? silent_lookup(via_proxy) : verdict(ARCP_EP_NOT_PROBED, NULL);

    /* The proxy answered CONNECT with an error: it, not the endpoint, spoke. */
    if (via_proxy && r->connect_code >= 300) {
        if (r->connect_code == 403)
            return verdict(ARCP_EP_PROXY_REFUSED, remedy_proxy_forbidden);
        if (r->connect_code == 407)
            return verdict(ARCP_EP_PROXY_REFUSED, remedy_proxy_auth);
        return verdict(ARCP_EP_OTHER, remedy_proxy_upstream);
    }

    /* Plain HTTP through a proxy has no CONNECT; a 407 can only be the
     * proxy's, never the endpoint's. */
    if (via_proxy && r->http_status == 407 && r->url && strncasecmp(r->url, "http://", 7) == 0)
        return verdict(ARCP_EP_PROXY_REFUSED, remedy_proxy_auth);

    /* Any HTTP answer from the endpoint proves the path works, whatever
     * the status, and even when we stopped reading a long body. */
    if (r->http_status > 0)
        return verdict(ARCP_EP_OK, "");

    switch (r->result) {
    case CURLE_OK:
        return verdict(ARCP_EP_OK, "");
    case CURLE_COULDNT_RESOLVE_PROXY:
        return verdict(ARCP_EP_PROXY_UNREACHABLE, NULL);
    case CURLE_COULDNT_RESOLVE_HOST:
        /* A SOCKS proxy's own name is looked up as a "host"; only socks4 and
         * socks5 (not socks5h) look the endpoint up here, and say so. */
        if (via_proxy && !strstr(r->errbuf, "for SOCKS"))
            return verdict(ARCP_EP_PROXY_UNREACHABLE, NULL);
        return verdict(ARCP_EP_DNS_FAILURE, NULL);
    case CURLE_COULDNT_CONNECT:
        return connect_failure(r, via_proxy);
    case CURLE_OPERATION_TIMEDOUT:
        if (resolver_silent(r))
            return silent_lookup(via_proxy);
        /* Not even the TCP connection to the proxy came up. */
        if (via_proxy && r->connect_s <= 0 && r->connect_code == 0)
            return verdict(ARCP_EP_PROXY_UNREACHABLE, NULL);
        return verdict(ARCP_EP_TIMEOUT, NULL);
    case CURLE_PEER_FAILED_VERIFICATION:
        if (untrusted_chain(r->errbuf))
            return verdict(ARCP_EP_TLS_UNTRUSTED, NULL);
        return verdict(ARCP_EP_TLS_OTHER, NULL);
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_USE_SSL_FAILED:
        return verdict(ARCP_EP_TLS_OTHER, NULL);
    default:
        return verdict(ARCP_EP_OTHER, NULL);
    }
}
