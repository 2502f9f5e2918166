#!/bin/bash
# integration.net_module: the network side (libcurl, OpenSSL, libsystemd)
# is a module loaded on first need (plugins/probe/net_module_load.c).
# - A log-only run (arcprobe --check azcm, check_azure_arc --check azcm)
#   maps none of those libraries: the dynamic loader says which objects it
#   opened (LD_DEBUG=files).
# - A run that needs them loads the module and answers as before.
# - A missing or wrong module (ARCPROBE_NET_MODULE) makes the checks that
#   needed it UNKNOWN with the reason, the log check still answers, and
#   nothing crashes.
# usage: net_module.sh ARCPROBE CHECK_AZURE_ARC ARC_SIM LIBARCPROBE
set -u
CLI=$1 CHECK=$2 CORE=$4
. "$(dirname "$0")/sim_lib.sh"
sim_start "$3"

# the objects the dynamic loader opened for a command, one per line
opened() { LD_DEBUG=files "$@" 2>&1 >/dev/null | sed -n 's/.*file=\([^ ]*\) .*/\1/p' | sort -u; }
net_libs='arcprobe-net\.so|libcurl\.so|libssl\.so|libcrypto\.so|libsystemd\.so'

libs=$(opened "$CLI" --config "$SIM_CONF" --check azcm)
expect "arcprobe --check azcm maps no network library" \
    "$(grep -E "$net_libs" <<<"$libs" | tr '\n' ' ')" ""
libs=$(opened "$CHECK" -C "$SIM_CONF" --check azcm)
expect "check_azure_arc --check azcm maps no network library" \
    "$(grep -E "$net_libs" <<<"$libs" | tr '\n' ' ')" ""
# the control: the same loader trace does see them when a check needs them
libs=$(opened "$CLI" --config "$SIM_CONF" --check himds)
expect "arcprobe --check himds loads the module" "$(grep -c 'arcprobe-net\.so' <<<"$libs")" 1
expect "arcprobe --check himds maps libcurl" "$(grep -c 'libcurl\.so' <<<"$libs")" 1

"$CLI" --config "$SIM_CONF" --json >"$SIM_DIR/all.json"
expect "with the module: himds answers" "$(json_get "$SIM_DIR/all.json" 'r["himds"]["state"]')" OK
expect "with the module: the agent answers" "$(json_get "$SIM_DIR/all.json" 'r["agent"]["state"]')" OK

# a missing module, an empty file, a shared object that is not the module
: >"$SIM_DIR/empty.so"
for module in "$SIM_DIR/missing.so" "$SIM_DIR/empty.so" "$CORE"; do
    name=${module##*/}
    ARCPROBE_NET_MODULE=$module "$CLI" --config "$SIM_CONF" --json >"$SIM_DIR/out.json" 2>"$SIM_DIR/err"
    status=$?
    # the log check is OK in this scenario: the worst is the UNKNOWN below
    expect "$name: a report, exit UNKNOWN, no crash" "$status" 3
    expect "$name: nothing on stderr" "$(cat "$SIM_DIR/err")" ""
    for c in himds agent endpoint_summary; do
        expect "$name: $c UNKNOWN" "$(json_get "$SIM_DIR/out.json" "r['$c']['state']")" UNKNOWN
        expect_match "$name: $c says why" "$(json_get "$SIM_DIR/out.json" "r['$c']['text']")" \
            "^not probed: .*(cannot load the network module|is not arcprobe's network module)"
    done
    expect_match "$name: the reason names the file" \
        "$(json_get "$SIM_DIR/out.json" 'r["himds"]["text"]')" "${module//./\\.}"
    for c in himds endpoint_summary; do
        expect_match "$name: $c has the remedy" \
            "$(json_get "$SIM_DIR/out.json" "r['$c']['remedy']")" "reinstall"
    done
    expect_match "$name: the endpoints finding has the remedy" \
        "$(json_get "$SIM_DIR/out.json" '[f["remedy"] for f in r["findings"] if f["component"] == "endpoints"][0]')" \
        "reinstall"
    expect "$name: the log check still answers" \
        "$(json_get "$SIM_DIR/out.json" 'r["azcm"]["state"]')" \
        "$(json_get "$SIM_DIR/all.json" 'r["azcm"]["state"]')"
done

ARCPROBE_NET_MODULE=$SIM_DIR/missing.so "$CLI" --config "$SIM_CONF" --check himds >/dev/null 2>&1
expect "missing module: arcprobe --check himds exits UNKNOWN" $? 3
line=$(ARCPROBE_NET_MODULE=$SIM_DIR/missing.so "$CHECK" -C "$SIM_CONF" --check himds,agent)
status=$?
expect "missing module: check_azure_arc exits UNKNOWN" $status 3
expect_match "missing module: check_azure_arc says why" "$(head -1 <<<"$line")" \
    "^ARC UNKNOWN - .*not probed: cannot load the network module"
finish
