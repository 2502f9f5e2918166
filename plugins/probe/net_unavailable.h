/* The report's word for checks the network side could not run. */
#ifndef ARCPROBE_NET_UNAVAILABLE_H
#define ARCPROBE_NET_UNAVAILABLE_H

#include "arcprobe.h"

/* Mark the himds, agent and endpoint components among `checks` UNKNOWN,
 * saying why (net_side()'s reason). */
void net_unavailable(const char *why, unsigned checks, struct arcp_report *r);

#endif
