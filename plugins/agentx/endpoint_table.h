/* endpoint_table.h - arcprobeEndpointTable, a tdata table the SNMP thread
 * refreshes from each new snapshot. */
#ifndef ARCPROBE_AGENTX_ENDPOINT_TABLE_H
#define ARCPROBE_AGENTX_ENDPOINT_TABLE_H

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "snapshot.h"

/* Register the table (empty). 0, or -1 after logging why. */
int endpoint_table_register(void);

/* Make the rows match snap: an endpoint keeps its index for the subagent's
 * lifetime, its last-change time moves when its state changes and its
 * failure counter counts the snapshots in which it was unreachable. */
void endpoint_table_update(const struct snapshot *snap);

/* Append column `column` (mib_oids.h COL_ENDPOINT_*) of the row named
 * `name` to a varbind list. 0, or -1 (no such row or column, no memory). */
int endpoint_table_append(netsnmp_variable_list **list, const char *name, int column);

/* Drop every row (before the agent shuts down). */
void endpoint_table_clear(void);

#endif
