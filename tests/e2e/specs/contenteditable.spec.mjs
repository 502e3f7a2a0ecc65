// Editable regions and form fields belong to the user: a repeat inside them
// is neither read nor painted, and their DOM stays untouched, also when the
// user types a repeat into them later.
import assert from 'node:assert/strict';
import { highlighted, waitForDitto, withPage } from '../lib/page.mjs';

test('contenteditable.html: no highlight inside the editable region or form fields, their DOM untouched', async ({ session, server }) => {
  await withPage(session, server.url + 'contenteditable.html', async ({ page, errors }) => {
    const snapshot = () => page.evaluate(() => ({
      editor: document.getElementById('editor').innerHTML,
      field: document.getElementById('field').value,
      line: document.getElementById('line').value,
      form: document.querySelector('form').outerHTML,
    }));
    const before = await snapshot();
    await waitForDitto(page);
    assert.deepEqual((await highlighted(page)).map((s) => s.id), ['copy']);
    assert.deepEqual(await snapshot(), before);
    // The user types a repeat of the lead into the editor.
    await page.click('#edited');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('The town hall clock will chime again from Saturday after volunteers spent eighteen months restoring its nineteenth-century mechanism.');
    await new Promise((done) => setTimeout(done, 800)); // longer than the mutation debounce
    assert.deepEqual((await highlighted(page)).map((s) => s.id), ['copy']);
    assert.equal(await page.$eval('#editor', (el) => el.querySelectorAll('[data-ditto-ui], [data-ditto-collapsed]').length), 0);
    assert.deepEqual(errors, []);
  });
});
