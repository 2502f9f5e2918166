#!/bin/bash
# collectd.integration: the real collectd daemon (`collectd -f`) loads
# azure_arc.so and probes the simulated agent (arc-sim).
#  - values read back through the unixsock plugin
#  - notifications received through exec's NotificationExec
#  - scenario switches: connected -> himds-down -> connected gives exactly one
#    FAILURE and one OKAY; every other scenario shows in values and raises a
#    notification for the right component
#  - instance "sim" runs on the simulator's default, where /agentstatus answers
#    only the confirmed `status`: healthy, no notification, heartbeat age NaN;
#    instance "extras" (arc-sim --agentstatus-extras) also gets lastHeartbeat,
#    for the heartbeat age and the expiry countdown
#  - a second instance whose endpoints all hang (arc-sim --tls-delay-ms 60000,
#    Timeout 2) does not stop collectd or other plugins from reading
# Environment: AZARC_PLUGIN, ARC_SIM, COLLECTD_BIN, optional AZARC_PRELOAD.
set -euo pipefail
: "${AZARC_PLUGIN:?path of azure_arc.so}" "${ARC_SIM:?path of arc-sim}"
source "$(dirname "$0")/collectd_lib.sh"

SIM=$WORK/sim
HUNG=$WORK/sim-hung
EXTRAS=$WORK/sim-extras
# The sims' process names are unique to this run: the proc service check
# looks for a process by name, and other simulators (another test, another
# instance of this one) may run on the same machine.
start_sim "$SIM" --process-name "himds-c$$"
start_sim "$HUNG" --tls-delay-ms 60000 --process-name "hung-c$$"
start_sim "$EXTRAS" --agentstatus-extras --process-name "hb-c$$"

PLUGINS=$WORK/plugins
make_plugin_dir "$PLUGINS" logfile unixsock exec load csv
NOTIF=$WORK/notifications
write_notify_script "$NOTIF"
SOCK=$WORK/collectd.sock
ID=$HOST/azure_arc-sim
HID=$HOST/azure_arc-hung
EID=$HOST/azure_arc-extras

# read_since IDENTIFIER EPOCH: collectd got that value at or after EPOCH.
read_since() { [ "$(value_time "$SOCK" "$1")" -ge "$2" ]; }
# notif_more SEVERITY PLUGIN_INSTANCE TYPE_INSTANCE N: more than N such notifications.
notif_more() { [ "$(notif_count "$NOTIF" "$1" "$2" "$3")" -gt "$4" ]; }

{
    conf_head 1
    cat <<EOF
ReadThreads 5
EOF
    conf_observe "$SOCK"
    cat <<EOF
LoadPlugin load
# A write plugin, so values flow as in production (and are kept for debugging).
LoadPlugin csv
<Plugin csv>
  DataDir "$WORK/csv"
</Plugin>

# The plugin's interval comes from its LoadPlugin block; the timeout of
# instance "sim" is derived from it (0.8 x 3 s, below the file's 5 s).
<LoadPlugin azure_arc>
  Interval 3
</LoadPlugin>
<Plugin azure_arc>
  <Instance "sim">
    ConfigFile "$SIM/arcprobe.conf"
  </Instance>
  <Instance "hung">
    ConfigFile "$HUNG/arcprobe.conf"
    Checks "endpoints"
    # Room for scheduling slack on a loaded machine: collectd warns only when
    # a read outlives its interval, so this asserts "not long past Timeout".
    Interval 5
    Timeout 2
  </Instance>
  <Instance "extras">
    ConfigFile "$EXTRAS/arcprobe.conf"
    Checks "himds,agent"
  </Instance>
</Plugin>
EOF
} >"$WORK/collectd.conf"

log "starting collectd"
start_collectd "$WORK/collectd.conf" "$WORK/collectd.log"
wait_for 30 "unixsock socket" test -S "$SOCK"
grep -q 'instance "sim" registered (checks himds,agent,azcm,endpoints, timeout 2.400 s)' "$WORK/collectd.log" ||
    die "instance sim not registered with the derived timeout 2.4 s"
grep -q 'instance "hung" registered (checks endpoints, timeout 2.000 s)' "$WORK/collectd.log" ||
    die "instance hung not registered"
pass "both instances registered, timeout derived from the plugin interval"

