/* The AZCM scan of a one-shot run (arcp_config_keep_state): the memory of
 * the agent's logs is loaded from the state file before the scan and saved
 * after it, so that a run reads only what was appended since the last one,
 * as a long-running host's cycle does. */
#ifndef ARCPROBE_AZCM_STATE_H
#define ARCPROBE_AZCM_STATE_H

#include "config_internal.h"

#include <time.h>

/* azcm_scan_hooked with cfg's memory, which the state file fills first
 * when cfg keeps state. Why the file could not be used goes to out->note;
 * the answer is a full scan's either way. */
void azcm_scan_kept(const struct arcp_config *cfg, time_t now, double deadline,
                    struct arcp_azcm *out);

#endif
