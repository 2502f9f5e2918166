# lib.sh - shared harness for the snmp.* tests: real snmpd (AgentX master),
# snmptrapd, arc-sim and arcprobe-agentx, all on loopback in a private
# temp dir, all stopped on exit. Source it from a test script.
#
# Environment (set by tests/snmp/CMakeLists.txt):
#   AGENTX   path of arcprobe-agentx        ARC_SIM  path of arc-sim
#   MIB_SRC  snmp-mib/ (ARCPROBE-MIB.txt)   NPM_DIR  cache dir for the npm base MIBs
set -euo pipefail

: "${AGENTX:?AGENTX must name arcprobe-agentx}"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/arcprobe-snmp.XXXXXX")
declare -a STARTED_PIDS=()

# Keep Net-SNMP's tools and daemons away from system config, MIBs and state.
export SNMP_PERSISTENT_DIR="$WORK/persist"
export SNMPCONFPATH="$WORK/snmpconf"
export MIBS=""
export MIBDIRS="$WORK/no-mibs"
mkdir -p "$SNMP_PERSISTENT_DIR" "$SNMPCONFPATH" "$MIBDIRS"

# ARCPROBE-MIB below netSnmpPlaypen.2727; tests use numbers so that they do
# not depend on MIB files.
ROOT=1.3.6.1.4.1.8072.9999.9999.2727
OBJ=$ROOT.1
NOTIF=$ROOT.0
SYS_UPTIME=1.3.6.1.2.1.1.3.0

