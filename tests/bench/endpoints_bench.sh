#!/bin/bash
# P1 benchmark: one endpoint cycle over 64 endpoints that each answer after
# 50 ms, against a cycle over 1 such endpoint, and against a sequential loop
# of monitoring-plugins' check_curl over the same 64 URLs. All traffic stays
# in a private network namespace (see tests/endpoints/lib.sh).
#
#   endpoints_bench.sh [BUILD_DIR]     (default: build-ep next to the sources)
#
# Prints the median of RUNS cycles for each (RUNS=5 unless set) and the
# ratios T64/T1 (target <= 1.25) and check_curl loop / T64. Next to the
# engine it times curl_floor, bare libcurl doing the same GETs (1 and 2
# threads), so the report shows what libcurl + TLS alone cost here. With
# BENCH_STRICT=1 a missed target exits 1. Needs root (namespaces); 77 = skipped.
set -euo pipefail
SRC=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:-$SRC/build-ep}
export EP_SERVER=${EP_SERVER:-$BUILD/tests/endpoints/ep-server}
export EP_DRIVER=${EP_DRIVER:-$BUILD/tests/endpoints/ep-driver}
export TLS_FIXTURES=${TLS_FIXTURES:-$SRC/tests/fixtures/tls}
RUNS=${RUNS:-5}
DELAY_MS=${DELAY_MS:-50}
N=64
CHECK_CURL=${CHECK_CURL:-/usr/lib/nagios/plugins/check_curl}
CURL_FLOOR=${CURL_FLOOR:-$BUILD/tests/bench/curl_floor}
[ -x "$EP_SERVER" ] && [ -x "$EP_DRIVER" ] && [ -x "$CURL_FLOOR" ] || {
    echo "build the tools first (cmake --build $BUILD --target ep-server ep-driver curl_floor)" >&2
    exit 2
}
source "$SRC/tests/endpoints/lib.sh"

CA=$TLS_FIXTURES/ca.pem
make_cert bench "$CA" "$TLS_FIXTURES/ca.key" 2
start_server bench "$T/bench.pem" "$T/bench.key" --delay-ms "$DELAY_MS"
urls=()
for ((i = 1; i <= N; i++)); do
    add_host "h$i.ep.test" 127.0.0.1
    urls+=("https://h$i.ep.test:$PORT/")
done

median() {
    sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

# cycle LIST...: the engine's own cycle time (seconds) for one run
cycle() {
    drive agent_dir="$T" ca_file="$CA" timeout=10 endpoints="$*"
    python3 - "$OUT" "$#" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
n = int(sys.argv[2])
if d["count"] != n or d["failed"] != 0 or any(e["class"] != "ok" for e in d["endpoints"]):
    sys.exit("cycle did not reach all %d endpoints: %s" % (n, d["text"]))
print(d["elapsed_s"])
EOF
}

# a warm-up so the first measured run does not pay for cold caches
cycle "${urls[0]}" >/dev/null

t1s=() t64s=()
for ((r = 0; r < RUNS; r++)); do
    t1s+=("$(cycle "${urls[0]}")")
    t64s+=("$(cycle "${urls[@]}")")
done
# client CPU (user+sys) of one cycle: with TLS per endpoint this, not the
# latency, is what grows with the number of endpoints
cpu_of() {
    python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print("%.3f" % (r.ru_utime + r.ru_stime))' ip netns exec "$NS" "$EP_DRIVER" agent_dir="$T" ca_file="$CA" \
        timeout=10 endpoints="$*"
}
# floor THREADS URL...: bare libcurl's wall time for the same GETs
floor() {
    in_ns "$CURL_FLOOR" "$CA" "$@" || die "curl_floor failed"
}
f1s=() f64s=() f64t2s=()
for ((r = 0; r < RUNS; r++)); do
    f1s+=("$(floor 1 "${urls[0]}")")
    f64s+=("$(floor 1 "${urls[@]}")")
    f64t2s+=("$(floor 2 "${urls[@]}")")
done
F1=$(printf '%s\n' "${f1s[@]}" | median)
F64=$(printf '%s\n' "${f64s[@]}" | median)
F64T2=$(printf '%s\n' "${f64t2s[@]}" | median)
CPU1=$(cpu_of "${urls[0]}")
CPU64=$(cpu_of "${urls[@]}")
T1=$(printf '%s\n' "${t1s[@]}" | median)
T64=$(printf '%s\n' "${t64s[@]}" | median)

TSEQ=""
# check_curl -V exits 3 (UNKNOWN) by design; a missing library shows as no version line
if [ -x "$CHECK_CURL" ] && { "$CHECK_CURL" -V 2>&1 || true; } | grep -q '^check_curl'; then
    seqs=()
    for ((r = 0; r < RUNS; r++)); do
        start=$(date +%s.%N)
        for ((i = 1; i <= N; i++)); do
            in_ns "$CHECK_CURL" -H "h$i.ep.test" -p "$PORT" -S --sni -D --ca-cert "$CA" -u / -t 10 \
                >"$T/check_curl.out" || {
                cat "$T/check_curl.out" >&2
                die "check_curl failed for h$i.ep.test"
            }
        done
        end=$(date +%s.%N)
        seqs+=("$(python3 -c "print($end - $start)")")
    done
    TSEQ=$(printf '%s\n' "${seqs[@]}" | median)
else
    echo "note: $CHECK_CURL is not runnable (on Debian it needs liburiparser1); sequential loop skipped"
fi

python3 - "$T1" "$T64" "$TSEQ" "$DELAY_MS" "$RUNS" "$CPU1" "$CPU64" "$(nproc)" "$(cut -d' ' -f1 /proc/loadavg)" \
    "$F1" "$F64" "$F64T2" <<'EOF'
import sys
t1, t64 = float(sys.argv[1]), float(sys.argv[2])
f1, f64, f64t2 = float(sys.argv[10]), float(sys.argv[11]), float(sys.argv[12])
tseq = float(sys.argv[3]) if sys.argv[3] else None
cpu1, cpu64 = float(sys.argv[6]), float(sys.argv[7])
print("endpoints_bench: %s ms injected latency per request, median of %s runs" % (sys.argv[4], sys.argv[5]))
print("  T1   (1 endpoint, one cycle)        %8.3f s" % t1)
print("  T64  (64 endpoints, one cycle)      %8.3f s" % t64)
if tseq is not None:
    print("  Tseq (check_curl x 64, sequential)  %8.3f s" % tseq)
print("  client CPU per cycle: %.3f s for 1 endpoint, %.3f s for 64 (%s cores, load %s)"
      % (cpu1, cpu64, sys.argv[8], sys.argv[9]))
print("  T64/T1   = %.2f (target <= 1.25: %s)" % (t64 / t1, "met" if t64 / t1 <= 1.25 else "MISSED"))
if tseq is not None:
    print("  Tseq/T64 = %.1f" % (tseq / t64))
print("  bare libcurl, same GETs: 1 URL %.3f s, 64 URLs %.3f s (ratio %.2f), 64 URLs on 2 threads %.3f s (ratio %.2f)"
      % (f1, f64, f64 / f1, f64t2, f64t2 / f1))
print("  engine T64 / bare libcurl 64 = %.2f" % (t64 / f64))
EOF
if [ "${BENCH_STRICT:-0}" = 1 ]; then
    python3 -c "import sys; sys.exit(0 if float('$T64') / float('$T1') <= 1.25 else 1)"
fi
