#!/usr/bin/env bash
# The real CLI against every simulator scenario: states, texts and JSON fields.
# First the simulator's default, where /agentstatus answers only the confirmed
# `status`; at the end one that also serves the members no public source shows
# there (--agentstatus-extras), for what the probe does with the heartbeat.
set -euo pipefail
ARCPROBE=$1 ARC_SIM=$2
. "$(dirname "$0")/sim_lib.sh"
sim_start "$ARC_SIM"
out=$SIM_DIR/report.json

probe() { # probe SCENARIO [arcprobe args]: runs the CLI, leaves JSON in $out, exit status in $rc
  sim_scenario "$1"; shift
  local start end
  start=$(date +%s%N)
  set +e; "$ARCPROBE" --config "$SIM_CONF" --json "$@" >"$out"; rc=$?; set -e
  end=$(date +%s%N)
  elapsed_ms=$(( (end - start) / 1000000 ))
}

probe connected
expect "connected: exit status" "$rc" 0
expect "connected: state" "$(json_get "$out" 'r["state"]')" OK
expect "connected: himds service" "$(json_get "$out" 'r["himds"]["service"]')" active
expect "connected: service method" "$(json_get "$out" 'r["himds"]["service_method"]')" proc
expect "connected: endpoint answered" "$(json_get "$out" 'r["himds"]["endpoint"]')" answered
expect "connected: identity challenge" "$(json_get "$out" 'r["himds"]["identity"]')" True
expect "connected: agent status" "$(json_get "$out" 'r["agent"]["status"]')" Connected
expect "connected, status only: heartbeat age unknown, not guessed" "$(json_get "$out" 'r["agent"]["heartbeat_age_s"]')" None
expect "connected, status only: no agent version invented" "$(json_get "$out" 'r["agent"]["agent_version"]')" None
expect "connected: cloud from himds" "$(json_get "$out" 'r["agent"]["cloud"]')" AzurePublicCloud
expect "connected: location" "$(json_get "$out" 'r["agent"]["location"]')" westeurope
# The table names each cloud once: the agent's "AzurePublicCloud" is shown as AzureCloud.
table=$("$ARCPROBE" --config "$SIM_CONF" --color=never 2>&1 || true)
expect_match "connected: table shows the agent's cloud by its one name" "$table" "westeurope in AzureCloud"
expect "connected: table never says AzurePublicCloud" "$(grep -c AzurePublicCloud <<<"$table" || true)" 0
expect_match "connected: resource id" "$(json_get "$out" 'r["agent"]["resource_id"]')" '^/subscriptions/.*/providers/Microsoft.HybridCompute/machines/'
expect "connected: no unresolved AZCM error" "$(json_get "$out" 'r["azcm"]["state"]')" OK
expect "connected: endpoints probed" "$(json_get "$out" 'len(r["endpoints"]) > 0 and all(e["state"]=="OK" for e in r["endpoints"])')" True
expect "connected: endpoints used TLS" "$(json_get "$out" 'all(e["tls_version"] and e["tls_version"].startswith("TLS") for e in r["endpoints"])')" True

probe disconnected
expect "disconnected: exit status" "$rc" 2
expect "disconnected: agent status" "$(json_get "$out" 'r["agent"]["status"]')" Disconnected
expect "disconnected: agent state" "$(json_get "$out" 'r["agent"]["state"]')" CRITICAL
expect "disconnected, status only: heartbeat age unknown" "$(json_get "$out" 'r["agent"]["heartbeat_age_s"]')" None

probe expired
expect "expired: agent status" "$(json_get "$out" 'r["agent"]["status"]')" Expired
expect_match "expired: remedy from the core" "$(json_get "$out" 'r["agent"]["remedy"]')" 'azcmagent connect'
expect_no_advice "expired: text without advice" "$(json_get "$out" 'r["agent"]["text"]')"
expect "expired: exit status" "$rc" 2

probe disconnected-40d
expect "disconnected 40 days, status only: exit status" "$rc" 2
expect "disconnected 40 days, status only: no countdown without a heartbeat" "$(json_get "$out" '(r["agent"]["expiry"]["expires_in_s"], r["agent"]["expiry"]["state"])')" "(None, 'OK')"
expect_match "disconnected 40 days, status only: says the expiry is unknown" "$(json_get "$out" 'r["agent"]["expiry"]["text"]')" '^expiry unknown'
expect "disconnected 40 days, status only: names no basis it did not use" "$(json_get "$out" 'r["agent"]["expiry"]["basis"]')" None

