#!/usr/bin/env bash
# Two kpi-server builds side by side under the same load: each round runs wrk against one, then the other
# (servers pinned to core 0 with one event-loop thread, wrk to core 1), so drift in the machine's speed hits
# both alike. Prints req/s per round and the median ratio NEW / OLD per scenario. Loopback only; each wrk
# run lasts DURATION seconds (default 5), ROUNDS rounds (default 3).
# Usage: Benchmarks/compare-builds.sh OLD_BIN NEW_BIN
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-5}
ROUNDS=${ROUNDS:-3}
source Benchmarks/load-common.sh
ensure_tools
old=$1 new=$2

work=$(mktemp -d)
cleanup_add "rm -rf '$work'"
start_server() {  # BIN PORT: starts it (stopped on exit) and waits for its port
  taskset -c 0 "$1" --host 127.0.0.1 --port "$2" --threads 1 --log-level info >/dev/null 2>&1 &
  cleanup_add "kill -TERM $! 2>/dev/null; wait $! 2>/dev/null"
  wait_for_port "$2"
}
old_port=$(free_port)
start_server "$old" "$old_port"
new_port=$(free_port)
start_server "$new" "$new_port"

write_post_script "$work/cac.lua" '{"totalSpend":10000,"newCustomers":10}'
write_post_script "$work/nps.lua" "$(python3 -c 'import json; print(json.dumps({"scores":[i % 11 for i in range(1000)]}, separators=(",", ":")), end="")')"
write_post_script "$work/deals.lua" "$(python3 -c '
import json
deals = [{"id": "d-%d" % i, "createdAt": "2024-03-%02d" % (1 + i % 28), "closedAt": "2024-04-%02d" % (1 + i % 30), "rep": "rep-%d" % (i % 7)} for i in range(300)]
print(json.dumps({"deals": deals}, separators=(",", ":")), end="")')"
for script in cac nps deals; do warm_up "$work/$script.lua" "http://127.0.0.1:$old_port/" "http://127.0.0.1:$new_port/"; done

results="$work/results.tsv"
: >"$results"
for ((round = 1; round <= ROUNDS; round++)); do
  for scenario in "cac /cac" "nps /nps" "deals /sales-cycle-length"; do
    set -- $scenario
    for side in old new; do
      port_var=${side}_port
      rps=$(taskset -c 1 wrk -t1 -c64 -d"${DURATION}s" -s "$work/$1.lua" "http://127.0.0.1:${!port_var}$2" \
        | awk '/Requests\/sec/ {print $2}')
      printf '%s\t%s\t%s\t%s\n' "$round" "$2" "$side" "$rps" >>"$results"
    done
  done
done
python3 - "$results" "$old" "$new" <<'PY'
import statistics, sys
rows = [l.split("\t") for l in open(sys.argv[1]).read().split("\n") if l]
print(f"OLD = {sys.argv[2]}\nNEW = {sys.argv[3]}")
print(f"{'POST, 64 keep-alive':<26}{'OLD req/s by round':<30}{'NEW req/s by round':<30}NEW/OLD (median of rounds)")
for route in dict.fromkeys(r[1] for r in rows):
    old = [float(r[3]) for r in rows if r[1] == route and r[2] == "old"]
    new = [float(r[3]) for r in rows if r[1] == route and r[2] == "new"]
    ratio = statistics.median(n / o for n, o in zip(new, old))
    print(f"{route:<26}{' '.join(f'{x:.0f}' for x in old):<30}{' '.join(f'{x:.0f}' for x in new):<30}{ratio * 100:.0f} %")
PY
