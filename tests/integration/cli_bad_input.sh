#!/usr/bin/env bash
# Bad command lines and configuration: exit 3 with a clear message, never a crash.
set -euo pipefail
ARCPROBE=$1 ARC_SIM=$2
. "$(dirname "$0")/sim_lib.sh"
sim_start "$ARC_SIM"
run() { set +e; "$ARCPROBE" "$@" >"$SIM_DIR/out" 2>"$SIM_DIR/err"; rc=$?; set -e; }

run --bogus
expect "unknown option: exit 3" "$rc" 3
expect_match "unknown option: message" "$(cat "$SIM_DIR/err")" "unknown option '--bogus'"
run --check endpoints,nonsense
expect "bad --check: exit 3" "$rc" 3
run --set timeout
expect "--set without '=': exit 3" "$rc" 3
run --config "$SIM_CONF" --set timeout=10x
expect "bad override: exit 3" "$rc" 3
expect_match "bad override: names the key" "$(cat "$SIM_DIR/err")" "timeout: '10x' is not a number"
run --config /nonexistent.conf
expect "missing --config file: exit 3" "$rc" 3
expect_match "missing file: message" "$(cat "$SIM_DIR/err")" "/nonexistent.conf: cannot open"
printf 'timeout = 5\nhimds_url = not a url\n' >"$SIM_DIR/bad.conf"
run --config "$SIM_DIR/bad.conf"
expect "bad config: exit 3" "$rc" 3
expect_match "bad config: file, line and key" "$(cat "$SIM_DIR/err")" "bad.conf:2: himds_url: 'not a url' is not a URL"
ARCPROBE_CONFIG=$SIM_DIR/none.conf run
expect "ARCPROBE_CONFIG naming a missing file: exit 3" "$rc" 3
run extra-argument
expect "positional argument: exit 3" "$rc" 3
run --help
expect "--help: exit 0" "$rc" 0
expect_match "--help lists --json" "$(cat "$SIM_DIR/out")" "--json"
run --version
expect_match "--version" "$(cat "$SIM_DIR/out")" '^arcprobe [0-9]+\.[0-9]+\.[0-9]+'
# a proxy with credentials is never printed, whatever happens
run --config "$SIM_CONF" --set proxy=http://alice:s3cret@127.0.0.1:9 --json
expect "proxy password not in output" "$(grep -c s3cret "$SIM_DIR/out" "$SIM_DIR/err" | awk -F: '{s+=$2} END {print s}')" 0
finish