probe expired
expect "expired: expires_in 0" "$(json_get "$out" 'r["agent"]["expiry"]["expires_in_s"]')" 0
expect "expired: the agent's own status is the basis" "$(json_get "$out" 'r["agent"]["expiry"]["basis"]')" agent_status
expect "expired: remedy" "$(json_get "$out" 'r["agent"]["expiry"]["remedy"]')" "onboard the machine again: run azcmagent disconnect, then azcmagent connect"

probe clock-behind
expect "clock behind: exit status" "$rc" 2
expect "clock behind: state" "$(json_get "$out" 'r["clock"]["state"]')" CRITICAL
expect "clock behind: offset about -600 s" "$(json_get "$out" '-602 < r["clock"]["offset_s"] < -598')" True
expect_match "clock behind: remedy" "$(json_get "$out" 'r["clock"]["remedy"]')" 'chrony or systemd-timesyncd'
expect "clock behind: every endpoint's own offset" "$(json_get "$out" 'all(-602 < e["clock_offset_s"] < -598 for e in r["endpoints"])')" True
sim_scenario clock-behind
table=$("$ARCPROBE" --config "$SIM_CONF" || true)
expect_match "clock behind: table line" "$table" 'clock +CRITICAL +clock 600 s behind the Date headers'
probe connected
expect "connected: clock judged OK" "$(json_get "$out" 'r["clock"]["state"] == "OK" and r["clock"]["judged"] and abs(r["clock"]["offset_s"]) < 2')" True
expect "connected: no expiry countdown" "$(json_get "$out" 'r["agent"]["expiry"]')" None

probe azcm-error
expect "azcm-error: newest code across both logs" "$(json_get "$out" 'r["azcm"]["code"]')" AZCM0026
expect "azcm-error: state" "$(json_get "$out" 'r["azcm"]["state"]')" WARNING
expect "azcm-error: known code" "$(json_get "$out" 'r["azcm"]["known"]')" True
expect_match "azcm-error: diagnosis names resolution" "$(json_get "$out" 'r["azcm"]["diagnosis"]')" 'does not resolve'
expect_match "azcm-error: remedy names the resolver" "$(json_get "$out" 'r["azcm"]["remedy"]')" 'resolv'
expect "azcm-error: message has no pipe" "$(json_get "$out" '"|" in r["azcm"]["message"]')" False
expect "azcm-error: at least WARNING" "$(json_get "$out" 'r["state"] in ("WARNING","CRITICAL")')" True

probe himds-down
expect "himds-down: exit status" "$rc" 2
expect "himds-down: service" "$(json_get "$out" 'r["himds"]["service"]')" inactive
expect "himds-down: endpoint refused" "$(json_get "$out" 'r["himds"]["endpoint"]')" refused
expect_match "himds-down: remedy says what to do" "$(json_get "$out" 'r["himds"]["remedy"]')" 'systemctl start himdsd'
expect_no_advice "himds-down: text without advice" "$(json_get "$out" 'r["himds"]["text"]')"

probe himds-hung --set timeout=3
expect "himds-hung: endpoint timeout" "$(json_get "$out" 'r["himds"]["endpoint"]')" timeout
expect "himds-hung: state" "$(json_get "$out" 'r["himds"]["state"]')" CRITICAL
expect "himds-hung: finished within the deadline (+1 s)" "$([ "$elapsed_ms" -lt 4000 ] && echo yes || echo "no: ${elapsed_ms} ms")" yes

probe himds-garbage
expect "himds-garbage: endpoint garbage" "$(json_get "$out" 'r["himds"]["endpoint"]')" garbage
expect_match "himds-garbage: text" "$(json_get "$out" 'r["himds"]["text"]')" 'garbage'

probe himds-html
expect "himds-html: endpoint html" "$(json_get "$out" 'r["himds"]["endpoint"]')" html
expect "himds-html: http status" "$(json_get "$out" 'r["himds"]["endpoint_http_status"]')" 500

probe himds-slow --set timeout=6
expect "himds-slow: answered" "$(json_get "$out" 'r["himds"]["endpoint"]')" answered
expect "himds-slow: latency over 1 s" "$(json_get "$out" 'r["himds"]["endpoint_ms"] > 1000')" True
expect "himds-slow: state" "$(json_get "$out" 'r["himds"]["state"]')" OK

