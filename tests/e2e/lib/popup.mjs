// Opens Ditto's own pages (the toolbar popup, the options page) for a test and
// reads what they show, in both browsers.
//
// How the popup is driven, per browser:
//
// - Chromium: popup.html is opened as a tab, `chrome-extension://ID/popup/popup.html?tab=TAB`,
//   where TAB is the id of the page under test. A popup opened as a tab would
//   otherwise speak for itself (it is the active tab); `?tab=` is the small
//   production hook that lets it speak for another tab (popup.js targetTabId).
//
// - Firefox 153 refuses WebDriver navigation to moz-extension:// URLs (BiDi and
//   geckodriver alike). Firefox is launched with `--remote-allow-system-access`
//   (lib/browsers.mjs), which lets BiDi run script in the browser's chrome
//   window (`browsingContext.getTree` with `"moz:scope": "chrome"`, then
//   `script.evaluate` there). That script opens popup.html in a *background*
//   tab with the system principal (`gBrowser.addTab`), exactly as the browser
//   opens extension pages itself. The page under test stays the selected tab,
//   so the popup takes the production path: `tabs.query({active: true,
//   currentWindow: true})` finds the page. The new tab is an ordinary BiDi
//   browsing context: puppeteer's page for it evaluates script and clicks
//   with real input events, like any other page (its page.url() stays
//   about:blank because puppeteer misses the load; location.href is right).
//
// Both ways the popup code, its messages to the content script and its
// storage writes are the shipped ones; only the window it sits in differs
// from a click on the toolbar button.
//
// The real toolbar popup is opened too (openToolbarPopup, below): in Chromium
// through `chrome.action.openPopup()` and driven like any page; in Firefox
// through the chrome window, but its panel is not a BiDi browsing context, so
// it is read and clicked from another extension page (`extension.getViews`),
// with DOM clicks rather than input events. Most popup tests use the tab form,
// which stays put while a test reloads or focuses the page (a real popup may close when it loses focus).

/** Waits for `page`'s popup state: 'unavailable'|'playground'|'off'|'analysing'|'ready'. */
export async function waitForPopupState(popup, state, { timeout = 10000 } = {}) {
  await popup.waitForFunction((wanted) => document.body.dataset.state === wanted, { timeout, polling: 50 }, state);
}

/** The id the extension gives `page`'s tab (Chromium; the page is brought to the front). */
async function chromiumTabId(session, page) {
  await page.bringToFront();
  const worker = await session.workerScope();
  return worker.evaluate(async () => {
    const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
    return tab.id;
  });
}

/**
 * Firefox: evaluates `expression` in the browser's chrome window (system
 * privileges; needs `--remote-allow-system-access`) and returns its value.
 */
export async function evaluateInFirefoxChrome(session, expression) {
  const connection = session.browser.connection;
  const { result: tree } = await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
  const { result } = await connection.send('script.evaluate', {
    target: { context: tree.contexts[0].context },
    awaitPromise: true,
    expression,
  });
  if (result.type !== 'success') throw new Error(`chrome script failed: ${JSON.stringify(result)}`);
  return result.result.value;
}

/**
 * Makes `page` see `prefers-color-scheme: scheme` ('light'|'dark'), or the
 * browser's own again with null. Chromium emulates it per page; Firefox has
 * no BiDi command for it, so the content override pref is set (all pages).
 */
export async function emulateColorScheme(session, page, scheme) {
  if (session.name === 'chromium') {
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme ?? '' }]);
    return;
  }
  const pref = 'layout.css.prefers-color-scheme.content-override';
  await evaluateInFirefoxChrome(session, scheme === null
    ? `Services.prefs.clearUserPref('${pref}')`
    : `Services.prefs.setIntPref('${pref}', ${scheme === 'dark' ? 0 : 1})`);
}

