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

use std::sync::OnceLock;

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

use crate::spelling;

/// The token is a number ("12", "1,000", "3.5").
pub const NUMBER: u8 = 1;
/// The token is one character of a script written without spaces.
pub const SCRIPT_CHAR: u8 = 2;

/// One folded word of a block, and where it sits in the original text.
/// Sixteen bytes: the page's tokens are the engine's largest array.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Hash of the folded word: equal words have equal hashes. Its two low
    /// bits are the word's flags ([`Token::flags`]), which depend on the
    /// word alone, so equal words still hash alike.
    pub hash: u64,
    /// UTF-16 offsets of the word in the block's text (`start < end`).
    pub start: u32,
    pub end: u32,
}

impl Token {
    /// A token for the word with hash `hash` and `flags`.
    #[inline]
    pub const fn new(hash: u64, start: u32, end: u32, flags: u8) -> Token {
        Token {
            hash: hash & !3 | flags as u64,
            start,
            end,
        }
    }

    /// [`NUMBER`], [`SCRIPT_CHAR`] or 0.
    #[inline]
    pub const fn flags(&self) -> u8 {
        (self.hash & 3) as u8
    }
}

/// One multiply and a shift: folds eight bytes into a word hash's state.
#[inline]
const fn absorb(state: u64, chunk: u64) -> u64 {
    let x = (state ^ chunk).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    x ^ (x >> 29)
}

/// Incremental hash of a word's folded text, read as UTF-8 bytes eight at a
/// time. A word's first sixteen bytes (nearly every word) are two chunks,
/// multiplied side by side and mixed once: three multiplies, two of them in
/// parallel, whatever the length. Longer words absorb the rest eight bytes
/// at a time. The same folded text gives the same hash whichever way its
/// bytes came in (eight at a time from an ASCII run, or one character at a
/// time), so "cafe" and "café" (folded to "cafe") agree. No allocation per
/// word.
#[derive(Debug, Clone, Copy)]
pub struct WordHasher {
    /// Bytes 0 to 7 and 8 to 15, little-endian, zero past the word.
    head: [u64; 2],
    /// Bytes from 16 on: every full chunk absorbed…
    state: u64,
    /// …and the rest, little-endian.
    pending: u64,
    /// Bytes pushed so far.
    len: u32,
}

impl WordHasher {
    pub const fn new() -> Self {
        WordHasher {
            head: [0, 0],
            state: 0xcbf2_9ce4_8422_2325,
            pending: 0,
            len: 0,
        }
    }

    /// Adds one byte of folded text.
    #[inline]
    pub const fn push_byte(&mut self, b: u8) {
        let at = self.len;
        if at < 16 {
            self.head[at as usize / 8] |= (b as u64) << (8 * (at & 7));
        } else {
            self.pending |= (b as u64) << (8 * (at & 7));
            if at & 7 == 7 {
                self.state = absorb(self.state, self.pending);
                self.pending = 0;
            }
        }
        self.len += 1;
    }

    /// Adds a folded character.
    #[inline]
    pub fn push(&mut self, c: char) {
        let mut buf = [0u8; 4];
        for &b in c.encode_utf8(&mut buf).as_bytes() {
            self.push_byte(b);
        }
    }

    /// Adds `len` (0 to 8) folded bytes given little-endian in `chunk`, the
    /// bytes past `len` zero. Within the word's first sixteen bytes that is a
    /// shift or two, and past them a whole chunk at a chunk boundary; only a
    /// chunk that straddles the sixteenth byte, or starts between chunks
    /// past it, goes a byte at a time. Always inlined: with a plain
    /// `#[inline]`, text in Cyrillic letters took 12% longer in wasm.
    #[inline(always)]
    fn push_bytes(&mut self, chunk: u64, len: u32) {
        let at = self.len;
        if len == 0 {
            return;
        }
        if at + len <= 16 {
            let bit = 8 * (at % 8);
            self.head[at as usize / 8] |= chunk << bit;
            if at < 8 && bit != 0 {
                // The bytes that run on into the second chunk.
                self.head[1] |= chunk >> (64 - bit);
            }
        } else if at.is_multiple_of(8) {
            // Past the head (at 0 or 8 the chunk would fit in it).
            if len == 8 {
                self.state = absorb(self.state, chunk);
            } else {
                self.pending = chunk;
            }
        } else {
            for k in 0..len {
                self.push_byte((chunk >> (8 * k)) as u8);
            }
            return;
        }
        self.len += len;
    }

    /// The word's hash, spread over all 64 bits: what tokens and the
    /// spelling table are keyed by.
    pub const fn raw(self) -> u64 {
        let tail = if self.len > 16 {
            absorb(self.state, self.pending)
        } else {
            0
        };
        mix_head(self.head[0], self.head[1], tail ^ self.len as u64)
    }
}

