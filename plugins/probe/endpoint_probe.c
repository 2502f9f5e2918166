/* One cycle of the endpoint engine: decide which endpoints the agent needs
 * and the way it reaches them (proxy), ask the regional discovery service
 * where this machine's his host is, then probe everything at once under
 * the probe's deadline and classify each failure.
 *
 * Time limits: each endpoint gets endpoint_timeout (0: timeout), but never
 * more than the deadline leaves. An endpoint that uses up its own limit is
 * a timeout; one still running when an explicit endpoint_timeout could not
 * be granted (or when the deadline came) is not probed, and the text says
 * the cycle was cut short. Phase times are libcurl's, cumulative from the
 * start of the request (like curl -w time_connect). */
#include "endpoint_internal.h"
#include "clock_skew.h"
#include "report_fold.h"
#include "endpoints.h"
#include "sanitize.h"
#include "l10n.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Time kept back from the deadline for building the report. */
#define WRAP_UP_S 0.02
/* A request's own timer fires this much before the batch gives up on it,
 * so a timeout is the endpoint's, not a race with the deadline. */
#define TIMER_LEAD_S 0.03
/* Discovery runs before everything else; a dead discovery service must
 * leave the other endpoints most of the budget. */
#define DISCOVERY_SHARE 0.25
#define DISCOVERY_MIN_S 1.0

__attribute__((format(printf, 3, 4))) static void set_text(struct arcp_endpoints *out,
                                                           arcp_state state, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out->text, sizeof out->text, fmt, ap);
    va_end(ap);
    out->state = state;
}

/* "a:443:b:1, c:443:d:2" -> {"a:443:b:1", "c:443:d:2", NULL}. */
static char **split_connect_to(const char *text)
{
    if (!text || !*text)
        return NULL;
    size_t n = 0, len;
    const char *start;
    for (const char *p = text; ep_next_token(&p, &start, &len);)
        n++;
    if (n == 0)
        return NULL;
    char **list = calloc(n + 1, sizeof *list);
    if (!list)
        return NULL;
    size_t i = 0;
    for (const char *p = text; i < n && ep_next_token(&p, &start, &len); i++)
        if (!(list[i] = strndup(start, len)))
            break;
    return list;
}

static void free_list(char **list)
{
    for (size_t i = 0; list && list[i]; i++)
        free(list[i]);
    free(list);
}

struct cycle {
    const struct arcp_config *cfg;
    struct ep_proxy proxy;
    char **connect_to;
    double limit_s; /* each endpoint's own limit */
};

static int goes_via_proxy(const struct cycle *c, const struct ep_entry *e)
{
    return c->proxy.url[0] && !ep_proxy_bypassed(&c->proxy, e->host);
}

static void prepare(const struct cycle *c, const struct ep_entry *e, struct http_request *req,
                    double timeout_s)
{
    memset(req, 0, sizeof *req);
    req->url = e->url;
    /* NULL means "no proxy", which http_batch turns into an explicit empty
     * CURLOPT_PROXY so http_proxy & co. from the environment stay out. */
    req->proxy = goes_via_proxy(c, e) ? c->proxy.url : NULL;
    req->ca_file = c->cfg->ca_file[0] ? c->cfg->ca_file : NULL;
    req->timeout_ms = timeout_s > 0.001 ? (long)(timeout_s * 1000.0) : 1;
    req->body_cap = EP_BODY_CAP;
    req->connect_to = (const char *const *)c->connect_to;
}

static const char *phase_reached(const struct http_request *r)
{
    if (r->ttfb_s > 0)
        return _("reading the answer");
    if (r->tls_s > 0)
        return _("waiting for the answer");
    if (r->connect_s > 0)
        return _("TLS handshake");
    if (r->dns_s > 0)
        return _("connecting");
    return _("name lookup");
}

