# collectd_lib.sh - helpers shared by the collectd plugin's shell tests.
# Sourced, not run. Needs: AZARC_PLUGIN (path of azure_arc.so), COLLECTD_BIN,
# optionally AZARC_PRELOAD (sanitizer runtimes for an ASan build of the module).

COLLECTD_BIN=${COLLECTD_BIN:-/usr/sbin/collectd}
COLLECTD_TYPESDB=${COLLECTD_TYPESDB:-/usr/share/collectd/types.db}
STOCK_PLUGIN_DIR=${STOCK_PLUGIN_DIR:-/usr/lib/collectd}
HOST=arctest

WORK=$(mktemp -d "${TMPDIR:-/tmp}/azarc-collectd.XXXXXX")
# exec's NotificationExec runs its script as an unprivileged user, who must
# be able to reach it.
chmod 755 "$WORK"
PIDS=()
FAILED=0

cleanup() {
    local rc=$?
    for pid in "${PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        # bounded: a daemon that ignores SIGTERM gets SIGKILL after 10 s
        for _ in $(seq 100); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    if [ "$rc" -ne 0 ] || [ "$FAILED" -ne 0 ]; then
        echo "--- logs kept in $WORK" >&2
        for f in "$WORK"/*.log; do
            [ -f "$f" ] || continue
            echo "--- $f (last 40 lines)" >&2
            tail -n 40 "$f" >&2
        done
    else
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT

log() { printf '[%s] %s\n' "$(date +%T)" "$*"; }
die() {
    echo "FAIL: $*" >&2
    FAILED=1
    exit 1
}
pass() { echo "ok: $*"; }

# wait_for SECONDS DESCRIPTION COMMAND... : poll every 0.2 s.
wait_for() {
    local limit=$1 what=$2
    shift 2
    local end=$((SECONDS + limit))
    while [ "$SECONDS" -lt "$end" ]; do
        if "$@" >/dev/null 2>&1; then
            return 0
        fi
        sleep 0.2
    done
    die "timed out after ${limit}s waiting for: $what"
}

# A private plugin directory: collectd looks plugins up by name in one
# PluginDir and refuses symlinks, so the module and the stock plugins the test
# needs are copied.
make_plugin_dir() {
    local dir=$1
    shift
    mkdir -p "$dir"
    cp "$AZARC_PLUGIN" "$dir/azure_arc.so"
    for p in "$@"; do
        cp "$STOCK_PLUGIN_DIR/$p.so" "$dir/"
    done
}

# conf_head INTERVAL: the global part of a test collectd.conf (private
# directories, the stock types) and the logfile plugin writing to stdout,
# which also receives every notification.
conf_head() {
    cat <<EOF
Hostname "$HOST"
FQDNLookup false
BaseDir "$WORK"
PIDFile "$WORK/collectd.pid"
PluginDir "$PLUGINS"
TypesDB "$COLLECTD_TYPESDB"
Interval $1
LoadPlugin logfile
<Plugin logfile>
  LogLevel info
  File STDOUT
  PrintSeverity true
</Plugin>
EOF
}

# conf_observe SOCKET: unixsock on SOCKET (values) and exec's NotificationExec
# running notify.sh (notifications, see write_notify_script).
conf_observe() {
    cat <<EOF
LoadPlugin unixsock
<Plugin unixsock>
  SocketFile "$1"
</Plugin>
LoadPlugin exec
<Plugin exec>
  NotificationExec "nobody" "$WORK/notify.sh"
</Plugin>
EOF
}

# start_sim DIR [arc-sim options...]: start the simulated agent, wait for DIR/ready.
start_sim() {
    local dir=$1
    shift
    "$ARC_SIM" --dir "$dir" "$@" >"$dir.log" 2>&1 &
    PIDS+=($!)
    wait_for 30 "arc-sim ready in $dir" test -s "$dir/ready"
}

# switch_scenario DIR NAME: ask arc-sim to switch and wait until it did.
switch_scenario() {
    echo "$2" >"$1/scenario"
    wait_for 30 "arc-sim scenario $2" grep -qx "scenario=$2" "$1/ready"
}

# start_collectd CONF LOG: collectd in the foreground, in the background.
start_collectd() {
    local conf=$1 out=$2
    if [ -n "${AZARC_PRELOAD:-}" ]; then
        # The module was built with sanitizers: their runtimes must come
        # first. collectd's own allocations are not ours to judge.
        LD_PRELOAD=$AZARC_PRELOAD ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 \
            UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
            "$COLLECTD_BIN" -f -C "$conf" >"$out" 2>&1 &
    else
        "$COLLECTD_BIN" -f -C "$conf" >"$out" 2>&1 &
    fi
    PIDS+=($!)
    COLLECTD_PID=$!
}

# collectd_T CONF LOG: one read of everything, then exit; returns collectd's status.
collectd_T() {
    local conf=$1 out=$2
    if [ -n "${AZARC_PRELOAD:-}" ]; then
        LD_PRELOAD=$AZARC_PRELOAD ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 \
            UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
            timeout 120 "$COLLECTD_BIN" -T -C "$conf" >"$out" 2>&1
    else
        timeout 120 "$COLLECTD_BIN" -T -C "$conf" >"$out" 2>&1
    fi
}

# usock SOCKET COMMAND: one command to collectd's unixsock plugin. nc, not an
# interpreter per query: the tests must stay responsive on a loaded machine.
usock() { printf '%s\n' "$2" | nc -N -U "$1"; }

# getval SOCKET IDENTIFIER: the first value of a value list as collectd prints
# it ("1.000000e+00", "nan"); fails when collectd has none yet.
getval() {
    usock "$1" "GETVAL \"$2\"" | awk 'NR == 1 { if ($1 + 0 < 1) exit 1; next }
        NR == 2 { sub(/^[^=]*=/, ""); print; found = 1; exit }
        END { exit !found }'
}

# value_cmp SOCKET IDENTIFIER OP NUMBER|nan: OP is one of == > >= < <=;
# NaN equals only nan and fails every other comparison.
value_cmp() {
    local v
    v=$(getval "$1" "$2") || return 1
    awk -v got="$v" -v op="$3" -v want="$4" 'BEGIN {
        gn = tolower(got) ~ /nan/; wn = tolower(want) ~ /nan/
        if (gn || wn) exit !(gn && wn && op == "==")
        g = got + 0; w = want + 0
        if (op == "==") exit !(g == w)
        if (op == ">") exit !(g > w)
        if (op == ">=") exit !(g >= w)
        if (op == "<") exit !(g < w)
        if (op == "<=") exit !(g <= w)
        exit 2 }'
}

# value_is SOCKET IDENTIFIER EXPECTED: numerically equal (nan matches nan).
value_is() { value_cmp "$1" "$2" == "$3"; }

# value_time SOCKET IDENTIFIER: when collectd last got that value (epoch s).
value_time() {
    usock "$1" LISTVAL | awk -v id="$2" 'NR > 1 && $2 == id { print int($1) }'
}

# identifiers SOCKET PREFIX: the identifiers collectd holds that start with PREFIX,
# with the prefix removed.
identifiers() {
    usock "$1" LISTVAL | awk -v p="$2" 'NR > 1 && index($2, p) == 1 { print substr($2, length(p) + 1) }'
}

# Notifications written by notify.sh (exec's NotificationExec), one file each.
# notif_count DIR SEVERITY PLUGIN_INSTANCE TYPE_INSTANCE
notif_count() {
    local dir=$1 sev=$2 pi=$3 ti=$4 n=0 f
    for f in "$dir"/n.*; do
        [ -f "$f" ] || continue
        grep -qx "Severity: $sev" "$f" || continue
        grep -qx "PluginInstance: $pi" "$f" || continue
        grep -qx "TypeInstance: $ti" "$f" || continue
        n=$((n + 1))
    done
    echo "$n"
}

notif_count_is() { [ "$(notif_count "$1" "$2" "$3" "$4")" -eq "$5" ]; }

# The message (body) of the newest notification matching, or nothing.
notif_message() {
    local dir=$1 sev=$2 pi=$3 ti=$4 f newest="" newest_t=0 t
    for f in "$dir"/n.*; do
        [ -f "$f" ] || continue
        grep -qx "Severity: $sev" "$f" || continue
        grep -qx "PluginInstance: $pi" "$f" || continue
        grep -qx "TypeInstance: $ti" "$f" || continue
        t=$(sed -n 's/^Time: //p' "$f")
        if awk -v a="$t" -v b="$newest_t" 'BEGIN { exit !(a + 0 >= b + 0) }'; then
            newest=$f
            newest_t=$t
        fi
    done
    [ -n "$newest" ] && sed '1,/^$/d' "$newest"
}

# write_notify_script DIR: the NotificationExec program; stores each
# notification (headers, blank line, message) in DIR/n.XXXXXX.
write_notify_script() {
    local dir=$1
    mkdir -p "$dir"
    chmod 1777 "$dir"
    cat >"$WORK/notify.sh" <<EOF
#!/bin/sh
umask 022
f=\$(mktemp "$dir/tmp.XXXXXXXX") || exit 1
cat >"\$f"
mv "\$f" "$dir/n.\${f##*/tmp.}"
EOF
    chmod 755 "$WORK/notify.sh"
}
