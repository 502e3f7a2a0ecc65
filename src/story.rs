//! Whether two items of the page's lists tell the same story, and which items
//! collapse behind which.
//!
//! What Ditto hides must be right: a wrong collapse loses a reader's content,
//! a missed one only costs a little space. So a hidden item needs direct
//! evidence that it tells its visible item's story, one of
//! - [`same_headline`]: the headlines are equal after normalisation, or one
//!   is the other cut short ("Raw: Bodies Found in Indonesian Wat…");
//! - [`same_link`]: both headlines link to the same address, one that few
//!   items on the page link to;
//! - [`shared_sentence`]: the items repeat a sentence of each other and their
//!   headlines share a word that is not common on the page;
//! - [`same_dateline`]: the same wire dateline ("SEOUL, South Korea (AP) —")
//!   and overlapping headlines;
//! - [`similar_by_rare_words`]: the headlines' words, each weighted by how
//!   rare it is among the page's headlines, mostly agree (rewrites of one wire
//!   story share few words, but the rare ones);
//!
//! and no veto: a number that differs ([`differing_numbers`], "killed 12" /
//! "killed 21"), or headlines that are one template with a different word in
//! it ([`template_variants`]: "Click to share on Twitter" / "… on Telegram",
//! "from 2013" / "from 2018", "Mobile Rising Stars" / "Display …").
//!
//! Items of one list cluster around the item with the most evidence ([`star_clusters`]):
//! every hidden item has evidence with the one left visible, never only with a
//! third item, so no shared byline or boilerplate glues stories together.
//! Across lists only identity counts ([`same_story_elsewhere`]): a headline
//! another list already shows.

use crate::normalize::{word_hash, Token, NUMBER};
use crate::spelling::HashKeyed;
use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::OnceLock;

/// Headlines need this many words to be compared at all: shorter link texts
/// are navigation, tags and buttons.
pub const MIN_HEADLINE_WORDS: usize = 4;
/// A headline cut short must keep this many whole words to be matched.
const MIN_TRUNCATED_WORDS: usize = 4;
/// Weighted overlap of two headlines' words that makes them one story
/// ([`similar_by_rare_words`]); chosen on the labelled aggregator pages
/// (tests/labels/): at 0.3 no pair of different stories is joined there.
pub const RARE_WORDS_SAME: f64 = 0.35;
/// Headlines that overlap this much are related ([`Evidence::Related`]):
/// never enough alone, but two such links into a cluster are.
pub const RARE_WORDS_RELATED: f64 = 0.2;
/// Headlines that also share a dateline need only this much plain overlap.
const DATELINE_TITLE_OVERLAP: f64 = 0.3;
/// A word in more than this share of the page's headlines is common: it
/// cannot be the word that ties two items with a shared sentence.
const COMMON_WORD_SHARE: f64 = 0.25;
/// A link target shared by more items than this is a section or a tag page,
/// not a story.
const MAX_ITEMS_PER_LINK: u32 = 3;
/// An item that copies text, repeats a sentence or the dateline of the
/// article retells it when its headline shares this many words with the
/// article's.
const ARTICLE_SHARED_WORDS: usize = 2;
/// Template variants share at least this many words around their filling.
const TEMPLATE_FRAME: usize = 2;

/// A list item's headline, folded into word hashes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Headline {
    /// Every word in order (a headline cut short loses its last word when
    /// the cut split it).
    pub tokens: Vec<u64>,
    /// The words that carry meaning: no stopwords, no numbers; sorted, unique.
    pub words: Vec<u64>,
    /// Its numbers, sorted, unique.
    pub numbers: Vec<u64>,
    /// The page cut it short ("…" or "..." at the end).
    pub truncated: bool,
    /// Neighbouring words that another headline may write as one ("Air
    /// Asia" / "AirAsia", "Wal-Mart" / "Walmart"): the joined word's hash,
    /// then the two words' ([`aligned`]).
    pub compounds: Vec<(u64, u64, u64)>,
}

impl Headline {
    /// The headline of `text`, whose tokens are `tokens`.
    pub fn new(text: &str, tokens: &[Token]) -> Headline {
        let end = text.trim_end();
        let cut = end.strip_suffix('…').or_else(|| end.strip_suffix("..."));
        let truncated = cut.is_some();
        let byte_at = utf16_to_byte(text);
        // The word the ellipsis touches was cut in two ("Wat…"); one it
        // follows after a space is whole ("Central California ...").
        let tokens = match (cut, tokens.last()) {
            (Some(body), Some(last)) if byte_at(last.end) == Some(body.len()) => {
                &tokens[..tokens.len() - 1]
            }
            _ => tokens,
        };
        let text_of = |t: &Token| {
            byte_at(t.start)
                .zip(byte_at(t.end))
                .map(|(a, b)| &text[a..b])
        };
        let word_of = |t: &Token| {
            text_of(t)
                .and_then(stem)
                .map_or(t.hash, |stem| word_hash(&stem))
        };
        let mut words: Vec<u64> = tokens
            .iter()
            .filter(|t| t.flags() & NUMBER == 0 && !stopwords().contains(&t.hash))
            .map(word_of)
            .collect();
        let compounds = tokens
            .windows(2)
            .filter_map(|pair| {
                let (first, second) = (text_of(&pair[0])?, text_of(&pair[1])?);
                let between = &text[byte_at(pair[0].end)?..byte_at(pair[1].start)?];
                if !(between == " " || between == "-") {
                    return None;
                }
                let joined = stem(&format!("{first}{second}"))?;
                Some((word_hash(&joined), word_of(&pair[0]), word_of(&pair[1])))
            })
            .collect();
        words.sort_unstable();
        words.dedup();
        // A clock time or a video's length ("01:09") tells no story apart:
        // two reports of one event run for different times.
        let in_clock_time = |t: &Token| {
            let (Some(start), Some(end)) = (byte_at(t.start), byte_at(t.end)) else {
                return false;
            };
            let before = text[..start]
                .strip_suffix(':')
                .is_some_and(|b| b.ends_with(|c: char| c.is_ascii_digit()));
            let after = text[end..]
                .strip_prefix(':')
                .is_some_and(|a| a.starts_with(|c: char| c.is_ascii_digit()));
            before || after
        };
        let mut numbers: Vec<u64> = tokens
            .iter()
            .filter(|t| t.flags() & NUMBER != 0 && !in_clock_time(t))
            .map(|t| t.hash)
            .collect();
        numbers.sort_unstable();
        numbers.dedup();
        Headline {
            tokens: tokens.iter().map(|t| t.hash).collect(),
            words,
            numbers,
            truncated,
            compounds,
        }
    }

