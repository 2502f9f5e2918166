#!/usr/bin/env bash
# Build every libFuzzer target with clang and fuzz each for N seconds
# (default 60), starting from its seed corpus. Crashes land in build/fuzz/crashes.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j2
mkdir -p build/fuzz/crashes
for bin in build/fuzz/tests/fuzz/fuzz_*; do
  name=$(basename "$bin"); corpus=tests/fuzz/corpus/${name#fuzz_}
  work=build/fuzz/corpus/${name#fuzz_}; mkdir -p "$work"
  echo "=== $name for ${seconds}s"
  "$bin" -max_total_time="$seconds" -max_len=65536 -artifact_prefix=build/fuzz/crashes/"$name"- \
    "$work" "$corpus"
done
