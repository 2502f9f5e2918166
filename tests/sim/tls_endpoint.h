/* HTTPS stand-in for every Azure endpoint (reached through connect_to). */
#ifndef ARC_SIM_TLS_ENDPOINT_H
#define ARC_SIM_TLS_ENDPOINT_H

#include "sim.h"

/* Loads the certificate and key and listens on 127.0.0.1:port (0 =
 * ephemeral); stores the bound port in sim->tls_port. */
int tls_endpoint_start(struct sim *sim, unsigned port);

void tls_endpoint_stop(struct sim *sim);

#endif
