#!/usr/bin/env bash
# tests/deps check in a scratch environment where one required program or
# pkg-config module is hidden (PATH / PKG_CONFIG_LIBDIR pointing at stub
# directories; apt-get is a stub that only records its arguments):
#   as root         -> it runs the installation (apt-get install ... PACKAGE)
#   as another user -> one line telling the command to run, exit 1, no apt-get
#   nothing hidden  -> silent, exit 0, no apt-get at all
# While the stub "installs", maintainer scripts must be refused every service
# action (policy-rc.d), and a daemon someone else starts meanwhile (another
# test's snmpd) must still run afterwards.
# Usage: deps_check_test.sh SOURCE_DIR
set -euo pipefail
src=$1
scratch=$(mktemp -d)
# the stand-ins for other tests' daemons are ours to end (while they still run)
decoy_runs() { # PID: still running (a killed one may linger as a zombie)
  local stat
  stat=$(ps -o stat=,comm= -p "$1" 2>/dev/null) || return 1
  [[ "$stat" =~ ^[^Z][^\ ]*\ +snmpd$ ]]
}
end_decoys() {
  local pid
  for pid in $(cat "$scratch/decoy.pids" 2>/dev/null); do
    decoy_runs "$pid" && kill "$pid" 2>/dev/null || true
  done
  rm -f "$scratch/decoy.pids"
}
trap 'end_decoys; rm -rf "$scratch"' EXIT
chmod 755 "$scratch"
cp "$src/tests/deps" "$scratch/deps"
chmod 755 "$scratch/deps"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# Every program of /usr/bin and /usr/sbin except HIDDEN, and a recording apt-get.
stub_path() {
  local hidden=$1 dir=$scratch/bin-$1 d
  mkdir -p "$dir"
  for d in /usr/sbin /usr/bin; do
    ln -sf "$d"/* "$dir"/
  done
  rm -f "$dir/$hidden" "$dir/apt-get"
  cat >"$dir/apt-get" <<STUB
#!/bin/sh
echo "\$*" >>"$scratch/apt.log"
if [ "\$1" = install ]; then
  # what a postinst's invoke-rc.d asks before starting its service
  if [ -x "$scratch/policy-rc.d" ]; then
    "$scratch/policy-rc.d" snmpd start
    echo "policy-rc.d snmpd start: \$?" >>"$scratch/apt.log"
  else
    echo "policy-rc.d: none" >>"$scratch/apt.log"
  fi
  # meanwhile a test running beside this starts its own snmpd
  "$scratch/decoy/snmpd" 300 >/dev/null 2>&1 &
  echo \$! >>"$scratch/decoy.pids"
fi
STUB
  chmod 755 "$dir/apt-get"
  echo "$dir"
}

# pkg-config's own search path, minus HIDDEN.pc
stub_pc() {
  local hidden=$1 dir=$scratch/pc-$1 d f
  mkdir -p "$dir"
  for d in $(pkg-config --variable pc_path pkg-config | tr : ' '); do
    [ -d "$d" ] || continue
    for f in "$d"/*.pc; do
      [ -e "$f" ] && [ ! -e "$dir/${f##*/}" ] && ln -s "$f" "$dir/${f##*/}"
    done
  done
  rm -f "$dir/$hidden.pc"
  echo "$dir"
}

# The check is only meaningful if the real machine has everything: the cases
# below then differ from it by exactly one hidden item.
if ! "$scratch/deps" missing >"$scratch/real.out"; then
    echo "FAIL: this machine lacks dependencies, run tests/deps install:"; cat "$scratch/real.out"; exit 1
fi

mkdir -p "$scratch/decoy"
cp "$(command -v sleep)" "$scratch/decoy/snmpd"

# After an installation as root: the stub's postinst was refused (101), the
# hook is gone again, and the snmpd started meanwhile by someone else runs.
installed_quietly() {
    local name=$1 pid
    grep -qx 'policy-rc.d snmpd start: 101' "$scratch/apt.log" ||
        fail "$name: service actions were not refused during the installation ($(grep policy "$scratch/apt.log" | head -1))"
    [ ! -e "$scratch/policy-rc.d" ] || fail "$name: policy-rc.d left behind"
    [ -s "$scratch/decoy.pids" ] || fail "$name: the stub started no daemon"
    for pid in $(cat "$scratch/decoy.pids" 2>/dev/null); do
        decoy_runs "$pid" ||
            fail "$name: another test's snmpd (pid $pid), started during the installation, was killed"
    done
    end_decoys
}

