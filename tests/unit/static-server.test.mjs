// The test pages' static server (tools/static-server.mjs), in Node.
// Run: node --test tests/unit/   (./build.sh test runs it)
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { serveDirectory } from '../../tools/static-server.mjs';

const WWW = resolve(import.meta.dirname, '../../www');

test('closing does not wait for a browser socket that never sent a request', async () => {
  // Chromium opens such sockets ahead of need (preconnect). server.close()
  // alone waited for them until Node's header timeout: e2e tests that close
  // their server ran into the runner's one-minute limit.
  const server = await serveDirectory(WWW);
  const socket = connect(Number(new URL(server.url).port), '127.0.0.1');
  await new Promise((ok) => socket.once('connect', ok));
  let timer;
  const waited = await Promise.race([
    server.close().then(() => 'closed'),
    new Promise((ok) => {
      timer = setTimeout(ok, 5000, 'still open after 5 s');
    }),
  ]);
  clearTimeout(timer);
  socket.destroy();
  assert.equal(waited, 'closed');
});

test('a malformed %-escape is a 400, not a crash', async () => {
  const server = await serveDirectory(WWW);
  try {
    const response = await fetch(`${server.url}%E0%A4%A`);
    assert.equal(response.status, 400);
    assert.equal((await fetch(server.url)).status, 200, 'the server still serves');
  } finally {
    await server.close();
  }
});
