#!/usr/bin/env bash
# CI check of the Swift client (Examples/swift/README.md): builds the example package, whose build plugin
# generates the client from openapi.yaml (about 2 minutes the first time on two cores, in Examples/swift/.build;
# seconds after that), checks that every property of every KPI input schema is a typed property of the
# generated types (scripts/client_types.py), and runs every catalogue example through the typed client
# against a kpi-server started on a free loopback port, or against BASE-URL when given.
# Usage: Examples/swift/run.sh [BASE-URL]
set -euo pipefail
cd "$(dirname "$0")"
repo=$(cd ../.. && pwd)

# The generator reads Sources/KPIClientExample/openapi.yaml, a link to the repository's spec.
cmp -s Sources/KPIClientExample/openapi.yaml "$repo/openapi.yaml" \
  || { echo "Examples/swift/Sources/KPIClientExample/openapi.yaml differs from openapi.yaml"; exit 1; }

started=$SECONDS
swift build --product KPIClientExample
echo "Examples/swift built in $((SECONDS - started)) s"
example=$(swift build --show-bin-path)/KPIClientExample
generated=$(find .build/plugins/outputs -type d -path '*/KPIClientExample/*' -name GeneratedSources | head -n 1)
python3 "$repo/scripts/client_types.py" swift "$generated"

if [ $# -gt 0 ]; then exec "$example" "$1"; fi

(cd "$repo" && swift build --product kpi-server)
server=$(cd "$repo" && swift build --show-bin-path)/kpi-server
source "$repo/scripts/lib/serve.sh"
start_kpi_server "$server"
"$example" "$kpi_url"
