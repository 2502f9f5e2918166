#!/bin/bash
# nagios_bench.sh: wall time of one check_azure_arc run against a healthy
# simulated agent (himds, agent status, AZCM log scan and every catalog
# endpoint over TLS) next to check_curl fetching ONE URL from the same
# simulator's TLS endpoint with certificate verification. Same machine,
# same run, interleaved; prints the median of N runs of each and the ratio.
# Usage: nagios_bench.sh CHECK_AZURE_ARC ARC_SIM [N=21] [CHECK_CURL]
set -euo pipefail
PLUGIN=$(realpath "${1:?usage: nagios_bench.sh CHECK_AZURE_ARC ARC_SIM [N] [CHECK_CURL]}")
SIM=$(realpath "${2:?usage: nagios_bench.sh CHECK_AZURE_ARC ARC_SIM [N] [CHECK_CURL]}")
N=${3:-21}
CHECK_CURL=${4:-/usr/lib/nagios/plugins/check_curl}
HERE=$(cd "$(dirname "$0")" && pwd)
CA="$HERE/../fixtures/tls/ca.pem"

WORK=$(mktemp -d)
SIM_PID=""
cleanup() {
    [[ -n "$SIM_PID" ]] && kill "$SIM_PID" 2>/dev/null && wait "$SIM_PID" 2>/dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT

"$SIM" --dir "$WORK/sim" --port 0 --tls-port 0 --scenario connected >"$WORK/sim.log" 2>&1 &
SIM_PID=$!
for ((i = 0; i < 150; i++)); do
    grep -qs "tls_port=" "$WORK/sim/ready" && break
    sleep 0.2
done
TLS_PORT=$(sed -n 's/.*tls_port=\([0-9]*\).*/\1/p' "$WORK/sim/ready" | head -1)
[[ -n "$TLS_PORT" ]] || { echo "arc-sim did not start" >&2; cat "$WORK/sim.log" >&2; exit 1; }

ARC=("$PLUGIN" -C "$WORK/sim/arcprobe.conf" -t 20)
CURL=("$CHECK_CURL" -H gbl.his.arc.azure.com -I 127.0.0.1 -p "$TLS_PORT" -S -D --ca-cert="$CA" -u / -t 20)

# both must be OK, or the timing means nothing
"${ARC[@]}" >"$WORK/arc.out" || { echo "check_azure_arc not OK:" >&2; head -3 "$WORK/arc.out" >&2; exit 1; }
"${CURL[@]}" >"$WORK/curl.out" || { echo "check_curl not OK:" >&2; cat "$WORK/curl.out" >&2; exit 1; }
ENDPOINTS=$(sed -n 's/.*endpoints_total=\([0-9]*\).*/\1/p' "$WORK/arc.out" | head -1)

# time_ms CMD...: wall time of one run in milliseconds (output discarded)
time_ms() {
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    t1=$(date +%s%N)
    echo $(((t1 - t0) / 1000))
}
: >"$WORK/arc.us"
: >"$WORK/curl.us"
for ((i = 0; i < N; i++)); do
    time_ms "${ARC[@]}" >>"$WORK/arc.us"
    time_ms "${CURL[@]}" >>"$WORK/curl.us"
done
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ARC_MED=$(median "$WORK/arc.us")
CURL_MED=$(median "$WORK/curl.us")
awk -v a="$ARC_MED" -v c="$CURL_MED" -v n="$N" -v e="$ENDPOINTS" 'BEGIN {
    printf "runs per command:        %d (interleaved)\n", n
    printf "check_azure_arc median:  %.1f ms  (himds + agent + AZCM scan + %d TLS endpoints)\n", a / 1000, e
    printf "check_curl median:       %.1f ms  (one TLS URL)\n", c / 1000
    printf "ratio arc/curl:          %.2f\n", a / c
}'
