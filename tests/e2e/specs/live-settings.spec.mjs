// Settings apply live: switching Ditto off for the site removes every
// highlight and expander and restores every collapsed item, leaving exactly
// the DOM the page had; switching on repaints; the list option collapses or
// not. (The popup's own switch is tested in the popup's specs; here storage is
// written directly from the extension's service worker, so Chromium only.)
import assert from 'node:assert/strict';
import {
  clearSiteChoices, collapsedIds, contentScriptLoaded, dittoStats, expanders, extensionWorker, highlighted, setSiteEnabled,
  waitForDitto, waitForExpanders, withPage,
} from '../lib/page.mjs';

const HOST = '127.0.0.1';
const serialised = (page) => page.evaluate(() => document.documentElement.outerHTML);
const settle = () => new Promise((done) => setTimeout(done, 600));

async function withSettingsRestored(session, fn) {
  try {
    return await fn();
  } finally {
    await clearSiteChoices(session);
  }
}

test('switching off restores the exact DOM, switching on repaints', async ({ session, server }) => {
  await withSettingsRestored(session, async () => {
    await setSiteEnabled(session, HOST, false);
    await withPage(session, server.url + 'similar-news-ul.html', async ({ page, errors }) => {
      await settle();
      assert.equal(await page.evaluate(() => CSS.highlights.has('ditto-repeat')), false, 'off: nothing painted');
      assert.equal(await contentScriptLoaded(session, page), false, 'off at load: nothing of Ditto is loaded');
      const original = await serialised(page);

      await setSiteEnabled(session, HOST, true);
      await waitForDitto(page);
      await waitForExpanders(page);
      assert.deepEqual(await collapsedIds(page), ['s2', 's3', 's4']);
      const painted = await highlighted(page);
      assert.ok(painted.length > 0);
      assert.notEqual(await serialised(page), original);
      // The reader opened the group before switching off.
      await page.evaluate(() => document.querySelector('#s1 [data-ditto-ui]').shadowRoot.querySelector('button').click());

      await setSiteEnabled(session, HOST, false);
      await page.waitForFunction(() => !CSS.highlights.has('ditto-repeat'), { timeout: 5000 });
      await page.waitForFunction(() => !document.querySelector('[data-ditto-ui]'), { timeout: 5000 });
      assert.equal(await serialised(page), original, 'off again: the serialised DOM equals the original');
      assert.equal((await dittoStats(session, page)).enabled, false);

      await setSiteEnabled(session, HOST, true);
      await waitForDitto(page);
      await waitForExpanders(page);
      assert.deepEqual(await collapsedIds(page), ['s2', 's3', 's4'], 'on again: the same items collapse');
      assert.deepEqual(await highlighted(page), painted, 'on again: the same spans, nothing repeats itself');
      assert.deepEqual(errors, []);
    });
  });
}, { only: 'chromium' });

test('a site switched off gets nothing at all, even content that arrives later', async ({ session, server }) => {
  await withSettingsRestored(session, async () => {
    await setSiteEnabled(session, HOST, false);
    await withPage(session, server.url + 'dynamic.html', async ({ page, errors }) => {
      await page.waitForFunction(() => document.getElementById('late'), { timeout: 5000 });
      await settle();
      assert.equal(await page.evaluate(() => CSS.highlights.has('ditto-repeat')), false);
      assert.equal(await page.evaluate(() => performance.getEntriesByName('ditto:analysis').length), 0);
      assert.equal(await contentScriptLoaded(session, page), false, 'nothing of Ditto is loaded');
      assert.deepEqual(errors, []);
    });
  });
}, { only: 'chromium' });

test('collapseLists off only highlights; on again collapses, live', async ({ session, server }) => {
  await withSettingsRestored(session, async () => {
    const worker = await extensionWorker(session);
    await withPage(session, server.url + 'similar-news-div.html', async ({ page, errors }) => {
      await waitForDitto(page);
      await waitForExpanders(page);
      await worker.evaluate(() => chrome.storage.local.set({ collapseLists: false }));
      await page.waitForFunction(() => !document.querySelector('[data-ditto-ui]'), { timeout: 5000 });
      assert.deepEqual(await collapsedIds(page), []);
      assert.ok((await highlighted(page)).length > 0, 'highlights stay');
      assert.deepEqual((await dittoStats(session, page)).lists.itemsCollapsed, 0);
      await worker.evaluate(() => chrome.storage.local.set({ collapseLists: true }));
      await waitForExpanders(page);
      assert.deepEqual(await collapsedIds(page), ['s2', 's3', 's4']);
      assert.equal((await expanders(page)).length, 1);
      assert.deepEqual(errors, []);
    });
  });
}, { only: 'chromium' });

test('a page marked <meta name="ditto-playground"> is left to the playground', async ({ session, server, browserName }) => {
  await withPage(session, server.url + 'playground-lists.html', async ({ page, errors }) => {
    await settle();
    assert.equal(await page.evaluate(() => CSS.highlights.size), 0);
    assert.equal(await page.evaluate(() => document.querySelectorAll('[data-ditto-ui], [data-ditto-collapsed]').length), 0);
    if (browserName === 'chromium') {
      const stats = await dittoStats(session, page);
      assert.equal(stats.skipped, 'playground');
      assert.equal(stats.totals, null);
    }
    assert.deepEqual(errors, []);
  });
});