/**
 * Firefox: opens extension page `path` in a background tab from the chrome
 * window; returns its puppeteer page. Puppeteer learns of a tab opened this
 * way from BiDi's contextCreated event; should it not come (seen once on a
 * loaded CI machine), the tab is closed and opened again, and the error
 * says what BiDi and puppeteer each saw.
 */
async function openFirefoxExtensionPage(session, path, { tries = 3, waitMs = 6000 } = {}) {
  const seen = [];
  for (let attempt = 1; attempt <= tries; attempt++) {
    const { page, url, report } = await tryOpenFirefoxExtensionPage(session, path, waitMs);
    if (page) return page;
    seen.push(`try ${attempt}: ${report}`);
    await evaluateInFirefoxChrome(session, `(() => {
      for (const tab of [...gBrowser.tabs]) if (tab.linkedBrowser.currentURI.spec === ${JSON.stringify(url)}) gBrowser.removeTab(tab);
    })()`).catch(() => {});
  }
  throw new Error(`no browsing context appeared for ${path}: ${seen.join('; ')}`);
}

async function tryOpenFirefoxExtensionPage(session, path, waitMs) {
  const { browser, extensionId } = session;
  const connection = browser.connection;
  const topContexts = async () => (await connection.send('browsingContext.getTree', { maxDepth: 0 })).result.contexts;
  const before = new Set((await topContexts()).map((c) => c.context));
  const url = await evaluateInFirefoxChrome(session, `(() => {
    const url = WebExtensionPolicy.getByID(${JSON.stringify(extensionId)}).getURL(${JSON.stringify(path)});
    gBrowser.addTab(url, {
      triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal(),
      inBackground: true,
    });
    return url;
  })()`);
  // The new top-level context (about:blank until the page commits), then
  // puppeteer's page for it.
  const deadline = Date.now() + waitMs;
  let fresh = [];
  while (Date.now() < deadline) {
    fresh = (await topContexts()).filter((c) => !before.has(c.context) && (c.url === url || c.url === 'about:blank'));
    const ids = new Set(fresh.map((c) => c.context));
    const page = (await browser.pages()).find((p) => ids.has(p.mainFrame()._id));
    if (page) {
      collectErrors(page);
      await page.waitForFunction((u) => location.href === u && document.readyState === 'complete', { timeout: 10000, polling: 50 }, url);
      await recordErrorsInPage(page);
      return { page, url };
    }
    await new Promise((done) => setTimeout(done, 50));
  }
  const known = (await browser.pages()).map((p) => p.mainFrame()._id);
  return { url, report: `new contexts ${JSON.stringify(fresh)}, puppeteer pages ${JSON.stringify(known)}` };
}

/** Collects an extension page's script errors and console errors in `page.dittoErrors`. */
function collectErrors(page) {
  page.dittoErrors = [];
  page.on('pageerror', (error) => page.dittoErrors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') page.dittoErrors.push(`console: ${message.text()}`);
  });
}

/**
 * Firefox reports no console or error events of moz-extension pages over
 * BiDi, so the page records its own: uncaught errors, rejections and
 * console.error calls from the moment this runs (errors while it loaded
 * are not seen; the page reaching its ready state shows that load went well).
 */
async function recordErrorsInPage(page) {
  await page.evaluate(() => {
    const record = (text) => document.documentElement.dataset.testErrors = JSON.stringify([...JSON.parse(document.documentElement.dataset.testErrors ?? '[]'), text]);
    addEventListener('error', (event) => record(`pageerror: ${event.message}`));
    addEventListener('unhandledrejection', (event) => record(`pageerror: ${event.reason}`));
    const consoleError = console.error;
    console.error = (...args) => {
      record(`console: ${args.join(' ')}`);
      consoleError(...args);
    };
  });
}

/** Every error `page` (the popup or options page) has shown so far. */
export async function extensionPageErrors(page) {
  const recorded = await page.evaluate(() => JSON.parse(document.documentElement.dataset.testErrors ?? '[]'));
  return [...page.dittoErrors, ...recorded];
}

