// The background engine (pages whose CSP keeps WebAssembly out of Chrome's
// content scripts) outlives Chrome's stopping of an idle service worker:
// content that arrives afterwards is still compared with the whole page, and
// the page's block ids (jump links, the popup's top repeats) stay right.
import assert from 'node:assert/strict';
import { dittoStats, highlighted, messageTab, stopServiceWorker, waitForDitto, withPage } from '../lib/page.mjs';

const LEAD = 'The city council voted on Tuesday to close the Old Mill bridge for three months while engineers replace its corroded steel beams.';

const flashedId = (page) => page.evaluate(() => {
  const [range] = CSS.highlights.get('ditto-flash') ?? [];
  if (!range) return null;
  const holder = range.commonAncestorContainer;
  return (holder.nodeType === Node.ELEMENT_NODE ? holder : holder.parentElement).closest('[id]')?.id ?? null;
});

test('strict-csp.html: content added after Chrome stopped the service worker is compared with the whole page', async ({ session, server }) => {
  await withPage(session, server.url + 'strict-csp.html', async ({ page, errors }) => {
    await waitForDitto(page);
    const before = await dittoStats(session, page);
    assert.equal(before.where, 'background');
    assert.deepEqual((await highlighted(page)).map((s) => s.id), ['copy']);

    await stopServiceWorker(session);
    // Later content (a live update): it repeats the lead, which only the
    // lost index had seen.
    await page.evaluate((lead) => {
      const late = document.createElement('p');
      late.id = 'late';
      late.textContent = lead;
      document.querySelector('article').append(late);
    }, LEAD);
    await page.waitForFunction(
      () => [...(CSS.highlights.get('ditto-repeat') ?? [])].some((r) => r.startContainer.parentElement?.id === 'late'),
      { timeout: 10000, polling: 50 },
    );
    assert.deepEqual((await highlighted(page)).map((s) => s.id), ['copy', 'late']);

    const after = await dittoStats(session, page);
    assert.equal(after.where, 'background');
    assert.equal(after.batches, before.batches + 1);
    assert.equal(after.totals.blocks, before.totals.blocks + 1, 'page totals go on from the whole page');
    assert.equal(after.totals.repeatedBlocks, 2);
    assert.equal(after.topRepeats.length, 1);
    assert.equal(after.topRepeats[0].count, 2, 'both copies point at the same first occurrence');
    assert.deepEqual(await messageTab(session, page, { type: 'ditto:jump', block: after.topRepeats[0].block }), { ok: true });
    assert.equal(await flashedId(page), 'lead', 'the jump still lands on the lead');
    assert.deepEqual(errors, []);
  });
}, { only: 'chromium' });

test('strict-csp.html on a plain http:// site (not a secure context): the background engine still paints', async ({ session, server }) => {
  const insecure = server.url.replace('127.0.0.1', 'news.ditto.test');
  await withPage(session, insecure + 'strict-csp.html', async ({ page, errors }) => {
    assert.equal(await page.evaluate(() => isSecureContext), false, 'the page is not a secure context');
    await waitForDitto(page);
    assert.deepEqual((await highlighted(page)).map((s) => s.id), ['copy']);
    const stats = await dittoStats(session, page);
    assert.equal(stats.where, 'background');
    assert.equal(stats.failed, null);
    assert.deepEqual(errors, []);
  });
}, { only: 'chromium' });