/// A word hash from its first two chunks and `rest` (its length, and for a
/// word over sixteen bytes the state of the rest): the chunks are multiplied
/// independently, so their latencies overlap.
#[inline]
const fn mix_head(first: u64, second: u64, rest: u64) -> u64 {
    let a = first.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    let b = second.wrapping_mul(0xc2b2_ae3d_27d4_eb4f);
    let x = a ^ b.rotate_left(32) ^ rest;
    let x = (x ^ (x >> 32)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^ (x >> 29)
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

/// Spreads a hash over all 64 bits (splitmix64's finaliser).
pub const fn finish(raw: u64) -> u64 {
    let mut z = raw.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The token hash [`tokenize`] gives the folded word `word` (its flags in
/// the low bits included).
pub fn word_hash(word: &str) -> u64 {
    let mut chars = word.chars();
    let flags = match (chars.next(), chars.next()) {
        (Some(c), None) if is_script_char(c) => SCRIPT_CHAR,
        _ if !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit()) => NUMBER,
        _ => 0,
    };
    Token::new(spelling::americanize(raw_word_hash(word)), 0, 0, flags).hash
}

/// The high bit of every byte lane.
const HIGH: u64 = 0x8080_8080_8080_8080;
/// 1 in every byte lane.
const LANES: u64 = 0x0101_0101_0101_0101;
/// Lowercases ASCII letters in every lane (digits have the bit already).
const LOWER: u64 = LANES * 0x20;

/// The high bit set in each byte lane of `w` that holds an ASCII letter or
/// digit (SWAR: eight bytes classified in a dozen operations).
#[inline]
const fn ascii_alnum_lanes(w: u64) -> u64 {
    let x = w & !HIGH; // the low seven bits of each byte: sums below cannot carry
    let folded = x | LOWER;
    let digit = lanes_at_least(x, b'0') & !lanes_above(x, b'9');
    let letter = lanes_at_least(folded, b'a') & !lanes_above(folded, b'z');
    (digit | letter) & !w & HIGH
}

/// The high bit set in each lane of `x` (seven-bit lanes) that is `lo` or more.
#[inline]
const fn lanes_at_least(x: u64, lo: u8) -> u64 {
    x + LANES * (0x80 - lo as u64)
}

/// The high bit set in each lane of `x` (seven-bit lanes) that is above `hi`.
#[inline]
const fn lanes_above(x: u64, hi: u8) -> u64 {
    x + LANES * (0x7f - hi as u64)
}

/// The high bit set in each byte lane of `w` that holds an ASCII digit.
#[cfg_attr(
    all(target_arch = "wasm32", target_feature = "simd128"),
    allow(dead_code)
)]
#[inline]
const fn ascii_digit_lanes(w: u64) -> u64 {
    let x = w & !HIGH;
    lanes_at_least(x, b'0') & !lanes_above(x, b'9') & !w & HIGH
}

/// The high bit set in each byte lane of `w` that is `byte` (an ASCII byte).
#[cfg_attr(
    all(target_arch = "wasm32", target_feature = "simd128"),
    allow(dead_code)
)]
#[inline]
const fn lanes_equal(w: u64, byte: u8) -> u64 {
    let y = w ^ (LANES * byte as u64); // zero lanes where equal
    !(((y & !HIGH) + !HIGH) | y) & HIGH
}

/// Eight bytes of `bytes` from `at`, little-endian, zero past the end.
#[inline]
fn load8(bytes: &[u8], at: usize) -> u64 {
    match bytes.get(at..at + 8) {
        Some(eight) => u64::from_le_bytes(eight.try_into().expect("eight bytes")),
        None => {
            let mut buf = [0u8; 8];
            let rest = &bytes[at.min(bytes.len())..];
            buf[..rest.len()].copy_from_slice(rest);
            u64::from_le_bytes(buf)
        }
    }
}

/// The word being read: its hash so far and where it started.
struct Reader {
    in_word: bool,
    hasher: WordHasher,
    start: u32,
    end: u32,
    digits_only: bool,
}

impl Reader {
    fn new() -> Self {
        Reader {
            in_word: false,
            hasher: WordHasher::new(),
            start: 0,
            end: 0,
            digits_only: true,
        }
    }

    #[inline]
    fn begin(&mut self, start: u32) {
        if !self.in_word {
            self.in_word = true;
            self.hasher = WordHasher::new();
            self.start = start;
            self.digits_only = true;
        }
    }

    #[inline]
    fn extend(&mut self, start: u32, end: u32, c: char) {
        self.begin(start);
        self.hasher.push(c);
        self.end = end;
        self.digits_only &= c.is_ascii_digit();
    }

    /// A character beyond ASCII, which spans `at..pos` in UTF-16 units.
    fn read_beyond_ascii(&mut self, out: &mut Vec<Token>, c: char, at: u32, pos: u32) {
        match table_fold(c) {
            Some(Fold::Separator) => self.flush(out),
            Some(Fold::Letters { chunk, len, digits }) => {
                if len > 0 {
                    self.begin(at);
                    self.hasher.push_bytes(chunk, u32::from(len));
                    self.end = pos;
                    self.digits_only &= digits;
                }
            }
            None => self.read_by_the_rules(out, c, at, pos),
        }
    }

    /// [`Reader::read_beyond_ascii`] with the Unicode tables, for any character.
    fn read_by_the_rules(&mut self, out: &mut Vec<Token>, c: char, at: u32, pos: u32) {
        match rule(c) {
            Rule::Apostrophe => {}
            Rule::Separator => self.flush(out),
            Rule::ScriptChar => {
                self.flush(out);
                let mut hasher = WordHasher::new();
                hasher.push(c);
                out.push(Token::new(hasher.raw(), at, pos, SCRIPT_CHAR));
            }
            Rule::Alphanumeric => fold_alphanumeric(c, |lower| self.extend(at, pos, lower)),
            Rule::Mark => {
                if self.in_word {
                    self.end = pos;
                }
            }
        }
    }

