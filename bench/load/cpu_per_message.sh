#!/bin/sh
# The load generator's own CPU per message against one wsgate-echo thread:
# the generator pinned to CPU 0, the echo backend to CPU 1, 64-byte messages
# over 50 connections, at fixed rates (open model) and in a closed loop; CPU
# from /usr/bin/time (user + system), messages from the run's JSON.
# Usage: bench/load/cpu_per_message.sh [seconds] [rates...]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
seconds=${1:-5}
shift 2>/dev/null || true
rates=${*:-10000 50000}
port=26100
connections=50
out=$root/build/bench-cpu
mkdir -p "$out"
[ -x /usr/bin/time ] || apt-get install -y -qq time

taskset -c 1 "$root/build/bin/wsgate-echo" --listen 127.0.0.1:$port=solo --threads 1 \
    --ready-file "$out/echo.ready" >"$out/echo.log" 2>&1 &
echo_pid=$!
trap 'kill $echo_pid 2>/dev/null; wait $echo_pid 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 100); do [ -s "$out/echo.ready" ] && break; sleep 0.1; done

run() {
    name=$1
    shift
    taskset -c 0 /usr/bin/time -f "%U %S" -o "$out/$name.cpu" "$root/build/bin/wsgate" load \
        --url ws://127.0.0.1:$port/ --connections $connections --threads 1 --duration "$seconds" --warmup 0 \
        --size 64 --json "$out/$name.json" "$@" >"$out/$name.log"
}
for rate in $rates; do run "rate-$rate" --rate "$rate"; done
run closed --closed

python3 - "$out" $rates <<'PY'
import json, sys
out, rates = sys.argv[1], sys.argv[2:]
print("| mode | msg/s | CPU µs per message | p50 µs | p99 µs | errors |")
print("| --- | ---: | ---: | ---: | ---: | ---: |")
for name in [f"rate-{r}" for r in rates] + ["closed"]:
    user, system = open(f"{out}/{name}.cpu").read().split()[-2:]
    r = json.load(open(f"{out}/{name}.json"))
    cpu = float(user) + float(system)
    lat = r["latency_us"]
    print(f"| {name} | {r['messages_per_second']:,.0f} | {1e6 * cpu / max(1, r['messages']):.1f} | "
          f"{lat['p50']:,.0f} | {lat['p99']:,.0f} | {sum(r['errors'].values())} |")
PY
