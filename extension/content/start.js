// The script the background registers in Chrome for the sites where Ditto
// is on (background/content-scripts.js; Firefox, which keeps registered
// scripts compiled, registers the bundle itself), small on purpose: Chrome
// parses a registered content script afresh on every page load, while a script
// injected with scripting.executeScript is compiled from V8's code cache
// (the 116 KB bundle: about 18 ms of main-thread time a page registered,
// about 5 injected; `node benches/pageload-trace.mjs`). So this asks the
// background to inject the content script proper, content/ditto.js (the
// message also wakes the background, which starts loading the engine that
// the page's batches go to: engine-client.js).
// Never silently do nothing: an injection that failed, or a bundle that did
// not run (a damaged install), shows on the badge and in the popup.

/* global DITTO_STAGE */
import { ext } from '../shared/browser.js';
import { reportFailure } from './answers.js';

if (!globalThis.__dittoContentScript) {
  start().catch(reportFailure);
}

async function start() {
  if (DITTO_STAGE === 'starter') return; // benches/pageload-stages.mjs only (entry.js)
  // The answer carries the settings for the content script (main.js reads
  // them here, which spares the page a read of storage).
  const answering = ext.runtime.sendMessage({ type: 'ditto:start' });
  globalThis.__dittoStarting = answering;
  const answer = await answering;
  if (globalThis.__dittoContentScript) return;
  throw new Error(answer?.error ?? "Ditto's content script (content/ditto.js) did not load");
}