    /// Emits the ASCII word `bytes[from..to]` (letters and digits, under 64
    /// bytes, between words on both sides) whole.
    #[inline]
    fn push_ascii_word(
        &mut self,
        out: &mut Vec<Token>,
        bytes: &[u8],
        from: usize,
        to: usize,
        shift: usize,
    ) {
        let (start, end) = ((from - shift) as u32, (to - shift) as u32);
        if to - from <= 16 && from + 16 <= bytes.len() {
            // Most words: two loads and no branch on the word's length, which
            // the CPU could not predict.
            let (raw, digits_only) = short_ascii_word(bytes, from, to - from);
            self.emit(out, raw, start, end, digits_only);
            return;
        }
        let mut hasher = WordHasher::new();
        let mut letters = 0u64;
        let mut at = from;
        while at < to {
            let len = (to - at).min(8) as u32;
            let keep = u64::MAX >> (64 - 8 * len);
            let chunk = (load8(bytes, at) | LOWER) & keep;
            letters |= chunk;
            hasher.push_bytes(chunk, len);
            at += 8;
        }
        // A letter, folded, has the 0x40 bit; a digit has not.
        let digits_only = letters & (LANES * 0x40) == 0;
        self.emit(out, hasher.raw(), start, end, digits_only);
    }

    /// Writes the token of a finished word, given its raw hash.
    #[inline]
    fn emit(&mut self, out: &mut Vec<Token>, raw: u64, start: u32, end: u32, digits_only: bool) {
        // Every word asks the spelling table: its filter answers most in one
        // bit test, cheaper than a branch on the word's length that the CPU
        // cannot predict.
        let hash = spelling::americanize(raw);
        out.push(Token::new(
            hash,
            start,
            end,
            if digits_only { NUMBER } else { 0 },
        ));
    }

    #[inline]
    fn flush(&mut self, out: &mut Vec<Token>) {
        if !self.in_word {
            return;
        }
        self.in_word = false;
        self.emit(
            out,
            self.hasher.raw(),
            self.start,
            self.end,
            self.digits_only,
        );
    }
}

/// The raw hash (what [`WordHasher::raw`] gives) of the ASCII word of `len`
/// (1 to 16) letters and digits at `bytes[from..]`, and whether it is all
/// digits. Sixteen bytes from `from` must exist. Branch-free: both chunks are
/// loaded and masked to the word, whatever its length.
#[inline]
fn short_ascii_word(bytes: &[u8], from: usize, len: usize) -> (u64, bool) {
    debug_assert!((1..=16).contains(&len));
    let sixteen: &[u8; 16] = bytes[from..from + 16].try_into().expect("sixteen bytes");
    let (c0, c1) = sixteen.split_at(8);
    let c0 = u64::from_le_bytes(c0.try_into().expect("eight bytes")) | LOWER;
    let c1 = u64::from_le_bytes(c1.try_into().expect("eight bytes")) | LOWER;
    // The bytes of each chunk that belong to the word (0 to 8 of them).
    let keep = |n: usize| u64::MAX.checked_shr(64 - 8 * n as u32).unwrap_or(0);
    let first = c0 & keep(len.min(8));
    let second = c1 & keep(len.saturating_sub(8));
    let digits_only = (first | second) & (LANES * 0x40) == 0;
    (mix_head(first, second, len as u64), digits_only)
}

/// Appends the tokens of `text` to `out` and returns the text's length in
/// UTF-16 units.
///
/// Two paths give the same tokens (a differential test holds them to the
/// rules applied one character at a time). The fast one first classifies
/// the bytes, a bit per byte and 64 bytes at a time ([`Classes`]), then
/// takes the words' starts and the bytes beyond ASCII in page order from
/// those bits: each plain ASCII word is emitted whole, its end found by a
/// bit scan, with no state per byte and no branch per separator. Whatever
/// it cannot settle by itself (a byte beyond ASCII, a word that an
/// apostrophe or "1,000" joins to what follows) goes to the careful path,
/// which hands back once it is between words again.
pub fn tokenize(text: &str, out: &mut Vec<Token>) -> u32 {
    let blocks = text.len() / 64 + 3;
    if blocks <= SMALL_TEXT_BLOCKS {
        let mut classes = [Classes::default(); SMALL_TEXT_BLOCKS];
        tokenize_with(text, out, &mut classes[..blocks])
    } else {
        tokenize_with(text, out, &mut vec![Classes::default(); blocks])
    }
}

/// Texts up to about 1.8 KB keep their byte classes on the stack.
const SMALL_TEXT_BLOCKS: usize = 30;

/// What the tokenizer needs to know of 64 bytes of text: bit k of each
/// field is about byte k.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Classes {
    /// An ASCII letter or digit.
    pub alnum: u64,
    /// Part of a character beyond ASCII.
    pub high: u64,
    /// A byte after which a word does not simply end: beyond ASCII (it may
    /// be a letter, a mark or a curly apostrophe), an apostrophe, or a
    /// comma or full stop before a digit ("1,000", "3.5").
    pub stop: u64,
}

