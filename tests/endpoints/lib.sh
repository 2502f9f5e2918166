# Shared set-up for the endpoint tests and benchmark (sourced by bash).
# Everything runs inside a network namespace made here: it has only
# loopback (plus what a test adds), its own /etc/hosts and a resolver
# pointing at nothing, so no packet can leave the machine.
#
# Needs: EP_SERVER, EP_DRIVER, TLS_FIXTURES in the environment.

skip() {
    echo "SKIP: $*"
    exit 77
}

die() {
    echo "ERROR: $*" >&2
    exit 1
}

: "${EP_SERVER:?EP_SERVER must name the ep-server binary}"
: "${EP_DRIVER:?EP_DRIVER must name the ep-driver binary}"
: "${TLS_FIXTURES:?TLS_FIXTURES must name tests/fixtures/tls}"
EP_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

[ "$(id -u)" = 0 ] || skip "network namespaces need root"
command -v ip >/dev/null 2>&1 || skip "ip(8) is not installed"
command -v openssl >/dev/null 2>&1 || die "openssl is not installed"

T=$(mktemp -d /tmp/arcp-ep.XXXXXX)
chmod 755 "$T" # tinyproxy may drop privileges and must still read its files
NS=arcpep-$$-$RANDOM
EP_PIDS=()

ep_cleanup() {
    local p
    for p in "${EP_PIDS[@]}"; do
        kill "$p" 2>/dev/null || true
    done
    for p in "${EP_PIDS[@]}"; do
        wait "$p" 2>/dev/null || true
    done
    # Anything still running in the namespace was started by this test
    # (ip netns pids lists exactly those): end it, one id at a time.
    for p in $(ip netns pids "$NS" 2>/dev/null); do
        kill "$p" 2>/dev/null || true
    done
    ip netns del "$NS" 2>/dev/null || true
    rm -rf "/etc/netns/$NS" "$T"
}
trap ep_cleanup EXIT

# reap PID: wait for a process this test started and forget it, so that
# ep_cleanup never signals a number the kernel may since have reused
reap() {
    local p keep=()
    wait "$1" 2>/dev/null || true
    for p in "${EP_PIDS[@]}"; do
        [ "$p" = "$1" ] || keep+=("$p")
    done
    EP_PIDS=("${keep[@]}")
}

if ! ip netns add "$NS" 2>/dev/null; then
    rm -rf "$T"
    trap - EXIT
    skip "cannot create a network namespace"
fi
if ! ip netns exec "$NS" true 2>/dev/null; then
    ip netns del "$NS" 2>/dev/null || true
    rm -rf "$T"
    trap - EXIT
    skip "cannot enter a network namespace (ip netns exec)"
fi
ip -n "$NS" link set lo up
mkdir -p "/etc/netns/$NS"
echo "nameserver 127.0.0.1" >"/etc/netns/$NS/resolv.conf"
HOSTS=/etc/netns/$NS/hosts
printf '127.0.0.1 localhost\n' >"$HOSTS"

# The probe asks systemd for himdsd.service's environment: by default no
# system bus at all (a case that wants one starts its own).
export DBUS_SYSTEM_BUS_ADDRESS=unix:path=$T/no-system-bus

in_ns() {
    ip netns exec "$NS" "$@"
}

# add_host NAME ADDRESS (appends: the namespace sees the same file)
add_host() {
    printf '%s %s\n' "$2" "$1" >>"$HOSTS"
}

# wait_for FILE: up to 30 s for a daemon's ready file
wait_for() {
    local i
    for ((i = 0; i < 300; i++)); do
        [ -s "$1" ] && return 0
        sleep 0.1
    done
    die "timed out waiting for $1"
}

# wait_port PORT: up to 30 s until something accepts on 127.0.0.1:PORT in the namespace
wait_port() {
    local i
    for ((i = 0; i < 300; i++)); do
        in_ns bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null && return 0
        sleep 0.1
    done
    die "timed out waiting for port $1"
}

# make_ca NAME: a CA of our own (an "inspection" CA nobody trusts)
make_ca() {
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -keyout "$T/$1.key" -out "$T/$1.pem" -days 2 -subj "/CN=$1" \
        -addext "basicConstraints=critical,CA:TRUE" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
}

# make_cert NAME CA_PEM CA_KEY DAYS: a server certificate for *.ep.test
# (DAYS -1 makes one that expired yesterday)
make_cert() {
    local name=$1 ca=$2 cakey=$3 days=$4
    openssl ecparam -name prime256v1 -genkey -noout -out "$T/$name.key"
    openssl req -new -key "$T/$name.key" -subj "/CN=$name.ep.test" -out "$T/$name.csr"
    printf 'subjectAltName=DNS:*.ep.test\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' \
        >"$T/$name.ext"
    openssl x509 -req -in "$T/$name.csr" -CA "$ca" -CAkey "$cakey" -set_serial "$RANDOM$RANDOM" \
        -days "$days" -extfile "$T/$name.ext" -out "$T/$name.pem" 2>/dev/null
    chmod 644 "$T/$name.key"
}

