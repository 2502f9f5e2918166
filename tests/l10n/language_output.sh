#!/bin/bash
# arcprobe and check_azure_arc in one language of plugins/po/LINGUAS, against
# the simulated agent under a private locale: human text is the catalog's,
# everything a machine parses (status prefix, perfdata, exit status, class
# and state names, JSON) is byte for byte what the C locale gives, and
# LC_ALL=C still gives English.
#
# What the language's text must look like comes from two sides: phrases
# looked up in the compiled catalog (Python's gettext, plural forms
# evaluated independently of the C library) for every run, so the test
# cannot pass on English output; and expected/LANG.txt, phrases a person
# wrote down from a screen of that language (optional).
# usage: language_output.sh LANG ARCPROBE CHECK_AZURE_ARC ARC_SIM BUILD_LOCALEDIR
set -euo pipefail
LANG_CODE=$1 CLI=$2 CHECK=$3 SIM=$4 BUILD_LOCALEDIR=$5
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/../integration/sim_lib.sh"
source "$HERE/locale_lib.sh"

# the locale a catalog is checked under: its usual country
case $LANG_CODE in
fr) LOCALE=fr_FR.UTF-8 ;;
ja) LOCALE=ja_JP.UTF-8 ;;
ko) LOCALE=ko_KR.UTF-8 ;;
sv) LOCALE=sv_SE.UTF-8 ;;
*_*) LOCALE=$LANG_CODE.UTF-8 ;;
*) LOCALE=$(sed -n "s/^\(${LANG_CODE}_[A-Z]*\)\.UTF-8 UTF-8$/\1.UTF-8/p" /usr/share/i18n/SUPPORTED | head -1) ;;
esac
[ -n "$LOCALE" ] || { echo "FAIL - no UTF-8 locale for $LANG_CODE in /usr/share/i18n/SUPPORTED"; exit 1; }
if [ ! -e "$BUILD_LOCALEDIR/$LANG_CODE/LC_MESSAGES/arcprobe.mo" ]; then
    echo "FAIL - $BUILD_LOCALEDIR/$LANG_CODE/LC_MESSAGES/arcprobe.mo was not built"
    exit 1
fi

l10n_locales_init
trap 'l10n_locales_cleanup' EXIT
l10n_locale "$LOCALE"
export ARCPROBE_LOCALEDIR=$BUILD_LOCALEDIR
in_lang() { LC_ALL=$LOCALE "$@"; }
in_c() { LC_ALL=C "$@"; }
L=$LANG_CODE

# phrase MSGID [ARG...] / phrase --plural MSGID PLURAL N [ARG...]
phrase() {
    python3 "$HERE/catalog_phrase.py" "$BUILD_LOCALEDIR" "$LANG_CODE" "$@" ||
        { echo "FAIL - catalog lookup: $*"; exit 1; }
}
expect_has() { # expect_has DESCRIPTION TEXT PHRASE
    if [[ $2 == *"$3"* ]]; then echo "ok   - $1"; else
        echo "FAIL - $1: '$3' not in:"; printf '%s\n' "$2" | head -30; FAILURES=$((FAILURES + 1)); fi
}

# The locale itself must be live, or a run would prove nothing about
# character sets and decimal points.
expect "$LOCALE is live (charmap)" "$(in_lang locale charmap 2>&1)" UTF-8

# --agentstatus-extras: the heartbeat's age (unconfirmed in /agentstatus) in
# the text and the perfdata is what shows the numbers and "N min ago" in $L
sim_start "$SIM" --scenario disconnected --agentstatus-extras
trap 'sim_stop; l10n_locales_cleanup' EXIT
ARGS=(-C "$SIM_CONF" -t 10)
ALL_TEXT=""

first_line() { printf '%s\n' "$1" | head -1; }
perf_shape() { # perfdata with every number replaced by N: labels, units, thresholds, '.' stay
    # (a value's sign is data too: clock_skew near 0 may be either)
    first_line "$1" | sed 's/^[^|]*| //' | sed -E 's/[0-9]+(\.[0-9]+)?/N/g; s/=-N/=N/g'
}

