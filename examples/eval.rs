//! How well the engine tells near-duplicates from different text, measured on
//! real paragraphs.
//!
//!     cargo run --release --example eval -- ../shared/corpus/pages
//!     ./build.sh eval [DIR]
//!
//! Positives: a paragraph, then later a realistic edit of it (quotes, dashes,
//! case, whitespace, compatibility forms, British spelling, a trailing "Read
//! more", truncation, a dropped or added sentence, one changed word).
//! Negatives: two different paragraphs, half of them from the same article.
//! Changed numbers are a third category: they must NOT be near-duplicates
//! (the engine reports them as changed facts). Everything is seeded: the same
//! folder gives the same figures.

mod corpus;

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

use ditto::{Block, Engine};

/// Paragraphs shorter than this are not evaluated (captions, bylines).
const MIN_WORDS: usize = 15;

fn main() {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "../shared/corpus/pages".into()),
    );
    let pages = match corpus::load(&dir) {
        Ok(pages) => pages,
        Err(message) => {
            eprintln!("eval: {message}");
            std::process::exit(2);
        }
    };
    labelled_set(&pages);
    pages_as_they_are(&pages);
}

struct Case {
    kind: &'static str,
    source: String,
    candidate: String,
    positive: bool,
}

fn labelled_set(pages: &[corpus::Page]) {
    // Distinct paragraphs per page (pages repeat themselves; those are not negatives).
    let mut seen = HashSet::new();
    let articles: Vec<Vec<String>> = pages
        .iter()
        .map(|page| {
            corpus::paragraphs(page, MIN_WORDS)
                .into_iter()
                .filter(|p| seen.insert(fold(p)))
                .collect()
        })
        .collect();
    let all: Vec<&String> = articles.iter().flatten().collect();
    let mut rng = Rng(0x5eed_d177_0001);
    let mut cases = Vec::new();
    for article in &articles {
        for (i, p) in article.iter().enumerate() {
            for (kind, edit) in EDITS {
                if let Some(candidate) = edit(p, &mut rng, &all) {
                    cases.push(Case {
                        kind,
                        source: p.clone(),
                        candidate,
                        positive: true,
                    });
                }
            }
            if let Some(changed) = change_number(p) {
                cases.push(Case {
                    kind: "changed number",
                    source: p.clone(),
                    candidate: changed,
                    positive: false,
                });
            }
            if let Some(next) = article.get(i + 1) {
                cases.push(Case {
                    kind: "same article",
                    source: p.clone(),
                    candidate: next.clone(),
                    positive: false,
                });
            }
            let other = all[rng.below(all.len())];
            if fold(other) != fold(p) {
                cases.push(Case {
                    kind: "other page",
                    source: p.clone(),
                    candidate: other.clone(),
                    positive: false,
                });
            }
        }
    }

    let filler = "Weather for the weekend: mostly sunny with a light breeze from the west and \
                  temperatures a little above the seasonal average.";
    let (mut tp, mut fp, mut tn, mut fn_) = (0usize, 0usize, 0usize, 0usize);
    let mut by_kind: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut misses = Vec::new();
    let mut false_alarms = Vec::new();
    for case in &cases {
        let report = Engine::new().analyze(&[
            Block::paragraph(case.source.clone()),
            Block::paragraph(filler),
            Block::paragraph(case.candidate.clone()),
        ]);
        let predicted = report.blocks[2].near_duplicate_of == Some(0);
        let entry = by_kind.entry(case.kind).or_default();
        entry.1 += 1;
        if predicted == case.positive {
            entry.0 += 1;
        }
        match (case.positive, predicted) {
            (true, true) => tp += 1,
            (true, false) => {
                fn_ += 1;
                misses.push(case);
            }
            (false, true) => {
                fp += 1;
                false_alarms.push(case);
            }
            (false, false) => tn += 1,
        }
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    println!(
        "== Labelled set: {} paragraphs from {} pages",
        all.len(),
        pages.len()
    );
    println!(
        "{} cases: {} positives, {} negatives",
        cases.len(),
        tp + fn_,
        tn + fp
    );
    println!("{:<22} {:>7} {:>7}", "kind", "cases", "right");
    for (kind, (right, total)) in &by_kind {
        println!(
            "{kind:<22} {total:>7} {:>6.1}%",
            100.0 * *right as f64 / *total as f64
        );
    }
    println!(
        "true positives {tp}, false positives {fp}, true negatives {tn}, false negatives {fn_}"
    );
    for (label, cases) in [("missed", &misses), ("false alarm", &false_alarms)] {
        for case in cases.iter().take(5) {
            println!(
                "  {label} ({}):\n    {}\n    {}",
                case.kind,
                excerpt(&case.source),
                excerpt(&case.candidate)
            );
        }
    }
    println!("precision {precision:.4}  recall {recall:.4}  (targets: precision >= 0.99, recall >= 0.95)");
}

fn pages_as_they_are(pages: &[corpus::Page]) {
    println!("\n== Real pages as they are: blocks flagged (a repeated span or a near-duplicate)");
    println!(
        "{:<40} {:>7} {:>8} {:>6}",
        "page", "blocks", "flagged", "share"
    );
    let mut samples = Vec::new();
    for page in pages {
        let batch: Vec<Block> = page
            .blocks
            .iter()
            .map(|t| Block::paragraph(t.clone()))
            .collect();
        let report = Engine::new().analyze(&batch);
        let flagged: Vec<_> = report
            .blocks
            .iter()
            .filter(|b| !b.spans.is_empty())
            .collect();
        println!(
            "{:<40} {:>7} {:>8} {:>5.1}%",
            page.name,
            batch.len(),
            flagged.len(),
            100.0 * report.totals.repeated_share
        );
        for block in flagged.iter().take(2) {
            let span = &block.spans[0];
            samples.push(format!(
                "  {} #{} repeats #{}: {}",
                page.name,
                block.id,
                span.source,
                excerpt(&utf16_slice(
                    &batch[block.id as usize].text,
                    span.start,
                    span.end
                ))
            ));
        }
    }
    println!("Sample of flagged text (first span of up to two blocks per page):");
    for line in samples.iter().take(40) {
        println!("{line}");
    }
}

type Edit = fn(&str, &mut Rng, &[&String]) -> Option<String>;

const EDITS: &[(&str, Edit)] = &[
    ("curly quotes", |p, _, _| Some(curly_quotes(p))),
    ("dashes", |p, _, _| {
        let words: Vec<&str> = p.split(' ').collect();
        let mid = words.len() / 2;
        Some(
            format!(
                "{} \u{2014} {}",
                words[..mid].join(" "),
                words[mid..].join(" ")
            )
            .replace(" - ", " \u{2013} "),
        )
    }),
    ("case", |p, _, _| Some(p.to_uppercase())),
    ("whitespace", |p, _, _| {
        Some(p.replace(' ', "\u{a0} ").replacen(". ", ".\n\t  ", 3))
    }),
    ("compatibility forms", |p, _, _| {
        let swapped = p.replace("fi", "\u{fb01}").replace("fl", "\u{fb02}");
        Some(
            swapped
                .chars()
                .take(3)
                .map(fullwidth)
                .chain(swapped.chars().skip(3))
                .collect(),
        )
    }),
    ("british spelling", |p, _, _| british(p)),
    ("trailing boilerplate", |p, rng, _| {
        Some(format!(
            "{p} {}",
            ["Read more »", "Continue reading…", "(AP)", "Read more (AP)"][rng.below(4)]
        ))
    }),
    ("truncation", |p, _, _| {
        let s = sentences(p);
        (s.len() >= 3).then(|| s[..s.len() - 1].concat())
    }),
    ("dropped sentence", |p, rng, _| {
        let mut s = sentences(p);
        (s.len() >= 4).then(|| {
            s.remove(1 + rng.below(s.len() - 2));
            s.concat()
        })
    }),
    ("added sentence", |p, rng, all| {
        let s = sentences(p);
        (s.len() >= 3).then(|| {
            let extra = sentences(all[rng.below(all.len())])
                .into_iter()
                .next()
                .unwrap_or_default();
            format!("{} {}", p, extra.trim())
        })
    }),
    ("one changed word", |p, rng, _| {
        let words: Vec<&str> = p.split(' ').collect();
        let candidates: Vec<usize> = (0..words.len())
            .filter(|&i| words[i].len() > 3 && words[i].chars().all(char::is_alphabetic))
            .collect();
        (!candidates.is_empty()).then(|| {
            let i = candidates[rng.below(candidates.len())];
            let mut edited: Vec<String> = words.iter().map(|w| w.to_string()).collect();
            edited[i] = "something".into();
            edited.join(" ")
        })
    }),
];

fn curly_quotes(p: &str) -> String {
    let mut open = true;
    p.chars()
        .map(|c| match c {
            '"' => {
                open = !open;
                if open {
                    '\u{201d}'
                } else {
                    '\u{201c}'
                }
            }
            '\'' => '\u{2019}',
            c => c,
        })
        .collect::<String>()
        + if p.contains(['"', '\'']) {
            ""
        } else {
            " \u{201c}Quoted,\u{201d} she said."
        }
}

/// American → British for common words, applied where the text has them
/// (paragraphs without any of them give no case of this kind).
fn british(p: &str) -> Option<String> {
    const PAIRS: &[(&str, &str)] = &[
        ("color", "colour"),
        ("colors", "colours"),
        ("favorite", "favourite"),
        ("honor", "honour"),
        ("labor", "labour"),
        ("neighbor", "neighbour"),
        ("behavior", "behaviour"),
        ("center", "centre"),
        ("theater", "theatre"),
        ("meter", "metre"),
        ("defense", "defence"),
        ("offense", "offence"),
        ("license", "licence"),
        ("organize", "organise"),
        ("organized", "organised"),
        ("organization", "organisation"),
        ("organizations", "organisations"),
        ("recognize", "recognise"),
        ("recognized", "recognised"),
        ("realize", "realise"),
        ("realized", "realised"),
        ("analyze", "analyse"),
        ("analyzed", "analysed"),
        ("traveled", "travelled"),
        ("traveling", "travelling"),
        ("program", "programme"),
        ("catalog", "catalogue"),
        ("dialog", "dialogue"),
        ("gray", "grey"),
        ("apologize", "apologise"),
        ("criticize", "criticise"),
        ("criticized", "criticised"),
        ("emphasize", "emphasise"),
        ("minimize", "minimise"),
        ("summarize", "summarise"),
        ("optimize", "optimise"),
        ("authorize", "authorise"),
        ("authorized", "authorised"),
        ("modeling", "modelling"),
        ("canceled", "cancelled"),
        ("fulfill", "fulfil"),
        ("enrollment", "enrolment"),
        ("jewelry", "jewellery"),
        ("humor", "humour"),
        ("rumor", "rumour"),
        ("flavor", "flavour"),
        ("harbor", "harbour"),
        ("vapor", "vapour"),
        ("armor", "armour"),
        ("fiber", "fibre"),
        ("liter", "litre"),
        ("maneuver", "manoeuvre"),
        ("pediatric", "paediatric"),
        ("aging", "ageing"),
        ("specialized", "specialised"),
        ("customize", "customise"),
        ("utilize", "utilise"),
        ("centers", "centres"),
        ("favor", "favour"),
    ];
    let mut out: Vec<String> = Vec::new();
    let mut changed = false;
    for word in p.split(' ') {
        let bare = word.trim_matches(|c: char| !c.is_alphabetic());
        match PAIRS.iter().find(|(us, _)| *us == bare) {
            Some((us, gb)) => {
                out.push(word.replacen(us, gb, 1));
                changed = true;
            }
            None => out.push(word.to_string()),
        }
    }
    changed.then(|| out.join(" "))
}

/// The same paragraph with its first number changed, if it has one.
fn change_number(p: &str) -> Option<String> {
    let words: Vec<&str> = p.split(' ').collect();
    let i = words
        .iter()
        .position(|w| w.len() <= 4 && !w.is_empty() && w.chars().all(|c| c.is_ascii_digit()))?;
    let n: u64 = words[i].parse().ok()?;
    let mut edited: Vec<String> = words.iter().map(|w| w.to_string()).collect();
    edited[i] = (n + 7).to_string();
    Some(edited.join(" "))
}

fn sentences(p: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for word in p.split_inclusive(' ') {
        current.push_str(word);
        let trimmed = word.trim_end();
        if trimmed.ends_with(['.', '!', '?']) && trimmed.len() > 3 {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.trim().is_empty() {
        out.push(current);
    }
    out
}

fn fullwidth(c: char) -> char {
    if c.is_ascii_alphanumeric() {
        char::from_u32(c as u32 - 0x21 + 0xff01).unwrap_or(c)
    } else {
        c
    }
}

fn fold(p: &str) -> String {
    p.to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn excerpt(text: &str) -> String {
    let short: String = text.chars().take(110).collect();
    if short.len() < text.len() {
        format!("{short}…")
    } else {
        short
    }
}

fn utf16_slice(text: &str, start: u32, end: u32) -> String {
    let units: Vec<u16> = text.encode_utf16().collect();
    String::from_utf16_lossy(&units[start as usize..end as usize])
}

/// xorshift64*: deterministic and dependency-free.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n.max(1)
    }
}
