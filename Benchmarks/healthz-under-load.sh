#!/usr/bin/env bash
# GET /healthz latency while the heaviest requests the default budget allows run: two clients post, over and
# over (bounded: at most 60 s and 200 requests each), a records-form /series of sales-cycle-length by day over
# deals that stay open all year (every open deal is read in every period, so the work grows with deals × days
# up to the --max-work budget) and a /mrr-movements series of month windows just under the budget. Meanwhile 300 sequential
# GET /healthz on a keep-alive connection are timed; prints p50, p99 and max in ms, the heavy requests answered
# and their statuses. The server runs with its defaults (2 event-loop threads on 2 CPUs).
# Usage: Benchmarks/healthz-under-load.sh     (KPI_BIN=path skips the release build)
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/load-common.sh

ensure_tools
bin=$(kpi_server_binary)
work=$(mktemp -d)
cleanup_add "rm -rf '$work'"
python3 - "$work" <<'PY'
import sys, json
w = sys.argv[1]
# Open deals: each is read in each of 365 daily periods; 2,700 of them and 1,000 closed ones fill most of the
# default budget (1,000,000 readings).
deals = [{"id": f"c{i}", "createdAt": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}", "closedAt": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}"} for i in range(1000)]
deals += [{"id": f"o{i}", "createdAt": "2024-01-01"} for i in range(2700)]
json.dump({"kpi": "sales-cycle-length", "period": "day", "from": "2024-01-01", "to": "2024-12-31",
           "input": {"asOf": "2025-01-01", "deals": deals}}, open(f"{w}/series.json", "w"))
rows, size = [], 0
c = 0
# 11 month windows read every row: 7,500 customers x 12 months = 90,000 rows, 990,000 readings.
while c < 7500:
    for m in range(1, 13):
        row = {"customer": f"cust-{c}", "month": f"2024-{m:02d}", "mrr": 100 + (c * 7 + m) % 50}
        rows.append(row); size += len(json.dumps(row)) + 1
    c += 1
json.dump({"kpi": "mrr-movements", "period": "month", "input": {"mrr": rows}}, open(f"{w}/mrr.json", "w"))
PY
start_kpi_server "$bin"
heavy() {  # heavy FILE OUT: posts FILE to /series until 60 s or 200 requests; one status line each
  local end=$((SECONDS + 60)) i
  for ((i = 0; i < 200 && SECONDS < end; i++)); do
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' --max-time 120 -H 'Content-Type: application/json' \
      --data-binary "@$1" "$kpi_url/series" >>"$2" || echo "000 0" >>"$2"
    [ -f "$work/stop" ] && break
  done
}
heavy "$work/series.json" "$work/series.out" &
h1=$!
heavy "$work/mrr.json" "$work/mrr.out" &
h2=$!
cleanup_add "kill $h1 $h2 2>/dev/null || true"
sleep 2
python3 - "$kpi_port" >"$work/healthz.txt" <<'PY'
import http.client, sys, time
conn = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=30)
times = []
for _ in range(300):
    start = time.perf_counter()
    conn.request("GET", "/healthz"); r = conn.getresponse(); r.read()
    times.append((time.perf_counter() - start) * 1000)
    time.sleep(0.02)
times.sort()
print(f"{times[len(times) // 2]:.2f} {times[int(len(times) * 0.99) - 1]:.2f} {times[-1]:.2f}")
PY
touch "$work/stop"
wait "$h1" "$h2" 2>/dev/null || true
read -r p50 p99 max <"$work/healthz.txt"
echo "GET /healthz x300 while two heavy /series run: p50 ${p50} ms, p99 ${p99} ms, max ${max} ms"
for name in series mrr; do
  printf '%-7s answered %s: statuses %s; mean %s s each\n' "$name" "$(wc -l <"$work/$name.out")" \
    "$(cut -d' ' -f1 "$work/$name.out" | sort | uniq -c | tr -s ' ' | tr '\n' ' ')" \
    "$(awk '{s += $2} END {if (NR) printf "%.2f", s / NR}' "$work/$name.out")"
done
kill -0 "$kpi_pid" || { echo "the server died"; exit 1; }
