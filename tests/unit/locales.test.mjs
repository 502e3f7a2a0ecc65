// The expander's English fallback (extension/shared/lists.js, used by the
// playground and where the browser lacks a string) says what
// extension/_locales/en/messages.json says, key for key.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { englishMessages, expanderKey } from '../../extension/shared/lists.js';

const messages = JSON.parse(readFileSync(new URL('../../extension/_locales/en/messages.json', import.meta.url)));
const substitute = (message, subs) => message.replace(/\$([1-9])/g, (_, n) => subs[n - 1] ?? '');

test('every expander label the collapser can ask for is in _locales', () => {
  for (const base of ['expander', 'expanderArticle', 'expanderAbove']) {
    for (const open of [false, true]) {
      for (const count of [1, 3]) {
        for (const agency of base === 'expander' ? [null, 'AP'] : [null]) {
          const key = expanderKey(base, open, count, agency);
          assert.ok(messages[key], `${key} missing from messages.json`);
        }
      }
    }
  }
});

test('the English fallback matches _locales for every expander key', () => {
  const keys = Object.keys(messages).filter((k) => k.startsWith('expander'));
  assert.ok(keys.length >= 12, keys.join());
  for (const key of keys) {
    assert.equal(englishMessages(key, ['3', 'AP']), substitute(messages[key].message, ['3', 'AP']), key);
  }
});

test('labels read naturally', () => {
  const label = (base, open, count, agency) => englishMessages(expanderKey(base, open, count, agency), [String(count), agency ?? '']);
  assert.equal(label('expander', false, 2, 'AP'), '+2 more versions of this story · AP');
  assert.equal(label('expander', false, 1, null), '+1 more version of this story');
  assert.equal(label('expander', true, 3, 'Reuters'), 'Hide 3 more versions · Reuters');
  assert.equal(label('expanderArticle', false, 1, null), '+1 story repeats this article');
  assert.equal(label('expanderArticle', true, 4, null), 'Hide 4 stories that repeat this article');
});