fn tokenize_with(text: &str, out: &mut Vec<Token>, classes: &mut [Classes]) -> u32 {
    let bytes = text.as_bytes();
    classify(bytes, classes);
    // At most one token per two bytes of ASCII, one per three beyond it.
    out.reserve(bytes.len() / 2 + 1);
    let mut r = Reader::new();
    // The UTF-16 offset of byte i is i - shift: every character beyond
    // ASCII adds its UTF-8 length minus its UTF-16 length to `shift`.
    let mut shift = 0usize;
    // Everything before `done` is read, and it is between words there.
    let mut done = 0usize;
    let mut block = 0;
    while block * 64 < bytes.len() {
        let base = block * 64;
        let here = classes[block];
        // A word that runs on from the block before starts there, not here.
        let carried = if block == 0 {
            0
        } else {
            classes[block - 1].alnum >> 63
        };
        let unread = u64::MAX << done.saturating_sub(base).min(63);
        let mut starts = here.alnum & !(here.alnum << 1 | carried) & unread;
        let high = here.high & unread;
        // Words and bytes beyond ASCII, in the order they come.
        loop {
            let next = starts | high;
            if next == 0 {
                block += 1;
                break;
            }
            let at = base + next.trailing_zeros() as usize;
            if starts & next.wrapping_neg() == 0 {
                // A byte beyond ASCII comes first.
                (done, shift) = careful(&mut r, out, text, at, at + 1, shift);
                block = done / 64;
                break;
            }
            let len = (!bits_from(classes, at)).trailing_zeros() as usize;
            let end = at + len;
            if len == 64 || is_stop(classes, end) {
                (done, shift) = careful(&mut r, out, text, at, end + 1, shift);
                block = done / 64;
                break;
            }
            r.push_ascii_word(out, bytes, at, end, shift);
            starts &= starts - 1;
        }
    }
    r.flush(out);
    (bytes.len() - shift) as u32
}

/// Whether byte `at` is a [`Classes::stop`] byte.
#[inline]
fn is_stop(classes: &[Classes], at: usize) -> bool {
    classes[at / 64].stop >> (at % 64) & 1 != 0
}

/// The [`Classes`] of each 64 bytes of `bytes`, then at least two more, all
/// clear (as if the text went on with spaces).
fn classify(bytes: &[u8], classes: &mut [Classes]) {
    let mut blocks = bytes.chunks_exact(64);
    let mut k = 0;
    // A comma or full stop ends a block: is a digit next? (The stop bit
    // needs the next block's first byte.)
    let mut punct_last = 0u64;
    for block in blocks.by_ref() {
        k = classify_into(
            classes,
            k,
            block.try_into().expect("64 bytes"),
            &mut punct_last,
        );
    }
    let rest = blocks.remainder();
    let mut padded = [0u8; 64];
    padded[..rest.len()].copy_from_slice(rest);
    k = classify_into(classes, k, &padded, &mut punct_last);
    classes[k..].fill(Classes::default());
}

/// Classifies block `k` into `classes[k]`, and completes block k - 1's
/// last stop bit. Returns k + 1.
#[inline]
fn classify_into(
    classes: &mut [Classes],
    k: usize,
    block: &[u8; 64],
    punct_last: &mut u64,
) -> usize {
    let bits = classify64(block);
    if k > 0 {
        classes[k - 1].stop |= (*punct_last & bits.digit & 1) << 63;
    }
    *punct_last = bits.punct >> 63;
    classes[k] = Classes {
        alnum: bits.alnum,
        high: bits.high,
        stop: bits.high | bits.apostrophe | (bits.punct & bits.digit >> 1),
    };
    k + 1
}

/// The byte classes [`classify`] builds [`Classes`] from, for 64 bytes.
#[derive(Default)]
struct Bits {
    alnum: u64,
    high: u64,
    digit: u64,
    apostrophe: u64,
    /// A comma or a full stop.
    punct: u64,
}

/// [`classify`] for one block of 64 bytes: eight bytes at a time (SWAR).
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
#[inline]
fn classify64(block: &[u8; 64]) -> Bits {
    let mut bits = Bits::default();
    for lane in 0..8 {
        let w = u64::from_le_bytes(
            block[lane * 8..lane * 8 + 8]
                .try_into()
                .expect("eight bytes"),
        );
        let at = 8 * lane;
        bits.alnum |= gather(ascii_alnum_lanes(w)) << at;
        bits.high |= gather(w & HIGH) << at;
        bits.digit |= gather(ascii_digit_lanes(w)) << at;
        bits.apostrophe |= gather(lanes_equal(w, b'\'')) << at;
        bits.punct |= gather(lanes_equal(w, b',') | lanes_equal(w, b'.')) << at;
    }
    bits
}

