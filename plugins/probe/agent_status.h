#ifndef ARCPROBE_AGENT_STATUS_H
#define ARCPROBE_AGENT_STATUS_H
#include "config_internal.h"
#include <json-c/json.h>

/* A heartbeat this far ahead of our clock is not clock jitter: one of the
 * two clocks is wrong, and the age (and so the OK) means nothing. */
#define HEARTBEAT_FUTURE_SLACK_S 300

/* Fill the agent part of a report from a JSON object with the keys of
 * `azcmagent show -j` (himds /agentstatus serves the same). Any key may be
 * missing. Returns 1 when a status was found. */
int agent_status_from_json(const json_object *obj, time_t now, struct arcp_agent *agent);

/* The agent's state and text from what is known (thresholds from cfg). */
void agent_status_fold(const struct arcp_config *cfg, struct arcp_agent *agent,
                       const char *why_unknown);

#endif
