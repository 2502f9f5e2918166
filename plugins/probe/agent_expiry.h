/* The expiry countdown of a Disconnected agent. */
#ifndef ARCPROBE_AGENT_EXPIRY_H
#define ARCPROBE_AGENT_EXPIRY_H
#include "config_internal.h"

/* Fill the agent's expires_in_s, expires_at, expiry_state, expiry_text and
 * expiry_remedy from its status and heartbeat age (thresholds from cfg).
 * Not applicable (Connected, unknown): expires_in_s = -1, state OK, no text. */
void agent_expiry_fold(const struct arcp_config *cfg, struct arcp_agent *agent);

#endif