/// [`classify`] for one block of 64 bytes: sixteen at a time with wasm SIMD,
/// where a compare and a bitmask replace the SWAR arithmetic. (Tested in
/// wasm by tests/wasm/, through [`byte_classes`].)
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline]
fn classify64(block: &[u8; 64]) -> Bits {
    use core::arch::wasm32::*;
    let mut bits = Bits::default();
    for k in 0..4 {
        let b = &block[k * 16..k * 16 + 16];
        let v = u8x16(
            b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
            b[14], b[15],
        );
        let digit = u8x16_lt(u8x16_sub(v, u8x16_splat(b'0')), u8x16_splat(10));
        let folded = v128_or(v, u8x16_splat(0x20));
        let letter = u8x16_lt(u8x16_sub(folded, u8x16_splat(b'a')), u8x16_splat(26));
        let punct = v128_or(
            u8x16_eq(v, u8x16_splat(b',')),
            u8x16_eq(v, u8x16_splat(b'.')),
        );
        let at = 16 * k;
        bits.alnum |= u64::from(u8x16_bitmask(v128_or(digit, letter))) << at;
        bits.high |= u64::from(u8x16_bitmask(v)) << at;
        bits.digit |= u64::from(u8x16_bitmask(digit)) << at;
        bits.apostrophe |= u64::from(u8x16_bitmask(u8x16_eq(v, u8x16_splat(b'\'')))) << at;
        bits.punct |= u64::from(u8x16_bitmask(punct)) << at;
    }
    bits
}

/// The byte classes the tokenizer's fast path reads, for tests: per 64
/// bytes of `bytes`, its [`Classes`].
#[doc(hidden)]
pub fn byte_classes(bytes: &[u8]) -> Vec<Classes> {
    let mut classes = vec![Classes::default(); bytes.len() / 64 + 3];
    classify(bytes, &mut classes);
    classes.truncate(bytes.len().div_ceil(64));
    classes
}

/// The 64 [`Classes::alnum`] bits from byte `at` on: bit k is about byte `at + k`.
#[inline]
fn bits_from(classes: &[Classes], at: usize) -> u64 {
    let (block, bit) = (at / 64, at % 64);
    // Two shifts for the upper word: one by 64 - bit would overflow at bit 0.
    classes[block].alnum >> bit | (classes[block + 1].alnum << 1) << (63 - bit)
}

/// The high bits of the eight byte lanes of `lanes` (other bits clear), as
/// eight bits: lane k to bit k.
#[cfg_attr(
    all(target_arch = "wasm32", target_feature = "simd128"),
    allow(dead_code)
)]
#[inline]
const fn gather(lanes: u64) -> u64 {
    ((lanes >> 7) & LANES).wrapping_mul(0x0102_0408_1020_4080) >> 56
}

/// Reads from `from` one character at a time with every rule, until it is
/// between words at an ASCII byte at or after `until` (or at the end).
/// Returns where it stopped and the shift there.
fn careful(
    r: &mut Reader,
    out: &mut Vec<Token>,
    text: &str,
    from: usize,
    until: usize,
    mut shift: usize,
) -> (usize, usize) {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if i >= until && !r.in_word {
                break;
            }
            if b.is_ascii_alphanumeric() {
                // A run of ASCII letters and digits, eight bytes at a time.
                r.begin((i - shift) as u32);
                let mut letters = 0u64;
                loop {
                    let w = load8(bytes, i);
                    let other = !ascii_alnum_lanes(w) & HIGH;
                    let run = other.trailing_zeros() / 8;
                    // The bytes before the first other lane (all eight if none).
                    let keep = ((other & other.wrapping_neg()) >> 7).wrapping_sub(1);
                    let chunk = (w | LOWER) & keep;
                    letters |= chunk; // a letter, folded, has the 0x40 bit; a digit has not
                    r.hasher.push_bytes(chunk, run);
                    i += run as usize;
                    if run < 8 {
                        break;
                    }
                }
                r.digits_only &= letters & (LANES * 0x40) == 0;
                r.end = (i - shift) as u32;
                continue;
            }
            i += 1;
            if b == b'\'' && r.in_word {
                // "don't" and "dont" fold together; a closing quote just ends the word.
            } else if (b == b',' || b == b'.')
                && r.in_word
                && r.digits_only
                && bytes.get(i).is_some_and(u8::is_ascii_digit)
            {
                // "1,000" reads as one number (and equals "1000").
            } else {
                r.flush(out);
            }
            continue;
        }
        let c = if b < 0xe0 {
            // Two bytes (U+0080 to U+07FF: accented Latin, Greek, Cyrillic,
            // Hebrew, Arabic…), decoded here rather than by the general decoder.
            let code = u32::from(b & 0x1f) << 6 | u32::from(bytes[i + 1] & 0x3f);
            char::from_u32(code).expect("two bytes of UTF-8 make a char")
        } else {
            text[i..].chars().next().expect("a char starts here")
        };
        let at = (i - shift) as u32;
        let pos = at + c.len_utf16() as u32;
        i += c.len_utf8();
        shift += c.len_utf8() - c.len_utf16();
        r.read_beyond_ascii(out, c, at, pos);
    }
    (i, shift)
}

/// Which rule reads a character beyond ASCII.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    /// A curly apostrophe: joins a word like the straight one; alone it is a
    /// quote, which ends nothing either.
    Apostrophe,
    /// Ends the word: spaces, dashes, quotes, symbols, emoji…
    Separator,
    /// A character of a script written without spaces: a token of its own.
    ScriptChar,
    /// A letter or digit: folded into the word.
    Alphanumeric,
    /// A combining mark: an accent written apart folds away, like a
    /// precomposed one, and the word runs on over it.
    Mark,
}

