#ifndef ARCPROBE_AZCMAGENT_SHOW_H
#define ARCPROBE_AZCMAGENT_SHOW_H
#include "config_internal.h"

/* Fallback: run `azcmagent show -j` (cfg->azcmagent_path) under the deadline
 * and read the agent status from its JSON. Returns 0 when a status was
 * found, else -1 with a reason in why. */
int azcmagent_show(const struct arcp_config *cfg, double deadline, time_t now,
                   struct arcp_agent *agent, char *why, size_t whylen);

#endif
