#!/usr/bin/env bash
# Starts kpi-server on a free loopback port and runs schemathesis against it with the committed openapi.yaml:
# a fixed number of examples per operation; fails on any 5xx, any response (status, media type, headers,
# body) that the schema does not describe, schema-invalid input that is accepted, and an undeclared method
# that is not answered 405. (Schema-valid input may still be a 422: cross-field rules such as part ≤ whole
# or one variant's fields at a time are beyond JSON Schema, so positive_data_acceptance is not checked.)
# Usage: scripts/schemathesis.sh PATH/TO/kpi-server
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:?usage: scripts/schemathesis.sh PATH/TO/kpi-server}
examples=${SCHEMATHESIS_EXAMPLES:-25}

source scripts/lib/serve.sh
start_kpi_server "$binary"

# Record lines (NDJSON, CSV) are sent as drawn text: scripts/schemathesis_hooks.py.
PYTHONPATH="$PWD/scripts${PYTHONPATH:+:$PYTHONPATH}" SCHEMATHESIS_HOOKS=schemathesis_hooks \
timeout 900 schemathesis run openapi.yaml \
  --url "$kpi_url" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance,negative_data_rejection,unsupported_method \
  --max-examples "$examples" \
  --seed 20261123 \
  --suppress-health-check all \
  --no-color
kill -0 "$kpi_pid"  # the server survived everything schemathesis sent