/* Fill one report item from its finished (or unfinished) request. */
static void fill_item(const struct cycle *c, const struct ep_entry *e, const struct http_request *r,
                      int cut_by_deadline, struct arcp_endpoint *item)
{
    int via_proxy = goes_via_proxy(c, e);
    arcp_copy(item->name, sizeof item->name, e->name);
    arcp_copy(item->url, sizeof item->url, e->url);
    item->required = e->required;
    item->dns_s = r->dns_s;
    item->connect_s = r->connect_s;
    item->tls_s = r->tls_s;
    item->ttfb_s = r->ttfb_s;
    item->total_s = r->total_s;
    item->http_status = (int)r->http_status;
    arcp_copy(item->tls_version, sizeof item->tls_version, r->tls_version);
    arcp_copy(item->proxy, sizeof item->proxy, via_proxy ? c->proxy.shown : "");

    struct ep_verdict v = ep_classify(r, via_proxy);
    if (v.cls == ARCP_EP_TIMEOUT && cut_by_deadline)
        v.cls = ARCP_EP_NOT_PROBED;
    if (v.cls == ARCP_EP_NOT_PROBED)
        v.remedy = ep_remedy_for(ARCP_EP_NOT_PROBED);
    item->cls = v.cls;
    /* the classifier keeps English msgids; the report carries the translation */
    item->remedy = v.remedy && *v.remedy ? _(v.remedy) : "";
    item->state = ep_state_for(v.cls, e->required, c->cfg->optional_state);
    item->has_date = v.cls == ARCP_EP_OK && clock_offset_of_request(r, &item->clock_offset_s) == 0;

    if (v.cls == ARCP_EP_NOT_PROBED)
        snprintf(item->detail, sizeof item->detail,
                 _("not finished when the probe deadline came (was at: %s)"), phase_reached(r));
    else if (v.resolver_silent && via_proxy)
        snprintf(item->detail, sizeof item->detail,
                 _("no answer from the DNS resolver for the proxy's name %s within %.1f s"),
                 c->proxy.shown, r->total_s);
    else if (v.resolver_silent)
        snprintf(item->detail, sizeof item->detail,
                 _("no answer from the DNS resolver within %.1f s"), r->total_s);
    else if (via_proxy && r->connect_code >= 300)
        snprintf(item->detail, sizeof item->detail, _("proxy %s answered CONNECT with %ld"),
                 c->proxy.shown, r->connect_code);
    else if (v.cls == ARCP_EP_PROXY_REFUSED)
        snprintf(item->detail, sizeof item->detail, _("proxy %s answered %ld"), c->proxy.shown,
                 r->http_status);
    else if (v.cls != ARCP_EP_OK)
        arcp_sanitize(item->detail, sizeof item->detail, r->errbuf, strlen(r->errbuf));
    else
        item->detail[0] = '\0';
    ep_scrub(item->detail, sizeof item->detail, c->proxy.secret);
    ep_scrub(item->proxy, sizeof item->proxy, c->proxy.secret);
}

/* Ask the global his host which regional host serves the region. The
 * request doubles as the probe of the global host. */
static void discover(const struct cycle *c, const struct ep_entry *gbl,
                     const struct ep_cloud *cloud, double deadline, struct http_request *req,
                     char *his, size_t hislen)
{
    double now = http_now();
    double avail = deadline - now;
    double share = avail * DISCOVERY_SHARE;
    /* at least a second when there is time for it, never half the budget */
    if (share < DISCOVERY_MIN_S)
        share = avail * 0.5 < DISCOVERY_MIN_S ? avail * 0.5 : DISCOVERY_MIN_S;
    if (share > c->limit_s)
        share = c->limit_s;
    prepare(c, gbl, req, share - TIMER_LEAD_S);
    his[0] = '\0';
    if (http_batch_run(req, 1, now + share) != 0)
        return;
    if (req->http_status == 200 && req->body)
        ep_discovery_parse(req->body, req->body_len, cloud->his_domain, his, hislen);
}

