#!/bin/bash
# SIM, TARPIT_PORT and SIM_DIR_* are shared with lib.sh (start_sim sets them)
# shellcheck disable=SC2034,SC2154
# nagios.daemon.icinga2: a real Icinga 2 runs check_azure_arc through the
# SHIPPED CheckCommand (nagios/icinga2/azure_arc.conf) against simulated
# agents. Results come back from the state file written at shutdown; a
# GraphiteWriter (to a loopback sink) makes Icinga parse every perfdata
# value, and its log must hold no perfdata warnings.
# Usage: icinga2_test.sh CHECK_AZURE_ARC ARC_SIM REPO_ROOT
set -euo pipefail
PLUGIN=${1:?usage: icinga2_test.sh CHECK_AZURE_ARC ARC_SIM REPO_ROOT}
SIM=${2:?}
HANGFS=${4:-}
REPO=${3:?}
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
source "$HERE/lib.sh"
ICINGA=${ICINGA:-icinga2}
command -v "$ICINGA" >/dev/null || { echo "icinga2 not installed (package icinga2-bin)"; exit 1; }

# The CheckCommand maps every option --help lists (by its long or its short
# name): an option added to the plugin without its argument here is out of
# reach for Icinga users but through --set.
CONF_ARGS=$(grep -oE '^[[:space:]]*"-[^"]+" = [{]' "$REPO/nagios/icinga2/azure_arc.conf" | grep -oE '"-[^"]+"' | tr -d '"')
while read -r opt; do
    short=${opt%%, *} long=${opt##*, }
    [[ $long == --help || $long == --version ]] && continue
    if grep -qxF -- "$long" <<<"$CONF_ARGS" || grep -qxF -- "$short" <<<"$CONF_ARGS"; then
        ok "CheckCommand has an argument for $opt"
    else
        fail "CheckCommand has no argument for $opt"
    fi
done < <(LC_ALL=C "$PLUGIN" --help | grep -oE '^ +(-[a-zA-Z], )?--[a-z-]+' | sed 's/^ *//' | sort -u)

start_daemon_fixtures
# The heartbeat thresholds need a heartbeat: /agentstatus with the members no
# public source shows there (arc-sim serves them only when asked).
start_sim hb connected --agentstatus-extras
install -d -o nagios -g nagios -m 700 "$SIM_DIR_hb/state"

I="$WORK/icinga"
mkdir -p "$I/etc" "$I/state" "$I/cache" "$I/log" "$I/run" "$I/data" "$I/spool"
python3 "$HERE/tcp_sink.py" "$WORK/graphite.txt" >"$WORK/sink.port" &
DAEMON_PIDS+=($!)
wait_for 30 test -s "$WORK/sink.port" || { fail "graphite sink did not start"; finish; }
SINK_PORT=$(cat "$WORK/sink.port")

services=()
# service NAME ATTRIBUTES...: an Icinga Service using the shipped CheckCommand
service() {
    local name=$1
    shift
    services+=("$name")
    {
        echo "object Service \"$name\" {"
        echo "  host_name = \"arc-host\""
        echo "  check_command = \"azure_arc\""
        echo "  check_interval = 5s"
        echo "  retry_interval = 5s"
        echo "  max_check_attempts = 1"
        printf '  %s\n' "$@"
        echo "}"
    } >>"$I/etc/services.conf"
}
: >"$I/etc/services.conf"
TLS_OK=$(sim_tls_port "$SIM_DIR_ok")
service arc-ok "vars.azure_arc_config = \"$SIM_DIR_ok/arcprobe.conf\""
service arc-verbose "vars.azure_arc_config = \"$SIM_DIR_ok/arcprobe.conf\"" "vars.azure_arc_verbose = 2"
service arc-disconnected "vars.azure_arc_config = \"$SIM_DIR_disc/arcprobe.conf\""
service arc-himds-down "vars.azure_arc_config = \"$SIM_DIR_down/arcprobe.conf\""
service arc-endpoint-down "vars.azure_arc_config = \"$SIM_DIR_ok/arcprobe.conf\"" \
    "vars.azure_arc_set = [ \"connect_to=gbl.his.arc.azure.com:443:127.0.0.1:$CLOSED,::127.0.0.1:$TLS_OK\" ]"
service arc-azcm-error "vars.azure_arc_config = \"$SIM_DIR_azcm/arcprobe.conf\""
service arc-azcm-critical "vars.azure_arc_config = \"$SIM_DIR_azcm/arcprobe.conf\"" "vars.azure_arc_azcm_state = \"critical\""
# The shared config file decides when no vars.azure_arc_* overrides it: the
# CheckCommand must not pass defaults of its own (azcm_state, check, ...).
cp "$SIM_DIR_azcm/arcprobe.conf" "$WORK/azcm-critical.conf"
echo "azcm_state = critical" >>"$WORK/azcm-critical.conf"
chmod 644 "$WORK/azcm-critical.conf"
service arc-conf-azcm-critical "vars.azure_arc_config = \"$WORK/azcm-critical.conf\""
service arc-himds-hung "vars.azure_arc_config = \"$SIM_DIR_hung/arcprobe.conf\"" "vars.azure_arc_timeout = 2" \
    "vars.azure_arc_check = \"himds,agent\""
service arc-deadline "vars.azure_arc_config = \"$SIM_DIR_ok/arcprobe.conf\"" "vars.azure_arc_timeout = 3" \
    "vars.azure_arc_set = [ \"connect_to=::127.0.0.1:$TARPIT_PORT\", \"endpoint_timeout=30\" ]"
# every argument of the CheckCommand at once, checked on the command line Icinga built
HIMDS_URL=$(sed -n 's/^himds_url *= *//p' "$SIM_DIR_hb/arcprobe.conf")
printf '[arc_extra]\nheartbeat-critical = 7200\n' >"$WORK/plugins.ini"
chmod 644 "$WORK/plugins.ini"
service arc-all-args "vars.azure_arc_config = \"$SIM_DIR_hb/arcprobe.conf\"" \
    "vars.azure_arc_extra_opts = \"arc_extra@$WORK/plugins.ini\"" \
    "vars.azure_arc_set = [ \"endpoint_timeout=10\", \"log_scan_max=1048576\" ]" \
    "vars.azure_arc_check = \"endpoints,himds,agent,azcm\"" \
    "vars.azure_arc_agent_dir = \"$SIM_DIR_hb/agent\"" "vars.azure_arc_himds_url = \"$HIMDS_URL\"" \
    "vars.azure_arc_cloud = \"AzureCloud\"" "vars.azure_arc_location = \"westeurope\"" \
    "vars.azure_arc_proxy = \"none\"" "vars.azure_arc_ca_file = \"$REPO/tests/fixtures/tls/ca.pem\"" \
    "vars.azure_arc_warning = 50" "vars.azure_arc_critical = 60" \
    "vars.azure_arc_himds_warning = 5" "vars.azure_arc_himds_critical = 6" \
    "vars.azure_arc_heartbeat_warning = 3600" \
    "vars.azure_arc_azcm_max_age = 600" "vars.azure_arc_azcm_state = \"critical\"" \
    "vars.azure_arc_optional_state = \"warning\"" "vars.azure_arc_timeout = 15" \
    "vars.azure_arc_expiry_warning = 20" "vars.azure_arc_expiry_critical = 10" \
    "vars.azure_arc_clock_skew_warning = 200" "vars.azure_arc_clock_skew_critical = 400" \
    "vars.azure_arc_timeout_result = \"critical\"" "vars.azure_arc_verbose = 3"
service arc-timeout "vars.azure_arc_config = \"$WORK/blocking.conf\"" "vars.azure_arc_timeout = 2"
service arc-thresholds "vars.azure_arc_config = \"$SIM_DIR_hb/arcprobe.conf\"" \
    "vars.azure_arc_warning = \"0.000001\"" "vars.azure_arc_critical = 60" \
    "vars.azure_arc_heartbeat_warning = \"~:100000\"" "vars.azure_arc_check = \"endpoints,agent\""

cat >"$I/etc/icinga2.conf" <<CFG
const PluginDir = "$(dirname "$PLUGIN")"
const NodeName = "arc-test"
const ZoneName = "arc-test"
include <itl>
include <plugins>
include "$REPO/nagios/icinga2/azure_arc.conf"

object Endpoint NodeName { }
object Zone ZoneName { endpoints = [ NodeName ] }
object IcingaApplication "app" {
  enable_notifications = false
  enable_event_handlers = false
  enable_flapping = false
}
object CheckerComponent "checker" { }
object FileLogger "main" {
  path = "$I/log/icinga2.log"
  severity = "information"
}
object GraphiteWriter "graphite" {
  host = "127.0.0.1"
  port = $SINK_PORT
  enable_send_metadata = true
  enable_send_thresholds = true
}
object Host "arc-host" {
  check_command = "dummy"
  check_interval = 5s
  vars.dummy_state = 0
}
/* control: perfdata Icinga cannot parse, to prove the warning check below can fail */
object CheckCommand "bad_perfdata" {
  command = [ "/bin/echo", "OK | broken=1x2;;" ]
}
object Service "control-bad-perfdata" {
  host_name = "arc-host"
  check_command = "bad_perfdata"
  check_interval = 5s
}
include "services.conf"
CFG
chown -R nagios:nagios "$I"

DEFINES=(-DStateDir="$I/state" -DCacheDir="$I/cache" -DLogDir="$I/log" -DInitRunDir="$I/run"
    -DDataDir="$I/data" -DSpoolDir="$I/spool" -DRunAsUser=nagios -DRunAsGroup=nagios)
if ! "$ICINGA" daemon -C -c "$I/etc/icinga2.conf" "${DEFINES[@]}" >"$WORK/validate.log" 2>&1; then
    cat "$WORK/validate.log"
    fail "icinga2 rejects the shipped CheckCommand"
    finish
fi
ok "icinga2 daemon -C accepts the shipped CheckCommand"

"$ICINGA" daemon -c "$I/etc/icinga2.conf" "${DEFINES[@]}" >"$WORK/icinga.out" 2>&1 &
IPID=$!
DAEMON_PIDS+=("$IPID")

# every service's result reaches the writer as a metadata.state metric
all_reported() {
    local s
    for s in "${services[@]}"; do
        grep -qF ".services.$s.azure_arc.metadata.state " "$WORK/graphite.txt" || return 1
    done
    grep -qF ".services.control-bad-perfdata.bad_perfdata.metadata.state " "$WORK/graphite.txt"
}
if ! wait_for 120 all_reported; then
    tail -n 50 "$I/log/icinga2.log" "$WORK/icinga.out" || true
    fail "Icinga did not report all ${#services[@]} services within 120 s"
    finish
fi
ok "Icinga checked all ${#services[@]} services"
kill -TERM "$IPID"
wait_for 60 test -s "$I/data/icinga2.state" || true
wait "$IPID" 2>/dev/null || true
STATE_FILE="$I/data/icinga2.state"
[[ -s "$STATE_FILE" ]] || { fail "no state file at $STATE_FILE"; finish; }

field() { python3 "$HERE/status_read.py" icinga "$STATE_FILE" "$1" "$2"; }
check() {
    expect "$1: state" "$(field "$1" state)" "$2"
    expect_match "$1: output" "$(field "$1" output)" "$3"
    PERF=$(field "$1" performance_data || true)
}
check arc-ok 0 "^ARC OK - "
expect_match "arc-ok: perfdata array" "$PERF" '"himds_latency=[0-9.]+s;;;0"'
expect_match "arc-ok: quoted label kept" "$PERF" "\"'gbl\.his\.arc\.azure\.com total'=[0-9.]+s;;;0\""
expect_match "arc-ok: long output" "$(field arc-ok output)" $'\n''agent: OK - '
check arc-verbose 0 "^ARC OK - "
expect_match "arc-verbose: azure_arc_verbose = 2 gives phase times" "$(field arc-verbose output)" "endpoint gbl\.his\.arc\.azure\.com \[always\]: OK, [0-9.]+ s, HTTP 200 \(dns "
check arc-disconnected 2 "^ARC CRITICAL - agent: agent Disconnected"
check arc-himds-down 2 "^ARC CRITICAL - himds: "
check arc-endpoint-down 2 "^ARC CRITICAL - endpoints: .*gbl\.his\.arc\.azure\.com"
expect_match "arc-endpoint-down: failed count" "$PERF" '"endpoints_failed_required=1;;;0;[0-9]+"'
check arc-azcm-error 1 "^ARC WARNING - azcm: AZCM0026"
check arc-azcm-critical 2 "^ARC CRITICAL - azcm: AZCM0026"
check arc-conf-azcm-critical 2 "^ARC CRITICAL - azcm: AZCM0026"
command_args() { python3 -c 'import json,sys; print(" ".join(json.loads(sys.argv[1])[1:]))' "$(field "$1" command)"; }
expect "arc-conf-azcm-critical: only the variable that was set is passed" \
    "$(command_args arc-conf-azcm-critical)" "--config $WORK/azcm-critical.conf"
expect "arc-ok: only the variable that was set is passed" "$(command_args arc-ok)" "--config $SIM_DIR_ok/arcprobe.conf"
check arc-himds-hung 2 "^ARC CRITICAL - himds: .*hung"
check arc-deadline 3 "^ARC UNKNOWN - probe did not finish within the 3 s timeout: endpoints: .*not probed"
expect_match "arc-deadline: himds perfdata kept" "$PERF" '"himds_latency=[0-9.]+s;;;0"'
expect_no_match "arc-deadline: no times for endpoints the deadline left unprobed" "$PERF" "'[^']* (dns|connect|tls|ttfb|total)'="
check arc-all-args 0 "^ARC OK - "
CMDLINE=$(command_args arc-all-args)
for arg in "--extra-opts=arc_extra@$WORK/plugins.ini" "--config $SIM_DIR_hb/arcprobe.conf" \
    "--set endpoint_timeout=10 --set log_scan_max=1048576" "--check endpoints,himds,agent,azcm" \
    "--agent-dir $SIM_DIR_hb/agent" "--himds-url $HIMDS_URL" "--cloud AzureCloud" "--location westeurope" \
    "--proxy none" "--ca-file $REPO/tests/fixtures/tls/ca.pem" "-w 50" "-c 60" "--himds-warning 5" \
    "--himds-critical 6" "--heartbeat-warning 3600" "--azcm-max-age 600" "--azcm-state critical" \
    "--optional-state warning" "--expiry-warning 20" "--expiry-critical 10" "--clock-skew-warning 200" \
    "--clock-skew-critical 400" "-t 15" "--timeout-result critical" "-vvv"; do
    if [[ " $CMDLINE " == *" $arg "* ]]; then ok "arc-all-args: command has '$arg'"; else fail "arc-all-args: '$arg' missing in: $CMDLINE"; fi
done
expect_no_match "arc-all-args: one verbosity switch only" "$CMDLINE" "(^| )-v( |$)|(^| )-vv( |$)"
expect_match "arc-all-args: extra-opts heartbeat-critical reached perfdata" "$PERF" '"heartbeat_age=[0-9]+s;3600;7200;0"'
expect_match "arc-all-args: clock skew limits reached the core (perfdata)" "$PERF" '"clock_skew=-?[0-9.]+s;-200:200;-400:400"'
expect_match "arc-all-args: -vvv output" "$(field arc-all-args output)" $'\n''config: agent_dir='
check arc-timeout 3 "^ARC UNKNOWN - plugin timed out after 2 s before the probe finished"
START=$(field arc-timeout execution_start)
END=$(field arc-timeout execution_end)
if awk -v s="$START" -v e="$END" 'BEGIN { d = e - s; exit !(d >= 1.8 && d <= 3.5) }'; then
    ok "arc-timeout: ran $(awk -v s="$START" -v e="$END" 'BEGIN { printf "%.2f", e - s }') s"
else
    fail "arc-timeout: execution $START..$END, wanted about 2 s"
fi
check arc-thresholds 1 "^ARC WARNING - endpoints: .*slow endpoint"
expect_match "arc-thresholds: heartbeat range as given" "$PERF" '"heartbeat_age=[0-9]+s;~:100000;1800;0"'
expect_no_match "arc-thresholds: --check endpoints,agent ran no himds check" "$PERF" "himds_latency"

# Icinga parsed the perfdata: the writer got numbers, the log has no warnings
expect_match "Graphite got the himds latency" "$(cat "$WORK/graphite.txt")" "\.services\.arc-ok\.azure_arc\.perfdata\.himds_latency\.value [0-9.]+ [0-9]+"
expect_match "Graphite got a per-endpoint time" "$(cat "$WORK/graphite.txt")" "\.services\.arc-ok\.azure_arc\.perfdata\.gbl\.his\.arc\.azure\.com_total\.value [0-9.]+ "
expect_match "Graphite got the warning threshold" "$(cat "$WORK/graphite.txt")" "\.services\.arc-thresholds\.azure_arc\.perfdata\.gbl\.his\.arc\.azure\.com_total\.warn 0\.000001 "
LOG=$(cat "$I/log/icinga2.log")
expect_match "control: Icinga does warn about broken perfdata" "$LOG" "warning/.*[Ii]nvalid perfdata.*control-bad-perfdata"
expect_no_match "Icinga logged no perfdata warnings for azure_arc" "$(grep -v control-bad-perfdata <<<"$LOG")" "[Pp]erfdata"
expect_no_match "Icinga logged no warnings at all for our checks" "$(grep -E '^\[[^]]*\] (warning|critical)/' <<<"$LOG" | grep -v control-bad-perfdata || true)" "."
# every service that scans the logs kept its state file in the test's own directory
expect_state_kept "$SIM_DIR_ok" "$SIM_DIR_disc" "$SIM_DIR_down" "$SIM_DIR_azcm"
finish
