// The per-site switch, through the popup's own control, in both browsers:
// off removes every highlight and expander and restores every collapsed item,
// leaving exactly the DOM of a page Ditto never touched; the choice survives
// a reload; on repaints.
import assert from 'node:assert/strict';
import { openPage, waitForDitto } from '../lib/page.mjs';
import { openExtensionPage, openPopup, popupView, waitForPopupState } from '../lib/popup.mjs';

const serialised = (page) => page.evaluate(() => document.documentElement.outerHTML);
const painted = (page) =>
  page.evaluate(() => ({
    highlights: CSS.highlights.get('ditto-repeat')?.size ?? 0,
    collapsed: document.querySelectorAll('[data-ditto-collapsed]').length,
    hidden: [...document.querySelectorAll('li[hidden]')].map((li) => li.id),
  }));

async function resetSettings(session) {
  const options = await openExtensionPage(session, 'options/options.html');
  await options.evaluate(() => (globalThis.browser ?? globalThis.chrome).storage.local.clear());
  await options.close();
}

async function clickSwitch(popup, page, on) {
  await popup.bringToFront();
  await popup.click('#site-switch');
  await waitForPopupState(popup, on ? 'ready' : 'off');
  await page.bringToFront();
}

test('switching off through the popup restores the exact DOM; the choice persists; on repaints', async ({ session, server }) => {
  try {
    const { page, errors } = await openPage(session, server.url + 'popup-news.html');
    await waitForDitto(page);
    await page.waitForFunction(() => document.querySelectorAll('[data-ditto-collapsed]').length === 2, { timeout: 15000 });
    const on = await painted(page);
    assert.ok(on.highlights > 0);
    assert.deepEqual(on.hidden, ['w2', 'w3']);
    // Open the expander first: switching off must also undo what the reader did.
    const expanded = await page.evaluate(() => {
      const button = document.querySelector('[data-ditto-ui]').shadowRoot.querySelector('button');
      button.click();
      return button.getAttribute('aria-expanded');
    });
    assert.equal(expanded, 'true');

    const popup = await openPopup(session, page);
    await waitForPopupState(popup, 'ready');
    await clickSwitch(popup, page, false);
    await page.waitForFunction(() => !CSS.highlights.get('ditto-repeat')?.size, { timeout: 5000 });
    assert.deepEqual(await painted(page), { highlights: 0, collapsed: 0, hidden: [] });
    const afterOff = await serialised(page);

    // A reload keeps Ditto off: the page is as its server sent it.
    await page.reload({ waitUntil: 'load' });
    await new Promise((done) => setTimeout(done, 800));
    assert.deepEqual(await painted(page), { highlights: 0, collapsed: 0, hidden: [] });
    const untouched = await serialised(page);
    assert.equal(afterOff, untouched, 'switching off left a DOM that differs from an untouched page');
    const popupAgain = await openPopup(session, page);
    await waitForPopupState(popupAgain, 'off');
    assert.equal((await popupView(popupAgain)).switchOn, false);
    await popup.close();

    // On again, live: highlights and collapsed items come back; off again restores.
    await clickSwitch(popupAgain, page, true);
    await waitForDitto(page);
    await page.waitForFunction(() => document.querySelectorAll('[data-ditto-collapsed]').length === 2, { timeout: 15000 });
    assert.deepEqual((await painted(page)).hidden, ['w2', 'w3']);
    await clickSwitch(popupAgain, page, false);
    await page.waitForFunction(() => !CSS.highlights.get('ditto-repeat')?.size, { timeout: 5000 });
    assert.equal(await serialised(page), untouched);
    assert.deepEqual(errors, []);
    await popupAgain.close();
    await page.close();
  } finally {
    await resetSettings(session);
  }
});

test('options: "only where I switch it on" leaves a new site untouched until the popup switches it on', async ({ session, server }) => {
  try {
    const options = await openExtensionPage(session, 'options/options.html');
    await options.waitForSelector('input[name="defaultMode"][value="off"]');
    await options.click('input[name="defaultMode"][value="off"]');
    await options.waitForFunction(() => document.getElementById('saved').textContent.length > 0);
    await options.close();

    const { page } = await openPage(session, server.url + 'repeated-paragraph.html');
    await new Promise((done) => setTimeout(done, 800));
    assert.equal(await page.evaluate(() => CSS.highlights.get('ditto-repeat')?.size ?? 0), 0);
    const popup = await openPopup(session, page);
    await waitForPopupState(popup, 'off');
    assert.match((await popupView(popup)).status, /Ditto is off on 127\.0\.0\.1/);
    await clickSwitch(popup, page, true);
    await waitForDitto(page);
    await page.waitForFunction(() => (CSS.highlights.get('ditto-repeat')?.size ?? 0) > 0, { timeout: 10000 });
    await popup.close();
    await page.close();
  } finally {
    await resetSettings(session);
  }
});
