//! A compact wire format for batches and reports, so that crossing the
//! JS/wasm boundary costs one string and two typed arrays per batch instead of
//! a property lookup per field of every block. `js/ditto.js` packs and
//! unpacks it; the format lives here, next to the code that reads it, and is
//! plain Rust so it is tested natively.
//!
//! Batch: all texts concatenated, plus 4 numbers per block: its length in
//! UTF-16 units, its kind (index in [`KINDS`]), its list and its item
//! ([`NONE`] when absent).
//!
//! Report: `[blocks, per block: id, near_duplicate_of + 1 (0: none), spans,
//! facts, then 5 numbers per span and per fact (start, end, source,
//! source_start, source_end)]`, then `[lists, per list: list, items, clusters,
//! per cluster: representative, item count, items…, agency (index in
//! [`crate::agency::LABELS`] + 1, 0: none), same_as_article]`.

use crate::agency;
use crate::block::{BlockKind, BlockRef};
use crate::report::BatchReport;

/// Block kinds by their number in the wire format (and their JS names).
pub const KINDS: [(BlockKind, &str); 6] = [
    (BlockKind::Paragraph, "paragraph"),
    (BlockKind::Heading, "heading"),
    (BlockKind::ListItem, "listItem"),
    (BlockKind::Link, "link"),
    (BlockKind::Caption, "caption"),
    (BlockKind::Other, "other"),
];

/// "No list" / "no item" in the wire format.
pub const NONE: u32 = u32::MAX;

/// Numbers per block in the batch metadata.
pub const META_PER_BLOCK: usize = 4;

/// Cuts `text` into the blocks `meta` describes.
pub fn unpack_batch<'a>(text: &'a str, meta: &[u32]) -> Result<Vec<BlockRef<'a>>, String> {
    if !meta.len().is_multiple_of(META_PER_BLOCK) {
        return Err(format!(
            "batch metadata has {} numbers, not a multiple of {META_PER_BLOCK}",
            meta.len()
        ));
    }
    let mut blocks = Vec::with_capacity(meta.len() / META_PER_BLOCK);
    let mut rest = text;
    for (i, m) in meta.chunks_exact(META_PER_BLOCK).enumerate() {
        let (len16, kind, list, item) = (m[0] as usize, m[1], m[2], m[3]);
        let split = utf16_prefix_len(rest, len16).ok_or_else(|| {
            format!("block {i}: its length ({len16}) runs past the text or splits a character")
        })?;
        blocks.push(BlockRef {
            text: &rest[..split],
            kind: kind_of(i, kind)?,
            list: (list != NONE).then_some(list),
            item: (item != NONE).then_some(item),
        });
        rest = &rest[split..];
    }
    if !rest.is_empty() {
        return Err("the batch text is longer than its blocks".into());
    }
    Ok(blocks)
}

/// The byte length of the first `len16` UTF-16 units of `text`, if they end
/// on a character boundary inside it.
fn utf16_prefix_len(text: &str, len16: usize) -> Option<usize> {
    // Mostly ASCII: then UTF-16 units are bytes and no counting is needed.
    if text.len() >= len16 && text.as_bytes()[..len16].is_ascii() {
        return Some(len16);
    }
    let mut units = 0;
    for (at, c) in text.char_indices() {
        if units >= len16 {
            return (units == len16).then_some(at);
        }
        units += c.len_utf16();
    }
    (units == len16).then_some(text.len())
}

fn kind_of(block: usize, kind: u32) -> Result<BlockKind, String> {
    KINDS
        .get(kind as usize)
        .map(|k| k.0)
        .ok_or_else(|| format!("block {block}: unknown kind {kind}"))
}

/// The report in the wire format.
pub fn pack_report(report: &BatchReport) -> Vec<u32> {
    let mut out = Vec::with_capacity(1 + report.blocks.len() * 4);
    out.push(report.blocks.len() as u32);
    for block in &report.blocks {
        out.extend([
            block.id,
            block.near_duplicate_of.map_or(0, |s| s + 1),
            block.spans.len() as u32,
            block.changed_facts.len() as u32,
        ]);
        for s in &block.spans {
            out.extend([s.start, s.end, s.source, s.source_start, s.source_end]);
        }
        for f in &block.changed_facts {
            out.extend([f.start, f.end, f.source, f.source_start, f.source_end]);
        }
    }
    out.push(report.lists.len() as u32);
    for list in &report.lists {
        out.extend([list.list, list.items, list.clusters.len() as u32]);
        for cluster in &list.clusters {
            out.extend([cluster.representative, cluster.items.len() as u32]);
            out.extend(&cluster.items);
            let agency = cluster
                .agency
                .as_deref()
                .and_then(|a| agency::LABELS.iter().position(|l| *l == a))
                .map_or(0, |i| i as u32 + 1);
            out.extend([agency, u32::from(cluster.same_as_article)]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Block, Engine};

    #[test]
    fn batches_are_cut_at_utf16_lengths() {
        let texts = ["héllo 😀", "", "東京", "plain"];
        let mut meta = Vec::new();
        for (i, t) in texts.iter().enumerate() {
            meta.extend([t.encode_utf16().count() as u32, (i % 6) as u32, NONE, NONE]);
        }
        meta[6] = 2; // block 1 belongs to list 2, item 5
        meta[7] = 5;
        let joined = texts.concat();
        let blocks = unpack_batch(&joined, &meta).unwrap();
        assert_eq!(blocks.iter().map(|b| b.text).collect::<Vec<_>>(), texts);
        assert_eq!(
            (blocks[1].kind, blocks[1].list, blocks[1].item),
            (BlockKind::Heading, Some(2), Some(5))
        );
        assert_eq!(blocks[0].list, None);
    }

    #[test]
    fn bad_batches_are_errors_not_panics() {
        assert!(unpack_batch("abc", &[1, 0, NONE]).is_err());
        assert!(unpack_batch("abc", &[5, 0, NONE, NONE]).is_err());
        assert!(
            unpack_batch("abc", &[1, 0, NONE, NONE]).is_err(),
            "text left over"
        );
        assert!(
            unpack_batch("abc", &[3, 9, NONE, NONE]).is_err(),
            "unknown kind"
        );
        assert!(
            unpack_batch("😀", &[1, 0, NONE, NONE]).is_err(),
            "splits a surrogate pair"
        );
        assert_eq!(unpack_batch("", &[]).unwrap().len(), 0);
    }

    #[test]
    fn reports_pack_every_field() {
        let lead = "The council voted on Tuesday to close the old bridge for two years of repairs.";
        let report = Engine::new().analyze(&[
            Block::paragraph(lead),
            Block::paragraph(lead),
            Block::list_item(
                "Officials announce sweeping new rules for drones near airports (AP)",
                4,
                0,
            ),
            Block::list_item(
                "Sweeping new rules announced for drones near airports",
                4,
                1,
            ),
        ]);
        let packed = pack_report(&report);
        assert_eq!(packed[0], 4);
        // Block 1: id 1, near-duplicate of 0, one span, no facts, then the span.
        let end = lead.len() as u32 - 1;
        assert_eq!(&packed[5..14], &[1, 1, 1, 0, 0, end, 0, 0, end]);
        let lists = &packed[packed.len() - 9..];
        assert_eq!(lists, &[1, 4, 2, 1, 0, 2, 0, 1, 1, 0][1..]);
    }
}
