#!/bin/bash
# SIM, TARPIT_PORT and SIM_DIR_* are shared with lib.sh (start_sim sets them)
# shellcheck disable=SC2034,SC2154
# nagios.daemon.nagios4: a real Nagios 4 runs check_azure_arc through the
# shipped command and template (nagios/nagios4/azure_arc.cfg) against
# simulated agents; results are read back from status.dat.
# Usage: nagios4_test.sh CHECK_AZURE_ARC ARC_SIM REPO_ROOT
set -euo pipefail
PLUGIN=${1:?usage: nagios4_test.sh CHECK_AZURE_ARC ARC_SIM REPO_ROOT}
SIM=${2:?}
HANGFS=${4:-}
REPO=${3:?}
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
source "$HERE/lib.sh"
NAGIOS=${NAGIOS:-nagios4}
command -v "$NAGIOS" >/dev/null || { echo "nagios4 not installed (package nagios4-core)"; exit 1; }

start_daemon_fixtures

N="$WORK/nagios"
mkdir -p "$N/checkresults" "$N/spool"
cat >"$N/resource.cfg" <<CFG
\$USER1\$=$(dirname "$PLUGIN")
CFG
cat >"$N/nagios.cfg" <<CFG
log_file=$N/nagios.log
cfg_file=$REPO/nagios/nagios4/azure_arc.cfg
cfg_file=$N/objects.cfg
resource_file=$N/resource.cfg
object_cache_file=$N/objects.cache
precached_object_file=$N/objects.precache
status_file=$N/status.dat
status_update_interval=1
temp_file=$N/nagios.tmp
temp_path=$N
lock_file=$N/nagios.lock
check_result_path=$N/checkresults
command_file=$N/spool/nagios.cmd
check_external_commands=0
state_retention_file=$N/retention.dat
retain_state_information=0
nagios_user=nagios
nagios_group=nagios
interval_length=1
check_result_reaper_frequency=1
service_inter_check_delay_method=n
host_inter_check_delay_method=n
max_service_check_spread=1
service_check_timeout=60
enable_notifications=0
use_syslog=0
log_rotation_method=n
enable_flap_detection=0
illegal_macro_output_chars=\`~\$&|'"<>
CFG

# service NAME CHECK_COMMAND: each service uses the shipped template
services=()
service() {
    services+=("$1")
    cat >>"$N/objects.cfg" <<CFG
define service {
    use                     azure-arc-service,test-service
    host_name               arc-host
    service_description     $1
    check_command           $2
}

CFG
}
cat >"$N/objects.cfg" <<CFG
define timeperiod {
    timeperiod_name         24x7
    alias                   always
    sunday                  00:00-24:00
    monday                  00:00-24:00
    tuesday                 00:00-24:00
    wednesday               00:00-24:00
    thursday                00:00-24:00
    friday                  00:00-24:00
    saturday                00:00-24:00
}

define contact {
    contact_name                    test
    service_notification_period     24x7
    host_notification_period        24x7
    service_notification_options    n
    host_notification_options       n
    service_notification_commands   notify-none
    host_notification_commands      notify-none
}

define command {
    command_name    notify-none
    command_line    /bin/true
}

define host {
    host_name               arc-host
    address                 127.0.0.1
    max_check_attempts      1
    check_period            24x7
    contacts                test
    notification_period     24x7
}

define service {
    name                    test-service
    check_period            24x7
    notification_period     24x7
    contacts                test
    register                0
}

CFG
service arc-ok "check_azure_arc!-C $SIM_DIR_ok/arcprobe.conf -t 20"
service arc-disconnected "check_azure_arc!-C $SIM_DIR_disc/arcprobe.conf -t 20"
service arc-himds-down "check_azure_arc!-C $SIM_DIR_down/arcprobe.conf -t 20"
service arc-endpoint-down "check_azure_arc!-C $SIM_DIR_ok/arcprobe.conf -t 20 --set connect_to=gbl.his.arc.azure.com:443:127.0.0.1:$CLOSED,::127.0.0.1:$(sim_tls_port "$SIM_DIR_ok")"
service arc-azcm-error "check_azure_arc!-C $SIM_DIR_azcm/arcprobe.conf -t 20"
service arc-himds-hung "check_azure_arc!-C $SIM_DIR_hung/arcprobe.conf -t 2 --check himds,agent"
service arc-deadline "check_azure_arc!-C $SIM_DIR_ok/arcprobe.conf -t 3 --set connect_to=::127.0.0.1:$TARPIT_PORT --set endpoint_timeout=30"
service arc-timeout "check_azure_arc!-C $WORK/blocking.conf -t 2"
service arc-thresholds "check_azure_arc_thresholds!0.000001!60!-C $SIM_DIR_ok/arcprobe.conf"
# a mistyped option: the message and the whole usage reach the operator
service arc-bad-argument "check_azure_arc!-C $SIM_DIR_ok/arcprobe.conf --bogus"
chown -R nagios:nagios "$N"

if ! "$NAGIOS" -v "$N/nagios.cfg" >"$WORK/verify.log" 2>&1; then
    cat "$WORK/verify.log"
    fail "nagios4 -v rejects the configuration"
    finish
fi
ok "nagios4 -v accepts the shipped command and template"

"$NAGIOS" "$N/nagios.cfg" >"$WORK/nagios.out" 2>&1 &
DAEMON_PIDS+=($!)
if ! wait_for 120 python3 "$HERE/status_read.py" nagios-hard "$N/status.dat" "${#services[@]}"; then
    cat "$N/nagios.log" "$WORK/nagios.out" || true
    fail "Nagios did not bring all ${#services[@]} services to a HARD state within 120 s"
    finish
fi
ok "Nagios brought all ${#services[@]} services to a HARD state"

field() { python3 "$HERE/status_read.py" nagios "$N/status.dat" "$1" "$2"; }
# check SERVICE STATE OUTPUT-REGEX
check() {
    local state output perf
    state=$(field "$1" current_state)
    output=$(field "$1" plugin_output)
    perf=$(field "$1" performance_data || true)
    expect "$1: state" "$state" "$2"
    expect_match "$1: output" "$output" "$3"
    PERF=$perf
}
check arc-ok 0 "^ARC OK - "
expect_match "arc-ok: perfdata reached Nagios" "$PERF" "himds_latency=[0-9.]+s;;;0 .*endpoints_total=[0-9]+;;;0 "
expect_no_match "arc-ok: /agentstatus gave only status: no heartbeat_age invented" "$PERF" "heartbeat_age="
expect_match "arc-ok: per-endpoint perfdata" "$PERF" "'gbl\.his\.arc\.azure\.com total'=[0-9.]+s;;;0"
expect_match "arc-ok: long output per component" "$(field arc-ok long_plugin_output)" "^himds: OK - .*"$'\n'"agent: OK - .*"$'\n'"endpoints: OK - .*"$'\n'"azcm: "
check arc-disconnected 2 "^ARC CRITICAL - agent: agent Disconnected"
check arc-himds-down 2 "^ARC CRITICAL - himds: "
check arc-endpoint-down 2 "^ARC CRITICAL - endpoints: .*gbl\.his\.arc\.azure\.com"
expect_match "arc-endpoint-down: failed count" "$PERF" "endpoints_failed_required=1;"
expect_match "arc-endpoint-down: endpoint line with remedy" "$(field arc-endpoint-down long_plugin_output)" "endpoint gbl\.his\.arc\.azure\.com \[always\]: CRITICAL - refused"
check arc-azcm-error 1 "^ARC WARNING - azcm: AZCM0026"
expect_match "arc-azcm-error: code in perfdata" "$PERF" "azcm_code=26;;;0"
check arc-himds-hung 2 "^ARC CRITICAL - himds: .*hung"
# Nagios turns ";" in plugin output into ":"
check arc-deadline 3 "^ARC UNKNOWN - probe did not finish within the 3 s timeout: endpoints: .*not probed"
expect_match "arc-deadline: partial results in long output" "$(field arc-deadline long_plugin_output)" "^probe: UNKNOWN - the 3 s timeout ran out.*"$'\n'"himds: OK - "
check arc-timeout 3 "^ARC UNKNOWN - plugin timed out after 2 s before the probe finished$"
EXEC=$(field arc-timeout check_execution_time)
if awk -v t="$EXEC" 'BEGIN { exit !(t >= 1.8 && t <= 3.5) }'; then
    ok "arc-timeout: Nagios measured ${EXEC} s"
else
    fail "arc-timeout: execution time $EXEC s, wanted about 2 s"
fi
check arc-thresholds 1 "^ARC WARNING - endpoints: .*slow endpoint"
expect_match "arc-thresholds: range in perfdata" "$PERF" "'gbl\.his\.arc\.azure\.com total'=[0-9.]+s;0\.000001;60;0"
# Nagios takes everything after a '|' in long output as perfdata: a usage
# line with one would lose its end to the perfdata
check arc-bad-argument 3 "^ARC UNKNOWN - unknown option '--bogus'$"
expect_match "arc-bad-argument: the whole usage in long output" "$(field arc-bad-argument long_plugin_output)" "^Usage: check_azure_arc .*"$'\n'".*"$'\n'"   or: check_azure_arc -V$"
expect "arc-bad-argument: no perfdata" "$PERF" ""
NLOG=$(cat "$N/nagios.log")
expect_match "Nagios logged the Disconnected alert" "$NLOG" "SERVICE ALERT: arc-host;arc-disconnected;CRITICAL;HARD;[0-9]+;ARC CRITICAL - agent: agent Disconnected"
expect_match "Nagios logged the timeout as UNKNOWN" "$NLOG" "SERVICE ALERT: arc-host;arc-timeout;UNKNOWN;HARD;[0-9]+;ARC UNKNOWN - plugin timed out after 2 s"
expect_no_match "Nagios logged no warnings about our checks" "$NLOG" "Warning: .*(arc-|check_azure_arc)"
# every service that scans the logs kept its state file in the test's own directory
expect_state_kept "$SIM_DIR_ok" "$SIM_DIR_disc" "$SIM_DIR_down" "$SIM_DIR_azcm"
finish
