#!/usr/bin/env bash
# What the access log costs a request, in instructions counted by callgrind (Benchmarks/request-instructions.sh):
# the same requests with the log on (--log-level info, one JSON line per request to /dev/null) and off
# (--log-level warning); the difference is the log's cost, shown per request and as its share of the request
# with the log on. Repeatable whatever else runs on the machine (instructions, not time).
# Usage: Benchmarks/access-log-share.sh [KPI_BIN]   (default: a release build made now; N=2000 requests)
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/load-common.sh
binary=${1:-$(kpi_server_binary)}
on=$(TOP=0 Benchmarks/request-instructions.sh "$binary")
off=$(LOG_LEVEL=warning TOP=0 Benchmarks/request-instructions.sh "$binary")
python3 - "$on" "$off" <<'PY'
import re, sys
def parse(text):
    return {m.group(1).strip(): int(m.group(2).replace(",", "")) for m in re.finditer(r"^(.*?)\s+([\d,]+) instructions per request$", text, re.M)}
on, off = parse(sys.argv[1]), parse(sys.argv[2])
print(f"{'scenario':28}{'log on':>10}{'log off':>10}{'the log':>10}{'share':>8}")
for scenario, with_log in on.items():
    cost = with_log - off[scenario]
    print(f"{scenario:28}{with_log:>10,}{off[scenario]:>10,}{cost:>10,}{100 * cost / with_log:>7.1f} %")
PY
