// One page's analysis, from DOM to paint: extract blocks, find candidate
// lists, ask the engine, paint the answer, collapse same-story items, follow
// the page as it changes, and undo it all on request. Shared by the
// extension's content script and the playground (www/), so both paint the
// same way: nothing here touches the WebExtension API; callers pass in what
// it needs (the engine client, the highlight registry, the strings).

import { articleRoot, extractSteps, OWN_UI_ATTRIBUTE, pageHeadline, toEngineBatch } from './extract.js';
import { addItem, assignListItems, Collapser, extendsList, findListSteps } from './lists.js';
import { englishMessages } from './labels.js';
import { caretPointAt, Painter, rangeFor } from './paint.js';
import { Reach, reachLine } from './reach.js';
import { afterNextFrame, SliceClock } from './slices.js';

/**
 * @typedef {{where: 'page'|'background',
 *   analyze: (batch: object[]) => Promise<object>, reset?: () => void}} EngineClient
 *   analyze may do its work synchronously before returning the promise (the
 *   in-page engine does): that time counts toward the slice that called it.
 *   reset starts a new, empty page index (toggle on again, route change).
 */

/** New content is analysed this long after the last mutation of a burst. */
export const MUTATION_DEBOUNCE_MS = 200;

// Engine calls aim at this many milliseconds each; the batch size in
// characters adapts to the measured speed.
const ENGINE_CALL_TARGET_MS = 8;
const FIRST_CALL_CHARS = 8000;
const MIN_CALL_CHARS = 2000;
const MAX_CALL_CHARS = 60000;

const TOP_REPEATS = 5;
const EXCERPT_CHARS = 120;

/** Where an analysis spends its main-thread time (stats().phaseMs): finding
 *  candidate lists, extracting blocks, the engine's calls, painting
 *  highlights, collapsing lists. */
export const PHASES = ['lists', 'extract', 'engine', 'paint', 'collapse'];

/** Thrown inside an analysis that clear() made obsolete. */
class Cancelled extends Error {}

export class DittoSession {
  /**
   * @param {{root: Element, engine: EngineClient, registry?: HighlightRegistry,
   *   messages?: (key: string, substitutions: string[]) => string,
   *   collapseLists?: boolean, highlightStyle?: string, onAnalyzed?: (session: DittoSession) => void,
   *   location?: Location, withinReach?: boolean, showStyles?: () => Promise<void>}} options
   *   messages: the expander's strings (default: plain English).
   *   showStyles: brings Ditto's styles into the page; awaited before the
   *   first highlight or collapse (default: none, the page has them).
   *   onAnalyzed: called after every analysed batch (first run and later content).
   *   location: watched for single-page-app route changes (default: the window's).
   *   withinReach: analyse the page as far as the reader's reach (reach.js)
   *   and the rest as the reader scrolls near it or asks for it ({@link complete});
   *   else (default) the whole page at once.
   */
  constructor({ root, engine, registry, messages = englishMessages, collapseLists = true, highlightStyle = 'color', onAnalyzed, location, withinReach = false, showStyles = async () => {} }) {
    this.root = root;
    this.engine = engine;
    this.showStyles = showStyles;
    this.painter = new Painter(registry, highlightStyle);
    /** The repeat the reader last stepped to (stepRepeat), or null. */
    this.steppedTo = null;
    this.collapser = new Collapser({ messages });
    this.collapseLists = collapseLists;
    this.onAnalyzed = onAnalyzed ?? (() => {});
    this.location = location ?? globalThis.location;
    this.clock = new SliceClock();
    // An engine in the page blocks it while it works: its calls are sized
    // to ENGINE_CALL_TARGET_MS. The background's does its work off the
    // page's main thread, where each call costs the page a message there and
    // back: it gets the largest calls.
    this.callChars = engine.where === 'background' ? MAX_CALL_CHARS : FIRST_CALL_CHARS;
    this.generation = 0;
    this.queue = Promise.resolve();
    this.observer = null;
    this.pendingRoots = new Set();
    this.flushTimer = null;
    this.lastError = null;
    this.withinReach = withinReach;
    /** The parts of the page not analysed yet (withinReach), or null. */
    this.reach = null;
    this.stopFollowing = null;
    /** The analysis of more of the page queued or under way, or null. */
    this.reaching = null;
    this.resetState();
  }

