// The strings Ditto shows inside a page: the expander's labels (lists.js)
// and where a paragraph was read before (read-elsewhere.js). The extension
// has them from its _locales through the background (content/main.js says
// why not from the page's own i18n API); the playground, and any key the
// background did not send, reads them in English.

/** The expander's strings in plain English, for callers without locales
 *  (the playground) and as the extension's fallback. */
export function englishMessages(key, substitutions = []) {
  if (key === DIGITS_KEY) return LATIN_DIGITS;
  const message = ENGLISH[key];
  return message === undefined ? key : fillMessage(message, substitutions);
}

/** `template` with `$1`, `$2`… replaced by the substitutions, as i18n.getMessage does. */
export function fillMessage(template, substitutions = []) {
  return template.replace(/\$([1-9])/g, (_, n) => substitutions[n - 1] ?? '');
}

/**
 * The expander's strings in English, as in `_locales/en/messages.json`
 * (tests/unit/locales.test.mjs keeps the two the same). The i18n API has no
 * plurals, so each count and agency case is a key of its own
 * ({@link expanderKey}); `$1` is the count, `$2` the agency.
 */
const ENGLISH = {
  expanderMore: '+$1 more versions of this story',
  expanderMoreAgency: '+$1 more versions of this story · $2',
  expanderMoreOne: '+1 more version of this story',
  expanderMoreOneAgency: '+1 more version of this story · $2',
  expanderLess: 'Hide $1 more versions',
  expanderLessAgency: 'Hide $1 more versions · $2',
  expanderLessOne: 'Hide 1 more version',
  expanderLessOneAgency: 'Hide 1 more version · $2',
  expanderArticleMore: '+$1 stories repeat this article',
  expanderArticleMoreOne: '+1 story repeats this article',
  expanderArticleLess: 'Hide $1 stories that repeat this article',
  expanderArticleLessOne: 'Hide 1 story that repeats this article',
  expanderAboveMore: '+$1 stories listed above',
  expanderAboveMoreOne: '+1 story listed above',
  expanderAboveLess: 'Hide $1 stories listed above',
  expanderAboveLessOne: 'Hide 1 story listed above',
};

/** The keys of the expander's strings (each in _locales). */
export const EXPANDER_MESSAGE_KEYS = Object.keys(ENGLISH);

/** Every key the content script shows a string of: the expander's, where a
 *  paragraph was read before, and the UI's direction and locale. */
export const PAGE_MESSAGE_KEYS = [...EXPANDER_MESSAGE_KEYS, 'readWhere', '@@bidi_dir', '@@ui_locale'];

/** Not a key of _locales: the ten digits of the UI language's numbering
 *  system ("٠١٢٣٤٥٦٧٨٩" in Arabic), which the background sends with the
 *  strings ({@link localeDigits}). */
export const DIGITS_KEY = 'digits';
const LATIN_DIGITS = '0123456789';

/** The BCP 47 tag of an @@ui_locale ("pt_BR" -> "pt-BR"; English without one). */
export function languageTag(uiLocale = 'en') {
  return uiLocale.replace('_', '-');
}

/** The digits 0 to 9 as `locale` writes them, for DIGITS_KEY. */
export function localeDigits(locale) {
  try {
    const format = new Intl.NumberFormat(locale, { useGrouping: false });
    return Array.from({ length: 10 }, (_, digit) => format.format(digit)).join('');
  } catch {
    return LATIN_DIGITS;
  }
}
