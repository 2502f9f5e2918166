#!/bin/bash
# collectd.proxy_secrets (issue 11 item 2): real collectd with the azure_arc
# plugin, `collectd -T` (one read, then exit) with the proxy URLs of the
# issue -- as the plugin's proxy setting and as the agent's localconfig.json
# -- and a mistyped Set key holding a proxy URL. The log (which the logfile
# plugin also fills with every notification) holds no piece of a password.
# Environment: AZARC_PLUGIN, COLLECTD_BIN, optional AZARC_PRELOAD.
set -euo pipefail
: "${AZARC_PLUGIN:?path of azure_arc.so}"
source "$(dirname "$0")/collectd_lib.sh"

PLUGINS=$WORK/plugins
make_plugin_dir "$PLUGINS" logfile
mkdir -p "$WORK/agent" "$WORK/root"

write_conf() { # write_conf CONF SET-LINES
    {
        conf_head 10
        cat <<EOF
LoadPlugin azure_arc
<Plugin azure_arc>
  Checks "endpoints"
  Set "endpoints" "https://ok.test:1/"
  Set "timeout" "3"
  Set "systemd_root" "$WORK/root"
  agent_dir "$WORK/agent"
  <Instance "secrets">
$2
  </Instance>
</Plugin>
EOF
    } >"$1"
}

no_fragments() { # no_fragments LOG WHAT FRAGMENTS...
    local log=$1 what=$2 f
    shift 2
    for f in "$@"; do
        if grep -qF -- "$f" "$log"; then
            grep -F -- "$f" "$log" | head -5 >&2
            die "$what: the collectd log holds '$f'"
        fi
    done
}

export DBUS_SYSTEM_BUS_ADDRESS=unix:path=$WORK/no-system-bus
CASES=(
    'http://arc:Pa@ssw0rdX/Y@proxy.example:3128|ssw0rd Pa@ss X/Y'
    'http://arc:p@ssword@proxy.example:3128|p@ss ssword'
    'http://arc:pa/ss@127.0.0.1:3128|pa/ss arc:pa'
    'http://arc:p%40ss%2Fw0rd@proxy.example:3128|%40ss ss%2F w0rd'
)
n=0
for c in "${CASES[@]}"; do
    url=${c%%|*}
    read -ra frags <<<"${c#*|}"
    n=$((n + 1))
    # the agent's setting
    printf '{"proxy.url": "%s"}\n' "$url" >"$WORK/agent/localconfig.json"
    write_conf "$WORK/lc$n.conf" '    Timeout 3'
    rc=0
    collectd_T "$WORK/lc$n.conf" "$WORK/lc$n.log" || rc=$?
    # an accepted URL probes (the proxy name does not resolve: a FAILURE
    # notification); a refused one is an endpoint configuration error,
    # whose collectd text is another slice's (issue 11 item 7)
    case $url in *proxy.example*)
        if [[ $url != *X/Y* ]]; then
            grep -qE 'plugin = azure_arc, plugin_instance = secrets, type = gauge, type_instance = state-ok.test:1, message = .*proxy_unreachable' \
                "$WORK/lc$n.log" || die "localconfig.json $url: no endpoint notification from the plugin"
        fi
        ;;
    esac
    no_fragments "$WORK/lc$n.log" "localconfig.json $url" "${frags[@]}"
    pass "localconfig.json $url: $(grep -m1 -o 'message = .*' "$WORK/lc$n.log" | cut -c1-160)"
    rm -f "$WORK/agent/localconfig.json"
    # the plugin's own setting (refused ones are a configuration error)
    write_conf "$WORK/set$n.conf" "    Set \"proxy\" \"$url\""
    rc=0
    collectd_T "$WORK/set$n.conf" "$WORK/set$n.log" || rc=$?
    grep -q 'azure_arc' "$WORK/set$n.log" || die "Set proxy $url: nothing from the plugin"
    no_fragments "$WORK/set$n.log" "Set proxy $url" "${frags[@]}"
    pass "Set proxy $url: $(grep -m1 -o 'option "proxy".*\|message = .*' "$WORK/set$n.log" | cut -c1-160)"
done

# a mistyped key that holds a proxy URL
write_conf "$WORK/typo.conf" '    Set "proxyhttp://u:pw0rd7@h" "1"'
rc=0
collectd_T "$WORK/typo.conf" "$WORK/typo.log" || rc=$?
[ "$rc" -ne 0 ] || die "collectd accepted a mistyped key"
grep -q 'azure_arc plugin: instance "secrets": option "proxyhttp://\*\*\*@h"' "$WORK/typo.log" ||
    die "the typo's error does not name the (masked) option"
no_fragments "$WORK/typo.log" "Set typo" pw0rd7 'u:pw'
pass "mistyped Set key refused, masked: $(grep -m1 'proxyhttp' "$WORK/typo.log")"
