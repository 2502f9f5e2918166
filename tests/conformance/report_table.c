/* report_table.c - the synthetic reports of the conformance test. Each
 * component state comes with the facts the core derives it from, so the
 * core's fold gives each finding its real cause and remedy. */
#include "report_table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const arcp_state states[STATE_COUNT] = {ARCP_OK, ARCP_WARNING, ARCP_CRITICAL, ARCP_UNKNOWN};

/* endpoint remedies as the classifier hands them out: static texts */
static const char remedy_refused[] = "open the firewall for this URL on TCP 443";
static const char remedy_dns[] = "fix DNS for this name";
static const char remedy_timeout[] = "allow this URL through the firewall that drops it";
static const char remedy_unreachable[] = "check the default route";
static const char remedy_proxy[] = "allow the URL in the proxy's rules";
static const char remedy_tls[] = "exempt the URL from TLS inspection";
static const char remedy_not_probed[] = "raise timeout or lower endpoint_timeout";

static void set_himds(struct arcp_himds *h, arcp_state s)
{
    h->state = s;
    h->service = ARCP_SERVICE_ACTIVE;
    h->service_method = ARCP_METHOD_PROC;
    h->endpoint = ARCP_HIMDS_ANSWERED;
    h->endpoint_http_status = 200;
    h->endpoint_ms = 2;
    h->identity = 1;
    snprintf(h->text, sizeof h->text, "himds running, answered in 2 ms");
    if (s == ARCP_WARNING) {
        h->identity = 0;
        snprintf(h->text, sizeof h->text, "himds answers but no identity challenge");
    } else if (s == ARCP_CRITICAL) {
        h->service = ARCP_SERVICE_INACTIVE;
        h->endpoint = ARCP_HIMDS_REFUSED;
        h->endpoint_ms = -1;
        snprintf(h->text, sizeof h->text, "himds service inactive (systemd)");
    } else if (s == ARCP_UNKNOWN) {
        h->service = ARCP_SERVICE_UNKNOWN;
        h->endpoint = ARCP_HIMDS_NOT_PROBED;
        h->endpoint_ms = -1;
        snprintf(h->text, sizeof h->text, "himds was not probed");
    }
}

static void set_agent(struct arcp_agent *a, arcp_state s)
{
    a->state = s;
    a->status = ARCP_AGENT_CONNECTED;
    a->heartbeat_age_s = 60;
    snprintf(a->text, sizeof a->text, "agent Connected, last heartbeat 60 s ago");
    if (s == ARCP_WARNING) {
        a->heartbeat_age_s = 1000;
        snprintf(a->text, sizeof a->text, "agent Connected but last heartbeat 16 min ago");
    } else if (s == ARCP_CRITICAL) {
        a->status = ARCP_AGENT_DISCONNECTED;
        a->heartbeat_age_s = 2400;
        snprintf(a->text, sizeof a->text, "agent Disconnected, last heartbeat 40 min ago");
    } else if (s == ARCP_UNKNOWN) {
        a->status = ARCP_AGENT_UNKNOWN;
        a->heartbeat_age_s = -1;
        snprintf(a->text, sizeof a->text, "agent status unknown: no answer from /agentstatus");
    }
}

static void set_azcm(struct arcp_azcm *z, arcp_state s)
{
    z->state = s;
    z->code = -1;
    z->age_s = -1;
    z->meaning = "";
    z->code_remedy = "";
    snprintf(z->text, sizeof z->text, "no AZCM code in the logs");
    if (s == ARCP_WARNING || s == ARCP_CRITICAL) {
        z->found = 1;
        z->known = 1;
        z->code = 26;
        z->age_s = 120;
        snprintf(z->code_str, sizeof z->code_str, "AZCM0026");
        z->meaning = "The agent could not reach an Azure service it depends on.";
        z->code_remedy = "run azcmagent check and allow the required endpoints";
        snprintf(z->text, sizeof z->text, "AZCM0026 Network Error 2 min ago");
    }
    if (s == ARCP_CRITICAL) {
        snprintf(z->diagnosis, sizeof z->diagnosis,
                 "the name gbl.his.arc.azure.com does not resolve");
        snprintf(z->diagnosis_remedy, sizeof z->diagnosis_remedy,
                 "fix name resolution for gbl.his.arc.azure.com");
    } else if (s == ARCP_UNKNOWN) {
        snprintf(z->text, sizeof z->text, "cannot read /var/opt/azcmagent/log: permission denied");
    }
}

