#!/bin/bash
# snmp.reconnect: when snmpd dies and comes back, arcprobe-agentx reconnects
# by itself within its AgentX ping interval and serves again.
. "$(dirname "$0")/lib.sh"

PING_INTERVAL=2
# The master notices a restarted subagent only through the ping: allow the
# interval plus the agent's own 1 s timeout and a loaded CI box's slack.
LIMIT_MS=$(((PING_INTERVAL + 1) * 1000 + 3000))

start_sim --scenario connected
start_snmpd
start_agentx
wait_probes 1

served() { snmp_get "$OBJ.1.1.0" >/dev/null; }

restart_and_time() { # restart_and_time SIGNAL
    kill "-$1" "$SNMPD_PID"
    wait "$SNMPD_PID" 2>/dev/null || true
    forget_pid "$SNMPD_PID"
    served && fail "still served after snmpd was killed"
    local t0 t1
    t0=$(now_ms)
    start_snmpd
    wait_until 60 "arcprobe-agentx to serve again after snmpd got SIG$1" served
    t1=$(now_ms)
    local took=$((t1 - t0))
    echo "served again ${took} ms after snmpd was started again (SIG$1, ping interval ${PING_INTERVAL} s)"
    [ $took -le $LIMIT_MS ] || fail "took ${took} ms, limit ${LIMIT_MS} ms"
    kill -0 "$AGENTX_PID" 2>/dev/null || fail "arcprobe-agentx exited"
}

# arcprobeEndpointLastChange is a TimeStamp: the master's sysUpTime at the
# change. snmpd starts sysUpTime again from 0, so changes from before its
# restart read 0 (RFC 2579), never a moment on the old clock.
last_changes() {
    snmpwalk -v2c -c public -t 1 -r 0 -On -Oqv -Ot "127.0.0.1:$SNMPD_PORT" "$OBJ.5.4.1.12" | sort -un | tr '\n' ' '
}
before=$(last_changes)
up=$(snmp_get_raw -Ot "$SYS_UPTIME")
for t in $before; do
    [ "$t" -gt 0 ] && [ "$t" -le "$up" ] || fail "arcprobeEndpointLastChange $t before the restart, sysUpTime $up"
done
echo "ok: arcprobeEndpointLastChange $before<= sysUpTime $up"

restart_and_time TERM
expect_value "$OBJ.3.3.0" 2 "arcprobeAgentStatus connected after the restart"
after=$(last_changes)
[ "$after" = "0 " ] || fail "arcprobeEndpointLastChange '$after' after snmpd restarted (sysUpTime $(snmp_get_raw -Ot "$SYS_UPTIME")), want 0"
echo "ok: arcprobeEndpointLastChange 0 after snmpd restarted"
restart_and_time KILL
expect_value "$OBJ.2.1.0" 1 "arcprobeHimdsState ok after the second restart"
# The table comes back too.
count=$(snmp_get "$OBJ.5.2.0")
rows=$(snmpwalk -v2c -c public -t 1 -r 0 -On -Oq "127.0.0.1:$SNMPD_PORT" "$OBJ.5.4.1.2" | wc -l)
[ "$rows" -eq "$count" ] || fail "$rows endpoint rows after the restart, want $count"
echo "ok: $rows endpoint rows after the restart"

# While snmpd is away the retries stay quiet: the loss and the return are
# logged once each, with what is wrong with the socket (Net-SNMP alone logs
# "Failed to connect" with an empty reason at every retry).
log_since() { tail -n "+$(($1 + 1))" "$WORK/agentx.log"; }
# expect_lines LOG TEST N PATTERN: the count of LOG's lines matching PATTERN
# passes [ count TEST N ] (TEST: -eq, -le).
expect_lines() {
    local n
    n=$(grep -c -- "$4" <<<"$1" || true)
    [ "$n" "$2" "$3" ] || fail "$n lines '$4', want $2 $3 in: $1"
}
mark=$(wc -l <"$WORK/agentx.log")
stop_snmpd
sleep $((3 * PING_INTERVAL + 1))
start_snmpd
wait_until 60 "arcprobe-agentx to serve again after a long outage" served
outage=$(log_since "$mark")
expect_lines "$outage" -eq 0 "Failed to connect"
# snmpd leaves its socket behind: nothing accepts connections there
expect_lines "$outage" -eq 1 "lost the AgentX master agent ($AGENTX_SOCKET): nothing accepts connections there"
expect_lines "$outage" -eq 1 "connected to the AgentX master agent ($AGENTX_SOCKET) again"
echo "ok: an outage of 3 ping intervals logged once when lost and once when back"

stop_agentx

# Started before any master exists, it keeps trying and connects once
# snmpd is up.
stop_snmpd
mark=$(wc -l <"$WORK/agentx.log")
start_agentx
sleep $((2 * PING_INTERVAL + 1))
kill -0 "$AGENTX_PID" 2>/dev/null || fail "arcprobe-agentx gave up without a master"
t0=$(now_ms)
start_snmpd
wait_until 60 "arcprobe-agentx to connect to a late master" served
took=$(($(now_ms) - t0))
echo "served ${took} ms after a late snmpd was started"
[ $took -le $LIMIT_MS ] || fail "took ${took} ms, limit ${LIMIT_MS} ms"
late=$(log_since "$mark")
expect_lines "$late" -le 1 "Failed to connect" # the first attempt's, from Net-SNMP
expect_lines "$late" -eq 1 "cannot reach the AgentX master agent ($AGENTX_SOCKET): [a-z]"
expect_lines "$late" -eq 1 "connected to the AgentX master agent ($AGENTX_SOCKET)"
echo "ok: a late master: one line while waiting, one when connected"
stop_agentx
echo PASS
