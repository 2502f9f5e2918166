#!/bin/bash
# snmp.values: what arcprobe-agentx serves through a real snmpd equals the
# simulator's scenario (numeric OIDs: no MIB files needed). The simulator also
# serves the /agentstatus members no public source shows there (lastHeartbeat,
# agentVersion, ...): this test is about the values made of them. snmp.traps
# runs on the default, `status` alone.
. "$(dirname "$0")/lib.sh"

start_sim --scenario connected --agentstatus-extras
start_snmpd
start_agentx
wait_probes 1

# Identity as the simulator wrote it.
read -r rid location < <(python3 - "$SIM_DIR/agent/agentconfig.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
print("/subscriptions/%s/resourceGroups/%s/providers/Microsoft.HybridCompute/machines/%s"
      % (c["subscriptionId"], c["resourceGroup"], c["resourceName"]), c["location"])
PY
)

# connected: everything fine.
expect_value "$OBJ.1.1.0" 1 "arcprobeOverallState ok"
expect_value "$OBJ.1.5.0" 2 "arcprobeProbeIncomplete false"
expect_value "$OBJ.2.1.0" 1 "arcprobeHimdsState ok"
expect_value "$OBJ.2.3.0" 2 "arcprobeHimdsServiceState running"
expect_value "$OBJ.2.4.0" 2 "arcprobeHimdsEndpointResult answered"
expect_value "$OBJ.2.6.0" 200 "arcprobeHimdsHttpStatus"
expect_value "$OBJ.2.7.0" 2 "arcprobeHimdsIdentityAnswered answered"
expect_value "$OBJ.3.1.0" 1 "arcprobeAgentState ok"
expect_value "$OBJ.3.3.0" 2 "arcprobeAgentStatus connected"
expect_value "$OBJ.3.6.0" "$rid" "arcprobeAgentResourceId"
expect_value "$OBJ.3.7.0" "$location" "arcprobeAgentLocation"
expect_value "$OBJ.3.8.0" AzurePublicCloud "arcprobeAgentCloud"
expect_value "$OBJ.3.9.0" 1.58.03228.2581 "arcprobeAgentVersion"
expect_value "$OBJ.4.1.0" 1 "arcprobeAzcmState ok"
expect_value "$OBJ.4.2.0" 0 "arcprobeAzcmLastCode"
expect_value "$OBJ.4.3.0" AZCM0000 "arcprobeAzcmLastCodeName"
expect_value "$OBJ.5.1.0" 1 "arcprobeEndpointsState ok"
expect_value "$OBJ.5.3.0" 0 "arcprobeEndpointFailedCount"

# Heartbeat one minute old (the scenario's), give or take the probe's timing.
age=$(snmp_get "$OBJ.3.5.0")
[ "$age" -ge 55 ] && [ "$age" -le 120 ] || fail "arcprobeAgentHeartbeatAge $age, want about 60"
echo "ok: arcprobeAgentHeartbeatAge = $age"
latency=$(snmp_get "$OBJ.2.5.0")
[ "$latency" -gt 0 ] && [ "$latency" -lt 5000000 ] || fail "arcprobeHimdsEndpointLatency $latency"
echo "ok: arcprobeHimdsEndpointLatency = $latency us"

