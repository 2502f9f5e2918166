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
    # the override the least-privilege checks record for a moment
    dpkg-statoverride --remove /etc/arcprobe/arcprobe.conf >/dev/null 2>&1 || true
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
# the network module the library loads on first need (plugins/probe/CMakeLists.txt)
owned "$LIBDIR/arcprobe/arcprobe-net.so" libarcprobe0
# Every language of LINGUAS ships its catalog, compiled from the .po of this
# tree, in the library's package (the library translates with it); no other.
# The messages are compared: dh_strip_nondeterminism rewrites the header's dates.
messages() { msgunfmt "$1" | grep -v '^"\(PO-Revision\|POT-Creation\)-Date: '; }
for lang in $(linguas "$SRC"); do
    mo=/usr/share/locale/$lang/LC_MESSAGES/arcprobe.mo
    owned "$mo" libarcprobe0
    msgfmt --output-file="$WORK/$lang.mo" "$SRC/plugins/po/$lang.po"
    expect "$mo holds the messages of $lang.po" \
        "$(cmp -s <(messages "$mo") <(messages "$WORK/$lang.mo") && echo same)" same
done
expect "libarcprobe0 ships the catalogs of LINGUAS and no other" \
    "$(sed -n 's|^/usr/share/locale/\([^/]*\)/LC_MESSAGES/arcprobe\.mo$|\1|p' "$WORK/files.libarcprobe0" | sort | xargs)" \
    "$(linguas "$SRC" | xargs)"
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

# ---------------------------------------------------------------- least privilege
# /etc/arcprobe/arcprobe.conf is where proxy credentials go: root and group
# arcprobe (sysusers.d) only, and the front ends' users are in that group.
CONF=/etc/arcprobe/arcprobe.conf
AGENTX_UNIT=/lib/systemd/system/arcprobe-agentx.service
PROM_UNIT=/lib/systemd/system/arcprobe-prometheus.service
unit_value() { sed -n "s/^$2=//p" "$1" | tail -n 1; } # unit_value UNIT KEY
# acl_user_perm PATH USER access|default: USER's entry in PATH's ACL as an
# octal digit (7 = rwx), "none" without one. Read as the kernel stores it (no
# getfacl needed): version 2, then 8-byte entries (tag, perm, id); tag 2 =
# ACL_USER.
acl_user_perm() {
    python3 - "$1" "$(id -u "$2")" "$3" <<'PY'
import os, struct, sys
try:
    raw = os.getxattr(sys.argv[1], "system.posix_acl_" + sys.argv[3])
except OSError:
    raw = b""
entries = [struct.unpack_from("<HHI", raw, off) for off in range(4, len(raw), 8)]
print(next((str(p) for t, p, i in entries if t == 2 and i == int(sys.argv[2])), "none"))
PY
}
in_group() { id -nG "$1" 2>/dev/null | tr ' ' '\n' | grep -qx "$2" && echo yes || echo no; }
sysusers_lines() { grep -v '^#' "/usr/lib/sysusers.d/$1.conf" 2>/dev/null | tr -s ' \t' ' ' | tr '\n' ';'; }
expect "$CONF: mode, owner and group after install" "$(stat -c '%a %U:%G' "$CONF")" "640 root:arcprobe"
expect "arcprobe declares group arcprobe (sysusers.d)" "$(sysusers_lines arcprobe)" "g arcprobe -;"
expect "arcprobe-snmp declares the static user arcprobe-agentx in group arcprobe (sysusers.d)" \
    "$(sysusers_lines arcprobe-snmp)" 'u arcprobe-agentx - "arcprobe SNMP subagent" / /usr/sbin/nologin;m arcprobe-agentx arcprobe;'
expect "arcprobe-agentx.service has no DynamicUser= (the log ACL must name its user)" \
    "$(grep -c '^DynamicUser=' "$AGENTX_UNIT" || true)" 0
