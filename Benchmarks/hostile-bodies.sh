#!/usr/bin/env bash
# Memory cost of hostile request bodies at the default body limit (8 MiB), on loopback and bounded (each curl
# at most 120 s). For each shape a fresh kpi-server (default settings) gets one warm-up POST /cac, then the
# body; VmRSS before, VmHWM (peak) and VmRSS after come from /proc/PID/status. Shapes: (a) /nps scores
# [-1,0,0,…], (b) /nps scores [0,0,…], (c) /sales-cycle-length deals [{"a":1},…], (d) /cac {"x":["a",…]},
# (e) /cac arrays nested 60 deep (the limit is 64), repeated, (f) /batch of 1000 NPS items of 1000 bad
# scores each (~4 MB), (fz) the same with the response gzip-encoded, (h) valid deals with ids, dates, reps,
# (u/ub/us) 700,000 unknown members to /compare, /batch and /series (issue lists capped at 1000), (m) 8 MB of
# distinct member names in one /cac object, (k) 65,536 names (7.7 MB) that all collide in the member-name
# table as it was before it was keyed (FNV-1a; crafted by Benchmarks/fnv-collisions.c in ~25 s), (q) 4,090
# query parameters beside a JSON body, (v) an 8 MB one-line CSV header, (r) 36 KB of /cohort-retention
# customers, one per start month (an answer over the 16 MiB cap), (sr) 30 slow readers (1 MB/s) of a ~10 MB
# /batch answer (queued answers held against the in-flight budget), (g) 8 concurrent copies of the shape with
# the largest peak growth. Prints a table with the pod memory limit from deploy/kubernetes.yaml; exits 1 if
# the server died.
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
unknown = ",".join('"u%x":0' % i for i in range(700000))  # 700,000 names in 7.7 MB
open(f"{w}/u.json", "w").write('{' + unknown + ',"kpi":"churn-rate","a":{"customersLost":1,"customersAtStart":10},"b":{"customersLost":2,"customersAtStart":10}}')
open(f"{w}/ub.json", "w").write('{' + unknown + ',"items":[]}')
open(f"{w}/us.json", "w").write('{' + unknown + ',"kpi":"churn-rate","points":[{"period":"2024","input":{"customersLost":1,"customersAtStart":10}}]}')
names, size = [], 2
for i in range(10**7):
    name = '"m%07x%d":0' % (i * 2654435761 % (1 << 28), i)
    if size + len(name) + 1 > limit: break
    names.append(name); size += len(name) + 1
open(f"{w}/m.json", "w").write("{" + ",".join(names) + "}")
open(f"{w}/q.json", "w").write('{"totalSpend":10000,"newCustomers":10}')
open(f"{w}/q.query", "w").write("&".join("p%d" % i for i in range(4090))[:8000])
open(f"{w}/v.json", "w").write("id,createdAt,closedAt" + "," * (limit - 64) + "\nd1,2024-01-01,2024-01-31\n")
customers = ['{"id":%d,"startedAt":"%d-%02d-01"}' % (i, 1940 + i // 12, i % 12 + 1) for i in range(900)]
open(f"{w}/r.json", "w").write('{"customers":[' + ",".join(customers) + "]}")
cohort = '{"kpi":"cohort-retention","input":{"customers":[' + ",".join(customers[:300]) + "]}}"
open(f"{w}/sr.json", "w").write('{"items":[' + ",".join([cohort] * 4) + "]}")
PY
query=$(cat "$work/q.query")
cc -O2 -o "$work/fnv-collisions" Benchmarks/fnv-collisions.c
"$work/fnv-collisions" 16 >"$work/k.json"
declare -A routes=([a]=/nps [b]=/nps [c]=/sales-cycle-length [h]=/sales-cycle-length [d]=/cac [e]=/cac [f]=/batch [fz]=/batch
  [u]=/compare [ub]=/batch [us]=/series [m]=/cac [k]=/cac [q]="/cac?$query" [v]=/sales-cycle-length [r]=/cohort-retention [sr]=/batch)
# fz: the body of f, the response gzip-encoded; sr: read at 1 MB/s.
declare -A files=([fz]=f) curlargs=([fz]=--compressed [sr]="--limit-rate 1m") types=([v]=text/csv)

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
      ${curlargs[$shape]:-} -H "Content-Type: ${types[$shape]:-application/json}" --data-binary "@$work/${files[$shape]:-$shape}.json" \
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
for shape in a b c d e f fz h u ub us m k q v r; do measure "$shape" 1; done
worst=$(awk -F'\t' '{split($9, p, " "); g = p[1] - $8; if (g > best) {best = g; w = $1}} END {print w}' "$work/rows.tsv")
measure "$worst" 8
measure sr 30

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
    name = shape if copies == "1" else f"{'g: ' if shape != 'sr' else ''}{copies}×{shape}"
    route = route if len(route) <= 20 else route[:17] + "..."
    if status == "DIED":
        print(f"{name:8} {route:20} {body:8.2f} {'DIED':14} {'-':>11} {'-':>6} {mib(before):10.1f} {'-':>7}")
        continue
    print(f"{name:8} {route:20} {body:8.2f} {status:14} {resp:>11} {secs:>6} {mib(before):10.1f} {mib(hwm):7.1f} "
          f"{growth:7.1f} {growth / body:11.1f} {mib(rss):9.1f}{over}")
PY
[ "$died" -eq 0 ]
