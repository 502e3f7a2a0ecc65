// Content that arrives after load is analysed as it arrives, against the
// same page index; a single-page app's route change is analysed as a new
// page; Ditto's own changes never set off another analysis.
import assert from 'node:assert/strict';
import { dittoStats, highlighted, waitForDitto, withPage } from '../lib/page.mjs';

const ids = async (page) => (await highlighted(page)).map((s) => s.id);

test('dynamic.html: a paragraph added after load that repeats the lead is highlighted', async ({ session, server }) => {
  await withPage(session, server.url + 'dynamic.html', async ({ page, errors }) => {
    await waitForDitto(page);
    await page.waitForFunction(() => document.getElementById('late'), { timeout: 5000 });
    await page.waitForFunction(
      () => [...(CSS.highlights.get('ditto-repeat') ?? [])].some((r) => r.startContainer.parentElement.id === 'late'),
      { timeout: 5000, polling: 50 },
    );
    assert.deepEqual(await ids(page), ['late']);
    assert.deepEqual(errors, []);
  });
});

test('dynamic.html: after a pushState route change only the new route\'s repeat is highlighted', async ({ session, server }) => {
  await withPage(session, server.url + 'dynamic.html', async ({ page, errors }) => {
    await waitForDitto(page);
    await page.click('#next');
    await page.waitForFunction(
      () => [...(CSS.highlights.get('ditto-repeat') ?? [])].some((r) => r.startContainer.parentElement?.id === 'route-copy'),
      { timeout: 5000, polling: 50 },
    );
    // The old route's text is forgotten with its index: its late paragraph
    // (added to the new <main> if its timer fires after the swap) repeats
    // nothing on this route.
    await new Promise((done) => setTimeout(done, 1500));
    assert.deepEqual(await ids(page), ['route-copy']);
    assert.deepEqual(errors, []);
  });
});

test('repeated-paragraph.html: Ditto\'s own painting sets off no further analysis', async ({ session, server }) => {
  await withPage(session, server.url + 'repeated-paragraph.html', async ({ page, errors }) => {
    await waitForDitto(page);
    const box = await (await page.$('#copy')).boundingBox();
    await page.mouse.click(box.x + 20, box.y + 5); // a jump: flash highlight and scrolling
    await page.waitForFunction(() => CSS.highlights.get('ditto-flash')?.size > 0, { timeout: 5000 });
    await new Promise((done) => setTimeout(done, 1000));
    const stats = await dittoStats(session, page);
    assert.equal(stats.batches, 1, JSON.stringify(stats));
    assert.equal(stats.totals.blocks, 6);
    assert.deepEqual(errors, []);
  });
}, { only: 'chromium' });

test('similar-news-ul.html: expanders Ditto inserts set off no further analysis', async ({ session, server }) => {
  await withPage(session, server.url + 'similar-news-ul.html', async ({ page, errors }) => {
    await waitForDitto(page);
    await new Promise((done) => setTimeout(done, 1000));
    const stats = await dittoStats(session, page);
    assert.equal(stats.batches, 1, JSON.stringify(stats));
    assert.deepEqual(errors, []);
  });
}, { only: 'chromium' });

test('dynamic.html: new content costs only its own blocks (one more batch, same index)', async ({ session, server }) => {
  await withPage(session, server.url + 'dynamic.html', async ({ page, errors }) => {
    await waitForDitto(page);
    const first = await dittoStats(session, page);
    await page.waitForFunction(
      () => [...(CSS.highlights.get('ditto-repeat') ?? [])].some((r) => r.startContainer.parentElement.id === 'late'),
      { timeout: 5000, polling: 50 },
    );
    const after = await dittoStats(session, page);
    assert.equal(after.batches, first.batches + 1);
    // The update section adds two blocks (its heading and paragraph), nothing is read twice.
    assert.equal(after.totals.blocks, first.totals.blocks + 2);
    assert.deepEqual(errors, []);
  });
}, { only: 'chromium' });
