#ifndef ARCPROBE_SERVICE_STATE_H
#define ARCPROBE_SERVICE_STATE_H
#include "config_internal.h"

/* Whether himds runs: systemd's view of the unit over sd-bus, or, where
 * there is no system bus (containers, CI), the process table. Fills
 * himds->service, ->service_method; writes a short reason to detail. */
void service_state_probe(const struct arcp_config *cfg, double deadline, struct arcp_himds *himds,
                         char *detail, size_t detail_len);

#endif
