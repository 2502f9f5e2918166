/* notifications.h - ARCPROBE-MIB notifications on changes between probes. */
#ifndef ARCPROBE_AGENTX_NOTIFICATIONS_H
#define ARCPROBE_AGENTX_NOTIFICATIONS_H

#include "snapshot.h"

/* Compare the snapshot being replaced with its successor and send a
 * notification for each transition. The endpoint table must already show
 * `next`. Nothing is sent when `prev` is the placeholder: the first probe
 * sets the baseline. */
void notifications_send(const struct snapshot *prev, const struct snapshot *next);

#endif
