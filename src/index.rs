//! The page-wide fingerprint index: fingerprint → first occurrence.
//!
//! An open-addressing table with linear probing over one flat array of
//! 8-byte slots: the key's low 32 bits (which also pick its slot) beside a
//! 32-bit value. Its probes are the engine's cache misses, so it is kept
//! small; a key that only shares those bits is told apart by the caller,
//! which compares the tokens behind every hit anyway. It does one thing (keys
//! that are already good hashes, never removed) and is several times faster
//! than a general hash map in wasm, where SwissTable has no SIMD to lean on.
//! The engine first touches the slots of all of a block's fingerprints
//! ([`FingerprintIndex::warm`]), so their misses overlap, then probes them,
//! and inserts where the probe ended ([`FingerprintIndex::insert_probed`])
//! instead of probing again.

/// A slot whose tag is 0 is empty; a key whose low bits are 0 is tagged 1.
const EMPTY: u64 = 0;

/// Where a probe for a key ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Probe {
    /// The key (or one with the same stored bits) is there, with this value.
    Found(u32),
    /// The key is not there; this empty slot is where it would go.
    Vacant(usize),
}

#[derive(Debug, Default)]
pub struct FingerprintIndex {
    /// `tag << 32 | value`; a power-of-two count, at most 3/4 of them used.
    slots: Vec<u64>,
    len: usize,
}

impl FingerprintIndex {
    /// The key's low 32 bits, never 0: what a slot keeps of it, and where
    /// its probes start.
    #[inline]
    fn tag(key: u64) -> u32 {
        (key as u32).max(1)
    }

    /// Looks `key` up. A `Vacant` answer stays valid for
    /// [`FingerprintIndex::insert_probed`] until the table grows, which only
    /// [`FingerprintIndex::reserve`] and `insert_*` past the reserve do.
    #[inline]
    pub fn probe(&self, key: u64) -> Probe {
        if self.slots.is_empty() {
            return Probe::Vacant(usize::MAX);
        }
        let tag = Self::tag(key);
        let mask = self.slots.len() - 1;
        let mut slot = tag as usize & mask;
        loop {
            let stored = self.slots[slot];
            if (stored >> 32) as u32 == tag {
                return Probe::Found(stored as u32);
            }
            if stored == EMPTY {
                return Probe::Vacant(slot);
            }
            slot = (slot + 1) & mask;
        }
    }

    /// Loads the first slot a probe for each of `keys` would read, and does
    /// nothing else with it: the cache misses of a block's probes are then
    /// in flight together. (Probing key by key, each mispredicted branch on a
    /// slot's content makes the next key's miss wait for this one.) Returns
    /// a value made of every load, for the caller to pass to
    /// [`std::hint::black_box`], or the loads would be dropped.
    #[inline]
    pub fn warm(&self, keys: impl Iterator<Item = u64>) -> u64 {
        if self.slots.is_empty() {
            return 0;
        }
        let mask = self.slots.len() - 1;
        // Combined with a rotate: with a plain xor the loop was vectorized,
        // each load going into a vector lane, and slower than no warming.
        keys.fold(0, |acc, key| {
            acc.rotate_left(1) ^ self.slots[Self::tag(key) as usize & mask]
        })
    }

    /// Stores `value` for `key` unless the key is already there, given where
    /// a probe for it ended (the table must not have grown since). Returns
    /// whether it was new.
    #[inline]
    pub fn insert_probed(&mut self, key: u64, value: u32, probe: Probe) -> bool {
        match probe {
            Probe::Found(_) => false,
            // An insert since the probe may have taken the slot: probe again.
            Probe::Vacant(slot) if slot < self.slots.len() && self.slots[slot] == EMPTY => {
                if Self::too_full(self.len + 1, self.slots.len()) {
                    return self.insert_new(key, value);
                }
                self.occupy(slot, key, value);
                true
            }
            Probe::Vacant(_) => self.insert_new(key, value),
        }
    }

    /// Stores `value` for `key` unless the key is already there. Returns
    /// whether it was new.
    pub fn insert_new(&mut self, key: u64, value: u32) -> bool {
        if Self::too_full(self.len + 1, self.slots.len()) {
            self.grow();
        }
        match self.probe(key) {
            Probe::Found(_) => false,
            Probe::Vacant(slot) => {
                self.occupy(slot, key, value);
                true
            }
        }
    }

