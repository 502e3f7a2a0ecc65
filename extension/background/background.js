// The background context: registers the content script for the sites where
// Ditto is on (content-scripts.js) and brings it into open pages switched on
// live, runs the engine for every page (content/engine-client.js says why
// there and not in the page), keeps the toolbar badge and icon (greyed where
// Ditto is off), runs the keyboard commands, and brings stored settings to
// today's shape on install and update.

import init, { Engine } from '../engine/ditto.js';
import { getSettings, migrateSettings, onSettingsChanged, remembersOn } from '../shared/settings.js';
import { toggleSite } from '../content/answers.js';
import { ALL_PAGES, CONTENT_SCRIPT, CONTENT_STYLES, contentScriptRegistrar, hostOf, wantedAt } from './content-scripts.js';
import { readMemory } from './read-memory.js';
import { DIGITS_KEY, languageTag, localeDigits, PAGE_MESSAGE_KEYS } from '../shared/labels.js';
import { forgetTabFailure, rememberTabFailure } from '../shared/tab-failures.js';

const ext = globalThis.browser ?? globalThis.chrome;

let engineReady = null;
function loadEngine() {
  engineReady ??= init({ module_or_path: ext.runtime.getURL('engine/ditto_bg.wasm') });
  return engineReady;
}

// One page index per tab and frame: the document there now. A batch says
// which document sent it (`session`) and how many blocks that document has
// sent before (`blocksBefore`). When the index does not hold exactly those
// (the background was stopped and started again, as Chrome does to an idle
// service worker and Firefox to an idle event page, or the tab went back to a
// document from its back/forward cache), the answer is `{lost: true}` and the
// content script sends its earlier blocks again (`replay`) before the batch.
/** @type {Map<string, {session: string, engine: Engine, blocks: number}>} */
const indexes = new Map();

async function analyzeForPage({ session, batch, blocksBefore = 0, replay = false }, sender) {
  await loadEngine();
  const key = `${sender.tab?.id}:${sender.frameId}`;
  let index = indexes.get(key);
  if (!index || index.session !== session) {
    index?.engine.free(); // that document has gone (or will replay)
    index = { session, engine: new Engine(), blocks: 0 };
    indexes.set(key, index);
  }
  if (index.blocks !== blocksBefore) {
    if (!replay) return { lost: true };
    index.engine.free();
    index.engine = new Engine();
    index.blocks = 0;
  }
  const report = index.engine.analyze(batch);
  index.blocks += batch.length;
  // A replay only rebuilds the index: its report is not needed again.
  return replay ? { replayed: batch.length } : { report };
}

function showBadge(tabId, text, color) {
  if (tabId === undefined) return;
  ext.action.setBadgeText({ tabId, text }).catch(() => {});
  ext.action.setBadgeBackgroundColor({ tabId, color }).catch(() => {});
}

const memory = readMemory(loadEngine);

// The memory of pages read answers content scripts in ordinary windows only
// (a private window's pages are never recorded nor marked), and the
// extension's own pages for its size and forgetting.
const fromPrivateWindow = (sender) => Boolean(sender.tab?.incognito);
const fromExtensionPage = (sender) => !sender.tab || String(sender.url ?? '').startsWith(ext.runtime.getURL(''));

async function answerMemory(message, sender) {
  switch (message.type) {
    case 'ditto:read-lookup': {
      const settings = await getSettings();
      if (fromPrivateWindow(sender) || !settings.rememberRead) return { pages: [] };
      return { pages: await memory.lookup(message, settings.rememberDays) };
    }
    case 'ditto:read-record': {
      const settings = await getSettings();
      if (fromPrivateWindow(sender) || !remembersOn(settings, hostOf(message.url) ?? '')) return { remembered: 0 };
      return { remembered: await memory.record(message) };
    }
    case 'ditto:read-size':
      return fromExtensionPage(sender) ? memory.size() : null;
    case 'ditto:read-forget':
      if (!fromExtensionPage(sender)) return null;
      if (message.host) await memory.forgetSite(message.host);
      else await memory.forgetAll();
      return memory.size();
    default:
      return null;
  }
}

