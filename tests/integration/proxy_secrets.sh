#!/usr/bin/env bash
# Issue 11 item 2: proxy passwords never reach any output. Each proxy URL
# (the issue's and neighbours) set three ways -- arcprobe's proxy setting,
# the agent's localconfig.json, HTTPS_PROXY in a systemd DefaultEnvironment=
# drop-in -- then every output of the CLI (JSON, table, -v) and of the
# Nagios plugin (-vvv); and the argument-error echoes (--set typos, unknown
# options, stray arguments) of the CLI, the plugin and the SNMP subagent.
# No output may hold any fragment of a password.
# usage: proxy_secrets.sh ARCPROBE CHECK_AZURE_ARC AGENTX|"" ARC_SIM
set -euo pipefail
ARCPROBE=$1 CHECK=$2 AGENTX=$3 ARC_SIM=$4
. "$(dirname "$0")/sim_lib.sh"
sim_start "$ARC_SIM"
# no system bus: HTTPS_PROXY comes from the drop-in files under ROOT
export DBUS_SYSTEM_BUS_ADDRESS=unix:path=$SIM_DIR/no-system-bus
ROOT=$SIM_DIR/root
mkdir -p "$ROOT/etc/systemd/system.conf.d"
AGENT_DIR=$(sed -n 's/^agent_dir *= *//p' "$SIM_CONF")
[ -d "$AGENT_DIR" ] || { echo "no agent_dir in $SIM_CONF" >&2; exit 1; }
COMMON=(-s timeout=3 -s "systemd_root=$ROOT" -s "endpoints=https://ok.test:1/")

# URL|fragments of its password that must appear nowhere
CASES=(
  'http://arc:Pa@ssw0rdX/Y@proxy.example:3128|ssw0rd Pa@ss X/Y'
  'http://arc:p@ssword@proxy.example:3128|p@ss ssword'
  'http://arc:pa/ss@127.0.0.1:3128|pa/ss arc:pa'
  'http://arc:p%40ss%2Fw0rd@proxy.example:3128|%40ss ss%2F w0rd ss/w0'
  'socks5h://arc:Qx7-secret@proxy.example:1080|Qx7'
  'http://arc:p@ss:w@rd@[::1]:3128|ss:w w@rd'
  'arc:Zk9pass@proxy.example:3128|Zk9'
)

OUT=$SIM_DIR/out
leaks() { # leaks DESCRIPTION FRAGMENTS...: every fragment is absent from $OUT
  local what=$1 f bad=""
  shift
  for f in "$@"; do
    grep -qF -- "$f" "$OUT" && bad+=" '$f'"
  done
  if [ -n "$bad" ]; then
    echo "FAIL - $what: output holds$bad:"
    sed 's/^/    /' "$OUT" | head -20
    FAILURES=$((FAILURES + 1))
  else
    echo "ok   - $what"
  fi
}
printed() { # printed DESCRIPTION REGEX: the output says something about it
  if grep -qE -- "$2" "$OUT"; then echo "ok   - $1"; else
    echo "FAIL - $1: no /$2/ in:"; sed 's/^/    /' "$OUT" | head -10; FAILURES=$((FAILURES + 1)); fi
}

every_output() { # every_output LABEL FRAGMENTS [extra settings...]
  local label=$1 frags=$2
  shift 2
  # shellcheck disable=SC2086
  { "$ARCPROBE" --config "$SIM_CONF" "${COMMON[@]}" "$@" --json --check endpoints || true; } >"$OUT" 2>&1
  leaks "$label: arcprobe --json" $frags
  printed "$label: arcprobe --json reports the endpoints" '"endpoints"|proxy'
  { "$ARCPROBE" --config "$SIM_CONF" "${COMMON[@]}" "$@" -v --check endpoints || true; } >"$OUT" 2>&1
  leaks "$label: arcprobe table -v" $frags
  { "$CHECK" --config "$SIM_CONF" "${COMMON[@]}" "$@" -vvv --check endpoints || true; } >"$OUT" 2>&1
  leaks "$label: check_azure_arc -vvv" $frags
  printed "$label: check_azure_arc printed a state" '^ARC (OK|WARNING|CRITICAL|UNKNOWN)'
}

