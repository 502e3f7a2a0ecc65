// Launches real, headless Chromium and Firefox ESR with the built extension
// loaded, behind one small interface the specs use.
import puppeteer from 'puppeteer-core';
import { resolve } from 'node:path';

const DIST = resolve(import.meta.dirname, '../../../dist');

const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
];

/** @typedef {{name: string, browser: import('puppeteer-core').Browser,
 *   extensionId?: string, close: () => Promise<void>}} Session */

export const BROWSERS = {
  async chromium() {
    const dir = resolve(DIST, 'chrome');
    const browser = await puppeteer.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      pipe: true,
      enableExtensions: [dir],
      args: CHROMIUM_ARGS,
    });
    const worker = await browser.waitForTarget(
      (t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'),
      { timeout: 15000 },
    );
    const extensionId = new URL(worker.url()).host;
    return { name: 'chromium', browser, extensionId, worker, close: () => browser.close() };
  },

  async firefox() {
    const dir = resolve(DIST, 'firefox');
    const browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
      headless: true,
      // Lets the tests run privileged script in the browser's own (chrome)
      // scope over WebDriver BiDi: the one way to open an extension page in a
      // tab in Firefox, which refuses WebDriver navigation to moz-extension://
      // (see lib/popup.mjs).
      args: ['--remote-allow-system-access'],
    });
    const extensionId = await browser.installExtension(dir);
    return { name: 'firefox', browser, extensionId, close: () => browser.close() };
  },
};
