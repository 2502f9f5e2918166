/* scalars.h - the scalar objects of ARCPROBE-MIB, answered from the
 * snapshot the SNMP thread currently serves. */
#ifndef ARCPROBE_AGENTX_SCALARS_H
#define ARCPROBE_AGENTX_SCALARS_H

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "snapshot.h"

/* Register every scalar with the agent. 0, or -1 after logging why. */
int scalars_register(void);

/* Append scalar { group, item } (mib_oids.h), instance .0, with its value in
 * snap to a notification's varbind list. 0, or -1 (unknown object, no memory). */
int scalars_append(netsnmp_variable_list **list, const struct snapshot *snap, int group, int item);

#endif
