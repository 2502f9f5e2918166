#!/bin/bash
# integration.first_line: the first line of an alert fits a pager or a chat
# message (issue 18 item 6): check_azure_arc's status line (before the
# perfdata) and the JSON summary stay within ~200 characters for every
# simulator scenario, and for a machine with no agent whose endpoints all
# fail to resolve (the 677-character SERVICE ALERT of the issue).
# usage: first_line.sh CHECK_AZURE_ARC ARCPROBE ARC_SIM
set -u
CHECK=$1 CLI=$2
. "$(dirname "$0")/sim_lib.sh"
sim_start "$3"

# "ARC CRITICAL - " plus the core's summary (ARCP_SUMMARY_MAX = 200 bytes)
ARC_PREFIX_MAX="ARC CRITICAL - "
LIMIT=$((200 + ${#ARC_PREFIX_MAX}))

status_line() { "$CHECK" -C "$SIM_CONF" -t 10 "$@" | head -1 | sed 's/ | .*//'; }
summary() {
    "$CLI" --config "$SIM_CONF" --json "$@" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["summary"])'
}
check() { # check NAME [options...]
    local name=$1
    shift
    local line sum
    line=$(status_line "$@")
    sum=$(summary "$@")
    echo "     $name: ${#line} characters: $line"
    if [ "${#line}" -le "$LIMIT" ]; then echo "ok   - $name: status line ${#line} <= $LIMIT"; else
        echo "FAIL - $name: status line ${#line} > $LIMIT"; FAILURES=$((FAILURES + 1)); fi
    if [ "${#sum}" -le 200 ]; then echo "ok   - $name: summary ${#sum} <= 200"; else
        echo "FAIL - $name: summary ${#sum} > 200"; FAILURES=$((FAILURES + 1)); fi
}

scenarios=$("$3" --help 2>&1 | sed -n 's/.*initial scenario (default connected): //p')
[ -n "$scenarios" ] || { echo "FAIL - no scenario list from arc-sim --help"; exit 1; }
n=0
for s in $scenarios; do
    sim_scenario "$s"
    check "$s"
    n=$((n + 1))
done
# The heartbeat's age and the expiry countdown make the agent's line longer:
# every scenario again with /agentstatus serving its unconfirmed members.
sim_restart "$3" --agentstatus-extras
for s in $scenarios; do
    sim_scenario "$s"
    check "$s, with extras"
    n=$((n + 1))
done

# No agent, and no endpoint resolves: twelve names under .invalid (RFC 6761).
eps=$(printf 'https://ep%02d.arcprobe-test.invalid/,' $(seq 12))
NOAGENT=(--set agent_dir=/nonexistent/azcmagent --set himds_url=http://127.0.0.1:1
    --set service_check=proc --set himds_process=no-such-himds --set "endpoints=${eps%,}"
    --set connect_to=)
check "no agent, every name unresolvable" "${NOAGENT[@]}"
out=$("$CLI" --config "$SIM_CONF" --json "${NOAGENT[@]}")
expect_match "no agent: the resolver named once" "$(python3 -c 'import json,sys
r = json.loads(sys.argv[1])
print([f["text"] for f in r["findings"] if f["component"] == "endpoints"])' "$out")" "12 of 12 endpoints unreachable: DNS"
echo "$n scenario runs + 1 no-agent case"
finish
