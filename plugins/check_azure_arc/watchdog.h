/* watchdog.h - end the plugin at its -t limit whatever it is doing. */
#ifndef CHECK_AZURE_ARC_WATCHDOG_H
#define CHECK_AZURE_ARC_WATCHDOG_H

#include "arcprobe.h"

/* Start the plugin's clock: from now on every arc_watchdog_arm counts its
 * seconds from this moment, so re-arming once the real limit is known (from
 * an ini file, from the config) never extends the plugin's total run time. */
void arc_watchdog_start(void);

/* After `seconds`, write "ARC <STATE> - <message>" to stdout and _exit with
 * state, from the signal handler (only async-signal-safe calls). Re-arming
 * replaces the earlier deadline. Returns 0, or -1 when no timer could be set. */
int arc_watchdog_arm(double seconds, arcp_state state, const char *message);

/* Stop the timer before writing the real output, so the two never mix. */
void arc_watchdog_disarm(void);

#endif