# ---- check_azure_arc, agent Disconnected (CRITICAL) ----
CAUSE=$(phrase "the agent has not reached Azure since its last heartbeat")
started=$(date +%s)
l_out=$(in_lang "$CHECK" "${ARGS[@]}" -v) && l_rc=0 || l_rc=$?
ended=$(date +%s)
c_out=$(in_c "$CHECK" "${ARGS[@]}" -v) && c_rc=0 || c_rc=$?
ALL_TEXT+=$l_out$'\n'
expect "check_azure_arc $L exit status" "$l_rc" 2
expect "check_azure_arc C exit status" "$c_rc" 2
expect_match "$L status line keeps the 'ARC CRITICAL - agent: ' prefix" "$(first_line "$l_out")" '^ARC CRITICAL - agent: '
expect_has "$L long output has the catalog's cause" "$l_out" "$CAUSE"
expect_match "$L long output keeps the component and state names" "$l_out" $'\nhimds: OK - '
expect "$L perfdata = C perfdata (labels, units, thresholds, '.')" "$(perf_shape "$l_out")" "$(perf_shape "$c_out")"
l_perf=$(first_line "$l_out" | sed 's/^[^|]*| //')
expect_match "$L perfdata present" "$l_perf" "^himds_latency=[0-9]+(\.[0-9]+)?s;;;0 heartbeat_age=[0-9]+s;900;1800;0 "
# The simulator dates the heartbeat 2400 s before it answers; the probe read
# its clock before it asked, both within [started, ended]: the age is 2400
# less the seconds between the two, not fewer than the run took (2398 when
# the simulator was stopped for 2.2 s meanwhile).
age=$(sed -nE 's/.* heartbeat_age=([0-9]+)s;.*/\1/p' <<<"$l_perf")
if [[ $age =~ ^[0-9]+$ ]] && ((age <= 2400 && age >= 2400 - (ended - started))); then
    expect "$L heartbeat_age within the run" ok ok
else
    expect "$L heartbeat_age within the run" "$age" "$((2400 - (ended - started))) to 2400"
fi
if [[ $l_perf =~ [0-9],[0-9] ]]; then
    expect "$L perfdata has no decimal comma" "$l_perf" "(no N,N)"
else
    expect "$L perfdata has no decimal comma" ok ok
fi
expect_match "C summary is English" "$(first_line "$c_out")" '^ARC CRITICAL - agent: agent Disconnected, last heartbeat (39|40) min ago'
if [[ $c_out == *"$CAUSE"* ]]; then
    expect "C output has no $L text" "$c_out" "(English only)"
else
    expect "C output has no $L text" ok ok
fi

# LANG alone (no LC_ALL) selects the language too
lang_out=$(LANG=$LOCALE "$CHECK" "${ARGS[@]}" -v) || true
expect_has "LANG=$LOCALE gives $L" "$lang_out" "$CAUSE"

# help, usage errors and configuration errors
help_out=$(in_lang "$CHECK" --help) && help_rc=0 || help_rc=$?
ALL_TEXT+=$help_out$'\n'
expect "$L --help exit status" "$help_rc" 3
help_lines=$(python3 "$HERE/catalog_phrase.py" "$BUILD_LOCALEDIR" "$L" --lines-of "--warning=RANGE") ||
    { echo "FAIL - catalog lookup of the check_azure_arc help"; exit 1; }
missing=0
while IFS= read -r line; do [[ $help_out == *"$line"* ]] || missing=$((missing + 1)); done <<<"$help_lines"
expect "check_azure_arc $L --help prints the catalog's help ($(wc -l <<<"$help_lines") lines)" "$missing missing" "0 missing"
bad_out=$(in_lang "$CHECK" --bogus) && bad_rc=0 || bad_rc=$?
expect "$L unknown option exit status" "$bad_rc" 3
expect "$L unknown option message" "$(first_line "$bad_out")" "ARC UNKNOWN - $(phrase "unknown option '%.64s'" --bogus)"
bad_out=$(in_lang "$CHECK" "${ARGS[@]}" --set timeout=abc) || true
ALL_TEXT+=$bad_out$'\n'
expect "$L configuration error from the core" "$(first_line "$bad_out")" \
    "ARC UNKNOWN - $(phrase "invalid setting %s: %s" timeout "$(phrase "%s: '%s' is not a number of seconds (0 to 3600)" timeout abc)")"
bad_out=$(in_c "$CHECK" "${ARGS[@]}" --set timeout=abc) || true
expect "C configuration error stays English" "$(first_line "$bad_out")" \
    "ARC UNKNOWN - invalid setting timeout: timeout: 'abc' is not a number of seconds (0 to 3600)"

# ---- arcprobe CLI table ----
l_tab=$(in_lang "$CLI" "${ARGS[@]}" --color=never) && l_rc=0 || l_rc=$?
c_tab=$(in_c "$CLI" "${ARGS[@]}" --color=never) && c_rc=0 || c_rc=$?
ALL_TEXT+=$l_tab$'\n'
expect "arcprobe $L exit status" "$l_rc" 2
expect "arcprobe C exit status" "$c_rc" 2
expect_match "$L table heading line keeps the state name" "$(first_line "$l_tab")" ' CRITICAL  '
heading=$(printf '%s\n' "$l_tab" | sed -n 3p)
expect_has "$L table COMPONENT heading" "$heading" "$(phrase COMPONENT)"
expect_has "$L table DETAIL heading" "$heading" "$(phrase DETAIL)"
expect_match "$L table agent row (state word untranslated)" "$l_tab" $'\nagent +CRITICAL +'
expect_has "$L table cause" "$l_tab" "$CAUSE"
expect_match "C table columns" "$c_tab" $'\nCOMPONENT  STATE     DETAIL\n'
cli_help=$(in_lang "$CLI" --help)
ALL_TEXT+=$cli_help$'\n'
help_lines=$(python3 "$HERE/catalog_phrase.py" "$BUILD_LOCALEDIR" "$L" --lines-of "--json") ||
    { echo "FAIL - catalog lookup of the arcprobe help"; exit 1; }
