#!/bin/bash
# sim.scenarios: drives arc-sim through every scenario with curl(1) and checks
# what a probe would see. Usage: test_sim.sh ARC_SIM CA_PEM
set -euo pipefail

SIM=${1:?usage: test_sim.sh ARC_SIM CA_PEM}
CA=${2:?usage: test_sim.sh ARC_SIM CA_PEM}
WORK=$(mktemp -d)
PROC_NAME=simhimds$$
PROC_NAME=${PROC_NAME:0:15}
SIM_PID=""
SIM2_PID=""
SIM3_PID=""
BG_PIDS=()
FAILS=0

cleanup() {
    local p
    for p in "${BG_PIDS[@]}" $SIM_PID $SIM2_PID $SIM3_PID; do
        kill "$p" 2>/dev/null || true
    done
    for p in "${BG_PIDS[@]}" $SIM_PID $SIM2_PID $SIM3_PID; do
        wait "$p" 2>/dev/null || true
    done
    rm -rf "$WORK"
}
trap cleanup EXIT

ok() { echo "ok - $*"; }
fail() {
    echo "FAIL - $*"
    FAILS=$((FAILS + 1))
}
# expect DESCRIPTION GOT WANT
expect() {
    if [[ "$2" == "$3" ]]; then ok "$1"; else fail "$1: got '$2', want '$3'"; fi
}
# expect_match DESCRIPTION GOT EXTENDED-REGEX
expect_match() {
    if [[ "$2" =~ $3 ]]; then ok "$1"; else fail "$1: '$2' does not match /$3/"; fi
}

# wait_for FILE PATTERN: up to 30 s for a line matching PATTERN (grep -E).
wait_for() {
    local i
    for ((i = 0; i < 300; i++)); do
        if [[ -f "$1" ]] && grep -qE "$2" "$1" 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    echo "timed out waiting for /$2/ in $1" >&2
    return 1
}

# json_get PATH < json: prints the value at a dotted path ("services.0.status").
json_get() {
    python3 -c '
import json, sys
d = json.load(sys.stdin)
for k in sys.argv[1].split("."):
    d = d[int(k)] if isinstance(d, list) else d[k]
print(d if not isinstance(d, (dict, list)) else json.dumps(d))' "$1"
}

