#!/usr/bin/env bash
# integration.state_file: the state file of the one-shot front ends (issue 14,
# "incremental logs"). check_azure_arc and the arcprobe CLI run again and
# again against the simulated agent's logs while the logs are appended to,
# rotated, truncated, replaced and cut inside a line; after every change each
# binary's answer with its state file equals its answer from a full scan
# (state_dir = none), and a steady run reads only what was appended. Unsafe
# state directories and files are refused with a note and left as they are,
# without changing the monitoring state; a corrupt file costs a full scan.
# usage: state_file.sh ARCPROBE CHECK_AZURE_ARC ARC_SIM
set -euo pipefail
ARCPROBE=${1:?usage: state_file.sh ARCPROBE CHECK_AZURE_ARC ARC_SIM}
PLUGIN=${2:?}
SIM=${3:?}
. "$(dirname "$0")/sim_lib.sh"
sim_start "$SIM"
LOG=$SIM_DIR/agent/log/himds.log
CLI_STATE=$SIM_DIR/cli-state
PLUGIN_STATE=$SIM_DIR/plugin-state
# no run of this test may touch the user's own cache
export XDG_CACHE_HOME=$SIM_DIR/no-cache HOME=$SIM_DIR/no-home

cli() { # cli OUT STATE_DIR [--set ...]: the CLI's JSON report (azcm only)
  local out=$1 dir=$2; shift 2
  "$ARCPROBE" --config "$SIM_CONF" --check azcm --json --set state_dir="$dir" "$@" >"$out" || true
}
plugin() { # plugin OUT STATE_DIR: the plugin's whole output, its exit code on the last line
  local out=$1 dir=$2 rc=0; shift 2
  "$PLUGIN" --config "$SIM_CONF" --set state_dir="$dir" "$@" >"$out" || rc=$?
  echo "exit=$rc" >>"$out"
}
# What a full scan must agree on: everything of the azcm report but how it
# was read, and the age (the two runs may straddle a second or a minute).
azcm_answer() {
  python3 -c 'import json,re,sys
z = json.load(open(sys.argv[1]))["azcm"]
for k in ("bytes_read", "note", "age_s"): z.pop(k, None)
print(re.sub(r"\d+ (s|min|h|d) ago", "N ago", json.dumps(z, sort_keys=True)))' "$1"
}
plugin_answer() { grep -E '^(azcm: |exit=)' "$1" | sed -E 's/[0-9]+ (s|min|h|d) ago/N ago/g'; }
snapshot() { # how a watched path looks: inode, size, mtime and, for a file, its bytes
  stat -c '%i %s %Y %F' "$1" 2>/dev/null || true
  if [ -f "$1" ] && [ ! -L "$1" ]; then md5sum <"$1"; fi
}
bytes() { json_get "$1" 'r["azcm"]["bytes_read"]'; }
note() { json_get "$1" 'r["azcm"].get("note") or ""'; }

