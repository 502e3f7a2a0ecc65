//! Paragraphs of saved web pages, for the evaluation and the benchmarks.
//!
//! A light extractor, not a browser: it drops script/style/noscript, cuts the
//! HTML at block-level tags, strips the remaining tags, decodes common
//! entities and folds whitespace. Good enough to get a page's prose.

use std::fs;
use std::path::{Path, PathBuf};

/// One saved page: its file name and its text blocks in page order.
pub struct Page {
    #[allow(dead_code)] // the benchmark shares this module and does not print names
    pub name: String,
    pub blocks: Vec<String>,
}

/// Every `*.html` page of `dir`, sorted by name.
pub fn load(dir: &Path) -> Result<Vec<Page>, String> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| {
            format!(
                "cannot read {}: {e} (pass the folder of saved pages)",
                dir.display()
            )
        })?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("no .html pages in {}", dir.display()));
    }
    Ok(files
        .iter()
        .map(|path| Page {
            name: path.file_name().unwrap().to_string_lossy().into_owned(),
            blocks: blocks(&String::from_utf8_lossy(
                &fs::read(path).unwrap_or_default(),
            )),
        })
        .collect())
}

const BLOCK_TAGS: &[&str] = &[
    "p",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "td",
    "th",
    "dd",
    "dt",
    "figcaption",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "br",
    "tr",
    "ul",
    "ol",
    "pre",
    "aside",
    "nav",
    "main",
    "table",
    "form",
    "title",
];

/// The text blocks of an HTML document.
pub fn blocks(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut current = String::new();
    let mut i = 0;
    let bytes = html.as_bytes();
    while i < bytes.len() {
        if bytes[i] != b'<' {
            let next = html[i..].find('<').map_or(html.len(), |n| i + n);
            current.push_str(&html[i..next]);
            i = next;
            continue;
        }
        let close = match html[i..].find('>') {
            Some(n) => i + n + 1,
            None => break,
        };
        let tag = &lower[i + 1..close - 1];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if tag.starts_with("!--") {
            i = lower[i..].find("-->").map_or(bytes.len(), |n| i + n + 3);
            continue;
        }
        if !tag.starts_with('/')
            && matches!(
                name.as_str(),
                "script" | "style" | "noscript" | "svg" | "template"
            )
        {
            let end = format!("</{name}");
            i = lower[close..].find(&end).map_or(bytes.len(), |n| close + n);
            continue;
        }
        if BLOCK_TAGS.contains(&name.as_str()) {
            push_block(&mut out, &mut current);
        }
        i = close;
    }
    push_block(&mut out, &mut current);
    out
}

fn push_block(out: &mut Vec<String>, current: &mut String) {
    let text = decode_entities(current);
    let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if !folded.is_empty() {
        out.push(folded);
    }
    current.clear();
}

fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.bytes().take(12).position(|b| b == b';');
        let decoded = end.and_then(|end| {
            let name = &rest[1..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                "rsquo" => Some('\u{2019}'),
                "lsquo" => Some('\u{2018}'),
                "rdquo" => Some('\u{201d}'),
                "ldquo" => Some('\u{201c}'),
                "mdash" => Some('\u{2014}'),
                "ndash" => Some('\u{2013}'),
                "hellip" => Some('\u{2026}'),
                _ if name.starts_with("#x") || name.starts_with("#X") => {
                    u32::from_str_radix(&name[2..], 16)
                        .ok()
                        .and_then(char::from_u32)
                }
                _ if name.starts_with('#') => name[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Paragraphs worth evaluating on: prose of at least `min_words` words.
pub fn paragraphs(page: &Page, min_words: usize) -> Vec<String> {
    page.blocks
        .iter()
        .filter(|b| b.split_whitespace().count() >= min_words)
        .cloned()
        .collect()
}
