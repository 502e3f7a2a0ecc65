// Ditto's settings, in the extension's local storage (or, if the reader wants
// them on every device, in the browser's sync storage): a global default, site
// rules (for one host, or for a whole registrable domain and its subdomains)
// and a few options. The popup and options page write them; content scripts
// listen to storage changes and apply them live, without a reload.
//
// Matching a rule needs no Public Suffix List: a domain rule's key is the
// registrable domain the popup offered (shared/domains.js), and a host
// matches it when it is that domain or ends with "." + it. The more specific
// rule wins: the host's own rule, then the longest domain.

import { ext } from './browser.js';

/** The shape of the stored settings. 1: before site rules by domain (no
 *  version stored); 2: `domains`, `highlightStyle`, `badgeCount`. */
export const SCHEMA_VERSION = 2;

/** 'on': Ditto runs on every site unless switched off there.
 *  'off': Ditto runs only on sites where the user switched it on. */
export const DEFAULT_MODE = 'on';

/** How highlights look: today's colour, an underline only, or high contrast. */
export const HIGHLIGHT_STYLES = ['color', 'underline', 'contrast'];

/** What an exported settings file says it is. */
export const EXPORT_FORMAT = 'ditto-settings';

const KEYS = ['schemaVersion', 'defaultMode', 'sites', 'domains', 'collapseLists', 'highlightStyle', 'badgeCount',
  'rememberRead', 'rememberDays', 'neverRemember'];

/** How long pages read are remembered by default, and at most (days). */
export const REMEMBER_DAYS = 30;
export const MAX_REMEMBER_DAYS = 3650;

/**
 * @typedef {{defaultMode: 'on'|'off', sites: Record<string, boolean>, domains: Record<string, boolean>,
 *   collapseLists: boolean, highlightStyle: 'color'|'underline'|'contrast', badgeCount: boolean,
 *   rememberRead: boolean, rememberDays: number, neverRemember: string[]}} Settings
 * sites: host → on/off; domains: registrable domain → on/off (it and its subdomains).
 * collapseLists: collapse same-story items of "Similar News" lists (default true); when false
 * Ditto only highlights. badgeCount: the toolbar badge shows the number of repeated blocks.
 * rememberRead: remember the paragraphs read (fingerprints only) and mark them on other pages;
 * rememberDays: for how long; neverRemember: hosts (and their subdomains) never remembered.
 */

