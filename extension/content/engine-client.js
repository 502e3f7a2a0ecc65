// The page's engine: the one in the extension's background (its service
// worker in Chrome, its event page in Firefox), which keeps one index per
// document (docs/protocol.md). Not one in the content script: there the wasm
// would be fetched, compiled and instantiated on every page load, in code
// the browser has not tiered up yet, and hold its memory in every tab, while
// the background compiles it once and keeps it warm for every page
// (12 corpus pages: Chromium's main-thread time on minus off about 20 ms
// less a page load, Firefox's first highlight 105 -> 80 ms after
// DOMContentLoaded; README, "How it is built"). Chrome would also refuse it
// in the page wherever the page's CSP forbids WebAssembly.

import { ext } from '../shared/browser.js';

/**
 * @typedef {import('../shared/session.js').EngineClient} EngineClient
 */

/** An error the background engine answered with (a bad batch): not retried. */
class BackgroundEngineError extends Error {}

/** The client of this document's index in the background. @returns {EngineClient} */
export function connectEngine() {
  // The background keeps one index per document, addressed by this id. It
  // may lose it (browsers stop an idle background and start it again on the
  // next message): every block sent is kept here, so that the index can be
  // rebuilt and the page's block ids and earlier text stay what they were.
  let session = documentId();
  let sent = [];

  const send = (message) => ext.runtime.sendMessage({ type: 'ditto:analyze', session, ...message });

  async function analyzeOnce(batch) {
    let answer = await send({ batch, blocksBefore: sent.length });
    if (answer?.lost) {
      await send({ batch: sent, blocksBefore: 0, replay: true });
      answer = await send({ batch, blocksBefore: sent.length });
    }
    if (answer?.error) throw new BackgroundEngineError(`Ditto background engine: ${answer.error}`);
    if (!answer?.report) throw new Error('Ditto background engine: no answer');
    return answer.report;
  }

  return {
    where: 'background',
    async analyze(batch) {
      let report;
      try {
        report = await analyzeOnce(batch);
      } catch (error) {
        if (error instanceof BackgroundEngineError) throw error;
        // Stopped while it held our message: once more, into a fresh index.
        report = await analyzeOnce(batch);
      }
      for (const block of batch) sent.push(block);
      return report;
    },
    reset() {
      session = documentId();
      sent = [];
    },
  };
}

// An id for this document's index in the background, new for each
// document (and each reset). It only tells apart the documents one tab's
// frame has held, so it needs no cryptographic randomness: the first use of
// crypto.getRandomValues cost about 0.3 ms a page load
// (`./build.sh bench profile`), and crypto.randomUUID() exists only in
// secure contexts.
function documentId() {
  return `${performance.timeOrigin.toString(36)}-${performance.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
