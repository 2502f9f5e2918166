#!/usr/bin/env bash
# Build arcprobe's RPM packages from the working tree with
# packaging/rpm/arcprobe.spec.
#
# The source tarball is made with tar from the tree as it is (build dirs,
# node_modules and .git left out), not with git archive, so uncommitted files
# are packaged too.
# rpmbuild runs in a temporary _topdir; the repository is never written to,
# except for the output directory.
#
# On a Debian host (the project's CI) rpm cannot see dpkg's packages, so the
# BuildRequires cannot be checked: pass --nodeps (it is passed to rpmbuild).
#
# Usage: packaging/build-rpm.sh [--out DIR] [--source DIR] [--nodeps] [--keep] [--without collectd]
#   --out DIR     where the .rpm files go (default: build-pkg-rpm/ in the source tree)
#   --source DIR  the tree to package (default: the tree this script is in)
#   --nodeps      do not check BuildRequires
#   --keep        keep the temporary rpmbuild tree and say where it is
#   --without collectd  leave out collectd-azure-arc (Fedora has no collectd headers)
# Prints one line per built package: `rpm: PATH`.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/.." && pwd)
out=""
nodeps=()
without=()
keep=0
while [ $# -gt 0 ]; do
  case $1 in
    --out) out=$2; shift 2 ;;
    --source) src=$(cd "$2" && pwd); shift 2 ;;
    --nodeps) nodeps=(--nodeps); shift ;;
    --keep) keep=1; shift ;;
    --without) without+=(--without "$2"); shift 2 ;;
    -h | --help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-rpm.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$out" ] || out=$src/build-pkg-rpm
spec=$src/packaging/rpm/arcprobe.spec
[ -f "$spec" ] || { echo "build-rpm.sh: no $spec" >&2; exit 2; }
command -v rpmbuild >/dev/null || { echo "build-rpm.sh: rpmbuild not found (apt-get install rpm)" >&2; exit 2; }

project_version=$(sed -n 's/^project(arcprobe VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
spec_version=$(sed -n 's/^Version:[[:space:]]*//p' "$spec")
if [ "$spec_version" != "$project_version" ]; then
  echo "build-rpm.sh: arcprobe.spec has Version $spec_version but CMakeLists.txt says $project_version" >&2
  exit 1
fi

top=$(mktemp -d /tmp/arcprobe-rpm.XXXXXX)
cleanup() {
  if [ "$keep" = 1 ]; then echo "rpmbuild tree kept: $top"; else rm -rf "$top"; fi
}
trap cleanup EXIT
mkdir -p "$top"/{BUILD,RPMS,SOURCES,SPECS,SRPMS,stage}

name=arcprobe-$project_version
mkdir "$top/stage/$name"
tar -C "$src" --exclude=./.git --exclude=./build --exclude='./build-*' --exclude=node_modules -cf - . | tar -C "$top/stage/$name" -xf -
tar -C "$top/stage" --owner=0 --group=0 -czf "$top/SOURCES/$name.tar.gz" "$name"
rm -rf "$top/stage"
cp "$spec" "$top/SPECS/"

jobs=${ARCPROBE_JOBS:-2}
rpmbuild -bb "${nodeps[@]}" "${without[@]}" \
  --define "_topdir $top" \
  --define "_smp_mflags -j$jobs" \
  "$top/SPECS/arcprobe.spec" >"$top/build.log" 2>&1 || {
  tail -n 60 "$top/build.log" >&2
  echo "build-rpm.sh: rpmbuild failed (log above, full log in $top/build.log)" >&2
  keep=1
  exit 1
}

mkdir -p "$out"
find "$top/RPMS" -name '*.rpm' -print0 | sort -z | while IFS= read -r -d '' f; do
  cp "$f" "$out/"
  echo "rpm: $out/$(basename "$f")"
done
