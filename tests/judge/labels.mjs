// Hand-written labels (tests/labels/<page>.json) and how Ditto's collapses
// and highlights are scored against them. tests/labels/README.md says how the
// labels were made and what each field means.
import { readFile, readdir } from 'node:fs/promises';
import { resolve } from 'node:path';

export const LABELS_DIR = resolve(import.meta.dirname, '../labels');

const clean = (s) => s.replace(/\s+/g, ' ').trim();

/**
 * @typedef {{page: string, complete?: boolean, groups?: string[][], distinct?: string[],
 *   repeats?: Record<string, number>, article?: string[],
 *   highlights?: Record<string, {ok: boolean, why?: string}>}} PageLabels
 */

/** Every page's labels, by page file name. */
export async function loadLabels(dir = LABELS_DIR) {
  const labels = new Map();
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.json')).sort()) {
    const data = JSON.parse(await readFile(resolve(dir, file), 'utf8'));
    labels.set(data.page ?? file.replace(/\.json$/, ''), data);
  }
  return labels;
}

/**
 * What the labels say an item is: {kind: 'group', group} (one story, index
 * into groups), 'distinct' (a story with no other version), 'article' (the
 * page's own story again), 'alone' (not labelled on a page whose labels are
 * complete: stands alone), or null (unlabelled).
 * Matching follows the labels' rule: a headline is a substring of one of the
 * item's link texts (whitespace collapsed); the longest headline wins; the
 * item's whole text is the fallback for items whose headline is not a link.
 */
export function labelOf(labels, item) {
  if (!labels || !item) return null;
  const index = headlineIndex(labels);
  let best = null;
  for (const source of [item.links.map(clean), [clean(item.text)]]) {
    for (const text of source) {
      for (const entry of index) {
        if (text.includes(entry.headline) && (!best || entry.headline.length > best.headline.length)) best = entry;
      }
    }
    if (best) return best;
  }
  return labels.complete ? { kind: 'alone', headline: null } : null;
}

const indexes = new WeakMap();
function headlineIndex(labels) {
  let index = indexes.get(labels);
  if (index) return index;
  index = [];
  (labels.groups ?? []).forEach((group, g) => {
    for (const headline of group) index.push({ kind: 'group', group: g, headline: clean(headline) });
  });
  for (const headline of labels.distinct ?? []) index.push({ kind: 'distinct', headline: clean(headline) });
  for (const headline of labels.article ?? []) index.push({ kind: 'article', headline: clean(headline) });
  indexes.set(labels, index);
  return index;
}

/**
 * Scores one page's observation.
 * Collapse precision: a hidden item is right when the labels put it in the
 * same group as the item left visible (or, behind an "repeats this article"
 * expander, when they say it retells the article); wrong when they say
 * otherwise; unlabelled when they do not know one of the two.
 * Recall: of each labelled group's versions visible without Ditto (its
 * headlines' links, minus one that stays), how many Ditto hid behind an item
 * of the same group.
 * Highlight precision: of the highlighted ranges the labels judge, how many
 * they call a repeat a reader wants shown.
 */
export function score(labels, observation) {
  const hidden = [];
  for (const collapse of observation.collapses) {
    const article = collapse.kind === 'expanderArticle';
    const visible = article ? null : labelOf(labels, collapse.visible);
    for (const item of collapse.hidden) {
      const mine = labelOf(labels, item);
      let verdict;
      if (article) verdict = mine === null ? 'unlabelled' : mine.kind === 'article' ? 'right' : 'wrong';
      else if (mine === null || visible === null) verdict = 'unlabelled';
      else verdict = mine.kind === 'group' && visible.kind === 'group' && mine.group === visible.group ? 'right' : 'wrong';
      hidden.push({ verdict, item, behind: collapse.visible, expander: collapse.expander });
    }
  }

  // Recall over the labelled groups: a link counts as found when Ditto hid
  // it behind an item of its own group.
  const visibleLabel = new Map(observation.collapses.map((c) => [c.story, c.kind === 'expanderArticle' ? null : labelOf(labels, c.visible)]));
  const perGroup = (labels?.groups ?? []).map(() => ({ links: 0, hiddenRight: 0 }));
  for (const link of observation.links) {
    if (link.hiddenByPage) continue;
    const label = labelOf(labels, { links: [link.text], text: '' });
    if (label?.kind !== 'group') continue;
    perGroup[label.group].links++;
    const behind = link.hiddenBy === null ? null : visibleLabel.get(link.hiddenBy);
    if (behind?.kind === 'group' && behind.group === label.group) perGroup[label.group].hiddenRight++;
  }
  let versions = 0;
  let found = 0;
  for (const g of perGroup) {
    if (g.links === 0) continue;
    versions += g.links - 1;
    found += Math.min(g.hiddenRight, g.links - 1);
  }

  const judged = [];
  const unjudged = [];
  for (const h of observation.highlights) {
    const label = labels?.highlights?.[h.text];
    (label ? judged : unjudged).push({ ...h, ok: label?.ok, why: label?.why });
  }
  return {
    hidden,
    right: hidden.filter((h) => h.verdict === 'right').length,
    wrong: hidden.filter((h) => h.verdict === 'wrong').length,
    unlabelled: hidden.filter((h) => h.verdict === 'unlabelled').length,
    versions,
    found,
    perGroup,
    highlights: observation.highlights.length,
    inCode: observation.highlights.filter((h) => h.inCode).length,
    judged,
    unjudged,
    highlightOk: judged.filter((h) => h.ok).length,
  };
}
