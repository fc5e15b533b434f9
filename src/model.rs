//! The intermediate layout document: what the source stage produces and typesetting consumes.
//!
//! Plain data, serialisable so it can be dumped and snapshot-tested. Every block and inline run
//! carries the [`Span`] of the source bytes it came from.

use std::collections::BTreeMap;

use serde::Serialize;

pub use crate::diag::Span;

/// A front matter value, whatever the syntax it was written in.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    /// No value (YAML `~`).
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// Any number.
    Number(f64),
    /// A string.
    String(String),
    /// A date or date-time, as written (`2025-03-02`, `2018-12-15T18:34:45+01:00`).
    Date(String),
    /// A list.
    List(Vec<Value>),
    /// A table.
    Map(BTreeMap<String, Value>),
}

impl Value {
    /// The value as text, when it is a scalar.
    pub fn as_text(&self) -> Option<String> {
        match self {
            Value::String(s) | Value::Date(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }

    /// The value as a list of texts: a list of scalars, or one comma-separated string.
    pub fn as_text_list(&self) -> Option<Vec<String>> {
        match self {
            Value::List(items) => items.iter().map(Value::as_text).collect(),
            Value::String(s) => Some(s.split(',').map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).collect()),
            _ => None,
        }
    }
}

/// The page's front matter, with the fields résumé pages use.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Meta {
    /// `title`.
    pub title: Option<String>,
    /// `date`, as written.
    pub date: Option<String>,
    /// `lastmod`, as written.
    pub lastmod: Option<String>,
    /// `draft`.
    pub draft: bool,
    /// `description`, `summary` or `subtitle`.
    pub description: Option<String>,
    /// `lang`, `languageCode` or `language`.
    pub lang: Option<String>,
    /// `author` or `name`.
    pub author: Option<String>,
    /// `keywords` and `tags`.
    pub keywords: Vec<String>,
    /// Every other key, kept as written.
    pub extra: BTreeMap<String, Value>,
}

/// What is set at the top of the first page.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Header {
    /// The person's name (or the page's title).
    pub name: Option<String>,
    /// The line under it.
    pub headline: Option<String>,
    /// Contact lines.
    pub contacts: Vec<Contact>,
    /// The person's photo.
    #[serde(skip)]
    pub photo: Option<std::sync::Arc<crate::source::image::Picture>>,
}

/// A contact line: e-mail, phone, web site, profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Contact {
    /// What is shown.
    pub text: String,
    /// Where it links.
    pub url: Option<String>,
}

/// A whole résumé page.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Document {
    /// Front matter.
    pub meta: Meta,
    /// The header, from the front matter and the profile.
    pub header: Header,
    /// The body, in source order.
    pub blocks: Vec<Block>,
}

/// A block of the body, with its source span.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Block {
    /// What it is.
    pub kind: BlockKind,
    /// Where it came from.
    pub span: Span,
}

/// The kinds of block a résumé page is made of.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum BlockKind {
    /// `#` to `#####` (`######` is read as level 5).
    Heading {
        /// 1 to 5.
        level: u8,
        /// The heading text.
        content: Vec<Inline>,
        /// Classes from a Goldmark attribute block (`## Interests {.optional}`).
        classes: Vec<String>,
    },
    /// A résumé entry: a job or a degree, with its dates (made by [`crate::structure`] from
    /// headings).
    Entry {
        /// The level of the heading it came from.
        level: u8,
        /// Role and organisation.
        title: Vec<Inline>,
        /// When; empty if the page gives no dates.
        dates: Vec<Inline>,
    },
    /// A paragraph of running text.
    Paragraph(Vec<Inline>),
    /// A bulleted or numbered list.
    List {
        /// The first number of an ordered list; `None` for bullets.
        start: Option<u64>,
        /// Each item is a sequence of blocks.
        items: Vec<Vec<Block>>,
    },
    /// A pipe table.
    Table {
        /// Column alignments.
        align: Vec<Align>,
        /// Header row cells.
        head: Vec<Vec<Inline>>,
        /// Body rows.
        rows: Vec<Vec<Vec<Inline>>>,
    },
    /// A block quote.
    Quote(Vec<Block>),
    /// A fenced or indented code block.
    Code(String),
    /// A horizontal rule.
    Rule,
    /// An image, from a `figure` or `image` shortcode or Markdown image syntax.
    Image(Image),
}

/// Horizontal alignment of a table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Align {
    /// Not specified.
    None,
    /// `:--`
    Left,
    /// `:-:`
    Center,
    /// `--:`
    Right,
}

/// An image reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Image {
    /// The `src` as written.
    pub src: String,
    /// Alternative text.
    pub alt: String,
    /// The `class` attribute (`avatar` marks a photo).
    pub class: Option<String>,
    /// It came from a `figure` or `image` shortcode (not Markdown image syntax).
    pub shortcode: bool,
}

/// How a run of text is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash, Serialize)]
pub struct TextStyle {
    /// `**strong**`.
    pub bold: bool,
    /// `*emphasis*`.
    pub italic: bool,
    /// `` `code` ``.
    pub code: bool,
}

/// A piece of inline content.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Inline {
    /// A run of text in one style, possibly a link.
    Text {
        /// The characters.
        text: String,
        /// Bold, italic, code.
        style: TextStyle,
        /// The link target, when the run is (part of) a link.
        link: Option<String>,
        /// Where it came from.
        span: Span,
    },
    /// A hard line break.
    LineBreak {
        /// Where it came from.
        span: Span,
    },
}

impl Inline {
    /// The plain text of a sequence of inlines.
    pub fn plain_text(inlines: &[Inline]) -> String {
        let mut s = String::new();
        for i in inlines {
            match i {
                Inline::Text { text, .. } => s.push_str(text),
                Inline::LineBreak { .. } => s.push(' '),
            }
        }
        s
    }
}

/// The heading level that marks sections: the shallowest one used more than once (a page may
/// open with a single `#` title above `##` sections). Level 2 when there are none.
pub fn section_level(levels: impl Iterator<Item = u8> + Clone) -> u8 {
    (1..=5).find(|l| levels.clone().filter(|v| v == l).count() >= 2).unwrap_or(2)
}

/// The section level of a sequence of blocks.
pub fn blocks_section_level(blocks: &[Block]) -> u8 {
    section_level(blocks.iter().filter_map(|b| match b.kind {
        BlockKind::Heading { level, .. } => Some(level),
        _ => None,
    }))
}
