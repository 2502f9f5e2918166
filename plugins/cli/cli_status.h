#ifndef ARCPROBE_CLI_STATUS_H
#define ARCPROBE_CLI_STATUS_H
#include "arcprobe.h"

/* The exit status of `arcprobe` for a report: the core's overall state,
 * numbered as the plugin exit codes (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN). */
int cli_exit_status(const arcp_report *r);

#endif
