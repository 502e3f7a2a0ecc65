// The judge: Ditto on real pages, scored against hand-written labels.
// Loads every page of each folder in real Chromium and Firefox with the built
// extension, records every collapse and every highlight, compares them with
// tests/labels/<page>.json and prints, per page and in total: collapse
// precision, collapse recall on the labelled same-story groups, highlight
// precision on the labelled sample, highlights inside code, and every
// collapse and highlight the labels do not know, for a person to read.
//
//   node tests/judge/judge.mjs [--browser chromium|firefox] [--labels DIR]
//        [--dist DIR] [--out FILE.json] [--quiet] PAGES_DIR…
//
// --dist judges another build (its chrome/ and firefox/ folders) with these
// labels, for a before-and-after table.
//
// A benchmark, not a test: it prints figures and exits 0 unless a page could
// not be judged at all. --out writes every observation (for labelling).
import { readdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { serveDirectory } from '../../tools/static-server.mjs';
import { BROWSERS } from '../e2e/lib/browsers.mjs';
import { LABELS_DIR, loadLabels, score } from './labels.mjs';
import { observe, readToTheEnd } from './observe.mjs';

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const [, value] = args.splice(i, 2);
  return value;
};
const flag = (name) => {
  const i = args.indexOf(name);
  if (i >= 0) args.splice(i, 1);
  return i >= 0;
};
const onlyBrowser = option('--browser');
const labelsDir = resolve(option('--labels') ?? LABELS_DIR);
const outFile = option('--out');
// The built extensions to judge (DIR/chrome, DIR/firefox): another build, to
// compare before and after side by side.
const dist = option('--dist');
const quiet = flag('--quiet');
const dirs = args.length ? args : ['../shared/corpus/pages', '../shared/corpus/aggregators'];

const MEASURE = 'ditto:analysis';
const SETTLE_MS = 1000;
const PAGE_TIMEOUT_MS = 30000;

const labels = await loadLabels(labelsDir);
const observations = {};
let unjudgeable = 0;