ext.runtime.onMessage.addListener((message, sender, sendResponse) => {
  switch (message?.type) {
    case 'ditto:read-lookup':
    case 'ditto:read-record':
    case 'ditto:read-size':
    case 'ditto:read-forget':
      answerMemory(message, sender).then(sendResponse, (error) => sendResponse({ error: String(error?.message ?? error) }));
      return true;
    case 'ditto:analyze':
      analyzeForPage(message, sender).then(
        sendResponse,
        (error) => sendResponse({ error: String(error?.message ?? error) }),
      );
      return true; // answered asynchronously
    case 'ditto:show':
      prepareToShow(sender).then(sendResponse, (error) => sendResponse({ error: String(error?.message ?? error) }));
      return true;
    case 'ditto:start':
      startContentScript(sender).then(sendResponse, (error) => sendResponse({ error: String(error?.message ?? error) }));
      return true;
    case 'ditto:report':
      showState(sender, message).catch(() => {});
      return false;
    case 'ditto:failed':
      showBadge(sender.tab?.id, '!', '#b00020');
      rememberFailure(sender, message);
      return false;
    default:
      return false;
  }
});

// The content script where Ditto is on: registered for the pages loaded from
// now on, and brought into the open pages of a site switched on (or open
// before Ditto was installed). Every change of the settings, and every start
// of the background (registrations persist, but may be from an older
// version's rules), brings the registrations in line.
const registrar = contentScriptRegistrar(ext);
getSettings().then((settings) => registrar.sync(settings)).catch(() => {});
onSettingsChanged((settings) => {
  registrar.sync(settings);
  followInOpenTabs(settings).catch(() => {});
});

// The open pages follow the settings: where Ditto is now on and its content
// script is not there yet, it is injected (one already there follows the
// settings itself); where it is off, the toolbar says so (a page where it
// was always off has no content script to tell).
async function followInOpenTabs(settings) {
  const tabs = await ext.tabs.query({ url: ALL_PAGES });
  await Promise.all(tabs.map(async (tab) => {
    if (!wantedAt(settings, tab.url)) {
      showBadge(tab.id, '', '#8a5a00');
      await showIcon(tab.id, false);
      return;
    }
    await ensureContentScript(tab.id).catch(() => {}); // a tab that cannot be scripted (a discarded one) is left
  }));
}

// What a frame needs once it has something to show: Ditto's styles
// (content-scripts.js, CONTENT_STYLES, says why not before) and its strings.
async function prepareToShow(sender) {
  await ext.scripting.insertCSS({ target: { tabId: sender.tab.id, frameIds: [sender.frameId] }, files: CONTENT_STYLES });
  return { ok: true, messages: pageMessages() };
}

// The strings the page shows, in the browser's language, their `$1`, `$2`
// left for the content script to fill, and the language's digits
// (shared/labels.js). Worked out here, once for all pages (the browser's
// language stays while the background runs): a page's first
// Intl.NumberFormat costs its main thread about 15 ms (ICU's locale data;
// collapsing the one list of lazy-image-2.html in the corpus took 13-30 ms
// with it, 2-3 without), and its i18n calls some more.
let messagesForPages = null;
function pageMessages() {
  messagesForPages ??= (() => {
    const substitutions = ['$1', '$2'];
    const messages = Object.fromEntries(PAGE_MESSAGE_KEYS.map((key) => [key, ext.i18n.getMessage(key, substitutions)]).filter(([, message]) => message));
    return { ...messages, [DIGITS_KEY]: localeDigits(languageTag(messages['@@ui_locale'])) };
  })();
  return messagesForPages;
}

// The starter (content/start.js) runs in a page where Ditto is on: the
// content script proper goes into that frame, injected so that the browser compiles it from its code cache.
async function startContentScript(sender) {
  const injecting = ext.scripting.executeScript({ target: { tabId: sender.tab.id, frameIds: [sender.frameId] }, files: CONTENT_SCRIPT.js });
  // The page's first batch follows soon: the engine compiles meanwhile (a
  // failure is answered to that batch).
  loadEngine().catch(() => {});
  await injecting;
  // Read once the content script listens for changes (it does as it starts),
  // so that none falls between this read and its listening.
  return { ok: true, settings: await getSettings(), privateWindow: Boolean(sender.tab?.incognito) };
}

async function ensureContentScript(tabId) {
  const target = { tabId, frameIds: [0] };
  const [probe] = await ext.scripting.executeScript({ target, func: () => Boolean(globalThis.__dittoContentScript) });
  if (probe?.result) return;
  await ext.scripting.executeScript({ target, files: CONTENT_SCRIPT.js });
}

function rememberFailure(sender, { reason, host }) {
  if (sender.tab?.id === undefined || sender.frameId !== 0) return;
  rememberTabFailure(sender.tab.id, reason, host).catch(() => {});
}

