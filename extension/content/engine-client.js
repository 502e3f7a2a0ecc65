// Where the engine runs for this page: in the content script when the page
// lets it compile WebAssembly, else in the extension's background context
// (Chrome applies the page's CSP to wasm in content scripts; see design.md).

import { ext } from '../shared/browser.js';

/**
 * @typedef {import('../shared/session.js').EngineClient} EngineClient
 */

/** @returns {Promise<EngineClient>} */
export async function connectEngine() {
  try {
    return await pageEngine();
  } catch (error) {
    return backgroundEngine(String(error?.message ?? error));
  }
}

async function pageEngine() {
  const bindings = await import(ext.runtime.getURL('engine/ditto.js'));
  // Compile ourselves rather than let the bindings stream: one code path,
  // and a CSP refusal surfaces here as a CompileError we can act on.
  const response = await fetch(ext.runtime.getURL('engine/ditto_bg.wasm'));
  const module = await WebAssembly.compile(await response.arrayBuffer());
  await bindings.default({ module_or_path: module });
  let engine = new bindings.Engine();
  return {
    where: 'page',
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
      engine = new bindings.Engine();
    },
  };
}

function backgroundEngine(fallbackReason) {
  // One engine per document in the background, addressed by this id.
  let session = crypto.randomUUID();
  return {
    where: 'background',
    fallbackReason,
    async analyze(batch) {
      const answer = await ext.runtime.sendMessage({ type: 'ditto:analyze', session, batch });
      if (!answer || answer.error) {
        throw new Error(`Ditto background engine: ${answer?.error ?? 'no answer'}`);
      }
      return answer.report;
    },
    reset() {
      session = crypto.randomUUID();
    },
  };
}
