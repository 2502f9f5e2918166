#!/bin/bash
# endpoints.dns_frontends: a DNS server that drops every query must not hold
# any front end past its timeout, and each must name DNS as the cause.
#
# In a network namespace made here, resolv.conf names a nameserver behind a
# blackhole (a veth neighbour nobody answers for): glibc waits 5 s x 2 tries
# for each lookup. With timeout 2, each front end must finish its probe
# within 2.5 s and report dns_failure for the endpoint:
#   - arcprobe --json (the CLI)
#   - check_azure_arc -t 2 (the Nagios plugin; its core budget is 85% of -t)
#   - real collectd -f with the azure_arc plugin (Interval 2.5, Timeout 2:
#     collectd itself warns when a read outlives its interval)
#   - arcprobe-agentx under a real snmpd (arcprobeProbeDuration, the
#     endpoint table's failure class)
# Environment: EP_SERVER EP_DRIVER TLS_FIXTURES (lib.sh), ARCPROBE_CLI,
# CHECK_AZURE_ARC; optional AZARC_PLUGIN + COLLECTD_BIN, AGENTX.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
: "${ARCPROBE_CLI:?ARCPROBE_CLI must name the arcprobe binary}"
: "${CHECK_AZURE_ARC:?CHECK_AZURE_ARC must name the check_azure_arc binary}"

FAILED=0
fail() {
    echo "FAIL: $*"
    FAILED=1
}
ms_now() { date +%s%3N; }
LIMIT_MS=2500 # timeout 2 s + 0.5 s, for the probe as the front end timed it
# The whole process, including ip netns exec and (under ASan) the sanitizer's
# start-up on a loaded machine, only has to stay far from the 10 s a
# joined resolver thread used to cost.
PROCESS_LIMIT_MS=4500

# The nameserver sits behind the blackhole: queries vanish (lib.sh).
dead_resolver

mkdir -p "$T/agent"
chmod 755 "$T/agent"
CONF=$T/arcprobe.conf
cat >"$CONF" <<EOF
agent_dir = $T/agent
himds_url = http://127.0.0.1:9
service_check = none
timeout = 2
endpoints = https://dead.ep.test/
EOF
chmod 644 "$CONF"

# --- the CLI ----------------------------------------------------------
t0=$(ms_now)
rc=0
in_ns "$ARCPROBE_CLI" --config "$CONF" --check endpoints --json >"$T/cli.json" 2>"$T/cli.err" || rc=$?
took=$(($(ms_now) - t0))
echo "arcprobe: ${took} ms, exit $rc"
[ "$took" -le "$PROCESS_LIMIT_MS" ] || fail "arcprobe took ${took} ms (limit ${PROCESS_LIMIT_MS})"
python3 - "$T/cli.json" "$LIMIT_MS" <<'EOF' || fail "arcprobe did not report dns_failure within its time: $(cat "$T/cli.json")"
import json, sys
def walk(o):
    if isinstance(o, dict):
        if o.get("name") == "dead.ep.test":
            yield o
        for v in o.values():
            yield from walk(v)
    elif isinstance(o, list):
        for v in o:
            yield from walk(v)
doc = json.load(open(sys.argv[1]))
e = next(walk(doc))
assert e["class"] == "dns_failure", e
assert "DNS resolver" in e["detail"], e
print("arcprobe: probe duration %.0f ms" % (doc["duration_s"] * 1000))
assert doc["duration_s"] * 1000 <= int(sys.argv[2]), doc["duration_s"]
EOF

# --- check_azure_arc ----------------------------------------------------
t0=$(ms_now)
rc=0
in_ns "$CHECK_AZURE_ARC" -C "$CONF" --check endpoints -t 2 >"$T/check.out" 2>&1 || rc=$?
took=$(($(ms_now) - t0))
echo "check_azure_arc: ${took} ms, exit $rc: $(head -n 1 "$T/check.out")"
[ "$took" -le "$PROCESS_LIMIT_MS" ] || fail "check_azure_arc took ${took} ms (limit ${PROCESS_LIMIT_MS})"
probe_ms=$(sed -n 's/.*probe_duration=\([0-9.]*\)s.*/\1/p' "$T/check.out" | awk '{printf "%d", $1 * 1000}')
[ -n "$probe_ms" ] && [ "$probe_ms" -le "$LIMIT_MS" ] ||
    fail "check_azure_arc probe_duration ${probe_ms:-missing} ms (limit ${LIMIT_MS})"
[ "$rc" = 2 ] || fail "check_azure_arc exit $rc, expected 2 (CRITICAL)"
grep -q 'dns_failure' "$T/check.out" || fail "check_azure_arc did not name dns_failure: $(cat "$T/check.out")"

# --- collectd -----------------------------------------------------------
if [ -n "${AZARC_PLUGIN:-}" ] && [ -x "${COLLECTD_BIN:-}" ]; then
    mkdir -p "$T/plugins"
    cp "$AZARC_PLUGIN" "$T/plugins/azure_arc.so"
    cp /usr/lib/collectd/logfile.so "$T/plugins/"
    cat >"$T/collectd.conf" <<EOF
Hostname "dnstest"
FQDNLookup false
BaseDir "$T"
PIDFile "$T/collectd.pid"
PluginDir "$T/plugins"
TypesDB "${COLLECTD_TYPESDB:-/usr/share/collectd/types.db}"
Interval 2.5
LoadPlugin logfile
<Plugin logfile>
  LogLevel info
  File STDOUT
  PrintSeverity true
</Plugin>
LoadPlugin azure_arc
<Plugin azure_arc>
  <Instance "dns">
    ConfigFile "$CONF"
    Checks "endpoints"
    Interval 2.5
    Timeout 2
  </Instance>
