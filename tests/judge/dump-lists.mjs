// A labelling aid: prints every list-like structure a reader sees on each
// page (runs of three or more sibling elements that each hold a link), with
// the text of each item's links, WITHOUT Ditto: what an editor reads to write
// the labels under tests/labels/. It uses a broader notion of "list" than
// Ditto's own detector, so that labels cover lists Ditto may come to see.
//
//   node tests/judge/dump-lists.mjs OUT_DIR PAGES_DIR…
//
// Writes OUT_DIR/<page>.txt per page.
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { serveDirectory } from '../../tools/static-server.mjs';
import { CHROMIUM_ARGS } from '../e2e/lib/browsers.mjs';

const require = createRequire(resolve(import.meta.dirname, '../package.json'));
const puppeteer = require('puppeteer-core');

const [outDir, ...dirs] = process.argv.slice(2);
if (!outDir || dirs.length === 0) {
  console.error('usage: node tests/judge/dump-lists.mjs OUT_DIR PAGES_DIR…');
  process.exit(2);
}
await mkdir(outDir, { recursive: true });
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  pipe: true,
  args: CHROMIUM_ARGS,
});
try {
  for (const dir of dirs) {
    const server = await serveDirectory(dir);
    const pages = (await readdir(dir)).filter((f) => /\.html?$/i.test(f)).sort();
    for (const file of pages) {
      const page = await browser.newPage();
      await page.setViewport({ width: 1280, height: 900 });
      await page.goto(server.url + encodeURIComponent(file), { waitUntil: 'load', timeout: 30000 }).catch(() => {});
      const dump = await page.evaluate(describeLists).catch((error) => `error: ${error.message}`);
      await writeFile(resolve(outDir, `${basename(file)}.txt`), `# ${file}\n${dump}`);
      await page.close();
      console.log(`${file}`);
    }
    await server.close();
  }
} finally {
  await browser.close();
}

// Runs in the page.
function describeLists() {
  const clean = (s) => s.replace(/\s+/g, ' ').trim();
  // Text a reader sees: no script, style or noscript source, nothing hidden.
  const readableText = (root) => {
    let text = '';
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode(node) {
        if (node.nodeType === Node.TEXT_NODE) return NodeFilter.FILTER_ACCEPT;
        if (/^(SCRIPT|STYLE|NOSCRIPT|TEMPLATE)$/.test(node.tagName)) return NodeFilter.FILTER_REJECT;
        return node.checkVisibility() ? NodeFilter.FILTER_SKIP : NodeFilter.FILTER_REJECT;
      },
    });
    for (let node = walker.nextNode(); node; node = walker.nextNode()) text += ` ${node.data}`;
    return text;
  };
  const visible = (el) => el.checkVisibility({ visibilityProperty: true });
  const qualifying = (a) => /\S+\s+\S+/.test(a.textContent) && visible(a);
  const links = [...document.querySelectorAll('a[href]')].filter(qualifying);
  // Lowest ancestor with three or more children holding a qualifying link.
  const childrenWithLinks = new Map();
  for (const a of links) {
    for (let child = a, parent = a.parentElement; parent; child = parent, parent = parent.parentElement) {
      let set = childrenWithLinks.get(parent);
      if (!set) childrenWithLinks.set(parent, (set = new Set()));
      set.add(child);
    }
  }
  const lists = new Map();
  for (const a of links) {
    for (let child = a, parent = a.parentElement; parent; child = parent, parent = parent.parentElement) {
      if (childrenWithLinks.get(parent).size >= 3) {
        let list = lists.get(parent);
        if (!list) lists.set(parent, (list = new Map()));
        let item = list.get(child);
        if (!item) list.set(child, (item = []));
        item.push(clean(readableText(a)));
        break;
      }
    }
  }
  const path = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
      parts.unshift(e.tagName.toLowerCase() + (e.id ? `#${e.id}` : '') + (e.classList.length ? `.${[...e.classList].slice(0, 2).join('.')}` : ''));
    }
    return parts.join(' > ');
  };
  const out = [];
  const h1 = [...document.querySelectorAll('h1')].filter(visible).map((h) => clean(h.textContent)).filter(Boolean);
  out.push(`title: ${clean(document.title)}`);
  out.push(`h1: ${h1.join(' | ') || '-'}`);
  let n = 0;
  for (const [container, items] of lists) {
    n++;
    out.push('');
    out.push(`## list ${n}: ${path(container)} (${items.size} items)`);
    let i = 0;
    for (const [element, texts] of items) {
      i++;
      const all = clean(readableText(element));
      const linkText = texts.join(' | ');
      const rest = all.length > linkText.length + 3 ? `   ·· ${all.slice(0, 220)}${all.length > 220 ? '…' : ''}` : '';
      out.push(`${String(i).padStart(3)}. ${linkText}${rest}`);
    }
  }
  return out.join('\n') + '\n';
}
