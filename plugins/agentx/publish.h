/* publish.h - what the SNMP thread serves, and how new probe results reach it.
 *
 * An snmp_alarm on the SNMP thread collects the prober's newest snapshot,
 * refreshes the endpoint table, sends notifications for transitions and
 * makes the snapshot the one GETs are answered from. */
#ifndef ARCPROBE_AGENTX_PUBLISH_H
#define ARCPROBE_AGENTX_PUBLISH_H

#include "prober.h"
#include "snapshot.h"

/* Serve the placeholder and start collecting from p every poll_ms. 0, or -1. */
int publish_start(struct prober *p, unsigned poll_ms);

/* The snapshot being served (SNMP thread only). */
const struct snapshot *publish_current(void);

/* Stop collecting and free the served snapshot and the table rows. */
void publish_stop(void);

#endif
