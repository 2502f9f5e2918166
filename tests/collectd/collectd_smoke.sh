#!/bin/bash
# collectd.smoke: `collectd -T` (read everything once, then exit) with the
# azure_arc plugin. Needs no simulator: himds is a closed loopback port,
# which is data (values + exit 0), not a plugin failure.
#  1. a good configuration reads once, raises its notifications (logged by
#     the logfile plugin, which also receives notifications) and exits 0.
#     Values are not checked here: -T stops the write threads without
#     draining their queue (collectd logs "value lists were left").
#  2. a bad <Instance> block makes collectd refuse the configuration with the
#     plugin's ERROR naming the instance and the probe's own error text
#  3. a bare `LoadPlugin azure_arc` without a <Plugin> block reads the
#     default instance
#  4. the configuration check the README runs before restarting collectd
#     refuses the bad block of 2 (collectd 5.12's -t reads nothing)
#  5. an instance's timeout beats the plugin level's, however written
# Environment: AZARC_PLUGIN, COLLECTD_BIN, optional AZARC_PRELOAD.
set -euo pipefail
: "${AZARC_PLUGIN:?path of azure_arc.so}"
source "$(dirname "$0")/collectd_lib.sh"

PLUGINS=$WORK/plugins
make_plugin_dir "$PLUGINS" logfile
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$WORK/agent"

write_conf() {
    local conf=$1 instance_body=$2
    {
        conf_head 10
        cat <<EOF
LoadPlugin azure_arc
<Plugin azure_arc>
  Checks "himds" "agent" "azcm"
  Set "himds_url" "http://127.0.0.1:$port"
  Set "service_check" "none"
  Set "state_dir" "$WORK/state"
  agent_dir "$WORK/agent"
  <Instance "smoke">
$instance_body
  </Instance>
</Plugin>
EOF
    } >"$conf"
}

# 1. good configuration
write_conf "$WORK/good.conf" '    Timeout 3'
rc=0
collectd_T "$WORK/good.conf" "$WORK/good.log" || rc=$?
[ "$rc" -eq 0 ] || die "collectd -T exited $rc with a good configuration"
grep -q 'azure_arc plugin: instance "smoke" registered (checks himds,agent,azcm, timeout 3.000 s)' "$WORK/good.log" ||
    die "instance smoke not registered"
if grep -E '\[error\]' "$WORK/good.log"; then
    die "errors logged with a good configuration"
fi
note() { grep -c "Notification: severity = $1, host = $HOST, plugin = azure_arc, plugin_instance = smoke, type = gauge, type_instance = $2, message = $3" "$WORK/good.log" || true; }
[ "$(note FAILURE himds_state 'himds CRITICAL: .* Fix: restart the agent with .systemctl restart himdsd.')" -eq 1 ] ||
    die "want one FAILURE for himds with its remedy"
[ "$(note WARNING agent_state 'agent UNKNOWN: ')" -eq 1 ] || die "want one WARNING for the agent"
[ "$(grep -c 'Notification: .*plugin = azure_arc' "$WORK/good.log")" -eq 3 ] ||
    die "want exactly 3 notifications (himds, agent, azcm)"
pass "collectd -T: read once, one notification per broken component, exit 0"

# 2. a bad block
write_conf "$WORK/bad.conf" '    Set "no_such_key" "1"'
rc=0
collectd_T "$WORK/bad.conf" "$WORK/bad.log" || rc=$?
[ "$rc" -ne 0 ] || die "collectd -T accepted a bad azure_arc block"
grep -q 'azure_arc plugin: instance "smoke": option "no_such_key": ' "$WORK/bad.log" ||
    die "no ERROR naming the instance and the option"
grep -q 'azure_arc plugin: instance "smoke" not registered' "$WORK/bad.log" ||
    die "no ERROR saying the instance is not registered"
if grep -E "Segmentation|AddressSanitizer|runtime error" "$WORK/bad.log"; then
    die "crash on a bad block"
