#!/usr/bin/env bash
# Benchmark: the core's backwards AZCM lookup vs `grep | tail -1` on the same
# generated log (default 1 GiB, newest code near the end). Both run on a warm
# page cache right after generation. The big file lives in a private temp dir
# that is removed on exit.
# usage: tests/bench/azcm_bench.sh [BUILD_DIR] [BYTES]
set -euo pipefail

calc() { awk "BEGIN { print $1 }"; }

src=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$src/build}
bytes=${2:-1073741824}

cmake --build "$build" --target azcm_bench azcm_loggen -j2 >/dev/null
bench=$build/tests/bench/azcm_bench
gen=$build/tests/bench/azcm_loggen

tmp=$(mktemp -d /tmp/azcm_bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/agent/log"
log=$tmp/agent/log/himds.log
now=$(date +%s)

echo "generating $bytes bytes in $log ..."
t0=$(date +%s.%N)
"$gen" "$log" "$bytes" "$now"
"$gen" "$tmp/agent/log/azcmagent.log" 200000 $((now - 3600))
t1=$(date +%s.%N)
printf 'generated %s bytes in %.1f s\n' "$(stat -c %s "$log")" "$(calc "$t1 - $t0")"

# (a) the core: best of 5 runs
core_out=$("$bench" "$tmp/agent" 5)
echo "core: $core_out"
core_s=$(sed -n 's/.*seconds=\([0-9.]*\).*/\1/p' <<<"$core_out")
core_bytes=$(sed -n 's/.*bytes_read=\([0-9]*\).*/\1/p' <<<"$core_out")
core_code=$(sed -n 's/^code=\([A-Z0-9]*\).*/\1/p' <<<"$core_out")

# (b) grep over the whole file: best of 3 runs
grep_s=
for _ in 1 2 3; do
    g0=$(date +%s.%N)
    grep_code=$(grep -a -o 'AZCM[0-9]\{4\}' "$log" | tail -1)
    g1=$(date +%s.%N)
    s=$(calc "$g1 - $g0")
    if [ -z "$grep_s" ] || [ "$(calc "$s < $grep_s")" = 1 ]; then grep_s=$s; fi
done

printf 'core : %-9s %12.6f s  %12s bytes read (both logs; best of 5, first run %s s)\n' "$core_code" "$core_s" "$core_bytes" "$(sed -n 's/.*first_run=\([0-9.]*\).*/\1/p' <<<"$core_out")"
printf 'grep : %-9s %12.6f s  %12s bytes read (himds.log only)\n' "$grep_code" "$grep_s" \
    "$(stat -c %s "$log")"
printf 'ratio: grep/core = %.0f x\n' "$(calc "$grep_s / $core_s")"
if [ "$core_code" != "$grep_code" ]; then
    echo "MISMATCH: core found $core_code, grep found $grep_code" >&2
    exit 1
fi
