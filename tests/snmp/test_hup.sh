#!/bin/bash
# snmp.hup: SIGHUP (logrotate's postrotate, `systemctl kill -s HUP`) makes
# arcprobe-agentx reopen its -Lf log file and go on serving. By default the
# signal would end it, and systemd's Restart=on-failure does not restart a
# service that SIGHUP ended.
. "$(dirname "$0")/lib.sh"

start_sim --scenario connected
start_snmpd
start_agentx -Lf "$WORK/file.log"
wait_probes 1
grep -q 'started: probing' "$WORK/file.log" || fail "no start line in the -Lf file"

# Rotate as logrotate does: rename, then signal.
mv "$WORK/file.log" "$WORK/file.log.1"
kill -HUP "$AGENTX_PID"
wait_until 10 "the -Lf file to be reopened" grep -q 'SIGHUP: log reopened' "$WORK/file.log"
kill -0 "$AGENTX_PID" 2>/dev/null || fail "arcprobe-agentx ended on SIGHUP"
if grep 'SIGHUP' "$WORK/file.log.1"; then fail "the reopen line went to the rotated file"; fi
echo "ok: SIGHUP reopened the log file"

n=$(snmp_get "$OBJ.1.6.0")
wait_probes $((n + 1))
echo "ok: still probing and serving after SIGHUP"

stop_agentx
grep -q 'stopping' "$WORK/file.log" || fail "the stop line is not in the new file"
echo PASS
