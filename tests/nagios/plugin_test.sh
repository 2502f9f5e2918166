#!/bin/bash
# SIM, TARPIT_PORT and SIM_DIR_* are shared with lib.sh (start_sim sets them)
# shellcheck disable=SC2034,SC2154
# nagios.plugin: check_azure_arc run directly against simulated agents:
# command line, states per scenario, thresholds, timeout, output limits.
# Usage: plugin_test.sh CHECK_AZURE_ARC ARC_SIM
set -euo pipefail
PLUGIN=${1:?usage: plugin_test.sh CHECK_AZURE_ARC ARC_SIM [REPO_ROOT]}
SIM=${2:?usage: plugin_test.sh CHECK_AZURE_ARC ARC_SIM}
HANGFS=${4:-}
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
source "$HERE/lib.sh"

# run ARGS...: sets OUT, RC, MS (wall time in ms)
run() {
    local t0 t1
    t0=$(date +%s%N)
    set +e
    OUT=$("$PLUGIN" "$@" 2>&1)
    RC=$?
    set -e
    t1=$(date +%s%N)
    MS=$(((t1 - t0) / 1000000))
}
first_line() { printf '%s\n' "$OUT" | head -1; }
perfdata() { first_line | sed -n 's/^[^|]*| //p'; }

# ---------------------------------------------------------------- CLI
run --help
expect "--help exits 3" "$RC" 3
expect_match "--help documents ranges" "$OUT" "@10:20. inside 10\.\.20"
expect_match "--help documents every threshold" "$OUT" "--heartbeat-critical=RANGE.*--azcm-max-age"
run -V
expect "-V exits 3" "$RC" 3
expect_match "-V names the version" "$OUT" "^check_azure_arc [0-9]+\.[0-9]+\.[0-9]+"
for bad in "-w 10x" "-c 1:2:3" "-w @" "--himds-warning nan" "--heartbeat-critical 1e3" \
    "-w ~:" "-t 0" "-t 5:sometimes" "--check dns" "--set novalue" "--azcm-state ok" \
    "--optional-state critical" "--bogus" "positional"; do
    # shellcheck disable=SC2086
    run $bad
    expect "bad argument '$bad' exits 3" "$RC" 3
    expect_match "bad argument '$bad' prints a message and usage" "$OUT" "^ARC UNKNOWN - .*"$'\n'"Usage: check_azure_arc"
    # Nagios would take the text after a '|' for perfdata (usage included)
    expect "bad argument '$bad': no '|' in the output" "$(tr -cd '|' <<<"$OUT" | wc -c)" 0
done
run -w ""
expect "empty -w exits 3" "$RC" 3
RC=0
OUT=$(ARCPROBE_CONFIG="$WORK/nonexistent.conf" "$PLUGIN" --check himds 2>&1) || RC=$?
expect "missing \$ARCPROBE_CONFIG file is UNKNOWN" "$RC" 3
expect_match "missing \$ARCPROBE_CONFIG file names it" "$OUT" "^ARC UNKNOWN - .*nonexistent.conf"
if [[ ! -e /etc/arcprobe/arcprobe.conf ]]; then
    # the default file may be missing: the probe runs on defaults plus options
    # (himds only, on a closed loopback port: no traffic leaves the machine)
    # (state_dir in the test's directory: not the running user's ~/.cache)
    run --check himds --himds-url "http://127.0.0.1:$(free_port)" --agent-dir "$WORK/no-agent" -t 5 \
        --set state_dir="$WORK/state"
    expect "missing default config is fine: the probe ran (himds refused: CRITICAL)" "$RC" 2
    expect_match "missing default config: himds finding" "$OUT" "^ARC CRITICAL - himds: "
fi
run --config "$WORK/nonexistent.conf"
expect "missing --config file is UNKNOWN" "$RC" 3
expect_match "missing --config file names it" "$OUT" "^ARC UNKNOWN - .*nonexistent.conf"

