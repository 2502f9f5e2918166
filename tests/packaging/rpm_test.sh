#!/usr/bin/env bash
# packaging.rpm: build the RPM packages from the working tree with
# packaging/build-rpm.sh (--nodeps: rpm cannot see dpkg's packages on a
# Debian host) and check, with rpm -qlp and friends, that each subpackage
# lays its files where the host systems look on an RPM system.
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
has arcprobe-libs "$LIB/libarcprobe.so.0" "$LIB/libarcprobe.so.$V"
has arcprobe-devel /usr/include/arcprobe.h "$LIB/libarcprobe.so" "$LIB/pkgconfig/arcprobe.pc"
has arcprobe /usr/bin/arcprobe /etc/arcprobe/arcprobe.conf /usr/share/man/man1/arcprobe.1
has nagios-plugins-azure-arc "$LIB/nagios/plugins/check_azure_arc" \
    /usr/share/icinga2/include/plugins-contrib.d/azure_arc.conf /etc/nagios-plugins/config/azure_arc.cfg
has collectd-azure-arc "$LIB/collectd/azure_arc.so" /etc/collectd/collectd.conf.d/azure_arc.conf
has arcprobe-snmp /usr/sbin/arcprobe-agentx /usr/share/snmp/mibs/ARCPROBE-MIB.txt \
    /usr/lib/systemd/system/arcprobe-agentx.service
expect_match "arcprobe-snmp ships an snmpd.conf.d snippet" \
    "$(rpm -qlp "$(rpmfile arcprobe-snmp)" 2>/dev/null | grep '^/etc/snmp/snmpd.conf.d/' | tr '\n' ' ')" '\.conf'

expect "arcprobe.conf is %config(noreplace)" \
    "$(rpm -qp --qf '[%{FILENAMES} %{FILEFLAGS:fflags}\n]' "$(rpmfile arcprobe)" | grep '^/etc/arcprobe/arcprobe.conf ')" \
    "/etc/arcprobe/arcprobe.conf cn"
expect_match "arcprobe requires the library by soname" "$(rpm -qp --requires "$(rpmfile arcprobe)" | tr '\n' ' ')" \
    'libarcprobe\.so\.0\(\)\(64bit\)'
expect_match "arcprobe-libs provides the soname" "$(rpm -qp --provides "$(rpmfile arcprobe-libs)" | tr '\n' ' ')" \
    'libarcprobe\.so\.0\(\)\(64bit\)'
scripts=$(rpm -qp --scripts "$(rpmfile arcprobe-snmp)")
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