expect "arcprobe-agentx.service runs as user" "$(unit_value "$AGENTX_UNIT" User)" arcprobe-agentx
expect "arcprobe-agentx.service's supplementary groups: AgentX socket, configuration" \
    "$(unit_value "$AGENTX_UNIT" SupplementaryGroups)" "Debian-snmp arcprobe"
expect "user arcprobe-agentx exists, a system user without login" \
    "$(getent passwd arcprobe-agentx | awk -F: '{ print ($3 < 1000 ? "system" : "uid " $3) " " $7 }')" "system /usr/sbin/nologin"
expect "arcprobe-prometheus.service's supplementary group" "$(unit_value "$PROM_UNIT" SupplementaryGroups)" arcprobe
# The unit's cache directory, as systemd would make it, holds the state file
# of the AZCM scan: the timer's second run reads only what was appended.
expect "arcprobe-prometheus.service's cache directory" \
    "$(unit_value "$PROM_UNIT" CacheDirectory) $(unit_value "$PROM_UNIT" CacheDirectoryMode) $(unit_value "$PROM_UNIT" Environment)" \
    "arcprobe 0700 XDG_CACHE_HOME=%C"
mkdir -p "$WORK/var-cache/arcprobe"
chown arcprobe-prometheus: "$WORK/var-cache/arcprobe"
chmod 700 "$WORK/var-cache/arcprobe"
runuser -u arcprobe-prometheus -- env -u ARCPROBE_CONFIG XDG_CACHE_HOME="$WORK/var-cache" /usr/bin/arcprobe \
    --check azcm --set "agent_dir=$WORK" --json >"$WORK/prom-state.json" 2>/dev/null || true
prom_note=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["azcm"]["note"])' "$WORK/prom-state.json" 2>&1)
expect "arcprobe as arcprobe-prometheus keeps its AZCM state in the unit's cache directory" \
    "$(find "$WORK/var-cache/arcprobe" -name 'azcm-*.json' -user arcprobe-prometheus | wc -l) note $prom_note" \
    "1 note None"
for u in nagios arcprobe-agentx arcprobe-prometheus; do
    expect "$u is in group arcprobe" "$(in_group "$u" arcprobe)" yes
    runuser -u "$u" -- env -u ARCPROBE_CONFIG /usr/bin/arcprobe --check azcm --set "agent_dir=$WORK" --json \
        >/dev/null 2>"$WORK/conf-as-$u.err" || true
    expect "the installed $CONF loads as $u" "$(cat "$WORK/conf-as-$u.err")" ""
done
runuser -u nobody -- env -u ARCPROBE_CONFIG /usr/bin/arcprobe --check azcm --set "agent_dir=$WORK" --json \
    >/dev/null 2>"$WORK/conf-as-nobody.err" || true
expect "as nobody (not in group arcprobe) the installed $CONF is refused" "$(cat "$WORK/conf-as-nobody.err")" \
    "arcprobe: $CONF: cannot open: Permission denied"
# The postinst leaves a file with an administrator's dpkg-statoverride alone,
# and sets 0640 root:arcprobe again once the override is gone.
chmod 0644 "$CONF"
chown root:root "$CONF"
dpkg-statoverride --add root root 0644 "$CONF"
dpkg-reconfigure -fnoninteractive arcprobe >"$WORK/reconfigure.log" 2>&1 || bad "dpkg-reconfigure arcprobe failed"
expect "$CONF with an administrator's statoverride, after reconfiguring" "$(stat -c '%a %U:%G' "$CONF")" "644 root:root"
dpkg-statoverride --remove "$CONF"
dpkg-reconfigure -fnoninteractive arcprobe >>"$WORK/reconfigure.log" 2>&1 || bad "dpkg-reconfigure arcprobe failed"
expect "$CONF once the statoverride is gone, after reconfiguring" "$(stat -c '%a %U:%G' "$CONF")" "640 root:arcprobe"

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

