/* The files a real agent keeps in its directory, plus the simulator's own
 * DIR/arcprobe.conf and DIR/ready. */
#ifndef ARC_SIM_AGENT_FILES_H
#define ARC_SIM_AGENT_FILES_H

#include "sim.h"

/* Creates DIR/agent, log/, tokens/ (0700) and certs/ (0700). */
int agent_dirs_create(struct sim *sim);

/* agentconfig.json and localconfig.json. */
int agent_config_write(const struct sim *sim);

/* DIR/arcprobe.conf, a configuration that points arcprobe at the simulator. */
int probe_conf_write(const struct sim *sim);

/* DIR/ready: "port=N tls_port=M", then "scenario=NAME" and "pid=P". */
int ready_write(const struct sim *sim, enum scenario current);

#endif
