#!/bin/bash
# snmp.initial_traps: a subagent that starts against an agent that is
# already Disconnected sends arcprobeAgentStatusChange, marked as the
# initial state (arcprobeNotificationInitial = true), within its first probe
# interval: the notification carries probe 1's state, and the subagent has
# not yet served a second probe when snmptrapd has it. After the master
# agent restarts, the state is announced again.
. "$(dirname "$0")/lib.sh"

# A long interval: "within one probe interval" is then "before probe 2".
PROBE_INTERVAL=60
start_sim --scenario disconnected
start_trapd
start_snmpd
start_agentx

traps() { tr '\t' '\n' <"$WORK/snmptrapd.log"; }
trap_has() { traps | grep -e "$1" >/dev/null; }
trap_count() { traps | grep -c "^\.1\.3\.6\.1\.6\.3\.1\.1\.4\.1\.0 = OID: \.$NOTIF\.$1\$" || true; }
has_trap() { [ "$(trap_count "$1")" -ge "${2:-1}" ]; }

wait_until 50 "arcprobeAgentStatusChange after start" has_trap 3
count=$(snmp_get "$OBJ.1.6.0")
[ "$count" = 1 ] || fail "the initial notification came after probe $count, not within the first interval"
trap_has "^\.$OBJ\.3\.3\.0 = INTEGER: 3$" || fail "agent trap lacks arcprobeAgentStatus.0 = disconnected(3)"
trap_has "^\.$OBJ\.1\.7\.0 = INTEGER: 1$" || fail "agent trap not marked arcprobeNotificationInitial = true(1)"
[ "$(trap_count 3)" -eq 1 ] || fail "arcprobeAgentStatusChange sent $(trap_count 3) times at start"
[ "$(trap_count 2)" -eq 0 ] || fail "himds is ok, yet arcprobeHimdsStateChange was sent"
echo "ok: initial arcprobeAgentStatusChange within the first probe interval, marked initial"

# The master restarts: the subagent reconnects and says it again.
stop_snmpd
start_snmpd
wait_until 50 "arcprobeAgentStatusChange after the reconnection" has_trap 3 2
echo "ok: announced again after reconnecting"

stop_agentx
echo PASS