    /// Long enough to be a story's headline rather than a menu entry.
    pub fn is_story_like(&self) -> bool {
        self.tokens.len() >= MIN_HEADLINE_WORDS && !self.words.is_empty()
    }
}

/// One item of a candidate list, as the same-story rules see it.
#[derive(Debug, Clone, Default)]
pub struct StoryItem {
    /// Position of its first block on the page (blocks are numbered in order).
    pub order: u32,
    pub headline: Headline,
    /// Hash of the address its headline links to.
    pub link: Option<u32>,
    /// Folded place of a wire dateline at the start of its text.
    pub dateline: Option<u64>,
    /// Items (indices in the same slice) it shares a sentence with.
    pub shares_sentence_with: Vec<usize>,
    /// Items (indices in the same slice) it differs from by a changed number.
    pub changed_from: Vec<usize>,
}

/// What the rules know about the page as a whole: how many headlines use each
/// word, how many items link to each address.
#[derive(Debug, Default, Clone)]
pub struct PageWords {
    headlines: u32,
    word_headlines: HashKeyed<u32>,
    link_items: HashKeyed<u32>,
}

impl PageWords {
    /// Counts one more item.
    pub fn add(&mut self, headline: &Headline, link: Option<u32>) {
        if headline.is_story_like() {
            self.headlines += 1;
            for &w in &headline.words {
                *self.word_headlines.entry(w).or_default() += 1;
            }
        }
        if let Some(link) = link {
            *self.link_items.entry(u64::from(link)).or_default() += 1;
        }
    }

    /// Weight of a word: high for words few headlines use (inverse document
    /// frequency, smoothed so an unseen word weighs like a unique one).
    fn weight(&self, word: u64) -> f64 {
        let df = self.word_headlines.get(&word).copied().unwrap_or(0).max(1);
        (f64::from(self.headlines + 1) / f64::from(df)).ln()
    }

    /// The page's words counted by story rather than by item: each group
    /// (the versions of one story found so far) counts as one headline, so
    /// that a story told thirty times does not make its own words common.
    pub fn by_story<'a>(&self, groups: impl IntoIterator<Item = Vec<&'a Headline>>) -> PageWords {
        let mut page = self.clone();
        for group in groups {
            let members: Vec<&Headline> = group.into_iter().filter(|h| h.is_story_like()).collect();
            if members.len() < 2 {
                continue;
            }
            page.headlines -= members.len() as u32 - 1;
            let mut words: Vec<u64> = members
                .iter()
                .flat_map(|h| h.words.iter().copied())
                .collect();
            words.sort_unstable();
            for run in words.chunk_by(|a, b| a == b) {
                if let Some(count) = page.word_headlines.get_mut(&run[0]) {
                    *count -= (run.len() as u32 - 1).min(*count - 1);
                }
            }
        }
        page
    }

    fn is_common(&self, word: u64) -> bool {
        let df = self.word_headlines.get(&word).copied().unwrap_or(0);
        self.headlines >= 8 && f64::from(df) > COMMON_WORD_SHARE * f64::from(self.headlines)
    }

    fn items_linking_to(&self, link: u32) -> u32 {
        self.link_items.get(&u64::from(link)).copied().unwrap_or(0)
    }
}

/// The evidence that two items tell one story, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Evidence {
    SameHeadline,
    SameLink,
    SharedSentence,
    SameDateline,
    RareWords,
    /// Weaker than the rest: counts only towards joining a cluster where two
    /// members have evidence with the item ([`has_support`]).
    Related,
}

impl Evidence {
    /// Enough on its own for a hidden item and its visible item.
    pub fn is_strong(self) -> bool {
        self != Evidence::Related
    }
}

/// Equal headlines, or one cut short from the other.
pub fn same_headline(a: &Headline, b: &Headline) -> bool {
    if !a.is_story_like() || !b.is_story_like() {
        return false;
    }
    match (a.truncated, b.truncated) {
        (false, false) => a.tokens == b.tokens,
        (true, false) => cut_from(a, b),
        (false, true) => cut_from(b, a),
        (true, true) => {
            let (short, long) = if a.tokens.len() <= b.tokens.len() {
                (a, b)
            } else {
                (b, a)
            };
            short.tokens.len() >= MIN_TRUNCATED_WORDS && long.tokens.starts_with(&short.tokens)
        }
    }
}