// A host or domain as location.hostname gives it (an IPv6 address in brackets).
const SITE_NAME = /^(\[[0-9a-f:.]+\]|[^\s/:?#@[\]]+)$/iu;
const isChoiceMap = (value) => Boolean(value) && typeof value === 'object' && !Array.isArray(value);
const choices = (value) =>
  isChoiceMap(value) ? Object.fromEntries(Object.entries(value).filter(([, on]) => typeof on === 'boolean')) : {};

/**
 * Settings from what storage holds, in any stored shape: version 1 (no
 * version, `sites` only) reads as version 2 with no domain rules, so a
 * reader who upgrades keeps every choice. Unknown or broken values fall back
 * to the defaults.
 * @returns {Settings}
 */
export function settingsFrom(stored = {}) {
  return {
    defaultMode: stored.defaultMode === 'off' ? 'off' : DEFAULT_MODE,
    sites: choices(stored.sites),
    domains: choices(stored.domains),
    collapseLists: stored.collapseLists !== false,
    highlightStyle: HIGHLIGHT_STYLES.includes(stored.highlightStyle) ? stored.highlightStyle : 'color',
    badgeCount: stored.badgeCount !== false,
    rememberRead: stored.rememberRead !== false,
    rememberDays: Number.isInteger(stored.rememberDays) && stored.rememberDays >= 1 && stored.rememberDays <= MAX_REMEMBER_DAYS
      ? stored.rememberDays : REMEMBER_DAYS,
    neverRemember: Array.isArray(stored.neverRemember)
      ? [...new Set(stored.neverRemember.filter((h) => typeof h === 'string' && SITE_NAME.test(h)).map((h) => h.toLowerCase()))]
      : [],
  };
}

/** Whether pages of `host` may be remembered as read. */
export function remembersOn(settings, host) {
  return settings.rememberRead && !settings.neverRemember.some((site) => host === site || host.endsWith(`.${site}`));
}

// Where settings live. Without sync, every key above in storage.local. With
// sync (the reader's choice, `syncSettings` in storage.local, per device),
// storage.sync holds the options as one item and each rule as one item
// (`h:<host>` or `d:<domain>`, so that no item nears the per-item quota),
// as many rules as its quotas allow; the rules beyond them stay in
// storage.local's `sites` and `domains`, and the options page says so.
const SYNC_OPTIONS = 'options';
const OPTION_KEYS = ['defaultMode', 'collapseLists', 'highlightStyle', 'badgeCount', 'rememberRead', 'rememberDays', 'neverRemember'];
const ruleKey = (scope, site) => `${scope === 'domain' ? 'd' : 'h'}:${site}`;
/** Room kept free under the sync quotas (another device may write meanwhile). */
const SYNC_MARGIN = 0.9;

async function readStored() {
  const local = await ext.storage.local.get([...KEYS, 'syncSettings']);
  if (local.syncSettings !== true) return { local, synced: null };
  const synced = await ext.storage.sync.get(null).catch(() => null);
  return { local, synced };
}

function settingsOfStored({ local, synced }) {
  if (!synced) return settingsFrom(local);
  const sites = { ...choices(local.sites) };
  const domains = { ...choices(local.domains) };
  for (const [key, on] of Object.entries(synced)) {
    if (typeof on !== 'boolean') continue;
    if (key.startsWith('h:')) sites[key.slice(2)] = on;
    else if (key.startsWith('d:')) domains[key.slice(2)] = on;
  }
  return settingsFrom({ ...local, ...(synced[SYNC_OPTIONS] ?? {}), sites, domains });
}

/** @returns {Promise<Settings>} */
export async function getSettings() {
  return settingsOfStored(await readStored());
}

/** Whether settings are kept in storage.sync on this device. */
export async function syncEnabled() {
  return (await ext.storage.local.get('syncSettings')).syncSettings === true;
}

/**
 * The rules that fit storage.sync's quotas next to the options (in site
 * order), and those that do not.
 */
export function splitForSync(settings, quota = ext.storage.sync) {
  const maxItems = Math.floor((quota.MAX_ITEMS ?? 512) * SYNC_MARGIN) - 1;
  const maxBytes = Math.floor((quota.QUOTA_BYTES ?? 102400) * SYNC_MARGIN);
  const options = Object.fromEntries(OPTION_KEYS.map((k) => [k, settings[k]]));
  let bytes = SYNC_OPTIONS.length + JSON.stringify(options).length;
  const synced = { [SYNC_OPTIONS]: options };
  const local = { sites: {}, domains: {} };
  const rules = [
    ...Object.entries(settings.sites).map(([site, on]) => ['host', site, on]),
    ...Object.entries(settings.domains).map(([site, on]) => ['domain', site, on]),
  ].sort((a, b) => a[1].localeCompare(b[1]) || a[0].localeCompare(b[0]));
  let items = 0;
  for (const [scope, site, on] of rules) {
    const key = ruleKey(scope, site);
    const size = key.length + String(on).length;
    if (items < maxItems && bytes + size <= maxBytes) {
      synced[key] = on;
      items++;
      bytes += size;
    } else {
      local[scope === 'domain' ? 'domains' : 'sites'][site] = on;
    }
  }
  return { synced, local, overflow: rules.length - items };
}

/** Stores `settings` whole, in the areas the reader chose. */
async function store(settings, stored = null) {
  const { synced: before } = stored ?? (await readStored());
  if (!before) {
    await ext.storage.local.set({ ...settings, schemaVersion: SCHEMA_VERSION });
    return;
  }
  const { synced, local } = splitForSync(settings);
  const stale = Object.keys(before).filter((key) => !(key in synced));
  await ext.storage.sync.set(synced);
  if (stale.length) await ext.storage.sync.remove(stale);
  await ext.storage.local.set({ ...settings, ...local, schemaVersion: SCHEMA_VERSION });
}

/** Reads the settings, lets `change` return new ones, and stores those. */
async function update(change) {
  const stored = await readStored();
  await store(change(settingsOfStored(stored)), stored);
}

/**
 * Keeps the settings in storage.sync from now on (`on`), merged with what
 * other devices put there (their options, and their rules where this device
 * has none for the site), or in storage.local only again. Returns how many
 * rules did not fit the sync quotas.
 */
export async function setSyncEnabled(on) {
  const mine = await getSettings();
  if (!on) {
    await ext.storage.local.set({ ...mine, syncSettings: false, schemaVersion: SCHEMA_VERSION });
    return 0;
  }
  await ext.storage.local.set({ syncSettings: true });
  const theirs = await getSettings();
  const merged = { ...theirs, sites: { ...theirs.sites, ...mine.sites }, domains: { ...theirs.domains, ...mine.domains } };
  await store(merged);
  return splitForSync(merged).overflow;
}

/** How many rules stay on this device only (beyond the sync quotas); 0 without sync. */
export async function rulesBeyondSync() {
  return (await syncEnabled()) ? splitForSync(await getSettings()).overflow : 0;
}

/** Rewrites stored settings of an older shape in today's (run on install and
 *  update). Idempotent. */
export async function migrateSettings() {
  const stored = await ext.storage.local.get(KEYS);
  if (stored.schemaVersion === SCHEMA_VERSION) return;
  await ext.storage.local.set({ ...settingsFrom(stored), schemaVersion: SCHEMA_VERSION });
}

/**
 * The rule in force on `host`: {scope: 'host'|'domain', site, enabled}, or
 * null when none applies (the default does).
 */
export function ruleFor(settings, host) {
  if (typeof settings.sites[host] === 'boolean') return { scope: 'host', site: host, enabled: settings.sites[host] };
  const labels = host.split('.');
  for (let i = 0; i < labels.length; i++) {
    const domain = labels.slice(i).join('.');
    if (typeof settings.domains[domain] === 'boolean') return { scope: 'domain', site: domain, enabled: settings.domains[domain] };
  }
  return null;
}

/** Whether Ditto runs on `host`, given `settings` from getSettings(). */
export function enabledFor(settings, host) {
  return ruleFor(settings, host)?.enabled ?? settings.defaultMode === 'on';
}

export async function isEnabledFor(host) {
  return enabledFor(await getSettings(), host);
}

/**
 * Records a choice made on `host`: for that host alone (scope 'host'), or
 * for the whole of `domain` (scope 'domain'), which then also drops the
 * host's own rule, since that would win over the choice just made.
 */
export async function setSiteRule(host, { scope = 'host', domain = null, enabled }) {
  if (scope === 'domain' && !(domain && (host === domain || host.endsWith(`.${domain}`)))) {
    throw new Error(`Ditto: ${domain} is not a domain of ${host}`);
  }
  await update((settings) => {
    if (scope !== 'domain') return { ...settings, sites: { ...settings.sites, [host]: Boolean(enabled) } };
    const { [host]: _dropped, ...others } = settings.sites;
    return { ...settings, sites: others, domains: { ...settings.domains, [domain]: Boolean(enabled) } };
  });
}

/** Records the user's choice for one host. */
export async function setSiteEnabled(host, enabled) {
  await setSiteRule(host, { scope: 'host', enabled });
}

/** Removes one rule ('host' or 'domain' scope). */
export async function removeRule(scope, site) {
  const key = scope === 'domain' ? 'domains' : 'sites';
  await update((settings) => {
    const { [site]: _removed, ...others } = settings[key];
    return { ...settings, [key]: others };
  });
}

export async function removeAllRules() {
  await update((settings) => ({ ...settings, sites: {}, domains: {} }));
}

export async function setCollapseLists(collapse) {
  await update((settings) => ({ ...settings, collapseLists: Boolean(collapse) }));
}

export async function setDefaultMode(mode) {
  if (mode !== 'on' && mode !== 'off') throw new Error(`Ditto: unknown default mode ${mode}`);
  await update((settings) => ({ ...settings, defaultMode: mode }));
}

export async function setHighlightStyle(style) {
  if (!HIGHLIGHT_STYLES.includes(style)) throw new Error(`Ditto: unknown highlight style ${style}`);
  await update((settings) => ({ ...settings, highlightStyle: style }));
}

export async function setBadgeCount(show) {
  await update((settings) => ({ ...settings, badgeCount: Boolean(show) }));
}

/** The memory of pages read: on or off, for how many days, never on which sites. */
export async function setRemembering(changes) {
  await update((settings) => settingsFrom({ ...settings, ...changes }));
}

/** The settings as a file to keep: what importSettings reads back. */
export function exportedSettings(settings, now = new Date()) {
  return { format: EXPORT_FORMAT, schemaVersion: SCHEMA_VERSION, exported: now.toISOString(), settings };
}

/**
 * Reads an exported settings file's text. Returns {settings} or {error,
 * detail}: error 'notJson', 'foreign' (not Ditto's), 'newer' (detail: its
 * version) or 'invalid' (detail: what is wrong). Nothing is stored here.
 */
export function parseSettingsFile(text) {
  let file;
  try {
    file = JSON.parse(text);
  } catch {
    return { error: 'notJson' };
  }
  if (!file || typeof file !== 'object' || file.format !== EXPORT_FORMAT) return { error: 'foreign' };
  if (!Number.isInteger(file.schemaVersion) || file.schemaVersion < 1) return { error: 'invalid', detail: 'schemaVersion' };
  if (file.schemaVersion > SCHEMA_VERSION) return { error: 'newer', detail: String(file.schemaVersion) };
  const s = file.settings;
  if (!s || typeof s !== 'object' || Array.isArray(s)) return { error: 'invalid', detail: 'settings' };
  const problems = [];
  if ('defaultMode' in s && s.defaultMode !== 'on' && s.defaultMode !== 'off') problems.push('defaultMode');
  for (const key of ['sites', 'domains']) {
    if (!(key in s)) continue;
    if (!isChoiceMap(s[key])) {
      problems.push(key);
      continue;
    }
    for (const [site, on] of Object.entries(s[key])) {
      if (typeof on !== 'boolean') problems.push(`${key}.${site}`);
      else if (!SITE_NAME.test(site)) problems.push(`${key}.${site}`);
    }
  }
  for (const key of ['collapseLists', 'badgeCount', 'rememberRead']) if (key in s && typeof s[key] !== 'boolean') problems.push(key);
  if ('rememberDays' in s && !(Number.isInteger(s.rememberDays) && s.rememberDays >= 1 && s.rememberDays <= MAX_REMEMBER_DAYS)) problems.push('rememberDays');
  if ('neverRemember' in s && !(Array.isArray(s.neverRemember) && s.neverRemember.every((h) => typeof h === 'string' && SITE_NAME.test(h)))) problems.push('neverRemember');
  if ('highlightStyle' in s && !HIGHLIGHT_STYLES.includes(s.highlightStyle)) problems.push('highlightStyle');
  if (problems.length) return { error: 'invalid', detail: problems.slice(0, 3).join(', ') };
  return { settings: settingsFrom(s) };
}

/** Replaces every setting with `settings` (from parseSettingsFile). */
export async function importSettings(settings) {
  await store(settingsFrom(settings));
}

/** Calls `listener(settings)` whenever any Ditto setting changes (here, or
 *  through sync on another device). Returns an unsubscribe function. */
export function onSettingsChanged(listener) {
  const handler = async (changes, area) => {
    const ours = area === 'sync' || (area === 'local' && [...KEYS, 'syncSettings'].some((key) => key in changes));
    if (!ours) return;
    listener(await getSettings());
  };
  ext.storage.onChanged.addListener(handler);
  return () => ext.storage.onChanged.removeListener(handler);
}