same_as_full() { # same_as_full WHAT: both binaries, with their state files, against a full scan
  cli "$SIM_DIR/inc.json" "$CLI_STATE"
  cli "$SIM_DIR/full.json" none
  expect "$1: CLI answer equals a full scan's" "$(azcm_answer "$SIM_DIR/inc.json")" "$(azcm_answer "$SIM_DIR/full.json")"
  expect "$1: CLI without a note" "$(note "$SIM_DIR/inc.json")" ""
  plugin "$SIM_DIR/inc.out" "$PLUGIN_STATE"
  plugin "$SIM_DIR/full.out" none
  expect "$1: plugin answer equals a full scan's" "$(plugin_answer "$SIM_DIR/inc.out")" "$(plugin_answer "$SIM_DIR/full.out")"
  expect "$1: plugin without a note" "$(grep -c 'azcm note:' "$SIM_DIR/inc.out" || true)" 0
}
stamp() { date -u -d "@$(( $(date +%s) - 600 + $1 ))" +%Y-%m-%dT%H:%M:%SZ; }
code_line() { # code_line SECONDS LEVEL CODE TEXT
  printf 'time="%s" level=%s msg="AZCM%s: %s"\n' "$(stamp "$1")" "$2" "$3" "$4"
}
filler() { # filler FILE BYTES: code-free lines, as a healthy agent writes them
  python3 - "$1" "$2" <<'PY'
import sys
line = 'time="2026-11-25T08:00:01Z" level=info msg="Heartbeat sent" status=200\n'
with open(sys.argv[1], "a") as f:
    f.write(line * (int(sys.argv[2]) // len(line) + 1))
PY
}

# ---- a deep healthy log: the first runs read it all, the next ones only what was appended
filler "$LOG" $((2 * 1024 * 1024))
same_as_full "first run (no state yet)"
full_bytes=$(bytes "$SIM_DIR/full.json")
expect "first run: the CLI read the whole deep log" "$([ "$(bytes "$SIM_DIR/inc.json")" -ge $((2 * 1024 * 1024)) ] && echo yes)" yes
for d in "$CLI_STATE" "$PLUGIN_STATE"; do
  expect "state directory $(basename "$d") is 0700" "$(stat -c %a "$d")" 700
  expect "state file in $(basename "$d") is 0600" "$(stat -c %a "$d"/azcm-*.json)" 600
done

filler "$LOG" 16384
same_as_full "16 KiB appended"
inc_bytes=$(bytes "$SIM_DIR/inc.json")
echo "# full scan read $(bytes "$SIM_DIR/full.json") bytes, the run with its state file $inc_bytes"
expect "16 KiB appended: the CLI read at most the appended bytes + 64 KiB" "$([ "$inc_bytes" -le $((16384 + 65536)) ] && echo yes || echo "no ($inc_bytes)")" yes
expect "16 KiB appended: a full scan reads more than 2 MiB" "$([ "$full_bytes" -gt $((2 * 1024 * 1024)) ] && echo yes)" yes

# ---- new codes appended
code_line 10 error 0041 "Failed to Get Access Token" >>"$LOG"
same_as_full "an error appended"
expect "an error appended: the CLI sees it" "$(json_get "$SIM_DIR/inc.json" 'r["azcm"]["code"]')" AZCM0041
filler "$LOG" 8192
same_as_full "lines after the error"
code_line 20 info 0000 "No Error" >>"$LOG"
same_as_full "AZCM0000 after the error"

# ---- a line split across two runs
line=$(code_line 30 error 0026 "Network Error")
printf '%s' "${line:0:40}" >>"$LOG"
same_as_full "half a line appended"
printf '%s\n' "${line:40}" >>"$LOG"
same_as_full "the rest of the line appended"
expect "split line: the CLI sees its code" "$(json_get "$SIM_DIR/inc.json" 'r["azcm"]["code"]')" AZCM0026

# ---- rotation: renamed, a new file under the name
mv "$LOG" "$LOG.1"
code_line 40 info 0000 "No Error" >"$LOG"
same_as_full "rotated (rename + new file)"
filler "$LOG" 4096
same_as_full "appended after the rotation"

# ---- truncated in place, then refilled
: >"$LOG"
same_as_full "truncated to nothing"
filler "$LOG" 2048
code_line 50 error 0018 "Admin Privileges Needed" >>"$LOG"
same_as_full "truncated, then refilled"
size=$(stat -c %s "$LOG")
truncate -s 0 "$LOG"
{ filler /dev/stdout $((size + 4096)); code_line 55 error 0041 "Failed to Get Access Token"; } >>"$LOG"
same_as_full "truncated in place and refilled past its old size"

# ---- replaced by another file (another inode)
{ code_line 60 error 0026 "Network Error"; filler /dev/stdout 1024; } >"$LOG.new"
mv "$LOG.new" "$LOG"
same_as_full "replaced by a file with another inode"
rm -f "$LOG.1"

# ---- the simulated agent's own transitions
sim_scenario azcm-error
same_as_full "scenario azcm-error"
sim_scenario connected
same_as_full "scenario connected again"

# ---- unsafe places: a note, a full scan, the same answer and state, nothing changed
unsafe() { # unsafe WHAT STATE_DIR FILE_TO_WATCH
  local what=$1 dir=$2 watch=$3 before after
  before=$(snapshot "$watch")
  cli "$SIM_DIR/u.json" "$dir"
  cli "$SIM_DIR/full.json" none
  expect "$what: CLI answer equals a full scan's" "$(azcm_answer "$SIM_DIR/u.json")" "$(azcm_answer "$SIM_DIR/full.json")"
  expect_match "$what: CLI notes why" "$(note "$SIM_DIR/u.json")" '^state file not used: '
  expect "$what: CLI read the logs whole" "$(bytes "$SIM_DIR/u.json")" "$(bytes "$SIM_DIR/full.json")"
  plugin "$SIM_DIR/u.out" "$dir"
  plugin "$SIM_DIR/full.out" none
  expect "$what: plugin answer and exit code unchanged" "$(plugin_answer "$SIM_DIR/u.out")" "$(plugin_answer "$SIM_DIR/full.out")"
  expect "$what: plugin notes it in the long output" "$(grep -c '^  azcm note: state file not used: ' "$SIM_DIR/u.out" || true)" 1
  expect "$what: plugin's first line says nothing of it" "$(head -1 "$SIM_DIR/u.out" | grep -c 'state file' || true)" 0
  after=$(snapshot "$watch")
  expect "$what: left as it was" "$after" "$before"
}
filler "$LOG" 4096
U=$SIM_DIR/unsafe
mkdir -m 700 "$U"
cli "$SIM_DIR/seed.json" "$U" # a good state file to watch
F=$(echo "$U"/azcm-*.json)
filler "$LOG" 4096
chmod 770 "$U"; unsafe "group-writable directory" "$U" "$F"
chmod 1777 "$U"; unsafe "world-writable directory (sticky)" "$U" "$F"
chmod 700 "$U"; chown nobody "$U"; unsafe "directory of another user" "$U" "$F"
chown root "$U"
ln -s "$U" "$SIM_DIR/link"; unsafe "directory through a symbolic link" "$SIM_DIR/link" "$F"
chmod 660 "$F"; unsafe "group-writable state file" "$U" "$F"
chmod 600 "$F"; chown nobody "$F"; unsafe "state file of another user" "$U" "$F"
chown root "$F"
mv "$F" "$U/target"; ln -s target "$F"; unsafe "state file as a symbolic link" "$U" "$U/target"
rm "$F"; mkfifo "$F"; unsafe "a FIFO as state file" "$U" "$F"
rm "$F"; mv "$U/target" "$F"
touch "$SIM_DIR/afile"; unsafe "directory that cannot be created" "$SIM_DIR/afile/state" "$F"

# ---- corrupt or retyped: ignored with a note, the logs read whole, then replaced
corrupt() { # corrupt WHAT: $F already holds the bad content
  cli "$SIM_DIR/c.json" "$U"
  cli "$SIM_DIR/full.json" none
  expect "$1: CLI answer equals a full scan's" "$(azcm_answer "$SIM_DIR/c.json")" "$(azcm_answer "$SIM_DIR/full.json")"
  expect_match "$1: noted as malformed" "$(note "$SIM_DIR/c.json")" '^state file .* is malformed: the logs were read whole$'
  expect "$1: the logs were read whole" "$(bytes "$SIM_DIR/c.json")" "$(bytes "$SIM_DIR/full.json")"
  filler "$LOG" 1024
  cli "$SIM_DIR/c.json" "$U"
  expect "$1: replaced by the next run, which reads little" "$(note "$SIM_DIR/c.json"):$([ "$(bytes "$SIM_DIR/c.json")" -lt 65536 ] && echo small)" ":small"
}
head -c 4096 /dev/urandom >"$F"; corrupt "random bytes"
head -c 100 "$F" >"$F.cut"; mv "$F.cut" "$F"; chmod 600 "$F"; corrupt "a file cut short"
python3 - "$F" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["logs"][0]["size"] = str(d["logs"][0]["size"])
open(sys.argv[1], "w").write(json.dumps(d))
PY
corrupt "size retyped as a string"
python3 - "$F" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["logs"][0]["line_start"] = d["logs"][0]["size"] + 1
open(sys.argv[1], "w").write(json.dumps(d))
PY
corrupt "line_start past the size"
head -c $((300 * 1024)) /dev/zero | tr '\0' ' ' >"$F"; corrupt "larger than the cap"

# ---- another log_scan_max: the old state is stale, read whole without a note
cli "$SIM_DIR/full.json" none
cli "$SIM_DIR/s.json" "$U" --set log_scan_max=100000000
expect "other log_scan_max: read whole, no note" "$(note "$SIM_DIR/s.json"):$(bytes "$SIM_DIR/s.json")" ":$(bytes "$SIM_DIR/full.json")"

# ---- state_dir = none keeps nothing
rm -rf "$SIM_DIR/no-cache" "$SIM_DIR/no-home"
cli "$SIM_DIR/n.json" none
expect "state_dir = none: nothing written" "$(ls -A "$SIM_DIR" | grep -c 'no-')" 0

# ---- the default place: $XDG_CACHE_HOME/arcprobe, else ~/.cache/arcprobe
mkdir -m 700 "$SIM_DIR/home"
# (state_dir= undoes the simulator's state_dir, which keeps other tests out of ~/.cache)
XDG_CACHE_HOME= HOME=$SIM_DIR/home "$ARCPROBE" --config "$SIM_CONF" --check azcm --set state_dir= >/dev/null || true
expect "default without XDG_CACHE_HOME: ~/.cache/arcprobe" "$(stat -c %a "$SIM_DIR/home/.cache/arcprobe" 2>&1) $(ls "$SIM_DIR/home/.cache/arcprobe" | grep -c '^azcm-.*\.json$')" "700 1"
XDG_CACHE_HOME=$SIM_DIR/xdg HOME=$SIM_DIR/home "$PLUGIN" --config "$SIM_CONF" --check azcm --set state_dir= >/dev/null || true
expect "default with XDG_CACHE_HOME: \$XDG_CACHE_HOME/arcprobe" "$(ls "$SIM_DIR/xdg/arcprobe" | grep -c '^azcm-.*\.json$')" 1

# ---- a run killed between writing its temporary file and renaming it (the
# watchdog's timeout): the next save removes that file, not a fresh one
sleep 60 & live=$!
(exit 0) & gone=$!; wait $gone
killed=".$(basename "$F").$gone.1f"
fresh=".$(basename "$F").$live.2f"
echo '{"cut' >"$U/$killed"; touch -d '-2 min' "$U/$killed"
echo '{"cut' >"$U/$fresh"
filler "$LOG" 2048
plugin "$SIM_DIR/k.out" "$U"
expect "killed run's temporary file removed by the next save" "$(ls -A "$U" | grep -c "^$killed\$" || true)" 0
expect "  ... a fresh one of a live run left alone" "$(ls -A "$U" | grep -c "^$fresh\$" || true)" 1
kill $live; wait $live 2>/dev/null || true
rm -f "$U/$fresh"

# ---- overlapping plugin runs: the file stays whole, no temporary file stays behind
for round in 1 2 3; do
  filler "$LOG" 2048
  pids=()
  for i in 1 2 3 4; do
    "$PLUGIN" --config "$SIM_CONF" --check azcm --set state_dir="$U" >/dev/null &
    pids+=($!)
  done
  wait "${pids[@]}" || true
done
cli "$SIM_DIR/o.json" "$U"
expect "after overlapping runs: the file is whole (no note)" "$(note "$SIM_DIR/o.json")" ""
expect "after overlapping runs: no temporary files" "$(ls -A "$U" | grep -vc '^azcm-.*\.json$' || true)" 0
finish
