#!/usr/bin/env bash
# Every field of the agent that no public source confirms (tests/sim/AGENT-FIELDS.md)
# absent, renamed in case, or of another JSON type: no false alarm through the CLI.
set -euo pipefail
ARCPROBE=$1 ARC_SIM=$2
. "$(dirname "$0")/sim_lib.sh"
sim_start "$ARC_SIM"
out=$SIM_DIR/report.json

probe() { # probe SCENARIO: the CLI with cloud and location left to the agent's own files
  sim_scenario "$1"
  set +e; "$ARCPROBE" --config "$SIM_CONF" --json --set cloud= --set location= >"$out"; rc=$?; set -e
}

no_false_alarm() { # no_false_alarm SCENARIO
  expect "$1: exit status" "$rc" 0
  expect "$1: state" "$(json_get "$out" 'r["state"]')" OK
  expect "$1: himds" "$(json_get "$out" 'r["himds"]["state"]')" OK
  expect "$1: agent Connected" "$(json_get "$out" 'r["agent"]["state"] + " " + r["agent"]["status"]')" "OK Connected"
  expect "$1: azcm" "$(json_get "$out" 'r["azcm"]["state"]')" OK
  expect "$1: endpoints" "$(json_get "$out" 'r["endpoint_summary"]["state"]')" OK
  expect "$1: every endpoint reachable" "$(json_get "$out" 'all(e["state"] == "OK" for e in r["endpoints"])')" True
  # a value of another type is no value: no region invented from it
  expect "$1: regional hosts only for westeurope" \
    "$(json_get "$out" 'all("-gas." not in e["name"] or e["name"].startswith("westeurope-gas.") for e in r["endpoints"])')" True
}

probe connected
no_false_alarm connected
expect "connected: heartbeat age known" "$(json_get "$out" '50 <= r["agent"]["heartbeat_age_s"] <= 120')" True

probe shape-absent
no_false_alarm shape-absent
expect "shape-absent: heartbeat age unknown, not guessed" "$(json_get "$out" 'r["agent"]["heartbeat_age_s"]')" None

probe shape-renamed
no_false_alarm shape-renamed
expect "shape-renamed: heartbeat read from LASTHEARTBEAT" "$(json_get "$out" '50 <= r["agent"]["heartbeat_age_s"] <= 120')" True
expect "shape-renamed: location read from LOCATION" "$(json_get "$out" 'r["agent"]["location"]')" westeurope
expect "shape-renamed: cloud from Compute.AZENVIRONMENT" "$(json_get "$out" 'r["agent"]["cloud"]')" AzurePublicCloud

probe shape-retyped
no_false_alarm shape-retyped
expect "shape-retyped: location of another type is not a location" "$(json_get "$out" 'r["agent"]["location"]')" None
expect "shape-retyped: heartbeat as a number is not a time" "$(json_get "$out" 'r["agent"]["heartbeat_age_s"]')" None

finish
