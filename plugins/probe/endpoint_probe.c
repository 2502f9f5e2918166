/* One cycle of the endpoint engine: decide which endpoints the agent needs
 * and the way it reaches them (proxy), then probe everything at once under
 * the probe's deadline and classify each failure. The global his host is
 * probed with the discovery request; the regional his host it names joins
 * the running batch as soon as the answer is in (a long-running host
 * starts it at once from what the last answer said, see
 * endpoint_his_memory.c).
 *
 * Time limits: each endpoint gets endpoint_timeout (0: timeout), but never
 * more than the deadline leaves. An endpoint that uses up its own limit is
 * a timeout; one still running when an explicit endpoint_timeout could not
 * be granted (or when the deadline came) is not probed, and the text says
 * the cycle was cut short. Phase times are libcurl's, cumulative from the
 * start of the request (like curl -w time_connect). */
#include "endpoint_internal.h"
#include "endpoint_config_error.h"
#include "clock_skew.h"
#include "http_batch_helper.h"
#include "report_fold.h"
#include "endpoints.h"
#include "sanitize.h"
#include "l10n.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Time kept back from the deadline for building the report. */
#define WRAP_UP_S 0.02
/* A request's own timer fires this much before the batch gives up on it,
 * so a timeout is the endpoint's, not a race with the deadline. */
#define TIMER_LEAD_S 0.03
/* From this many endpoints on, half of them run on a second thread
 * (http_batch_helper.c) when the process may use two CPUs: each fresh TLS
 * handshake costs ~3 ms of CPU, so a long list is CPU-bound on one core.
 * Below it the hand-over gained nothing measurable here (16 endpoints:
 * 0.144 vs 0.136 s, within the noise), and the default catalogs (9-12
 * endpoints) stay on one thread. */
#ifndef EP_HELPER_MIN_ENDPOINTS /* a build may set another, to measure it */
#define EP_HELPER_MIN_ENDPOINTS 24
#endif

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
    req->proxy_username = c->proxy.has_credentials ? c->proxy.username : NULL;
    req->proxy_password = c->proxy.password;
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
    arcp_copy(item->tls_issuer, sizeof item->tls_issuer,
              v.cls == ARCP_EP_TLS_UNTRUSTED ? r->tls_issuer : "");
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
    ep_proxy_scrub(&c->proxy, item->detail, sizeof item->detail);
    ep_proxy_scrub(&c->proxy, item->proxy, sizeof item->proxy);
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
                if (arcp_endpoint_reached(e) != 0 || arcp_state_severity(e->state) != level)
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

/* What an ep_list_parse code says of the endpoints settings. */
static enum ep_config_problem list_problem(int rc)
{
    return rc == -2   ? EP_PROBLEM_LIST_TOO_LONG
           : rc == -3 ? EP_PROBLEM_OUT_OF_MEMORY
                      : EP_PROBLEM_LIST_ENTRY;
}

/* The endpoints for this cycle, without the regional his host unless it
 * is known. Returns 0, or an ep_list_add code with err and *problem set. */
static int build_list(const struct arcp_config *cfg, const struct ep_cloud *cloud,
                      const char *region, const char *his, struct ep_list *list,
                      enum ep_config_problem *problem, char *err, size_t errlen)
{
    int rc = 0;
    if (cfg->endpoints) {
        rc = ep_list_parse(list, cfg->endpoints, err, errlen);
        *problem = list_problem(rc);
    } else {
        rc = ep_catalog_build(list, cloud, region, his, cfg->features, err, errlen);
        *problem = rc == -3 ? EP_PROBLEM_OUT_OF_MEMORY : EP_PROBLEM_FEATURES;
    }
    if (rc == 0 && cfg->endpoints_add) {
        rc = ep_list_parse(list, cfg->endpoints_add, err, errlen);
        *problem = list_problem(rc);
    }
    return rc;
}

/* One batch over the whole list; the regional his host joins it when the
 * discovery request names it. */
