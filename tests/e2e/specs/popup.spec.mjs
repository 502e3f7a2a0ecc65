// The toolbar popup, opened for a tab: the page's figures, where the engine
// ran, the top repeats and their jump links, and the states where there is
// nothing to show. In Chromium and Firefox (lib/popup.mjs says how the popup
// is opened in each).
import assert from 'node:assert/strict';
import { highlighted, waitForAnalysis, withPage } from '../lib/page.mjs';
import {
  badgeText, clearSettings, emulateColorScheme, extensionPageErrors, openOptions, openPopup, openToolbarPopup, popupView, waitForPopupState,
} from '../lib/popup.mjs';

async function withPopup(session, page, fn) {
  const popup = await openPopup(session, page);
  try {
    return await fn(popup);
  } finally {
    await popup.close().catch(() => {});
  }
}

test('the popup shows the blocks, repeated blocks and share of repeated text of the page', async ({ session, server }) => {
  await withPage(session, server.url + 'popup-figures.html', async ({ page, errors }) => {
    await waitForAnalysis(page);
    // The share the page itself implies: highlighted characters over the text of its four blocks.
    const repeatedChars = (await highlighted(page)).reduce((sum, span) => sum + span.text.length, 0);
    const totalChars = await page.$$eval('h1, p', (els) => els.reduce((sum, el) => sum + el.textContent.length, 0));
    const share = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 }).format(repeatedChars / totalChars);

    await withPopup(session, page, async (popup) => {
      await waitForPopupState(popup, 'ready');
      const view = await popupView(popup);
      assert.equal(view.host, '127.0.0.1');
      assert.equal(view.switchOn, true);
      assert.equal(view.switchLabel, 'Ditto on this site');
      assert.equal(view.blocks, '4', 'title and three paragraphs');
      assert.equal(view.repeated, '1', 'the copy of the first paragraph');
      assert.ok(repeatedChars > 100, `the whole copy repeats (${repeatedChars} chars)`);
      assert.equal(view.share, share);
      assert.equal(view.lists, '0');
      assert.equal(view.items, '0');
      assert.match(view.time, /^\d+ ms$/);
      assert.equal(view.where, 'in the background');
      assert.equal(view.top.length, 1);
      assert.match(view.top[0].text, /^×2The harbour ferry will run every twenty minutes/);
      assert.match(view.top[0].label, /\(2 copies\): go to the first$/);
      assert.deepEqual(await extensionPageErrors(popup), [], 'no errors in the popup');
    });
    assert.deepEqual(errors, []);
  });
});

test('the popup counts the collapsed list and its items', async ({ session, server }) => {
  await withPage(session, server.url + 'popup-story.html', async ({ page, errors }) => {
    await waitForAnalysis(page);
    const hidden = await page.$$eval('[data-ditto-collapsed]', (els) => els.filter((el) => el.hidden).length);
    await withPopup(session, page, async (popup) => {
      await waitForPopupState(popup, 'ready');
      const view = await popupView(popup);
      assert.equal(view.lists, '1');
      assert.equal(view.items, String(hidden));
      assert.equal(hidden, 2, 'two rewrites of the quake story collapse behind the first');
    });
    assert.deepEqual(errors, []);
  });
});

test('a top repeat in the popup takes the reader to its first occurrence', async ({ session, server, browserName }) => {
  await withPage(session, server.url + 'popup-story.html', async ({ page }) => {
    await waitForAnalysis(page);
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    const leadVisible = () => page.evaluate(() => {
      const box = document.getElementById('lead').getBoundingClientRect();
      return box.bottom > 0 && box.top < innerHeight;
    });
    assert.equal(await leadVisible(), false, 'scrolled away from the lead');
    await withPopup(session, page, async (popup) => {
      await waitForPopupState(popup, 'ready');
      const { top } = await popupView(popup);
      const index = top.findIndex((entry) => entry.text.includes('The city council approved four kilometres'));
      assert.ok(index >= 0, JSON.stringify(top));
      // A real popup floats over the page, which stays visible and can scroll
      // smoothly; here they are two tabs, so the page is brought forward and the
      // button is clicked in the (now hidden) popup tab. The popup closes itself.
      await page.bringToFront();
      await popup.$eval(`#top li:nth-child(${index + 1}) button`, (button) => button.click());
      await page.waitForFunction(() => {
        const box = document.getElementById('lead').getBoundingClientRect();
        return box.bottom > 0 && box.top < innerHeight;
      }, { timeout: 5000, polling: 50 });
      // The popup closed itself (window.close). Firefox does not let a script
      // close a tab the browser opened, so only Chromium's popup tab can show it.
      if (browserName === 'chromium') {
        for (let i = 0; i < 40 && !popup.isClosed(); i++) await new Promise((done) => setTimeout(done, 50));
        assert.equal(popup.isClosed(), true, 'the popup closed after the jump');
      }
    });
  });
});

test('on a strict-CSP page (no WebAssembly in its content scripts, in Chromium) the popup says the engine ran in the background', async ({ session, server }) => {
  await withPage(session, server.url + 'strict-csp.html', async ({ page }) => {
    await waitForAnalysis(page);
    await withPopup(session, page, async (popup) => {
      await waitForPopupState(popup, 'ready');
      const view = await popupView(popup);
      assert.equal(view.repeated, '1');
      assert.equal(view.where, 'in the background');
    });
  });
});