/* "3 of 11 endpoints unreachable: a (dns_failure), b (timeout), ..." */
static void summarise(struct arcp_endpoints *out, size_t not_probed)
{
    char *t = out->text;
    size_t cap = sizeof out->text;
    size_t used = 0;
    t[0] = '\0';
    if (out->failed == 0 && not_probed == 0) {
        snprintf(t, cap, P_("%zu endpoint reachable", "%zu endpoints reachable", out->count),
                 out->count);
        return;
    }
    if (out->failed > 0) {
        /* TRANSLATORS: the plural form follows the number unreachable */
        used = (size_t)snprintf(t, cap,
                                P_("%zu of %zu endpoints unreachable: ",
                                   "%zu of %zu endpoints unreachable: ", out->failed),
                                out->failed, out->count);
        size_t listed = 0;
        /* Worst first, so a cut-off list still names what matters. */
        for (int level = 3; level >= 0; level--) {
            for (size_t i = 0; i < out->count; i++) {
                const struct arcp_endpoint *e = &out->items[i];
                if (e->cls == ARCP_EP_OK || e->cls == ARCP_EP_NOT_PROBED ||
                    arcp_state_severity(e->state) != level)
                    continue;
                char piece[ARCP_NAME_MAX + 40];
                snprintf(piece, sizeof piece, "%s%s (%s)", listed ? ", " : "", e->name,
                         arcp_endpoint_class_name(e->cls));
                /* keep room for ", and N more" and a deadline note */
                if (used + strlen(piece) + 90 >= cap)
                    continue;
                used += (size_t)snprintf(t + used, cap - used, "%s", piece);
                listed++;
            }
        }
        if (listed < out->failed)
            used +=
                (size_t)snprintf(t + used, cap - used, _(", and %zu more"), out->failed - listed);
    }
    if (not_probed > 0 && used < cap) {
        used += (size_t)snprintf(t + used, cap - used, "%s", used ? "; " : "");
        if (used < cap)
            snprintf(t + used, cap - used,
                     _("cycle cut short by the deadline: %zu of %zu endpoints not probed"),
                     not_probed, out->count);
    }
}

static void probe_list(const struct cycle *c, const struct ep_list *list, double deadline,
                       struct http_request *discovery, struct arcp_endpoints *out)
{
    out->items = calloc(list->count, sizeof *out->items);
    struct http_request *reqs = calloc(list->count, sizeof *reqs);
    if (!out->items || !reqs) {
        free(out->items);
        out->items = NULL;
        free(reqs);
        set_text(out, ARCP_UNKNOWN, _("out of memory"));
        return;
    }

    double now = http_now();
    double batch_deadline = deadline - WRAP_UP_S;
    double avail = batch_deadline - now - TIMER_LEAD_S;
    double timeout_s = c->limit_s < avail ? c->limit_s : avail;
    /* An explicit per-endpoint limit the rest of the budget cannot grant:
     * a timeout then says nothing about the endpoint. */
    int cut = c->cfg->endpoint_timeout > 0 && c->cfg->endpoint_timeout > avail;

    size_t n = 0;
    for (size_t i = 0; i < list->count; i++) {
        if (discovery && list->items[i].is_discovery)
            continue;
        prepare(c, &list->items[i], &reqs[n], timeout_s);
        n++;
    }
    int rc = avail > 0 ? http_batch_run(reqs, n, batch_deadline) : http_batch_run(reqs, 0, 0);

    size_t not_probed = 0;
    out->count = list->count;
    out->failed = 0;
    arcp_state worst = ARCP_OK;
    for (size_t i = 0, r = 0; i < list->count; i++) {
        const struct ep_entry *e = &list->items[i];
        const struct http_request *req;
        int cut_here = cut;
        if (discovery && e->is_discovery) {
            req = discovery;
            cut_here = 0;
        } else {
            req = &reqs[r++];
        }
        fill_item(c, e, req, cut_here, &out->items[i]);
        if (out->items[i].cls == ARCP_EP_NOT_PROBED)
            not_probed++;
        else if (out->items[i].cls != ARCP_EP_OK)
            out->failed++;
        if (arcp_state_severity(out->items[i].state) > arcp_state_severity(worst))
            worst = out->items[i].state;
    }
    for (size_t i = 0; i < n; i++)
        http_request_release(&reqs[i]);
    free(reqs);

    out->state = worst;
    if (rc != 0)
        set_text(out, ARCP_UNKNOWN, _("could not start the endpoint probes (out of memory)"));
    else
        summarise(out, not_probed);
}

/* The endpoints for this cycle, without the regional his host unless it
 * is known. Returns 0, or an ep_list_add code with err set. */
static int build_list(const struct arcp_config *cfg, const struct ep_cloud *cloud,
                      const char *region, const char *his, struct ep_list *list, char *err,
                      size_t errlen)
{
    int rc = 0;
    if (cfg->endpoints)
        rc = ep_list_parse(list, cfg->endpoints, err, errlen);
    else
        rc = ep_catalog_build(list, cloud, region, his, cfg->features, err, errlen);
    if (rc == 0 && cfg->endpoints_add)
        rc = ep_list_parse(list, cfg->endpoints_add, err, errlen);
    return rc;
}