# ---------------------------------------------------------------- scenarios
start_sim ok connected
start_sim disc disconnected
start_sim down himds-down
start_sim azcm azcm-error
start_sim hung himds-hung
# /agentstatus with the members no public source shows there (lastHeartbeat, ...):
# only for the checks of what the plugin does with the heartbeat
start_sim hb connected --agentstatus-extras
CONF_OK=$SIM_DIR_ok/arcprobe.conf
CONF_HB=$SIM_DIR_hb/arcprobe.conf

run -C "$CONF_OK"
expect "connected: exit 0" "$RC" 0
expect_match "connected: status line" "$(first_line)" "^ARC OK - "
P=$(perfdata)
expect_match "connected: himds latency perfdata" "$P" "(^| )himds_latency=[0-9.]+s;;;0( |$)"
# only `status` from /agentstatus (the confirmed shape): the age is unknown, no value invented
expect_no_match "connected, status only: no heartbeat perfdata" "$P" "heartbeat_age="
run -C "$CONF_HB"
expect "connected with a heartbeat: exit 0" "$RC" 0
expect_match "connected with a heartbeat: heartbeat perfdata with core thresholds" "$(perfdata)" "(^| )heartbeat_age=[0-9]+s;900;1800;0( |$)"
run -C "$CONF_OK"
expect_match "connected: failed count" "$P" "(^| )endpoints_failed=0;;;0;[0-9]+( |$)"
expect_match "connected: per-endpoint phase, quoted" "$P" "'gbl\.his\.arc\.azure\.com total'=[0-9.]+s;;;0"
expect_no_match "connected: no exponent notation" "$P" "[0-9][eE][-+]?[0-9]"
expect_match "connected: perfdata follows the guidelines" "$(python3 "$HERE/perfdata_check.py" <<<"$P" 2>&1)" "^[0-9]+ items$"
expect "connected: one line per component" "$(printf '%s\n' "$OUT" | grep -cE '^(himds|agent|endpoints|azcm): ')" 4

# no endpoint observed (an unknown cloud: no list, nothing probed): no count
# is published, rather than endpoints_failed=0 graphing a time nobody knows
run -C "$CONF_OK" --check endpoints --set cloud=AzureMars
expect "unknown cloud: exit 3" "$RC" 3
expect_match "unknown cloud: says why" "$OUT" "unknown cloud 'AzureMars'"
expect_no_match "unknown cloud: no endpoint counts in perfdata" "$(perfdata)" "endpoints_(failed|total)"
expect_match "unknown cloud: probe_duration still there" "$(perfdata)" "probe_duration=[0-9.]+s;;;0"

run -C "$CONF_OK" -v
expect_match "-v: per-endpoint lines" "$OUT" $'\n''  endpoint login\.microsoftonline\.com \[always\]: OK, [0-9.]+ s, HTTP 200'
run -C "$CONF_OK" -vvv
expect_match "-vvv: config line" "$OUT" $'\n''config: agent_dir='

run -C "$SIM_DIR_disc/arcprobe.conf"
expect "disconnected: CRITICAL" "$RC" 2
expect_match "disconnected: names the agent" "$(first_line)" "^ARC CRITICAL - agent: agent Disconnected"
expect_match "disconnected: remedy line" "$OUT" $'\n''  remedy: .*azcmagent check'

# ---------------------------------------------------------------- foresight
start_sim d40 disconnected-40d --agentstatus-extras
start_sim d40plain disconnected-40d
start_sim exp expired
start_sim skew clock-behind

