#!/usr/bin/env bash
# `make bench`: the codec and load-generator microbenchmarks, the same
# WebSocket echo load through wsgate-proxy and nginx in one run, and
# `wsgate compare` on every target (load only; the suite runs in make test).
set -euo pipefail
build=${1:-build}
"$build/bin/wsgate-bench-codec" --benchmark_min_time=0.2
"$build/bin/wsgate-bench-load" --benchmark_min_time=0.2
"$build/bin/wsgate-bench-proxy" --out-dir "$build/bench-proxy" --json "$build/bench-proxy/figures.json"
"$build/bin/wsgate" compare --no-suite --targets builtin,nginx,haproxy,caddy,direct --repetitions 3 \
    --report-dir "$build/bench-compare"