// `cut` (its partial last word already dropped) is the start of `whole`.
fn cut_from(cut: &Headline, whole: &Headline) -> bool {
    cut.tokens.len() >= MIN_TRUNCATED_WORDS && whole.tokens.starts_with(&cut.tokens)
}

/// Both headlines link to one address that at most a few items link to.
pub fn same_link(a: &StoryItem, b: &StoryItem, page: &PageWords) -> bool {
    match (a.link, b.link) {
        (Some(x), Some(y)) => {
            x == y
                && page.items_linking_to(x) <= MAX_ITEMS_PER_LINK
                && a.headline.is_story_like()
                && b.headline.is_story_like()
        }
        _ => false,
    }
}

/// One item repeats a sentence of the other, and their headlines share a
/// word that few of the page's headlines use: a shared byline or a widget's
/// boilerplate is not a story.
pub fn shared_sentence(
    a: &StoryItem,
    ia: usize,
    b: &StoryItem,
    ib: usize,
    page: &PageWords,
) -> bool {
    (a.shares_sentence_with.contains(&ib) || b.shares_sentence_with.contains(&ia))
        && shared_words(&a.headline.words, &b.headline.words).any(|w| !page.is_common(w))
}

/// The same wire dateline, and headlines that overlap.
pub fn same_dateline(a: &StoryItem, b: &StoryItem) -> bool {
    a.dateline.is_some()
        && a.dateline == b.dateline
        && jaccard(&a.headline.words, &b.headline.words) >= DATELINE_TITLE_OVERLAP
}

/// How much two headlines' words agree, each word weighted by its rarity
/// among the page's headlines (weighted Jaccard, 0 to 1).
pub fn rare_word_overlap(a: &Headline, b: &Headline, page: &PageWords) -> f64 {
    let (x, y) = aligned(a, b);
    let weight = |words: &[u64]| words.iter().map(|&w| page.weight(w)).sum::<f64>();
    let shared: f64 = shared_words(&x, &y).map(|w| page.weight(w)).sum();
    let union = weight(&x) + weight(&y) - shared;
    if union <= 0.0 {
        0.0
    } else {
        shared / union
    }
}

/// Story-like headlines sharing at least two words whose rare-word overlap
/// reaches [`RARE_WORDS_SAME`].
pub fn similar_by_rare_words(a: &Headline, b: &Headline, page: &PageWords) -> bool {
    a.is_story_like()
        && b.is_story_like()
        && shares_two_words(a, b)
        && rare_word_overlap(a, b, page) >= RARE_WORDS_SAME
}

fn shares_two_words(a: &Headline, b: &Headline) -> bool {
    let (x, y) = aligned(a, b);
    let two = shared_words(&x, &y).nth(1).is_some();
    two
}

/// The two headlines' words, where one writes as one word two neighbours
/// of the other ("AirAsia" / "Air Asia") that pair counted as that word.
pub fn aligned<'a>(a: &'a Headline, b: &'a Headline) -> (Cow<'a, [u64]>, Cow<'a, [u64]>) {
    (joined_as_in(a, b), joined_as_in(b, a))
}

fn joined_as_in<'a>(a: &'a Headline, b: &Headline) -> Cow<'a, [u64]> {
    let mut words = Cow::Borrowed(a.words.as_slice());
    for &(joined, first, second) in &a.compounds {
        if b.words.binary_search(&joined).is_ok() && words.binary_search(&joined).is_err() {
            let owned = words.to_mut();
            owned.retain(|&w| w != first && w != second);
            let at = owned.partition_point(|&w| w < joined);
            owned.insert(at, joined);
        }
    }
    words
}

/// Both headlines give numbers and none of them agree: a changed figure, or
/// another event ("Magnitude 3.1 earthquake…" / "mag. 4.1 earthquake…").
pub fn differing_numbers(a: &Headline, b: &Headline) -> bool {
    !a.numbers.is_empty()
        && !b.numbers.is_empty()
        && shared_words(&a.numbers, &b.numbers).next().is_none()
}

/// One frame with a different filling: the headlines share their first and
/// last words (two or more in all) and differ only in between, where
/// neither filling has a word of the other's ("Click to share on Twitter" /
/// "… on Telegram", "from 2013" / "from 2018", "Mobile Rising Stars" /
/// "Display …", "IAB Tech Lab Releases Updated ‘IAB HTML5 for Digital
/// Advertising Guide’ for Public Comment" / "… ‘IAB Display Creative
/// Guidelines’ …"). Items of one template, not versions of one story; a
/// word added or dropped ("X closing operations…" / "X says it is closing
/// operations…") is not a different filling.
pub fn template_variants(a: &Headline, b: &Headline) -> bool {
    if a.truncated || b.truncated || a.tokens == b.tokens {
        return false;
    }
    let (x, y) = (&a.tokens, &b.tokens);
    let prefix = x.iter().zip(y).take_while(|(p, q)| p == q).count();
    let room = x.len().min(y.len()) - prefix;
    let suffix = x
        .iter()
        .rev()
        .zip(y.iter().rev())
        .take(room)
        .take_while(|(p, q)| p == q)
        .count();
    let (fill_x, fill_y) = (&x[prefix..x.len() - suffix], &y[prefix..y.len() - suffix]);
    if prefix + suffix < TEMPLATE_FRAME || fill_x.is_empty() || fill_y.is_empty() {
        return false;
    }
    let frame = |t: &u64| x[..prefix].contains(t) || x[x.len() - suffix..].contains(t);
    let content = |t: &&u64| !frame(t) && !stopwords().contains(*t);
    !fill_x.iter().filter(content).any(|t| fill_y.contains(t))
}

