//! What the reader has already read on other pages: a memory of paragraph
//! fingerprints, each with the page it was read on (address, title, time).
//!
//! Only hashes are kept, never text. A paragraph's fingerprint is the hash of
//! its words after Ditto's normalisation (quotes, dashes, case, whitespace,
//! British/American spelling) with trailing boilerplate ("Read more") cut, so
//! the same near-duplicate rules hold as within a page. The memory is stored
//! as one compact byte string ([`ReadMemory::to_bytes`]); a stored form that
//! does not read back whole is an error, never a partial memory
//! ([`ReadMemory::from_bytes`]).

use std::collections::{BTreeMap, HashMap};

use crate::boilerplate;
use crate::normalize::{self, finish, Token};
use crate::verdict::{has_prose_words, MIN_PROSE_WORDS, MIN_WORDS};

/// What the first bytes of a stored memory say it is.
const MAGIC: &[u8; 8] = b"DITTOMEM";
/// The stored form's version: a memory of another version is not read.
const VERSION: u32 = 1;

/// A page the reader read paragraphs on.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadPage {
    pub url: String,
    pub title: String,
    /// When it was last read (milliseconds since the Unix epoch).
    pub time_ms: f64,
}

/// Why a stored memory could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemoryError {
    /// It is not a memory of this version (another format, or damaged).
    NotAMemory,
    /// It ends early, or holds more than it says.
    Truncated,
    /// Its checksum does not match: damaged.
    Checksum,
    /// A page's address or title is not UTF-8, or a key names no page.
    Inconsistent,
}

impl std::fmt::Display for MemoryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            MemoryError::NotAMemory => "not a Ditto memory of this version",
            MemoryError::Truncated => "the stored memory is cut short or too long",
            MemoryError::Checksum => "the stored memory is damaged (checksum)",
            MemoryError::Inconsistent => "the stored memory is inconsistent",
        })
    }
}

impl std::error::Error for MemoryError {}

/// The fingerprint of a paragraph worth remembering, or None for text too
/// short to call a paragraph (a caption, a button, a byline).
pub fn paragraph_key(text: &str) -> Option<u64> {
    let mut tokens: Vec<Token> = Vec::new();
    normalize::tokenize(text, &mut tokens);
    let tail = boilerplate::trailing_len(&tokens, MIN_WORDS);
    let tokens = &tokens[..tokens.len() - tail];
    if !has_prose_words(tokens, MIN_PROSE_WORDS) {
        return None;
    }
    Some(finish(
        tokens
            .iter()
            .fold(0x6469_7474_6f00_0001, |h, t| finish(h ^ t.hash)),
    ))
}

/// Whether `url` is on `host` or one of its subdomains.
pub fn url_on_site(url: &str, host: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let url_host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let url_host = url_host.rsplit_once('@').map_or(url_host, |(_, h)| h);
    let url_host = url_host.split(':').next().unwrap_or("");
    url_host == host || url_host.ends_with(&format!(".{host}"))
}

/// Paragraph fingerprints and the pages they were read on.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct ReadMemory {
    pages: BTreeMap<u32, ReadPage>,
    by_url: HashMap<String, u32>,
    keys: HashMap<u64, u32>,
    next_page: u32,
}

impl ReadMemory {
    pub fn new() -> ReadMemory {
        ReadMemory::default()
    }

    /// Paragraphs remembered.
    pub fn paragraphs(&self) -> usize {
        self.keys.len()
    }

    /// Pages remembered.
    pub fn pages(&self) -> usize {
        self.pages.len()
    }

    pub fn page(&self, id: u32) -> Option<&ReadPage> {
        self.pages.get(&id)
    }

    /// Remembers that `keys` were read on `url` at `time_ms`; a paragraph
    /// read before elsewhere now belongs to this, the latest, reading.
    /// Returns the page's id.
    pub fn record(&mut self, url: &str, title: &str, time_ms: f64, keys: &[u64]) -> u32 {
        let id = match self.by_url.get(url) {
            Some(&id) => id,
            None => {
                let id = self.next_page;
                self.next_page += 1;
                self.by_url.insert(url.to_string(), id);
                id
            }
        };
        self.pages.insert(
            id,
            ReadPage {
                url: url.to_string(),
                title: title.to_string(),
                time_ms,
            },
        );
        for &key in keys {
            self.keys.insert(key, id);
        }
        id
    }

    /// For each key, the page it was read on, if that is another page than
    /// `url` (a page is not "already read" on itself).
    pub fn lookup(&self, url: &str, keys: &[u64]) -> Vec<Option<u32>> {
        let here = self.by_url.get(url).copied();
        keys.iter()
            .map(|key| self.keys.get(key).copied().filter(|&id| Some(id) != here))
            .collect()
    }

    /// Forgets the pages read before `time_ms` and their paragraphs.
    pub fn forget_before(&mut self, time_ms: f64) {
        let old: Vec<u32> = self
            .pages
            .iter()
            .filter(|(_, p)| p.time_ms < time_ms)
            .map(|(&id, _)| id)
            .collect();
        self.forget_pages(&old);
    }

