# shellcheck shell=bash
# lib.sh - helpers shared by the packaging tests. Sourced, not run.
# Each check prints "ok - ..." or "FAIL - ..."; finish exits 1 if any failed.
# A test that cannot run here exits 77 (ctest SKIP_RETURN_CODE).

FAILURES=0
ok() { echo "ok   - $*"; }
bad() {
    echo "FAIL - $*"
    FAILURES=$((FAILURES + 1))
}
# die MESSAGE: a failure that makes the rest of the test pointless
die() {
    echo "FAIL - $*" >&2
    exit 1
}
skip() {
    echo "SKIP - $*"
    exit 77
}
expect() { # expect DESCRIPTION ACTUAL EXPECTED
    if [ "$2" == "$3" ]; then ok "$1"; else bad "$1: got '$2', want '$3'"; fi
}
expect_match() { # expect_match DESCRIPTION ACTUAL REGEX
    if [[ "$2" =~ $3 ]]; then ok "$1"; else bad "$1: '$2' does not match /$3/"; fi
}
expect_file() { # expect_file PATH [DESCRIPTION]
    if [ -e "$1" ]; then ok "${2:-$1 exists}"; else bad "${2:-$1 exists}: missing"; fi
}
finish() {
    if [ "$FAILURES" -ne 0 ]; then
        echo "$FAILURES check(s) failed"
        exit 1
    fi
    echo "all checks passed"
}

# linguas SOURCE_DIR: the languages of plugins/po/LINGUAS, one a line, sorted
linguas() {
    sed -e 's/#.*//' -e 's/[[:space:]]//g' "$1/plugins/po/LINGUAS" | grep -v '^$' | sort
}

# wait_until SECONDS DESCRIPTION COMMAND...: poll every 0.2 s, bounded.
wait_until() {
    local limit=$1 what=$2
    shift 2
    local deadline=$((SECONDS + limit))
    until "$@" >/dev/null 2>&1; do
        [ "$SECONDS" -lt "$deadline" ] || {
            bad "timed out after ${limit}s waiting for $what"
            return 1
        }
        sleep 0.2
    done
}

free_port() { # free_port tcp|udp
    python3 -c 'import socket,sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM if sys.argv[1] == "udp" else socket.SOCK_STREAM)
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])' "$1"
}

# The project's version, from the top-level CMakeLists.txt.
project_version() {
    sed -n 's/^project(arcprobe VERSION \([0-9.]*\).*/\1/p' "$1/CMakeLists.txt"
}

# readme_block README MARKER: the fenced code block that follows the first
# line of README containing MARKER (an HTML comment saying a test runs it),
# without the fences and without the fence's indentation. Empty if not found.
readme_block() {
    awk -v marker="$2" '
        !found && index($0, marker) { found = 1; next }
        found == 1 && /^[[:space:]]*```/ { match($0, /^[[:space:]]*/); indent = RLENGTH; found = 2; next }
        found == 2 && /^[[:space:]]*```[[:space:]]*$/ { exit }
        found == 2 { print substr($0, indent + 1) }
    ' "$1"
}
