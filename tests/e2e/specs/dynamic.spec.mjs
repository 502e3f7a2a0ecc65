// Content that arrives after load is analysed as it arrives, against the
// same page index; a single-page app's route change is analysed as a new
// page; Ditto's own changes never set off another analysis.
import assert from 'node:assert/strict';
import { analysisMeasures, highlighted, waitForAnalysis, waitForDitto, waitForExpanders, withPage } from '../lib/page.mjs';

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
    await waitForAnalysis(page);
    const box = await (await page.$('#copy')).boundingBox();
    await page.mouse.click(box.x + 20, box.y + 5); // a jump: flash highlight and scrolling
    await page.waitForFunction(() => CSS.highlights.get('ditto-flash')?.size > 0, { timeout: 5000 });
    await new Promise((done) => setTimeout(done, 1000));
    const measures = await analysisMeasures(page);
    assert.equal(measures.length, 1, JSON.stringify(measures));
    assert.equal(measures[0].blocks, 6);
    assert.deepEqual(errors, []);
  });
});

test('similar-news-ul.html: expanders Ditto inserts set off no further analysis', async ({ session, server }) => {
  await withPage(session, server.url + 'similar-news-ul.html', async ({ page, errors }) => {
    await waitForAnalysis(page);
    await waitForExpanders(page);
    await new Promise((done) => setTimeout(done, 1000));
    const measures = await analysisMeasures(page);
    assert.equal(measures.length, 1, JSON.stringify(measures));
    assert.equal(measures[0].batches, 1);
    assert.deepEqual(errors, []);
  });
});

test('dynamic.html: new content costs only its own blocks (one more batch, same index)', async ({ session, server }) => {
  await withPage(session, server.url + 'dynamic.html', async ({ page, errors }) => {
    const first = await waitForAnalysis(page);
    await page.waitForFunction(
      () => [...(CSS.highlights.get('ditto-repeat') ?? [])].some((r) => r.startContainer.parentElement.id === 'late'),
      { timeout: 5000, polling: 50 },
    );
    const after = (await analysisMeasures(page)).at(-1);
    assert.equal(after.batches, first.batches + 1);
    // The update section adds two blocks (its heading and paragraph), nothing is read twice.
    assert.equal(after.blocks, first.blocks + 2);
    assert.deepEqual(errors, []);
  });
});

test('repeated-paragraph.html: an in-page #anchor keeps the analysis, a hash route (#/…) starts a new one', async ({ session, server }) => {
  await withPage(session, server.url + 'repeated-paragraph.html', async ({ page, errors }) => {
    await waitForAnalysis(page);
    await page.evaluate(() => { location.hash = 'copy'; });
    await new Promise((done) => setTimeout(done, 800));
    assert.equal((await analysisMeasures(page)).length, 1, 'following an in-page link is not a new page');
    assert.deepEqual(await ids(page), ['copy']);
    await page.evaluate(() => { location.hash = '#/story/2'; });
    await page.waitForFunction(() => performance.getEntriesByName('ditto:analysis').length === 2, { timeout: 5000, polling: 50 });
    const [, again] = await analysisMeasures(page);
    assert.equal(again.batches, 1, 'a new route is analysed afresh');
    assert.equal(again.blocks, 6);
    assert.deepEqual(await ids(page), ['copy']);
    assert.deepEqual(errors, []);
  });
});
