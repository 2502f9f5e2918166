#!/bin/bash
# snmp_bench.sh - P3: GET latency of arcprobe-agentx through snmpd while
# every Azure endpoint hangs, against snmpd's own sysUpTime.0 in the same run.
#
# Usage: tests/bench/snmp_bench.sh BUILD_DIR [COUNT]
#   BUILD_DIR  a configured and built tree (targets arcprobe-agentx, arc-sim,
#              snmp_get_latency)
#   COUNT      GETs per OID (default 10000)
# The simulator delays every HTTPS answer by 60 s and the probe gives up
# after 3 s, probing back to back, so every GET overlaps a hung probe.
# Prints one line per OID (snmp_get_latency's format) and a summary.
set -euo pipefail

BUILD=${1:?usage: snmp_bench.sh BUILD_DIR [COUNT]}
COUNT=${2:-10000}
BUILD=$(cd "$BUILD" && pwd)
export AGENTX="$BUILD/plugins/agentx/arcprobe-agentx"
export ARC_SIM="$BUILD/tests/sim/arc-sim"
GET_LATENCY="$BUILD/tests/snmp/snmp_get_latency"
for f in "$AGENTX" "$ARC_SIM" "$GET_LATENCY"; do
    [ -x "$f" ] || {
        echo "snmp_bench: $f is missing: build the targets arcprobe-agentx arc-sim snmp_get_latency" >&2
        exit 2
    }
done

. "$(dirname "$0")/../snmp/lib.sh"

start_sim --scenario connected --tls-delay-ms 60000
start_snmpd
start_agentx --set timeout=3
wait_probes 1
[ "$(snmp_get "$OBJ.5.1.0")" = 3 ] || fail "endpoints are not critical: the hang did not take"

n0=$(snmp_get "$OBJ.1.6.0")
t0=$(now_ms)
# One run, the OIDs in turn, so that all three see the same load.
out=$("$GET_LATENCY" -n "$COUNT" -w 200 -t 1000 "127.0.0.1:$SNMPD_PORT" \
    "$OBJ.1.1.0" "$OBJ.5.4.1.5.1" "$SYS_UPTIME") || fail "GETs failed: $out"
paste -d' ' <(printf '%-28s\n' "arcprobeOverallState.0" "arcprobeEndpointState.1" \
    "sysUpTime.0 (snmpd itself)") <(echo "$out")
t1=$(now_ms)
n1=$(snmp_get "$OBJ.1.6.0")
echo "probes finished during the run: $((n1 - n0)) (each hung until its 3 s deadline), run took $((t1 - t0)) ms"
echo "machine: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), $(uname -r)"
stop_agentx
