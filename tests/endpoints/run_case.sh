#!/bin/bash
# One endpoint-engine scenario against real servers in a private network
# namespace: run_case.sh CASE (see the case list at the end).
set -euo pipefail
CASE=${1:?usage: run_case.sh CASE}
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/../integration/private_systemd.sh"

# The remedies the engine must give, word for word.
R_DNS="the name does not resolve: fix DNS on this machine (resolv.conf, the DNS server's forwarders, a private-link DNS zone that lacks the name)"
R_UNREACH="no route to the endpoint: check the default route and gateway, or configure the proxy the network requires (azcmagent config set proxy.url)"
R_REFUSED="the connection is actively refused: open the firewall for this URL on TCP 443, or fix a hosts/private-link entry that points to a wrong address"
R_TIMEOUT="no answer in time: a firewall or proxy silently drops the traffic; allow this URL through it (if the endpoint is only slow, raise endpoint_timeout)"
R_PROXY_403="the proxy blocks this URL (CONNECT answered 403): allow the URL in the proxy's rules"
R_PROXY_407="the proxy requires authentication (CONNECT answered 407): put the credentials into proxy.url or exempt the agent's URLs from proxy authentication"
R_PROXY_DOWN="the proxy itself cannot be reached: check proxy.url (azcmagent config get proxy.url) and that the proxy is running and reachable"
R_PROXY_UPSTREAM="the proxy could not reach the endpoint: check the proxy's own DNS and outbound firewall for this URL"
R_TLS_UNTRUSTED="the certificate chain is not from a trusted CA, typically a TLS-inspecting proxy or firewall: exempt the Azure Arc URLs from TLS inspection or add the inspection CA to the system trust store"
R_TLS_OTHER="the TLS handshake failed (expired or mismatched certificate, protocol or cipher refused): check the system clock and any device on the path that terminates TLS"
R_DNS_SILENT="the DNS server does not answer: check the nameservers in /etc/resolv.conf (or systemd-resolved's upstream servers) and that this machine may reach them on port 53"
R_NOT_PROBED="the probe's deadline ran out before this endpoint was tried to the end: raise timeout or lower endpoint_timeout"

CA=$TLS_FIXTURES/ca.pem
mkdir -p "$T/agent"
# Most cases need a healthy server for *.ep.test signed by the test CA.
make_cert good "$CA" "$TLS_FIXTURES/ca.key" 2
# systemd's configuration is read from an empty tree of the test's own (see
# lib.sh for the system bus): the machine's DefaultEnvironment stays out.
mkdir -p "$T/root"
COMMON=(agent_dir="$T/agent" ca_file="$CA" timeout=5 systemd_root="$T/root")

case_ok() {
    start_server good "$T/good.pem" "$T/good.key"
    add_host ok.ep.test 127.0.0.1
    add_host ok2.ep.test 127.0.0.1
    drive "${COMMON[@]}" endpoints="https://ok.ep.test:$PORT/ install:https://OK2.ep.test:$PORT/some/path"
    check state=OK "text=2 endpoints reachable" count=2 failed=0 his_source=config proxy_source=none \
        "@ok.ep.test:$PORT/class=ok" "@ok.ep.test:$PORT/state=OK" "@ok.ep.test:$PORT/http_status=200" \
        "@ok.ep.test:$PORT/required=always" "@ok.ep.test:$PORT/remedy=" "@ok.ep.test:$PORT/proxy=" \
        "@ok.ep.test:$PORT/tls_version=TLSv1.3" "@ok.ep.test:$PORT/url=https://ok.ep.test:$PORT/" \
        "@ok.ep.test:$PORT/dns_s>-1" "@ok.ep.test:$PORT/connect_s>0" "@ok.ep.test:$PORT/tls_s>0" \
        "@ok.ep.test:$PORT/ttfb_s>0" "@ok.ep.test:$PORT/total_s>0" \
        "@ok2.ep.test:$PORT/required=install" "@ok2.ep.test:$PORT/url=https://ok2.ep.test:$PORT/some/path"
    [ "$DRIVER_RC" = 0 ] || { echo "FAIL: exit status $DRIVER_RC, expected 0"; FAILED=1; }
    # proxies from the environment must not leak in: the probe goes the
    # agent's way (here: direct), not the way of whoever runs it
    (
        export https_proxy=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9 \
            ALL_PROXY=http://127.0.0.1:9 all_proxy=http://127.0.0.1:9
        drive "${COMMON[@]}" endpoints="https://ok.ep.test:$PORT/"
    )
    check state=OK "@ok.ep.test:$PORT/class=ok" "@ok.ep.test:$PORT/proxy="
}

case_nxdomain() {
    start_server good "$T/good.pem" "$T/good.key"
    add_host ok.ep.test 127.0.0.1
    drive "${COMMON[@]}" endpoints="https://ok.ep.test:$PORT/ https://nx.ep.test:$PORT/"
    check state=CRITICAL "text=1 of 2 endpoints unreachable: nx.ep.test:$PORT (dns_failure)" failed=1 \
        "@nx.ep.test:$PORT/class=dns_failure" "@nx.ep.test:$PORT/state=CRITICAL" \
        "@nx.ep.test:$PORT/remedy=$R_DNS" "@nx.ep.test:$PORT/detail~Could not resolve host" \
        "@nx.ep.test:$PORT/http_status=0" "@ok.ep.test:$PORT/class=ok"
    [ "$DRIVER_RC" = 2 ] || { echo "FAIL: exit status $DRIVER_RC, expected 2"; FAILED=1; }
}

case_noroute() {
    # The namespace has no route but loopback's.
    add_host noroute.ep.test 10.200.0.9
    drive "${COMMON[@]}" endpoints="https://noroute.ep.test/"
    check state=CRITICAL "text=1 of 1 endpoints unreachable: noroute.ep.test (network_unreachable)" \
        "@noroute.ep.test/class=network_unreachable" "@noroute.ep.test/remedy=$R_UNREACH" \
        "@noroute.ep.test/connect_s=null"
}

case_hostunreach() {
    # An "unreachable" route answers connect() with EHOSTUNREACH.
    ip -n "$NS" route add unreachable 10.201.0.0/16
    add_host unreach.ep.test 10.201.0.9
    drive "${COMMON[@]}" endpoints="https://unreach.ep.test/"
    check state=CRITICAL "@unreach.ep.test/class=network_unreachable" \
        "@unreach.ep.test/remedy=$R_UNREACH" "@unreach.ep.test/detail~Couldn't connect"
}

case_refused() {
    # Nothing listens on port 9 in a fresh namespace; a connect-only
    # endpoint down is a warning.
    add_host refused.ep.test 127.0.0.1
    drive "${COMMON[@]}" endpoints="connect:https://refused.ep.test:9/"
    check state=WARNING "text=1 of 1 endpoints unreachable: refused.ep.test:9 (refused)" \
        "@refused.ep.test:9/class=refused" "@refused.ep.test:9/state=WARNING" \
        "@refused.ep.test:9/required=connect" "@refused.ep.test:9/remedy=$R_REFUSED"
    [ "$DRIVER_RC" = 1 ] || { echo "FAIL: exit status $DRIVER_RC, expected 1"; FAILED=1; }
}

case_blackhole() {
    blackhole
    start_server good "$T/good.pem" "$T/good.key"
    add_host ok.ep.test 127.0.0.1
    drive "${COMMON[@]}" timeout=3 endpoints="https://bh.ep.test/ https://ok.ep.test:$PORT/"
    check state=CRITICAL "text=1 of 2 endpoints unreachable: bh.ep.test (timeout)" \
        "@bh.ep.test/class=timeout" "@bh.ep.test/remedy=$R_TIMEOUT" "@bh.ep.test/connect_s=null" \
        "@ok.ep.test:$PORT/class=ok" "elapsed_s<3.2" "elapsed_s>2.5"
}


