#!/bin/bash
# daemon_cpu_bench.sh (P4b): CPU per probe cycle of the long-running front
# ends against a healthy simulated agent (himds, agent files, AZCM scan and
# the 9 catalog endpoints over TLS), with the one-certificate test CA and
# with the system CA bundle (/etc/ssl/certs/ca-certificates.crt plus the test
# CA, so the simulator's certificate verifies while the whole store is used).
#   - arcprobe-agentx under a real snmpd, probing every second: the
#     process's utime + stime (/proc) over CYCLES cycles counted by
#     arcprobeProbeCount, divided by the cycles
#   - the collectd plugin in collectd_soak_harness (collectd's plugin API
#     around the real azure_arc.so, read callbacks back to back): CPU of a
#     run of 2 x CYCLES reads minus a run of CYCLES reads, divided by CYCLES,
#     so start-up and shutdown cancel out
#   - the floor: bare libcurl (curl_floor --cycles) making the same 9 HTTPS
#     GETs to the same server with the same CA file, one multi handle kept
#     from cycle to cycle (libcurl's CA cache), a new connection and name
#     lookup for every GET; CPU per cycle after the first, measured inside
#     curl_floor
#   - the paced floor: the same, with a 1 s pause between cycles as the
#     subagent probes here. A daemon that sleeps between cycles finds its caches cold:
#     the subagent's cycle compares with this floor, the harness's back-to-
#     back reads with the unpaced one.
# Target P4b: <= 10 ms per cycle with the system bundle. The floor shows
# how much of a cycle libcurl and OpenSSL alone cost on this machine.
# Usage: daemon_cpu_bench.sh BUILD_DIR [CYCLES=20]
set -euo pipefail
BUILD=$(cd "${1:?usage: daemon_cpu_bench.sh BUILD_DIR [CYCLES]}" && pwd)
CYCLES=${2:-20}
HERE=$(cd "$(dirname "$0")" && pwd)
export AGENTX="$BUILD/plugins/agentx/arcprobe-agentx"
export ARC_SIM="$BUILD/tests/sim/arc-sim"
HARNESS="$BUILD/tests/collectd/collectd_soak_harness"
PLUGIN="$BUILD/plugins/collectd/azure_arc.so"
CLI="$BUILD/plugins/cli/arcprobe"
CURL_FLOOR="$BUILD/tests/bench/curl_floor"
for f in "$AGENTX" "$ARC_SIM" "$HARNESS" "$PLUGIN" "$CLI" "$CURL_FLOOR"; do
    [ -e "$f" ] || {
        echo "daemon_cpu_bench: $f is missing: build arcprobe-agentx arc-sim azure_arc collectd_soak_harness arcprobe-cli curl_floor" >&2
        exit 2
    }
done
TEST_CA="$HERE/../fixtures/tls/ca.pem"
SYSTEM_BUNDLE=${SYSTEM_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}

. "$HERE/../snmp/lib.sh"
SYS_CA=$WORK/system-plus-test.pem
cat "$SYSTEM_BUNDLE" "$TEST_CA" >"$SYS_CA"

start_sim --scenario connected
start_snmpd
HZ=$(getconf CLK_TCK)
proc_cpu() { awk -v hz="$HZ" '{print ($14 + $15) / hz}' "/proc/$1/stat"; }

# agentx_cpu CA: ms of CPU per cycle
agentx_cpu() {
    start_agentx -o "ca_file=$1"
    wait_probes 2 # the first cycle pays for start-up
    local n0 c0 n1 c1
    n0=$(snmp_get "$OBJ.1.6.0")
    c0=$(proc_cpu "$AGENTX_PID")
    # Every GET is work for the subagent: sleep through the cycles instead of
    # polling (ten polls a second cost it ~3 ms per cycle, counted as probing).
    sleep "$CYCLES"
    wait_until $((CYCLES * 3 + 30)) "$CYCLES more probes" probes_at_least $((n0 + CYCLES))
    n1=$(snmp_get "$OBJ.1.6.0")
    c1=$(proc_cpu "$AGENTX_PID")
    [ "$(snmp_get "$OBJ.5.3.0")" = 0 ] || fail "agentx: endpoints failed: $(snmp_get "$OBJ.1.2.0")"
    stop_agentx
    python3 -c "print('%.1f' % (($c1 - $c0) * 1000 / ($n1 - $n0)))"
}

