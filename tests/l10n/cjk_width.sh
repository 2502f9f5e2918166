#!/bin/bash
# Korean and Japanese on a terminal: the arcprobe table lines up by display
# width (two columns a character), a byte limit that falls inside a
# character cuts before it, and check_azure_arc's 8 KiB cut leaves valid
# UTF-8. Runs against catalogs this script writes (wide headings and labels,
# a cause longer than the report's 512-byte field), so it does not depend on
# how the real translations happen to be worded; the real ko and ja catalogs
# are checked the same way when the build has them.
# usage: cjk_width.sh ARCPROBE CHECK_AZURE_ARC ARC_SIM BUILD_LOCALEDIR
set -euo pipefail
CLI=$1 CHECK=$2 SIM=$3 BUILD_LOCALEDIR=$4
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/../integration/sim_lib.sh"
source "$HERE/locale_lib.sh"

l10n_locales_init
trap 'l10n_locales_cleanup' EXIT
l10n_locale ko_KR.UTF-8
l10n_locale ja_JP.UTF-8

# 200 characters of three bytes each: copied into a 512-byte field, the
# 511-byte limit falls inside the 171st character.
KO_LONG=$(python3 -c 'print("가나다라마바사아자차" * 20)')
JA_LONG=$(python3 -c 'print("あいうえおかきくけこ" * 20)')
catalog_header() { # catalog_header LANG
    printf '%s\n' 'msgid ""' 'msgstr ""' '"MIME-Version: 1.0\n"' \
        '"Content-Type: text/plain; charset=UTF-8\n"' '"Content-Transfer-Encoding: 8bit\n"' \
        '"Plural-Forms: nplurals=1; plural=0;\n"' "\"Language: $1\\n\"" ''
}
catalog() { # catalog LANG: compiles the test catalog LANG into $L10N_LOCALES/catalogs
    local lang=$1 dir=$L10N_LOCALES/catalogs/$1/LC_MESSAGES
    mkdir -p "$dir"
    msgfmt --check --output-file="$dir/arcprobe.mo" "$L10N_LOCALES/$lang.po"
}
catalog_header ko >"$L10N_LOCALES/ko.po"
cat >>"$L10N_LOCALES/ko.po" <<EOF

msgid "COMPONENT"
msgstr "구성 요소"
msgid "STATE"
msgstr "상태"
msgid "DETAIL"
msgstr "세부 정보"
msgid "cause"
msgstr "원인"
msgid "remedy"
msgstr "해결 방법"
msgid "resource"
msgstr "리소스"
msgid "location"
msgstr "위치"
msgid "error"
msgstr "오류"
msgid "expiry"
msgstr "만료"
msgid "message"
msgstr "메시지"
msgid "meaning"
msgstr "의미"
msgid "cloud"
msgstr "클라우드"
msgid "not probed"
msgstr "검사하지 않은 항목"
msgid "ENDPOINT"
msgstr "엔드포인트 호스트"
msgid "NEEDED"
msgstr "필요 수준"
msgid "CLASS"
msgstr "분류"
msgid "the agent has not reached Azure since its last heartbeat"
msgstr "$KO_LONG"
EOF
catalog_header ja >"$L10N_LOCALES/ja.po"
cat >>"$L10N_LOCALES/ja.po" <<EOF

msgid "COMPONENT"
msgstr "コンポーネント"
msgid "STATE"
msgstr "状態"
msgid "DETAIL"
msgstr "詳細"
msgid "cause"
msgstr "原因"
msgid "remedy"
msgstr "対処方法の説明"
msgid "resource"
msgstr "リソース"
msgid "location"
msgstr "場所"
msgid "error"
msgstr "エラー"
msgid "expiry"
msgstr "有効期限"
msgid "message"
msgstr "メッセージ"
msgid "meaning"
msgstr "意味"
msgid "cloud"
msgstr "クラウド"
msgid "not probed"
msgstr "未確認"
msgid "ENDPOINT"
msgstr "エンドポイント"
msgid "NEEDED"
msgstr "必要性"
msgid "CLASS"
msgstr "分類"
msgid "DNS s"
msgstr "DNS 秒"
msgid "TOTAL s"
msgstr "合計 秒"
msgid "the agent has not reached Azure since its last heartbeat"
msgstr "$JA_LONG"
EOF
catalog ko
catalog ja

sim_start "$SIM" --scenario disconnected
trap 'sim_stop; l10n_locales_cleanup' EXIT
# broken.invalid: a deterministic tls_other from the simulator's endpoint
# (its certificate does not name it; the name is never looked up)
BROKEN=(--set endpoints=https://broken.invalid/,https://broken-too.invalid/
    --set "connect_to=broken.invalid:443:127.0.0.1:$SIM_TLS_PORT,broken-too.invalid:443:127.0.0.1:$SIM_TLS_PORT")
ARGS=(-C "$SIM_CONF" -t 30 -k all --color=never "${BROKEN[@]}")

# tr LANG LOCALE CATALOGS MSGID: the catalog's translation of MSGID
tr_msg() {
    LC_ALL=$2 TEXTDOMAINDIR=$3 gettext -d arcprobe -s "$4"
}

