/* Holding an HTTP request without losing track of its client. */
#ifndef ARC_SIM_CONN_WAIT_H
#define ARC_SIM_CONN_WAIT_H

#include "sim.h"

struct MHD_Connection;

enum conn_wait_result {
    CONN_WAIT_DONE,    /* the time is up, or keep_waiting said stop: answer now */
    CONN_WAIT_GONE,    /* the client closed the connection: drop it */
    CONN_WAIT_STOPPING /* the simulator is shutting down: drop it */
};

#define CONN_WAIT_FOREVER 0u

/* Waits `ms` milliseconds (CONN_WAIT_FOREVER: no limit) while
 * keep_waiting(sim) is true (NULL: always), checking every 100 ms whether
 * the client has gone, so that clients that give up free their thread. */
enum conn_wait_result conn_wait(struct sim *sim, struct MHD_Connection *c, unsigned ms,
                                bool (*keep_waiting)(struct sim *sim));

#endif
