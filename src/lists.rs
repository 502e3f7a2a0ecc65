//! The page's candidate lists ("Similar News", rivers of headlines, cards):
//! what each item says (its headline, link, dateline, agency, the sentences
//! it shares with other items), gathered block by block as batches arrive,
//! and which items collapse behind which, decided by [`crate::story`].
//!
//! Items that retell the page's own article (their headline matches one of
//! the article's headings, numbers included, or matches it loosely while the
//! item repeats a sentence or the dateline of the article) form one cluster
//! flagged `same_as_article`. Items that another list already shows (the
//! same headline or link) are reported as listed above. Clusters are
//! recomputed for every list a batch touches; candidate pairs come from an
//! inverted index over headline words, so the cost grows with the list, never
//! quadratically with the page.

use std::collections::{BTreeMap, HashMap};

use crate::agency;
use crate::block::{BlockKind, BlockRef};
use crate::normalize::{finish, Token};
use crate::report::{Cluster, ListReport, ListedAbove};
use crate::spelling::HashKeyed;
use crate::story::{self, ArticleEcho, Headline, PageWords, StoryItem};
use crate::verdict::{has_words, BlockInfo, Verdict, MIN_RUN};

/// Headline words shared by more items than this are too common to pair on.
const MAX_POSTINGS: usize = 64;
/// Only the start of a block counts as a headline (a title glued to its snippet).
const MAX_TITLE_TOKENS: usize = 24;
/// A headline that this many items of one list share is a UI string
/// ("Continue reading the main story"), not a story.
const UI_HEADLINE_ITEMS: usize = 3;

#[derive(Debug, Default)]
struct Item {
    item: u32,
    story: StoryItem,
    /// How good a headline `story.headline` is: 3 a title block, 2 a heading,
    /// 1 the item's first block, 0 none yet.
    title_rank: u8,
    agency: Option<&'static str>,
    /// What it shares with the page's own article.
    article: ArticleEcho,
    /// It shows several stories (a box of top stories: title blocks that are
    /// not one headline): it never hides behind one of them, only when
    /// lists above show every one.
    several_stories: bool,
    /// Its other headlines, when it shows several stories, with their links.
    more_headlines: Vec<(Headline, Option<u32>)>,
}

#[derive(Debug, Default)]
struct List {
    items: Vec<Item>,
    by_item: HashMap<u32, usize>,
    clusters: Vec<Cluster>,
    above: Vec<ListedAbove>,
}

impl List {
    /// For each item, whether its headline is one that many items of the
    /// list share: a UI string, never evidence.
    fn ui_headlines(&self) -> Vec<bool> {
        let key = |h: &Headline| {
            h.tokens
                .iter()
                .fold(0u64, |k, &t| finish(k ^ t.rotate_left(5)))
        };
        let mut counts: HashKeyed<usize> = HashKeyed::default();
        for it in &self.items {
            *counts.entry(key(&it.story.headline)).or_default() += 1;
        }
        self.items
            .iter()
            .map(|it| counts[&key(&it.story.headline)] >= UI_HEADLINE_ITEMS)
            .collect()
    }

    /// Items hidden behind another item of this list or of an earlier one.
    fn is_hidden(&self, item: u32) -> bool {
        self.clusters
            .iter()
            .any(|c| (c.same_as_article || c.representative != item) && c.items.contains(&item))
            || self.above.iter().any(|a| a.item == item)
    }
}

/// Every candidate list of the page.
#[derive(Debug, Default)]
pub(crate) struct Lists {
    lists: BTreeMap<u32, List>,
    page: PageWords,
    /// Headlines of the page's own article (headings outside lists).
    article: Vec<Headline>,
    /// The dateline the article opens with, if any.
    article_dateline: Option<u64>,
    /// Block id → (list, item), for blocks that belong to list items.
    owner: HashMap<u32, (u32, u32)>,
    /// Items page-wide by the start of their headline and by their link, to
    /// find a headline another list already shows.
    by_opening: HashKeyed<Vec<(u32, u32)>>,
    by_link: HashKeyed<Vec<(u32, u32)>>,
}

impl Lists {
    /// Remembers the page's own headline.
    pub fn add_article_heading(&mut self, text: &str, tokens: &[Token]) {
        let headline = Headline::new(text, tokens);
        if headline.is_story_like() {
            self.article.push(headline);
        }
    }