# start_server NAME CERT KEY [ep-server options...]: sets PORT
start_server() {
    local name=$1 cert=$2 key=$3
    shift 3
    ip netns exec "$NS" "$EP_SERVER" --cert "$cert" --key "$key" --ready "$T/$name.ready" "$@" \
        >"$T/$name.log" 2>&1 &
    EP_PIDS+=($!)
    wait_for "$T/$name.ready"
    PORT=$(sed -n 's/^port=//p' "$T/$name.ready")
    [ -n "$PORT" ] || die "server $name wrote no port"
}

# start_tinyproxy PORT [config lines...]: a real proxy on 127.0.0.1:PORT in
# the namespace (nothing else listens there, so a fixed port is free)
start_tinyproxy() {
    command -v tinyproxy >/dev/null 2>&1 || die "tinyproxy is not installed"
    local port=$1
    shift
    local conf=$T/tinyproxy-$port.conf
    {
        echo "Port $port"
        echo "Listen 127.0.0.1"
        echo "Timeout 15"
        echo "MaxClients 200"
        echo "Allow 127.0.0.1"
        echo "LogLevel Info"
        local line
        for line in "$@"; do
            echo "$line"
        done
    } >"$conf"
    chmod 644 "$conf"
    ip netns exec "$NS" tinyproxy -d -c "$conf" >"$T/tinyproxy-$port.log" 2>&1 &
    EP_PIDS+=($!)
    wait_port "$port"
}

# start_squid PORT USER PASSWORD [USER PASSWORD...]: a real proxy (squid) on
# 127.0.0.1:PORT in the namespace that lets only these users through
# (Basic auth, checked by squid's basic_ncsa_auth). Unlike tinyproxy's
# BasicAuth, it takes any password characters ('@', '/', ...). It logs each
# request (CONNECT HOST:PORT USER) to $T/squid-PORT-access.log.
start_squid() {
    command -v squid >/dev/null 2>&1 || die "squid is not installed"
    local port=$1
    shift
    local dir=$T/squid-$port
    mkdir -p "$dir"
    : >"$dir/passwd"
    while [ $# -ge 2 ]; do
        printf '%s:%s\n' "$1" "$(openssl passwd -apr1 "$2")" >>"$dir/passwd"
        shift 2
    done
    cat >"$dir/squid.conf" <<CONF
http_port 127.0.0.1:$port
auth_param basic program /usr/lib/squid/basic_ncsa_auth $dir/passwd
auth_param basic realm arcprobe-test
acl authed proxy_auth REQUIRED
http_access allow authed
http_access deny all
cache deny all
cache_mem 8 MB
pid_filename $dir/squid.pid
cache_log $dir/cache.log
access_log stdio:$T/squid-$port-access.log
coredump_dir $dir
shutdown_lifetime 0 seconds
dns_nameservers 127.0.0.1
CONF
    chmod -R a+rX "$dir"
    chmod 777 "$dir" "$T"
    ip netns exec "$NS" squid -N -f "$dir/squid.conf" >"$dir/stdout.log" 2>&1 &
    EP_PIDS+=($!)
    wait_port "$port"
}

# drive [key=value...]: one endpoint cycle in the namespace; JSON in $OUT,
# the driver's exit status in DRIVER_RC
OUT=$T/out.json
drive() {
    DRIVER_RC=0
    in_ns "$EP_DRIVER" "$@" >"$OUT" 2>"$T/driver.err" || DRIVER_RC=$?
    # a sanitizer report fails the test even when the exit status looks like a state
    if [ "$DRIVER_RC" -gt 3 ] ||
        grep -q -E 'AddressSanitizer|LeakSanitizer|runtime error:' "$T/driver.err"; then
        cat "$T/driver.err" >&2
        die "driver failed with $DRIVER_RC"
    fi
}

# check ASSERTION...: against the last drive's output (see jcheck.py)
FAILED=0
check() {
    if ! python3 "$EP_HERE/jcheck.py" "$OUT" "$@"; then
        FAILED=1
        echo "--- output:" >&2
        cat "$OUT" >&2
    fi
}

# A veth whose peer never answers, and a neighbour entry for an address
# nobody has: SYNs leave and vanish, like behind a dropping firewall.
blackhole() {
    ip -n "$NS" link add bha type veth peer name bhb 2>/dev/null ||
        skip "cannot create a veth pair in the namespace"
    ip -n "$NS" addr add 10.202.0.1/24 dev bha
    ip -n "$NS" link set bha up
    ip -n "$NS" link set bhb up
    ip -n "$NS" neigh add 10.202.0.9 lladdr 02:00:00:00:00:09 dev bha nud permanent
    add_host bh.ep.test 10.202.0.9
}

# dead_resolver: the namespace's nameserver sits behind the blackhole, so
# every DNS query vanishes and glibc waits its full 5 s x 2 tries.
dead_resolver() {
    blackhole
    echo "nameserver 10.202.0.9" >"/etc/netns/$NS/resolv.conf"
}
