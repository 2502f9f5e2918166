#!/usr/bin/env bash
# Build arcprobe's Debian packages from the working tree and check them with
# lintian.
#
# Debian's tools want the packaging at ./debian of the source tree, while the
# repository keeps it at packaging/debian: the tree (without build dirs,
# node_modules and .git; uncommitted files are included) is copied to a temporary
# directory, packaging/debian becomes ./debian there, and
# `dpkg-buildpackage -us -uc -b` runs on that copy. The repository itself is
# never written to, except for the output directory.
#
# Needs: dpkg-dev, debhelper, fakeroot (dpkg-buildpackage uses it; the build
# does not need root: Rules-Requires-Root: no), lintian, and the
# Build-Depends in packaging/debian/control.
#
# Usage: packaging/build-deb.sh [--out DIR] [--source DIR] [--no-lintian] [--keep]
#   --out DIR     where the .deb, .changes and .buildinfo files go
#                 (default: build-pkg-deb/ in the source tree)
#   --source DIR  the tree to package (default: the tree this script is in)
#   --no-lintian  skip the lintian run
#   --keep        keep the temporary build tree and say where it is
# Prints one line per built .deb: `deb: PATH`, then `changes: PATH`.
# Exits non-zero when the build fails or lintian reports an error or a
# warning that is not overridden (packaging/debian/*.lintian-overrides).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/.." && pwd)
out=""
run_lintian=1
keep=0
while [ $# -gt 0 ]; do
  case $1 in
    --out) out=$2; shift 2 ;;
    --source) src=$(cd "$2" && pwd); shift 2 ;;
    --no-lintian) run_lintian=0; shift ;;
    --keep) keep=1; shift ;;
    -h | --help) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-deb.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$out" ] || out=$src/build-pkg-deb
[ -d "$src/packaging/debian" ] || { echo "build-deb.sh: no packaging/debian in $src" >&2; exit 2; }
for tool in dpkg-buildpackage dh fakeroot; do
  command -v "$tool" >/dev/null || { echo "build-deb.sh: $tool not found (apt-get install dpkg-dev debhelper fakeroot)" >&2; exit 2; }
done

# The package version's upstream part must be the project's version.
project_version=$(sed -n 's/^project(arcprobe VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
deb_version=$(dpkg-parsechangelog -l "$src/packaging/debian/changelog" -S Version)
if [ "${deb_version%-*}" != "$project_version" ]; then
  echo "build-deb.sh: packaging/debian/changelog has $deb_version but CMakeLists.txt says $project_version" >&2
  exit 1
fi

work=$(mktemp -d /tmp/arcprobe-deb.XXXXXX)
cleanup() {
  if [ "$keep" = 1 ]; then echo "build tree kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

tree=$work/arcprobe-$project_version
mkdir -p "$tree"
tar -C "$src" --exclude=./.git --exclude=./build --exclude='./build-*' --exclude=node_modules -cf - . | tar -C "$tree" -xf -
cp -a "$src/packaging/debian" "$tree/debian"

jobs=${ARCPROBE_JOBS:-2}
(cd "$tree" && dpkg-buildpackage -us -uc -b -j"$jobs") >"$work/build.log" 2>&1 || {
  tail -n 60 "$work/build.log" >&2
  echo "build-deb.sh: dpkg-buildpackage failed (log above, full log in $work/build.log)" >&2
  keep=1
  exit 1
}

mkdir -p "$out"
changes=$(ls "$work"/arcprobe_*.changes)
for f in "$work"/*.deb "$work"/*.changes "$work"/*.buildinfo; do
  cp "$f" "$out/"
done
for f in "$work"/*.deb; do
  echo "deb: $out/$(basename "$f")"
done
echo "changes: $out/$(basename "$changes")"

if [ "$run_lintian" = 1 ]; then
  command -v lintian >/dev/null || { echo "build-deb.sh: lintian not found" >&2; exit 2; }
  # --fail-on warning: every warning is fixed or overridden with a reason.
  lintian --fail-on error,warning --display-info "$out/$(basename "$changes")"
  echo "lintian: no errors, no warnings"
fi
