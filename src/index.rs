//! The page-wide fingerprint index: fingerprint → first occurrence.
//!
//! An open-addressing table with linear probing over two flat arrays. It does
//! one thing (u64 keys that are already good hashes, never removed) and is
//! several times faster than a general hash map in wasm, where SwissTable has
//! no SIMD to lean on; the engine probes it for every fingerprint of the page.

/// Keys are hashes; 0 marks an empty slot, so a real 0 is stored as 1.
const EMPTY: u64 = 0;

#[derive(Debug, Default)]
pub struct FingerprintIndex {
    keys: Vec<u64>,
    values: Vec<u64>,
    len: usize,
}

impl FingerprintIndex {
    fn slot_key(key: u64) -> u64 {
        if key == EMPTY {
            1
        } else {
            key
        }
    }

    /// Where `key` is, or the empty slot where it would go.
    #[inline]
    fn slot_of(&self, key: u64) -> Result<usize, usize> {
        let mask = self.keys.len() - 1;
        let mut slot = (key as usize) & mask;
        loop {
            match self.keys[slot] {
                k if k == key => return Ok(slot),
                EMPTY => return Err(slot),
                _ => slot = (slot + 1) & mask,
            }
        }
    }

    /// The value stored for `key`.
    #[inline]
    pub fn get(&self, key: u64) -> Option<u64> {
        if self.keys.is_empty() {
            return None;
        }
        self.slot_of(Self::slot_key(key))
            .ok()
            .map(|slot| self.values[slot])
    }

    /// Stores `value` for `key` unless the key is already there. Returns
    /// whether it was new.
    #[inline]
    pub fn insert_new(&mut self, key: u64, value: u64) -> bool {
        if (self.len + 1) * 2 > self.keys.len() {
            self.grow();
        }
        let key = Self::slot_key(key);
        match self.slot_of(key) {
            Ok(_) => false,
            Err(slot) => {
                self.keys[slot] = key;
                self.values[slot] = value;
                self.len += 1;
                true
            }
        }
    }

    /// Makes room for `additional` more keys without growing step by step.
    pub fn reserve(&mut self, additional: usize) {
        let wanted = ((self.len + additional) * 2).next_power_of_two();
        if wanted > self.keys.len() {
            self.rehash(wanted);
        }
    }

    fn grow(&mut self) {
        self.rehash((self.keys.len() * 2).max(1024));
    }

    fn rehash(&mut self, capacity: usize) {
        let keys = std::mem::replace(&mut self.keys, vec![EMPTY; capacity]);
        let values = std::mem::replace(&mut self.values, vec![0; capacity]);
        self.len = 0;
        for (k, v) in keys.into_iter().zip(values) {
            if k != EMPTY {
                self.insert_new(k, v);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