# child_cpu EXPECT CMD...: CPU seconds of one run of CMD, which must exit 0
# and print EXPECT somewhere (any output when EXPECT is empty)
child_cpu() {
    python3 -c 'import resource, subprocess, sys
def cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime
before = cpu()  # python3 may be a wrapper (pyenv) that exec()s it: its children count already
p = subprocess.run(sys.argv[2:], stdout=subprocess.PIPE, text=True)
if p.returncode != 0 or sys.argv[1] not in p.stdout:
    sys.exit("%s failed: %s" % (sys.argv[2], p.stdout))
print("%.4f" % (cpu() - before))' "$@"
}

# per_cycle_cpu CMD...: ms of CPU per cycle of CMD N (N cycles), from a run of
# 2 x CYCLES minus a run of CYCLES, so start-up and shutdown cancel out
per_cycle_cpu() {
    local one two
    one=$("$@" "$CYCLES")
    two=$("$@" $((CYCLES * 2)))
    python3 -c "print('%.1f' % (($two - $one) * 1000 / $CYCLES))"
}

# harness_cpu CA READS: CPU seconds of one harness run
harness_cpu() {
    sed "s|^ca_file = .*|ca_file = $1|" "$SIM_DIR/arcprobe.conf" >"$WORK/collectd-arcprobe.conf"
    child_cpu " failures=0 " "$HARNESS" "$PLUGIN" "$WORK/collectd-arcprobe.conf" "$2"
}
collectd_cpu() { per_cycle_cpu harness_cpu "$1"; }

# The URLs of one endpoint cycle and where the simulator serves them.
ENDPOINT_URLS=$("$CLI" --config "$SIM_DIR/arcprobe.conf" --check endpoints --json |
    python3 -c 'import json, sys
print("\n".join(e["url"] for e in json.load(sys.stdin)["endpoints"]))')
CONNECT_TO=$(sed -n 's/^connect_to = //p' "$SIM_DIR/arcprobe.conf")
[ -n "$ENDPOINT_URLS" ] && [ -n "$CONNECT_TO" ] || fail "no endpoint URLs or connect_to from the simulator"
# floor_cycle_cpu CA [PAUSE_MS]: ms of CPU per cycle of curl_floor, which
# measures itself after its first cycle (start-up and the CA file read),
# back to back or pausing PAUSE_MS between cycles
floor_cycle_cpu() {
    local out
    # shellcheck disable=SC2086 # one URL per word
    out=$("$CURL_FLOOR" --cycles $((CYCLES + 1)) --pause-ms "${2:-0}" \
        --connect-to "$CONNECT_TO" "$1" 1 $ENDPOINT_URLS) || fail "curl_floor failed"
    sed -n 's/^cpu_ms_per_cycle=//p' <<<"$out"
}
# the paced floor: curl_floor pausing as the subagent does between probes
# (PROBE_INTERVAL, 1 s in start_agentx)
paced_floor_cpu() { floor_cycle_cpu "$1" $((${PROBE_INTERVAL:-1} * 1000)); }

A_TEST=$(agentx_cpu "$TEST_CA")
A_SYS=$(agentx_cpu "$SYS_CA")
C_TEST=$(collectd_cpu "$TEST_CA")
C_SYS=$(collectd_cpu "$SYS_CA")
F_TEST=$(floor_cycle_cpu "$TEST_CA")
F_SYS=$(floor_cycle_cpu "$SYS_CA")
P_SYS=$(paced_floor_cpu "$SYS_CA")
[ -n "$F_TEST" ] && [ -n "$F_SYS" ] && [ -n "$P_SYS" ] || fail "curl_floor printed no CPU per cycle"
N_URLS=$(echo "$ENDPOINT_URLS" | wc -l)
echo "daemon_cpu_bench: CPU per probe cycle, $N_URLS catalog endpoints + himds + agent + AZCM, $CYCLES cycles"
printf "  arcprobe-agentx   test CA %6.1f ms   system bundle %6.1f ms\n" "$A_TEST" "$A_SYS"
printf "  collectd plugin   test CA %6.1f ms   system bundle %6.1f ms\n" "$C_TEST" "$C_SYS"
printf "  bare libcurl      test CA %6.1f ms   system bundle %6.1f ms   (the same %d GETs only: the floor)\n" \
    "$F_TEST" "$F_SYS" "$N_URLS"
printf "  bare libcurl, paced 1 s between cycles as the subagent   system bundle %6.1f ms\n" "$P_SYS"
python3 -c "
a, c, f, p = $A_SYS, $C_SYS, $F_SYS, $P_SYS
print('  P4b agentx %.1f ms, collectd %.1f ms per cycle with the system bundle (target <= 10 ms: %s)'
      % (a, c, 'met' if max(a, c) <= 10 else 'MISSED'))
print('  agentx / paced bare libcurl %.2f, collectd harness / bare libcurl %.2f (system bundle)'
      % (a / p, c / f))"
