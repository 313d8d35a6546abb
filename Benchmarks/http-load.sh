#!/usr/bin/env bash
# Load test of HTTPServer next to nginx, loopback only, bounded in time (~2 min with defaults).
#
# The server under test (HTTPBenchServer, one event-loop thread) and nginx-light (one worker, `return 200`
# with the same body) are pinned to core 0 and wrk to core 1; they run one after the other:
#   64 keep-alive connections, 1,024 keep-alive connections, a new connection per request.
# Then 10,000 idle keep-alive connections are held against HTTPBenchServer, and its thread count
# is read before and after from /proc/PID/status.
#
# Environment: SERVER_BIN (skip the build), DURATION (seconds per scenario, default 10),
#              IDLE_CONNECTIONS (10000).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${DURATION:-10}"
IDLE_CONNECTIONS="${IDLE_CONNECTIONS:-10000}"
source Benchmarks/load-common.sh

ensure_tools
if [[ -z "${SERVER_BIN:-}" ]]; then
    locked swift build -c release --product HTTPBenchServer >&2
    SERVER_BIN="$(swift build -c release --show-bin-path)/HTTPBenchServer"
fi
WORK="$(mktemp -d /tmp/http-load.XXXXXX)"
cleanup_add "rm -rf '$WORK'"
printf '%s' '{"status":"ok"}' >"$WORK/healthz.out"

echo "HTTPServer vs nginx-light — loopback, server on core 0, wrk (1 thread) on core 1, ${DURATION}s per scenario"
echo "host: $(nproc) CPUs, $(uname -r), $(nginx -v 2>&1), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"

SWIFT_PORT=$(free_port)
taskset -c 0 "$SERVER_BIN" --host 127.0.0.1 --port "$SWIFT_PORT" --threads 1 >"$WORK/swift.log" 2>&1 &
SWIFT_PID=$!
cleanup_add "kill $SWIFT_PID 2>/dev/null; wait $SWIFT_PID 2>/dev/null"
wait_for_port "$SWIFT_PORT"
NGINX_PORT=$(free_port)
start_nginx "$WORK" "$NGINX_PORT" "/healthz=$WORK/healthz.out"

results="$WORK/results.tsv"
: >"$results"
for scenario in "keep-alive 64:64" "keep-alive 1024:1024" "new connection 64:64:close"; do
    IFS=: read -r label connections mode <<<"$scenario"
    extra=()
    if [[ "$mode" == close ]]; then extra=(-H "Connection: close"); fi
    run_wrk "$results" "$label" HTTPServer "$connections" "" "http://127.0.0.1:$SWIFT_PORT/healthz" "${extra[@]}"
    run_wrk "$results" "$label" nginx "$connections" "" "http://127.0.0.1:$NGINX_PORT/healthz" "${extra[@]}"
done
print_table "$results" "$(peak_rss_kb "$SWIFT_PID")" "$(nginx_peak_rss_kb)"

status_field() { awk -v key="$2:" '$1 == key { print $2 }' "/proc/$1/status"; }
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
row() { awk -F'\t' -v s="$1" -v v="$2" '$1 == s && $2 == v' "$results"; }
ratio64="$(awk -F'\t' -v a="$(row 'keep-alive 64' HTTPServer | cut -f3)" -v b="$(row 'keep-alive 64' nginx | cut -f3)" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')"
errors1024="$(row 'keep-alive 1024' HTTPServer | cut -f6)"
verdict() { if [[ "$1" == 1 ]]; then echo PASS; else echo FAIL; fi; }
echo "bar: 64 connections >= 60% of nginx: $ratio64 -> $(verdict "$(awk -v r="$ratio64" 'BEGIN { print (r >= 0.6) }')")"
echo "bar: 0 errors at 1,024 connections: $errors1024 -> $(verdict "$(( errors1024 == 0 ))")"
echo "bar: $IDLE_CONNECTIONS idle connections, thread count unchanged: $THREADS_BEFORE -> $threads_during -> $(verdict "$(( held == IDLE_CONNECTIONS && threads_during == THREADS_BEFORE ))")"
