// Content scripts cannot be ES modules: this classic script pulls in the
// module graph (listed in web_accessible_resources) with a dynamic import.
(() => {
  const ext = globalThis.browser ?? globalThis.chrome;
  import(ext.runtime.getURL('content/main.js'))
    .then((main) => main.start())
    .catch((error) => {
      // Never silently do nothing: the toolbar badge and popup show it (the
      // background keeps the reason for the popup, since no content script
      // is left here to answer it).
      ext.runtime.sendMessage({ type: 'ditto:failed', reason: String(error?.message ?? error), host: location.hostname })
        .catch(() => {});
    });
})();
