//! British spellings read as American ones ("defence" → "defense").
//!
//! The table is `data/spelling-gb-us.tsv` (1,730 word forms from the tysto.com
//! UK/US spelling list, by way of the `breame` package; regenerate it with
//! `tools/make-spelling-list.py`), compiled in and keyed by word hash so that a
//! lookup costs one hash-map probe and no allocation.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use crate::normalize::raw_word_hash;

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

struct Table {
    /// British raw hash → American raw hash.
    by_hash: HashKeyed<u64>,
    /// One bit per British hash (its low 16 bits): most words are not in the
    /// table, and a bit test is far cheaper than a hash-map probe.
    filter: Vec<u64>,
}

fn table() -> &'static Table {
    static TABLE_BY_HASH: OnceLock<Table> = OnceLock::new();
    TABLE_BY_HASH.get_or_init(|| {
        let by_hash: HashKeyed<u64> = TABLE
            .lines()
            .filter(|line| !line.starts_with('#'))
            .filter_map(|line| line.split_once('\t'))
            .map(|(british, american)| (raw_word_hash(british), raw_word_hash(american)))
            .collect();
        let mut filter = vec![0u64; FILTER_BITS / 64];
        for &key in by_hash.keys() {
            let bit = key as usize % FILTER_BITS;
            filter[bit / 64] |= 1 << (bit % 64);
        }
        Table { by_hash, filter }
    })
}

/// The raw hash of the American spelling of the word with raw hash `raw`, or
/// `raw` itself when the word has no British form in the table.
#[inline]
pub fn americanize(raw: u64) -> u64 {
    let table = table();
    let bit = raw as usize % FILTER_BITS;
    if table.filter[bit / 64] & (1 << (bit % 64)) == 0 {
        return raw;
    }
    table.by_hash.get(&raw).copied().unwrap_or(raw)
}

/// How many British word forms the table knows.
pub fn table_len() -> usize {
    table().by_hash.len()
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
}
