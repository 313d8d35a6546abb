#!/usr/bin/env bash
# Instructions per request, counted by valgrind's callgrind: repeatable whatever else runs on the machine, so two
# builds compare exactly where wall-clock req/s is noisy. kpi-server runs under callgrind (one event-loop thread,
# access log at info to /dev/null); after a warm-up the counters are zeroed, N requests of one scenario are sent
# one after another on one keep-alive connection, and the counters are dumped: every instruction of every thread
# (event loop, log flusher) in that window, divided by N. Prints instructions per request for each scenario and,
# with TOP=k (default 10), the k costliest symbols (exclusive) with their share of the scenario. KEEP=DIR keeps
# each scenario's callgrind dump (DIR/cac.callgrind, DIR/nps.callgrind) for callgrind_annotate --inclusive=yes.
# LOG_LEVEL=warning turns the access log off: the difference from the default run is what the log costs.
# Usage: Benchmarks/request-instructions.sh [KPI_BIN]   (default: a release build made now; N=2000 requests)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-2000}
TOP=${TOP:-10}
source Benchmarks/load-common.sh
command -v valgrind >/dev/null || { apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >&2; }
binary=${1:-$(kpi_server_binary)}

work=$(mktemp -d)
cleanup_add "rm -rf '$work'"
# Valgrind 3.19 cannot read Swift's DWARF 5; a copy without debug info keeps the symbol table callgrind names.
objcopy --strip-debug "$binary" "$work/kpi-server"
port=$(free_port)
valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.out.%p" \
  "$work/kpi-server" --host 127.0.0.1 --port "$port" --threads 1 --worker-threads 1 --log-level "${LOG_LEVEL:-info}" >/dev/null 2>"$work/valgrind.log" &
pid=$!
cleanup_add "kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null"
for _ in $(seq 1 600); do curl -s -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.1; done

python3 - "$port" "$N" "$pid" "$work" "$TOP" <<'PY'
import json, os, re, shutil, socket, subprocess, sys
port, n, pid, work, top = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5])
keep = os.environ.get("KEEP")  # a directory to keep each scenario's dump in, for callgrind_annotate
scenarios = [
    ("POST /cac", "/cac", {"totalSpend": 10000, "newCustomers": 10}),
    ("POST /nps, 1,000 scores", "/nps", {"scores": [i % 11 for i in range(1000)]}),
]
connection = socket.create_connection(("127.0.0.1", port))
reader = connection.makefile("rb")

def request(path, body):
    connection.sendall(b"POST %s HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % (path.encode(), len(body)) + body)
    status = reader.readline()
    assert status.startswith(b"HTTP/1.1 200"), status
    length = 0
    while (line := reader.readline()) != b"\r\n":
        name, _, value = line.partition(b":")
        if name.lower() == b"content-length": length = int(value)
    reader.read(length)

def callgrind(*arguments):
    subprocess.run(["callgrind_control", *arguments, pid], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

for label, path, value in scenarios:
    body = json.dumps(value, separators=(",", ":")).encode()
    for _ in range(200): request(path, body)  # warm-up: caches, lazily built tables, buffers at their size
    callgrind("-z")
    for _ in range(n): request(path, body)
    before = set(os.listdir(work))
    callgrind("-d")
    dump = os.path.join(work, sorted(set(os.listdir(work)) - before)[-1])
    total = int(re.search(r"^summary: (\d+)", open(dump).read(), re.M).group(1))
    if keep: shutil.copy(dump, os.path.join(keep, path.strip("/") + ".callgrind"))
    print(f"{label:<28}{total / n:>12,.0f} instructions per request")
    if top:
        annotate = subprocess.run(["callgrind_annotate", "--inclusive=no", "--threshold=100", dump], capture_output=True, text=True).stdout
        annotate = subprocess.run(["swift", "demangle", "--simplified"], input=annotate, capture_output=True, text=True).stdout
        # Frames open when the counters were zeroed (the thread entry points, the event loop) show all of the
        # window as their own; they are not symbols that cost anything, so rows at 99 % and above are left out.
        rows = [l for l in annotate.splitlines()
                if (m := re.match(r"^\s*[\d,]+ \(\s*([\d.]+)%\)\s+\S", l)) and float(m.group(1)) < 99][:top]
        for row in rows:
            print("    " + re.sub(r"\s+\[[^\]]*\]$|\?\?\?:", "", row.strip())[:160])
PY
