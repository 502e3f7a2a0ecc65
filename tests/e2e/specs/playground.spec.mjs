// The playground (www/), in both browsers: a sample is painted exactly as the
// extension paints (same highlight, same collapsed items and expander), the
// figures are the popup's, and pasted HTML is shown inertly: no script runs,
// nothing remote is requested. The extension is loaded too and must leave the
// playground alone (its <meta name="ditto-playground">).
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { serveDirectory } from '../../../tools/static-server.mjs';
import { highlighted } from '../lib/page.mjs';

const WWW = resolve(import.meta.dirname, '../../../dist/www');

async function withPlayground(session, fn) {
  const server = await serveDirectory(WWW);
  const page = await session.browser.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  try {
    await page.goto(server.url, { waitUntil: 'load' });
    await page.waitForSelector('body[data-ready="true"]', { timeout: 15000 });
    await fn({ page, errors, server });
  } finally {
    await page.close();
    await server.close();
  }
}

const figures = (page) =>
  page.evaluate(() =>
    Object.fromEntries(['blocks', 'repeated', 'share', 'lists', 'items', 'time', 'engine'].map((k) => [k, document.getElementById(`stat-${k}`).textContent])),
  );

test('playground: the wire-story sample is highlighted, collapsed and counted like in the extension', async ({ session }) => {
  await withPlayground(session, async ({ page, errors }) => {
    await page.click('[data-sample="wire-story"]');
    await page.waitForSelector('body[data-state="ready"]', { timeout: 15000 });
    await page.waitForFunction(() => document.querySelectorAll('#preview [data-ditto-collapsed]').length === 2, { timeout: 10000 });

    const spans = await highlighted(page);
    const lead = spans.find((s) => s.id === 'lead-again');
    assert.ok(lead, `the curly-quoted copy of the lead is highlighted: ${JSON.stringify(spans)}`);
    assert.match(lead.text, /^BRUSSELS \(AP\) — NATO allies on Wednesday pledged/);
    assert.ok(!spans.some((s) => s.id === 'lead'), 'the first occurrence is not highlighted');

    const hidden = await page.evaluate(() => [...document.querySelectorAll('#preview [data-ditto-collapsed]')].map((li) => li.id));
    assert.deepEqual(hidden, ['news-2', 'news-4']);
    const expander = await page.evaluate(() => {
      const host = document.querySelector('#news-1 [data-ditto-ui]');
      return host?.shadowRoot?.querySelector('button')?.textContent;
    });
    assert.equal(expander, '+2 more versions of this story · AP');

    const shown = await figures(page);
    const stats = await page.evaluate(() => document.body.dataset.state);
    assert.equal(stats, 'ready');
    assert.equal(shown.lists, '1');
    assert.equal(shown.items, '2');
    assert.equal(shown.engine, 'in this page');
    assert.match(shown.time, /^\d+ ms$/);
    // Repeated blocks: the blocks that hold a highlight (either style: the
    // list's snippets are painted in the quieter one), counted on the page.
    const holders = await page.evaluate(() => new Set(['ditto-repeat', 'ditto-related'].flatMap((name) => [...(CSS.highlights.get(name) ?? [])])
      .map((r) => r.startContainer.parentElement.closest('p, li, h1, h2, a'))).size);
    assert.equal(shown.repeated, String(holders), JSON.stringify(shown));
    // Blocks: the sample's 7 article blocks, the list heading, and each item's title and snippet.
    assert.equal(shown.blocks, String(7 + 1 + 4 * 2), JSON.stringify(shown));
    assert.match(shown.share, /^\d+(\.\d)?%$/);
    // The top repeat counts copies as the popup does: the lead, its
    // curly-quoted copy, and the two snippets that quote its sentence.
    const top = await page.evaluate(() => document.querySelector('#top-repeats button')?.textContent);
    assert.equal(holders, 3);
    assert.match(top, /^BRUSSELS \(AP\) — NATO allies.*×4$/);

    // The extension stayed out: one painter only (its stats would say so too).
    assert.equal(await page.evaluate(() => document.querySelectorAll('[data-ditto-ui]').length), 1);
    assert.deepEqual(errors, []);
  });
});

