# Shared by the integration scripts: start arc-sim in a private directory,
# switch its scenario, and stop it on exit.
# usage: sim_start ARC_SIM [arc-sim options...]; sets SIM_DIR, SIM_CONF, SIM_PORT, SIM_TLS_PORT
sim_start() {
  local bin=$1; shift
  SIM_DIR=$(mktemp -d /tmp/arcprobe-it.XXXXXX)
  chmod 755 "$SIM_DIR"
  "$bin" --dir "$SIM_DIR" --process-name "himds-$$" "$@" >"$SIM_DIR/sim.log" 2>&1 &
  SIM_PID=$!
  trap sim_stop EXIT
  local i
  for i in $(seq 300); do
    [ -f "$SIM_DIR/ready" ] && break
    kill -0 "$SIM_PID" 2>/dev/null || { cat "$SIM_DIR/sim.log"; echo "arc-sim died" >&2; exit 1; }
    sleep 0.1
  done
  [ -f "$SIM_DIR/ready" ] || { echo "arc-sim not ready" >&2; exit 1; }
  SIM_CONF=$SIM_DIR/arcprobe.conf
  SIM_PORT=$(sed -n 's/.*port=\([0-9]*\) .*/\1/p' "$SIM_DIR/ready" | head -1)
  SIM_TLS_PORT=$(sed -n 's/.*tls_port=\([0-9]*\).*/\1/p' "$SIM_DIR/ready" | head -1)
}

# sim_restart ARC_SIM [arc-sim options...]: a fresh simulator with other options
sim_restart() {
  sim_stop
  sim_start "$@"
}

sim_scenario() {
  echo "$1" >"$SIM_DIR/scenario"
  local i
  for i in $(seq 100); do
    grep -qx "scenario=$1" "$SIM_DIR/ready" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "arc-sim did not switch to $1" >&2
  exit 1
}

sim_stop() {
  if [ -n "${SIM_PID:-}" ]; then
    kill "$SIM_PID" 2>/dev/null || true
    wait "$SIM_PID" 2>/dev/null || true
  fi
  [ -n "${SIM_DIR:-}" ] && rm -rf "$SIM_DIR"
  return 0
}

# json_get FILE EXPR: a Python expression over `r` (the parsed report)
json_get() {
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

FAILURES=0
expect() { # expect DESCRIPTION ACTUAL EXPECTED
  if [ "$2" == "$3" ]; then echo "ok   - $1"; else echo "FAIL - $1: got '$2', want '$3'"; FAILURES=$((FAILURES+1)); fi
}
expect_no_advice() { # expect_no_advice DESCRIPTION TEXT: a component text says what is, not what to do
  case "$2" in
    *systemctl* | *azcmagent\ * | *"check "* | *" fix "* | *"start it"*)
      echo "FAIL - $1: advice in '$2'"; FAILURES=$((FAILURES+1)) ;;
    *) echo "ok   - $1" ;;
  esac
}
expect_match() { # expect_match DESCRIPTION ACTUAL REGEX
  if [[ "$2" =~ $3 ]]; then echo "ok   - $1"; else echo "FAIL - $1: '$2' does not match /$3/"; FAILURES=$((FAILURES+1)); fi
}
finish() {
  if [ "$FAILURES" -ne 0 ]; then echo "$FAILURES check(s) failed"; exit 1; fi
  echo "all checks passed"
}
