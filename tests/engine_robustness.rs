//! The engine never panics, and every offset it reports lands inside the
//! input, on a character boundary (in UTF-16 units), whatever the text.

use ditto::{Block, BlockKind, Engine};
use proptest::prelude::*;

/// UTF-16 offsets where a character starts, plus the end of the text.
fn boundaries(text: &str) -> Vec<u32> {
    let mut at = vec![0u32];
    let mut pos = 0u32;
    for c in text.chars() {
        pos += c.len_utf16() as u32;
        at.push(pos);
    }
    at
}

fn check(blocks: &[Block]) {
    let mut engine = Engine::new();
    let half = blocks.len() / 2;
    let mut reports = engine.analyze(&blocks[..half]).blocks;
    reports.extend(engine.analyze(&blocks[half..]).blocks);
    assert_eq!(reports.len(), blocks.len());
    for (i, report) in reports.iter().enumerate() {
        assert_eq!(report.id as usize, i);
        let mine = boundaries(&blocks[i].text);
        let mut last_end = 0;
        for span in &report.spans {
            assert!(span.start < span.end, "{span:?}");
            assert!(span.start >= last_end, "spans overlap or are unsorted");
            last_end = span.end;
            assert!(
                mine.binary_search(&span.start).is_ok() && mine.binary_search(&span.end).is_ok()
            );
            assert!(
                (span.source as usize) < i,
                "a span repeats an earlier block"
            );
            let theirs = boundaries(&blocks[span.source as usize].text);
            assert!(theirs.binary_search(&span.source_start).is_ok());
            assert!(theirs.binary_search(&span.source_end).is_ok());
        }
        for fact in &report.changed_facts {
            assert!(
                mine.binary_search(&fact.start).is_ok() && mine.binary_search(&fact.end).is_ok()
            );
        }
        if let Some(source) = report.near_duplicate_of {
            assert!((source as usize) < i);
        }
    }
}

/// Text that exercises the normaliser: words from a small vocabulary (so
/// that repeats happen), mixed with arbitrary Unicode.
fn texty() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        4 => prop::sample::select(vec![
            "the", "defence", "defense", "colour", "Read", "more", "»", "(AP)", "—", "12", "21",
            "1,000", "café", "cafe\u{301}", "ﬁnal", "東京", "שלום", "😀", "\u{a0}", "\u{fffd}", "’",
            "said", "North", "Korea", "missile", "Thursday",
        ]).prop_map(String::from),
        1 => any::<String>(),
    ];
    prop::collection::vec(word, 0..40).prop_map(|words| words.join(" "))
}

fn block() -> impl Strategy<Value = Block> {
    (
        texty(),
        0..6u8,
        prop::option::of(0..3u32),
        0..5u32,
        prop::option::of(0..3u32),
    )
        .prop_map(|(text, kind, list, item, link)| Block {
            text,
            kind: [
                BlockKind::Paragraph,
                BlockKind::Heading,
                BlockKind::ListItem,
                BlockKind::Link,
                BlockKind::Title,
                BlockKind::Headline,
                BlockKind::Chrome,
            ][kind as usize],
            list,
            item: list.map(|_| item),
            link,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn never_panics_and_offsets_are_boundaries(blocks in prop::collection::vec(block(), 0..24)) {
        check(&blocks);
    }

    #[test]
    fn copies_with_arbitrary_unicode(text in any::<String>(), prefix in texty()) {
        let copy = format!("{prefix} {text} {prefix}");
        check(&[Block::paragraph(copy.clone()), Block::paragraph(text), Block::paragraph(copy)]);
    }
}
