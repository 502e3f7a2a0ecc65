//! Does the rare-word similarity separate rewrites of one story from
//! different stories? Measured on the judge's labels (tests/labels/): every
//! pair of labelled headlines of a page, scored by the engine's own rules
//! (`ditto::story`), the page's labelled headlines standing for its list.
//!
//!     cargo run --release --example story_separation [-- tests/labels]
//!
//! Prints, per threshold, how many same-story pairs and how many pairs of
//! different stories the similarity would join (identical and cut-short
//! headlines and vetoed pairs apart), then the different-story pairs that
//! score highest: what the threshold in `story::RARE_WORDS_SAME` must stay
//! above.

use std::path::PathBuf;

use ditto::normalize::tokenize;
use ditto::story::{
    differing_numbers, rare_word_overlap, same_headline, template_variants, Headline, PageWords,
    RARE_WORDS_SAME,
};

fn headline(text: &str) -> Headline {
    let mut tokens = Vec::new();
    tokenize(text, &mut tokens);
    Headline::new(text, &tokens)
}

struct Pair {
    page: String,
    same: bool,
    score: f64,
    a: String,
    b: String,
}

fn main() {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "tests/labels".into()),
    );
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("story_separation: cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut pairs = Vec::new();
    for file in files {
        let labels: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let page = labels["page"].as_str().unwrap_or_default().to_string();
        // (headline, story): each group one story, each distinct headline its own.
        let mut headlines: Vec<(String, usize)> = Vec::new();
        for (g, group) in labels["groups"]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
        {
            for h in group.as_array().into_iter().flatten() {
                headlines.push((h.as_str().unwrap().to_string(), g));
            }
        }
        let groups = headlines.len();
        for (d, h) in labels["distinct"]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
        {
            headlines.push((h.as_str().unwrap().to_string(), groups + 1000 + d));
        }
        let parsed: Vec<Headline> = headlines.iter().map(|(h, _)| headline(h)).collect();
        let mut words = PageWords::default();
        for h in &parsed {
            words.add(h, None);
        }
        for i in 0..parsed.len() {
            for j in i + 1..parsed.len() {
                let (a, b) = (&parsed[i], &parsed[j]);
                if same_headline(a, b) || differing_numbers(a, b) || template_variants(a, b) {
                    continue;
                }
                pairs.push(Pair {
                    page: page.clone(),
                    same: headlines[i].1 == headlines[j].1,
                    score: rare_word_overlap(a, b, &words),
                    a: headlines[i].0.clone(),
                    b: headlines[j].0.clone(),
                });
            }
        }
    }
    let same = pairs.iter().filter(|p| p.same).count();
    println!(
        "{} pairs of labelled headlines: {same} of one story, {} of different stories",
        pairs.len(),
        pairs.len() - same
    );
    println!(
        "{:>9} {:>12} {:>14}",
        "threshold", "same joined", "others joined"
    );
    for t in [0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5] {
        let joined = |s: bool| pairs.iter().filter(|p| p.same == s && p.score >= t).count();
        let mark = if (t - RARE_WORDS_SAME).abs() < 1e-9 {
            "  <- RARE_WORDS_SAME"
        } else {
            ""
        };
        println!("{t:>9.2} {:>12} {:>14}{mark}", joined(true), joined(false));
    }
    let mut others: Vec<&Pair> = pairs.iter().filter(|p| !p.same).collect();
    others.sort_by(|x, y| y.score.total_cmp(&x.score));
    println!("\nDifferent stories that score highest:");
    for p in others.iter().take(12) {
        println!("  {:.3} {}: {:?} / {:?}", p.score, p.page, p.a, p.b);
    }
}
