// Candidate lists ("Similar News", rivers of headlines, cards…) found from
// the DOM's shape, minus the lists that are never stories (navigation,
// share buttons, comments…); each item's headline link; and the collapsing
// of same-story items behind an expander.

import { isSkipped, OWN_UI_ATTRIBUTE } from './extract.js';
import { CHROME_SELECTOR, namedNeverStories } from './regions.js';
import { DIGITS_KEY, englishMessages, languageTag } from './labels.js';

/** Tags an item of a candidate list may have. Paragraphs are left out on
 *  purpose: three paragraphs with a link each are prose, not a list. */
const ITEM_TAGS = new Set(['LI', 'DIV', 'ARTICLE', 'SECTION', 'ASIDE', 'FIGURE', 'DD', 'TR']);

/** A run needs this many items of one shape to count as a list. */
export const MIN_LIST_ITEMS = 3;

// An item is a teaser, not a whole article: a link title plus a snippet.
const MIN_ITEM_CHARS = 15;
const MAX_ITEM_CHARS = 1200;

/** A headline has at least this many words (the engine's MIN_HEADLINE_WORDS):
 *  shorter link texts are menus, tags, buttons and names. */
export const MIN_HEADLINE_WORDS = 4;

const STEP_ELEMENTS = 128;
const NO_RUNS = Object.freeze([]);

// A price: lists of them are product cards.
const PRICE = /(?:[$€£¥₹]\s?\d|\d[\d.,]*\s?(?:€|USD|EUR|GBP)\b)/;

/**
 * @typedef {{id: number, container: Element, items: Element[],
 *   headlines: HTMLAnchorElement[][]}} CandidateList
 *   headlines[i]: the links that are item i's headlines, its main one (the
 *   longest) first; a box of top stories has several.
 */

/**
 * Finds candidate lists under `root`: at least three sibling elements of the
 * same structure (tag and similar child tags), each with a link and some
 * text, that are not navigation-like ({@link isNeverStories}).
 * When lists nest, the innermost wins. A generator (it yields every few
 * hundred elements); returns the lists in document order, numbered from
 * `firstId`.
 * @param {Element} root
 * @param {{firstId?: number}} [options]
 */
export function* findListSteps(root, { firstId = 0 } = {}) {
  // What the page hides stays as the page has it: no list inside it counts.
  // A walk of our own rather than a TreeWalker: a filter callback per
  // element costs more than the test it runs.
  const order = [];
  const stack = [root];
  let looked = 0;
  while (stack.length) {
    const el = stack.pop();
    order.push(el);
    // Pushed last child first, so that they come out in document order.
    for (let child = el.lastElementChild; child; child = child.previousElementSibling) {
      if (++looked % STEP_ELEMENTS === 0) yield; // one element may have thousands of children
      if (!isSkipped(child) && !hiddenInline(child)) stack.push(child);
    }
  }
  // Reverse document order visits children before their parents, so each
  // parent knows whether a list already lies inside one of its children,
  // and its shown text length is the sum of its children's.
  const holdsList = new Set();
  const childHoldsList = new Set();
  const textLength = new Map();
  const shapes = new Map();
  // Each item's headline links, worked out once (a run is tested, then listed).
  const headlines = new Map();
  const headlinesOf = (item) => {
    let links = headlines.get(item);
    if (!links) headlines.set(item, (links = headlineLinks(item)));
    return links;
  };
  const found = [];
  // Yields by child nodes counted, not by elements: one element may have
  // thousands of child nodes. Plain calls per element (no generator each):
  // this loop sees every element of the page in code not yet optimised.
  const counted = { nodes: 0 };
  for (let i = order.length - 1; i >= 0; i--) {
    if (counted.nodes >= STEP_ELEMENTS) {
      counted.nodes = 0;
      yield;
    }
    const parent = order[i];
    // An element with thousands of children (a list of names) is counted
    // in steps too: in Firefox each node a content script reads costs more.
    textLength.set(parent, parent.childElementCount > STEP_ELEMENTS
      ? yield* childrenTextLengthSteps(parent, textLength)
      : childrenTextLength(parent, textLength, counted));
    // Fewer than three child elements hold no run of items (most elements).
    const runs = parent.childElementCount >= MIN_LIST_ITEMS ? yield* itemRuns(parent, holdsList, textLength, shapes) : NO_RUNS;
    // A navigation run still holds its parent back from being a list of
    // its own: a menu of menus is no more a story list.
    for (const items of runs) if (!isNeverStories(parent, items, headlinesOf)) found.push({ container: parent, items });
    if (runs.length || childHoldsList.has(parent)) {
      holdsList.add(parent);
      if (parent.parentElement) childHoldsList.add(parent.parentElement);
    }
  }
  found.reverse(); // document order: outer containers were found last
  return found.map((list, i) => ({ id: firstId + i, ...list, headlines: list.items.map(headlinesOf) }));
}

