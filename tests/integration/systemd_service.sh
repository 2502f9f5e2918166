#!/usr/bin/env bash
# The himds service check through sd-bus: a private dbus-daemon as the
# "system bus" and a stand-in for systemd's API, in every unit state; then
# the fallback to the process table when there is no bus.
set -euo pipefail
ARCPROBE=$1 ARC_SIM=$2 FAKE_SYSTEMD=$3
. "$(dirname "$0")/sim_lib.sh"
sim_start "$ARC_SIM"
. "$(dirname "$0")/private_systemd.sh"
trap 'kill ${FAKE_SYSTEMD_PID:-} ${PRIVATE_BUS_PID:-} 2>/dev/null || true; sim_stop' EXIT
private_systemd_start "$SIM_DIR" "$FAKE_SYSTEMD" || exit 1

out=$SIM_DIR/report.json
check() { # check UNIT-STATE SERVICE_CHECK
  echo "$1" >"$SIM_DIR/unit-state"
  set +e; "$ARCPROBE" --config "$SIM_CONF" --json --check himds --set service_check="$2" >"$out"; rc=$?; set -e
}
check "loaded active" systemd
expect "active unit: service" "$(json_get "$out" 'r["himds"]["service"]')" active
expect "active unit: method" "$(json_get "$out" 'r["himds"]["service_method"]')" systemd
expect "active unit: OK" "$rc" 0
check "loaded failed" systemd
expect "failed unit: service" "$(json_get "$out" 'r["himds"]["service"]')" failed
expect "failed unit: CRITICAL" "$rc" 2
check "loaded inactive" auto
expect "inactive unit (auto picks systemd): service" "$(json_get "$out" 'r["himds"]["service"]')" inactive
expect "inactive unit: method" "$(json_get "$out" 'r["himds"]["service_method"]')" systemd
check "not-found inactive" systemd
expect "no such unit: service" "$(json_get "$out" 'r["himds"]["service"]')" "not installed"
expect_match "no such unit: text" "$(json_get "$out" 'r["himds"]["text"]')" 'himdsd.service is inactive \(not-found\)'

# no system bus at all
export DBUS_SYSTEM_BUS_ADDRESS=unix:path=$SIM_DIR/no-such-socket
check "loaded active" auto
expect "no bus, auto: falls back to the process table" "$(json_get "$out" 'r["himds"]["service_method"]')" proc
expect "no bus, auto: service found by process" "$(json_get "$out" 'r["himds"]["service"]')" active
check "loaded active" systemd
expect "no bus, systemd only: unknown" "$(json_get "$out" 'r["himds"]["service"]')" unknown
finish
