// The toolbar popup: the per-site switch and the page's figures. It asks the
// tab's content script for its stats (`ditto:stats`) and writes the site's
// choice to settings; the content script applies it live.
//
// `?tab=ID` shows the popup for tab ID when it is opened as a page of its own
// (a popped-out popup, or an end-to-end test); by default it is the active tab.

import { ext } from '../shared/browser.js';
import { localize, t } from '../shared/i18n.js';
import { setSiteEnabled } from '../shared/settings.js';

const REFRESH_MS = 1000;
const params = new URLSearchParams(location.search);
const standalone = params.has('tab');
const $ = (id) => document.getElementById(id);

localize();
const tabId = standalone
  ? Number(params.get('tab'))
  : (await ext.tabs.query({ active: true, currentWindow: true }))[0]?.id;

let current = null;
/** A switch the content script has not applied yet: {on, until}. */
let pending = null;

async function fetchStats() {
  if (tabId === undefined || Number.isNaN(tabId)) return null;
  try {
    return (await ext.tabs.sendMessage(tabId, { type: 'ditto:stats' }, { frameId: 0 })) ?? null;
  } catch {
    return null; // no content script here: a browser page, a PDF, a local file
  }
}

function render(stats) {
  current = stats;
  document.body.dataset.state = stateOf(stats);
  const status = $('status');
  $('switch-row').hidden = !stats || Boolean(stats.skipped);
  $('stats').hidden = !(stats?.enabled && stats.totals);
  if (!stats) {
    status.textContent = t('popupUnavailable');
    return;
  }
  $('site').textContent = stats.host || t('popupSiteUnknown');
  $('site-switch').checked = stats.enabled;
  if (stats.skipped) status.textContent = t('popupPlayground');
  else if (!stats.enabled) status.textContent = t('popupOff', [stats.host]);
  else if (!stats.totals) status.textContent = t('popupAnalysing');
  else status.textContent = '';
  if (stats.enabled && stats.totals) renderFigures(stats);
}

function stateOf(stats) {
  if (!stats) return 'unavailable';
  if (stats.skipped) return 'skipped';
  if (!stats.enabled) return 'off';
  return stats.totals ? 'ready' : 'analysing';
}

const number = new Intl.NumberFormat(ext.i18n.getUILanguage());
const percent = new Intl.NumberFormat(ext.i18n.getUILanguage(), { style: 'percent', maximumFractionDigits: 1 });

function renderFigures(stats) {
  const { totals, lists } = stats;
  $('stat-blocks').textContent = number.format(totals.blocks);
  $('stat-repeated').textContent = number.format(totals.repeatedBlocks);
  $('stat-share').textContent = percent.format(totals.repeatedShare);
  $('stat-lists').textContent = t('statListsValue', [lists.collapsed, lists.found, lists.itemsCollapsed]);
  $('stat-time').textContent = t('statTimeValue', [number.format(Math.round(stats.analysisMs))]);
  const engine = $('stat-engine');
  engine.textContent = t(stats.where === 'background' ? 'statEngineBackground' : 'statEnginePage');
  engine.title = stats.fallbackReason ?? '';

  const list = $('top-repeats');
  const items = stats.topRepeats.map((repeat) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.title = t('popupTopRepeatTitle');
    button.dataset.block = repeat.block;
    const text = Object.assign(document.createElement('span'), { className: 'text', textContent: repeat.text });
    const count = Object.assign(document.createElement('span'), {
      className: 'count',
      textContent: t('popupRepeatCount', [repeat.count]),
    });
    button.append(text, count);
    button.addEventListener('click', () => jump(repeat.block));
    const li = document.createElement('li');
    li.append(button);
    return li;
  });
  if (items.length === 0) {
    const li = document.createElement('li');
    li.textContent = t('popupNoRepeats');
    items.push(li);
  }
  // Rebuild only when the list changed, so keyboard focus survives refreshes.
  const signature = JSON.stringify(stats.topRepeats);
  if (list.dataset.signature !== signature) {
    list.replaceChildren(...items);
    list.dataset.signature = signature;
  }
}

async function jump(block) {
  await ext.tabs.sendMessage(tabId, { type: 'ditto:jump', block }, { frameId: 0 }).catch(() => null);
  if (!standalone) window.close();
}

$('site-switch').addEventListener('change', async (event) => {
  if (!current?.host) return;
  const on = event.target.checked;
  pending = { on, until: Date.now() + 5000 };
  await setSiteEnabled(current.host, on);
  render({ ...current, enabled: on, totals: on ? null : current.totals });
});

async function refresh() {
  const stats = await fetchStats();
  // Until the page has applied a switch, its stats still show the old state.
  if (pending && stats && stats.enabled !== pending.on && Date.now() < pending.until) return;
  pending = null;
  render(stats);
}

await refresh();
// Figures change as the page grows (infinite scroll) and right after a switch.
setInterval(refresh, REFRESH_MS);
