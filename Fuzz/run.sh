#!/usr/bin/env bash
# Builds the libFuzzer targets and runs each for a bounded time on a copy of its seed corpus.
#
# Usage: Fuzz/run.sh [TARGET|all] [SECONDS]      (defaults: all, 30)
#   TARGET: http-parser | json | kpi-inputs | kpi-service
#   SECONDS: per target (-max_total_time); 0 only replays the committed corpus (a regression check).
# Environment:
#   FUZZ_SKIP_BUILD=1      use the binaries already in .build-fuzz
#   FUZZ_ARGS="..."        extra libFuzzer flags (e.g. "-max_len=2048" or "-fork=1 -ignore_crashes=1")
#   FUZZ_KEEP=1            keep the temporary corpus copies (new inputs found by the run)
#   FUZZ_BUILD_LOCK=path   the lock every build takes (default /tmp/swift-build.lock)
# One fuzzer process at a time, one core. Crash reproducers are copied to .build-fuzz/crashes/TARGET/.
# Exit status: 0 when no target crashed, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

which=${1:-all}
seconds=${2:-30}
scratch="$root/.build-fuzz"
lock=${FUZZ_BUILD_LOCK:-/tmp/swift-build.lock}

all_targets=(http-parser json kpi-inputs kpi-service)
case "$which" in
  all) targets=("${all_targets[@]}") ;;
  http-parser|json|kpi-inputs|kpi-service) targets=("$which") ;;
  *) echo "usage: Fuzz/run.sh [http-parser|json|kpi-inputs|kpi-service|all] [seconds]" >&2; exit 2 ;;
esac

# target → executable, dictionary, max_len
binary() { case "$1" in http-parser) echo FuzzHTTPParser ;; json) echo FuzzJSON ;; kpi-inputs) echo FuzzKPIInputs ;; kpi-service) echo FuzzKPIService ;; esac; }
dictionary() { case "$1" in http-parser) echo http.dict ;; json) echo json.dict ;; *) echo kpi.dict ;; esac; }
max_len() { case "$1" in http-parser) echo 16384 ;; *) echo 4096 ;; esac; }

if [ "${FUZZ_SKIP_BUILD:-0}" != 1 ]; then
  echo "==> build (release, -sanitize=fuzzer,address) into .build-fuzz"
  started=$(date +%s)
  flock "$lock" swift build -c release --package-path Fuzz --scratch-path "$scratch" \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -enable-testing
  echo "    built in $(( $(date +%s) - started )) s"
fi
bin_dir="$scratch/release"

# Swift's own crash backtracer runs inside ASan's signal handling and trips it (or hangs); libFuzzer reports.
export SWIFT_BACKTRACE=enable=no
export LSAN_OPTIONS="suppressions=$root/Fuzz/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
status=0
summary=()
for target in "${targets[@]}"; do
  work=$(mktemp -d "${TMPDIR:-/tmp}/kpi-fuzz-$target.XXXXXX")
  cp -R "Fuzz/Corpus/$target" "$work/corpus"
  mkdir -p "$work/artifacts"
  log="$work/fuzz.log"
  args=(-dict="Fuzz/Dictionaries/$(dictionary "$target")" -max_len="$(max_len "$target")" -rss_limit_mb=2048
        -timeout=20 -print_final_stats=1 -artifact_prefix="$work/artifacts/")
  if [ "$seconds" = 0 ]; then args+=(-runs=0); else args+=(-max_total_time="$seconds"); fi
  # shellcheck disable=SC2206
  args+=(${FUZZ_ARGS:-})
  echo "==> $target: $(binary "$target") for ${seconds} s (corpus copy in $work)"
  started=$(date +%s)
  set +e
  "$bin_dir/$(binary "$target")" "${args[@]}" "$work/corpus" >"$log" 2>&1
  code=$?
  set -e
  elapsed=$(( $(date +%s) - started ))
  executions=$(awk '/stat::number_of_executed_units:/ {s += $2} END {print s + 0}' "$log")
  rate=$(awk '/stat::average_exec_per_sec:/ {r = $2} END {print r + 0}' "$log")
  crashes=$(find "$work/artifacts" -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
  if [ "$crashes" -gt 0 ] || [ "$code" -ne 0 ]; then
    status=1
    mkdir -p "$scratch/crashes/$target"
    cp "$work"/artifacts/* "$scratch/crashes/$target/" 2>/dev/null || true
    cp "$log" "$scratch/crashes/$target/fuzz-$(date +%Y%m%d-%H%M%S).log"
    grep -E -m 3 'ERROR: |Fatal error|invariant violated|SUMMARY' "$log" | sed 's/^/    /' || true
    echo "    exit $code; reproducers and log in .build-fuzz/crashes/$target/"
  fi
  line=$(printf '%-12s executions %12s  exec/s %7s  crashes %s  (%s s)' "$target" "$executions" "$rate" "$crashes" "$elapsed")
  echo "    $line"
  summary+=("$line")
  if [ "${FUZZ_KEEP:-0}" = 1 ]; then echo "    kept $work"; else rm -rf "$work"; fi
done

echo "==> summary"
printf '    %s\n' "${summary[@]}"
exit "$status"
