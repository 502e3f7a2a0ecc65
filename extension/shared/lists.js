// Candidate lists ("Similar News", "Related", cards…) found from the DOM's
// shape alone, and the collapsing of same-story items behind an expander.

import { isSkipped, OWN_UI_ATTRIBUTE } from './extract.js';

/** Tags an item of a candidate list may have. Paragraphs are left out on
 *  purpose: three paragraphs with a link each are prose, not a list. */
const ITEM_TAGS = new Set(['LI', 'DIV', 'ARTICLE', 'SECTION', 'ASIDE', 'FIGURE', 'DD', 'TR']);

/** A run needs this many items of one shape to count as a list. */
export const MIN_LIST_ITEMS = 3;

// An item is a teaser, not a whole article: a link title plus a snippet.
const MIN_ITEM_CHARS = 15;
const MAX_ITEM_CHARS = 1200;

const STEP_ELEMENTS = 128;

/**
 * @typedef {{id: number, container: Element, items: Element[]}} CandidateList
 */

/**
 * Finds candidate lists under `root`: runs of at least three sibling
 * elements of the same structure (tag and similar child tags), each with a
 * link and some text. When lists nest, the innermost wins. A generator (it
 * yields every few hundred elements); returns the lists in document order,
 * numbered from `firstId`.
 * @param {Element} root
 * @param {{firstId?: number}} [options]
 */
