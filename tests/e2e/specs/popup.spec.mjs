// The toolbar popup, opened for a tab, in both browsers: the figures the
// page's analysis produced, the top repeats with a jump to the first
// occurrence, and the states for pages Ditto cannot or does not run on.
import assert from 'node:assert/strict';
import { openPage, waitForDitto } from '../lib/page.mjs';
import { openExtensionPage, openPopup, popupView, tabIdOf, waitForPopupState } from '../lib/popup.mjs';

/** The content script's own figures, read where it publishes them (User Timing). */
function pageFigures(page) {
  return page.evaluate(() => {
    const entries = performance.getEntriesByName('ditto:analysis');
    return entries.length ? JSON.parse(entries.at(-1).detail) : null;
  });
}

test('the popup shows the page\'s figures', async ({ session, server }) => {
  const { page, errors } = await openPage(session, server.url + 'popup-news.html');
  await waitForDitto(page);
  await page.waitForFunction(() => document.querySelectorAll('[data-ditto-collapsed]').length === 2, { timeout: 15000 });
  const figures = await pageFigures(page);
  const popup = await openPopup(session, page);
  await waitForPopupState(popup, 'ready');
  const view = await popupView(popup);
  assert.equal(view.site, '127.0.0.1');
  assert.equal(view.switchOn, true);
  assert.match(view.switchLabel, /Highlight repeats on this site/);
  assert.equal(view.blocks, String(figures.blocks));
  assert.equal(view.repeated, String(figures.repeatedBlocks));
  assert.ok(figures.repeatedBlocks >= 2, `the lead's copy and the list's copies: ${JSON.stringify(figures)}`);
  assert.match(view.share, /^\d+(\.\d)?\s?%$/);
  assert.equal(view.lists, '1 of 1 (2 items hidden)');
  assert.match(view.time, /^\d+ ms$/);
  assert.equal(view.engine, 'in the page');
  assert.ok(view.topRepeats.some((t) => t.includes('The county said on Monday')), view.topRepeats.join(' | '));
  assert.deepEqual(errors, []);
  await popup.close();
  await page.close();
});

test('the toolbar badge shows the number of repeated blocks on the tab', async ({ session, server }) => {
  const { page } = await openPage(session, server.url + 'popup-news.html');
  await waitForDitto(page);
  const figures = await pageFigures(page);
  const tab = await tabIdOf(session, page);
  // Any extension page may read the badge; the options page is at hand in both browsers.
  const reader = await openExtensionPage(session, 'options/options.html');
  const badge = await reader.evaluate(
    (tabId) => (globalThis.browser ?? globalThis.chrome).action.getBadgeText({ tabId }),
    tab,
  );
  assert.equal(badge, String(figures.repeatedBlocks));
  await reader.close();
  await page.close();
});

test('a top repeat in the popup jumps to its first occurrence', async ({ session, server }) => {
  const { page } = await openPage(session, server.url + 'popup-news.html');
  await waitForDitto(page);
  const popup = await openPopup(session, page);
  await waitForPopupState(popup, 'ready');
  const index = await popup.evaluate(() =>
    [...document.querySelectorAll('#top-repeats button')].findIndex((b) => b.textContent.includes('The county said')),
  );
  assert.ok(index >= 0);
  await popup.click(`#top-repeats li:nth-child(${index + 1}) button`);
  await page.bringToFront();
  // The first occurrence flashes (its own highlight), in the lead paragraph.
  await page.waitForFunction(() => CSS.highlights.has('ditto-flash'), { timeout: 5000, polling: 50 });
  const flashed = await page.evaluate(() => {
    const [range] = CSS.highlights.get('ditto-flash');
    return range.startContainer.parentElement.closest('[id]').id;
  });
  assert.equal(flashed, 'lead');
  await popup.close();
  await page.close();
});

test('the popup says when the engine had to run in the background', async ({ session, server, browserName }) => {
  const { page } = await openPage(session, server.url + 'strict-csp.html');
  await waitForDitto(page);
  const popup = await openPopup(session, page);
  await waitForPopupState(popup, 'ready');
  const view = await popupView(popup);
  // Chrome applies the page's CSP to wasm in content scripts; Firefox does not.
  const expected = browserName === 'chromium'
    ? "in the background: the page's security policy blocks WebAssembly"
    : 'in the page';
  assert.equal(view.engine, expected);
  await popup.close();
  await page.close();
});

test('the popup says plainly where Ditto cannot run', async ({ session }) => {
  // An extension page stands for the browser's own pages: no content script runs there.
  const other = await openExtensionPage(session, 'options/options.html');
  const popup = await openPopup(session, other);
  await waitForPopupState(popup, 'unavailable');
  const view = await popupView(popup);
  assert.match(view.status, /can't run on this page/);
  await popup.close();
  await other.close();
});
