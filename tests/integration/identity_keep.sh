#!/usr/bin/env bash
# integration.identity_keep: a one-shot front end (check_azure_arc, the
# arcprobe CLI) remembers the last identity challenge only in its state file.
# Where that file cannot be kept (state_dir = none, identity_state = none, a
# place state_file.c refuses), every run would challenge again and himds
# write a key file each time: the probe then makes no challenge at all, says
# why and what to do, and stays OK (as with identity_interval = 0). With a
# usable place it challenges once and remembers. arc-sim counts the challenges.
# usage: identity_keep.sh ARCPROBE CHECK_AZURE_ARC ARC_SIM
set -euo pipefail
ARCPROBE=${1:?usage: identity_keep.sh ARCPROBE CHECK_AZURE_ARC ARC_SIM}
PLUGIN=${2:?}
SIM=${3:?}
. "$(dirname "$0")/sim_lib.sh"
sim_start "$SIM"
# no run of this test may touch the user's own cache
export XDG_CACHE_HOME=$SIM_DIR/no-cache HOME=$SIM_DIR/no-home
RUNS=4

challenges() { cat "$SIM_DIR/identity-challenges" 2>/dev/null || echo 0; }
# plugin OUT [--set ...]: the plugin's output, its exit code on the last line
plugin() {
  local out=$1 rc=0; shift
  "$PLUGIN" --config "$SIM_CONF" --check himds "$@" >"$out" || rc=$?
  echo "exit=$rc" >>"$out"
}
# cli OUT [--set ...]: the CLI's JSON report, its exit code in OUT.rc
cli() {
  local out=$1 rc=0; shift
  "$ARCPROBE" --config "$SIM_CONF" --check himds --json "$@" >"$out" || rc=$?
  echo "$rc" >"$out.rc"
}

# unusable NAME WHY_REGEX SETTINGS...: RUNS runs of each front end with the
# settings challenge nothing, stay OK and say why, with the remedy
unusable() {
  local name=$1 why=$2; shift 2
  local sets=() s
  for s in "$@"; do sets+=(--set "$s"); done
  local before n
  before=$(challenges)
  for i in $(seq $RUNS); do plugin "$SIM_DIR/plugin.out" "${sets[@]}"; done
  n=$(( $(challenges) - before ))
  expect "check_azure_arc, $name: $RUNS runs, no challenge" "$n" 0
  expect "  ... exit 0 (OK)" "$(tail -1 "$SIM_DIR/plugin.out")" exit=0
  local line
  line=$(grep '^himds: ' "$SIM_DIR/plugin.out" || true)
  expect_match "  ... himds OK, the challenge not made" "$line" '^himds: OK - .*identity challenge not made'
  expect_match "  ... says why" "$line" "$why"
  expect_match "  ... and the remedy" "$line" "state directory it owns \(state_dir or identity_state\)"

  before=$(challenges)
  for i in $(seq $RUNS); do cli "$SIM_DIR/cli.json" "${sets[@]}"; done
  n=$(( $(challenges) - before ))
  expect "arcprobe, $name: $RUNS runs, no challenge" "$n" 0
  expect "  ... exit 0" "$(cat "$SIM_DIR/cli.json.rc")" 0
  expect "  ... himds OK" "$(json_get "$SIM_DIR/cli.json" 'r["himds"]["state"]')" OK
  expect "  ... identity not probed" "$(json_get "$SIM_DIR/cli.json" 'r["himds"]["identity"]')" None
  expect "  ... identity_source" "$(json_get "$SIM_DIR/cli.json" 'r["himds"]["identity_source"]')" "no state"
  expect_match "  ... says why" "$(json_get "$SIM_DIR/cli.json" 'r["himds"]["text"]')" "$why"
}

# ---- places the time cannot be kept in
unusable "state_dir = none" '\(state file not used: state_dir = none\)' \
  identity_state= state_dir=none
unusable "identity_state = none" '\(state file not used: identity_state = none\)' \
  identity_state=none

mkdir "$SIM_DIR/open"; chmod 777 "$SIM_DIR/open"
unusable "world-writable state_dir" "$SIM_DIR/open must belong to uid $(id -u) .*mode 0777" \
  identity_state= state_dir="$SIM_DIR/open"
expect "  ... nothing written there" "$(ls -A "$SIM_DIR/open")" ""

mkdir -m 700 "$SIM_DIR/private"
ln -s "$SIM_DIR/private" "$SIM_DIR/link"
unusable "state_dir a symbolic link" "cannot open $SIM_DIR/link" \
  identity_state= state_dir="$SIM_DIR/link"

mkdir -m 700 "$SIM_DIR/theirs"
if [ "$(id -u)" = 0 ]; then
  chown 65534:65534 "$SIM_DIR/theirs"
  unusable "state_dir of another user" "$SIM_DIR/theirs must belong to uid 0 .*owner uid 65534" \
    identity_state= state_dir="$SIM_DIR/theirs"
else
  chmod 500 "$SIM_DIR/theirs" # a directory this user may not write in
  unusable "state_dir not writable" "cannot write $SIM_DIR/theirs/identity" \
    identity_state= state_dir="$SIM_DIR/theirs"
fi

touch "$SIM_DIR/plain-file"
unusable "identity_state under a file" "cannot create $SIM_DIR/plain-file/sub" \
  identity_state="$SIM_DIR/plain-file/sub/identity"

mkdir -m 700 "$SIM_DIR/dir-state" "$SIM_DIR/dir-state/identity"
unusable "identity file a directory" "$SIM_DIR/dir-state/identity is not a regular file" \
  identity_state= state_dir="$SIM_DIR/dir-state"

# ---- a usable place: one challenge, then remembered
before=$(challenges)
for i in $(seq $RUNS); do plugin "$SIM_DIR/plugin.out" --set identity_state= --set state_dir="$SIM_DIR/plugin-state"; done
expect "check_azure_arc, private state_dir: $RUNS runs, one challenge" "$(( $(challenges) - before ))" 1
expect "  ... exit 0 (OK)" "$(tail -1 "$SIM_DIR/plugin.out")" exit=0
expect_match "  ... remembered" "$(grep '^himds: ' "$SIM_DIR/plugin.out")" \
  '^himds: OK - .*identity challenge seen [0-9]+ s ago \(repeated every 3600 s\)'
expect "  ... in state_dir/identity, 0600" "$(stat -c %a "$SIM_DIR/plugin-state/identity" 2>&1)" 600

before=$(challenges)
for i in $(seq $RUNS); do cli "$SIM_DIR/cli.json" --set identity_state="$SIM_DIR/cli-state/last"; done
expect "arcprobe, private identity_state: $RUNS runs, one challenge" "$(( $(challenges) - before ))" 1
expect "  ... exit 0" "$(cat "$SIM_DIR/cli.json.rc")" 0
expect "  ... identity remembered" "$(json_get "$SIM_DIR/cli.json" 'r["himds"]["identity_source"]')" remembered
expect "  ... identity seen" "$(json_get "$SIM_DIR/cli.json" 'r["himds"]["identity"]')" True

# ---- identity_interval = 0 yields the same state: OK, no challenge
before=$(challenges)
plugin "$SIM_DIR/plugin.out" --set identity_interval=0 --set state_dir=none --set identity_state=
expect "check_azure_arc, identity_interval = 0: no challenge, exit 0" \
  "$(( $(challenges) - before )) $(tail -1 "$SIM_DIR/plugin.out")" "0 exit=0"

finish