case_dns_blackhole() {
    dead_resolver
    start_server good "$T/good.pem" "$T/good.key"
    add_host ok.ep.test 127.0.0.1
    # the endpoint's own limit runs out in the name lookup
    drive "${COMMON[@]}" timeout=3 endpoints="https://dead.ep.test/ https://ok.ep.test:$PORT/"
    check state=CRITICAL "text=1 of 2 endpoints unreachable: dead.ep.test (dns_failure)" \
        "@dead.ep.test/class=dns_failure" "@dead.ep.test/remedy=$R_DNS_SILENT" \
        "@dead.ep.test/detail~no answer from the DNS resolver within" "@dead.ep.test/dns_s=null" \
        "@ok.ep.test:$PORT/class=ok" "elapsed_s<3.5"
    # the probe's deadline comes first (endpoint_timeout longer than timeout)
    drive "${COMMON[@]}" timeout=2 endpoint_timeout=10 endpoints="https://dead.ep.test/"
    check state=CRITICAL "@dead.ep.test/class=dns_failure" "@dead.ep.test/remedy=$R_DNS_SILENT" \
        "elapsed_s<2.5"
    # the proxy's name is what does not resolve: the proxy is unreachable
    drive "${COMMON[@]}" timeout=2 proxy=http://deadproxy.ep.test:3128 \
        endpoints="https://ok.ep.test:$PORT/"
    check state=CRITICAL "@ok.ep.test:$PORT/class=proxy_unreachable" \
        "@ok.ep.test:$PORT/remedy=$R_PROXY_DOWN" "@ok.ep.test:$PORT/detail~deadproxy.ep.test" \
        "elapsed_s<2.5"
}

case_socks_nxdomain() {
    # A SOCKS proxy whose own name does not resolve is the proxy's fault;
    # an endpoint name that socks5 (local lookup) cannot resolve is DNS's.
    start_server good "$T/good.pem" "$T/good.key"
    add_host ok.ep.test 127.0.0.1
    drive "${COMMON[@]}" proxy=socks5h://nxproxy.ep.test:1080 endpoints="https://ok.ep.test:$PORT/"
    check state=CRITICAL "@ok.ep.test:$PORT/class=proxy_unreachable" \
        "@ok.ep.test:$PORT/remedy=$R_PROXY_DOWN"
    drive "${COMMON[@]}" proxy=socks5://nxproxy.ep.test:1080 endpoints="https://ok.ep.test:$PORT/"
    check state=CRITICAL "@ok.ep.test:$PORT/class=proxy_unreachable"
}

# huge_header_server PORT [CERT KEY]: answers every request with a 1 MiB
# response header (TLS when a certificate is given)
huge_header_server() {
    ip netns exec "$NS" python3 - "$@" >"$T/huge-$1.log" 2>&1 <<'PY' &
import socket, ssl, sys
port = int(sys.argv[1])
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", port))
s.listen(16)
ctx = None
if len(sys.argv) > 3:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(sys.argv[2], sys.argv[3])
answer = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Big: " + b"a" * (1 << 20)
          + b"\r\nContent-Length: 2\r\n\r\n{}")
while True:
    c, _ = s.accept()
    try:
        if ctx:
            c = ctx.wrap_socket(c, server_side=True)
        c.recv(65536)
        c.sendall(answer)
    except Exception:
        pass
    finally:
        c.close()
PY
    EP_PIDS+=($!)
    wait_port "$1"
}

case_huge_header() {
    # libcurl's "Out of memory" for a header over 100 KiB must not reach
    # the user: an endpoint that sent a status line is reachable; himds
    # sending it gives an invalid answer with a clear text.
    huge_header_server 8443 "$T/good.pem" "$T/good.key"
    add_host big.ep.test 127.0.0.1
    drive "${COMMON[@]}" endpoints="https://big.ep.test:8443/"
    check "@big.ep.test:8443/class=ok" "*!~Out of memory"
    [ -n "${ARCPROBE_CLI:-}" ] || die "ARCPROBE_CLI must name the arcprobe binary"
    huge_header_server 8080
    local rc=0
    in_ns "$ARCPROBE_CLI" --check himds --json --set agent_dir="$T/agent" \
        --set himds_url=http://127.0.0.1:8080 --set service_check=none --set timeout=3 \
        --set state_dir="$T/state" >"$OUT" 2>"$T/cli.err" || rc=$?
    check "himds.text~a response header is larger than 100 KiB" "*!~Out of memory"
}

case_fresh_each_cycle() {
    # Three cycles in one process, as a long-running host runs them: the
    # libcurl state it keeps (for the parsed CA store) must not carry
    # anything that decides a result. Between the cycles the CA bundle is
    # replaced on disk (by one that did not sign the server, then back) and
    # a name moves to an address where nothing listens.
    make_ca other
    start_server good "$T/good.pem" "$T/good.key" --count-file "$T/accepted"
    add_host ok.ep.test 127.0.0.1
    add_host ok2.ep.test 127.0.0.1
    add_host moved.ep.test 127.0.0.1
    cp "$CA" "$T/bundle.pem"
    cat >"$T/between.sh" <<EOF
#!/bin/bash
set -e
echo "\$1 \$(cat "$T/accepted")" >>"$T/counts"
case \$1 in
2) cp "$T/other.pem" "$T/bundle.pem"
   # same inode: the namespace sees the hosts file through a bind mount
   sed 's/^127.0.0.1 moved.ep.test\$/127.0.0.9 moved.ep.test/' "$HOSTS" >"$T/hosts.new"
   cat "$T/hosts.new" >"$HOSTS" ;;
3) cp "$CA" "$T/bundle.pem" ;;
esac
EOF
    drive --cycles 3 --between "bash $T/between.sh" --cycle-out "$T/cycle" \
        "${COMMON[@]}" ca_file="$T/bundle.pem" \
        endpoints="https://ok.ep.test:$PORT/ https://ok2.ep.test:$PORT/ https://moved.ep.test:$PORT/"
    OUT=$T/cycle.1 check state=OK count=3 "@ok.ep.test:$PORT/class=ok" "@moved.ep.test:$PORT/class=ok"
    # the new bundle counts at once, and the moved name is looked up again
    OUT=$T/cycle.2 check state=CRITICAL "@ok.ep.test:$PORT/class=tls_untrusted" \
        "@ok2.ep.test:$PORT/class=tls_untrusted" \
        "@moved.ep.test:$PORT/class=refused"
    OUT=$T/cycle.3 check "@ok.ep.test:$PORT/class=ok" "@moved.ep.test:$PORT/class=refused"
    # every probe opened its own connection: 3 in cycle 1, 2 in cycle 2
    # (the moved name reaches nothing), 2 in cycle 3
    echo "end $(cat "$T/accepted")" >>"$T/counts"
    local want="2 3
3 5
end 7"
    if [ "$(cat "$T/counts")" != "$want" ]; then
        echo "FAIL: connections accepted before cycles 2, 3 and after 3:"
        cat "$T/counts"
        echo "expected:"
        echo "$want"
        FAILED=1
    fi
}

case_slow() {
    # Answers within its limit are OK however slow; the two run at once.
    start_server slow "$T/good.pem" "$T/good.key" --delay-ms 1500
    local slow_port=$PORT
    start_server slower "$T/good.pem" "$T/good.key" --delay-ms 4000
    local slower_port=$PORT
    add_host slow.ep.test 127.0.0.1
    add_host slower.ep.test 127.0.0.1
    drive "${COMMON[@]}" timeout=8 endpoint_timeout=2.5 \
        endpoints="https://slow.ep.test:$slow_port/ https://slower.ep.test:$slower_port/"
    check state=CRITICAL "text=1 of 2 endpoints unreachable: slower.ep.test:$slower_port (timeout)" \
        "@slow.ep.test:$slow_port/class=ok" "@slow.ep.test:$slow_port/http_status=200" \
        "@slow.ep.test:$slow_port/ttfb_s>1.45" "@slow.ep.test:$slow_port/total_s>1.45" \
        "@slower.ep.test:$slower_port/class=timeout" "@slower.ep.test:$slower_port/remedy=$R_TIMEOUT" \
        "@slower.ep.test:$slower_port/tls_s>0" "elapsed_s<3.2" "elapsed_s>2.4"
}

case_tls_unknown_ca() {
    make_ca inspection-ca
    make_cert rogue "$T/inspection-ca.pem" "$T/inspection-ca.key" 2
    start_server rogue "$T/rogue.pem" "$T/rogue.key"
    add_host inspected.ep.test 127.0.0.1
    drive "${COMMON[@]}" endpoints="https://inspected.ep.test:$PORT/"
    check state=CRITICAL "@inspected.ep.test:$PORT/class=tls_untrusted" \
        "@inspected.ep.test:$PORT/remedy=$R_TLS_UNTRUSTED" \
        "@inspected.ep.test:$PORT/detail~unable to get local issuer certificate" \
        "@inspected.ep.test:$PORT/http_status=0" "@inspected.ep.test:$PORT/tls_issuer=inspection-ca"
}

