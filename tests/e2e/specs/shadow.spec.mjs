// Text in open shadow roots (web components) is read and painted like the
// rest of the page, in both browsers: the highlight's style reaches inside
// the shadow tree, and switching Ditto off takes it out again.
import assert from 'node:assert/strict';
import { waitForDitto, withPage } from '../lib/page.mjs';
import { openPopup, waitForPopupState } from '../lib/popup.mjs';

// What Ditto painted inside the teaser's shadow root, and how it looks there.
const inShadow = (page) => page.evaluate(() => {
  const root = document.getElementById('teaser').shadowRoot;
  const ranges = [...(CSS.highlights.get('ditto-repeat') ?? [])].filter((r) => r.startContainer.getRootNode() === root);
  const copy = root.getElementById('shadow-copy');
  const style = getComputedStyle(copy, '::highlight(ditto-repeat)');
  return {
    texts: ranges.map((r) => r.toString()),
    holders: ranges.map((r) => r.startContainer.parentElement.id),
    background: style.backgroundColor,
    line: style.textDecorationLine,
  };
});

test('shadow-repeat.html: a repeat inside a web component is highlighted, in the component\'s own style', async ({ session, server }) => {
  await withPage(session, server.url + 'shadow-repeat.html', async ({ page, errors }) => {
    await waitForDitto(page);
    await page.waitForFunction(() => [...(CSS.highlights.get('ditto-repeat') ?? [])].length > 0, { timeout: 5000 });
    const seen = await inShadow(page);
    assert.deepEqual(seen.holders, ['shadow-copy'], 'the copy in the shadow tree, not its new sentence');
    assert.match(seen.texts[0], /^The city council approved four kilometres/);
    // The rule of extension/styles/highlights.css, applied inside the shadow tree.
    assert.equal(seen.background, 'rgba(255, 179, 0, 0.42)');
    assert.match(seen.line, /underline/);
    // The highlight shows: orange-ish pixels where the copy is.
    const box = await page.evaluate(() => {
      const r = document.getElementById('teaser').shadowRoot.getElementById('shadow-copy').getBoundingClientRect();
      return { x: r.x, y: r.y, width: Math.min(r.width, 300), height: r.height };
    });
    const png = await page.screenshot({ clip: box, encoding: 'base64' });
    const orange = await page.evaluate(async (data) => {
      const image = new Image();
      image.src = `data:image/png;base64,${data}`;
      await image.decode();
      const canvas = new OffscreenCanvas(image.width, image.height);
      const context = canvas.getContext('2d');
      context.drawImage(image, 0, 0);
      const pixels = context.getImageData(0, 0, image.width, image.height).data;
      let count = 0;
      for (let i = 0; i < pixels.length; i += 4) if (pixels[i] > 230 && pixels[i + 1] > 180 && pixels[i + 1] < 235 && pixels[i + 2] < 170) count++;
      return count;
    }, png);
    assert.ok(orange > 500, `highlight colour painted in the shadow tree (${orange} pixels)`);
    assert.deepEqual(errors, []);
  });
});

test('shadow-repeat.html: switching Ditto off takes its style out of the shadow tree again', async ({ session, server }) => {
  await withPage(session, server.url + 'shadow-repeat.html', async ({ page, errors }) => {
    await waitForDitto(page);
    await page.waitForFunction(() => [...(CSS.highlights.get('ditto-repeat') ?? [])].length > 0, { timeout: 5000 });
    const dittoRules = () => page.evaluate(() => {
      const root = document.getElementById('teaser').shadowRoot;
      const adopted = root.adoptedStyleSheets.filter((s) => [...s.cssRules].some((r) => r.cssText.includes('ditto-repeat'))).length;
      return adopted + root.querySelectorAll('style[data-ditto-ui]').length;
    });
    assert.equal(await dittoRules(), 1);
    const popup = await openPopup(session, page);
    try {
      await waitForPopupState(popup, 'ready');
      await popup.click('#site-switch');
      await waitForPopupState(popup, 'off');
      await page.waitForFunction(() => !CSS.highlights.has('ditto-repeat'), { timeout: 5000 });
      assert.equal(await dittoRules(), 0, 'no rule of Ditto is left in the shadow tree');
      await popup.click('#site-switch'); // on again, for the next test
      await waitForPopupState(popup, 'ready');
      assert.equal(await dittoRules(), 1);
    } finally {
      await popup.close().catch(() => {});
    }
    assert.deepEqual(errors, []);
  });
});
