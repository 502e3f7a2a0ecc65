//! The page index: every block seen so far, and what each new block repeats.
//!
//! For each block, in page order: fold its text into tokens
//! ([`crate::normalize`]), drop trailing boilerplate, then look up its
//! winnowed fingerprints in one page-wide index. A hit is verified and
//! extended into a maximal run of equal tokens; runs of at least
//! [`MIN_RUN`] tokens are repeated spans. When one earlier block covers most
//! of the new one and the other way round, the new block is a near-duplicate;
//! if the two differ in a number ("killed 12" / "killed 21"), it is a changed
//! fact instead, and never reported as a duplicate.
//!
//! Cost is linear in the text: each fingerprint has a bounded number of
//! occurrences, and positions already inside a found run are not looked up.

use crate::block::{Block, BlockKind, BlockRef};
use crate::boilerplate;
use crate::fingerprint::{self, K};
use crate::index::{FingerprintIndex, Probe};
use crate::lists::Lists;
use crate::normalize::{self, Token, NUMBER};
use crate::report::{BatchReport, BlockReport, ChangedFact, RepeatSpan, Totals};
use crate::spelling::HashKeyed;
use crate::verdict::{has_prose_words, has_words, BlockInfo, Run, Verdict};
pub use crate::verdict::{MIN_PROSE_WORDS, MIN_RUN, MIN_WORDS};

/// Near-duplicate: the shared text covers at least this share of one block…
const NEAR_DUP_MAJOR: f64 = 0.9;
/// …and at least this share of the other.
const NEAR_DUP_MINOR: f64 = 0.5;
/// Inside a near-duplicate, aligned stretches this short still count as repeated.
const ALIGNED_MIN_STRETCH: usize = 3;
/// Aligning two near-duplicates tolerates this many differing tokens in a row.
const ALIGN_MAX_GAP: usize = 2;
/// Occurrences remembered per fingerprint: enough to find the first copy of a
/// text, few enough that a boilerplate phrase cannot make lookups quadratic.
const MAX_OCCURRENCES: usize = 4;

/// Later occurrences of a fingerprint, after the first (kept in the main map).
#[derive(Debug, Clone, Copy, Default)]
struct MoreOccurrences {
    len: u8,
    at: [(u32, u32); MAX_OCCURRENCES - 1],
}

/// One page's index. Feed it batches in page order with [`Engine::analyze`].
#[derive(Debug, Default)]
pub struct Engine {
    tokens: Vec<Token>,
    blocks: Vec<BlockInfo>,
    /// Fingerprint → its first occurrence (block, token position), packed.
    index: FingerprintIndex,
    /// Fingerprint → further occurrences, for the few that have them.
    more: HashKeyed<MoreOccurrences>,
    /// Whole-text hash of blocks too short to fingerprint → first block.
    short_blocks: HashKeyed<u32>,
    lists: Lists,
    totals: Totals,
    // Scratch buffers, kept to avoid an allocation per block.
    hashes: Vec<u64>,
    shingles: Vec<u64>,
    fingerprints: Vec<(u32, u64)>,
    /// Where each fingerprint's probe of the index ended, in the same order.
    probes: Vec<Probe>,
}

impl Engine {
    /// An empty page index.
    pub fn new() -> Self {
        Self::default()
    }

    /// Analyse the next batch of blocks against everything seen before.
    pub fn analyze(&mut self, batch: &[Block]) -> BatchReport {
        let refs: Vec<BlockRef> = batch.iter().map(Block::as_ref).collect();
        self.analyze_refs(&refs)
    }