# ---------------------------------------------------------------- connected
wait_for 30 "agent_status = 1" value_is "$SOCK" "$ID/gauge-agent_status" 1
# On a loaded machine (or under ASan) the first cycles may not finish every
# TLS handshake before the deadline: wait for one that did.
wait_for 60 "every endpoint probed and reachable" value_is "$SOCK" "$ID/count-endpoints_failed" 0
wait_for 60 "the overall state OK" value_is "$SOCK" "$ID/gauge-state" 0
# Every value of one healthy cycle. A later cycle may differ on a loaded
# machine, so the whole set is retried; the last reason is kept.
why() { echo "$*" >"$WORK/why"; return 1; }
connected_values() {
    value_is "$SOCK" "$ID/gauge-state" 0 || { why "overall state not 0"; return 1; }
    value_is "$SOCK" "$ID/bool-himds_running" 1 || { why "himds_running not 1"; return 1; }
    value_is "$SOCK" "$ID/bool-himds_answering" 1 || { why "himds_answering not 1"; return 1; }
    value_is "$SOCK" "$ID/response_code-himds" 200 || { why "himds response code not 200"; return 1; }
    value_cmp "$SOCK" "$ID/response_time-himds" '>' 0 || { why "himds latency not > 0"; return 1; }
    value_cmp "$SOCK" "$ID/response_time-himds" '<' 2.4 || { why "himds latency not below the timeout"; return 1; }
    # /agentstatus gave `status` alone: the age is unknown, not 0
    value_is "$SOCK" "$ID/duration-heartbeat_age" nan || { why "heartbeat age not NaN without lastHeartbeat"; return 1; }
    value_cmp "$SOCK" "$ID/count-endpoints" '>' 0 || { why "no endpoints probed"; return 1; }
    value_is "$SOCK" "$ID/count-endpoints_failed" 0 || { why "endpoints failed"; return 1; }
    value_is "$SOCK" "$ID/gauge-azcm_state" 0 || { why "azcm_state not 0"; return 1; }
    endpoints=$(identifiers "$SOCK" "$ID/bool-reachable-")
    n_endpoints=$(printf '%s\n' "$endpoints" | grep -c .)
    value_is "$SOCK" "$ID/count-endpoints" "$n_endpoints" ||
        { why "reachable values ($n_endpoints) do not match count-endpoints"; return 1; }
    local ep
    for ep in $endpoints; do
        value_is "$SOCK" "$ID/bool-reachable-$ep" 1 || { why "endpoint $ep not reachable"; return 1; }
        value_is "$SOCK" "$ID/gauge-state-$ep" 0 || { why "endpoint $ep state not 0"; return 1; }
        value_cmp "$SOCK" "$ID/response_time-total-$ep" '>' 0 || { why "endpoint $ep total time missing"; return 1; }
        value_cmp "$SOCK" "$ID/response_time-tls-$ep" '>' 0 || { why "endpoint $ep TLS time missing"; return 1; }
        value_cmp "$SOCK" "$ID/response_code-http-$ep" '>' 0 || { why "endpoint $ep HTTP status missing"; return 1; }
    done
}
for _ in $(seq 20); do
    connected_values && break
    sleep 1
done
connected_values || die "scenario connected: $(cat "$WORK/why")"
wait_for 30 "load plugin values" value_time "$SOCK" "$HOST/load/load"
wait_for 30 "extras: heartbeat age about a minute" value_cmp "$SOCK" "$EID/duration-heartbeat_age" '>=' 50
value_cmp "$SOCK" "$EID/duration-heartbeat_age" '<=' 120 || die "extras: heartbeat age above 2 min"
value_is "$SOCK" "$EID/gauge-agent_status" 1 || die "extras: agent_status not 1"
pass "scenario connected: values for himds, agent, azcm and $n_endpoints endpoints"

# Healthy from the start: nothing to notify about instance "sim".
t0=$(value_time "$SOCK" "$ID/gauge-state")
wait_for 30 "two more reads" read_since "$ID/gauge-state" $((t0 + 4))
if grep -lx "PluginInstance: sim" "$NOTIF"/n.* >/dev/null 2>&1; then
    die "notification raised for a healthy agent: $(grep -lx 'PluginInstance: sim' "$NOTIF"/n.*)"
fi
pass "no notification while healthy"

