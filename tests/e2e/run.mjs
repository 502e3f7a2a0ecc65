// The end-to-end runner: every spec under specs/, in every browser, against
// fixture pages served on 127.0.0.1. Prints "N passed, M failed" last.
//
//   node tests/e2e/run.mjs [--browser chromium|firefox] [--grep TEXT]
import { readdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serveDirectory } from '../../tools/static-server.mjs';
import { BROWSERS } from './lib/browsers.mjs';

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const onlyBrowser = option('--browser');
const grep = option('--grep');
const TEST_TIMEOUT_MS = Number(process.env.DITTO_TEST_TIMEOUT ?? 60000);

// Specs register tests with the global `test(name, fn)`; fn gets a context
// {session, server, browserName, launch} with the browser already running
// (`launch(options)` starts another one of the same kind, lib/browsers.mjs).
const tests = [];
globalThis.test = (name, fn, options = {}) => tests.push({ name, fn, ...options });

const specDir = resolve(import.meta.dirname, 'specs');
for (const file of (await readdir(specDir)).filter((f) => f.endsWith('.spec.mjs')).sort()) {
  const before = tests.length;
  await import(pathToFileURL(resolve(specDir, file)).href);
  for (const t of tests.slice(before)) t.spec = file;
}

const server = await serveDirectory(resolve(import.meta.dirname, '../fixtures'));
let passed = 0;
let failed = 0;

for (const [name, launch] of Object.entries(BROWSERS)) {
  if (onlyBrowser && onlyBrowser !== name) continue;
  const selected = tests.filter((t) => (!grep || t.name.includes(grep)) && (!t.only || t.only === name));
  const started = performance.now();
  let session;
  try {
    session = await launch();
  } catch (error) {
    console.log(`FAIL ${name}: could not start the browser: ${error.message}`);
    failed += selected.length || 1;
    continue;
  }
  console.log(`# ${name} (${(await session.browser.version())})`);
  for (const t of selected) {
    const t0 = performance.now();
    try {
      await withTimeout(t.fn({ session, server, browserName: name, launch }), TEST_TIMEOUT_MS);
      passed++;
      console.log(`ok   ${name} › ${t.name} (${ms(t0)})`);
    } catch (error) {
      failed++;
      console.log(`FAIL ${name} › ${t.name} (${ms(t0)})\n     ${String(error?.stack ?? error).replace(/\n/g, '\n     ')}`);
    }
  }
  await session.close().catch(() => {});
  console.log(`# ${name}: ${selected.length} tests in ${ms(started)}`);
}

await server.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

function ms(since) {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

function withTimeout(promise, limit) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, fail) => {
      timer = setTimeout(() => fail(new Error(`timed out after ${limit} ms`)), limit);
    }),
  ]).finally(() => clearTimeout(timer));
}
