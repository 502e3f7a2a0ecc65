// Why Ditto failed in a tab, kept by the background for the popup. A content
// script whose modules would not load cannot answer the popup itself, so the
// popup reads the reason here when no content script answers. Kept in
// storage.session: it outlives a stopped background but never reaches the
// disk. The background forgets it when the tab loads another document or
// closes.
import { ext } from './browser.js';

const key = (tabId) => `failed:${tabId}`;

/** Keeps `{reason, host}` for tab `tabId`. */
export function rememberTabFailure(tabId, reason, host) {
  return ext.storage.session.set({ [key(tabId)]: { reason: String(reason), host: String(host ?? '') } });
}

/** Forgets tab `tabId`'s failure. */
export function forgetTabFailure(tabId) {
  return ext.storage.session.remove(key(tabId));
}

/** Tab `tabId`'s failure, `{reason, host}`, or null. */
export async function tabFailure(tabId) {
  return (await ext.storage.session.get(key(tabId)))[key(tabId)] ?? null;
}