pc_all=$(stub_pc none-hidden)
bin_all=$(stub_path none-hidden)

# run_check NAME USER PATH PKG_CONFIG_LIBDIR: runs `deps check`, keeps status, stderr and apt.log
run_check() {
    local name=$1 user=$2 path=$3 pclib=$4 status=0
    rm -f "$scratch/apt.log"
    local cmd=(env -i "PATH=$path" "PKG_CONFIG_LIBDIR=$pclib" PKG_CONFIG_PATH= HOME=/
               "POLICY_RC_D=$scratch/policy-rc.d" "$scratch/deps" check)
    if [ "$user" = root ]; then
        "${cmd[@]}" >"$scratch/$name.out" 2>"$scratch/$name.err" || status=$?
    else
        setpriv --reuid=65534 --regid=65534 --clear-groups "${cmd[@]}" \
            >"$scratch/$name.out" 2>"$scratch/$name.err" || status=$?
    fi
    echo "--- $name ($user): exit $status"; cat "$scratch/$name.err"
    [ -f "$scratch/apt.log" ] && { echo "apt-get calls:"; cut -c1-160 "$scratch/apt.log"; }
    return $status
}

# 1. Everything there: silent, success, no apt traffic.
status=0; run_check all-present root "$bin_all" "$pc_all" || status=$?
[ $status = 0 ] || fail "all present: exit $status"
[ ! -s "$scratch/all-present.err" ] && [ ! -s "$scratch/all-present.out" ] || fail "all present: printed something"
[ ! -e "$scratch/apt.log" ] || fail "all present: apt-get was called"

# 2. A program hidden (cmake), as root: installs through apt-get.
bin_nocmake=$(stub_path cmake)
status=0; run_check root-cmake root "$bin_nocmake" "$pc_all" || status=$?
grep -q 'Missing build/test dependencies: cmake (cmake)' "$scratch/root-cmake.err" || fail "root: cmake not named as missing"
grep -q '^update$' "$scratch/apt.log" 2>/dev/null || fail "root: no apt-get update"
grep -Eq '^install -y .*(^| )cmake( |$)' "$scratch/apt.log" 2>/dev/null || fail "root: no apt-get install ... cmake"
# The stub installed nothing, so the check must say so rather than pretend.
[ $status = 1 ] || fail "root: exit $status after an installation that fixed nothing (want 1)"
grep -q 'Still missing after installing the package list: cmake (cmake)' "$scratch/root-cmake.err" || fail "root: no 'still missing' line"
installed_quietly root-cmake

# 3. Same, as an unprivileged user: one instruction, no installation.
status=0; run_check user-cmake nobody "$bin_nocmake" "$pc_all" || status=$?
[ $status = 1 ] || fail "user: exit $status (want 1)"
[ ! -e "$scratch/apt.log" ] || fail "user: apt-get was called"
[ "$(grep -c . "$scratch/user-cmake.err")" = 2 ] || fail "user: want 2 lines (what is missing, the command)"
grep -qx "As root, run: $scratch/deps install" "$scratch/user-cmake.err" || fail "user: the one command line is missing"

# 4. A pkg-config module hidden (json-c): root installs libjson-c-dev, a user is told.
pc_nojson=$(stub_pc json-c)
status=0; run_check root-jsonc root "$bin_all" "$pc_nojson" || status=$?
grep -q 'Missing build/test dependencies: libjson-c-dev (pc:json-c)' "$scratch/root-jsonc.err" || fail "root: json-c not named"
grep -Eq '^install -y .* libjson-c-dev( |$)' "$scratch/apt.log" 2>/dev/null || fail "root: no apt-get install ... libjson-c-dev"
installed_quietly root-jsonc
status=0; run_check user-jsonc nobody "$bin_all" "$pc_nojson" || status=$?
[ $status = 1 ] && [ ! -e "$scratch/apt.log" ] || fail "user/json-c: exit $status or apt-get called"
grep -qx "As root, run: $scratch/deps install" "$scratch/user-jsonc.err" || fail "user/json-c: no instruction"

[ $fails = 0 ] && echo "PASS" || { echo "$fails failure(s)"; exit 1; }
