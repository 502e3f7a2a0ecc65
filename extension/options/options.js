// The options page: the global default, the site rules (search, remove one,
// remove all), the list and badge options, the highlight style, and backup
// (export to a JSON file, import one back). Each change is saved at once;
// open pages apply it live (they listen to storage changes).

import {
  exportedSettings, getSettings, importSettings, onSettingsChanged, parseSettingsFile, removeAllRules, removeRule,
  rulesBeyondSync, setBadgeCount, setCollapseLists, setDefaultMode, setHighlightStyle, setRemembering, setSyncEnabled,
  syncEnabled,
} from '../shared/settings.js';
import { ext } from '../shared/browser.js';
import { localize, message } from '../popup/i18n.js';

const $ = (id) => document.getElementById(id);
const form = $('options');

function confirmSaved() {
  $('saved').textContent = message('optionsSaved', undefined, 'Saved.');
}

/** Every rule, hosts and domains, sorted by site name. */
function rulesOf(settings) {
  return [
    ...Object.entries(settings.sites).map(([site, enabled]) => ({ scope: 'host', site, enabled })),
    ...Object.entries(settings.domains).map(([site, enabled]) => ({ scope: 'domain', site, enabled })),
  ].sort((a, b) => a.site.localeCompare(b.site) || a.scope.localeCompare(b.scope));
}

function renderRules(settings) {
  const all = rulesOf(settings);
  const query = $('rules-search').value.trim().toLowerCase();
  const shown = query ? all.filter((r) => r.site.toLowerCase().includes(query)) : all;
  $('rules').hidden = shown.length === 0;
  $('rules-empty').hidden = all.length > 0;
  $('rules-no-match').hidden = all.length === 0 || shown.length > 0;
  $('rules-remove-all').hidden = all.length === 0;
  $('rules').tBodies[0].replaceChildren(
    ...shown.map((rule) => {
      const row = document.createElement('tr');
      row.dataset.scope = rule.scope;
      row.dataset.site = rule.site;
      const cell = (text) => {
        const td = document.createElement('td');
        td.textContent = text;
        return td;
      };
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'remove';
      remove.textContent = message('optionsRuleRemove', undefined, 'Remove');
      remove.setAttribute('aria-label', message('optionsRuleRemoveLabel', [rule.site], `Remove the rule for ${rule.site}`));
      remove.addEventListener('click', async () => {
        await removeRule(rule.scope, rule.site);
        $('saved').textContent = message('optionsRulesRemoved', undefined, 'Removed.');
      });
      const removeCell = document.createElement('td');
      removeCell.append(remove);
      row.append(
        cell(rule.site),
        cell(rule.scope === 'domain'
          ? message('optionsRuleScopeDomain', undefined, 'the domain and its subdomains')
          : message('optionsRuleScopeHost', undefined, 'this host only')),
        cell(rule.enabled ? message('optionsRuleOn', undefined, 'on') : message('optionsRuleOff', undefined, 'off')),
        removeCell,
      );
      return row;
    }),
  );
}

// The sync switch, and how many rules the sync quotas leave on this device.
async function renderSync() {
  form.elements.syncSettings.checked = await syncEnabled();
  const overflow = await rulesBeyondSync();
  $('sync-overflow').hidden = overflow === 0;
  $('sync-overflow').textContent = overflow
    ? message('optionsSyncOverflow', [new Intl.NumberFormat(document.documentElement.lang).format(overflow)],
      `${overflow} site rules are beyond the browser's sync quota: they stay on this device only.`)
    : '';
}

// How much the memory of pages read holds (the background keeps it).
async function renderMemorySize(size = null) {
  const figures = size ?? (await ext.runtime.sendMessage({ type: 'ditto:read-size' }));
  if (!figures || figures.error) return;
  const number = new Intl.NumberFormat(document.documentElement.lang);
  const bytes = new Intl.NumberFormat(document.documentElement.lang, { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 1 })
    .format(figures.bytes / 1000);
  $('memory-size').textContent = [
    figures.loadError ? message('optionsMemoryDamaged', undefined, 'The stored memory was damaged and has been started afresh.') : '',
    message('optionsMemorySize', [number.format(figures.paragraphs), number.format(figures.pages), bytes],
      `Remembered now: ${figures.paragraphs} paragraphs from ${figures.pages} pages (${bytes}).`),
  ].filter(Boolean).join(' ');
}

