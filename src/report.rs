//! The engine's output. Field names serialise in camelCase for JavaScript.

use serde::Serialize;

/// A run of a block's text that repeats text of an earlier block.
/// Offsets are UTF-16 code units, `start < end`, on character boundaries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RepeatSpan {
    pub start: u32,
    pub end: u32,
    /// Page-wide id of the block this span repeats (its first occurrence).
    pub source: u32,
    /// Where the repeated text sits in the source block (UTF-16 units).
    pub source_start: u32,
    pub source_end: u32,
}

/// A number that differs between this block and an earlier block that it
/// otherwise repeats ("killed 12" / "killed 21"): a changed fact. A block with
/// changed facts is never a near-duplicate, so it is never hidden; its
/// matching text is still reported as repeated spans.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChangedFact {
    /// The number in this block (UTF-16 units).
    pub start: u32,
    pub end: u32,
    /// The earlier block, and where its different number sits.
    pub source: u32,
    pub source_start: u32,
    pub source_end: u32,
}

/// What the engine found for one block of a batch.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BlockReport {
    /// Page-wide id: blocks are numbered in the order they were given,
    /// across batches, from 0.
    pub id: u32,
    /// Repeated spans, sorted by `start`, never overlapping.
    pub spans: Vec<RepeatSpan>,
    /// Set when the whole block is a near-duplicate of an earlier block: the
    /// shared text covers at least 90% of one of them and 60% of the other.
    pub near_duplicate_of: Option<u32>,
    /// Numbers that differ from a block this one otherwise repeats.
    pub changed_facts: Vec<ChangedFact>,
}

/// Items of one candidate list that tell the same story.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Cluster {
    /// The item shown when the cluster is collapsed: the one with the most
    /// evidence with the others (the earliest on ties), every other item
    /// having evidence with it. Items are the `item` ids the caller gave its
    /// blocks. In a `same_as_article` cluster it is the first item (a list
    /// whose every item retells the article can become one line instead).
    pub representative: u32,
    /// Every item of the cluster, the representative first, then page order.
    pub items: Vec<u32>,
    /// The wire agency the text names ("AP", "Reuters", …), if any.
    pub agency: Option<String>,
    /// The cluster's items retell the page's own article.
    pub same_as_article: bool,
}

/// An item whose story another, earlier list already shows: the same
/// headline (or its cut), or the same link. An item that shows several
/// stories (a box of top stories) has one entry per story, each with the
/// item that shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListedAbove {
    pub item: u32,
    /// The list and item that show it first.
    pub source_list: u32,
    pub source_item: u32,
}

/// Same-story clusters of one candidate list (only clusters of two or more
/// items, or of items that repeat the page's article), and its items listed
/// above.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListReport {
    pub list: u32,
    /// Items of the list seen so far.
    pub items: u32,
    pub clusters: Vec<Cluster>,
    pub above: Vec<ListedAbove>,
}

/// Page-wide figures, as the popup shows them.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Totals {
    pub blocks: u32,
    pub repeated_blocks: u32,
    /// UTF-16 units of text in all blocks, and of it inside repeated spans.
    pub chars: u64,
    pub repeated_chars: u64,
    /// `repeated_chars / chars`, 0 on an empty page.
    pub repeated_share: f64,
    /// Candidate lists seen (blocks with a `list` id).
    pub lists: u32,
    /// Same-story clusters across all lists.
    pub clusters: u32,
    /// Items that collapse: behind a representative (cluster sizes minus
    /// one), behind the article, or behind a list above.
    pub collapsible_items: u32,
    /// Time spent in the engine for this page, in milliseconds.
    pub engine_ms: f64,
}

/// The answer to one batch.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchReport {
    /// One report per block of the batch, in batch order.
    pub blocks: Vec<BlockReport>,
    /// The current clustering of every list the batch touched.
    pub lists: Vec<ListReport>,
    /// Page totals after this batch.
    pub totals: Totals,
}
