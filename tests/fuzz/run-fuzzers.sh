#!/usr/bin/env bash
# Build every libFuzzer target with clang and fuzz each for N seconds
# (default 60), starting from its seed corpus. Targets live in tests/fuzz
# (the core's parsers) and beside the front end whose parser they exercise
# (e.g. tests/nagios); the seeds are in that directory's corpus/<name>
# (corpus/config for tests/collectd/fuzz_collectd_config). One target at a
# time; an input that runs over 10 s counts as a hang. Crashes land in
# build/fuzz/crashes.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j2
mkdir -p build/fuzz/crashes
for bin in build/fuzz/tests/*/fuzz_*; do
  [ -x "$bin" ] || continue
  name=$(basename "$bin"); area=$(basename "$(dirname "$bin")")
  corpus=tests/$area/corpus/${name#fuzz_}
  [ -d "$corpus" ] || corpus=tests/$area/corpus/${name#fuzz_${area}_}
  work=build/fuzz/corpus/${name#fuzz_}; mkdir -p "$work"
  echo "=== $name for ${seconds}s"
  # -close_fd_mask=2: libFuzzer and the sanitizers report on a copy of
  # stderr, so the targets that take stderr over (the command lines: they
  # check a refusal says why) cannot swallow a crash report
  "$bin" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -close_fd_mask=2 -artifact_prefix=build/fuzz/crashes/"$name"- "$work" "$corpus"
done