dump_logs() {
    local f
    for f in "$WORK"/*.log; do
        [ -f "$f" ] || continue
        echo "----- $(basename "$f") (last 40 lines)" >&2
        tail -n 40 "$f" >&2
    done
}

# Which of this test's daemons are gone: one ended from outside (a crash, a
# kill by name) otherwise shows only as a subagent that cannot reconnect.
report_gone() {
    local name pid
    for name in SIM_PID SNMPD_PID TRAPD_PID AGENTX_PID; do
        pid=${!name:-}
        [ -n "$pid" ] || continue
        [[ "$(ps -o stat= -p "$pid" 2>/dev/null)" =~ ^[^Z] ]] ||
            echo "note: ${name%_PID} (pid $pid) is not running" >&2
    done
}

fail() {
    echo "FAIL: $*" >&2
    report_gone
    dump_logs
    exit 1
}

cleanup() {
    local rc=$?
    local pid
    for pid in "${STARTED_PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${STARTED_PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    if [ "${KEEP_WORK:-0}" = 1 ]; then
        echo "work dir kept: $WORK" >&2
    else
        rm -rf "$WORK"
    fi
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

forget_pid() {
    local pid=$1 i
    for i in "${!STARTED_PIDS[@]}"; do
        [ "${STARTED_PIDS[$i]}" = "$pid" ] && unset 'STARTED_PIDS[i]'
    done
    return 0
}

free_udp_port() {
    python3 -c 'import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# wait_until SECONDS DESCRIPTION COMMAND...: poll every 0.1 s.
wait_until() {
    local limit=$1 what=$2
    shift 2
    local deadline=$((SECONDS + limit))
    while ! "$@" >/dev/null 2>&1; do
        if [ $SECONDS -ge $deadline ]; then
            fail "timed out after ${limit}s waiting for $what"
        fi
        sleep 0.1
    done
}

now_ms() { date +%s%3N; }

# --- arc-sim -------------------------------------------------------------

SIM_DIR="$WORK/sim"

start_sim() {
    : "${ARC_SIM:?ARC_SIM must name arc-sim}"
    # A process name of our own: other tests' simulators run as "himds" too.
    "$ARC_SIM" --dir "$SIM_DIR" --process-name "snmph$$" "$@" >"$WORK/sim.log" 2>&1 &
    SIM_PID=$!
    STARTED_PIDS+=("$SIM_PID")
    wait_until 30 "arc-sim to be ready" test -s "$SIM_DIR/ready"
}

set_scenario() {
    local name=$1
    echo "$name" >"$SIM_DIR/scenario"
    wait_until 30 "arc-sim scenario $name" grep -qx "scenario=$name" "$SIM_DIR/ready"
}

# --- snmpd and snmptrapd -------------------------------------------------

AGENTX_SOCKET="$WORK/agentx.sock"

write_snmpd_conf() {
    cat >"$WORK/snmpd.conf" <<EOF
agentaddress udp:127.0.0.1:$SNMPD_PORT
master agentx
agentXSocket $AGENTX_SOCKET
agentXTimeout 1
agentXRetries 0
rocommunity public 127.0.0.1
trap2sink udp:127.0.0.1:${TRAPD_PORT:-9} public
dontLogTCPWrappersConnects yes
EOF
}

start_snmpd() {
    if [ -z "${SNMPD_PORT:-}" ]; then
        SNMPD_PORT=$(free_udp_port)
    fi
    write_snmpd_conf
    snmpd -f -Lo -C -c "$WORK/snmpd.conf" >>"$WORK/snmpd.log" 2>&1 &
    SNMPD_PID=$!
    STARTED_PIDS+=("$SNMPD_PID")
    wait_until 30 "snmpd to answer" snmp_get_raw "$SYS_UPTIME"
}

stop_snmpd() {
    kill -TERM "$SNMPD_PID" 2>/dev/null || true
    wait "$SNMPD_PID" 2>/dev/null || true
    forget_pid "$SNMPD_PID"
}

start_trapd() {
    TRAPD_PORT=$(free_udp_port)
    printf 'authCommunity log public\ndontLogTCPWrappersConnects yes\n' >"$WORK/snmptrapd.conf"
    snmptrapd -f -Lo -On -C -c "$WORK/snmptrapd.conf" "udp:127.0.0.1:$TRAPD_PORT" \
        >"$WORK/snmptrapd.log" 2>&1 &
    TRAPD_PID=$!
    STARTED_PIDS+=("$TRAPD_PID")
    wait_until 30 "snmptrapd to listen" grep -q 'NET-SNMP version' "$WORK/snmptrapd.log"
}

# --- arcprobe-agentx -----------------------------------------------------

# start_agentx [extra options]: probes the simulator every second by default.
start_agentx() {
    "$AGENTX" -f -c "$SIM_DIR/arcprobe.conf" -x "$AGENTX_SOCKET" -i "${PROBE_INTERVAL:-1}" \
        -p "${PING_INTERVAL:-1}" "$@" >>"$WORK/agentx.log" 2>&1 &
    AGENTX_PID=$!
    STARTED_PIDS+=("$AGENTX_PID")
}

# Wait until the subagent serves a finished probe (arcprobeProbeCount >= n).
wait_probes() {
    local n=${1:-1}
    wait_until 60 "arcprobe-agentx to serve probe $n" probes_at_least "$n"
}

probes_at_least() {
    local v
    v=$(snmp_get "$OBJ.1.6.0") || return 1
    [[ "$v" =~ ^[0-9]+$ ]] && [ "$v" -ge "$1" ]
}

# Stop the subagent with SIGTERM and insist on a clean exit (status 0; with
# ASan, leaks would make it non-zero).
stop_agentx() {
    kill -TERM "$AGENTX_PID"
    local rc=0
    wait "$AGENTX_PID" || rc=$?
    forget_pid "$AGENTX_PID"
    [ $rc -eq 0 ] || fail "arcprobe-agentx exited with status $rc after SIGTERM"
}

# --- SNMP queries (numeric, no MIB needed) -------------------------------

snmp_get_raw() {
    snmpget -v2c -c public -t 1 -r 0 -On -Oqv "127.0.0.1:$SNMPD_PORT" "$@"
}

# Value of one OID; strings without their quotes. Fails on "No Such ...".
snmp_get() {
    local out
    out=$(snmp_get_raw "$1") || return 1
    case "$out" in
    "No Such"* | "") return 1 ;;
    esac
    out=${out#\"}
    out=${out%\"}
    printf '%s\n' "$out"
}

expect_value() {
    local oid=$1 want=$2 what=$3 got
    got=$(snmp_get "$oid") || fail "$what ($oid): no value"
    [ "$got" = "$want" ] || fail "$what ($oid): got '$got', want '$want'"
    echo "ok: $what = $want"
}

# --- MIB files (only for the tests that use names) -----------------------

# Fetch the IETF base modules (SNMPv2-SMI/TC/CONF) from npm's net-snmp
# package into NPM_DIR and make BASE_MIBS a directory that libsmi and
# Net-SNMP both read. Returns 1 if npm could not fetch them.
fetch_base_mibs() {
    : "${NPM_DIR:?NPM_DIR must name a cache directory}"
    local mibs="$NPM_DIR/node_modules/net-snmp/lib/mibs"
    mkdir -p "$NPM_DIR"
    if ! command -v npm >/dev/null 2>&1; then
        echo "npm is not installed: cannot fetch the SNMPv2 base MIBs" >&2
        return 1
    fi
    (
        # one installer at a time when ctest runs tests in parallel
        flock 9
        if [ ! -s "$mibs/SNMPv2-SMI.mib" ]; then
            npm install --prefix "$NPM_DIR" --no-audit --no-fund --no-save net-snmp \
                >"$NPM_DIR/npm-install.log" 2>&1 || {
                cat "$NPM_DIR/npm-install.log" >&2
                exit 1
            }
        fi
    ) 9>"$NPM_DIR/.lock" || return 1
    [ -s "$mibs/SNMPv2-SMI.mib" ] || {
        echo "npm's net-snmp package has no lib/mibs/SNMPv2-SMI.mib" >&2
        return 1
    }
    # libsmi looks modules up by name: link SNMPv2-SMI -> SNMPv2-SMI.mib.
    BASE_MIBS="$WORK/base-mibs"
    mkdir -p "$BASE_MIBS"
    local f
    for f in "$mibs"/*.mib; do
        ln -sf "$f" "$BASE_MIBS/$(basename "$f" .mib)"
    done
    # Net-SNMP's NET-SNMP-MIB (netSnmpPlaypen) ships with Debian's snmp package.
    MIB_PATH="$BASE_MIBS:/usr/share/snmp/mibs:$MIB_SRC"
}
