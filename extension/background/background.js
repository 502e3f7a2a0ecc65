// The background context: runs the engine for pages whose CSP forbids
// WebAssembly in the content script, keeps the toolbar badge and icon (greyed
// where Ditto is off), runs the keyboard commands, and brings stored settings
// to today's shape on install and update.

import init, { Engine } from '../engine/ditto.js';
import { getSettings, migrateSettings, remembersOn } from '../shared/settings.js';
import { readMemory } from './read-memory.js';
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
const hostOf = (url) => {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
};

async function answerMemory(message, sender) {
  switch (message.type) {
    case 'ditto:read-lookup': {
      const settings = await getSettings();
      if (fromPrivateWindow(sender) || !settings.rememberRead) return { pages: [] };
      return { pages: await memory.lookup(message, settings.rememberDays) };
    }
    case 'ditto:read-record': {
      const settings = await getSettings();
      if (fromPrivateWindow(sender) || !remembersOn(settings, hostOf(message.url))) return { remembered: 0 };
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

// The loader (content/loader.js) found Ditto on for its page: the content
// script proper and the highlight styles go into that frame only now, so
// that a page where Ditto is off never loads them.
async function startContentScript(sender) {
  const target = { tabId: sender.tab.id, frameIds: [sender.frameId] };
  await Promise.all([
    ext.scripting.insertCSS({ target, files: ['styles/highlights.css'] }),
    ext.scripting.executeScript({ target, files: ['content/ditto.js'] }),
  ]);
  return { ok: true };
}

function rememberFailure(sender, { reason, host }) {
  if (sender.tab?.id === undefined || sender.frameId !== 0) return;
  rememberTabFailure(sender.tab.id, reason, host).catch(() => {});
}

ext.tabs.onUpdated.addListener((tabId, change) => {
  if (change.status === 'loading') forgetTabFailure(tabId).catch(() => {});
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
  return ext.tabs.sendMessage(tabId, message, { frameId: 0 }).catch(() => null);
}
globalThis.dittoHandleCommand = handleCommand;

ext.commands.onCommand.addListener((command, tab) => {
  handleCommand(command, tab);
});

ext.runtime.onInstalled.addListener(() => {
  migrateSettings().catch((error) => console.error('Ditto: could not migrate the settings', error));
});