case_tls_inspection() {
    # A second CA nobody trusts stands for a TLS-inspecting proxy that
    # re-signs every endpoint: one finding names it, the rows point there.
    make_ca "Contoso Inspection CA"
    make_cert rogue "$T/Contoso Inspection CA.pem" "$T/Contoso Inspection CA.key" 2
    start_server rogue "$T/rogue.pem" "$T/rogue.key"
    add_host inspected.ep.test 127.0.0.1
    add_host inspected2.ep.test 127.0.0.1
    local sets=() kv
    for kv in "${COMMON[@]}" "endpoints=https://inspected.ep.test:$PORT/ https://inspected2.ep.test:$PORT/"; do
        sets+=(--set "$kv")
    done
    in_ns "$ARCPROBE_CLI" --check endpoints --json "${sets[@]}" >"$OUT" 2>"$T/cli.err" || true
    check "@inspected.ep.test:$PORT/class=tls_untrusted" \
        "@inspected.ep.test:$PORT/tls_issuer=Contoso Inspection CA" \
        "@inspected2.ep.test:$PORT/tls_issuer=Contoso Inspection CA" \
        "findings.0.text~TLS inspection by Contoso Inspection CA" "findings.0.endpoints=2" \
        "findings.0.cause~issued by Contoso Inspection CA"
}

case_tls_expired() {
    make_cert expired "$CA" "$TLS_FIXTURES/ca.key" -1
    start_server expired "$T/expired.pem" "$T/expired.key"
    add_host expired.ep.test 127.0.0.1
    drive "${COMMON[@]}" endpoints="https://expired.ep.test:$PORT/"
    check state=CRITICAL "@expired.ep.test:$PORT/class=tls_other" \
        "@expired.ep.test:$PORT/remedy=$R_TLS_OTHER" "@expired.ep.test:$PORT/detail~expired"
}

case_tls_wrong_name() {
    start_server good "$T/good.pem" "$T/good.key"
    add_host elsewhere.example.test 127.0.0.1
    drive "${COMMON[@]}" endpoints="https://elsewhere.example.test:$PORT/"
    check "@elsewhere.example.test:$PORT/class=tls_other" \
        "@elsewhere.example.test:$PORT/remedy=$R_TLS_OTHER" \
        "@elsewhere.example.test:$PORT/detail~no alternative certificate subject name"
}

case_proxy_403() {
    start_server good "$T/good.pem" "$T/good.key"
    add_host ok.ep.test 127.0.0.1
    add_host denied.ep.test 127.0.0.1
    printf 'denied\\.ep\\.test\n' >"$T/filter"
    chmod 644 "$T/filter"
    start_tinyproxy 3128 "Filter \"$T/filter\"" "FilterType ere" "FilterDefaultDeny No"
    drive "${COMMON[@]}" proxy=http://127.0.0.1:3128 \
        endpoints="https://denied.ep.test:$PORT/ https://ok.ep.test:$PORT/ https://nx.ep.test:$PORT/"
    check state=CRITICAL proxy_source=override \
        "text=2 of 3 endpoints unreachable: denied.ep.test:$PORT (proxy_refused), nx.ep.test:$PORT (other)" \
        "@denied.ep.test:$PORT/class=proxy_refused" "@denied.ep.test:$PORT/remedy=$R_PROXY_403" \
        "@denied.ep.test:$PORT/proxy=http://127.0.0.1:3128" \
        "@denied.ep.test:$PORT/detail=proxy http://127.0.0.1:3128 answered CONNECT with 403" \
        "@ok.ep.test:$PORT/class=ok" "@ok.ep.test:$PORT/proxy=http://127.0.0.1:3128" \
        "@nx.ep.test:$PORT/class=other" "@nx.ep.test:$PORT/remedy=$R_PROXY_UPSTREAM"
}

case_proxy_407() {
    start_server good "$T/good.pem" "$T/good.key"
    add_host ok.ep.test 127.0.0.1
    start_tinyproxy 3128 "BasicAuth arcuser s3cr3t-pw"
    drive "${COMMON[@]}" proxy=http://127.0.0.1:3128 endpoints="https://ok.ep.test:$PORT/"
    check state=CRITICAL "@ok.ep.test:$PORT/class=proxy_refused" \
        "@ok.ep.test:$PORT/remedy=$R_PROXY_407" \
        "@ok.ep.test:$PORT/detail=proxy http://127.0.0.1:3128 answered CONNECT with 407"
}

case_proxy_auth_ok() {
    # Credentials are used (the proxy lets us through) and shown nowhere.
    start_server good "$T/good.pem" "$T/good.key"
    add_host ok.ep.test 127.0.0.1
    add_host denied.ep.test 127.0.0.1
    printf 'denied\\.ep\\.test\n' >"$T/filter"
    chmod 644 "$T/filter"
    start_tinyproxy 3128 "BasicAuth arcuser s3cr3t-pw" "Filter \"$T/filter\"" "FilterType ere"
    drive "${COMMON[@]}" proxy=http://arcuser:s3cr3t-pw@127.0.0.1:3128 \
        endpoints="https://ok.ep.test:$PORT/ https://denied.ep.test:$PORT/"
    check "@ok.ep.test:$PORT/class=ok" "@ok.ep.test:$PORT/proxy=http://127.0.0.1:3128" \
        "@denied.ep.test:$PORT/class=proxy_refused" "@denied.ep.test:$PORT/remedy=$R_PROXY_403" \
        "*!~s3cr3t" "*!~arcuser"
    if grep -q s3cr3t "$T/driver.err"; then
        echo "FAIL: the proxy password reached stderr"
        FAILED=1
    fi
}

case_proxy_down() {
    start_server good "$T/good.pem" "$T/good.key"
    add_host ok.ep.test 127.0.0.1
    drive "${COMMON[@]}" proxy=http://127.0.0.1:3129 endpoints="https://ok.ep.test:$PORT/"
    check state=CRITICAL "@ok.ep.test:$PORT/class=proxy_unreachable" \
        "@ok.ep.test:$PORT/remedy=$R_PROXY_DOWN" "@ok.ep.test:$PORT/proxy=http://127.0.0.1:3129"
    # a proxy name that does not resolve
    drive "${COMMON[@]}" proxy=http://proxy.nx.ep.test:3128 endpoints="https://ok.ep.test:$PORT/"
    check "@ok.ep.test:$PORT/class=proxy_unreachable" "@ok.ep.test:$PORT/remedy=$R_PROXY_DOWN" \
        "@ok.ep.test:$PORT/detail~resolve proxy"
    # a proxy address behind a blackhole: the connection to it times out
    blackhole
    drive "${COMMON[@]}" timeout=2 proxy=http://10.202.0.9:3128 endpoints="https://ok.ep.test:$PORT/"
    check "@ok.ep.test:$PORT/class=proxy_unreachable" "@ok.ep.test:$PORT/remedy=$R_PROXY_DOWN"
}

