// The one content script the manifest declares, small on purpose: it reads
// the settings for this site before anything else of Ditto is loaded. Where
// Ditto is off it only answers the popup and the keyboard command, and tells
// the toolbar; where it is on (at load, or once the reader switches it on)
// it has the background inject the content script proper, content/ditto.js
// (main.js and everything it imports, bundled), with the highlight styles,
// and starts compiling the engine meanwhile. A page where Ditto is off pays
// for this script only.

import { ext } from '../shared/browser.js';
import { enabledFor, getSettings, onSettingsChanged } from '../shared/settings.js';
import { answerPopup, emptyStats, PLAYGROUND_META, reportFailure, toggleSite } from './answers.js';
import { compileEngine, ENGINE_WASM } from './engine-module.js';

/** Set by content/ditto.js as it starts: from then on it answers. */
const started = () => Boolean(globalThis.__dittoContentScript);

const host = location.hostname;
if (document.head?.querySelector(PLAYGROUND_META)) {
  // Pages that run Ditto themselves (the playground) are left alone: both
  // would paint into the one highlight registry.
  answerPopup(async () => ({ ...emptyStats(host, false), skipped: 'playground' }));
} else {
  waitUntilOn().catch(reportFailure);
}

async function waitUntilOn() {
  let enabled = false;
  /** Why the content script proper did not start, for the popup; null while nothing failed. */
  let failed = null;
  answerPopup(async () => ({ ...emptyStats(host, enabled), failed, alreadyRead: { paragraphs: 0, pages: [] } }), {
    toggleSite: () => toggleSite(host),
    answering: () => !started(),
  });
  let starting = false;
  const follow = (settings) => {
    if (starting) return;
    if (!enabledFor(settings, host)) {
      ext.runtime.sendMessage({ type: 'ditto:report', enabled: false, where: null, totals: null }).catch(() => {});
      return;
    }
    starting = true;
    enabled = true;
    stopFollowing();
    start().catch((error) => {
      failed = reportFailure(error);
    });
  };
  // Listening before reading: a change in between is not missed.
  const stopFollowing = onSettingsChanged(follow);
  follow(await getSettings());
}

// Never silently do nothing: an injection that failed, or a bundle that did
// not run (a damaged install), shows on the badge and in the popup.
async function start() {
  // The engine compiles (mostly off the main thread) while the background
  // injects the content script, which picks the module up.
  const module = compileEngine(ext.runtime.getURL(ENGINE_WASM));
  module.catch(() => {}); // a refusal (the page's CSP) is the content script's to handle
  globalThis.__dittoEngineModule = module;
  const answer = await ext.runtime.sendMessage({ type: 'ditto:start' });
  if (started()) return;
  throw new Error(answer?.error ?? "Ditto's content script (content/ditto.js) did not load");
}
