// The background context: runs the engine for pages whose CSP forbids
// WebAssembly in the content script, and keeps the toolbar badge.

import init, { Engine } from '../engine/ditto.js';

const ext = globalThis.browser ?? globalThis.chrome;

let engineReady = null;
function loadEngine() {
  engineReady ??= init({ module_or_path: ext.runtime.getURL('engine/ditto_bg.wasm') });
  return engineReady;
}

// One page index per document: `${tabId}:${frameId}:${session}`.
const engines = new Map();

async function analyzeForPage(message, sender) {
  await loadEngine();
  const key = `${sender.tab?.id}:${sender.frameId}:${message.session}`;
  let engine = engines.get(key);
  if (!engine) engines.set(key, (engine = new Engine()));
  return engine.analyze(message.batch);
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
        (report) => sendResponse({ report }),
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
      return false;
    default:
      return false;
  }
});

ext.tabs.onRemoved.addListener((tabId) => {
  for (const key of engines.keys()) if (key.startsWith(`${tabId}:`)) engines.delete(key);
});