test('on a page Ditto cannot run on, the popup says so', async ({ session }) => {
  const page = await session.browser.newPage(); // about:blank: no content script
  try {
    await withPopup(session, page, async (popup) => {
      await waitForPopupState(popup, 'unavailable');
      const shown = await popup.evaluate(() => [...document.querySelectorAll('section')].filter((s) => !s.hidden).map((s) => s.id));
      assert.deepEqual(shown, ['unavailable']);
      assert.match(await popup.$eval('#unavailable', (el) => el.textContent), /can't run on this page/);
    });
  } finally {
    await page.close();
  }
});

test('the popup follows the browser theme and takes its strings from _locales', async ({ session, server }) => {
  await withPage(session, server.url + 'popup-figures.html', async ({ page }) => {
    await waitForAnalysis(page);
    await withPopup(session, page, async (popup) => {
      await waitForPopupState(popup, 'ready');
      // Firefox restyles a moment after the pref changes: wait a little for the colour.
      const background = async (scheme, expected) => {
        await emulateColorScheme(session, popup, scheme);
        await popup.waitForFunction((bg) => getComputedStyle(document.body).backgroundColor === bg, { timeout: 3000, polling: 50 }, expected).catch(() => {});
        return popup.evaluate(() => getComputedStyle(document.body).backgroundColor);
      };
      try {
        assert.equal(await background('light', 'rgb(255, 255, 255)'), 'rgb(255, 255, 255)');
        assert.equal(await background('dark', 'rgb(43, 42, 51)'), 'rgb(43, 42, 51)');
      } finally {
        await emulateColorScheme(session, popup, null);
      }
      // Every data-i18n element holds its message from messages.json.
      const mismatched = await popup.evaluate(() => {
        const ext = globalThis.browser ?? globalThis.chrome;
        return [...document.querySelectorAll('[data-i18n]')]
          .filter((el) => !ext.i18n.getMessage(el.dataset.i18n) || el.textContent !== ext.i18n.getMessage(el.dataset.i18n))
          .map((el) => el.dataset.i18n);
      });
      assert.deepEqual(mismatched, []);
    });
  });
});

test('the toolbar badge shows the repeated blocks of the tab, and nothing while Ditto is off there', async ({ session, server }) => {
  await withPage(session, server.url + 'popup-story.html', async ({ page }) => {
    await waitForAnalysis(page);
    await withPopup(session, page, async (popup) => {
      try {
        await waitForPopupState(popup, 'ready');
        const { repeated } = await popupView(popup);
        assert.equal(repeated, '3');
        const badgeBecomes = async (text) => {
          const deadline = Date.now() + 5000;
          while ((await badgeText(popup)) !== text) {
            if (Date.now() > deadline) assert.fail(`badge ${JSON.stringify(await badgeText(popup))}, wanted ${JSON.stringify(text)}`);
            await new Promise((done) => setTimeout(done, 100));
          }
        };
        await badgeBecomes(repeated);
        await popup.click('#site-switch');
        await waitForPopupState(popup, 'off');
        await badgeBecomes('');
        await popup.click('#site-switch');
        await waitForPopupState(popup, 'ready');
        await badgeBecomes(repeated);
      } finally {
        await clearSettings(popup).catch(() => {});
      }
    });
  });
});

test('the real toolbar popup: its figures, its switch off and on, a jump that closes it', async ({ session, server }) => {
  await withPage(session, server.url + 'popup-story.html', async ({ page, errors }) => {
    await waitForAnalysis(page);
    const popup = await openToolbarPopup(session, page);
    try {
      await waitFor(async () => (await popup.view()).state === 'ready', 'popup ready');
      const view = await popup.view();
      assert.deepEqual([view.host, view.switchOn, view.blocks, view.repeated, view.share], ['127.0.0.1', true, '13', '3', '29.3%']);

      await popup.click('#site-switch');
      await page.waitForFunction(() => !CSS.highlights.has('ditto-repeat') && !document.querySelector('[data-ditto-ui], [data-ditto-collapsed]'), { timeout: 5000, polling: 50 });
      await waitFor(async () => (await popup.view()).state === 'off', 'popup shows off');
      await popup.click('#site-switch');
      await page.waitForFunction(() => CSS.highlights.has('ditto-repeat') && document.querySelector('[data-ditto-ui]'), { timeout: 5000, polling: 50 });
      await waitFor(async () => (await popup.view()).state === 'ready', 'popup ready again');

      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      const { top } = await popup.view();
      const index = top.findIndex((entry) => entry.text.includes('The city council approved four kilometres'));
      await popup.click(`#top li:nth-child(${index + 1}) button`);
      await page.waitForFunction(() => {
        const box = document.getElementById('lead').getBoundingClientRect();
        return box.bottom > 0 && box.top < innerHeight;
      }, { timeout: 5000, polling: 50 });
      await waitFor(async () => !(await popup.isOpen()), 'the popup closed itself after the jump');
      assert.deepEqual(errors, []);
    } finally {
      await popup.close();
      const options = await openOptions(session);
      await clearSettings(options).catch(() => {});
      await options.close();
    }
  });
});

async function waitFor(condition, what, timeout = 5000) {
  const deadline = Date.now() + timeout;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting: ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}
