// The content script's entry point: build.sh bundles it, with everything it
// imports, into content/ditto.js, one classic script (content scripts cannot
// be ES modules, and one file spares the page a dozen imports). The
// background injects it where the starter (start.js, registered for the
// sites where Ditto is on) asks, and into an open page when its site is
// switched on: it runs once per page however it arrives.
//
// DITTO_STAGE is defined by the bundler (build.sh): 'full' in the extension,
// where every test of it is folded away; `./build.sh bench stages` also
// bundles builds that stop at one stage of a page load ('starter': the
// starter alone, start.js; 'evaluated': this bundle evaluated; 'started':
// settings read, engine loaded, nothing analysed), to tell what each stage
// costs (benches/pageload-stages.mjs).
/* global DITTO_STAGE */
import { answerPopup, emptyStats, PLAYGROUND_META } from './answers.js';
import { reportFailure, start } from './main.js';

if (!globalThis.__dittoContentScript) {
  globalThis.__dittoContentScript = true;
  if (document.head?.querySelector(PLAYGROUND_META)) {
    // Pages that run Ditto themselves (the playground) are left alone: both
    // would paint into the one highlight registry.
    answerPopup(async () => ({ ...emptyStats(location.hostname, false), skipped: 'playground' }));
  } else if (DITTO_STAGE !== 'evaluated') {
    start().catch(reportFailure);
  }
}
