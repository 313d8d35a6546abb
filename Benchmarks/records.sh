#!/usr/bin/env bash
# Record-array KPIs, kpi-server next to DuckDB: 80,000 deals for POST /sales-cycle-length and 78,000 tickets
# for POST /resolution-time (about 7.6 MB of JSON each, seeded, so every run has the same bytes), and MRR of
# 10,000 customers × 24 months (240,000 rows, about 13 MB) for POST /mrr-movements and /cohort-retention, timed
# alternately REPS times:
#   DuckDB in process (Python, SET threads=1) reading the NDJSON file and computing the KPI's outputs, and
#   kpi-server (release, 127.0.0.1) answering a POST of the JSON body on one keep-alive connection, timed
#   from the request's first byte to the response's last; also POST application/x-ndjson when the server
#   takes it ("not supported" on 415).
# The values (mean, median, p90, min, max, count, groups, repeated ids; each month's MRR movements, logo churn,
# the net change and pooled month-1 retention, which DuckDB computes in SQL) must agree to 1e-9 relative, else it
# fails. Prints mean/median/p90 ms of both, the ratio DuckDB / server (>1: the server is faster) and the
# server's RSS before and at peak, with the growth as a multiple of the body.
#
#   Benchmarks/records.sh
#   REPS=40 SEED=20240301 DEALS=80000 TICKETS=78000 CUSTOMERS=10000 MONTHS=24 MAX_SECONDS=600 KPI_BIN=path/to/kpi-server \
#     WORK=dir PERF=perf.data Benchmarks/records.sh
#
# KPI_BIN: the server to measure (default: a release build made now, under /tmp/swift-build.lock).
# WORK: where the records and the server log go (default: a temporary directory, removed on exit).
# PERF: if set, `perf record -g` on the server for the whole run, written to that file.
# Bounded: REPS per case, MAX_SECONDS for the timed loops, and the whole helper under `timeout`.
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/load-common.sh

REPS=${REPS:-40}
SEED=${SEED:-20240301}
DEALS=${DEALS:-80000}
TICKETS=${TICKETS:-78000}
CUSTOMERS=${CUSTOMERS:-10000}
MONTHS=${MONTHS:-24}
MAX_SECONDS=${MAX_SECONDS:-600}

command -v curl >/dev/null || { echo "records.sh needs curl (wait_for_port)" >&2; exit 1; }
python3 -c 'import duckdb' 2>/dev/null || python3 -m pip install --quiet duckdb >&2

if [ -n "${WORK:-}" ]; then
  mkdir -p "$WORK"; work=$WORK
else
  work=$(mktemp -d); cleanup_add "rm -rf '$work'"
fi

bin=$(kpi_server_binary)
echo "server: $bin" >&2
python3 Benchmarks/records.py generate --out "$work" --seed "$SEED" --deals "$DEALS" --tickets "$TICKETS" \
  --customers "$CUSTOMERS" --months "$MONTHS" >&2

# Bodies up to twice the largest file are accepted (the default limit is 8 MiB).
largest=$(stat -c %s "$work"/*.json "$work"/*.ndjson | sort -n | tail -n 1)
max_body=$(( largest * 2 > 8388608 ? largest * 2 : 8388608 ))
port=$(free_port)
LOG_FORMAT=json "$bin" serve --host 127.0.0.1 --port "$port" --max-body-bytes "$max_body" >"$work/server.log" 2>&1 &
server=$!
cleanup_add "kill $server 2>/dev/null; wait $server 2>/dev/null"
wait_for_port "$port"

if [ -n "${PERF:-}" ]; then
  perf record -g -o "$PERF" -p "$server" >"$work/perf.log" 2>&1 &
  perf_pid=$!
  # Stopped before the server (cleanups run last-added first), so the profile is written whole.
  cleanup_add "kill -INT $perf_pid 2>/dev/null; wait $perf_pid 2>/dev/null"
  sleep 0.5
fi

timeout $(( ${MAX_SECONDS%.*} + 300 )) python3 -u Benchmarks/records.py run --dir "$work" --port "$port" \
  --pid "$server" --log "$work/server.log" --reps "$REPS" --max-seconds "$MAX_SECONDS"