case_proxy_localconfig() {
    # The agent's own proxy settings, with a bypass that really goes direct:
    # the proxy would refuse direct.ep.test.
    start_server good "$T/good.pem" "$T/good.key"
    add_host ok.ep.test 127.0.0.1
    add_host direct.ep.test 127.0.0.1
    printf 'direct\\.ep\\.test\n' >"$T/filter"
    chmod 644 "$T/filter"
    start_tinyproxy 3128 "BasicAuth arcuser pw-12345" "Filter \"$T/filter\"" "FilterType ere"
    cat >"$T/agent/localconfig.json" <<EOF
{"proxy.url": "http://arcuser:pw-12345@127.0.0.1:3128", "proxy.bypass": ["direct.ep.test"],
 "config.mode": "full", "incomingconnections.ports": []}
EOF
    drive "${COMMON[@]}" endpoints="https://ok.ep.test:$PORT/ https://direct.ep.test:$PORT/"
    check state=OK proxy_source=config "@ok.ep.test:$PORT/class=ok" \
        "@ok.ep.test:$PORT/proxy=http://127.0.0.1:3128" "@direct.ep.test:$PORT/class=ok" \
        "@direct.ep.test:$PORT/proxy=" "*!~pw-12345"
    # proxy = none overrides the agent's proxy
    drive "${COMMON[@]}" proxy=none endpoints="https://ok.ep.test:$PORT/"
    check state=OK proxy_source=override "@ok.ep.test:$PORT/proxy="
    # nested spelling of the same settings, and a broken proxy.url
    echo '{"proxy": {"url": "http://arcuser:pw-12345@127.0.0.1:3128"}}' >"$T/agent/localconfig.json"
    drive "${COMMON[@]}" endpoints="https://direct.ep.test:$PORT/"
    check proxy_source=config "@direct.ep.test:$PORT/class=proxy_refused"
    echo '{"proxy.url": "gopher://arcuser:pw-12345@127.0.0.1:3128"}' >"$T/agent/localconfig.json"
    drive "${COMMON[@]}" endpoints="https://direct.ep.test:$PORT/"
    check state=UNKNOWN count=0 "text~proxy.url in localconfig.json" "*!~pw-12345"
    # a localconfig.json that cannot be read as the agent's is said, not
    # taken for "no proxy" (issue 11 item 7): nothing is probed direct
    echo '{"proxy.url": "http://127.0.0.1:3128", ' >"$T/agent/localconfig.json"
    drive "${COMMON[@]}" endpoints="https://direct.ep.test:$PORT/"
    check state=UNKNOWN count=0 "text~localconfig.json is not valid JSON (" \
        "text~cannot tell which proxy the agent uses"
    head -c 1100000 /dev/zero | tr '\0' ' ' >"$T/agent/localconfig.json"
    echo '{}' >>"$T/agent/localconfig.json"
    drive "${COMMON[@]}" endpoints="https://direct.ep.test:$PORT/"
    check state=UNKNOWN count=0 \
        "text=localconfig.json is larger than 1024 KiB, so it is not the agent's: cannot tell which proxy the agent uses"
}

case_gateway() {
    # Gateway mode: everything goes through the Arc proxy on localhost:40343.
    start_server good "$T/good.pem" "$T/good.key"
    add_host ok.ep.test 127.0.0.1
    add_host denied.ep.test 127.0.0.1
    printf 'denied\\.ep\\.test\n' >"$T/filter"
    chmod 644 "$T/filter"
    start_tinyproxy 40343 "Filter \"$T/filter\"" "FilterType ere"
    echo '{"connection.type": "gateway", "proxy.url": "http://192.0.2.1:3128"}' >"$T/agent/localconfig.json"
    drive "${COMMON[@]}" endpoints="https://ok.ep.test:$PORT/ https://denied.ep.test:$PORT/"
    check proxy_source=gateway "@ok.ep.test:$PORT/class=ok" \
        "@ok.ep.test:$PORT/proxy=http://localhost:40343" \
        "@denied.ep.test:$PORT/class=proxy_refused"
    # the mode is connection.type (arc-gateway.md): config.mode is full or
    # monitor, and a "gateway" there is no gateway
    echo '{"config.mode": "gateway"}' >"$T/agent/localconfig.json"
    drive "${COMMON[@]}" endpoints="https://denied.ep.test:$PORT/"
    check proxy_source=none "@denied.ep.test:$PORT/class=ok" "@denied.ep.test:$PORT/proxy="
}

# proxy_saw PORT HOST: the proxy (tinyproxy or squid) on PORT logged a
# CONNECT to HOST
proxy_saw() {
    grep -qs "CONNECT $2:" "$T/tinyproxy-$1.log" "$T/squid-$1-access.log"
}

expect_connect() { # expect_connect PORT HOST yes|no
    local saw=no i
    # squid writes its access log line when the tunnel closes: wait for it
    # (only a "yes" can become true later; a "no" is read after the others)
    for ((i = 0; i < 50; i++)); do
        proxy_saw "$1" "$2" && saw=yes && break
        [ "$3" = no ] && break
        sleep 0.1
    done
    if [ "$saw" != "$3" ]; then
        echo "FAIL: CONNECT $2 through the proxy on port $1: $saw, expected $3"
        tail -n 5 "$T/tinyproxy-$1.log" "$T/squid-$1-access.log" "$T/squid-$1/cache.log" 2>/dev/null
        FAILED=1
    fi
}

case_proxy_agent_urls() {
    # Issue 11: proxy URLs with '@' and '/' in the password, read as the
    # agent (Go's net/url) reads them. A proxy that checks the credentials
    # lets the agent-accepted ones through.
    start_server good "$T/good.pem" "$T/good.key"
    add_host ok.ep.test 127.0.0.1
    start_squid 3128 arc p@ssword arc2 pa/ss
    drive "${COMMON[@]}" proxy=http://arc:p@ssword@127.0.0.1:3128 endpoints="https://ok.ep.test:$PORT/"
    check state=OK proxy_source=override "@ok.ep.test:$PORT/class=ok" \
        "@ok.ep.test:$PORT/proxy=http://127.0.0.1:3128" "*!~ssword" "*!~arc:"
    expect_connect 3128 ok.ep.test yes
    # the same from the agent's own setting, and '/' written as %2F
    echo '{"proxy.url": "http://arc:p@ssword@127.0.0.1:3128"}' >"$T/agent/localconfig.json"
    drive "${COMMON[@]}" endpoints="https://ok.ep.test:$PORT/"
    check state=OK proxy_source=config "@ok.ep.test:$PORT/class=ok" "*!~ssword"
    echo '{"proxy.url": "http://arc2:pa%2Fss@127.0.0.1:3128"}' >"$T/agent/localconfig.json"
    drive "${COMMON[@]}" endpoints="https://ok.ep.test:$PORT/"
    check state=OK proxy_source=config "@ok.ep.test:$PORT/class=ok" "*!~pa/ss" "*!~pa%2Fss"
    # a wrong password is the proxy's 407, still without the password
    echo '{"proxy.url": "http://arc:wr@ngpass@127.0.0.1:3128"}' >"$T/agent/localconfig.json"
    drive "${COMMON[@]}" endpoints="https://ok.ep.test:$PORT/"
    check state=CRITICAL "@ok.ep.test:$PORT/class=proxy_refused" "*!~ngpass" "*!~wr@"
    # Go ends the host part at the first '/': the agent would take its proxy
    # host from the password. Said, with no piece of the password.
    echo '{"proxy.url": "http://arc:Pa@ssw0rdX/Y@proxy.example:3128"}' >"$T/agent/localconfig.json"
    drive "${COMMON[@]}" endpoints="https://ok.ep.test:$PORT/"
    check state=UNKNOWN count=0 "text~proxy.url in localconfig.json: proxy URL has an '@' after a '/'" \
        "*!~ssw0rd" "*!~Pa@" "*!~X/Y"
    echo '{"proxy.url": "http://arc:pa/ss@127.0.0.1:3128"}' >"$T/agent/localconfig.json"
    drive "${COMMON[@]}" endpoints="https://ok.ep.test:$PORT/"
    check state=UNKNOWN count=0 "text~proxy.url in localconfig.json: proxy URL has an '@'" \
        "*!~pa/ss" "*!~arc:"
    rm -f "$T/agent/localconfig.json"
    # as an arcprobe setting the same URLs are refused before any probe
    local url
    for url in "http://arc:Pa@ssw0rdX/Y@proxy.example:3128" "http://arc:pa/ss@127.0.0.1:3128"; do
        drive_refused "${COMMON[@]}" "proxy=$url" endpoints="https://ok.ep.test:$PORT/"
        if grep -q -e ssw0rd -e 'pa/ss' -e 'arc:' "$T/driver.err"; then
            echo "FAIL: the refusal of $url shows part of the password: $(cat "$T/driver.err")"
            FAILED=1
        fi
    done
}

# drive_refused ARGS...: the driver refuses its settings (status 4)
drive_refused() {
    local rc=0
    in_ns "$EP_DRIVER" "$@" >"$OUT" 2>"$T/driver.err" || rc=$?
    if [ "$rc" != 4 ] || grep -q -E 'AddressSanitizer|LeakSanitizer|runtime error:' "$T/driver.err"; then
        echo "FAIL: the driver did not refuse $* cleanly: status $rc"
        cat "$T/driver.err"
        FAILED=1
    fi
}