# The agent's logs as the agent keeps them, root's and closed to others (a
# copy of the simulator's agent directory, connected scenario), opened to the
# front ends' users by the README's ACL block only.
ACL_AGENT=$WORK/agent-acl
cp -a "$SIM_DIR/agent" "$ACL_AGENT"
chown -R root:root "$ACL_AGENT"
chmod 0750 "$ACL_AGENT/log"
chmod 0640 "$ACL_AGENT"/log/*
azcm_state_as() { # azcm_state_as USER: the AZCM verdict on the copy, as USER
    runuser -u "$1" -- /usr/bin/arcprobe --config "$SIM_CONF" --set "agent_dir=$ACL_AGENT" --check azcm --json \
        2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["azcm"]["state"])' 2>&1
}
expect "before the ACL, arcprobe-agentx cannot read the logs (AZCM)" "$(azcm_state_as arcprobe-agentx)" UNKNOWN
readme_block "$README" 'packaging.deb runs this block verbatim, on a copy of the logs' |
    sed "s|/var/opt/azcmagent/log|$ACL_AGENT/log|g" >"$WORK/readme-acl.sh"
for u in nagios arcprobe-agentx arcprobe-prometheus; do
    expect_match "the README's ACL block names $u" "$(cat "$WORK/readme-acl.sh")" "(^|[[:space:]])$u([[:space:]]|;|$)"
done
if bash -e "$WORK/readme-acl.sh" >"$WORK/readme-acl.log" 2>&1; then
    ok "the README's ACL block, verbatim, on a copy of the logs"
else
    bad "the README's ACL block failed: $(tail -n 5 "$WORK/readme-acl.log")"
fi
for u in nagios arcprobe-agentx arcprobe-prometheus; do
    expect "with the README's ACL, $u reads the 0640 root:root logs (AZCM)" "$(azcm_state_as "$u")" OK
done
expect "the log directory's default ACL gives arcprobe-agentx r-x (rotated logs stay readable)" \
    "$(acl_user_perm "$ACL_AGENT/log" arcprobe-agentx default 2>&1)" 5

# The CLI.
expect_match "arcprobe --version" "$(/usr/bin/arcprobe --version 2>&1)" "$(project_version "$SRC" | sed 's/\./\\./g')"
rc=0
/usr/bin/arcprobe --config "$SIM_CONF" --json >"$WORK/cli.json" 2>"$WORK/cli.err" || rc=$?
expect "arcprobe against arc-sim (connected): exit status" "$rc" 0
expect "arcprobe against arc-sim (connected): state" \
    "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["state"])' "$WORK/cli.json" 2>&1)" OK
net_trace=$(LD_DEBUG=files /usr/bin/arcprobe --config "$SIM_CONF" --check himds 2>&1 >/dev/null || true)
expect_match "the installed arcprobe loads the packaged network module for himds" \
    "$(grep -oE 'file=[^ ]*arcprobe-net\.so' <<<"$net_trace" | head -n 1 || true)" \
    "^file=(/usr)?/lib/$MULTIARCH/arcprobe/arcprobe-net\.so$"
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
# `collectd -T` read cycle with that same configuration (after the README's
# own `collectd -T` check: two runs), and a logfile
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
expect "the README's collectd block (check with collectd -T, restart as collectd -T): exit status" "$rc" 0
expect "collectd logs no error" "$(grep -c '\[error\]' "$WORK/collectd.log" || true)" 0
# two runs of collectd: the README's check and the restart
expect "collectd loaded azure_arc from Debian's collectd.conf (check, restart)" "$(grep -c 'plugin "azure_arc" successfully loaded' "$WORK/collectd.log" || true)" 2
expect "first alert: collectd raised one FAILURE for himds per run (check, restart)" \
    "$(grep -c 'Notification: severity = FAILURE, host = .*, plugin = azure_arc, .*type_instance = himds_state' "$WORK/collectd.log" || true)" 2
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
# public limited to the systemonly view) plus the installed drop-in, and the
# installed subagent answering for ARCPROBE-MIB as its unit runs it: user
# arcprobe-agentx with the unit's supplementary groups, reading the logs
# through the README's ACL.
ROOT=1.3.6.1.4.1.8072.9999.9999.2727
S=$WORK/snmp
mkdir -p "$S/persist" "$S/conf" "$S/mibs"
chmod 755 "$S"
SNMPD_PORT=$(free_port udp)
snmp_get() { # snmp_get COMMUNITY OID...
    local community=$1
    shift
    SNMP_PERSISTENT_DIR=$S/persist SNMPCONFPATH=$S/conf MIBS='' MIBDIRS=$S/mibs \
        snmpget -v2c -c "$community" -t 1 -r 0 -On -Oqv "127.0.0.1:$SNMPD_PORT" "$@"
}
# The values a community reads in the subtree (not "No Such Object").
snmp_subtree_values() {
    SNMP_PERSISTENT_DIR=$S/persist SNMPCONFPATH=$S/conf MIBS='' MIBDIRS=$S/mibs \
        snmpwalk -v2c -c "$1" -t 1 -r 0 -On "127.0.0.1:$SNMPD_PORT" "$ROOT" 2>&1 |
        grep "^\.$ROOT\." | grep -vc 'No Such' || true
}
if [ -n "$SNMPD_SNIPPET" ]; then
    expect "$SNMPD_SNIPPET: mode, owner and group (as snmpd.conf: it may hold a community)" \
        "$(stat -c '%a %U:%G' "$SNMPD_SNIPPET")" "640 root:Debian-snmp"
    # The drop-in's view and agentXPerms apply; the AgentX socket is moved
    # into the test's directory (after the drop-in, so it wins) so that a
    # system snmpd's /var/agentx/master is never touched. pkgtest-all is the
    # test's own community, full view: it proves the subagent serves what
    # public must not see.
    cat >"$S/snmpd.conf" <<CFG
agentaddress udp:127.0.0.1:$SNMPD_PORT
view   systemonly  included   .1.3.6.1.2.1.1
view   systemonly  included   .1.3.6.1.2.1.25.1
rocommunity  public default -V systemonly
rouser authPrivUser authpriv -V systemonly
rocommunity  pkgtest-all 127.0.0.1
master agentx
includeFile $SNMPD_SNIPPET
agentXSocket $S/agentx.sock
CFG
    # snmpd-start.sh PERSISTENT_DIR [--subagent]: snmpd with that configuration
    # and no other but PERSISTENT_DIR/snmpd.conf, where SNMPv3 users live;
    # with --subagent, waits (up to 30 s) until the subagent is registered
    # again, as it is by the time an admin types the next line.
    cat >"$S/snmpd-start.sh" <<EOF
SNMP_PERSISTENT_DIR=\$1 SNMPCONFPATH=$S/conf:\$1 MIBS='' MIBDIRS=$S/mibs snmpd -f -Lo -c "$S/snmpd.conf" >>"$WORK/snmpd.log" 2>&1 &
echo \$! >"$S/snmpd.pid"
for _ in \$(seq 150); do
    [ "\${2:-}" = --subagent ] || break
    [ "\$(SNMP_PERSISTENT_DIR=\$1 SNMPCONFPATH=$S/conf MIBS='' snmpget -v2c -c pkgtest-all -t 1 -r 0 -Oqv 127.0.0.1:$SNMPD_PORT $ROOT.1.1.1.0 2>/dev/null)" = 1 ] && break
    sleep 0.2
done
EOF
    # shellcheck source=/dev/null # written just above
    . "$S/snmpd-start.sh" "$S/persist"
    PIDS+=("$(cat "$S/snmpd.pid")")
    wait_until 30 "snmpd to answer" snmp_get public 1.3.6.1.2.1.1.3.0 || true
    agentx_user=$(unit_value "$AGENTX_UNIT" User)
    if ! id "$agentx_user" >/dev/null 2>&1; then
        bad "the unit's user '$agentx_user' does not exist: the subagent runs as nobody instead"
        agentx_user=nobody
    fi
    agentx_groups="$(id -nG "$agentx_user" | tr ' ' ','),$(unit_value "$AGENTX_UNIT" SupplementaryGroups | tr ' ' ',')"
    mkdir -p "$S/agentx-state"
    chown "$agentx_user" "$S/agentx-state"
    SNMP_PERSISTENT_DIR=$S/agentx-state setpriv --reuid="$agentx_user" --regid="$(id -gn "$agentx_user")" --groups="$agentx_groups" \
        --inh-caps=-all --bounding-set=-all --no-new-privs \
        /usr/sbin/arcprobe-agentx -f -Lo -c "$SIM_CONF" -o "agent_dir=$ACL_AGENT" -i 5 -p 1 -x "$S/agentx.sock" \
        >"$WORK/agentx.log" 2>&1 &
    PIDS+=($!)
    overall_is_ok() { [ "$(snmp_get pkgtest-all "$ROOT.1.1.1.0" 2>/dev/null)" = 1 ]; }
    if wait_until 60 "arcprobeOverallState ok(1) through snmpd" overall_is_ok; then
        ok "the installed subagent as $agentx_user ($agentx_groups), through snmpd: arcprobeOverallState ok(1)"
    fi
    expect "the subagent as $agentx_user reads the 0640 logs through the README's ACL: arcprobeAzcmState ok(1)" \
        "$(snmp_get pkgtest-all "$ROOT.1.4.1.0" 2>&1)" 1
    expect_match "the test's full-view community reads the subtree (so the next check can fail)" \
        "$(snmp_subtree_values pkgtest-all)" '^[1-9][0-9]+$'
    expect "the drop-in as shipped: public reads no ARCPROBE-MIB object" "$(snmp_subtree_values public)" 0
    expect_match "the drop-in as shipped: public gets No Such Object for arcprobeAgentResourceId" \
        "$(snmp_get public "$ROOT.1.3.6.0" 2>&1)" '^No Such Object'

    # The README's block that enables the SNMPv3 user, verbatim, then its
    # names block, then the tools by name as the README has them, all in a
    # private mount namespace where /etc/snmp, /var/lib/snmp (snmpd's
    # persistent directory) and /usr/local/share are copies and HOME is the
    # test's: the machine's own stay untouched. systemctl stops and starts
    # the test's snmpd; the copy of /etc/snmp/snmp.conf gets one line, the
    # test snmpd's port.
    readme_block "$README" 'packaging.deb runs this block verbatim, with systemctl acting on its own snmpd' \
        >"$WORK/readme-snmp-access.sh"
    expect_match "the README has a block enabling the SNMPv3 user" "$(cat "$WORK/readme-snmp-access.sh")" \
        "sed -i 's/\^#rouser arcprobe "
    readme_block "$README" 'packaging.deb runs this block verbatim -->' >"$WORK/readme-snmp.sh"
    expect_match "the README has a block for SNMP names" "$(cat "$WORK/readme-snmp.sh")" 'snmptranslate -m \+ARCPROBE-MIB -Tp'
    mkdir -p "$S/etc-snmp" "$S/usr-local-share" "$S/home"
    cp -a /etc/snmp/. "$S/etc-snmp/"
    echo "defaultPort $SNMPD_PORT" >>"$S/etc-snmp/snmp.conf"
    cat >"$S/names.sh" <<EOF
set -e
mount --bind "$S/etc-snmp" /etc/snmp
mount --bind "$S/persist" /var/lib/snmp
mount --bind "$S/usr-local-share" /usr/local/share
export HOME="$S/home" APT_CONFIG="$WORK/apt.conf"
unset MIBS MIBDIRS SNMPCONFPATH SNMP_PERSISTENT_DIR
systemctl() {
    local pid
    case "\$*" in
    "stop snmpd")
        pid=\$(cat "$S/snmpd.pid")
        kill "\$pid"
        for _ in \$(seq 100); do
            case \$(ps -o stat= -p "\$pid" || true) in "" | Z*) return 0 ;; esac
            sleep 0.1
        done
        echo "test: snmpd \$pid does not stop" >&2
        return 1 ;;
    "start snmpd") . "$S/snmpd-start.sh" /var/lib/snmp --subagent ;;
    *) echo "test: unexpected systemctl \$*" >&2; return 1 ;;
    esac
}
set -x
EOF
    cat "$WORK/readme-snmp-access.sh" "$WORK/readme-snmp.sh" >>"$S/names.sh"
    cat >>"$S/names.sh" <<EOF
snmpwalk localhost ARCPROBE-MIB::arcprobeMIB >"$S/walk.out" 2>"$S/walk.err"
snmptable localhost ARCPROBE-MIB::arcprobeEndpointTable >"$S/table.out" 2>"$S/table.err"
snmpget -On localhost 1.3.6.1.2.1.1.3.0 >"$S/user-outside-view.out" 2>&1 || true
EOF
    rc=0
    unshare --mount --propagation private bash "$S/names.sh" >"$WORK/snmp-names.log" 2>&1 || rc=$?
    PIDS+=("$(cat "$S/snmpd.pid")")
    expect "the README's SNMPv3 and names blocks, then snmpwalk/snmptable by name: exit status" "$rc" 0
    expect_match "the README's numeric walk reads the overall state as the SNMPv3 user" "$(cat "$WORK/snmp-names.log")" \
        '8072\.9999\.9999\.2727\.1\.1\.1\.0 = INTEGER: 1'
    expect_match "snmptranslate -m +ARCPROBE-MIB -Tp prints the tree" "$(cat "$WORK/snmp-names.log")" '\+--arcprobeMIB\(2727\)'
    expect_match "snmpwalk by name: the overall state reads ok(1)" "$(cat "$S/walk.out" 2>/dev/null)" \
        'ARCPROBE-MIB::arcprobeOverallState\.0 = INTEGER: ok\(1\)'
    expect_match "snmpwalk by name: agent status as a name" "$(cat "$S/walk.out" 2>/dev/null)" \
        'ARCPROBE-MIB::arcprobeAgentStatus\.0 = INTEGER: connected\(2\)'
    expect "snmpwalk by name: nothing on stderr" "$(cat "$S/walk.err" 2>/dev/null)" ""
    expect_match "snmptable by name" "$(cat "$S/table.out" 2>/dev/null)" 'arcprobeEndpointName'
    expect_match "the SNMPv3 user reads nothing outside its view (sysUpTime)" \
        "$(cat "$S/user-outside-view.out" 2>/dev/null)" 'No Such Object'
    expect "with the SNMPv3 user enabled, public still reads no ARCPROBE-MIB object" "$(snmp_subtree_values public)" 0
    expect "the machine's /etc/snmp/snmp.conf is untouched" "$(grep -c ARCPROBE /etc/snmp/snmp.conf || true)" 0
    expect "the machine's drop-in is untouched" "$(grep -c '^rouser' "$SNMPD_SNIPPET" || true)" 0
    expect "the machine's /var/lib/snmp has no arcprobe user" "$(grep -rc arcprobe /var/lib/snmp 2>/dev/null | grep -vc ':0$' || true)" 0
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
expect "the textfile directory grants arcprobe-prometheus rwx (ACL)" \
    "$(acl_user_perm "${TEXTFILE%/*}" arcprobe-prometheus access 2>&1)" 7
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