/// The rule for `c`, beyond ASCII.
fn rule(c: char) -> Rule {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{02bc}' | '\u{2032}' | '\u{ff07}' => Rule::Apostrophe,
        // The usual separators beyond ASCII (no-break space, dashes, curly
        // quotes…), told apart before the slower Unicode table lookups.
        '\u{a0}' | '\u{2000}'..='\u{206f}' => Rule::Separator,
        c if is_script_char(c) => Rule::ScriptChar,
        c if c.is_alphanumeric() => Rule::Alphanumeric,
        c if is_combining_mark(c) => Rule::Mark,
        _ => Rule::Separator,
    }
}

/// The folded form of a letter or digit beyond ASCII, one character at a
/// time: its compatibility decomposition's letters and digits, lowercase
/// (marks and punctuation inside a compatibility form, as in "⑴", fold away).
fn fold_alphanumeric(c: char, mut push: impl FnMut(char)) {
    decompose_compatible(c, |d| {
        if d.is_alphanumeric() {
            d.to_lowercase().for_each(&mut push);
        }
    });
}

/// The characters from U+0080 up to here (Latin-1 Supplement, Latin
/// Extended-A and -B, Greek, Cyrillic, Armenian, Hebrew, Arabic: the letters
/// of most alphabets in the news) are read from a table instead of the
/// Unicode tables.
const TABLE_END: u32 = 0x700;
/// The table is built 64 characters at a time, on first use: building it
/// whole would cost a page with one "é" a third of a millisecond.
const TABLE_CHUNK: u32 = 64;
const _: () = assert!((TABLE_END - 0x80).is_multiple_of(TABLE_CHUNK));

/// What reading one of those characters does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fold {
    /// Ends the word.
    Separator,
    /// Adds `len` folded UTF-8 bytes, little-endian in `chunk`, to the word
    /// (none: the character is skipped), and whether they are all ASCII digits.
    Letters { chunk: u64, len: u8, digits: bool },
}

/// The table's answer for `c`, or `None` outside it. Built from the same
/// [`rule`] [`Reader::read_by_the_rules`] applies (a test compares the two on
/// every character of the table).
#[inline]
fn table_fold(c: char) -> Option<Fold> {
    type Chunk = [Option<Fold>; TABLE_CHUNK as usize];
    const CHUNKS: usize = ((TABLE_END - 0x80) / TABLE_CHUNK) as usize;
    static TABLE: [OnceLock<Chunk>; CHUNKS] = [const { OnceLock::new() }; CHUNKS];
    let at = (c as u32)
        .checked_sub(0x80)
        .filter(|&i| i < TABLE_END - 0x80)?;
    let first = at - at % TABLE_CHUNK;
    let chunk = TABLE[(at / TABLE_CHUNK) as usize]
        .get_or_init(|| std::array::from_fn(|k| fold_by_the_rules(0x80 + first + k as u32)));
    chunk[(at % TABLE_CHUNK) as usize]
}

/// [`table_fold`] for the character `code`, from the rules; `None` for the
/// cases the table leaves to them.
fn fold_by_the_rules(code: u32) -> Option<Fold> {
    let c = char::from_u32(code)?;
    match rule(c) {
        Rule::Separator => Some(Fold::Separator),
        Rule::Alphanumeric => {
            let mut folded = String::new();
            fold_alphanumeric(c, |lower| folded.push(lower));
            let mut bytes = [0u8; 8];
            bytes
                .get_mut(..folded.len())?
                .copy_from_slice(folded.as_bytes());
            Some(Fold::Letters {
                chunk: u64::from_le_bytes(bytes),
                len: folded.len() as u8,
                digits: folded.bytes().all(|b| b.is_ascii_digit()),
            })
        }
        // What these do depends on the word being read, or makes a token.
        Rule::Apostrophe | Rule::Mark | Rule::ScriptChar => None,
    }
}

