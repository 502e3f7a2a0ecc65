// What a reader sees on a page, asked of the page itself.

/** Opens `url` in a new tab and collects the page's errors. */
export async function openPage(session, url) {
  const page = await session.browser.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, errors };
}

/** Waits until Ditto has painted (its highlight is registered, even empty). */
export async function waitForDitto(page, { timeout = 15000 } = {}) {
  await page.waitForFunction(() => CSS.highlights.has('ditto-repeat'), { timeout, polling: 50 });
}

/**
 * The text of every range Ditto painted as a repeat (highlights
 * `ditto-repeat`, then `ditto-related`, the quieter style of list items),
 * with the id of the element that holds it and the highlight's name.
 */
export async function highlighted(page, names = ['ditto-repeat', 'ditto-related']) {
  return page.evaluate((highlightNames) => highlightNames.flatMap((name) => {
    const highlight = CSS.highlights.get(name);
    if (!highlight) return [];
    return [...highlight].map((range) => {
      const holder = range.commonAncestorContainer;
      const element = holder.nodeType === Node.ELEMENT_NODE ? holder : holder.parentElement;
      return { text: range.toString(), id: element.closest('[id]')?.id ?? null, name };
    });
  }), [names].flat());
}

/** Waits until Ditto's expanders are on the page (lists collapsed). */
export async function waitForExpanders(page, count = 1, { timeout = 8000 } = {}) {
  await page.waitForFunction((n) => document.querySelectorAll('[data-ditto-ui]').length >= n, { timeout, polling: 50 }, count);
}

/** Ids of the elements Ditto collapsed (hidden and marked), in document order. */
export async function collapsedIds(page) {
  return page.$$eval('[data-ditto-collapsed]', (els) => els.filter((el) => el.hidden).map((el) => el.id));
}

/** Each expander's button: its text and aria-expanded, in document order. */
export async function expanders(page) {
  return page.$$eval('[data-ditto-ui]', (hosts) =>
    hosts.map((host) => {
      const button = host.shadowRoot.querySelector('button');
      return { text: button.textContent, expanded: button.getAttribute('aria-expanded'), nextTo: host.closest('[id]')?.id ?? null };
    }),
  );
}

/** The extension's service worker (Chromium only), to read and write its storage. */
export async function extensionWorker(session) {
  if (!session.workerScope) throw new Error('the extension service worker is only reachable in Chromium');
  return session.workerScope();
}

/**
 * Stops the extension's service worker, as Chrome does to an idle one
 * (Chromium only). The next extension event starts it again, empty.
 */
export async function stopServiceWorker(session) {
  const target = session.worker;
  if (!target) return;
  await (await target.worker()).close();
  const deadline = Date.now() + 10000;
  while (session.worker === target) {
    if (Date.now() > deadline) throw new Error('the service worker did not stop');
    await new Promise((done) => setTimeout(done, 50));
  }
}

/** Switches Ditto on or off for `host` the way the popup does: storage.local `sites`. Chromium only. */
export async function setSiteEnabled(session, host, enabled) {
  const worker = await extensionWorker(session);
  await worker.evaluate(async (h, on) => {
    const { sites = {} } = await chrome.storage.local.get('sites');
    await chrome.storage.local.set({ sites: { ...sites, [h]: on } });
  }, host, enabled);
}

/** Forgets every per-site choice. Chromium only. */
export async function clearSiteChoices(session) {
  const worker = await extensionWorker(session);
  await worker.evaluate(() => chrome.storage.local.remove(
    ['schemaVersion', 'sites', 'domains', 'defaultMode', 'collapseLists', 'highlightStyle', 'badgeCount',
      'rememberRead', 'rememberDays', 'neverRemember']));
}

/**
 * Sends `message` to the content script of `page`'s tab the way the popup
 * does (`tabs.sendMessage`, frame 0) and returns the answer. Chromium only.
 */
export async function messageTab(session, page, message) {
  await page.bringToFront();
  const worker = await extensionWorker(session);
  return worker.evaluate(async (m) => {
    const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
    return chrome.tabs.sendMessage(tab.id, m, { frameId: 0 });
  }, message);
}

/**
 * Whether Ditto's content script is loaded in `page` (its world has the
 * mark content/entry.js leaves), asked through scripting.executeScript from
 * the service worker. Chromium only.
 */
export async function contentScriptLoaded(session, page) {
  await page.bringToFront();
  const worker = await extensionWorker(session);
  return worker.evaluate(async () => {
    const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
    const [probe] = await chrome.scripting.executeScript({ target: { tabId: tab.id, frameIds: [0] }, func: () => Boolean(globalThis.__dittoContentScript) });
    return probe.result;
  });
}

/** The content script's `Stats` for `page` (`ditto:stats`). Chromium only. */
export async function dittoStats(session, page) {
  return messageTab(session, page, { type: 'ditto:stats' });
}

/**
 * Opens `url`, runs `fn({page, errors})` and closes the page even when fn
 * fails, so that a failed test leaves no tab behind for the next one.
 */
export async function withPage(session, url, fn) {
  const { page, errors } = await openPage(session, url);
  try {
    return await fn({ page, errors });
  } finally {
    await page.close().catch(() => {});
  }
}

/**
 * The figures of every analysis Ditto ran on `page`, from the User Timing
 * measures the content script leaves (`ditto:analysis`), oldest first. Works
 * in both browsers.
 */
export async function analysisMeasures(page) {
  return page.evaluate(() => performance.getEntriesByName('ditto:analysis').map((entry) => JSON.parse(entry.detail)));
}

/** Waits for the first `ditto:analysis` measure and returns the latest figures. */
export async function waitForAnalysis(page, { timeout = 15000 } = {}) {
  await page.waitForFunction(() => performance.getEntriesByName('ditto:analysis').length > 0, { timeout, polling: 50 });
  return (await analysisMeasures(page)).at(-1);
}

/** The text Ditto flashes (a jump or a step to a repeat), or null. */
export async function flashedText(page) {
  return page.evaluate(() => {
    const flash = CSS.highlights.get('ditto-flash');
    return flash ? [...flash].map((r) => r.toString()).join('') : null;
  });
}
