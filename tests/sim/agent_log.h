/* The agent's logrus logs (log/azcmagent.log and log/himds.log): a history
 * written at start-up and lines appended when the scenario changes. */
#ifndef ARC_SIM_AGENT_LOG_H
#define ARC_SIM_AGENT_LOG_H

#include "sim.h"

enum log_file { LOG_AZCMAGENT = 0, LOG_HIMDS = 1, LOG_COUNT };

/* Replaces both logs with a history that led to scenario `s`, ending
 * shortly before `now`. */
int agent_log_init(struct sim *sim, enum scenario s, time_t now);

#define AGENT_LOG_TOO_SOON 1

/* Appends the lines a real agent would write on the way from `from` to
 * `to`. Times never go below what a file already holds. Returns 0, -1 on
 * error, or AGENT_LOG_TOO_SOON (nothing written) when the new AZCM code
 * would share its second with the newest one logged: call again later. */
int agent_log_transition(struct sim *sim, enum scenario from, enum scenario to, time_t now);

/* Formats `t` as RFC 3339 UTC ("2026-11-25T08:50:01Z") into out[21]. */
void rfc3339_utc(time_t t, char out[21]);

#endif
