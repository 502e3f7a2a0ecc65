// The controls readers expect, in Chromium and Firefox: a choice for a whole
// registrable domain against one for a host (the more specific wins), the
// site rules in the options page, export and import of the settings, the
// keyboard commands through the handler the browser calls, and the greyed
// toolbar icon where Ditto is off.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flashedText, highlighted, waitForAnalysis, waitForExpanders, withPage } from '../lib/page.mjs';
import {
  clearSettings, evaluateInFirefoxChrome, extensionPageErrors, openOptions, openPopup, runCommand, waitForPopupState, withOptions,
} from '../lib/popup.mjs';

const HOSTS = ['news.ditto.test', 'sport.ditto.test', 'news.example.co.uk'];

/** Makes the test hosts reach the local server (Chromium maps them at launch, lib/browsers.mjs). */
async function resolveTestHosts(session) {
  if (session.name !== 'firefox') return;
  await evaluateInFirefoxChrome(session, `(() => {
    Services.prefs.setStringPref('network.dns.localDomains', ${JSON.stringify(HOSTS.join(','))});
    Services.prefs.setBoolPref('dom.security.https_first', false);
    return true;
  })()`);
}

const on = (server, host) => server.url.replace('127.0.0.1', host);
const stored = (extensionPage) => extensionPage.evaluate(() => (globalThis.browser ?? globalThis.chrome).storage.local.get(null));
const ruleLine = (popup) => popup.$eval('#rule', (el) => el.textContent);
const scopeLabels = (popup) => popup.$$eval('#scope label', (labels) => labels.map((l) => l.textContent.trim()));

// `keepSettings`: a popup opened inside another's test leaves the settings
// to the outer one to clear (clearing them early would switch the outer
// page back on before it is checked).
async function withPopup(session, page, fn, { keepSettings = false } = {}) {
  const popup = await openPopup(session, page);
  try {
    return await fn(popup);
  } finally {
    if (!keepSettings) await clearSettings(popup).catch(() => {});
    await popup.close().catch(() => {});
  }
}

test('a whole-domain rule covers every subdomain; a host rule wins over it; the popup says which is in force', async ({ session, server }) => {
  await resolveTestHosts(session);
  await withPage(session, on(server, 'news.ditto.test') + 'popup-story.html', async ({ page, errors }) => {
    await waitForAnalysis(page);
    await withPopup(session, page, async (popup) => {
      await waitForPopupState(popup, 'ready');
      assert.deepEqual(await scopeLabels(popup), ['news.ditto.test only', 'all of ditto.test']);
      assert.equal(await ruleLine(popup), 'No rule for this site: the default from the options applies.');
      // Off for all of ditto.test.
      await popup.click('#scope input[value=domain]');
      await popup.click('#site-switch');
      await waitForPopupState(popup, 'off');
      await page.waitForFunction(() => !CSS.highlights.has('ditto-repeat'), { timeout: 5000, polling: 50 });
      assert.equal(await ruleLine(popup), 'Following your rule for all of ditto.test.');
      const settings = await stored(popup);
      assert.deepEqual([settings.sites, settings.domains], [{}, { 'ditto.test': false }]);

      // Another subdomain is off too, by the domain's rule; its own host rule wins.
      await withPage(session, on(server, 'sport.ditto.test') + 'popup-story.html', async ({ page: sport }) => {
        await withPopup(session, sport, async (sportPopup) => {
          await waitForPopupState(sportPopup, 'off');
          assert.equal(await ruleLine(sportPopup), 'Following your rule for all of ditto.test.');
          assert.equal(await sportPopup.$eval('#scope input[value=domain]', (el) => el.checked), true);
          await sportPopup.click('#scope input[value=host]'); // moves the choice in force (off) to this host…
          await sportPopup.click('#site-switch'); // …and switches it on here
          await waitForPopupState(sportPopup, 'ready');
          await waitForExpanders(sport);
          assert.ok((await highlighted(sport)).length > 0);
          assert.equal(await ruleLine(sportPopup), 'Following your rule for sport.ditto.test.');
          const both = await stored(sportPopup);
          assert.deepEqual([both.sites, both.domains], [{ 'sport.ditto.test': true }, { 'ditto.test': false }]);
        }, { keepSettings: true });
      });
      // news.ditto.test still follows the domain rule: off (given the time a
      // wrong switch-on would take to paint).
      await new Promise((done) => setTimeout(done, 500));
      assert.equal(await page.evaluate(() => CSS.highlights.has('ditto-repeat')), false);
    });
    assert.deepEqual(errors, []);
  });
});