    /// [`Engine::analyze`] for blocks whose text is borrowed.
    pub fn analyze_refs(&mut self, batch: &[BlockRef]) -> BatchReport {
        // Room for the batch up front: about one token per 6 bytes of text and
        // one fingerprint per 3 tokens, so big batches do not grow step by step.
        let bytes: usize = batch.iter().map(|b| b.text.len()).sum();
        self.tokens.reserve(bytes / 6);
        self.index.reserve(bytes / 18);
        let mut blocks = Vec::with_capacity(batch.len());
        // Lists the batch touched, with how many items each had before it.
        let mut touched_lists: Vec<(u32, usize)> = Vec::new();
        for block in batch {
            let (report, verdict) = self.analyze_block(*block);
            if let (Some(list), Some(item)) = (block.list, block.item) {
                if !touched_lists.iter().any(|&(l, _)| l == list) {
                    touched_lists.push((list, self.lists.len(list)));
                }
                self.lists.add_block(
                    list,
                    item,
                    report.id,
                    *block,
                    &verdict,
                    &self.blocks,
                    &self.tokens,
                );
            } else if block.list.is_none() {
                match block.kind {
                    BlockKind::Headline => {
                        let info = &self.blocks[report.id as usize];
                        let tokens =
                            &self.tokens[info.start as usize..(info.start + info.len) as usize];
                        self.lists.add_article_heading(block.text, tokens);
                    }
                    BlockKind::Paragraph => self.lists.add_article_paragraph(block.text),
                    _ => {}
                }
            }
            blocks.push(report);
        }
        for &(list, before) in &touched_lists {
            self.lists.index_new_items(list, before);
        }
        let lists = touched_lists
            .into_iter()
            .map(|(list, _)| self.lists.report(list))
            .collect();
        let (lists_seen, clusters, collapsible) = self.lists.totals();
        self.totals.lists = lists_seen;
        self.totals.clusters = clusters;
        self.totals.collapsible_items = collapsible;
        self.totals.repeated_share = share(self.totals.repeated_chars, self.totals.chars);
        BatchReport {
            blocks,
            lists,
            totals: self.totals.clone(),
        }
    }

    /// Page totals so far.
    pub fn totals(&self) -> &Totals {
        &self.totals
    }

    /// Add time spent analysing (measured by the caller, who owns the clock:
    /// `std::time::Instant` does not exist in the browser).
    pub fn add_time_ms(&mut self, ms: f64) {
        self.totals.engine_ms += ms;
    }

    /// The block and position of the token at `index` in the arena.
    fn token_at(&self, index: u32) -> (u32, u32) {
        // The last block starting at or before it (a block with no tokens
        // starts where the next one does, and comes first).
        let block = self.blocks.partition_point(|b| b.start <= index) - 1;
        (block as u32, index - self.blocks[block].start)
    }

    fn block_tokens(&self, id: u32) -> &[Token] {
        let info = &self.blocks[id as usize];
        &self.tokens[info.start as usize..(info.start + info.len) as usize]
    }

    fn analyze_block(&mut self, block: BlockRef) -> (BlockReport, Verdict) {
        let id = u32::try_from(self.blocks.len()).unwrap_or(u32::MAX);
        let first = self.tokens.len();
        let text_len = normalize::tokenize(block.text, &mut self.tokens);
        let tail = boilerplate::trailing_len(&self.tokens[first..], MIN_WORDS);
        self.tokens.truncate(self.tokens.len() - tail);
        let len = self.tokens.len() - first;
        self.blocks.push(BlockInfo {
            start: first as u32,
            len: len as u32,
            kind: block.kind,
            list: block.list,
        });

        self.totals.blocks += 1;
        self.totals.chars += u64::from(text_len);

        let mut verdict = Verdict::default();
        let mut readable = Verdict::default();
        if has_words(&self.tokens[first..], MIN_WORDS) {
            self.hashes.clear();
            self.hashes
                .extend(self.tokens[first..].iter().map(|t| t.hash));
            verdict = self.find_repeats(id);
            readable = verdict.clone();
            self.keep_readable_repeats(block, &self.tokens[first..], &mut readable);
        }
        // The report says what a reader calls repeated; the lists weigh every
        // shared sentence, as evidence of one story.
        let report = self.report(id, &readable);
        if !report.spans.is_empty() {
            self.totals.repeated_blocks += 1;
            self.totals.repeated_chars += report
                .spans
                .iter()
                .map(|s| u64::from(s.end - s.start))
                .sum::<u64>();
        }
        (report, verdict)
    }

