/* One probe: the three questions under one deadline, folded into a report. */
#include "arcprobe.h"
#include "azcm_scan.h"
#include "config_internal.h"
#include "endpoints.h"
#include "http_batch.h"
#include "net_module.h"
#include "net_side.h"
#include "net_unavailable.h"
#include "report_fold.h"
#include "sanitize.h"
#include "l10n.h"

#include <stdio.h>
#include <stdlib.h>

/* libcurl's global set-up is done by the first probe that needs it
 * (net_side.c): a log-only process never loads libcurl. */
int arcp_global_init(void)
{
    return 0;
}

void arcp_global_cleanup(void)
{
    net_side_cleanup();
}

/* himds answers on loopback in milliseconds when healthy; a hung himds must
 * not eat the endpoints' share of the budget. */
static double himds_share(double timeout)
{
    double share = timeout / 3.0;
    if (share < 0.5)
        share = timeout < 0.5 ? timeout : 0.5;
    return share;
}

int arcp_probe(const arcp_config *cfg, unsigned checks, arcp_report **out, char *err, size_t errlen)
{
    *out = NULL;
    arcp_report *r = calloc(1, sizeof *r);
    if (!r) {
        snprintf(err, errlen, _("out of memory"));
        return -1;
    }
    checks &= ARCP_CHECK_ALL;
    if (checks == 0)
        checks = ARCP_CHECK_ALL;
    double started = http_now();
    double deadline = started + cfg->timeout;
    r->checks = checks;
    r->probe_time = time(NULL);
    r->azcm.code = -1;
    r->azcm.age_s = -1;
    r->agent.heartbeat_age_s = -1;
    r->agent.expires_in_s = -1;
    r->himds.identity = -1;
    r->himds.endpoint_ms = -1;

    const unsigned net_checks = ARCP_CHECK_HIMDS | ARCP_CHECK_AGENT | ARCP_CHECK_ENDPOINTS;
    const struct net_module *net = NULL;
    if (checks & net_checks) {
        char why[ARCP_TEXT_MAX] = "";
        net = net_side(why, sizeof why);
        if (!net)
            net_unavailable(why, checks & net_checks, r);
    }
    /* Endpoints need the agent's cloud and region, which himds knows. */
    if (net)
        net->himds_probe(cfg, checks, started + himds_share(cfg->timeout), r->probe_time, r);
    struct azcm_task *azcm = NULL;
    if (checks & ARCP_CHECK_AZCM)
        azcm = azcm_scan_start(cfg, r->probe_time, deadline, &r->azcm);
    if (net && (checks & ARCP_CHECK_ENDPOINTS)) {
        struct endpoint_context ctx = {.himds_cloud = r->agent.cloud,
                                       .himds_location = r->agent.location};
        net->endpoints_probe(cfg, &ctx, deadline, &r->endpoints);
        net->clock_skew_judge(cfg, &r->endpoints, &r->clock);
    }
    azcm_scan_finish(azcm);
    r->duration_s = http_now() - started;
    report_fold(r);
    *out = r;
    return 0;
}

void arcp_report_free(arcp_report *r)
{
    if (!r)
        return;
    free(r->endpoints.items);
    free(r);
}
