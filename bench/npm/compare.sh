#!/bin/sh
# The load generator against a WebSocket load client from the npm registry
# (`ws`), side by side on the direct target (clients straight to a
# wsgate-echo backend, no proxy), closed loop, same connections, size and
# duration. Each tool's own CPU time comes from /usr/bin/time, the same way
# for both; messages per CPU second is the figure that says which one can
# saturate a proxy. Usage: bench/npm/compare.sh [connections] [seconds]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
connections=${1:-50}
seconds=${2:-5}
base=26000
out=$root/build/bench-npm
mkdir -p "$out"

command -v node >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq nodejs npm; }
[ -x /usr/bin/time ] || apt-get install -y -qq time
[ -d "$here/node_modules/ws" ] || (cd "$here" && npm install --no-audit --no-fund --silent)

(cd "$out" && exec "$root/build/bin/wsgate" up --target direct --port-base $base) >"$out/up.log" 2>&1 &
up=$!
trap 'kill -INT $up 2>/dev/null; wait $up 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 100); do grep -q "ctrl-c\|Ctrl-C" "$out/up.log" 2>/dev/null && break; sleep 0.1; done
url=ws://127.0.0.1:$base/

/usr/bin/time -f "%U %S" -o "$out/ws.cpu" node "$here/ws-echo-load.js" "$url" "$connections" "$seconds" 64 >"$out/ws.json"
/usr/bin/time -f "%U %S" -o "$out/wsgate.cpu" "$root/build/bin/wsgate" load --url "$url" --closed \
    --connections "$connections" --duration "$seconds" --warmup 0 --size 64 --json "$out/wsgate.json" >"$out/wsgate.log"

python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
def cpu(name):
    user, system = open(f"{out}/{name}.cpu").read().split()[-2:]
    return float(user) + float(system)
ws = json.loads(open(f"{out}/ws.json").read())
wg = json.load(open(f"{out}/wsgate.json"))
rows = [("ws (npm)", ws["messages_per_second"], ws["messages"], cpu("ws"), ws["errors"]),
        ("wsgate load", wg["messages_per_second"], wg["messages"], cpu("wsgate"), sum(wg["errors"].values()))]
print("| client | msg/s | CPU s | msg per CPU s | errors |")
print("| --- | ---: | ---: | ---: | ---: |")
for name, rate, messages, seconds, errors in rows:
    print(f"| {name} | {rate:.0f} | {seconds:.2f} | {messages / seconds:.0f} | {errors} |")
ratio = (rows[1][2] / rows[1][3]) / (rows[0][2] / rows[0][3])
print(f"\nwsgate load sends {ratio:.1f}x the messages per CPU second of the ws client.")
PY
