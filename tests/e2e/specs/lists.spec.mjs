// "Similar News"-style lists: found from the DOM's shape (ul/li, div soup,
// styled cards without a heading), same-story items collapsed behind their
// representative's expander, which a keyboard or a click opens and closes
// again. Collapsed items stay out of sight whatever display the page's own
// stylesheet gives them.
import assert from 'node:assert/strict';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serveDirectory } from '../../../tools/static-server.mjs';
import { collapsedIds, expanders, waitForDitto, waitForExpanders, withPage } from '../lib/page.mjs';

/** The expander button inside the shadow root of the expander next to `id`. */
async function expanderButton(page, id) {
  return page.evaluateHandle((holder) =>
    document.getElementById(holder).querySelector('[data-ditto-ui]').shadowRoot.querySelector('button'), id);
}

async function assertOpensAndCloses(page, anchorId, hiddenIds) {
  // Keyboard: focus the real <button> and press Enter, then Space.
  const button = await expanderButton(page, anchorId);
  await button.focus();
  await page.keyboard.press('Enter');
  assert.deepEqual(await collapsedIds(page), [], 'Enter shows the collapsed items');
  assert.equal((await expanders(page))[0].expanded, 'true');
  await page.keyboard.press(' ');
  assert.deepEqual(await collapsedIds(page), hiddenIds, 'Space hides them again');
  assert.equal((await expanders(page))[0].expanded, 'false');
  // Mouse.
  await button.click();
  assert.deepEqual(await collapsedIds(page), []);
  const shown = await page.$$eval(hiddenIds.map((id) => `#${id}`).join(','), (els) => els.map((el) => el.checkVisibility()));
  assert.deepEqual(shown, hiddenIds.map(() => true));
  await button.click();
  assert.deepEqual(await collapsedIds(page), hiddenIds);
}

for (const fixture of ['similar-news-ul.html', 'similar-news-div.html', 'similar-news-cards.html']) {
  test(`${fixture}: rewrites of one AP story collapse behind the first, the unrelated item stays`, async ({ session, server }) => {
    await withPage(session, server.url + fixture, async ({ page, errors }) => {
      await waitForDitto(page);
      await waitForExpanders(page);
      assert.deepEqual(await collapsedIds(page), ['s2', 's3', 's4']);
      const visible = await page.$$eval('#list > [id]', (els) => els.filter((el) => el.checkVisibility()).map((el) => el.id));
      assert.deepEqual(visible, ['s1', 'other']);
      assert.deepEqual(await expanders(page), [
        { text: '+3 more versions of this story · AP', expanded: 'false', nextTo: 's1' },
      ]);
      await assertOpensAndCloses(page, 's1', ['s2', 's3', 's4']);
      assert.deepEqual(errors, []);
    });
  });
}

test('similar-news-article.html: a list whose every item retells the article collapses to one line', async ({ session, server }) => {
  await withPage(session, server.url + 'similar-news-article.html', async ({ page, errors }) => {
    await waitForDitto(page);
    await waitForExpanders(page);
    assert.deepEqual(await collapsedIds(page), ['r1', 'r2', 'r3']);
    const [expander] = await expanders(page);
    assert.equal(expander.text, '+3 stories repeat this article');
    assert.equal(expander.nextTo, 'list');
    // One line: the list's height is now the expander's.
    const height = await page.$eval('#list', (el) => el.getBoundingClientRect().height);
    const line = await page.$eval('#list [data-ditto-ui]', (el) => el.getBoundingClientRect().height);
    assert.ok(height <= line * 1.5 + 2, `list height ${height}, expander ${line}`);
    assert.deepEqual(errors, []);
  });
});

// The shared session (the code the playground uses) against an engine
// stand-in whose clusters are known, on a page the content script leaves
// alone: collapsing, the expander and an exact undo, independent of the
// engine's own clustering. The page imports the shared modules from its own
// origin, served beside it as the playground serves them.
test('playground-lists.html: the shared session collapses reported clusters and undoes it exactly', async ({ session }) => {
  const dir = await mkdtemp(join(tmpdir(), 'ditto-shared-'));
  await cp(resolve(import.meta.dirname, '../../fixtures/playground-lists.html'), join(dir, 'playground-lists.html'));
  await cp(resolve(import.meta.dirname, '../../../extension/shared'), join(dir, 'shared'), { recursive: true });
  const own = await serveDirectory(dir);
  try {
    await withPlaygroundLists(session, own);
  } finally {
    await own.close();
    await rm(dir, { recursive: true, force: true });
  }
});