for c in "${CASES[@]}"; do
  url=${c%%|*} frags=${c#*|}
  rm -f "$AGENT_DIR/localconfig.json" "$ROOT/etc/systemd/system.conf.d/proxy.conf"
  every_output "proxy setting $url" "$frags" -s "proxy=$url"
  printf '{"proxy.url": "%s"}\n' "$url" >"$AGENT_DIR/localconfig.json"
  every_output "localconfig.json $url" "$frags"
  rm -f "$AGENT_DIR/localconfig.json"
  printf '[Manager]\nDefaultEnvironment="HTTPS_PROXY=%s"\n' "$url" \
    >"$ROOT/etc/systemd/system.conf.d/proxy.conf"
  every_output "system.conf.d HTTPS_PROXY $url" "$frags"
done
rm -f "$AGENT_DIR/localconfig.json" "$ROOT/etc/systemd/system.conf.d/proxy.conf"

# the agent-accepted URL is used, credentials apart, from the agent's setting
printf '{"proxy.url": "%s"}\n' 'http://arc:p@ssword@proxy.example:3128' >"$AGENT_DIR/localconfig.json"
"$ARCPROBE" --config "$SIM_CONF" "${COMMON[@]}" --json --check endpoints >"$OUT" 2>&1 || true
expect "agent-accepted URL: proxy_source" "$(json_get "$OUT" 'r["endpoint_summary"]["proxy_source"]')" config
expect "agent-accepted URL: the proxy as shown" \
  "$(json_get "$OUT" 'r["endpoints"][0]["proxy"]')" "http://proxy.example:3128"
rm -f "$AGENT_DIR/localconfig.json"

# the configuration echo (-vvv lists the settings): the proxy without credentials
"$CHECK" --config "$SIM_CONF" "${COMMON[@]}" -s "proxy=http://arc:p@ssword@127.0.0.1:9" -vvv \
  --check endpoints >"$OUT" 2>&1 || true
leaks "check_azure_arc -vvv settings echo" p@ss ssword
printed "check_azure_arc -vvv shows the proxy without credentials" 'proxy=http://127\.0\.0\.1:9'

# argument errors: typos that hold a proxy URL are echoed masked
typo() { # typo LABEL COMMAND...
  local label=$1
  shift
  { "$@" || true; } >"$OUT" 2>&1
  leaks "$label" pw0rd7 'u:pw'
  printed "$label: says what is wrong" 'KEY=VALUE|unknown|unexpected|invalid|needs|wants|proxy URL'
}
for T in "$ARCPROBE" "$CHECK"; do
  n=$(basename "$T")
  typo "$n -s proxyhttp://u:pw0rd7@h" "$T" --config "$SIM_CONF" -s proxyhttp://u:pw0rd7@h
  typo "$n -s proxyhttp://u:pw0rd7@h=1" "$T" --config "$SIM_CONF" -s proxyhttp://u:pw0rd7@h=1
  typo "$n --proxyy=http://u:pw0rd7@h" "$T" --config "$SIM_CONF" --proxyy=http://u:pw0rd7@h
  typo "$n stray http://u:pw0rd7@h" "$T" --config "$SIM_CONF" http://u:pw0rd7@h
  typo "$n -s proxy=http://u:pw0rd7/x@h" "$T" --config "$SIM_CONF" -s proxy=http://u:pw0rd7/x@h
done
typo "check_azure_arc -t http://u:pw0rd7@h" "$CHECK" --config "$SIM_CONF" -t http://u:pw0rd7@h
if [ -n "$AGENTX" ]; then
  typo "arcprobe-agentx -o proxyhttp://u:pw0rd7@h" "$AGENTX" -f -c "$SIM_CONF" -o proxyhttp://u:pw0rd7@h
  typo "arcprobe-agentx --bogus=http://u:pw0rd7@h" "$AGENTX" -f -c "$SIM_CONF" --bogus=http://u:pw0rd7@h
  typo "arcprobe-agentx -i http://u:pw0rd7@h" "$AGENTX" -f -c "$SIM_CONF" -i http://u:pw0rd7@h
  typo "arcprobe-agentx -o proxyhttp://u:pw0rd7@h=1" "$AGENTX" -f -c "$SIM_CONF" -Le \
    -o proxyhttp://u:pw0rd7@h=1
fi
finish
