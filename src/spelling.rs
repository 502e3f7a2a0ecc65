//! British spellings read as American ones ("defence" → "defense").
//!
//! The table is `data/spelling-gb-us.tsv` (1,730 word forms from the tysto.com
//! UK/US spelling list, by way of the `breame` package; regenerate it with
//! `tools/make-spelling-list.py`), compiled in and keyed by word hash so that a
//! lookup costs one hash-map probe and no allocation.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use crate::normalize::{raw_word_hash, WordHasher};

const TABLE: &str = include_str!("../data/spelling-gb-us.tsv");

/// The keys are already hashes: pass them through instead of hashing again.
#[derive(Default)]
pub struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A map keyed by values that are already good hashes.
pub type HashKeyed<V> = HashMap<u64, V, BuildHasherDefault<IdentityHasher>>;

/// Bits of the filter in front of the table: 64 Ki bits, 8 KiB.
const FILTER_BITS: usize = 1 << 16;

/// One bit per British word's hash (its low 16 bits), computed when the crate
/// compiles: most words are not in the table, and a bit test in a static
/// array is far cheaper than a hash-map probe (or a check that the map was
/// built yet).
static FILTER: [u64; FILTER_BITS / 64] = british_filter();

const fn british_filter() -> [u64; FILTER_BITS / 64] {
    let mut filter = [0u64; FILTER_BITS / 64];
    let bytes = TABLE.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // One line: "british\tamerican\n", or a "#" comment.
        let comment = bytes[i] == b'#';
        let mut hasher = WordHasher::new();
        while i < bytes.len() && bytes[i] != b'\t' && bytes[i] != b'\n' {
            // The list is lowercase ASCII (a test checks): its bytes are its folded form.
            hasher.push_byte(bytes[i]);
            i += 1;
        }
        if !comment && i < bytes.len() && bytes[i] == b'\t' {
            let bit = hasher.raw() as usize % FILTER_BITS;
            filter[bit / 64] |= 1 << (bit % 64);
        }
        while i < bytes.len() && bytes[i] != b'\n' {
            i += 1;
        }
        i += 1;
    }
    filter
}

/// British raw hash → American raw hash.
fn table() -> &'static HashKeyed<u64> {
    static TABLE_BY_HASH: OnceLock<HashKeyed<u64>> = OnceLock::new();
    TABLE_BY_HASH.get_or_init(|| {
        TABLE
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| line.split_once('\t'))
            .map(|(british, american)| (raw_word_hash(british), raw_word_hash(american)))
            .collect()
    })
}

/// The raw hash of the American spelling of the word with raw hash `raw`, or
/// `raw` itself when the word has no British form in the table.
#[inline]
pub fn americanize(raw: u64) -> u64 {
    let bit = raw as usize % FILTER_BITS;
    if FILTER[bit / 64] & (1 << (bit % 64)) == 0 {
        return raw;
    }
    table().get(&raw).copied().unwrap_or(raw)
}

/// How many British word forms the table knows.
pub fn table_len() -> usize {
    table().len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_the_real_list() {
        assert!(table_len() > 1500, "only {} pairs", table_len());
        for (gb, us) in [
            ("defence", "defense"),
            ("organise", "organize"),
            ("colour", "color"),
            ("travelled", "traveled"),
            ("analysed", "analyzed"),
            ("programme", "program"),
        ] {
            assert_eq!(americanize(raw_word_hash(gb)), raw_word_hash(us), "{gb}");
        }
        assert_eq!(
            americanize(raw_word_hash("defense")),
            raw_word_hash("defense")
        );
    }

    #[test]
    fn the_compiled_filter_holds_every_british_form() {
        // The filter hashes the list's bytes as they are: they must be folded already.
        for line in TABLE.lines().filter(|l| !l.starts_with('#')) {
            let (gb, _) = line.split_once('\t').expect("british<TAB>american");
            assert!(gb.bytes().all(|b| b.is_ascii_lowercase()), "{gb}");
            let bit = raw_word_hash(gb) as usize % FILTER_BITS;
            assert!(FILTER[bit / 64] & (1 << (bit % 64)) != 0, "{gb}");
        }
    }
}
