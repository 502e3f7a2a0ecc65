// The first of Ditto's two content scripts, and a guard: the second,
// content/ditto.js, is the whole content script bundled into one classic
// script (build.sh, esbuild). If it cannot load (a damaged install), nothing
// of Ditto would answer the popup: never silently do nothing. The badge and
// the popup show the failure (the background keeps the reason for the popup).
(() => {
  const ext = globalThis.browser ?? globalThis.chrome;
  const SECOND_LOOK_MS = 2000;
  let reason = null;
  const onError = (event) => {
    if (String(event.filename ?? '').includes('content/ditto.js')) reason = String(event.message ?? event.error);
  };
  globalThis.addEventListener('error', onError);
  // The bundle is injected right after this script: by the next task it has
  // run or failed. A failure is told only once a second look agrees, so that
  // a slow injection is never reported as a broken one.
  const check = (then) => {
    if (globalThis.__dittoContentScript) {
      globalThis.removeEventListener('error', onError);
      return;
    }
    if (then) {
      setTimeout(() => check(null), then);
      return;
    }
    globalThis.removeEventListener('error', onError);
    ext.runtime.sendMessage({
      type: 'ditto:failed',
      reason: reason ?? "Ditto's content script (content/ditto.js) did not load",
      host: location.hostname,
    }).catch(() => {});
  };
  setTimeout(() => check(SECOND_LOOK_MS), 0);
})();
