/* The endpoint reachability engine: which endpoints the agent needs, probed
 * concurrently, every failure classified with its remedy. */
#ifndef ARCPROBE_ENDPOINTS_H
#define ARCPROBE_ENDPOINTS_H

#include "arcprobe.h"
#include "config_internal.h"

/* What the rest of the probe already learned about the agent; fields may be "". */
struct endpoint_context {
    const char *himds_cloud;    /* azEnvironment from himds metadata, e.g. AzurePublicCloud */
    const char *himds_location; /* location from himds metadata, e.g. westeurope */
};

/* Build the endpoint list for the config and context, probe every endpoint
 * at once, and fill *out (allocates out->items; arcp_report_free frees it).
 * Returns before `deadline` (CLOCK_MONOTONIC seconds, http_now()). Never
 * fails: problems become out->state/out->text. */
void endpoints_probe(const struct arcp_config *cfg, const struct endpoint_context *ctx,
                     double deadline, struct arcp_endpoints *out);

#endif
