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
///
/// Branch-free: which shingle is a window's minimum is a coin toss the CPU
/// cannot predict, and a mispredicted branch per shingle cost more than the
/// rest of winnowing together. Selects compile to conditional moves, and every
/// window writes its pick, advancing only when the pick is new.
pub fn winnow(shingles: &[u64], out: &mut Vec<(u32, u64)>) {
    out.clear();
    if shingles.is_empty() {
        return;
    }
    let window = W.min(shingles.len());
    let windows = shingles.len() - window + 1;
    out.resize(windows, (0, 0));
    let mut len = 0;
    let mut last = u32::MAX;
    for from in 0..windows {
        // The window's minimum, rightmost on ties (as the paper recommends).
        let pick = if window == W {
            let this: &[u64; W] = shingles[from..from + W].try_into().expect("a full window");
            window_min(this, from)
        } else {
            window_min(&shingles[from..from + window], from)
        };
        out[len] = pick;
        len += usize::from(pick.0 != last);
        last = pick.0;
    }
    out.truncate(len);
}

/// The rightmost minimum of `window` (which starts at `from`): its position and hash.
#[inline(always)]
fn window_min(window: &[u64], from: usize) -> (u32, u64) {
    let (mut at, mut min) = (0, window[0]);
    for (j, &hash) in window.iter().enumerate().skip(1) {
        let smaller = hash <= min;
        at = std::hint::select_unpredictable(smaller, j, at);
        min = std::hint::select_unpredictable(smaller, hash, min);
    }
    ((from + at) as u32, min)
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
    fn a_shingle_hashes_its_k_tokens_in_order() {
        let tokens: Vec<u64> = (0..20u64)
            .map(|i| i.wrapping_mul(0x2545_f491_4f6c_dd1d) ^ 7)
            .collect();
        let mut s = Vec::new();
        shingles(&tokens, &mut s);
        assert_eq!(s.len(), tokens.len() - K + 1);
        for (i, &hash) in s.iter().enumerate() {
            let expected = tokens[i..i + K].iter().fold(0u64, |h, &t| {
                h.rotate_left(17) ^ t.wrapping_mul(0x9e37_79b9_7f4a_7c15)
            });
            assert_eq!(hash, expected, "shingle {i}");
        }
        shingles(&tokens[..K - 1], &mut s);
        assert!(s.is_empty());
    }

    #[test]
    fn short_inputs() {
        assert!(fingerprints(&[1, 2, 3]).is_empty());
        assert_eq!(fingerprints(&[1, 2, 3, 4, 5]).len(), 1);
    }
}
