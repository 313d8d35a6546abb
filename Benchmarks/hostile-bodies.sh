#!/usr/bin/env bash
# Memory cost of hostile request bodies at the default body limit (8 MiB), on loopback and bounded (each curl
# at most 120 s). For each shape a fresh kpi-server (default settings) gets one warm-up POST /cac, then the
# body; VmRSS before, VmHWM (peak) and VmRSS after come from /proc/PID/status. Shapes: (a) /nps scores
# [-1,0,0,…], (b) /nps scores [0,0,…], (c) /sales-cycle-length deals [{"a":1},…], (d) /cac {"x":["a",…]},
# (e) /cac arrays nested 60 deep (the limit is 64), repeated, (f) /batch of 1000 NPS items of 1000 bad
# scores each (~4 MB), (fz) the same with the response gzip-encoded, (h) valid deals with ids, dates, reps, (g) 8 concurrent copies of the shape
# with the largest peak growth. Prints a table with the pod memory limit from deploy/kubernetes.yaml;
# exits 1 if the server died.
# Usage: Benchmarks/hostile-bodies.sh            (KPI_BIN=path skips the release build)
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/load-common.sh

ensure_tools
bin=$(kpi_server_binary)
limit=$(awk '/limits:/ {l = 1} l && /memory:/ {print $2; exit}' deploy/kubernetes.yaml)

work=$(mktemp -d)
cleanup_add "rm -rf '$work'"
python3 - "$work" <<'PY'
import sys
w, limit = sys.argv[1], 8 * 1024 * 1024 - 16
def fill(name, head, first, more, tail, size=limit):
    n = (size - len(head) - len(first) - len(tail)) // len(more)
    open(f"{w}/{name}.json", "w").write(head + first + more * n + tail)
fill("a", '{"scores":[', "-1", ",0", "]}")
fill("b", '{"scores":[', "0", ",0", "]}")
fill("c", '{"deals":[', '{"a":1}', ',{"a":1}', "]}")
fill("d", '{"x":[', '"a"', ',"a"', "]}")
nested = "[" * 60 + "0" + "]" * 60
fill("e", '{"x":[', nested, "," + nested, "]}")
deal = '{"id":"d-%d","createdAt":"2024-03-01","closedAt":"2024-03-31T12:00:00Z","rep":"rep-%d"}'
deals = [deal % (i, i % 50) for i in range(200000)]
body, size = [], len('{"deals":[]}')
for d in deals:
    if size + len(d) + 1 > limit: break
    body.append(d); size += len(d) + 1
open(f"{w}/h.json", "w").write('{"deals":[' + ",".join(body) + "]}")
item = '{"kpi":"nps","input":{"scores":[' + ",".join(["100"] * 1000) + "]}}"
open(f"{w}/f.json", "w").write('{"items":[' + ",".join([item] * 1000) + "]}")
PY
declare -A routes=([a]=/nps [b]=/nps [c]=/sales-cycle-length [h]=/sales-cycle-length [d]=/cac [e]=/cac [f]=/batch [fz]=/batch)
declare -A files=([fz]=f) gzip=([fz]=--compressed)  # fz: the body of f, the response gzip-encoded

status_kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }
died=0
# measure SHAPE COPIES: fresh server, warm-up, COPIES concurrent POSTs of SHAPE; appends a row to rows.tsv.
measure() {
  local shape=$1 copies=$2 port pid before i curls=()
  port=$(free_port)
  "$bin" --host 127.0.0.1 --port "$port" >/dev/null 2>&1 &
  pid=$!
  wait_for_port "$port"
  curl -s -o /dev/null -H 'Content-Type: application/json' -d '{"totalSpend":10000,"newCustomers":10}' \
    "http://127.0.0.1:$port/cac"
  sleep 0.2
  before=$(status_kb "$pid" VmRSS)
  echo 5 >"/proc/$pid/clear_refs"  # resets VmHWM to the current RSS
  for ((i = 0; i < copies; i++)); do
    curl -s --max-time 120 -o /dev/null -w '%{http_code} %{size_download} %{time_total}\n' \
      ${gzip[$shape]:-} -H 'Content-Type: application/json' --data-binary "@$work/${files[$shape]:-$shape}.json" \
      "http://127.0.0.1:$port${routes[$shape]}" >"$work/curl.$i" &
    curls+=($!)
  done
  for i in "${curls[@]}"; do wait "$i" || true; done
  sleep 0.5
  if [ -d "/proc/$pid" ] && [ "$(awk '/^State/ {print $2}' "/proc/$pid/status")" != Z ]; then
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$shape" "$copies" "${routes[$shape]}" "$(stat -c %s "$work/${files[$shape]:-$shape}.json")" \
      "$(cat "$work"/curl.* | awk '{s[$1]++; b += $2; if ($3 > t) t = $3} END {for (k in s) printf "%s×%s ", s[k], k; printf "\t%d\t%.2f", b / NR, t}')" \
      "$before" "$(status_kb "$pid" VmHWM) $(status_kb "$pid" VmRSS)" >>"$work/rows.tsv"
    kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  else
    echo "kpi-server died on shape $shape × $copies" >&2
    printf '%s\t%s\t%s\t%s\tDIED\t0\t0\t%s\t0 0\n' "$shape" "$copies" "${routes[$shape]}" \
      "$(stat -c %s "$work/${files[$shape]:-$shape}.json")" "$before" >>"$work/rows.tsv"
    died=1; wait "$pid" 2>/dev/null || true
  fi
  rm -f "$work"/curl.*
}

: >"$work/rows.tsv"
for shape in a b c d e f fz h; do measure "$shape" 1; done
worst=$(awk -F'\t' '{split($9, p, " "); g = p[1] - $8; if (g > best) {best = g; w = $1}} END {print w}' "$work/rows.tsv")
measure "$worst" 8

python3 - "$work/rows.tsv" "$limit" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
limit = sys.argv[2]
mib = lambda kb: int(kb) / 1024
print(f"{'shape':8} {'route':20} {'body MiB':>8} {'status':14} {'resp bytes':>11} {'time s':>6} "
      f"{'RSS before':>10} {'peak':>7} {'growth':>7} {'growth/body':>11} {'RSS after':>9}  (MiB; pod limit {limit})")
for shape, copies, route, size, status, resp, secs, before, after in rows:
    hwm, rss = after.split()
    growth = mib(hwm) - mib(before)
    body = int(size) * int(copies) / 1024 / 1024
    over = " OVER LIMIT" if limit.endswith("Mi") and mib(hwm) > float(limit[:-2]) else ""
    name = shape if copies == "1" else f"g: 8×{shape}"
    if status == "DIED":
        print(f"{name:8} {route:20} {body:8.2f} {'DIED':14} {'-':>11} {'-':>6} {mib(before):10.1f} {'-':>7}")
        continue
    print(f"{name:8} {route:20} {body:8.2f} {status:14} {resp:>11} {secs:>6} {mib(before):10.1f} {mib(hwm):7.1f} "
          f"{growth:7.1f} {growth / body:11.1f} {mib(rss):9.1f}{over}")
PY
[ "$died" -eq 0 ]
