// The toolbar popup: the current site's on/off switch, the page's duplication
// figures from its content script (`ditto:stats`), and jump links to the top
// repeats (`ditto:jump`). See docs/protocol.md.
//
// The popup needs no `tabs` permission: tabs.query gives the active tab's id,
// and the hostname comes from the content script's answer, or, on a page
// where Ditto is off and no content script runs, from the tab's address (the
// host permissions let the extension read it).

import { ext } from '../shared/browser.js';
import { registrableDomain } from '../shared/domains.js';
import { enabledFor, getSettings, ruleFor, setSiteRule } from '../shared/settings.js';
import { rememberTabFailure, tabFailure } from '../shared/tab-failures.js';
import { emptyStats } from '../content/answers.js';
import { siteOf, timeAgo } from '../shared/read-elsewhere.js';
import { localize, message } from './i18n.js';

/** How often the open popup asks the page again (analysis in progress, content arriving). */
const REFRESH_MS = 500;
/** A content script that has not answered after this long is not there. */
const CONTENT_SCRIPT_WAIT_MS = 1500;
/** How long the switch may wait for the page to apply a choice before showing the page's state. */
const SWITCH_SETTLE_MS = 3000;

const $ = (id) => document.getElementById(id);

/**
 * The tab this popup speaks for. A popup opened from the toolbar speaks for the
 * active tab; popup.html opened as a page of its own (`popup.html?tab=ID`, as
 * the end-to-end tests do, and as a user may pin it) speaks for tab ID.
 */
async function targetTabId() {
  const requested = new URLSearchParams(location.search).get('tab');
  if (requested !== null && /^\d+$/.test(requested)) return Number(requested);
  const [tab] = await ext.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

async function askStats(tabId) {
  if (tabId === undefined) return null;
  try {
    const stats = await ext.tabs.sendMessage(tabId, { type: 'ditto:stats' }, { frameId: 0 });
    if (stats) return stats;
  } catch {
    // No content script answers in that tab.
  }
  // A content script that failed before it could answer left its reason;
  // a page where Ditto is off has none; else this is a page extensions may
  // not touch, or one whose content script is still loading.
  return (await failureStats(tabId)) ?? (await offStats(tabId));
}

/** Stats for a page where Ditto is off (no content script is loaded there), or null. */
async function offStats(tabId) {
  const tab = await ext.tabs.get(tabId).catch(() => null);
  let host = null;
  try {
    const url = new URL(tab?.url ?? '');
    if (/^https?:$/.test(url.protocol)) host = url.hostname;
  } catch {
    return null;
  }
  if (host === null || enabledFor(await getSettings(), host)) return null;
  return { ...emptyStats(host, false), failed: null, alreadyRead: { paragraphs: 0, pages: [] } };
}

/** Stats for a tab whose content script failed to load, or null. */
async function failureStats(tabId) {
  const failure = await tabFailure(tabId).catch(() => null);
  if (!failure) return null;
  const settings = await getSettings();
  return { host: failure.host, enabled: enabledFor(settings, failure.host), failed: failure.reason };
}

/** Asks until the content script answers, for a page that is still loading it. */
async function firstStats(tabId) {
  const deadline = performance.now() + CONTENT_SCRIPT_WAIT_MS;
  for (;;) {
    const stats = await askStats(tabId);
    if (stats) return stats;
    if (performance.now() > deadline) return missingStats(tabId);
    await new Promise((done) => setTimeout(done, 150));
  }
}

/**
 * Stats for a web page (http or https) that extensions may script, whose
 * document has loaded, and where the content script still does not run (a
 * damaged install: the bundle did not parse): a failure, shown on the badge
 * too. Null for a page extensions may not touch.
 */
async function missingStats(tabId) {
  if (tabId === undefined) return null;
  const [probe] = await ext.scripting
    .executeScript({ target: { tabId, frameIds: [0] }, func: () => ({ loaded: Boolean(globalThis.__dittoContentScript), ready: document.readyState, web: /^https?:$/.test(location.protocol), host: location.hostname }) })
    .catch(() => [null]);
  const page = probe?.result;
  if (!page?.web || page.loaded || page.ready !== 'complete') return null;
  const reason = "Ditto's content script (content/ditto.js) did not run on this page";
  await rememberTabFailure(tabId, reason, page.host).catch(() => {});
  ext.action.setBadgeText({ tabId, text: '!' }).catch(() => {});
  ext.action.setBadgeBackgroundColor({ tabId, color: '#b00020' }).catch(() => {});
  return { ...emptyStats(page.host, true), failed: reason, alreadyRead: { paragraphs: 0, pages: [] } };
}

/** 'unavailable' | 'playground' | 'off' | 'failed' | 'analysing' | 'ready' */
function stateOf(stats) {
  if (!stats) return 'unavailable';
  if (stats.skipped === 'playground') return 'playground';
  if (!stats.enabled) return 'off';
  if (stats.failed) return 'failed';
  return stats.totals ? 'ready' : 'analysing';
}

const locale = ext.i18n.getUILanguage();
const numberFormat = new Intl.NumberFormat(locale);
const percentFormat = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });

function renderFigures(stats) {
  const { totals, lists } = stats;
  $('stat-blocks').textContent = numberFormat.format(totals.blocks);
  $('stat-repeated').textContent = numberFormat.format(totals.repeatedBlocks);
  $('stat-share').textContent = percentFormat.format(totals.repeatedShare);
  $('stat-lists').textContent = numberFormat.format(lists.collapsed);
  $('stat-items').textContent = numberFormat.format(lists.itemsCollapsed);
  $('stat-time').textContent = message('statMilliseconds', [numberFormat.format(Math.round(stats.analysisMs))], `${Math.round(stats.analysisMs)} ms`);
  const inBackground = stats.where === 'background';
  $('stat-where').textContent = inBackground ? message('whereBackground', undefined, 'in the background') : message('wherePage', undefined, 'in the page');
}

let shownRepeats = '';
function renderTopRepeats(tabId, topRepeats) {
  // Rebuilt only when it changed, so that a refresh never steals focus.
  const key = JSON.stringify(topRepeats);
  if (key === shownRepeats) return;
  shownRepeats = key;
  $('no-repeats').hidden = topRepeats.length > 0;
  $('top').replaceChildren(
    ...topRepeats.map(({ block, text, count }) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.block = String(block);
      const copies = document.createElement('span');
      copies.className = 'count';
      copies.textContent = `×${count + 1}`;
      copies.setAttribute('aria-hidden', 'true');
      // The page's text keeps its own direction inside a popup in another.
      const excerpt = document.createElement('span');
      excerpt.dir = 'auto';
      excerpt.textContent = text;
      button.append(copies, excerpt);
      button.setAttribute('aria-label', message('topJumpLabel', [text, String(count + 1)], `${text}: ${count + 1} copies, go to the first`));
      button.addEventListener('click', async () => {
        await ext.tabs.sendMessage(tabId, { type: 'ditto:jump', block }, { frameId: 0 }).catch(() => {});
        window.close();
      });
      const item = document.createElement('li');
      item.append(button);
      return item;
    }),
  );
}

/**
 * The scope choice under the switch: this host, or its whole registrable
 * domain (when it has one), set to the scope of the rule in force; and a line
 * that says which rule that is.
 */
function renderRule(host, settings) {
  const domain = registrableDomain(host);
  const rule = ruleFor(settings, host);
  $('scope').hidden = !domain;
  $('scope-host').textContent = message('popupScopeHost', [host], `${host} only`);
  $('scope-domain').textContent = domain ? message('popupScopeDomain', [domain], `all of ${domain}`) : '';
  const scope = rule?.scope ?? 'host';
  for (const input of document.querySelectorAll('input[name="scope"]')) input.checked = input.value === scope;
  $('rule').textContent = !rule
    ? message('popupRuleDefault', undefined, 'No rule for this site: the default from the options applies.')
    : rule.scope === 'domain'
      ? message('popupRuleDomain', [rule.site], `Following your rule for all of ${rule.site}.`)
      : message('popupRuleHost', [rule.site], `Following your rule for ${rule.site}.`);
}