# A private system bus with a stand-in systemd (tests/integration/fake_systemd):
# its manager environment in $T/unit-state.manager-env, himdsd.service's in
# $T/unit-state.unit-env.
start_fake_systemd() {
    [ -n "${FAKE_SYSTEMD:-}" ] && [ -x "$FAKE_SYSTEMD" ] || skip "no fake_systemd (libsystemd)"
    command -v dbus-daemon >/dev/null 2>&1 || skip "dbus-daemon is not installed"
    # read by the stand-in on every request; empty until a case fills them
    : >"$T/unit-state.manager-env"
    : >"$T/unit-state.unit-env"
    private_systemd_start "$T" "$FAKE_SYSTEMD" || die "fake_systemd did not start"
    EP_PIDS+=("$PRIVATE_BUS_PID" "$FAKE_SYSTEMD_PID")
}

case_proxy_unit_env() {
    # Issue 12: no proxy.url, HTTPS_PROXY in himdsd.service's environment
    # (over D-Bus): the probe goes the agent's way, through the proxy.
    start_server good "$T/good.pem" "$T/good.key"
    add_host ok.ep.test 127.0.0.1
    add_host direct.ep.test 127.0.0.1
    start_tinyproxy 3128 "BasicAuth arc pw-unit-1"
    start_tinyproxy 3129
    start_fake_systemd
    printf 'HTTPS_PROXY=http://arc:pw-unit-1@127.0.0.1:3128\nNO_PROXY=direct.ep.test\n' \
        >"$T/unit-state.unit-env"
    printf 'https_proxy=http://127.0.0.1:3129\n' >"$T/unit-state.manager-env"
    drive "${COMMON[@]}" endpoints="https://ok.ep.test:$PORT/ https://direct.ep.test:$PORT/"
    check state=OK "proxy_source=unit environment" "@ok.ep.test:$PORT/class=ok" \
        "@ok.ep.test:$PORT/proxy=http://127.0.0.1:3128" "@direct.ep.test:$PORT/proxy=" \
        "@direct.ep.test:$PORT/class=ok" "*!~pw-unit"
    expect_connect 3128 ok.ep.test yes
    expect_connect 3128 direct.ep.test no
    expect_connect 3129 ok.ep.test no
    # only the manager's (default) environment sets it
    : >"$T/unit-state.unit-env"
    drive "${COMMON[@]}" endpoints="https://ok.ep.test:$PORT/ https://direct.ep.test:$PORT/"
    check state=OK "proxy_source=systemd default environment" \
        "@ok.ep.test:$PORT/proxy=http://127.0.0.1:3129" "@direct.ep.test:$PORT/proxy=http://127.0.0.1:3129"
    expect_connect 3129 ok.ep.test yes
    expect_connect 3129 direct.ep.test yes
    # proxy.url beats the environment
    printf 'HTTPS_PROXY=http://127.0.0.1:3129\n' >"$T/unit-state.unit-env"
    echo '{"proxy.url": "http://arc:pw-unit-1@127.0.0.1:3128"}' >"$T/agent/localconfig.json"
    : >"$T/tinyproxy-3128.log"
    drive "${COMMON[@]}" endpoints="https://direct.ep.test:$PORT/"
    check state=OK proxy_source=config "@direct.ep.test:$PORT/proxy=http://127.0.0.1:3128"
    expect_connect 3128 direct.ep.test yes
    # and arcprobe's own proxy setting beats both
    drive "${COMMON[@]}" proxy=none endpoints="https://direct.ep.test:$PORT/"
    check state=OK proxy_source=override "@direct.ep.test:$PORT/proxy="
}

case_proxy_dropin() {
    # Issue 12: what azcmagent_proxy add writes, a DefaultEnvironment=
    # drop-in, read from the files when no systemd answers on the bus.
    start_server good "$T/good.pem" "$T/good.key"
    add_host ok.ep.test 127.0.0.1
    start_squid 3128 arc p@ss/word
    mkdir -p "$T/root/etc/systemd/system.conf.d"
    printf '[Manager]\nDefaultEnvironment="HTTPS_PROXY=http://arc:p@ss%%2Fword@127.0.0.1:3128"\n' \
        >"$T/root/etc/systemd/system.conf.d/proxy.conf"
    drive "${COMMON[@]}" endpoints="https://ok.ep.test:$PORT/"
    check state=OK "proxy_source=systemd default environment" "@ok.ep.test:$PORT/class=ok" \
        "@ok.ep.test:$PORT/proxy=http://127.0.0.1:3128" "*!~ss/word" "*!~ss%2Fword"
    expect_connect 3128 ok.ep.test yes
    # without the drop-in: direct
    rm "$T/root/etc/systemd/system.conf.d/proxy.conf"
    drive "${COMMON[@]}" endpoints="https://ok.ep.test:$PORT/"
    check state=OK proxy_source=none "@ok.ep.test:$PORT/proxy="
}

case_proxy_bypass_arc() {
    # Issue 12: bypass "Arc" is his and guestconfiguration only
    # (manage-agent-proxy-settings.md); "ARM,Arc" adds management.
    start_server sim "$TLS_FIXTURES/server.pem" "$TLS_FIXTURES/server.key"
    local h
    local hosts="gbl.his.arc.azure.com westeurope-gas.guestconfiguration.azure.com guestnotificationservice.azure.com azgnrelay-westeurope-l1.servicebus.windows.net management.azure.com"
    local urls=""
    for h in $hosts; do
        add_host "$h" 127.0.0.1
        urls+="https://$h:$PORT/ "
    done
    start_tinyproxy 3128
    echo '{"proxy.url": "http://127.0.0.1:3128", "proxy.bypass": "Arc"}' >"$T/agent/localconfig.json"
    drive "${COMMON[@]}" ca_file="$TLS_FIXTURES/ca.pem" endpoints="$urls"
    check state=OK proxy_source=config \
        "@gbl.his.arc.azure.com:$PORT/proxy=" "@westeurope-gas.guestconfiguration.azure.com:$PORT/proxy=" \
        "@guestnotificationservice.azure.com:$PORT/proxy=http://127.0.0.1:3128" \
        "@azgnrelay-westeurope-l1.servicebus.windows.net:$PORT/proxy=http://127.0.0.1:3128" \
        "@management.azure.com:$PORT/proxy=http://127.0.0.1:3128"
    expect_connect 3128 gbl.his.arc.azure.com no
    expect_connect 3128 westeurope-gas.guestconfiguration.azure.com no
    expect_connect 3128 guestnotificationservice.azure.com yes
    expect_connect 3128 azgnrelay-westeurope-l1.servicebus.windows.net yes
    expect_connect 3128 management.azure.com yes
    : >"$T/tinyproxy-3128.log"
    echo '{"proxy.url": "http://127.0.0.1:3128", "proxy.bypass": ["ARM,Arc"]}' >"$T/agent/localconfig.json"
    drive "${COMMON[@]}" ca_file="$TLS_FIXTURES/ca.pem" endpoints="$urls"
    check state=OK "@management.azure.com:$PORT/proxy=" "@gbl.his.arc.azure.com:$PORT/proxy=" \
        "@guestnotificationservice.azure.com:$PORT/proxy=http://127.0.0.1:3128"
    expect_connect 3128 management.azure.com no
    expect_connect 3128 guestnotificationservice.azure.com yes
}

# The names the public catalog gives for westeurope with the ssh feature.
PUBLIC_WEU="login.microsoftonline.com pas.windows.net gbl.his.arc.azure.com weu.his.arc.azure.com agentserviceapi.guestconfiguration.azure.com westeurope-gas.guestconfiguration.azure.com guestnotificationservice.azure.com management.azure.com download.microsoft.com packages.microsoft.com"

names_are() {
    local got
    got=$(python3 -c 'import json,sys; print(" ".join(e["name"] for e in json.load(open(sys.argv[1]))["endpoints"]))' "$OUT")
    if [ "$got" != "$1" ]; then
        echo "FAIL: endpoint names"
        echo "  expected: $1"
        echo "  got:      $got"
        FAILED=1
    fi
}

