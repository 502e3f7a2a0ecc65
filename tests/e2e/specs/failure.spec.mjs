// Never silently do nothing: when Ditto cannot run on a page, the toolbar
// badge shows "!" and the popup says the analysis failed, with the browser's
// reason, and the page is left as it was. Made real with broken installs: a
// copy of the built extension with one file damaged.
import assert from 'node:assert/strict';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { highlighted, withPage } from '../lib/page.mjs';
import { badgeText, extensionPageErrors, openPopup, waitForPopupState } from '../lib/popup.mjs';

const DIST = resolve(import.meta.dirname, '../../../dist');

/**
 * Loads a copy of the built extension with `file` (a path inside it)
 * replaced by `content` in a browser of its own, and runs `fn(session)`.
 */
async function withBrokenInstall({ browserName, launch }, file, content, fn) {
  const dir = await mkdtemp(join(tmpdir(), 'ditto-broken-'));
  await cp(resolve(DIST, browserName === 'chromium' ? 'chrome' : 'firefox'), dir, { recursive: true });
  await writeFile(join(dir, file), content);
  const session = await launch({ extensionDir: dir });
  try {
    return await fn(session);
  } finally {
    await session.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Opens the popup for `page`, waits for its failed state and returns what it shows. */
async function failureShown(session, page) {
  const popup = await openPopup(session, page);
  try {
    await waitForPopupState(popup, 'failed', { timeout: 15000 });
    return {
      ...(await popup.evaluate(() => ({
        alert: !document.getElementById('failed').hidden,
        reason: document.getElementById('failed-reason').textContent,
        figures: !document.getElementById('figures').hidden,
        host: document.getElementById('host').textContent,
        switchShown: !document.getElementById('site').hidden,
      }))),
      badge: await badgeText(popup),
      popupErrors: await extensionPageErrors(popup),
    };
  } finally {
    await popup.close().catch(() => {});
  }
}

test('when the engine cannot load, the badge shows ! and the popup says why, and the page is unchanged', async (context) => {
  // The engine file is not WebAssembly: the content script's engine and the
  // background's both fail to compile it.
  await withBrokenInstall(context, 'engine/ditto_bg.wasm', 'this is not WebAssembly', async (session) => {
    await withPage(session, context.server.url + 'popup-figures.html', async ({ page, errors }) => {
      const before = await page.evaluate(() => document.body.innerHTML);
      const shown = await failureShown(session, page);
      assert.equal(shown.alert, true, 'the failure is shown');
      // The browser's own words for the broken file: Chromium "expected magic
      // word", Firefox "failed to match magic number".
      assert.match(shown.reason, /magic/i);
      assert.equal(shown.figures, false, 'no figures from an analysis that did not run');
      assert.equal(shown.badge, '!');
      assert.deepEqual(shown.popupErrors, [], 'no errors in the popup');
      assert.equal(await page.evaluate(() => document.body.innerHTML), before, 'the page is untouched');
      assert.deepEqual(await highlighted(page), []);
      assert.deepEqual(errors.filter((e) => e.startsWith('pageerror')), [], 'no error thrown in the page');
    });
  });
});

test('when the content script itself cannot load, the popup still says Ditto failed here, and why', async (context) => {
  // The content script's bundle does not parse: nothing of Ditto runs in the
  // page to answer the popup, so the reason comes from the background.
  await withBrokenInstall(context, 'content/ditto.js', 'export {', async (session) => {
    await withPage(session, context.server.url + 'popup-figures.html', async ({ page }) => {
      const before = await page.evaluate(() => document.body.innerHTML);
      const shown = await failureShown(session, page);
      assert.equal(shown.alert, true, 'failed, not "Ditto can\'t run on this page"');
      assert.notEqual(shown.reason.trim(), '', 'with the browser\'s reason');
      assert.equal(shown.host, '127.0.0.1');
      assert.equal(shown.switchShown, true, 'the site switch is there');
      assert.equal(shown.badge, '!');
      assert.deepEqual(shown.popupErrors, [], 'no errors in the popup');
      assert.equal(await page.evaluate(() => document.body.innerHTML), before, 'the page is untouched');
      // The failure belongs to that document: on a page Ditto does not run
      // on, the tab's popup no longer shows it.
      await page.goto('about:blank');
      const popup = await openPopup(session, page);
      try {
        await waitForPopupState(popup, 'unavailable');
      } finally {
        await popup.close().catch(() => {});
      }
    });
  });
});
