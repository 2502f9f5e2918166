#!/bin/bash
# collectd.endpoint_memory: the real collectd daemon (`collectd -f`) with an
# endpoint that fails, leaves the endpoint list and comes back healthy: the
# consumer that got its FAILURE gets its OKAY.
# The regional host westeurope-gas.guestconfiguration.azure.com is listed
# only while the region is known, from agentconfig.json or himds (as the
# regional his host is only while discovery answers). connect_to sends it to a port where nothing
# listens (refused: CRITICAL), every other host to arc-sim.
#  1. region named, the host refused: one FAILURE
#  2. agentconfig.json without a location and himds down (as while the agent
#     reconnects): the host leaves the list, nothing is raised
#  3. both back and a second arc-sim listening on that port: the host is
#     reachable: one OKAY
# Environment: AZARC_PLUGIN, ARC_SIM, COLLECTD_BIN, optional AZARC_PRELOAD.
set -euo pipefail
: "${AZARC_PLUGIN:?path of azure_arc.so}" "${ARC_SIM:?path of arc-sim}"
source "$(dirname "$0")/collectd_lib.sh"

HOSTNAME_GAS=westeurope-gas.guestconfiguration.azure.com
SIM=$WORK/sim
start_sim "$SIM" --process-name "epm-c$$"
tls_port=$(sed -n 's/.* tls_port=\([0-9]*\).*/\1/p' "$SIM/ready")
[ -n "$tls_port" ] || die "no tls_port in $SIM/ready"
gas_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

# The agent's files under the test's control (the region), the rest as
# arc-sim wrote it.
AGENT=$WORK/agent
cp -r "$SIM/agent" "$AGENT"
cp "$AGENT/agentconfig.json" "$WORK/agentconfig.with-region"
grep -v '"location"' "$WORK/agentconfig.with-region" >"$WORK/agentconfig.without-region"
set_region() { # set_region with|without: replace agentconfig.json at once
    cp "$WORK/agentconfig.$1-region" "$AGENT/agentconfig.json.new"
    mv "$AGENT/agentconfig.json.new" "$AGENT/agentconfig.json"
}
grep -v -e '^location' -e '^agent_dir' -e '^connect_to' "$SIM/arcprobe.conf" >"$WORK/arcprobe.conf"
cat >>"$WORK/arcprobe.conf" <<EOF
agent_dir = $AGENT
connect_to = $HOSTNAME_GAS:443:127.0.0.1:$gas_port ::127.0.0.1:$tls_port
EOF

PLUGINS=$WORK/plugins
make_plugin_dir "$PLUGINS" logfile unixsock exec
NOTIF=$WORK/notifications
write_notify_script "$NOTIF"
SOCK=$WORK/collectd.sock
ID=$HOST/azure_arc-mem
{
    conf_head 1
    conf_observe "$SOCK"
    cat <<EOF
LoadPlugin azure_arc
<Plugin azure_arc>
  <Instance "mem">
    ConfigFile "$WORK/arcprobe.conf"
    Checks "endpoints"
    Interval 2
    Timeout 1.5
  </Instance>
</Plugin>
EOF
} >"$WORK/collectd.conf"

start_collectd "$WORK/collectd.conf" "$WORK/collectd.log"
wait_for 30 "unixsock socket" test -S "$SOCK"
TI=state-$HOSTNAME_GAS

# 1. refused while listed
wait_for 30 "$HOSTNAME_GAS refused: state CRITICAL" value_is "$SOCK" "$ID/gauge-$TI" 2
wait_for 30 "one FAILURE for $HOSTNAME_GAS" notif_count_is "$NOTIF" FAILURE mem "$TI" 1
pass "listed and refused: one FAILURE for $HOSTNAME_GAS"

# 2. out of the list: its value stops, nothing is raised
# read_since EPOCH: the instance was read at or after EPOCH
read_since() { [ "$(value_time "$SOCK" "$ID/count-endpoints")" -ge "$1" ]; }
set_region without
switch_scenario "$SIM" himds-down
t0=$(value_time "$SOCK" "$ID/count-endpoints")
# a read that may have started before the change, then one that did not
wait_for 30 "a read after the region went" read_since $((t0 + 3))
t1=$(value_time "$SOCK" "$ID/gauge-$TI")
wait_for 30 "two more reads without the region" read_since $((t0 + 7))
t2=$(value_time "$SOCK" "$ID/gauge-$TI")
# collectd may have dropped the stale value from its cache by now
[ -z "$t2" ] || [ "$t2" -eq "$t1" ] || die "$HOSTNAME_GAS still probed without a region in agentconfig.json"
notif_count_is "$NOTIF" OKAY mem "$TI" 0 || die "an OKAY for $HOSTNAME_GAS while it is out of the list"
pass "out of the list: no longer probed, nothing raised"

# 3. back in the list, now reachable
GAS=$WORK/sim-gas
start_sim "$GAS" --tls-port "$gas_port" --process-name "epg-c$$"
set_region with
switch_scenario "$SIM" connected
wait_for 30 "$HOSTNAME_GAS reachable: state OK" value_is "$SOCK" "$ID/gauge-$TI" 0
wait_for 30 "one OKAY for $HOSTNAME_GAS" notif_count_is "$NOTIF" OKAY mem "$TI" 1
notif_count_is "$NOTIF" FAILURE mem "$TI" 1 || die "more than one FAILURE for $HOSTNAME_GAS"
msg=$(notif_message "$NOTIF" OKAY mem "$TI")
case "$msg" in "endpoint $HOSTNAME_GAS OK again: "*) ;; *) die "OKAY message: $msg" ;; esac
pass "back in the list and reachable: one OKAY: $msg"

kill -TERM "$COLLECTD_PID"
rc=0
wait "$COLLECTD_PID" || rc=$?
[ "$rc" -eq 0 ] || die "collectd exited with status $rc"
if grep -E "ERROR: AddressSanitizer|runtime error:" "$WORK/collectd.log"; then
    die "sanitizer report in collectd's output"
fi
echo "collectd.endpoint_memory: all checks passed"
