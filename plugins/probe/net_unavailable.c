/* What the report says of the himds, agent and endpoint checks when the
 * network side that runs them cannot be had (net_side.c): UNKNOWN, with
 * the reason, never a verdict on the agent. */
#include "net_unavailable.h"
#include "l10n.h"
#include "sanitize.h"

#include <stdio.h>

#define SAY_UNKNOWN(component, text, cause, remedy)                                                \
    do {                                                                                           \
        (component)->state = ARCP_UNKNOWN;                                                         \
        arcp_copy((component)->text, sizeof(component)->text, text);                               \
        arcp_copy((component)->cause, sizeof(component)->cause, cause);                            \
        arcp_copy((component)->remedy, sizeof(component)->remedy, remedy);                         \
    } while (0)

void net_unavailable(const char *why, unsigned checks, struct arcp_report *r)
{
    char text[ARCP_TEXT_MAX];
    snprintf(text, sizeof text, _("not probed: %s"), why);
    const char *cause = _("arcprobe's network module, which runs the himds, agent and endpoint "
                          "checks, could not be loaded");
    const char *remedy = _("reinstall arcprobe's library package (libarcprobe0 or arcprobe-libs), "
                           "which installs the module beside the library");
    /* every fact of himds and the agent stays unlearnt, so report_meaning.c
     * keeps the cause and remedy said here */
    if (checks & ARCP_CHECK_HIMDS)
        SAY_UNKNOWN(&r->himds, text, cause, remedy);
    if (checks & ARCP_CHECK_AGENT)
        SAY_UNKNOWN(&r->agent, text, cause, remedy);
    if (checks & ARCP_CHECK_ENDPOINTS) {
        /* no rows: endpoint_findings.c keeps this cause and remedy */
        SAY_UNKNOWN(&r->endpoints, text, cause, remedy);
        /* judged from the endpoints' answers: there are none */
        arcp_copy(r->clock.text, sizeof r->clock.text, text);
    }
}
