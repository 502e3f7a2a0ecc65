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

const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// ASCII letters and digits folded to lowercase; 0 for every other byte.
const FOLDED_ASCII: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() {
            table[b] = c.to_ascii_lowercase();
        }
        b += 1;
    }
    table
};

/// Incremental FNV-1a over folded characters: no allocation per word.
#[derive(Debug, Clone, Copy)]
pub struct WordHasher(u64);

impl WordHasher {
    pub const fn new() -> Self {
        WordHasher(0xcbf2_9ce4_8422_2325)
    }

    #[inline]
    pub fn push(&mut self, c: char) {
        self.0 = (self.0 ^ u64::from(u32::from(c))).wrapping_mul(FNV_PRIME);
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

/// The word being read: its hash so far and where it started.
struct Reader<'a> {
    out: &'a mut Vec<Token>,
    in_word: bool,
    hasher: WordHasher,
    start: u32,
    end: u32,
    chars: u32,
    digits_only: bool,
}

impl Reader<'_> {
    #[inline]
    fn extend(&mut self, start: u32, end: u32, c: char) {
        if !self.in_word {
            self.in_word = true;
            self.hasher = WordHasher::new();
            self.start = start;
            self.chars = 0;
            self.digits_only = true;
        }
        self.hasher.push(c);
        self.end = end;
        self.chars += 1;
        self.digits_only &= c.is_ascii_digit();
    }

    #[inline]
    fn flush(&mut self) {
        if !self.in_word {
            return;
        }
        self.in_word = false;
        let raw = self.hasher.raw();
        // Only words of four letters or more have a British form in the table.
        let raw = if self.digits_only || self.chars < 4 {
            raw
        } else {
            spelling::americanize(raw)
        };
        self.out.push(Token {
            hash: finish(raw),
            start: self.start,
            end: self.end,
            flags: if self.digits_only { NUMBER } else { 0 },
        });
    }
}

/// Appends the tokens of `text` to `out` and returns the text's length in
/// UTF-16 units.
pub fn tokenize(text: &str, out: &mut Vec<Token>) -> u32 {
    let mut r = Reader {
        out,
        in_word: false,
        hasher: WordHasher::new(),
        start: 0,
        end: 0,
        chars: 0,
        digits_only: true,
    };
    let bytes = text.as_bytes();
    let mut pos: u32 = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            // ASCII, the common case: one byte, one UTF-16 unit.
            let at = pos;
            pos += 1;
            i += 1;
            if FOLDED_ASCII[usize::from(b)] != 0 {
                r.extend(at, pos, char::from(FOLDED_ASCII[usize::from(b)]));
                // The rest of an ASCII word in a tight loop: the hot path.
                let mut hash = r.hasher.0;
                let mut digits_only = r.digits_only;
                let word_start = i;
                while i < bytes.len() {
                    let folded = FOLDED_ASCII[usize::from(bytes[i] & 0x7f)];
                    if folded == 0 || bytes[i] >= 0x80 {
                        break;
                    }
                    hash = (hash ^ u64::from(folded)).wrapping_mul(FNV_PRIME);
                    digits_only &= folded <= b'9';
                    i += 1;
                }
                let n = (i - word_start) as u32;
                pos += n;
                r.hasher.0 = hash;
                r.digits_only = digits_only;
                r.chars += n;
                r.end = pos;
            } else if b == b'\'' && r.in_word {
                // "don't" and "dont" fold together; a closing quote just ends the word.
            } else if (b == b',' || b == b'.')
                && r.in_word
                && r.digits_only
                && bytes.get(i).is_some_and(u8::is_ascii_digit)
            {
                // "1,000" reads as one number (and equals "1000").
            } else {
                r.flush();
            }
            continue;
        }
        let c = text[i..].chars().next().expect("a char starts here");
        i += c.len_utf8();
        let at = pos;
        pos = pos.saturating_add(c.len_utf16() as u32);
        match c {
            '\u{2018}' | '\u{2019}' | '\u{02bc}' | '\u{2032}' | '\u{ff07}' => {
                // Curly apostrophes join a word like the straight one; alone they are quotes.
            }
            c if is_script_char(c) => {
                r.flush();
                let mut hasher = WordHasher::new();
                hasher.push(c);
                r.out.push(Token {
                    hash: finish(hasher.raw()),
                    start: at,
                    end: pos,
                    flags: SCRIPT_CHAR,
                });
            }
            c if c.is_alphanumeric() => {
                decompose_compatible(c, |d| {
                    // Letters and digits only: a compatibility form may hold
                    // punctuation ("⑴") or marks, which fold away.
                    if d.is_alphanumeric() {
                        for lower in d.to_lowercase() {
                            r.extend(at, pos, lower);
                        }
                    }
                });
            }
            c if is_combining_mark(c) => {
                // Accents written as separate marks fold away, like precomposed ones do.
                if r.in_word {
                    r.end = pos;
                }
            }
            _ => r.flush(),
        }
    }
    r.flush();
    pos
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
