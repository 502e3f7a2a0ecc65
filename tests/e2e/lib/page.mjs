// What a reader sees on a page, asked of the page itself.

/** Opens `url` in a new tab and collects the page's errors. */
export async function openPage(session, url) {
  const page = await session.browser.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, errors };
}

/** Waits until Ditto has painted (its highlight is registered, even empty). */
export async function waitForDitto(page, { timeout = 15000 } = {}) {
  await page.waitForFunction(() => CSS.highlights.has('ditto-repeat'), { timeout, polling: 50 });
}

/**
 * The text of every range of highlight `name`, with the id of the element
 * that holds it, in document order.
 */
export async function highlighted(page, name = 'ditto-repeat') {
  return page.evaluate((highlightName) => {
    const highlight = CSS.highlights.get(highlightName);
    if (!highlight) return [];
    return [...highlight].map((range) => {
      const holder = range.commonAncestorContainer;
      const element = holder.nodeType === Node.ELEMENT_NODE ? holder : holder.parentElement;
      return { text: range.toString(), id: element.closest('[id]')?.id ?? null };
    });
  }, name);
}