# table LANG LOCALE CATALOGS WHAT: the CLI's table under LOCALE lines up
table() {
    local lang=$1 locale=$2 catalogs=$3 what=$4 out=$SIM_DIR/table-$1-$4.txt rc=0
    LC_ALL=$locale ARCPROBE_LOCALEDIR=$catalogs "$CLI" "${ARGS[@]}" >"$out" || rc=$?
    expect "$lang ($what) arcprobe exit status" "$rc" 2
    local labels=() l
    for l in cause remedy resource location error expiry message meaning cloud "not probed"; do
        labels+=("$(tr_msg "$lang" "$locale" "$catalogs" "$l")")
    done
    local state endpoint
    state=$(tr_msg "$lang" "$locale" "$catalogs" STATE)
    endpoint=$(tr_msg "$lang" "$locale" "$catalogs" ENDPOINT)
    if python3 "$HERE/table_columns.py" "$out" "$state" "$endpoint" "${labels[@]}" >"$out.check"; then
        expect "$lang ($what) table columns line up by display width ($(tail -1 "$out.check"))" ok ok
    else
        cat "$out"
        grep -v '^ok' "$out.check" || true
        expect "$lang ($what) table columns line up by display width" "$(tail -1 "$out.check")" "0 failed"
    fi
}

# kept LONG FILE: how many characters of LONG the file holds in one run
kept() {
    python3 - "$1" "$2" <<'PY'
import sys
long, path = sys.argv[1], sys.argv[2]
text = open(path, "rb").read().decode("utf-8", errors="replace")
n = len(long)
while n and long[:n] not in text:
    n -= 1
# a dangling byte after the kept characters decodes as U+FFFD
print(n, "broken" if "\ufffd" in text else "whole")
PY
}

for lang in ko ja; do
    locale=${lang}_$([ "$lang" = ko ] && echo KR || echo JP).UTF-8
    long_var=${lang^^}_LONG
    table "$lang" "$locale" "$L10N_LOCALES/catalogs" test-catalog
    # 511 bytes of room: 170 whole characters, never 170 and a third
    expect "$lang cause cut at a character boundary (characters kept, bytes whole)" \
        "$(kept "${!long_var}" "$SIM_DIR/table-$lang-test-catalog.txt")" "170 whole"
    if [ -e "$BUILD_LOCALEDIR/$lang/LC_MESSAGES/arcprobe.mo" ]; then
        table "$lang" "$locale" "$BUILD_LOCALEDIR" real-catalog
    fi
done

# ---- check_azure_arc: more than 8 KiB of Japanese long output ----
# Forty failing endpoints at -vv give more lines than Nagios keeps: whole
# lines go, the cut text stays valid UTF-8 and within 8191 bytes.
hosts=() maps=()
for i in $(seq -w 1 40); do
    hosts+=("https://broken-$i.invalid/")
    maps+=("broken-$i.invalid:443:127.0.0.1:$SIM_TLS_PORT")
done
MANY=(--set "endpoints=$(IFS=,; echo "${hosts[*]}")" --set "connect_to=$(IFS=,; echo "${maps[*]}")")
out=$SIM_DIR/check-ja.txt
rc=0
LC_ALL=ja_JP.UTF-8 ARCPROBE_LOCALEDIR=$L10N_LOCALES/catalogs "$CHECK" -C "$SIM_CONF" -t 60 -vv \
    "${MANY[@]}" >"$out" || rc=$?
expect "check_azure_arc ja exit status" "$rc" 2
bytes=$(wc -c <"$out")
if [ "$bytes" -le 8191 ] && [ "$bytes" -ge 7000 ]; then
    expect "check_azure_arc ja output fills but keeps the limit ($bytes bytes)" ok ok
else
    expect "check_azure_arc ja output size within 7000..8191" "$bytes" "7000..8191"
fi
expect_match "check_azure_arc ja output was cut (marker line)" "$(tail -1 "$out")" \
    '^\.\.\. [0-9]+ more lines? cut to fit 8191 bytes$'
expect "check_azure_arc ja cause: whole characters only" "$(kept "$JA_LONG" "$out")" "170 whole"
if python3 -c 'import sys; open(sys.argv[1], "rb").read().decode("utf-8")' "$out" 2>/dev/null; then
    expect "check_azure_arc ja output is valid UTF-8" ok ok
else
    expect "check_azure_arc ja output is valid UTF-8" invalid ok
fi
expect_match "check_azure_arc ja keeps the 'ARC CRITICAL - ' prefix" "$(head -1 "$out")" '^ARC CRITICAL - '

# An argument echoed in an error is cut to the message's 64 bytes: "--" and
# 62 bytes of Korean are 20 characters and two thirds of one.
bogus=--$KO_LONG
out=$SIM_DIR/bogus-ko.txt
LC_ALL=ko_KR.UTF-8 ARCPROBE_LOCALEDIR=$L10N_LOCALES/catalogs "$CHECK" "$bogus" >"$out" || true
expect "check_azure_arc echoes a Korean argument cut between characters" \
    "$(kept "$KO_LONG" "$out")" "20 whole"

finish
