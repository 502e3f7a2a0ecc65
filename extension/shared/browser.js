// The WebExtension namespace: Firefox has `browser` (promise-based), Chrome
// `chrome` (promise-based in MV3 too). Undefined outside an extension (the
// playground page), where callers must not reach for it.
export const ext = globalThis.browser ?? globalThis.chrome;
