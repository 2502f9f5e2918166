#!/usr/bin/env bash
# packaging.rpm: build the RPM packages from the working tree with
# packaging/build-rpm.sh (--nodeps: rpm cannot see dpkg's packages on a
# Debian host) and check, with rpm -qlp and friends, that each subpackage
# lays its files where the host systems look on Fedora / RHEL (the layout
# documented at the top of packaging/rpm/arcprobe.spec), that no Debian-only
# path or group is left in them, and that the files naming paths or the
# AgentX group (unit, snmpd and collectd snippets, sysusers.d) agree with it.
# Usage: rpm_test.sh SOURCE_DIR
set -euo pipefail
SRC=$(cd "${1:?usage: rpm_test.sh SOURCE_DIR}" && pwd)
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
source "$HERE/lib.sh"

command -v rpmbuild >/dev/null || die "rpmbuild not found (apt-get install rpm)"
WORK=$(mktemp -d /tmp/arcprobe-rpmtest.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
V=$(project_version "$SRC")
ARCH=$(rpm --eval '%{_arch}')
LIB=$(rpm --eval '%{_libdir}')

start=$SECONDS
if "$SRC/packaging/build-rpm.sh" --nodeps --out "$WORK/rpms" >"$WORK/build.log" 2>&1; then
    ok "build-rpm.sh: packages built ($((SECONDS - start)) s)"
else
    die "build-rpm.sh failed: $(tail -n 40 "$WORK/build.log")"
fi

rpmfile() { echo "$WORK/rpms/$1-$V-1.$ARCH.rpm"; }
# has PACKAGE PATH...: rpm -qlp PACKAGE lists every PATH
has() {
    local pkg=$1 f
    shift
    if [ ! -f "$(rpmfile "$pkg")" ]; then
        bad "$pkg was not built"
        return
    fi
    rpm -qlp "$(rpmfile "$pkg")" >"$WORK/list"
    for f in "$@"; do
        if grep -qxF "$f" "$WORK/list"; then ok "$pkg: $f"; else bad "$pkg lacks $f"; fi
    done
}
has arcprobe-libs "$LIB/libarcprobe.so.0" "$LIB/libarcprobe.so.$V" "$LIB/arcprobe/arcprobe-net.so"
# every language of LINGUAS ships its catalog with the library (%find_lang)
for lang in $(linguas "$SRC"); do
    has arcprobe-libs "/usr/share/locale/$lang/LC_MESSAGES/arcprobe.mo"
done
expect "arcprobe-libs ships the catalogs of LINGUAS and no other" \
    "$(rpm -qlp "$(rpmfile arcprobe-libs)" | sed -n 's|^/usr/share/locale/\([^/]*\)/LC_MESSAGES/arcprobe\.mo$|\1|p' | sort | xargs)" \
    "$(linguas "$SRC" | xargs)"
has arcprobe-devel /usr/include/arcprobe.h "$LIB/libarcprobe.so" "$LIB/pkgconfig/arcprobe.pc"
has arcprobe /usr/bin/arcprobe /etc/arcprobe/arcprobe.conf /usr/share/man/man1/arcprobe.1 \
    /usr/share/man/man5/arcprobe.conf.5 /usr/share/doc/arcprobe/README.md /usr/lib/sysusers.d/arcprobe.conf
has nagios-plugins-azure-arc "$LIB/nagios/plugins/check_azure_arc" \
    /usr/share/icinga2/include/plugins-contrib.d/azure_arc.conf /etc/nagios/conf.d/azure_arc.cfg
has collectd-azure-arc "$LIB/collectd/azure_arc.so" /etc/collectd.d/azure_arc.conf
has arcprobe-snmp /usr/sbin/arcprobe-agentx /usr/share/snmp/mibs/ARCPROBE-MIB.txt \
    /usr/lib/systemd/system/arcprobe-agentx.service /etc/snmp/snmpd.conf.d/arcprobe.conf \
    /usr/lib/sysusers.d/arcprobe-snmp.conf
if [ -f "$WORK/rpms/arcprobe-prometheus-$V-1.noarch.rpm" ]; then
    rpm -qlp "$WORK/rpms/arcprobe-prometheus-$V-1.noarch.rpm" >"$WORK/list"
    for f in /usr/lib/systemd/system/arcprobe-prometheus.service /usr/lib/systemd/system/arcprobe-prometheus.timer \
        /usr/lib/sysusers.d/arcprobe-prometheus.conf \
        /usr/share/doc/arcprobe-prometheus/examples/arcprobe.rules.yml; do
        if grep -qxF "$f" "$WORK/list"; then ok "arcprobe-prometheus: $f"; else bad "arcprobe-prometheus lacks $f"; fi
    done
    expect_match "arcprobe-prometheus %pre creates its user where rpm does not apply sysusers.d" \
        "$(rpm -qp --scripts "$WORK/rpms/arcprobe-prometheus-$V-1.noarch.rpm")" 'useradd -r .*arcprobe-prometheus'
    expect_match "arcprobe-prometheus %post grants the textfile directory by ACL" \
        "$(rpm -qp --scripts "$WORK/rpms/arcprobe-prometheus-$V-1.noarch.rpm")" 'setfacl -m u:arcprobe-prometheus:rwx /var/lib/prometheus/node-exporter'
else
    bad "arcprobe-prometheus was not built"
fi

# Debian's directories must not appear in any RPM (/usr/lib/nagios and
# /usr/lib/collectd are Debian's only where %{_libdir} is not /usr/lib).
debian_re='^/etc/(nagios-plugins|collectd/collectd\.conf\.d)(/|$)|^/lib/'
[ "$LIB" = /usr/lib ] || debian_re+='|^/usr/lib/(nagios|collectd)(/|$)'
for f in "$WORK"/rpms/*.rpm; do
    debian_paths=$(rpm -qlp "$f" | grep -E "$debian_re" | tr '\n' ' ' || true)
    expect "$(basename "$f"): no Debian-layout path" "$debian_paths" ""
done

for c in /etc/nagios/conf.d/azure_arc.cfg /etc/collectd.d/azure_arc.conf /etc/snmp/snmpd.conf.d/arcprobe.conf; do
    case $c in
        /etc/nagios/*) pkg=nagios-plugins-azure-arc ;;
        /etc/collectd.d/*) pkg=collectd-azure-arc ;;
        *) pkg=arcprobe-snmp ;;
    esac
    expect "$c is %config(noreplace)" \
        "$(rpm -qp --qf '[%{FILENAMES} %{FILEFLAGS:fflags}\n]' "$(rpmfile "$pkg")" | grep "^$c " || true)" "$c cn"
done

# Unpack every package into one tree, as an installation would lay them.
ROOT=$WORK/root
mkdir -p "$ROOT"
for f in "$WORK"/rpms/*.rpm; do
    rpm2archive -n <"$f" | tar -C "$ROOT" -xf -
done

# The subagent's unit: its binary, and the group the snmpd drop-in gives the
# AgentX socket to (snmpd runs as root on Fedora; Debian-snmp does not exist).
UNIT=$ROOT/usr/lib/systemd/system/arcprobe-agentx.service
SNMPD_SNIPPET=$ROOT/etc/snmp/snmpd.conf.d/arcprobe.conf
expect "unit: ExecStart runs the packaged subagent" \
    "$(sed -n 's/^ExecStart=\([^ ]*\).*/\1/p' "$UNIT")" /usr/sbin/arcprobe-agentx
expect "unit: supplementary groups (AgentX socket, arcprobe.conf)" "$(sed -n 's/^SupplementaryGroups=//p' "$UNIT")" \
    "arcprobe-snmp arcprobe"
expect "unit: no DynamicUser= (the log ACL must name its user)" "$(grep -c '^DynamicUser=' "$UNIT" || true)" 0
expect "unit: runs as the static user arcprobe-agentx" "$(sed -n 's/^User=//p' "$UNIT")" arcprobe-agentx
expect "snmpd drop-in: AgentX socket owner and group" \
    "$(grep -E '^[[:space:]]*agentXPerms' "$SNMPD_SNIPPET" | tr -s ' \t' ' ')" "agentXPerms 0660 0755 root arcprobe-snmp"
expect "snmpd drop-in: makes snmpd an AgentX master" "$(grep -cx 'master agentx' "$SNMPD_SNIPPET")" 1
expect "snmpd drop-in: ARCPROBE-MIB in a view of its own, not the stock community's (systemview)" \
    "$(grep -E '^[[:space:]]*view[[:space:]]' "$SNMPD_SNIPPET" | tr -s ' \t' ' ')" \
    "view arcprobeview included .1.3.6.1.4.1.8072.9999.9999.2727"
expect "snmpd drop-in: no community or user reads it as shipped" \
    "$(grep -cE '^[[:space:]]*(ro|rw)(community|community6|user)[[:space:]]' "$SNMPD_SNIPPET" || true)" 0
expect "snmpd drop-in: the SNMPv3 line the admin uncomments" \
    "$(grep -c '^#rouser arcprobe authpriv -V arcprobeview$' "$SNMPD_SNIPPET")" 1
expect "snmpd drop-in: the local community line the admin uncomments" \
    "$(grep -c '^#rocommunity CHANGE-ME 127.0.0.1 -V arcprobeview$' "$SNMPD_SNIPPET")" 1
expect_match "snmpd drop-in: SNMPv3 users go to Fedora's persistent file" "$(cat "$SNMPD_SNIPPET")" \
    'createUser arcprobe SHA .*>>/var/lib/net-snmp/snmpd\.conf'
expect_match "snmpd drop-in: says which includeDir line snmpd.conf needs" "$(cat "$SNMPD_SNIPPET")" \
    'includeDir /etc/snmp/snmpd\.conf\.d'
sysusers_lines() { grep -v '^#' "$ROOT/usr/lib/sysusers.d/$1.conf" | tr -s ' \t' ' ' | tr '\n' ';'; }
expect "sysusers.d creates that group and the unit's user, in group arcprobe" "$(sysusers_lines arcprobe-snmp)" \
    'g arcprobe-snmp -;u arcprobe-agentx - "arcprobe SNMP subagent" / /usr/sbin/nologin;m arcprobe-agentx arcprobe;'
expect "sysusers.d creates group arcprobe (reads arcprobe.conf)" "$(sysusers_lines arcprobe)" "g arcprobe -;"
expect_match "sysusers.d puts arcprobe-prometheus in group arcprobe" "$(sysusers_lines arcprobe-prometheus)" \
    ';m arcprobe-prometheus arcprobe;$'
expect "arcprobe-prometheus.service's supplementary group" \
    "$(sed -n 's/^SupplementaryGroups=//p' "$ROOT/usr/lib/systemd/system/arcprobe-prometheus.service")" arcprobe
scripts=$(rpm -qp --scripts "$(rpmfile arcprobe-snmp)")
expect_match "arcprobe-snmp %pre creates that group where rpm does not apply sysusers.d" "$scripts" 'groupadd -r arcprobe-snmp'
expect_match "arcprobe-snmp %pre creates user arcprobe-agentx in group arcprobe" "$scripts" \
    'useradd -r .*-G arcprobe .*arcprobe-agentx'
expect_match "arcprobe %pre creates group arcprobe" "$(rpm -qp --scripts "$(rpmfile arcprobe)")" 'groupadd -r arcprobe'
expect_match "nagios-plugins-azure-arc %post adds the plugin's users to group arcprobe" \
    "$(rpm -qp --scripts "$(rpmfile nagios-plugins-azure-arc)")" 'for u in nagios icinga.*gpasswd -a \$u arcprobe'
# mode owner group of a file as the package installs it
file_attrs() { rpm -qp --qf '[%{FILENAMES} %{FILEMODES:perms} %{FILEUSERNAME} %{FILEGROUPNAME}\n]' "$(rpmfile "$1")" | grep "^$2 "; }
expect "arcprobe.conf (proxy credentials) is 0640 root:arcprobe" "$(file_attrs arcprobe /etc/arcprobe/arcprobe.conf)" \
    "/etc/arcprobe/arcprobe.conf -rw-r----- root arcprobe"
expect "the snmpd drop-in (may hold a community) is 0640 root:root" \
    "$(file_attrs arcprobe-snmp /etc/snmp/snmpd.conf.d/arcprobe.conf)" "/etc/snmp/snmpd.conf.d/arcprobe.conf -rw-r----- root root"
expect "no file of arcprobe-snmp names Debian-snmp" \
    "$(grep -rl 'Debian-snmp' "$ROOT/usr/lib/systemd" "$ROOT/etc/snmp" "$ROOT/usr/lib/sysusers.d" | sed "s|$ROOT||" | tr '\n' ' ' || true)" ""

# The collectd snippet loads the plugin by name from collectd's PluginDir
# (%{_libdir}/collectd on Fedora) and names the config file arcprobe ships.
COLLECTD_SNIPPET=$ROOT/etc/collectd.d/azure_arc.conf
expect "collectd snippet: LoadPlugin by name" "$(grep -E '^[[:space:]]*LoadPlugin' "$COLLECTD_SNIPPET")" "LoadPlugin azure_arc"
expect_file "$ROOT$LIB/collectd/azure_arc.so" "collectd PluginDir holds azure_arc.so"
conf=$(sed -n 's/^[[:space:]]*ConfigFile[[:space:]]*"\(.*\)"/\1/p' "$COLLECTD_SNIPPET" 2>/dev/null || true)
expect "collectd snippet: ConfigFile" "$conf" /etc/arcprobe/arcprobe.conf
expect_file "$ROOT$conf" "collectd snippet: ConfigFile is shipped (by arcprobe)"

expect "arcprobe.conf is %config(noreplace)" \
    "$(rpm -qp --qf '[%{FILENAMES} %{FILEFLAGS:fflags}\n]' "$(rpmfile arcprobe)" | grep '^/etc/arcprobe/arcprobe.conf ')" \
    "/etc/arcprobe/arcprobe.conf cn"
expect_match "arcprobe requires the library by soname" "$(rpm -qp --requires "$(rpmfile arcprobe)" | tr '\n' ' ')" \
    'libarcprobe\.so\.0\(\)\(64bit\)'
expect_match "arcprobe-libs provides the soname" "$(rpm -qp --provides "$(rpmfile arcprobe-libs)" | tr '\n' ' ')" \
    'libarcprobe\.so\.0\(\)\(64bit\)'
expect_match "arcprobe-snmp scriptlets name the unit" "$scripts" 'preset arcprobe-agentx\.service'
expect "arcprobe-snmp scriptlets have no unexpanded macro" "$(grep -c '%{' <<<"$scripts" || true)" 0
# No file of any package points into the build tree.
for f in "$WORK"/rpms/*.rpm; do
    rm -rf "$WORK/x" && mkdir "$WORK/x"
    rpm2archive -n <"$f" | tar -C "$WORK/x" -xf -
    hits=$(grep -rl "$WORK\|/tmp/arcprobe-rpm\." "$WORK/x" 2>/dev/null | sed "s|$WORK/x||" | tr '\n' ' ' || true)
    expect "$(basename "$f"): no path of the build tree inside" "$hits" ""
done
finish