    /// Fills the empty `slot` with `key`'s tag and `value`.
    #[inline]
    fn occupy(&mut self, slot: usize, key: u64, value: u32) {
        self.slots[slot] = u64::from(Self::tag(key)) << 32 | u64::from(value);
        self.len += 1;
    }

    /// Makes room for `additional` more keys without growing step by step.
    pub fn reserve(&mut self, additional: usize) {
        let keys = self.len + additional;
        if Self::too_full(keys, self.slots.len()) {
            // More than keys * 4/3 slots: no longer too full.
            self.rehash((keys * 4 / 3 + 1).next_power_of_two());
        }
    }

    /// Whether `keys` keys would fill more than 3/4 of `slots` slots. Linear
    /// probing stays short up to there, and a smaller table is fewer cache
    /// misses: the probes are what this table costs.
    #[inline]
    fn too_full(keys: usize, slots: usize) -> bool {
        keys * 4 > slots * 3
    }

    fn grow(&mut self) {
        self.rehash((self.slots.len() * 2).max(1024));
    }

    fn rehash(&mut self, capacity: usize) {
        let old = std::mem::replace(&mut self.slots, vec![EMPTY; capacity]);
        let mask = capacity - 1;
        for stored in old.into_iter().filter(|&s| s != EMPTY) {
            let mut slot = (stored >> 32) as usize & mask;
            while self.slots[slot] != EMPTY {
                slot = (slot + 1) & mask;
            }
            self.slots[slot] = stored;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl FingerprintIndex {
        fn get(&self, key: u64) -> Option<u32> {
            match self.probe(key) {
                Probe::Found(v) => Some(v),
                Probe::Vacant(_) => None,
            }
        }
    }

    #[test]
    fn stores_the_first_value_per_key() {
        let mut index = FingerprintIndex::default();
        assert_eq!(index.get(7), None);
        for k in 0..10_000u32 {
            assert!(index.insert_new(u64::from(k).wrapping_mul(0x9e37_79b9_7f4a_7c15), k));
        }
        assert!(!index.insert_new(0, 99), "0 was stored (as 1) already");
        for k in 0..10_000u32 {
            assert_eq!(
                index.get(u64::from(k).wrapping_mul(0x9e37_79b9_7f4a_7c15)),
                Some(k)
            );
        }
        assert_eq!(index.get(12345), None);
    }

    #[test]
    fn inserts_at_a_probe_even_when_later_inserts_took_its_slot() {
        let mut index = FingerprintIndex::default();
        index.reserve(100);
        // Two keys that want the same slot, probed before either is stored.
        let (a, b) = (5u64, 5 + 256);
        let (pa, pb) = (index.probe(a), index.probe(b));
        assert_eq!(pa, pb, "both would go to the same empty slot");
        assert!(index.insert_probed(a, 10, pa));
        assert!(
            index.insert_probed(b, 20, pb),
            "b probes again and goes next door"
        );
        assert!(
            !index.insert_probed(a, 30, index.probe(a)),
            "a is there already"
        );
        assert_eq!((index.get(a), index.get(b)), (Some(10), Some(20)));
        // The same key twice from stale probes: stored once.
        let c = 9u64;
        let (p1, p2) = (index.probe(c), index.probe(c));
        assert!(index.insert_probed(c, 1, p1));
        assert!(!index.insert_probed(c, 2, p2));
        assert_eq!(index.get(c), Some(1));
    }

    #[test]
    fn keys_are_told_apart_by_their_low_32_bits_only() {
        // The caller checks what is behind a hit: the table need not.
        let mut index = FingerprintIndex::default();
        assert!(index.insert_new(1 << 40 | 7, 1));
        assert_eq!(index.get(2 << 40 | 7), Some(1));
        assert_eq!(index.get(8), None);
    }

    #[test]
    fn a_probe_before_the_table_exists_still_inserts() {
        let mut index = FingerprintIndex::default();
        let p = index.probe(42);
        assert!(index.insert_probed(42, 7, p));
        assert_eq!(index.get(42), Some(7));
    }
}
