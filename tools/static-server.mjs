// A small static file server on 127.0.0.1, for the playground
// (`./build.sh serve`) and the end-to-end tests' fixture pages.
// Headers for a file can be set in a sibling `<file>.headers.json`.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves `dir`. Resolves to {server, url, requests} once listening;
 * `requests` logs every path asked for (tests assert on it). `headers` go
 * with every response (a file's own headers file may add to them).
 */
export async function serveDirectory(dir, { port = 0, host = '127.0.0.1', headers: everyResponse = {} } = {}) {
  const root = resolve(dir);
  const requests = [];
  const server = createServer(async (req, res) => {
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      return send(res, 400, 'bad request'); // a malformed %-escape
    }
    requests.push(path);
    let file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) return send(res, 403, 'forbidden');
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', ...everyResponse };
      Object.assign(headers, await readHeaders(file));
      res.writeHead(200, headers);
      res.end(body);
    } catch {
      send(res, 404, 'not found');
    }
  });
  await new Promise((ok, fail) => server.once('error', fail).listen(port, host, ok));
  const url = `http://${host}:${server.address().port}/`;
  // Closing drops every connection: a browser opens sockets ahead of need
  // (preconnect) that may never carry a request, and server.close() alone
  // waits for those until Node's header timeout, a minute or more.
  const close = () =>
    new Promise((ok) => {
      server.close(ok);
      server.closeAllConnections();
    });
  return { server, url, requests, close };
}

async function readHeaders(file) {
  try {
    return JSON.parse(await readFile(`${file}.headers.json`, 'utf8'));
  } catch {
    return {};
  }
}

function send(res, status, text) {
  res.writeHead(status, { 'content-type': 'text/plain' });
  res.end(text);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : fallback;
  };
  const port = Number(arg('--port', 8080));
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a number from 0 to 65535, not ${arg('--port')}`);
    process.exit(2);
  }
  const { url } = await serveDirectory(arg('--dir', '.'), { port }).catch((error) => {
    console.error(`cannot listen on 127.0.0.1:${port}: ${error.message} (try --port N)`);
    process.exit(1);
  });
  console.log(`serving ${arg('--dir', '.')} at ${url}`);
}
