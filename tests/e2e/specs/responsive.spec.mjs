// A large page stays responsive: Ditto splits extraction, engine calls and
// painting into slices and gives the main thread back between them, so the
// page's own timers keep running while it works. The slice figures are
// printed (and gathered per real page by the sweep), not asserted here: a
// time budget checked inside a functional test fails on a loaded machine
// rather than on slow code. A page load reads only as far as the reader's
// reach (reach.js); the reader who jumps to the end has the rest read at
// once: that is the large analysis here.
import assert from 'node:assert/strict';
import { analysisMeasures, dittoStats, waitForAnalysis, withPage } from '../lib/page.mjs';

test('large.html: analysed in slices, the page\'s own timer keeps running throughout', async ({ session, server, browserName }) => {
  await withPage(session, server.url + 'large.html', async ({ page, errors }) => {
    const loaded = await waitForAnalysis(page, { timeout: 40000 });
    assert.ok(loaded.blocks < 100, `a page load reads the first screens only: ${JSON.stringify(loaded)}`);
    await page.evaluate(() => window.scrollTo({ top: document.documentElement.scrollHeight, behavior: 'instant' }));
    await page.waitForFunction(() => performance.getEntriesByName('ditto:analysis').length >= 2, { timeout: 40000, polling: 50 });
    const figures = (await analysisMeasures(page)).at(-1);
    console.log(`     ${browserName} large.html: ${figures.blocks} blocks, ${figures.repeatedBlocks} repeated, ` +
      `${figures.itemsCollapsed} items collapsed, analysis ${figures.analysisMs.toFixed(0)} ms, longest task ${figures.longestTaskMs.toFixed(1)} ms`);
    assert.ok(figures.blocks >= 4000, JSON.stringify(figures));
    assert.ok(figures.repeatedBlocks >= 300, JSON.stringify(figures));
    assert.equal(figures.batches, 2, 'the first screens, then the rest of the page in one analysis');
    // The second analysis spans its measure; the fixture's 5 ms interval
    // records each time the page's main thread was free to run it.
    const { beats, start, duration } = await page.evaluate(() => {
      const measure = performance.getEntriesByName('ditto:analysis')[1];
      return {
        beats: window.heartbeats.filter((t) => t > measure.startTime && t < measure.startTime + measure.duration).length,
        start: measure.startTime,
        duration: measure.duration,
      };
    });
    // Work done in one task would leave no beat inside its span; in slices,
    // the page runs between every two of them.
    assert.ok(duration > 0 && start > 0, JSON.stringify({ start, duration }));
    assert.ok(beats >= 10, `the page's timer ran ${beats} times during the ${duration.toFixed(0)} ms analysis`);
    assert.ok(figures.longestTaskMs > 0 && figures.longestTaskMs <= figures.analysisMs,
      `longest slice ${figures.longestTaskMs} ms of ${figures.analysisMs} ms`);
    // The figures the page-load benchmark reads (benches/pageload.mjs): the
    // phases are parts of the analysis (timer rounding aside).
    const phases = figures.phaseMs;
    assert.deepEqual(Object.keys(phases).sort(), ['collapse', 'engine', 'extract', 'lists', 'paint']);
    assert.ok(phases.extract > 0 && phases.engine > 0 && phases.lists > 0, JSON.stringify(phases));
    const phaseSum = Object.values(phases).reduce((a, b) => a + b, 0);
    assert.ok(phaseSum <= figures.analysisMs * 1.1 + 5, `phases ${phaseSum} ms of an analysis of ${figures.analysisMs} ms`);
    assert.deepEqual(errors, []);
  });
});

test('large.html: the popup\'s stats carry the same longest task', async ({ session, server }) => {
  await withPage(session, server.url + 'large.html', async ({ page, errors }) => {
    await waitForAnalysis(page, { timeout: 40000 });
    // The popup's figures are the whole page's: it has the rest read first.
    const stats = await dittoStats(session, page);
    const figures = (await analysisMeasures(page)).at(-1);
    assert.ok(figures.blocks >= 4000, JSON.stringify(figures));
    assert.equal(stats.longestTaskMs, figures.longestTaskMs);
    assert.equal(stats.totals.blocks, figures.blocks);
    assert.deepEqual(errors, []);
  });
}, { only: 'chromium' });