# age_of RFC3339 -> seconds before now
age_of() {
    python3 -c '
import sys, datetime
t = datetime.datetime.strptime(sys.argv[1], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
print(int((datetime.datetime.now(datetime.timezone.utc) - t).total_seconds()))' "$1"
}

# switch_to DIR NAME: atomic write of DIR/scenario, then wait for DIR/ready.
switch_to() {
    printf '%s\n' "$2" >"$1/scenario.tmp"
    mv "$1/scenario.tmp" "$1/scenario"
    wait_for "$1/ready" "^scenario=$2\$"
}

ready_value() { tr ' ' '\n' <"$1/ready" | sed -n "s/^$2=//p"; }

comm_of() { cat "/proc/$1/comm"; }

threads_of() { sed -n 's/^Threads:[[:space:]]*//p' "/proc/$1/status"; }

# wait_threads PID MAX: up to 10 s for the thread count to drop to MAX.
wait_threads() {
    local i
    for ((i = 0; i < 100; i++)); do
        (($(threads_of "$1") <= $2)) && return 0
        sleep 0.1
    done
    return 1
}

# ---- bad usage -----------------------------------------------------------
set +e
"$SIM" >/dev/null 2>&1
expect "no --dir exits 2" "$?" 2
"$SIM" --dir "$WORK/x" --scenario nosuch >/dev/null 2>&1
expect "unknown scenario exits 2" "$?" 2
"$SIM" --dir "$WORK/x" --port 70000 >/dev/null 2>&1
expect "port out of range exits 2" "$?" 2
"$SIM" --dir "$WORK/x" --process-name abcdefghijklmnopq >/dev/null 2>&1
expect "process name over 15 chars exits 2" "$?" 2
"$SIM" --dir "$WORK/x" --tls-cert "$WORK/missing.pem" >/dev/null 2>&1
expect "missing certificate exits 2" "$?" 2
"$SIM" --help | grep -q -- '--tls-delay-ms'
expect "--help documents the options" "$?" 0
"$SIM" --help | grep -q -- '--agentstatus-extras'
expect "--help documents --agentstatus-extras" "$?" 0
set -e

# ---- start ---------------------------------------------------------------
D=$WORK/sim
"$SIM" --dir "$D" --process-name "$PROC_NAME" 2>"$WORK/sim.err" &
SIM_PID=$!
wait_for "$D/ready" '^scenario=connected$'
expect_match "ready's first line" "$(head -1 "$D/ready")" '^port=[0-9]+ tls_port=[0-9]+$'
PORT=$(ready_value "$D" port)
TLS_PORT=$(ready_value "$D" tls_port)
H=http://127.0.0.1:$PORT
expect "ready names the pid" "$(ready_value "$D" pid)" "$SIM_PID"
expect "process named as himds while up" "$(comm_of "$SIM_PID")" "$PROC_NAME"

conf=$D/arcprobe.conf
expect "conf agent_dir" "$(sed -n 's/^agent_dir = //p' "$conf")" "$D/agent"
expect "conf himds_url" "$(sed -n 's/^himds_url = //p' "$conf")" "$H"
expect "conf connect_to" "$(sed -n 's/^connect_to = //p' "$conf")" "::127.0.0.1:$TLS_PORT"
expect "conf service_check" "$(sed -n 's/^service_check = //p' "$conf")" proc
expect "conf himds_process" "$(sed -n 's/^himds_process = //p' "$conf")" "$PROC_NAME"
expect "conf ca_file" "$(sed -n 's/^ca_file = //p' "$conf")" "$(realpath "$CA")"
expect "conf timeout" "$(sed -n 's/^timeout = //p' "$conf")" 5

expect "agentconfig location" "$(json_get location <"$D/agent/agentconfig.json")" westeurope
expect "agentconfig cloud" "$(json_get cloud <"$D/agent/agentconfig.json")" AzureCloud
expect "agentconfig resourceName" "$(json_get resourceName <"$D/agent/agentconfig.json")" arcsim-host01
local_key() { python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))[sys.argv[2]]))' "$D/agent/localconfig.json" "$1"; }
expect "localconfig proxy.url" "$(local_key proxy.url)" '""'
expect "localconfig proxy.bypass" "$(local_key proxy.bypass)" '[]'
expect "localconfig config.mode" "$(local_key config.mode)" '"full"'
# the agent has no connection.type "default": the key is only there when set (gateway, direct)
if local_key connection.type >/dev/null 2>&1; then fail "localconfig has no invented connection.type"; else ok "localconfig has no invented connection.type"; fi


# Every log line is a logrus line with quoted values.
check_logrus() {
    python3 - "$@" <<'EOF'
import re, sys
line_re = re.compile(r'^time="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ" level=(debug|info|warning|error|fatal) '
                     r'msg="(?:[^"\\]|\\.)*"(?: [A-Za-z][A-Za-z ]*="(?:[^"\\]|\\.)*")*$')
bad = 0
for path in sys.argv[1:]:
    for n, line in enumerate(open(path), 1):
        if not line_re.match(line.rstrip("\n")):
            print(f"{path}:{n}: not logrus: {line!r}")
            bad += 1
sys.exit(1 if bad else 0)
EOF
}
if check_logrus "$D"/agent/log/azcmagent.log "$D"/agent/log/himds.log; then ok "logs are logrus lines"; else fail "logs are logrus lines"; fi

