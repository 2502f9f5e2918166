#!/bin/bash
# snmp.sanitize: text that came from the agent's logs reaches SNMP without
# control characters or '|', and an unknown AZCM code is still reported.
. "$(dirname "$0")/lib.sh"

start_sim --scenario connected
start_snmpd
start_agentx
wait_probes 1
expect_value "$OBJ.4.3.0" AZCM0000 "arcprobeAzcmLastCodeName before the hostile line"

# A hostile, newer line: ESC sequences, BEL, TAB, DEL, '|', a C1 control
# (U+009B, CSI) and a byte that is not UTF-8.
now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
printf 'time="%s" level=error msg="AZCM0099: evil \033[31mred\033[0m | pipe \a bell \t tab \177 del \302\233 csi \377 end"\n' \
    "$now" >>"$SIM_DIR/agent/log/azcmagent.log"

n=$(snmp_get "$OBJ.1.6.0")
wait_probes $((n + 2))
expect_value "$OBJ.4.2.0" 99 "arcprobeAzcmLastCode of the hostile line"
expect_value "$OBJ.4.6.0" "unknown code" "arcprobeAzcmMeaning of an unknown code"

hex=$(snmpget -v2c -c public -t 1 -r 0 -On -Oqv -Ox "127.0.0.1:$SNMPD_PORT" "$OBJ.4.5.0" | tr -d '"\n')
read -ra bytes <<<"$hex"
[ ${#bytes[@]} -gt 20 ] || fail "arcprobeAzcmMessage is too short: $hex"
text=""
prev=""
for b in "${bytes[@]}"; do
    v=$((16#$b))
    if [ $v -lt 32 ] || [ $v -eq 127 ] || [ "$b" = 7C ]; then
        fail "arcprobeAzcmMessage carries byte 0x$b: $hex"
    fi
    if [ "$prev" = C2 ] && [ $v -ge 128 ] && [ $v -lt 160 ]; then
        fail "arcprobeAzcmMessage carries the C1 control C2 $b: $hex"
    fi
    [ "$b" = FF ] && fail "arcprobeAzcmMessage carries an invalid UTF-8 byte: $hex"
    prev=$b
    [ $v -lt 128 ] && text+=$(printf "\\x$b")
done
[[ "$text" == *"AZCM0099: evil"*"red"*"pipe"*"bell"*"tab"*"del"*"csi"*"end"* ]] ||
    fail "arcprobeAzcmMessage lost its words: '$text'"
echo "ok: arcprobeAzcmMessage is clean: '$text'"

stop_agentx
echo PASS