/**
 * Whether a run of items is a kind of list that never holds versions of
 * one story: inside navigation, a header or footer, a form or a toolbar; named
 * (class or id, on the container or an ancestor) for navigation, tags, share
 * buttons, comments, references, ads or products; mostly short link texts
 * (menus, tags, names, pagination); or mostly prices (product cards).
 * @param {Element} container
 * @param {Element[]} items
 */
export function isNeverStories(container, items, headlinesOf = headlineLinks) {
  if (container.closest(CHROME_SELECTOR)) return true;
  for (let el = container; el && el.tagName !== 'BODY'; el = el.parentElement) {
    if (namedNeverStories(el)) return true;
  }
  if (namedNeverStories(items[0])) return true;
  if (items.filter((item) => headlinesOf(item).length > 0).length * 2 < items.length) return true;
  return items.filter((item) => PRICE.test(item.textContent)).length * 2 >= items.length;
}

function wordCount(text) {
  return text.split(/\s+/).filter(Boolean).length;
}

/**
 * The links that are an item's headlines: those of {@link MIN_HEADLINE_WORDS}
 * words or more that the page does not hide; first those in or around a heading (h1–h6: what the page
 * itself calls a headline, not "Continue reading the main story"), then the
 * longest (the first of equals).
 * @param {Element} item
 * @returns {HTMLAnchorElement[]}
 */
export function headlineLinks(item) {
  const shown = (a) => {
    for (let el = a; el && el !== item; el = el.parentElement) if (isSkipped(el) || hiddenInline(el)) return false;
    return true;
  };
  // Each link's rank worked out once, not in every comparison of the sort:
  // an item can carry dozens of links (tags, authors).
  const ranked = [];
  for (const a of item.querySelectorAll('a[href]')) {
    const text = a.textContent;
    if (wordCount(text) < MIN_HEADLINE_WORDS || !shown(a)) continue;
    const inHeading = a.closest('h1, h2, h3, h4, h5, h6') || a.querySelector('h1, h2, h3, h4, h5, h6') ? 1 : 0;
    ranked.push({ a, inHeading, length: text.trim().length });
  }
  // Stable: equals keep document order.
  return ranked.sort((x, y) => y.inHeading - x.inHeading || y.length - x.length).map((r) => r.a);
}

/**
 * A 32-bit hash of the address a link points to, for the engine's
 * same-link evidence: the fragment never counts, and neither does the query
 * of a long path (tracking and playlist parameters: "/story-28307115?playlistId=994"
 * is the story "/story-28307115"); a short or script path keeps it
 * ("/article.php?id=3"). None for a link into the page itself. Never
 * 0xffffffff (the engine's "none").
 * @param {HTMLAnchorElement} a
 */
export function linkKey(a) {
  let url;
  try {
    url = new URL(a.href);
  } catch {
    return undefined;
  }
  // A link into the page itself ("#comments") points at no story.
  const here = new URL(a.ownerDocument.URL);
  if (url.origin === here.origin && url.pathname === here.pathname && url.search === here.search) return undefined;
  const segments = url.pathname.split('/').filter(Boolean);
  const keepQuery = segments.length <= 1 || /\.(php|aspx?|cgi|jsp|pl)$/i.test(url.pathname);
  const address = `${url.host}${url.pathname.replace(/\/$/, '')}${keepQuery ? url.search : ''}`.toLowerCase();
  let hash = 0x811c9dc5; // FNV-1a
  for (let i = 0; i < address.length; i++) {
    hash ^= address.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 1); // 31 bits: never the engine's "none"
}

// The children of `parent` that look like list items, grouped by shape:
// each group of three or more is a list. Items of one shape need not be
// neighbours: a river of headlines is broken up by ads and banners, and the
// versions of one story are rarely next to each other. (A generator too:
// one parent can have thousands of children.)
// shapes: each element's child tags, worked out once per walk.
function* itemRuns(parent, holdsList, textLength, shapes) {
  const groups = [];
  let seen = 0;
  for (let child = parent.firstElementChild; child; child = child.nextElementSibling) {
    if (++seen % STEP_ELEMENTS === 0) yield;
    if (child.hasAttribute(OWN_UI_ATTRIBUTE)) continue; // our expander sits among items
    // Hidden by the page (the walk left it out, so its length is unknown).
    if (!textLength.has(child) && !isDittoCollapsed(child)) continue;
    if (holdsList.has(child) || !isItemLike(child, textLength)) continue;
    const group = groups.find((g) => sameShape(g[0], child, shapes));
    if (group) group.push(child);
    else groups.push([child]);
  }
  return groups.filter((g) => g.length >= MIN_LIST_ITEMS);
}

