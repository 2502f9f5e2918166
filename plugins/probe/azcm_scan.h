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

#endif
