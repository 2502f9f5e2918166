/* master_link.h - the connection to the AgentX master, logged once per change.
 *
 * While snmpd is away Net-SNMP retries at every ping interval and logs
 * "Failed to connect to the agentx master agent (...): " each time, with an
 * empty reason: 240 lines an hour that cannot tell a stopped snmpd from a
 * socket we may not open. Here the loss and the return are said once each,
 * with what is wrong with the socket, and the retries stay quiet. */
#ifndef ARCPROBE_AGENTX_MASTER_LINK_H
#define ARCPROBE_AGENTX_MASTER_LINK_H

/* Before init_snmp(), which makes the first connection. */
int master_link_watch(unsigned ping_interval_s);

/* After init_snmp(): says so if the first connection failed. */
void master_link_started(void);

void master_link_unwatch(void);

#endif
