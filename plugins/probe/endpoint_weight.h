/* endpoint_weight.h - how much an endpoint's outcome weighs: the one rule
 * behind every endpoint state, whoever sets it (the probe for a failure, a
 * front end's threshold for a slow answer). */
#ifndef ARCPROBE_ENDPOINT_WEIGHT_H
#define ARCPROBE_ENDPOINT_WEIGHT_H

#include "arcprobe.h"

/* The endpoint's state for its class and requirement. */
arcp_state ep_state_for(arcp_endpoint_class cls, arcp_required required, arcp_state optional_state);

#endif
