#!/usr/bin/env bash
# Soak test of kpi-server on loopback, bounded in time: (a) CONNS_SECONDS (default 30) of 1,024 keep-alive
# connections on POST /cac, then (b) SOAK_SECONDS (default 600) at moderate load: one wrk with 56 connections
# rotating good requests (/cac, /nps with 1000 scores, /sales-cycle-length with 300 deals, /batch), next to a
# second wrk with 8 connections (2 ms pause after each response) rotating requests that must fail (bad JSON 400, unknown field 422,
# bad score 422, unknown route 404) whose statuses a Lua response() counts. RSS is sampled every
# SAMPLE_SECONDS (default 5). The server runs with its default settings (one event loop per CPU).
# Prints requests, non-2xx, socket errors, RSS and open descriptors with PASS/FAIL lines; exits 1 on any
# FAIL: unexpected status, socket error, server death, descriptor leak or RSS growth over 10 %.
# Usage: Benchmarks/soak.sh            (KPI_BIN=path skips the release build; SOAK_SECONDS=120 shortens)
set -euo pipefail
cd "$(dirname "$0")/.."
CONNS_SECONDS=${CONNS_SECONDS:-30}
SOAK_SECONDS=${SOAK_SECONDS:-600}
SAMPLE_SECONDS=${SAMPLE_SECONDS:-5}
source Benchmarks/load-common.sh  # also raises ulimit -n

ensure_tools
bin=$(kpi_server_binary)

work=$(mktemp -d)
cleanup_add "rm -rf '$work'"
port=$(free_port)
# The log (stdout, JSON lines, one per request at the default level) would be gigabytes: it goes to /dev/null.
"$bin" --host 127.0.0.1 --port "$port" >/dev/null 2>&1 &
kpi_pid=$!
cleanup_add "kill -TERM $kpi_pid 2>/dev/null; wait $kpi_pid 2>/dev/null"
wait_for_port "$port"
url="http://127.0.0.1:$port"

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$kpi_pid/status"; }
fds() { ls "/proc/$kpi_pid/fd" | wc -l; }
mb() { awk -v kb="$1" 'BEGIN { printf "%.1f MiB", kb / 1024 }'; }
failures=0
check() {  # check NAME CONDITION-STATUS DETAIL
  if [ "$2" -eq 0 ]; then echo "PASS  $1 ($3)"; else echo "FAIL  $1 ($3)"; failures=$((failures + 1)); fi
}

# Request bodies, and a wrk Lua script rotating over "METHOD PATH FILE" lines, counting response statuses.
python3 - "$work" <<'PY'
import json, sys
w = sys.argv[1]
def put(name, value):
    open(f"{w}/{name}", "w").write(value if isinstance(value, str) else json.dumps(value, separators=(",", ":")))
put("cac.json", {"totalSpend": 10000, "newCustomers": 10})
put("nps.json", {"scores": [i % 11 for i in range(1000)]})
deals = [{"id": f"d-{i}", "createdAt": f"2024-03-{1 + i % 28:02d}", "closedAt": f"2024-{4 + i % 8:02d}-15",
          "rep": f"rep-{i % 7}"} for i in range(300)]
put("sales.json", {"deals": deals})
put("batch.json", {"items": [{"kpi": "cac", "input": {"totalSpend": 500 * (i + 1), "newCustomers": i + 1}}
                             for i in range(15)] + [{"kpi": "nps", "input": {"scores": list(range(11))}}]})
put("bad.json", '{"totalSpend":10000,')
put("unknown.json", {"totalSpend": 10000, "newCustomers": 10, "bogus": 1})
put("badscore.json", {"scores": [-1, 5, 9]})
open(f"{w}/good.txt", "w").write(f"POST /cac {w}/cac.json\nPOST /nps {w}/nps.json\n"
                                  f"POST /sales-cycle-length {w}/sales.json\nPOST /batch {w}/batch.json\n")
