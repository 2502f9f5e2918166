#ifndef ARCPROBE_TABLE_OUTPUT_H
#define ARCPROBE_TABLE_OUTPUT_H
#include "arcprobe.h"
#include <stdio.h>

/* Colour only for a terminal that can show it (and NO_COLOR unset). */
int table_output_color_wanted(FILE *out);

/* The report as aligned text for people. verbose > 0 lists every endpoint,
 * otherwise only the ones that failed. */
void table_output_print(FILE *out, const arcp_report *r, int color, int verbose);

#endif
