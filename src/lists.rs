//! Same-story clusters among the items of candidate lists ("Similar News").
//!
//! Rewrites of one wire story can share only a third of their word shingles,
//! so shingle overlap alone is not enough. Two items of a list tell the same
//! story when
//! - their titles nearly match (content words, Jaccard ≥ [`TITLE_SAME`]), or
//! - one repeats a sentence of the other (a repeated span of
//!   [`crate::verdict::MIN_RUN`] words or more, or a near-duplicate), or
//! - they open with the same dateline ("SEOUL, South Korea (AP) —") and their
//!   titles overlap somewhat (Jaccard ≥ [`TITLE_WITH_DATELINE`]).
//!
//! Items that repeat the page's own article (a span from, or a title matching,
//! the article's headings and paragraphs) form one cluster flagged
//! `same_as_article`. Items whose text differs from another's by a number (a
//! changed fact) are never put together on that evidence: a changed figure
//! must stay visible. The representative of a cluster is its first item in
//! page order. Clusters are recomputed for every list a batch touches, with
//! candidate pairs from an inverted index over title words, so the cost grows
//! with the list, never quadratically with the page.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

use crate::agency;
use crate::block::{BlockKind, BlockRef};
use crate::verdict::{BlockInfo, Verdict, MIN_RUN};
use crate::normalize::{word_hash, Token, NUMBER};
use crate::report::{Cluster, ListReport};

/// Titles with at least this Jaccard similarity tell the same story.
const TITLE_SAME: f64 = 0.5;
/// With a shared dateline, this much title overlap is enough.
const TITLE_WITH_DATELINE: f64 = 0.3;
/// A title matching one of the article's headings this well repeats the article.
const TITLE_SAME_AS_ARTICLE: f64 = 0.6;
/// Titles need this many content words to be compared.
const MIN_TITLE_WORDS: usize = 3;
/// Title words shared by more items than this are too common to pair on.
const MAX_POSTINGS: usize = 64;
/// Only the start of a title counts (a title glued to its snippet).
const MAX_TITLE_TOKENS: usize = 24;

#[derive(Debug, Default)]
struct Item {
    item: u32,
    first_block: u32,
    title: Vec<u64>,
    dateline: Option<u64>,
    agency: Option<&'static str>,
    same_as_article: bool,
    /// Items of the same list this one repeats text of.
    repeats: Vec<u32>,
    /// Items of the same list this one differs from by a changed number.
    changed_from: Vec<u32>,
}

#[derive(Debug, Default)]
struct List {
    items: Vec<Item>,
    by_item: HashMap<u32, usize>,
    clusters: Vec<Cluster>,
}

/// Every candidate list of the page.
#[derive(Debug, Default)]
pub(crate) struct Lists {
    lists: BTreeMap<u32, List>,
    /// Content words of the article's headings.
    article_titles: Vec<Vec<u64>>,
    /// Block id → (list, item), for blocks that belong to list items.
    owner: HashMap<u32, (u32, u32)>,
}

impl Lists {
    /// Remembers a heading of the page's own article.
    pub fn add_article_heading(&mut self, tokens: &[Token]) {
        let title = content_words(tokens);
        if title.len() >= MIN_TITLE_WORDS {
            self.article_titles.push(title);
        }
    }

    /// Adds block `id` (already analysed, `verdict`) to item `item` of `list`.
    #[allow(clippy::too_many_arguments)]
    pub fn add_block(
        &mut self,
        list: u32,
        item: u32,
        id: u32,
        block: BlockRef,
        verdict: &Verdict,
        blocks: &[BlockInfo],
        tokens: &[Token],
    ) {
        self.owner.insert(id, (list, item));
        let info = &blocks[id as usize];
        let block_tokens = &tokens[info.start as usize..(info.start + info.len) as usize];
        let entry = self.lists.entry(list).or_default();
        let index = *entry.by_item.entry(item).or_insert_with(|| {
            entry.items.push(Item {
                item,
                first_block: id,
                ..Item::default()
            });
            entry.items.len() - 1
        });
        let it = &mut entry.items[index];
        let is_title = it.first_block == id || matches!(block.kind, BlockKind::Heading);
        if is_title && it.title.is_empty() {
            let head = &block_tokens[..block_tokens.len().min(MAX_TITLE_TOKENS)];
            it.title = content_words(head);
            if self
                .article_titles
                .iter()
                .any(|t| jaccard(t, &it.title) >= TITLE_SAME_AS_ARTICLE)
                && it.title.len() >= MIN_TITLE_WORDS
            {
                it.same_as_article = true;
            }
        }
        if it.dateline.is_none() {
            if let Some((place, label)) = agency::dateline(block.text) {
                it.dateline = Some(place);
                it.agency.get_or_insert(label);
            }
        }
        if it.agency.is_none() {
            it.agency = agency::agency_in(block.text);
        }
        let long_or_near = |len: usize| len >= MIN_RUN || verdict.near_duplicate_of.is_some();
        for run in verdict
            .runs
            .iter()
            .filter(|r| long_or_near(r.b_end - r.b_start))
        {
            let source = &blocks[run.source as usize];
            if source.in_article() {
                it.same_as_article = true;
            } else if let Some(&(l, other)) = self.owner.get(&run.source) {
                if l == list && other != item && !it.repeats.contains(&other) {
                    it.repeats.push(other);
                }
            }
        }
        for &(_, source, _) in &verdict.changed {
            if let Some(&(l, other)) = self.owner.get(&source) {
                if l == list && other != item && !it.changed_from.contains(&other) {
                    it.changed_from.push(other);
                }
            }
        }
    }