test('the whole domain comes from the Public Suffix List: news.example.co.uk offers example.co.uk, never co.uk; an IP address offers no domain', async ({ session, server }) => {
  await resolveTestHosts(session);
  await withPage(session, on(server, 'news.example.co.uk') + 'popup-story.html', async ({ page }) => {
    await withPopup(session, page, async (popup) => {
      await waitForPopupState(popup, 'ready');
      assert.deepEqual(await scopeLabels(popup), ['news.example.co.uk only', 'all of example.co.uk']);
    });
  });
  await withPage(session, server.url + 'popup-story.html', async ({ page }) => {
    await withPopup(session, page, async (popup) => {
      await waitForPopupState(popup, 'ready');
      assert.equal(await popup.$eval('#scope', (el) => el.hidden), true, '127.0.0.1 has no registrable domain');
    });
  });
});

const rulesShown = (options) => options.$$eval('#rules tbody tr', (rows) => rows.map((row) => [...row.cells].slice(0, 3).map((c) => c.textContent).join(' | ')));
const setStored = (options, values) => options.evaluate((v) => (globalThis.browser ?? globalThis.chrome).storage.local.set(v), values);

test('options: the site rules are listed, searched, removed one by one and all at once', async ({ session }) => {
  await withOptions(session, async (options) => {
    assert.equal(await options.$eval('#rules-empty', (el) => el.hidden), false);
    await setStored(options, { sites: { 'news.ditto.test': true, 'localhost': false }, domains: { 'example.co.uk': false } });
    await options.waitForFunction(() => document.querySelectorAll('#rules tbody tr').length === 3, { timeout: 5000, polling: 50 });
    assert.deepEqual(await rulesShown(options), [
      'example.co.uk | the domain and its subdomains | off',
      'localhost | this host only | off',
      'news.ditto.test | this host only | on',
    ]);
    await options.type('#rules-search', 'co.uk');
    assert.deepEqual(await rulesShown(options), ['example.co.uk | the domain and its subdomains | off']);
    await options.$eval('#rules-search', (el) => { el.value = ''; el.dispatchEvent(new Event('input')); });
    await options.waitForFunction(() => document.querySelectorAll('#rules tbody tr').length === 3, { timeout: 5000, polling: 50 });

    // Remove one: its button names it.
    const label = await options.$eval('#rules tr[data-site="localhost"] button', (b) => b.getAttribute('aria-label'));
    assert.equal(label, 'Remove the rule for localhost');
    await options.click('#rules tr[data-site="localhost"] button');
    await options.waitForFunction(() => document.querySelectorAll('#rules tbody tr').length === 2, { timeout: 5000, polling: 50 });
    assert.deepEqual((await stored(options)).sites, { 'news.ditto.test': true });

    // Remove all takes a second click.
    await options.click('#rules-remove-all');
    assert.equal(await options.$eval('#rules-remove-all', (b) => b.textContent), 'Click again to remove all 2 site rules');
    assert.equal(Object.keys((await stored(options)).domains).length, 1, 'one click removes nothing');
    await options.click('#rules-remove-all');
    await options.waitForFunction(() => !document.getElementById('rules-empty').hidden, { timeout: 5000, polling: 50 });
    const after = await stored(options);
    assert.deepEqual([after.sites, after.domains], [{}, {}]);
    assert.deepEqual(await extensionPageErrors(options), []);
  });
});

/** Clicks Export and returns the file's text (the download link's blob, read in the page). */
async function exportedText(options) {
  return options.evaluate(async () => {
    const clicked = new Promise((resolve) => {
      const click = HTMLAnchorElement.prototype.click;
      HTMLAnchorElement.prototype.click = function () {
        HTMLAnchorElement.prototype.click = click;
        resolve({ href: this.href, download: this.download });
      };
    });
    document.getElementById('export').click();
    const { href, download } = await clicked;
    return { name: download, text: await (await fetch(href)).text() };
  });
}

async function importText(options, dir, name, text) {
  const path = join(dir, name);
  await writeFile(path, text);
  await options.$eval('#import-result', (el) => { el.textContent = ''; delete el.dataset.outcome; });
  const input = await options.$('#import-file');
  await input.uploadFile(path);
  await options.waitForFunction(() => document.getElementById('import-result').dataset.outcome, { timeout: 5000, polling: 50 });
  return options.$eval('#import-result', (el) => ({ outcome: el.dataset.outcome, text: el.textContent }));
}