static void set_endpoint(struct arcp_endpoint *e, const char *name, arcp_required req)
{
    snprintf(e->name, sizeof e->name, "%s", name);
    snprintf(e->url, sizeof e->url, "https://%s/", name);
    e->required = req;
    e->state = ARCP_OK;
    e->cls = ARCP_EP_OK;
    e->dns_s = 0.001;
    e->connect_s = 0.002;
    e->tls_s = 0.01;
    e->ttfb_s = 0.02;
    e->total_s = 0.021;
    e->http_status = 200;
    e->remedy = "";
}

static void fail(struct arcp_endpoint *e, arcp_state s, arcp_endpoint_class cls, const char *remedy,
                 const char *detail)
{
    e->state = s;
    e->cls = cls;
    e->tls_s = e->ttfb_s = -1;
    e->total_s = 0.0001; /* the time to the failure: no response time */
    e->http_status = 0;
    e->remedy = remedy;
    snprintf(e->detail, sizeof e->detail, "%s", detail);
}

static const char *const hosts[] = {"login.microsoftonline.com",
                                    "pas.windows.net",
                                    "gbl.his.arc.azure.com",
                                    "agentserviceapi.guestconfiguration.azure.com",
                                    "guestnotificationservice.azure.com",
                                    "management.azure.com",
                                    "download.microsoft.com",
                                    "packages.microsoft.com"};

static void endpoints_new(struct arcp_endpoints *e, size_t n)
{
    e->count = n;
    e->items = calloc(n, sizeof *e->items);
    if (!e->items)
        abort();
    for (size_t i = 0; i < n; i++)
        set_endpoint(&e->items[i], hosts[i], i < 5 ? ARCP_REQUIRED_ALWAYS : ARCP_REQUIRED_CONNECT);
    snprintf(e->cloud, sizeof e->cloud, "AzureCloud");
}

/* The endpoints component from its rows, as the engine folds it. */
static void endpoints_fold(struct arcp_endpoints *e)
{
    e->state = ARCP_OK;
    e->failed = 0;
    for (size_t i = 0; i < e->count; i++) {
        e->state = arcp_state_worse(e->state, e->items[i].state);
        if (e->items[i].cls != ARCP_EP_OK && e->items[i].cls != ARCP_EP_NOT_PROBED)
            e->failed++;
    }
    snprintf(e->text, sizeof e->text, "%zu of %zu endpoints unreachable", e->failed, e->count);
}

/* Three endpoints whose worst is s. */
static void set_endpoints(arcp_report *r, arcp_state s)
{
    struct arcp_endpoints *e = &r->endpoints;
    endpoints_new(e, 3);
    e->items[2].required = ARCP_REQUIRED_CONNECT;
    if (s == ARCP_WARNING)
        fail(&e->items[2], ARCP_WARNING, ARCP_EP_REFUSED, remedy_refused, "Connection refused");
    else if (s == ARCP_CRITICAL)
        fail(&e->items[1], ARCP_CRITICAL, ARCP_EP_REFUSED, remedy_refused, "Connection refused");
    else if (s == ARCP_UNKNOWN) {
        fail(&e->items[0], ARCP_UNKNOWN, ARCP_EP_NOT_PROBED, remedy_not_probed,
             "not finished when the probe deadline came");
        r->incomplete = 1;
    }
    endpoints_fold(e);
}

