// Launches real, headless Chromium and Firefox ESR with the built extension
// loaded, behind one small interface the specs use.
import puppeteer from 'puppeteer-core';
import { resolve } from 'node:path';

const DIST = resolve(import.meta.dirname, '../../../dist');

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
  // Hosts under ditto.test are the local test server too: a plain http://
  // site that is not localhost, so not a secure context; so are those under
  // example.co.uk, a registrable domain under a public suffix of two labels.
  '--host-resolver-rules=MAP *.ditto.test 127.0.0.1, MAP *.example.co.uk 127.0.0.1',
];

/** @typedef {{name: string, browser: import('puppeteer-core').Browser,
 *   extensionId?: string, close: () => Promise<void>}} Session
 *  Chromium sessions also have `worker` (the service worker target, or null
 *  while Chrome has it stopped) and `workerScope()`.
 *
 *  Each launcher takes `{userDataDir}`: a profile folder kept across
 *  launches (a browser restart); by default a fresh temporary profile;
 *  `{extensionDir}`: the unpacked extension to load (default: the build in
 *  dist/); and `{locale}`: the browser's UI language (default: English). */

export const BROWSERS = {
  async chromium({ userDataDir, extensionDir, locale } = {}) {
    const dir = extensionDir ?? resolve(DIST, 'chrome');
    const browser = await puppeteer.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      pipe: true,
      userDataDir,
      enableExtensions: [dir],
      args: locale ? [...CHROMIUM_ARGS, `--lang=${locale}`] : CHROMIUM_ARGS,
      ...(locale ? { env: { ...process.env, LANGUAGE: locale } } : {}),
    });
    const isWorker = (t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://');
    const first = await browser.waitForTarget(isWorker, { timeout: 15000 });
    const extensionId = new URL(first.url()).host;
    const session = {
      name: 'chromium',
      browser,
      extensionId,
      /** The extension's service worker target now (Chrome stops and restarts it). */
      get worker() {
        return browser.targets().find(isWorker) ?? null;
      },
      /** Waits for the running service worker's scope, with its chrome.* APIs. */
      async workerScope({ timeout = 15000 } = {}) {
        const scope = await (await browser.waitForTarget(isWorker, { timeout })).worker();
        // Right after start the worker's script may not have run yet, and an
        // evaluation there finds no `chrome`: wait until its extension APIs exist.
        for (let tries = 0; !(await scope.evaluate(() => Boolean(globalThis.chrome?.storage)).catch(() => false)); tries++) {
          if (tries > 100) throw new Error('the extension service worker never got its chrome.* APIs');
          await new Promise((done) => setTimeout(done, 50));
        }
        return scope;
      },
      close: () => browser.close(),
    };
    await session.workerScope();
    return session;
  },

  async firefox({ userDataDir, extensionDir, locale } = {}) {
    const dir = extensionDir ?? resolve(DIST, 'firefox');
    const browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
      headless: true,
      userDataDir,
      // Another UI language needs its language pack (build.sh installs Arabic's).
      ...(locale ? { extraPrefsFirefox: { 'intl.locale.requested': locale, 'extensions.autoDisableScopes': 0 } } : {}),
      // Lets the tests run script in Firefox's own (chrome) windows through
      // WebDriver BiDi, which is how lib/popup.mjs opens the extension's
      // pages: Firefox refuses to navigate a tab to moz-extension:// itself.
      args: ['--remote-allow-system-access'],
    });
    const extensionId = await browser.installExtension(dir);
    return { name: 'firefox', browser, extensionId, close: () => browser.close() };
  },
};