    /// Keeps only what a reader calls repeated text. The page's chrome is
    /// never a repeat, and repeating it is not one (its runs, and runs of
    /// other blocks from it, go; the block stays in the index as found). A
    /// headline, a heading or a short link repeats only as a whole (a shared
    /// opening of two different headlines is no repeat). Other text repeats
    /// in spans of [`MIN_PROSE_WORDS`] words or more: shorter shared runs, and
    /// a short block printed twice (a list item's source and time, a table's
    /// cell, a credit), are as often incidental phrases as repeats.
    fn keep_readable_repeats(&self, block: BlockRef, tokens: &[Token], verdict: &mut Verdict) {
        let headline_like = match block.kind {
            BlockKind::Title | BlockKind::Heading | BlockKind::Headline => true,
            BlockKind::Link => !has_prose_words(tokens, MIN_PROSE_WORDS),
            _ => false,
        };
        if block.kind == BlockKind::Chrome || (headline_like && verdict.near_duplicate_of.is_none())
        {
            *verdict = Verdict::default();
            return;
        }
        let chrome = |source: u32| self.blocks[source as usize].kind == BlockKind::Chrome;
        if verdict.near_duplicate_of.is_some_and(chrome) {
            verdict.near_duplicate_of = None;
        }
        verdict.changed.retain(|&(_, source, _)| !chrome(source));
        // A block that repeats as a whole (a near-copy, or a copy with a
        // changed number) keeps every aligned stretch, unless it and its
        // source are both short (a credit or a cell printed twice; a long
        // paragraph cut short still repeats); other blocks keep their long
        // runs.
        let source = verdict
            .near_duplicate_of
            .or_else(|| verdict.changed.first().map(|&(_, source, _)| source));
        let whole = source.is_some();
        let short = |tokens: &[Token]| !has_prose_words(tokens, MIN_PROSE_WORDS);
        if !headline_like && source.is_some_and(|s| short(tokens) && short(self.block_tokens(s))) {
            *verdict = Verdict::default();
            return;
        }
        verdict.runs.retain(|run| {
            !chrome(run.source)
                && (whole || has_prose_words(&tokens[run.b_start..run.b_end], MIN_PROSE_WORDS))
        });
    }

    /// Finds what block `id` (its token hashes in `self.hashes`) repeats, and
    /// adds it to the index.
    fn find_repeats(&mut self, id: u32) -> Verdict {
        let n = self.hashes.len();
        if n < MIN_RUN {
            // Too short to fingerprint reliably: only a whole-text match counts.
            let key = self
                .hashes
                .iter()
                .fold(0u64, |h, &t| normalize::finish(h ^ t.rotate_left(11)));
            return match self.short_blocks.get(&key) {
                Some(&source) if self.block_hashes_equal(source, 0, 0, n) => Verdict {
                    runs: vec![Run {
                        b_start: 0,
                        b_end: n,
                        source,
                        s_start: 0,
                    }],
                    near_duplicate_of: Some(source),
                    changed: Vec::new(),
                },
                _ => {
                    self.short_blocks.entry(key).or_insert(id);
                    Verdict::default()
                }
            };
        }

        fingerprint::shingles(&self.hashes, &mut self.shingles);
        fingerprint::winnow(&self.shingles, &mut self.fingerprints);
        // Every probe up front, after a pass that only loads their first
        // slots: their cache misses overlap instead of waiting one by one.
        // Room first, so that the vacant slots found stay valid until this
        // block's fingerprints are inserted.
        self.index.reserve(self.fingerprints.len());
        let index = &self.index;
        std::hint::black_box(index.warm(self.fingerprints.iter().map(|&(_, hash)| hash)));
        self.probes.clear();
        self.probes
            .extend(self.fingerprints.iter().map(|&(_, hash)| index.probe(hash)));
        let runs = self.find_runs();
        let verdict = self.judge(runs);
        let exact_copy = verdict
            .runs
            .first()
            .is_some_and(|r| r.b_start == 0 && r.b_end == n && verdict.near_duplicate_of.is_some());
        if !exact_copy {
            // A copy would only fill the index with pointers to a non-first occurrence.
            // The index keeps each fingerprint's first occurrence as the
            // position of its first token in the arena.
            let start = self.blocks[id as usize].start;
            for (&(pos, hash), &probe) in self.fingerprints.iter().zip(&self.probes) {
                if !self.index.insert_probed(hash, start + pos, probe) {
                    let more = self.more.entry(hash).or_default();
                    if usize::from(more.len) < more.at.len() {
                        more.at[usize::from(more.len)] = (id, pos);
                        more.len += 1;
                    }
                }
            }
        }
        verdict
    }

