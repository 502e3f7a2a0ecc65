// The content script's entry point: build.sh bundles it, with everything it
// imports, into content/ditto.js, one classic script (content scripts cannot
// be ES modules, and one file spares the page a dozen imports). The
// background injects it where the starter (start.js, registered for the
// sites where Ditto is on) asks, and into an open page when its site is
// switched on: it runs once per page however it arrives.
import { answerPopup, emptyStats, PLAYGROUND_META } from './answers.js';
import { reportFailure, start } from './main.js';

if (!globalThis.__dittoContentScript) {
  globalThis.__dittoContentScript = true;
  if (document.head?.querySelector(PLAYGROUND_META)) {
    // Pages that run Ditto themselves (the playground) are left alone: both
    // would paint into the one highlight registry.
    answerPopup(async () => ({ ...emptyStats(location.hostname, false), skipped: 'playground' }));
  } else {
    start().catch(reportFailure);
  }
}
