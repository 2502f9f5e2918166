# private_systemd.sh - sourced by tests: a private "system bus" (dbus-daemon
# listening on a socket in a test's own directory) with the stand-in for
# systemd's API (tests/integration/fake_systemd) on it, so the service check
# runs over sd-bus without touching the machine's bus or its systemd.
#
# private_systemd_start DIR FAKE_SYSTEMD
#   Exports DBUS_SYSTEM_BUS_ADDRESS, sets PRIVATE_BUS_PID and FAKE_SYSTEMD_PID
#   (the caller ends both), writes "loaded active" to DIR/unit-state (the
#   stand-in answers with what that file holds). Returns 1, after printing
#   both logs, when the stand-in does not come up.
private_systemd_start() {
    local dir=$1 fake=$2 i
    cat >"$dir/bus.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=$dir/system_bus_socket</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_destination="*" eavesdrop="true"/>
    <allow receive_sender="*"/>
  </policy>
</busconfig>
CONF
    dbus-daemon --config-file="$dir/bus.conf" --nofork --nopidfile >"$dir/bus.log" 2>&1 &
    PRIVATE_BUS_PID=$!
    for ((i = 0; i < 100; i++)); do
        [ -S "$dir/system_bus_socket" ] && break
        sleep 0.1
    done
    export DBUS_SYSTEM_BUS_ADDRESS=unix:path=$dir/system_bus_socket
    echo "loaded active" >"$dir/unit-state"
    "$fake" "$dir/unit-state" >"$dir/fake_systemd.log" 2>&1 &
    FAKE_SYSTEMD_PID=$!
    for ((i = 0; i < 100; i++)); do
        grep -q ready "$dir/fake_systemd.log" 2>/dev/null && return 0
        sleep 0.1
    done
    echo "fake_systemd did not start:"
    cat "$dir/fake_systemd.log" "$dir/bus.log"
    return 1
}
