#!/bin/bash
# arcprobe and check_azure_arc under a French locale: human text is French,
# everything a machine parses (status prefix, perfdata, numbers, JSON) is the
# same as in the C locale, and LC_ALL=C still gives English.
# usage: french_output.sh ARCPROBE CHECK_AZURE_ARC ARC_SIM BUILD_LOCALEDIR
set -euo pipefail
CLI=$1 CHECK=$2 SIM=$3 BUILD_LOCALEDIR=$4
source "$(dirname "$0")/../integration/sim_lib.sh"

# A private French locale: nothing system-wide changes. localedef ships with
# libc-bin; the fr_FR source it compiles comes with the Debian package locales.
if ! command -v localedef >/dev/null; then
    echo "SKIP: localedef is not available"
    exit 77
fi
LOCALES=$(mktemp -d /tmp/arcprobe-l10n.XXXXXX)
trap 'rm -rf "$LOCALES"' EXIT
if [ ! -e /usr/share/i18n/locales/fr_FR ]; then
    echo "FAIL: /usr/share/i18n/locales/fr_FR is missing: install the Debian package 'locales'"
    exit 1
fi
# exit status 1 only means warnings; the locale is usable if it was written
localedef -i fr_FR -f UTF-8 "$LOCALES/fr_FR.UTF-8" >"$LOCALES/localedef.log" 2>&1 || true
if [ ! -e "$LOCALES/fr_FR.UTF-8/LC_MESSAGES" ]; then
    cat "$LOCALES/localedef.log"
    echo "FAIL: localedef could not build fr_FR.UTF-8"
    exit 1
fi
export LOCPATH=$LOCALES
# sanitizer builds: glibc's own gettext allocations are not ours to report
export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$(cd "$(dirname "$0")" && pwd)/lsan.supp:print_suppressions=0"
export ARCPROBE_LOCALEDIR=$BUILD_LOCALEDIR
unset LANGUAGE LC_ALL LC_MESSAGES LC_NUMERIC LANG
fr() { LC_ALL=fr_FR.UTF-8 "$@"; }
en() { LC_ALL=C "$@"; }

# The locale itself must be live, or a French run would prove nothing
# about decimal points.
expect "fr_FR.UTF-8 decimal point (locale works)" "$(fr locale decimal_point 2>&1)" ","

sim_start "$SIM" --scenario disconnected
trap 'sim_stop; rm -rf "$LOCALES"' EXIT
ARGS=(-C "$SIM_CONF" -t 10)

first_line() { printf '%s\n' "$1" | head -1; }
perf_shape() { # perfdata with every number replaced by N: labels, units, thresholds, '.' stay
    # (a value's sign is data too: clock_skew near 0 may be either)
    first_line "$1" | sed 's/^[^|]*| //' | sed -E 's/[0-9]+(\.[0-9]+)?/N/g; s/=-N/=N/g'
}

# ---- check_azure_arc, agent Disconnected (CRITICAL) ----
fr_out=$(fr "$CHECK" "${ARGS[@]}" -v) && fr_rc=0 || fr_rc=$?
en_out=$(en "$CHECK" "${ARGS[@]}" -v) && en_rc=0 || en_rc=$?
expect "check_azure_arc fr exit status" "$fr_rc" 2
expect "check_azure_arc C exit status" "$en_rc" 2
expect_match "fr status line keeps the 'ARC CRITICAL - ' prefix" "$(first_line "$fr_out")" '^ARC CRITICAL - agent: '
expect_match "fr summary is French" "$(first_line "$fr_out")" 'agent Disconnected, dernière pulsation il y a 40 min'
expect_match "fr long output has the French remedy" "$fr_out" "solution : exécutez 'azcmagent check'"
expect_match "fr long output: himds line in French" "$fr_out" "himds: OK - himds en cours d'exécution"
expect "fr perfdata = C perfdata (labels, units, thresholds, '.')" "$(perf_shape "$fr_out")" "$(perf_shape "$en_out")"
fr_perf=$(first_line "$fr_out" | sed 's/^[^|]*| //')
expect_match "fr perfdata present" "$fr_perf" "^himds_latency=[0-9]+(\.[0-9]+)?s;;;0 heartbeat_age=2400s;900;1800;0 "
if [[ $fr_perf =~ [0-9],[0-9] ]]; then
    expect "fr perfdata has no decimal comma" "$fr_perf" "(no N,N)"
else
    expect "fr perfdata has no decimal comma" ok ok
fi
expect_match "C summary is English" "$(first_line "$en_out")" '^ARC CRITICAL - agent: agent Disconnected, last heartbeat 40 min ago'
if [[ $en_out == *dernière* || $en_out == *"l'agent"* ]]; then
    expect "C output has no French" "$en_out" "(English only)"
else
    expect "C output has no French" ok ok
fi

# LANG alone (no LC_ALL) selects French too; LANGUAGE is honoured by gettext
lang_out=$(LANG=fr_FR.UTF-8 "$CHECK" "${ARGS[@]}") || true
expect_match "LANG=fr_FR.UTF-8 gives French" "$(first_line "$lang_out")" '^ARC CRITICAL - agent: agent Disconnected, dernière pulsation'

