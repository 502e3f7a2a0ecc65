//! Text to word tokens that compare equal across cosmetic differences.
//!
//! Two copies of a paragraph rarely match byte for byte: one has straight
//! quotes, the other curly ones; one says "defence", the other "defense".
//! Each token is the hash of a word after folding: Unicode compatibility forms
//! (NFKD, so ligatures and full-width letters split into plain letters),
//! combining marks dropped, lowercase, apostrophes inside words dropped, digit
//! group separators dropped, British spellings mapped to American ones.
//! Punctuation, dashes, quotes, emoji and whitespace only separate words.
//! Scripts written without spaces (CJK, Thai…) give one token per character.
//!
//! Every token remembers where it came from, in UTF-16 code units of the
//! original text, so repeats can be reported as offsets a DOM Range accepts.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

use crate::spelling;

/// The token is a number ("12", "1,000", "3.5").
pub const NUMBER: u8 = 1;
/// The token is one character of a script written without spaces.
pub const SCRIPT_CHAR: u8 = 2;

/// One folded word of a block, and where it sits in the original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Hash of the folded word: equal words have equal hashes.
    pub hash: u64,
    /// UTF-16 offsets of the word in the block's text (`start < end`).
    pub start: u32,
    pub end: u32,
    /// [`NUMBER`], [`SCRIPT_CHAR`] or 0.
    pub flags: u8,
}

/// Incremental FNV-1a over folded characters: no allocation per word.
#[derive(Debug, Clone, Copy)]
pub struct WordHasher(u64);

impl WordHasher {
    pub const fn new() -> Self {
        WordHasher(0xcbf2_9ce4_8422_2325)
    }

    pub fn push(&mut self, c: char) {
        self.0 = (self.0 ^ u64::from(u32::from(c))).wrapping_mul(0x0000_0100_0000_01b3);
    }

    /// The raw FNV state: what the spelling table is keyed by.
    pub fn raw(self) -> u64 {
        self.0
    }
}

impl Default for WordHasher {
    fn default() -> Self {
        Self::new()
    }
}

/// The hash of a word already in folded form (lowercase ASCII, say), equal to
/// the raw hash [`tokenize`] computes for the same word in any spelling of it.
pub fn raw_word_hash(word: &str) -> u64 {
    let mut hasher = WordHasher::new();
    word.chars().for_each(|c| hasher.push(c));
    hasher.raw()
}

/// Spreads a raw word hash over all 64 bits (splitmix64's finaliser), so that
/// shingle hashes built from token hashes are well mixed.
pub fn finish(raw: u64) -> u64 {
    let mut z = raw.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The token hash [`tokenize`] gives the folded word `word`.
pub fn word_hash(word: &str) -> u64 {
    finish(spelling::americanize(raw_word_hash(word)))
}

/// A word being read: its hash so far and where it started.
struct Word {
    hasher: WordHasher,
    start: u32,
    end: u32,
    chars: u32,
    digits_only: bool,
}

/// Appends the tokens of `text` to `out`.
pub fn tokenize(text: &str, out: &mut Vec<Token>) {
    let mut word: Option<Word> = None;
    let mut pos: u32 = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let at = pos;
        pos = pos.saturating_add(c.len_utf16() as u32);
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                extend(&mut word, at, pos, c.to_ascii_lowercase());
            } else if c == '\'' && word.is_some() {
                // "don't" and "dont" fold together; a closing quote just ends the word.
            } else if (c == ',' || c == '.')
                && word.as_ref().is_some_and(|w| w.digits_only)
                && chars.peek().is_some_and(char::is_ascii_digit)
            {
                // "1,000" reads as one number (and equals "1000").
            } else {
                flush(&mut word, out);
            }
            continue;
        }
        match c {
            '\u{2018}' | '\u{2019}' | '\u{02bc}' | '\u{2032}' | '\u{ff07}' => {
                // Curly apostrophes join a word like the straight one; alone they are quotes.
            }
            c if is_script_char(c) => {
                flush(&mut word, out);
                let mut hasher = WordHasher::new();
                hasher.push(c);
                out.push(Token {
                    hash: finish(hasher.raw()),
                    start: at,
                    end: pos,
                    flags: SCRIPT_CHAR,
                });
            }
            c if c.is_alphanumeric() => {
                let mut folded = [None; 8];
                let mut n = 0;
                decompose_compatible(c, |d| {
                    if n < folded.len() {
                        folded[n] = Some(d);
                        n += 1;
                    }
                });
                for d in folded.iter().take(n).flatten() {
                    if d.is_alphanumeric() {
                        for lower in d.to_lowercase() {
                            extend(&mut word, at, pos, lower);
                        }
                    } else if !is_combining_mark(*d) {
                        // A compatibility form that holds punctuation ("⑴"): keep the letters only.
                    }
                }
            }
            c if is_combining_mark(c) => {
                // Accents written as separate marks fold away, like precomposed ones do.
                if let Some(w) = word.as_mut() {
                    w.end = pos;
                }
            }
            _ => flush(&mut word, out),
        }
    }
    flush(&mut word, out);
}

