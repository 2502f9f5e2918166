#!/bin/bash
# snmp.proxy_secrets (issue 11 item 2): the subagent under a real snmpd with
# the issue's proxy URLs in the agent's localconfig.json and as its own
# setting: nothing served over SNMP and nothing in its log holds a piece of
# the password.
. "$(dirname "$0")/lib.sh"

start_sim --scenario connected
start_snmpd
AGENT_DIR=$(sed -n 's/^agent_dir *= *//p' "$SIM_DIR/arcprobe.conf")
[ -d "$AGENT_DIR" ] || fail "no agent_dir in the simulator's arcprobe.conf"
export DBUS_SYSTEM_BUS_ADDRESS=unix:path=$WORK/no-system-bus
mkdir -p "$WORK/root"

no_fragments() { # no_fragments FILE WHAT FRAGMENTS...
    local file=$1 what=$2 f
    shift 2
    for f in "$@"; do
        if grep -qF -- "$f" "$file"; then
            grep -F -- "$f" "$file" | head -5 >&2
            fail "$what: $(basename "$file") holds '$f'"
        fi
    done
}

walk() {
    snmpwalk -v2c -c public -t 2 -r 0 -On -Oa "127.0.0.1:$SNMPD_PORT" "$ROOT" >"$WORK/walk.txt" 2>&1 ||
        fail "snmpwalk failed: $(cat "$WORK/walk.txt")"
}

CASES=(
    'http://arc:p@ssword@proxy.example:3128|p@ss ssword'
    'http://arc:Pa@ssw0rdX/Y@proxy.example:3128|ssw0rd Pa@ss X/Y'
    'http://arc:pa/ss@127.0.0.1:3128|pa/ss arc:pa'
)
for c in "${CASES[@]}"; do
    url=${c%%|*}
    read -ra frags <<<"${c#*|}"
    printf '{"proxy.url": "%s"}\n' "$url" >"$AGENT_DIR/localconfig.json"
    : >"$WORK/agentx.log"
    start_agentx -o "systemd_root=$WORK/root" -o timeout=3
    wait_probes 1
    walk
    grep -q 'proxy' "$WORK/walk.txt" || fail "localconfig.json $url: the walk says nothing about the proxy"
    no_fragments "$WORK/walk.txt" "localconfig.json $url" "${frags[@]}"
    stop_agentx
    no_fragments "$WORK/agentx.log" "localconfig.json $url" "${frags[@]}"
    echo "ok: localconfig.json $url: $(grep -m1 -o 'proxy[^"]*' "$WORK/walk.txt" | cut -c1-120)"
done
rm -f "$AGENT_DIR/localconfig.json"

# as the subagent's own setting: refused URLs stop it with a masked message
for c in "${CASES[@]:1}"; do
    url=${c%%|*}
    read -ra frags <<<"${c#*|}"
    rc=0
    "$AGENTX" -f -Le -c "$SIM_DIR/arcprobe.conf" -x "$AGENTX_SOCKET" -o "proxy=$url" \
        >"$WORK/refused.log" 2>&1 || rc=$?
    [ "$rc" -ne 0 ] || fail "-o proxy=$url was accepted"
    grep -q 'proxy URL' "$WORK/refused.log" || fail "-o proxy=$url: no reason given"
    no_fragments "$WORK/refused.log" "-o proxy=$url" "${frags[@]}"
    echo "ok: -o proxy=$url refused: $(head -c 120 "$WORK/refused.log")"
done
echo PASS
