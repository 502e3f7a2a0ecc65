// What Ditto did to a page, as a reader sees it: every collapse (the item left
// visible, the items hidden behind its expander, the expander's text) and
// every highlighted range, read from the page itself. Shared by the judge and
// the sweep; runs in both browsers (the content script's marks are plain DOM
// attributes and CSS.highlights is the page's own registry).

/**
 * @typedef {{links: string[], text: string}} ItemText
 * @typedef {{story: string, expander: string, kind: string, visible: ItemText|null, hidden: ItemText[],
 *   alsoBehind: ItemText[][]}} Collapse
 *   story: Ditto's number for the group (links carry it in hiddenBy).
 *   alsoBehind[i]: the other items hidden[i] is a version of (an item that
 *   shows several stories hides only when each is shown above).
 * @typedef {{text: string, name: string, context: string, inCode: boolean, inList: boolean,
 *   inShadow: boolean}} HighlightSeen
 * @typedef {{collapses: Collapse[], highlights: HighlightSeen[], links: {text: string, hiddenBy: string|null,
 *   hiddenByPage: boolean}[]}} Observation
 */

/** @returns {Promise<Observation>} */
export async function observe(page) {
  return page.evaluate(observeInPage);
}

// Runs in the page. Kept self-contained: it is serialised into the page.
function observeInPage() {
  const clean = (s) => s.replace(/\s+/g, ' ').trim();
  // Text a reader would see in an element, hidden or not: no script, style
  // or noscript source.
  const textOf = (root) => {
    let text = '';
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode(node) {
        if (node.nodeType === Node.TEXT_NODE) return NodeFilter.FILTER_ACCEPT;
        if (/^(SCRIPT|STYLE|NOSCRIPT|TEMPLATE)$/.test(node.tagName)) return NodeFilter.FILTER_REJECT;
        if (node.hasAttribute('data-ditto-ui')) return NodeFilter.FILTER_REJECT;
        return NodeFilter.FILTER_SKIP;
      },
    });
    for (let node = walker.nextNode(); node; node = walker.nextNode()) text += ` ${node.data}`;
    return clean(text);
  };
  // Every element of the document and of its open shadow trees.
  const allElements = (root, out = []) => {
    for (const el of root.querySelectorAll('*')) {
      out.push(el);
      if (el.shadowRoot) allElements(el.shadowRoot, out);
    }
    return out;
  };
  const elements = allElements(document);
  const describe = (el) => ({
    links: [...el.querySelectorAll('a')].map(textOf).filter(Boolean),
    text: textOf(el).slice(0, 400),
  });
  const collapses = [];
  for (const host of elements.filter((el) => el.hasAttribute('data-ditto-ui') && el.dataset.dittoStories)) {
    const expander = clean(host.shadowRoot?.querySelector('button')?.textContent ?? '');
    for (const story of host.dataset.dittoStories.split(' ')) {
      const visible = elements.find((el) => el.getAttribute('data-ditto-story')?.split(' ').includes(story));
      const hidden = elements.filter((el) => el.getAttribute('data-ditto-collapsed')?.split(' ')[0] === story);
      // An item that shows several stories is listed once, under its first
      // story, with every item it is hidden behind.
      const behind = (el) => el.getAttribute('data-ditto-collapsed').split(' ').slice(1)
        .map((s) => elements.find((e) => e.getAttribute('data-ditto-story')?.split(' ').includes(s)))
        .filter(Boolean).map(describe);
      collapses.push({
        story, expander, kind: host.dataset.dittoKind ?? '', visible: visible ? describe(visible) : null,
        hidden: hidden.map(describe), alsoBehind: hidden.map(behind),
      });
    }
  }
  const highlights = [];
  for (const [name, highlight] of CSS.highlights) {
    if (!name.startsWith('ditto-') || name === 'ditto-flash') continue;
    for (const range of highlight) {
      const holder = range.commonAncestorContainer;
      const element = holder.nodeType === Node.ELEMENT_NODE ? holder : holder.parentElement;
      const block = element?.closest('p, li, td, th, dd, dt, h1, h2, h3, h4, h5, h6, blockquote, figcaption, pre, div') ?? element;
      highlights.push({
        name,
        text: clean(range.toString()),
        context: block ? textOf(block).slice(0, 300) : '',
        inCode: Boolean(element?.closest('pre, code, kbd, samp, math')),
        inList: Boolean(element?.closest('li, [data-ditto-story], [data-ditto-collapsed]')),
        inShadow: holder.getRootNode() instanceof ShadowRoot,
      });
    }
  }
  // Every link with text: what the labels' headlines are counted against.
  const links = elements.filter((el) => el.tagName === 'A').map((a) => {
    const collapsed = a.closest('[data-ditto-collapsed]');
    return {
      text: textOf(a),
      hiddenBy: collapsed ? collapsed.getAttribute('data-ditto-collapsed').split(' ') : null,
      // Hidden by the page itself (not by Ditto): not something a reader sees.
      hiddenByPage: !collapsed && !a.checkVisibility({ visibilityProperty: true }),
    };
  }).filter((l) => l.text);
  return { collapses, highlights, links };
}

/**
 * Scrolls `page` to its end, as a reader who reads it all does (the window
 * and any inner scroller), until Ditto's analyses stop coming: a page load
 * reads only as far as the reader's reach (extension/shared/reach.js), and
 * the judge and the sweep look at the whole page. Then back to the top.
 */
export async function readToTheEnd(page, { quietMs = 800, timeoutMs = 30000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let seen = -1;
  while (Date.now() < deadline) {
    const analyses = await page.evaluate(() => {
      const scrollers = [document.scrollingElement, ...[...document.querySelectorAll('body *')].filter((el) =>
        el.scrollHeight > el.clientHeight + 100 && /auto|scroll/.test(getComputedStyle(el).overflowY)).slice(0, 20)];
      for (const el of scrollers) if (el) el.scrollTop = el.scrollHeight;
      return performance.getEntriesByName('ditto:analysis').length;
    });
    if (analyses === seen) break;
    seen = analyses;
    await new Promise((done) => setTimeout(done, quietMs));
  }
  await page.evaluate(() => window.scrollTo(0, 0));
}
