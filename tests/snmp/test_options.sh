#!/bin/bash
# snmp.options: the command line of arcprobe-agentx (no daemons needed).
. "$(dirname "$0")/lib.sh"

run() { # run EXPECTED_STATUS ARGS...: output in $WORK/out
    local want=$1 rc=0
    shift
    timeout 20 "$AGENTX" "$@" >"$WORK/out" 2>&1 || rc=$?
    [ $rc -eq "$want" ] || fail "arcprobe-agentx $*: status $rc, want $want: $(cat "$WORK/out")"
}
expect_output() {
    grep -q -- "$1" "$WORK/out" || fail "output lacks '$1': $(cat "$WORK/out")"
}

run 0 --help
expect_output "Usage: arcprobe-agentx"
expect_output "--ping-interval"
run 0 -h
run 0 -V
expect_output "^arcprobe-agentx [0-9]"
run 2 --no-such-option
expect_output "unknown option"
run 2 --interval 0
expect_output "interval"
run 2 --interval 5x
run 2 --ping-interval -1
run 2 -x ""
run 2 --set novalue
expect_output "KEY=VALUE"
run 2 stray-argument
expect_output "unexpected argument"
run 2 --config
expect_output "needs a value"

# A named config file that is missing is an error naming the file.
run 1 -f --config "$WORK/missing.conf" -x "$WORK/none.sock"
expect_output "missing.conf"
# A bad key in --set is refused with the core's message.
printf 'timeout = 5\n' >"$WORK/ok.conf"
run 1 -f --config "$WORK/ok.conf" --set no_such_key=1 -x "$WORK/none.sock"
expect_output "no_such_key"
echo "ok: options"