test('playground: switching highlighting off restores the sample exactly', async ({ session }) => {
  await withPlayground(session, async ({ page }) => {
    // The sample as it is without Ditto: opened with highlighting off.
    await page.click('#highlight');
    await page.click('[data-sample="wire-story"]');
    await page.waitForSelector('body[data-analysed="wire-story"][data-state="off"]');
    const pristine = await page.$eval('#preview', (el) => el.innerHTML);
    assert.doesNotMatch(pristine, /data-ditto/);
    // On: painted and collapsed; the expander opened; then off again.
    await page.click('#highlight');
    await page.waitForSelector('body[data-state="ready"]');
    await page.waitForFunction(() => document.querySelectorAll('#preview [data-ditto-collapsed]').length === 2);
    await page.evaluate(() => document.querySelector('#preview [data-ditto-ui]').shadowRoot.querySelector('button').click());
    await page.click('#highlight');
    await page.waitForSelector('body[data-state="off"]');
    assert.equal(await page.evaluate(() => CSS.highlights.get('ditto-repeat')?.size ?? 0), 0);
    assert.equal(await page.$eval('#preview', (el) => el.innerHTML), pristine, 'the serialised preview is the untouched sample');
  });
});

test('playground: the options page\'s list setting, live: off shows every item and keeps highlights, on collapses again', async ({ session }) => {
  await withPlayground(session, async ({ page }) => {
    await page.click('[data-sample="wire-story"]');
    await page.waitForSelector('body[data-state="ready"]');
    await page.waitForFunction(() => document.querySelectorAll('#preview [data-ditto-collapsed]').length === 2);
    const painted = (await highlighted(page)).length;
    await page.click('#collapse');
    await page.waitForFunction(() => !document.querySelector('#preview [data-ditto-collapsed], #preview [data-ditto-ui]'));
    assert.equal((await highlighted(page)).length, painted, 'highlights stay');
    assert.equal((await figures(page)).items, '0');
    await page.click('#collapse');
    await page.waitForFunction(() => document.querySelectorAll('#preview [data-ditto-collapsed]').length === 2);
    assert.equal((await figures(page)).items, '2');
  });
});

test('playground: the blog sample highlights the pull quote\'s source sentence, the plain page nothing', async ({ session }) => {
  await withPlayground(session, async ({ page }) => {
    await page.click('[data-sample="blog-pull-quote"]');
    await page.waitForSelector('body[data-state="ready"]');
    const spans = await highlighted(page);
    assert.deepEqual(spans.map((s) => s.id), ['source']);
    assert.match(spans[0].text, /fine is what a daily habit is made of, and fine bread, it turns out, is wonderful bread/i);

    await page.click('[data-sample="no-repeats"]');
    await page.waitForSelector('body[data-analysed="no-repeats"][data-state="ready"]');
    assert.deepEqual(await highlighted(page), []);
    assert.equal(await page.evaluate(() => document.getElementById('stat-repeated').textContent), '0');
  });
});

test('playground: pasted HTML runs no script and loads nothing remote', async ({ session }) => {
  const remote = await serveDirectory(resolve(import.meta.dirname, '../../fixtures'));
  try {
    await withPlayground(session, async ({ page, errors }) => {
      const lead = 'The harbour master said the ferry would resume its winter timetable on Monday, weather permitting.';
      const html = `<h1 onclick="window.pwned='onclick'">Ferry news</h1>
        <p>${lead}</p>
        <script>window.pwned = 'script'</script>
        <img src="${remote.url}tracker.png" onerror="window.pwned='onerror'">
        <p style="background:url(${remote.url}bg.png)">Other news about the ferry company's new ship.</p>
        <iframe src="${remote.url}frame.html"></iframe>
        <a href="javascript:window.pwned='link'">a link</a>
        <p>${lead}</p>`;
      await page.$eval('#paste', (el, value) => { el.value = value; }, html);
      await page.click('#analyse-paste');
      await page.waitForSelector('body[data-analysed="pasted"][data-state="ready"]');
      await page.click('#preview a');
      await page.click('#preview h1');
      await new Promise((done) => setTimeout(done, 300));
      assert.equal(await page.evaluate(() => window.pwned), undefined);
      assert.deepEqual(remote.requests, [], 'no remote load');
      const preview = await page.evaluate(() => document.getElementById('preview').innerHTML);
      assert.doesNotMatch(preview, /script|onerror|onclick|iframe|<img|style=|javascript:/i);
      const spans = await highlighted(page);
      assert.equal(spans.length, 1);
      assert.equal(spans[0].text, lead.slice(0, -1));
      // Chromium reports the handlers in DOMParser's inert document as blocked by
      // the playground's own CSP (a second line of defence); nothing else may fail.
      assert.deepEqual(errors.filter((e) => !/inline event handler violates the following Content Security Policy/.test(e)), []);
    });
  } finally {
    await remote.close();
  }
});
