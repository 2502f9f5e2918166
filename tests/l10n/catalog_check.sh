#!/bin/bash
# Checks on the message catalogs in plugins/po, one kind per ctest test.
# usage: catalog_check.sh valid|complete PO_DIR
#        catalog_check.sh pot-current PO_DIR SOURCE_ROOT XGETTEXT -- XGETTEXT_ARGS... -- SOURCES...
set -euo pipefail
mode=$1 po_dir=$2
shopt -s nullglob
pos=("$po_dir"/*.po)
[ ${#pos[@]} -gt 0 ] || { echo "FAIL - no .po file in $po_dir"; exit 1; }
failures=0

# The plural rule of a language as the gettext manual ("Plural forms") gives
# it, blanks removed; "" for a language not on record here.
plural_rule() {
    case $1 in
    ja | ko | zh_CN | zh_TW | vi | th | id) echo "nplurals=1;plural=0;" ;;
    fr | pt_BR) echo "nplurals=2;plural=(n>1);" ;;
    sv | de | en* | nl | da | nb | nn | fi | it | es | pt | el | hu | tr) echo "nplurals=2;plural=(n!=1);" ;;
    *) echo "" ;;
    esac
}

case $mode in
valid)
    # msgfmt --check: header, domain and printf formats of every translation
    # agree with the msgid (same conversions, same order, same types)
    for po in "${pos[@]}"; do
        if msgfmt --check --output-file=/dev/null "$po"; then
            echo "ok   - $(basename "$po") passes msgfmt --check"
        else
            echo "FAIL - $(basename "$po") fails msgfmt --check"; failures=$((failures + 1))
        fi
        # msgfmt --check proves the Plural-Forms expression well-formed and
        # every msgstr[] count right for it, not that it is the language's rule
        lang=$(basename "$po" .po)
        want=$(plural_rule "$lang")
        got=$(sed -n 's/^"Plural-Forms: *\(.*\)\\n"$/\1/p' "$po" | tr -d ' ')
        if [ -z "$want" ]; then
            echo "FAIL - no plural rule on record for $lang: add it to plural_rule in $0"
            failures=$((failures + 1))
        elif [ "$got" = "$want" ]; then
            echo "ok   - $lang.po has the plural rule of $lang ($got)"
        else
            echo "FAIL - $lang.po Plural-Forms is '$got', $lang needs '$want'"
            failures=$((failures + 1))
        fi
        # every language shipped must be listed, or it is never built
        if grep -qx "$lang" "$po_dir/LINGUAS"; then
            echo "ok   - $lang is in LINGUAS"
        else
            echo "FAIL - $lang.po exists but LINGUAS does not list it"; failures=$((failures + 1))
        fi
    done
    ;;
complete)
    for po in "${pos[@]}"; do
        name=$(basename "$po")
        # msgcmp without --use-fuzzy/--use-untranslated: every msgid of the
        # template must be in the .po with a real translation
        if msgcmp "$po" "$po_dir/arcprobe.pot"; then
            echo "ok   - $name translates every msgid of arcprobe.pot"
        else
            echo "FAIL - $name lacks translations for msgids of arcprobe.pot (run the update-po target and translate)"
            failures=$((failures + 1))
        fi
        for kind in untranslated only-fuzzy; do
            left=$(msgattrib --$kind --no-obsolete "$po" | grep -c '^msgid ' || true)
            if [ "$left" -eq 0 ]; then
                echo "ok   - $name has no ${kind#only-} entries"
            else
                echo "FAIL - $name has $left ${kind#only-} entries:"
                msgattrib --$kind --no-obsolete "$po" | head -40
                failures=$((failures + 1))
            fi
        done
    done
    ;;
pot-current)
    root=$3 xgettext=$4
    shift 4
    [ "$1" = "--" ] && shift
    args=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do args+=("$1"); shift; done
    shift
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    (cd "$root" && "$xgettext" "${args[@]}" --output="$work/fresh.pot" "$@")
    # the same msgids both ways (dates and line numbers may differ)
    if msgcmp --use-untranslated "$work/fresh.pot" "$po_dir/arcprobe.pot" &&
        msgcmp --use-untranslated "$po_dir/arcprobe.pot" "$work/fresh.pot"; then
        echo "ok   - plugins/po/arcprobe.pot has the msgids of the sources"
    else
        echo "FAIL - plugins/po/arcprobe.pot is stale: run 'cmake --build BUILD --target pot' (then update-po)"
        failures=$((failures + 1))
    fi
    ;;
*)
    echo "unknown mode $mode" >&2
    exit 2
    ;;
esac
[ "$failures" -eq 0 ] || { echo "$failures check(s) failed"; exit 1; }
echo "all checks passed"