void endpoints_probe(const struct arcp_config *cfg, const struct endpoint_context *ctx,
                     double deadline, struct arcp_endpoints *out)
{
    char err[ARCP_TEXT_MAX] = "";
    struct ep_location where;
    struct cycle c;
    struct ep_list list;
    struct http_request discovery;
    int discovered = 0;

    memset(&c, 0, sizeof c);
    memset(&discovery, 0, sizeof discovery);
    ep_list_init(&list);
    out->items = NULL;
    out->count = out->failed = 0;
    out->state = ARCP_UNKNOWN;
    out->text[0] = '\0';

    ep_locate(cfg, ctx ? ctx->himds_cloud : NULL, ctx ? ctx->himds_location : NULL, &where);
    const struct ep_cloud *cloud = ep_cloud_find(where.cloud);
    arcp_copy(out->cloud, sizeof out->cloud, cloud ? cloud->name : where.cloud);
    arcp_copy(out->cloud_source, sizeof out->cloud_source, where.cloud_source);
    arcp_copy(out->location, sizeof out->location, where.region);
    arcp_copy(out->his_source, sizeof out->his_source, cfg->endpoints ? "config" : "gbl");
    arcp_copy(out->proxy_source, sizeof out->proxy_source, "none");

    if (cfg->location[0] && strcmp(where.region_source, "config") != 0) {
        char shown[64];
        arcp_sanitize(shown, sizeof shown, cfg->location, strlen(cfg->location));
        set_text(out, ARCP_UNKNOWN, _("location '%s' is not a region name (e.g. westeurope)"),
                 shown);
        return;
    }
    if (!cloud && !cfg->endpoints) {
        set_text(out, ARCP_UNKNOWN,
                 _("unknown cloud '%s' (from %s): set cloud to AzureCloud, AzureUSGovernment or "
                   "AzureChinaCloud, or list the endpoints"),
                 where.cloud, where.cloud_source);
        return;
    }
    if (ep_proxy_resolve(cfg, &c.proxy, err, sizeof err) != 0) {
        arcp_copy(out->proxy_source, sizeof out->proxy_source, c.proxy.source);
        ep_scrub(err, sizeof err, c.proxy.secret);
        set_text(out, ARCP_UNKNOWN, "%s", err);
        return;
    }
    arcp_copy(out->proxy_source, sizeof out->proxy_source, c.proxy.source);

    /* Everything is validated before the first packet leaves. */
    if (build_list(cfg, cloud, where.region, "", &list, err, sizeof err) != 0) {
        set_text(out, ARCP_UNKNOWN, "%s", err);
        ep_list_free(&list);
        return;
    }
    if (list.count == 0) {
        set_text(out, ARCP_UNKNOWN, _("endpoints is set but lists no URL"));
        return;
    }

    c.cfg = cfg;
    c.limit_s = cfg->endpoint_timeout > 0 ? cfg->endpoint_timeout : cfg->timeout;
    if (c.limit_s <= 0)
        c.limit_s = deadline - http_now();
    c.connect_to = split_connect_to(cfg->connect_to);

    const struct ep_entry *gbl = NULL;
    for (size_t i = 0; i < list.count; i++)
        if (list.items[i].is_discovery)
            gbl = &list.items[i];
    if (gbl && deadline - http_now() > WRAP_UP_S + TIMER_LEAD_S) {
        char his[256];
        discover(&c, gbl, cloud, deadline - WRAP_UP_S, &discovery, his, sizeof his);
        discovered = 1;
        if (his[0]) {
            ep_list_free(&list);
            if (build_list(cfg, cloud, where.region, his, &list, err, sizeof err) != 0) {
                set_text(out, ARCP_UNKNOWN, "%s", err);
                goto done;
            }
            arcp_copy(out->his_source, sizeof out->his_source, "discovery");
        }
    }

    /* A discovery that got an HTTP answer already probed the global host;
     * one that failed is retried with the others under the full limit. */
    probe_list(&c, &list, deadline, discovered && discovery.http_status > 0 ? &discovery : NULL,
               out);
done:
    http_request_release(&discovery);
    free_list(c.connect_to);
    ep_list_free(&list);
}