/**
 * Opens Ditto's popup for `page` (a puppeteer page of the session) and
 * returns the popup's own puppeteer page, once it has rendered a state.
 * Read its script and console errors with extensionPageErrors(popup).
 */
export async function openPopup(session, page) {
  let popup;
  if (session.name === 'chromium') {
    const tabId = await chromiumTabId(session, page);
    popup = await session.browser.newPage();
    collectErrors(popup);
    await popup.goto(`chrome-extension://${session.extensionId}/popup/popup.html?tab=${tabId}`);
  } else {
    await page.bringToFront(); // the tab the popup speaks for is the selected one
    popup = await openFirefoxExtensionPage(session, 'popup/popup.html');
  }
  await popup.waitForFunction(() => document.body.dataset.state, { timeout: 10000, polling: 50 });
  // In Firefox the popup stays a background tab (Firefox slows its timers, so
  // its refreshes come later than in a real popup), and the page keeps the
  // front: the popup's active-tab query, and tests that ask it, find the page.
  return popup;
}

/** Opens Ditto's options page in a tab and returns its puppeteer page, ready. */
export async function openOptions(session) {
  let options;
  if (session.name === 'chromium') {
    options = await session.browser.newPage();
    collectErrors(options);
    await options.goto(`chrome-extension://${session.extensionId}/options/options.html`);
  } else {
    options = await openFirefoxExtensionPage(session, 'options/options.html');
  }
  await options.waitForFunction(() => document.body.dataset.ready === 'true', { timeout: 10000, polling: 50 });
  return options;
}

/**
 * Runs `fn` with the options page open; then clears the settings the test
 * changed and closes the page.
 */
export async function withOptions(session, fn) {
  const options = await openOptions(session);
  try {
    return await fn(options);
  } finally {
    await clearSettings(options).catch(() => {});
    await options.close().catch(() => {});
  }
}

/** What the popup shows: its state, the host, the switch, every figure and the top repeats. */
export async function popupView(popup) {
  return popup.evaluate(() => {
    const text = (id) => document.getElementById(id).textContent.trim();
    const switchButton = document.getElementById('site-switch');
    return {
      state: document.body.dataset.state,
      host: text('host'),
      switchOn: switchButton.getAttribute('aria-checked') === 'true',
      switchLabel: switchButton.getAttribute('aria-labelledby') && text(switchButton.getAttribute('aria-labelledby')),
      blocks: text('stat-blocks'),
      repeated: text('stat-repeated'),
      share: text('stat-share'),
      lists: text('stat-lists'),
      items: text('stat-items'),
      time: text('stat-time'),
      where: text('stat-where'),
      top: [...document.querySelectorAll('#top button')].map((b) => ({ block: Number(b.dataset.block), text: b.textContent, label: b.getAttribute('aria-label') })),
    };
  });
}

/**
 * Clears Ditto's settings from inside an extension page (the popup or the
 * options page have the storage API in both browsers).
 */
export async function clearSettings(extensionPage) {
  await extensionPage.evaluate(async () => {
    const ext = globalThis.browser ?? globalThis.chrome;
    await ext.storage.local.remove(
      ['schemaVersion', 'sites', 'domains', 'defaultMode', 'collapseLists', 'highlightStyle', 'badgeCount', 'syncSettings',
      'rememberRead', 'rememberDays', 'neverRemember']);
    await ext.storage.sync.clear();
  });
}

/**
 * The toolbar badge text of the tab `popup` speaks for, read from inside the
 * popup (its `?tab=` or the active tab, as popup.js picks it).
 */
export async function badgeText(popup) {
  return popup.evaluate(async () => {
    const ext = globalThis.browser ?? globalThis.chrome;
    const requested = new URLSearchParams(location.search).get('tab');
    const tabId = requested ? Number(requested) : (await ext.tabs.query({ active: true, currentWindow: true }))[0].id;
    return ext.action.getBadgeText({ tabId });
  });
}

