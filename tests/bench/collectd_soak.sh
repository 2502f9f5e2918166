#!/bin/bash
# collectd_soak.sh - memory soak of the azure_arc collectd plugin.
#
# Runs the real azure_arc.so in collectd_soak_harness (which stands in for
# collectd's plugin API) against arc-sim for many read cycles while the
# simulator switches scenarios (so notification state, endpoint lists and
# error paths are exercised too), and reports RSS at the start and the end.
# Then runs a shorter soak under valgrind and reports its lost bytes.
#
# Usage: tests/bench/collectd_soak.sh [--build DIR] [--cycles N] [--checks LIST]
#          [--valgrind-cycles M] [--no-valgrind] [--max-growth-kb K]
#          [--harness PATH --plugin PATH --sim PATH]
# Defaults: --build build, --cycles 10000, --checks all, --valgrind-cycles 200,
#           --max-growth-kb 1024. Exit 1 on a failed read, RSS growth above the
#           limit, or bytes definitely/indirectly lost under valgrind.
set -euo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$REPO/build
CYCLES=10000
CHECKS=all
VG_CYCLES=200
VALGRIND=1
MAX_GROWTH_KB=1024
HARNESS="" PLUGIN="" SIM_BIN=""
while [ $# -gt 0 ]; do
    case $1 in
    --build) BUILD=$2; shift 2 ;;
    --cycles) CYCLES=$2; shift 2 ;;
    --checks) CHECKS=$2; shift 2 ;;
    --valgrind-cycles) VG_CYCLES=$2; shift 2 ;;
    --no-valgrind) VALGRIND=0; shift ;;
    --max-growth-kb) MAX_GROWTH_KB=$2; shift 2 ;;
    --harness) HARNESS=$2; shift 2 ;;
    --plugin) PLUGIN=$2; shift 2 ;;
    --sim) SIM_BIN=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
HARNESS=${HARNESS:-$BUILD/tests/collectd/collectd_soak_harness}
PLUGIN=${PLUGIN:-$BUILD/plugins/collectd/azure_arc.so}
SIM_BIN=${SIM_BIN:-$BUILD/tests/sim/arc-sim}
for f in "$HARNESS" "$PLUGIN" "$SIM_BIN"; do
    [ -x "$f" ] || [ -f "$f" ] || { echo "missing $f (build the targets collectd_soak_harness azure_arc arc-sim)" >&2; exit 2; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/azarc-soak.XXXXXX")
PIDS=()
cleanup() {
    local rc=$?
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    if [ "$rc" -eq 0 ]; then rm -rf "$WORK"; else echo "kept $WORK" >&2; fi
}
trap cleanup EXIT

SIM=$WORK/sim
"$SIM_BIN" --dir "$SIM" --process-name "himds-s$$" >"$WORK/sim.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 150); do [ -s "$SIM/ready" ] && break; sleep 0.2; done
[ -s "$SIM/ready" ] || { echo "arc-sim did not start" >&2; exit 1; }

# Switch scenarios every 2 s for the whole run.
(
    while :; do
        for s in connected himds-down connected azcm-error disconnected connected himds-hung; do
            echo "$s" >"$SIM/scenario"
            sleep 2
        done
    done
) &
PIDS+=($!)

field() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$2"; }

echo "soak: $CYCLES cycles, checks=$CHECKS, plugin=$PLUGIN"
env ${AZARC_PRELOAD:+ASAN_OPTIONS=detect_leaks=1} "$HARNESS" "$PLUGIN" "$SIM/arcprobe.conf" \
    "$CYCLES" "$CHECKS" 5 >"$WORK/soak.out" 2>"$WORK/soak.err" || {
    cat "$WORK/soak.out" "$WORK/soak.err" >&2
    echo "FAIL: the soak harness failed" >&2
    exit 1
}
line=$(tail -n 1 "$WORK/soak.out")
echo "soak: $line"
growth=$(field rss_growth_kb "$line")
[ "$(field failures "$line")" -eq 0 ] || { echo "FAIL: reads failed" >&2; exit 1; }
[ "$(field notifications "$line")" -gt 0 ] || { echo "FAIL: no notification although scenarios switched" >&2; exit 1; }
if [ -n "${AZARC_PRELOAD:-}" ]; then
    # ASan keeps freed memory in quarantine, so RSS grows by design there;
    # LeakSanitizer (at the harness's exit, which failed it otherwise) is the
    # leak check of that build.
    echo "soak: sanitizer build: RSS growth $growth kB not judged; LeakSanitizer found no leak"
elif [ "$growth" -gt "$MAX_GROWTH_KB" ]; then
    echo "FAIL: RSS grew by $growth kB over $CYCLES cycles (limit $MAX_GROWTH_KB kB)" >&2
    exit 1
else
    echo "soak: RSS $(field rss_start_kb "$line") kB -> $(field rss_end_kb "$line") kB (growth $growth kB, limit $MAX_GROWTH_KB kB)"
fi

if [ "$VALGRIND" -eq 1 ]; then
    if [ -n "${AZARC_PRELOAD:-}" ]; then
        echo "valgrind: skipped (sanitizer build; LeakSanitizer checked the run above)"
    elif ! command -v valgrind >/dev/null; then
        echo "valgrind: not installed (apt-get install valgrind); skipped"
    else
        echo "valgrind: $VG_CYCLES cycles"
        # Timeouts scale: valgrind runs the probe ~20x slower.
        valgrind --leak-check=full --show-leak-kinds=definite,indirect,possible \
            --errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
            --log-file="$WORK/valgrind.log" \
            "$HARNESS" "$PLUGIN" "$SIM/arcprobe.conf" "$VG_CYCLES" "$CHECKS" 20 \
            >"$WORK/vg.out" 2>&1 || {
            rc=$?
            sed -n '/LEAK SUMMARY/,$p;/ERROR SUMMARY/p' "$WORK/valgrind.log" >&2
            echo "FAIL: valgrind run failed (status $rc)" >&2
            exit 1
        }
        echo "valgrind: $(tail -n 1 "$WORK/vg.out")"
        lost() { sed -n "s/.*$1: \([0-9,]*\) bytes.*/\1/p" "$WORK/valgrind.log" | tr -d , | head -n 1; }
        def=$(lost "definitely lost") ind=$(lost "indirectly lost") pos=$(lost "possibly lost")
        echo "valgrind: definitely lost ${def:-0} bytes, indirectly lost ${ind:-0} bytes, possibly lost ${pos:-0} bytes"
        grep -E "ERROR SUMMARY" "$WORK/valgrind.log" | sed 's/^==[0-9]*== /valgrind: /'
    fi
fi
echo "collectd_soak: passed"
