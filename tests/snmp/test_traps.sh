#!/bin/bash
# snmp.traps: notifications reach snmptrapd through snmpd's trap2sink when
# the simulated agent changes: himds goes down, a new AZCM code is logged,
# the Azure endpoints become unreachable.
. "$(dirname "$0")/lib.sh"

free_tcp_port() {
    python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

start_sim --scenario connected
# Route the endpoint probes through a forwarder the test can cut.
tls_port=$(sed -n 's/.*tls_port=\([0-9]*\).*/\1/p' "$SIM_DIR/ready")
fwd_port=$(free_tcp_port)
python3 "$(dirname "$0")/tcp_forward.py" "$fwd_port" "$tls_port" >"$WORK/forward.log" 2>&1 &
FWD_PID=$!
STARTED_PIDS+=("$FWD_PID")
wait_until 30 "the forwarder" grep -q listening "$WORK/forward.log"
sed "s/^connect_to *=.*/connect_to = ::127.0.0.1:$fwd_port/" "$SIM_DIR/arcprobe.conf" >"$WORK/arcprobe.conf"
grep -q "127.0.0.1:$fwd_port" "$WORK/arcprobe.conf" || fail "no connect_to line to rewrite"

start_trapd
start_snmpd
"$AGENTX" -f -c "$WORK/arcprobe.conf" -x "$AGENTX_SOCKET" -i 1 -p 1 >>"$WORK/agentx.log" 2>&1 &
AGENTX_PID=$!
STARTED_PIDS+=("$AGENTX_PID")
wait_probes 2
expect_value "$OBJ.1.1.0" 1 "arcprobeOverallState ok before the changes"
# The simulator's default /agentstatus has `status` alone: a healthy agent,
# its heartbeat age unknown (-1), not an alarm.
expect_value "$OBJ.3.1.0" 1 "arcprobeAgentState ok with status alone"
expect_value "$OBJ.3.5.0" -1 "arcprobeAgentHeartbeatAge unknown with status alone"

# snmptrapd -On prints each varbind as "OID = TYPE: value" on its own line
# or tab-separated; normalise to one varbind per line.
traps() { tr '\t' '\n' <"$WORK/snmptrapd.log"; }
# grep without -q reads all its input: with pipefail, an early exit would
# fail the pipeline through tr's SIGPIPE.
trap_has() { traps | grep -e "$1" >/dev/null; }
trap_count() { traps | grep -c "^\.1\.3\.6\.1\.6\.3\.1\.1\.4\.1\.0 = OID: \.$NOTIF\.$1\$" || true; }
has_trap() { [ "$(trap_count "$1")" -ge "${2:-1}" ]; }

# The first probes set the baseline: nothing sent yet.
sleep 2
for n in 1 2 3 4; do
    [ "$(trap_count $n)" -eq 0 ] || fail "notification $n sent without a change"
done
echo "ok: no notification for the baseline"

# connected -> himds-down: arcprobeHimdsStateChange with the new values.
set_scenario himds-down
wait_until 30 "arcprobeHimdsStateChange" has_trap 2
trap_has "^\.$OBJ\.2\.1\.0 = INTEGER: 3$" || fail "himds trap lacks arcprobeHimdsState.0 = critical(3)"
trap_has "^\.$OBJ\.2\.3\.0 = INTEGER: 3$" || fail "himds trap lacks arcprobeHimdsServiceState.0 = stopped(3)"
trap_has "^\.$OBJ\.2\.4\.0 = INTEGER: 3$" || fail "himds trap lacks arcprobeHimdsEndpointResult.0 = refused(3)"
echo "ok: arcprobeHimdsStateChange on connected -> himds-down"
# /agentstatus is served by himds too, so the agent status became unknown.
wait_until 30 "arcprobeAgentStatusChange" has_trap 3
trap_has "^\.$OBJ\.3\.3\.0 = INTEGER: 1$" || fail "agent trap lacks arcprobeAgentStatus.0 = undetermined(1)"
echo "ok: arcprobeAgentStatusChange"
[ "$(trap_count 4)" -eq 0 ] || fail "arcprobeNewAzcmCode without a new code"

# -> azcm-error: a new AZCM code (and himds back up).
set_scenario azcm-error
wait_until 30 "arcprobeNewAzcmCode" has_trap 4
trap_has "^\.$OBJ\.4\.2\.0 = INTEGER: 26$" || fail "AZCM trap lacks arcprobeAzcmLastCode.0 = 26"
trap_has "^\.$OBJ\.4\.3\.0 = STRING: \"AZCM0026\"$" || fail "AZCM trap lacks the code name"
trap_has "^\.$OBJ\.4\.5\.0 = STRING: \"AZCM0026: Network Error" || fail "AZCM trap lacks the message"
wait_until 30 "the second arcprobeHimdsStateChange" has_trap 2 2
echo "ok: arcprobeNewAzcmCode on -> azcm-error"
# The same code again is not new.
n=$(snmp_get "$OBJ.1.6.0")
wait_probes $((n + 2))
[ "$(trap_count 4)" -eq 1 ] || fail "arcprobeNewAzcmCode sent $(trap_count 4) times for one code"

# Cut the path to the Azure endpoints: every endpoint changes state.
count=$(snmp_get "$OBJ.5.2.0")
kill "$FWD_PID"
wait "$FWD_PID" 2>/dev/null || true
forget_pid "$FWD_PID" # its number may be another process's by the end
wait_until 30 "arcprobeEndpointStateChange for all $count endpoints" has_trap 1 "$count"
trap_has "^\.$OBJ\.5\.4\.1\.6\.[0-9]* = INTEGER: 4$" || fail "endpoint trap lacks failure class refused(4)"
trap_has "^\.$OBJ\.5\.4\.1\.2\.[0-9]* = STRING: \"login.microsoftonline.com" || fail "endpoint trap lacks the name"
expect_value "$OBJ.5.3.0" "$count" "arcprobeEndpointFailedCount"
echo "ok: arcprobeEndpointStateChange for $count endpoints"

# snmpd restarts (a package upgrade): the subagent reconnects by itself and
# goes on sending changes. himds is up in azcm-error, so the state announced
# after the reconnection has no himds notification: one that comes after is
# the change, marked arcprobeNotificationInitial = false(2).
seen=$(traps | wc -l)
new_traps() { traps | tail -n +$((seen + 1)); }
new_himds_change() {
    new_traps | grep -e "^\.1\.3\.6\.1\.6\.3\.1\.1\.4\.1\.0 = OID: \.$NOTIF\.2\$" >/dev/null &&
        new_traps | grep -e "^\.$OBJ\.1\.7\.0 = INTEGER: 2\$" >/dev/null
}
stop_snmpd
start_snmpd
wait_until 30 "arcprobe-agentx to serve again after snmpd restarted" snmp_get "$OBJ.1.1.0"
rows=$(snmpwalk -v2c -c public -t 1 -r 0 -On -Oq "127.0.0.1:$SNMPD_PORT" "$OBJ.5.4.1.2" | wc -l)
[ "$rows" -eq "$count" ] || fail "$rows endpoint rows after snmpd restarted, want $count"
set_scenario himds-down
wait_until 30 "arcprobeHimdsStateChange after snmpd restarted" new_himds_change
echo "ok: arcprobeHimdsStateChange sent after snmpd restarted"

stop_agentx
echo PASS
