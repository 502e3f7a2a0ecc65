// Fills every [data-i18n] element of an extension page with its string from
// _locales, so the HTML only carries the English text as a fallback.

import { ext } from '../shared/browser.js';

/** The localised string `key`, or `fallback` when the locale lacks it. */
export function message(key, substitutions, fallback = key) {
  return ext.i18n.getMessage(key, substitutions) || fallback;
}

/** Replaces the text of every `[data-i18n]` element under `root` (and the
 *  `[data-i18n-label]` elements' aria-label) and sets the page's language and
 *  direction (right to left in Arabic, Hebrew…). */
export function localize(root = document) {
  for (const element of root.querySelectorAll('[data-i18n]')) {
    element.textContent = message(element.dataset.i18n, undefined, element.textContent);
  }
  for (const element of root.querySelectorAll('[data-i18n-label]')) {
    element.setAttribute('aria-label', message(element.dataset.i18nLabel, undefined, element.getAttribute('aria-label') ?? ''));
  }
  document.documentElement.lang = ext.i18n.getUILanguage();
  document.documentElement.dir = ext.i18n.getMessage('@@bidi_dir') || 'ltr';
}
