#!/usr/bin/env bash
# Every configuration error the probe turns into an UNKNOWN finding (the
# endpoints' settings, the agent's proxy settings, the agent's logs) carries
# the core's cause and remedy: in the CLI's JSON report, in its table and in
# the plugin's long output. Nothing leaves loopback: each error stops the
# check before its first packet.
# Usage: config_error_advice.sh ARCPROBE CHECK_AZURE_ARC
set -euo pipefail
ARCPROBE=${1:?usage: config_error_advice.sh ARCPROBE CHECK_AZURE_ARC}
PLUGIN=${2:?}
T=$(mktemp -d /tmp/arcprobe-advice.XXXXXX)
trap 'rm -rf "$T"' EXIT
FAILURES=0
CASES=0
ok() { echo "ok   - $*"; }
fail() {
  echo "FAIL - $*"
  FAILURES=$((FAILURES + 1))
}

# An agent directory with one log line and no proxy, and a config that
# points at it; himds_url is a closed loopback port (never asked here).
base_agent() {
  rm -rf "$T/agent"
  mkdir -p "$T/agent/log"
  echo 'time="2026-12-01T10:00:00Z" level=info msg="AZCM0000: ok"' >"$T/agent/log/azcmagent.log"
  cat >"$T/arcprobe.conf" <<CONF
agent_dir = $T/agent
himds_url = http://127.0.0.1:9
cloud = AzureCloud
location = westeurope
state_dir = none
identity_state = none
timeout = 5
CONF
}

# expect_advice NAME CHECK [--set KEY=VALUE...]: the CLI's JSON has an
# UNKNOWN finding for the component, and every finding has a cause and a
# remedy; the table and the plugin say them too.
expect_advice() {
  local name=$1 check=$2
  shift 2
  CASES=$((CASES + 1))
  "$ARCPROBE" --config "$T/arcprobe.conf" --check "$check" --json "$@" >"$T/out.json" 2>"$T/err" || true
  local verdict
  verdict=$(python3 - "$T/out.json" "$check" <<'PY'
import json, sys
try:
    r = json.load(open(sys.argv[1]))
except ValueError as e:
    print("no JSON report: %s" % e)
    sys.exit()
found = [f for f in r.get("findings", []) if f["component"] == sys.argv[2]]
if not any(f["state"] == "UNKNOWN" for f in found):
    print("no UNKNOWN %s finding in %s" % (sys.argv[2], r.get("findings")))
for f in r.get("findings", []):
    for key in ("cause", "remedy"):
        if not (f.get(key) or "").strip():
            print("%s finding '%s' has no %s" % (f["component"], f["text"], key))
    # the front ends run unprivileged: access is granted, never "run it as root"
    if "as root" in (f.get("remedy") or ""):
        print("%s finding '%s' tells to run as root: %s" % (f["component"], f["text"], f["remedy"]))
PY
)
  if [ -z "$verdict" ]; then ok "$name: JSON finding with cause and remedy"; else fail "$name: $verdict"; fi

  # the table: a cause and a remedy row under the component
  "$ARCPROBE" --config "$T/arcprobe.conf" --check "$check" "$@" >"$T/out.txt" 2>&1 || true
  if grep -Eq '^ *cause ' "$T/out.txt" && grep -Eq '^ *remedy ' "$T/out.txt"; then
    ok "$name: table has cause and remedy"
  else
    fail "$name: table without cause or remedy: $(cat "$T/out.txt")"
  fi

  # the plugin: UNKNOWN, and "cause:"/"remedy:" under the component's line
  local rc=0
  "$PLUGIN" --config "$T/arcprobe.conf" --check "$check" "$@" >"$T/plugin.txt" 2>&1 || rc=$?
  if [ "$rc" = 3 ] && grep -Eq "^  cause: ." "$T/plugin.txt" && grep -Eq "^  remedy: ." "$T/plugin.txt"; then
    ok "$name: plugin UNKNOWN with cause and remedy"
  else
    fail "$name: plugin exit $rc, output: $(cat "$T/plugin.txt")"
  fi
}

# ---- the endpoints' own settings
base_agent
expect_advice "endpoints: not https" endpoints --set endpoints=ftp://x.example.test/
expect_advice "endpoints: credentials in a URL" endpoints --set endpoints=https://u:p@x.example.test/
expect_advice "endpoints_add: plain http" endpoints --set endpoints_add=http://x.example.test/
expect_advice "endpoints: lists nothing" endpoints --set "endpoints= , "
many=$(for i in $(seq 1100); do printf 'https://h%d.example.test/,' "$i"; done)
expect_advice "endpoints: too many" endpoints --set "endpoints=$many"
expect_advice "features: unknown" endpoints --set features=fax
expect_advice "cloud: unknown" endpoints --set cloud=MarsCloud
expect_advice "location: not a region" endpoints --set location=west/europe

# ---- the agent's proxy settings, which the probe must follow
base_agent
echo '{"proxy.url": ' >"$T/agent/localconfig.json"
expect_advice "localconfig.json: not JSON" endpoints
echo '[1, 2]' >"$T/agent/localconfig.json"
expect_advice "localconfig.json: no object" endpoints
echo '{"proxy.url": "ftp://proxy.example.test:21"}' >"$T/agent/localconfig.json"
expect_advice "localconfig.json: proxy.url not usable" endpoints
rm "$T/agent/localconfig.json"
mkdir "$T/agent/localconfig.json"
expect_advice "localconfig.json: not a file" endpoints
rmdir "$T/agent/localconfig.json"
head -c $((1024 * 1024 + 10)) /dev/zero | tr '\0' ' ' >"$T/agent/localconfig.json"
expect_advice "localconfig.json: too large" endpoints

# ---- the agent's logs
base_agent
expect_advice "azcm: agent_dir without logs" azcm --set agent_dir="$T/nowhere"
rm "$T/agent/log/azcmagent.log"
mkfifo "$T/agent/log/azcmagent.log"
expect_advice "azcm: log is a FIFO" azcm
rm "$T/agent/log/azcmagent.log"
echo 'level=info msg="AZCM0000"' >"$T/elsewhere.log"
ln -s "$T/elsewhere.log" "$T/agent/log/azcmagent.log"
expect_advice "azcm: log is a symbolic link" azcm
rm "$T/agent/log/azcmagent.log"
rm -rf "$T/agent/log"
echo 'not a directory' >"$T/agent/log"
expect_advice "azcm: log directory is a file" azcm

echo "$CASES cases"
if [ "$FAILURES" -gt 0 ]; then
  echo "$FAILURES check(s) failed"
  exit 1
fi
echo "all checks passed"
