//! The page index: every block seen so far, and what repeats.
//!
//! This first engine finds exact repeats only: a block whose text, with case
//! and runs of whitespace folded, equals an earlier block's. Short strings
//! ("Share", "Read more") never count.

use std::collections::HashMap;

use crate::block::Block;
use crate::report::{BatchReport, BlockReport, RepeatSpan, Totals};

/// Blocks with fewer words than this are UI strings, never repeats.
const MIN_WORDS: usize = 6;

/// One page's index. Feed it batches in page order with [`Engine::analyze`].
#[derive(Debug, Default)]
pub struct Engine {
    /// Folded text of a block → page-wide id of its first occurrence.
    first_seen: HashMap<String, u32>,
    totals: Totals,
}

impl Engine {
    /// An empty page index.
    pub fn new() -> Self {
        Self::default()
    }

    /// Analyse the next batch of blocks against everything seen before.
    pub fn analyze(&mut self, batch: &[Block]) -> BatchReport {
        let mut blocks = Vec::with_capacity(batch.len());
        for block in batch {
            let id = self.totals.blocks;
            self.totals.blocks += 1;
            let len = utf16_len(&block.text);
            self.totals.chars += u64::from(len);
            let mut report = BlockReport {
                id,
                spans: Vec::new(),
                near_duplicate_of: None,
            };
            if let Some(key) = fold(&block.text) {
                match self.first_seen.get(&key) {
                    Some(&source) => {
                        report.spans.push(RepeatSpan {
                            start: 0,
                            end: len,
                            source,
                            source_start: 0,
                            source_end: len,
                        });
                        report.near_duplicate_of = Some(source);
                        self.totals.repeated_blocks += 1;
                        self.totals.repeated_chars += u64::from(len);
                    }
                    None => {
                        self.first_seen.insert(key, id);
                    }
                }
            }
            blocks.push(report);
        }
        self.totals.repeated_share = share(self.totals.repeated_chars, self.totals.chars);
        BatchReport {
            blocks,
            lists: Vec::new(),
            totals: self.totals.clone(),
        }
    }

    /// Page totals so far.
    pub fn totals(&self) -> &Totals {
        &self.totals
    }

    /// Add time spent analysing (measured by the caller, who owns the clock:
    /// `std::time::Instant` does not exist in the browser).
    pub fn add_time_ms(&mut self, ms: f64) {
        self.totals.engine_ms += ms;
    }
}

/// Case- and whitespace-folded text, or `None` for text too short to count.
fn fold(text: &str) -> Option<String> {
    let words: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
    (words.len() >= MIN_WORDS).then(|| words.join(" "))
}

fn utf16_len(text: &str) -> u32 {
    u32::try_from(text.encode_utf16().count()).unwrap_or(u32::MAX)
}

fn share(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEAD: &str = "The council voted on Tuesday to close the old bridge for repairs.";

    #[test]
    fn second_copy_of_a_paragraph_repeats_the_first() {
        let mut engine = Engine::new();
        let report = engine.analyze(&[
            Block::paragraph(LEAD),
            Block::paragraph("Something else entirely happened later that week in town."),
            Block::paragraph(LEAD),
        ]);
        assert!(report.blocks[0].spans.is_empty());
        assert!(report.blocks[1].spans.is_empty());
        let span = &report.blocks[2].spans[0];
        assert_eq!((span.start, span.end, span.source), (0, 65, 0));
        assert_eq!(report.blocks[2].near_duplicate_of, Some(0));
        assert_eq!(report.totals.repeated_blocks, 1);
    }

    #[test]
    fn later_batches_extend_the_same_page() {
        let mut engine = Engine::new();
        engine.analyze(&[Block::paragraph(LEAD)]);
        let report = engine.analyze(&[Block::paragraph(LEAD.to_uppercase())]);
        assert_eq!(report.blocks[0].id, 1);
        assert_eq!(report.blocks[0].near_duplicate_of, Some(0));
        assert_eq!(report.totals.blocks, 2);
    }

    #[test]
    fn short_ui_strings_never_repeat() {
        let mut engine = Engine::new();
        let report = engine.analyze(&[
            Block::paragraph("Read more »"),
            Block::paragraph("Read more »"),
        ]);
        assert!(report.blocks.iter().all(|b| b.spans.is_empty()));
        assert_eq!(report.totals.repeated_share, 0.0);
    }

    #[test]
    fn offsets_count_utf16_units() {
        let text = "Émoji 😀 are counted twice in UTF-16 by every browser";
        let mut engine = Engine::new();
        let report = engine.analyze(&[Block::paragraph(text), Block::paragraph(text)]);
        assert_eq!(
            report.blocks[1].spans[0].end as usize,
            text.encode_utf16().count()
        );
    }
}
