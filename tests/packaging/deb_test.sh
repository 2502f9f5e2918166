#!/usr/bin/env bash
# packaging.deb: build the Debian packages from the working tree (lintian
# clean), install them on this machine, run every front end from the path
# the packages put it in, let each host system find its files, then purge
# everything and check nothing is left behind.
#
# This test changes the machine (it installs and purges packages): it needs
# root, holds a lock so two runs never overlap, and purges its packages on
# any exit (trap). Registered RUN_SERIAL so no other test runs meanwhile.
# arcprobe packages already installed when it starts (say, left by a run
# that was killed) are purged first: do not run it on a machine whose
# arcprobe installation matters.
#
# Usage: deb_test.sh SOURCE_DIR ARC_SIM
set -euo pipefail
SRC=$(cd "${1:?usage: deb_test.sh SOURCE_DIR ARC_SIM}" && pwd)
ARC_SIM=${2:?usage: deb_test.sh SOURCE_DIR ARC_SIM}
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
source "$HERE/lib.sh"

[ "$(id -u)" -eq 0 ] || skip "needs root: installs and purges packages"
for tool in dpkg-buildpackage dh fakeroot lintian apt-get; do
    command -v "$tool" >/dev/null || die "$tool not found (apt-get install dpkg-dev debhelper fakeroot lintian)"
done

PACKAGES=(libarcprobe0 libarcprobe-dev arcprobe monitoring-plugins-azure-arc collectd-azure-arc arcprobe-snmp
          prometheus-arcprobe)
VERSION=$(project_version "$SRC")-1
ARCH=$(dpkg --print-architecture)
MULTIARCH=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
LIBDIR=/usr/lib/$MULTIARCH
export DEBIAN_FRONTEND=noninteractive

# One run at a time, even from different build trees.
mkdir -p /run/lock
exec 9>/run/lock/arcprobe-packaging.lock
flock -w 900 9 || die "another packaging test holds /run/lock/arcprobe-packaging.lock"

WORK=$(mktemp -d /tmp/arcprobe-pkgtest.XXXXXX)
chmod 755 "$WORK"
PIDS=()

