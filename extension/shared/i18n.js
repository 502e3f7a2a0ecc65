// Fills an extension page's strings from _locales: `data-i18n="key"` sets the
// text, `data-i18n-title` / `data-i18n-aria-label` set those attributes.

import { ext } from './browser.js';

/** The message `key`, with `$1`… substituted. */
export function t(key, substitutions = []) {
  return ext.i18n.getMessage(key, substitutions.map(String)) || key;
}

export function localize(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
  for (const el of root.querySelectorAll('[data-i18n-aria-label]')) {
    el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel));
  }
  document.documentElement.lang = ext.i18n.getUILanguage();
}
