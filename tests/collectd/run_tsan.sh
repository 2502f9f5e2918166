#!/usr/bin/env bash
# run_tsan.sh --expect clean|race BINARY
# Runs a ThreadSanitizer build of a test. "clean" passes only when the test
# passes and TSan reported nothing; "race" (for a deliberately broken build)
# passes only when TSan reported a data race inside the azure_arc plugin.
set -euo pipefail
expect=${2:-}
bin=${3:-}
if [[ ${1:-} != --expect || ( $expect != clean && $expect != race ) || -z $bin ]]; then
  echo "usage: $0 --expect clean|race BINARY" >&2
  exit 2
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
export TSAN_OPTIONS="halt_on_error=1 exitcode=66 second_deadlock_stack=1 ${TSAN_OPTIONS:-}"

run() {
  set +e
  "$@" >"$out" 2>&1
  rc=$?
  set -e
}
run "$bin"
# The TSan runtime of clang 14 / gcc 12 cannot map its shadow memory under a
# kernel with high-entropy ASLR (vm.mmap_rnd_bits > 28); without ASLR it can.
if grep -q 'ThreadSanitizer: unexpected memory mapping\|FATAL: ThreadSanitizer' "$out"; then
  echo "run_tsan: the TSan runtime could not start; retrying without ASLR"
  run setarch "$(uname -m)" -R "$bin"
fi
cat "$out"

reports=$(grep -c '^WARNING: ThreadSanitizer' "$out" || true)
if [[ $expect == clean ]]; then
  if [[ $rc -eq 0 && $reports -eq 0 ]]; then
    echo "run_tsan: PASS (test passed, no ThreadSanitizer report)"
    exit 0
  fi
  echo "run_tsan: FAIL (exit status $rc, $reports ThreadSanitizer report(s))"
  exit 1
fi
# The race must be TSan's (exit status 66), and in the plugin's code.
if [[ $rc -eq 66 ]] && grep -q '^WARNING: ThreadSanitizer: data race' "$out" &&
   grep -q 'azure_arc[a-z_]*\.c' "$out"; then
  echo "run_tsan: PASS (the broken plugin build was caught: data race in azure_arc)"
  exit 0
fi
echo "run_tsan: FAIL (expected a ThreadSanitizer data race in azure_arc; exit status $rc)"
exit 1