struct run {
    const struct cycle *c;
    const struct ep_cloud *cloud;
    const char *region;
    struct ep_list *list; /* replaced by the list with the regional host */
    struct http_request *reqs;
    size_t *req_of;   /* list index -> request index */
    size_t nreqs;     /* requests in use */
    size_t discovery; /* request index of the discovery request, or SIZE_MAX */
    int *cut;         /* per request: a timeout there is the deadline's */
    struct http_batch *batch;
    double batch_deadline;
    int his_added; /* the regional host is in the list */
};

static double remaining_s(const struct run *r)
{
    return r->batch_deadline - http_now() - TIMER_LEAD_S;
}

/* Set up request slot n for entry e with what the deadline still grants. */
static void prepare_request(struct run *r, const struct ep_entry *e, size_t n)
{
    double avail = remaining_s(r);
    double timeout_s = r->c->limit_s < avail ? r->c->limit_s : avail;
    /* An explicit per-endpoint limit the rest of the budget cannot grant:
     * a timeout then says nothing about the endpoint. */
    r->cut[n] = r->c->cfg->endpoint_timeout > 0 && r->c->cfg->endpoint_timeout > avail;
    prepare(r->c, e, &r->reqs[n], timeout_s);
}

/* Start request slot n for entry e on this thread's batch. */
static int start_request(struct run *r, const struct ep_entry *e, size_t n)
{
    prepare_request(r, e, n);
    return http_batch_add(r->batch, &r->reqs[n]);
}

/* Hand every second entry (never the discovery request, whose answer
 * grows this thread's batch) to the helper thread when the list is long
 * enough for two cores to pay. Marks them in on_helper; returns 1 when the
 * helper took them, 0 when this thread runs everything. */
static int start_helper(struct run *r, const struct ep_list *list, char *on_helper,
                        struct http_request ***handed)
{
    if (list->count < EP_HELPER_MIN_ENDPOINTS || !http_helper_worth_it())
        return 0;
    struct http_request **reqs = calloc(list->count / 2 + 1, sizeof *reqs);
    if (!reqs)
        return 0;
    size_t n = 0, seen = 0;
    for (size_t i = 0; i < list->count; i++) {
        if (i == r->discovery || seen++ % 2 == 0)
            continue;
        prepare_request(r, &list->items[i], i);
        reqs[n++] = &r->reqs[i];
        on_helper[i] = 1;
    }
    if (n == 0 || http_helper_start(reqs, n, r->batch_deadline) != 0) {
        memset(on_helper, 0, list->count);
        free(reqs);
        return 0;
    }
    *handed = reqs;
    return 1;
}

/* The discovery answer is in: put the regional host into the list and the
 * running batch. */
static void add_regional_host(struct run *r, const char *his)
{
    struct ep_list with;
    char err[ARCP_TEXT_MAX];
    enum ep_config_problem problem;
    ep_list_init(&with);
    if (build_list(r->c->cfg, r->cloud, r->region, his, &with, &problem, err, sizeof err) != 0 ||
        with.count != r->list->count + 1) {
        ep_list_free(&with);
        return;
    }
    /* the same entries in the same order, with one more */
    size_t *req_of = calloc(with.count, sizeof *req_of);
    if (!req_of) {
        ep_list_free(&with);
        return;
    }
    size_t old = 0, added = SIZE_MAX;
    for (size_t i = 0; i < with.count; i++) {
        if (old < r->list->count && strcmp(with.items[i].url, r->list->items[old].url) == 0)
            req_of[i] = r->req_of[old++];
        else if (added == SIZE_MAX)
            added = i;
        else
            break;
    }
    if (old != r->list->count || added == SIZE_MAX) {
        free(req_of);
        ep_list_free(&with);
        return;
    }
    req_of[added] = r->nreqs;
    if (start_request(r, &with.items[added], r->nreqs) != 0) {
        free(req_of);
        ep_list_free(&with);
        return;
    }
    r->nreqs++;
    free(r->req_of);
    r->req_of = req_of;
    ep_list_free(r->list);
    *r->list = with;
    r->his_added = 1;
}

