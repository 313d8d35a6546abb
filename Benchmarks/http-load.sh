#!/usr/bin/env bash
# Load test of HTTPServer next to nginx, loopback only, bounded in time (~2 min with defaults).
#
# The server under test is pinned to core 0 and wrk to core 1; each scenario runs the same way
# against HTTPBenchServer and nginx-light (worker_processes 1, `return 200` with the same body):
#   64 keep-alive connections, 1,024 keep-alive connections, a new connection per request.
# Then 10,000 idle keep-alive connections are held against HTTPBenchServer, and its thread count
# is read before and after from /proc/PID/status.
#
# Environment: SERVER_BIN (skip the build), DURATION (per scenario, default 10s),
#              SWIFT_PORT (18081), NGINX_PORT (18082), IDLE_CONNECTIONS (10000).
set -euo pipefail

cd "$(dirname "$0")/.."
DURATION="${DURATION:-10s}"
SWIFT_PORT="${SWIFT_PORT:-18081}"
NGINX_PORT="${NGINX_PORT:-18082}"
IDLE_CONNECTIONS="${IDLE_CONNECTIONS:-10000}"
BODY='{"status":"ok"}'
WORK="$(mktemp -d /tmp/http-load.XXXXXX)"
PIDS=()

cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT

ulimit -n "$(ulimit -Hn)"

if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null || ! command -v taskset >/dev/null; then
    apt-get install -y wrk nginx-light util-linux >/dev/null 2>&1 || {
        apt-get update >/dev/null
        apt-get install -y wrk nginx-light util-linux >/dev/null
    }
fi

if [[ -z "${SERVER_BIN:-}" ]]; then
    build=(swift build -c release --product HTTPBenchServer)
    if command -v flock >/dev/null; then build=(flock /tmp/swift-build.lock "${build[@]}"); fi
    timeout 1800 "${build[@]}" >&2
    SERVER_BIN="$PWD/.build/release/HTTPBenchServer"
fi

wait_for_port() {
    for _ in $(seq 1 100); do
        if curl -sf "http://127.0.0.1:$1/healthz" >/dev/null 2>&1; then return 0; fi
        sleep 0.1
    done
    echo "server on port $1 did not come up" >&2
    exit 1
}

status_field() { awk -v key="$2:" '$1 == key { print $2 }' "/proc/$1/status"; }

# Prints: requests/s p50 p99 errors
run_wrk() {
    local port="$1" connections="$2" extra=("${@:3}")
    local output
    output="$(timeout 120 taskset -c 1 wrk -t1 -c"$connections" -d"$DURATION" --timeout 5s --latency "${extra[@]}" \
        "http://127.0.0.1:$port/healthz")"
    echo "$output" > "$WORK/wrk-$port-$connections-${#extra[@]}.txt"
    local rps p50 p99 socket non2xx
    rps="$(awk '/^Requests\/sec:/ { print $2 }' <<<"$output")"
    p50="$(awk '$1 == "50%" { print $2 }' <<<"$output")"
    p99="$(awk '$1 == "99%" { print $2 }' <<<"$output")"
    socket="$(awk '/Socket errors:/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' <<<"$output")"
    non2xx="$(awk '/Non-2xx or 3xx responses:/ { print $4 }' <<<"$output")"
    echo "${rps:-0} ${p50:-?} ${p99:-?} $(( ${socket:-0} + ${non2xx:-0} ))"
}

start_swift() {
    taskset -c 0 "$SERVER_BIN" --host 127.0.0.1 --port "$SWIFT_PORT" --threads 1 >"$WORK/swift.log" 2>&1 &
    SWIFT_PID=$!
    PIDS+=("$SWIFT_PID")
    wait_for_port "$SWIFT_PORT"
}

start_nginx() {
    mkdir -p "$WORK/nginx/logs"
    cat >"$WORK/nginx/nginx.conf" <<CONF
daemon off;
master_process off;
worker_processes 1;
worker_rlimit_nofile 20000;
error_log $WORK/nginx/logs/error.log error;
pid $WORK/nginx/nginx.pid;
events { worker_connections 16384; }
http {
    access_log off;
    keepalive_requests 10000;
    client_body_temp_path $WORK/nginx/body;
    proxy_temp_path $WORK/nginx/proxy;
    fastcgi_temp_path $WORK/nginx/fastcgi;
    uwsgi_temp_path $WORK/nginx/uwsgi;
    scgi_temp_path $WORK/nginx/scgi;
    server {
        listen 127.0.0.1:$NGINX_PORT backlog=4096;
        location = /healthz { default_type application/json; return 200 '$BODY'; }
    }
}
CONF
    taskset -c 0 nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" >"$WORK/nginx.log" 2>&1 &
    NGINX_PID=$!
    PIDS+=("$NGINX_PID")
    wait_for_port "$NGINX_PORT"
}

