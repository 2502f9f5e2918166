#!/bin/bash
# integration.azcm_unknown_code: an AZCM code the catalog does not know is
# reported as "unknown code" and still carries the core's remedy, which the
# CLI (JSON and table) and check_azure_arc show where they show a known
# code's remedy (AZCM0070, first). Lines with no known failure message, so
# that the remedy is the code's and not a diagnosis'.
# usage: azcm_unknown_code.sh ARCPROBE_CLI CHECK_AZURE_ARC ARC_SIM
set -u
cli=$1 plugin=$2
. "$(dirname "$0")/sim_lib.sh"
sim_start "$3"
out=$SIM_DIR/out.json
export LC_ALL=C LANGUAGE=

# remedy_everywhere LABEL CODE: every front end shows the report's remedy
remedy_everywhere() {
    local label=$1 code=$2
    "$cli" --config "$SIM_CONF" --check azcm --json >"$out"
    expect "$label: JSON code" "$(json_get "$out" 'r["azcm"]["code"]')" "$code"
    local remedy
    remedy=$(json_get "$out" 'r["azcm"]["remedy"]')
    expect_match "$label: JSON remedy is not empty" "$remedy" '^[A-Z].{20,}'
    expect "$label: JSON code_remedy is the remedy" "$(json_get "$out" 'r["azcm"]["code_remedy"]')" "$remedy"
    expect "$label: JSON finding carries the remedy" \
        "$(json_get "$out" '[f["remedy"] for f in r["findings"] if f["component"] == "azcm"][0]')" "$remedy"
    # the table folds long details: compare without line breaks and indentation
    local table
    table=$("$cli" --config "$SIM_CONF" --check azcm --color=never | tr -s ' \n' ' ')
    expect_match "$label: table shows the remedy" "$table" "remedy $(printf '%s' "${remedy:0:40}" | sed 's/[][\.*^$()+?{}|]/\\&/g')"
    local nagios
    nagios=$("$plugin" -C "$SIM_CONF" --check azcm -v)
    expect_match "$label: check_azure_arc shows the remedy" "$nagios" "remedy: $(printf '%s' "${remedy:0:40}" | sed 's/[][\.*^$()+?{}|]/\\&/g')"
    REMEDY=$remedy
}

# Connected: the logs hold no known failure message a diagnosis could come from.
log=$SIM_DIR/agent/log/himds.log
printf 'time="%s" level=error msg="AZCM0070: Agent Service Unavailable"\n' \
    "$(date -u -d '-1 min' +%Y-%m-%dT%H:%M:%SZ)" >>"$log"
remedy_everywhere "known code" AZCM0070

# A newer line with a code no catalog entry covers.
printf 'time="%s" level=error msg="AZCM0099: Brand New Failure"\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >>"$log"
remedy_everywhere "unknown code" AZCM0099
expect "unknown code: meaning" "$(json_get "$out" 'r["azcm"]["meaning"]')" "unknown code"
expect "unknown code: known" "$(json_get "$out" 'r["azcm"]["known"]')" False
expect_match "unknown code: remedy names the guide" "$REMEDY" "troubleshoot-agent-onboard"
expect_match "unknown code: remedy names azcmagent check" "$REMEDY" "'azcmagent check'"
finish
