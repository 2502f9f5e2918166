#!/usr/bin/env bash
# integration.config_sources: /dev/zero, a FIFO and a directory as every
# configuration source of every front end. Each must be refused at once with
# a message naming the file and what it is, and the front end's failure state
# (check_azure_arc: UNKNOWN, exit 3; arcprobe: exit 3; arcprobe-agentx: exit 1;
# collectd: the plugin's ERROR and the configuration refused). Before the fix
# a FIFO blocked in open() and /dev/zero was read for ever: `timeout` bounds
# every run, and a run it had to end (status 124) is a failure.
# Environment: ARCPROBE, CHECK_AZURE_ARC, optional AGENTX, optional
# COLLECTD_BIN + AZARC_PLUGIN (+ AZARC_PRELOAD for sanitizer builds).
set -uo pipefail
: "${ARCPROBE:?} ${CHECK_AZURE_ARC:?}"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/arcp-config-sources.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkfifo "$WORK/fifo"
mkdir "$WORK/dir"
FAILED=0
fail() { echo "FAIL: $*"; FAILED=1; }
pass() { echo "ok: $*"; }

# check NAME WANT_STATUS REGEX COMMAND...: run with a bound, then compare.
check() {
    local name=$1 want=$2 regex=$3 rc=0
    shift 3
    timeout 20 "$@" >"$WORK/out" 2>&1 </dev/null || rc=$?
    if [ "$rc" -eq 124 ]; then
        fail "$name: still running after 20 s (hang or endless read)"
    elif [ "$rc" -ne "$want" ]; then
        fail "$name: status $rc, want $want: $(head -c 400 "$WORK/out")"
    elif ! grep -Eq -- "$regex" "$WORK/out"; then
        fail "$name: output lacks /$regex/: $(head -c 400 "$WORK/out")"
    else
        pass "$name: $(grep -Em1 -- "$regex" "$WORK/out" | cut -c1-160)"
    fi
}

kind_of() {
    case $1 in
    /dev/zero) echo "character device" ;;
    */fifo) echo "FIFO" ;;
    */dir) echo "directory" ;;
    esac
}

for src in /dev/zero "$WORK/fifo" "$WORK/dir"; do
    kind=$(kind_of "$src")
    why="$src is not a regular file but a $kind: not read"
    check "arcprobe --config $src" 3 "$why" "$ARCPROBE" --config "$src"
    check "arcprobe ARCPROBE_CONFIG=$src" 3 "$why" env ARCPROBE_CONFIG="$src" "$ARCPROBE"
    check "check_azure_arc --config $src" 3 "^ARC UNKNOWN - $why" \
        "$CHECK_AZURE_ARC" -t 5 --config "$src"
    check "check_azure_arc ARCPROBE_CONFIG=$src" 3 "^ARC UNKNOWN - $why" \
        env ARCPROBE_CONFIG="$src" "$CHECK_AZURE_ARC" -t 5
    check "check_azure_arc --extra-opts=@$src" 3 "^ARC UNKNOWN - cannot read extra-opts file: $why" \
        "$CHECK_AZURE_ARC" -t 5 "--extra-opts=@$src"
    check "check_azure_arc MP_CONFIG_FILE=$src --extra-opts" 3 \
        "^ARC UNKNOWN - cannot read extra-opts file: $why" \
        env MP_CONFIG_FILE="$src" "$CHECK_AZURE_ARC" -t 5 --extra-opts
    if [ -n "${AGENTX:-}" ]; then
        check "arcprobe-agentx --config $src" 1 "$why" \
            "$AGENTX" -f --config "$src" -x "$WORK/none.sock"
        check "arcprobe-agentx ARCPROBE_CONFIG=$src" 1 "$why" \
            env ARCPROBE_CONFIG="$src" "$AGENTX" -f -x "$WORK/none.sock"
    fi
done

# The same config file bytes are refused whole when they hold a NUL byte, and
# a file larger than the bound is not read past it.
printf 'timeout = 5\n\0\n' >"$WORK/nul.conf"
check "arcprobe --config with a NUL byte" 3 "nul.conf:2: line contains a NUL byte" \
    "$ARCPROBE" --config "$WORK/nul.conf"
head -c $((4 * 1024 * 1024 + 1)) /dev/zero | tr '\0' '#' >"$WORK/huge.conf"
check "arcprobe --config above 4 MiB" 3 "huge.conf: larger than 4194304 bytes: not read" \
    "$ARCPROBE" --config "$WORK/huge.conf"

# collectd: ConfigFile in the <Plugin azure_arc> block, through real collectd.
if [ -n "${COLLECTD_BIN:-}" ] && [ -n "${AZARC_PLUGIN:-}" ] && [ -x "$COLLECTD_BIN" ]; then
    mkdir -p "$WORK/plugins"
    cp "$AZARC_PLUGIN" "$WORK/plugins/azure_arc.so"
    cp /usr/lib/collectd/logfile.so "$WORK/plugins/"
    # collectd_refuses NAME VALUE REGEX: `ConfigFile VALUE` (as written in
    # collectd.conf) fails the plugin block with a log line matching REGEX
    collectd_refuses() {
        cat >"$WORK/collectd.conf" <<CONF
Hostname "arctest"
FQDNLookup false
BaseDir "$WORK"
PIDFile "$WORK/collectd.pid"
PluginDir "$WORK/plugins"
TypesDB "${COLLECTD_TYPESDB:-/usr/share/collectd/types.db}"
LoadPlugin logfile
<Plugin logfile>
  LogLevel info
  File STDOUT
</Plugin>
LoadPlugin azure_arc
<Plugin azure_arc>
  ConfigFile $2
</Plugin>
CONF
        run_collectd=("$COLLECTD_BIN" -T -C "$WORK/collectd.conf")
        if [ -n "${AZARC_PRELOAD:-}" ]; then
            run_collectd=(env LD_PRELOAD="$AZARC_PRELOAD" ASAN_OPTIONS=detect_leaks=0
                "${run_collectd[@]}")
        fi
        # collectd refuses a configuration with a failed plugin block: status 1
        check "$1" 1 "$3" "${run_collectd[@]}"
    }
    for src in /dev/zero "$WORK/fifo" "$WORK/dir"; do
        collectd_refuses "collectd ConfigFile \"$src\"" "\"$src\"" \
            "azure_arc plugin: instance \"default\": ConfigFile: $src is not a regular file but a $(kind_of "$src"): not read"
    done
    # a number is no path: collectd's own cf_util_get_string says so
    collectd_refuses "collectd ConfigFile 42" 42 \
        "The .ConfigFile. option requires exactly one string argument"
fi
[ "$FAILED" -eq 0 ] && echo "integration.config_sources: all checks passed"
exit "$FAILED"
