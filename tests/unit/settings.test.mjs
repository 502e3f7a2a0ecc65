// The settings' pure logic (extension/shared/settings.js): today's shape from
// any stored one, the rule in force on a host, a settings file read back or
// refused, and the split between sync's quotas and this device.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { enabledFor, exportedSettings, parseSettingsFile, ruleFor, settingsFrom, splitForSync } from '../../extension/shared/settings.js';

test('settings stored by version 1 (no version, host choices only) read as version 2 with every choice kept', () => {
  const v1 = { defaultMode: 'off', sites: { 'news.example.com': true, 'bad.example': 'yes' }, collapseLists: false };
  assert.deepEqual(settingsFrom(v1), {
    defaultMode: 'off', sites: { 'news.example.com': true }, domains: {}, collapseLists: false, highlightStyle: 'color', badgeCount: true,
    rememberRead: true, rememberDays: 30, neverRemember: [],
  });
  assert.deepEqual(settingsFrom({}), settingsFrom({ defaultMode: 'sideways', sites: [], highlightStyle: 'neon' }), 'broken values are defaults');
});

test('the more specific rule wins: the host, then the longest domain, then the default', () => {
  const settings = settingsFrom({ sites: { 'live.news.example.co.uk': true }, domains: { 'example.co.uk': false, 'news.example.co.uk': true } });
  assert.deepEqual(ruleFor(settings, 'live.news.example.co.uk'), { scope: 'host', site: 'live.news.example.co.uk', enabled: true });
  assert.deepEqual(ruleFor(settings, 'sport.news.example.co.uk'), { scope: 'domain', site: 'news.example.co.uk', enabled: true });
  assert.deepEqual(ruleFor(settings, 'example.co.uk'), { scope: 'domain', site: 'example.co.uk', enabled: false });
  assert.equal(ruleFor(settings, 'notexample.co.uk'), null, 'a domain rule needs a whole label');
  assert.equal(enabledFor(settings, 'www.example.co.uk'), false);
  assert.equal(enabledFor(settings, 'other.org'), true);
});

test('an exported file reads back; foreign, newer and damaged files are refused with a reason', () => {
  const settings = settingsFrom({ sites: { localhost: false }, domains: { 'example.com': true }, highlightStyle: 'contrast' });
  const file = JSON.stringify(exportedSettings(settings, new Date('2026-12-02T00:00:00Z')));
  assert.deepEqual(parseSettingsFile(file), { settings });
  assert.deepEqual(parseSettingsFile('{'), { error: 'notJson' });
  assert.deepEqual(parseSettingsFile('[]'), { error: 'foreign' });
  assert.deepEqual(parseSettingsFile(JSON.stringify({ format: 'ditto-settings', schemaVersion: 3, settings: {} })), { error: 'newer', detail: '3' });
  assert.deepEqual(parseSettingsFile(JSON.stringify({ format: 'ditto-settings', schemaVersion: 2, settings: { domains: { 'a b': true }, badgeCount: 1 } })),
    { error: 'invalid', detail: 'domains.a b, badgeCount' });
  assert.deepEqual(parseSettingsFile(JSON.stringify({ format: 'ditto-settings', schemaVersion: 1, settings: { sites: { '[::1]': true } } })).settings.sites, { '[::1]': true });
});

test('sync holds the options and as many rules as its quotas allow, in site order; the rest stay local', () => {
  const sites = Object.fromEntries(['b.example', 'a.example', 'd.example'].map((s) => [s, true]));
  const { synced, local, overflow } = splitForSync(settingsFrom({ sites, domains: { 'c.example': false } }), { MAX_ITEMS: 4, QUOTA_BYTES: 102400 });
  assert.deepEqual(Object.keys(synced), ['options', 'h:a.example', 'h:b.example']);
  assert.deepEqual(local, { sites: { 'd.example': true }, domains: { 'c.example': false } });
  assert.equal(overflow, 2);
  assert.equal(synced.options.defaultMode, 'on');
});
