#!/usr/bin/env bash
# kpi-server next to the servers a user would pick instead: a Hummingbird 2 app and a Vapor 4 app
# (Benchmarks/peers/, a package of its own) answering GET /healthz, POST /cac and POST /nps with the same
# JSON, and nginx answering each path with kpi-server's own answer bytes from a static `return 200`: the
# ceiling of one core on this machine, a server that reads a request and writes an answer and does nothing
# else. All are release builds; each runs pinned to core 0 (kpi-server with one event-loop thread, nginx with
# one worker, the peers with their defaults) and wrk runs pinned to core 1, one server loaded at a time. Every
# scenario runs twice per server, alternating (kpi, Hummingbird, Vapor, nginx, then back); the table shows the
# mean req/s, p50 and p99 of the two runs, their errors added up, the peak RSS during the scenario (VmHWM,
# reset before each run) and kpi-server's req/s as a multiple of each other server's (below 1× for nginx).
# Then 10,000 idle keep-alive connections on each server (Benchmarks/idle-connections.py): RSS held, threads,
# RSS after they close. Loopback only and bounded: each wrk run lasts DURATION seconds (default 10; about 8
# minutes in all after the builds), the idle run at most 60 s per server.
# Usage: Benchmarks/peers.sh
#   KPI_BIN=path          kpi-server to measure (otherwise built now, under the build lock)
#   PEERS_BIN_DIR=dir     folder holding hummingbird-peer and vapor-peer (otherwise built now)
#   SERVERS="..."         which to run besides kpi-server (default "hummingbird vapor nginx"; "nginx" alone
#                         where the peers' packages cannot be fetched); bars about a server not run are left out
#   DURATION=seconds      length of each wrk run;  IDLE=count   idle connections (default 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10}
IDLE=${IDLE:-10000}
source Benchmarks/load-common.sh

ensure_tools  # wrk, nginx, taskset, curl
read -r -a others <<<"${SERVERS:-hummingbird vapor nginx}"
servers=(kpi-server "${others[@]}")
runs() { [[ " ${servers[*]} " == *" $1 "* ]]; }

kpi_bin=$(kpi_server_binary)
if [ -n "${PEERS_BIN_DIR:-}" ]; then
  peers_dir=$PEERS_BIN_DIR
elif runs hummingbird || runs vapor; then
  locked swift build -c release --package-path Benchmarks/peers >&2
  peers_dir=$(swift build -c release --package-path Benchmarks/peers --show-bin-path)
fi

work=$(mktemp -d)
cleanup_add "rm -rf '$work'"
cac_body='{"totalSpend":10000,"newCustomers":10}'
python3 -c 'import json; print(json.dumps({"scores":[i % 11 for i in range(1000)]}, separators=(",", ":")), end="")' >"$work/nps.json"
write_post_script "$work/cac.lua" "$cac_body"
write_post_script "$work/nps.lua" "$(cat "$work/nps.json")"

declare -A port pid
start_server() {  # name command...
  local name=$1; shift
  port[$name]=$(free_port)
  local args=("$@")
  args=("${args[@]//@PORT@/${port[$name]}}")
  taskset -c 0 "${args[@]}" >"$work/$name.log" 2>&1 &
  pid[$name]=$!
  cleanup_add "kill -TERM ${pid[$name]} 2>/dev/null; wait ${pid[$name]} 2>/dev/null"
  wait_for_port "${port[$name]}"
}
start_server kpi-server "$kpi_bin" --host 127.0.0.1 --port @PORT@ --threads 1 --log-level info
if runs hummingbird; then start_server hummingbird "$peers_dir/hummingbird-peer" --hostname 127.0.0.1 --port @PORT@; fi
if runs vapor; then start_server vapor "$peers_dir/vapor-peer" serve --env production --hostname 127.0.0.1 --port @PORT@; fi
if runs nginx; then  # kpi-server's answers, served as they are (RSS and threads are read from nginx's one worker)
  curl -sf "http://127.0.0.1:${port[kpi-server]}/healthz" >"$work/healthz.answer"
  curl -sf "http://127.0.0.1:${port[kpi-server]}/cac" -H 'Content-Type: application/json' -d "$cac_body" >"$work/cac.answer"
  curl -sf "http://127.0.0.1:${port[kpi-server]}/nps" -H 'Content-Type: application/json' --data-binary "@$work/nps.json" >"$work/nps.answer"
  port[nginx]=$(free_port)
  start_nginx "$work" "${port[nginx]}" "/healthz=$work/healthz.answer" "/cac=$work/cac.answer" "/nps=$work/nps.answer"
  pid[nginx]=$(nginx_worker_pid)
