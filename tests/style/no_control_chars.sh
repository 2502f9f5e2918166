#!/usr/bin/env bash
# Text the project ships (man pages, README, catalogs, configuration,
# sources) holds no control characters but tab and newline: a form feed
# left by an editing script shows in a rendered man page as a stray "B" or
# "R" where a font change was meant (\fB ... \fR). Fuzz seeds and test
# fixtures are data and may hold anything.
set -euo pipefail
cd "$(dirname "$0")/../.."
bad=$(git ls-files -z -- '*.1' '*.5' '*.8' '*.md' '*.po' '*.pot' '*.conf' '*.in' '*.c' '*.h' '*.sh' '*.txt' \
    'packaging/*' 'snmp-mib/*' 'nagios/*' 'collectd/*' ':!tests/fuzz/corpus' ':!tests/fixtures' 2>/dev/null |
    xargs -0 -r grep -l -P '[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f]' -- 2>/dev/null || true)
if [ -n "$bad" ]; then
    echo "control characters (other than tab and newline) in:" >&2
    for f in $bad; do
        grep -n -P '[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f]' -- "$f" | head -n 3 | cat -A >&2
    done
    exit 1
fi
echo "no control characters in the shipped text files"
