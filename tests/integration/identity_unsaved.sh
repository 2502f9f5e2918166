#!/usr/bin/env bash
# integration.identity_unsaved: a one-shot run (check_azure_arc, the arcprobe
# CLI) whose state file could be replaced when it decided to challenge, but
# whose write then failed (a file size limit: EFBIG; a full file system:
# ENOSPC), says so in a himds note: the time of the challenge was not kept,
# with state_file.c's reason, and the next run challenges again (himds writes
# a key file each time). The note is no alarm: the state stays OK, the file
# stays as it was, and the next run indeed challenges again. arc-sim counts
# the challenges.
# usage: identity_unsaved.sh ARCPROBE CHECK_AZURE_ARC ARC_SIM
set -euo pipefail
ARCPROBE=${1:?usage: identity_unsaved.sh ARCPROBE CHECK_AZURE_ARC ARC_SIM}
PLUGIN=${2:?}
SIM=${3:?}
. "$(dirname "$0")/sim_lib.sh"
sim_start "$SIM"
# no run of this test may touch the user's own cache
export XDG_CACHE_HOME=$SIM_DIR/no-cache HOME=$SIM_DIR/no-home
HIMDS_URL=$(sed -n 's/^himds_url = //p' "$SIM_CONF")
KEPT=$SIM_DIR/kept
FILE=$KEPT/identity
mkdir -m 700 "$KEPT"
# a challenge two hours old: stale, so every run below challenges
printf '%s %s\n' "$(( $(date +%s) - 7200 ))" "$HIMDS_URL" >"$FILE"
chmod 600 "$FILE"
BEFORE_MD5=$(md5sum <"$FILE")
NOTE_RE='identity challenge time not kept \(state file not saved: cannot write '

challenges() { cat "$SIM_DIR/identity-challenges" 2>/dev/null || echo 0; }
# limited CMD...: CMD with no file growing past 0 bytes (write() fails with
# EFBIG instead of raising SIGXFSZ); its output goes through a pipe, which
# the limit does not touch, its exit code on the last line
limited() {
  (trap '' XFSZ; ulimit -f 0; rc=0; "$@" 2>&1 || rc=$?; echo "exit=$rc") | cat
}
plugin() { "$PLUGIN" --config "$SIM_CONF" --check himds --set identity_state="$FILE" "$@"; }
cli() { "$ARCPROBE" --config "$SIM_CONF" --check himds --set identity_state="$FILE" "$@"; }
json_of() { sed '$d' "$1" >"$1.json"; echo "$1.json"; } # the output without its exit line

# ---- check_azure_arc: the write fails, the run says so in its long output
before=$(challenges)
limited plugin >"$SIM_DIR/plugin.out"
expect "check_azure_arc, write failing (EFBIG): one challenge" "$(( $(challenges) - before ))" 1
expect "  ... exit 0 (OK)" "$(tail -1 "$SIM_DIR/plugin.out")" exit=0
expect_match "  ... himds OK" "$(grep '^himds: ' "$SIM_DIR/plugin.out")" '^himds: OK - '
line=$(grep '^  himds note: ' "$SIM_DIR/plugin.out" || true)
expect_match "  ... himds note: not kept, with the reason" "$line" \
  "^  himds note: ${NOTE_RE}$FILE: File too large\): the next run challenges again"
expect "  ... the state file unchanged" "$(md5sum <"$FILE")" "$BEFORE_MD5"
expect "  ... no temporary file left" "$(ls -A "$KEPT")" identity

# ---- the CLI: the note in the JSON and under himds in the table; the next run challenges again
before=$(challenges)
limited cli --json >"$SIM_DIR/cli.out"
json=$(json_of "$SIM_DIR/cli.out")
expect "arcprobe --json, write failing: challenged again" "$(( $(challenges) - before ))" 1
expect "  ... exit 0" "$(tail -1 "$SIM_DIR/cli.out")" exit=0
expect "  ... himds OK" "$(json_get "$json" 'r["himds"]["state"]')" OK
expect "  ... identity seen by this challenge" \
  "$(json_get "$json" 'r["himds"]["identity"], r["himds"]["identity_source"]')" "(True, 'challenge')"
expect_match "  ... himds.note: not kept, with the reason" "$(json_get "$json" 'r["himds"].get("note")')" \
  "^${NOTE_RE}$FILE: File too large\): the next run challenges again"
expect "  ... no finding" "$(json_get "$json" 'len(r["findings"])')" 0
expect "  ... the state file unchanged" "$(md5sum <"$FILE")" "$BEFORE_MD5"

before=$(challenges)
limited cli >"$SIM_DIR/table.out"
expect "arcprobe table, write failing: challenged again" "$(( $(challenges) - before ))" 1
expect "  ... exit 0" "$(tail -1 "$SIM_DIR/table.out")" exit=0
expect_match "  ... a note row under himds" "$(grep -A3 '^himds ' "$SIM_DIR/table.out" | grep ' note ' || true)" \
  "${NOTE_RE}$FILE: File too large"

# ---- the file written again: no note, and the next run remembers
before=$(challenges)
cli --json >"$SIM_DIR/ok.json" || true
expect "arcprobe --json, write succeeding: one challenge" "$(( $(challenges) - before ))" 1
expect "  ... no himds.note" "$(json_get "$SIM_DIR/ok.json" 'r["himds"].get("note")')" None
plugin >"$SIM_DIR/plugin.out" || true
expect "check_azure_arc then: no challenge" "$(( $(challenges) - before ))" 1
expect "  ... no himds note" "$(grep -c 'himds note:' "$SIM_DIR/plugin.out" || true)" 0
expect_match "  ... remembered" "$(grep '^himds: ' "$SIM_DIR/plugin.out")" 'identity challenge seen [0-9]+ s ago'

# ---- a full file system (ENOSPC): a small tmpfs in a mount namespace of its own
if [ "$(id -u)" = 0 ] && unshare --mount true 2>/dev/null; then
  FULL=$SIM_DIR/full
  mkdir -m 700 "$FULL"
  before=$(challenges)
  unshare --mount --propagation private bash -c '
    set -e
    mount -t tmpfs -o size=64k,mode=0700 arcprobe-full "$1"
    dd if=/dev/zero of="$1/fill" bs=4k 2>/dev/null || true # until the file system is full
    rc=0
    "$2" --config "$3" --check himds --set identity_state="$1/identity" >"$4" || rc=$?
    echo "exit=$rc" >>"$4"' _ "$FULL" "$PLUGIN" "$SIM_CONF" "$SIM_DIR/full.out"
  expect "check_azure_arc, full file system: one challenge" "$(( $(challenges) - before ))" 1
  expect "  ... exit 0 (OK)" "$(tail -1 "$SIM_DIR/full.out")" exit=0
  expect_match "  ... himds note: not kept, no space" "$(grep '^  himds note: ' "$SIM_DIR/full.out" || true)" \
    "${NOTE_RE}$FULL/identity: No space left on device\): the next run challenges again"
else
  echo "skip - full file system (needs root and mount namespaces)"
fi

finish
