//! What the engine reports, point by point: exact repeats, near-duplicates,
//! partial repeats, what is not a repeat, changed facts, same-story clusters.

use ditto::{BatchReport, Block, BlockKind, Engine};

const LEAD: &str = "The city council voted on Tuesday to close the Old Mill bridge for two years, \
citing cracks that engineers found in its main supports during a routine inspection.";

const OTHER: &str = "Shops along the river said they feared losing customers, and several owners \
asked the council for help with rent while the work goes on.";

fn analyze(texts: &[&str]) -> BatchReport {
    Engine::new().analyze(
        &texts
            .iter()
            .map(|t| Block::paragraph(*t))
            .collect::<Vec<_>>(),
    )
}

/// The repeated spans of block `i` as text.
fn spans(report: &BatchReport, texts: &[&str], i: usize) -> Vec<String> {
    let utf16: Vec<u16> = texts[i].encode_utf16().collect();
    report.blocks[i]
        .spans
        .iter()
        .map(|s| String::from_utf16_lossy(&utf16[s.start as usize..s.end as usize]))
        .collect()
}

// 1. Exact repeats.

#[test]
fn an_exact_repeat_later_on_the_page_is_reported_whole() {
    let texts = [
        LEAD,
        OTHER,
        "Weather: sunny, light wind from the west all day long.",
        LEAD,
    ];
    let report = analyze(&texts);
    for i in 0..3 {
        assert!(report.blocks[i].spans.is_empty(), "block {i}");
    }
    assert_eq!(report.blocks[3].near_duplicate_of, Some(0));
    assert_eq!(spans(&report, &texts, 3), vec![LEAD.trim_end_matches('.')]);
    let span = &report.blocks[3].spans[0];
    assert_eq!((span.source, span.source_start), (0, 0));
    assert_eq!(report.totals.repeated_blocks, 1);
    assert!(report.totals.repeated_share > 0.3 && report.totals.repeated_share < 0.5);
}

#[test]
fn the_first_occurrence_is_the_source_of_every_later_copy() {
    let report = analyze(&[LEAD, LEAD, LEAD]);
    assert_eq!(report.blocks[1].near_duplicate_of, Some(0));
    assert_eq!(report.blocks[2].near_duplicate_of, Some(0));
}

// 2. Near-duplicates.

fn assert_near_duplicate(original: &str, variant: &str) {
    let report = analyze(&[original, OTHER, variant]);
    assert_eq!(
        report.blocks[2].near_duplicate_of,
        Some(0),
        "not a near-duplicate:\n  {original}\n  {variant}"
    );
    assert!(report.blocks[2].changed_facts.is_empty());
}

#[test]
fn quotes_and_apostrophes_do_not_hide_a_copy() {
    assert_near_duplicate(
        "\"We can't wait any longer,\" the mayor said, adding that the city's budget was stretched thin.",
        "\u{201c}We can\u{2019}t wait any longer,\u{201d} the mayor said, adding that the city\u{2019}s budget was stretched thin.",
    );
}

#[test]
fn dashes_case_whitespace_and_nbsp_do_not_hide_a_copy() {
    assert_near_duplicate(
        "The plan - first proposed in 2019 - would cost the region about 40 million dollars.",
        "THE PLAN \u{2014} first proposed in 2019 \u{2014} would  cost\u{a0}the region\n\tabout 40 million dollars.",
    );
}

#[test]
fn compatibility_forms_ligatures_and_accents_do_not_hide_a_copy() {
    assert_near_duplicate(
        "The office of the prefect confirmed the final figures for the regional cafe survey.",
        "The o\u{fb03}ce of the prefect con\u{fb01}rmed the ﬁnal ﬁgures for the regional caf\u{e9} survey.",
    );
    assert_near_duplicate(
        "Ｔｈｅ ｍｉｎｉｓｔｅｒ resigned after the report was published on Friday evening.",
        "The minister resigned after the report was published on Friday evening.",
    );
}

#[test]
fn british_and_american_spellings_do_not_hide_a_copy() {
    assert_near_duplicate(
        "The defence ministry will organise a review of the colour-coded alert system at the centre, officials said.",
        "The defense ministry will organize a review of the color-coded alert system at the center, officials said.",
    );
    assert_near_duplicate(
        "Analysts travelled to the theatre to analyse the programme and its licence terms for the labour union.",
        "Analysts traveled to the theater to analyze the program and its license terms for the labor union.",
    );
}