  resetState() {
    /** Every block analysed so far, indexed by the engine's page-wide id. */
    this.blocks = [];
    /** Block elements with text repeated from earlier on the page (painted). */
    this.repeated = new WeakSet();
    /** Block elements analysed so far (never extracted twice). */
    this.known = new WeakSet();
    /** @type {Map<number, import('./lists.js').CandidateList>} */
    this.lists = new Map();
    this.totals = null;
    /** The page's own headline element (see pageHeadline), once found. */
    this.headline = undefined;
    this.analysisMs = 0;
    /** Main-thread milliseconds by phase (PHASES), summed over batches. */
    this.phaseMs = Object.fromEntries(PHASES.map((phase) => [phase, 0]));
    /** Batches analysed (first run, then each burst of new content). */
    this.batches = 0;
    this.lastRoute = routeOf(this.location);
  }

  /** Analyses everything under the root (first run), or as far as the
   *  reader's reach (withinReach). */
  async run() {
    return this.enqueue(async () => {
      // Visibility checks read layout: let the page lay itself out first.
      const view = this.root.ownerDocument.defaultView;
      await afterNextFrame(view);
      if (!this.withinReach) return this.analyzeRoots([this.root]);
      this.reach = new Reach(this.root);
      const parts = this.reach.take(reachLine(view));
      if (!this.reach.done) this.followReader();
      return this.analyzeRoots(parts);
    }, { notifyEmpty: true });
  }

  /** True once every part of the page has been analysed or queued. */
  get complete() {
    return !this.reach || this.reach.done;
  }

  /**
   * Analyses the rest of the page now (the popup's figures and stepping
   * through repeats are about the whole page). Resolves when that is done.
   */
  async analyzeRest() {
    await this.readFurther(Infinity);
  }

  // Scrolling (the page's or an inner scroller's) and resizing bring more of
  // the page within reach: checked once per frame at most.
  followReader() {
    const view = this.root.ownerDocument.defaultView;
    let frame = 0;
    const onMove = () => {
      frame ||= view.requestAnimationFrame(() => {
        frame = 0;
        if (!this.reach?.first) this.stopFollowing?.();
        else if (this.nextPartInReach()) this.readFurther();
      });
    };
    view.addEventListener('scroll', onMove, { capture: true, passive: true });
    view.addEventListener('resize', onMove, { passive: true });
    this.stopFollowing = () => {
      view.removeEventListener('scroll', onMove, { capture: true });
      view.removeEventListener('resize', onMove);
      if (frame) view.cancelAnimationFrame(frame);
      frame = 0;
      this.stopFollowing = null;
    };
  }

  // Whether the first part not read yet starts within the reader's reach.
  nextPartInReach() {
    const first = this.reach?.first;
    return Boolean(first) && first.getBoundingClientRect().top <= reachLine(this.root.ownerDocument.defaultView);
  }

  // Analyses the parts of the page that start above `line` (null: the
  // reach line when the work starts), one analysis at a time: the reader may
  // scroll on while one runs, so it looks again when it ends.
  readFurther(line = null) {
    if (line !== Infinity && this.reaching) return this.reaching;
    const view = this.root.ownerDocument.defaultView;
    const reading = this.enqueue(async () => {
      const parts = this.reach?.take(line ?? reachLine(view)) ?? [];
      if (this.reach?.done) this.stopFollowing?.();
      return parts.length ? this.analyzeRoots(parts) : null;
    });
    const settled = reading.catch(() => {}).then(() => {
      if (this.reaching !== settled) return;
      this.reaching = null;
      if (this.stopFollowing && this.nextPartInReach()) this.readFurther();
    });
    this.reaching = settled;
    return reading;
  }

  /**
   * Analyses a batch of freshly extracted blocks against the page so far
   * (no list detection: blocks keep the `list`/`item` they carry).
   */
  async analyze(blocks) {
    return this.enqueue(() => this.timed(() => this.analyzeBlocks(blocks, [])));
  }

  /** Analyses the new content under `roots` against the page so far. */
  async analyzeSubtrees(roots) {
    return this.enqueue(() => this.analyzeRoots(roots));
  }