/* Eight endpoints failing together. */
static void set_pattern(arcp_report *r, int pattern, char *name, size_t namelen)
{
    struct arcp_endpoints *e = &r->endpoints;
    endpoints_new(e, 8);
    for (size_t i = 0; i < 8; i++) {
        struct arcp_endpoint *ep = &e->items[i];
        arcp_state s = ep->required == ARCP_REQUIRED_ALWAYS ? ARCP_CRITICAL : ARCP_WARNING;
        switch (pattern) {
        case 0:
            snprintf(name, namelen, "all dns_failure");
            fail(ep, s, ARCP_EP_DNS_FAILURE, remedy_dns, "Could not resolve host");
            break;
        case 1:
            snprintf(name, namelen, "most dns_failure, one refused");
            if (i == 3)
                fail(ep, s, ARCP_EP_REFUSED, remedy_refused, "Connection refused");
            else if (i != 7)
                fail(ep, s, ARCP_EP_DNS_FAILURE, remedy_dns, "Could not resolve host");
            break;
        case 2:
            snprintf(name, namelen, "all timeout or network_unreachable");
            if (i % 3 == 0)
                fail(ep, s, ARCP_EP_NETWORK_UNREACHABLE, remedy_unreachable, "Network unreachable");
            else
                fail(ep, s, ARCP_EP_TIMEOUT, remedy_timeout, "Connection timed out");
            break;
        case 3:
            snprintf(name, namelen, "every chain from one inspection CA");
            fail(ep, s, ARCP_EP_TLS_UNTRUSTED, remedy_tls,
                 "unable to get local issuer certificate");
            snprintf(ep->tls_issuer, sizeof ep->tls_issuer, "Contoso Inspection CA");
            break;
        case 4:
            snprintf(name, namelen, "the proxy refuses every CONNECT");
            fail(ep, s, ARCP_EP_PROXY_REFUSED, remedy_proxy, "proxy answered CONNECT with 403");
            snprintf(ep->proxy, sizeof ep->proxy, "http://proxy.example:3128");
            break;
        case 5:
            snprintf(name, namelen, "two failures of their own (refused, timeout)");
            if (i == 1)
                fail(ep, s, ARCP_EP_REFUSED, remedy_refused, "Connection refused");
            if (i == 6)
                fail(ep, s, ARCP_EP_TIMEOUT, remedy_timeout, "Connection timed out");
            break;
        case 6:
            snprintf(name, namelen, "deadline left four unprobed");
            if (i >= 4) {
                fail(ep, ARCP_UNKNOWN, ARCP_EP_NOT_PROBED, remedy_not_probed, "not finished");
                r->incomplete = 1;
            }
            break;
        default:
            snprintf(name, namelen, "deadline left every endpoint unprobed");
            fail(ep, ARCP_UNKNOWN, ARCP_EP_NOT_PROBED, remedy_not_probed, "not finished");
            r->incomplete = 1;
            break;
        }
    }
    endpoints_fold(e);
}

/* No rows at all, as net_unavailable.c leaves the component when the
 * network module cannot be loaded: nothing was counted. */
static void set_no_rows(arcp_report *r, char *name, size_t namelen)
{
    struct arcp_endpoints *e = &r->endpoints;
    snprintf(name, namelen, "network module missing, no endpoint rows");
    e->state = ARCP_UNKNOWN;
    snprintf(e->text, sizeof e->text,
             "not probed: arcprobe-net.so: cannot open shared object file");
    snprintf(e->cause, sizeof e->cause,
             "arcprobe's network module, which runs the himds, agent and endpoint checks, could "
             "not be loaded");
    snprintf(e->remedy, sizeof e->remedy,
             "reinstall arcprobe's library package (libarcprobe0 or arcprobe-libs), which "
             "installs the module beside the library");
}

arcp_report *table_row(int i, char *name, size_t namelen)
{
    arcp_report *r = calloc(1, sizeof *r);
    if (!r)
        abort();
    r->checks = ARCP_CHECK_ALL;
    r->probe_time = 1764000000;
    r->duration_s = 0.5;
    int combos = STATE_COUNT * STATE_COUNT * STATE_COUNT * STATE_COUNT;
    if (i < combos) {
        arcp_state h = states[i % 4], a = states[i / 4 % 4], z = states[i / 16 % 4],
                   e = states[i / 64 % 4];
        set_himds(&r->himds, h);
        set_agent(&r->agent, a);
        set_azcm(&r->azcm, z);
        set_endpoints(r, e);
        snprintf(name, namelen, "himds %s, agent %s, azcm %s, endpoints %s", arcp_state_name(h),
                 arcp_state_name(a), arcp_state_name(z), arcp_state_name(e));
    } else {
        int k = i - combos;
        char pattern[96];
        set_himds(&r->himds, ARCP_OK);
        set_agent(&r->agent, states[k % STATE_COUNT]);
        set_azcm(&r->azcm, ARCP_OK);
        if (k / STATE_COUNT == ENDPOINT_PATTERNS - 1)
            set_no_rows(r, pattern, sizeof pattern);
        else
            set_pattern(r, k / STATE_COUNT, pattern, sizeof pattern);
        snprintf(name, namelen, "%s, agent %s", pattern, arcp_state_name(states[k % STATE_COUNT]));
    }
    arcp_report_refold(r);
    return r;
}
