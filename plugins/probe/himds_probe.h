#ifndef ARCPROBE_HIMDS_PROBE_H
#define ARCPROBE_HIMDS_PROBE_H
#include "config_internal.h"

/* The himds service, its local endpoint, the identity challenge and the
 * agent status it publishes: fills report->himds and report->agent (state
 * and text included) for the components in `checks`. */
void himds_probe(const struct arcp_config *cfg, unsigned checks, double deadline, time_t now,
                 struct arcp_report *report);

#endif