ext.tabs.onUpdated.addListener((tabId, change, tab) => {
  if (change.status !== 'loading') return;
  forgetTabFailure(tabId).catch(() => {});
  // A page where Ditto is off has no content script to grey the icon.
  if (hostOf(tab.url ?? '') === null) return;
  getSettings().then((settings) => {
    if (!wantedAt(settings, tab.url)) {
      showBadge(tabId, '', '#8a5a00');
      return showIcon(tabId, false);
    }
    return undefined;
  }).catch(() => {});
});

ext.tabs.onRemoved.addListener((tabId) => {
  forgetTabFailure(tabId).catch(() => {});
  for (const [key, index] of indexes) {
    if (key.startsWith(`${tabId}:`)) {
      index.engine.free();
      indexes.delete(key);
    }
  }
});

// The toolbar button tells the page's state: the number of repeated blocks
// (unless the reader turned the count off), and a greyed icon with its own
// tooltip where Ditto is off.
async function showState(sender, { enabled, totals }) {
  const tabId = sender.tab?.id;
  if (tabId === undefined || sender.frameId !== 0) return;
  const { badgeCount } = await getSettings();
  const repeated = totals?.repeatedBlocks ?? 0;
  showBadge(tabId, enabled && badgeCount && repeated ? String(repeated) : '', '#8a5a00');
  await showIcon(tabId, Boolean(enabled));
}

const ICON_SIZES = [16, 32];

async function showIcon(tabId, enabled) {
  const title = ext.i18n.getMessage(enabled ? 'actionTitle' : 'actionTitleOff');
  await ext.action.setTitle({ tabId, title });
  if (enabled) await ext.action.setIcon({ tabId, path: Object.fromEntries(ICON_SIZES.map((size) => [size, `/icons/ditto-${size}.png`])) });
  else await ext.action.setIcon({ tabId, imageData: await greyIcons() });
}

// The icon in grey at half strength, drawn once from the coloured one (an
// OffscreenCanvas works in Chrome's service worker and Firefox's event page).
let greyed = null;
function greyIcons() {
  greyed ??= Promise.all(ICON_SIZES.map(async (size) => {
    const blob = await (await fetch(ext.runtime.getURL(`icons/ditto-${size}.png`))).blob();
    const canvas = new OffscreenCanvas(size, size);
    const context = canvas.getContext('2d');
    context.drawImage(await createImageBitmap(blob), 0, 0, size, size);
    const image = context.getImageData(0, 0, size, size);
    const px = image.data;
    for (let i = 0; i < px.length; i += 4) {
      const grey = Math.round(0.3 * px[i] + 0.59 * px[i + 1] + 0.11 * px[i + 2]);
      px[i] = px[i + 1] = px[i + 2] = grey;
      px[i + 3] = Math.round(px[i + 3] * 0.55);
    }
    return [size, image];
  })).then(Object.fromEntries);
  greyed.catch(() => (greyed = null));
  return greyed;
}

/** What each keyboard command (manifest `commands`) asks the page's content script. */
const COMMAND_MESSAGES = {
  'toggle-site': { type: 'ditto:toggle-site' },
  'next-repeat': { type: 'ditto:step', step: 1 },
  'previous-repeat': { type: 'ditto:step', step: -1 },
};

/**
 * Runs keyboard command `command` for `tab` (the active tab when the browser
 * gives none) and returns the content script's answer, or null. The browser
 * calls it; so do the end-to-end tests, which cannot press global shortcuts
 * in a headless browser (globalThis.dittoHandleCommand).
 */
async function handleCommand(command, tab) {
  const message = COMMAND_MESSAGES[command];
  if (!message) return null;
  const tabId = tab?.id ?? (await ext.tabs.query({ active: true, currentWindow: true }))[0]?.id;
  if (tabId === undefined) return null;
  const answer = await ext.tabs.sendMessage(tabId, message, { frameId: 0 }).catch(() => null);
  if (answer || command !== 'toggle-site') return answer;
  // No content script in a page where Ditto is off: the switch is made here.
  const host = hostOf((await ext.tabs.get(tabId).catch(() => null))?.url ?? '');
  if (host === null) return null;
  return { ok: true, enabled: await toggleSite(host) };
}
globalThis.dittoHandleCommand = handleCommand;

ext.commands.onCommand.addListener((command, tab) => {
  handleCommand(command, tab);
});

ext.runtime.onInstalled.addListener(() => {
  migrateSettings()
    .catch((error) => console.error('Ditto: could not migrate the settings', error))
    .then(() => getSettings())
    .then(async (settings) => {
      await registrar.sync(settings);
      // Pages open before the install (or the update) get the content script now.
      await followInOpenTabs(settings);
    })
    .catch(() => {});
});
