#!/usr/bin/env bash
# CI check of the generated Python client (see check.py): generates it from the committed openapi.yaml with
# openapi-python-client, starts kpi-server on a free 127.0.0.1 port and runs every catalogue example through it.
# Usage: Examples/python/check.sh [PATH/TO/kpi-server]    (default: the debug build's)
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ $# -gt 0 ]; then export KPI_SERVER=$1; fi
python3 -c 'import openapi_python_client' 2>/dev/null \
  || python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore openapi-python-client==0.29.1
exec python3 Examples/python/check.py