fn extend(word: &mut Option<Word>, start: u32, end: u32, c: char) {
    let w = word.get_or_insert(Word {
        hasher: WordHasher::new(),
        start,
        end,
        chars: 0,
        digits_only: true,
    });
    w.hasher.push(c);
    w.end = end;
    w.chars += 1;
    w.digits_only &= c.is_ascii_digit();
}

fn flush(word: &mut Option<Word>, out: &mut Vec<Token>) {
    if let Some(w) = word.take() {
        let raw = if w.digits_only {
            w.hasher.raw()
        } else {
            spelling::americanize(w.hasher.raw())
        };
        out.push(Token {
            hash: finish(raw),
            start: w.start,
            end: w.end,
            flags: if w.digits_only && w.chars > 0 {
                NUMBER
            } else {
                0
            },
        });
    }
}

/// Characters of scripts written without spaces between words: each is a token.
fn is_script_char(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF        // Thai, Lao
        | 0x1000..=0x109F      // Myanmar
        | 0x1780..=0x17FF      // Khmer
        | 0x3040..=0x30FF      // Hiragana, Katakana
        | 0x3400..=0x4DBF      // CJK extension A
        | 0x4E00..=0x9FFF      // CJK unified ideographs
        | 0xAC00..=0xD7AF      // Hangul syllables
        | 0xF900..=0xFAFF      // CJK compatibility ideographs
        | 0x20000..=0x2FA1F // CJK extensions B–F, compatibility supplement
    ) && c.is_alphanumeric()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hashes(text: &str) -> Vec<u64> {
        let mut out = Vec::new();
        tokenize(text, &mut out);
        out.iter().map(|t| t.hash).collect()
    }

    fn words(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        tokenize(text, &mut out);
        let utf16: Vec<u16> = text.encode_utf16().collect();
        out.iter()
            .map(|t| String::from_utf16_lossy(&utf16[t.start as usize..t.end as usize]))
            .collect()
    }

    #[test]
    fn quotes_dashes_case_and_whitespace_fold_away() {
        let plain = hashes("He said \"it's over\" - a long-awaited end.");
        assert_eq!(plain, hashes("HE SAID \u{201c}it\u{2019}s over\u{201d} \u{2014} a long\u{2013}awaited\u{00a0}\u{00a0}end."));
        assert_eq!(plain, hashes("he   said it's over, a long awaited end"));
    }

    #[test]
    fn compatibility_forms_and_accents_fold_away() {
        assert_eq!(
            hashes("ﬁnal ｏｆｆｉｃｅ café"),
            hashes("final office cafe")
        );
        assert_eq!(hashes("cafe\u{301} nai\u{308}ve"), hashes("café naïve"));
    }

    #[test]
    fn british_spellings_read_as_american() {
        assert_eq!(
            hashes("The defence ministry will organise a colour parade at the centre"),
            hashes("The defense ministry will organize a color parade at the center")
        );
        assert_ne!(hashes("defence"), hashes("offense"));
    }

    #[test]
    fn numbers_are_flagged_and_keep_their_value() {
        let mut out = Vec::new();
        tokenize("killed 12 of 1,000 people", &mut out);
        assert_eq!(out.iter().filter(|t| t.flags == NUMBER).count(), 2);
        assert_eq!(hashes("1,000"), hashes("1000"));
        assert_ne!(hashes("killed 12"), hashes("killed 21"));
    }

    #[test]
    fn offsets_are_utf16_and_cover_the_word() {
        assert_eq!(words("😀 Émile’s ﬁle"), vec!["Émile’s", "ﬁle"]);
    }

    #[test]
    fn scripts_without_spaces_give_one_token_per_character() {
        assert_eq!(words("東京は晴れ"), vec!["東", "京", "は", "晴", "れ"]);
        assert_eq!(words("שלום עולם"), vec!["שלום", "עולם"]);
    }
}
