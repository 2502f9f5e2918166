#!/bin/bash
# snmp.debian_snippet: snmp-mib/arcprobe.conf, dropped into an snmpd
# configured like Debian's stock snmpd.conf (read-only community limited to
# the "systemonly" view, includeDir), makes ARCPROBE-MIB visible and nothing
# else, and restricts the AgentX socket to the Debian-snmp group.
. "$(dirname "$0")/lib.sh"

SNIPPET="$MIB_SRC/arcprobe.conf"
[ -f "$SNIPPET" ] || fail "no $SNIPPET"
mkdir -p "$WORK/conf.d"

# Debian 12's stock access lines (/etc/snmp/snmpd.conf from the snmpd package).
write_snmpd_conf() {
    cat >"$WORK/snmpd.conf" <<CONF
agentaddress udp:127.0.0.1:$SNMPD_PORT
master agentx
view   systemonly  included   .1.3.6.1.2.1.1
view   systemonly  included   .1.3.6.1.2.1.25.1
rocommunity  public default -V systemonly
# the test's own full-view community, to prove the hidden objects exist
rocommunity  fullview 127.0.0.1
includeDir $WORK/conf.d
agentXSocket $AGENTX_SOCKET
dontLogTCPWrappersConnects yes
CONF
}

start_sim --scenario connected

# Without the snippet: the subagent registers, but the community cannot see it.
start_snmpd
start_agentx
wait_until 30 "the subagent to connect" grep -q 'AgentX subagent connected' "$WORK/agentx.log"
sleep 2
out=$(snmp_get_raw "$OBJ.1.1.0")
[[ "$out" == "No Such Object"* ]] || fail "without the snippet ARCPROBE-MIB is visible: $out"
echo "ok: stock view hides ARCPROBE-MIB"
stop_agentx
stop_snmpd

# With the snippet.
cp "$SNIPPET" "$WORK/conf.d/arcprobe.conf"
start_snmpd
start_agentx
wait_probes 1
expect_value "$OBJ.3.3.0" 2 "arcprobeAgentStatus through the stock community"
full=$(snmpget -v2c -c fullview -t 1 -r 0 -On -Oqv "127.0.0.1:$SNMPD_PORT" 1.3.6.1.2.1.2.1.0)
[[ "$full" =~ ^[0-9]+$ ]] || fail "ifNumber.0 is not served at all ($full): the check below would prove nothing"
out=$(snmp_get_raw 1.3.6.1.2.1.2.1.0)
[[ "$out" == "No Such Object"* ]] || fail "the snippet opened more than ARCPROBE-MIB: ifNumber.0 = $out"
echo "ok: other subtrees stay hidden"
if ! getent group Debian-snmp >/dev/null; then
    echo "note: no Debian-snmp group here (snmpd not installed?): socket access not checked"
    stop_agentx
    echo PASS
    exit 0
fi
perms=$(stat -c '%a %G' "$AGENTX_SOCKET")
[ "$perms" = "660 Debian-snmp" ] || fail "AgentX socket is '$perms', want '660 Debian-snmp'"
echo "ok: AgentX socket $perms"
stop_agentx

# The deployment the unit makes: an unprivileged user whose only extra
# right is the Debian-snmp group can connect; without it, it cannot.
[ "$(id -u)" = 0 ] || {
    echo "note: not root, cannot switch users: unprivileged run not checked"
    echo PASS
    exit 0
}
chmod 755 "$WORK"
chmod -R a+rX "$SIM_DIR"
mkdir -p "$WORK/nobody-state"
chown nobody "$WORK/nobody-state"
run_as_nobody() { # run_as_nobody GROUPS LOG
    SNMP_PERSISTENT_DIR="$WORK/nobody-state" setpriv --reuid=nobody --regid=nogroup \
        --groups="$1" --inh-caps=-all --bounding-set=-all --no-new-privs \
        "$AGENTX" -f -c "$SIM_DIR/arcprobe.conf" -x "$AGENTX_SOCKET" -i 1 -p 1 >>"$WORK/$2" 2>&1 &
    AGENTX_PID=$!
    STARTED_PIDS+=("$AGENTX_PID")
}

run_as_nobody nogroup agentx-nogroup.log
sleep 3
served() { snmp_get "$OBJ.1.1.0" >/dev/null; }
served && fail "a user outside Debian-snmp could register with the master"
kill -0 "$AGENTX_PID" 2>/dev/null || fail "arcprobe-agentx as nobody exited instead of retrying"
echo "ok: a user outside Debian-snmp cannot connect"
stop_agentx

run_as_nobody Debian-snmp agentx-nobody.log
wait_probes 1
expect_value "$OBJ.3.3.0" 2 "arcprobeAgentStatus served by user nobody in group Debian-snmp"
stop_agentx
echo PASS
