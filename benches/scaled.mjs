// The benchmarks' inputs: the corpus scaled up, each copy's words made
// distinct, its paragraphs of about 350 characters, and the corpus rewritten
// in other scripts. Plain JavaScript with no imports: browser_bench.mjs serves
// it to its page too.

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

const CYRILLIC = 'абцдефгхийклмнопкрстувшхыз';

/**
 * The corpus in other scripts, as blocks, for the speed of pages that are not
 * in English (the saved pages are nearly all English): `cyrillic`, each
 * ASCII letter a Cyrillic one (capitals too); `chinese`, each word two CJK
 * ideographs picked by its hash, with no spaces, as Chinese is written.
 */
export function rewritten(corpus, script) {
  if (script === 'cyrillic') {
    const letter = (c) => {
      const lower = CYRILLIC[c.toLowerCase().charCodeAt(0) - 97];
      return c === c.toLowerCase() ? lower : lower.toUpperCase();
    };
    return corpus.map((p) => ({ text: p.replace(/[a-z]/gi, letter) }));
  }
  if (script === 'chinese') {
    const ideographs = (word) => {
      let h = 2166136261;
      for (const c of word.toLowerCase()) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
      return String.fromCharCode(0x4e00 + (h % 20000), 0x4e00 + ((h >>> 15) % 20000));
    };
    return corpus.map((p) => ({ text: p.split(' ').map(ideographs).join('') }));
  }
  throw new Error(`unknown script ${script}`);
}
