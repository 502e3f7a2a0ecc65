// The benchmarks' inputs: the corpus scaled up, each copy's words made
// distinct, and its paragraphs of about 350 characters. Plain JavaScript with
// no imports: browser_bench.mjs serves it to its page too.

/** `times` copies of `corpus` as blocks, each copy's words made distinct. */
export function scaled(corpus, times) {
  const out = [];
  for (let copy = 0; copy < times; copy++) {
    for (const p of corpus) {
      out.push({ text: copy === 0 ? p : p.split(' ').map((w) => `${w}q${copy}`).join(' ') });
    }
  }
  return out;
}

/**
 * The paragraphs of `corpus` of 300 to 400 characters, as blocks: the
 * budget's unit measured as it is, where the µs/350 chars column scales
 * paragraphs of every length.
 */
export function about350(corpus) {
  return corpus.filter((p) => p.length >= 300 && p.length <= 400).map((text) => ({ text }));
}
