// The toolbar popup: the current site's on/off switch, the page's duplication
// figures from its content script (`ditto:stats`), and jump links to the top
// repeats (`ditto:jump`). See docs/protocol.md.
//
// The popup needs no `tabs` permission: tabs.query gives the active tab's id,
// and the hostname comes from the content script's answer.

import { ext } from '../shared/browser.js';
import { enabledFor, getSettings, setSiteEnabled } from '../shared/settings.js';
import { tabFailure } from '../shared/tab-failures.js';
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
  // without one, this is a page extensions may not touch.
  return failureStats(tabId);
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
    if (stats || performance.now() > deadline) return stats;
    await new Promise((done) => setTimeout(done, 150));
  }
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
  $('fallback-reason').hidden = !inBackground;
  $('fallback-reason').textContent = inBackground
    ? message('fallbackReason', [stats.fallbackReason ?? '?'], `This page's security policy (CSP) blocks WebAssembly, so the engine ran in the extension's background: ${stats.fallbackReason}`)
    : '';
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
      button.append(copies, text);
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

function render(tabId, stats) {
  const state = stateOf(stats);
  document.body.dataset.state = state;
  $('unavailable').hidden = state !== 'unavailable';
  $('playground').hidden = state !== 'playground';
  $('site').hidden = !['off', 'failed', 'analysing', 'ready'].includes(state);
  $('host').textContent = stats?.host ?? '';
  if ($('site').hidden) return;
  $('site-switch').setAttribute('aria-checked', String(stats.enabled));
  $('off').hidden = state !== 'off';
  $('analysing').hidden = state !== 'analysing';
  $('failed').hidden = state !== 'failed';
  $('failed-reason').textContent = state === 'failed' ? stats.failed : '';
  $('figures').hidden = state !== 'ready';
  if (state === 'ready') {
    renderFigures(stats);
    renderTopRepeats(tabId, stats.topRepeats ?? []);
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
  $('site-switch').addEventListener('click', async () => {
    const host = stats?.host;
    if (!host) return;
    const on = $('site-switch').getAttribute('aria-checked') !== 'true';
    $('site-switch').setAttribute('aria-checked', String(on));
    pending = { on, until: performance.now() + SWITCH_SETTLE_MS };
    await setSiteEnabled(host, on);
  });

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
