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
      // Lets the tests run script in Firefox's own (chrome) windows through
      // WebDriver BiDi, which is how lib/popup.mjs opens the extension's
      // pages: Firefox refuses to navigate a tab to moz-extension:// itself.
      args: ['--remote-allow-system-access'],
    });
    const extensionId = await browser.installExtension(dir);
    return { name: 'firefox', browser, extensionId, close: () => browser.close() };
  },
};
