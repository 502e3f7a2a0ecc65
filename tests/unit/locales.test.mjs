// The expander's English fallback (extension/shared/lists.js, used by the
// playground and where the browser lacks a string) says what
// extension/_locales/en/messages.json says, key for key.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { expanderKey } from '../../extension/shared/lists.js';
import { englishMessages } from '../../extension/shared/labels.js';

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

// Every locale has every key of English, placeholders intact.
const LOCALES_DIR = new URL('../../extension/_locales/', import.meta.url);
const references = (text) => (text.match(/\$[A-Za-z_]+\$|\$[1-9]/g) ?? []).sort();

test('at least ten locales, each with every English key and nothing more', () => {
  const locales = readdirSync(LOCALES_DIR).filter((name) => name !== 'en');
  assert.ok(locales.length + 1 >= 10, locales.join());
  for (const locale of ['de', 'es', 'fr', 'it', 'pt_BR', 'ru', 'ja', 'zh_CN', 'ar']) assert.ok(locales.includes(locale), locale);
  for (const locale of locales) {
    const theirs = JSON.parse(readFileSync(new URL(`${locale}/messages.json`, LOCALES_DIR)));
    assert.deepEqual(Object.keys(theirs), Object.keys(messages), `${locale}: the same keys, in order`);
    for (const [key, english] of Object.entries(messages)) {
      const message = theirs[key].message;
      assert.ok(typeof message === 'string' && message.trim(), `${locale}.${key} is empty`);
      assert.deepEqual(theirs[key].placeholders && Object.fromEntries(Object.entries(theirs[key].placeholders).map(([n, p]) => [n, p.content])),
        english.placeholders && Object.fromEntries(Object.entries(english.placeholders).map(([n, p]) => [n, p.content])), `${locale}.${key} placeholders`);
      assert.deepEqual(references(message), references(english.message), `${locale}.${key}: every placeholder, once each as in English`);
    }
  }
});

test("an expander's count reads as Intl.NumberFormat writes it, from the digits the background sends", async () => {
  const { Collapser } = await import('../../extension/shared/lists.js');
  const { DIGITS_KEY, localeDigits } = await import('../../extension/shared/labels.js');
  for (const locale of ['en', 'de', 'ar', 'ar-EG', 'fa', 'ja', 'zh-CN', 'ru', 'hi-IN-u-nu-deva', 'th-TH-u-nu-thai', 'pt-BR']) {
    const collapser = new Collapser({
      messages: (key) => (key === DIGITS_KEY ? localeDigits(locale) : key === '@@ui_locale' ? locale : ''),
    });
    const format = new Intl.NumberFormat(locale);
    for (const n of [...Array(1000).keys(), 1000, 1234, 98765]) assert.equal(collapser.formatCount(n), format.format(n), `${locale}: ${n}`);
  }
  assert.equal(localeDigits('ar-EG'), '٠١٢٣٤٥٦٧٨٩');
  assert.equal(localeDigits('not a locale!'), '0123456789');
});