    /// Every run this block shares with earlier blocks, found from its
    /// fingerprints. Runs of `MIN_RUN` tokens or more never overlap.
    fn find_runs(&self) -> Vec<Run> {
        let b = &self.hashes;
        let n = b.len();
        let mut runs: Vec<Run> = Vec::new();
        let mut covered_until = 0;
        for (&(pos, hash), &probe) in self.fingerprints.iter().zip(&self.probes) {
            let p = pos as usize;
            if p + K <= covered_until {
                continue;
            }
            let Probe::Found(first) = probe else {
                continue;
            };
            let more = self.more.get(&hash);
            let later = more.map_or(&[][..], |m| &m.at[..usize::from(m.len)]);
            let mut best: Option<Run> = None;
            for &(source, s_pos) in std::iter::once(&self.token_at(first)).chain(later) {
                let s = self.block_tokens(source);
                let sp = s_pos as usize;
                if sp + K > s.len() || !(0..K).all(|i| s[sp + i].hash == b[p + i]) {
                    continue; // a hash collision, not a shared shingle
                }
                let (mut bs, mut ss) = (p, sp);
                while bs > covered_until && ss > 0 && b[bs - 1] == s[ss - 1].hash {
                    bs -= 1;
                    ss -= 1;
                }
                let (mut be, mut se) = (p + K, sp + K);
                while be < n && se < s.len() && b[be] == s[se].hash {
                    be += 1;
                    se += 1;
                }
                let run = Run {
                    b_start: bs,
                    b_end: be,
                    source,
                    s_start: ss,
                };
                if best.is_none_or(|r| run.len() > r.len()) {
                    best = Some(run);
                }
            }
            if let Some(run) = best {
                if run.len() >= MIN_RUN {
                    covered_until = covered_until.max(run.b_end);
                }
                runs.push(run);
            }
        }
        runs
    }

    /// From raw runs to a verdict: near-duplicate, changed fact, or spans.
    fn judge(&self, runs: Vec<Run>) -> Verdict {
        if runs.is_empty() {
            return Verdict::default();
        }
        let n = self.hashes.len();
        // A repeated span needs MIN_RUN words (two characters of a script
        // written without spaces count as one).
        let mine = self.block_tokens(self.blocks.len() as u32 - 1);
        let long: Vec<Run> = runs
            .iter()
            .copied()
            .filter(|r| r.len() >= MIN_RUN && has_words(&mine[r.b_start..r.b_end], MIN_RUN))
            .collect();
        // The source sharing the most text is the candidate original.
        let mut best: Option<(u32, usize)> = None;
        for run in &runs {
            let shared: usize = runs
                .iter()
                .filter(|r| r.source == run.source)
                .map(Run::len)
                .sum();
            if best.is_none_or(|(s, len)| shared > len || (shared == len && run.source < s)) {
                best = Some((run.source, shared));
            }
        }
        let Some((source, _)) = best else {
            return Verdict::default();
        };
        let s_len = self.blocks[source as usize].len as usize;
        // Most blocks that share a phrase with an earlier one share little
        // else: when even every position where the two agree along the
        // diagonals the alignment walks could not make them similar, skip it.
        let bound = self.diagonal_agreement(source, &runs);
        // The bound must hold for every block, not only those it lets through:
        // test builds align every block to check it.
        debug_assert!(self.align(source, &runs).matched <= bound);
        let alignment = similar(bound, n, s_len)
            .then(|| self.align(source, &runs))
            .filter(|alignment| similar(alignment.matched, n, s_len));
        let Some(alignment) = alignment else {
            return Verdict {
                runs: long,
                near_duplicate_of: None,
                changed: Vec::new(),
            };
        };
        // Near-duplicates: every aligned stretch repeats, not only long runs;
        // long runs from other sources fill what the alignment left.
        let mut spans = alignment.stretches;
        for run in long.into_iter().filter(|r| r.source != source) {
            if spans
                .iter()
                .all(|s| run.b_end <= s.b_start || run.b_start >= s.b_end)
            {
                spans.push(run);
            }
        }
        spans.sort_by_key(|r| r.b_start);
        let changed_fact = !alignment.changed.is_empty();
        Verdict {
            runs: spans,
            near_duplicate_of: (!changed_fact).then_some(source),
            changed: alignment.changed,
        }
    }

