# Shared pieces of the scripts that run a server on loopback (sourced, not run): a free port, waiting for an
# answer, a stack of clean-ups run on exit, and kpi-server started on a free port and stopped on exit.
# Sourced by scripts/browser-test.sh, scripts/schemathesis.sh, Examples/swift/run.sh and Benchmarks/load-common.sh.
# Sets an EXIT trap (run_cleanup); a script that sources this adds its own clean-ups with cleanup_add.

_cleanup=()
# cleanup_add COMMAND: run COMMAND (eval) on exit; the last added runs first.
cleanup_add() { _cleanup+=("$1"); }
_run_cleanup() { local i; for ((i=${#_cleanup[@]}-1; i>=0; i--)); do eval "${_cleanup[$i]}" || true; done; }
trap _run_cleanup EXIT

# A TCP port on 127.0.0.1 that nothing listens on now.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# wait_for_url URL [WHAT [PID]]: until anything answers URL over HTTP (any status), 10 s at the most; fails at
# once when process PID (the server, if given) has exited.
wait_for_url() {
  local i
  for i in $(seq 1 200); do
    curl -s -o /dev/null "$1" && return 0
    if [ -n "${3:-}" ] && ! kill -0 "$3" 2>/dev/null; then echo "${2:-the server} exited" >&2; return 1; fi
    sleep 0.05
  done
  echo "${2:-nothing} did not answer $1" >&2; return 1
}

# wait_for_port PORT [PID]: until a server answers GET /healthz on 127.0.0.1:PORT (see wait_for_url).
wait_for_port() { wait_for_url "http://127.0.0.1:$1/healthz" "the server on port $1" "${2:-}"; }

# start_kpi_server BINARY [ARGS...]: BINARY --host 127.0.0.1 --port (free) --log-level warning ARGS in the
# background, stopped on exit; returns once /healthz answers 200. Sets kpi_pid, kpi_port and kpi_url.
# The server's output goes to a temporary file, shown when it does not come up.
start_kpi_server() {
  local binary=$1; shift
  local log
  log=$(mktemp)
  kpi_port=$(free_port)
  kpi_url="http://127.0.0.1:$kpi_port"
  "$binary" --host 127.0.0.1 --port "$kpi_port" --log-level warning "$@" >"$log" 2>&1 &
  kpi_pid=$!
  cleanup_add "kill -TERM $kpi_pid 2>/dev/null; wait $kpi_pid 2>/dev/null; rm -f '$log'"
  if ! wait_for_port "$kpi_port" "$kpi_pid" || ! curl -fsS -o /dev/null "$kpi_url/healthz"; then
    cat "$log" >&2; return 1
  fi
}
