// Already read elsewhere, in Chromium and Firefox: a paragraph read on page A
// (one host) is marked on page B (another host) that repeats it with other
// quotes and a "Read more", with A's title in the popup; nothing else is
// marked; a page never read marks nothing; "forget everything" and the
// option switched off work; the options page shows the memory's size.
import assert from 'node:assert/strict';
import { stopServiceWorker, waitForAnalysis, withPage } from '../lib/page.mjs';
import { evaluateInFirefoxChrome, openPopup, waitForPopupState, withOptions } from '../lib/popup.mjs';

/** The paragraph needs READ_AFTER_MS in view, then the batch goes out within FLUSH_MS. */
const READ_MS = 1500 + 2000 + 1000;

const otherHost = (server) => server.url.replace('127.0.0.1', 'localhost');
const readMarks = (page) => page.evaluate(() => [...(CSS.highlights.get('ditto-read') ?? [])].map((r) => r.startContainer.parentElement.closest('p').id));

const stored = (extensionPage) => extensionPage.evaluate(() => (globalThis.browser ?? globalThis.chrome).storage.local.get(null));

async function memorySize(options) {
  return options.evaluate(() => (globalThis.browser ?? globalThis.chrome).runtime.sendMessage({ type: 'ditto:read-size' }));
}

/** Opens `url`, keeps it in view long enough to be read, and closes it. */
async function read(session, url) {
  await withPage(session, url, async ({ page }) => {
    await page.bringToFront();
    await waitForAnalysis(page);
    await new Promise((done) => setTimeout(done, READ_MS));
  });
}

// The options page, with the memory of pages read forgotten before and after.
async function withOptionsForgetting(session, fn) {
  const forget = (options) => options.evaluate(() => (globalThis.browser ?? globalThis.chrome).runtime.sendMessage({ type: 'ditto:read-forget' }));
  return withOptions(session, async (options) => {
    await forget(options);
    try {
      return await fn(options);
    } finally {
      await forget(options).catch(() => {});
    }
  });
}