# help, usage errors and configuration errors
help_out=$(fr "$CHECK" --help) && help_rc=0 || help_rc=$?
expect "fr --help exit status" "$help_rc" 3
expect_match "fr --help is French" "$help_out" 'Seuils \(plages monitoring-plugins, voir plus bas\)'
bad_out=$(fr "$CHECK" --bogus) && bad_rc=0 || bad_rc=$?
expect "fr unknown option exit status" "$bad_rc" 3
expect "fr unknown option message" "$(first_line "$bad_out")" "ARC UNKNOWN - option inconnue '--bogus'"
bad_out=$(fr "$CHECK" "${ARGS[@]}" --set timeout=abc) || true
expect "fr configuration error from the core" "$(first_line "$bad_out")" \
    "ARC UNKNOWN - paramètre timeout non valide : timeout : 'abc' n'est pas un nombre de secondes (0 à 3600)"
bad_out=$(en "$CHECK" "${ARGS[@]}" --set timeout=abc) || true
expect "C configuration error stays English" "$(first_line "$bad_out")" \
    "ARC UNKNOWN - invalid setting timeout: timeout: 'abc' is not a number of seconds (0 to 3600)"

# ---- arcprobe CLI table ----
fr_tab=$(fr "$CLI" "${ARGS[@]}" --color=never) && fr_rc=0 || fr_rc=$?
en_tab=$(en "$CLI" "${ARGS[@]}" --color=never) && en_rc=0 || en_rc=$?
expect "arcprobe fr exit status" "$fr_rc" 2
expect "arcprobe C exit status" "$en_rc" 2
expect_match "fr table heading line" "$(first_line "$fr_tab")" '^Agent Azure Arc : CRITICAL  \(sondé le [0-9-]+ [0-9:]+ en [0-9]+\.[0-9]{2} s\)$'
expect_match "fr table columns" "$fr_tab" $'\nCOMPOSANT  ÉTAT      DÉTAIL\n'
expect_match "fr table agent row (state word untranslated)" "$fr_tab" $'\nagent      CRITICAL  agent Disconnected, dernière pulsation il y a 40 min'
expect_match "fr table detail label" "$fr_tab" $'\n {21}région +westeurope dans AzureCloud\n'
expect_match "C table heading line" "$(first_line "$en_tab")" '^Azure Arc agent: CRITICAL  \(probed [0-9-]+ [0-9:]+ in [0-9]+\.[0-9]{2} s\)$'
expect_match "C table columns" "$en_tab" $'\nCOMPONENT  STATE     DETAIL\n'
fr_help=$(fr "$CLI" --help)
expect_match "arcprobe fr --help" "$fr_help" 'affiche le rapport en JSON'

# ---- AZCM catalog text and an endpoint failure (class names stay English) ----
sim_scenario azcm-error
# the simulator's certificate does not name broken.invalid: a deterministic tls_other
# (connect_to sends it to the simulator; the name is never looked up)
BROKEN=(--set endpoints=https://broken.invalid/ --set "connect_to=broken.invalid:443:127.0.0.1:$SIM_TLS_PORT")
fr_tab=$(fr "$CLI" "${ARGS[@]}" --color=never -k azcm,endpoints "${BROKEN[@]}") || true
expect_match "fr AZCM meaning from the catalog" "$fr_tab" $'\n {21}sens      L\'agent n\'a pas pu joindre un ou plusieurs des services Azure dont il dépend\\.\n'
# one remedy: the diagnosis' (more precise than the catalog's for the code)
expect_match "fr AZCM remedy from the diagnosis" "$fr_tab" "solution  corrigez la résolution de noms de gbl.his.arc.azure.com"
expect_match "fr endpoint summary (plural form)" "$fr_tab" '1 point de terminaison sur 1 injoignable : broken\.invalid \(tls_other\)'
expect_match "fr endpoint row keeps the class name" "$fr_tab" $'\n  broken\\.invalid +always +CRITICAL +tls_other '
expect_match "fr endpoint remedy" "$fr_tab" 'solution  la négociation TLS a échoué'
fr_chk=$(fr "$CHECK" "${ARGS[@]}" --check azcm) || true
expect_match "check_azure_arc fr AZCM summary keeps 'ARC WARNING - '" "$(first_line "$fr_chk")" \
    "^ARC WARNING - azcm: AZCM0026 Network Error le [0-9TZ:-]+ \(il y a [0-9]+ (s|min)\) dans himds\.log : L'agent n'a pas pu joindre"

# ---- JSON: machines get the same document whatever the locale ----
fr "$CLI" "${ARGS[@]}" --json -k all "${BROKEN[@]}" >"$SIM_DIR/fr.json" || true
en "$CLI" "${ARGS[@]}" --json -k all "${BROKEN[@]}" >"$SIM_DIR/en.json" || true
json_diff=$(python3 - "$SIM_DIR/fr.json" "$SIM_DIR/en.json" <<'PY'
import json, re, sys
fr, en = (json.load(open(p)) for p in sys.argv[1:3])
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
walk(fr, en, "$")
if not fr.get("endpoints"):
    diffs.append("no endpoints in the report")
print("\n".join(diffs) if diffs else "same")
PY
)
expect "fr JSON = C JSON (keys, types, enum values, English text)" "$json_diff" same
expect "fr JSON endpoint class" "$(json_get "$SIM_DIR/fr.json" 'r["endpoints"][0]["class"]')" tls_other
expect "fr JSON azcm meaning is English" "$(json_get "$SIM_DIR/fr.json" 'r["azcm"]["meaning"]')" \
    "The agent could not reach one or more Azure services it depends on."
expect_match "fr JSON numbers use '.'" "$(grep -o '"duration_s": *[0-9][0-9.,]*[0-9]' "$SIM_DIR/fr.json")" '^"duration_s": *[0-9]+(\.[0-9]+)?$'

finish
