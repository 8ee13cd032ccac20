#!/usr/bin/env bash
# `make bench`: the codec and load-generator microbenchmarks, and
# `wsgate compare` on every target (load only; the suite runs in make test),
# which measures wsgate-proxy against nginx among the others.
set -euo pipefail
build=${1:-build}
"$build/bin/wsgate-bench-codec" --benchmark_min_time=0.2
"$build/bin/wsgate-bench-load" --benchmark_min_time=0.2
"$build/bin/wsgate" compare --no-suite --targets builtin,nginx,haproxy,caddy,direct --repetitions 3 \
    --report-dir "$build/bench-compare"
