// A large page stays responsive: Ditto splits extraction, engine calls and
// painting so that none of its tasks on the page's main thread reaches 50 ms.
import assert from 'node:assert/strict';
import { dittoStats, waitForAnalysis, withPage } from '../lib/page.mjs';

const LONG_TASK_MS = 50;

test('large.html: analysed in slices, the longest content-script task stays under 50 ms', async ({ session, server, browserName }) => {
  await withPage(session, server.url + 'large.html', async ({ page, errors }) => {
    const figures = await waitForAnalysis(page, { timeout: 40000 });
    console.log(`     ${browserName} large.html: ${figures.blocks} blocks, ${figures.repeatedBlocks} repeated, ` +
      `${figures.itemsCollapsed} items collapsed, analysis ${figures.analysisMs.toFixed(0)} ms, longest task ${figures.longestTaskMs.toFixed(1)} ms`);
    assert.ok(figures.blocks >= 4000, JSON.stringify(figures));
    assert.ok(figures.repeatedBlocks >= 300, JSON.stringify(figures));
    // The work really was long: without slicing it would be one long task.
    assert.ok(figures.analysisMs > 2 * LONG_TASK_MS, `analysis took ${figures.analysisMs} ms`);
    assert.ok(figures.longestTaskMs > 0 && figures.longestTaskMs < LONG_TASK_MS, `longest task ${figures.longestTaskMs} ms`);
    assert.deepEqual(errors, []);
  });
});

test('large.html: the popup\'s stats carry the same longest task', async ({ session, server }) => {
  await withPage(session, server.url + 'large.html', async ({ page, errors }) => {
    const figures = await waitForAnalysis(page, { timeout: 40000 });
    const stats = await dittoStats(session, page);
    assert.equal(stats.longestTaskMs, figures.longestTaskMs);
    assert.equal(stats.totals.blocks, figures.blocks);
    assert.deepEqual(errors, []);
  });
}, { only: 'chromium' });
