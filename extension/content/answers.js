// What the content script answers: the popup's and the background's
// messages (docs/protocol.md), the keyboard command that switches the site,
// and how a failure is told. The popup and the background use emptyStats and
// toggleSite too, for a page where Ditto is off and no content script runs.

import { ext } from '../shared/browser.js';
import { enabledFor, getSettings, ruleFor, setSiteRule } from '../shared/settings.js';

/** Pages that run Ditto themselves (the playground) carry this meta tag and
 *  are left alone: both would paint into the one highlight registry. */
export const PLAYGROUND_META = 'meta[name="ditto-playground"]';

/**
 * Never silently do nothing: a failure shows on the badge (`!`) and in the
 * popup (the background keeps the reason). Returns the reason.
 */
export function reportFailure(error) {
  const reason = String(error?.message ?? error);
  ext.runtime.sendMessage({ type: 'ditto:failed', reason, host: location.hostname }).catch(() => {});
  return reason;
}

/** The popup's figures for a page Ditto has not analysed (off, or not yet). */
export function emptyStats(host, enabled) {
  return {
    host,
    enabled,
    where: null,
    totals: null,
    analysisMs: 0,
    longestTaskMs: 0,
    batches: 0,
    lists: { found: 0, collapsed: 0, itemsCollapsed: 0 },
    topRepeats: [],
  };
}

/**
 * Switches Ditto for `host` the other way (the keyboard command), in the
 * scope of the rule in force: a whole-domain choice stays one.
 */
export async function toggleSite(host) {
  const settings = await getSettings();
  const rule = ruleFor(settings, host);
  const enabled = !enabledFor(settings, host);
  await setSiteRule(host, rule?.scope === 'domain' ? { scope: 'domain', domain: rule.site, enabled } : { scope: 'host', enabled });
  return enabled;
}

/**
 * Answers the popup's and the background's messages (docs/protocol.md):
 * `stats` resolves to the popup's figures; `jump` and `step` move to a
 * repeat; `toggleSite` switches the site (the keyboard command).
 */
export function answerPopup(stats, { jump = () => false, step = () => false, toggleSite: toggle = null } = {}) {
  ext.runtime.onMessage.addListener((message, _sender, sendResponse) => {
    switch (message?.type) {
      case 'ditto:stats':
        stats().then(sendResponse, (error) => sendResponse({ failed: String(error?.message ?? error) }));
        return true;
      case 'ditto:jump':
        sendResponse({ ok: jump(message.block) });
        return false;
      case 'ditto:step':
        Promise.resolve(step(message.step < 0 ? -1 : 1)).then((ok) => sendResponse({ ok }), () => sendResponse({ ok: false }));
        return true;
      case 'ditto:toggle-site':
        if (!toggle) return false;
        toggle().then((enabled) => sendResponse({ ok: true, enabled }), (error) => sendResponse({ ok: false, error: String(error) }));
        return true;
      default:
        return false;
    }
  });
}
