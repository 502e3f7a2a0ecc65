//! What the engine decides about each block, in token positions: the types
//! the page index ([`crate::engine`]) hands to the list clustering
//! ([`crate::lists`]), kept apart so that neither module imports the other.

use crate::block::BlockKind;
use crate::fingerprint;
use crate::normalize::{Token, NUMBER, SCRIPT_CHAR};

/// A block needs this many words to be compared at all: shorter texts are UI
/// strings ("Read more »", "Share", a site name), never repeats.
pub const MIN_WORDS: usize = 6;
/// A repeated span inside a longer block must be at least this many words.
pub const MIN_RUN: usize = fingerprint::GUARANTEE;
/// Text other than a headline repeats in spans of at least this many words,
/// numbers not counted. Chosen on the judge's labelled highlights
/// (tests/labels/): shared runs of 8 or 9 words were as often incidental
/// phrases ("declared one of New Zealand's official languages in") as
/// repeats; from 10 words on, nearly all were repeats a reader would mark.
pub const MIN_PROSE_WORDS: usize = 10;

/// Where a block's tokens sit in the engine's token arena, and what it is.
#[derive(Debug, Clone)]
pub(crate) struct BlockInfo {
    pub start: u32,
    pub len: u32,
    pub kind: BlockKind,
    pub list: Option<u32>,
}

impl BlockInfo {
    /// Part of the page's own article (not a list, not navigation).
    pub fn in_article(&self) -> bool {
        self.list.is_none()
            && matches!(
                self.kind,
                BlockKind::Paragraph
                    | BlockKind::Heading
                    | BlockKind::Headline
                    | BlockKind::Caption
            )
    }
}

/// A run of equal tokens: `b_start..b_end` of the new block equals the tokens
/// of block `source` from `s_start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Run {
    pub b_start: usize,
    pub b_end: usize,
    pub source: u32,
    pub s_start: usize,
}

impl Run {
    pub fn len(&self) -> usize {
        self.b_end - self.b_start
    }
}

/// What the engine decided about one block, in token positions.
#[derive(Debug, Clone, Default)]
pub(crate) struct Verdict {
    pub runs: Vec<Run>,
    pub near_duplicate_of: Option<u32>,
    /// (token in the block, source block, token in the source).
    pub changed: Vec<(usize, u32, usize)>,
}

/// Whether a token list holds at least `n` words, counting a character of a
/// script written without spaces as half a word (two CJK characters carry
/// about one English word). Stops counting once it knows.
pub(crate) fn has_words(tokens: &[Token], n: usize) -> bool {
    // In half words: two per word, one per script character.
    let mut halves = 0;
    for t in tokens {
        halves += if t.flags() & SCRIPT_CHAR != 0 { 1 } else { 2 };
        if halves >= 2 * n {
            return true;
        }
    }
    false
}

/// Whether a token list holds at least `n` words that are not numbers, a
/// character of a script written without spaces counting as half a word.
pub(crate) fn has_prose_words(tokens: &[Token], n: usize) -> bool {
    let mut halves = 0;
    for t in tokens.iter().filter(|t| t.flags() & NUMBER == 0) {
        halves += if t.flags() & SCRIPT_CHAR != 0 { 1 } else { 2 };
        if halves >= 2 * n {
            return true;
        }
    }
    false
}