/**
 * Whether `el` may be the container of a candidate list: it has three or
 * more children that could be items (a tag items have, a teaser's length, a
 * link with words). A quick, generous test, without shapes: reach.js never
 * cuts such an element into parts, so that list finding sees its items
 * together.
 * @param {Element} el
 */
export function mayHoldItems(el) {
  // The children's tags first: most elements a reach line crosses are
  // wrappers with one or two children, told apart without reading any text.
  const candidates = [];
  for (let child = el.firstElementChild; child; child = child.nextElementSibling) {
    if (ITEM_TAGS.has(child.tagName) && !isSkipped(child) && !hiddenInline(child)) candidates.push(child);
  }
  let items = 0;
  for (let i = 0; i < candidates.length && items + candidates.length - i >= MIN_LIST_ITEMS; i++) {
    const length = shownTextLength(candidates[i], MAX_ITEM_CHARS + 1);
    if (length < MIN_ITEM_CHARS || length > MAX_ITEM_CHARS) continue;
    if (hasWordyLink(candidates[i]) && ++items >= MIN_LIST_ITEMS) return true;
  }
  return false;
}

function isDittoCollapsed(el) {
  return el.hasAttribute(COLLAPSED_ATTRIBUTE);
}

// textLength: shown text lengths already known (findListSteps' walk).
function isItemLike(el, textLength) {
  if (!ITEM_TAGS.has(el.tagName)) return false;
  const length = textLength?.get(el) ?? shownTextLength(el);
  if (length < MIN_ITEM_CHARS || length > MAX_ITEM_CHARS) return false;
  return hasWordyLink(el);
}

// A link with words (a picture's link often comes first, with none).
function hasWordyLink(el) {
  for (const a of el.querySelectorAll('a[href]')) if (/\S+\s+\S+/.test(a.textContent)) return true;
  return false;
}

// Hidden by an inline display:none: cheap to tell, no layout read (and no
// style object made for the many elements without a style attribute).
function hiddenInline(el) {
  return el.hasAttribute('style') && el.style?.display === 'none';
}

// shownTextLength of an element whose child elements' lengths are known;
// adds the child nodes it looked at to `counted.nodes`.
function childrenTextLength(root, known, counted) {
  let length = 0;
  let seen = 0;
  for (let node = root.firstChild; node; node = node.nextSibling) {
    seen++;
    length += childTextLength(node, known);
  }
  counted.nodes += seen;
  return length;
}

// childrenTextLength as a generator that yields every STEP_ELEMENTS nodes.
function* childrenTextLengthSteps(root, known) {
  let length = 0;
  let seen = 0;
  for (let node = root.firstChild; node; node = node.nextSibling) {
    if (++seen % STEP_ELEMENTS === 0) yield;
    length += childTextLength(node, known);
  }
  return length;
}

// A child node's share of its parent's shown text: a text node's characters,
// an element's known length (one the walk left out is hidden: none).
function childTextLength(node, known) {
  if (node.nodeType === Node.TEXT_NODE) return node.data.trim().length;
  return node.nodeType === Node.ELEMENT_NODE ? known.get(node) ?? 0 : 0;
}

// Characters of an element's text, leaving out what the page hides with
// the `hidden` attribute or an inline display:none (an aggregator's
// collapsed discussion, a menu's closed panel): cheap, no layout read.
// Stops counting once past `cap` (the answer is then some length >= cap).
function shownTextLength(root, cap = Infinity) {
  let length = 0;
  for (let node = root.firstChild; node && length < cap; node = node.nextSibling) {
    if (node.nodeType === Node.TEXT_NODE) length += node.data.trim().length;
    else if (node.nodeType === Node.ELEMENT_NODE && !isSkipped(node) && !hiddenInline(node)) length += shownTextLength(node, cap - length);
  }
  return length;
}

