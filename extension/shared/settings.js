// Ditto's settings, in the extension's local storage: a global default and
// per-site (hostname) choices. The popup and options page write them; content
// scripts listen to storage changes and apply them live, without a reload.

import { ext } from './browser.js';

/** 'on': Ditto runs on every site unless switched off there.
 *  'off': Ditto runs only on sites where the user switched it on. */
export const DEFAULT_MODE = 'on';

const KEYS = { defaultMode: 'defaultMode', sites: 'sites', collapseLists: 'collapseLists' };

/**
 * @typedef {{defaultMode: 'on'|'off', sites: Record<string, boolean>, collapseLists: boolean}} Settings
 * collapseLists: collapse same-story items of "Similar News" lists (default true); when false
 * Ditto only highlights.
 */

/** @returns {Promise<Settings>} */
export async function getSettings() {
  const stored = await ext.storage.local.get(Object.values(KEYS));
  return {
    defaultMode: stored.defaultMode === 'off' ? 'off' : DEFAULT_MODE,
    sites: stored.sites && typeof stored.sites === 'object' ? stored.sites : {},
    collapseLists: stored.collapseLists !== false,
  };
}

/** Whether Ditto runs on `host`, given `settings` from getSettings(). */
export function enabledFor(settings, host) {
  const choice = settings.sites[host];
  return typeof choice === 'boolean' ? choice : settings.defaultMode === 'on';
}

export async function isEnabledFor(host) {
  return enabledFor(await getSettings(), host);
}

/** Records the user's choice for one site. */
export async function setSiteEnabled(host, enabled) {
  const { sites } = await getSettings();
  await ext.storage.local.set({ [KEYS.sites]: { ...sites, [host]: Boolean(enabled) } });
}

export async function setCollapseLists(collapse) {
  await ext.storage.local.set({ [KEYS.collapseLists]: Boolean(collapse) });
}

export async function setDefaultMode(mode) {
  if (mode !== 'on' && mode !== 'off') throw new Error(`Ditto: unknown default mode ${mode}`);
  await ext.storage.local.set({ [KEYS.defaultMode]: mode });
}

/** Calls `listener(settings)` whenever any Ditto setting changes. Returns an unsubscribe function. */
export function onSettingsChanged(listener) {
  const handler = async (changes, area) => {
    if (area !== 'local' || !Object.values(KEYS).some((key) => key in changes)) return;
    listener(await getSettings());
  };
  ext.storage.onChanged.addListener(handler);
  return () => ext.storage.onChanged.removeListener(handler);
}