/// The strongest evidence that items `a` and `b` of one list tell the same
/// story, or None when there is none or a veto holds.
pub fn evidence(items: &[StoryItem], ia: usize, ib: usize, page: &PageWords) -> Option<Evidence> {
    let (a, b) = (&items[ia], &items[ib]);
    if a.changed_from.contains(&ib)
        || b.changed_from.contains(&ia)
        || differing_numbers(&a.headline, &b.headline)
        || template_variants(&a.headline, &b.headline)
    {
        return None;
    }
    if same_headline(&a.headline, &b.headline) {
        Some(Evidence::SameHeadline)
    } else if same_link(a, b, page) {
        Some(Evidence::SameLink)
    } else if shared_sentence(a, ia, b, ib, page) {
        Some(Evidence::SharedSentence)
    } else if same_dateline(a, b) {
        Some(Evidence::SameDateline)
    } else if similar_by_rare_words(&a.headline, &b.headline, page) {
        Some(Evidence::RareWords)
    } else if a.headline.is_story_like()
        && b.headline.is_story_like()
        && shares_two_words(&a.headline, &b.headline)
        && rare_word_overlap(&a.headline, &b.headline, page) >= RARE_WORDS_RELATED
    {
        Some(Evidence::Related)
    } else {
        None
    }
}

/// Evidence that `a` and `b`, items of two different lists, are one story:
/// only identity (a headline another list already shows), since a related
/// box and a river may well carry two stories of one topic.
pub fn same_story_elsewhere(a: &StoryItem, b: &StoryItem, page: &PageWords) -> bool {
    if differing_numbers(&a.headline, &b.headline) {
        return false;
    }
    same_headline(&a.headline, &b.headline)
        || (same_link(a, b, page) && jaccard(&a.headline.words, &b.headline.words) >= 0.5)
}

/// What a list item shares with the page's own article (its headings and
/// paragraphs outside lists).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ArticleEcho {
    /// A block of the item is a near-copy of one of the article's.
    pub copies_text: bool,
    /// The item repeats a sentence of the article, or opens with its dateline.
    pub repeats_sentence: bool,
}

/// The item tells the page's own story again: its headline is the article's
/// (numbers included), or it copies text, repeats a sentence or the dateline
/// of the article and the headlines share two words. A related link on the same topic, a shared byline
/// or a boilerplate sentence is not enough.
pub fn retells_article(item: &Headline, echo: ArticleEcho, article: &Headline) -> bool {
    if differing_numbers(item, article) {
        return false;
    }
    same_headline(item, article)
        || (echo.copies_text && shared_words(&item.words, &article.words).next().is_some())
        || (echo.repeats_sentence
            && shared_words(&item.words, &article.words)
                .nth(ARTICLE_SHARED_WORDS - 1)
                .is_some())
}

/// Same-story clusters of one list. `strong[i]` lists the items item `i`
/// has strong evidence with, `related[i]` those it has any evidence with
/// (both symmetric). Repeatedly, the item with the most strong evidence
/// among those left (the earliest on ties) stays visible and every item left
/// with strong evidence with it joins it. Then an item still alone joins the
/// cluster where the most members have evidence with it, if that is two or
/// more ([`has_support`]): evidence with several versions of a story is
/// evidence that it tells that story, while one third item never suffices.
/// Returns clusters of two or more items, the visible item first, the
/// others in page order.
pub fn star_clusters(
    items: &[StoryItem],
    strong: &[Vec<usize>],
    related: &[Vec<usize>],
) -> Vec<Vec<usize>> {
    let mut left: Vec<bool> = vec![true; items.len()];
    let mut clusters: Vec<Vec<usize>> = Vec::new();
    loop {
        let best = (0..items.len())
            .filter(|&i| left[i])
            .map(|i| (strong[i].iter().filter(|&&j| left[j]).count(), i))
            .max_by(|(da, ia), (db, ib)| da.cmp(db).then(items[*ib].order.cmp(&items[*ia].order)));
        let Some((degree, centre)) = best else { break };
        if degree == 0 {
            break;
        }
        let mut members: Vec<usize> = strong[centre]
            .iter()
            .copied()
            .filter(|&j| left[j])
            .collect();
        members.sort_by_key(|&j| items[j].order);
        members.dedup();
        left[centre] = false;
        for &j in &members {
            left[j] = false;
        }
        members.insert(0, centre);
        clusters.push(members);
    }
    // Items left alone join where two members vouch for them, again and
    // again: an item that joined vouches for the next.
    loop {
        let mut joined = false;
        for i in 0..items.len() {
            if !left[i] {
                continue;
            }
            let support = |c: &Vec<usize>| c.iter().filter(|m| related[i].contains(m)).count();
            let best = clusters
                .iter()
                .enumerate()
                .filter(|(_, c)| has_support(support(c)))
                .max_by(|(ka, a), (kb, b)| support(a).cmp(&support(b)).then(kb.cmp(ka)))
                .map(|(k, _)| k);
            if let Some(k) = best {
                let cluster = &mut clusters[k];
                let at = cluster[1..].partition_point(|&j| items[j].order < items[i].order) + 1;
                cluster.insert(at, i);
                left[i] = false;
                joined = true;
            }
        }
        if !joined {
            break;
        }
    }
    merge_bridged(items, related, clusters)
}

