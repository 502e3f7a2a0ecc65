// The parts of a page that are not its content: navigation and menus, the
// site's header and footer, forms and toolbars, share and follow buttons,
// tags and categories, references, ads and promotions. Lists there never
// collapse (lists.js), and text there is never a repeat a reader wants
// marked (extract.js marks its blocks as the page's chrome).

/** Elements whose subtree is the page's chrome, whatever their names. */
export const CHROME_SELECTOR = [
  'nav', 'header', 'footer', 'menu', 'form',
  '[role="navigation"]', '[role="menu"]', '[role="menubar"]', '[role="tablist"]', '[role="toolbar"]',
  '[role="banner"]', '[role="contentinfo"]', '[role="search"]',
].join(', ');

// Words of class names and ids that say a part of the page is chrome.
const CHROME_WORDS = [
  'nav', 'navbar', 'navigation', 'navbox', 'menu', 'menus', 'submenu', 'megamenu', 'dropdown',
  'breadcrumb', 'breadcrumbs', 'pagination', 'pager', 'paging', 'skip',
  'share', 'sharing', 'sharebar', 'social', 'follow', 'sociallinks',
  'footer', 'header', 'masthead', 'sitemap', 'toc',
  'tag', 'tags', 'taglist', 'tagcloud', 'category', 'categories', 'catlinks',
  'lang', 'language', 'languages', 'interlanguage', 'edition', 'editions', 'locale',
  'references', 'reflist', 'citation', 'citations', 'footnotes',
  'ad', 'ads', 'advert', 'adverts', 'advertisement', 'sponsor', 'sponsored', 'promo', 'promoted',
  'newsletter', 'subscribe', 'subscription', 'signup', 'paywall', 'cookie', 'cookies', 'consent', 'gdpr',
  'comment', 'comments', 'commentlist', 'replies', 'reply', 'badge', 'badges', 'login',
  'byline', 'credit', 'credits', 'author', 'authors', 'meta', 'timestamp', 'dateline',
  'alert', 'alerts', 'popup', 'modal', 'toast', 'snackbar', 'notification', 'notifications',
];
// Words that name chrome at the end of a compound ("favtags", "subnav",
// "mainmenu", "sitefooter").
const CHROME_ENDINGS = ['nav', 'menu', 'tags', 'footer', 'header', 'sharing', 'breadcrumbs', 'pagination'];

// And words that say a list is not one of stories, though its text is
// content: comments, products, bylines.
const NEVER_STORIES_WORDS = new Set([
  ...CHROME_WORDS,
  'topics', 'sections', 'pages', 'discussion',
  'product', 'products', 'shop', 'store', 'deals',
]);
const CHROME_WORD_SET = new Set(CHROME_WORDS);

// The words of an element's id and class names: "share-buttons",
// "shareButtons", "sd_sharing" → share, buttons, sd, sharing.
function nameWords(el) {
  const names = `${el.id} ${typeof el.className === 'string' ? el.className : ''}`;
  if (!names.trim()) return [];
  return names.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z]+/);
}

// A list of links to other places of the page itself: a table of contents
// (the section headings it lists come again below, where they belong). A
// link to the item that holds it (a permalink) is not one.
function isTableOfContents(el) {
  if (el.tagName !== 'UL' && el.tagName !== 'OL') return false;
  const links = el.querySelectorAll('a[href^="#"]');
  if (links.length < 3) return false;
  const all = el.querySelectorAll('a[href]').length;
  let elsewhere = 0;
  for (const a of links) {
    const id = decodeURIComponent(a.getAttribute('href').slice(1));
    const target = id && a.ownerDocument.getElementById(id);
    if (target && !target.contains(a)) elsewhere++;
  }
  return elsewhere >= all * 0.8;
}

// A credit or byline: "Credit …", "Photo: …", "By Jane Doe", short.
const CREDIT = /^\s*(?:credit|photo(?:graph)?s?\b|image\b|illustration|fotoilustraci|foto\b|by\s+\p{Lu})/iu;
const CREDIT_MAX_WORDS = 15;
// What every credit line starts with, in a pattern without the Unicode flag:
// CREDIT's case-insensitive \p{Lu} is costly to compile (about half a ms of
// a page load's sampled JavaScript: `./build.sh bench profile`), and
// most blocks fail this test first.
const CREDIT_START = /^\s*(?:credit|photo|image|illustration|foto|by\s)/i;

/** Whether a block's text is a credit or byline line (page chrome, whatever its markup). */
export function isCreditLine(text) {
  return CREDIT_START.test(text) && CREDIT.test(text) && text.split(/\s+/).filter(Boolean).length <= CREDIT_MAX_WORDS;
}

function isChromeWord(word) {
  return CHROME_WORD_SET.has(word) || CHROME_ENDINGS.some((ending) => word.length > ending.length && word.endsWith(ending));
}

/** Whether an element's id or classes say it holds no list of stories. */
export function namedNeverStories(el) {
  return nameWords(el).some((word) => NEVER_STORIES_WORDS.has(word) || isChromeWord(word));
}

/**
 * Whether `el` is inside the page's chrome: a chrome element
 * ({@link CHROME_SELECTOR}) or one named for it, up to the body. `cache`
 * (a Map) keeps the answer per element across calls.
 * @param {Element} el
 * @param {Map<Element, boolean>} cache
 */
export function inPageChrome(el, cache) {
  const path = [];
  let answer = false;
  for (let e = el; e && e.tagName !== 'BODY'; e = e.parentElement) {
    const known = cache.get(e);
    if (known !== undefined) {
      answer = known;
      break;
    }
    path.push(e);
    if (e.matches(CHROME_SELECTOR) || nameWords(e).some(isChromeWord) || isTableOfContents(e)) {
      answer = true;
      break;
    }
  }
  for (const e of path) cache.set(e, answer);
  return answer;
}