fi

# The same answers: each peer's body must be kpi-server's bytes, or (JSONEncoder writes an object's members
# in hash order, not in the order they are declared) the same members with the same bytes for every value.
same_json() {
  python3 - "$1" "$2" <<'PY'
import json, sys
a, b = (open(p, "rb").read() for p in sys.argv[1:3])
if a == b:
    print("identical bytes"); sys.exit(0)
def load(raw):  # numbers kept as their text, members sorted: equal only if every value is written the same
    keep = lambda text: ("number", text)
    return json.loads(raw, parse_float=keep, parse_int=keep, object_pairs_hook=lambda pairs: sorted(pairs))
if len(a) == len(b) and load(a) == load(b):
    print("same members and value bytes, in another member order"); sys.exit(0)
print("DIFFERENT:\n  " + a.decode() + "\n  " + b.decode()); sys.exit(1)
PY
}
for path in /healthz /cac /nps; do
  for name in "${servers[@]}"; do
    case $path in
      /healthz) curl -sf "http://127.0.0.1:${port[$name]}$path" >"$work/$name.out" ;;
      /cac) curl -sf "http://127.0.0.1:${port[$name]}$path" -H 'Content-Type: application/json' -d "$cac_body" >"$work/$name.out" ;;
      /nps) curl -sf "http://127.0.0.1:${port[$name]}$path" -H 'Content-Type: application/json' --data-binary "@$work/nps.json" >"$work/$name.out" ;;
    esac
  done
  for name in "${others[@]}"; do
    printf '%-8s %-12s ' "$path" "$name"
    same_json "$work/kpi-server.out" "$work/$name.out"
  done
done

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for name in "${servers[@]}"; do
  warm_up "$work/cac.lua" "http://127.0.0.1:${port[$name]}/cac"
  warm_up "$work/nps.lua" "http://127.0.0.1:${port[$name]}/nps"
done

results="$work/results.tsv"
rss="$work/rss.tsv"
: >"$results"; : >"$rss"
measure() {  # scenario connections script path [wrk args]
  local scenario=$1 connections=$2 script=$3 path=$4; shift 4
  local round name order
  for round in 1 2; do
    order=("${servers[@]}")
    [ "$round" = 2 ] && order=($(printf '%s\n' "${servers[@]}" | tac))
    for name in "${order[@]}"; do
      echo 5 >"/proc/${pid[$name]}/clear_refs" 2>/dev/null || true  # VmHWM back to the current RSS
      run_wrk "$results" "$scenario" "$name" "$connections" "$script" "http://127.0.0.1:${port[$name]}$path" "$@"
      printf '%s\t%s\t%s\n' "$scenario" "$name" "$(peak_rss_kb "${pid[$name]}")" >>"$rss"
      echo "  $scenario, $name, run $round: $(tail -n 1 "$results" | cut -f3) req/s" >&2
    done
  done
}
measure "POST /cac, 64 keep-alive" 64 "$work/cac.lua" /cac
measure "POST /cac, 256 keep-alive" 256 "$work/cac.lua" /cac
measure "POST /cac, 1,024 keep-alive" 1024 "$work/cac.lua" /cac
measure "POST /nps 1,000 scores, 64 keep-alive" 64 "$work/nps.lua" /nps
measure "POST /cac, new connection each" 64 "$work/cac.lua" /cac -H "Connection: close"

idle="$work/idle.tsv"
: >"$idle"
for name in "${servers[@]}"; do
  printf '%s\t%s\n' "$name" "$(taskset -c 1 python3 Benchmarks/idle-connections.py "${port[$name]}" "${pid[$name]}" "$IDLE")" >>"$idle"
done

python3 - "$results" "$rss" "$idle" "$IDLE" "${servers[@]}" <<'PY'
import json, sys
from collections import defaultdict
runs, peaks = defaultdict(list), defaultdict(int)
scenarios = []
for line in open(sys.argv[1]):
    s, name, rps, p50, p99, errors = line.rstrip("\n").split("\t")
    runs[(s, name)].append((float(rps), float(p50), float(p99), int(errors)))
    if s not in scenarios:
        scenarios.append(s)
for line in open(sys.argv[2]):
    s, name, kb = line.rstrip("\n").split("\t")
    peaks[(s, name)] = max(peaks[(s, name)], int(kb))
servers = sys.argv[5:]
row = {}
for key, values in runs.items():
    row[key] = dict(rps=sum(v[0] for v in values) / len(values), p50=sum(v[1] for v in values) / len(values),
                    p99=sum(v[2] for v in values) / len(values), errors=sum(v[3] for v in values),
                    rss=peaks[key] / 1024)