    /// Forgets every page whose address `matches`, and its paragraphs.
    pub fn forget_where(&mut self, matches: impl Fn(&str) -> bool) {
        let gone: Vec<u32> = self
            .pages
            .iter()
            .filter(|(_, p)| matches(&p.url))
            .map(|(&id, _)| id)
            .collect();
        self.forget_pages(&gone);
    }

    /// Keeps at most `max_paragraphs`, forgetting the oldest pages first.
    pub fn keep_at_most(&mut self, max_paragraphs: usize) {
        if self.keys.len() <= max_paragraphs {
            return;
        }
        let mut per_page: HashMap<u32, usize> = HashMap::new();
        for &id in self.keys.values() {
            *per_page.entry(id).or_default() += 1;
        }
        let mut oldest: Vec<(f64, u32)> =
            self.pages.iter().map(|(&id, p)| (p.time_ms, id)).collect();
        oldest.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let mut left = self.keys.len();
        let mut gone = Vec::new();
        for (_, id) in oldest {
            if left <= max_paragraphs {
                break;
            }
            left -= per_page.get(&id).copied().unwrap_or(0);
            gone.push(id);
        }
        self.forget_pages(&gone);
    }

    fn forget_pages(&mut self, ids: &[u32]) {
        if ids.is_empty() {
            return;
        }
        for id in ids {
            if let Some(page) = self.pages.remove(id) {
                self.by_url.remove(&page.url);
            }
        }
        self.keys.retain(|_, id| self.pages.contains_key(id));
    }

    /// The compact stored form: magic, version, the pages (id, time,
    /// address, title), the keys sorted with their page, and a checksum of
    /// all that came before. 12 bytes a paragraph.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(32 + self.keys.len() * 12 + self.pages.len() * 96);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.extend_from_slice(&self.next_page.to_le_bytes());
        out.extend_from_slice(&(self.pages.len() as u32).to_le_bytes());
        for (&id, page) in &self.pages {
            out.extend_from_slice(&id.to_le_bytes());
            out.extend_from_slice(&page.time_ms.to_le_bytes());
            for text in [&page.url, &page.title] {
                out.extend_from_slice(&(text.len() as u32).to_le_bytes());
                out.extend_from_slice(text.as_bytes());
            }
        }
        let mut keys: Vec<(u64, u32)> = self.keys.iter().map(|(&k, &id)| (k, id)).collect();
        keys.sort_unstable();
        out.extend_from_slice(&(keys.len() as u32).to_le_bytes());
        for (key, id) in keys {
            out.extend_from_slice(&key.to_le_bytes());
            out.extend_from_slice(&id.to_le_bytes());
        }
        let sum = checksum(&out);
        out.extend_from_slice(&sum.to_le_bytes());
        out
    }

    /// Reads a stored form back, whole or not at all.
    pub fn from_bytes(bytes: &[u8]) -> Result<ReadMemory, MemoryError> {
        if bytes.len() < MAGIC.len() + 4 || &bytes[..MAGIC.len()] != MAGIC {
            return Err(MemoryError::NotAMemory);
        }
        let mut r = Reader {
            bytes,
            at: MAGIC.len(),
        };
        if r.u32()? != VERSION {
            return Err(MemoryError::NotAMemory);
        }
        if bytes.len() < r.at + 8 {
            return Err(MemoryError::Truncated);
        }
        let body = bytes.len() - 8;
        let stored = u64::from_le_bytes(bytes[body..].try_into().expect("8 bytes"));
        if checksum(&bytes[..body]) != stored {
            return Err(MemoryError::Checksum);
        }
        let r = &mut Reader {
            bytes: &bytes[..body],
            at: r.at,
        };
        let mut memory = ReadMemory {
            next_page: r.u32()?,
            ..ReadMemory::default()
        };
        for _ in 0..r.u32()? {
            let id = r.u32()?;
            let time_ms = f64::from_le_bytes(r.take(8)?.try_into().expect("8 bytes"));
            let url = r.text()?;
            let title = r.text()?;
            if id >= memory.next_page || memory.by_url.insert(url.clone(), id).is_some() {
                return Err(MemoryError::Inconsistent);
            }
            memory.pages.insert(
                id,
                ReadPage {
                    url,
                    title,
                    time_ms,
                },
            );
        }
        let count = r.u32()? as usize;
        if r.bytes.len() - r.at != count * 12 {
            return Err(MemoryError::Truncated);
        }
        memory.keys.reserve(count);
        for _ in 0..count {
            let key = u64::from_le_bytes(r.take(8)?.try_into().expect("8 bytes"));
            let id = r.u32()?;
            if !memory.pages.contains_key(&id) {
                return Err(MemoryError::Inconsistent);
            }
            memory.keys.insert(key, id);
        }
        Ok(memory)
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], MemoryError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or(MemoryError::Truncated)?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    fn u32(&mut self) -> Result<u32, MemoryError> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }

    fn text(&mut self) -> Result<String, MemoryError> {
        let len = self.u32()? as usize;
        String::from_utf8(self.take(len)?.to_vec()).map_err(|_| MemoryError::Inconsistent)
    }
}