#[test]
fn trailing_boilerplate_does_not_hide_a_copy() {
    for tail in [
        " Read more »",
        " Continue reading…",
        " (AP)",
        " — Reuters",
        " Read more (AP)",
    ] {
        let variant = format!("{LEAD}{tail}");
        assert_near_duplicate(LEAD, &variant);
    }
}

#[test]
fn truncation_and_a_changed_word_keep_a_near_duplicate() {
    let long = "Rescue teams reached the village on Sunday after a landslide cut the only road. \
        Officials said supplies would be flown in by helicopter until the road reopens. \
        Residents described hearing a loud rumble before dawn, then silence.";
    let truncated =
        "Rescue teams reached the village on Sunday after a landslide cut the only road. \
        Officials said supplies would be flown in by helicopter until the road reopens.";
    assert_near_duplicate(long, truncated);
    let one_word = long.replace("helicopter", "plane");
    assert_near_duplicate(long, &one_word);
}

// 3. Partial repeats.

#[test]
fn a_sentence_inside_a_longer_block_is_highlighted_alone() {
    let quote = "Nobody expected the river to rise that fast in the middle of the night";
    let first = format!("Witnesses were stunned. {quote}, one farmer told reporters at the scene.");
    let later = format!(
        "The regional government has promised an inquiry into the warning system. {quote}. \
         Engineers will report back within a month on what failed."
    );
    let texts = [first.as_str(), OTHER, later.as_str()];
    let report = analyze(&texts);
    assert_eq!(spans(&report, &texts, 2), vec![quote]);
    assert_eq!(
        report.blocks[2].near_duplicate_of, None,
        "only part of the block repeats"
    );
    let span = &report.blocks[2].spans[0];
    let source: Vec<u16> = first.encode_utf16().collect();
    assert_eq!(
        String::from_utf16_lossy(&source[span.source_start as usize..span.source_end as usize]),
        quote
    );
}

#[test]
fn a_title_glued_to_a_snippet_still_matches() {
    let title = "Council closes Old Mill bridge for two years";
    let glued = format!("{title}{LEAD}"); // no separator, as some pages render it
    let texts = [title, LEAD, glued.as_str()];
    let report = analyze(&texts);
    let found = spans(&report, &texts, 2).join(" | ");
    assert!(
        found.contains("voted on Tuesday to close the Old Mill bridge"),
        "{found}"
    );
}

// 4. What is not a repeat.

#[test]
fn short_ui_strings_never_count() {
    let texts = [
        "Read more »",
        "Share",
        "Advertisement",
        "The Daily Planet News",
        LEAD,
        "Read more »",
        "Share",
        "Advertisement",
        "The Daily Planet News",
    ];
    let report = analyze(&texts);
    assert!(report
        .blocks
        .iter()
        .all(|b| b.spans.is_empty() && b.near_duplicate_of.is_none()));
    assert_eq!(report.totals.repeated_blocks, 0);
}

#[test]
fn different_paragraphs_on_the_same_topic_do_not_count() {
    let a = "President Joe Biden met Japanese Prime Minister Fumio Kishida at the White House on \
        Friday to discuss trade, semiconductors and security in the Pacific.";
    let b = "Prime Minister Fumio Kishida later told reporters in Washington that Japan would \
        raise its defence spending, a move the White House has long sought.";
    let c = "Trade between the two countries reached a record last year, according to figures \
        released by the Commerce Department on Friday.";
    let report = analyze(&[a, b, c]);
    assert!(
        report.blocks.iter().all(|b| b.spans.is_empty()),
        "{:?}",
        report.blocks
    );
}

#[test]
fn a_changed_number_is_a_changed_fact_not_a_duplicate() {
    let first = "Police said the explosion killed 12 people and injured dozens more at the market.";
    let later = "Police said the explosion killed 21 people and injured dozens more at the market.";
    let texts = [first, OTHER, later];
    let report = analyze(&texts);
    let block = &report.blocks[2];
    assert_eq!(
        block.near_duplicate_of, None,
        "a changed fact must not be hidden as a copy"
    );
    assert_eq!(block.changed_facts.len(), 1);
    let fact = &block.changed_facts[0];
    assert_eq!(&later[fact.start as usize..fact.end as usize], "21");
    assert_eq!(
        (
            fact.source,
            &first[fact.source_start as usize..fact.source_end as usize]
        ),
        (0, "12")
    );
    // The text around the number still repeats.
    assert!(!block.spans.is_empty());
    assert!(block
        .spans
        .iter()
        .all(|s| s.end <= fact.start || s.start >= fact.end));
}

// 5. Same-story clusters.

