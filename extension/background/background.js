// The background context: runs the engine for pages whose CSP forbids
// WebAssembly in the content script, and keeps the toolbar badge.

import init, { Engine } from '../engine/ditto.js';
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

ext.runtime.onMessage.addListener((message, sender, sendResponse) => {
  switch (message?.type) {
    case 'ditto:analyze':
      analyzeForPage(message, sender).then(
        sendResponse,
        (error) => sendResponse({ error: String(error?.message ?? error) }),
      );
      return true; // answered asynchronously
    case 'ditto:report': {
      const repeated = message.totals?.repeatedBlocks ?? 0;
      showBadge(sender.tab?.id, repeated ? String(repeated) : '', '#8a5a00');
      return false;
    }
    case 'ditto:failed':
      showBadge(sender.tab?.id, '!', '#b00020');
      rememberFailure(sender, message);
      return false;
    default:
      return false;
  }
});

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
