#ifndef ARCPROBE_REPORT_FOLD_H
#define ARCPROBE_REPORT_FOLD_H
#include "arcprobe.h"

/* Overall state (worst probed component), the incomplete flag and the
 * one-line summary, from the components' own states and texts. */
void report_fold(arcp_report *r);

#endif