echo "HTTPServer vs nginx-light — loopback, server on core 0, wrk (1 thread) on core 1, $DURATION per scenario"
echo "host: $(nproc) CPUs, $(uname -r), $(nginx -v 2>&1), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
start_swift
start_nginx

declare -A SWIFT_RPS NGINX_RPS SWIFT_ERR
printf '\n%-22s %-8s %12s %10s %10s %8s %12s\n' scenario server "req/s" p50 p99 errors "peak RSS"
for scenario in "keep-alive 64:64" "keep-alive 1024:1024" "new connection 64:64:close"; do
    IFS=: read -r label connections mode <<<"$scenario"
    extra=()
    if [[ "$mode" == close ]]; then extra=(-H "Connection: close"); fi
    for server in swift nginx; do
        if [[ $server == swift ]]; then port=$SWIFT_PORT; pid=$SWIFT_PID; else port=$NGINX_PORT; pid=$NGINX_PID; fi
        read -r rps p50 p99 errors < <(run_wrk "$port" "$connections" "${extra[@]}")
        rss="$(status_field "$pid" VmHWM) kB"
        printf '%-22s %-8s %12s %10s %10s %8s %12s\n' "$label" "$server" "$rps" "$p50" "$p99" "$errors" "$rss"
        if [[ $server == swift ]]; then SWIFT_RPS[$label]=$rps; SWIFT_ERR[$label]=$errors; else NGINX_RPS[$label]=$rps; fi
    done
    awk -v s="${SWIFT_RPS[$label]}" -v n="${NGINX_RPS[$label]}" -v l="$label" \
        'BEGIN { printf "%-22s ratio HTTPServer/nginx = %.2f\n", l, (n > 0 ? s / n : 0) }'
done

echo
echo "idle connections: holding $IDLE_CONNECTIONS keep-alive connections open against HTTPServer"
THREADS_BEFORE="$(status_field "$SWIFT_PID" Threads)"
RSS_BEFORE="$(status_field "$SWIFT_PID" VmRSS)"
cat >"$WORK/idle.py" <<'PY'
import socket, sys, time
port, count, pid = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
request = b"GET /healthz HTTP/1.1\r\nHost: bench\r\n\r\n"
sockets, answered = [], 0
deadline = time.time() + 120
for _ in range(count):
    if time.time() > deadline:
        break
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.sendall(request)
    data = b""
    while b'{"status":"ok"}' not in data:
        chunk = s.recv(4096)
        if not chunk:
            break
        data += chunk
    answered += b" 200 " in data
    sockets.append(s)
time.sleep(1)
status = open(f"/proc/{pid}/status").read().splitlines()
field = lambda key: next(line.split()[1] for line in status if line.startswith(key + ":"))
still_open = 0
for s in sockets:
    s.setblocking(False)
    try:
        still_open += s.recv(1) != b""
    except BlockingIOError:
        still_open += 1
    except OSError:
        pass
print(f"{len(sockets)} {answered} {still_open} {field('Threads')} {field('VmRSS')}")
PY
read -r opened answered held threads_during rss_during < <(timeout 180 python3 "$WORK/idle.py" "$SWIFT_PORT" "$IDLE_CONNECTIONS" "$SWIFT_PID")
THREADS_AFTER="$(status_field "$SWIFT_PID" Threads)"
echo "opened $opened, answered $answered, still open after 1 s idle: $held"
echo "threads: before $THREADS_BEFORE, while holding $threads_during, after $THREADS_AFTER"
echo "RSS: before ${RSS_BEFORE} kB, while holding ${rss_during} kB; peak (VmHWM) $(status_field "$SWIFT_PID" VmHWM) kB"

echo
ratio64="$(awk -v s="${SWIFT_RPS[keep-alive 64]}" -v n="${NGINX_RPS[keep-alive 64]}" 'BEGIN { printf "%.2f", (n > 0 ? s / n : 0) }')"
verdict() { if [[ "$1" == 1 ]]; then echo PASS; else echo FAIL; fi; }
echo "bar: 64 connections >= 60% of nginx: $ratio64 -> $(verdict "$(awk -v r="$ratio64" 'BEGIN { print (r >= 0.6) }')")"
echo "bar: 0 errors at 1,024 connections: ${SWIFT_ERR[keep-alive 1024]} -> $(verdict "$(( ${SWIFT_ERR[keep-alive 1024]} == 0 ))")"
echo "bar: $IDLE_CONNECTIONS idle connections, thread count unchanged: $THREADS_BEFORE -> $threads_during -> $(verdict "$(( held == IDLE_CONNECTIONS && threads_during == THREADS_BEFORE ))")"