missing=0
while IFS= read -r line; do [[ $cli_help == *"$line"* ]] || missing=$((missing + 1)); done <<<"$help_lines"
expect "arcprobe $L --help prints the catalog's help ($(wc -l <<<"$help_lines") lines)" "$missing missing" "0 missing"

# ---- AZCM catalog text and an endpoint failure (class names stay English) ----
sim_scenario azcm-error
# the simulator's certificate does not name broken.invalid: a deterministic tls_other
# (connect_to sends it to the simulator; the name is never looked up)
BROKEN=(--set endpoints=https://broken.invalid/ --set "connect_to=broken.invalid:443:127.0.0.1:$SIM_TLS_PORT")
l_tab=$(in_lang "$CLI" "${ARGS[@]}" --color=never -k azcm,endpoints "${BROKEN[@]}") || true
ALL_TEXT+=$l_tab$'\n'
expect_has "$L AZCM meaning from the catalog" "$l_tab" \
    "$(phrase "The agent could not reach one or more Azure services it depends on.")"
expect_has "$L endpoint summary (plural form for 1)" "$l_tab" \
    "$(phrase --plural "%zu of %zu endpoints unreachable: " "%zu of %zu endpoints unreachable: " 1 1 1)broken.invalid (tls_other)"
expect_has "$L endpoint cause" "$l_tab" "$(phrase "the TLS handshake failed")"
expect_match "$L endpoint row keeps the class name" "$l_tab" $'\n  broken\\.invalid +always +CRITICAL +tls_other '
l_chk=$(in_lang "$CHECK" "${ARGS[@]}" --check azcm) || true
ALL_TEXT+=$l_chk$'\n'
expect_match "check_azure_arc $L AZCM summary keeps 'ARC WARNING - azcm: AZCM0026'" "$(first_line "$l_chk")" \
    '^ARC WARNING - azcm: AZCM0026'

# ---- JSON: machines get the same document whatever the locale ----
in_lang "$CLI" "${ARGS[@]}" --json -k all "${BROKEN[@]}" >"$SIM_DIR/lang.json" || true
in_c "$CLI" "${ARGS[@]}" --json -k all "${BROKEN[@]}" >"$SIM_DIR/c.json" || true
json_diff=$(python3 - "$SIM_DIR/lang.json" "$SIM_DIR/c.json" <<'PY'
import json, re, sys
lang, c = (json.load(open(p)) for p in sys.argv[1:3])
volatile = {"probe_time", "duration_s", "last_heartbeat"}
# measured values inside text (latencies, ages) may differ between the runs;
# a decimal comma would still show as "N,N" against "N"
number = re.compile(r"[0-9]+(\.[0-9]+)?")
diffs = []
def walk(a, b, path):
    if type(a) is not type(b) and not (isinstance(a, (int, float)) and isinstance(b, (int, float))):
        diffs.append(f"{path}: type {type(a).__name__} != {type(b).__name__}")
    elif isinstance(a, dict):
        if list(a) != list(b):
            diffs.append(f"{path}: keys {list(a)} != {list(b)}")
        for k in a:
            if k in b and k not in volatile:
                walk(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, list):
        if len(a) != len(b):
            diffs.append(f"{path}: {len(a)} items != {len(b)}")
        for i, (x, y) in enumerate(zip(a, b)):
            walk(x, y, f"{path}[{i}]")
    elif isinstance(a, str) and number.sub("N", a) != number.sub("N", b):
        diffs.append(f"{path}: {a!r} != {b!r}")
walk(lang, c, "$")
if not lang.get("endpoints"):
    diffs.append("no endpoints in the report")
print("\n".join(diffs) if diffs else "same")
PY
)
expect "$L JSON = C JSON (keys, types, enum values, English text)" "$json_diff" same
expect "$L JSON endpoint class" "$(json_get "$SIM_DIR/lang.json" 'r["endpoints"][0]["class"]')" tls_other
expect "$L JSON azcm meaning is English" "$(json_get "$SIM_DIR/lang.json" 'r["azcm"]["meaning"]')" \
    "The agent could not reach one or more Azure services it depends on."
expect_match "$L JSON numbers use '.'" "$(grep -o '"duration_s": *[0-9][0-9.,]*[0-9]' "$SIM_DIR/lang.json")" '^"duration_s": *[0-9]+(\.[0-9]+)?$'

# ---- phrases a person wrote down for this language ----
expected=$HERE/expected/$L.txt
if [ -e "$expected" ]; then
    n=0
    while IFS= read -r want; do
        [[ -z $want || $want == \#* ]] && continue
        expect_has "$L shows: $want" "$ALL_TEXT" "$want"
        n=$((n + 1))
    done <"$expected"
    [ "$n" -gt 0 ] || expect "expected/$L.txt lists phrases" 0 "1 or more"
else
    echo "ok   - no expected/$L.txt: the catalog phrases above are the language's check"
fi

finish