/// FNV-1a over the bytes, 64-bit: enough to tell a damaged store.
fn checksum(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEAD: &str = "The city council voted on Tuesday to close the Old Mill bridge for two years, citing cracks that engineers found in its main supports.";

    #[test]
    fn a_paragraph_keeps_its_key_through_quotes_case_spelling_and_read_more() {
        let key = paragraph_key("The council said it would \"analyze\" the cracks in the Old Mill bridge before deciding on repairs next year.").unwrap();
        assert_eq!(paragraph_key("The Council said it would “analyse” the cracks in the Old Mill bridge before deciding on repairs next year. Read more"), Some(key));
        assert_ne!(paragraph_key("The council said it would \"analyze\" the cracks in the New Mill bridge before deciding on repairs next year."), Some(key));
        assert_eq!(paragraph_key("Read more"), None, "too short");
        assert_eq!(
            paragraph_key("By Jane Doe, Staff Writer, 2 hours ago"),
            None
        );
    }

    #[test]
    fn a_paragraph_read_on_another_page_is_found_with_that_page() {
        let mut memory = ReadMemory::new();
        let key = paragraph_key(LEAD).unwrap();
        let a = memory.record("https://apnews.com/a", "Bridge to close", 1000.0, &[key, 7]);
        assert_eq!(
            memory.lookup("https://example.org/b", &[key, 8]),
            vec![Some(a), None]
        );
        assert_eq!(
            memory.lookup("https://apnews.com/a", &[key]),
            vec![None],
            "not on the page itself"
        );
        assert_eq!(memory.page(a).unwrap().title, "Bridge to close");
        // Read again on B: B is now where it was read last.
        let b = memory.record("https://example.org/b", "Old Mill bridge", 2000.0, &[key]);
        assert_eq!(
            memory.lookup("https://third.example/c", &[key]),
            vec![Some(b)]
        );
        assert_eq!((memory.pages(), memory.paragraphs()), (2, 2));
    }

    #[test]
    fn forgetting_by_age_by_site_and_past_the_cap_drops_the_oldest_pages() {
        let mut memory = ReadMemory::new();
        memory.record("https://a.example/1", "1", 100.0, &[1, 2, 3]);
        memory.record("https://b.example/2", "2", 200.0, &[4, 5]);
        memory.record("https://c.example/3", "3", 300.0, &[6]);
        memory.keep_at_most(4);
        assert_eq!(
            (memory.pages(), memory.paragraphs()),
            (2, 3),
            "the oldest page went first"
        );
        memory.forget_before(250.0);
        assert_eq!(memory.lookup("x", &[4, 6]), vec![None, Some(2)]);
        memory.forget_where(|url| url.starts_with("https://c.example/"));
        assert_eq!((memory.pages(), memory.paragraphs()), (0, 0));
    }

    #[test]
    fn a_url_is_on_its_host_and_the_hosts_domains() {
        assert!(url_on_site("https://news.example.com/a?b", "example.com"));
        assert!(url_on_site("http://example.com:8080/", "example.com"));
        assert!(!url_on_site("https://notexample.com/", "example.com"));
        assert!(!url_on_site(
            "https://example.com.evil.test/",
            "example.com"
        ));
    }

    #[test]
    fn the_stored_form_reads_back_whole() {
        let mut memory = ReadMemory::new();
        memory.record(
            "https://apnews.com/a",
            "Bridge to close — “AP”",
            1.5e12,
            &[1, u64::MAX, 42],
        );
        memory.record("https://example.org/b", "", 1.6e12, &[9]);
        let bytes = memory.to_bytes();
        assert_eq!(ReadMemory::from_bytes(&bytes), Ok(memory.clone()));
        assert_eq!(
            ReadMemory::from_bytes(&ReadMemory::new().to_bytes()),
            Ok(ReadMemory::new())
        );
        // New pages after a reload get new ids.
        let mut back = ReadMemory::from_bytes(&bytes).unwrap();
        assert_eq!(back.record("https://c.example/", "c", 2e12, &[]), 2);
    }

    #[test]
    fn bad_stored_data_is_an_error_never_a_partial_memory() {
        let mut memory = ReadMemory::new();
        memory.record("https://apnews.com/a", "A", 1.0, &[1, 2, 3]);
        let bytes = memory.to_bytes();
        assert_eq!(ReadMemory::from_bytes(b""), Err(MemoryError::NotAMemory));
        assert_eq!(
            ReadMemory::from_bytes(b"{\"json\": true}"),
            Err(MemoryError::NotAMemory)
        );
        let mut other_version = bytes.clone();
        other_version[8] = 9;
        assert_eq!(
            ReadMemory::from_bytes(&other_version),
            Err(MemoryError::NotAMemory)
        );
        for cut in [12, 20, bytes.len() - 1] {
            assert!(
                ReadMemory::from_bytes(&bytes[..cut]).is_err(),
                "cut at {cut}"
            );
        }
        let mut flipped = bytes.clone();
        flipped[30] ^= 1;
        assert_eq!(ReadMemory::from_bytes(&flipped), Err(MemoryError::Checksum));
    }
}
