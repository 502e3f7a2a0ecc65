// Already read elsewhere: the page's paragraphs that the reader read on
// another page are marked (`ditto-read`, a highlight of its own), and the
// paragraphs the reader actually reads here are remembered for other pages.
// The memory itself is the background's (background/read-memory.js): this
// side sends it paragraph texts over the extension's own messaging, and
// nothing leaves the browser.
//
// What counts as read: a paragraph at least half in the viewport of a
// visible tab for READ_AFTER_MS in one stretch. A tab loaded in the
// background, a page scrolled past quickly, or a paragraph never on screen
// is not read; one the reader had in view for a moment of reading is.

import { rangeFor } from './paint.js';

/** The highlight for paragraphs read on another page. */
export const HIGHLIGHT_READ = 'ditto-read';
/** How long a paragraph must stay in view to count as read. */
export const READ_AFTER_MS = 1500;
/** Read paragraphs are sent to the memory in batches, at most this often. */
const FLUSH_MS = 2000;
/** A paragraph needs this many words to be worth remembering (the engine decides exactly). */
const MIN_WORDS = 10;

const words = (text) => text.split(/\s+/).filter(Boolean).length;

export class ReadTracker {
  /**
   * @param {{send: (message: object) => Promise<any>, registry?: HighlightRegistry,
   *   url?: () => string, title?: () => string, remember: () => boolean, showStyles?: () => Promise<void>,
   *   where?: (page: {url: string, title: string, timeMs: number}) => string}} options
   *   send: the extension's messaging to the background (runtime.sendMessage).
   *   remember: whether this page may be remembered now (the reader's option, the site).
   *   where: "Read 2 hours ago on apnews.com: " for a page, in the reader's language.
   *   showStyles: brings Ditto's styles into the page before the first mark (default: none).
   */
  constructor({ send, registry = globalThis.CSS?.highlights, url = () => location.href, title = () => document.title, remember, where = englishWhere, showStyles = async () => {} }) {
    this.send = send;
    this.showStyles = showStyles;
    this.where = where;
    this.popover = null;
    // A click on a paragraph read elsewhere says where and when, with a link there.
    this.onClick = (event) => {
      if (event.defaultPrevented || event.button !== 0) return;
      if (this.popover?.contains(event.target) || event.composedPath?.().includes(this.popover)) return;
      this.closePopover();
      if (event.target?.closest?.('a[href], button, input, select, textarea, label, summary, [contenteditable]')) return;
      for (let el = event.target; el; el = el.parentElement) {
        const page = this.readElsewhere.get(el);
        if (page) {
          this.openPopover(page, event.clientX, event.clientY);
          return;
        }
      }
    };
    this.onKey = (event) => {
      if (event.key === 'Escape') this.closePopover();
    };
    document.addEventListener('click', this.onClick);
    document.addEventListener('keydown', this.onKey);
    this.registry = registry;
    this.url = url;
    this.title = title;
    this.remember = remember;
    this.highlight = new Highlight();
    /** @type {Map<Element, {text: string, block: object}>} paragraphs watched */
    this.paragraphs = new Map();
    /** @type {Map<Element, {url: string, title: string, timeMs: number}>} read elsewhere */
    this.readElsewhere = new Map();
    this.timers = new Map();
    this.pendingRead = new Set();
    this.sentRead = new WeakSet();
    this.flushTimer = null;
    this.observer = new IntersectionObserver((entries) => this.onIntersect(entries), { threshold: 0.5 });
    this.onHidden = () => {
      if (document.visibilityState === 'hidden') this.flush();
      for (const timer of this.timers.values()) clearTimeout(timer);
      this.timers.clear();
    };
    document.addEventListener('visibilitychange', this.onHidden);
    addEventListener('pagehide', this.onHidden);
  }

  /**
   * Watches the paragraphs among `blocks` new since the last call, and asks
   * the memory about them. A paragraph that `repeatsHere` (a repeat within
   * this page, already highlighted as one) is remembered but not marked
   * again: one mark per paragraph, the page's own repeat first.
   */
  async add(blocks, repeatsHere = () => false) {
    const fresh = blocks.filter((b) => b && b.kind === 'paragraph' && b.list === undefined && !b.chrome
      && !this.paragraphs.has(b.element) && words(b.text) >= MIN_WORDS && b.element.isConnected);
    if (fresh.length === 0) return;
    for (const block of fresh) {
      this.paragraphs.set(block.element, { text: block.text, block });
      this.observer.observe(block.element);
    }
    const answer = await this.send({ type: 'ditto:read-lookup', url: this.url(), texts: fresh.map((b) => b.text) }).catch(() => null);
    const pages = answer?.pages ?? [];
    if (pages.some(Boolean)) await this.showStyles();
    fresh.forEach((block, i) => {
      const page = pages[i];
      if (!page || !this.paragraphs.has(block.element) || repeatsHere(block)) return;
      this.readElsewhere.set(block.element, page);
      const range = rangeFor(block, 0, block.text.length);
      if (range) this.highlight.add(range);
    });
    if (this.highlight.size > 0) this.registry?.set(HIGHLIGHT_READ, this.highlight);
  }