print(f"\n{'scenario':40} {'server':12} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6} {'peak RSS':>9}  kpi-server ×")
for s in scenarios:
    ours = row[(s, "kpi-server")]
    for name in servers:
        r = row[(s, name)]
        multiple = ours['rps'] / r['rps']
        ratio = "" if name == "kpi-server" else f"{multiple:.1f}×" if multiple >= 1 else f"{multiple:.2f}×"
        print(f"{s:40} {name:12} {r['rps']:8.0f} {r['p50']:7.2f} {r['p99']:7.2f} {r['errors']:6d} {r['rss']:6.1f} MB  {ratio}")
idle = {}
for line in open(sys.argv[3]):
    name, text = line.rstrip("\n").split("\t", 1)
    idle[name] = json.loads(text)
print(f"\n{sys.argv[4]} idle keep-alive connections (one GET /healthz each, then held)")
print(f"{'server':12} {'held':>6} {'failed':>6} {'RSS before':>10} {'RSS held':>9} {'threads':>7} {'RSS after close':>15}")
for name in servers:
    i = idle[name]
    print(f"{name:12} {i['connections']:6d} {i['failed']:6d} {i['rss_before_kb'] / 1024:7.1f} MB {i['rss_held_kb'] / 1024:6.1f} MB "
          f"{i['threads_held']:7d} {i['rss_after_kb'] / 1024:12.1f} MB")

# The issue's bars, all from this run.
def bar(text, ok):
    print(f"{'PASS' if ok else 'FAIL'}  {text}")
print()
k, h, n = (lambda s: row[(s, "kpi-server")]), (lambda s: row[(s, "hummingbird")]), (lambda s: row[(s, "nginx")])
s64, s256, s1024 = "POST /cac, 64 keep-alive", "POST /cac, 256 keep-alive", "POST /cac, 1,024 keep-alive"
snps = "POST /nps 1,000 scores, 64 keep-alive"
if "nginx" in servers:
    r = k(s64)["rps"] / n(s64)["rps"]
    bar(f"/cac at 64 connections ≥ 0.60× nginx's static answer: {r:.2f}×", r >= 0.60)
    r = k(snps)["rps"] / n(snps)["rps"]
    bar(f"/nps ≥ 0.45× nginx's static answer: {r:.2f}×", r >= 0.45)
if "hummingbird" in servers:
    r = k(s64)["rps"] / h(s64)["rps"]
    bar(f"/cac at 64 connections ≥ 3× Hummingbird: {r:.1f}×", r >= 3)
    r = k(s1024)["rps"] / h(s1024)["rps"]
    bar(f"/cac at 1,024 connections ≥ 4× Hummingbird: {r:.1f}×", r >= 4)
    r = k(snps)["rps"] / h(snps)["rps"]
    bar(f"/nps ≥ 15× Hummingbird: {r:.1f}×", r >= 15)
bar(f"/cac at 256 connections p99 ≤ 5 ms: {k(s256)['p99']:.2f} ms", k(s256)["p99"] <= 5)
bar(f"/cac at 1,024 connections p99 ≤ 20 ms: {k(s1024)['p99']:.2f} ms", k(s1024)["p99"] <= 20)
errors = sum(row[(s, "kpi-server")]["errors"] for s in scenarios)
bar(f"kpi-server errors in every row: {errors}", errors == 0)
peak = max(row[(s, "kpi-server")]["rss"] for s in scenarios)
bar(f"kpi-server peak RSS ≤ 20 MB: {peak:.1f} MB", peak <= 20)
i = idle["kpi-server"]
held = i["rss_held_kb"] / 1024
bar(f"{i['connections']} idle connections held in ≤ 32 MB: {held:.1f} MB", held <= 32 and i["connections"] == int(sys.argv[4]))
back = (i["rss_after_kb"] - i["rss_before_kb"]) / 1024
bar(f"memory given back after they close (RSS after within 2 MB of before): {i['rss_before_kb'] / 1024:.1f} → "
    f"{held:.1f} → {i['rss_after_kb'] / 1024:.1f} MB", back <= 2)
PY
echo
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -sr)"
echo "load average (1, 5, 15 min) before the runs: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg) (the servers and wrk alone make about 2)"
echo "servers pinned to core 0, wrk (one thread) to core 1; ${DURATION} s per run; kpi-server --threads 1 --log-level info (one access-log line per request, to a file)"
if runs nginx; then echo "nginx: $(nginx -v 2>&1 | cut -d/ -f2), one worker, access log off, a static \`return 200\` of kpi-server's answer bytes"; fi