async function withPlaygroundLists(session, server) {
  await withPage(session, server.url + 'playground-lists.html', async ({ page, errors }) => {
    const base = server.url;
    const result = await page.evaluate(async (moduleBase) => {
      const { DittoSession } = await import(`${moduleBase}shared/session.js`);
      const original = document.documentElement.outerHTML;
      let nextId = 0;
      const seen = [];
      // Clusters every item whose text carries the "(AP)" dateline; the
      // stand-in sees only what the session sends, like the real engine.
      const engine = {
        where: 'page',
        analyze: async (batch) => {
          seen.push(...batch);
          const blocks = batch.map(() => ({ id: nextId++, spans: [], nearDuplicateOf: null }));
          const lists = [...new Set(batch.filter((b) => b.list !== undefined).map((b) => b.list))].map((list) => {
            const wire = [...new Set(seen.filter((b) => b.list === list && b.text.includes('(AP)')).map((b) => b.item))].sort((a, b) => a - b);
            const items = new Set(seen.filter((b) => b.list === list).map((b) => b.item)).size;
            return { list, items, clusters: [{ representative: wire[0], items: wire, agency: 'AP', sameAsArticle: false }] };
          });
          return { blocks, lists, totals: { blocks: nextId, repeatedBlocks: 0 } };
        },
      };
      const ditto = new DittoSession({ root: document.body, engine });
      await ditto.run();
      const collapsed = [...document.querySelectorAll('[data-ditto-collapsed][hidden]')].map((el) => el.id);
      const button = document.querySelector('#s1 [data-ditto-ui]').shadowRoot.querySelector('button');
      const text = button.textContent;
      const listBlocks = seen.filter((b) => b.list !== undefined).map((b) => `${b.list}:${b.item}:${b.kind}`);
      const stats = ditto.stats();
      ditto.clear();
      return { collapsed, text, listBlocks, lists: stats.lists, restored: document.documentElement.outerHTML === original };
    }, base);
    assert.deepEqual(result.collapsed, ['s2', 's3', 's4']);
    assert.equal(result.text, '+3 more versions of this story · AP');
    // Five items, each a linked headline (its title) and a snippet: ten blocks of list 0.
    assert.deepEqual(result.listBlocks, [
      '0:0:title', '0:0:paragraph', '0:1:title', '0:1:paragraph', '0:2:title', '0:2:paragraph',
      '0:3:title', '0:3:paragraph', '0:4:title', '0:4:paragraph',
    ]);
    assert.deepEqual(result.lists, { found: 1, collapsed: 1, itemsCollapsed: 3 });
    assert.equal(result.restored, true, 'after clear() the serialised DOM equals the original');
    // The content script stayed out of the playground-like page.
    assert.equal(await page.evaluate(() => CSS.highlights.has('ditto-repeat')), false);
    assert.deepEqual(errors, []);
  });
}

test('similar-news-scroll.html: rewrites that arrive later in the same list collapse behind the first item', async ({ session, server }) => {
  await withPage(session, server.url + 'similar-news-scroll.html', async ({ page, errors }) => {
    await waitForDitto(page);
    await page.waitForFunction(() => document.getElementById('s3'), { timeout: 5000 });
    await waitForExpanders(page);
    assert.deepEqual(await collapsedIds(page), ['s2', 's3']);
    assert.deepEqual(await expanders(page), [
      { text: '+2 more versions of this story · AP', expanded: 'false', nextTo: 's1' },
    ]);
    await assertOpensAndCloses(page, 's1', ['s2', 's3']);
    assert.deepEqual(errors, []);
  });
});

test('never-collapse.html: navigation, share buttons, categories, footers and one template of headlines never collapse', async ({ session, server }) => {
  await withPage(session, server.url + 'never-collapse.html', async ({ page, errors }) => {
    await waitForDitto(page);
    await new Promise((done) => setTimeout(done, 300)); // the lists' report comes with the first analysis
    assert.deepEqual(await collapsedIds(page), []);
    assert.deepEqual(await expanders(page), []);
    assert.deepEqual(errors, []);
  });
});

test('listed-above.html: a list that repeats stories of a list above hides them behind one line, each behind its first telling', async ({ session, server }) => {
  await withPage(session, server.url + 'listed-above.html', async ({ page, errors }) => {
    await waitForDitto(page);
    await waitForExpanders(page);
    assert.deepEqual(await collapsedIds(page), ['m1', 'm3', 'm4'], 'the new story stays, the cut-short headline goes');
    assert.deepEqual(await expanders(page), [{ text: '+3 stories listed above', expanded: 'false', nextTo: 'most-read' }]);
    // Each hidden item names the item above that tells its story.
    const behind = await page.evaluate(() => ['m1', 'm3', 'm4'].map((id) => {
      const story = document.getElementById(id).getAttribute('data-ditto-collapsed');
      return document.querySelector(`[data-ditto-story~="${story}"]`)?.id;
    }));
    assert.deepEqual(behind, ['l2', 'l1', 'l4']);
    const button = await page.evaluateHandle(() => document.querySelector('#most-read [data-ditto-ui]').shadowRoot.querySelector('button'));
    await button.click();
    assert.deepEqual(await collapsedIds(page), []);
    assert.equal((await expanders(page))[0].text, 'Hide 3 stories listed above');
    await button.click();
    assert.deepEqual(await collapsedIds(page), ['m1', 'm3', 'm4']);
    assert.deepEqual(errors, []);
  });
});