  // Runs analyses one after another; a failed one does not stop the next.
  // onAnalyzed follows every batch analysed, and the first run even on a page
  // without text (so that "done, nothing found" is observable).
  enqueue(work, { notifyEmpty = false } = {}) {
    const generation = this.generation;
    const next = this.queue.then(() => {
      if (generation !== this.generation) return null;
      this.runningGeneration = generation;
      return work().then((report) => {
        // After the work's clock stopped, so its figures include this batch.
        if (report || notifyEmpty) this.onAnalyzed(this);
        return report;
      });
    });
    this.queue = next.catch(() => {});
    return next.catch((error) => {
      if (error instanceof Cancelled) return null;
      throw error;
    });
  }

  async timed(work) {
    const started = performance.now();
    this.clock.begin();
    try {
      return await work();
    } finally {
      this.clock.end();
      this.analysisMs += performance.now() - started;
    }
  }

  async analyzeRoots(roots) {
    return this.timed(async () => {
      const blocks = [];
      const found = []; // lists new to the page
      const extended = new Set(); // lists already known that new items joined
      const known = [...this.lists.values()];
      for (const root of roots) {
        if (!root.isConnected) continue;
        // One more item of a list already on the page (infinite scroll):
        // it joins that list, so it can collapse with the items before it.
        const list = known.find((candidate) => extendsList(candidate, root));
        if (list) {
          addItem(list, root);
          extended.add(list);
        }
        const lists = await this.clock.drain(this.phase('lists', findListSteps(root, { firstId: this.nextListId() + found.length })));
        found.push(...lists);
        this.stillCurrent();
        // Each item's headline link is a block of its own.
        const boundaries = new Set([...lists, ...extended].flatMap((l) => l.headlines.flat()));
        this.headline ??= pageHeadline(root.ownerDocument);
        const article = articleRoot(this.headline);
        blocks.push(...(await this.clock.drain(this.phase('extract', extractSteps(root, { known: this.known, boundaries, headline: this.headline, article })))));
        this.stillCurrent();
      }
      await this.clock.check();
      const lists = [...extended, ...found];
      assignListItems(blocks, lists);
      return this.analyzeBlocks(blocks, lists);
    });
  }

  // Runs `work` now, its time counted toward `phase`.
  timePhase(phase, work) {
    const started = performance.now();
    try {
      return work();
    } finally {
      this.phaseMs[phase] += performance.now() - started;
    }
  }

  // The generator's steps, their time counted toward `phase`.
  *phase(phase, generator) {
    for (;;) {
      const step = this.timePhase(phase, () => generator.next());
      if (step.done) return step.value;
      yield;
    }
  }

  nextListId() {
    let next = 0;
    for (const id of this.lists.keys()) next = Math.max(next, id + 1);
    return next;
  }

  // Throws Cancelled when clear() ran since this analysis started.
  stillCurrent() {
    if (this.runningGeneration !== this.generation) throw new Cancelled();
  }

  async analyzeBlocks(blocks, lists) {
    for (const list of lists) this.lists.set(list.id, list);
    for (const block of blocks) this.known.add(block.element);
    if (blocks.length === 0) return null;
    const listReports = new Map();
    let report = null;
    for (let start = 0; start < blocks.length; ) {
      const end = this.callEnd(blocks, start);
      const part = blocks.slice(start, end);
      await this.clock.pause(); // each engine call starts a fresh slice
      const callStarted = performance.now();
      const pending = this.engine.analyze(toEngineBatch(part));
      const callMs = performance.now() - callStarted;
      this.phaseMs.engine += callMs;
      this.adaptCallSize(part, callMs);
      this.clock.end(); // the background engine answers asynchronously
      report = await pending;
      if (this.shows(report)) await this.showStyles();
      this.clock.begin();
      this.stillCurrent();
      for (const [i, blockReport] of report.blocks.entries()) {
        this.blocks[blockReport.id] = part[i];
        if (blockReport.spans.length) this.repeated.add(part[i].element);
        this.timePhase('paint', () => this.painter.paintBlock(part[i], blockReport));
        await this.clock.check();
      }
      for (const listReport of report.lists ?? []) listReports.set(listReport.list, listReport);
      start = end;
    }
    this.stillCurrent();
    this.timePhase('paint', () => this.painter.register());
    if (this.collapseLists) {
      for (const [id, listReport] of listReports) {
        const list = this.lists.get(id);
        if (list) this.timePhase('collapse', () => this.collapser.apply(list, listReport, (listId) => this.lists.get(listId)));
        await this.clock.check();
      }
    }
    this.totals = report.totals;
    this.batches++;
    return report;
  }

