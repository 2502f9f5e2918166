#!/usr/bin/env bash
# Every field of the agent that no public source confirms (tests/sim/AGENT-FIELDS.md)
# absent, renamed in case, or of another JSON type: no false alarm through the CLI.
# The simulator's default serves only confirmed shapes: /agentstatus has `status`
# alone; its other members come only with --agentstatus-extras (as named) or in a
# shape-* scenario (absent, renamed, retyped). The /metadata/instance compute members
# (one public example confirms them) are also played absent, renamed and retyped.
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

agentstatus_keys() { # the members /agentstatus serves, sorted
  python3 -c 'import json, sys, urllib.request
print(" ".join(sorted(json.load(urllib.request.urlopen(sys.argv[1] + "/agentstatus", timeout=5)))))' \
    "http://127.0.0.1:$SIM_PORT"
}
compute_keys_outside_example() { # the compute members served that the [jumpstart] example lacks
  python3 -c 'import json, sys, urllib.request
example = set(sys.argv[2].split())
req = urllib.request.Request(sys.argv[1] + "/metadata/instance?api-version=2020-06-01", headers={"Metadata": "true"})
print(" ".join(sorted(set(json.load(urllib.request.urlopen(req, timeout=5))["compute"]) - example)))' \
    "http://127.0.0.1:$SIM_PORT" "$JUMPSTART_COMPUTE"
}
# the compute members of the example output in Microsoft's Arc Jumpstart (AGENT-FIELDS.md [jumpstart])
JUMPSTART_COMPUTE="azEnvironment customData isHostCompatibilityLayerVm location name offer osType placementGroupId plan platformFaultDomain platformUpdateDomain provider publicKeys publisher resourceGroupName resourceId securityProfile sku storageProfile subscriptionId tags tagsList version vmId vmScaleSetName vmSize zone"
EXTRAS="agentErrorCode agentErrorDetails agentVersion httpsProxy lastHeartbeat location proxyBypass resourceGroup resourceName services status subscriptionId tenantId"

probe connected
# Microsoft's onboarding script, the only public source for /agentstatus, sends no Metadata
# header there; the probe asks the same way (read before agentstatus_keys asks too)
expect "connected (default): /agentstatus asked once, without a Metadata header" \
  "$(cat "$SIM_DIR/agentstatus-requests" 2>/dev/null)" "requests=1 with_metadata=0"
expect "connected (default): /agentstatus serves status alone" "$(agentstatus_keys)" status
expect "connected (default): /metadata/instance serves only compute members a public example shows" "$(compute_keys_outside_example)" ""
no_false_alarm connected
expect "connected (default): heartbeat age unknown, not guessed" "$(json_get "$out" 'r["agent"]["heartbeat_age_s"]')" None

probe shape-absent
expect "shape-absent: /agentstatus serves status alone" "$(agentstatus_keys)" status
no_false_alarm shape-absent
expect "shape-absent: heartbeat age unknown, not guessed" "$(json_get "$out" 'r["agent"]["heartbeat_age_s"]')" None

probe shape-renamed
expect "shape-renamed: every extra served, renamed" "$(agentstatus_keys)" "$(tr a-z A-Z <<<"${EXTRAS/ status / }" | tr ' ' '\n' | LC_ALL=C sort | tr '\n' ' ')status"
no_false_alarm shape-renamed
expect "shape-renamed: heartbeat read from LASTHEARTBEAT" "$(json_get "$out" '50 <= r["agent"]["heartbeat_age_s"] <= 120')" True
expect "shape-renamed: location read from LOCATION" "$(json_get "$out" 'r["agent"]["location"]')" westeurope
expect "shape-renamed: cloud from Compute.AZENVIRONMENT" "$(json_get "$out" 'r["agent"]["cloud"]')" AzurePublicCloud

probe shape-retyped
expect "shape-retyped: every extra served, retyped" "$(agentstatus_keys)" "$EXTRAS"
no_false_alarm shape-retyped
expect "shape-retyped: location of another type is not a location" "$(json_get "$out" 'r["agent"]["location"]')" None
expect "shape-retyped: heartbeat as a number is not a time" "$(json_get "$out" 'r["agent"]["heartbeat_age_s"]')" None


# Opted in: the extras as `azcmagent show -j` names them.
sim_restart "$ARC_SIM" --agentstatus-extras
out=$SIM_DIR/report.json
probe connected
expect "connected with extras: /agentstatus serves them" "$(agentstatus_keys)" "$EXTRAS"
no_false_alarm "connected with extras"
expect "connected with extras: heartbeat age known" "$(json_get "$out" '50 <= r["agent"]["heartbeat_age_s"] <= 120')" True
probe shape-absent
expect "shape-absent with extras asked: still status alone" "$(agentstatus_keys)" status
finish
