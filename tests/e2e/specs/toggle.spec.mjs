// The per-site switch, through the popup's own control, in Chromium and
// Firefox: off removes every highlight and expander and restores every
// collapsed item, leaving exactly the DOM the page has without Ditto; on
// repaints; the choice survives a reload and a browser restart.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collapsedIds, highlighted, waitForAnalysis, waitForExpanders, withPage } from '../lib/page.mjs';
import { clearSettings, extensionPageErrors, openPopup, popupView, waitForPopupState } from '../lib/popup.mjs';

const serialised = (page) => page.evaluate(() => document.documentElement.outerHTML);

/** Nothing of Ditto is left on the page: no highlight, no expander, nothing hidden or marked. */
async function waitUntilUntouched(page) {
  await page.waitForFunction(() => !CSS.highlights.has('ditto-repeat')
    && !document.querySelector('[data-ditto-ui], [data-ditto-collapsed]'), { timeout: 5000, polling: 50 });
}

test('the popup switch turns Ditto off and on live, restores the exact DOM, and the choice persists', async ({ session, server }) => {
  await withPage(session, server.url + 'popup-story.html', async ({ page, errors }) => {
    await waitForAnalysis(page);
    await waitForExpanders(page);
    const popup = await openPopup(session, page);
    try {
      await waitForPopupState(popup, 'ready');
      // The popup has had the whole page read (beyond the reader's reach too).
      const painted = await highlighted(page);
      const collapsed = await collapsedIds(page);
      assert.ok(painted.length > 0 && collapsed.length > 0, 'Ditto is on by default: painted and collapsed');

      // Off through the popup's switch.
      await popup.click('#site-switch');
      await waitUntilUntouched(page);
      await waitForPopupState(popup, 'off');
      assert.equal((await popupView(popup)).switchOn, false);
      const switchedOff = await serialised(page);

      // The page as it is without Ditto: reloaded while off (the choice persists).
      await page.reload({ waitUntil: 'load' });
      await waitForPopupState(popup, 'off'); // the new page's content script answers: off
      await new Promise((done) => setTimeout(done, 300));
      assert.equal(await page.evaluate(() => CSS.highlights.has('ditto-repeat')), false, 'off persists across a reload');
      const pristine = await serialised(page);
      assert.doesNotMatch(pristine, /data-ditto/);
      assert.equal(switchedOff, pristine, 'switching off left exactly the DOM of a page Ditto never touched');

      // On again: repaints the same.
      await popup.click('#site-switch');
      await waitForPopupState(popup, 'ready');
      await waitForExpanders(page);
      assert.deepEqual(await highlighted(page), painted);
      assert.deepEqual(await collapsedIds(page), collapsed);
      assert.notEqual(await serialised(page), pristine);

      // The reader opens the collapsed group, then switches off with the keyboard.
      await page.evaluate(() => document.querySelector('[data-ditto-ui]').shadowRoot.querySelector('button').click());
      // Keys go to the focused tab: bring the popup's forward (it already knows its tab).
      await popup.bringToFront();
      await popup.focus('#site-switch');
      await popup.keyboard.press(' '); // the Space key
      await waitUntilUntouched(page);
      assert.equal(await serialised(page), pristine, 'off again: the serialised DOM equals the untouched page');
      await waitForPopupState(popup, 'off');

      // On with the keyboard, then a reload keeps it on.
      await popup.keyboard.press('Enter');
      await waitForExpanders(page);
      await page.reload({ waitUntil: 'load' });
      await waitForAnalysis(page);
      await waitForExpanders(page);
      // Read through to the end (the open popup may have asked for that already).
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      await page.waitForFunction((n) => (CSS.highlights.get('ditto-repeat')?.size ?? 0) + (CSS.highlights.get('ditto-related')?.size ?? 0) >= n,
        { timeout: 5000, polling: 50 }, painted.length).catch(() => {});
      assert.deepEqual(await highlighted(page), painted, 'on persists across a reload');
      await waitForPopupState(popup, 'ready');
      assert.equal((await popupView(popup)).switchOn, true);
      assert.deepEqual(errors, []);
      assert.deepEqual(await extensionPageErrors(popup), [], 'no errors in the popup');
    } finally {
      await clearSettings(popup).catch(() => {});
      await popup.close().catch(() => {});
    }
  });
});

test('switching one site off leaves other sites on', async ({ session, server }) => {
  const otherSite = server.url.replace('127.0.0.1', 'localhost');
  await withPage(session, server.url + 'popup-figures.html', async ({ page }) => {
    await waitForAnalysis(page);
    const popup = await openPopup(session, page);
    try {
      await waitForPopupState(popup, 'ready');
      await popup.click('#site-switch');
      await waitUntilUntouched(page);
      await withPage(session, otherSite + 'popup-figures.html', async ({ page: other }) => {
        const figures = await waitForAnalysis(other);
        assert.equal(figures.repeatedBlocks, 1, 'localhost is another site: still on');
      });
      const stored = await popup.evaluate(async () => (await (globalThis.browser ?? globalThis.chrome).storage.local.get('sites')).sites);
      assert.deepEqual(stored, { '127.0.0.1': false });
    } finally {
      await clearSettings(popup).catch(() => {});
      await popup.close().catch(() => {});
    }
  });
});

test('a site switched off stays off after the browser restarts, and on again after the next', async ({ server, launch }) => {
  const profile = await mkdtemp(join(tmpdir(), 'ditto-profile-'));
  const restart = async (fn) => {
    const session = await launch({ userDataDir: profile });
    try {
      return await withPage(session, server.url + 'popup-story.html', async ({ page, errors }) => {
        const result = await fn(session, page);
        assert.deepEqual(errors, []);
        return result;
      });
    } finally {
      await session.close();
    }
  };
  try {
    // First run: on by default; the popup switches the site off.
    await restart(async (session, page) => {
      await waitForAnalysis(page);
      const popup = await openPopup(session, page);
      await waitForPopupState(popup, 'ready');
      await popup.click('#site-switch');
      await waitUntilUntouched(page);
      await waitForPopupState(popup, 'off');
      await popup.close();
    });
    // After a restart: the site is still off; the popup switches it on.
    await restart(async (session, page) => {
      const popup = await openPopup(session, page);
      await waitForPopupState(popup, 'off');
      assert.equal((await popupView(popup)).switchOn, false);
      assert.equal(await page.evaluate(() => performance.getEntriesByName('ditto:analysis').length), 0, 'not analysed');
      assert.equal(await page.evaluate(() => CSS.highlights.has('ditto-repeat')), false);
      await popup.click('#site-switch');
      await waitForAnalysis(page);
      await waitForPopupState(popup, 'ready');
      await popup.close();
    });
    // And after another: on.
    await restart(async (session, page) => {
      await waitForAnalysis(page);
      await waitForExpanders(page);
      assert.ok((await highlighted(page)).length > 0);
    });
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
});