/// Characters of scripts written without spaces between words: each is a token.
fn is_script_char(c: char) -> bool {
    match c as u32 {
        // Blocks where every code point is a letter (a test checks): most
        // Chinese, Japanese and Korean text, read with no table lookup.
        0x3400..=0x4DBF        // CJK extension A
        | 0x4E00..=0x9FFF      // CJK unified ideographs
        | 0xAC00..=0xD7A3 => true, // Hangul syllables
        0x0E00..=0x0EFF        // Thai, Lao
        | 0x1000..=0x109F      // Myanmar
        | 0x1780..=0x17FF      // Khmer
        | 0x3040..=0x30FF      // Hiragana, Katakana
        | 0xF900..=0xFAFF      // CJK compatibility ideographs
        | 0x20000..=0x2FA1F => c.is_alphanumeric(), // CJK extensions B–F, compatibility supplement
        _ => false,
    }
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
        assert_eq!(out.iter().filter(|t| t.flags() == NUMBER).count(), 2);
        assert_eq!(hashes("1,000"), hashes("1000"));
        assert_ne!(hashes("killed 12"), hashes("killed 21"));
    }

    #[test]
    fn offsets_are_utf16_and_cover_the_word() {
        assert_eq!(words("😀 Émile’s ﬁle"), vec!["Émile’s", "ﬁle"]);
    }

    /// The tokenizer's rules one character at a time, with none of the ASCII
    /// fast paths: what `tokenize` must agree with, token for token.
    fn reference_tokens(text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        let mut r = Reader::new();
        let chars: Vec<char> = text.chars().collect();
        let mut pos = 0u32;
        for (k, &c) in chars.iter().enumerate() {
            let at = pos;
            pos += c.len_utf16() as u32;
            let next_is_digit = chars.get(k + 1).is_some_and(char::is_ascii_digit);
            match c {
                c if c.is_ascii_alphanumeric() => r.extend(at, pos, c.to_ascii_lowercase()),
                '\'' if r.in_word => {}
                ',' | '.' if r.in_word && r.digits_only && next_is_digit => {}
                c if c.is_ascii() => r.flush(&mut out),
                // Beyond ASCII, the rules with the Unicode tables (tokenize
                // reads the common alphabets from a table built by them).
                c => r.read_by_the_rules(&mut out, c, at, pos),
            }
        }
        r.flush(&mut out);
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        #[test]
        fn the_fast_paths_agree_with_the_rules(pieces in proptest::collection::vec(0..PIECES.len(), 0..200)) {
            let text: String = pieces.iter().map(|&i| PIECES[i]).collect();
            let mut fast = Vec::new();
            let len = tokenize(&text, &mut fast);
            proptest::prop_assert_eq!(len as usize, text.encode_utf16().count());
            proptest::prop_assert_eq!(fast, reference_tokens(&text), "{:?}", text);
        }
    }

    /// What texts are made of in the differential test: word pieces that
    /// straddle the eight-byte chunks, every separator the rules treat apart,
    /// characters beyond ASCII of each kind.
    const PIECES: &[&str] = &[
        "a",
        "Bc",
        "xyz",
        "0",
        "42",
        "abcdefg",
        "abcdefgh",
        "Abcdefghi",
        "internationalisation",
        "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz",
        " ",
        "  ",
        "\n",
        "'",
        ",",
        ".",
        "-",
        "!",
        "(",
        "\u{0}",
        "1,000",
        "3.5",
        ".5",
        "don't",
        "\u{e9}",
        "\u{c9}",
        "\u{df}",
        "\u{f8}",
        "\u{1c6}",
        "\u{bc}",
        "\u{b5}",
        "\u{d7}",
        "\u{a1}",
        "\u{2bc}",
        "e\u{301}",
        "\u{2019}",
        "\u{201c}",
        "\u{2014}",
        "\u{a0}",
        "東",
        "は",
        "😀",
        "\u{fb01}",
        "\u{ff41}",
        "\u{2474}",
        "\u{0663}",
        "\u{5d0}",
        "\u{ffff}",
        "\u{10ffff}",
    ];

    #[test]
    fn eight_byte_classification_agrees_with_the_byte_one() {
        for b in 0..=255u8 {
            for lane in 0..8 {
                let w = u64::from(b) << (8 * lane) | 0x2020_2020_2020_2020 & !(0xff << (8 * lane));
                let flagged = ascii_alnum_lanes(w) & (0x80 << (8 * lane)) != 0;
                assert_eq!(
                    flagged,
                    b.is_ascii_alphanumeric(),
                    "byte {b:#x} in lane {lane}"
                );
            }
        }
    }

    #[test]
    fn the_punctuation_shortcut_only_takes_separators() {
        // What read_beyond_ascii flushes without asking the Unicode tables
        // must be what the tables would have flushed.
        for c in ('\u{2000}'..='\u{206f}').chain(['\u{a0}']) {
            let apostrophe = matches!(c, '\u{2018}' | '\u{2019}' | '\u{2032}');
            assert!(
                apostrophe || !(c.is_alphanumeric() || is_combining_mark(c) || is_script_char(c)),
                "{c:?}"
            );
        }
    }

    #[test]
    fn byte_classes_mark_each_byte() {
        let mut bytes: Vec<u8> = (0..=255u8).chain((0..=255u8).rev()).collect();
        // A comma or full stop before a digit, also across 64-byte blocks.
        for at in [63, 127, 200, 255, 300, 383] {
            bytes[at] = if at % 2 == 0 { b',' } else { b'.' };
            bytes[at + 1] = b'7';
        }
        bytes.extend(b"tail 9Z 1.5");
        let classes = byte_classes(&bytes);
        assert_eq!(classes.len(), bytes.len().div_ceil(64));
        for (k, &b) in bytes.iter().enumerate() {
            let c = classes[k / 64];
            let bit = |set: u64| set >> (k % 64) & 1 == 1;
            let before_digit = bytes.get(k + 1).is_some_and(u8::is_ascii_digit);
            assert_eq!(bit(c.alnum), b.is_ascii_alphanumeric(), "byte {k}");
            assert_eq!(bit(c.high), b >= 0x80, "byte {k}");
            let stop = b >= 0x80 || b == b'\'' || (matches!(b, b',' | b'.') && before_digit);
            assert_eq!(bit(c.stop), stop, "byte {k}: {b:#x}");
        }
    }

    #[test]
    fn byte_lane_tests_agree_with_the_byte_ones() {
        for b in 0..=255u8 {
            for lane in 0..8 {
                let w = u64::from(b) << (8 * lane) | 0x2020_2020_2020_2020 & !(0xff << (8 * lane));
                let flagged = |lanes: u64| lanes & (0x80 << (8 * lane)) != 0;
                assert_eq!(
                    flagged(ascii_digit_lanes(w)),
                    b.is_ascii_digit(),
                    "byte {b:#x}"
                );
                assert_eq!(flagged(lanes_equal(w, b'\'')), b == b'\'', "byte {b:#x}");
                assert_eq!(flagged(lanes_equal(w, b'.')), b == b'.', "byte {b:#x}");
            }
        }
    }

    #[test]
    fn gather_takes_each_lane_to_its_bit() {
        for bits in 0..=255u64 {
            let lanes = (0..8).fold(0, |w, k| w | (bits >> k & 1) << (8 * k + 7));
            // Other bits in the lanes must not leak in.
            assert_eq!(gather(lanes), bits);
            assert_eq!(gather(lanes | 0x7f7f_7f7f_7f7f_7f7f & !HIGH), bits);
        }
    }

    #[test]
    fn words_hash_alike_however_their_bytes_arrive() {
        // Eight at a time, one at a time, across apostrophes and accents.
        for word in [
            "a",
            "abcdefgh",
            "abcdefghi",
            "abcdefghijklmnopq",
            "internationalization",
        ] {
            assert_eq!(hashes(word), vec![word_hash(word)], "{word}");
            assert_eq!(hashes(&word.to_uppercase()), hashes(word));
        }
        assert_eq!(hashes("don't"), hashes("dont"));
        assert_eq!(hashes("1,000 東"), vec![word_hash("1000"), word_hash("東")]);
        assert_eq!(
            hashes("abcdefghij'klmnopqrs"),
            hashes("abcdefghijklmnopqrs")
        );
        assert_eq!(hashes("caf\u{e9}s-abcdefghij"), hashes("cafes abcdefghij"));
        assert_eq!(hashes("\u{e9}abcdefghijk"), hashes("eabcdefghijk"));
        assert_ne!(hashes("abcdefgh"), hashes("abcdefgha"));
        assert_ne!(hashes("abcdefg"), hashes("abcdefgh"));
        assert_ne!(hashes("abcdefghi"), hashes("abcdefgh i"));
        assert_eq!(hashes("Москва"), vec![word_hash("москва")]);
        assert_eq!(hashes("Ωmegaλ-ǆ"), hashes("ωmegaλ dz"));
    }

    #[test]
    fn bytes_pushed_together_hash_as_pushed_one_by_one() {
        let bytes: Vec<u8> = (0u8..40).map(|b| b.wrapping_mul(37) | 1).collect();
        for before in 0..32 {
            for len in 0..=8 {
                let mut one = WordHasher::new();
                let mut together = WordHasher::new();
                for &b in &bytes[..before] {
                    one.push_byte(b);
                    together.push_byte(b);
                }
                let piece = &bytes[before..before + len];
                piece.iter().for_each(|&b| one.push_byte(b));
                let mut chunk = [0u8; 8];
                chunk[..len].copy_from_slice(piece);
                together.push_bytes(u64::from_le_bytes(chunk), len as u32);
                assert_eq!(one.raw(), together.raw(), "{before} then {len}");
            }
        }
    }

    #[test]
    fn offsets_count_utf16_after_wide_characters() {
        assert_eq!(
            words("東京 \u{1f600} caf\u{e9} abcdefghijklm n"),
            vec!["東", "京", "café", "abcdefghijklm", "n"]
        );
    }

    #[test]
    fn the_alphabet_table_reads_every_character_as_the_rules_do() {
        for code in 0x80..TABLE_END {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let text = format!("x{c}y {c} {c}1 2{c} {c}{c}");
            let mut fast = Vec::new();
            tokenize(&text, &mut fast);
            assert_eq!(fast, reference_tokens(&text), "U+{code:04X} in {text:?}");
        }
        assert_eq!(words("Ça coûte ½ €"), vec!["Ça", "coûte", "½"]);
        assert_eq!(hashes("Ça coûte"), hashes("ca coute"));
        assert_eq!(hashes("straße ǆ"), hashes("straße dz"));
        assert_eq!(hashes("ΑΘΗΝΑ Москва"), hashes("αθηνα москва"));
    }

    #[test]
    fn the_blocks_read_as_letters_without_a_lookup_are_all_letters() {
        for range in [0x3400..=0x4DBF, 0x4E00..=0x9FFF, 0xAC00..=0xD7A3] {
            for code in range {
                let c = char::from_u32(code).expect("not a surrogate");
                assert!(c.is_alphanumeric(), "U+{code:04X}");
                assert!(is_script_char(c), "U+{code:04X}");
            }
        }
    }

    #[test]
    fn scripts_without_spaces_give_one_token_per_character() {
        assert_eq!(words("東京は晴れ"), vec!["東", "京", "は", "晴", "れ"]);
        assert_eq!(words("שלום עולם"), vec!["שלום", "עולם"]);
    }
}
