// The options page, through its own controls, in Chromium and Firefox: the
// global default ("only where I turn it on" leaves a new site untouched) and
// the list option, both applied live to open pages.
import assert from 'node:assert/strict';
import { collapsedIds, highlighted, waitForAnalysis, waitForExpanders, withPage } from '../lib/page.mjs';
import { extensionPageErrors, openPopup, popupView, waitForPopupState, withOptions } from '../lib/popup.mjs';

test('options: "only on sites where I switch it on" leaves a new site untouched until the popup switches it on', async ({ session, server }) => {
  const newSite = server.url.replace('127.0.0.1', 'localhost');
  await withOptions(session, async (options) => {
    assert.equal(await options.$eval('input[name=defaultMode]:checked', (el) => el.value), 'on', 'on everywhere by default');
    await options.click('input[name=defaultMode][value=off]');
    await options.waitForFunction(() => document.getElementById('saved').textContent === 'Saved.', { timeout: 5000 });
    assert.deepEqual(await options.evaluate(() => (globalThis.browser ?? globalThis.chrome).storage.local.get('defaultMode')), { defaultMode: 'off' });

    await withPage(session, newSite + 'popup-story.html', async ({ page, errors }) => {
      const popup = await openPopup(session, page);
      try {
        await waitForPopupState(popup, 'off'); // the content script is there and answered: off
        assert.equal((await popupView(popup)).host, 'localhost');
        assert.equal(await page.evaluate(() => CSS.highlights.has('ditto-repeat')), false);
        assert.equal(await page.evaluate(() => document.querySelectorAll('[data-ditto-ui], [data-ditto-collapsed]').length), 0);
        assert.equal(await page.evaluate(() => performance.getEntriesByName('ditto:analysis').length), 0, 'not even analysed');

        // The site's own choice wins over the default.
        await popup.click('#site-switch');
        await waitForAnalysis(page);
        await waitForExpanders(page);
        assert.ok((await highlighted(page)).length > 0);
        await waitForPopupState(popup, 'ready');
      } finally {
        await popup.close().catch(() => {});
      }
      assert.deepEqual(errors, []);
    });
  });
});

test('options: switching list collapsing off only highlights, live; on collapses again', async ({ session, server }) => {
  await withPage(session, server.url + 'popup-story.html', async ({ page, errors }) => {
    await waitForAnalysis(page);
    await waitForExpanders(page);
    const collapsed = await collapsedIds(page);
    assert.deepEqual(collapsed, ['s2', 's3']);
    await withOptions(session, async (options) => {
      assert.equal(await options.$eval('input[name=collapseLists]', (el) => el.checked), true);
      await options.click('input[name=collapseLists]');
      await page.waitForFunction(() => !document.querySelector('[data-ditto-ui]'), { timeout: 5000, polling: 50 });
      assert.deepEqual(await collapsedIds(page), []);
      assert.ok((await highlighted(page)).length > 0, 'highlights stay');
      await options.click('input[name=collapseLists]');
      await waitForExpanders(page);
      assert.deepEqual(await collapsedIds(page), collapsed);
    });
    assert.deepEqual(errors, []);
  });
});

test('options: every control is labelled and every string comes from _locales', async ({ session }) => {
  await withOptions(session, async (options) => {
    // Labelled by its <label> or, for the rule search, an aria-label (the
    // file input stays hidden: the Import button opens it).
    const unlabelled = await options.$$eval('input:not([hidden])', (inputs) => inputs
      .filter((input) => !input.closest('label')?.textContent.trim() && !input.getAttribute('aria-label')?.trim())
      .map((input) => input.name));
    assert.deepEqual(unlabelled, []);
    const mismatched = await options.evaluate(() => {
      const ext = globalThis.browser ?? globalThis.chrome;
      return [...document.querySelectorAll('[data-i18n]')]
        .filter((el) => !ext.i18n.getMessage(el.dataset.i18n) || el.textContent !== ext.i18n.getMessage(el.dataset.i18n))
        .map((el) => el.dataset.i18n);
    });
    assert.deepEqual(mismatched, []);
    assert.equal(await options.title(), 'Ditto options');
    assert.deepEqual(await extensionPageErrors(options), [], 'no errors in the options page');
  });
});
