/* TEMPORARY while the log scanner and endpoint engine are written: weak
 * definitions that say so, overridden by the real ones. Removed before release. */
#include "azcm_scan.h"
#include "endpoints.h"
#include "sanitize.h"

__attribute__((weak)) void azcm_scan(const struct arcp_config *cfg, time_t now,
                                     struct arcp_azcm *out)
{
    (void)cfg;
    (void)now;
    out->state = ARCP_UNKNOWN;
    arcp_copy(out->text, sizeof out->text, "AZCM scan not built yet");
}

__attribute__((weak)) void endpoints_probe(const struct arcp_config *cfg,
                                           const struct endpoint_context *ctx, double deadline,
                                           struct arcp_endpoints *out)
{
    (void)cfg;
    (void)ctx;
    (void)deadline;
    out->state = ARCP_UNKNOWN;
    arcp_copy(out->text, sizeof out->text, "endpoint engine not built yet");
}
