#!/bin/bash
# snmp.debian_snippet: snmp-mib/arcprobe.conf, dropped into an snmpd
# configured like Debian's stock snmpd.conf (read-only community public
# limited to the "systemonly" view, includeDir), lets the subagent connect
# through an AgentX socket restricted to the Debian-snmp group, but shows
# ARCPROBE-MIB to no community or user until the admin enables one of its
# two commented access lines: then that SNMPv3 user (authPriv only) or that
# community (from this host only) reads ARCPROBE-MIB and nothing else, and
# public still reads none of it.
. "$(dirname "$0")/lib.sh"

SNIPPET="$MIB_SRC/arcprobe.conf"
[ -f "$SNIPPET" ] || fail "no $SNIPPET"
mkdir -p "$WORK/conf.d"
V3_AUTH=arcprobe-test-auth
V3_PRIV=arcprobe-test-priv
COMMUNITY=arcprobe-test-community

# Debian 12's stock access lines (/etc/snmp/snmpd.conf from the snmpd package).
# snmpd runs with -C (lib.sh): it reads no persistent file, so the SNMPv3
# user the admin creates in /var/lib/snmp/snmpd.conf is created here.
write_snmpd_conf() {
    cat >"$WORK/snmpd.conf" <<CONF
agentaddress udp:127.0.0.1:$SNMPD_PORT
master agentx
view   systemonly  included   .1.3.6.1.2.1.1
view   systemonly  included   .1.3.6.1.2.1.25.1
rocommunity  public default -V systemonly
rouser authPrivUser authpriv -V systemonly
# the test's own full-view community, to prove the hidden objects exist
rocommunity  fullview 127.0.0.1
createUser arcprobe SHA "$V3_AUTH" AES "$V3_PRIV"
includeDir $WORK/conf.d
agentXSocket $AGENTX_SOCKET
dontLogTCPWrappersConnects yes
CONF
}

get_as() { # get_as COMMUNITY OID: one value, or "No Such ..."
    snmpget -v2c -c "$1" -t 1 -r 0 -On -Oqv "127.0.0.1:$SNMPD_PORT" "$2" 2>&1 || true
}
get_v3() { # get_v3 LEVEL OID: as the drop-in's SNMPv3 user
    local -a keys=(-a SHA -A "$V3_AUTH")
    [ "$1" = authPriv ] && keys+=(-x AES -X "$V3_PRIV")
    snmpget -v3 -l "$1" -u arcprobe "${keys[@]}" -t 1 -r 0 -On -Oqv "127.0.0.1:$SNMPD_PORT" "$2" 2>&1 || true
}
expect_no_such() { # expect_no_such WHAT OUTPUT
    [[ "$2" == "No Such Object"* ]] || fail "$1: $2"
    echo "ok: $1: No Such Object"
}
# The test's full view serves a finished probe (arcprobeProbeCount >= 1).
served_fullview() { [[ "$(get_as fullview "$OBJ.1.6.0")" =~ ^[1-9][0-9]*$ ]]; }
restart_snmpd() {
    stop_snmpd
    start_snmpd
    wait_until 60 "arcprobe-agentx to serve a probe again" served_fullview
}
# enable SED_EXPRESSION: the admin's edit of the installed drop-in; it must
# change exactly one line, or the drop-in no longer has the documented line.
enable() {
    sed "$1" "$SNIPPET" >"$WORK/conf.d/arcprobe.conf"
    local changed
    changed=$(diff "$SNIPPET" "$WORK/conf.d/arcprobe.conf" | grep -c '^>' || true)
    [ "$changed" = 1 ] || fail "'$1' changed $changed lines of the drop-in, want 1"
}

start_sim --scenario connected

# Without the drop-in: the subagent registers, but the community cannot see it.
start_snmpd
start_agentx
wait_until 30 "the subagent to connect" grep -q 'AgentX subagent connected' "$WORK/agentx.log"
sleep 2
expect_no_such "without the drop-in, public reads arcprobeOverallState" "$(get_as public "$OBJ.1.1.0")"
stop_agentx
stop_snmpd

