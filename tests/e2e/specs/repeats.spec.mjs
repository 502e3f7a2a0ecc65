// A repeated paragraph is highlighted where it repeats, not where it first
// appears: in both browsers, with and without a strict page CSP.
import assert from 'node:assert/strict';
import { highlighted, openPage, waitForDitto } from '../lib/page.mjs';

const LEAD = 'The city council voted on Tuesday to close the Old Mill bridge';

for (const fixture of ['repeated-paragraph.html', 'strict-csp.html']) {
  test(`${fixture}: the second copy is highlighted, the first is not`, async ({ session, server }) => {
    const { page, errors } = await openPage(session, server.url + fixture);
    await waitForDitto(page);
    const spans = await highlighted(page);
    assert.deepEqual(spans.map((s) => s.id), ['copy'], `highlighted: ${JSON.stringify(spans)}`);
    assert.ok(spans[0].text.startsWith(LEAD), spans[0].text);
    assert.deepEqual(errors, []);
    await page.close();
  });
}
