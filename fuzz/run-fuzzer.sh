#!/usr/bin/env bash
# Runs one fuzz target for a bounded time over its seed corpus.
#   run-fuzzer.sh [--fresh] FUZZER SECONDS CORPUS_DIR ARTIFACT_DIR
# FUZZER is the built binary; its seeds (fuzz/corpus/NAME) and dictionary
# (fuzz/NAME.dict, where there is one) are found by its name. New inputs go
# to CORPUS_DIR (emptied first with --fresh), crashing or hanging inputs to
# ARTIFACT_DIR. Exits with libFuzzer's status: 0 when nothing was found.
set -euo pipefail

# Generous for the slowest target (fuzz_scenario parses each input first in
# a child bounded at 5 s), tight enough that a real hang is reported.
readonly input_timeout_s=30
# Far above what any target needs, under what an ASan build can afford.
readonly rss_limit_mb=2048

fresh=false
if [ "${1:-}" = "--fresh" ]; then
  fresh=true
  shift
fi
if [ $# -ne 4 ]; then
  echo "usage: $0 [--fresh] FUZZER SECONDS CORPUS_DIR ARTIFACT_DIR" >&2
  exit 2
fi
fuzzer=$1 seconds=$2 corpus=$3 artifacts=$4
here=$(cd "$(dirname "$0")" && pwd)
name=$(basename "$fuzzer")
seeds=$here/corpus/$name

if [ ! -d "$seeds" ]; then
  echo "run-fuzzer: no seed corpus $seeds" >&2
  exit 2
fi
if $fresh; then rm -rf "$corpus"; fi
mkdir -p "$corpus" "$artifacts"

args=(-max_total_time="$seconds" -timeout="$input_timeout_s" -rss_limit_mb="$rss_limit_mb"
      -print_final_stats=1 -artifact_prefix="$artifacts/")
if [ -f "$here/$name.dict" ]; then args+=(-dict="$here/$name.dict"); fi

# The seeds come second: libFuzzer reads every corpus folder but writes only
# to the first, so the source tree is never written to.
exec "$fuzzer" "${args[@]}" "$corpus" "$seeds"
