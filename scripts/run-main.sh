#!/usr/bin/env bash
# The main job of `make run`: the conformance suite against the built-in
# reference proxy on the seed topology, with reports in reports/latest/.
set -euo pipefail
build=${1:-build}
exec "$build/bin/wsgate" run --target builtin --report-dir reports/latest