/**
 * Opens the real toolbar popup (the action's panel) for `page`, which is
 * brought to the front first, and returns a small driver for it:
 *
 * - Chromium: `chrome.action.openPopup()` from the service worker; the popup
 *   is a page target puppeteer attaches to, clicked with real input events.
 * - Firefox: the chrome window opens the action's popup
 *   (`browserActionFor(extension).openPopup(window)`), which BiDi does not
 *   expose as a browsing context. An extension page opened for the purpose
 *   (the options page, in a background tab) reaches the popup's window
 *   through `browser.extension.getViews({type: 'popup'})` and reads and clicks
 *   its DOM (element.click(), not input events).
 *
 * @returns {Promise<{view: () => Promise<object>, click: (selector: string) => Promise<void>,
 *   isOpen: () => Promise<boolean>, close: () => Promise<void>}>}
 */
export async function openToolbarPopup(session, page) {
  if (session.name === 'chromium') {
    await page.bringToFront();
    const worker = await session.workerScope();
    await worker.evaluate(() => chrome.action.openPopup());
    const target = await session.browser.waitForTarget((t) => t.url().startsWith(`chrome-extension://${session.extensionId}/popup/popup.html`), { timeout: 5000 });
    const popup = await target.asPage();
    await popup.waitForFunction(() => document.body.dataset.state, { timeout: 10000, polling: 50 });
    return {
      view: () => popupView(popup),
      click: (selector) => popup.click(selector),
      isOpen: async () => !popup.isClosed() && session.browser.targets().includes(target),
      close: () => (popup.isClosed() ? Promise.resolve() : popup.close().catch(() => {})),
    };
  }
  const driver = await openFirefoxExtensionPage(session, 'options/options.html');
  await page.bringToFront();
  await evaluateInFirefoxChrome(session, `(async () => {
    const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
    const extension = WebExtensionPolicy.getByID(${JSON.stringify(session.extensionId)}).extension;
    await ExtensionParent.apiManager.global.browserActionFor(extension).openPopup(window);
  })()`);
  await driver.waitForFunction(() => browser.extension.getViews({ type: 'popup' })[0]?.document.body.dataset.state, { timeout: 10000, polling: 50 });
  return {
    view: () => driver.evaluate(() => {
      const doc = browser.extension.getViews({ type: 'popup' })[0].document;
      const text = (id) => doc.getElementById(id).textContent.trim();
      return {
        state: doc.body.dataset.state,
        host: text('host'),
        switchOn: doc.getElementById('site-switch').getAttribute('aria-checked') === 'true',
        blocks: text('stat-blocks'),
        repeated: text('stat-repeated'),
        share: text('stat-share'),
        top: [...doc.querySelectorAll('#top button')].map((b) => ({ block: Number(b.dataset.block), text: b.textContent })),
      };
    }),
    click: (selector) => driver.evaluate((s) => browser.extension.getViews({ type: 'popup' })[0].document.querySelector(s).click(), selector),
    isOpen: () => driver.evaluate(() => browser.extension.getViews({ type: 'popup' }).length > 0),
    close: async () => {
      await driver.evaluate(() => browser.extension.getViews({ type: 'popup' })[0]?.close()).catch(() => {});
      await driver.close().catch(() => {});
    },
  };
}

/**
 * Runs keyboard command `command` through the background's handler, for
 * `page`'s tab (Chromium: the service worker's; Firefox: the event page's,
 * reached from a popup, whose opening asks the tab for its figures).
 */
export async function runCommand(session, page, command) {
  await page.bringToFront();
  if (session.name === 'chromium') {
    const worker = await session.workerScope();
    return worker.evaluate(async (c) => {
      const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
      return globalThis.dittoHandleCommand(c, tab);
    }, command);
  }
  const popup = await openPopup(session, page);
  try {
    return await popup.evaluate(async (c) => {
      const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
      return (await browser.runtime.getBackgroundPage()).dittoHandleCommand(c, { id: tab.id });
    }, command);
  } finally {
    await popup.close().catch(() => {});
  }
}
