#!/usr/bin/env bash
# Load benchmark of kpi-server next to nginx answering the same response bytes with a static `return 200`.
# Loopback only and bounded: each wrk run lasts DURATION seconds (default 10). kpi-server (one event-loop
# thread) and nginx (one worker) are pinned to core 0, wrk to core 1; they run one after the other.
# Prints requests/s, p50, p99, errors and peak RSS for both, the ratios, and start-up time to the first 200.
# Usage: Benchmarks/kpi-load.sh            (KPI_BIN=path skips the release build)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10}
source Benchmarks/load-common.sh

ensure_tools
bin=$(kpi_server_binary)

work=$(mktemp -d)
cleanup_add "rm -rf '$work'"
cac_body='{"totalSpend":10000,"newCustomers":10}'
python3 -c 'import json; print(json.dumps({"scores":[i % 11 for i in range(1000)]}, separators=(",", ":")), end="")' >"$work/nps.json"

# Start-up: time from exec to the first 200 on /healthz (best of 5).
startup_ms=$(python3 Benchmarks/startup-time.py "$bin" 5)

port=$(free_port)
taskset -c 0 "$bin" --host 127.0.0.1 --port "$port" --threads 1 --log-level info >"$work/kpi.log" 2>&1 &
kpi_pid=$!
cleanup_add "kill -TERM $kpi_pid 2>/dev/null; wait $kpi_pid 2>/dev/null"
wait_for_port "$port"

# nginx answers each path with exactly the bytes kpi-server sends.
curl -s "http://127.0.0.1:$port/cac" -H 'Content-Type: application/json' -d "$cac_body" >"$work/cac.out"
curl -s "http://127.0.0.1:$port/nps" -H 'Content-Type: application/json' --data-binary "@$work/nps.json" >"$work/nps.out"
nginx_port=$(free_port)
start_nginx "$work" "$nginx_port" "/cac=$work/cac.out" "/nps=$work/nps.out"

write_post_script "$work/cac.lua" "$cac_body"
write_post_script "$work/nps.lua" "$(cat "$work/nps.json")"

warm_up "$work/cac.lua" "http://127.0.0.1:$port/cac" "http://127.0.0.1:$nginx_port/cac"

results="$work/results.tsv"
: >"$results"
run_pair() {  # name connections script path [extra wrk args]
  local name=$1 connections=$2 script=$3 path=$4; shift 4
  run_wrk "$results" "$name" kpi-server "$connections" "$script" "http://127.0.0.1:$port$path" "$@"
  run_wrk "$results" "$name" nginx "$connections" "$script" "http://127.0.0.1:$nginx_port$path" "$@"
}
run_pair "POST /cac, 64 keep-alive" 64 "$work/cac.lua" /cac
run_pair "POST /cac, 256 keep-alive" 256 "$work/cac.lua" /cac
run_pair "POST /nps 1000 scores, 64 keep-alive" 64 "$work/nps.lua" /nps
run_pair "POST /cac, new connection each" 64 "$work/cac.lua" /cac -H "Connection: close"

kpi_rss=$(peak_rss_kb "$kpi_pid")
nginx_rss=$(nginx_peak_rss_kb)
print_table "$results" "$kpi_rss" "$nginx_rss"
echo "kpi-server peak RSS: $((kpi_rss / 1024)) MB ($kpi_rss kB); start to first 200 on /healthz: ${startup_ms} ms"
echo "kpi-server access log lines: $(wc -l <"$work/kpi.log")"