    /// Reclusters `list` (once per batch that touched it) and reports it.
    pub fn report(&mut self, list: u32) -> ListReport {
        let entry = self.lists.get_mut(&list).expect("a list a batch touched");
        entry.clusters = cluster(&entry.items, &entry.by_item);
        ListReport {
            list,
            items: entry.items.len() as u32,
            clusters: entry.clusters.clone(),
        }
    }

    /// (lists seen, clusters, items that collapse behind a representative).
    pub fn totals(&self) -> (u32, u32, u32) {
        let clusters = self.lists.values().flat_map(|l| &l.clusters);
        let (count, collapsible) = clusters.fold((0, 0), |(c, i), cluster| {
            (c + 1, i + cluster.items.len() as u32 - 1)
        });
        (self.lists.len() as u32, count, collapsible)
    }
}

fn cluster(items: &[Item], by_item: &HashMap<u32, usize>) -> Vec<Cluster> {
    let mut sets = UnionFind::new(items.len());
    let forbidden = |a: usize, b: usize| {
        items[a].changed_from.contains(&items[b].item)
            || items[b].changed_from.contains(&items[a].item)
    };
    // Shared sentences.
    for (a, it) in items.iter().enumerate() {
        for other in &it.repeats {
            if let Some(&b) = by_item.get(other) {
                if !forbidden(a, b) {
                    sets.union(a, b);
                }
            }
        }
    }
    // Similar titles, candidates from an inverted index over title words.
    let mut postings: HashMap<u64, Vec<usize>> = HashMap::new();
    for (a, it) in items.iter().enumerate() {
        if it.title.len() < MIN_TITLE_WORDS {
            continue;
        }
        let mut candidates: HashSet<usize> = HashSet::new();
        for word in &it.title {
            let list = postings.entry(*word).or_default();
            if list.len() < MAX_POSTINGS {
                candidates.extend(list.iter().copied());
                list.push(a);
            }
        }
        for b in candidates {
            let similarity = jaccard(&it.title, &items[b].title);
            let same_dateline = it.dateline.is_some() && it.dateline == items[b].dateline;
            let same =
                similarity >= TITLE_SAME || (same_dateline && similarity >= TITLE_WITH_DATELINE);
            if same && !forbidden(a, b) {
                sets.union(a, b);
            }
        }
    }
    // Everything that repeats the article is one story: the page's own.
    let article: Vec<usize> = (0..items.len())
        .filter(|&a| items[a].same_as_article)
        .collect();
    for pair in article.windows(2) {
        sets.union(pair[0], pair[1]);
    }

    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for a in 0..items.len() {
        groups.entry(sets.find(a)).or_default().push(a);
    }
    let mut clusters: Vec<Cluster> = groups
        .into_values()
        .filter(|g| g.len() > 1 || items[g[0]].same_as_article)
        .map(|mut group| {
            group.sort_by_key(|&a| items[a].first_block);
            Cluster {
                representative: items[group[0]].item,
                items: group.iter().map(|&a| items[a].item).collect(),
                agency: most_named_agency(group.iter().map(|&a| items[a].agency)),
                same_as_article: group.iter().any(|&a| items[a].same_as_article),
            }
        })
        .collect();
    clusters.sort_by_key(|c| {
        by_item
            .get(&c.representative)
            .map(|&a| items[a].first_block)
    });
    clusters
}

fn most_named_agency(agencies: impl Iterator<Item = Option<&'static str>>) -> Option<String> {
    let mut counts: Vec<(&'static str, usize)> = Vec::new();
    for label in agencies.flatten() {
        match counts.iter_mut().find(|(l, _)| *l == label) {
            Some((_, n)) => *n += 1,
            None => counts.push((label, 1)),
        }
    }
    // The first agency named wins ties: `max_by_key` keeps the last maximum.
    counts
        .iter()
        .rev()
        .max_by_key(|(_, n)| *n)
        .map(|(label, _)| (*label).to_string())
}

/// The words of a title that carry its meaning: no stopwords, no numbers
/// (a changed figure must not make two titles of one story look different).
fn content_words(tokens: &[Token]) -> Vec<u64> {
    let mut words: Vec<u64> = tokens
        .iter()
        .filter(|t| t.flags() & NUMBER == 0 && !stopwords().contains(&t.hash))
        .map(|t| t.hash)
        .collect();
    words.sort_unstable();
    words.dedup();
    words
}

fn stopwords() -> &'static HashSet<u64> {
    static STOPWORDS: OnceLock<HashSet<u64>> = OnceLock::new();
    STOPWORDS.get_or_init(|| {
        "a an the and or but of to in on at by for with from as into over after before about \
         is are was were be been has have had will would could should may might can its it \
         this that these those he she they we you his her their our says said say new s"
            .split_whitespace()
            .map(word_hash)
            .collect()
    })
}

/// Jaccard similarity of two sorted, deduplicated word lists.
fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared as f64 / (a.len() + b.len() - shared) as f64
}

struct UnionFind(Vec<usize>);

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind((0..n).collect())
    }
    fn find(&mut self, mut a: usize) -> usize {
        while self.0[a] != a {
            self.0[a] = self.0[self.0[a]];
            a = self.0[a];
        }
        a
    }
    /// Joins the sets of `a` and `b`; the smaller index stays the root.
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.0[ra.max(rb)] = ra.min(rb);
        }
    }
}