static void on_finished(struct http_request *req, void *arg)
{
    struct run *r = arg;
    if (r->discovery == SIZE_MAX || req != &r->reqs[r->discovery])
        return;
    char his[256] = "";
    if (req->http_status == 200 && req->body)
        ep_discovery_parse(req->body, req->body_len, r->cloud->his_domain, his, sizeof his);
    ep_his_learned(r->cloud->name, r->region, his, req->http_status == 200);
    if (his[0] && !r->his_added && remaining_s(r) > 0)
        add_regional_host(r, his);
}

static void assemble(const struct run *r, int rc, struct arcp_endpoints *out)
{
    const struct ep_list *list = r->list;
    size_t not_probed = 0;
    out->count = list->count;
    out->failed = 0;
    arcp_state worst = ARCP_OK;
    for (size_t i = 0; i < list->count; i++) {
        size_t n = r->req_of[i];
        fill_item(r->c, &list->items[i], &r->reqs[n], r->cut[n], &out->items[i]);
        int reached = arcp_endpoint_reached(&out->items[i]);
        if (reached < 0)
            not_probed++;
        else if (reached == 0)
            out->failed++;
        if (arcp_state_severity(out->items[i].state) > arcp_state_severity(worst))
            worst = out->items[i].state;
    }
    out->state = worst;
    if (rc != 0)
        set_text(out, ARCP_UNKNOWN, _("could not start the endpoint probes (out of memory)"));
    else
        summarise(out, not_probed);
}

static void probe_list(const struct cycle *c, const struct ep_cloud *cloud, const char *region,
                       int his_listed, struct ep_list *list, double deadline,
                       struct arcp_endpoints *out)
{
    struct run r;
    memset(&r, 0, sizeof r);
    r.c = c;
    r.cloud = cloud;
    r.region = region;
    r.list = list;
    r.his_added = his_listed;
    r.discovery = SIZE_MAX;
    r.batch_deadline = deadline - WRAP_UP_S;
    /* room for the regional host */
    size_t slots = list->count + 1;
    r.reqs = calloc(slots, sizeof *r.reqs);
    r.req_of = calloc(slots, sizeof *r.req_of);
    r.cut = calloc(slots, sizeof *r.cut);
    out->items = calloc(slots, sizeof *out->items);
    if (!r.reqs || !r.req_of || !r.cut || !out->items) {
        free(out->items);
        out->items = NULL;
        free(r.reqs);
        free(r.req_of);
        free(r.cut);
        ep_config_error(out, EP_PROBLEM_OUT_OF_MEMORY, _("out of memory"));
        return;
    }

    for (size_t i = 0; i < list->count; i++) {
        r.req_of[i] = i;
        if (list->items[i].is_discovery && cloud)
            r.discovery = i;
    }
    r.nreqs = list->count;
    /* with no time left, nothing starts and everything is not probed */
    int rc = 0;
    if (remaining_s(&r) > 0) {
        char *on_helper = calloc(list->count, 1);
        struct http_request **handed = NULL;
        int helped = on_helper && start_helper(&r, list, on_helper, &handed);
        r.batch = http_batch_begin(r.batch_deadline);
        for (size_t i = 0; r.batch && i < list->count; i++)
            if (!(on_helper && on_helper[i]) && start_request(&r, &list->items[i], i) != 0)
                break;
        rc = r.batch ? http_batch_finish(r.batch, on_finished, &r) : -1;
        /* the helper stops at the same deadline */
        if (helped && http_helper_wait() != 0)
            rc = -1;
        free(handed);
        free(on_helper);
    }

    if (r.his_added)
        out->his_source = ARCP_HIS_SOURCE_DISCOVERY;
    assemble(&r, rc, out);
    for (size_t i = 0; i < r.nreqs; i++)
        http_request_release(&r.reqs[i]);
    free(r.reqs);
    free(r.req_of);
    free(r.cut);
}

/* Which setting a proxy that cannot be used came from: arcprobe's own, the
 * environment of himdsd, else (ep_proxy_resolve leaves the source unset
 * then) the agent's localconfig.json. */