    /// Remembers a paragraph of the page's own article (its dateline).
    pub fn add_article_paragraph(&mut self, text: &str) {
        if self.article_dateline.is_none() {
            self.article_dateline = agency::dateline(text).map(|(place, _)| place);
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
                story: StoryItem {
                    order: id,
                    ..StoryItem::default()
                },
                ..Item::default()
            });
            entry.items.len() - 1
        });
        let rank = match block.kind {
            BlockKind::Title => 3,
            BlockKind::Heading | BlockKind::Headline => 2,
            _ => 1,
        };
        let it = &mut entry.items[index];
        if rank > it.title_rank || rank == 3 {
            let head = &block_tokens[..block_tokens.len().min(MAX_TITLE_TOKENS)];
            let headline = Headline::new(block.text, head);
            if it.title_rank == 3 {
                if !story::same_headline(&headline, &it.story.headline)
                    && !it
                        .more_headlines
                        .iter()
                        .any(|(h, _)| story::same_headline(&headline, h))
                {
                    it.several_stories = true;
                    it.more_headlines.push((headline, block.link));
                }
            } else if headline.is_story_like() || it.title_rank == 0 {
                it.story.headline = headline;
                it.story.link = block.link;
                it.title_rank = rank;
            }
        }
        if it.story.dateline.is_none() {
            if let Some((place, label)) = agency::dateline(block.text) {
                it.article.repeats_sentence |= self.article_dateline == Some(place);
                it.story.dateline = Some(place);
                it.agency.get_or_insert(label);
            }
        }
        if it.agency.is_none() {
            it.agency = agency::agency_in(block.text);
        }
        // A shared sentence: MIN_RUN words or more (two characters of a
        // script without spaces count as one word), or a near-copy.
        let long_or_near = |run: &crate::verdict::Run| {
            verdict.near_duplicate_of.is_some()
                || has_words(&block_tokens[run.b_start..run.b_end], MIN_RUN)
        };
        // Other items of this list that the block repeats a sentence of, or
        // differs from by a changed number (indices in the list).
        let item_of = |source: u32| match self.owner.get(&source) {
            Some(&(l, other)) if l == list && other != item => entry.by_item.get(&other).copied(),
            _ => None,
        };
        let mut echo = ArticleEcho {
            copies_text: verdict
                .near_duplicate_of
                .is_some_and(|source| blocks[source as usize].in_article()),
            repeats_sentence: false,
        };
        let mut shares = Vec::new();
        for run in verdict.runs.iter().filter(|r| long_or_near(r)) {
            if blocks[run.source as usize].in_article() {
                echo.repeats_sentence = true;
            } else if let Some(other) = item_of(run.source) {
                shares.push(other);
            }
        }
        let changed: Vec<usize> = verdict
            .changed
            .iter()
            .filter_map(|&(_, source, _)| item_of(source))
            .collect();
        let it = &mut entry.items[index];
        it.article.copies_text |= echo.copies_text;
        it.article.repeats_sentence |= echo.repeats_sentence;
        for other in shares {
            if !it.story.shares_sentence_with.contains(&other) {
                it.story.shares_sentence_with.push(other);
            }
        }
        for other in changed {
            if !it.story.changed_from.contains(&other) {
                it.story.changed_from.push(other);
            }
        }
    }

    /// Counts the headlines and links of the items a batch added, once they
    /// are complete (an item's headline may come from its second block).
    pub fn index_new_items(&mut self, list: u32, from: usize) {
        let entry = &self.lists[&list];
        for it in &entry.items[from..] {
            self.page.add(&it.story.headline, it.story.link);
            if let Some(key) = opening(&it.story.headline) {
                self.by_opening
                    .entry(key)
                    .or_default()
                    .push((list, it.item));
            }
            if let Some(link) = it.story.link {
                self.by_link
                    .entry(u64::from(link))
                    .or_default()
                    .push((list, it.item));
            }
        }
    }

    /// Items `list` holds so far.
    pub fn len(&self, list: u32) -> usize {
        self.lists.get(&list).map_or(0, |l| l.items.len())
    }

    /// Reclusters `list` (once per batch that touched it) and reports it.
    pub fn report(&mut self, list: u32) -> ListReport {
        let entry = self.lists.get(&list).expect("a list a batch touched");
        let clusters = cluster(entry, &self.page, &self.article);
        let entry = self.lists.get_mut(&list).expect("a list a batch touched");
        entry.clusters = clusters;
        entry.above = Vec::new();
        let above = self.listed_above(list);
        let entry = self.lists.get_mut(&list).expect("a list a batch touched");
        // A cluster whose story is listed above went there whole.
        entry
            .clusters
            .retain(|c| c.same_as_article || !above.iter().any(|a| a.item == c.representative));
        entry.above = above;
        ListReport {
            list,
            items: entry.items.len() as u32,
            clusters: entry.clusters.clone(),
            above: entry.above.clone(),
        }
    }

    /// Items of `list` whose story another list already shows above them
    /// (for an item of several stories, every one of them): one entry per
    /// story, with the earliest item showing it. A cluster's visible item
    /// listed above takes the cluster's other versions along.
    fn listed_above(&self, list: u32) -> Vec<ListedAbove> {
        let entry = &self.lists[&list];
        let ui = entry.ui_headlines();
        let mut above = Vec::new();
        for (i, it) in entry.items.iter().enumerate() {
            if ui[i] || entry.is_hidden(it.item) {
                continue;
            }
            let mut stories = vec![it.story.clone()];
            for (headline, link) in &it.more_headlines {
                stories.push(StoryItem {
                    headline: headline.clone(),
                    link: *link,
                    ..it.story.clone()
                });
            }
            let Some(mut sources) = stories
                .iter()
                .map(|s| self.shown_above(list, s))
                .collect::<Option<Vec<(u32, u32)>>>()
            else {
                continue;
            };
            sources.sort_unstable();
            sources.dedup();
            let versions = entry
                .clusters
                .iter()
                .filter(|c| !c.same_as_article && c.representative == it.item)
                .flat_map(|c| c.items.iter().copied())
                .filter(|&v| v != it.item);
            for item in std::iter::once(it.item).chain(versions) {
                for &(source_list, source_item) in &sources {
                    above.push(ListedAbove {
                        item,
                        source_list,
                        source_item,
                    });
                }
            }
        }
        // In page order: the line that stands for them goes where the first was.
        above.sort_by_key(|a| a.item);
        above
    }

    /// The earliest item of another list, before `mine`, that shows its
    /// story: the same headline or link, as its main headline (a box of
    /// several stories shows its first one). A version hidden behind its
    /// story's visible item is shown by that item.
    fn shown_above(&self, list: u32, mine: &StoryItem) -> Option<(u32, u32)> {
        let candidates = opening(&mine.headline)
            .and_then(|key| self.by_opening.get(&key))
            .into_iter()
            .flatten()
            .chain(
                mine.link
                    .and_then(|l| self.by_link.get(&u64::from(l)))
                    .into_iter()
                    .flatten(),
            );
        let mut best: Option<(u32, u32, u32)> = None;
        for &(other_list, other_item) in candidates {
            if other_list == list {
                continue;
            }
            let other = &self.lists[&other_list];
            let theirs = &other.items[other.by_item[&other_item]];
            let Some((shown_list, shown_item)) = self.shown_by(other_list, other_item) else {
                continue;
            };
            let shown = &self.lists[&shown_list];
            let order = shown.items[shown.by_item[&shown_item]].story.order;
            if order >= mine.order || best.is_some_and(|(_, _, o)| o <= order) {
                continue;
            }
            if story::same_story_elsewhere(mine, &theirs.story, &self.page) {
                best = Some((shown_list, shown_item, order));
            }
        }
        best.map(|(l, i, _)| (l, i))
    }

    /// The item a reader sees for item `item` of `list`: itself, or the
    /// item it is hidden behind (None behind a line that stands for the
    /// page's own article).
    fn shown_by(&self, list: u32, item: u32) -> Option<(u32, u32)> {
        let entry = &self.lists[&list];
        if let Some(a) = entry.above.iter().find(|a| a.item == item) {
            return Some((a.source_list, a.source_item));
        }
        match entry.clusters.iter().find(|c| c.items.contains(&item)) {
            Some(c) if c.same_as_article => None,
            Some(c) => Some((list, c.representative)),
            None => Some((list, item)),
        }
    }

    /// (lists seen, clusters, items that collapse).
    pub fn totals(&self) -> (u32, u32, u32) {
        let mut clusters = 0;
        let mut hidden = 0;
        for list in self.lists.values() {
            for c in &list.clusters {
                clusters += 1;
                hidden += c.items.len() as u32 - u32::from(!c.same_as_article);
            }
            let mut items: Vec<u32> = list.above.iter().map(|a| a.item).collect();
            items.dedup();
            hidden += items.len() as u32;
        }
        (self.lists.len() as u32, clusters, hidden)
    }
}

