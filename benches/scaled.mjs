// The benchmarks' input scaled up, each copy's words made distinct. Plain
// JavaScript with no imports: browser_bench.mjs serves it to its page too.

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
