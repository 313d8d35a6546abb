#!/usr/bin/env bash
# Builds the Swift example client (swift-openapi-generator's build plugin generates it from openapi.yaml; the
# first build takes several minutes on two cores) and runs it against a kpi-server started on a free loopback
# port, or against BASE-URL when given.
# Usage: Examples/swift/run.sh [BASE-URL]
set -euo pipefail
cd "$(dirname "$0")"
swift build --product KPIClientExample
example=$(swift build --show-bin-path)/KPIClientExample

if [ $# -gt 0 ]; then exec "$example" "$1"; fi

repo=$(cd ../.. && pwd)
(cd "$repo" && swift build --product kpi-server)
server=$(cd "$repo" && swift build --show-bin-path)/kpi-server
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
"$server" --host 127.0.0.1 --port "$port" --log-level warning &
pid=$!
trap 'kill -TERM $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
"$example" "http://127.0.0.1:$port"