# himds down, but `azcmagent show -j` still knows the status (the optional fallback)
cat >"$SIM_DIR/azcmagent" <<'SH'
#!/bin/sh
[ "$1 $2" = "show -j" ] || exit 23
echo '{"status":"Disconnected","lastHeartbeat":"2020-01-01T00:00:00Z","resourceName":"from-show"}'
SH
chmod +x "$SIM_DIR/azcmagent"
probe himds-down --set use_azcmagent_show=true --set azcmagent_path="$SIM_DIR/azcmagent"
expect "azcmagent show fallback: source" "$(json_get "$out" 'r["agent"]["source"]')" "azcmagent show"
expect "azcmagent show fallback: status" "$(json_get "$out" 'r["agent"]["status"]')" Disconnected
# a hanging azcmagent is killed at the deadline, also one that first closes
# its output
hanging_azcmagent() {
    local label=$1 script=$2
    printf '%s' "$script" >"$SIM_DIR/azcmagent"
    probe himds-down --set use_azcmagent_show=true --set azcmagent_path="$SIM_DIR/azcmagent" --set timeout=2
    expect "$label: status unknown" "$(json_get "$out" 'r["agent"]["status"]')" Unknown
    expect_match "$label: says why" "$(json_get "$out" 'r["agent"]["text"]')" 'azcmagent show: no answer before the deadline'
    expect "$label: within the deadline (+1 s)" "$([ "$elapsed_ms" -lt 3000 ] && echo yes || echo "no: ${elapsed_ms} ms")" yes
}
hanging_azcmagent "hanging azcmagent" '#!/bin/sh
exec sleep 30
'
hanging_azcmagent "silent hanging azcmagent" '#!/bin/sh
exec >&-
exec sleep 30
'

# the human table: same verdict, aligned columns, no colour when not a terminal
sim_scenario disconnected
set +e; "$ARCPROBE" --config "$SIM_CONF" >"$SIM_DIR/table.txt"; rc=$?; set -e
expect "table: exit status" "$rc" 2
expect_match "table: headline" "$(head -1 "$SIM_DIR/table.txt")" '^Azure Arc agent: CRITICAL'
expect "table: agent row" "$(grep -c '^agent      CRITICAL  agent Disconnected' "$SIM_DIR/table.txt")" 1
expect "table: no escape sequences" "$(grep -c $'\033' "$SIM_DIR/table.txt" || true)" 0
# ---- /agentstatus with the unconfirmed members (lastHeartbeat, agentVersion, ...)
sim_restart "$ARC_SIM" --agentstatus-extras
out=$SIM_DIR/report.json
probe connected
expect "with extras, connected: exit status" "$rc" 0
expect "with extras, connected: heartbeat age about a minute" "$(json_get "$out" '50 <= r["agent"]["heartbeat_age_s"] <= 120')" True
expect "with extras, connected: agent version" "$(json_get "$out" 'r["agent"]["agent_version"]')" 1.58.03228.2581
probe disconnected
expect "with extras, disconnected: heartbeat age over 30 min" "$(json_get "$out" 'r["agent"]["heartbeat_age_s"] > 1800')" True
probe disconnected-40d
expect "disconnected 40 days: exit status" "$rc" 2
# The simulator dates the heartbeat when it answers, which may be a second
# after the probe began: the age is 40 days or a second less, and the
# countdown is 45 days minus that age, to the second.
expect "disconnected 40 days: heartbeat age" "$(json_get "$out" '40 * 86400 - 1000 < r["agent"]["heartbeat_age_s"] <= 40 * 86400')" True
expect "disconnected 40 days: seconds left" "$(json_get "$out" 'r["agent"]["expiry"]["expires_in_s"] == 45 * 86400 - r["agent"]["heartbeat_age_s"]')" True
expect "disconnected 40 days: expiry CRITICAL by default" "$(json_get "$out" 'r["agent"]["expiry"]["state"]')" CRITICAL
expect "disconnected 40 days: says it is an estimate" "$(json_get "$out" 'r["agent"]["expiry"]["basis"]')" "last_heartbeat + 45 days (estimate)"
expect_match "disconnected 40 days: text shows days left" "$(json_get "$out" 'r["agent"]["text"]')" 'expires in about 5 days \(estimate\)'
expect "disconnected 40 days: expiry date = heartbeat + 45 days" "$(json_get "$out" '__import__("datetime").datetime.fromisoformat(r["agent"]["expiry"]["expires_at"].replace("Z","+00:00")) - __import__("datetime").datetime.fromisoformat(r["agent"]["last_heartbeat"].replace("Z","+00:00"))')" "45 days, 0:00:00"
probe disconnected-40d --set expiry_critical_days=3
expect "disconnected 40 days, critical at 3 days: WARNING" "$(json_get "$out" 'r["agent"]["expiry"]["state"]')" WARNING
sim_scenario disconnected-40d
table=$("$ARCPROBE" --config "$SIM_CONF" || true)
expect_match "disconnected 40 days: table has the expiry line" "$table" 'expiry +CRITICAL expires in about 5 days, at [0-9T:Z-]+ \(estimate: last heartbeat [0-9T:Z-]+ \+ 45 days\)'

finish