# Our packages that dpkg knows in any state (installed or config-files).
known_packages() {
    local p abbrev
    for p in "${PACKAGES[@]}"; do
        # "ii " installed, "rc " config-files left, "un " known but absent
        abbrev=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
        case ${abbrev:1:1} in
            "" | n) ;;
            *) echo "$p" ;;
        esac
    done
}
purge_ours() {
    local pkgs
    mapfile -t pkgs < <(known_packages)
    [ "${#pkgs[@]}" -eq 0 ] || dpkg --purge "${pkgs[@]}" >>"$WORK/purge.log" 2>&1
}
cleanup() {
    local rc=$?
    local pid
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    purge_ours || echo "cleanup: dpkg --purge failed, see $WORK/purge.log" >&2
    if [ "$rc" -ne 0 ] || [ "$FAILURES" -ne 0 ]; then
        for f in "$WORK"/*.log; do
            [ -f "$f" ] || continue
            echo "----- $(basename "$f") (last 30 lines)" >&2
            tail -n 30 "$f" >&2
        done
    fi
    rm -rf "$WORK"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

leftover=$(known_packages | tr '\n' ' ')
if [ -n "$leftover" ]; then
    echo "note: purging packages left by an earlier run: $leftover"
    purge_ours
fi

# ---------------------------------------------------------------- build
start=$SECONDS
if "$SRC/packaging/build-deb.sh" --out "$WORK/debs" >"$WORK/build-deb.log" 2>&1; then
    ok "build-deb.sh: packages built, lintian clean ($((SECONDS - start)) s)"
else
    die "build-deb.sh failed (its log follows)"
fi
DEBS=()
for p in "${PACKAGES[@]}"; do
    deb=$WORK/debs/${p}_${VERSION}_${ARCH}.deb
    [ -f "$deb" ] || deb=$WORK/debs/${p}_${VERSION}_all.deb
    expect_file "$deb" "built $(basename "$deb")"
    DEBS+=("$deb")
done
extra=""
for deb in "$WORK"/debs/*.deb; do
    p=$(dpkg-deb -f "$deb" Package)
    [[ " ${PACKAGES[*]} " == *" $p "* || $p == *-dbgsym ]] || extra+="$p "
done
expect "no binary package this test does not know" "$extra" ""

depends() { dpkg-deb -f "$(ls "$WORK/debs/${1}_${VERSION}"_*.deb | head -n 1)" Depends; }
expect_match "arcprobe depends on the library through its symbols file" "$(depends arcprobe)" \
    "libarcprobe0 \(>= $(project_version "$SRC")\)"
expect_match "collectd-azure-arc depends on collectd-core" "$(depends collectd-azure-arc)" '(^|, )collectd-core(,|$)'
expect_match "collectd-azure-arc recommends collectd (Debian's collectd.conf)" \
    "$(dpkg-deb -f "$WORK/debs/collectd-azure-arc_${VERSION}_${ARCH}.deb" Recommends)" '(^|, )collectd(,|$)'
expect_match "monitoring-plugins-azure-arc depends on monitoring-plugins-common" \
    "$(depends monitoring-plugins-azure-arc)" '(^|, )monitoring-plugins-common(,|$)'
expect_match "arcprobe-snmp depends on snmpd" "$(depends arcprobe-snmp)" '(^|, )snmpd(,|$)'

# ---------------------------------------------------------------- install
# The README's install lines, verbatim, in the directory of the .debs; apt-get
# answers its own question (no terminal here) through APT_CONFIG.
README=$SRC/README.md
readme_block "$README" 'packaging.deb runs the lines after `cd build-pkg-deb`' |
    sed -n '/^cd build-pkg-deb$/,$p' | sed 1d >"$WORK/readme-install.sh"
for p in "${PACKAGES[@]}"; do
    expect "the README's install lines name $p" "$(grep -c "^apt-get install .*\./${p}_\*\.deb" "$WORK/readme-install.sh")" 1
done
printf 'APT::Get::Assume-Yes "true";\nDPkg::Lock::Timeout "600";\n' >"$WORK/apt.conf"
# apt's maintainer scripts may start or stop no service meanwhile (collectd
# or snmpd, if apt installs them): tests running beside this one own the
# collectd and snmpd processes there are.
if (cd "$WORK/debs" && APT_CONFIG=$WORK/apt.conf "$SRC/tests/deps" no-service-actions \
    bash -ex "$WORK/readme-install.sh") >"$WORK/install.log" 2>&1; then
    ok "the README's apt-get install lines, verbatim"
else
    die "the README's install lines failed: $(tail -n 20 "$WORK/install.log")"
fi
for p in "${PACKAGES[@]}"; do
    expect "$p installed by the README's lines" "$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null)" "ii "
done
expect "collectd (Debian's collectd.conf) installed by the README's lines" \
    "$(dpkg-query -W -f='${db:Status-Abbrev}' collectd 2>/dev/null)" "ii "
for p in "${PACKAGES[@]}"; do
    dpkg -L "$p" >"$WORK/files.$p"
done

# owned PATH PACKAGE: PATH is a file that PACKAGE installed
owned() {
    local owner
    # "libarcprobe0:amd64: /usr/lib/..." for Multi-Arch: same packages
    owner=$(dpkg-query -S "$1" 2>/dev/null | sed -n "s|^\([^:]*\)\(:[a-z0-9]*\)\{0,1\}: $1\$|\1|p" | head -n 1)
    if [ "$owner" = "$2" ] && [ -f "$1" ]; then ok "$2 installs $1"; else bad "$1: owned by '${owner:-nobody}', want $2"; fi
}
owned "$LIBDIR/libarcprobe.so.0" libarcprobe0
owned "$LIBDIR/libarcprobe.so.$(project_version "$SRC")" libarcprobe0
owned /usr/include/arcprobe.h libarcprobe-dev
owned "$LIBDIR/libarcprobe.so" libarcprobe-dev
owned "$LIBDIR/pkgconfig/arcprobe.pc" libarcprobe-dev
owned /usr/bin/arcprobe arcprobe
owned /etc/arcprobe/arcprobe.conf arcprobe
owned /usr/share/man/man1/arcprobe.1.gz arcprobe
owned /usr/share/man/man5/arcprobe.conf.5.gz arcprobe
# The README ships in the package (dh_installdocs; compressed as Debian does)
if [ -f /usr/share/doc/arcprobe/README.md.gz ]; then
    owned /usr/share/doc/arcprobe/README.md.gz arcprobe
    expect "the installed README is this README" "$(zcat /usr/share/doc/arcprobe/README.md.gz | cmp - "$README" && echo same)" same
else
    owned /usr/share/doc/arcprobe/README.md arcprobe
fi
owned /usr/lib/nagios/plugins/check_azure_arc monitoring-plugins-azure-arc
owned /usr/share/icinga2/include/plugins-contrib.d/azure_arc.conf monitoring-plugins-azure-arc
owned /etc/nagios-plugins/config/azure_arc.cfg monitoring-plugins-azure-arc
owned /usr/lib/collectd/azure_arc.so collectd-azure-arc
owned /etc/collectd/collectd.conf.d/azure_arc.conf collectd-azure-arc
owned /usr/sbin/arcprobe-agentx arcprobe-snmp
owned /usr/share/man/man8/arcprobe-agentx.8.gz arcprobe-snmp
owned /usr/share/snmp/mibs/ARCPROBE-MIB.txt arcprobe-snmp
owned /lib/systemd/system/arcprobe-agentx.service arcprobe-snmp
SNMPD_SNIPPET=$(grep '^/etc/snmp/snmpd.conf.d/.*\.conf$' "$WORK/files.arcprobe-snmp" | head -n 1 || true)
if [ -n "$SNMPD_SNIPPET" ]; then ok "arcprobe-snmp installs $SNMPD_SNIPPET"; else bad "arcprobe-snmp installs no /etc/snmp/snmpd.conf.d/*.conf"; fi
expect_match "/etc/arcprobe/arcprobe.conf is a conffile" "$(dpkg-query -W -f='${Conffiles}' arcprobe)" \
    ' /etc/arcprobe/arcprobe.conf [0-9a-f]{32}'
expect_match "pkg-config finds the installed library" "$(pkg-config --libs --cflags arcprobe 2>&1)" '-larcprobe'
# libarcprobe-dev is enough to build and run a program against the library.
printf '#include <arcprobe.h>\n#include <stdio.h>\nint main(void) { puts(arcp_version()); return 0; }\n' >"$WORK/use_lib.c"
# shellcheck disable=SC2046 # pkg-config output is a list of flags
if cc -o "$WORK/use_lib" "$WORK/use_lib.c" $(pkg-config --cflags --libs arcprobe) >"$WORK/cc.log" 2>&1; then
    expect "a program built with libarcprobe-dev runs" "$("$WORK/use_lib")" "$(project_version "$SRC")"
else
    bad "cannot build a program against libarcprobe-dev: $(head -n 5 "$WORK/cc.log")"
fi

# Every installed ELF file finds libarcprobe in the system library directory,
# with no RUNPATH into a build tree.
for f in /usr/bin/arcprobe /usr/lib/nagios/plugins/check_azure_arc /usr/lib/collectd/azure_arc.so /usr/sbin/arcprobe-agentx; do
    [ -f "$f" ] || continue
    expect "$f has no RPATH/RUNPATH" "$(readelf -d "$f" | grep -cE '\((RPATH|RUNPATH)\)' || true)" 0
    expect_match "$f loads the packaged libarcprobe" "$(ldd "$f" | grep libarcprobe || true)" \
        "libarcprobe\.so\.0 => (/usr)?/lib/$MULTIARCH/libarcprobe\.so\.0 "
done

# ---------------------------------------------------------------- front ends
SIM_DIR=$WORK/sim
"$ARC_SIM" --dir "$SIM_DIR" --process-name "himds-pkg$$" >"$WORK/sim.log" 2>&1 &
SIM_PID=$!
PIDS+=("$SIM_PID")
for _ in $(seq 150); do # up to 30 s; stop at once if arc-sim died
    [ -s "$SIM_DIR/ready" ] && break
    kill -0 "$SIM_PID" 2>/dev/null || die "arc-sim exited: $(tail -n 5 "$WORK/sim.log")"
    sleep 0.2
done
[ -s "$SIM_DIR/ready" ] || die "arc-sim not ready after 30 s"
chmod -R a+rX "$SIM_DIR"
SIM_CONF=$SIM_DIR/arcprobe.conf
set_scenario() {
    echo "$1" >"$SIM_DIR/scenario"
    wait_until 30 "arc-sim scenario $1" grep -qx "scenario=$1" "$SIM_DIR/ready"
}

# The CLI.
expect_match "arcprobe --version" "$(/usr/bin/arcprobe --version 2>&1)" "$(project_version "$SRC" | sed 's/\./\\./g')"
rc=0
/usr/bin/arcprobe --config "$SIM_CONF" --json >"$WORK/cli.json" 2>"$WORK/cli.err" || rc=$?
expect "arcprobe against arc-sim (connected): exit status" "$rc" 0
expect "arcprobe against arc-sim (connected): state" \
    "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["state"])' "$WORK/cli.json" 2>&1)" OK
# The installed /etc/arcprobe/arcprobe.conf (every key commented) is read
# when no file is named, and loads without error.
rc=0
env -u ARCPROBE_CONFIG /usr/bin/arcprobe --check azcm --set "agent_dir=$SIM_DIR/agent" --json \
    >"$WORK/cli-default.json" 2>"$WORK/cli-default.err" || rc=$?
expect "arcprobe with the installed default configuration: exit status" "$rc" 0
expect "arcprobe with the installed default configuration: no error" "$(cat "$WORK/cli-default.err")" ""

# check_azure_arc, from the Nagios plugin directory, as the nagios user when
# that user exists (it runs as nagios under Nagios and Icinga).
as_nagios=()
id nagios >/dev/null 2>&1 && as_nagios=(runuser -u nagios --)
rc=0
out=$("${as_nagios[@]}" /usr/lib/nagios/plugins/check_azure_arc -C "$SIM_CONF" -t 20 2>&1) || rc=$?
expect "check_azure_arc against arc-sim (connected)${as_nagios:+ as nagios}: exit status" "$rc" 0
expect_match "check_azure_arc output" "$(head -n 1 <<<"$out")" '^ARC OK - '
set_scenario himds-down
rc=0
out=$("${as_nagios[@]}" /usr/lib/nagios/plugins/check_azure_arc -C "$SIM_CONF" -t 20 2>&1) || rc=$?
expect "check_azure_arc against arc-sim (himds-down): exit status" "$rc" 2
expect_match "check_azure_arc output (himds-down)" "$(head -n 1 <<<"$out")" '^ARC CRITICAL - '
set_scenario connected

# Icinga 2 finds the CheckCommand through `include <plugins-contrib>`.
icinga_validate() { # icinga_validate LOG: validate a config that uses CheckCommand "azure_arc"
    local I=$WORK/icinga2
    rm -rf "$I"
    mkdir -p "$I"/{etc,state,cache,log,run,data,spool}
    cat >"$I/etc/icinga2.conf" <<CFG
const PluginDir = "/usr/lib/nagios/plugins"
const PluginContribDir = "/usr/lib/nagios/plugins"
const NodeName = "pkgtest"
const ZoneName = "pkgtest"
include <itl>
include <plugins>
include <plugins-contrib>
object Endpoint NodeName { }
object Zone ZoneName { endpoints = [ NodeName ] }
object Host "arc-host" { check_command = "dummy" }
object Service "azure-arc" {
  host_name = "arc-host"
  check_command = "azure_arc"
  vars.azure_arc_config = "$SIM_CONF"
}
CFG
    chown -R nagios:nagios "$I"
    icinga2 daemon -C -c "$I/etc/icinga2.conf" -DStateDir="$I/state" -DCacheDir="$I/cache" \
        -DLogDir="$I/log" -DInitRunDir="$I/run" -DDataDir="$I/data" -DSpoolDir="$I/spool" \
        -DRunAsUser=nagios -DRunAsGroup=nagios >"$1" 2>&1
}
if command -v icinga2 >/dev/null && id nagios >/dev/null 2>&1; then
    if icinga_validate "$WORK/icinga2-installed.log"; then
        ok "icinga2 daemon -C: CheckCommand azure_arc found via include <plugins-contrib>"
    else
        bad "icinga2 rejects a service using azure_arc: $(grep -m3 -i 'critical\|error' "$WORK/icinga2-installed.log")"
    fi
else
    bad "icinga2 or the nagios user missing (packages icinga2-bin, nagios4-core)"
fi

# Nagios 4 finds the command definitions through Debian's cfg_dir.
if grep -qx 'cfg_dir=/etc/nagios-plugins/config' /etc/nagios4/nagios.cfg 2>/dev/null; then
    ok "Debian's nagios.cfg reads /etc/nagios-plugins/config"
else
    bad "/etc/nagios4/nagios.cfg has no cfg_dir=/etc/nagios-plugins/config"
fi
N=$WORK/nagios
mkdir -p "$N/checkresults" "$N/spool"
# shellcheck disable=SC2016 # $USER1$ is a Nagios macro, not shell
echo '$USER1$=/usr/lib/nagios/plugins' >"$N/resource.cfg"
cat >"$N/nagios.cfg" <<CFG
log_file=$N/nagios.log
cfg_dir=/etc/nagios-plugins/config
cfg_file=$N/objects.cfg
resource_file=$N/resource.cfg
object_cache_file=$N/objects.cache
precached_object_file=$N/objects.precache
status_file=$N/status.dat
temp_file=$N/nagios.tmp
temp_path=$N
lock_file=$N/nagios.lock
check_result_path=$N/checkresults
command_file=$N/spool/nagios.cmd
state_retention_file=$N/retention.dat
nagios_user=nagios
nagios_group=nagios
CFG
cat >"$N/objects.cfg" <<CFG
define timeperiod {
    timeperiod_name         24x7
    alias                   always
    monday                  00:00-24:00
}
define contact {
    contact_name                    test
    service_notification_period     24x7
    host_notification_period        24x7
    service_notification_options    n
    host_notification_options       n
    service_notification_commands   notify-none
    host_notification_commands      notify-none
}
define command {
    command_name    notify-none
    command_line    /bin/true
}
define host {
    host_name               arc-host
    address                 127.0.0.1
    max_check_attempts      1
    check_period            24x7
    contacts                test
    notification_period     24x7
}
define service {
    use                     azure-arc-service
    host_name               arc-host
    service_description     Azure Arc agent
    check_command           check_azure_arc!-C $SIM_CONF
    check_period            24x7
    notification_period     24x7
    contacts                test
}
CFG
chown -R nagios:nagios "$N"
if nagios4 -v "$N/nagios.cfg" >"$WORK/nagios4-verify.log" 2>&1; then
    ok "nagios4 -v: command check_azure_arc and template azure-arc-service found"
else
    bad "nagios4 -v rejects the configuration: $(grep -m3 -i 'error' "$WORK/nagios4-verify.log")"
fi

# collectd as the README sets it up on a fresh host: Debian's own
# /etc/collectd/collectd.conf (package collectd, pulled in by the README's
# line) reading the installed snippet, then the README's collectd block
# verbatim. It runs in a private mount namespace so that nothing of this
# machine changes: collectd.conf.d, /var/lib/collectd and arcprobe.conf are
# private copies there, arcprobe.conf being the simulator's (the "agent").
# There is no systemd here: `systemctl restart collectd` becomes one
# `collectd -T` read cycle with that same configuration, and a logfile
# snippet (the test's only addition) shows the notifications that the
# README sends to syslog.
expect_file /etc/collectd/collectd.conf "Debian's /etc/collectd/collectd.conf is there"
readme_block "$README" 'packaging.deb runs this block verbatim, with `systemctl restart collectd`' >"$WORK/readme-collectd.sh"
expect_match "the README has a collectd block" "$(cat "$WORK/readme-collectd.sh")" 'systemctl restart collectd'
C=$WORK/collectd
mkdir -p "$C/conf.d" "$C/var"
cp -a /etc/collectd/collectd.conf.d/. "$C/conf.d/"
cp "$SIM_CONF" "$C/arcprobe.conf"
chmod 644 "$C/arcprobe.conf"
# first in collectd.conf.d, so that it logs the loading of azure_arc too
cat >"$C/conf.d/00-pkgtest-log.conf" <<'CFG'
LoadPlugin logfile
<Plugin logfile>
  LogLevel info
  File STDOUT
  PrintSeverity true
</Plugin>
CFG
cat >"$C/run.sh" <<EOF
set -e
mount --bind "$C/conf.d" /etc/collectd/collectd.conf.d
mount --bind "$C/var" /var/lib/collectd
mount --bind "$C/arcprobe.conf" /etc/arcprobe/arcprobe.conf
systemctl() {
    [ "\$*" = "restart collectd" ] || { echo "test: unexpected systemctl \$*" >&2; return 1; }
    timeout 120 collectd -T -C /etc/collectd/collectd.conf
}
set -x
EOF
cat "$WORK/readme-collectd.sh" >>"$C/run.sh"
set_scenario himds-down
rc=0
unshare --mount --propagation private bash "$C/run.sh" >"$WORK/collectd.log" 2>&1 || rc=$?
expect "the README's collectd block (collectd -t, restart as collectd -T): exit status" "$rc" 0
expect "collectd logs no error" "$(grep -c '\[error\]' "$WORK/collectd.log" || true)" 0
expect "collectd loaded azure_arc from Debian's collectd.conf" "$(grep -c 'plugin "azure_arc" successfully loaded' "$WORK/collectd.log" || true)" 1
expect "first alert: collectd raised one FAILURE for himds" \
    "$(grep -c 'Notification: severity = FAILURE, host = .*, plugin = azure_arc, .*type_instance = himds_state' "$WORK/collectd.log" || true)" 1
expect "the README's syslog NotifyLevel snippet went to the private collectd.conf.d only" \
    "$([ -f "$C/conf.d/notify-syslog.conf" ] && [ ! -e /etc/collectd/collectd.conf.d/notify-syslog.conf ] && echo yes)" yes
set_scenario connected

# The stock configurations read the directories the snippets went to.
if grep -qx 'includeDir /etc/snmp/snmpd.conf.d' /etc/snmp/snmpd.conf 2>/dev/null; then
    ok "Debian's snmpd.conf reads /etc/snmp/snmpd.conf.d"
else
    bad "/etc/snmp/snmpd.conf has no includeDir /etc/snmp/snmpd.conf.d"
fi
if grep -qF '<Include "/etc/collectd/collectd.conf.d">' /etc/collectd/collectd.conf 2>/dev/null; then
    ok "Debian's /etc/collectd/collectd.conf includes /etc/collectd/collectd.conf.d"
else
    bad "/etc/collectd/collectd.conf does not include /etc/collectd/collectd.conf.d"
fi

# snmpd, configured like Debian's stock snmpd.conf (read-only community
# limited to the systemonly view) plus the installed snippet, and the
# installed subagent answering for ARCPROBE-MIB.
ROOT=1.3.6.1.4.1.8072.9999.9999.2727
S=$WORK/snmp
mkdir -p "$S/persist" "$S/conf" "$S/mibs"
chmod 755 "$S"
SNMPD_PORT=$(free_port udp)
snmp_get() {
    SNMP_PERSISTENT_DIR=$S/persist SNMPCONFPATH=$S/conf MIBS='' MIBDIRS=$S/mibs \
        snmpget -v2c -c public -t 1 -r 0 -On -Oqv "127.0.0.1:$SNMPD_PORT" "$@"
}
if [ -n "$SNMPD_SNIPPET" ]; then
    # The snippet's view and agentXPerms apply; the AgentX socket is moved
    # into the test's directory (after the snippet, so it wins) so that a
    # system snmpd's /var/agentx/master is never touched.
    cat >"$S/snmpd.conf" <<CFG
agentaddress udp:127.0.0.1:$SNMPD_PORT
view   systemonly  included   .1.3.6.1.2.1.1
view   systemonly  included   .1.3.6.1.2.1.25.1
rocommunity  public 127.0.0.1 -V systemonly
master agentx
includeFile $SNMPD_SNIPPET
agentXSocket $S/agentx.sock
CFG
    SNMP_PERSISTENT_DIR=$S/persist MIBS='' MIBDIRS=$S/mibs snmpd -f -Lo -C -c "$S/snmpd.conf" >"$WORK/snmpd.log" 2>&1 &
    PIDS+=($!)
    wait_until 30 "snmpd to answer" snmp_get 1.3.6.1.2.1.1.3.0 || true
    agentx_args=(-x "$S/agentx.sock")
    /usr/sbin/arcprobe-agentx -f -Lo -c "$SIM_CONF" -i 5 "${agentx_args[@]}" >"$WORK/agentx.log" 2>&1 &
    PIDS+=($!)
    overall_is_ok() { [ "$(snmp_get "$ROOT.1.1.1.0" 2>/dev/null)" = 1 ]; }
    if wait_until 60 "arcprobeOverallState ok(1) through snmpd" overall_is_ok; then
        ok "snmpget arcprobeOverallState through snmpd and the installed subagent: ok(1)"
    fi
    # Names instead of numbers, as the README sets them up on Debian: its
    # block verbatim, in a private mount namespace where /etc/snmp and
    # /usr/local/share are copies (the machine's own stay untouched), then
    # the tools with no MIB option at all, as an admin would type them.
    readme_block "$README" 'packaging.deb runs this block verbatim -->' >"$WORK/readme-snmp.sh"
    expect_match "the README has a block for SNMP names" "$(cat "$WORK/readme-snmp.sh")" 'snmptranslate -m \+ARCPROBE-MIB -Tp'
    mkdir -p "$S/etc-snmp" "$S/usr-local-share" "$S/home"
    cp -a /etc/snmp/. "$S/etc-snmp/"
    cat >"$S/names.sh" <<EOF
set -e
mount --bind "$S/etc-snmp" /etc/snmp
mount --bind "$S/usr-local-share" /usr/local/share
export HOME="$S/home" APT_CONFIG="$WORK/apt.conf"
unset MIBS MIBDIRS SNMPCONFPATH
set -x
EOF
    cat "$WORK/readme-snmp.sh" >>"$S/names.sh"
    cat >>"$S/names.sh" <<EOF
snmpwalk -v2c -c public 127.0.0.1:$SNMPD_PORT ARCPROBE-MIB::arcprobeMIB >"$S/walk.out" 2>"$S/walk.err"
snmptable -v2c -c public 127.0.0.1:$SNMPD_PORT ARCPROBE-MIB::arcprobeEndpointTable >"$S/table.out" 2>"$S/table.err"
EOF
    rc=0
    unshare --mount --propagation private bash "$S/names.sh" >"$WORK/snmp-names.log" 2>&1 || rc=$?
    expect "the README's SNMP names block, then snmpwalk/snmptable by name: exit status" "$rc" 0
    expect_match "snmptranslate -m +ARCPROBE-MIB -Tp prints the tree" "$(cat "$WORK/snmp-names.log")" '\+--arcprobeMIB\(2727\)'
    expect_match "snmpwalk by name: the overall state reads ok(1)" "$(cat "$S/walk.out" 2>/dev/null)" \
        'ARCPROBE-MIB::arcprobeOverallState\.0 = INTEGER: ok\(1\)'
    expect_match "snmpwalk by name: agent status as a name" "$(cat "$S/walk.out" 2>/dev/null)" \
        'ARCPROBE-MIB::arcprobeAgentStatus\.0 = INTEGER: connected\(2\)'
    expect "snmpwalk by name: nothing on stderr" "$(cat "$S/walk.err" 2>/dev/null)" ""
    expect_match "snmptable by name" "$(cat "$S/table.out" 2>/dev/null)" 'arcprobeEndpointName'
    expect "the machine's /etc/snmp/snmp.conf is untouched" "$(grep -c ARCPROBE /etc/snmp/snmp.conf || true)" 0
else
    bad "SNMP front end not tested: arcprobe-snmp ships no snmpd.conf.d snippet"
fi

# ---------------------------------------------------------------- Prometheus
# prometheus-arcprobe: the unit's command, run as the unit's user, writes
# node_exporter's textfile; the user and the directory ACL come from the
# package's sysusers.d file and its postinst (setfacl).
TEXTFILE=/var/lib/prometheus/node-exporter/arcprobe.prom
owned /lib/systemd/system/arcprobe-prometheus.service prometheus-arcprobe
owned /lib/systemd/system/arcprobe-prometheus.timer prometheus-arcprobe
if id arcprobe-prometheus >/dev/null 2>&1; then ok "user arcprobe-prometheus exists"; else bad "no user arcprobe-prometheus"; fi
expect "arcprobe-prometheus has no login shell" "$(getent passwd arcprobe-prometheus | cut -d: -f7)" /usr/sbin/nologin
# The ACL as the kernel stores it (no getfacl needed): version 2, then
# 8-byte entries (tag, perm, id); tag 2 = ACL_USER, perm 2 = write.
acl_user_can_write() {
    python3 - "$1" "$(id -u "$2")" <<'PY'
import os, struct, sys
raw = os.getxattr(sys.argv[1], "system.posix_acl_access")
entries = [struct.unpack_from("<HHI", raw, off) for off in range(4, len(raw), 8)]
print("yes" if any(t == 2 and i == int(sys.argv[2]) and p & 2 for t, p, i in entries) else "no")
PY
}
expect "the textfile directory grants arcprobe-prometheus write access (ACL)" \
    "$(acl_user_can_write "${TEXTFILE%/*}" arcprobe-prometheus 2>&1)" yes
unit_exec=$(sed -n 's/^ExecStart=//p' /lib/systemd/system/arcprobe-prometheus.service)
expect "the unit runs arcprobe --format openmetrics into the textfile directory" "$unit_exec" \
    "/usr/bin/arcprobe --format openmetrics --output $TEXTFILE"
set_scenario connected
rc=0
# shellcheck disable=SC2086 # the unit's command line, word-split as systemd does
runuser -u arcprobe-prometheus -- $unit_exec --config "$SIM_CONF" >"$WORK/prom.out" 2>&1 || rc=$?
expect "the unit's command as arcprobe-prometheus: exit status" "$rc" 0
expect_match "node_exporter's textfile holds the verdict" "$(grep '^arcprobe_state{component="overall"}' "$TEXTFILE" 2>&1)" ' 0$'
expect "the textfile is owned by arcprobe-prometheus" "$(stat -c %U "$TEXTFILE" 2>&1)" arcprobe-prometheus
if command -v systemd-analyze >/dev/null; then
    if systemd-analyze verify /lib/systemd/system/arcprobe-prometheus.service \
        /lib/systemd/system/arcprobe-prometheus.timer >"$WORK/verify.log" 2>&1; then
        ok "systemd-analyze verify accepts the service and the timer"
    else
        bad "systemd-analyze verify: $(head -n 5 "$WORK/verify.log")"
    fi
fi
owned /usr/share/doc/prometheus-arcprobe/examples/arcprobe.rules.yml prometheus-arcprobe

# ---------------------------------------------------------------- purge
for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
PIDS=()
if dpkg --purge "${PACKAGES[@]}" >"$WORK/purge.log" 2>&1; then
    ok "dpkg --purge of every package"
else
    bad "dpkg --purge failed: $(tail -n 10 "$WORK/purge.log")"
fi
expect "dpkg knows none of the packages any more" "$(known_packages | tr '\n' ' ')" ""
left=""
for p in "${PACKAGES[@]}"; do
    while IFS= read -r path; do
        # directories shared with other packages (/usr/lib/nagios/plugins, ...) stay
        if [ -e "$path" ] && [ ! -d "$path" ]; then left+=" $path"; fi
    done <"$WORK/files.$p"
done
expect "every installed file is gone after purge" "$left" ""
if [ -e "$TEXTFILE" ]; then bad "$TEXTFILE left after purge"; else ok "$TEXTFILE gone after purge"; fi
for d in /etc/arcprobe /usr/share/doc/arcprobe /usr/share/doc/arcprobe-snmp /usr/share/doc/prometheus-arcprobe; do
    if [ -e "$d" ]; then bad "$d left after purge"; else ok "$d gone after purge"; fi
done
expect "no systemd enablement left for arcprobe-agentx" \
    "$(find /etc/systemd /var/lib/systemd/deb-systemd-helper-enabled -name 'arcprobe-agentx*' 2>/dev/null | tr '\n' ' ')" ""
if command -v icinga2 >/dev/null && id nagios >/dev/null 2>&1; then
    if icinga_validate "$WORK/icinga2-purged.log"; then
        bad "icinga2 still finds CheckCommand azure_arc after purge"
    elif grep -q "Object 'azure_arc' of type 'CheckCommand' does not exist" "$WORK/icinga2-purged.log"; then
        ok "icinga2 no longer finds CheckCommand azure_arc after purge"
    else
        bad "icinga2 fails after purge, but not for the missing CheckCommand: $(grep -m3 -i 'critical' "$WORK/icinga2-purged.log")"
    fi
fi
if nagios4 -v "$N/nagios.cfg" >"$WORK/nagios4-purged.log" 2>&1; then
    bad "nagios4 still finds command check_azure_arc after purge"
elif grep -q "check_azure_arc\|azure-arc-service" "$WORK/nagios4-purged.log"; then
    ok "nagios4 no longer finds check_azure_arc / azure-arc-service after purge"
else
    bad "nagios4 fails after purge, but not for check_azure_arc: $(grep -m3 -i 'error' "$WORK/nagios4-purged.log")"
fi

echo "packaging.deb took $SECONDS s"
finish
