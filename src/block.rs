//! The engine's input: blocks of page text, in reading order.

use serde::Deserialize;

/// What a block is on the page. The engine treats short UI-like kinds
/// (links, list items) with more care than prose paragraphs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum BlockKind {
    #[default]
    Paragraph,
    Heading,
    ListItem,
    Link,
    Caption,
    Other,
    /// The headline of a list item (the caller knows which of the item's
    /// links is its headline).
    Title,
    /// The page's own headline (its `h1`): what a list item that "repeats
    /// this article" must match.
    Headline,
    /// The page's chrome: navigation, menus, footers, references, ads. Read
    /// like the rest, but never reported as a repeat, and text that repeats
    /// it is not a repeat either (a section heading that a table of contents
    /// listed first, a footer's notice printed twice).
    Chrome,
}

/// One block of text as the reader sees it: a paragraph, a heading, a list
/// item's title or snippet. Offsets the engine reports count UTF-16 code
/// units of `text`, as JavaScript strings and DOM Ranges do.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Block {
    pub text: String,
    #[serde(default)]
    pub kind: BlockKind,
    /// The candidate list this block belongs to, if any (page-wide id chosen
    /// by the caller).
    #[serde(default)]
    pub list: Option<u32>,
    /// The item of that list this block belongs to (a title and its snippet
    /// are two blocks of one item).
    #[serde(default)]
    pub item: Option<u32>,
    /// A hash of the address the block's headline links to (the caller's
    /// choice of hash; equal addresses must hash alike).
    #[serde(default)]
    pub link: Option<u32>,
}

/// A block whose text is borrowed: what the engine works on, so that a
/// batch cut from one buffer (the wasm facade's) needs no copy per block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockRef<'a> {
    pub text: &'a str,
    pub kind: BlockKind,
    pub list: Option<u32>,
    pub item: Option<u32>,
    pub link: Option<u32>,
}

impl Block {
    /// The same block, borrowed.
    pub fn as_ref(&self) -> BlockRef<'_> {
        BlockRef {
            text: &self.text,
            kind: self.kind,
            list: self.list,
            item: self.item,
            link: self.link,
        }
    }

    /// A paragraph block, the common case in tests.
    pub fn paragraph(text: impl Into<String>) -> Self {
        Block {
            text: text.into(),
            ..Block::default()
        }
    }

    /// A block that belongs to item `item` of candidate list `list`.
    pub fn list_item(text: impl Into<String>, list: u32, item: u32) -> Self {
        Block {
            text: text.into(),
            kind: BlockKind::ListItem,
            list: Some(list),
            item: Some(item),
            link: None,
        }
    }

    /// The headline of item `item` of candidate list `list`, linking to `link`.
    pub fn title(text: impl Into<String>, list: u32, item: u32, link: Option<u32>) -> Self {
        Block {
            text: text.into(),
            kind: BlockKind::Title,
            list: Some(list),
            item: Some(item),
            link,
        }
    }
}