  // Whether painting `report` shows anything: a highlight, or a list that
  // may collapse.
  shows(report) {
    return report.blocks.some((b) => b.spans.length > 0 || b.changedFacts?.length > 0) || (this.collapseLists && report.lists?.length > 0);
  }

  // End (exclusive) of the next engine call's blocks: about callChars of text.
  callEnd(blocks, start) {
    let chars = 0;
    let end = start;
    while (end < blocks.length && (end === start || chars + blocks[end].text.length <= this.callChars)) {
      chars += blocks[end].text.length;
      end++;
    }
    return end;
  }

  adaptCallSize(part, syncMs) {
    const chars = part.reduce((sum, b) => sum + b.text.length, 0);
    if (syncMs < 1 || chars < MIN_CALL_CHARS) return; // too small to measure, or asynchronous
    // Shrink at once after a slow call, grow only slowly after a fast one:
    // the engine's cost per character is uneven (index growth, list clustering).
    const fitting = ENGINE_CALL_TARGET_MS / (syncMs / chars);
    const next = Math.min(fitting, this.callChars * 1.25);
    this.callChars = Math.round(Math.min(MAX_CALL_CHARS, Math.max(MIN_CALL_CHARS, next)));
  }

  /**
   * Follows the page: content added later (infinite scroll, a route change
   * of a single-page app) is analysed in debounced batches against the same
   * page index. Ditto's own elements never trigger an analysis.
   */
  watch() {
    if (this.observer) return;
    const view = this.root.ownerDocument.defaultView;
    this.observer = new view.MutationObserver((records) => this.collect(records));
    this.observer.observe(this.root, { childList: true, subtree: true });
    this.onPopState = () => this.scheduleFlush();
    view.addEventListener('popstate', this.onPopState);
  }

  collect(records) {
    for (const record of records) {
      for (const node of record.addedNodes) {
        const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
        if (!element || element.closest(`[${OWN_UI_ATTRIBUTE}]`)) continue;
        if (node.nodeType === Node.TEXT_NODE && !/\S/.test(node.data)) continue;
        this.pendingRoots.add(element);
      }
    }
    if (this.pendingRoots.size) this.scheduleFlush();
  }

  scheduleFlush() {
    clearTimeout(this.flushTimer);
    this.flushTimer = setTimeout(() => this.flush(), MUTATION_DEBOUNCE_MS);
  }

  async flush() {
    // New content inside or after a part not read yet is read with the
    // parts not read yet, in order.
    const roots = outermost([...this.pendingRoots].filter((el) => el.isConnected)).filter((el) => !this.reach?.defers(el));
    this.pendingRoots.clear();
    try {
      if (this.location && routeOf(this.location) !== this.lastRoute) {
        // A new route is a new page: start a new index and read it all.
        await this.restart();
      } else if (roots.length) {
        await this.analyzeSubtrees(roots);
      }
    } catch (error) {
      // Never break the page over new content; the popup can show it.
      this.lastError = String(error?.message ?? error);
    }
  }

  /** Forgets the page and analyses it afresh in a new index. */
  async restart() {
    this.clear({ keepWatching: true });
    this.engine?.reset?.();
    return this.run();
  }

  /**
   * Removes every highlight and expander and shows every collapsed item:
   * the DOM is exactly as it was. Stops following the page unless
   * keepWatching. Analyses under way are abandoned.
   */
  clear({ keepWatching = false } = {}) {
    this.generation++;
    this.painter.clear();
    this.steppedTo = null;
    this.collapser.restoreAll();
    this.stopFollowing?.();
    this.reach = null;
    this.reaching = null;
    if (!keepWatching) this.unwatch();
    this.resetState();
  }

  unwatch() {
    this.observer?.disconnect();
    this.observer = null;
    clearTimeout(this.flushTimer);
    this.pendingRoots.clear();
    this.root.ownerDocument.defaultView?.removeEventListener('popstate', this.onPopState);
  }

  /** Applies or undoes list collapsing without a new analysis. */
  async setCollapseLists(collapse) {
    this.collapseLists = collapse;
    if (!collapse) this.collapser.restoreAll();
  }

