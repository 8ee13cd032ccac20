#!/usr/bin/env bash
# `make bench`: the codec microbenchmarks, then the same WebSocket echo load
# through wsgate-proxy and nginx in one run.
set -euo pipefail
build=${1:-build}
"$build/bin/wsgate-bench-codec" --benchmark_min_time=0.2
"$build/bin/wsgate-bench-proxy" --out-dir "$build/bench-proxy" --json "$build/bench-proxy/figures.json"