// Once the reader picks a scope, refreshes keep their pick.
let scopeTouched = false;
const chosenScope = () => document.querySelector('input[name="scope"]:checked')?.value ?? 'host';

const ago = (timeMs) => timeAgo(timeMs, locale);

let shownRead = '';
/** "Already read: N paragraphs from M pages", and where and when, each a link to that page. */
function renderAlreadyRead(alreadyRead) {
  const { paragraphs = 0, pages = [] } = alreadyRead ?? {};
  $('already-read').hidden = paragraphs === 0;
  const key = JSON.stringify(alreadyRead);
  if (key === shownRead) return;
  shownRead = key;
  $('read-heading').textContent = message('readHeading', [numberFormat.format(paragraphs), numberFormat.format(pages.length)],
    `Already read: ${paragraphs} paragraphs from ${pages.length} pages`);
  $('read-pages').replaceChildren(...pages.map((page) => {
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = page.url;
    link.target = '_blank';
    link.rel = 'noopener';
    const site = siteOf(page.url);
    const title = document.createElement('span');
    title.dir = 'auto';
    title.textContent = page.title || page.url;
    link.append(title);
    item.append(message('readWhere', [ago(page.timeMs), site], `Read ${ago(page.timeMs)} on ${site}: `), link);
    return item;
  }));
}

function render(tabId, stats) {
  const state = stateOf(stats);
  document.body.dataset.state = state;
  $('unavailable').hidden = state !== 'unavailable';
  $('playground').hidden = state !== 'playground';
  $('site').hidden = !['off', 'failed', 'analysing', 'ready'].includes(state);
  $('host').textContent = stats?.host ?? '';
  if ($('site').hidden) return;
  $('site-switch').setAttribute('aria-checked', String(stats.enabled));
  if (!scopeTouched) getSettings().then((settings) => renderRule(stats.host, settings)).catch(() => {});
  $('off').hidden = state !== 'off';
  $('analysing').hidden = state !== 'analysing';
  $('failed').hidden = state !== 'failed';
  $('failed-reason').textContent = state === 'failed' ? stats.failed : '';
  $('figures').hidden = state !== 'ready';
  if (state === 'ready') {
    renderFigures(stats);
    renderTopRepeats(tabId, stats.topRepeats ?? []);
    renderAlreadyRead(stats.alreadyRead);
  }
}

async function main() {
  localize();
  $('open-options').addEventListener('click', () => ext.runtime.openOptionsPage());
  const tabId = await targetTabId();
  let stats = await firstStats(tabId);
  render(tabId, stats);
  if (stats?.skipped) return;

  // The user's latest choice, until the page reports it applied (or gives up).
  let pending = null;
  // The choice is written in the scope picked under the switch; picking the
  // other scope moves the choice in force there.
  const choose = async (on) => {
    const host = stats?.host;
    if (!host) return;
    $('site-switch').setAttribute('aria-checked', String(on));
    pending = { on, until: performance.now() + SWITCH_SETTLE_MS };
    await setSiteRule(host, { scope: chosenScope(), domain: registrableDomain(host), enabled: on });
    renderRule(host, await getSettings());
  };
  $('site-switch').addEventListener('click', () => choose($('site-switch').getAttribute('aria-checked') !== 'true'));
  for (const input of document.querySelectorAll('input[name="scope"]')) {
    input.addEventListener('change', () => {
      scopeTouched = true;
      choose($('site-switch').getAttribute('aria-checked') === 'true');
    });
  }

  // Keep the figures current while the popup is open: analysis finishing,
  // the switch taking effect, content arriving later, a failure reported
  // after the popup opened.
  for (;;) {
    await new Promise((done) => setTimeout(done, REFRESH_MS));
    stats = await askStats(tabId);
    // Until the page has applied the new choice, the switch keeps showing it.
    if (pending && stats?.enabled !== pending.on && performance.now() < pending.until) continue;
    pending = null;
    render(tabId, stats);
  }
}

main();
