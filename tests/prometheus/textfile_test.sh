#!/usr/bin/env bash
# arcprobe --format openmetrics through the real Prometheus tools:
# - promtool check metrics accepts the output for every simulator scenario;
# - a real node_exporter (textfile collector only, loopback port) serves the
#   file, and its values agree with the --json report;
# - a writer killed between write and rename leaves the previous file whole;
# - the shipped alert rules pass promtool check rules.
set -euo pipefail
ARCPROBE=$1 ARC_SIM=$2 KILL_AT_RENAME=$3 PROMTOOL=$4 NODE_EXPORTER=$5 PROM_DIR=$6
. "$(dirname "$0")/../integration/sim_lib.sh"
sim_start "$ARC_SIM"
TEXTFILE_DIR=$SIM_DIR/textfile
mkdir "$TEXTFILE_DIR"
PROM=$TEXTFILE_DIR/arcprobe.prom

om() { "$ARCPROBE" --config "$SIM_CONF" --format openmetrics "$@" || true; }

# 1. Every scenario lints clean. promtool exits non-zero on a parse error and
#    prints lint problems (missing HELP, bad units, counters without _total).
for scenario in connected disconnected expired azcm-error himds-down himds-hung himds-garbage \
                himds-slow himds-html; do
  sim_scenario "$scenario"
  om -t 5 >"$SIM_DIR/$scenario.prom"
  lint=$("$PROMTOOL" check metrics <"$SIM_DIR/$scenario.prom" 2>&1) && rc=0 || rc=$?
  expect "$scenario: promtool check metrics passes" "$rc/$lint" "0/"
  expect "$scenario: has the overall state" \
    "$(grep -c '^arcprobe_state{component="overall"} [0-3]$' "$SIM_DIR/$scenario.prom")" 1
done
# A state the exposition must carry: himds down is CRITICAL overall.
expect "himds-down: overall CRITICAL" \
  "$(sed -n 's/^arcprobe_state{component="overall"} //p' "$SIM_DIR/himds-down.prom")" 2
expect "himds-down: himds_up 0" "$(sed -n 's/^arcprobe_himds_up //p' "$SIM_DIR/himds-down.prom")" 0
expect "disconnected: status label" \
  "$(sed -n 's/^arcprobe_agent_status{status="Disconnected"} //p' "$SIM_DIR/disconnected.prom")" 1
# No endpoint observed (an unknown cloud: no list, nothing probed): the counts
# are unknown, so no sample, never 0 failed; the state says UNKNOWN.
om --check endpoints --set cloud=AzureMars -t 5 >"$SIM_DIR/nocloud.prom"
lint=$("$PROMTOOL" check metrics <"$SIM_DIR/nocloud.prom" 2>&1) && rc=0 || rc=$?
expect "unknown cloud: promtool check metrics passes" "$rc/$lint" "0/"
expect "unknown cloud: endpoints state UNKNOWN" \
  "$(sed -n 's/^arcprobe_state{component="endpoints"} //p' "$SIM_DIR/nocloud.prom")" 3
expect "unknown cloud: no endpoint count samples" \
  "$(grep -c '^arcprobe_endpoints\(_failed\)\?[{ ]' "$SIM_DIR/nocloud.prom" || true)" 0

# 2. A real node_exporter serves the file (textfile collector only).
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$NODE_EXPORTER" --web.listen-address="127.0.0.1:$port" --collector.disable-defaults \
  --collector.textfile --collector.textfile.directory="$TEXTFILE_DIR" >"$SIM_DIR/ne.log" 2>&1 &
NE_PID=$!
trap 'kill $NE_PID 2>/dev/null || true; sim_stop' EXIT
for _ in $(seq 100); do
  curl -fsS "http://127.0.0.1:$port/metrics" >/dev/null 2>&1 && break
  sleep 0.1