fn item(text: &str, list: u32, item: u32) -> Block {
    Block::list_item(text, list, item)
}

fn title(text: &str, list: u32, item: u32) -> Block {
    Block {
        kind: BlockKind::Link,
        ..Block::list_item(text, list, item)
    }
}

#[test]
fn rewrites_of_one_wire_story_form_one_cluster_and_an_unrelated_item_stays_apart() {
    let blocks = vec![
        Block { kind: BlockKind::Heading, ..Block::paragraph("City opens new library in the old station") },
        Block::paragraph("The new library opened on Monday in the restored railway station, with room for 80,000 books."),
        title("North Korea fires missile into sea off east coast, South says", 7, 0),
        item("SEOUL, South Korea (AP) — North Korea fired a ballistic missile into the sea on Thursday, South Korea's military said, its third launch this month. Read more »", 7, 0),
        title("North Korea fires ballistic missile off its east coast", 7, 1),
        item("SEOUL, South Korea (AP) - North Korea launched a ballistic missile toward its eastern waters Thursday, according to South Korean officials. Read more »", 7, 1),
        title("N. Korea fires missile into sea, South Korea's military says", 7, 2),
        item("North Korea fired a ballistic missile into the sea on Thursday, South Korea's military said, its third launch this month, as the defence ministry...", 7, 2),
        title("Heat wave breaks records across southern Europe", 7, 3),
        item("ROME (Reuters) - Temperatures topped 44 degrees in Sicily as a heat wave gripped southern Europe for a second week.", 7, 3),
    ];
    let report = Engine::new().analyze(&blocks);
    assert_eq!(report.lists.len(), 1);
    let list = &report.lists[0];
    assert_eq!((list.list, list.items), (7, 4));
    assert_eq!(list.clusters.len(), 1, "{:?}", list.clusters);
    let cluster = &list.clusters[0];
    assert_eq!(cluster.items, vec![0, 1, 2]);
    assert_eq!(cluster.representative, 0);
    assert_eq!(cluster.agency.as_deref(), Some("AP"));
    assert!(!cluster.same_as_article);
    assert_eq!(report.totals.lists, 1);
    assert_eq!(report.totals.clusters, 1);
    assert_eq!(report.totals.collapsible_items, 2);
}

#[test]
fn a_related_but_different_story_stays_apart() {
    let blocks = vec![
        title("North Korea fires missile into sea off east coast", 1, 0),
        item("SEOUL, South Korea (AP) — North Korea fired a ballistic missile into the sea on Thursday, the military said.", 1, 0),
        title("South Korea and US begin joint military drills", 1, 1),
        item("SEOUL, South Korea (AP) — South Korean and American troops began their largest joint exercises in years on Monday.", 1, 1),
        title("North Korea leader visits weapons factory", 1, 2),
        item("SEOUL, South Korea (AP) — Kim Jong Un toured a munitions plant, state media reported on Saturday.", 1, 2),
    ];
    let report = Engine::new().analyze(&blocks);
    assert!(
        report.lists[0].clusters.is_empty(),
        "{:?}",
        report.lists[0].clusters
    );
}

#[test]
fn items_that_repeat_the_pages_own_article_are_flagged() {
    let blocks = vec![
        Block { kind: BlockKind::Headline, ..Block::paragraph("Storm forces evacuation of coastal towns in Brittany") },
        Block::paragraph("Thousands of residents left coastal towns in Brittany on Wednesday as a powerful storm brought winds of up to 150 kilometres an hour."),
        title("Storm forces evacuation of coastal towns in Brittany", 3, 0),
        title("Brittany storm: thousands leave coastal towns", 3, 1),
        item("Thousands of residents left coastal towns in Brittany on Wednesday as a powerful storm brought winds of up to 150 kilometers an hour. (AFP)", 3, 1),
    ];
    let report = Engine::new().analyze(&blocks);
    let clusters = &report.lists[0].clusters;
    assert_eq!(clusters.len(), 1, "{clusters:?}");
    assert!(clusters[0].same_as_article);
    assert_eq!(
        clusters[0].items,
        vec![0, 1],
        "every item is the page's own story: one line"
    );
    assert_eq!(clusters[0].agency.as_deref(), Some("AFP"));
}