test('a paragraph read on one site is marked on another that repeats it, with where and when; the rest is not', async ({ session, server }) => {
  await withOptionsForgetting(session, async (options) => {
    await read(session, server.url + 'read-a.html');
    await options.waitForFunction(async () => (await (globalThis.browser ?? globalThis.chrome).runtime.sendMessage({ type: 'ditto:read-size' })).paragraphs === 3,
      { timeout: 8000, polling: 200 });

    await withPage(session, otherHost(server) + 'read-b.html', async ({ page, errors }) => {
      await waitForAnalysis(page);
      await page.waitForFunction(() => CSS.highlights.has('ditto-read'), { timeout: 5000, polling: 50 });
      assert.deepEqual(await readMarks(page), ['b2'], 'only the paragraph read on A, in other quotes with a Read more');
      // A click on it says where and when, with a link to that page.
      await page.click('#b2');
      const popover = await page.waitForFunction(() => {
        const host = document.querySelector('[data-ditto-kind="readWhere"]');
        const box = host?.shadowRoot.querySelector('div');
        return box && { text: box.textContent, href: box.querySelector('a').href };
      }, { timeout: 5000, polling: 50 }).then((handle) => handle.jsonValue());
      assert.match(popover.text, /^Read (this minute|\d+ minutes? ago) on 127\.0\.0\.1: Old Mill bridge to close for two years$/, popover.text);
      assert.equal(popover.href, server.url + 'read-a.html');
      await page.keyboard.press('Escape');
      assert.equal(await page.$('[data-ditto-kind="readWhere"]'), null);
      const popup = await openPopup(session, page);
      try {
        await waitForPopupState(popup, 'ready');
        await popup.waitForFunction(() => !document.getElementById('already-read').hidden, { timeout: 5000, polling: 50 });
        const shown = await popup.evaluate(() => ({
          heading: document.getElementById('read-heading').textContent,
          items: [...document.querySelectorAll('#read-pages li')].map((li) => ({ text: li.textContent, href: li.querySelector('a').href })),
        }));
        assert.equal(shown.heading, 'Already read: 1 paragraphs from 1 pages');
        assert.equal(shown.items.length, 1);
        assert.match(shown.items[0].text, /^Read (now|\d+ minutes? ago|this minute) on 127\.0\.0\.1: Old Mill bridge to close for two years$/, shown.items[0].text);
        assert.equal(shown.items[0].href, server.url + 'read-a.html');
      } finally {
        await popup.close().catch(() => {});
      }
      assert.deepEqual(errors, []);
    });

    // A paragraph read elsewhere that this page also repeats: its first
    // telling is marked as read, the repeat keeps its own (one mark each).
    await withPage(session, otherHost(server) + 'read-d.html', async ({ page }) => {
      await waitForAnalysis(page);
      await page.waitForFunction(() => CSS.highlights.has('ditto-read'), { timeout: 5000, polling: 50 });
      assert.deepEqual(await readMarks(page), ['d1']);
      const repeats = await page.evaluate(() => [...CSS.highlights.get('ditto-repeat')].map((r) => r.startContainer.parentElement.closest('p').id));
      assert.deepEqual([...new Set(repeats)], ['d3']);
    });

    // A page never read before marks nothing.
    await withPage(session, otherHost(server) + 'read-c.html', async ({ page }) => {
      await waitForAnalysis(page);
      await new Promise((done) => setTimeout(done, 500));
      assert.deepEqual(await readMarks(page), []);
    });

    const size = await memorySize(options);
    assert.ok(size.paragraphs >= 3 && size.pages >= 1 && size.bytes > 0, JSON.stringify(size));
    await options.waitForFunction(() => /^Remembered now: \d+ paragraphs from \d+ pages \(/.test(document.getElementById('memory-size').textContent),
      { timeout: 5000, polling: 100 });
  });
});

test('"forget everything" forgets, and with the option off nothing is remembered nor marked', async ({ session, server }) => {
  await withOptionsForgetting(session, async (options) => {
    await read(session, server.url + 'read-a.html');
    await options.waitForFunction(async () => (await (globalThis.browser ?? globalThis.chrome).runtime.sendMessage({ type: 'ditto:read-size' })).paragraphs === 3,
      { timeout: 8000, polling: 200 });
    await options.click('#forget-all');
    await options.waitForFunction(() => document.getElementById('saved').textContent === 'Forgotten.', { timeout: 5000, polling: 50 });
    assert.equal((await memorySize(options)).paragraphs, 0);
    await withPage(session, otherHost(server) + 'read-b.html', async ({ page }) => {
      await waitForAnalysis(page);
      await new Promise((done) => setTimeout(done, 500));
      assert.deepEqual(await readMarks(page), [], 'forgotten: nothing marked');
    });

    // Off: a page read is not remembered.
    await options.click('input[name=rememberRead]');
    await options.waitForFunction(async () => (await (globalThis.browser ?? globalThis.chrome).storage.local.get('rememberRead')).rememberRead === false,
      { timeout: 5000, polling: 50 });
    await read(session, server.url + 'read-a.html');
    assert.equal((await memorySize(options)).paragraphs, 0, 'nothing remembered while off');
  });
});

test('the memory survives Chrome stopping its service worker: it is loaded again from IndexedDB', async ({ session, server }) => {
  await withOptionsForgetting(session, async (options) => {
    await read(session, server.url + 'read-a.html');
    await options.waitForFunction(async () => (await (globalThis.browser ?? globalThis.chrome).runtime.sendMessage({ type: 'ditto:read-size' })).paragraphs === 3,
      { timeout: 8000, polling: 200 });
    await new Promise((done) => setTimeout(done, 2000)); // the write waits a little for more
    await stopServiceWorker(session);
    await withPage(session, otherHost(server) + 'read-b.html', async ({ page }) => {
      await waitForAnalysis(page);
      await page.waitForFunction(() => CSS.highlights.has('ditto-read'), { timeout: 5000, polling: 50 });
      assert.deepEqual(await readMarks(page), ['b2']);
    });
  });
}, { only: 'chromium' });

test('a damaged stored memory is reported and replaced, never a wrong mark', async ({ session, server }) => {
  await withOptionsForgetting(session, async (options) => {
    await options.evaluate(() => new Promise((resolve, reject) => {
      const open = indexedDB.open('ditto-memory', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('memory');
      open.onsuccess = () => {
        const tx = open.result.transaction('memory', 'readwrite');
        tx.objectStore('memory').put({ bytes: new TextEncoder().encode('DITTOMEM garbage').buffer, savedMs: 0 }, 'main');
        tx.oncomplete = () => { open.result.close(); resolve(); };
        tx.onerror = () => reject(tx.error);
      };
      open.onerror = () => reject(open.error);
    }));
    await stopServiceWorker(session); // the next message loads the stored memory afresh
    await withPage(session, otherHost(server) + 'read-b.html', async ({ page, errors }) => {
      await waitForAnalysis(page);
      await new Promise((done) => setTimeout(done, 500));
      assert.deepEqual(await readMarks(page), []);
      assert.deepEqual(errors, []);
    });
    const size = await memorySize(options);
    assert.equal(size.paragraphs, 0);
    assert.match(size.loadError, /^Ditto memory: (not a Ditto memory of this version|the stored memory is)/);
  });
}, { only: 'chromium' });

test('a private window records nothing (Chromium: an incognito context)', async ({ session, server }) => {
  await withOptionsForgetting(session, async (options) => {
    const incognito = await session.browser.createBrowserContext();
    try {
      const page = await incognito.newPage();
      await page.goto(server.url + 'read-a.html', { waitUntil: 'load' });
      await page.bringToFront();
      await new Promise((done) => setTimeout(done, READ_MS));
      await page.close();
    } finally {
      await incognito.close();
    }
    assert.equal((await memorySize(options)).paragraphs, 0);
  });
}, { only: 'chromium' });

test('only what was on screen long enough counts as read: a paragraph never scrolled to, or a page closed at once, is not remembered', async ({ session, server }) => {
  await withOptionsForgetting(session, async (options) => {
    // Closed before a paragraph could be read.
    await withPage(session, server.url + 'read-long.html', async ({ page }) => {
      await page.bringToFront();
      await waitForAnalysis(page);
      await new Promise((done) => setTimeout(done, 300));
    });
    await new Promise((done) => setTimeout(done, 2500));
    assert.equal((await memorySize(options)).paragraphs, 0, 'a glance is not reading');
    // Kept in view: the two paragraphs on the first screen, not the one far below.
    await read(session, server.url + 'read-long.html');
    await options.waitForFunction(async () => (await (globalThis.browser ?? globalThis.chrome).runtime.sendMessage({ type: 'ditto:read-size' })).paragraphs > 0,
      { timeout: 8000, polling: 200 });
    assert.equal((await memorySize(options)).paragraphs, 2);
  });
});

test('a site never to remember: what was remembered of it goes, and nothing more is; other sites still are', async ({ session, server }) => {
  await withOptionsForgetting(session, async (options) => {
    await read(session, server.url + 'read-a.html');
    await options.waitForFunction(async () => (await (globalThis.browser ?? globalThis.chrome).runtime.sendMessage({ type: 'ditto:read-size' })).paragraphs === 3,
      { timeout: 8000, polling: 200 });
    await options.$eval('textarea[name=neverRemember]', (el) => {
      el.value = '127.0.0.1\n';
      el.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await options.waitForFunction(async () => (await (globalThis.browser ?? globalThis.chrome).runtime.sendMessage({ type: 'ditto:read-size' })).paragraphs === 0,
      { timeout: 5000, polling: 100 });
    assert.deepEqual((await stored(options)).neverRemember, ['127.0.0.1']);
    await read(session, server.url + 'read-a.html');
    assert.equal((await memorySize(options)).paragraphs, 0, 'never remembered there');
    await read(session, otherHost(server) + 'read-c.html');
    await options.waitForFunction(async () => (await (globalThis.browser ?? globalThis.chrome).runtime.sendMessage({ type: 'ditto:read-size' })).paragraphs === 2,
      { timeout: 8000, polling: 200 });
  });
});

/** Firefox: allows Ditto in private windows, as a reader can in about:addons (the add-on restarts). */
async function allowInPrivateWindows(session) {
  const id = JSON.stringify(session.extensionId);
  return evaluateInFirefoxChrome(session, `(async () => {
    const { ExtensionPermissions } = ChromeUtils.importESModule('resource://gre/modules/ExtensionPermissions.sys.mjs');
    const { AddonManager } = ChromeUtils.importESModule('resource://gre/modules/AddonManager.sys.mjs');
    await ExtensionPermissions.add(${id}, { permissions: ['internal:privateBrowsingAllowed'], origins: [] });
    await (await AddonManager.getAddonByID(${id})).reload();
    for (let tries = 0; tries < 100 && !WebExtensionPolicy.getByID(${id})?.privateBrowsingAllowed; tries++) {
      await new Promise((done) => setTimeout(done, 50));
    }
    return Boolean(WebExtensionPolicy.getByID(${id})?.privateBrowsingAllowed);
  })()`);
}

/** Firefox: opens `url` in a new private window. */
async function openInPrivateWindow(session, url) {
  const id = JSON.stringify(session.extensionId);
  return evaluateInFirefoxChrome(session, `(async () => {
    const win = OpenBrowserWindow({ private: true });
    await new Promise((done) => win.addEventListener('load', done, { once: true }));
    await new Promise((done) => setTimeout(done, 500));
    const tab = win.gBrowser.addTab(${JSON.stringify(url)}, { triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal() });
    win.gBrowser.selectedTab = tab;
    return [PrivateBrowsingUtils.isWindowPrivate(win), WebExtensionPolicy.getByID(${id}).privateBrowsingAllowed].join();
  })()`);
}

async function closePrivateWindows(session) {
  await evaluateInFirefoxChrome(session, `(() => {
    for (const win of Services.wm.getEnumerator('navigator:browser')) if (PrivateBrowsingUtils.isWindowPrivate(win)) win.close();
    return true;
  })()`);
}

/** Ditto's stats from the content script of the private window's page (Ditto runs there). */
async function privateTabStats(options, url) {
  return options.evaluate(async (u) => {
    const deadline = Date.now() + 10000;
    for (;;) {
      const tabs = await browser.tabs.query({});
      const tab = tabs.find((t) => t.incognito && t.url === u && t.status === 'complete');
      const stats = tab && (await browser.tabs.sendMessage(tab.id, { type: 'ditto:stats' }).catch(() => null));
      if (stats?.totals || Date.now() > deadline) return stats ?? null;
      await new Promise((done) => setTimeout(done, 200));
    }
  }, url);
}

test('a private window records nothing and marks nothing (Firefox, with Ditto allowed in private windows)', async ({ session, server }) => {
  assert.equal(await allowInPrivateWindows(session), true);
  await withOptionsForgetting(session, async (options) => {
    try {
      // Read there: Ditto runs, and remembers nothing.
      assert.equal(await openInPrivateWindow(session, server.url + 'read-a.html'), 'true,true', 'a private window, Ditto allowed in it');
      const stats = await privateTabStats(options, server.url + 'read-a.html');
      assert.ok(stats?.totals?.blocks > 0, `Ditto ran in the private window: ${JSON.stringify(stats)}`);
      await new Promise((done) => setTimeout(done, READ_MS));
      assert.equal((await memorySize(options)).paragraphs, 0, 'nothing recorded');
      await closePrivateWindows(session);

      // Read in an ordinary window, then the repeat in a private one: not marked there.
      await read(session, server.url + 'read-a.html');
      await options.waitForFunction(async () => (await browser.runtime.sendMessage({ type: 'ditto:read-size' })).paragraphs === 3,
        { timeout: 8000, polling: 200 });
      await openInPrivateWindow(session, otherHost(server) + 'read-b.html');
      const there = await privateTabStats(options, otherHost(server) + 'read-b.html');
      assert.ok(there?.totals, JSON.stringify(there));
      assert.equal(there.alreadyRead.paragraphs, 0, 'nothing marked in a private window');
    } finally {
      await closePrivateWindows(session).catch(() => {});
    }
  });
}, { only: 'firefox' });