run -C "$SIM_DIR_d40/arcprobe.conf"
expect "40 days disconnected: CRITICAL" "$RC" 2
expect_match "40 days disconnected: days left in the status line" "$(first_line)" "^ARC CRITICAL - agent: agent Disconnected, .* expires in about 5 days \(estimate\)"
expect_match "40 days disconnected: expires_in perfdata, default thresholds" "$(perfdata)" "(^| )expires_in=43[12][0-9]{3}s;1209600:;604800:;0( |$)"
expect_match "40 days disconnected: expiry CRITICAL under 7 days, estimate and basis named" "$OUT" $'\n''agent expiry: CRITICAL - expires in about 5 days, at [0-9T:Z-]+ \(estimate: last heartbeat [0-9T:Z-]+ \+ 45 days\)'$'\n'
expect_match "40 days disconnected: the agent's one remedy is the countdown's" "$OUT" $'\n''  remedy: restore the agent'"'"'s connection'
run -C "$SIM_DIR_d40/arcprobe.conf" --expiry-critical 3
expect_match "40 days, --expiry-critical 3: expiry WARNING" "$OUT" $'\n''agent expiry: WARNING - expires in about 5 days'
expect_match "40 days, --expiry-critical 3: perfdata threshold" "$(perfdata)" "(^| )expires_in=[0-9]+s;1209600:;259200:;0( |$)"
run -C "$SIM_DIR_d40/arcprobe.conf" --expiry-critical 3 --expiry-warning 4
expect_match "40 days, warning 4 days: expiry OK" "$OUT" $'\n''agent expiry: OK - expires in about 5 days'
# status only: Disconnected is CRITICAL, the countdown unknown (never guessed)
run -C "$SIM_DIR_d40plain/arcprobe.conf"
expect "40 days disconnected, status only: CRITICAL" "$RC" 2
expect_match "40 days disconnected, status only: heartbeat unknown" "$(first_line)" "^ARC CRITICAL - agent: agent Disconnected, last heartbeat unknown"
expect_no_match "40 days disconnected, status only: no expires_in perfdata" "$(perfdata)" "expires_in="
run -C "$SIM_DIR_d40/arcprobe.conf" --expiry-warning soon
expect "bad --expiry-warning: UNKNOWN" "$RC" 3
expect_match "bad --expiry-warning: the core names the key" "$(first_line)" "^ARC UNKNOWN - .*expiry_warning_days"

run -C "$SIM_DIR_exp/arcprobe.conf"
expect "expired: CRITICAL" "$RC" 2
expect_match "expired: says what to do" "$OUT" $'\n''  remedy: onboard the machine again: run azcmagent disconnect, then azcmagent connect'
expect_match "expired: expires_in 0" "$(perfdata)" "(^| )expires_in=0s;"

run -C "$SIM_DIR_skew/arcprobe.conf"
expect "clock 10 min behind: CRITICAL" "$RC" 2
expect_match "clock 10 min behind: status line, sign right" "$(first_line)" "^ARC CRITICAL - clock: clock 600 s behind the Date headers of [0-9]+ endpoint hosts"
expect_match "clock 10 min behind: perfdata negative, thresholds" "$(perfdata)" "(^| )clock_skew=-(599|600)\.[0-9]+s;-120:120;-300:300( |$)"
expect_match "clock 10 min behind: cause and remedy" "$OUT" $'\n''clock: CRITICAL - .*'$'\n''  cause: the system clock is off.*'$'\n''  remedy: synchronise the clock: enable chrony or systemd-timesyncd'
expect_match "clock 10 min behind: perfdata follows the guidelines" "$(python3 "$HERE/perfdata_check.py" <<<"$(perfdata)" 2>&1)" "^[0-9]+ items$"
run -C "$SIM_DIR_skew/arcprobe.conf" --clock-skew-critical 900
expect "clock 10 min behind, --clock-skew-critical 900: WARNING" "$RC" 1
run -C "$CONF_OK"
expect_match "connected: clock OK" "$OUT" $'\n''clock: OK - clock within [0-9] s of the Date headers'

run -C "$SIM_DIR_down/arcprobe.conf"
expect "himds down: CRITICAL" "$RC" 2
expect_match "himds down: names himds first" "$(first_line)" "^ARC CRITICAL - himds: "
expect_match "himds down: remedy" "$OUT" $'\n''  remedy: .*systemctl start himdsd'

run -C "$SIM_DIR_azcm/arcprobe.conf"
expect "azcm error: WARNING" "$RC" 1
expect_match "azcm error: names the code" "$(first_line)" "^ARC WARNING - azcm: AZCM0026"
expect_match "azcm error: code in perfdata" "$(perfdata)" "(^| )azcm_code=26;;;0( |$)"
run -C "$SIM_DIR_azcm/arcprobe.conf" --azcm-state critical
expect "azcm error with --azcm-state critical: CRITICAL" "$RC" 2

