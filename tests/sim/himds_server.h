/* The simulated himds endpoint: plain HTTP on 127.0.0.1, behaviour chosen
 * per request from the current scenario. */
#ifndef ARC_SIM_HIMDS_SERVER_H
#define ARC_SIM_HIMDS_SERVER_H

#include "sim.h"

/* Starts listening on 127.0.0.1:port (0 = ephemeral) and stores the bound
 * port in sim->himds_port. A busy port is tried `attempts` times, 100 ms
 * apart: a restart after himds-down must get the same port back. */
int himds_start(struct sim *sim, unsigned port, int attempts);

/* Stops listening; connections are then refused. Safe when not running. */
void himds_stop(struct sim *sim);

#endif