    /// An upper bound on what [`Engine::align`] can match: the positions
    /// where this block and `source` agree along any diagonal it walks (its
    /// runs', and the first and last words' it anchors at). Every position
    /// the alignment matches agrees along the diagonal of the run it grew from.
    fn diagonal_agreement(&self, source: u32, runs: &[Run]) -> usize {
        let b = &self.hashes;
        let s = self.block_tokens(source);
        let diagonals = [0, s.len() as isize - b.len() as isize].into_iter().chain(
            runs.iter()
                .filter(|r| r.source == source)
                .map(|r| r.s_start as isize - r.b_start as isize),
        );
        let agreeing = |d: isize| {
            let from = (-d).max(0) as usize;
            let to = (s.len() as isize - d).clamp(0, b.len() as isize) as usize;
            (from..to)
                .filter(|&j| b[j] == s[(j as isize + d) as usize].hash)
                .count()
        };
        // Each diagonal once (runs usually share one): no allocation.
        diagonals
            .clone()
            .enumerate()
            .filter(|&(k, d)| !diagonals.clone().take(k).any(|e| e == d))
            .map(|(_, d)| agreeing(d))
            .sum()
    }

    /// Aligns this block with `source` along the diagonals of their shared
    /// runs, tolerating short differences (a changed word, a changed number).
    fn align(&self, source: u32, runs: &[Run]) -> Alignment {
        let b = &self.hashes;
        let s = self.block_tokens(source);
        let mut mine: Vec<Run> = runs
            .iter()
            .copied()
            .filter(|r| r.source == source)
            .collect();
        // Copies usually keep their first and last words: anchor there too, so a
        // short first sentence before a dropped one is still aligned.
        let prefix = b.iter().zip(s).take_while(|(&x, y)| x == y.hash).count();
        if prefix >= ALIGNED_MIN_STRETCH {
            mine.push(Run {
                b_start: 0,
                b_end: prefix,
                source,
                s_start: 0,
            });
        }
        let suffix = b
            .iter()
            .rev()
            .zip(s.iter().rev())
            .take_while(|(&x, y)| x == y.hash)
            .count();
        if suffix >= ALIGNED_MIN_STRETCH && suffix < b.len() && suffix < s.len() {
            let b_start = b.len() - suffix;
            mine.push(Run {
                b_start,
                b_end: b.len(),
                source,
                s_start: s.len() - suffix,
            });
        }
        mine.sort_by_key(|r| (r.b_start, std::cmp::Reverse(r.b_end)));
        // Source position matched at each block position (usize::MAX: none).
        let mut matched_at = vec![usize::MAX; b.len()];
        let mut changed = Vec::new();
        let mut floor = 0; // positions before this belong to earlier runs
        for (k, run) in mine.iter().enumerate() {
            let ceiling = mine.get(k + 1).map_or(b.len(), |next| next.b_start);
            let start = run.b_start.max(floor);
            let diagonal = run.s_start as isize - run.b_start as isize;
            let at = |i: usize| i as isize + diagonal;
            for (i, slot) in matched_at
                .iter_mut()
                .enumerate()
                .take(run.b_end)
                .skip(start)
            {
                *slot = at(i) as usize;
            }
            // Walk outwards along the diagonal, both ways, over short gaps.
            for forward in [false, true] {
                let mut gap = 0;
                let mut i = if forward { run.b_end } else { start };
                loop {
                    let next = if forward { Some(i) } else { i.checked_sub(1) };
                    let Some(j) = next.filter(|&j| j < ceiling && j >= floor) else {
                        break;
                    };
                    let sj = at(j);
                    if sj < 0 || sj as usize >= s.len() || matched_at[j] != usize::MAX {
                        break;
                    }
                    let sj = sj as usize;
                    if b[j] == s[sj].hash {
                        matched_at[j] = sj;
                        gap = 0;
                    } else {
                        if self.is_number_at(j) && s[sj].flags() & NUMBER != 0 {
                            changed.push((j, source, sj));
                        }
                        gap += 1;
                        if gap > ALIGN_MAX_GAP {
                            break;
                        }
                    }
                    i = if forward { j + 1 } else { j };
                }
            }
            floor = floor.max(run.b_end);
        }
        changed.sort_unstable();
        changed.dedup();
        // Changed numbers only count between matched context, not past the end
        // of the aligned text.
        changed.retain(|&(j, _, _)| {
            let before = matched_at[..j]
                .iter()
                .rev()
                .take(ALIGN_MAX_GAP + 1)
                .any(|&m| m != usize::MAX);
            let after = matched_at[j + 1..]
                .iter()
                .take(ALIGN_MAX_GAP + 1)
                .any(|&m| m != usize::MAX);
            before || after
        });
        let matched = matched_at.iter().filter(|&&m| m != usize::MAX).count();
        let mut stretches = Vec::new();
        let mut i = 0;
        while i < matched_at.len() {
            if matched_at[i] == usize::MAX {
                i += 1;
                continue;
            }
            let start = i;
            while i + 1 < matched_at.len()
                && matched_at[i + 1] != usize::MAX
                && matched_at[i + 1] == matched_at[i] + 1
            {
                i += 1;
            }
            i += 1;
            if i - start >= ALIGNED_MIN_STRETCH {
                stretches.push(Run {
                    b_start: start,
                    b_end: i,
                    source,
                    s_start: matched_at[start],
                });
            }
        }
        Alignment {
            matched,
            changed,
            stretches,
        }
    }

