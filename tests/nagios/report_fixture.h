/* Hand-built reports for the state and output tests. */
#ifndef NAGIOS_TEST_REPORT_FIXTURE_H
#define NAGIOS_TEST_REPORT_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arcprobe.h"

/* A healthy report: every component OK, n endpoints reachable. */
static inline arcp_report *fixture_report(size_t n)
{
    arcp_report *r = calloc(1, sizeof *r);
    r->state = ARCP_OK;
    r->checks = ARCP_CHECK_ALL;
    r->duration_s = 0.25;
    snprintf(r->summary, sizeof r->summary,
             "agent Connected, himds answers, %zu endpoints reachable", n);

    r->himds.state = ARCP_OK;
    snprintf(r->himds.text, sizeof r->himds.text, "himds running, answered in 1.5 ms");
    r->himds.service = ARCP_SERVICE_ACTIVE;
    r->himds.service_method = ARCP_METHOD_PROC;
    r->himds.endpoint = ARCP_HIMDS_ANSWERED;
    r->himds.endpoint_http_status = 200;
    r->himds.endpoint_ms = 1.5;
    r->himds.identity = 1;

    r->agent.state = ARCP_OK;
    snprintf(r->agent.text, sizeof r->agent.text, "agent Connected, last heartbeat 60 s ago");
    r->agent.status = ARCP_AGENT_CONNECTED;
    r->agent.heartbeat_age_s = 60;
    r->agent.last_heartbeat = 1700000000;

    r->azcm.state = ARCP_OK;
    snprintf(r->azcm.text, sizeof r->azcm.text, "no AZCM error in the logs");
    r->azcm.code = -1;
    r->azcm.age_s = -1;

    r->endpoints.state = ARCP_OK;
    snprintf(r->endpoints.text, sizeof r->endpoints.text, "%zu endpoints reachable", n);
    r->endpoints.count = n;
    r->endpoints.items = calloc(n ? n : 1, sizeof *r->endpoints.items);
    for (size_t i = 0; i < n; i++) {
        struct arcp_endpoint *ep = &r->endpoints.items[i];
        snprintf(ep->name, sizeof ep->name, "ep%zu.his.arc.azure.com", i);
        snprintf(ep->url, sizeof ep->url, "https://%s/", ep->name);
        ep->required = ARCP_REQUIRED_ALWAYS;
        ep->state = ARCP_OK;
        ep->cls = ARCP_EP_OK;
        ep->dns_s = 0.001;
        ep->connect_s = 0.002;
        ep->tls_s = 0.010;
        ep->ttfb_s = 0.020;
        ep->total_s = 0.025;
        ep->http_status = 200;
        ep->remedy = "";
    }
    return r;
}

static inline void fixture_free(arcp_report *r)
{
    free(r->endpoints.items);
    free(r);
}

#endif