# arcprobeLastProbeTime: an 11-octet DateAndTime in UTC, this year.
hex=$(snmpget -v2c -c public -t 1 -r 0 -On -Oqv -Ox "127.0.0.1:$SNMPD_PORT" "$OBJ.1.3.0" | tr -d '"')
read -ra octets <<<"$hex"
[ ${#octets[@]} -eq 11 ] || fail "arcprobeLastProbeTime has ${#octets[@]} octets: $hex"
year=$((16#${octets[0]} * 256 + 16#${octets[1]}))
[ "$year" -eq "$(date -u +%Y)" ] && [ "${octets[8]}" = 2B ] || fail "arcprobeLastProbeTime $hex"
echo "ok: arcprobeLastProbeTime = $hex"

# The endpoint table: one row per checked endpoint, all reachable.
count=$(snmp_get "$OBJ.5.2.0")
[ "$count" -gt 0 ] || fail "arcprobeEndpointCount is $count"
snmpwalk -v2c -c public -t 1 -r 0 -On -Oq "127.0.0.1:$SNMPD_PORT" "$OBJ.5.4" >"$WORK/table.txt"
col() { grep "^\.$OBJ\.5\.4\.1\.$1\." "$WORK/table.txt" | cut -d' ' -f2- | sed 's/^"//; s/"$//'; }
[ "$(col 2 | wc -l)" -eq "$count" ] || fail "table has $(col 2 | wc -l) rows, arcprobeEndpointCount $count"
[ "$(col 2 | sort -u | wc -l)" -eq "$count" ] || fail "endpoint names are not unique: $(col 2)"
[ "$(col 5 | sort -u)" = 1 ] || fail "not every endpoint state is ok: $(col 5 | tr '\n' ' ')"
[ "$(col 6 | sort -u)" = 1 ] || fail "not every failure class is none: $(col 6 | tr '\n' ' ')"
[ "$(col 13 | sort -u)" = 0 ] || fail "failure counters are not 0: $(col 13 | tr '\n' ' ')"
# (grep without -q: it must read all input, or pipefail sees a SIGPIPE)
if col 3 | grep -v '^https://' >/dev/null; then fail "a URL is not https: $(col 3)"; fi
if col 11 | grep -v '^[1-9][0-9][0-9]$' >/dev/null; then
    fail "an HTTP status is missing: $(col 11 | tr '\n' ' ')"
fi
if col 10 | grep -v '^[1-9][0-9]*$' >/dev/null; then
    fail "a total time is missing: $(col 10 | tr '\n' ' ')"
fi
# Indexes run 1..count in the order the first probe listed the endpoints.
idx=$(grep "^\.$OBJ\.5\.4\.1\.2\." "$WORK/table.txt" | cut -d' ' -f1 | sed 's/.*\.//' | tr '\n' ' ')
[ "$idx" = "$(seq -s ' ' 1 "$count") " ] || fail "indexes $idx"
echo "ok: endpoint table with $count rows, all reachable"
grep -q '^"\?login.microsoftonline.com' <(col 2) || fail "login.microsoftonline.com is not in the table: $(col 2)"
grep -q '^1$' <(col 4) || fail "no endpoint is required always(1): $(col 4)"

# connected: no countdown; the clock judged against the endpoints, in time.
expect_value "$OBJ.3.10.0" -1 "arcprobeAgentExpiresIn not applicable"
expect_value "$OBJ.6.1.0" 1 "arcprobeClockState ok"
answers=$(snmp_get "$OBJ.6.4.0")
[ "$answers" -ge 2 ] || fail "arcprobeClockAnswers $answers, want at least 2"
echo "ok: arcprobeClockAnswers = $answers"

# DateAndTime octets as -Ox prints them ("07 EA 0C 02 09 1F 28 00 2B 00 00", UTC)
# -> seconds since the epoch.
date_and_time_epoch() {
    local -a o
    read -ra o <<<"$1"
    date -u -d "$(printf '%d-%02d-%02d %02d:%02d:%02d' $((16#${o[0]} * 256 + 16#${o[1]})) \
        $((16#${o[2]})) $((16#${o[3]})) $((16#${o[4]})) $((16#${o[5]})) $((16#${o[6]})))" +%s
}

# expect_countdown ABOVE WANT: arcprobeAgentExpiresIn is, to the second, the served
# heartbeat + 45 days - the served probe time (one GET: one snapshot), and
# about WANT (above ABOVE). The simulator dates its heartbeat back from the moment it
# answers, which may fall in the second after the one the probe started in:
# then WANT + 1 is exact.
expect_countdown() {
    local above=$1 want=$2 out left hb probed v
    out=$(snmpget -v2c -c public -t 1 -r 0 -On -Oqv -Ox "127.0.0.1:$SNMPD_PORT" \
        "$OBJ.3.10.0" "$OBJ.3.4.0" "$OBJ.1.3.0" | tr -d '"') || fail "no countdown: $out"
    mapfile -t v <<<"$out"
    left=${v[0]}
    hb=$(date_and_time_epoch "${v[1]}")
    probed=$(date_and_time_epoch "${v[2]}")
    [ "$left" -eq $((hb + 45 * 86400 - probed)) ] ||
        fail "arcprobeAgentExpiresIn $left is not heartbeat ${v[1]} + 45 days - probe time ${v[2]}"
    [ "$left" -gt "$above" ] && [ "$left" -le $((want + 1)) ] ||
        fail "arcprobeAgentExpiresIn $left, want about $want"
    echo "ok: arcprobeAgentExpiresIn = $left (heartbeat + 45 days - probe time)"
}

# Another scenario: the agent reports Disconnected.
set_scenario disconnected
n=$(snmp_get "$OBJ.1.6.0")
wait_probes $((n + 2))
expect_value "$OBJ.3.3.0" 3 "arcprobeAgentStatus disconnected"
expect_value "$OBJ.3.1.0" 3 "arcprobeAgentState critical"
expect_value "$OBJ.1.1.0" 3 "arcprobeOverallState critical"
expect_value "$OBJ.2.1.0" 1 "arcprobeHimdsState still ok"

# Disconnected 40 minutes: 45 days less 40 minutes left, no alarm from the countdown.
expect_countdown 3884000 3885600
expect_value "$OBJ.3.11.0" 1 "arcprobeAgentExpiryState ok"

# Disconnected for 40 days: about 5 days (432000 s) left, CRITICAL under 7.
set_scenario disconnected-40d
n=$(snmp_get "$OBJ.1.6.0")
wait_probes $((n + 2))
expect_countdown 431000 432000
expect_value "$OBJ.3.11.0" 3 "arcprobeAgentExpiryState critical"
text=$(snmp_get "$OBJ.3.12.0")
[[ "$text" == "expires in about 5 days, at "*"(estimate: last heartbeat "*" + 45 days) -> restore"* ]] ||
    fail "arcprobeAgentExpiryText '$text'"
echo "ok: arcprobeAgentExpiryText = $text"

# Expired: 0 left and what to do.
set_scenario expired
n=$(snmp_get "$OBJ.1.6.0")
wait_probes $((n + 2))
expect_value "$OBJ.3.10.0" 0 "arcprobeAgentExpiresIn expired"
text=$(snmp_get "$OBJ.3.12.0")
[[ "$text" == *"-> onboard the machine again: run azcmagent disconnect, then azcmagent connect" ]] ||
    fail "arcprobeAgentExpiryText '$text'"
echo "ok: arcprobeAgentExpiryText = $text"

# Azure's clocks 10 minutes ahead: this machine is 600 s behind.
set_scenario clock-behind
n=$(snmp_get "$OBJ.1.6.0")
wait_probes $((n + 2))
expect_value "$OBJ.6.1.0" 3 "arcprobeClockState critical"
offset=$(snmp_get "$OBJ.6.3.0")
[ "$offset" -ge -602000 ] && [ "$offset" -le -598000 ] || fail "arcprobeClockOffset $offset ms, want about -600000"
echo "ok: arcprobeClockOffset = $offset ms"
text=$(snmp_get "$OBJ.6.2.0")
[[ "$text" == "clock 600 s behind"*"-> synchronise the clock"* ]] || fail "arcprobeClockText '$text'"
echo "ok: arcprobeClockText = $text"

# himds down: service stopped, endpoint refused.
set_scenario himds-down
n=$(snmp_get "$OBJ.1.6.0")
wait_probes $((n + 2))
expect_value "$OBJ.2.1.0" 3 "arcprobeHimdsState critical"
expect_value "$OBJ.2.3.0" 3 "arcprobeHimdsServiceState stopped"
expect_value "$OBJ.2.4.0" 3 "arcprobeHimdsEndpointResult refused"
expect_value "$OBJ.2.6.0" 0 "arcprobeHimdsHttpStatus none"
expect_value "$OBJ.1.1.0" 3 "arcprobeOverallState critical"

# AZCM error in the logs.
set_scenario azcm-error
n=$(snmp_get "$OBJ.1.6.0")
wait_probes $((n + 2))
expect_value "$OBJ.4.2.0" 26 "arcprobeAzcmLastCode"
expect_value "$OBJ.4.3.0" AZCM0026 "arcprobeAzcmLastCodeName"
msg=$(snmp_get "$OBJ.4.5.0")
[[ "$msg" == *"lookup gbl.his.arc.azure.com: no such host"* ]] || fail "arcprobeAzcmMessage '$msg'"
echo "ok: arcprobeAzcmMessage = $msg"
meaning=$(snmp_get "$OBJ.4.6.0")
[ -n "$meaning" ] && [ "$meaning" != "unknown code" ] || fail "arcprobeAzcmMeaning '$meaning'"
echo "ok: arcprobeAzcmMeaning = $meaning"

stop_agentx
echo "PASS"