# ---- connected -------------------------------------------------------------
st=$(curl -sS -m 5 "$H/agentstatus")
expect "connected: status" "$(json_get status <<<"$st")" Connected
# only confirmed shapes by default: Microsoft's onboarding script reads `status` alone
keys_of() { python3 -c 'import json,sys; print(" ".join(sorted(json.load(sys.stdin))))'; }
expect "connected: agentstatus has status alone by default" "$(keys_of <<<"$st")" status
expect "agentstatus-requests counts one without a Metadata header" "$(cat "$D/agentstatus-requests")" "requests=1 with_metadata=0"
# the default answers either way: what himds does with the header on /agentstatus is unknown
code=$(curl -s -m 5 -o /dev/null -w '%{http_code}' -H 'Metadata: true' "$H/agentstatus")
expect "agentstatus with a Metadata header still answered by default" "$code" 200
expect "  ... counted as with_metadata" "$(cat "$D/agentstatus-requests")" "requests=2 with_metadata=1"
expect "connected: newest code in logs" "$(grep -ho 'AZCM[0-9]\{4\}: [A-Za-z ]*' "$D"/agent/log/*.log | tail -1)" "AZCM0000: No Error"

md=$(curl -sS -m 5 -H 'Metadata: true' "$H/metadata/instance?api-version=2020-06-01")
expect "metadata azEnvironment" "$(json_get compute.azEnvironment <<<"$md")" AzurePublicCloud
# as in the example output of Microsoft's Arc Jumpstart (AGENT-FIELDS.md [jumpstart])
expect "metadata osType" "$(json_get compute.osType <<<"$md")" linux
expect "metadata location" "$(json_get compute.location <<<"$md")" westeurope
expect "metadata name" "$(json_get compute.name <<<"$md")" arcsim-host01
expect "metadata tags" "$(json_get compute.tags <<<"$md")" env:test
expect "metadata resourceId" "$(json_get compute.resourceId <<<"$md")" \
    "/subscriptions/$(json_get compute.subscriptionId <<<"$md")/resourceGroups/rg-arcprobe-sim/providers/Microsoft.HybridCompute/machines/arcsim-host01"
expect "metadata network" "$(json_get network <<<"$md")" "{}"

code=$(curl -s -m 5 -o "$WORK/body" -w '%{http_code}' "$H/metadata/instance?api-version=2020-06-01")
expect "metadata without Metadata header -> 400" "$code" 400
expect "  ... no error body copied from Azure's VM metadata service" "$(wc -c <"$WORK/body")" 0
code=$(curl -s -m 5 -o "$WORK/body" -w '%{http_code}' -H 'Metadata: true' "$H/metadata/instance")
expect "metadata without api-version -> 400" "$code" 400
expect "  ... no invented body" "$(wc -c <"$WORK/body")" 0
code=$(curl -s -m 5 -o "$WORK/body" -w '%{http_code}' -H 'Metadata: true' "$H/metadata/instance?api-version=1999-01-01")
expect "metadata with unsupported api-version -> 400" "$code" 400

code=$(curl -s -m 5 -D "$WORK/headers" -o "$WORK/body" -w '%{http_code}' -H 'Metadata: true' \
    "$H/metadata/identity/oauth2/token?api-version=2020-06-01&resource=https%3A%2F%2Fmanagement.azure.com%2F")
expect "token -> 401" "$code" 401
realm=$(sed -n 's/^WWW-Authenticate: Basic realm=\(.*\)\r$/\1/Ip' "$WORK/headers")
expect_match "  ... challenge file under agent/tokens" "$realm" "^$D/agent/tokens/[0-9a-f]{32}\.key\$"
expect "  ... challenge file mode 0600" "$(stat -c %a "$realm" 2>/dev/null)" 600
if grep -qi 'access_token' "$WORK/body"; then fail "  ... no token handed out"; else ok "  ... no token handed out"; fi
expect "  ... no invented body" "$(wc -c <"$WORK/body")" 0
expect "  ... counted" "$(cat "$D/identity-challenges")" 1
code=$(curl -s -m 5 -o /dev/null -w '%{http_code}' "$H/metadata/identity/oauth2/token?api-version=2020-06-01")
expect "token without Metadata header -> 400" "$code" 400

code=$(curl -s -m 5 -o "$WORK/body" -w '%{http_code}' "$H/no/such/path")
expect "unknown path -> 404" "$code" 404
expect "  ... no invented body" "$(wc -c <"$WORK/body")" 0

