//! Shingles and winnowing (Schleimer, Wilkerson & Aiken, SIGMOD 2003).
//!
//! A block's fingerprints are the hashes of its K-token shingles that winnowing
//! keeps: the smallest hash of every window of W consecutive shingles. Any run
//! of at least `GUARANTEE` equal tokens shared by two blocks yields at least one
//! common fingerprint, while only about 2/(W+1) of the shingles are indexed.

/// Tokens per shingle.
pub const K: usize = 4;
/// Shingles per winnowing window.
pub const W: usize = 5;
/// Every shared run of this many tokens is found.
pub const GUARANTEE: usize = K + W - 1;

/// The hash of the shingle starting at each token (empty when fewer than K tokens).
pub fn shingles(tokens: &[u64], out: &mut Vec<u64>) {
    out.clear();
    out.extend(tokens.windows(K).map(|w| {
        w.iter().fold(0u64, |h, &t| {
            h.rotate_left(17) ^ t.wrapping_mul(0x9e37_79b9_7f4a_7c15)
        })
    }));
}

/// Winnowing: appends `(position, hash)` of the selected shingles, in order of
/// position, each position once. Fewer than W shingles select their minimum.
pub fn winnow(shingles: &[u64], out: &mut Vec<(u32, u64)>) {
    out.clear();
    if shingles.is_empty() {
        return;
    }
    let window = W.min(shingles.len());
    let mut last = usize::MAX;
    for end in window..=shingles.len() {
        // The window's minimum, rightmost on ties (as the paper recommends).
        // W is tiny: a scan beats a monotone deque.
        let from = end - window;
        let mut min = from;
        for j in from + 1..end {
            if shingles[j] <= shingles[min] {
                min = j;
            }
        }
        if min != last {
            out.push((min as u32, shingles[min]));
            last = min;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fingerprints(tokens: &[u64]) -> Vec<(u32, u64)> {
        let mut s = Vec::new();
        let mut f = Vec::new();
        shingles(tokens, &mut s);
        winnow(&s, &mut f);
        f
    }

    #[test]
    fn every_window_has_a_fingerprint() {
        let tokens: Vec<u64> = (0..200u64)
            .map(|i| i.wrapping_mul(0x2545_f491_4f6c_dd1d))
            .collect();
        let f = fingerprints(&tokens);
        let positions: Vec<usize> = f.iter().map(|&(p, _)| p as usize).collect();
        let shingle_count = tokens.len() - K + 1;
        for start in 0..=shingle_count - W {
            assert!(
                positions.iter().any(|&p| p >= start && p < start + W),
                "window {start}"
            );
        }
        assert!(
            f.len() < shingle_count / 2,
            "winnowing keeps few: {}",
            f.len()
        );
    }

    #[test]
    fn a_shared_run_of_guarantee_tokens_shares_a_fingerprint() {
        let run: Vec<u64> = (1000..1000 + GUARANTEE as u64).map(|i| i * 7919).collect();
        let mut a: Vec<u64> = (0..37).collect();
        a.extend(&run);
        a.extend(50..90);
        let mut b: Vec<u64> = (500..511).collect();
        b.extend(&run);
        let fa: std::collections::HashSet<u64> =
            fingerprints(&a).into_iter().map(|x| x.1).collect();
        assert!(fingerprints(&b).iter().any(|x| fa.contains(&x.1)));
    }

    #[test]
    fn short_inputs() {
        assert!(fingerprints(&[1, 2, 3]).is_empty());
        assert_eq!(fingerprints(&[1, 2, 3, 4, 5]).len(), 1);
    }
}
