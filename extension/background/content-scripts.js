// Where the content script runs. The manifest declares none: the background
// registers it with the browser (scripting.registerContentScripts) for the
// sites where Ditto is on, so that a page where it is off loads nothing of
// Ditto at all. In Chrome what is registered is a small starter
// (content/start.js) that has the background inject the content script
// proper; in Firefox it is the content script itself (registeredScript).
//
// The registrations only narrow where the script is loaded: the content
// script still reads the settings and does nothing where Ditto is off. So a
// pattern may match more than the rules (a registration a moment behind a
// change, or the catch-all used when the browser refuses a pattern) and
// costs a page load its time only; it must never match less, which would
// lose a page.

import { enabledFor } from '../shared/settings.js';

/** The content script proper: registered in Firefox, injected in Chrome (content/start.js asks for it), and into open tabs when a site is switched on. */
export const CONTENT_SCRIPT = { js: ['content/ditto.js'] };

/**
 * Ditto's styles (highlights, collapsed items), inserted into a page only
 * once it has something to show (the content script asks: `ditto:show`),
 * not registered with the script: a stylesheet of universal ::highlight()
 * rules in the page costs every style recalculation there, and most pages
 * have nothing to paint.
 */
export const CONTENT_STYLES = ['styles/highlights.css'];

/**
 * What is registered. Chrome compiles a registered script
 * afresh on every page load but an injected one from V8's code cache, so
 * there the small starter is registered and has the bundle injected
 * (content/start.js). Firefox keeps registered scripts compiled between
 * loads, so there the bundle itself is registered, which spares the round
 * trip through the background (DCL to first highlight 134 -> 112 ms median,
 * `benches/pageload.mjs --browsers firefox`, 8 corpus pages).
 * @param {'chrome'|'firefox'} browser
 */
export function registeredScript(browser) {
  // css empty, not left out: it replaces the styles an older version registered.
  return { js: browser === 'firefox' ? CONTENT_SCRIPT.js : ['content/start.js'], css: [] };
}

/** Which of the two the running browser is: only Firefox has runtime.getBrowserInfo. */
export function browserOf(ext) {
  return typeof ext.runtime?.getBrowserInfo === 'function' ? 'firefox' : 'chrome';
}

/** The pages Ditto may run on at all (the manifest's host permissions). */
export const ALL_PAGES = ['http://*/*', 'https://*/*'];

const ID_PREFIX = 'ditto-';

const DEFAULT_RULE = { scope: 'default' };

// A site name a match pattern can hold as its host: what location.hostname
// gives (lower case, punycode; an IPv6 address in brackets).
const PATTERN_HOST = /^(\[[0-9a-f:.]+\]|[a-z0-9_-]+(\.[a-z0-9_-]+)*)$/;

// The site rules as a list. An off rule whose site no page's host can be
// (capitals, a `*`) never applies (ruleFor compares with location.hostname)
// and is left out, where a pattern would exclude real hosts; an on rule
// that cannot be a pattern is refused, and the catch-all takes over.
function rulesOf(settings) {
  const rules = [];
  for (const [site, enabled] of Object.entries(settings.sites)) rules.push({ scope: 'host', site, enabled });
  for (const [site, enabled] of Object.entries(settings.domains)) rules.push({ scope: 'domain', site, enabled });
  for (const rule of rules) {
    if (rule.enabled && !PATTERN_HOST.test(rule.site)) throw new Error(`Ditto: the site ${JSON.stringify(rule.site)} cannot be a match pattern`);
  }
  return rules.filter((rule) => PATTERN_HOST.test(rule.site));
}

/** The match pattern of the hosts `rule` governs (any port, http or https). */
function patternsOf(rule) {
  if (rule.scope === 'default') return ALL_PAGES;
  return [rule.scope === 'host' ? `*://${rule.site}/*` : `*://*.${rule.site}/*`]; // *.d matches d too
}

// Whether `inner` wins over `outer` on every host it governs: it governs
// only hosts that `outer` governs too, and is the more specific there
// (ruleFor: a host's own rule, then its longest domain, then the default).
function overrides(inner, outer) {
  if (outer.scope === 'default') return true;
  if (outer.scope === 'host') return false;
  if (inner.site === outer.site) return inner.scope === 'host';
  return inner.site.endsWith(`.${outer.site}`);
}