# ---- TLS endpoints ---------------------------------------------------------
body=$(curl -sS -m 10 --cacert "$CA" --connect-to "::127.0.0.1:$TLS_PORT" https://management.azure.com/)
expect "TLS endpoint answers for management.azure.com" "$body" "arc-sim: simulated Azure endpoint"
code=$(curl -s -m 10 -o /dev/null -w '%{http_code}' --cacert "$CA" --connect-to "::127.0.0.1:$TLS_PORT" \
    "https://gbl.his.arc.azure.com/discovery?location=westeurope&api-version=2.1")
expect "TLS endpoint answers any path" "$code" 200

# ---- disconnected / expired -----------------------------------------------
switch_to "$D" disconnected
st=$(curl -sS -m 5 "$H/agentstatus")
expect "disconnected: status" "$(json_get status <<<"$st")" Disconnected
expect "disconnected: status alone by default" "$(keys_of <<<"$st")" status
expect_match "disconnected: himds.log ends with heartbeat failures" "$(tail -1 "$D/agent/log/himds.log")" \
    'level=error msg="Failed to send heartbeat"'

switch_to "$D" expired
st=$(curl -sS -m 5 "$H/agentstatus")
expect "expired: status" "$(json_get status <<<"$st")" Expired

# ---- azcm-error ------------------------------------------------------------
# newest_code DIR: the code line that is newest by time= across both logs,
# and the code that reading azcmagent.log alone (or by mtime) would give.
newest_code() {
    python3 - "$1/agent/log/azcmagent.log" "$1/agent/log/himds.log" <<'EOF'
import re, sys
code_re = re.compile(r'^time="([^"]+)".*?(AZCM\d{4}: [A-Za-z ]+)')
best = None
times = {}
last_per_file = []
for order, path in enumerate(sys.argv[1:]):
    last = None
    for n, line in enumerate(open(path)):
        m = code_re.match(line)
        if m:
            last = m.group(2).strip()
            times.setdefault(m.group(1), set()).add(m.group(2).strip())
            # strictly newer: on a tie the file read first wins, which is
            # the wrong answer this scenario must not allow
            if best is None or m.group(1) > best[0]:
                best = (m.group(1), m.group(2).strip(), line, path)
    last_per_file.append(last)
print(best[1])
print("no such host" if "lookup gbl.his.arc.azure.com: no such host" in best[2] else "other message")
print(best[3].rsplit("/", 1)[1])
print(last_per_file[0])
print(" ".join(sorted(set(re.findall(r"AZCM\d{4}", open(sys.argv[1]).read() + open(sys.argv[2]).read())))))
print("unique" if len(times[best[0]]) == 1 else "tie: " + ", ".join(sorted(times[best[0]])))
EOF
}
check_azcm_error() {
    local out
    mapfile -t out < <(newest_code "$1")
    expect "$2: newest code by time" "${out[0]}" "AZCM0026: Network Error"
    expect "$2: its message" "${out[1]}" "no such host"
    expect "$2: newest code is in himds.log" "${out[2]}" himds.log
    expect_match "$2: azcmagent.log's last code is an older one" "${out[3]}" '^AZCM00(41|18)'
    expect_match "$2: codes present" "${out[4]}" 'AZCM0018 AZCM0026 AZCM0041'
    local newest_file
    newest_file=$(ls -t "$1/agent/log/azcmagent.log" "$1/agent/log/himds.log" | head -1)
    expect "$2: azcmagent.log written last (mtime)" "${newest_file##*/}" azcmagent.log
    expect "$2: no other code at the same second" "${out[5]}" unique
}
switch_to "$D" azcm-error
st=$(curl -sS -m 5 "$H/agentstatus")
expect "azcm-error: status" "$(json_get status <<<"$st")" Connected
expect "azcm-error: no agentErrorCode by default" "$(keys_of <<<"$st")" status
check_azcm_error "$D" "azcm-error (switched)"
if check_logrus "$D"/agent/log/azcmagent.log "$D"/agent/log/himds.log; then ok "logs still logrus after switches"; else fail "logs still logrus after switches"; fi

# Quick back-and-forth: each newest code stays strictly newest by time.
for round in 1 2; do
    switch_to "$D" connected
    mapfile -t out < <(newest_code "$D")
    expect "round $round: connected again: newest code" "${out[0]}" "AZCM0000: No Error"
    expect "round $round: connected again: no tie" "${out[5]}" unique
    switch_to "$D" azcm-error
    check_azcm_error "$D" "round $round: azcm-error again"
done

# ---- himds-down ------------------------------------------------------------
switch_to "$D" himds-down
set +e
curl -s -m 5 -o /dev/null "$H/agentstatus"
rc=$?
set -e
expect "himds-down: connection refused (curl exit 7)" "$rc" 7
expect "himds-down: process no longer named himds" "$(comm_of "$SIM_PID")" arc-sim
switch_to "$D" connected
expect "back up: same port" "$(ready_value "$D" port)" "$PORT"
expect "back up: answers" "$(curl -sS -m 5 "$H/agentstatus" | json_get status)" Connected
expect "back up: process named again" "$(comm_of "$SIM_PID")" "$PROC_NAME"
expect "connected after azcm-error: resolved by a newer AZCM0000" \
    "$(grep -ho 'AZCM[0-9]\{4\}: [A-Za-z ]*' "$D/agent/log/azcmagent.log" | tail -1)" "AZCM0000: No Error"

# ---- the unconfirmed shapes (AGENT-FIELDS.md) -------------------------------
switch_to "$D" shape-absent
st=$(curl -sS -m 5 "$H/agentstatus")
expect "shape-absent: agentstatus has status only" "$(python3 -c 'import json,sys; print(sorted(json.load(sys.stdin)))' <<<"$st")" "['status']"
if [[ -e "$D/agent/localconfig.json" ]]; then fail "shape-absent: no localconfig.json"; else ok "shape-absent: no localconfig.json"; fi
switch_to "$D" shape-renamed
st=$(curl -sS -m 5 "$H/agentstatus")
expect "shape-renamed: status as confirmed" "$(json_get status <<<"$st")" Connected
expect_match "shape-renamed: LASTHEARTBEAT" "$(json_get LASTHEARTBEAT <<<"$st")" '^20[0-9-]+T'
expect "shape-renamed: agentconfig keys in lower case" "$(json_get resourcename <"$D/agent/agentconfig.json")" arcsim-host01
md=$(curl -sS -m 5 -H 'Metadata: true' "$H/metadata/instance?api-version=2020-06-01")
expect "shape-renamed: Compute.AZENVIRONMENT" "$(json_get Compute.AZENVIRONMENT <<<"$md")" AzurePublicCloud
switch_to "$D" shape-retyped
st=$(curl -sS -m 5 "$H/agentstatus")
expect "shape-retyped: lastHeartbeat a number" "$(python3 -c 'import json,sys; print(type(json.load(sys.stdin)["lastHeartbeat"]).__name__)' <<<"$st")" int
expect "shape-retyped: services a string" "$(json_get services <<<"$st")" active
switch_to "$D" connected

# ---- himds-hung ------------------------------------------------------------
switch_to "$D" himds-hung
BASE_THREADS=$(threads_of "$SIM_PID")
start=$(date +%s%N)
set +e
curl -s -m 2 -o /dev/null "$H/agentstatus"
rc=$?
set -e
ms=$((($(date +%s%N) - start) / 1000000))
expect "himds-hung: curl -m 2 times out (exit 28)" "$rc" 28
if ((ms >= 1900)); then ok "himds-hung: held for $ms ms"; else fail "himds-hung: answered after $ms ms"; fi
# A client that gave up must not keep a thread (a probe polls forever).
if wait_threads "$SIM_PID" "$BASE_THREADS"; then ok "himds-hung: thread freed when the client gave up"; else
    fail "himds-hung: $(threads_of "$SIM_PID") threads, $BASE_THREADS before"
fi
curl -s -m 20 -o /dev/null "$H/agentstatus" &
BG_PIDS+=($!)
sleep 0.3
body=$(curl -sS -m 5 --cacert "$CA" --connect-to "::127.0.0.1:$TLS_PORT" https://login.microsoftonline.com/)
expect "himds-hung: TLS endpoints still answer" "$body" "arc-sim: simulated Azure endpoint"

# ---- himds-garbage ---------------------------------------------------------
switch_to "$D" himds-garbage
code=$(curl -s -m 5 -D "$WORK/headers" -o "$WORK/body" -w '%{http_code}' -H 'Metadata: true' \
    "$H/metadata/instance?api-version=2020-06-01")
expect "himds-garbage: 200" "$code" 200
expect_match "himds-garbage: claims JSON" "$(grep -i '^Content-Type:' "$WORK/headers")" 'application/json'
if python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$WORK/body" 2>/dev/null; then
    fail "himds-garbage: body is not JSON"
else
    ok "himds-garbage: body is not JSON"
fi

# ---- himds-slow ------------------------------------------------------------
switch_to "$D" himds-slow
start=$(date +%s%N)
md=$(curl -sS -m 10 -H 'Metadata: true' "$H/metadata/instance?api-version=2020-06-01")
ms=$((($(date +%s%N) - start) / 1000000))
expect "himds-slow: correct answer" "$(json_get compute.name <<<"$md")" arcsim-host01
if ((ms >= 1450 && ms < 5000)); then ok "himds-slow: took $ms ms"; else fail "himds-slow: took $ms ms"; fi

# ---- himds-html ------------------------------------------------------------
switch_to "$D" himds-html
code=$(curl -s -m 5 -D "$WORK/headers" -o "$WORK/body" -w '%{http_code}' "$H/agentstatus")
expect "himds-html: 500" "$code" 500
expect_match "himds-html: text/html" "$(grep -i '^Content-Type:' "$WORK/headers")" 'text/html'
expect_match "himds-html: an HTML page" "$(head -c 200 "$WORK/body")" '<html>'

# ---- a fresh start in azcm-error with the /agentstatus extras, TLS concurrency
D2=$WORK/sim2
"$SIM" --dir "$D2" --scenario azcm-error --tls-delay-ms 1000 --process-name "$PROC_NAME" \
    --agentstatus-extras 2>"$WORK/sim2.err" &
SIM2_PID=$!
wait_for "$D2/ready" '^scenario=azcm-error$'
check_azcm_error "$D2" "azcm-error (start-up history)"
H2=http://127.0.0.1:$(ready_value "$D2" port)
# --agentstatus-extras: the keys `azcmagent show -j` is documented to print
st=$(curl -sS -m 5 "$H2/agentstatus")
for key in status resourceName resourceGroup location subscriptionId tenantId lastHeartbeat agentVersion \
    httpsProxy proxyBypass agentErrorCode agentErrorDetails services; do
    if json_get "$key" <<<"$st" >/dev/null 2>&1; then ok "extras: agentstatus has $key"; else fail "extras: agentstatus lacks $key"; fi
done
# no keys that no source shows anywhere
for key in resourceId vmId cloud agentErrorTimestamp dependentServices; do
    if json_get "$key" <<<"$st" >/dev/null 2>&1; then fail "extras: agentstatus has no $key"; else ok "extras: agentstatus has no $key"; fi
done
expect "extras, azcm-error: agentErrorCode" "$(json_get agentErrorCode <<<"$st")" AZCM0026
expect "extras: first service" "$(json_get services.0.serviceName <<<"$st")/$(json_get services.0.status <<<"$st")" himdsd/active
age=$(age_of "$(json_get lastHeartbeat <<<"$st")")
if ((age >= 420 && age <= 600)); then ok "extras, azcm-error: heartbeat ~8 min old ($age s)"; else fail "extras, azcm-error: heartbeat age $age"; fi
TLS2=$(ready_value "$D2" tls_port)
start=$(date +%s%N)
pids=()
for i in $(seq 1 64); do
    curl -s -m 20 -o "$WORK/tls.$i" --cacert "$CA" --connect-to "::127.0.0.1:$TLS2" \
        "https://westeurope-gas.guestconfiguration.azure.com/$i" &
    pids+=($!)
done
failed=0
for p in "${pids[@]}"; do wait "$p" || failed=$((failed + 1)); done
ms=$((($(date +%s%N) - start) / 1000000))
expect "64 concurrent TLS clients all answered" "$failed" 0
expect "  ... with the body" "$(cat "$WORK"/tls.* | sort -u)" "arc-sim: simulated Azure endpoint"
# One at a time they would need 64 s; in parallel about the 1 s delay.
if ((ms < 15000)); then ok "  ... in parallel ($ms ms)"; else fail "  ... served serially? $ms ms"; fi

# the heartbeat's age in each status (sim2 serves lastHeartbeat)
switch_to "$D2" connected
st=$(curl -sS -m 5 "$H2/agentstatus")
expect "extras, connected: agentErrorCode empty" "$(json_get agentErrorCode <<<"$st")" ""
age=$(age_of "$(json_get lastHeartbeat <<<"$st")")
if ((age >= 30 && age <= 180)); then ok "extras, connected: heartbeat ~1 min old ($age s)"; else fail "extras, connected: heartbeat age $age"; fi
switch_to "$D2" disconnected
age=$(age_of "$(curl -sS -m 5 "$H2/agentstatus" | json_get lastHeartbeat)")
if ((age >= 2300 && age <= 2600)); then ok "extras, disconnected: heartbeat ~40 min old"; else fail "extras, disconnected: heartbeat age $age"; fi
switch_to "$D2" expired
age=$(age_of "$(curl -sS -m 5 "$H2/agentstatus" | json_get lastHeartbeat)")
if ((age / 86400 == 50)); then ok "extras, expired: heartbeat 50 days old"; else fail "extras, expired: heartbeat age $age"; fi
switch_to "$D2" shape-absent
expect "extras asked, shape-absent: status alone" "$(curl -sS -m 5 "$H2/agentstatus" | keys_of)" status

# A 60 s endpoint delay: a client that gives up frees its thread at once.
D3=$WORK/sim3
"$SIM" --dir "$D3" --tls-delay-ms 60000 --process-name "$PROC_NAME" 2>"$WORK/sim3.err" &
SIM3_PID=$!
wait_for "$D3/ready" '^scenario=connected$'
base=$(threads_of "$SIM3_PID")
set +e
curl -s -m 1 -o /dev/null --cacert "$CA" --connect-to "::127.0.0.1:$(ready_value "$D3" tls_port)" https://pas.windows.net/
rc=$?
set -e
expect "TLS delay 60 s: client times out" "$rc" 28
if wait_threads "$SIM3_PID" "$base"; then ok "TLS delay: thread freed when the client gave up"; else
    fail "TLS delay: $(threads_of "$SIM3_PID") threads, $base before"
fi

# ---- SIGTERM ---------------------------------------------------------------
# The first simulator still holds a hung request (background curl).
switch_to "$D" himds-hung
curl -s -m 20 -o /dev/null "$H/agentstatus" &
BG_PIDS+=($!)
sleep 0.3
stop_sim() { # PID NAME
    local start ms rc
    start=$(date +%s%N)
    kill -TERM "$1"
    set +e
    wait "$1"
    rc=$?
    set -e
    ms=$((($(date +%s%N) - start) / 1000000))
    expect "$2: SIGTERM exit status (0 = clean, also under LeakSanitizer)" "$rc" 0
    if ((ms < 3000)); then ok "$2: exited in $ms ms"; else fail "$2: took $ms ms to exit"; fi
}
stop_sim "$SIM_PID" "sim (hung request pending)"
SIM_PID=""
if [[ -e "$D/ready" ]]; then fail "ready removed on exit"; else ok "ready removed on exit"; fi
stop_sim "$SIM2_PID" "sim2"
SIM2_PID=""
stop_sim "$SIM3_PID" "sim3"
SIM3_PID=""

if ((FAILS > 0)); then
    echo "---- arc-sim stderr"
    cat "$WORK/sim.err" "$WORK/sim2.err" "$WORK/sim3.err" 2>/dev/null || true
    echo "$FAILS check(s) failed"
    exit 1
fi
echo "all checks passed"