// Same tag, and child tags that mostly agree (an item may lack a picture or
// a byline that its neighbours have).
function sameShape(a, b, shapes) {
  if (a.tagName !== b.tagName) return false;
  const tagsA = childTags(a, shapes);
  const tagsB = childTags(b, shapes);
  if (tagsA.size === 0 && tagsB.size === 0) return true;
  let shared = 0;
  for (const tag of tagsA) if (tagsB.has(tag)) shared++;
  return shared / (tagsA.size + tagsB.size - shared) >= 0.5;
}

function childTags(el, shapes) {
  let tags = shapes?.get(el);
  if (!tags) {
    tags = new Set();
    for (let child = el.firstElementChild; child; child = child.nextElementSibling) tags.add(child.tagName);
    shapes?.set(el, tags);
  }
  return tags;
}

/**
 * Whether `element`, new on the page, is one more item of the known `list`
 * (infinite scroll appending teasers to a "Similar News" list): a child of
 * its container, shaped like its items.
 * @param {CandidateList} list
 * @param {Element} element
 */
export function extendsList(list, element) {
  return element.parentElement === list.container
    && !list.items.includes(element)
    && isItemLike(element)
    && sameShape(list.items[0], element);
}

/** Adds `element` to `list` as its last item. */
export function addItem(list, element) {
  list.items.push(element);
  list.headlines.push(headlineLinks(element));
}

/**
 * Gives each block inside an item of `lists` that item's `list`/`item` ids
 * (item: the item's index in its list). Inside each of the item's headline
 * links, the block that reads as the headline (a heading of four words or
 * more, else the longest block: not the time or the section above it)
 * becomes a `title`, with the link's `link` key. The engine keeps an
 * item's first title as its headline.
 * @param {import('./extract.js').ExtractedBlock[]} blocks
 * @param {CandidateList[]} lists
 */
export function assignListItems(blocks, lists) {
  const itemOf = new Map();
  const titleOf = new Map();
  for (const list of lists) {
    list.items.forEach((element, item) => {
      itemOf.set(element, { list: list.id, item });
      for (const anchor of list.headlines[item]) titleOf.set(anchor, { list: list.id, item, anchor, best: null });
    });
  }
  if (itemOf.size === 0) return;
  for (const block of blocks) {
    let title = null;
    for (let el = block.element; el; el = el.parentElement) {
      title ??= titleOf.get(el) ?? null;
      const found = itemOf.get(el);
      if (found) {
        block.list = found.list;
        block.item = found.item;
        if (title && title.list === found.list && title.item === found.item && readsBetter(block, title.best)) title.best = block;
        break;
      }
    }
  }
  for (const { best, anchor } of titleOf.values()) {
    if (!best) continue;
    best.kind = 'title';
    best.link = linkKey(anchor);
  }
}

// Whether `block` reads more like a headline than `than` (null: anything does).
function readsBetter(block, than) {
  if (!than) return true;
  const score = (b) => [b.kind === 'heading' && wordCount(b.text) >= MIN_HEADLINE_WORDS ? 1 : 0, wordCount(b.text)];
  const [headingA, wordsA] = score(block);
  const [headingB, wordsB] = score(than);
  return headingA > headingB || (headingA === headingB && wordsA > wordsB);
}

/** Marks an item Ditto hid behind an expander; its value is the number of
 *  each story it is a version of (space-separated). */
export const COLLAPSED_ATTRIBUTE = 'data-ditto-collapsed';
/** Marks the item that stays visible for a group: the group's number. */
export const STORY_ATTRIBUTE = 'data-ditto-story';

/**
 * The message key of an expander's label: `base` ('expander' for same-story
 * versions, 'expanderArticle' for items that retell the article,
 * 'expanderAbove' for items another list already shows), then
 * More/Less, One when it stands for one item, Agency when it names one.
 */
export function expanderKey(base, open, count, agency) {
  return `${base}${open ? 'Less' : 'More'}${count === 1 ? 'One' : ''}${agency ? 'Agency' : ''}`;
}

const EXPANDER_CSS = `
  :host { all: initial; display: block; margin: 0.25em 0; }
  button {
    font: 0.85em/1.4 system-ui, sans-serif; color: inherit; cursor: pointer;
    background: rgba(255, 179, 0, 0.18); border: 1px solid rgba(200, 120, 0, 0.7);
    border-radius: 0.8em; padding: 0.1em 0.7em;
  }
  button:focus-visible { outline: 2px solid rgb(200, 90, 0); outline-offset: 2px; }
`;

/**
 * Hides the non-representative items of same-story clusters behind an
 * expander, and undoes it exactly: every attribute Ditto touched gets its
 * prior value back and every element it added goes away.
 */
