/* report_table.h - the conformance table: synthetic reports as the core
 * would fold them, one per combination of component states, plus the
 * correlated endpoint failures. */
#ifndef CONFORMANCE_REPORT_TABLE_H
#define CONFORMANCE_REPORT_TABLE_H

#include "arcprobe.h"

#define STATE_COUNT 4
#define ENDPOINT_PATTERNS 9

/* Rows: every (himds, agent, azcm, endpoints) state combination with the
 * three-endpoint patterns, then every correlated pattern beside every agent
 * state; the last two patterns observe no endpoint (every row unprobed, no
 * rows at all). */
#define TABLE_ROWS                                                                                 \
    (STATE_COUNT * STATE_COUNT * STATE_COUNT * STATE_COUNT + ENDPOINT_PATTERNS * STATE_COUNT)

/* Row i of the table, folded by the core (arcp_report_refold); a name for
 * messages in name. Free with arcp_report_free(). */
arcp_report *table_row(int i, char *name, size_t namelen);

#endif