test('options: settings export to a file and import back; a malformed or foreign file is refused with a clear message and changes nothing', async ({ session }) => {
  const dir = await mkdtemp(join(tmpdir(), 'ditto-import-'));
  try {
    await withOptions(session, async (options) => {
      const chosen = {
        defaultMode: 'off', collapseLists: false, highlightStyle: 'contrast', badgeCount: false,
        sites: { 'news.ditto.test': true }, domains: { 'example.co.uk': false },
        rememberRead: false, rememberDays: 7, neverRemember: ['bank.example'],
      };
      await setStored(options, chosen);
      await options.waitForFunction(() => document.querySelectorAll('#rules tbody tr').length === 2, { timeout: 5000, polling: 50 });
      const file = await exportedText(options);
      assert.match(file.name, /^ditto-settings-\d{4}-\d{2}-\d{2}\.json$/);
      const parsed = JSON.parse(file.text);
      assert.equal(parsed.format, 'ditto-settings');
      assert.equal(parsed.schemaVersion, 2);
      assert.deepEqual(parsed.settings, chosen);

      // Everything forgotten, then imported back.
      await clearSettings(options);
      assert.deepEqual(await importText(options, dir, 'good.json', file.text), { outcome: 'imported', text: 'Settings imported: 2 site rules.' });
      const back = await stored(options);
      for (const [key, value] of Object.entries(chosen)) assert.deepEqual(back[key], value, key);
      assert.equal(await options.$eval('input[name=highlightStyle]:checked', (el) => el.value), 'contrast', 'the page shows what was imported');

      // Bad files: a clear message each, nothing changed.
      const before = await stored(options);
      const refusals = [
        ['not-json.json', 'this is { not json', 'This file is not a Ditto settings file (it is not JSON). Nothing was changed.'],
        ['foreign.json', JSON.stringify({ name: 'uBlock Origin backup', userFilters: '' }), 'This file is not a Ditto settings file. Nothing was changed.'],
        ['newer.json', JSON.stringify({ format: 'ditto-settings', schemaVersion: 9, settings: {} }),
          'This file comes from a newer version of Ditto (settings version 9). Update Ditto first. Nothing was changed.'],
        ['damaged.json', JSON.stringify({ format: 'ditto-settings', schemaVersion: 2, settings: { sites: { 'a.example': 'yes' } } }),
          'This settings file is damaged (sites.a.example). Nothing was changed.'],
      ];
      for (const [name, text, message] of refusals) {
        assert.deepEqual(await importText(options, dir, name, text), { outcome: 'rejected', text: message }, name);
        assert.deepEqual(await stored(options), before, `${name} changed nothing`);
      }
      assert.deepEqual(await extensionPageErrors(options), []);
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('settings stored before site rules by domain (no version, hosts only) keep every choice', async ({ session, server }) => {
  const first = await openOptions(session);
  await clearSettings(first);
  await setStored(first, { sites: { localhost: false }, defaultMode: 'on', collapseLists: false });
  await first.close();
  // A fresh options page reads them (Firefox will not reload an extension page for a test).
  await withOptions(session, async (options) => {
    assert.deepEqual(await rulesShown(options), ['localhost | this host only | off']);
    assert.equal(await options.$eval('input[name=collapseLists]', (el) => el.checked), false);
    await withPage(session, server.url.replace('127.0.0.1', 'localhost') + 'popup-story.html', async ({ page }) => {
      await withPopup(session, page, (popup) => waitForPopupState(popup, 'off'), { keepSettings: true });
    });
  });
});

test('keyboard commands: next and previous repeat flash each repeat in page order; the switch command turns the site off and on', async ({ session, server }) => {
  await withPage(session, server.url + 'popup-story.html', async ({ page, errors }) => {
    await waitForAnalysis(page);
    await waitForExpanders(page);
    // Every painted repeat, the quieter ones in lists included, in page order.
    const repeats = await page.evaluate(() => {
      const painted = ['ditto-repeat', 'ditto-related'].flatMap((name) => [...(CSS.highlights.get(name) ?? [])]);
      painted.sort((a, b) => a.compareBoundaryPoints(Range.START_TO_START, b));
      return painted.map((r) => r.toString());
    });
    assert.ok(repeats.length >= 1, 'the fixture repeats text');
    assert.deepEqual(await runCommand(session, page, 'next-repeat'), { ok: true });
    assert.equal(await flashedText(page), repeats[0]);
    if (repeats.length > 1) {
      await runCommand(session, page, 'next-repeat');
      assert.equal(await flashedText(page), repeats[1]);
      await runCommand(session, page, 'previous-repeat');
      assert.equal(await flashedText(page), repeats[0]);
    }
    assert.deepEqual(await runCommand(session, page, 'previous-repeat'), { ok: false }, 'nothing before the first');

    assert.deepEqual(await runCommand(session, page, 'toggle-site'), { ok: true, enabled: false });
    await page.waitForFunction(() => !CSS.highlights.has('ditto-repeat'), { timeout: 5000, polling: 50 });
    assert.deepEqual(await runCommand(session, page, 'toggle-site'), { ok: true, enabled: true });
    await waitForExpanders(page);
    const painted = await highlighted(page);
    assert.ok(painted.length > 0);
    assert.equal(await runCommand(session, page, 'no-such-command'), null);

    // Off, then a page load: nothing of Ditto is loaded there, and the
    // switch command (made by the background then) brings it in, live.
    assert.deepEqual(await runCommand(session, page, 'toggle-site'), { ok: true, enabled: false });
    await page.reload({ waitUntil: 'load' });
    await new Promise((done) => setTimeout(done, 500));
    assert.equal(await page.evaluate(() => CSS.highlights.size), 0, 'off at load: nothing painted');
    assert.deepEqual(await runCommand(session, page, 'toggle-site'), { ok: true, enabled: true });
    await waitForExpanders(page);
    assert.deepEqual(await highlighted(page), painted, 'switched on live: the same marks as before');
    assert.deepEqual(errors, []);
  });
  const options = await openOptions(session);
  await clearSettings(options).catch(() => {});
  await options.close();
});

/** The toolbar button's tooltip for `page`'s tab, and (Firefox) the icon it shows. */
async function toolbarState(session, page) {
  const popup = await openPopup(session, page);
  try {
    const title = await popup.evaluate(async () => {
      const ext = globalThis.browser ?? globalThis.chrome;
      const requested = new URLSearchParams(location.search).get('tab');
      const tabId = requested ? Number(requested) : (await ext.tabs.query({ active: true, currentWindow: true }))[0].id;
      return ext.action.getTitle({ tabId });
    });
    return { title, popup };
  } catch (error) {
    await popup.close().catch(() => {});
    throw error;
  }
}

test('the toolbar icon is greyed, with its own tooltip, where Ditto is off', async ({ session, server }) => {
  await withPage(session, server.url + 'popup-story.html', async ({ page, errors }) => {
    await waitForAnalysis(page);
    let { title, popup } = await toolbarState(session, page);
    assert.equal(title, 'Ditto');
    await popup.click('#site-switch');
    await waitForPopupState(popup, 'off');
    await popup.waitForFunction(async () => {
      const ext = globalThis.browser ?? globalThis.chrome;
      const requested = new URLSearchParams(location.search).get('tab');
      const tabId = requested ? Number(requested) : (await ext.tabs.query({ active: true, currentWindow: true }))[0].id;
      return (await ext.action.getTitle({ tabId })) === 'Ditto (off on this site)';
    }, { timeout: 5000, polling: 100 });
    if (session.name === 'firefox') {
      // The real toolbar button's image: the greyed one is drawn (a data: or
      // blob: image), not the packaged coloured PNG.
      const image = await evaluateInFirefoxChrome(session, `(() => {
        const button = [...document.querySelectorAll('.webextension-browser-action')].find((b) => b.id.startsWith('ditto'));
        return button ? getComputedStyle(button).getPropertyValue('--webextension-toolbar-image') : 'no button';
      })()`);
      assert.doesNotMatch(image, /icons\/ditto-16\.png/, image);
    }
    await clearSettings(popup);
    await popup.close();
    assert.deepEqual(errors, []);
  });
});

test('sync: the rules and options go to storage.sync, as far as its quotas allow; the rest stay on this device and the options page says how many', async ({ session, server }) => {
  const dir = await mkdtemp(join(tmpdir(), 'ditto-sync-'));
  try {
    await withOptions(session, async (options) => {
      await setStored(options, { sites: { 'news.ditto.test': false }, highlightStyle: 'underline' });
      await options.waitForFunction(() => document.querySelectorAll('#rules tbody tr').length === 1, { timeout: 5000, polling: 50 });
      await options.click('input[name=syncSettings]');
      const syncArea = () => options.evaluate(() => (globalThis.browser ?? globalThis.chrome).storage.sync.get(null));
      await options.waitForFunction(async () => 'h:news.ditto.test' in await (globalThis.browser ?? globalThis.chrome).storage.sync.get(null), { timeout: 5000, polling: 100 });
      const synced = await syncArea();
      assert.equal(synced['h:news.ditto.test'], false);
      assert.equal(synced.options.highlightStyle, 'underline');
      assert.equal(await options.$eval('#sync-overflow', (el) => el.hidden), true, 'everything fits');

      // More rules than the quotas hold: 600 hosts, and localhost (last in site order) stays local.
      const sites = Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`a${String(i).padStart(4, '0')}.example`, true]));
      sites.localhost = false;
      const file = JSON.stringify({ format: 'ditto-settings', schemaVersion: 2, settings: { sites } });
      assert.equal((await importText(options, dir, 'many.json', file)).outcome, 'imported');
      const quota = await options.evaluate(() => (globalThis.browser ?? globalThis.chrome).storage.sync.MAX_ITEMS ?? 512);
      const fits = Math.floor(quota * 0.9) - 1;
      await options.waitForFunction(() => !document.getElementById('sync-overflow').hidden, { timeout: 5000, polling: 100 });
      assert.equal(await options.$eval('#sync-overflow', (el) => el.textContent),
        `${601 - fits} site rules are beyond the browser's sync quota: they stay on this device only.`);
      const after = await syncArea();
      assert.equal(Object.keys(after).filter((k) => k.startsWith('h:')).length, fits);
      assert.equal('h:news.ditto.test' in after, false, 'the import replaced the rules');
      const local = await stored(options);
      assert.equal(Object.keys(local.sites).length, 601 - fits);
      assert.equal(local.sites.localhost, false);

      // The page follows a rule that stayed local.
      await withPage(session, server.url.replace('127.0.0.1', 'localhost') + 'popup-story.html', async ({ page }) => {
        await withPopup(session, page, (popup) => waitForPopupState(popup, 'off'), { keepSettings: true });
      });

      // Sync off: every rule is local again.
      await options.click('input[name=syncSettings]');
      await options.waitForFunction(async () => {
        const { sites: all = {} } = await (globalThis.browser ?? globalThis.chrome).storage.local.get('sites');
        return Object.keys(all).length === 601;
      }, { timeout: 5000, polling: 100 });
      assert.deepEqual(await extensionPageErrors(options), []);
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('options: the highlight style repaints open pages live, and the badge count can be switched off', async ({ session, server }) => {
  await withPage(session, server.url + 'popup-story.html', async ({ page, errors }) => {
    await waitForAnalysis(page);
    // The three kinds the style applies to (ditto-read and ditto-flash have their own).
    const names = () => page.evaluate(() => [...CSS.highlights.keys()].filter((n) => /^ditto-(repeat|related|changed)/.test(n)).sort());
    assert.ok((await names()).includes('ditto-repeat'));
    const popup = await openPopup(session, page);
    try {
      await waitForPopupState(popup, 'ready');
      await popup.waitForFunction(async () => {
        const ext = globalThis.browser ?? globalThis.chrome;
        const requested = new URLSearchParams(location.search).get('tab');
        const tabId = requested ? Number(requested) : (await ext.tabs.query({ active: true, currentWindow: true }))[0].id;
        return /^\d+$/.test(await ext.action.getBadgeText({ tabId }));
      }, { timeout: 5000, polling: 100 });
      await withOptions(session, async (options) => {
        await options.click('input[name=highlightStyle][value=underline]');
        await page.waitForFunction(() => CSS.highlights.has('ditto-repeat-underline') && !CSS.highlights.has('ditto-repeat'), { timeout: 5000, polling: 50 });
        assert.ok((await names()).every((n) => n.endsWith('-underline')), String(await names()));
        await options.click('input[name=highlightStyle][value=contrast]');
        await page.waitForFunction(() => CSS.highlights.has('ditto-repeat-contrast'), { timeout: 5000, polling: 50 });
        await options.click('input[name=highlightStyle][value=color]');
        await page.waitForFunction(() => CSS.highlights.has('ditto-repeat') && !CSS.highlights.has('ditto-repeat-contrast'), { timeout: 5000, polling: 50 });

        await options.click('input[name=badgeCount]');
        // The next report from the page (a reload) leaves the badge empty.
        await page.reload({ waitUntil: 'load' });
        await waitForAnalysis(page);
        await popup.waitForFunction(async () => {
          const ext = globalThis.browser ?? globalThis.chrome;
          const requested = new URLSearchParams(location.search).get('tab');
          const tabId = requested ? Number(requested) : (await ext.tabs.query({ active: true, currentWindow: true }))[0].id;
          return (await ext.action.getBadgeText({ tabId })) === '';
        }, { timeout: 5000, polling: 100 });
      });
    } finally {
      await popup.close().catch(() => {});
    }
    assert.deepEqual(errors, []);
  });
});
