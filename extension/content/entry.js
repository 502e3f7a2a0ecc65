// The content script's entry point: build.sh bundles it, with everything it
// imports, into content/ditto.js, one classic script (content scripts cannot
// be ES modules, and one file spares the page a dozen imports), which the
// background injects where the loader (content/loader.js) finds Ditto on.
import { reportFailure, start } from './main.js';

globalThis.__dittoContentScript = true; // the loader stops answering, and checks that the bundle ran
start().catch(reportFailure);