# a required endpoint down: map one host to a closed loopback port ahead of the catch-all
TLS_OK=$(sim_tls_port "$SIM_DIR_ok")
CLOSED=$(free_port)
run -C "$CONF_OK" --set "connect_to=gbl.his.arc.azure.com:443:127.0.0.1:$CLOSED,::127.0.0.1:$TLS_OK"
expect "required endpoint refused: CRITICAL" "$RC" 2
expect_match "required endpoint refused: summary names it" "$(first_line)" "^ARC CRITICAL - endpoints: .*gbl\.his\.arc\.azure\.com"
expect_match "required endpoint refused: endpoint line" "$OUT" $'\n''  endpoint gbl\.his\.arc\.azure\.com \[always\]: CRITICAL - refused'
expect_match "required endpoint refused: its remedy once" "$(grep -c '    remedy: ' <<<"$OUT")" '^1$'
expect_match "required endpoint refused: counted" "$(perfdata)" "(^| )endpoints_failed_required=1;"
run -C "$CONF_OK" --set "connect_to=management.azure.com:443:127.0.0.1:$CLOSED,::127.0.0.1:$TLS_OK"
expect "connect-only endpoint refused: WARNING" "$RC" 1

# thresholds on top of the core
run -C "$CONF_OK" -w 0.000001
expect "-w below every endpoint time: WARNING" "$RC" 1
expect_match "-w: perfdata carries the range" "$(perfdata)" "'gbl\.his\.arc\.azure\.com total'=[0-9.]+s;0\.000001;;0"
run -C "$CONF_OK" -w 0.000001 -c 0.000002
expect "-c below every endpoint time: CRITICAL" "$RC" 2
run -C "$CONF_OK" -w 60 -c 120
expect "generous -w/-c: OK" "$RC" 0
run -C "$CONF_OK" --himds-critical 0.0000001
expect "--himds-critical: CRITICAL" "$RC" 2
expect_match "--himds-critical: says why" "$(first_line)" "himds latency [0-9.]+ s outside critical range 0\.0000001"
run -C "$CONF_HB" --heartbeat-warning 10
expect "--heartbeat-warning 10 (age ~60 s): WARNING" "$RC" 1
run -C "$CONF_HB" --heartbeat-warning @0:100000
expect "--heartbeat-warning @0:100000: WARNING" "$RC" 1
run -C "$CONF_OK" --heartbeat-warning 10
expect "--heartbeat-warning 10, heartbeat unknown: OK (no threshold on an unknown age)" "$RC" 0
run -C "$CONF_HB" --set heartbeat_warning=10 --heartbeat-warning "~:100000"
expect "a heartbeat range replaces the core's threshold" "$RC" 0
expect_match "heartbeat perfdata shows the range" "$(perfdata)" "heartbeat_age=[0-9]+s;~:100000;1800;0"

# hung himds: the core's own himds limit (a third of its budget) makes it a
# CRITICAL finding well within -t. Endpoints are left out so a loaded box
# cannot push the whole run past -t (that case is the watchdog's, below).
run -C "$SIM_DIR_hung/arcprobe.conf" -t 2 --check himds,agent
expect "himds hung: CRITICAL (a failure of the checked thing)" "$RC" 2
expect_match "himds hung: says hung" "$(first_line)" "^ARC CRITICAL - himds: .*hung"
if ((MS <= 2500)); then ok "himds hung: finished within -t 2 ($MS ms)"; else fail "himds hung took $MS ms"; fi

# the deadline cuts the probe short: endpoints that swallow traffic (and a
# per-endpoint limit longer than the run) -> UNKNOWN with what was found
start_tarpit
run -C "$CONF_OK" -t 3 --set "connect_to=::127.0.0.1:$TARPIT_PORT" --set endpoint_timeout=30
expect "deadline cut the probe: UNKNOWN" "$RC" 3
expect_match "deadline cut the probe: says so" "$(first_line)" "^ARC UNKNOWN - probe did not finish within the 3 s timeout: endpoints: .*not probed"
expect_match "deadline cut the probe: partial results kept" "$OUT" $'\n''probe: UNKNOWN - the 3 s timeout ran out.*'$'\n''himds: OK - '
expect_match "deadline cut the probe: perfdata kept" "$(perfdata)" "(^| )himds_latency=[0-9.]+s;;;0 "
# the time until the cut is no response time: unprobed endpoints graph nothing
expect_no_match "deadline cut the probe: no times for unprobed endpoints" "$(perfdata)" "'[^']* (dns|connect|tls|ttfb|total)'="
if ((MS <= 3500)); then ok "deadline cut the probe: finished in time ($MS ms)"; else fail "took $MS ms for -t 3"; fi
run -C "$CONF_OK" -t 3 --set "connect_to=::127.0.0.1:$TARPIT_PORT" --set endpoint_timeout=30 --timeout-result warning
expect "deadline cut the probe with --timeout-result warning" "$RC" 1

