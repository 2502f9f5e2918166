/* notifications.h - ARCPROBE-MIB notifications on changes between probes. */
#ifndef ARCPROBE_AGENTX_NOTIFICATIONS_H
#define ARCPROBE_AGENTX_NOTIFICATIONS_H

#include "snapshot.h"

/* Compare the snapshot being replaced with its successor and send a
 * notification for each transition. The endpoint table must already show
 * `next`. Nothing is sent when `prev` is the placeholder: the first probe
 * sets the baseline. */
void notifications_send(const struct snapshot *prev, const struct snapshot *next);

/* The state found after the subagent (re)connected to the master: one
 * notification per component (and endpoint) that is not ok, each marked
 * with arcprobeNotificationInitial = true(1), so a problem that was already
 * there when the subagent started (or while the master was away) is not
 * silent. The endpoint table must already show snap. */
void notifications_send_initial(const struct snapshot *snap);

#endif