/// The first words of a headline, hashed: equal for a headline and its cut.
fn opening(headline: &Headline) -> Option<u64> {
    let words = headline.tokens.get(..story::MIN_HEADLINE_WORDS)?;
    Some(
        words
            .iter()
            .fold(0u64, |h, &t| finish(h ^ t.rotate_left(7))),
    )
}

fn cluster(list: &List, page: &PageWords, article: &[Headline]) -> Vec<Cluster> {
    let items = &list.items;
    let ui = list.ui_headlines();
    let stories: Vec<StoryItem> = items.iter().map(|it| it.story.clone()).collect();
    let article_items: Vec<usize> = (0..items.len())
        .filter(|&i| {
            let it = &items[i];
            !it.several_stories
                && !ui[i]
                && article
                    .iter()
                    .any(|a| story::retells_article(&it.story.headline, it.article, a))
        })
        .collect();
    // Items that retell the article cluster apart; items of several stories
    // never hide; UI strings are no stories.
    let apart = |i: usize| article_items.contains(&i) || items[i].several_stories || ui[i];
    // Twice: the second time with the words' rarity counted by the stories
    // the first found, so that the many versions of a big story weigh their
    // shared words as the rare words of one story (a third pass changed
    // nothing on the labelled pages).
    let first = star_clusters_of(&stories, &apart, page);
    let by_story = page.by_story(
        first
            .iter()
            .map(|members| members.iter().map(|&i| &stories[i].headline).collect()),
    );
    let mut clusters: Vec<Cluster> = star_clusters_of(&stories, &apart, &by_story)
        .into_iter()
        .map(|members| Cluster {
            representative: items[members[0]].item,
            items: members.iter().map(|&i| items[i].item).collect(),
            agency: most_named_agency(members.iter().map(|&i| items[i].agency)),
            same_as_article: false,
        })
        .collect();
    if !article_items.is_empty() {
        clusters.push(Cluster {
            representative: items[article_items[0]].item,
            items: article_items.iter().map(|&i| items[i].item).collect(),
            agency: most_named_agency(article_items.iter().map(|&i| items[i].agency)),
            same_as_article: true,
        });
    }
    clusters.sort_by_key(|c| items[list.by_item[&c.representative]].story.order);
    clusters
}