case_catalog() {
    # Every catalog name goes to the stand-in through connect_to; it holds
    # the fixture certificate for the Azure names and answers discovery.
    start_server sim "$TLS_FIXTURES/server.pem" "$TLS_FIXTURES/server.key" \
        --discovery-body '{"location": "westeurope", "endpoint": "https://weu.his.arc.azure.com/"}'
    local to="::127.0.0.1:$PORT"
    drive "${COMMON[@]}" connect_to="$to" cloud=AzureCloud location="West Europe" features=ssh
    names_are "$PUBLIC_WEU"
    check state=OK "text=10 endpoints reachable" cloud=AzureCloud cloud_source=config \
        location=westeurope his_source=discovery \
        "@gbl.his.arc.azure.com/url=https://gbl.his.arc.azure.com/discovery?location=westeurope&api-version=2.1" \
        "@gbl.his.arc.azure.com/required=always" "@weu.his.arc.azure.com/required=always" \
        "@management.azure.com/required=connect" "@packages.microsoft.com/required=install" \
        "not_probed~azgn*.servicebus.windows.net"

    # Cloud and region from agentconfig.json; the discovery answer names a
    # host outside the US Government domain, so only the global host is used.
    echo '{"resourceName": "m1", "cloud": "AzureUSGovernment", "location": "usgovvirginia"}' \
        >"$T/agent/agentconfig.json"
    drive "${COMMON[@]}" connect_to="$to"
    names_are "login.microsoftonline.us pasff.usgovcloudapi.net gbl.his.arc.azure.us agentserviceapi.guestconfiguration.azure.us usgovvirginia-gas.guestconfiguration.azure.us management.usgovcloudapi.net download.microsoft.com packages.microsoft.com"
    check state=OK cloud=AzureUSGovernment cloud_source=agentconfig.json location=usgovvirginia \
        his_source=gbl

    # From himds metadata (its own cloud spelling), no agent files.
    rm -f "$T/agent/agentconfig.json"
    drive "${COMMON[@]}" connect_to="$to" --himds-cloud AzurePublicCloud --himds-location eastus \
        endpoints_add="optional:https://extra.his.arc.azure.com/"
    check state=OK cloud=AzureCloud cloud_source=himds location=eastus his_source=discovery \
        "@eastus-gas.guestconfiguration.azure.com/class=ok" "@weu.his.arc.azure.com/class=ok" \
        "@extra.his.arc.azure.com/required=optional" count=11

    # Nothing known: the public cloud without regional hosts.
    drive "${COMMON[@]}" connect_to="$to"
    names_are "login.microsoftonline.com pas.windows.net gbl.his.arc.azure.com agentserviceapi.guestconfiguration.azure.com guestnotificationservice.azure.com management.azure.com download.microsoft.com packages.microsoft.com"
    check cloud_source=default location= his_source=gbl "@gbl.his.arc.azure.com/url=https://gbl.his.arc.azure.com/"

    # China, by alias from the config
    drive "${COMMON[@]}" connect_to="$to" cloud=azurechina location=chinanorth3
    check cloud=AzureChinaCloud "@login.chinacloudapi.cn/class=ok" "@management.chinacloudapi.cn/required=connect" \
        "@chinanorth3-gas.guestconfiguration.azure.cn/class=ok" his_source=gbl
}

# clouds_cert NAME HOST...: a certificate from the test CA for exactly these names
clouds_cert() {
    local name=$1 san="" h
    shift
    for h in "$@"; do san="$san${san:+,}DNS:$h"; done
    openssl ecparam -name prime256v1 -genkey -noout -out "$T/$name.key"
    openssl req -new -key "$T/$name.key" -subj "/CN=$1" -out "$T/$name.csr"
    printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' "$san" \
        >"$T/$name.ext"
    openssl x509 -req -in "$T/$name.csr" -CA "$CA" -CAkey "$TLS_FIXTURES/ca.key" \
        -set_serial "$RANDOM$RANDOM" -days 2 -extfile "$T/$name.ext" -out "$T/$name.pem" 2>/dev/null
    chmod 644 "$T/$name.key"
}

# to_stand_in HOST...: connect_to entries sending exactly these hosts to $PORT;
# any other name fails to resolve in the namespace
to_stand_in() {
    local h to=""
    for h in "$@"; do to="$to${to:+ }$h:443:127.0.0.1:$PORT"; done
    echo "$to"
}

case_clouds() {
    # Each cloud's machine where exactly the hosts of that cloud's public list
    # answer: OK, and the endpoints whose host cannot be known are named as
    # not probed rather than guessed.
    local usgov=(login.microsoftonline.us pasff.usgovcloudapi.net management.usgovcloudapi.net
        gbl.his.arc.azure.us usgv.his.arc.azure.us agentserviceapi.guestconfiguration.azure.us
        usgovvirginia-gas.guestconfiguration.azure.us download.microsoft.com packages.microsoft.com)
    local china=(login.chinacloudapi.cn login.partner.chinacloudapi.cn pas.chinacloudapi.cn
        management.chinacloudapi.cn gbl.his.arc.azure.cn agentserviceapi.guestconfiguration.azure.cn
        chinanorth3-gas.guestconfiguration.azure.cn guestnotificationservice.azure.cn
        download.microsoft.com packages.microsoft.com)
    local public=(login.microsoftonline.com pas.windows.net gbl.his.arc.azure.com
        weu.his.arc.azure.com agentserviceapi.guestconfiguration.azure.com
        westeurope-gas.guestconfiguration.azure.com guestnotificationservice.azure.com
        management.azure.com download.microsoft.com packages.microsoft.com)
    clouds_cert clouds "${usgov[@]}" "${china[@]}" "${public[@]}"
    start_server clouds "$T/clouds.pem" "$T/clouds.key" \
        --discovery-body '{"location": "usgovvirginia", "endpoint": "https://usgv.his.arc.azure.us/"}'

    # US Government, every optional feature asked for: no guestnotificationservice
    # and no servicebus relay in its list, so none is required
    drive "${COMMON[@]}" connect_to="$(to_stand_in "${usgov[@]}")" cloud=AzureUSGovernment \
        location=usgovvirginia features=all
    names_are "login.microsoftonline.us pasff.usgovcloudapi.net gbl.his.arc.azure.us usgv.his.arc.azure.us agentserviceapi.guestconfiguration.azure.us usgovvirginia-gas.guestconfiguration.azure.us management.usgovcloudapi.net download.microsoft.com packages.microsoft.com"
    check state=OK "text=9 endpoints reachable" failed=0 his_source=discovery \
        "@login.microsoftonline.us/required=always" "@pasff.usgovcloudapi.net/required=always" \
        "@usgv.his.arc.azure.us/required=always" "@management.usgovcloudapi.net/required=connect" \
        "not_probed.0=*.blob.core.usgovcloudapi.net" "*!~guestnotificationservice" "*!~servicebus"
    [ "$DRIVER_RC" = 0 ] || { echo "FAIL: US Government: exit status $DRIVER_RC, expected 0"; FAILED=1; }

    # China: login.partner.chinacloudapi.cn is needed always
    drive "${COMMON[@]}" connect_to="$(to_stand_in "${china[@]}")" cloud=AzureChinaCloud \
        location=chinanorth3
    check state=OK failed=0 count=10 "@login.partner.chinacloudapi.cn/class=ok" \
        "@login.partner.chinacloudapi.cn/required=always" \
        "@guestnotificationservice.azure.cn/required=always" \
        "not_probed.0=azgn*.servicebus.chinacloudapi.cn"
    # ... and its failure is CRITICAL
    local without=("${china[@]/login.partner.chinacloudapi.cn/}")
    drive "${COMMON[@]}" connect_to="$(to_stand_in ${without[@]})" cloud=AzureChinaCloud \
        location=chinanorth3
    check state=CRITICAL failed=1 "@login.partner.chinacloudapi.cn/class=dns_failure"

    # Public cloud with the ssh feature: the relay is needed always but its
    # name is not always the region's, so it is listed, not guessed
    drive "${COMMON[@]}" connect_to="$(to_stand_in "${public[@]}")" cloud=AzureCloud \
        location=westeurope features=ssh
    check state=OK failed=0 "@guestnotificationservice.azure.com/required=always" \
        "not_probed~azgn*.servicebus.windows.net" "not_probed~*.servicebus.windows.net" \
        "*!~azgnrelay-westeurope"
}

