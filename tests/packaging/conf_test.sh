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

# The man page arcprobe.conf(5) explains the same keys, each with the same
# default (".TP / .B key / Default X" in its KEYS section), and no other key.
python3 - "$SRC/plugins/probe/config.c" "$SRC/packaging/arcprobe.conf.5" >"$WORK/man.txt" <<'EOF'
import re, sys
code = open(sys.argv[1]).read()
table = dict(re.findall(r'\{"(\w+)",\s*KEY_\w+,\s*(?:FIELD|SCALAR)\(\w+\),\s*(?:"([^"]*)"|NULL)\}', code))
man = open(sys.argv[2]).read()
keys_section = man.split('\n.SH KEYS\n', 1)[1].split('\n.SH ', 1)[0]
lines = keys_section.split('\n')
documented = {}
for i, line in enumerate(lines):
    if line == '.TP' and i + 1 < len(lines):
        m = re.match(r'\.B (\w+)$', lines[i + 1])
        if m:
            # the default: "Default" then the value on the next line, or "Default: <words>"
            after = ' '.join(lines[i + 2:i + 4])
            documented[m.group(1)] = after
for key in sorted(table):
    default = table[key] or ""
    if key not in documented:
        print(f"MISSING {key}")
    elif default and not re.match(r'Default \.(B|BR|I|IR) ' + re.escape(default) + r'( \.)?( |$)', documented[key]):
        print(f"DEFAULT {key}: man page says '{documented[key][:60]}', config.c says '{default}'")
    elif not default and not documented[key].startswith('Default:'):
        print(f"DEFAULT {key}: man page says '{documented[key][:60]}', config.c has no default")
for key in sorted(documented):
    if key not in table:
        print(f"UNKNOWN {key}")
EOF
expect "arcprobe.conf(5) explains every key of config.c with its default, and no other key" \
    "$(tr '\n' ';' <"$WORK/man.txt")" ""

# The five man pages send the reader to each other: every SEE ALSO names the
# other four.
MANS=(plugins/cli/arcprobe.1 packaging/arcprobe.conf.5 plugins/check_azure_arc/check_azure_arc.1
    plugins/collectd/azure_arc.5 plugins/agentx/arcprobe-agentx.8)
for man in "${MANS[@]}"; do
    see_also=$(sed -n '/^\.SH SEE ALSO/,/^\.SH /p' "$SRC/$man" | sed 's/\\-/-/g')
    missing=""
    for other in "${MANS[@]}"; do
        [ "$other" = "$man" ] && continue
        page=$(basename "$other")
        ref=".BR ${page%.*} (${page##*.})"
        [[ $see_also == *"$ref"* ]] || missing+="${page%.*}(${page##*.}) "
    done
    expect "$(basename "$man"): SEE ALSO names the other arcprobe man pages" "$missing" ""
done

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