#[test]
fn agencies_are_labelled() {
    for (dateline, label) in [
        ("WASHINGTON (AP) —", "AP"),
        ("LONDON (Reuters) -", "Reuters"),
        ("PARIS (AFP) -", "AFP"),
        ("WASHINGTON (UPI) --", "UPI"),
        ("BERLIN (dpa) -", "dpa"),
        ("LONDON (PA) -", "PA"),
    ] {
        let blocks = vec![
            title("Officials announce sweeping new rules for drones near airports", 1, 0),
            item(&format!("{dateline} Officials announced sweeping new rules on Monday for drones flying near airports."), 1, 0),
            title("Sweeping new rules announced for drones near airports", 1, 1),
            item(&format!("{dateline} Officials announced sweeping new rules on Monday for drones flying near the airports."), 1, 1),
        ];
        let report = Engine::new().analyze(&blocks);
        assert_eq!(
            report.lists[0].clusters[0].agency.as_deref(),
            Some(label),
            "{dateline}"
        );
    }
}

fn above_of(report: &BatchReport, list: u32) -> Vec<(u32, u32, u32)> {
    let list = report
        .lists
        .iter()
        .find(|l| l.list == list)
        .expect("list reported");
    list.above
        .iter()
        .map(|a| (a.item, a.source_list, a.source_item))
        .collect()
}

/// A river of four stories (list 1), two of them one story told twice.
fn river() -> Vec<Block> {
    vec![
        Block::title(
            "Search resumes for missing AirAsia jet in the Java Sea",
            1,
            0,
            None,
        ),
        Block::title(
            "Heat wave breaks records across southern Europe",
            1,
            1,
            None,
        ),
        Block::title(
            "Wide search resumes for missing AirAsia jet in Java Sea",
            1,
            2,
            None,
        ),
        Block::title(
            "City council votes to close the Old Mill bridge",
            1,
            3,
            None,
        ),
        Block::title(
            "Local bakery wins national prize for its rye bread",
            1,
            4,
            None,
        ),
    ]
}

#[test]
fn a_list_repeating_a_list_above_hides_its_own_clusters_there_too() {
    let mut blocks = river();
    blocks.extend([
        Block::title(
            "Search resumes for missing AirAsia jet in the Java Sea",
            2,
            0,
            None,
        ),
        Block::title(
            "Wide search resumes for missing AirAsia jet in Java Sea",
            2,
            1,
            None,
        ),
        Block::title(
            "Farmers protest new water rules outside parliament",
            2,
            2,
            None,
        ),
    ]);
    let report = Engine::new().analyze(&blocks);
    let river = &report.lists.iter().find(|l| l.list == 1).unwrap().clusters;
    assert_eq!(river.len(), 1, "{river:?}");
    assert_eq!(
        (river[0].representative, river[0].items.clone()),
        (0, vec![0, 2])
    );
    // Both of list 2's versions are listed above, behind the story's visible
    // item (the second one's own copy is hidden there); no cluster is left
    // to show them again, and the new story stays.
    assert_eq!(above_of(&report, 2), vec![(0, 1, 0), (1, 1, 0)]);
    let second = report.lists.iter().find(|l| l.list == 2).unwrap();
    assert!(second.clusters.is_empty(), "{:?}", second.clusters);
    assert_eq!(report.totals.collapsible_items, 1 + 2);
}

#[test]
fn an_item_of_several_stories_hides_when_each_is_shown_above_even_behind_its_versions() {
    let mut blocks = river();
    blocks.extend([
        // A box with both versions of the story: shown above, once.
        Block::title(
            "Wide search resumes for missing AirAsia jet in Java Sea",
            2,
            0,
            None,
        ),
        Block::title(
            "Search resumes for missing AirAsia jet in the Java Sea",
            2,
            0,
            None,
        ),
        // A box with one story shown above and one that is not: it stays.
        Block::title(
            "Heat wave breaks records across southern Europe",
            2,
            1,
            None,
        ),
        Block::title(
            "Farmers protest new water rules outside parliament",
            2,
            1,
            None,
        ),
        Block::title(
            "Train drivers strike for a second day in the north",
            2,
            2,
            None,
        ),
    ]);
    let report = Engine::new().analyze(&blocks);
    assert_eq!(above_of(&report, 2), vec![(0, 1, 0)]);
}

#[test]
fn later_batches_extend_lists_and_the_index() {
    let mut engine = Engine::new();
    engine.analyze(&[title(
        "Officials announce sweeping new rules for drones near airports",
        1,
        0,
    )]);
    let report = engine.analyze(&[title(
        "Sweeping new rules announced for drones near airports",
        1,
        1,
    )]);
    assert_eq!(report.blocks[0].id, 1);
    assert_eq!(report.lists[0].items, 2);
    assert_eq!(report.lists[0].clusters[0].items, vec![0, 1]);
    let report = engine.analyze(&[Block::paragraph(LEAD), Block::paragraph(LEAD)]);
    assert!(
        report.lists.is_empty(),
        "only lists a batch touches are reported"
    );
    assert_eq!(report.totals.clusters, 1);
    assert_eq!(report.blocks[1].near_duplicate_of, Some(2));
}

