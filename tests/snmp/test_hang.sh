#!/bin/bash
# snmp.hang: while every Azure endpoint hangs (the simulator delays each TLS
# answer by 60 s and the probe gives up after 3 s), GETs still answer at once
# from the last snapshot.
. "$(dirname "$0")/lib.sh"
: "${GET_LATENCY:?GET_LATENCY must name snmp_get_latency}"

start_sim --scenario connected --tls-delay-ms 60000
start_snmpd
start_agentx --set timeout=3
# Before the first probe finishes (it takes the full 3 s), the placeholder
# answers: unknown(4). Both values come from one snapshot in one GET.
wait_until 30 "arcprobe-agentx to register" snmp_get "$OBJ.1.6.0"
first=$(snmp_get_raw "$OBJ.1.6.0" "$OBJ.1.1.0" | tr '\n' ' ')
case "$first" in
"0 4 ") echo "ok: placeholder served before the first probe: unknown(4)" ;;
"1 3 ") echo "note: the first probe finished before the first GET" ;;
*) fail "probe count and state before the first probe: $first" ;;
esac
wait_probes 1
expect_value "$OBJ.5.1.0" 3 "arcprobeEndpointsState critical"
count=$(snmp_get "$OBJ.5.2.0")
expect_value "$OBJ.5.3.0" "$count" "arcprobeEndpointFailedCount"
classes=$(snmpwalk -v2c -c public -t 1 -r 0 -On -Oqv "127.0.0.1:$SNMPD_PORT" "$OBJ.5.4.1.6" | sort -u | tr '\n' ' ')
[[ "$classes" =~ ^((5|11)\ )+$ ]] || fail "failure classes '$classes', want timeout(5) or notProbed(11)"
echo "ok: endpoints classed as $classes"

# Probes run back to back now (each takes the full 3 s): time GETs across
# several of them. snmpd gives a subagent 1 s; each GET here must be far
# quicker, and none may fail.
n0=$(snmp_get "$OBJ.1.6.0")
out=$("$GET_LATENCY" -d 8 -n 1000 -w 10 -t 1000 "127.0.0.1:$SNMPD_PORT" "$OBJ.1.1.0") ||
    fail "GETs failed while probing: $out"
echo "$out"
n1=$(snmp_get "$OBJ.1.6.0")
[ "$n1" -gt "$n0" ] || fail "no probe finished during the GETs ($n0 -> $n1): the test did not overlap a probe"
max_us=$(sed -n 's/.* max_us=\([0-9]*\).*/\1/p' <<<"$out")
p99_us=$(sed -n 's/.* p99_us=\([0-9]*\).*/\1/p' <<<"$out")
# snmpd gives up on a subagent after 1 s: stay well below that even on a loaded box
[ "$max_us" -lt 900000 ] || fail "slowest GET took ${max_us} us while probing"
[ "$p99_us" -lt 100000 ] || fail "p99 ${p99_us} us while probing"
echo "ok: GETs answer promptly during hung probes (p99 ${p99_us} us, max ${max_us} us, probes $n0 -> $n1)"

# The table answers too.
rows=$(snmpwalk -v2c -c public -t 1 -r 0 -On -Oq "127.0.0.1:$SNMPD_PORT" "$OBJ.5.4.1.2" | wc -l)
[ "$rows" -eq "$count" ] || fail "$rows rows, want $count"

# Stopping waits for the probe in flight, bounded by its 3 s deadline, and
# answers meanwhile: a master that timed out on the subagent would fail the
# whole request (genErr), e.g. a walk that crosses our subtree. SIGTERM just
# after a probe finished (the next one starts at once and hangs for 3 s).
n=$(snmp_get "$OBJ.1.6.0")
wait_probes $((n + 1))
t0=$(now_ms)
kill -TERM "$AGENTX_PID"
sleep 0.2
out=$(snmp_get_raw "$OBJ.1.1.0" "$SYS_UPTIME" 2>&1) || fail "a GET while stopping failed: $out"
[[ "$(head -n 1 <<<"$out")" =~ ^[1-4]$ ]] || fail "a GET while stopping got '$out', want the served state"
echo "ok: served while stopping, $(($(now_ms) - t0)) ms after SIGTERM"
stop_agentx
took=$(($(now_ms) - t0))
[ $took -lt 10000 ] || fail "stopping took ${took} ms"
echo "ok: stopped in ${took} ms"
echo PASS
