/* prober.h - the probe thread.
 *
 * Runs arcp_probe() every `interval` seconds (start to start) on its own
 * thread and keeps the newest result as a snapshot under a mutex. The SNMP
 * thread collects it with prober_take(), which never waits for a probe. */
#ifndef ARCPROBE_AGENTX_PROBER_H
#define ARCPROBE_AGENTX_PROBER_H

#include "arcprobe.h"
#include "snapshot.h"

struct prober;

/* Start probing with cfg (borrowed; must outlive the prober). NULL with a
 * message in err on failure. */
struct prober *prober_start(const arcp_config *cfg, unsigned interval_s, char *err, size_t errlen);

/* The newest snapshot if one arrived since the last call (ownership passes
 * to the caller), else NULL. */
struct snapshot *prober_take(struct prober *p);

/* 1 with the message in buf if a probe failed since the last call, else 0. */
int prober_take_error(struct prober *p, char *buf, size_t buflen);

/* Ask the thread to stop after the probe in flight; returns at once. */
void prober_request_stop(struct prober *p);

/* 1 once the thread has stopped probing (prober_stop then waits no more). */
int prober_ended(struct prober *p);

/* Ask the thread to stop, wait for the probe in flight (bounded by the
 * config's timeout) and free everything. */
void prober_stop(struct prober *p);

#endif