export function* findListSteps(root, { firstId = 0 } = {}) {
  const doc = root.ownerDocument;
  const order = [];
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_ELEMENT, {
    acceptNode: (el) => (isSkipped(el) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  order.push(root);
  for (let el = walker.nextNode(); el; el = walker.nextNode()) {
    order.push(el);
    if (order.length % STEP_ELEMENTS === 0) yield;
  }
  // Reverse document order visits children before their parents, so each
  // parent knows whether a list already lies inside one of its children.
  const holdsList = new Set();
  const found = [];
  for (let i = order.length - 1; i >= 0; i--) {
    if (i % STEP_ELEMENTS === 0) yield;
    const parent = order[i];
    const runs = yield* itemRuns(parent, holdsList);
    for (const items of runs) found.push({ container: parent, items });
    if (runs.length || [...parent.children].some((c) => holdsList.has(c))) holdsList.add(parent);
  }
  found.reverse(); // document order: outer containers were found last
  return found.map((list, i) => ({ id: firstId + i, ...list }));
}

// Runs of consecutive children of `parent` that look like list items (a
// generator too: one parent can have thousands of children).
function* itemRuns(parent, holdsList) {
  const runs = [];
  let run = [];
  const close = () => {
    if (run.length >= MIN_LIST_ITEMS) runs.push(run);
    run = [];
  };
  let seen = 0;
  for (const child of parent.children) {
    if (++seen % STEP_ELEMENTS === 0) yield;
    if (child.hasAttribute(OWN_UI_ATTRIBUTE)) continue; // our expander sits among items
    if (isSkipped(child) && !isDittoCollapsed(child)) continue; // hidden by the page
    if (holdsList.has(child) || !isItemLike(child)) {
      close();
      continue;
    }
    if (run.length && !sameShape(run[0], child)) close();
    run.push(child);
  }
  close();
  return runs;
}

function isDittoCollapsed(el) {
  return el.hasAttribute(COLLAPSED_ATTRIBUTE);
}

function isItemLike(el) {
  if (!ITEM_TAGS.has(el.tagName)) return false;
  const link = el.querySelector('a[href]');
  if (!link || !/\S+\s+\S+/.test(link.textContent)) return false;
  const length = el.textContent.trim().length;
  return length >= MIN_ITEM_CHARS && length <= MAX_ITEM_CHARS;
}

// Same tag, and child tags that mostly agree (an item may lack a picture or
// a byline that its neighbours have).
function sameShape(a, b) {
  if (a.tagName !== b.tagName) return false;
  const tagsA = new Set([...a.children].map((c) => c.tagName));
  const tagsB = new Set([...b.children].map((c) => c.tagName));
  if (tagsA.size === 0 && tagsB.size === 0) return true;
  let shared = 0;
  for (const tag of tagsA) if (tagsB.has(tag)) shared++;
  return shared / (tagsA.size + tagsB.size - shared) >= 0.5;
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

/**
 * Gives each block inside an item of `lists` that item's `list`/`item` ids
 * (item: the item's index in its list).
 * @param {import('./extract.js').ExtractedBlock[]} blocks
 * @param {CandidateList[]} lists
 */
export function assignListItems(blocks, lists) {
  const itemOf = new Map();
  for (const list of lists) {
    list.items.forEach((element, item) => itemOf.set(element, { list: list.id, item }));
  }
  if (itemOf.size === 0) return;
  for (const block of blocks) {
    for (let el = block.element; el; el = el.parentElement) {
      const found = itemOf.get(el);
      if (found) {
        block.list = found.list;
        block.item = found.item;
        break;
      }
    }
  }
}

/** Marks an item Ditto hid behind an expander; its value is the group's number. */
export const COLLAPSED_ATTRIBUTE = 'data-ditto-collapsed';
/** Marks the item that stays visible for a group: the group's number. */
export const STORY_ATTRIBUTE = 'data-ditto-story';

/** The expander's strings in plain English, for callers without locales
 *  (the playground) and as the extension's fallback. */
export function englishMessages(key, substitutions = []) {
  const message = ENGLISH[key];
  if (message === undefined) return key;
  return message.replace(/\$([1-9])/g, (_, n) => substitutions[n - 1] ?? '');
}

/**
 * The expander's strings in English, as in `_locales/en/messages.json`
 * (tests/unit/locales.test.mjs keeps the two the same). The i18n API has no
 * plurals, so each count and agency case is a key of its own
 * ({@link expanderKey}); `$1` is the count, `$2` the agency.
 */
const ENGLISH = {
  expanderMore: '+$1 more versions of this story',
  expanderMoreAgency: '+$1 more versions of this story · $2',
  expanderMoreOne: '+1 more version of this story',
  expanderMoreOneAgency: '+1 more version of this story · $2',
  expanderLess: 'Hide $1 more versions',
  expanderLessAgency: 'Hide $1 more versions · $2',
  expanderLessOne: 'Hide 1 more version',
  expanderLessOneAgency: 'Hide 1 more version · $2',
  expanderArticleMore: '+$1 stories repeat this article',
  expanderArticleMoreOne: '+1 story repeats this article',
  expanderArticleLess: 'Hide $1 stories that repeat this article',
  expanderArticleLessOne: 'Hide 1 story that repeats this article',
};

/**
 * The message key of an expander's label: `base` ('expander' for same-story
 * versions, 'expanderArticle' for items that retell the article), then
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
    /** @type {Map<string, {host: Element, items: Element[], setOpen: (open: boolean) => void}>} */
    this.groups = new Map();
    /** @type {Map<Element, string|null>} prior STORY_ATTRIBUTE of each item marked as a representative */
    this.marked = new Map();
    /** Groups numbered so far (COLLAPSED_ATTRIBUTE's values). */
    this.stories = 0;
  }

  /**
   * Applies one list's clusters (replacing what an earlier report did for
   * that list).
   * @param {CandidateList} list
   * @param {{clusters: {representative: number, items: number[], agency?: string|null,
   *   sameAsArticle?: boolean}[]}} listReport
   */
  apply(list, listReport) {
    this.restoreList(list.id);
    const clusters = listReport.clusters ?? [];
    const articleItems = new Set(
      clusters.filter((c) => c.sameAsArticle).flatMap((c) => c.items),
    );
    if (articleItems.size > 0 && articleItems.size === list.items.length) {
      // Every item retells the page's own story: the list becomes one line.
      this.group(`${list.id}:article`, list.items, list.items[0], 'beforebegin', 'expanderArticle', []);
      return;
    }
    clusters.forEach((cluster, index) => {
      const representative = list.items[cluster.representative];
      const others = cluster.items
        .filter((i) => i !== cluster.representative)
        .map((i) => list.items[i])
        .filter(Boolean);
      if (!representative || others.length === 0) return;
      const agency = cluster.agency ? [cluster.agency] : [];
      this.group(`${list.id}:${index}`, others, representative, 'beforeend', 'expander', agency, representative);
    });
  }

  // Hides `items` and puts an expander at `anchor` (insertAdjacentElement
  // position). Each group is numbered: the hidden items carry the number in
  // COLLAPSED_ATTRIBUTE, the item they are versions of (when one stays
  // visible) in STORY_ATTRIBUTE, and the expander in its dataset, so that a
  // reader's tools (and the judge, tests/judge/) can tell what hides what.
  group(key, items, anchor, position, messageKey, extra, representative = null) {
    const doc = anchor.ownerDocument;
    const story = String(++this.stories);
    const host = doc.createElement('span');
    host.setAttribute(OWN_UI_ATTRIBUTE, '');
    host.dataset.dittoStories = story;
    host.dataset.dittoKind = messageKey;
    const shadow = host.attachShadow({ mode: 'open' });
    const style = doc.createElement('style');
    style.textContent = EXPANDER_CSS;
    const button = doc.createElement('button');
    button.type = 'button';
    shadow.append(style, button);
    const [agency] = extra;
    const setOpen = (open) => {
      button.setAttribute('aria-expanded', String(open));
      button.textContent = this.messages(expanderKey(messageKey, open, items.length, agency), [String(items.length), agency ?? '']);
      for (const item of items) (open ? this.show(item) : this.hide(item, story));
    };
    button.addEventListener('click', (event) => {
      event.stopPropagation(); // a click inside a linked card must not follow the link
      event.preventDefault();
      setOpen(button.getAttribute('aria-expanded') !== 'true');
    });
    anchor.insertAdjacentElement(position, host);
    if (representative) this.mark(representative, story);
    setOpen(false);
    this.groups.set(key, { host, items, setOpen, representative });
  }

  // Marks the item that stays visible for group `story`.
  mark(representative, story) {
    if (!this.marked.has(representative)) this.marked.set(representative, representative.getAttribute(STORY_ATTRIBUTE));
    representative.setAttribute(STORY_ATTRIBUTE, story);
  }

  unmark(representative) {
    if (!this.marked.has(representative)) return;
    const prior = this.marked.get(representative);
    this.marked.delete(representative);
    if (prior === null) representative.removeAttribute(STORY_ATTRIBUTE);
    else representative.setAttribute(STORY_ATTRIBUTE, prior);
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
      if (group.representative) this.unmark(group.representative);
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
    for (const representative of [...this.marked.keys()]) this.unmark(representative);
    this.groups.clear();
  }
}
