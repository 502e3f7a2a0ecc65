// The benchmarks' input, shared by wasm_bench.mjs (Node) and browser_bench.mjs:
// the paragraphs of 15+ words of saved pages, cut as examples/corpus/mod.rs
// does, and (scaled.mjs) the same input scaled up, cut to ~350 characters or
// rewritten in other scripts.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export { about350, rewritten, scaled } from './scaled.mjs';

/** The legend of the `350c` row, under every table that prints one. */
export const ABOUT_350_LEGEND = "350c: only the paragraphs of 300 to 400 characters, as one page: the budget's unit measured as it is";

/** The paragraphs of every .html page in `dir` (exits with a message if it cannot read it). */
export function loadCorpus(dir) {
  let files;
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.html')).sort();
  } catch (error) {
    console.error(`bench: cannot read ${dir}: ${error.message} (pass the folder of saved pages)`);
    process.exit(2);
  }
  return files.flatMap((f) => paragraphs(readFileSync(join(dir, f), 'utf8')));
}

/** Paragraphs of a page, cut like examples/corpus/mod.rs does (a light extractor). */
export function paragraphs(html) {
  const text = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style|noscript|svg|template)\b[\s\S]*?<\/\1\s*>/gi, '');
  const blocks = text.split(/<\/?(?:p|li|h[1-6]|blockquote|td|th|dd|dt|figcaption|div|section|article|header|footer|br|tr|ul|ol|pre|aside|nav|main|table|form|title)\b[^>]*>/i);
  return blocks
    .map((b) => decode(b.replace(/<[^>]*>/g, '')).split(/\s+/).filter(Boolean).join(' '))
    .filter((b) => b.split(' ').length >= 15);
}

function decode(s) {
  const named = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', rsquo: '\u2019', lsquo: '\u2018', rdquo: '\u201d', ldquo: '\u201c', mdash: '\u2014', ndash: '\u2013', hellip: '\u2026' };
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
    }
    return named[e] ?? m;
  });
}
