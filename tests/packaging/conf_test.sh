#!/usr/bin/env bash
# packaging.conf: packaging/arcprobe.conf (installed as
# /etc/arcprobe/arcprobe.conf) documents every configuration key the core
# knows, each with the core's own default, and nothing else; with every key
# uncommented it still loads.
# Usage: conf_test.sh SOURCE_DIR ARCPROBE_CLI
set -euo pipefail
SRC=$(cd "${1:?usage: conf_test.sh SOURCE_DIR ARCPROBE_CLI}" && pwd)
CLI=${2:?usage: conf_test.sh SOURCE_DIR ARCPROBE_CLI}
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
source "$HERE/lib.sh"

CONF=$SRC/packaging/arcprobe.conf
WORK=$(mktemp -d /tmp/arcprobe-conftest.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

# The key table of plugins/probe/config.c against the file's "#key = value" lines.
python3 - "$SRC/plugins/probe/config.c" "$CONF" >"$WORK/compare.txt" <<'EOF'
import re, sys
code = open(sys.argv[1]).read()
table = dict(re.findall(r'\{"(\w+)",\s*KEY_\w+,\s*(?:FIELD|SCALAR)\(\w+\),\s*(?:"([^"]*)"|NULL)\}', code))
documented = {}
for line in open(sys.argv[2]):
    m = re.match(r'#(\w+) =(?: (.*))?$', line.rstrip('\n'))
    if m:
        documented[m.group(1)] = m.group(2) or ""
if not table:
    print("PARSE no keys found in config.c")
for key in sorted(table):
    if key not in documented:
        print(f"MISSING {key}")
    elif documented[key] != table[key]:
        print(f"DEFAULT {key}: file says '{documented[key]}', config.c says '{table[key]}'")
for key in sorted(documented):
    if key not in table:
        print(f"UNKNOWN {key}")
print(f"COUNT {len(table)} {len(documented)}")
EOF
counts=$(sed -n 's/^COUNT //p' "$WORK/compare.txt")
expect_match "config.c and arcprobe.conf both list keys" "$counts" '^[1-9][0-9]* [1-9][0-9]*$'
expect "every key of config.c is documented with its default, and no other key" \
    "$(grep -v '^COUNT' "$WORK/compare.txt" | tr '\n' ';')" ""

# Every key uncommented: the file must load (errors name the file and line).
sed 's/^#\([a-z_]* =\)/\1/' "$CONF" >"$WORK/all-keys.conf"
expect "uncommented file sets as many keys as documented" \
    "$(grep -c '^[a-z_]* =' "$WORK/all-keys.conf")" "${counts#* }"
mkdir -p "$WORK/agent/log"
run_cli() { # run_cli CONF: stderr of the CLI probing only the (empty) agent dir
    "$CLI" --config "$1" --check azcm --set "agent_dir=$WORK/agent" --json >/dev/null 2>"$WORK/err" || true
    cat "$WORK/err"
}
expect "arcprobe loads the file with every key uncommented" "$(run_cli "$WORK/all-keys.conf")" ""
expect "arcprobe loads the file as shipped" "$(run_cli "$CONF")" ""
# The same check sees a broken file (so the two above can fail).
{ cat "$WORK/all-keys.conf"; echo "no_such_key = 1"; } >"$WORK/broken.conf"
expect_match "a file with an unknown key is refused" "$(run_cli "$WORK/broken.conf")" "broken.conf:[0-9]+: unknown key 'no_such_key'"
finish
