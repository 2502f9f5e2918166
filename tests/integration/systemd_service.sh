#!/usr/bin/env bash
# The himds service check through sd-bus: a private dbus-daemon as the
# "system bus" and a stand-in for systemd's API, in every unit state; then
# the fallback to the process table when there is no bus.
set -euo pipefail
ARCPROBE=$1 ARC_SIM=$2 FAKE_SYSTEMD=$3
. "$(dirname "$0")/sim_lib.sh"
sim_start "$ARC_SIM"
bus_conf=$SIM_DIR/bus.conf
cat >"$bus_conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=$SIM_DIR/system_bus_socket</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_destination="*" eavesdrop="true"/>
    <allow receive_sender="*"/>
  </policy>
</busconfig>
CONF
dbus-daemon --config-file="$bus_conf" --nofork --nopidfile >"$SIM_DIR/bus.log" 2>&1 &
bus_pid=$!
export DBUS_SYSTEM_BUS_ADDRESS=unix:path=$SIM_DIR/system_bus_socket
for i in $(seq 100); do [ -S "$SIM_DIR/system_bus_socket" ] && break; sleep 0.1; done
echo "loaded active" >"$SIM_DIR/unit-state"
"$FAKE_SYSTEMD" "$SIM_DIR/unit-state" >"$SIM_DIR/fake.log" 2>&1 &
fake_pid=$!
trap 'kill $fake_pid $bus_pid 2>/dev/null || true; sim_stop' EXIT
for i in $(seq 100); do grep -q ready "$SIM_DIR/fake.log" 2>/dev/null && break; sleep 0.1; done
grep -q ready "$SIM_DIR/fake.log" || { cat "$SIM_DIR/fake.log" "$SIM_DIR/bus.log"; exit 1; }

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