export class Collapser {
  /**
   * @param {{messages?: (key: string, substitutions: string[]) => string}} [options]
   */
  constructor({ messages = englishMessages } = {}) {
    this.messages = (key, subs) => messages(key, subs) || englishMessages(key, subs);
    /** @type {Map<Element, {hidden: string|null}>} prior state of each item Ditto hid */
    this.touched = new Map();
    /** @type {Map<string, {host: Element, items: Element[], setOpen: (open: boolean) => void,
     *   stories: Map<Element|null, string>}>} */
    this.groups = new Map();
    /** @type {Map<Element, {prior: string|null, stories: Set<string>}>} each representative's marks */
    this.marked = new Map();
    /** Groups numbered so far (COLLAPSED_ATTRIBUTE's values). */
    this.stories = 0;
  }

  /**
   * Applies one list's report (replacing what an earlier report did for
   * that list): each cluster's other items hide behind its representative;
   * a list whose every item retells the article becomes one line; items
   * another list already shows hide behind one line where the first of them
   * was.
   * @param {CandidateList} list
   * @param {{clusters: {representative: number, items: number[], agency?: string|null,
   *   sameAsArticle?: boolean}[], above?: {item: number, sourceList: number, sourceItem: number}[]}} listReport
   * @param {(listId: number) => CandidateList|undefined} [listById] the page's lists, for `above`
   */
  apply(list, listReport, listById = () => undefined) {
    this.restoreList(list.id);
    const clusters = listReport.clusters ?? [];
    clusters.forEach((cluster, index) => {
      const agency = cluster.agency ?? undefined;
      if (cluster.sameAsArticle && cluster.items.length === list.items.length) {
        // Every item retells the page's own story: the list becomes one line.
        const items = cluster.items.map((i) => list.items[i]).filter(Boolean);
        if (items.length) this.group(`${list.id}:${index}`, items.map((item) => ({ item, representatives: [] })), items[0], 'beforebegin', 'expanderArticle');
        return;
      }
      // A cluster's other items hide behind its representative (for items
      // that retell the article, the first of them: one telling stays).
      const representative = list.items[cluster.representative];
      const hidden = cluster.items
        .filter((i) => i !== cluster.representative)
        .map((i) => list.items[i])
        .filter(Boolean)
        .map((item) => ({ item, representatives: [representative] }));
      if (!representative || hidden.length === 0) return;
      this.group(`${list.id}:${index}`, hidden, representative, 'beforeend', 'expander', agency);
    });
    // One entry per item (an item of several stories has one per story).
    const above = new Map();
    for (const { item, sourceList, sourceItem } of listReport.above ?? []) {
      const element = list.items[item];
      const representative = listById(sourceList)?.items[sourceItem];
      if (!element || !representative) continue;
      if (!above.has(element)) above.set(element, { item: element, representatives: [] });
      above.get(element).representatives.push(representative);
    }
    const entries = [...above.values()];
    if (entries.length) this.group(`${list.id}:above`, entries, entries[0].item, 'beforebegin', 'expanderAbove');
  }

  // Hides each entry's item and puts one expander at `anchor`
  // (insertAdjacentElement position). Every representative gets a number:
  // the items hidden as its versions carry it in COLLAPSED_ATTRIBUTE (an item
  // that shows several stories, every one's), the representative in
  // STORY_ATTRIBUTE and the expander in its dataset, so that a reader's
  // tools (and the judge, tests/judge/) can tell what hides what. Items that
  // retell the article have no representative on the page: one number
  // stands for the article.
  group(key, entries, anchor, position, messageKey, agency) {
    const doc = anchor.ownerDocument;
    const storyOf = new Map();
    for (const { representatives } of entries) {
      for (const representative of representatives.length ? representatives : [null]) {
        if (!storyOf.has(representative)) storyOf.set(representative, String(++this.stories));
      }
    }
    const storiesOf = ({ representatives }) =>
      (representatives.length ? representatives : [null]).map((r) => storyOf.get(r)).join(' ');
    const host = doc.createElement('span');
    host.setAttribute(OWN_UI_ATTRIBUTE, '');
    host.dataset.dittoStories = [...storyOf.values()].join(' ');
    host.dataset.dittoKind = messageKey;
    const shadow = host.attachShadow({ mode: 'open' });
    const style = doc.createElement('style');
    style.textContent = EXPANDER_CSS;
    const button = doc.createElement('button');
    button.type = 'button';
    // The label reads in the direction of its language (right to left in
    // Arabic), whatever the page's.
    const dir = this.messages('@@bidi_dir', []);
    if (dir === 'rtl' || dir === 'ltr') button.dir = dir;
    shadow.append(style, button);
    const items = entries.map((e) => e.item);
    const setOpen = (open) => {
      button.setAttribute('aria-expanded', String(open));
      button.textContent = this.messages(expanderKey(messageKey, open, items.length, agency), [this.formatCount(items.length), agency ?? '']);
      for (const entry of entries) (open ? this.show(entry.item) : this.hide(entry.item, storiesOf(entry)));
    };
    button.addEventListener('click', (event) => {
      event.stopPropagation(); // a click inside a linked card must not follow the link
      event.preventDefault();
      setOpen(button.getAttribute('aria-expanded') !== 'true');
    });
    anchor.insertAdjacentElement(position, host);
    for (const [representative, story] of storyOf) if (representative) this.mark(representative, story);
    setOpen(false);
    this.groups.set(key, { host, items, setOpen, stories: storyOf });
  }

