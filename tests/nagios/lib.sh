# shellcheck shell=bash disable=SC2034
# lib.sh - shared helpers for the nagios.* integration tests (sourced).
# Needs: PLUGIN (check_azure_arc), SIM (arc-sim) set by the caller.

PLUGIN=$(realpath "$PLUGIN")
SIM=$(realpath "$SIM")
WORK=$(mktemp -d)
# Nagios and Icinga run their checks as user nagios: it must reach our files.
chmod 755 "$WORK"
SIM_PIDS=()
DAEMON_PIDS=()
FAILS=0

lib_cleanup() {
    local p
    if [[ -n "${HANG_MOUNT:-}" ]]; then fusermount3 -u -z "$HANG_MOUNT" 2>/dev/null || true; fi
    for p in "${DAEMON_PIDS[@]}" "${SIM_PIDS[@]}"; do
        kill "$p" 2>/dev/null || true
    done
    for p in "${DAEMON_PIDS[@]}" "${SIM_PIDS[@]}"; do
        wait "$p" 2>/dev/null || true
    done
    if [[ "${KEEP_WORK:-0}" != 1 ]]; then rm -rf "$WORK"; else echo "kept $WORK"; fi
}
trap lib_cleanup EXIT

# start_blocking_config: $WORK/blocking.conf, a config whose read never
# answers (a file on a FUSE mount, HANGFS): a FIFO or a device would be
# refused at open, a hung network mount is not.
start_blocking_config() {
    : "${HANGFS:?HANGFS (the hangfs test filesystem) is needed}"
    HANG_MOUNT=$WORK/hang
    mkdir -p "$HANG_MOUNT"
    # allow_other: Nagios and Icinga run the plugin as user nagios
    "$HANGFS" -f -o allow_other "$HANG_MOUNT" >"$WORK/hangfs.log" 2>&1 &
    DAEMON_PIDS+=($!)
    local _
    for _ in $(seq 100); do
        [[ -f "$HANG_MOUNT/arcprobe.conf" ]] && break
        sleep 0.1
    done
    [[ -f "$HANG_MOUNT/arcprobe.conf" ]] || { echo "hangfs did not mount: $(cat "$WORK/hangfs.log")"; exit 1; }
    ln -sf "$HANG_MOUNT/arcprobe.conf" "$WORK/blocking.conf"
}

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
    if [[ "$2" =~ $3 ]]; then ok "$1"; else fail "$1: '${2:0:400}' does not match /$3/"; fi
}
# expect_no_match DESCRIPTION GOT EXTENDED-REGEX
expect_no_match() {
    if [[ "$2" =~ $3 ]]; then fail "$1: '${2:0:400}' matches /$3/"; else ok "$1"; fi
}
# expect_state_kept SIM_DIR...: the plugin kept its AZCM state file in each
# simulator's own state_dir (the test's directory), not in a home directory.
expect_state_kept() {
    local dir
    for dir in "$@"; do
        expect "state file kept in $(basename "$dir")/state" \
            "$(find "$dir/state" -name 'azcm-*.json' | wc -l)" 1
    done
}
finish() {
    if ((FAILS > 0)); then
        echo "$FAILS check(s) failed"
        exit 1
    fi
    echo "all checks passed"
}

# wait_for SECONDS COMMAND...: poll (0.2 s steps) until COMMAND succeeds.
wait_for() {
    local limit=$1 i
    shift
    for ((i = 0; i < limit * 5; i++)); do
        if "$@" 2>/dev/null; then return 0; fi
        sleep 0.2
    done
    return 1
}

# free_port: a loopback TCP port nothing listens on (bound, then released).
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# start_sim NAME SCENARIO [arc-sim options...]: an arc-sim in $WORK/NAME; sets SIM_DIR_<NAME>.
# Each sim gets its own process name so the proc service check of one
# simulated agent never sees another's "himds".
start_sim() {
    local name=$1 scenario=$2 dir="$WORK/$1"
    shift 2
    local pname="h${name//[^a-z0-9]/}$$"
    pname=${pname:0:15}
    mkdir -p "$dir"
    "$SIM" --dir "$dir" --port 0 --tls-port 0 --scenario "$scenario" --process-name "$pname" \
        "$@" >"$dir.log" 2>&1 &
    SIM_PIDS+=($!)
    if ! wait_for 30 grep -q "tls_port=" "$dir/ready"; then
        echo "arc-sim $name did not get ready:" >&2
        cat "$dir.log" >&2
        exit 1
    fi
    chmod -R a+rX "$dir"
    printf -v "SIM_DIR_${name//-/_}" '%s' "$dir"
}

# sim_tls_port DIR
sim_tls_port() { sed -n 's/.*tls_port=\([0-9]*\).*/\1/p' "$1/ready" | head -1; }

# start_tarpit: a loopback port that accepts and never answers; sets TARPIT_PORT.
start_tarpit() {
    python3 "$(dirname "${BASH_SOURCE[0]}")/tarpit.py" >"$WORK/tarpit.port" &
    DAEMON_PIDS+=($!)
    wait_for 30 test -s "$WORK/tarpit.port" || { echo "tarpit did not start" >&2; exit 1; }
    TARPIT_PORT=$(cat "$WORK/tarpit.port")
}

# start_daemon_fixtures: what the Nagios and Icinga daemon tests check against:
# a simulator per scenario (ok, disc, down, azcm, hung), a closed port
# (CLOSED), a tarpit (TARPIT_PORT) and a config whose read blocks.
start_daemon_fixtures() {
    start_sim ok connected
    start_sim disc disconnected
    start_sim down himds-down
    start_sim azcm azcm-error
    start_sim hung himds-hung
    # The daemons run the plugin as user nagios: its state_dir (the
    # simulator's DIR/state, not /var/lib/nagios/.cache) must be its own.
    local dir
    for dir in "$SIM_DIR_ok" "$SIM_DIR_disc" "$SIM_DIR_down" "$SIM_DIR_azcm" "$SIM_DIR_hung"; do
        install -d -o nagios -g nagios -m 700 "$dir/state"
    done
    CLOSED=$(free_port)
    start_tarpit
    start_blocking_config
}