  /** Repaints in another highlight style (settings.js HIGHLIGHT_STYLES). */
  setHighlightStyle(style) {
    this.painter.setStyle(style);
  }

  /**
   * Scrolls to the next (`step` 1) or previous (-1) repeat on the page after
   * the one stepped to last, and flashes it, as a click on a repeat shows its
   * first occurrence. Returns whether there was one.
   */
  stepRepeat(step) {
    const next = this.painter.neighbourRepeat(this.steppedTo, step);
    if (!next) return false;
    this.steppedTo = next;
    const node = next.range.startContainer;
    const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    const view = element?.ownerDocument.defaultView;
    const smooth = !view?.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    element?.scrollIntoView({ block: 'center', behavior: smooth ? 'smooth' : 'auto' });
    this.painter.flashRange(next.range);
    return true;
  }

  /**
   * Scrolls to block `id` and flashes it (or its [start, end) part).
   * @returns {boolean} whether the block is known and on the page
   */
  jumpTo(id, start, end) {
    const block = this.blocks[id];
    if (!block || !block.element.isConnected) return false;
    const range = rangeFor(block, start ?? 0, end ?? block.text.length) ?? rangeFor(block, 0, block.text.length);
    const view = block.element.ownerDocument.defaultView;
    const smooth = !view?.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    block.element.scrollIntoView({ block: 'center', behavior: smooth ? 'smooth' : 'auto' });
    if (range) this.painter.flashRange(range);
    return true;
  }

  /**
   * Clicking a highlighted repeat jumps to its first occurrence. Clicks on
   * links, buttons and form fields, and clicks that end a text selection,
   * keep their usual meaning. Returns a function that removes the listener.
   */
  listenForClicks(doc = this.root.ownerDocument) {
    const onClick = (event) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
      const target = event.target;
      if (target?.closest?.('a[href], button, input, select, textarea, label, summary, [contenteditable]')) return;
      const selection = doc.getSelection?.();
      if (selection && !selection.isCollapsed) return;
      const point = caretPointAt(doc, event.clientX, event.clientY);
      const repeat = point && this.painter.repeatAt(point.node, point.offset);
      if (repeat) this.jumpTo(repeat.source, repeat.sourceStart, repeat.sourceEnd);
    };
    doc.addEventListener('click', onClick);
    return () => doc.removeEventListener('click', onClick);
  }

  /** The texts repeated most often: the first occurrence's block id, an
   *  excerpt of the repeated text and how many later copies it has. */
  topRepeats() {
    const bySource = new Map();
    for (const { source, sourceStart, sourceEnd } of this.painter.painted) {
      const entry = bySource.get(source);
      if (entry) entry.count++;
      else bySource.set(source, { block: source, count: 1, start: sourceStart, end: sourceEnd });
    }
    return [...bySource.values()]
      .sort((a, b) => b.count - a.count || a.block - b.block)
      .slice(0, TOP_REPEATS)
      .map(({ block, count, start, end }) => {
        const text = (this.blocks[block]?.text.slice(start, end) ?? '').replace(/\s+/g, ' ').trim();
        return { block, count, text: text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS - 1)}…` : text };
      });
  }

  /** Figures for the popup (the `Stats` fields a session knows). */
  stats() {
    return {
      where: this.engine?.where ?? null,
      totals: this.totals,
      analysisMs: this.analysisMs,
      longestTaskMs: this.clock.longestMs,
      phaseMs: { ...this.phaseMs },
      batches: this.batches,
      lists: { found: this.lists.size, ...this.collapser.counts() },
      topRepeats: this.topRepeats(),
    };
  }
}

// A page's route: its address, without a fragment that only points inside
// the page (#section). Hash routers' fragments ("#/story/2", "#!/story/2")
// are routes.
function routeOf(location) {
  if (!location) return null;
  return /^#[/!]/.test(location.hash) ? location.href : location.href.replace(/#.*$/s, '');
}

// The roots not inside another root of the set (one walk up per root, not
// a comparison of every pair: infinite scroll can add hundreds at once).
function outermost(elements) {
  const set = new Set(elements);
  return elements.filter((el) => {
    for (let up = el.parentElement; up; up = up.parentElement) if (set.has(up)) return false;
    return true;
  });
}