/// Two clusters are one story when evidence (`related`: any, strong or
/// weaker) bridges them twice over, between two members of each
/// ([`bridged`]): the versions of a story with many rewrites gather around
/// several centres.
fn merge_bridged(
    items: &[StoryItem],
    related: &[Vec<usize>],
    mut clusters: Vec<Vec<usize>>,
) -> Vec<Vec<usize>> {
    let mut merged = true;
    while merged {
        merged = false;
        'search: for a in 0..clusters.len() {
            for b in a + 1..clusters.len() {
                if bridged(&clusters[a], &clusters[b], related) {
                    let taken = clusters.remove(b);
                    let cluster = &mut clusters[a];
                    cluster.extend(taken);
                    cluster[1..].sort_by_key(|&j| items[j].order);
                    merged = true;
                    break 'search;
                }
            }
        }
    }
    clusters
}

/// Evidence (`edges[i]`: the items item `i` has evidence with) joins two
/// members of `a` to two members of `b` by two pairs that share no item: no
/// single item glues the two together.
pub fn bridged(a: &[usize], b: &[usize], edges: &[Vec<usize>]) -> bool {
    let pairs: Vec<(usize, usize)> = a
        .iter()
        .flat_map(|&x| {
            edges[x]
                .iter()
                .filter(|y| b.contains(y))
                .map(move |&y| (x, y))
        })
        .collect();
    pairs
        .iter()
        .enumerate()
        .any(|(k, p)| pairs[k + 1..].iter().any(|q| q.0 != p.0 && q.1 != p.1))
}

/// Evidence with `support` of a cluster's members is enough to join it:
/// two or more, so that no single third item glues a story on.
pub fn has_support(support: usize) -> bool {
    support >= 2
}

fn shared_words<'a>(a: &'a [u64], b: &'a [u64]) -> impl Iterator<Item = u64> + 'a {
    let (mut i, mut j) = (0, 0);
    std::iter::from_fn(move || {
        while i < a.len() && j < b.len() {
            match a[i].cmp(&b[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    i += 1;
                    j += 1;
                    return Some(a[i - 1]);
                }
            }
        }
        None
    })
}

/// Jaccard similarity of two sorted, deduplicated word lists.
pub fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let shared = shared_words(a, b).count();
    shared as f64 / (a.len() + b.len() - shared) as f64
}

/// Byte offsets of UTF-16 offsets of `text` (None past the end or inside a character).
fn utf16_to_byte(text: &str) -> impl Fn(u32) -> Option<usize> + '_ {
    let mut map: Vec<(u32, usize)> = Vec::with_capacity(text.len() + 1);
    let mut units = 0u32;
    for (at, c) in text.char_indices() {
        map.push((units, at));
        units += c.len_utf16() as u32;
    }
    map.push((units, text.len()));
    move |unit| {
        map.binary_search_by_key(&unit, |&(u, _)| u)
            .ok()
            .map(|i| map[i].1)
    }
}

/// The stem of a plain English word of five letters or more: its common
/// endings dropped ("closes", "closing", "closed", "closure" → "clos";
/// "operations" → "operat"), so that rewrites of a headline that change a
/// word's form still share it. Other words (accents, other scripts, short
/// words) keep their token.
fn stem(word: &str) -> Option<String> {
    if word.len() < 5 || !word.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let word = word.to_ascii_lowercase();
    // "rallies" / "rally".
    if let Some(stem) = word.strip_suffix("ies") {
        if stem.len() >= 3 {
            return Some(format!("{stem}y"));
        }
    }
    for ending in [
        "ations", "ation", "ings", "ing", "ures", "ure", "ions", "ion", "ers", "er", "ed", "es",
        "s", "e",
    ] {
        if let Some(stem) = word.strip_suffix(ending) {
            if stem.len() >= 4 {
                return Some(stem.to_string());
            }
        }
    }
    Some(word)
}

