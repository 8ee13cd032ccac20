// Closed-loop echo load with the npm `ws` client, the way such tools are
// usually written: N connections, each sends the next message when the echo
// of the last one arrived. Prints one JSON line with what it measured.
'use strict';
const WebSocket = require('ws');

const [url, connections = '50', seconds = '5', size = '64'] = process.argv.slice(2);
if (!url || !url.startsWith('ws://127.')) {
  console.error('usage: node ws-echo-load.js ws://127.x.y.z:PORT/PATH [connections] [seconds] [size]');
  process.exit(2);
}
const payload = 'x'.repeat(Number(size));
let open = 0;
let messages = 0;
let errors = 0;
let measuring = false;
let started = 0;
const sockets = [];

for (let i = 0; i < Number(connections); i++) {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  ws.on('open', () => {
    open++;
    ws.send(payload);
    if (open === Number(connections)) {
      measuring = true;
      started = process.hrtime.bigint();
      setTimeout(finish, Number(seconds) * 1000);
    }
  });
  ws.on('message', (data) => {
    if (data.length !== payload.length) errors++;
    if (measuring) messages++;
    ws.send(payload);
  });
  ws.on('error', () => errors++);
  sockets.push(ws);
}

// Bounded whatever happens: connections that never open end the run too.
setTimeout(() => {
  if (!measuring) {
    console.log(JSON.stringify({ tool: 'ws', error: 'not all connections opened', open }));
    process.exit(1);
  }
}, 10000);

function finish() {
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(JSON.stringify({ tool: 'ws', connections: Number(connections), messages, seconds: elapsed,
                               messages_per_second: messages / elapsed, errors }));
  for (const ws of sockets) ws.terminate();
  process.exit(0);
}
