// How highlights look and what they leave alone: the repeat stays readable on
// a light and on a dark page, and painting moves no box on the page.
import assert from 'node:assert/strict';
import { highlighted, waitForDitto, withPage } from '../lib/page.mjs';

// WCAG's contrast ratio for normal text.
const MIN_CONTRAST = 4.5;

// The page as it comes, and the same page in a dark theme of its own.
const THEMES = { light: null, dark: 'html { background: #15171a; color: #e8e6e3; }' };

for (const [theme, css] of Object.entries(THEMES)) {
  test(`repeated-paragraph.html, ${theme} page: a highlighted repeat keeps its text readable (contrast ${MIN_CONTRAST}:1 or more), and so does the mark of a paragraph read elsewhere`, async ({ session, server }) => {
    await withPage(session, server.url + 'repeated-paragraph.html', async ({ page, errors }) => {
      if (css) await page.addStyleTag({ content: css });
      await waitForDitto(page);
      assert.deepEqual((await highlighted(page)).map((s) => s.id), ['copy']);
      if (css) assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor), 'rgb(21, 23, 26)');
      for (const name of ['ditto-repeat', 'ditto-read']) {
        const colours = await page.evaluate((highlightName) => {
          const copy = document.getElementById('copy');
          const highlight = getComputedStyle(copy, `::highlight(${highlightName})`);
          const canvas = getComputedStyle(document.documentElement).backgroundColor;
          return { text: getComputedStyle(copy).color, canvas, highlight: highlight.backgroundColor, line: highlight.textDecorationLine };
        }, name);
        const rgba = (css) => {
          const [r, g, b, a = 1] = css.match(/[\d.]+/g).map(Number);
          return { r, g, b, a };
        };
        // The highlight is painted over the page's background (white where the page sets none).
        const canvas = rgba(colours.canvas).a === 0 ? { r: 255, g: 255, b: 255, a: 1 } : rgba(colours.canvas);
        const mark = rgba(colours.highlight);
        assert.ok(mark.a > 0 && mark.a < 1, `${name} is see-through: ${colours.highlight}`);
        const under = { r: blend(mark.r, canvas.r, mark.a), g: blend(mark.g, canvas.g, mark.a), b: blend(mark.b, canvas.b, mark.a) };
        const ratio = contrast(rgba(colours.text), under);
        assert.ok(ratio >= MIN_CONTRAST, `${theme}, ${name}: ${colours.text} on ${JSON.stringify(under)}: ${ratio.toFixed(2)}:1`);
        assert.match(colours.line, /underline/, `${name}: not by colour alone`);
      }
      assert.deepEqual(errors, []);
    });
  });
}

// The computed style of Ditto's repeat highlight over an element: its
// styles' colour once they are in the page, transparent before.
const repeatBackground = (page, id) => page.evaluate((elementId) =>
  getComputedStyle(document.getElementById(elementId), '::highlight(ditto-repeat)').backgroundColor, id);
const transparent = (css) => /^transparent$|^rgba\(\d+, \d+, \d+, 0\)$/.test(css);

test('a page with nothing repeated gets none of Ditto\'s styles (a stylesheet costs every style recalculation); the first repeat brings them', async ({ session, server }) => {
  await withPage(session, server.url + 'no-repeat.html', async ({ page, errors }) => {
    await waitForDitto(page);
    await page.waitForFunction(() => performance.getEntriesByName('ditto:analysis').length > 0, { timeout: 5000, polling: 50 });
    assert.deepEqual(await highlighted(page), []);
    const background = await repeatBackground(page, 'first');
    assert.ok(transparent(background), `no styles of Ditto's: ${background}`);
    assert.deepEqual(errors, []);
  });
  await withPage(session, server.url + 'repeated-paragraph.html', async ({ page, errors }) => {
    await waitForDitto(page);
    assert.deepEqual((await highlighted(page)).map((s) => s.id), ['copy']);
    const background = await repeatBackground(page, 'copy');
    assert.ok(!transparent(background), `Ditto's styles with the repeat: ${background}`);
    assert.deepEqual(errors, []);
  });
});

test('repeated-paragraph.html: painting highlights moves no box on the page', async ({ session, server }) => {
  await withPage(session, server.url + 'repeated-paragraph.html', async ({ page, errors }) => {
    await waitForDitto(page);
    const boxes = () => page.evaluate(() => new Promise((done) => requestAnimationFrame(() => done(
      [...document.body.querySelectorAll('*')].map((el) => { const r = el.getBoundingClientRect(); return [r.x, r.y, r.width, r.height].join(); }),
    ))));
    const painted = await boxes();
    assert.ok((await highlighted(page)).length > 0);
    // The same page with Ditto's highlights taken out of the registry.
    const removed = await page.evaluate(() => {
      const saved = new Map([...CSS.highlights].filter(([name]) => name.startsWith('ditto-')));
      for (const name of saved.keys()) CSS.highlights.delete(name);
      return saved.size;
    });
    assert.ok(removed > 0);
    assert.deepEqual(await boxes(), painted);
    assert.deepEqual(errors, []);
  });
});

function blend(front, back, alpha) {
  return front * alpha + back * (1 - alpha);
}

// WCAG 2 relative luminance and contrast ratio.
function contrast(a, b) {
  const luminance = ({ r, g, b: blue }) => {
    const channel = (v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(blue);
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