# the plugin's own limit: something blocks (a config on a hung mount)
start_blocking_config
run -C "$WORK/blocking.conf" -t 2
expect "blocked past -t: UNKNOWN" "$RC" 3
expect "blocked past -t: message" "$OUT" "ARC UNKNOWN - plugin timed out after 2 s before the probe finished"
if ((MS >= 1900 && MS <= 3500)); then ok "watchdog fired at ~2 s ($MS ms)"; else fail "watchdog fired after $MS ms"; fi
run -C "$WORK/blocking.conf" -t 1 --timeout-result critical
expect "--timeout-result critical" "$RC" 2
expect_match "--timeout-result critical: status word" "$OUT" "^ARC CRITICAL - plugin timed out after 1 s"
run -C "$WORK/blocking.conf" -t 1:warning
expect "-t 1:warning" "$RC" 1

# --extra-opts
cat >"$WORK/plugins.ini" <<INI
[check_azure_arc]
config = $CONF_OK
warning = 0.000001

[arc_strict]
config = $CONF_OK
critical = 0.000001
INI
run --extra-opts=@"$WORK/plugins.ini"
expect "--extra-opts default section" "$RC" 1
run --extra-opts=@"$WORK/plugins.ini" -w 60
expect "command line overrides --extra-opts" "$RC" 0
RC=0
OUT=$(MP_CONFIG_FILE="$WORK/plugins.ini" "$PLUGIN" --extra-opts=arc_strict 2>&1) || RC=$?
expect "--extra-opts section from MP_CONFIG_FILE" "$RC" 2
run --extra-opts=missing@"$WORK/plugins.ini"
expect "--extra-opts missing section: UNKNOWN" "$RC" 3
expect_match "--extra-opts missing section: message" "$OUT" "section \[missing\] not found"

# log text with '|' and control characters never breaks the output
printf 'time="%s" level=error msg="AZCM0041: injected | pipe \x1b[31m red"\n' \
    "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >>"$SIM_DIR_azcm/agent/log/azcmagent.log"
run -C "$SIM_DIR_azcm/arcprobe.conf" -vvv
expect_match "injected log text shown, '|' replaced" "$OUT" "azcm message: AZCM0041: injected / pipe"
expect "exactly one '|' in the output" "$(printf '%s' "$OUT" | tr -cd '|' | wc -c)" 1
expect_no_match "no escape characters" "$OUT" $'\x1b'

# 8 KiB: many endpoints at -vvv; long output is cut, perfdata kept whole
URLS=""
for i in $(seq 1 120); do URLS+="https://endpoint-number-$i.example.test/some/long/path/to/make/lines/longer,"; done
run -C "$CONF_OK" -vvv --set "endpoints=${URLS%,}" -t 20
BYTES=$(printf '%s\n' "$OUT" | wc -c)
if ((BYTES <= 8191)); then ok "output within 8191 bytes ($BYTES)"; else fail "output is $BYTES bytes"; fi
expect_match "long output was cut with a marker" "$OUT" $'\n''\.\.\. [0-9]+ more lines? cut to fit 8191 bytes$'
expect_match "perfdata complete (ends with probe_duration)" "$(perfdata)" "endpoints_total=120;;;0 .* probe_duration=[0-9.]+s;;;0$"
expect_match "big perfdata follows the guidelines" "$(perfdata | python3 "$HERE/perfdata_check.py" 2>&1)" "^[0-9]+ items$"

finish
