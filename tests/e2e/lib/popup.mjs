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
//   Not tried: the real action popup (a panel outside any tab, which BiDi
//   does not expose as a browsing context).
//
// Both ways the popup code, its messages to the content script and its
// storage writes are the shipped ones; only the window it sits in differs
// from a click on the toolbar button.

/** Waits for `page`'s popup state: 'unavailable'|'playground'|'off'|'analysing'|'ready'. */
export async function waitForPopupState(popup, state, { timeout = 10000 } = {}) {
  await popup.waitForFunction((wanted) => document.body.dataset.state === wanted, { timeout, polling: 50 }, state);
}

/** The id the extension gives `page`'s tab (Chromium; the page is brought to the front). */
async function chromiumTabId(session, page) {
  await page.bringToFront();
  const worker = await session.worker.worker();
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

/** Firefox: opens extension page `path` in a background tab from the chrome window; returns its puppeteer page. */
async function openFirefoxExtensionPage(session, path) {
  const { browser, extensionId } = session;
  const connection = browser.connection;
  const contentContexts = async () =>
    (await connection.send('browsingContext.getTree', {})).result.contexts.map((c) => c.context);
  const before = new Set(await contentContexts());
  const url = await evaluateInFirefoxChrome(session, `(() => {
    const url = WebExtensionPolicy.getByID(${JSON.stringify(extensionId)}).getURL(${JSON.stringify(path)});
    gBrowser.addTab(url, {
      triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal(),
      inBackground: true,
    });
    return url;
  })()`);
  // Find puppeteer's page for the new browsing context.
  const deadline = Date.now() + 10000;
  while (Date.now() < deadline) {
    const fresh = (await contentContexts()).filter((id) => !before.has(id));
    if (fresh.length) {
      for (const page of await browser.pages()) {
        if (page.mainFrame()._id !== fresh[0]) continue;
        await page.waitForFunction((u) => location.href === u && document.readyState === 'complete', { timeout: 10000, polling: 50 }, url);
        return page;
      }
    }
    await new Promise((done) => setTimeout(done, 50));
  }
  throw new Error(`no browsing context appeared for ${url}`);
}

/**
 * Opens Ditto's popup for `page` (a puppeteer page of the session) and
 * returns the popup's own puppeteer page, once it has rendered a state.
 */
export async function openPopup(session, page) {
  let popup;
  if (session.name === 'chromium') {
    const tabId = await chromiumTabId(session, page);
    popup = await session.browser.newPage();
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
    await options.goto(`chrome-extension://${session.extensionId}/options/options.html`);
  } else {
    options = await openFirefoxExtensionPage(session, 'options/options.html');
  }
  await options.waitForFunction(() => document.body.dataset.ready === 'true', { timeout: 10000, polling: 50 });
  return options;
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
      fallbackReason: document.getElementById('fallback-reason').hidden ? null : text('fallback-reason'),
      top: [...document.querySelectorAll('#top button')].map((b) => ({ block: Number(b.dataset.block), text: b.textContent, label: b.getAttribute('aria-label') })),
    };
  });
}

/**
 * Clears Ditto's settings from inside an extension page (the popup or the
 * options page have the storage API in both browsers).
 */
export async function clearSettings(extensionPage) {
  await extensionPage.evaluate(() => (globalThis.browser ?? globalThis.chrome).storage.local.remove(['sites', 'defaultMode', 'collapseLists']));
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
