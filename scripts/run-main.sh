#!/usr/bin/env bash
# The main job of `make run`: the echo backends of the seed topology in the
# foreground, until Ctrl-C.
set -euo pipefail
build=${1:-build}
exec "$build/bin/wsgate-echo"
