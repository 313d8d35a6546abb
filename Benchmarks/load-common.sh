# Shared pieces of the load scripts (sourced, not run): tools, pinned wrk runs next to nginx, RSS, the table.
# Every run is on loopback and bounded by DURATION seconds. The clean-up stack (cleanup_add), free_port and
# wait_for_port/wait_for_url come from scripts/lib/serve.sh, which the other server-running scripts share.

source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib/serve.sh"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

ensure_tools() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v nginx >/dev/null || missing+=(nginx-light)
  command -v taskset >/dev/null || missing+=(util-linux)
  command -v curl >/dev/null || missing+=(curl)
  if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
  fi
}

# Runs a swift command under the machine-wide build lock when flock exists (one build at a time).
locked() { if command -v flock >/dev/null; then flock /tmp/swift-build.lock "$@"; else "$@"; fi; }

# The kpi-server to measure: $KPI_BIN, or a release build made now (under the build lock).
kpi_server_binary() {
  if [ -n "${KPI_BIN:-}" ]; then echo "$KPI_BIN"; return; fi
  locked swift build -c release --product kpi-server >&2
  echo "$(swift build -c release --show-bin-path)/kpi-server"
}

# start_nginx WORKDIR PORT /path=FILE...: one worker pinned to core 0, `return 200` with each file's bytes.
start_nginx() {
  local work=$1 port=$2; shift 2
  local locations="" spec path file body
  for spec in "$@"; do
    path=${spec%%=*}; file=${spec#*=}
    body=$(cat "$file")
    case "$body" in *'$'*|*"'"*|*'\'*) echo "cannot embed $file in nginx.conf" >&2; return 1;; esac
    locations+="    location = $path { default_type application/json; return 200 '$body'; }"$'\n'
  done
  mkdir -p "$work/nginx/logs"
  cat >"$work/nginx/nginx.conf" <<CONF
worker_processes 1;
worker_cpu_affinity 01;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log;
events { worker_connections 20000; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path $work/nginx;
  server {
    listen 127.0.0.1:$port backlog=4096;
$locations  }
}
CONF
  taskset -c 0 nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' &
  _nginx_master=$!
  cleanup_add "kill -QUIT $_nginx_master 2>/dev/null; wait $_nginx_master 2>/dev/null"
  wait_for_url "http://127.0.0.1:$port/" nginx
}

nginx_worker_pid() { pgrep -P "$_nginx_master" | head -n 1; }

# write_post_script FILE BODY: a wrk Lua script that POSTs BODY as JSON.
write_post_script() {
  python3 - "$1" "$2" <<'PY'
import json, sys
open(sys.argv[1], "w").write(
    'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = %s\n' % json.dumps(sys.argv[2]))
PY
}

# warm_up SCRIPT URL...: two seconds of load on each URL, not measured, so that no server's first measured
# run pays for its buffers growing and its pages faulting in.
warm_up() {
  local script=$1; shift
  local url
  for url in "$@"; do
    taskset -c 1 wrk -t1 -c64 -d2s -s "$script" "$url" >/dev/null
  done
}

# run_wrk RESULTS SCENARIO SERVER CONNECTIONS SCRIPT URL [wrk args]: appends one row to RESULTS.
run_wrk() {
  local results=$1 scenario=$2 server=$3 connections=$4 script=$5 url=$6; shift 6
  local script_args=()
  [ -n "$script" ] && script_args=(-s "$script")
  local out
  out=$(taskset -c 1 wrk -t1 -c"$connections" -d"${DURATION}s" --timeout 5s --latency "${script_args[@]}" "$@" "$url")
  python3 - "$scenario" "$server" >>"$results" <<PY
import re, sys
text = """$out"""
def ms(value):
    number, unit = re.match(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p50 = ms(re.search(r"^\s*50%\s+(\S+)", text, re.M).group(1))  # not "72.50%" of a stats line
p99 = ms(re.search(r"^\s*99%\s+(\S+)", text, re.M).group(1))
errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", text))
m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
errors += int(m.group(1)) if m else 0
print(f"{sys.argv[1]}\t{sys.argv[2]}\t{rps:.0f}\t{p50:.2f}\t{p99:.2f}\t{errors}")
PY
}

peak_rss_kb() { awk '/VmHWM/ {print $2}' "/proc/$1/status"; }
nginx_peak_rss_kb() { peak_rss_kb "$(nginx_worker_pid)"; }

# print_table RESULTS SERVER_RSS_KB NGINX_RSS_KB: the side-by-side table with ratios.
print_table() {
  python3 - "$@" <<'PY'
import sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1]) if line.strip()]
scenarios = []
for row in rows:
    if row[0] not in scenarios:
        scenarios.append(row[0])
by = {(r[0], r[1]): r for r in rows}
servers = []
for r in rows:
    if r[1] not in servers:
        servers.append(r[1])
ours, ref = servers[0], servers[1]
print(f"{'scenario':44} {'server':11} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}  ratio")
for s in scenarios:
    a, b = by[(s, ours)], by[(s, ref)]
    for r in (a, b):
        ratio = f"{100 * float(a[2]) / float(b[2]):.0f} %" if r is a else ""
        print(f"{s:44} {r[1]:11} {r[2]:>9} {r[3]:>8} {r[4]:>8} {r[5]:>7}  {ratio}")
print(f"peak RSS: {ours} {int(sys.argv[2]) // 1024} MB, {ref} worker {int(sys.argv[3]) // 1024} MB")
PY
}