/// The star clusters of one list's items under `page`'s word weights,
/// leaving out the items kept `apart`.
fn star_clusters_of(
    stories: &[StoryItem],
    apart: &dyn Fn(usize) -> bool,
    page: &PageWords,
) -> Vec<Vec<usize>> {
    // Candidate pairs: items sharing a headline word (common words capped),
    // a link, or a sentence.
    let mut strong: Vec<Vec<usize>> = vec![Vec::new(); stories.len()];
    let mut related: Vec<Vec<usize>> = vec![Vec::new(); stories.len()];
    let mut postings: HashKeyed<Vec<usize>> = HashKeyed::default();
    let mut links: HashKeyed<Vec<usize>> = HashKeyed::default();
    for (a, story) in stories.iter().enumerate() {
        if apart(a) {
            continue;
        }
        let mut candidates: Vec<usize> = story.shares_sentence_with.clone();
        for &word in &story.headline.words {
            let posted = postings.entry(word).or_default();
            if posted.len() < MAX_POSTINGS {
                candidates.extend(posted.iter().copied());
                posted.push(a);
            }
        }
        if let Some(link) = story.link {
            let posted = links.entry(u64::from(link)).or_default();
            candidates.extend(posted.iter().copied());
            posted.push(a);
        }
        candidates.sort_unstable();
        candidates.dedup();
        for b in candidates {
            if b == a || apart(b) {
                continue;
            }
            let Some(evidence) = story::evidence(stories, a, b, page) else {
                continue;
            };
            if !related[a].contains(&b) {
                related[a].push(b);
                related[b].push(a);
                if evidence.is_strong() {
                    strong[a].push(b);
                    strong[b].push(a);
                }
            }
        }
    }
    story::star_clusters(stories, &strong, &related)
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
