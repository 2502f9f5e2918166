#ifndef ARCPROBE_OPENMETRICS_OUTPUT_H
#define ARCPROBE_OPENMETRICS_OUTPUT_H
#include "arcprobe.h"
#include <stdio.h>

/* The report as Prometheus text exposition (format 0.0.4, which
 * node_exporter's textfile collector reads): every family with HELP and
 * TYPE, unknown values left out, labels bounded. */
void openmetrics_output_print(FILE *out, const arcp_report *r);

#endif
