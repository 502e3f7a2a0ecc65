// The content script's registrations (extension/background/content-scripts.js):
// for any site rules, a page is matched exactly where the rule in force on
// its host switches Ditto on, as settings.js decides it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserOf, registeredScript, registrationsFor } from '../../extension/background/content-scripts.js';
import { enabledFor, settingsFrom } from '../../extension/shared/settings.js';

// A match pattern's host part as browsers read it (the patterns used here:
// `*`, `*.domain`, an exact host; scheme `*` is http or https).
function patternMatches(pattern, url) {
  const [, scheme, host] = /^(\*|https?):\/\/([^/]+)\/\*$/.exec(pattern);
  const { protocol, hostname } = new URL(url);
  if (scheme !== '*' && `${scheme}:` !== protocol) return false;
  if (host === '*') return true;
  if (host.startsWith('*.')) return hostname === host.slice(2) || hostname.endsWith(host.slice(1));
  return hostname === host;
}

const loadsAt = (registrations, url) =>
  registrations.some((r) => r.matches.some((p) => patternMatches(p, url)) && !r.excludeMatches.some((p) => patternMatches(p, url)));

const HOSTS = [
  'example.com', 'www.example.com', 'news.example.com', 'live.news.example.com', 'sport.news.example.com',
  'notexample.com', 'example.co.uk', 'a.example.co.uk', 'other.org', 'localhost', '127.0.0.1',
];

function assertExact(settings) {
  const registrations = registrationsFor(settings);
  for (const host of HOSTS) {
    for (const scheme of ['http', 'https']) {
      const url = `${scheme}://${host}:8080/page.html`;
      assert.equal(loadsAt(registrations, url), enabledFor(settings, host), `${url} with ${JSON.stringify({ ...settings, neverRemember: undefined })}`);
    }
  }
  return registrations;
}

test('no rules: every page where the default is on, none where it is off', () => {
  assert.deepEqual(assertExact(settingsFrom({})).map((r) => r.matches), [['http://*/*', 'https://*/*']]);
  assert.deepEqual(assertExact(settingsFrom({ defaultMode: 'off' })), [], 'default off and no rule: nothing registered, nothing loads');
});

test('nested rules: a host inside a domain switched off, a domain inside it on again, a host off inside that', () => {
  const settings = settingsFrom({
    domains: { 'example.com': false, 'news.example.com': true },
    sites: { 'live.news.example.com': false, 'www.example.com': true, 'localhost': false },
  });
  const registrations = assertExact(settings);
  assert.ok(registrations.length <= 3, 'rules with the same exclusions share a registration');
  assertExact({ ...settings, defaultMode: 'off' });
});

test('a host rule and a domain rule of the same name: the host rule wins on that host only', () => {
  assertExact(settingsFrom({ domains: { 'example.com': true }, sites: { 'example.com': false } }));
  assertExact(settingsFrom({ domains: { 'example.com': false }, sites: { 'example.com': true } }));
  assertExact(settingsFrom({ defaultMode: 'off', domains: { 'example.com': false }, sites: { 'example.com': true } }));
});

test('every combination of rules over a small tree of hosts matches exactly', () => {
  const sites = ['example.com', 'news.example.com', 'live.news.example.com'];
  const choices = [undefined, true, false];
  let combinations = 0;
  for (const mode of ['on', 'off']) {
    for (let n = 0; n < 3 ** 6; n++) {
      const pick = (i) => choices[Math.floor(n / 3 ** i) % 3];
      const rules = (offset) => Object.fromEntries(sites.map((s, i) => [s, pick(i + offset)]).filter(([, v]) => v !== undefined));
      assertExact(settingsFrom({ defaultMode: mode, sites: rules(0), domains: rules(3) }));
      combinations++;
    }
  }
  assert.equal(combinations, 2 * 729);
});

test('an off rule no host can have never excludes real hosts; an on rule no pattern can hold is refused (the catch-all takes over)', () => {
  assertExact(settingsFrom({ sites: { '*': false, 'Example.com': false } }));
  assert.throws(() => registrationsFor(settingsFrom({ defaultMode: 'off', sites: { 'Example.com': true } })), /cannot be a match pattern/);
});

test('Chrome registers the starter, Firefox the content script itself, neither with the styles (inserted once there is something to show)', () => {
  const css = [];
  assert.deepEqual(registeredScript('chrome'), { js: ['content/start.js'], css });
  assert.deepEqual(registeredScript('firefox'), { js: ['content/ditto.js'], css });
  for (const browser of ['chrome', 'firefox']) {
    const script = registeredScript(browser);
    const registrations = registrationsFor(settingsFrom({ sites: { 'example.com': false } }), script);
    assert.ok(registrations.length > 0);
    for (const r of registrations) assert.deepEqual({ js: r.js, css: r.css }, script, browser);
  }
  assert.equal(browserOf({ runtime: { getBrowserInfo: async () => ({ name: 'Firefox' }) } }), 'firefox');
  assert.equal(browserOf({ runtime: { getURL: () => '' } }), 'chrome');
});