case_discovery_fallback() {
    # Discovery that answers garbage: the global host is still probed (and
    # reachable), the regional one is unknown.
    start_server sim "$TLS_FIXTURES/server.pem" "$TLS_FIXTURES/server.key" \
        --discovery-body 'not json at all'
    drive "${COMMON[@]}" connect_to="::127.0.0.1:$PORT" location=westeurope
    check state=OK his_source=gbl "@gbl.his.arc.azure.com/class=ok" "*!~weu.his"
    # discovery host refusing connections: the global host is down
    drive "${COMMON[@]}" connect_to="gbl.his.arc.azure.com:443:127.0.0.1:9 ::127.0.0.1:$PORT" \
        location=westeurope
    check state=CRITICAL his_source=gbl "@gbl.his.arc.azure.com/class=refused" \
        "text=1 of 9 endpoints unreachable: gbl.his.arc.azure.com (refused)"
    # discovery host dropping packets: discovery gives up after its share
    # (1 s), the global host is probed again with the others under the full
    # limit, and the cycle still ends before the deadline
    blackhole
    drive "${COMMON[@]}" timeout=3 connect_to="gbl.his.arc.azure.com:443:10.202.0.9:443 ::127.0.0.1:$PORT" \
        location=westeurope
    check state=CRITICAL his_source=gbl "@gbl.his.arc.azure.com/class=timeout" \
        "@login.microsoftonline.com/class=ok" "@gbl.his.arc.azure.com/total_s>1.5" \
        "text=1 of 9 endpoints unreachable: gbl.his.arc.azure.com (timeout)" "elapsed_s<3.15" \
        "elapsed_s>2.8"
}

case_deadline() {
    # An explicit endpoint limit longer than the probe's budget: what is
    # still running at the deadline is not probed, and the text says so.
    blackhole
    start_server good "$T/good.pem" "$T/good.key"
    add_host ok.ep.test 127.0.0.1
    drive "${COMMON[@]}" timeout=2 endpoint_timeout=10 \
        endpoints="https://bh.ep.test/ https://ok.ep.test:$PORT/"
    check state=UNKNOWN failed=0 "text=cycle cut short by the deadline: 1 of 2 endpoints not probed" \
        "@bh.ep.test/class=not_probed" "@bh.ep.test/state=UNKNOWN" "@bh.ep.test/remedy=$R_NOT_PROBED" \
        "@ok.ep.test:$PORT/class=ok" "elapsed_s<2.15" "elapsed_s>1.8"
}

# same_rows A.json B.json: the two cycles gave the same report, row for row
# (everything but the timings, also those in libcurl's texts)
same_rows() {
    python3 - "$1" "$2" <<'PY' || { echo "FAIL: the reports differ"; FAILED=1; }
import json, re, sys
def untimed(e):
    e["detail"] = re.sub(r"after \d+ ms", "after N ms", e["detail"])
    return e
def rows(path):
    d = json.load(open(path))
    keep = ("name", "url", "required", "state", "class", "http_status", "tls_version",
            "tls_issuer", "proxy", "remedy", "detail")
    return ({k: d[k] for k in ("state", "text", "count", "failed")},
            [untimed({k: e[k] for k in keep}) for e in d["endpoints"]])
a, b = rows(sys.argv[1]), rows(sys.argv[2])
if a != b:
    print("one thread: ", json.dumps(a, indent=1))
    print("two threads:", json.dumps(b, indent=1))
    sys.exit(1)
PY
}

case_two_threads() {
    # A list long enough for the batch helper (http_batch_helper.c): half
    # of it runs on a second thread when the process may use two CPUs. The
    # report must be the one a single thread gives, row for row, with
    # every kind of outcome on both threads.
    [ "$(nproc)" -ge 2 ] || skip "needs two CPUs"
    make_ca other
    make_cert bad "$T/other.pem" "$T/other.key" 2
    start_server bad "$T/bad.pem" "$T/bad.key"
    local bad=$PORT
    start_server good "$T/good.pem" "$T/good.key" --delay-ms 20
    local list="" i
    for ((i = 1; i <= 40; i++)); do
        add_host "h$i.ep.test" 127.0.0.1
        case $((i % 8)) in
        3) list+="https://nx$i.ep.test/ " ;;                    # dns_failure
        5) list+="connect:https://h$i.ep.test:9/ " ;;           # refused
        6) list+="optional:https://h$i.ep.test:$bad/ " ;;       # tls_untrusted
        *) list+="https://h$i.ep.test:$PORT/p$i " ;;
        esac
    done
    printf '#!/bin/sh\nexec taskset -c 0 %q "$@"\n' "$EP_DRIVER" >"$T/one-cpu-driver"
    chmod 755 "$T/one-cpu-driver"
    local driver=$EP_DRIVER
    EP_DRIVER=$T/one-cpu-driver drive "${COMMON[@]}" endpoints="$list"
    check count=40 failed=15 helper_threads=0 "@nx3.ep.test/class=dns_failure" \
        "@h5.ep.test:9/class=refused" "@h6.ep.test:$bad/class=tls_untrusted" "@h40.ep.test:$PORT/class=ok"
    cp "$OUT" "$T/one.json"
    EP_DRIVER=$driver drive "${COMMON[@]}" endpoints="$list"
    check count=40 helper_threads=1
    same_rows "$T/one.json" "$OUT"
    # below the threshold nothing is handed over
    drive "${COMMON[@]}" endpoints="https://h1.ep.test:$PORT/ https://h2.ep.test:$PORT/"
    check state=OK helper_threads=0

    # Endpoints that hang land on the helper (every second entry goes
    # there): the report still comes at the deadline, with them not probed.
    blackhole
    list=""
    for ((i = 1; i <= 30; i++)); do
        if ((i % 2 == 0)); then
            add_host "bh$i.ep.test" 10.202.0.9
            list+="https://bh$i.ep.test/ "
        else
            list+="https://h$i.ep.test:$PORT/ "
        fi
    done
    drive "${COMMON[@]}" timeout=2 endpoint_timeout=10 endpoints="$list"
    check state=UNKNOWN failed=0 helper_threads=1 \
        "text=cycle cut short by the deadline: 15 of 30 endpoints not probed" \
        "@bh2.ep.test/class=not_probed" "@bh30.ep.test/class=not_probed" \
        "@h29.ep.test:$PORT/class=ok" "elapsed_s<2.15" "elapsed_s>1.8"
}

case_mixed_states() {
    start_server good "$T/good.pem" "$T/good.key"
    add_host ok.ep.test 127.0.0.1
    local list="always:https://ok.ep.test:$PORT/ install:https://nx1.ep.test/ optional:https://nx2.ep.test/"
    drive "${COMMON[@]}" endpoints="$list"
    check state=WARNING failed=2 "@nx1.ep.test/state=WARNING" "@nx2.ep.test/state=WARNING" \
        "text=2 of 3 endpoints unreachable: nx1.ep.test (dns_failure), nx2.ep.test (dns_failure)"
    drive "${COMMON[@]}" optional_state=ok endpoints="$list"
    check state=OK failed=2 "@nx1.ep.test/state=OK" "@nx2.ep.test/state=OK" \
        "@nx1.ep.test/class=dns_failure"
    drive "${COMMON[@]}" optional_state=ok endpoints="$list connect:https://nx3.ep.test/"
    check state=WARNING "@nx3.ep.test/state=WARNING"
}

case_too_many() {
    local list="" i
    for ((i = 0; i < 1025; i++)); do
        list+="https://h$i.ep.test/ "
    done
    drive "${COMMON[@]}" endpoints="$list"
    check state=UNKNOWN count=0 \
        "text=1025 endpoints configured: at most 1024 can be probed in one cycle, nothing probed"
    list=""
    for ((i = 0; i < 1024; i++)); do
        list+="https://h$i.ep.test/ "
    done
    drive "${COMMON[@]}" timeout=3 endpoints="$list"
    check state=CRITICAL count=1024 failed=1024 "@h1023.ep.test/class=dns_failure"
}