# An AZCM code the catalog does not know: its notification carries the
# core's remedy, as a known code's does (azcm-error below). Here, before the
# other scenarios wrote failure lines, no diagnosis can supply a remedy.
before=$(notif_count "$NOTIF" WARNING sim azcm_state)
printf 'time="%s" level=error msg="AZCM0099: Brand New Failure"\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    >>"$SIM/agent/log/himds.log"
wait_for 30 "unknown code: azcm_code 99" value_is "$SOCK" "$ID/gauge-azcm_code" 99
wait_for 30 "unknown code: WARNING azcm_state" notif_more WARNING sim azcm_state "$before"
msg=$(notif_message "$NOTIF" WARNING sim azcm_state)
case "$msg" in
*"AZCM0099 (unknown code)"*" Fix: "*"troubleshoot-agent-onboard"*"'azcmagent check'"*) ;;
*) die "unknown code: notification lacks the remedy: $msg" ;;
esac
pass "unknown code: WARNING azcm_state with the remedy: $msg"
# A later success resolves it, as 'azcmagent check' would.
sleep 1
printf 'time="%s" level=info msg="AZCM0000: No Error"\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    >>"$SIM/agent/log/azcmagent.log"
wait_for 30 "unknown code resolved: OKAY azcm_state" notif_count_is "$NOTIF" OKAY sim azcm_state 1
wait_for 30 "unknown code resolved: state 0" value_is "$SOCK" "$ID/gauge-state" 0

# ------------------------------------------- connected -> himds-down -> connected
switch_scenario "$SIM" himds-down
wait_for 30 "himds_running = 0" value_is "$SOCK" "$ID/bool-himds_running" 0
value_is "$SOCK" "$ID/bool-himds_answering" 0 || die "himds_answering not 0 while himds is down"
value_is "$SOCK" "$ID/response_code-himds" nan || die "himds response code not NaN while down"
wait_for 30 "FAILURE himds_state" notif_count_is "$NOTIF" FAILURE sim himds_state 1
msg=$(notif_message "$NOTIF" FAILURE sim himds_state)
case "$msg" in
"himds CRITICAL: "*" Fix: "*) ;;
*) die "FAILURE message lacks state or remedy: $msg" ;;
esac
[ "${#msg}" -le 255 ] || die "message longer than 255 bytes"
grep -qx "Plugin: azure_arc" $(grep -lx "TypeInstance: himds_state" "$NOTIF"/n.*) ||
    die "notification plugin field is not azure_arc"
# Three more reads in the same state: no repeat.
t0=$(value_time "$SOCK" "$ID/gauge-state")
wait_for 30 "three more reads while himds is down" read_since "$ID/gauge-state" $((t0 + 6))
notif_count_is "$NOTIF" FAILURE sim himds_state 1 || die "FAILURE repeated while the state did not change"
pass "himds-down: values 0/NaN, exactly one FAILURE with remedy: $msg"

switch_scenario "$SIM" connected
wait_for 30 "himds_running = 1" value_is "$SOCK" "$ID/bool-himds_running" 1
wait_for 30 "OKAY himds_state" notif_count_is "$NOTIF" OKAY sim himds_state 1
t0=$(value_time "$SOCK" "$ID/gauge-state")
wait_for 30 "three more reads after recovery" read_since "$ID/gauge-state" $((t0 + 6))
notif_count_is "$NOTIF" FAILURE sim himds_state 1 || die "more than one FAILURE for himds"
notif_count_is "$NOTIF" OKAY sim himds_state 1 || die "more than one OKAY for himds"
msg=$(notif_message "$NOTIF" OKAY sim himds_state)
case "$msg" in "himds OK again: "*) ;; *) die "OKAY message: $msg" ;; esac
pass "back to connected: exactly one OKAY: $msg"

# ------------------------------------------------------- the other scenarios
# scenario | value that shows it | notification severity | type_instance
check_scenario() {
    local scenario=$1 ident=$2 want=$3 sev=$4 ti=$5
    local before
    before=$(notif_count "$NOTIF" "$sev" sim "$ti")
    local okay_before
    okay_before=$(notif_count "$NOTIF" OKAY sim "$ti")
    switch_scenario "$SIM" "$scenario"
    wait_for 30 "$scenario: $ident = $want" value_is "$SOCK" "$ID/$ident" "$want"
    wait_for 30 "$scenario: $sev $ti" notif_more "$sev" sim "$ti" "$before"
    local msg
    msg=$(notif_message "$NOTIF" "$sev" sim "$ti")
    case "$msg" in *" Fix: "*) ;; *) die "$scenario: no remedy in: $msg" ;; esac
    switch_scenario "$SIM" connected
    wait_for 30 "$scenario -> connected: OKAY $ti" notif_more OKAY sim "$ti" "$okay_before"
    wait_for 30 "$scenario -> connected: state 0" value_is "$SOCK" "$ID/gauge-state" 0
    pass "$scenario: $ident = $want, $sev $ti: $msg"
}
check_scenario disconnected gauge-agent_status 0 FAILURE agent_state
check_scenario expired gauge-agent_status -1 FAILURE agent_state
check_scenario azcm-error gauge-azcm_code 26 WARNING azcm_state
check_scenario himds-hung bool-himds_answering 0 FAILURE himds_state
check_scenario himds-garbage bool-himds_answering 0 FAILURE himds_state
check_scenario himds-html response_code-himds 500 FAILURE himds_state
# himds-slow answers after 1.5 s; the core gives himds a third of the 2.4 s
# timeout (at least 0.5 s), so for this instance slow is not answering.
check_scenario himds-slow bool-himds_answering 0 FAILURE himds_state
value_is "$SOCK" "$ID/bool-himds_answering" 1 || die "himds not answering after the sweep"

