#ifndef ARCPROBE_REPORT_FOLD_H
#define ARCPROBE_REPORT_FOLD_H
#include "arcprobe.h"

/* Overall state (worst probed component), the incomplete flag and the
 * one-line summary, from the components' own states and texts. */
void report_fold(arcp_report *r);

/* How bad a state is, as Nagios orders them: OK < WARNING < UNKNOWN < CRITICAL. */
int state_severity(arcp_state s);

#endif
