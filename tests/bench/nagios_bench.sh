#!/bin/bash
# nagios_bench.sh (P5, P5b): wall time of one check_azure_arc run against a
# healthy simulated agent (himds, agent status, AZCM log scan and every
# catalog endpoint over TLS) next to check_curl fetching ONE URL from the
# same simulator's TLS endpoint with certificate verification. Same machine,
# same run, interleaved; medians of N runs of each, and their ratio.
#
# Four settings: the one-certificate test CA and the system CA bundle (the
# system's /etc/ssl/certs/ca-certificates.crt plus the test CA, so the
# simulator's certificate verifies while the whole store is parsed), each
# with the simulator answering at once and after 50 ms per HTTPS answer.
# P5 = system bundle at once, P5b = system bundle + 50 ms (targets <= 1.3).
# Usage: nagios_bench.sh CHECK_AZURE_ARC ARC_SIM [N=21] [CHECK_CURL]
set -euo pipefail
PLUGIN=$(realpath "${1:?usage: nagios_bench.sh CHECK_AZURE_ARC ARC_SIM [N] [CHECK_CURL]}")
SIM=$(realpath "${2:?usage: nagios_bench.sh CHECK_AZURE_ARC ARC_SIM [N] [CHECK_CURL]}")
N=${3:-21}
CHECK_CURL=${4:-/usr/lib/nagios/plugins/check_curl}
HERE=$(cd "$(dirname "$0")" && pwd)
TEST_CA="$HERE/../fixtures/tls/ca.pem"
SYSTEM_BUNDLE=${SYSTEM_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}

WORK=$(mktemp -d)
SIM_PID=""
stop_sim() {
    if [[ -n "$SIM_PID" ]]; then
        kill "$SIM_PID" 2>/dev/null || true
        wait "$SIM_PID" 2>/dev/null || true
    fi
    SIM_PID=""
}
cleanup() {
    stop_sim
    rm -rf "$WORK"
}
trap cleanup EXIT
SYS_CA=$WORK/system-plus-test.pem
cat "$SYSTEM_BUNDLE" "$TEST_CA" >"$SYS_CA"

# start_sim DELAY_MS: a fresh simulator; sets TLS_PORT and SIM_DIR
start_sim() {
    SIM_DIR=$WORK/sim-$1
    "$SIM" --dir "$SIM_DIR" --port 0 --tls-port 0 --scenario connected --tls-delay-ms "$1" \
        --process-name "himds-nb$$" >"$WORK/sim-$1.log" 2>&1 &
    SIM_PID=$!
    for ((i = 0; i < 150; i++)); do
        grep -qs "tls_port=" "$SIM_DIR/ready" && break
        sleep 0.2
    done
    TLS_PORT=$(sed -n 's/.*tls_port=\([0-9]*\).*/\1/p' "$SIM_DIR/ready" | head -1)
    [[ -n "$TLS_PORT" ]] || {
        echo "arc-sim did not start" >&2
        cat "$WORK/sim-$1.log" >&2
        exit 1
    }
}

# time_us CMD...: wall time of one run in microseconds (output discarded)
time_us() {
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    t1=$(date +%s%N)
    echo $(((t1 - t0) / 1000))
}
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# measure LABEL CA: one setting against the running simulator
measure() {
    local label=$1 ca=$2
    local arc=("$PLUGIN" -C "$SIM_DIR/arcprobe.conf" --ca-file "$ca" -t 20)
    local curl=("$CHECK_CURL" -H gbl.his.arc.azure.com -I 127.0.0.1 -p "$TLS_PORT" -S -D --ca-cert="$ca" -u / -t 20)
    # both must be OK, or the timing means nothing
    "${arc[@]}" >"$WORK/arc.out" || {
        echo "check_azure_arc not OK ($label):" >&2
        head -3 "$WORK/arc.out" >&2
        exit 1
    }
    "${curl[@]}" >"$WORK/curl.out" || {
        echo "check_curl not OK ($label):" >&2
        cat "$WORK/curl.out" >&2
        exit 1
    }
    ENDPOINTS=$(sed -n 's/.*endpoints_total=\([0-9]*\).*/\1/p' "$WORK/arc.out" | head -1)
    : >"$WORK/arc.us"
    : >"$WORK/curl.us"
    for ((i = 0; i < N; i++)); do
        time_us "${arc[@]}" >>"$WORK/arc.us"
        time_us "${curl[@]}" >>"$WORK/curl.us"
    done
    echo "$label $(median "$WORK/arc.us") $(median "$WORK/curl.us")" >>"$WORK/results"
}

: >"$WORK/results"
for delay in 0 50; do
    start_sim "$delay"
    measure "test-CA/${delay}ms" "$TEST_CA"
    measure "system-bundle/${delay}ms" "$SYS_CA"
    stop_sim
done

echo "nagios_bench: $N interleaved runs per command and setting, medians; check_azure_arc probes"
echo "himds + agent + AZCM scan + $ENDPOINTS TLS endpoints, check_curl one TLS URL"
awk '{
    printf "  %-22s check_azure_arc %7.1f ms  check_curl %7.1f ms  ratio %.2f\n", $1, $2 / 1000, $3 / 1000, $2 / $3
    r[$1] = $2 / $3
} END {
    printf "  P5  (system bundle, at once)  = %.2f (target <= 1.3: %s)\n", r["system-bundle/0ms"], r["system-bundle/0ms"] <= 1.3 ? "met" : "MISSED"
    printf "  P5b (system bundle, 50 ms)    = %.2f (target <= 1.3: %s)\n", r["system-bundle/50ms"], r["system-bundle/50ms"] <= 1.3 ? "met" : "MISSED"
}' "$WORK/results"
