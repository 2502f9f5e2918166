/* Finding the last AZCM code in the agent's logs. */
#ifndef ARCPROBE_AZCM_SCAN_H
#define ARCPROBE_AZCM_SCAN_H

#include "arcprobe.h"
#include "config_internal.h"
#include <time.h>

/* Scan agent_dir/log/azcmagent.log and himds.log (and the newest rotated
 * file of each when the current one holds no code) from the end backwards,
 * fill *out (code, time, file, sanitised message, catalog meaning/remedy,
 * diagnosis, state and text). `now` is the reference for ages. Never fails:
 * problems become out->state = ARCP_UNKNOWN with a reason in out->text. */
void azcm_scan(const struct arcp_config *cfg, time_t now, struct arcp_azcm *out);

/* The same scan on a thread of its own, beside the endpoint batch, so that
 * neither eats the other's share of the probe's deadline (http_now()
 * clock). No read starts after the deadline; what could not be read is said
 * in out (UNKNOWN, out->incomplete). azcm_scan_finish waits for the thread
 * and frees the task; out is complete only after it. Without a thread
 * (creation failed) the scan runs inside azcm_scan_start. */
struct azcm_task;
struct azcm_task *azcm_scan_start(const struct arcp_config *cfg, time_t now, double deadline,
                                  struct arcp_azcm *out);
void azcm_scan_finish(struct azcm_task *task);

#endif