  onIntersect(entries) {
    for (const entry of entries) {
      const element = entry.target;
      if (!entry.isIntersecting) {
        clearTimeout(this.timers.get(element));
        this.timers.delete(element);
        continue;
      }
      if (this.sentRead.has(element) || this.timers.has(element) || document.visibilityState !== 'visible') continue;
      this.timers.set(element, setTimeout(() => {
        this.timers.delete(element);
        if (document.visibilityState !== 'visible' || !element.isConnected) return;
        this.pendingRead.add(element);
        this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_MS);
      }, READ_AFTER_MS));
    }
  }

  /** Sends the paragraphs read since the last flush to the memory. */
  flush() {
    clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const elements = [...this.pendingRead].filter((el) => this.paragraphs.has(el));
    this.pendingRead.clear();
    if (elements.length === 0 || !this.remember()) return;
    for (const el of elements) this.sentRead.add(el);
    this.send({ type: 'ditto:read-record', url: this.url(), title: this.title(), texts: elements.map((el) => this.paragraphs.get(el).text) })
      .catch(() => {});
  }

  /** What the popup shows: how many paragraphs were read elsewhere, and where. */
  summary() {
    const pages = new Map();
    for (const page of this.readElsewhere.values()) {
      const entry = pages.get(page.url) ?? { ...page, paragraphs: 0 };
      entry.paragraphs++;
      pages.set(page.url, entry);
    }
    return { paragraphs: this.readElsewhere.size, pages: [...pages.values()].sort((a, b) => b.timeMs - a.timeMs) };
  }

  /** The page this element's paragraph was read on before, if any. */
  readOn(element) {
    return this.readElsewhere.get(element) ?? null;
  }

  openPopover(page, x, y) {
    const host = document.createElement('span');
    host.setAttribute('data-ditto-ui', '');
    host.dataset.dittoKind = 'readWhere';
    const shadow = host.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = POPOVER_CSS;
    const box = document.createElement('div');
    box.setAttribute('role', 'status');
    const link = document.createElement('a');
    link.href = page.url;
    link.target = '_blank';
    link.rel = 'noopener';
    link.textContent = page.title || page.url;
    link.dir = 'auto';
    box.append(this.where(page), link);
    shadow.append(style, box);
    const view = document.documentElement;
    host.style.cssText = `position: fixed; z-index: 2147483647; left: ${Math.max(4, Math.min(x, view.clientWidth - 320))}px; top: ${Math.min(y + 12, view.clientHeight - 60)}px;`;
    document.documentElement.append(host);
    this.popover = host;
  }

  closePopover() {
    this.popover?.remove();
    this.popover = null;
  }

  /** Stops watching and takes the marks away. */
  clear() {
    this.closePopover();
    document.removeEventListener('click', this.onClick);
    document.removeEventListener('keydown', this.onKey);
    this.flush();
    this.observer.disconnect();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.paragraphs.clear();
    this.readElsewhere.clear();
    this.highlight.clear();
    this.registry?.delete(HIGHLIGHT_READ);
    document.removeEventListener('visibilitychange', this.onHidden);
    removeEventListener('pagehide', this.onHidden);
  }
}

const POPOVER_CSS = `
div { max-inline-size: 300px; padding: 0.4rem 0.6rem; border-radius: 0.4rem; font: 13px/1.4 system-ui, sans-serif;
  color: CanvasText; background: Canvas; border: 1px solid rgba(30, 100, 210, 0.9); box-shadow: 0 2px 8px rgba(0, 0, 0, 0.25); }
a { color: LinkText; }
`;

/** "Read 5 minutes ago on apnews.com: ", in English (the content script passes the reader's language). */
export function englishWhere(page, now = Date.now()) {
  return `Read ${timeAgo(page.timeMs, 'en', now)} on ${siteOf(page.url)}: `;
}

/** The host name of `url`, or the address itself when it has none. */
export function siteOf(url) {
  try {
    return new URL(url).hostname || url;
  } catch {
    return url;
  }
}

/** "2 hours ago", "yesterday"… in `locale`. */
export function timeAgo(timeMs, locale, now = Date.now()) {
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const seconds = Math.round((timeMs - now) / 1000);
  for (const [unit, size] of [['day', 86400], ['hour', 3600], ['minute', 60]]) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return format.format(0, 'minute');
}
