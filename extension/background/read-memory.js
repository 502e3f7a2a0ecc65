// What the reader already read on other pages, kept by the background for
// every tab: the engine's ReadMemoryCore (paragraph fingerprints and the
// pages they were read on; src/memory.rs), stored in the extension's own
// IndexedDB as one compact byte string, through the `idb` wrapper.
//
// It loads lazily (the first lookup or record after the background starts,
// which Chrome does again whenever it restarts an idle service worker) and
// is written back a little after each change, off every page's main thread.
// Nothing leaves the browser; no text is stored, only hashes.

import { openDB } from 'idb';
import { ReadMemoryCore } from '../engine/ditto.js';

const DB_NAME = 'ditto-memory';
const STORE = 'memory';
const KEY = 'main';
/** Writes wait this long for more changes, so that a page read on scroll is one write. */
const SAVE_DELAY_MS = 1500;
/**
 * At most this many paragraphs are remembered; past it the oldest pages go
 * first. 12 bytes each in the stored form plus a page's address and title:
 * about 2.5 MB at the cap, far under the 20 MB a reader could mind, and
 * about a year of heavy reading (40 articles a day of 15 paragraphs is 18,000
 * paragraphs a month), longer than the default 30 days' memory.
 */
export const MAX_PARAGRAPHS = 200_000;

const DAY_MS = 24 * 60 * 60 * 1000;

let memory = null; // Promise<ReadMemoryCore>
let saveTimer = null;
/** Why the stored memory could not be read, the last time it was not (for the options page). */
let lastLoadError = null;

const database = () => openDB(DB_NAME, 1, { upgrade: (db) => db.createObjectStore(STORE) });

/** The memory, loaded once; a damaged store is reported and replaced by an empty memory. */
function loaded(ensureEngine) {
  memory ??= (async () => {
    await ensureEngine();
    const stored = await (await database()).get(STORE, KEY).catch(() => undefined);
    if (!stored) return new ReadMemoryCore();
    try {
      return ReadMemoryCore.fromBytes(new Uint8Array(stored.bytes));
    } catch (error) {
      lastLoadError = String(error?.message ?? error);
      console.warn(`Ditto: the memory of pages read could not be read (${lastLoadError}); starting afresh`);
      const fresh = new ReadMemoryCore();
      await save(fresh);
      return fresh;
    }
  })();
  memory.catch(() => (memory = null));
  return memory;
}

async function save(core) {
  const bytes = core.toBytes();
  await (await database()).put(STORE, { bytes: bytes.buffer, savedMs: Date.now() }, KEY);
}

function saveSoon(core) {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => save(core).catch((error) => console.error('Ditto: could not store the memory', error)), SAVE_DELAY_MS);
}

/** `url` without its fragment: one page, however it was scrolled to. */
export const pageUrl = (url) => String(url).split('#')[0];

/**
 * The memory's side of the content script's messages. `ensureEngine`
 * loads the wasm (the background loads it once for everything).
 */
export function readMemory(ensureEngine) {
  const get = () => loaded(ensureEngine);
  return {
    /** For each text, where it was read before (another page), or null. */
    async lookup({ url, texts }, days) {
      const core = await get();
      core.forgetBefore(Date.now() - days * DAY_MS);
      const ids = core.lookup(pageUrl(url), texts);
      const pages = new Map();
      return Array.from(ids, (id) => {
        if (id === 0xffffffff) return null;
        if (!pages.has(id)) pages.set(id, core.page(id) ?? null);
        return pages.get(id);
      });
    },

    /** Remembers that `texts` were read on `url`. */
    async record({ url, title, texts }) {
      const core = await get();
      const remembered = core.record(pageUrl(url), String(title ?? ''), Date.now(), texts);
      core.keepAtMost(MAX_PARAGRAPHS);
      if (remembered) saveSoon(core);
      return remembered;
    },

    /** Forgets the pages of `host` and its subdomains. */
    async forgetSite(host) {
      const core = await get();
      core.forgetSite(host);
      clearTimeout(saveTimer);
      await save(core);
    },

    /** Forgets everything. */
    async forgetAll() {
      clearTimeout(saveTimer);
      memory = Promise.resolve(new ReadMemoryCore());
      await save(await memory);
    },

    /** What the options page shows: how much is remembered, and its stored size. */
    async size() {
      const core = await get();
      return { paragraphs: core.paragraphs(), pages: core.pages(), bytes: core.toBytes().length, loadError: lastLoadError };
    },
  };
}
