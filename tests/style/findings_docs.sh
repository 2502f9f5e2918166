#!/bin/bash
# style.findings_docs: the README and every front end's man page say the same
# about what a report means: the one severity order, texts without advice,
# and the four correlated failures folded into one finding each. The man
# pages are checked as man renders them (ASCII, one paragraph a line).
set -euo pipefail
SRC=$(cd "$(dirname "$0")/../.." && pwd)
PAGES=(plugins/cli/arcprobe.1 plugins/check_azure_arc/check_azure_arc.1
    plugins/collectd/azure_arc.5 plugins/agentx/arcprobe-agentx.8)
PHRASES=(
    "OK < UNKNOWN < WARNING < CRITICAL"
    "texts give no advice"
    "all or most names fail to resolve -> the resolver"
    "every endpoint times out or has no route -> outbound HTTPS blocked"
    "every untrusted chain issued by the same CA -> TLS inspection by that CA, named by its common name"
    "the proxy refuses every CONNECT -> the proxy's policy"
)
failed=0
# has NAME FILE: every phrase in FILE, blanks folded, case ignored
has() {
    local text phrase
    text=$(tr -s ' \n\t' '   ' <"$2")
    for phrase in "${PHRASES[@]}"; do
        if ! grep -qiF -- "$phrase" <<<"$text"; then
            echo "FAIL: $1 does not say: $phrase"
            failed=1
        fi
    done
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# the README's own arrows are ASCII already; its markdown emphasis goes
sed 's/[*`]//g' "$SRC/README.md" >"$work/README"
has README.md "$work/README"
for page in "${PAGES[@]}"; do
    LC_ALL=C MANWIDTH=4000 man --no-hyphenation --no-justification -l "$SRC/$page" \
        2>/dev/null | col -b >"$work/page"
    has "$page" "$work/page"
done
[ "$failed" -eq 0 ] && echo "style.findings_docs: README and ${#PAGES[@]} man pages agree"
exit "$failed"