  // `n` written for the messages' language (@@ui_locale: "ar", "pt_BR"…;
  // plain digits where there is none, as in the playground). Below 1000 no
  // locale groups digits, so a count is its digits in the language's own
  // (DIGITS_KEY): a page's first Intl.NumberFormat costs its main thread
  // about 15 ms (ICU's locale data), more than the rest of a collapse.
  formatCount(n) {
    const digits = [...this.messages(DIGITS_KEY, [])];
    if (Number.isInteger(n) && n >= 0 && n < 1000 && digits.length === 10) return String(n).replace(/[0-9]/g, (d) => digits[d]);
    this.numberFormat ??= (() => {
      const locale = languageTag(this.messages('@@ui_locale', []));
      try {
        return new Intl.NumberFormat(locale);
      } catch {
        return { format: String };
      }
    })();
    return this.numberFormat.format(n);
  }

  // Marks `representative` as the item left visible for group `story`
  // (STORY_ATTRIBUTE holds every such number, space-separated).
  mark(representative, story) {
    let entry = this.marked.get(representative);
    if (!entry) this.marked.set(representative, (entry = { prior: representative.getAttribute(STORY_ATTRIBUTE), stories: new Set() }));
    entry.stories.add(story);
    representative.setAttribute(STORY_ATTRIBUTE, [...entry.stories].join(' '));
  }

  unmark(representative, story) {
    const entry = this.marked.get(representative);
    if (!entry) return;
    entry.stories.delete(story);
    if (entry.stories.size) {
      representative.setAttribute(STORY_ATTRIBUTE, [...entry.stories].join(' '));
      return;
    }
    this.marked.delete(representative);
    if (entry.prior === null) representative.removeAttribute(STORY_ATTRIBUTE);
    else representative.setAttribute(STORY_ATTRIBUTE, entry.prior);
  }

  hide(item, story) {
    if (!this.touched.has(item)) this.touched.set(item, { hidden: item.getAttribute('hidden') });
    item.setAttribute('hidden', '');
    item.setAttribute(COLLAPSED_ATTRIBUTE, story);
  }

  show(item) {
    const prior = this.touched.get(item);
    if (!prior) return;
    this.touched.delete(item);
    if (prior.hidden === null) item.removeAttribute('hidden');
    else item.setAttribute('hidden', prior.hidden);
    item.removeAttribute(COLLAPSED_ATTRIBUTE);
  }

  restoreList(listId) {
    for (const [key, group] of this.groups) {
      if (!key.startsWith(`${listId}:`)) continue;
      for (const item of group.items) this.show(item);
      group.host.remove();
      for (const [representative, story] of group.stories) if (representative) this.unmark(representative, story);
      this.groups.delete(key);
    }
  }

  /** Lists with at least one expander, and the items behind expanders
   *  (hidden or shown again by the reader). */
  counts() {
    const lists = new Set([...this.groups.keys()].map((key) => key.split(':')[0]));
    let itemsCollapsed = 0;
    for (const group of this.groups.values()) itemsCollapsed += group.items.length;
    return { collapsed: lists.size, itemsCollapsed };
  }

  /** Shows every item again and removes every expander. */
  restoreAll() {
    for (const group of this.groups.values()) group.host.remove();
    for (const item of [...this.touched.keys()]) this.show(item);
    for (const group of this.groups.values()) {
      for (const [representative, story] of group.stories) if (representative) this.unmark(representative, story);
    }
    this.groups.clear();
  }
}