# The drop-in as shipped: served (the test's full view reads it), but not
# to public, whatever object, and not to the SNMPv3 user yet.
cp "$SNIPPET" "$WORK/conf.d/arcprobe.conf"
start_snmpd
start_agentx
wait_until 60 "arcprobe-agentx to serve a probe" served_fullview
[ "$(get_as fullview "$OBJ.3.3.0")" = 2 ] || fail "arcprobeAgentStatus is not served at all: the checks below would prove nothing"
walk_values() { # walk_values COMMUNITY: how many ARCPROBE-MIB values it reads
    snmpwalk -v2c -c "$1" -t 1 -r 0 -On "127.0.0.1:$SNMPD_PORT" "$ROOT" 2>&1 | grep "^\.$ROOT\." | grep -vc 'No Such' || true
}
full=$(walk_values fullview)
[ "$full" -ge 30 ] || fail "the full view reads only $full ARCPROBE-MIB values"
shipped=$(walk_values public)
[ "$shipped" = 0 ] || fail "the drop-in as shipped lets public read $shipped ARCPROBE-MIB values (the full view reads $full)"
echo "ok: the drop-in as shipped: public reads 0 of the $full ARCPROBE-MIB values"
expect_no_such "the drop-in as shipped, public reads arcprobeAgentResourceId" "$(get_as public "$OBJ.3.6.0")"
expect_no_such "the drop-in as shipped, public reads arcprobeAzcmMessage" "$(get_as public "$OBJ.4.5.0")"
out=$(get_v3 authPriv "$OBJ.3.3.0")
[[ "$out" == *"authorizationError"* || "$out" == "No Such Object"* ]] ||
    fail "the drop-in as shipped lets the SNMPv3 user read: $out"
echo "ok: the drop-in as shipped: the SNMPv3 user reads nothing"
if getent group Debian-snmp >/dev/null; then
    perms=$(stat -c '%a %G' "$AGENTX_SOCKET")
    [ "$perms" = "660 Debian-snmp" ] || fail "AgentX socket is '$perms', want '660 Debian-snmp'"
    echo "ok: AgentX socket $perms"
else
    echo "note: no Debian-snmp group here (snmpd not installed?): socket access not checked"
fi

# The SNMPv3 line, enabled as arcprobe-agentx(8) and the README say.
enable 's/^#rouser arcprobe /rouser arcprobe /'
restart_snmpd
[ "$(get_v3 authPriv "$OBJ.3.3.0")" = 2 ] || fail "the SNMPv3 user (authPriv) reads: $(get_v3 authPriv "$OBJ.3.3.0")"
echo "ok: SNMPv3 user arcprobe, authPriv: arcprobeAgentStatus = 2"
out=$(get_v3 authNoPriv "$OBJ.3.3.0")
[[ "$out" == *"authorizationError"* ]] || fail "the SNMPv3 user without encryption reads: $out"
echo "ok: SNMPv3 user arcprobe without encryption: refused"
expect_no_such "the SNMPv3 user reads sysUpTime (outside its view)" "$(get_v3 authPriv "$SYS_UPTIME")"
expect_no_such "with the SNMPv3 user enabled, public reads arcprobeAgentResourceId" "$(get_as public "$OBJ.3.6.0")"

# The community line instead, with the admin's community.
enable "s/^#rocommunity CHANGE-ME /rocommunity $COMMUNITY /"
restart_snmpd
[ "$(get_as "$COMMUNITY" "$OBJ.3.3.0")" = 2 ] || fail "the enabled community reads: $(get_as "$COMMUNITY" "$OBJ.3.3.0")"
echo "ok: the enabled community: arcprobeAgentStatus = 2"
expect_no_such "the enabled community reads sysUpTime (outside its view)" "$(get_as "$COMMUNITY" "$SYS_UPTIME")"
out=$(snmpget -v2c -c "$COMMUNITY" -t 1 -r 0 -On --clientaddr=127.0.0.2 "127.0.0.1:$SNMPD_PORT" "$OBJ.3.3.0" 2>&1 || true)
[[ "$out" == Timeout* ]] || fail "the enabled community answered a request from 127.0.0.2: $out"
echo "ok: the enabled community from 127.0.0.2 (not this host's 127.0.0.1): no answer"
expect_no_such "with the community enabled, public reads arcprobeAgentResourceId" "$(get_as public "$OBJ.3.6.0")"
stop_agentx

# The deployment the unit makes: an unprivileged user whose only extra
# right is the Debian-snmp group can connect; without it, it cannot.
if ! getent group Debian-snmp >/dev/null; then
    echo PASS
    exit 0
fi
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
served() { [[ "$(get_as "$COMMUNITY" "$OBJ.1.6.0")" =~ ^[1-9][0-9]*$ ]]; } # a finished probe
served && fail "a user outside Debian-snmp could register with the master"
kill -0 "$AGENTX_PID" 2>/dev/null || fail "arcprobe-agentx as nobody exited instead of retrying"
echo "ok: a user outside Debian-snmp cannot connect"
stop_agentx

run_as_nobody Debian-snmp agentx-nobody.log
wait_until 60 "the subagent as nobody in Debian-snmp to serve a probe" served
[ "$(get_as "$COMMUNITY" "$OBJ.3.3.0")" = 2 ] || fail "arcprobeAgentStatus served by user nobody in group Debian-snmp: $(get_as "$COMMUNITY" "$OBJ.3.3.0")"
echo "ok: arcprobeAgentStatus served by user nobody in group Debian-snmp"
stop_agentx
echo PASS
