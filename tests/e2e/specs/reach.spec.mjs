// A page load reads the page as far as the reader's reach (the viewport and
// one screen below it); the rest is read when the reader scrolls near it,
// or at once when the popup asks for the page's figures. Either way in
// reading order, so that the same text is marked as when the whole page is
// read at once. long-page.html: a repeat on the first screen, a second copy
// and a same-story list 6000 px further down, and an aside drawn at the top
// but last in the document.
import assert from 'node:assert/strict';
import { analysisMeasures, collapsedIds, expanders, flashedText, highlighted, waitForAnalysis, waitForExpanders, withPage } from '../lib/page.mjs';
import { openPopup, popupView, runCommand, waitForPopupState } from '../lib/popup.mjs';

const PARAGRAPHS = ['lead', 'early-copy', 'late-copy', 'deep', 'side-copy', 'appended'];
const markedParagraphs = async (page) => (await highlighted(page)).map((h) => h.id).filter((id) => PARAGRAPHS.includes(id)).sort();
const settle = (ms = 600) => new Promise((done) => setTimeout(done, ms));

test('long-page.html: a page load marks the repeats within reach and leaves the rest of the page alone', async ({ session, server }) => {
  await withPage(session, server.url + 'long-page.html', async ({ page, errors }) => {
    const first = await waitForAnalysis(page);
    await settle();
    assert.deepEqual(await markedParagraphs(page), ['early-copy']);
    assert.deepEqual(await collapsedIds(page), []);
    const measures = await analysisMeasures(page);
    assert.equal(measures.length, 1, JSON.stringify(measures));
    assert.equal(first.blocks, 4, 'the headline and the three paragraphs above the gap');
    assert.deepEqual(errors, []);
  });
});

test('long-page.html: scrolling near the rest reads it in reading order: the copy far below, the list, and the aside drawn at the top but written last', async ({ session, server }) => {
  await withPage(session, server.url + 'long-page.html', async ({ page, errors }) => {
    await waitForAnalysis(page);
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await waitForExpanders(page);
    await page.waitForFunction(() => (CSS.highlights.get('ditto-repeat')?.size ?? 0) >= 3, { timeout: 8000, polling: 50 });
    await settle();
    // #deep comes before the aside's copy of it in the document: the copy is
    // the repeat, although the aside was on screen from the start.
    assert.deepEqual(await markedParagraphs(page), ['early-copy', 'late-copy', 'side-copy']);
    assert.deepEqual(await collapsedIds(page), ['s2', 's3', 's4']);
    assert.deepEqual((await expanders(page)).map((e) => e.text), ['+3 more versions of this story · AP']);
    // The headline, six paragraphs, the list's heading, five items of a headline and a snippet each.
    assert.equal((await analysisMeasures(page)).at(-1).blocks, 18);
    assert.deepEqual(errors, []);
  });
});

test('long-page.html: the popup counts the whole page without the reader scrolling, and the rest is marked too', async ({ session, server }) => {
  await withPage(session, server.url + 'long-page.html', async ({ page, errors }) => {
    await waitForAnalysis(page);
    const popup = await openPopup(session, page);
    try {
      await waitForPopupState(popup, 'ready');
      const view = await popupView(popup);
      assert.equal(view.blocks, '18');
      // The two copies of the lead, the aside's copy, and two snippets that repeat the first item's sentence.
      assert.equal(view.repeated, '5');
      assert.equal(view.lists, '1');
      assert.equal(view.items, '3');
    } finally {
      await popup.close().catch(() => {});
    }
    assert.deepEqual(await markedParagraphs(page), ['early-copy', 'late-copy', 'side-copy']);
    assert.deepEqual(await collapsedIds(page), ['s2', 's3', 's4']);
    assert.deepEqual(errors, []);
  });
});

test('long-page.html: the next-repeat command steps on into the part of the page not read yet', async ({ session, server }) => {
  await withPage(session, server.url + 'long-page.html', async ({ page, errors }) => {
    await waitForAnalysis(page);
    const marked = async (id) => (await highlighted(page)).find((h) => h.id === id)?.text;
    assert.deepEqual(await runCommand(session, page, 'next-repeat'), { ok: true });
    assert.equal(await flashedText(page), await marked('early-copy'));
    assert.deepEqual(await runCommand(session, page, 'next-repeat'), { ok: true });
    const late = await marked('late-copy');
    assert.ok(late?.length > 100, 'the copy 6000 px below the first screens is marked');
    assert.equal(await flashedText(page), late);
    assert.deepEqual(errors, []);
  });
});

test('long-page.html: content added after load below the part not read yet waits for it, in reading order', async ({ session, server }) => {
  await withPage(session, server.url + 'long-page.html?append', async ({ page, errors }) => {
    await waitForAnalysis(page);
    await page.waitForSelector('#appended');
    await settle(); // past the debounce of new content
    assert.deepEqual(await markedParagraphs(page), ['early-copy']);
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await page.waitForFunction(() => (CSS.highlights.get('ditto-repeat')?.size ?? 0) >= 4, { timeout: 8000, polling: 50 });
    await settle();
    // #deep comes first in the document: the appended copy is the repeat.
    assert.deepEqual(await markedParagraphs(page), ['appended', 'early-copy', 'late-copy', 'side-copy']);
    assert.deepEqual(errors, []);
  });
});