</Plugin>
EOF
    if [ -n "${AZARC_PRELOAD:-}" ]; then
        ip netns exec "$NS" env LD_PRELOAD="$AZARC_PRELOAD" ASAN_OPTIONS=detect_leaks=0 \
            "$COLLECTD_BIN" -f -C "$T/collectd.conf" >"$T/collectd.log" 2>&1 &
    else
        ip netns exec "$NS" "$COLLECTD_BIN" -f -C "$T/collectd.conf" >"$T/collectd.log" 2>&1 &
    fi
    CD_PID=$!
    EP_PIDS+=("$CD_PID")
    # three reads: the first starts at once, then every 2.5 s
    for ((i = 0; i < 150; i++)); do
        [ "$(grep -c 'dead.ep.test' "$T/collectd.log" || true)" -ge 1 ] && break
        sleep 0.1
    done
    sleep 6
    kill -0 "$CD_PID" 2>/dev/null || fail "collectd is no longer running"
    t0=$(ms_now)
    kill -TERM "$CD_PID" 2>/dev/null || true
    reap "$CD_PID"
    took=$(($(ms_now) - t0))
    echo "collectd: shutdown in ${took} ms"
    [ "$took" -le "$PROCESS_LIMIT_MS" ] || fail "collectd took ${took} ms to shut down"
    grep -q 'Notification:.*dead\.ep\.test.*dns_failure' "$T/collectd.log" ||
        fail "collectd got no dns_failure notification for dead.ep.test"
    if grep -q 'above its read interval' "$T/collectd.log"; then
        fail "a collectd read outlived its 2.5 s interval"
    fi
    reads=$(grep -c 'azure_arc' "$T/collectd.log" || true)
    [ "$reads" -ge 1 ] || fail "collectd never ran the azure_arc plugin"
    if [ "$FAILED" != 0 ]; then
        tail -n 30 "$T/collectd.log"
    fi
else
    echo "collectd part not run: no AZARC_PLUGIN/COLLECTD_BIN"
fi

# --- arcprobe-agentx under snmpd ----------------------------------------
if [ -n "${AGENTX:-}" ] && command -v snmpd >/dev/null 2>&1; then
    export SNMP_PERSISTENT_DIR=$T/snmp-persist SNMPCONFPATH=$T/snmpconf MIBS="" MIBDIRS=$T/no-mibs
    mkdir -p "$SNMP_PERSISTENT_DIR" "$SNMPCONFPATH" "$MIBDIRS"
    cat >"$T/snmpd.conf" <<EOF
agentaddress udp:127.0.0.1:1161
master agentx
agentXSocket $T/agentx.sock
agentXTimeout 1
agentXRetries 0
rocommunity public 127.0.0.1
dontLogTCPWrappersConnects yes
EOF
    ip netns exec "$NS" snmpd -f -Lo -C -c "$T/snmpd.conf" >"$T/snmpd.log" 2>&1 &
    SNMPD_PID=$!
    EP_PIDS+=("$SNMPD_PID")
    OBJ=1.3.6.1.4.1.8072.9999.9999.2727.1
    get() { in_ns snmpget -v2c -c public -t 1 -r 0 -On -Oqv 127.0.0.1:1161 "$@" 2>/dev/null; }
    for ((i = 0; i < 100; i++)); do
        get 1.3.6.1.2.1.1.3.0 >/dev/null && break
        sleep 0.1
    done
    ip netns exec "$NS" "$AGENTX" -f -c "$CONF" -x "$T/agentx.sock" -i 3 -p 1 >"$T/agentx.log" 2>&1 &
    AX_PID=$!
    EP_PIDS+=("$AX_PID")
    count=0
    for ((i = 0; i < 200; i++)); do
        count=$(get "$OBJ.1.6.0" || true)
        [[ "$count" =~ ^[0-9]+$ ]] && [ "$count" -ge 2 ] && break
        sleep 0.1
    done
    [[ "$count" =~ ^[0-9]+$ ]] && [ "$count" -ge 2 ] || fail "arcprobe-agentx served no second probe"
    duration=$(get "$OBJ.1.4.0" || echo "?")
    cls=$(get "$OBJ.5.4.1.6.1" || echo "?")
    detail=$(get "$OBJ.5.4.1.14.1" || echo "?")
    echo "arcprobe-agentx: probe duration ${duration} ms, class $cls, detail $detail"
    [[ "$duration" =~ ^[0-9]+$ ]] && [ "$duration" -le "$LIMIT_MS" ] ||
        fail "arcprobe-agentx probe took ${duration} ms (limit ${LIMIT_MS})"
    # ARCPROBE-MIB ArcprobeEndpointClass: dnsFailure(2)
    [ "$cls" = 2 ] || fail "arcprobe-agentx failure class $cls, expected dnsFailure(2)"
    [[ "$detail" == *"DNS resolver"* ]] || fail "arcprobe-agentx detail does not name the resolver: $detail"
    t0=$(ms_now)
    kill -TERM "$AX_PID"
    reap "$AX_PID"
    took=$(($(ms_now) - t0))
    echo "arcprobe-agentx: shutdown in ${took} ms"
    [ "$took" -le "$PROCESS_LIMIT_MS" ] || fail "arcprobe-agentx took ${took} ms to shut down"
    # snmpd writes its persistent state into $T as it exits: let it finish
    # before the directory goes
    kill -TERM "$SNMPD_PID"
    reap "$SNMPD_PID"
else
    echo "agentx part not run: no AGENTX or snmpd"
fi

if [ "$FAILED" != 0 ]; then
    echo "endpoints.dns_frontends: FAILED"
    exit 1
fi
echo "endpoints.dns_frontends: passed"
