#!/usr/bin/env bash
# Each identity challenge makes himds write a key file: the probe repeats it
# only every identity_interval seconds. arc-sim counts the challenges.
set -euo pipefail
LONG_RUNNING=$1 ARCPROBE=$2 ARC_SIM=$3
. "$(dirname "$0")/sim_lib.sh"
sim_start "$ARC_SIM"
out=$SIM_DIR/report.json

challenges() { cat "$SIM_DIR/identity-challenges" 2>/dev/null || echo 0; }
# the cycles' lines "STATE IDENTITY SOURCE SEEN" of a long_running run
cycles_all() { grep -v '^elapsed' "$SIM_DIR/cycles" | awk -v want="$1" '$0 !~ want {bad=1} END {print bad ? "no" : "yes"}'; }

# ---- a long-running host: 30 cycles under the default interval (3600 s)
before=$(challenges)
"$LONG_RUNNING" "$SIM_CONF" 30 0 identity_state=none >"$SIM_DIR/cycles"
expect "long-running, 30 cycles, default interval: one challenge" "$(( $(challenges) - before ))" 1
expect "  ... every cycle OK with the identity seen" "$(cycles_all '^OK 1 (challenge|remembered) [1-9]')" yes
expect "  ... the first cycle challenged" "$(head -1 "$SIM_DIR/cycles" | cut -d' ' -f3)" challenge
expect "  ... the others remembered it" "$(sed -n '2,30p' "$SIM_DIR/cycles" | grep -c ' remembered ')" 29

# ---- a short interval: repeated, but never more often than the interval allows
# (identity_seen has whole seconds, so two challenges are more than
# interval - 1 s apart: at most elapsed / (interval - 1) + 1 of them)
before=$(challenges)
"$LONG_RUNNING" "$SIM_CONF" 25 200 identity_state=none identity_interval=2 >"$SIM_DIR/cycles"
n=$(( $(challenges) - before ))
elapsed=$(sed -n 's/^elapsed //p' "$SIM_DIR/cycles")
bound=$(python3 -c "import sys; print(int(float(sys.argv[1]) / (2 - 1)) + 1)" "$elapsed")
expect "interval 2 s over ${elapsed} s: $n challenges within the bound $bound" "$(( n <= bound ))" 1
expect "  ... and repeated (more than one)" "$(( n >= 2 ))" 1
expect "  ... every cycle OK" "$(cycles_all '^OK 1 ')" yes

# ---- identity_interval = 0: never challenged, and that is no alarm
before=$(challenges)
"$LONG_RUNNING" "$SIM_CONF" 5 0 identity_state=none identity_interval=0 >"$SIM_DIR/cycles"
expect "interval 0: no challenge" "$(( $(challenges) - before ))" 0
expect "  ... every cycle OK, identity not probed (off)" "$(cycles_all '^OK -1 off 0$')" yes

# ---- the one-shot CLI keeps the last result in its state file
before=$(challenges)
for i in 1 2 3 4 5; do
  set +e; "$ARCPROBE" --config "$SIM_CONF" --check himds --json >"$out"; rc=$?; set -e
done
expect "CLI, 5 runs with a state file: one challenge" "$(( $(challenges) - before ))" 1
expect "  ... last run OK" "$rc" 0
expect "  ... identity remembered" "$(json_get "$out" 'r["himds"]["identity_source"]')" remembered
expect_match "  ... with the time it was last seen" "$(json_get "$out" 'r["himds"]["identity_seen"]')" '^20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]T'
expect_match "  ... said in the text" "$(json_get "$out" 'r["himds"]["text"]')" 'identity challenge seen [0-9]+ s ago \(repeated every 3600 s\)'
expect "  ... state file private (0600)" "$(stat -c %a "$SIM_DIR/identity-state")" 600

# ---- the default state file is per user, in the cache directory, never world-writable
# (state_dir= undoes the simulator's state_dir, which keeps other runs out of ~/.cache)
home=$(mktemp -d /tmp/arcprobe-home.XXXXXX)
before=$(challenges)
for i in 1 2 3; do
  HOME=$home XDG_CACHE_HOME= "$ARCPROBE" --config "$SIM_CONF" --check himds --set identity_state= \
    --set state_dir= >/dev/null || true
done
expect "CLI, 3 runs, default state file: one challenge" "$(( $(challenges) - before ))" 1
expect "  ... in ~/.cache/arcprobe/identity, 0600" "$(stat -c %a "$home/.cache/arcprobe/identity" 2>&1)" 600
expect "  ... its directory 0700" "$(stat -c %a "$home/.cache/arcprobe")" 700
# a state file others could write is not trusted
chmod 666 "$home/.cache/arcprobe/identity"
before=$(challenges)
HOME=$home XDG_CACHE_HOME= "$ARCPROBE" --config "$SIM_CONF" --check himds --set identity_state= \
  --set state_dir= >/dev/null || true
expect "  ... a world-writable state file is ignored (challenged again)" "$(( $(challenges) - before ))" 1
rm -rf "$home"

# ---- unless identity_state is set, the file is "identity" in state_dir, and
# state_dir = none keeps none (the operator turned state files off)
home=$(mktemp -d /tmp/arcprobe-home.XXXXXX)
before=$(challenges)
for i in 1 2 3; do
  HOME=$home XDG_CACHE_HOME= "$ARCPROBE" --config "$SIM_CONF" --check himds --set identity_state= \
    --set state_dir="$home/state" >/dev/null || true
done
expect "CLI, 3 runs, state_dir set: one challenge" "$(( $(challenges) - before ))" 1
expect "  ... remembered in state_dir/identity, 0600" "$(stat -c %a "$home/state/identity" 2>&1)" 600
expect "  ... nothing in the cache directory" "$(ls -A "$home")" state
before=$(challenges)
for i in 1 2 3; do
  HOME=$home XDG_CACHE_HOME= "$ARCPROBE" --config "$SIM_CONF" --check himds --set identity_state= \
    --set state_dir=none >/dev/null || true
done
expect "CLI, 3 runs, state_dir = none: no challenge (the time could not be kept)" "$(( $(challenges) - before ))" 0
expect "  ... no state file written" "$(ls -A "$home")" state
rm -rf "$home"

# ---- without a file (identity_state = none) a one-shot run could not
# remember a challenge: it makes none (integration.identity_keep has more)
before=$(challenges)
for i in 1 2 3; do
  "$ARCPROBE" --config "$SIM_CONF" --check himds --set identity_state=none >/dev/null || true
done
expect "CLI, 3 runs, identity_state = none: no challenge" "$(( $(challenges) - before ))" 0

finish