case_bad_url() {
    drive "${COMMON[@]}" endpoints="https://ok.ep.test/ ftp://files.ep.test/"
    check state=UNKNOWN count=0 \
        "text=invalid endpoint URL 'ftp://files.ep.test/': only https:// URLs are probed"
    drive "${COMMON[@]}" endpoints="https://arcuser:hunter22@ok.ep.test/"
    check state=UNKNOWN "text=invalid endpoint URL 'https://ok.ep.test/': credentials in endpoint URLs are not accepted" \
        "*!~hunter22"
    drive "${COMMON[@]}" endpoints="http://ok.ep.test/"
    check state=UNKNOWN "text~only https:// is probed"
    drive "${COMMON[@]}" features=ssh,telnet
    check state=UNKNOWN "text=unknown feature 'telnet' in features (known: esu, hotpatch, ssh, admin_center, legacy_login, all)"
    drive "${COMMON[@]}" cloud=AzureGermanCloud
    check state=UNKNOWN "text~unknown cloud 'AzureGermanCloud' (from config)"
}

case_esu() {
    # The ESU group has the one plain-HTTP endpoint (port 80): both servers
    # stand in for www.microsoft.com, the TLS one for everything else.
    start_server sim "$TLS_FIXTURES/server.pem" "$TLS_FIXTURES/server.key"
    local tls_port=$PORT
    ip netns exec "$NS" "$EP_SERVER" --plain --ready "$T/plain.ready" >"$T/plain.log" 2>&1 &
    EP_PIDS+=($!)
    wait_for "$T/plain.ready"
    local plain_port
    plain_port=$(sed -n 's/^port=//p' "$T/plain.ready")
    local to="www.microsoft.com:80:127.0.0.1:$plain_port ::127.0.0.1:$tls_port"
    drive "${COMMON[@]}" connect_to="$to" features=esu,hotpatch
    check state=OK count=11 "@www.microsoft.com:80/class=ok" "@www.microsoft.com:80/http_status=200" \
        "@www.microsoft.com:80/url=http://www.microsoft.com/pkiops/certs" \
        "@www.microsoft.com:80/tls_version=" "@www.microsoft.com:80/required=optional" \
        "@www.microsoft.com/url=https://www.microsoft.com/pkiops/certs" \
        "@www.microsoft.com/tls_version=TLSv1.3" "@dls.microsoft.com/class=ok"
    # Plain HTTP through a proxy has no CONNECT (libcurl would tunnel if
    # connect_to were set, so the name comes from the hosts file here): the
    # proxy's 407 is still its refusal.
    add_host www.microsoft.com 127.0.0.1
    start_tinyproxy 3128 "BasicAuth arcuser pw-777777"
    drive "${COMMON[@]}" endpoints="http://www.microsoft.com:$plain_port/pkiops/certs" \
        proxy=http://127.0.0.1:3128
    check state=CRITICAL "@www.microsoft.com:$plain_port/class=proxy_refused" \
        "@www.microsoft.com:$plain_port/http_status=407" \
        "@www.microsoft.com:$plain_port/remedy=$R_PROXY_407"
    drive "${COMMON[@]}" endpoints="http://www.microsoft.com:$plain_port/pkiops/certs" \
        proxy=http://arcuser:pw-777777@127.0.0.1:3128
    check state=OK "@www.microsoft.com:$plain_port/class=ok" "*!~pw-777777"
}

case_sim() {
    # The simulated agent (tests/sim): its agent files, its ready-made
    # arcprobe.conf (connect_to to its HTTPS stand-in) and an injected
    # latency. Its HTTPS answer to discovery is no JSON: global host only.
    [ -n "${ARC_SIM:-}" ] && [ -x "$ARC_SIM" ] || die "ARC_SIM does not name the arc-sim binary"
    ip netns exec "$NS" "$ARC_SIM" --dir "$T/sim" --process-name "himds-ep$$" --tls-delay-ms 300 >"$T/arc-sim.log" 2>&1 &
    EP_PIDS+=($!)
    local i
    for ((i = 0; i < 300; i++)); do
        grep -q '^scenario=connected' "$T/sim/ready" 2>/dev/null && break
        sleep 0.1
    done
    grep -q '^scenario=connected' "$T/sim/ready" || die "arc-sim did not get ready"
    drive --config "$T/sim/arcprobe.conf"
    names_are "login.microsoftonline.com pas.windows.net gbl.his.arc.azure.com agentserviceapi.guestconfiguration.azure.com westeurope-gas.guestconfiguration.azure.com guestnotificationservice.azure.com management.azure.com download.microsoft.com packages.microsoft.com"
    check state=OK "text=9 endpoints reachable" cloud=AzureCloud location=westeurope \
        his_source=gbl proxy_source=none "@login.microsoftonline.com/ttfb_s>0.29" \
        "@gbl.his.arc.azure.com/http_status=200" "elapsed_s<1.5"
    # without the config's cloud and location, the agent's own files decide
    drive --config "$T/sim/arcprobe.conf" cloud= location=
    check state=OK cloud_source=agentconfig.json location=westeurope
}

# clock_servers OFFSET...: one healthy server per offset, each under its own
# host name cN.ep.test, whose Date header is shifted by OFFSET seconds (0:
# the server's true clock); sets CLOCK_URLS
clock_servers() {
    CLOCK_URLS=""
    local i=0 off
    for off in "$@"; do
        start_server "clock$i" "$T/good.pem" "$T/good.key" --date-offset "$off"
        add_host "c$i.ep.test" 127.0.0.1
        CLOCK_URLS+="https://c$i.ep.test:$PORT/ "
        i=$((i + 1))
    done
}

R_CLOCK="synchronise the clock: enable chrony or systemd-timesyncd (timedatectl set-ntp true), make sure an NTP server is reachable (UDP 123), then check with chronyc tracking or timedatectl timesync-status"

case_clock_ahead_endpoints() {
    # Azure's Date 10 min ahead: this machine's clock is 10 min behind
    clock_servers 600 600 600
    drive "${COMMON[@]}" endpoints="$CLOCK_URLS"
    check state=OK clock.state=CRITICAL clock.judged=true clock.answers=3 \
        "clock.offset_s<-598" "clock.offset_s>-602" "clock.text~600 s behind" \
        "clock.text~limit 300 s" "clock.remedy=$R_CLOCK" "clock.cause~Entra ID"
}

case_clock_behind_endpoints() {
    clock_servers -600 -600 -600
    drive "${COMMON[@]}" endpoints="$CLOCK_URLS"
    check clock.state=CRITICAL clock.judged=true "clock.offset_s>598" "clock.offset_s<602" \
        "clock.text~600 s ahead" "clock.remedy=$R_CLOCK"
}

case_clock_minute() {
    # a minute is inside the default 120 s; a 30 s limit makes it a warning
    clock_servers 60 60
    drive "${COMMON[@]}" endpoints="$CLOCK_URLS"
    check clock.state=OK clock.judged=true "clock.offset_s<-58" "clock.offset_s>-62" \
        clock.remedy= clock.cause=
    drive "${COMMON[@]}" endpoints="$CLOCK_URLS" clock_skew_warning=30
    check clock.state=WARNING "clock.text~60 s behind" "clock.text~limit 30 s"
}

case_clock_liar() {
    # three honest hosts and one an hour off: the median ignores it
    clock_servers 0 3600 0 0
    drive "${COMMON[@]}" endpoints="$CLOCK_URLS"
    check clock.state=OK clock.judged=true clock.answers=4 "clock.offset_s<2" \
        "clock.offset_s>-2" "endpoints.1.clock_offset_s<-3590" "endpoints.0.clock_offset_s<2"
}

case_clock_single() {
    # one host (twice, on two ports) is no verdict, however far off
    clock_servers 900
    local first=$PORT
    start_server clock_again "$T/good.pem" "$T/good.key" --date-offset 900
    drive "${COMMON[@]}" endpoints="https://c0.ep.test:$first/ https://c0.ep.test:$PORT/"
    check state=OK clock.state=OK clock.judged=false clock.answers=1 clock.offset_s=null \
        "clock.text~not judged"
}

fn=case_$CASE
declare -F "$fn" >/dev/null || die "unknown case $CASE"
"$fn"
if [ "$FAILED" != 0 ]; then
    echo "endpoints.$CASE: FAILED"
    exit 1
fi
echo "endpoints.$CASE: passed"