    fn is_number_at(&self, position: usize) -> bool {
        let info = self.blocks.last().expect("the block being analysed");
        self.tokens[info.start as usize + position].flags() & NUMBER != 0
    }

    fn block_hashes_equal(&self, source: u32, s_from: usize, b_from: usize, len: usize) -> bool {
        let s = self.block_tokens(source);
        s.len() == self.hashes.len()
            && s[s_from..s_from + len]
                .iter()
                .zip(&self.hashes[b_from..b_from + len])
                .all(|(t, &h)| t.hash == h)
    }

    /// The verdict in UTF-16 offsets of the block's and its sources' text.
    fn report(&self, id: u32, verdict: &Verdict) -> BlockReport {
        let mine = self.block_tokens(id);
        let spans = verdict
            .runs
            .iter()
            .map(|run| {
                let source = self.block_tokens(run.source);
                let s_end = run.s_start + run.len() - 1;
                RepeatSpan {
                    start: mine[run.b_start].start,
                    end: mine[run.b_end - 1].end,
                    source: run.source,
                    source_start: source[run.s_start].start,
                    source_end: source[s_end].end,
                }
            })
            .collect();
        let changed_facts = verdict
            .changed
            .iter()
            .map(|&(j, source, sj)| {
                let theirs = self.block_tokens(source)[sj];
                ChangedFact {
                    start: mine[j].start,
                    end: mine[j].end,
                    source,
                    source_start: theirs.start,
                    source_end: theirs.end,
                }
            })
            .collect();
        BlockReport {
            id,
            spans,
            near_duplicate_of: verdict.near_duplicate_of,
            changed_facts,
        }
    }
}

struct Alignment {
    /// Tokens of the block aligned with equal tokens of the source.
    matched: usize,
    changed: Vec<(usize, u32, usize)>,
    stretches: Vec<Run>,
}

/// Whether `matched` aligned tokens make a block of `n` tokens and a source
/// of `s_len` near-duplicates. Grows with `matched`.
fn similar(matched: usize, n: usize, s_len: usize) -> bool {
    let cover_b = matched as f64 / n as f64;
    let cover_s = matched as f64 / s_len.max(1) as f64;
    cover_b.max(cover_s) >= NEAR_DUP_MAJOR && cover_b.min(cover_s) >= NEAR_DUP_MINOR
}

fn share(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}
