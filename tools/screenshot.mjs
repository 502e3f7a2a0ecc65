// Makes docs/playground.png: the playground with the wire-story sample open,
// in headless Chromium. Run by `./build.sh screenshot` (after a build).
//
//   node tools/screenshot.mjs [--out docs/playground.png] [--dark]
import { resolve } from 'node:path';
import { createRequire } from 'node:module';
import { serveDirectory } from './static-server.mjs';

const ROOT = resolve(import.meta.dirname, '..');
const require = createRequire(resolve(ROOT, 'tests/package.json'));
const puppeteer = require('puppeteer-core');

const args = process.argv.slice(2);
const out = resolve(ROOT, args.includes('--out') ? args[args.indexOf('--out') + 1] : 'docs/playground.png');
const dark = args.includes('--dark');

const server = await serveDirectory(resolve(ROOT, 'dist/www'));
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  pipe: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--hide-scrollbars'],
});
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 1180, deviceScaleFactor: 1 });
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: dark ? 'dark' : 'light' }]);
  await page.goto(`${server.url}?sample=wire-story`, { waitUntil: 'load' });
  await page.waitForSelector('body[data-state="ready"]', { timeout: 15000 });
  await page.waitForFunction(() => document.querySelectorAll('#preview [data-ditto-collapsed]').length > 0);
  await page.screenshot({ path: out });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await server.close();
}