/// Words that carry no story: English, and the commonest function words of
/// Spanish, Portuguese, French, German and Italian (folded: no accents).
fn stopwords() -> &'static HashSet<u64> {
    static STOPWORDS: OnceLock<HashSet<u64>> = OnceLock::new();
    STOPWORDS.get_or_init(|| {
        "a an the and or but of to in on at by for with from as into over after before about \
         is are was were be been has have had will would could should may might can its it \
         this that these those he she they we you his her their our says said say new s \
         how what why who when where which than more up out off not no just all your my us \
         via amid here there do does did get gets so if \
         el la los las un una unos de del en y o que por para con se su al lo como es \
         os as um uma do da dos das em no na nos nas e ou com seu sua ao \
         le les une des du et qui pour par avec sa son au aux est \
         der das ein eine und oder zu im von mit fur auf ist dem \
         il gli di della che per si"
            .split_whitespace()
            .map(word_hash)
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::tokenize;

    fn headline(text: &str) -> Headline {
        let mut tokens = Vec::new();
        tokenize(text, &mut tokens);
        Headline::new(text, &tokens)
    }

    fn item(order: u32, text: &str) -> StoryItem {
        StoryItem {
            order,
            headline: headline(text),
            ..StoryItem::default()
        }
    }

    /// Word counts of a page whose headlines are `texts`.
    fn page_of(texts: &[&str]) -> PageWords {
        let mut page = PageWords::default();
        for t in texts {
            page.add(&headline(t), None);
        }
        page
    }

    #[test]
    fn same_headline_after_normalisation_and_cut_short() {
        let a = headline("The world's longest non-stop flights, mapped");
        let b = headline("The world’s longest non-stop flights, mapped");
        assert!(same_headline(&a, &b), "quotes differ");
        let full = headline("Raw: Bodies Found in Indonesian Waters");
        let cut = headline("Raw: Bodies Found in Indonesian Wat...");
        assert!(same_headline(&full, &cut) && same_headline(&cut, &full));
        assert!(same_headline(
            &headline("Search resumes for missing AirAsia jet"),
            &headline("Search resumes for missing AirAsia …")
        ));
        assert!(!same_headline(
            &full,
            &headline("Raw: Bodies Found in Indonesian Forest")
        ));
        // Too short to say: menus and buttons.
        assert!(!same_headline(
            &headline("Home News"),
            &headline("Home News")
        ));
        assert!(
            !same_headline(&headline("Raw: Bodies …"), &full),
            "a cut that keeps too little"
        );
        // Cut after a space, the last word is whole and counts.
        let whole = headline("Surfer Survives Central California Shark Bite");
        let after_space = headline("Surfer Survives Central California ...");
        assert_eq!(after_space.tokens.len(), 4);
        assert!(after_space.truncated && same_headline(&after_space, &whole));
        assert!(!same_headline(
            &headline("Surfer Survives Central Californians ..."),
            &whole
        ));
        assert_eq!(
            headline("Surfer Survives Central Califo...").tokens.len(),
            3
        );
    }

    #[test]
    fn same_link_needs_an_address_few_items_share() {
        let mut a = item(0, "Colombia vice president invites Prince Harry to visit");
        let mut b = item(1, "Netflix series made her invite the Sussexes, says VP");
        a.link = Some(7);
        b.link = Some(7);
        let mut page = page_of(&[]);
        page.add(&a.headline, a.link);
        page.add(&b.headline, b.link);
        assert!(same_link(&a, &b, &page));
        b.link = Some(8);
        assert!(!same_link(&a, &b, &page));
        // A section page every teaser links to is no evidence.
        b.link = Some(7);
        for _ in 0..3 {
            page.add(&a.headline, Some(7));
        }
        assert!(!same_link(&a, &b, &page));
    }

    #[test]
    fn shared_sentence_needs_a_rare_headline_word() {
        let texts = [
            "Quake shakes southern Chile, no tsunami warning issued",
            "Strong earthquake hits southern Chile; no tsunami threat",
            "City library extends weekend opening hours",
        ];
        let page = page_of(&texts);
        let mut items: Vec<StoryItem> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| item(i as u32, t))
            .collect();
        items[1].shares_sentence_with = vec![0];
        items[2].shares_sentence_with = vec![0];
        assert!(shared_sentence(&items[0], 0, &items[1], 1, &page));
        assert!(
            !shared_sentence(&items[0], 0, &items[2], 2, &page),
            "a shared byline, unrelated headlines"
        );
        assert!(
            !shared_sentence(&items[1], 1, &items[2], 2, &page),
            "no shared sentence"
        );
    }

    #[test]
    fn same_dateline_needs_overlapping_headlines() {
        let mut a = item(0, "Quake shakes southern Chile, no tsunami warning issued");
        let mut b = item(
            1,
            "Strong earthquake shakes southern Chile; no tsunami threat",
        );
        let mut c = item(2, "Chile's senate passes pension reform after long debate");
        for x in [&mut a, &mut b, &mut c] {
            x.dateline = Some(42);
        }
        assert!(same_dateline(&a, &b));
        assert!(!same_dateline(&a, &c));
        b.dateline = Some(43);
        assert!(!same_dateline(&a, &b));
    }

    #[test]
    fn rare_words_join_rewrites_and_keep_stories_of_one_topic_apart() {
        // A river like NewsNow's: one story told many ways, and several
        // stories about one tour.
        let texts = [
            "X to close operations in Brazil 'effective immediately'",
            "Musk-owned X to close operations in Brazil 'effective immediately'",
            "X says it is closing operations in Brazil due to judge's content orders",
            "X closing operations in Brazil due to judge's content orders",
            "Meghan Markle Wears Johanna Ortiz Set in Colombia",
            "Meghan Markle Wears the Ultimate French Girl Shoe in Colombia",
            "Meghan Markle makes powerful 'victim' speech during Colombia tour",
            "Meghan Markle Dancing in Colombia, Prince Harry on Sidelines",
            "Prince Harry shows off his 'dad dancing' on Colombia trip",
            "Beef consumption in Argentina at lowest level in years",
            "Tourism in Brazil could benefit from climate agenda",
        ];
        let page = page_of(&texts);
        let h: Vec<Headline> = texts.iter().map(|t| headline(t)).collect();
        assert!(similar_by_rare_words(&h[0], &h[1], &page));
        assert!(similar_by_rare_words(&h[2], &h[3], &page));
        assert!(
            !similar_by_rare_words(&h[4], &h[5], &page),
            "two outfits on one tour"
        );
        assert!(!similar_by_rare_words(&h[6], &h[7], &page));
        assert!(
            !similar_by_rare_words(&h[0], &h[10], &page),
            "Brazil alone is not a story"
        );
        assert!(rare_word_overlap(&h[0], &h[1], &page) > rare_word_overlap(&h[4], &h[5], &page));
    }

    #[test]
    fn word_forms_share_a_stem() {
        let stems = |t: &str| headline(t).words;
        assert_eq!(stems("closes operations"), stems("closing operation"));
        assert_eq!(stems("closure"), stems("closed"));
        assert_eq!(stems("protesters protests"), stems("protest"));
        assert_eq!(stems("rallies"), stems("rally"));
        assert_ne!(stems("closes"), stems("opens"));
        assert_eq!(stems("Brazil's"), stems("Brazil’s"), "apostrophes fold");
        assert_eq!(
            headline("Café ouvert").words.len(),
            2,
            "words beyond ASCII keep their token"
        );
    }

    #[test]
    fn a_differing_number_vetoes() {
        assert!(differing_numbers(
            &headline("Quake kills 12 in southern Chile"),
            &headline("Quake kills 21 in southern Chile")
        ));
        assert!(!differing_numbers(
            &headline("Silvio Santos dies at 93"),
            &headline("TV legend Silvio Santos dies at 93")
        ));
        assert!(
            !differing_numbers(
                &headline("Silvio Santos dies at 93"),
                &headline("TV legend Silvio Santos dies")
            ),
            "one gives no number"
        );
    }

    #[test]
    fn template_variants_veto() {
        let pairs = [
            (
                "Click to share on Twitter (Opens in new window)",
                "Click to share on Telegram (Opens in new window)",
            ),
            (
                "Articles containing potentially dated statements from 2013",
                "Articles containing potentially dated statements from 2018",
            ),
            ("Mobile Rising Stars", "Display Rising Stars"),
            ("Other DIY Projects", "Other DIY Crafts"),
            (
                "IAB Tech Lab Releases Updated ‘IAB HTML5 for Digital Advertising Guide’ for Public Comment",
                "IAB Tech Lab Releases Updated ‘IAB Display Creative Guidelines’ For Public Comment",
            ),
        ];
        for (a, b) in pairs {
            assert!(template_variants(&headline(a), &headline(b)), "{a} / {b}");
        }
        assert!(!template_variants(
            &headline("X closing operations in Brazil"),
            &headline("X says it is closing operations in Brazil")
        ));
        assert!(!template_variants(
            &headline("Same words here exactly"),
            &headline("Same words here exactly")
        ));
    }

    #[test]
    fn evidence_checks_vetoes_first() {
        let texts = [
            "Click to share on Twitter (Opens in new window)",
            "Click to share on Telegram (Opens in new window)",
        ];
        let page = page_of(&texts);
        let mut items: Vec<StoryItem> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| item(i as u32, t))
            .collect();
        items[1].shares_sentence_with = vec![0];
        items[0].link = Some(1);
        items[1].link = Some(1);
        assert_eq!(evidence(&items, 0, 1, &page), None);
        let texts = [
            "Strong quake shakes southern Chile",
            "Strong quake shakes southern Chile",
            "Something else entirely happened today",
        ];
        let page = page_of(&texts);
        let mut items: Vec<StoryItem> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| item(i as u32, t))
            .collect();
        assert_eq!(evidence(&items, 0, 1, &page), Some(Evidence::SameHeadline));
        items[1].changed_from = vec![0];
        assert_eq!(
            evidence(&items, 0, 1, &page),
            None,
            "a changed fact stays visible"
        );
        assert_eq!(evidence(&items, 0, 2, &page), None);
    }

    #[test]
    fn across_lists_only_identity_counts() {
        let texts = [
            "Jeb Bush hints at White House run",
            "Jeb Bush hints at White Hou...",
            "Jeb Bush says he will decide on a White House run soon",
        ];
        let page = page_of(&texts);
        let items: Vec<StoryItem> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| item(i as u32, t))
            .collect();
        assert!(same_story_elsewhere(&items[0], &items[1], &page));
        assert!(!same_story_elsewhere(&items[0], &items[2], &page));
    }

    #[test]
    fn retelling_the_article_needs_its_headline_or_its_text() {
        let article = headline("Quake shakes southern Chile, no tsunami warning issued");
        let nothing = ArticleEcho::default();
        let sentence = ArticleEcho {
            repeats_sentence: true,
            ..nothing
        };
        let copy = ArticleEcho {
            copies_text: true,
            ..nothing
        };
        assert!(retells_article(
            &headline("Quake shakes southern Chile, no tsunami warning issued"),
            nothing,
            &article
        ));
        let rewrite = headline("Strong earthquake shakes southern Chile; no tsunami threat");
        assert!(
            !retells_article(&rewrite, nothing, &article),
            "a similar headline alone"
        );
        assert!(retells_article(&rewrite, sentence, &article));
        let loose = headline("Magnitude 6.8 quake rattles Chile's south, officials say no tsunami");
        assert!(
            retells_article(&loose, sentence, &article),
            "quake, tsunami"
        );
        assert!(
            retells_article(&loose, copy, &article),
            "its snippet is the article's lead"
        );
        let one = headline("Tsunami drill held in Valparaíso schools");
        assert!(
            !retells_article(&one, sentence, &article),
            "one word in common"
        );
        assert!(retells_article(&one, copy, &article));
        assert!(
            !retells_article(
                &headline("Chile's senate passes pension reform"),
                sentence,
                &article
            ),
            "a shared byline"
        );
        let twelve = headline("Quake kills 12 in southern Chile");
        assert!(
            !retells_article(&twelve, copy, &headline("Quake kills 21 in southern Chile")),
            "numbers included"
        );
    }

    #[test]
    fn stars_never_chain_through_a_third_item() {
        // 0-1 and 1-2 have evidence, 0-2 none: 1 is the centre and keeps both.
        let items: Vec<StoryItem> = (0..4).map(|i| item(i, "")).collect();
        let edges = vec![vec![1], vec![0, 2], vec![1], vec![]];
        assert_eq!(star_clusters(&items, &edges, &edges), vec![vec![1, 0, 2]]);
        // A chain 0-1-2-3: the centre 1 takes 0 and 2; 3 stays apart, since
        // its only evidence is with 2, which is hidden.
        let edges = vec![vec![1], vec![0, 2], vec![1, 3], vec![2]];
        assert_eq!(star_clusters(&items, &edges, &edges), vec![vec![1, 0, 2]]);
        // Ties go to the earliest item.
        let edges = vec![vec![1], vec![0], vec![3], vec![2]];
        assert_eq!(
            star_clusters(&items, &edges, &edges),
            vec![vec![0, 1], vec![2, 3]]
        );
    }

    #[test]
    fn words_written_as_one_or_two_agree() {
        let one = headline("Search resumes for missing AirAsia jet");
        let two = headline("Bad weather hampering search for Air Asia flight");
        let mut page = PageWords::default();
        for h in [
            &one,
            &two,
            &headline("Storm closes schools across the region"),
        ] {
            page.add(h, None);
        }
        let (x, y) = aligned(&one, &two);
        assert_eq!(shared_words(&x, &y).count(), 2, "search and airasia");
        assert!(
            rare_word_overlap(&one, &two, &page)
                > rare_word_overlap(
                    &one,
                    &headline("Bad weather hampering search for Air India flight"),
                    &page
                )
        );
        let (mom, toddler) = (
            headline("Mom fatally shot by son in Walmart"),
            headline("Toddler kills mom in Wal-Mart"),
        );
        let (x, y) = aligned(&mom, &toddler);
        assert_eq!(shared_words(&x, &y).count(), 2, "mom and walmart");
    }

    #[test]
    fn clock_times_are_no_numbers_of_the_story() {
        let a = headline("01:09 World Investigators getting first look at Greek ferry");
        let b = headline("01:00 World Investigators comb over wreck of Greek ferry");
        assert!(a.numbers.is_empty() && b.numbers.is_empty());
        assert!(!differing_numbers(&a, &b));
        // Other numbers still count.
        let c = headline("Magnitude 3.1 earthquake strikes near Pasto");
        let d = headline("Moderate mag. 4.1 earthquake strikes at 06:36 am");
        assert!(differing_numbers(&c, &d));
    }

    #[test]
    fn clusters_bridged_twice_over_are_one_story() {
        let items: Vec<StoryItem> = (0..6).map(|i| item(i, "")).collect();
        // Stars 0-{1,2} and 3-{4,5}; 1-4 and 2-5 bridge them by two pairs
        // that share no item: one story.
        let strong = vec![
            vec![1, 2],
            vec![0, 4],
            vec![0, 5],
            vec![4, 5],
            vec![3, 1],
            vec![3, 2],
        ];
        assert!(bridged(&[0, 1, 2], &[3, 4, 5], &strong));
        assert_eq!(
            star_clusters(&items, &strong, &strong),
            vec![vec![0, 1, 2, 3, 4, 5]]
        );
        // One bridge (1-4) is a single glue point: the stars stay apart.
        let strong = vec![
            vec![1, 2],
            vec![0, 4],
            vec![0],
            vec![4, 5],
            vec![3, 1],
            vec![3],
        ];
        assert!(!bridged(&[0, 1, 2], &[3, 4, 5], &strong));
        // Nor do two bridges through one item (1-4 and 1-5).
        let through_one = vec![
            vec![1, 2],
            vec![0, 4, 5],
            vec![0],
            vec![4, 5],
            vec![3, 1],
            vec![3, 1],
        ];
        assert!(!bridged(&[0, 1, 2], &[3, 4, 5], &through_one));
        assert_eq!(
            star_clusters(&items, &strong, &strong),
            vec![vec![0, 1, 2], vec![3, 4, 5]]
        );
    }

    #[test]
    fn joining_goes_on_while_joined_items_vouch_for_more() {
        let items: Vec<StoryItem> = (0..5).map(|i| item(i, "")).collect();
        // 0 is the centre of 0-1-2; 3 joins through 1 and 2; 4 has
        // evidence with 2 and 3 only, so it joins once 3 has.
        let strong = vec![vec![1, 2], vec![0], vec![0], vec![], vec![]];
        let related = vec![
            vec![1, 2],
            vec![0, 3],
            vec![0, 3, 4],
            vec![1, 2, 4],
            vec![2, 3],
        ];
        assert_eq!(
            star_clusters(&items, &strong, &related),
            vec![vec![0, 1, 2, 3, 4]]
        );
    }

    #[test]
    fn an_item_left_alone_joins_where_two_members_vouch_for_it() {
        let items: Vec<StoryItem> = (0..6).map(|i| item(i, "")).collect();
        // 0 is the centre of 0-1-2-3; 4 has evidence with 1 and 2, 5 only
        // with 3: 4 joins, 5 does not.
        let edges = vec![
            vec![1, 2, 3],
            vec![0, 4],
            vec![0, 4],
            vec![0, 5],
            vec![1, 2],
            vec![3],
        ];
        assert_eq!(
            star_clusters(&items, &edges, &edges),
            vec![vec![0, 1, 2, 3, 4]]
        );
        assert!(has_support(2) && !has_support(1));
        // Related evidence alone never makes a cluster, but supports a join.
        let strong = vec![vec![1], vec![0], vec![], vec![]];
        let related = vec![vec![1, 2, 3], vec![0, 2], vec![0, 1], vec![0]];
        assert_eq!(
            star_clusters(&items[..4], &strong, &related),
            vec![vec![0, 1, 2]]
        );
        assert!(star_clusters(&items[..4], &[vec![], vec![], vec![], vec![]], &related).is_empty());
    }
}
