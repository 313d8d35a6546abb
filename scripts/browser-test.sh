#!/usr/bin/env bash
# Tests GET /docs in a real headless browser: starts kpi-server on a free loopback port and runs
# Tests/browser/ (test_docs.py: the page; test_docs_file.py: its file tab; pytest, selenium, Debian's chromium and chromium-driver, installed when missing).
# Screenshots go to $BROWSER_TEST_OUTPUT (default .build/browser-test/).
# Usage: scripts/browser-test.sh [PATH/TO/kpi-server]    (default: the debug build's)
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-$(swift build --show-bin-path)/kpi-server}
export BROWSER_TEST_OUTPUT=${BROWSER_TEST_OUTPUT:-$PWD/.build/browser-test}

run() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  run apt-get update -qq
  run env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver
fi
python3 -c 'import selenium, pytest' 2>/dev/null \
  || python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore selenium pytest

source scripts/lib/serve.sh
start_kpi_server "$binary"

KPI_URL="$kpi_url" python3 -m pytest -q -rs -p no:cacheprovider Tests/browser
echo "screenshots: $BROWSER_TEST_OUTPUT"
