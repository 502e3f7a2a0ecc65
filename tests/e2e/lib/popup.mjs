// Opens Ditto's own pages (the toolbar popup, the options page) as tabs the
// specs can read and click, in both browsers, with no test-only code in the
// extension.
//
// Chromium: a tab navigated to chrome-extension://ID/popup/popup.html.
// Firefox 153 refuses WebDriver navigation to moz-extension:// URLs (BiDi and
// geckodriver alike). Firefox is launched with --remote-allow-system-access,
// so BiDi can evaluate script in the browser window's chrome scope
// (`"moz:scope": "chrome"`); there `gBrowser.addTab(url, {triggeringPrincipal:
// system})` opens the extension page the way about:debugging does. The new
// tab is an ordinary BiDi browsing context: puppeteer reads and clicks in it
// like any page. The popup is told which tab it is for with `?tab=ID` (the
// popup supports that for a popped-out popup); Firefox's tab ids come from
// the WebExtension tab tracker, also in chrome scope.

/** Evaluates `expression` in Firefox's chrome scope (the browser window). */
async function chromeEval(session, expression) {
  const connection = session.browser.connection;
  const tree = await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
  const context = tree.result.contexts[0].context;
  const { result } = await connection.send('script.evaluate', {
    expression,
    target: { context },
    awaitPromise: true,
    resultOwnership: 'none',
  });
  if (result.type === 'exception') throw new Error(`chrome scope: ${result.exceptionDetails.text}`);
  return result.result.value;
}

/** The WebExtension tab id of `page`. */
export async function tabIdOf(session, page) {
  if (session.name === 'chromium') {
    await page.bringToFront();
    const worker = await session.worker.worker();
    return worker.evaluate(async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0].id);
  }
  const id = await chromeEval(
    session,
    `(() => {
      const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
      const tab = gBrowser.tabs.find((t) => t.linkedBrowser.currentURI.spec === ${JSON.stringify(page.url())});
      return tab ? ExtensionParent.apiManager.global.tabTracker.getId(tab) : -1;
    })()`,
  );
  if (id < 0) throw new Error(`no tab shows ${page.url()}`);
  return id;
}

/** Opens the extension's page at `path` (e.g. 'options/options.html') in a new tab. */
export async function openExtensionPage(session, path) {
  const { browser } = session;
  if (session.name === 'chromium') {
    const page = await browser.newPage();
    await page.goto(`chrome-extension://${session.extensionId}/${path}`, { waitUntil: 'load' });
    return page;
  }
  const host = await chromeEval(
    session,
    `WebExtensionPolicy.getByID(${JSON.stringify(session.extensionId)}).mozExtensionHostname`,
  );
  const url = `moz-extension://${host}/${path}`;
  const before = new Set(await browser.pages());
  await chromeEval(
    session,
    `(() => {
      const tab = gBrowser.addTab(${JSON.stringify(url)}, {
        triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal(),
      });
      gBrowser.selectedTab = tab;
    })()`,
  );
  const deadline = Date.now() + 10000;
  while (Date.now() < deadline) {
    for (const page of await browser.pages()) {
      if (before.has(page)) continue;
      // puppeteer may still report about:blank for this tab: ask the page itself.
      const at = await page.evaluate(() => document.readyState === 'complete' && location.href).catch(() => false);
      if (at === url) return page;
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`Firefox did not open ${url}`);
}

/** Opens the toolbar popup for the tab showing `page`. */
export async function openPopup(session, page) {
  const tab = await tabIdOf(session, page);
  return openExtensionPage(session, `popup/popup.html?tab=${tab}`);
}

/** Waits until the popup shows `state` (ready, analysing, off, unavailable, skipped). */
export async function waitForPopupState(popup, state, timeout = 15000) {
  await popup.waitForFunction((wanted) => document.body.dataset.state === wanted, { timeout, polling: 100 }, state);
}

/** What the popup shows: switch, status and figures, as text. */
export function popupView(popup) {
  return popup.evaluate(() => {
    const text = (id) => document.getElementById(id)?.textContent.trim() ?? null;
    const sw = document.getElementById('site-switch');
    return {
      state: document.body.dataset.state,
      site: text('site'),
      switchOn: sw.checked,
      switchLabel: sw.closest('label')?.textContent.trim(),
      status: text('status'),
      blocks: text('stat-blocks'),
      repeated: text('stat-repeated'),
      share: text('stat-share'),
      lists: text('stat-lists'),
      time: text('stat-time'),
      engine: text('stat-engine'),
      topRepeats: [...document.querySelectorAll('#top-repeats button')].map((b) => b.textContent.trim()),
    };
  });
}