/**
 * The content scripts to register for `settings`: one for each rule that
 * switches Ditto on (the default among them), matching the hosts it governs
 * and excluding those of the off rules that override it there; rules with
 * the same exclusions share one registration. A host is matched exactly when
 * the rule in force on it is on: its most specific on rule matches it and
 * no rule more specific than that one excludes it, and every on rule that
 * governs a host whose rule in force is off has that off rule excluded.
 */
export function registrationsFor(settings, script = registeredScript('chrome')) {
  const rules = rulesOf(settings);
  const offRules = rules.filter((rule) => !rule.enabled);
  const onRules = rules.filter((rule) => rule.enabled);
  if (settings.defaultMode === 'on') onRules.unshift(DEFAULT_RULE);
  /** @type {Map<string, {matches: string[], excludeMatches: string[]}>} */
  const groups = new Map();
  for (const rule of onRules) {
    const excludeMatches = offRules.filter((off) => overrides(off, rule)).flatMap(patternsOf).sort();
    const key = excludeMatches.join(' ');
    if (!groups.has(key)) groups.set(key, { matches: [], excludeMatches });
    groups.get(key).matches.push(...patternsOf(rule));
  }
  return [...groups.values()].map((group, i) => registration(`${ID_PREFIX}${i}`, group, script));
}

function registration(id, { matches, excludeMatches }, script) {
  return { id, matches, excludeMatches, ...script, runAt: 'document_idle', allFrames: false, persistAcrossSessions: true };
}

/** The registration used when the browser refuses the exact ones: every page, the content script decides. */
function catchAll(script) {
  return registration(`${ID_PREFIX}all`, { matches: ALL_PAGES, excludeMatches: [] }, script);
}

/**
 * Keeps the browser's registrations in line with the settings, one update
 * after another. Registrations persist across browser restarts; this runs
 * whenever the background starts and whenever the site rules change.
 * @param {any} ext the WebExtension namespace
 */
export function contentScriptRegistrar(ext) {
  const script = registeredScript(browserOf(ext));
  let queue = Promise.resolve();
  let lastError = null;
  async function replaceWith(wanted) {
    const current = (await ext.scripting.getRegisteredContentScripts()).filter((s) => s.id.startsWith(ID_PREFIX));
    const currentIds = new Set(current.map((s) => s.id));
    const wantedIds = new Set(wanted.map((s) => s.id));
    // Registered first and unregistered last, so that no page loads in a
    // moment with none; an update leaves the same id in force throughout.
    const added = wanted.filter((s) => !currentIds.has(s.id));
    const kept = wanted.filter((s) => currentIds.has(s.id) && !sameRegistration(s, current.find((c) => c.id === s.id)));
    const gone = [...currentIds].filter((id) => !wantedIds.has(id));
    if (added.length) await ext.scripting.registerContentScripts(added);
    if (kept.length) await ext.scripting.updateContentScripts(kept);
    if (gone.length) await ext.scripting.unregisterContentScripts({ ids: gone });
  }
  async function sync(settings) {
    try {
      await replaceWith(registrationsFor(settings, script)); // throws for a site no pattern can hold
      lastError = null;
    } catch (error) {
      // A site name the browser will not take as a pattern: every page gets
      // the content script, which reads the settings itself.
      lastError = String(error?.message ?? error);
      console.error('Ditto: registering the content script for the site rules failed; it now loads on every page', error);
      await replaceWith([catchAll(script)]);
    }
  }
  return {
    /** Brings the registrations in line with `settings`; resolves when done. */
    sync(settings) {
      queue = queue.then(() => sync(settings)).catch((error) => {
        lastError = String(error?.message ?? error);
        console.error('Ditto: could not register the content script', error);
      });
      return queue;
    },
    /** Why the exact registrations were refused, or null. */
    get lastError() {
      return lastError;
    },
  };
}

function sameRegistration(a, b) {
  const same = (x = [], y = []) => x.length === y.length && x.every((v, i) => v === y[i]);
  return same(a.matches, b.matches) && same(a.excludeMatches, b.excludeMatches) && same(a.js, b.js) && same(a.css, b.css) &&
    a.runAt === b.runAt && Boolean(a.allFrames) === Boolean(b.allFrames);
}

/**
 * Whether the content script should be in a page at `url` now: an http(s)
 * page of a host where Ditto is on.
 */
export function wantedAt(settings, url) {
  const host = hostOf(url);
  return host !== null && enabledFor(settings, host);
}

/** The host name of an http(s) address, or null for any other. */
export function hostOf(url) {
  try {
    const parsed = new URL(url);
    return /^https?:$/.test(parsed.protocol) ? parsed.hostname : null;
  } catch {
    return null;
  }
}