fi
pass "collectd -T: bad block refused (exit $rc): $(grep -m1 'no_such_key' "$WORK/bad.log")"
# 3. a bare `LoadPlugin azure_arc` (no <Plugin azure_arc> block): collectd
#    never calls the config callback; the default instance still reads, with
#    the probe's file ($ARCPROBE_CONFIG here: loopback only) and every check
cat >"$WORK/bare-arcprobe.conf" <<EOF
himds_url = http://127.0.0.1:$port
service_check = none
state_dir = $WORK/state
agent_dir = $WORK/agent
proxy = none
endpoints = https://127.0.0.1:$port/
EOF
{
    conf_head 10
    echo 'LoadPlugin azure_arc'
} >"$WORK/bare.conf"
rc=0
ARCPROBE_CONFIG=$WORK/bare-arcprobe.conf collectd_T "$WORK/bare.conf" "$WORK/bare.log" || rc=$?
[ "$rc" -eq 0 ] || die "collectd -T exited $rc with a bare LoadPlugin azure_arc"
grep -q 'azure_arc plugin: instance "default" registered (checks himds,agent,azcm,endpoints, timeout 8.000 s)' "$WORK/bare.log" ||
    die "a bare LoadPlugin azure_arc registered no default instance"
[ "$(grep -c "Notification: severity = FAILURE, host = $HOST, plugin = azure_arc, plugin_instance = default, type = gauge, type_instance = himds_state" "$WORK/bare.log" || true)" -eq 1 ] ||
    die "the default instance of a bare LoadPlugin did not read"
if grep -E '\[error\]' "$WORK/bare.log"; then
    die "errors logged with a bare LoadPlugin"
fi
pass "collectd -T: a bare LoadPlugin azure_arc reads the default instance"
# 4. the README's configuration check before `systemctl restart collectd`
#    (its collectd block) refuses the bad block of step 2
readme=$(dirname "$0")/../../README.md
check=$(awk 'index($0, "packaging.deb runs this block verbatim") { b = 1 }
    b && /^ *collectd .*-C \/etc\/collectd\/collectd.conf/ { print; exit }' "$readme")
[ -n "$check" ] || die "the README's collectd block has no collectd -C /etc/collectd/collectd.conf line"
read -r -a words <<<"${check%%&&*}"
args=()
for w in "${words[@]:1}"; do
    [ "$w" = /etc/collectd/collectd.conf ] && w=$WORK/bad.conf
    args+=("$w")
done
rc=0
if [ -n "${AZARC_PRELOAD:-}" ]; then
    LD_PRELOAD=$AZARC_PRELOAD ASAN_OPTIONS=detect_leaks=0 timeout 120 "$COLLECTD_BIN" "${args[@]}" \
        >"$WORK/readme-check.log" 2>&1 || rc=$?
else
    timeout 120 "$COLLECTD_BIN" "${args[@]}" >"$WORK/readme-check.log" 2>&1 || rc=$?
fi
[ "$rc" -ne 0 ] || die "the README's check 'collectd ${words[*]:1}' passes a refused azure_arc block"
grep -q 'azure_arc plugin: instance "smoke": option "no_such_key": ' "$WORK/readme-check.log" ||
    die "the README's check does not say why"
pass "the README's check 'collectd ${words[*]:1}' refuses the bad block (exit $rc)"
# 5. an instance's timeout beats the plugin level's, however each is written
{
    conf_head 10
    cat <<EOF
LoadPlugin azure_arc
<Plugin azure_arc>
  Checks "himds"
  Set "himds_url" "http://127.0.0.1:$port"
  Set "service_check" "none"
  Set "state_dir" "$WORK/state"
  agent_dir "$WORK/agent"
  Timeout 2
  <Instance "own">
    Set "timeout" "6"
  </Instance>
  <Instance "inherits">
  </Instance>
</Plugin>
EOF
} >"$WORK/levels.conf"
rc=0
collectd_T "$WORK/levels.conf" "$WORK/levels.log" || rc=$?
[ "$rc" -eq 0 ] || die "collectd -T exited $rc with a plugin-level Timeout"
grep -q 'azure_arc plugin: instance "own" registered (checks himds, timeout 6.000 s)' "$WORK/levels.log" ||
    die "the instance's Set \"timeout\" lost to the plugin level's Timeout: $(grep -m1 'instance "own" registered' "$WORK/levels.log")"
grep -q 'azure_arc plugin: instance "inherits" registered (checks himds, timeout 2.000 s)' "$WORK/levels.log" ||
    die "the plugin level's Timeout is not inherited"
pass "collectd -T: an instance's Set \"timeout\" beats the plugin level's Timeout"
echo "collectd.smoke: all checks passed"
