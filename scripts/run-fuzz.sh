#!/usr/bin/env bash
# Runs the fuzz targets one after another, SECONDS each, into corpora kept
# between runs, and prints one summary: libFuzzer's executions and exec/s
# (final stats), the coverage of its last status line, the corpus size.
#   scripts/run-fuzz.sh BUILD_DIR SECONDS [TARGET...]   (behind `make fuzz`)
# Every target by default (fuzz/fuzz_*.cpp). Corpora: BUILD_DIR/corpus/NAME,
# crashing inputs: BUILD_DIR/crashes/NAME, full output: BUILD_DIR/fuzz-logs/NAME.log.
# Exits 1 when a target found something or could not run.
set -euo pipefail

if [ $# -lt 2 ]; then
  echo "usage: $0 BUILD_DIR SECONDS [TARGET...]" >&2
  exit 2
fi
build=$(cd "$1" && pwd) seconds=$2
shift 2
root=$(cd "$(dirname "$0")/.." && pwd)

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for source in "$root"/fuzz/fuzz_*.cpp; do targets+=("$(basename "$source" .cpp)"); done
fi

mkdir -p "$build/fuzz-logs"
summary=()
failed=0
for name in "${targets[@]}"; do
  log=$build/fuzz-logs/$name.log
  echo "run-fuzz: $name for $seconds s (log: $log)"
  if "$root/fuzz/run-fuzzer.sh" "$build/bin/$name" "$seconds" "$build/corpus/$name" "$build/crashes/$name" \
      >"$log" 2>&1; then
    result=ok
  else
    result="FAILED ($?)"
    failed=1
  fi
  # The `|| true` keeps a log without these lines (a crash at start) from ending the run.
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -n 1 | awk '{print $2}' || true)
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | tail -n 1 | awk '{print $2}' || true)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | awk '{print $2}' || true)
  inputs=$(find "$build/corpus/$name" -type f 2>/dev/null | wc -l || true)
  summary+=("$(printf '%-20s %-12s %12s %8s %6s %7s' "$name" "$result" "${execs:--}" "${rate:--}" "${cov:--}" "$inputs")")
  if [ "$result" != ok ]; then
    newest=$(ls -t "$build/crashes/$name" 2>/dev/null | head -n 3 | sed "s|^|$build/crashes/$name/|" | tr '\n' ' ' || true)
    summary+=("    newest artifacts: ${newest:-none}")
  fi
done

echo
printf '%-20s %-12s %12s %8s %6s %7s\n' target result execs exec/s cov corpus
printf '%s\n' "${summary[@]}"
exit $failed