for (const [browserName, launch] of Object.entries(BROWSERS)) {
  if (onlyBrowser && onlyBrowser !== browserName) continue;
  const session = await launch(dist ? { extensionDir: resolve(dist, browserName === 'chromium' ? 'chrome' : 'firefox') } : {});
  console.log(`\n# ${browserName} (${await session.browser.version()}), labels from ${labelsDir}`);
  const rows = [];
  for (const dir of dirs) {
    const server = await serveDirectory(dir);
    const pages = (await readdir(dir)).filter((f) => /\.html?$/i.test(f)).sort();
    for (const file of pages) {
      const started = performance.now();
      const observation = await observePage(session, server.url + encodeURIComponent(file));
      if (process.env.DITTO_JUDGE_TIMES) console.error(`${file}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
      if (!observation) {
        console.log(`${file}: Ditto never finished (page not judged)`);
        unjudgeable++;
        continue;
      }
      (observations[browserName] ??= {})[file] = observation;
      const pageLabels = labels.get(file);
      const result = score(pageLabels, observation);
      rows.push({ file, dir, labelled: Boolean(pageLabels), ...result });
      if (!quiet) printPage(file, pageLabels, observation, result);
    }
    await server.close();
  }
  await session.close().catch(() => {});
  printTable(browserName, rows);
}
if (outFile) await writeFile(outFile, JSON.stringify(observations, null, 1));
process.exit(unjudgeable ? 1 : 0);

async function observePage(session, url) {
  const page = await session.browser.newPage();
  try {
    await page.setViewport({ width: 1280, height: 900 });
    // A saved page's scripts and styles point at sites this machine cannot
    // reach, and a parser-blocking script can hold DOMContentLoaded for half
    // a minute: refuse them at once, as an offline reader's browser would.
    const local = new URL(url).host;
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      if (request.isInterceptResolutionHandled()) return;
      const target = request.url();
      if (/^https?:/.test(target) && new URL(target).host !== local) request.abort().catch(() => {});
      else request.continue().catch(() => {});
    });
    // Saved pages point at sites that cannot be reached: the load may time
    // out; the document is there all the same.
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: PAGE_TIMEOUT_MS }).catch(() => {});
    await page.waitForFunction((m) => performance.getEntriesByName(m).length > 0, { timeout: PAGE_TIMEOUT_MS, polling: 100 }, MEASURE);
    await new Promise((done) => setTimeout(done, SETTLE_MS));
    await readToTheEnd(page);
    return await observe(page);
  } catch {
    return null;
  } finally {
    await page.close().catch(() => {});
  }
}

function headline(item) {
  if (!item) return '(the page’s own article)';
  const longest = item.links.reduce((a, b) => (b.length > a.length ? b : a), '');
  const text = longest.length >= 12 ? longest : item.text;
  return JSON.stringify(text.length > 110 ? `${text.slice(0, 109)}…` : text);
}

function printPage(file, pageLabels, observation, result) {
  const lines = [];
  for (const collapse of observation.collapses) {
    if (collapse.hidden.length === 0) continue; // a story an item of several stories is hidden behind
    lines.push(`  ${collapse.expander}: visible ${headline(collapse.visible)}`);
    for (const item of collapse.hidden) {
      const verdict = result.hidden.find((h) => h.item === item)?.verdict ?? '?';
      const mark = { right: 'ok   ', wrong: 'WRONG', unlabelled: '??   ' }[verdict];
      lines.push(`    ${mark} hides ${headline(item)}`);
    }
  }
  for (const h of result.unjudged) {
    lines.push(`  highlight ?? ${h.inCode ? '[code] ' : ''}${h.inList ? '[list] ' : ''}${JSON.stringify(h.text.slice(0, 140))}`);
  }
  for (const h of result.judged.filter((j) => !j.ok)) {
    lines.push(`  highlight NO ${JSON.stringify(h.text.slice(0, 140))}${h.why ? ` (${h.why})` : ''}`);
  }
  const missed = (pageLabels?.groups ?? []).map((group, g) => ({ group, ...result.perGroup[g] }))
    .filter((g) => g.links > 1 && g.hiddenRight < g.links - 1);
  for (const g of missed) lines.push(`  missed: ${g.links - 1 - Math.min(g.hiddenRight, g.links - 1)} of ${g.links - 1} versions of ${JSON.stringify(g.group[0].slice(0, 80))}`);
  if (!pageLabels) lines.unshift('  (no labels for this page)');
  if (lines.length) console.log(`${file}\n${lines.join('\n')}`);
}

function ratio(a, b) {
  return b ? (a / b).toFixed(3) : '-';
}

function printTable(browserName, rows) {
  const header = ['page', 'hidden', 'right', 'wrong', '??', 'precision', 'versions', 'found', 'recall', 'highl.', 'in code', 'judged', 'ok', 'h.prec'];
  const widths = [40, 6, 6, 6, 4, 9, 8, 6, 7, 7, 7, 7, 5, 7];
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join(' ');
  console.log(`\n## ${browserName}: per page`);
  console.log(line(header));
  const total = { hidden: 0, right: 0, wrong: 0, unlabelled: 0, versions: 0, found: 0, highlights: 0, inCode: 0, judged: 0, ok: 0 };
  for (const r of rows) {
    const judged = r.judged.length;
    console.log(line([r.file.slice(0, 40), r.hidden.length, r.right, r.wrong, r.unlabelled, ratio(r.right, r.right + r.wrong), r.versions, r.found, ratio(r.found, r.versions), r.highlights, r.inCode, judged, r.highlightOk, ratio(r.highlightOk, judged)]));
    total.hidden += r.hidden.length;
    total.right += r.right;
    total.wrong += r.wrong;
    total.unlabelled += r.unlabelled;
    total.versions += r.versions;
    total.found += r.found;
    total.highlights += r.highlights;
    total.inCode += r.inCode;
    total.judged += judged;
    total.ok += r.highlightOk;
  }
  const t = total;
  console.log(line(['TOTAL', t.hidden, t.right, t.wrong, t.unlabelled, ratio(t.right, t.right + t.wrong), t.versions, t.found, ratio(t.found, t.versions), t.highlights, t.inCode, t.judged, t.ok, ratio(t.ok, t.judged)]));
  // Per folder too: recall is the aggregator pages' measure.
  for (const dir of new Set(rows.map((r) => r.dir))) {
    const mine = rows.filter((r) => r.dir === dir);
    const sum = (key) => mine.reduce((n, r) => n + (typeof r[key] === 'number' ? r[key] : r[key].length), 0);
    console.log(`  ${dir}: collapse precision ${ratio(sum('right'), sum('right') + sum('wrong'))} (${sum('right')} of ${sum('right') + sum('wrong')}), ` +
      `recall ${ratio(sum('found'), sum('versions'))} (${sum('found')} of ${sum('versions')}), highlight precision ${ratio(sum('highlightOk'), sum('judged'))}`);
  }
  console.log(`SUMMARY ${browserName}: collapse precision ${ratio(t.right, t.right + t.wrong)} (${t.right} of ${t.right + t.wrong} labelled hidden items; ${t.unlabelled} unlabelled), ` +
    `recall ${ratio(t.found, t.versions)} (${t.found} of ${t.versions} labelled versions), ` +
    `highlights ${t.highlights} (${t.inCode} inside code), highlight precision ${ratio(t.ok, t.judged)} (${t.ok} of ${t.judged} labelled; ${t.highlights - t.judged} unlabelled)`);
}

