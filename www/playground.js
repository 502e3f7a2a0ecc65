// The playground: the extension's engine and painting code (shared/session.js)
// on a sample page or pasted text, with the popup's figures and the options
// page's settings. Everything runs in this page; nothing is sent anywhere.

import init, { Engine } from './engine/ditto.js';
import { DittoSession } from './shared/session.js';
import { looksLikeHtml, sanitizeHtml, textToFragment } from './sanitize.js';

const $ = (id) => document.getElementById(id);
const preview = $('preview');

await init();

// One engine per analysed page, like the content script's in-page engine.
let engine = new Engine();
const client = {
  where: 'page',
  analyze: async (batch) => engine.analyze(batch),
  reset() {
    engine.free();
    engine = new Engine();
  },
};

let session = null;
let stopClicks = null;
let loaded = null; // what the preview shows: () => DocumentFragment

function newSession() {
  stopClicks?.();
  session?.clear();
  client.reset();
  session = new DittoSession({
    root: preview,
    engine: client,
    collapseLists: $('collapse').checked,
    onAnalyzed: renderStats,
  });
  stopClicks = session.listenForClicks();
}

async function show(makeContent, label) {
  loaded = makeContent;
  newSession();
  preview.replaceChildren(makeContent());
  $('status').textContent = `Analysing ${label}…`;
  if ($('highlight').checked) {
    session.watch();
    await session.run();
  } else {
    renderStats();
  }
  document.body.dataset.analysed = label;
}

async function openSample(name, button) {
  const response = await fetch(`samples/${name}.html`);
  if (!response.ok) throw new Error(`sample ${name}: HTTP ${response.status}`);
  const html = await response.text();
  for (const b of document.querySelectorAll('[data-sample]')) b.setAttribute('aria-pressed', String(b === button));
  await show(() => sanitizeHtml(html, document, { keepIds: true }), name);
}

async function analysePaste() {
  const text = $('paste').value;
  for (const b of document.querySelectorAll('[data-sample]')) b.setAttribute('aria-pressed', 'false');
  await show(() => (looksLikeHtml(text) ? sanitizeHtml(text, document) : textToFragment(text, document)), 'pasted');
}

const number = new Intl.NumberFormat('en');
const percent = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 });

function renderStats() {
  const stats = session?.stats();
  const on = $('highlight').checked;
  document.body.dataset.state = !loaded ? 'empty' : !on ? 'off' : stats?.totals ? 'ready' : 'analysing';
  if (!on) {
    $('status').textContent = 'Highlighting is off: the page is shown exactly as it is.';
  } else if (stats?.totals) {
    $('status').textContent = stats.totals.repeatedBlocks
      ? 'Repeated text is highlighted; click it to jump to the first occurrence.'
      : 'Nothing on this page repeats.';
  }
  const t = on ? stats?.totals : null;
  $('stat-blocks').textContent = t ? number.format(t.blocks) : '–';
  $('stat-repeated').textContent = t ? number.format(t.repeatedBlocks) : '–';
  $('stat-share').textContent = t ? percent.format(t.repeatedShare) : '–';
  // The popup's figures, the same way: lists with an expander, items behind one.
  $('stat-lists').textContent = t ? number.format(stats.lists.collapsed) : '–';
  $('stat-items').textContent = t ? number.format(stats.lists.itemsCollapsed) : '–';
  $('stat-time').textContent = t ? `${number.format(Math.round(stats.analysisMs))} ms` : '–';
  $('stat-engine').textContent = t ? 'in this page' : '–';
  const list = $('top-repeats');
  list.replaceChildren(
    ...(t ? stats.topRepeats : []).map((repeat) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.title = 'Go to the first occurrence';
      // ×copies, as the popup shows it: the first occurrence and its repeats.
      button.append(Object.assign(document.createElement('span'), { className: 'text', textContent: repeat.text }), Object.assign(document.createElement('span'), { className: 'count', textContent: `×${repeat.count + 1}` }));
      button.addEventListener('click', () => session.jumpTo(repeat.block));
      const li = document.createElement('li');
      li.append(button);
      return li;
    }),
  );
}

for (const button of document.querySelectorAll('[data-sample]')) {
  button.addEventListener('click', () => openSample(button.dataset.sample, button).catch(showError));
}
$('analyse-paste').addEventListener('click', () => analysePaste().catch(showError));
$('highlight').addEventListener('change', async (event) => {
  if (!loaded) return renderStats();
  if (event.target.checked) {
    newSession();
    session.watch();
    await session.run();
  } else {
    stopClicks?.();
    session.clear(); // every highlight and expander gone, every item back
    renderStats();
  }
});
$('collapse').addEventListener('change', async (event) => {
  if (!session || !$('highlight').checked) return;
  await session.setCollapseLists(event.target.checked);
  if (event.target.checked) await session.restart();
  renderStats();
});

function showError(error) {
  $('status').textContent = `Something went wrong: ${error.message}`;
  console.error(error);
}

document.body.dataset.ready = 'true';
const wanted = new URLSearchParams(location.search).get('sample');
if (wanted) document.querySelector(`[data-sample="${CSS.escape(wanted)}"]`)?.click();