// 6. Bad input.

#[test]
fn empty_batches_and_blank_blocks() {
    let mut engine = Engine::new();
    let report = engine.analyze(&[]);
    assert!(report.blocks.is_empty());
    assert_eq!(report.totals.repeated_share, 0.0);
    let report = engine.analyze(&[
        Block::paragraph(""),
        Block::paragraph(" \n\t\u{a0} "),
        Block::paragraph(""),
    ]);
    assert!(report.blocks.iter().all(|b| b.spans.is_empty()));
    assert_eq!(report.totals.blocks, 3);
}

#[test]
fn right_to_left_cjk_emoji_and_combining_marks() {
    let hebrew = "הממשלה אישרה את התקציב החדש לאחר דיון ארוך בכנסת ביום שלישי בערב";
    let japanese =
        "東京都は新しい図書館を駅の近くに建設すると発表しました。工事は来年始まる予定です。";
    let emoji =
        "🎉 The festival returns 🎉 with music, food 🍕 and fireworks 🎆 over the harbour tonight";
    let marks = "Le cafe\u{301} de la gare a rouvert ses portes apre\u{300}s trois ans de travaux importants";
    for text in [hebrew, japanese, emoji, marks] {
        let texts = [text, OTHER, text];
        let report = analyze(&texts);
        assert_eq!(report.blocks[2].near_duplicate_of, Some(0), "{text}");
        let len = text.encode_utf16().count() as u32;
        for span in &report.blocks[2].spans {
            assert!(span.start < span.end && span.end <= len);
        }
    }
    // A CJK sentence repeated inside a longer one is found with character shingles.
    let longer = format!("昨日の会議で、{japanese}市民からは歓迎の声が上がっています。");
    let texts = [japanese, longer.as_str()];
    let report = analyze(&texts);
    assert_eq!(report.blocks[1].spans.len(), 1, "{:?}", report.blocks[1]);
}

#[test]
fn a_five_megabyte_block_and_its_copy() {
    let sentence = "Every sentence of this very long block is slightly different, number ";
    let mut big = String::new();
    let mut i = 0u64;
    while big.len() < 5_000_000 {
        big.push_str(sentence);
        big.push_str(&i.to_string());
        big.push_str(". ");
        i += 1;
    }
    let report =
        Engine::new().analyze(&[Block::paragraph(big.clone()), Block::paragraph(big.clone())]);
    assert_eq!(report.blocks[1].near_duplicate_of, Some(0));
    assert_eq!(report.blocks[1].spans.len(), 1);
}

#[test]
fn a_hundred_thousand_tiny_blocks() {
    let blocks: Vec<Block> = (0..100_000)
        .map(|i| Block::paragraph(format!("Item {} ok", i % 50)))
        .collect();
    let report = Engine::new().analyze(&blocks);
    assert_eq!(report.totals.blocks, 100_000);
    assert_eq!(
        report.totals.repeated_blocks, 0,
        "three-word blocks are never repeats"
    );
}

#[test]
fn the_pages_chrome_is_never_a_repeat_nor_repeated() {
    let menu = "Example 1: Amend a shared changeset and push it to the public repository";
    let footer = "Copyright 2017 Example Media. All rights reserved. Reproduction without permission is prohibited.";
    let chrome = |text: &str| Block {
        kind: BlockKind::Chrome,
        ..Block::paragraph(text)
    };
    let report = Engine::new().analyze(&[
        chrome(menu),
        Block {
            kind: BlockKind::Heading,
            ..Block::paragraph(menu)
        },
        Block::paragraph(footer),
        chrome(footer),
    ]);
    assert!(
        report.blocks[1].spans.is_empty(),
        "a heading the table of contents listed first"
    );
    assert_eq!(report.blocks[1].near_duplicate_of, None);
    assert!(
        report.blocks[3].spans.is_empty(),
        "the footer repeats the article: the footer is not marked"
    );
    assert_eq!(report.totals.repeated_blocks, 0);
    // Text the chrome and the article share still repeats within the article.
    let report = Engine::new().analyze(&[
        chrome(menu),
        Block::paragraph(footer),
        Block::paragraph(footer),
    ]);
    assert_eq!(report.blocks[2].near_duplicate_of, Some(1));
}