open(f"{w}/errors.txt", "w").write(f"POST /cac {w}/bad.json\nPOST /cac {w}/unknown.json\n"
                                    f"POST /nps {w}/badscore.json\nPOST /no-such-kpi {w}/cac.json\n")
PY
cat >"$work/mix.lua" <<'LUA'
-- Rotates over the requests listed in the file named by the first script argument; counts statuses.
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  reqs, n, statuses = {}, 0, {}
  for line in io.lines(args[1]) do
    local method, path, file = line:match("(%S+) (%S+) (%S+)")
    local f = io.open(file, "rb"); local body = f:read("*a"); f:close()
    table.insert(reqs, wrk.format(method, path, {["Content-Type"] = "application/json"}, body))
  end
end
function request() n = n + 1; return reqs[(n - 1) % #reqs + 1] end
function response(status, headers, body) statuses[status] = (statuses[status] or 0) + 1 end
function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    for status, count in pairs(t:get("statuses")) do total[status] = (total[status] or 0) + count end
  end
  for status, count in pairs(total) do io.write(string.format("status %d %d\n", status, count)) end
end
LUA
# The error mix pauses 2 ms between requests on each connection so that it stays a minority of the load.
{ cat "$work/mix.lua"; echo 'function delay() return 2 end'; } >"$work/errors.lua"

# wrk_summary OUT ALLOWED-STATUS-REGEX: prints requests and statuses; returns 1 on socket errors or statuses
# outside the allowed set.
wrk_summary() {
  local out=$1 allowed=$2 requests errors unexpected
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  errors=$(grep -oE '(connect|read|write|timeout) [0-9]+' <<<"$out" | awk '{s += $2} END {print s + 0}')
  unexpected=$(awk -v ok="$allowed" '$1 == "status" && $2 !~ ok {s += $3} END {print s + 0}' <<<"$out")
  echo "  requests: $requests, p99: $(awk '$1 == "99%" {print $2}' <<<"$out"), $(grep -E '^ *Requests/sec' <<<"$out" | xargs)"
  echo "  statuses: $(awk '$1 == "status" {printf "%s×%s ", $3, $2}' <<<"$out")"
  echo "  socket errors: $(grep -E 'Socket errors' <<<"$out" | sed 's/^ *Socket errors: //' || echo none) (total $errors)"
  echo "  unexpected statuses: $unexpected"
  [ "$errors" -eq 0 ] && [ "$unexpected" -eq 0 ]
}

rss_idle_start=$(rss_kb)
fds_start=$(fds)
echo "kpi-server $bin, pid $kpi_pid, $(ls /proc/$kpi_pid/task | wc -l) threads; RSS idle at start $(mb "$rss_idle_start"), open descriptors $fds_start"

# Samples "seconds RSS-kB fds" into FILE every SAMPLE_SECONDS, at most COUNT times, until killed.
sample() {
  local file=$1 count=$2 i
  for ((i = 0; i < count; i++)); do
    [ -d "/proc/$kpi_pid" ] || break
    echo "$((i * SAMPLE_SECONDS)) $(rss_kb) $(fds)" >>"$file"
    sleep "$SAMPLE_SECONDS"
  done
}

# (a) 1,024 keep-alive connections.
threads=$(nproc)
echo
echo "(a) POST /cac, 1024 keep-alive connections, wrk -t$threads, ${CONNS_SECONDS} s"
sample "$work/conns.samples" $((CONNS_SECONDS / SAMPLE_SECONDS + 2)) &
sampler=$!
cleanup_add "kill $sampler 2>/dev/null"
echo "POST /cac $work/cac.json" >"$work/conns.txt"
out=$(wrk -t"$threads" -c1024 -d"${CONNS_SECONDS}s" --timeout 5s --latency -s "$work/mix.lua" "$url" -- "$work/conns.txt")
kill "$sampler" 2>/dev/null || true
wrk_summary "$out" '^200$' && ok=0 || ok=1
check "1024 connections: every response 200, no socket error" "$ok" "peak open descriptors $(sort -k3 -n "$work/conns.samples" | tail -1 | cut -d' ' -f3)"
sleep 2
rss_after_conns=$(rss_kb)
echo "  RSS after (idle) $(mb "$rss_after_conns"), peak so far (VmHWM) $(mb "$(peak_rss_kb "$kpi_pid")"), open descriptors $(fds)"

# (b) The soak: good mix and error mix side by side.
echo
echo "(b) soak, ${SOAK_SECONDS} s: good mix on 56 connections, error mix on 8 (2 ms pauses); RSS sampled every ${SAMPLE_SECONDS} s"
sample "$work/soak.samples" $((SOAK_SECONDS / SAMPLE_SECONDS + 2)) &
sampler=$!
cleanup_add "kill $sampler 2>/dev/null"
wrk -t1 -c8 -d"${SOAK_SECONDS}s" --timeout 5s --latency -s "$work/errors.lua" "$url" -- "$work/errors.txt" \
  >"$work/errors.out" &
errors_wrk=$!
good_out=$(wrk -t1 -c56 -d"${SOAK_SECONDS}s" --timeout 5s --latency -s "$work/mix.lua" "$url" -- "$work/good.txt")
wait "$errors_wrk"
kill "$sampler" 2>/dev/null || true
echo " good mix (/cac, /nps, /sales-cycle-length, /batch):"
wrk_summary "$good_out" '^200$' && ok=0 || ok=1
check "good mix: every response 200, no socket error" "$ok" "$(grep -c . "$work/good.txt") routes"
echo " error mix (bad JSON, unknown field, bad score, unknown route):"
wrk_summary "$(cat "$work/errors.out")" '^(400|404|422)$' && ok=0 || ok=1
check "error mix: only the expected 400/404/422, no socket error" "$ok" "expected 4xx counted apart"

sleep 2
[ -d "/proc/$kpi_pid" ] && alive=0 || alive=1
check "server still running" "$alive" "pid $kpi_pid"
[ "$alive" -eq 0 ] || exit 1
fds_end=$(fds)
rss_idle_end=$(rss_kb)
# RSS under load: the first sample after a tenth of the soak (warm), the peak sample, the last sample.
read -r rss_warm rss_peak rss_end < <(awk -v warm=$((SOAK_SECONDS / 10)) '
  $1 >= warm && !w {w = $2} $2 > p {p = $2} {e = $2} END {print w, p, e}' "$work/soak.samples")
echo
echo "RSS: idle at start $(mb "$rss_idle_start"), idle after (a) $(mb "$rss_after_conns")," \
  "soak warm (at $((SOAK_SECONDS / 10)) s) $(mb "$rss_warm"), soak peak sample $(mb "$rss_peak")," \
  "soak end $(mb "$rss_end"), idle after soak $(mb "$rss_idle_end"), VmHWM $(mb "$(peak_rss_kb "$kpi_pid")")"
echo "RSS samples (s:MiB, at most 30 shown): $(awk '{t[NR] = $1; r[NR] = $2}
  END {step = int((NR + 29) / 30); for (i = 1; i <= NR; i += step) printf "%s:%.1f ", t[i], r[i] / 1024}' "$work/soak.samples")"
within() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b * 1.10) }'; }
within "$rss_end" "$rss_warm" && ok=0 || ok=1
check "RSS at soak end within 10 % of RSS once warm" "$ok" "$(mb "$rss_end") vs $(mb "$rss_warm")"
within "$rss_idle_end" "$rss_after_conns" && ok=0 || ok=1
check "idle RSS after soak within 10 % of idle RSS before it" "$ok" "$(mb "$rss_idle_end") vs $(mb "$rss_after_conns")"
[ "$fds_end" -le "$fds_start" ] && ok=0 || ok=1
check "open descriptors back to start" "$ok" "$fds_start before, $fds_end after"
echo "soak: $failures FAIL line(s)"
[ "$failures" -eq 0 ]
