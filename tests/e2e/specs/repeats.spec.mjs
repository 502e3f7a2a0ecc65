// Repeated text is highlighted where it repeats, not where it first appears:
// whole paragraphs, a repeated sentence inside a longer paragraph, and a
// copy that differs only in its quotes. Clicking a highlighted repeat (or the
// popup's jump link) takes the reader to the first occurrence.
import assert from 'node:assert/strict';
import { dittoStats, highlighted, messageTab, waitForDitto, withPage } from '../lib/page.mjs';

const LEAD = 'The city council voted on Tuesday to close the Old Mill bridge';

for (const fixture of ['repeated-paragraph.html', 'strict-csp.html']) {
  test(`${fixture}: the second copy is highlighted, the first is not`, async ({ session, server }) => {
    await withPage(session, server.url + fixture, async ({ page, errors }) => {
      await waitForDitto(page);
      const spans = await highlighted(page);
      assert.deepEqual(spans.map((s) => s.id), ['copy'], `highlighted: ${JSON.stringify(spans)}`);
      assert.ok(spans[0].text.startsWith(LEAD), spans[0].text);
      assert.deepEqual(errors, []);
    });
  });
}

test('partial-repeat.html: a repeated sentence is highlighted alone, not the new text beside it', async ({ session, server }) => {
  await withPage(session, server.url + 'partial-repeat.html', async ({ page, errors }) => {
    await waitForDitto(page);
    const spans = (await highlighted(page)).filter((s) => s.id === 'partial');
    assert.equal(spans.length, 1, `spans in #partial: ${JSON.stringify(spans)}`);
    assert.match(spans[0].text, /^Ferry crews across the harbour walked off the job on Monday morning/);
    assert.match(spans[0].text, /reach the city centre\.?$/);
    assert.ok(!spans[0].text.includes('talks would resume'), 'the new first sentence is not a repeat');
    assert.deepEqual(errors, []);
  });
});

test('partial-repeat.html: a copy with straight quotes instead of curly ones is a repeat', async ({ session, server }) => {
  await withPage(session, server.url + 'partial-repeat.html', async ({ page, errors }) => {
    await waitForDitto(page);
    const spans = await highlighted(page);
    const curly = spans.filter((s) => s.id === 'curly');
    assert.ok(curly.length >= 1, `highlighted: ${JSON.stringify(spans)}`);
    assert.match(curly.map((s) => s.text).join(' '), /We have asked for safe rosters for two years/);
    assert.ok(!spans.some((s) => s.id === 'quote' || s.id === 'lead'), 'first occurrences stay unpainted');
    assert.deepEqual(errors, []);
  });
});

// Which element holds the flashed first occurrence (null while none is flashed).
const flashedId = (page) =>
  page.evaluate(() => {
    const flash = CSS.highlights.get('ditto-flash');
    if (!flash || flash.size === 0) return null;
    const [range] = flash;
    const holder = range.commonAncestorContainer;
    return (holder.nodeType === Node.ELEMENT_NODE ? holder : holder.parentElement).closest('[id]')?.id ?? null;
  });

test('clicking a highlighted repeat flashes its first occurrence and scrolls to it', async ({ session, server }) => {
  await withPage(session, server.url + 'repeated-paragraph.html', async ({ page, errors }) => {
    await page.setViewport({ width: 800, height: 300 });
    // Push the copy far below the first occurrence so that the jump has to scroll.
    await page.evaluate(() => { document.getElementById('other').style.marginBottom = '3000px'; });
    await waitForDitto(page);
    assert.equal(await flashedId(page), null);
    await page.evaluate(() => document.getElementById('copy').scrollIntoView());
    // The copy lay beyond the reader's reach: it is read, and marked, as the
    // reader scrolls to it. The reader clicks what is marked.
    await page.waitForFunction(() => {
      const copy = document.getElementById('copy');
      return [...(CSS.highlights.get('ditto-repeat') ?? [])].some((range) => copy.contains(range.startContainer));
    }, { timeout: 5000 });
    const before = await page.evaluate(() => scrollY);
    // Click on the paragraph's first words (its centre can fall past the end
    // of a short last line, where there is no text).
    const box = await (await page.$('#copy')).boundingBox();
    await page.mouse.click(box.x + 20, box.y + 5);
    await page.waitForFunction(() => CSS.highlights.get('ditto-flash')?.size > 0, { timeout: 5000 });
    assert.equal(await flashedId(page), 'lead');
    await page.waitForFunction((y) => scrollY < y - 1000, { timeout: 5000 }, before);
    assert.deepEqual(errors, []);
  });
});

test('clicking text that is not a repeat does nothing', async ({ session, server }) => {
  await withPage(session, server.url + 'repeated-paragraph.html', async ({ page, errors }) => {
    await waitForDitto(page);
    const box = await (await page.$('#other')).boundingBox();
    await page.mouse.click(box.x + 20, box.y + 5);
    await new Promise((done) => setTimeout(done, 300));
    assert.equal(await flashedId(page), null);
    assert.deepEqual(errors, []);
  });
});

test('ditto:stats lists the top repeat, and ditto:jump to it flashes the first occurrence', async ({ session, server }) => {
  await withPage(session, server.url + 'repeated-paragraph.html', async ({ page, errors }) => {
    await waitForDitto(page);
    const stats = await dittoStats(session, page);
    assert.equal(stats.enabled, true);
    assert.equal(stats.host, '127.0.0.1');
    assert.equal(stats.where, 'background', 'the engine is the background\'s (content/engine-client.js)');
    assert.equal(stats.totals.repeatedBlocks, 1);
    assert.ok(stats.analysisMs > 0 && stats.longestTaskMs > 0 && stats.longestTaskMs <= stats.analysisMs, JSON.stringify(stats));
    assert.equal(stats.topRepeats.length, 1);
    assert.equal(stats.topRepeats[0].count, 1);
    assert.ok(stats.topRepeats[0].text.startsWith(LEAD), stats.topRepeats[0].text);
    assert.ok(stats.topRepeats[0].text.length <= 120);
    const answer = await messageTab(session, page, { type: 'ditto:jump', block: stats.topRepeats[0].block });
    assert.deepEqual(answer, { ok: true });
    assert.equal(await flashedId(page), 'lead');
    assert.deepEqual(errors, []);
  });
}, { only: 'chromium' });

test('code-repeat.html: repeated code is never highlighted, not in a pre, not inline', async ({ session, server }) => {
  await withPage(session, server.url + 'code-repeat.html', async ({ page, errors }) => {
    await waitForDitto(page);
    const spans = await highlighted(page);
    assert.ok(spans.some((s) => s.id === 'intro-again'), `the repeated sentence is highlighted: ${JSON.stringify(spans)}`);
    assert.ok(!spans.some((s) => ['code-1', 'code-2', 'inline'].includes(s.id)), 'nothing inside code');
    const inCode = await page.evaluate(() => [...CSS.highlights.get('ditto-repeat')].filter((r) => {
      const holder = r.commonAncestorContainer;
      const el = holder.nodeType === Node.ELEMENT_NODE ? holder : holder.parentElement;
      return el.closest('pre, code') || r.intersectsNode(document.getElementById('inline'));
    }).length);
    assert.equal(inCode, 0);
    assert.deepEqual(errors, []);
  });
});
