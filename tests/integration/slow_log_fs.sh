#!/usr/bin/env bash
# The AZCM log scan on a slow filesystem (a FUSE mirror that sleeps 50 ms
# before every read) keeps the probe's deadline: timeout=2 ends in about 2 s,
# the endpoint results are kept, and the cut scan says it is incomplete
# (UNKNOWN) instead of "no code". With time enough the same files give the
# code, so the filesystem itself works.
set -euo pipefail
ARCPROBE=$1 ARC_SIM=$2 SLOWFS=$3
. "$(dirname "$0")/sim_lib.sh"

if ! [ -c /dev/fuse ] || ! command -v fusermount3 >/dev/null; then
  echo "SKIP: no /dev/fuse or fusermount3 here"; exit 77
fi

sim_start "$ARC_SIM"
sim_scenario connected
src=$SIM_DIR/slow-src mnt=$SIM_DIR/slow-mnt out=$SIM_DIR/report.json
cp -a "$SIM_DIR/agent" "$src"
mkdir -p "$mnt"
# The code 8 MiB before the end: 128 reads of 64 KiB, 6.4 s of delays.
python3 - "$src/log/himds.log" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write('time="2026-11-25T08:00:00Z" level=error msg="AZCM0026: Network Error"\n')
    line = 'time="2026-11-25T08:00:01Z" level=info msg="heartbeat sent"\n'
    f.write(line * (8 * 1024 * 1024 // len(line)))
PY
: >"$src/log/azcmagent.log"

"$SLOWFS" "$src" "$mnt" 50 2>"$SIM_DIR/slowfs.log" &
FS_PID=$!
cleanup() { fusermount3 -u "$mnt" 2>/dev/null || true; wait "$FS_PID" 2>/dev/null || true; sim_stop; }
trap cleanup EXIT
for _ in $(seq 100); do mountpoint -q "$mnt" && break; sleep 0.1; done
if ! mountpoint -q "$mnt"; then
  cat "$SIM_DIR/slowfs.log"
  if grep -qi "permission\|not permitted\|fuse: device not found" "$SIM_DIR/slowfs.log"; then
    echo "SKIP: FUSE mounts not allowed here"; exit 77
  fi
  echo "slowfs did not mount" >&2; exit 1
fi

probe() { # probe TIMEOUT: the CLI on the slow agent dir; JSON in $out, wall time in $elapsed_ms
  local start end
  start=$(date +%s%N)
  set +e; "$ARCPROBE" --config "$SIM_CONF" --json --set agent_dir="$mnt" --set timeout="$1" >"$out"; set -e
  end=$(date +%s%N)
  elapsed_ms=$(( (end - start) / 1000000 ))
}

probe 2
echo "timeout=2 took ${elapsed_ms} ms"
expect "slow logs: timeout=2 ends within 3.5 s" "$([ "$elapsed_ms" -lt 3500 ] && echo yes || echo "no (${elapsed_ms} ms)")" yes
expect "slow logs: endpoints kept" "$(json_get "$out" 'len(r["endpoints"]) > 0 and all(e["class"] == "ok" for e in r["endpoints"])')" True
expect "slow logs: AZCM unknown" "$(json_get "$out" 'r["azcm"]["state"]')" UNKNOWN
expect_match "slow logs: says the scan is incomplete" "$(json_get "$out" 'r["azcm"]["text"]')" '^log scan incomplete: the probe.s timeout came after the last [0-9.]+ MiB of .*/himds.log, which hold no AZCM code, were read$'
expect "slow logs: report marked incomplete" "$(json_get "$out" 'r["incomplete"]')" True

# Remount: a fresh page cache, the same slowness.
fusermount3 -u "$mnt"; wait "$FS_PID" || true
"$SLOWFS" "$src" "$mnt" 50 2>>"$SIM_DIR/slowfs.log" &
FS_PID=$!
for _ in $(seq 100); do mountpoint -q "$mnt" && break; sleep 0.1; done
probe 60
echo "timeout=60 took ${elapsed_ms} ms"
expect "slow logs, time enough: the code is found" "$(json_get "$out" 'r["azcm"]["code"]')" AZCM0026
expect "slow logs, time enough: complete" "$(json_get "$out" 'r["incomplete"]')" False
finish