function renderForm(settings) {
  renderSync().catch(() => {});
  renderMemorySize().catch(() => {});
  form.elements.rememberRead.checked = settings.rememberRead;
  form.elements.rememberDays.value = String(settings.rememberDays);
  if (document.activeElement !== form.elements.neverRemember) form.elements.neverRemember.value = settings.neverRemember.join('\n');
  form.elements.defaultMode.value = settings.defaultMode;
  form.elements.collapseLists.checked = settings.collapseLists;
  form.elements.badgeCount.checked = settings.badgeCount;
  form.elements.highlightStyle.value = settings.highlightStyle;
  renderRules(settings);
}

function exportFile(settings) {
  const blob = new Blob([`${JSON.stringify(exportedSettings(settings), null, 2)}\n`], { type: 'application/json' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = `ditto-settings-${new Date().toISOString().slice(0, 10)}.json`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

/** Reads `file` and imports it, or says why not (and changes nothing). */
async function importFile(file) {
  const result = parseSettingsFile(await file.text());
  const status = $('import-result');
  if (result.error) {
    status.dataset.outcome = 'rejected';
    status.textContent = {
      notJson: () => message('optionsImportNotJson', undefined, 'This file is not a Ditto settings file (it is not JSON). Nothing was changed.'),
      foreign: () => message('optionsImportForeign', undefined, 'This file is not a Ditto settings file. Nothing was changed.'),
      newer: () => message('optionsImportNewer', [result.detail], `This file comes from a newer version of Ditto (settings version ${result.detail}). Update Ditto first. Nothing was changed.`),
      invalid: () => message('optionsImportInvalid', [result.detail], `This settings file is damaged (${result.detail}). Nothing was changed.`),
    }[result.error]();
    return false;
  }
  await importSettings(result.settings);
  const count = rulesOf(result.settings).length;
  status.dataset.outcome = 'imported';
  status.textContent = message('optionsImported', [new Intl.NumberFormat(document.documentElement.lang).format(count)], `Settings imported: ${count} site rules.`);
  return true;
}

async function main() {
  localize();
  renderForm(await getSettings());
  onSettingsChanged(renderForm);
  form.addEventListener('submit', (event) => event.preventDefault());
  form.addEventListener('change', async (event) => {
    const input = event.target;
    if (input.name === 'defaultMode') await setDefaultMode(input.value);
    else if (input.name === 'collapseLists') await setCollapseLists(input.checked);
    else if (input.name === 'badgeCount') await setBadgeCount(input.checked);
    else if (input.name === 'highlightStyle') await setHighlightStyle(input.value);
    else if (input.name === 'syncSettings') await setSyncEnabled(input.checked);
    else if (input.name === 'rememberRead') await setRemembering({ rememberRead: input.checked });
    else if (input.name === 'rememberDays') await setRemembering({ rememberDays: Number(input.value) });
    else if (input.name === 'neverRemember') {
      const sites = input.value.split(/\s+/).map((site) => site.trim().toLowerCase()).filter(Boolean);
      await setRemembering({ neverRemember: sites });
      // What was remembered of those sites goes too.
      for (const host of sites) await ext.runtime.sendMessage({ type: 'ditto:read-forget', host });
    }
    else return;
    confirmSaved();
  });
  $('rules-search').addEventListener('input', async () => renderRules(await getSettings()));

  // Remove all asks for a second click, so that one stray click loses
  // nothing; moving away from the button calls it off.
  let armed = false;
  const removeAll = $('rules-remove-all');
  const disarm = () => {
    armed = false;
    removeAll.textContent = message('optionsRulesRemoveAll', undefined, 'Remove all site rules');
  };
  removeAll.addEventListener('blur', disarm);
  removeAll.addEventListener('click', async () => {
    if (!armed) {
      armed = true;
      const count = rulesOf(await getSettings()).length;
      removeAll.textContent = message('optionsRulesRemoveAllConfirm', [String(count)], `Click again to remove all ${count} site rules`);
      return;
    }
    disarm();
    await removeAllRules();
    $('saved').textContent = message('optionsRulesRemoved', undefined, 'Removed.');
  });

  $('forget-all').addEventListener('click', async () => {
    await renderMemorySize(await ext.runtime.sendMessage({ type: 'ditto:read-forget' }));
    $('saved').textContent = message('optionsForgotten', undefined, 'Forgotten.');
  });

  $('export').addEventListener('click', async () => exportFile(await getSettings()));
  $('import').addEventListener('click', () => $('import-file').click());
  $('import-file').addEventListener('change', async () => {
    const [file] = $('import-file').files;
    if (file) await importFile(file);
    $('import-file').value = '';
  });
  document.body.dataset.ready = 'true';
}

main();
