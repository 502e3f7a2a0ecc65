//! Trailing boilerplate that aggregators glue to copied text: "Read more »",
//! "Continue reading", "(AP)", "— Reuters". It is left out when blocks are
//! compared, so a copy with a tail still matches its original.

use std::sync::OnceLock;

use crate::normalize::{word_hash, Token};

/// Folded phrases, each dropped when a block ends with it (repeatedly: "Read
/// more (AP)" loses both).
const TRAILING_PHRASES: &[&str] = &[
    "read more",
    "read more here",
    "continue reading",
    "keep reading",
    "read the full story",
    "read full story",
    "full story",
    "read the full article",
    "read full article",
    "read article",
    "more",
    "see more",
    "view more",
    "click here",
    "ap",
    "the associated press",
    "associated press",
    "reuters",
    "afp",
    "upi",
    "dpa",
    "pa",
    "pa media",
];

/// The phrases, hashed, and a filter of their last words: most blocks end in
/// none of them, and one bit test says so.
struct Phrases {
    hashed: Vec<Vec<u64>>,
    /// Bit [`filter_bit`] of every phrase's last word.
    last_words: u64,
}

fn phrases() -> &'static Phrases {
    static HASHED: OnceLock<Phrases> = OnceLock::new();
    HASHED.get_or_init(|| {
        let hashed: Vec<Vec<u64>> = TRAILING_PHRASES
            .iter()
            .map(|phrase| phrase.split(' ').map(word_hash).collect())
            .collect();
        let last_words = hashed
            .iter()
            .filter_map(|phrase| phrase.last())
            .fold(0, |bits, &hash| bits | filter_bit(hash));
        Phrases { hashed, last_words }
    })
}

/// A word's bit in [`Phrases::last_words`], from its hash's top six bits:
/// the low bits are the token's flags, the same for nearly every word.
fn filter_bit(hash: u64) -> u64 {
    1 << (hash >> 58)
}

/// How many tokens at the end of `tokens` are boilerplate. A block is never
/// reduced below `keep` tokens: a short text that *is* "Read more" stays itself.
pub fn trailing_len(tokens: &[Token], keep: usize) -> usize {
    let phrases = phrases();
    let mut end = tokens.len();
    'strip: loop {
        match tokens[..end].last() {
            Some(last) if phrases.last_words & filter_bit(last.hash) != 0 => {}
            _ => return tokens.len() - end,
        }
        for phrase in &phrases.hashed {
            let n = phrase.len();
            if end >= keep + n
                && tokens[end - n..end]
                    .iter()
                    .zip(phrase)
                    .all(|(t, &h)| t.hash == h)
            {
                end -= n;
                continue 'strip;
            }
        }
        return tokens.len() - end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::tokenize;

    fn stripped(text: &str) -> usize {
        let mut tokens = Vec::new();
        tokenize(text, &mut tokens);
        trailing_len(&tokens, 3)
    }

    #[test]
    fn tails_are_dropped_repeatedly() {
        assert_eq!(
            stripped("Officials confirmed the closure on Monday. Read more »"),
            2
        );
        assert_eq!(
            stripped("Officials confirmed the closure on Monday. Continue reading…"),
            2
        );
        assert_eq!(
            stripped("Officials confirmed the closure on Monday (AP) Read more"),
            3
        );
        assert_eq!(stripped("Officials confirmed the closure — Reuters"), 1);
    }

    #[test]
    fn the_last_word_filter_turns_most_endings_away() {
        // Most blocks end in no phrase: one bit test should say so for most
        // words, not only for a few.
        let words: Vec<String> = (0..1000).map(|i| format!("ending{i}")).collect();
        let passing = words
            .iter()
            .filter(|w| phrases().last_words & filter_bit(word_hash(w)) != 0)
            .count();
        assert!(passing < 400, "{passing} of 1000 pass the filter");
    }

    #[test]
    fn text_that_is_only_boilerplate_stays() {
        assert_eq!(stripped("Read more »"), 0);
        assert_eq!(stripped("Officials read more"), 0);
    }
}
