// The popup, the options page and the expander in another language, in
// Chromium and Firefox started in Arabic: every string from _locales/ar,
// laid out right to left (the switch mirrored), numbers formatted for the
// locale. The Chromium run leaves a screenshot of the popup in
// docs/popup-ar.png, for a person to look at.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { waitForAnalysis, waitForExpanders, withPage } from '../lib/page.mjs';
import { openOptions, openPopup, waitForPopupState } from '../lib/popup.mjs';

const AR = JSON.parse(readFileSync(new URL('../../../extension/_locales/ar/messages.json', import.meta.url)));
const SCREENSHOT = resolve(import.meta.dirname, '../../../docs/popup-ar.png');

test('in Arabic the popup, the options page and the expander read right to left, in Arabic', async ({ server, launch, browserName }) => {
  const session = await launch({ locale: 'ar' });
  try {
    await withPage(session, server.url + 'popup-story.html', async ({ page, errors }) => {
      await waitForAnalysis(page);
      await waitForExpanders(page);
      const expander = await page.$eval('[data-ditto-ui]', (host) => {
        const button = host.shadowRoot.querySelector('button');
        return { dir: button.dir, text: button.textContent };
      });
      assert.equal(expander.dir, 'rtl');
      assert.match(expander.text, /[\u0600-\u06FF]/, `an Arabic label: ${expander.text}`);
      // One of _locales/ar's expander labels, its count (and agency) filled in.
      const filled = (message) => new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        .replace('\\$1', '[0-9\u0660-\u0669]+').replace('\\$2', '.+')}$`, 'u');
      const labels = Object.entries(AR).filter(([key]) => key.startsWith('expander')).map(([, { message }]) => message);
      assert.ok(labels.some((message) => filled(message).test(expander.text)), `an expander label of _locales/ar: ${expander.text}`);

      const popup = await openPopup(session, page);
      try {
        await waitForPopupState(popup, 'ready');
        const view = await popup.evaluate(() => {
          const track = document.getElementById('site-switch').getBoundingClientRect();
          const knob = document.querySelector('#site-switch .knob').getBoundingClientRect();
          return {
            dir: document.documentElement.dir,
            lang: document.documentElement.lang,
            label: document.getElementById('switch-label').textContent,
            blocks: document.getElementById('stat-blocks').textContent,
            share: document.getElementById('stat-share').textContent,
            // On, the knob sits at the switch's inline end: the left, right to left.
            knobOnLeft: knob.left - track.left < track.right - knob.right,
            switchOn: document.getElementById('site-switch').getAttribute('aria-checked'),
          };
        });
        assert.equal(view.dir, 'rtl');
        assert.match(view.lang, /^ar/);
        assert.equal(view.label, AR.popupSwitchLabel.message);
        assert.equal(view.switchOn, 'true');
        assert.equal(view.knobOnLeft, true, 'the switch is mirrored');
        // The page's own count, formatted for the popup's locale.
        const blocks = await page.evaluate(() => JSON.parse(performance.getEntriesByName('ditto:analysis').at(-1).detail).blocks);
        assert.equal(view.blocks, await popup.evaluate((n, lang) => new Intl.NumberFormat(lang).format(n), blocks, view.lang));
        if (browserName === 'chromium') {
          await popup.setViewport({ width: 360, height: 560 });
          await popup.screenshot({ path: SCREENSHOT });
        }
      } finally {
        await popup.close().catch(() => {});
      }

      const options = await openOptions(session);
      try {
        const heading = await options.evaluate(() => [document.documentElement.dir, document.querySelector('h1').textContent]);
        assert.deepEqual(heading, ['rtl', AR.optionsHeading.message]);
      } finally {
        await options.close().catch(() => {});
      }
      assert.deepEqual(errors, []);
    });
  } finally {
    await session.close();
  }
});
