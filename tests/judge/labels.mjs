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
 * What the labels say about one link text or item text: {kind: 'group',
 * group} (one story, index into groups), 'distinct' (a story with no other
 * version), 'article' (the page's own story again), or null (not named).
 * Matching follows the labels' rule: a headline is a substring of the text
 * (whitespace collapsed); the longest headline wins.
 */
function labelOfText(labels, text) {
  let best = null;
  for (const entry of headlineIndex(labels)) {
    if (text.includes(entry.headline) && (!best || entry.headline.length > best.headline.length)) best = entry;
  }
  return best;
}

/**
 * The stories an item shows: the labels of its link texts (an item such as
 * a "Top stories" box can show several), else of its whole text (for items
 * whose headline is not a link). Empty when the labels name none of it.
 */
export function storiesOf(labels, item) {
  if (!labels || !item) return [];
  const stories = item.links.map((t) => labelOfText(labels, clean(t))).filter(Boolean);
  if (stories.length) return stories;
  const whole = labelOfText(labels, clean(item.text));
  return whole ? [whole] : [];
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
  // A hidden item is right when every story it shows is a story the visible
  // item shows: hiding a box that also carries another story loses it.
  // Two items that both retell the page's article tell one story too.
  const same = (a, b) => (a.kind === 'group' && b.kind === 'group' && a.group === b.group) || (a.kind === 'article' && b.kind === 'article');
  const hidden = [];
  for (const collapse of observation.collapses) {
    const article = collapse.kind === 'expanderArticle';
    collapse.hidden.forEach((item, i) => {
      const visible = article ? [] : [collapse.visible, ...(collapse.alsoBehind?.[i] ?? [])].flatMap((v) => storiesOf(labels, v));
      const mine = storiesOf(labels, item);
      let verdict;
      if (mine.length === 0) verdict = labels?.complete ? 'wrong' : 'unlabelled';
      else if (article) verdict = mine.every((m) => m.kind === 'article') ? 'right' : 'wrong';
      else if (visible.length === 0) verdict = labels?.complete ? 'wrong' : 'unlabelled';
      else verdict = mine.every((m) => visible.some((v) => same(m, v))) ? 'right' : 'wrong';
      hidden.push({ verdict, item, behind: collapse.visible, expander: collapse.expander });
    });
  }

  // Recall over the labelled groups: a link counts as found when Ditto hid
  // it behind an item of its own group.
  const visibleStories = new Map(observation.collapses.map((c) => [c.story, c.kind === 'expanderArticle' ? [] : storiesOf(labels, c.visible)]));
  const perGroup = (labels?.groups ?? []).map(() => ({ links: 0, hiddenRight: 0 }));
  for (const link of observation.links) {
    if (link.hiddenByPage) continue;
    const label = labelOfText(labels, clean(link.text));
    if (label?.kind !== 'group') continue;
    perGroup[label.group].links++;
    const behind = link.hiddenBy === null ? [] : link.hiddenBy.flatMap((story) => visibleStories.get(story) ?? []);
    if (behind.some((v) => same(v, label))) perGroup[label.group].hiddenRight++;
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