# ------------------------------------------------------- foresight values
# Connected: no countdown (NaN), the clock judged in time.
wait_for 30 "connected: expires_in NaN" value_is "$SOCK" "$ID/timeleft-expires_in" nan
value_cmp "$SOCK" "$ID/time_offset-clock_skew" '<' 2 && value_cmp "$SOCK" "$ID/time_offset-clock_skew" '>' -2 ||
    die "connected: clock_skew is not about 0"
value_is "$SOCK" "$ID/gauge-clock_state" 0 || die "connected: clock_state is not OK"
# Disconnected for 40 days, status only: no heartbeat to count from, so the
# countdown stays unknown (NaN), never guessed.
switch_scenario "$SIM" disconnected-40d
wait_for 30 "disconnected-40d: agent_status 0" value_is "$SOCK" "$ID/gauge-agent_status" 0
t0=$(value_time "$SOCK" "$ID/gauge-agent_status")
wait_for 30 "disconnected-40d: one more read" read_since "$ID/gauge-agent_status" $((t0 + 3))
value_is "$SOCK" "$ID/timeleft-expires_in" nan || die "disconnected-40d, status only: expires_in not NaN"
value_is "$SOCK" "$ID/gauge-expiry_state" 0 || die "disconnected-40d, status only: expiry_state not 0"
# With lastHeartbeat: about 432000 s left, the countdown CRITICAL (2).
switch_scenario "$EXTRAS" disconnected-40d
wait_for 30 "extras, disconnected-40d: expires_in about 5 days" value_cmp "$SOCK" "$EID/timeleft-expires_in" '>' 431000
# (432001: the simulator dates the heartbeat when it answers, up to a second
# after the probe began)
value_cmp "$SOCK" "$EID/timeleft-expires_in" '<=' 432001 || die "disconnected-40d: expires_in above 5 days"
value_is "$SOCK" "$EID/gauge-expiry_state" 2 || die "disconnected-40d: expiry_state is not CRITICAL"
pass "disconnected-40d: timeleft-expires_in $(getval "$SOCK" "$EID/timeleft-expires_in") s, expiry_state 2 (NaN and 0 without lastHeartbeat)"
switch_scenario "$SIM" expired
wait_for 30 "expired: expires_in 0" value_is "$SOCK" "$ID/timeleft-expires_in" 0
# Azure's clocks 10 min ahead: this machine is 600 s behind (negative).
switch_scenario "$SIM" clock-behind
wait_for 30 "clock-behind: clock_skew about -600 s" value_cmp "$SOCK" "$ID/time_offset-clock_skew" '<' -598
value_cmp "$SOCK" "$ID/time_offset-clock_skew" '>' -602 || die "clock-behind: clock_skew below -602"
value_is "$SOCK" "$ID/gauge-clock_state" 2 || die "clock-behind: clock_state is not CRITICAL"
wait_for 30 "clock-behind: FAILURE clock_state" notif_count_is "$NOTIF" FAILURE sim clock_state 1
msg=$(notif_message "$NOTIF" FAILURE sim clock_state)
case "$msg" in
"clock CRITICAL: clock 600 s behind"*" Fix: synchronise the clock"*) ;;
*) die "clock notification lacks state, offset or remedy: $msg" ;;
esac
pass "clock-behind: time_offset-clock_skew $(getval "$SOCK" "$ID/time_offset-clock_skew") s, clock_state 2, FAILURE: $msg"
switch_scenario "$SIM" connected
wait_for 30 "back to connected: state 0" value_is "$SOCK" "$ID/gauge-state" 0
wait_for 30 "back to connected: OKAY clock_state" notif_count_is "$NOTIF" OKAY sim clock_state 1

