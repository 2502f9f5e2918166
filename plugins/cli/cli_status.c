/* The CLI's exit status: what the core decided, nothing added. */
#include "cli_status.h"

int cli_exit_status(const arcp_report *r)
{
    return r->state >= ARCP_OK && r->state <= ARCP_UNKNOWN ? (int)r->state : (int)ARCP_UNKNOWN;
}