done
scrape() { curl -fsS "http://127.0.0.1:$port/metrics"; }
# sample FILE NAME [LABEL=VALUE...]: the values of NAME's samples that carry
# those labels, one a line (node_exporter re-orders labels, so parse them).
sample() {
  python3 - "$@" <<'PY'
import re, sys
path, name, want = sys.argv[1], sys.argv[2], dict(a.split("=", 1) for a in sys.argv[3:])
for line in open(path):
    m = re.match(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$', line.strip())
    if not m or m.group(1) != name:
        continue
    labels = dict(re.findall(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"', m.group(2) or ""))
    if all(labels.get(k) == v for k, v in want.items()):
        print(m.group(3))
PY
}

sim_scenario azcm-error
"$ARCPROBE" --config "$SIM_CONF" --format openmetrics --output "$PROM" && rc=0 || rc=$?
"$ARCPROBE" --config "$SIM_CONF" --json >"$SIM_DIR/azcm.json" || true
expect "azcm-error: --output exit status is the state" "$rc" "$(json_get "$SIM_DIR/azcm.json" \
  '{"OK":0,"WARNING":1,"CRITICAL":2,"UNKNOWN":3}[r["state"]]')"
expect "--output file is readable by node_exporter's user" "$(stat -c %a "$PROM")" 644
scrape >"$SIM_DIR/scrape.txt"
expect "scrape: no textfile error" "$(sample "$SIM_DIR/scrape.txt" node_textfile_scrape_error)" 0
state_num() { json_get "$SIM_DIR/azcm.json" "{'OK':0,'WARNING':1,'CRITICAL':2,'UNKNOWN':3}[$1]"; }
expect "scrape: overall state = JSON" "$(sample "$SIM_DIR/scrape.txt" arcprobe_state component=overall)" \
  "$(state_num 'r["state"]')"
for c in himds agent azcm endpoints; do
  key=$c; [ "$c" = endpoints ] && key=endpoint_summary
  expect "scrape: $c state = JSON" "$(sample "$SIM_DIR/scrape.txt" arcprobe_state component=$c)" \
    "$(state_num "r['$key']['state']")"
done
expect "scrape: last AZCM code = JSON" "$(sample "$SIM_DIR/scrape.txt" arcprobe_azcm_last_code)" \
  "$(json_get "$SIM_DIR/azcm.json" 'int(r["azcm"]["code"][4:]) if isinstance(r["azcm"]["code"], str) else r["azcm"]["code"]')"
expect "scrape: agent status = JSON" "$(sample "$SIM_DIR/scrape.txt" arcprobe_agent_status \
  status="$(json_get "$SIM_DIR/azcm.json" 'r["agent"]["status"]')")" 1
expect "scrape: endpoint count = JSON" \
  "$(sample "$SIM_DIR/scrape.txt" arcprobe_endpoints | awk '{s+=$1} END {print s}')" \
  "$(json_get "$SIM_DIR/azcm.json" 'len(r["endpoints"])')"
while read -r name required cls up; do
  expect "scrape: $name up/class/required = JSON" \
    "$(sample "$SIM_DIR/scrape.txt" arcprobe_endpoint_up endpoint="$name" required="$required" class="$cls")" "$up"
done < <(json_get "$SIM_DIR/azcm.json" '"\n".join(" ".join([e["name"], e["required"], e["class"], "1" if e["class"] == "ok" else "0"]) for e in r["endpoints"] if e["class"] != "not_probed")')

# 3. Killed between write and rename: the previous file stays, whole, and is
#    still what node_exporter serves.
cp "$PROM" "$SIM_DIR/before.prom"
sim_scenario himds-down
# An ASan build wants its runtime first in the preload list.
preload=$KILL_AT_RENAME
asan_runtime=$(ldd "$ARCPROBE" | awk '/libasan/ {print $3}')
[ -z "$asan_runtime" ] || preload=$asan_runtime:$preload
set +e
LD_PRELOAD=$preload "$ARCPROBE" --config "$SIM_CONF" --format openmetrics --output "$PROM" 2>/dev/null
rc=$?
set -e
expect "writer killed at rename (SIGKILL)" "$rc" 137
expect "previous file unchanged after the interrupted write" "$(cmp -s "$SIM_DIR/before.prom" "$PROM" && echo same)" same
leftover=$(find "$TEXTFILE_DIR" -name '*.prom' ! -name arcprobe.prom | wc -l)
expect "no other *.prom file left behind" "$leftover" 0
scrape >"$SIM_DIR/scrape2.txt"
expect "scrape after the interrupted write: no textfile error" \
  "$(sample "$SIM_DIR/scrape2.txt" node_textfile_scrape_error)" 0
expect "scrape after the interrupted write: still the old verdict" \
  "$(sample "$SIM_DIR/scrape2.txt" arcprobe_state component=overall)" \
  "$(state_num 'r["state"]')"
# ...and the next complete run replaces it.
"$ARCPROBE" --config "$SIM_CONF" --format openmetrics --output "$PROM" -t 5 || true
scrape >"$SIM_DIR/scrape3.txt"
expect "next run replaces the file (himds down: CRITICAL)" \
  "$(sample "$SIM_DIR/scrape3.txt" arcprobe_state component=overall)" 2

# 4. A missing directory is a clear error and UNKNOWN, not a crash.
set +e
err=$("$ARCPROBE" --config "$SIM_CONF" --format openmetrics --output "$SIM_DIR/nodir/x.prom" 2>&1 >/dev/null)
rc=$?
set -e
expect "missing directory: exit UNKNOWN" "$rc" 3
expect_match "missing directory: says why" "$err" 'cannot write .*nodir/x.prom: No such file or directory'

# 5. The shipped alert rules are valid.
rules=$("$PROMTOOL" check rules "$PROM_DIR/arcprobe.rules.yml" 2>&1) && rc=0 || rc=$?
expect "promtool check rules accepts arcprobe.rules.yml" "$rc" 0
[ "$rc" -eq 0 ] || echo "$rules"
finish