# ------------------------------------------------------- hung endpoints
# Instance "hung": every endpoint answers after 60 s, the probe gives up at 2 s.
# On a busy machine the deadline may cut an endpoint off before its own
# timeout: it is then "not probed" (reachable NaN, not counted as failed).
hung_n=$(identifiers "$SOCK" "$HID/bool-reachable-" | grep -c .)
[ "$hung_n" -gt 0 ] || die "instance hung probed no endpoint"
value_is "$SOCK" "$HID/count-endpoints" "$hung_n" || die "instance hung: count-endpoints is not $hung_n"
wait_for 30 "hung: endpoints failed" value_cmp "$SOCK" "$HID/count-endpoints_failed" '>' 0
t_hung=$(value_time "$SOCK" "$HID/count-endpoints_failed")
t_load=$(value_time "$SOCK" "$HOST/load/load")
t_sim=$(value_time "$SOCK" "$ID/gauge-state")
sleep 12
[ "$(value_time "$SOCK" "$HID/count-endpoints_failed")" -ge $((t_hung + 5)) ] ||
    die "instance hung stopped being read"
[ "$(value_time "$SOCK" "$HOST/load/load")" -ge $((t_load + 5)) ] || die "load plugin stalled"
[ "$(value_time "$SOCK" "$ID/gauge-state")" -ge $((t_sim + 5)) ] || die "instance sim stalled"
notified=0
for ep in $(identifiers "$SOCK" "$HID/bool-reachable-"); do
    value_is "$SOCK" "$HID/bool-reachable-$ep" 0 || value_is "$SOCK" "$HID/bool-reachable-$ep" nan ||
        die "hung endpoint $ep reported reachable"
    value_cmp "$SOCK" "$HID/response_time-total-$ep" '<=' 2.5 ||
        value_is "$SOCK" "$HID/response_time-total-$ep" nan ||
        die "hung endpoint $ep total time beyond the timeout"
    fails=$(notif_count "$NOTIF" FAILURE hung "state-$ep")
    warns=$(notif_count "$NOTIF" WARNING hung "state-$ep")
    # Endpoints needed at all times are CRITICAL (FAILURE); those needed only
    # for install/connect or optional features are WARNING. Either way one
    # notification, never repeated, never an OKAY.
    if value_is "$SOCK" "$HID/gauge-state-$ep" 2; then
        [ "$fails" -eq 1 ] && [ "$warns" -eq 0 ] || die "hung endpoint $ep (CRITICAL): $fails FAILURE, $warns WARNING"
    elif value_is "$SOCK" "$HID/gauge-state-$ep" 1; then
        [ "$fails" -eq 0 ] && [ "$warns" -eq 1 ] || die "hung endpoint $ep (WARNING): $fails FAILURE, $warns WARNING"
    else
        [ $((fails + warns)) -le 1 ] || die "hung endpoint $ep (not probed): $fails FAILURE, $warns WARNING"
    fi
    notif_count_is "$NOTIF" OKAY hung "state-$ep" 0 || die "hung endpoint $ep: unexpected OKAY"
    notified=$((notified + fails + warns))
done
[ "$notified" -gt 0 ] || die "no notification for the hung endpoints"
if grep -E "azure_arc/(sim|hung).*(above its read interval|failed)" "$WORK/collectd.log"; then
    die "collectd complained about an azure_arc read"
fi
pass "hung endpoints: $hung_n endpoints not reachable within the timeout, $notified notifications (one each); load and sim kept reading"

# ------------------------------------------------------- clean shutdown
kill -0 "$COLLECTD_PID" || die "collectd died"
kill -TERM "$COLLECTD_PID"
for _ in $(seq 150); do
    kill -0 "$COLLECTD_PID" 2>/dev/null || break
    sleep 0.2
done
if kill -0 "$COLLECTD_PID" 2>/dev/null; then
    die "collectd did not exit within 30 s of SIGTERM"
fi
rc=0
wait "$COLLECTD_PID" || rc=$?
[ "$rc" -eq 0 ] || die "collectd exited with status $rc"
grep -q "Exiting normally" "$WORK/collectd.log" || die "collectd did not exit normally"
if grep -E "ERROR: AddressSanitizer|runtime error:" "$WORK/collectd.log"; then
    die "sanitizer report in collectd's output"
fi
pass "collectd shut down cleanly (exit 0)"
echo "collectd.integration: all checks passed"
