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
source "$repo/scripts/lib/serve.sh"
start_kpi_server "$server"
"$example" "$kpi_url"