static enum ep_config_problem proxy_problem(arcp_proxy_source source)
{
    switch (source) {
    case ARCP_PROXY_SOURCE_OVERRIDE:
        return EP_PROBLEM_PROXY_SETTING;
    case ARCP_PROXY_SOURCE_UNIT_ENVIRONMENT:
    case ARCP_PROXY_SOURCE_SYSTEMD_DEFAULT_ENV:
        return EP_PROBLEM_PROXY_ENVIRONMENT;
    default:
        return EP_PROBLEM_PROXY_AGENT;
    }
}

void endpoints_probe(const struct arcp_config *cfg, const struct endpoint_context *ctx,
                     double deadline, struct arcp_endpoints *out)
{
    char err[ARCP_TEXT_MAX] = "";
    struct ep_location where;
    struct cycle c;
    struct ep_list list;

    memset(&c, 0, sizeof c);
    ep_list_init(&list);
    out->items = NULL;
    out->count = out->failed = 0;
    out->state = ARCP_UNKNOWN;
    out->text[0] = '\0';

    ep_locate(cfg, ctx ? ctx->himds_cloud : NULL, ctx ? ctx->himds_location : NULL, &where);
    const struct ep_cloud *cloud = ep_cloud_find(where.cloud);
    arcp_copy(out->cloud, sizeof out->cloud, cloud ? cloud->name : where.cloud);
    out->cloud_source = where.cloud_source;
    arcp_copy(out->location, sizeof out->location, where.region);
    out->his_source = cfg->endpoints ? ARCP_HIS_SOURCE_CONFIG : ARCP_HIS_SOURCE_GBL;
    out->proxy_source = ARCP_PROXY_SOURCE_NONE;

    enum ep_config_problem problem;
    if (cfg->location[0] && strcmp(where.region_source, "config") != 0) {
        char shown[64];
        arcp_sanitize(shown, sizeof shown, cfg->location, strlen(cfg->location));
        snprintf(err, sizeof err, _("location '%s' is not a region name (e.g. westeurope)"), shown);
        ep_config_error(out, EP_PROBLEM_LOCATION, err);
        return;
    }
    if (!cloud && !cfg->endpoints) {
        /* the remedy says which clouds there are */
        snprintf(err, sizeof err, _("unknown cloud '%s' (from %s)"), where.cloud,
                 arcp_cloud_source_name(where.cloud_source));
        ep_config_error(out, EP_PROBLEM_CLOUD, err);
        return;
    }
    if (ep_proxy_resolve(cfg, deadline, &c.proxy, err, sizeof err) != 0) {
        out->proxy_source = c.proxy.source;
        ep_proxy_scrub(&c.proxy, err, sizeof err);
        ep_config_error(out, proxy_problem(c.proxy.source), err);
        return;
    }
    out->proxy_source = c.proxy.source;

    /* Everything is validated before the first packet leaves. */
    if (build_list(cfg, cloud, where.region, "", &list, &problem, err, sizeof err) != 0) {
        ep_config_error(out, problem, err);
        ep_list_free(&list);
        return;
    }
    if (list.count == 0) {
        ep_config_error(out, EP_PROBLEM_LIST_EMPTY, _("endpoints is set but lists no URL"));
        return;
    }

    c.cfg = cfg;
    c.limit_s = cfg->endpoint_timeout > 0 ? cfg->endpoint_timeout : cfg->timeout;
    if (c.limit_s <= 0)
        c.limit_s = deadline - http_now();
    c.connect_to = split_connect_to(cfg->connect_to);

    /* A long-running host starts the regional host at once, from what
     * discovery said in an earlier cycle. */
    char his[256] = "";
    int his_listed = 0;
    if (cloud && !cfg->endpoints && ep_his_recall(cloud->name, where.region, his, sizeof his)) {
        ep_list_free(&list);
        if (build_list(cfg, cloud, where.region, his, &list, &problem, err, sizeof err) != 0) {
            ep_config_error(out, problem, err);
            goto done;
        }
        his_listed = 1;
    }
    probe_list(&c, cloud, where.region, his_listed, &list, deadline, out);
    arcp_copy(out->not_probed, sizeof out->not_probed, list.unprobed);
done:
    free_list(c.connect_to);
    ep_list_free(&list);
}
