//! The page-wide fingerprint index: fingerprint → first occurrence.
//!
//! An open-addressing table with linear probing over one flat array of
//! (key, value) pairs, so a probe touches one cache line. It does one thing
//! (u64 keys that are already good hashes, never removed) and is several
//! times faster than a general hash map in wasm, where SwissTable has no SIMD
//! to lean on. The engine probes all of a block's fingerprints in one tight
//! pass ([`FingerprintIndex::probe`]), so their cache misses overlap, and
//! inserts where the probe ended ([`FingerprintIndex::insert_probed`])
//! instead of probing again.

/// Keys are hashes; 0 marks an empty slot, so a real 0 is stored as 1.
const EMPTY: u64 = 0;

/// Where a probe for a key ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Probe {
    /// The key is there, with this value.
    Found(u64),
    /// The key is not there; this empty slot is where it would go.
    Vacant(usize),
}

#[derive(Debug, Default)]
pub struct FingerprintIndex {
    /// (key, value) pairs; a power-of-two count, at most half of them used.
    slots: Vec<(u64, u64)>,
    len: usize,
}

impl FingerprintIndex {
    #[inline]
    fn slot_key(key: u64) -> u64 {
        if key == EMPTY {
            1
        } else {
            key
        }
    }

    /// Looks `key` up. A `Vacant` answer stays valid for
    /// [`FingerprintIndex::insert_probed`] until the table grows, which only
    /// [`FingerprintIndex::reserve`] and `insert_*` past the reserve do.
    #[inline]
    pub fn probe(&self, key: u64) -> Probe {
        if self.slots.is_empty() {
            return Probe::Vacant(usize::MAX);
        }
        let key = Self::slot_key(key);
        let mask = self.slots.len() - 1;
        let mut slot = (key as usize) & mask;
        loop {
            let (k, v) = self.slots[slot];
            if k == key {
                return Probe::Found(v);
            }
            if k == EMPTY {
                return Probe::Vacant(slot);
            }
            slot = (slot + 1) & mask;
        }
    }

    /// Stores `value` for `key` unless the key is already there, given where
    /// a probe for it ended (the table must not have grown since). Returns
    /// whether it was new.
    #[inline]
    pub fn insert_probed(&mut self, key: u64, value: u64, probe: Probe) -> bool {
        match probe {
            Probe::Found(_) => false,
            // An insert since the probe may have taken the slot: probe again.
            Probe::Vacant(slot) if slot < self.slots.len() && self.slots[slot].0 == EMPTY => {
                if (self.len + 1) * 2 > self.slots.len() {
                    return self.insert_new(key, value);
                }
                self.slots[slot] = (Self::slot_key(key), value);
                self.len += 1;
                true
            }
            Probe::Vacant(_) => self.insert_new(key, value),
        }
    }

    /// Stores `value` for `key` unless the key is already there. Returns
    /// whether it was new.
    pub fn insert_new(&mut self, key: u64, value: u64) -> bool {
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
        }
        match self.probe(key) {
            Probe::Found(_) => false,
            Probe::Vacant(slot) => {
                self.slots[slot] = (Self::slot_key(key), value);
                self.len += 1;
                true
            }
        }
    }

    /// Makes room for `additional` more keys without growing step by step.
    pub fn reserve(&mut self, additional: usize) {
        let wanted = ((self.len + additional) * 2).next_power_of_two();
        if wanted > self.slots.len() {
            self.rehash(wanted);
        }
    }

    fn grow(&mut self) {
        self.rehash((self.slots.len() * 2).max(1024));
    }

    fn rehash(&mut self, capacity: usize) {
        let old = std::mem::replace(&mut self.slots, vec![(EMPTY, 0); capacity]);
        self.len = 0;
        for (k, v) in old {
            if k != EMPTY {
                self.insert_new(k, v);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl FingerprintIndex {
        fn get(&self, key: u64) -> Option<u64> {
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
        for k in 0..10_000u64 {
            assert!(index.insert_new(k.wrapping_mul(0x9e37_79b9_7f4a_7c15), k));
        }
        assert!(!index.insert_new(0, 99), "0 was stored (as 1) already");
        for k in 0..10_000u64 {
            assert_eq!(index.get(k.wrapping_mul(0x9e37_79b9_7f4a_7c15)), Some(k));
        }
        assert_eq!(index.get(12345), None);
    }

    #[test]
    fn inserts_at_a_probe_even_when_later_inserts_took_its_slot() {
        let mut index = FingerprintIndex::default();
        index.reserve(100);
        // Two keys that want the same slot, probed before either is stored.
        let (a, b) = (1u64 << 40 | 5, 2u64 << 40 | 5);
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
        let c = 3u64 << 40 | 9;
        let (p1, p2) = (index.probe(c), index.probe(c));
        assert!(index.insert_probed(c, 1, p1));
        assert!(!index.insert_probed(c, 2, p2));
        assert_eq!(index.get(c), Some(1));
    }

    #[test]
    fn a_probe_before_the_table_exists_still_inserts() {
        let mut index = FingerprintIndex::default();
        let p = index.probe(42);
        assert!(index.insert_probed(42, 7, p));
        assert_eq!(index.get(42), Some(7));
    }
}
