// The engine's wasm, compiled in the content script's world where the engine
// runs in the page (Firefox: engine-client.js).

/** The engine's wasm, inside the extension (web-accessible in Firefox). */
export const ENGINE_WASM = 'engine/ditto_bg.wasm';

/**
 * Compiles the wasm at `url`: streaming, so that compiling overlaps the
 * download and the browser may cache the compiled code. A page whose CSP
 * forbids WebAssembly rejects it with a CompileError (engine-client.js then
 * runs the engine in the background).
 * @returns {Promise<WebAssembly.Module>}
 */
export async function compileEngine(url) {
  const response = await fetch(url);
  if (WebAssembly.compileStreaming && response.headers.get('content-type')?.startsWith('application/wasm')) {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}
