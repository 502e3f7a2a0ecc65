//! A compact wire format for batches and reports, so that crossing the
//! JS/wasm boundary costs one buffer and two typed arrays per batch instead of
//! a property lookup per field of every block. `js/ditto.js` packs and
//! unpacks it; the format lives here, next to the code that reads it, and is
//! plain Rust so it is tested natively.
//!
//! Batch: all texts one after the other as UTF-8 (the JS side encodes each
//! straight into a buffer in wasm memory: no joined string, no second copy),
//! plus 5 numbers per block: its length in bytes, its kind (index in
//! [`KINDS`]), its list, its item and the hash of its link ([`NONE`] when
//! absent).
//!
//! Report: `[blocks, per block: id, near_duplicate_of + 1 (0: none), spans,
//! facts, then 5 numbers per span and per fact (start, end, source,
//! source_start, source_end)]`, then `[lists, per list: list, items, clusters,
//! per cluster: representative, item count, items…, agency (index in
//! [`crate::agency::LABELS`] + 1, 0: none), same_as_article; then items listed
//! above, per one: item, source list, source item]`.

use crate::agency;
use crate::block::{BlockKind, BlockRef};
use crate::report::BatchReport;

/// Block kinds by their number in the wire format (and their JS names).
pub const KINDS: [(BlockKind, &str); 9] = [
    (BlockKind::Paragraph, "paragraph"),
    (BlockKind::Heading, "heading"),
    (BlockKind::ListItem, "listItem"),
    (BlockKind::Link, "link"),
    (BlockKind::Caption, "caption"),
    (BlockKind::Other, "other"),
    (BlockKind::Title, "title"),
    (BlockKind::Headline, "headline"),
    (BlockKind::Chrome, "chrome"),
];

/// "No list" / "no item" in the wire format.
pub const NONE: u32 = u32::MAX;

/// Numbers per block in the batch metadata.
pub const META_PER_BLOCK: usize = 5;

/// Cuts `bytes` (UTF-8) into the blocks `meta` describes. Bytes after the
/// last block are ignored: the buffer they were encoded into may be larger.
pub fn unpack_batch<'a>(bytes: &'a [u8], meta: &[u32]) -> Result<Vec<BlockRef<'a>>, String> {
    if !meta.len().is_multiple_of(META_PER_BLOCK) {
        return Err(format!(
            "batch metadata has {} numbers, not a multiple of {META_PER_BLOCK}",
            meta.len()
        ));
    }
    let mut blocks = Vec::with_capacity(meta.len() / META_PER_BLOCK);
    let mut rest = bytes;
    for (i, m) in meta.chunks_exact(META_PER_BLOCK).enumerate() {
        let (len, kind, list, item, link) = (m[0] as usize, m[1], m[2], m[3], m[4]);
        if len > rest.len() {
            return Err(format!(
                "block {i}: its length ({len} bytes) runs past the text"
            ));
        }
        let (text, after) = rest.split_at(len);
        let text = std::str::from_utf8(text)
            .map_err(|e| format!("block {i}: its text is not UTF-8: {e}"))?;
        blocks.push(BlockRef {
            text,
            kind: kind_of(i, kind)?,
            list: (list != NONE).then_some(list),
            item: (item != NONE).then_some(item),
            link: (link != NONE).then_some(link),
        });
        rest = after;
    }
    Ok(blocks)
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
        out.push(list.above.len() as u32);
        for a in &list.above {
            out.extend([a.item, a.source_list, a.source_item]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Block, Engine};

    #[test]
    fn batches_are_cut_at_byte_lengths() {
        let texts = ["héllo 😀", "", "東京", "plain"];
        let mut meta = Vec::new();
        for (i, t) in texts.iter().enumerate() {
            meta.extend([t.len() as u32, (i % 6) as u32, NONE, NONE, NONE]);
        }
        meta[7] = 2; // block 1 belongs to list 2, item 5, and links to 9
        meta[8] = 5;
        meta[9] = 9;
        let mut joined = texts.concat().into_bytes();
        joined.extend([0; 9]); // the rest of the buffer
        let blocks = unpack_batch(&joined, &meta).unwrap();
        assert_eq!(blocks.iter().map(|b| b.text).collect::<Vec<_>>(), texts);
        assert_eq!(
            (
                blocks[1].kind,
                blocks[1].list,
                blocks[1].item,
                blocks[1].link
            ),
            (BlockKind::Heading, Some(2), Some(5), Some(9))
        );
        assert_eq!((blocks[0].list, blocks[0].link), (None, None));
    }

    #[test]
    fn bad_batches_are_errors_not_panics() {
        assert!(unpack_batch(b"abc", &[1, 0, NONE, NONE]).is_err());
        assert!(unpack_batch(b"abc", &[5, 0, NONE, NONE, NONE]).is_err());
        assert!(
            unpack_batch(b"abc", &[3, 9, NONE, NONE, NONE]).is_err(),
            "unknown kind"
        );
        assert!(
            unpack_batch("😀".as_bytes(), &[1, 0, NONE, NONE, NONE]).is_err(),
            "splits a character"
        );
        assert!(
            unpack_batch(&[0xff, 0x41], &[2, 0, NONE, NONE, NONE]).is_err(),
            "not UTF-8"
        );
        assert_eq!(unpack_batch(b"", &[]).unwrap().len(), 0);
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
        // One list (4): 2 items, one cluster (representative 0, items 0 and 1,
        // agency AP, not the article), nothing listed above.
        let lists = &packed[packed.len() - 11..];
        assert_eq!(lists, &[1, 4, 2, 1, 0, 2, 0, 1, 1, 0, 0]);
    }
}
