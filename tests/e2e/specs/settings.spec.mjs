// The toolbar badge and the options page's global default, in both browsers.
import assert from 'node:assert/strict';
import { openPage, waitForDitto } from '../lib/page.mjs';
import { clearSettings, openOptions, openPopup, waitForPopupState } from '../lib/popup.mjs';

/** The content script's own figures, where it publishes them (User Timing). */
const pageFigures = (page) =>
  page.evaluate(() => JSON.parse(performance.getEntriesByName('ditto:analysis').at(-1).detail));

test('the toolbar badge shows the number of repeated blocks on the tab', async ({ session, server }) => {
  const { page } = await openPage(session, server.url + 'similar-news-ul.html');
  await waitForDitto(page);
  const { repeatedBlocks } = await pageFigures(page);
  assert.ok(repeatedBlocks > 0);
  // The badge is per tab; an extension page reads it for the page's tab.
  const popup = await openPopup(session, page);
  const badge = await popup.evaluate(async () => {
    const api = globalThis.browser ?? globalThis.chrome;
    const tabId = Number(new URLSearchParams(location.search).get('tab'))
      || (await api.tabs.query({ active: true, currentWindow: true }))[0].id;
    return api.action.getBadgeText({ tabId });
  });
  assert.equal(badge, String(repeatedBlocks));
  await popup.close();
  await page.close();
});

test('options: "only where I switch it on" leaves a new site untouched until the popup switches it on', async ({ session, server }) => {
  const options = await openOptions(session);
  try {
    await options.click('input[name="defaultMode"][value="off"]');
    await options.waitForFunction(() => document.getElementById('saved').textContent.length > 0);

    const { page } = await openPage(session, server.url + 'repeated-paragraph.html');
    await new Promise((done) => setTimeout(done, 800));
    assert.equal(await page.evaluate(() => CSS.highlights.get('ditto-repeat')?.size ?? 0), 0, 'off by default');
    const popup = await openPopup(session, page);
    await waitForPopupState(popup, 'off');
    await popup.click('#site-switch');
    await waitForPopupState(popup, 'ready');
    await page.waitForFunction(() => (CSS.highlights.get('ditto-repeat')?.size ?? 0) > 0, { timeout: 10000 });
    await popup.close();
    await page.close();
  } finally {
    await clearSettings(options);
    await options.close();
  }
});
