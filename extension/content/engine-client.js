// Where the engine runs for this page. In Chrome, always in the extension's
// background (its service worker): there the wasm is compiled once and its
// code stays warm for every page, while a content script would fetch,
// compile and instantiate it on every page load in code V8 has not tiered
// up, and hold its memory in every tab (`./build.sh bench stages`: about
// 5 ms of Ditto's main-thread JavaScript a page load less, measured side by
// side). Chrome would also refuse it in the page wherever the page's CSP
// forbids WebAssembly. In Firefox, in the content script, with the
// background as the fallback. docs/protocol.md says how the background keeps
// one index per document.

/* global DITTO_ENGINE */
import { ext } from '../shared/browser.js';
// The engine's JavaScript is bundled into the content script; its wasm is
// fetched and compiled only once a page is to be analysed (engine/ is next
// to content/ in the built extension).
import init, { Engine, memoryBytes } from '../engine/ditto.js';
import { compileEngine, ENGINE_WASM } from './engine-module.js';

/**
 * @typedef {import('../shared/session.js').EngineClient} EngineClient
 */

/** @returns {Promise<EngineClient>} */
export async function connectEngine() {
  // DITTO_ENGINE is defined by the bundler (build.sh): 'background' for
  // Chrome, 'page' for Firefox; the path not taken is folded away.
  if (DITTO_ENGINE === 'page') {
    try {
      return await pageEngine();
    } catch (error) {
      return backgroundEngine(String(error?.message ?? error));
    }
  }
  return backgroundEngine(null);
}

async function pageEngine() {
  // Compiled here rather than by the bindings, so that a refusal surfaces
  // as a CompileError we can act on; streaming, so that compiling overlaps
  // the download and the browser may cache the compiled code.
  const module = await compileEngine(ext.runtime.getURL(ENGINE_WASM));
  await init({ module_or_path: module });
  let engine = new Engine();
  return {
    where: 'page',
    memoryBytes,
    // Not an async function: the engine runs now, in the caller's slice.
    analyze: (batch) => {
      try {
        return Promise.resolve(engine.analyze(batch));
      } catch (error) {
        return Promise.reject(error);
      }
    },
    reset() {
      engine.free();
      engine = new Engine();
    },
  };
}

/** An error the background engine answered with (a bad batch): not retried. */
class BackgroundEngineError extends Error {}

/** @param {string|null} fallbackReason why the page's engine did not load (null: none was tried) */
function backgroundEngine(fallbackReason) {
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
    fallbackReason,
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

// A random id for this document's index in the background. Not
// crypto.randomUUID(): it exists only in secure contexts, and a plain
// http:// page whose CSP forbids WebAssembly needs this path most.
function documentId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
