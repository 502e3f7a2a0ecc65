// Never silently do nothing: when the engine cannot run at all, the toolbar
// badge shows "!" and the popup says the analysis failed, with the browser's
// reason, and the page is left as it was. Made real with a broken install: a
// copy of the built extension whose engine file is not WebAssembly, so both
// the content script's engine and the background's fail to compile it.
import assert from 'node:assert/strict';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { highlighted, withPage } from '../lib/page.mjs';
import { badgeText, extensionPageErrors, openPopup, waitForPopupState } from '../lib/popup.mjs';

const DIST = resolve(import.meta.dirname, '../../../dist');

test('when the engine cannot load, the badge shows ! and the popup says why, and the page is unchanged', async ({ server, browserName, launch }) => {
  const dir = await mkdtemp(join(tmpdir(), 'ditto-broken-'));
  await cp(resolve(DIST, browserName === 'chromium' ? 'chrome' : 'firefox'), dir, { recursive: true });
  await writeFile(join(dir, 'engine/ditto_bg.wasm'), 'this is not WebAssembly');
  const session = await launch({ extensionDir: dir });
  try {
    await withPage(session, server.url + 'popup-figures.html', async ({ page, errors }) => {
      const before = await page.evaluate(() => document.body.innerHTML);
      const popup = await openPopup(session, page);
      try {
        await waitForPopupState(popup, 'failed', { timeout: 15000 });
        const shown = await popup.evaluate(() => ({
          alert: !document.getElementById('failed').hidden,
          reason: document.getElementById('failed-reason').textContent,
          figures: !document.getElementById('figures').hidden,
        }));
        assert.equal(shown.alert, true, 'the failure is shown');
        // The browser's own words for the broken file: Chromium "expected magic
        // word", Firefox "failed to match magic number".
        assert.match(shown.reason, /magic/i);
        assert.equal(shown.figures, false, 'no figures from an analysis that did not run');
        assert.equal(await badgeText(popup), '!');
        assert.deepEqual(await extensionPageErrors(popup), [], 'no errors in the popup');
      } finally {
        await popup.close().catch(() => {});
      }
      assert.equal(await page.evaluate(() => document.body.innerHTML), before, 'the page is untouched');
      assert.deepEqual(await highlighted(page), []);
      assert.deepEqual(errors.filter((e) => e.startsWith('pageerror')), [], 'no error thrown in the page');
    });
  } finally {
    await session.close();
    await rm(dir, { recursive: true, force: true });
  }
});
