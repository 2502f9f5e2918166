/* How much an endpoint's outcome weighs. It lives in the core, not in the
 * network module that probes, because front ends ask it too: whether a row
 * counts as unreachable, and the most a slow answer may weigh. */
#include "endpoint_weight.h"
#include "config_internal.h"

arcp_state ep_state_for(arcp_endpoint_class cls, arcp_required required, arcp_state optional_state)
{
    int lesser = required == ARCP_REQUIRED_INSTALL || required == ARCP_REQUIRED_OPTIONAL;
    if (cls == ARCP_EP_OK)
        return ARCP_OK;
    if (cls == ARCP_EP_NOT_PROBED) {
        /* Install-time and optional endpoints never weigh more than the
         * operator allowed, not even when unprobed. */
        if (lesser && arcp_state_severity(optional_state) < arcp_state_severity(ARCP_UNKNOWN))
            return optional_state;
        return ARCP_UNKNOWN;
    }
    if (lesser)
        return optional_state;
    return required == ARCP_REQUIRED_ALWAYS ? ARCP_CRITICAL : ARCP_WARNING;
}

int arcp_endpoint_reached(const struct arcp_endpoint *ep)
{
    if (ep->cls == ARCP_EP_NOT_PROBED)
        return -1;
    return ep->cls == ARCP_EP_OK ? 1 : 0;
}

int arcp_endpoints_observed(const arcp_report *report)
{
    if (!(report->checks & ARCP_CHECK_ENDPOINTS) || report->endpoints.items == NULL)
        return 0;
    /* one probed row makes the counts a measurement, partial or not: the
     * state and text already say when the deadline cut the rest */
    for (size_t i = 0; i < report->endpoints.count; i++)
        if (arcp_endpoint_reached(&report->endpoints.items[i]) >= 0)
            return 1;
    return 0;
}

arcp_state arcp_endpoint_state_cap(const arcp_config *cfg, arcp_required required)
{
    /* slow is never worse than unreachable: the state of a failed request */
    return ep_state_for(ARCP_EP_OTHER, required, cfg->optional_state);
}
