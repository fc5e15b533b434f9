//! Positioned output: what typesetting hands to the PDF backend.
//!
//! Coordinates are in points from the top-left corner of the page, y growing downwards; a text
//! run's `y` is its baseline.

use std::sync::Arc;

use crate::text::font::FaceId;
use crate::typeset::hlist::Glyph;
use crate::typeset::structure::{Structure, Tag};
use crate::typeset::vlist::LineInfo;

/// All pages of a document.
#[derive(Debug, Clone, Default)]
pub struct Pages {
    /// Page width.
    pub width: f32,
    /// Page height.
    pub height: f32,
    /// The pages, in order.
    pub pages: Vec<Page>,
    /// What their content is: the structure tree the pieces' tags point into.
    pub structure: Structure,
}

impl Pages {
    /// Every text run of every page, in order.
    pub fn runs(&self) -> impl Iterator<Item = &TextRun> {
        self.pages.iter().flat_map(|p| &p.items).filter_map(|i| if let FrameItem::Text(r) = i { Some(r) } else { None })
    }
}

/// One page.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// What is on it, in drawing order.
    pub items: Vec<FrameItem>,
    /// The lines of text on it, as set (for the `--emit layout` dump and fill reports).
    pub lines: Vec<PlacedLine>,
    /// How tall its content is, from the top margin.
    pub content_height: f32,
    /// The source span of its first box.
    pub first_span: Option<crate::model::Span>,
    /// Where its headings and entries are, for the outline.
    pub anchors: Vec<Anchor>,
}

/// What a heading is, for the outline and for links to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnchorKind {
    /// A section title: a top-level bookmark.
    Section,
    /// An entry: a bookmark under its section.
    Entry,
    /// A heading inside a section or entry: only a link target.
    Heading,
}

/// A heading's place on its page: what the PDF outline and in-page links point at.
#[derive(Debug, Clone, PartialEq)]
pub struct Anchor {
    /// What it is.
    pub kind: AnchorKind,
    /// Its text.
    pub title: String,
    /// The id in-page links (`#experience`) use.
    pub id: Option<String>,
    /// The top of its first line.
    pub y: f32,
}

/// A line of text where it landed on its page.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedLine {
    /// Left edge.
    pub x: f32,
    /// Baseline.
    pub y: f32,
    /// How it was set.
    pub line: LineInfo,
}

/// A run of glyphs in one face, size and colour, on one baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct TextRun {
    /// Left edge of the first glyph.
    pub x: f32,
    /// Baseline.
    pub y: f32,
    /// The face.
    pub face: FaceId,
    /// Type size.
    pub size: f32,
    /// Fill colour, RGB 0..1.
    pub color: [f32; 3],
    /// The glyphs, each with the advance it is set with (kerning and justification included).
    pub glyphs: Vec<Glyph>,
    /// What a text extractor should read instead of the glyphs (`/ActualText`): a word broken
    /// across lines reads as the whole word on its first piece and as nothing on its second.
    pub actual_text: Option<String>,
    /// What the glyphs read as for extractors that ignore `/ActualText` (pdfminer, pypdf): the
    /// glyphs' own characters, or the rest of a hyphenated word for the added hyphen.
    pub reading: Reading,
    /// The link it is (part of), if any.
    pub link: Option<Arc<str>>,
    /// The language it is in, when not the page's.
    pub lang: Option<crate::style::lang::Lang>,
    /// What it is part of.
    pub tag: Tag,
}

/// How a run's glyphs read in the text layer's character map, for extractors that ignore
/// `/ActualText`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Reading {
    /// As the characters they show.
    #[default]
    AsShown,
    /// The last glyph (an added hyphen) reads as this: the rest of the word, whose first
    /// piece the run ends ("coun-" reads "countries").
    LastGlyphAs(String),
    /// As spaces: the second piece of a hyphenated word, read already on the line before. (An
    /// empty mapping would read as raw codes in pdfminer and pypdf.)
    Blank,
}

impl TextRun {
    /// The width the run covers.
    pub fn width(&self) -> f32 {
        self.glyphs.iter().map(|g| g.advance).sum()
    }

    /// The characters it shows.
    pub fn text(&self) -> String {
        self.glyphs.iter().map(|g| g.ch).collect()
    }

    /// Splits the run before glyph `at`; the second part starts where the first ends.
    pub fn split_at(mut self, at: usize) -> (TextRun, TextRun) {
        let rest = self.glyphs.split_off(at.min(self.glyphs.len()));
        let x = self.x + self.width();
        let second = TextRun { x, glyphs: rest, actual_text: None, reading: Reading::AsShown, ..self.clone() };
        (self, second)
    }
}

/// Something drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum FrameItem {
    /// Text.
    Text(TextRun),
    /// A filled rectangle (rules).
    Rule {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        width: f32,
        /// Height.
        height: f32,
        /// Fill colour.
        color: [f32; 3],
    },
    /// A picture, clipped to the circle inscribed in its box.
    Image {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width and height of the circle's box.
        size: f32,
        /// The picture.
        picture: Arc<crate::source::image::Picture>,
        /// Its figure.
        tag: Tag,
    },
    /// A clickable area.
    Link {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        width: f32,
        /// Height.
        height: f32,
        /// The target URL.
        url: String,
        /// Its link.
        tag: Tag,
    },
}

impl FrameItem {
    /// The same item moved by `(dx, dy)`.
    pub fn translated(&self, dx: f32, dy: f32) -> FrameItem {
        let mut item = self.clone();
        item.translate(dx, dy);
        item
    }

    /// Makes the item part of `tag` (rules are always artifacts).
    pub fn retag(&mut self, tag: Tag) {
        if let Some(t) = self.tag_mut() {
            *t = tag;
        }
    }

    /// What the item is part of; none for a rule, which is always an artifact.
    pub fn tag_mut(&mut self) -> Option<&mut Tag> {
        match self {
            FrameItem::Text(TextRun { tag, .. }) | FrameItem::Image { tag, .. } | FrameItem::Link { tag, .. } => Some(tag),
            FrameItem::Rule { .. } => None,
        }
    }

    /// Moves the item by `(dx, dy)`.
    pub fn translate(&mut self, dx: f32, dy: f32) {
        match self {
            FrameItem::Text(run) => {
                run.x += dx;
                run.y += dy;
            }
            FrameItem::Rule { x, y, .. } | FrameItem::Link { x, y, .. } | FrameItem::Image { x, y, .. } => {
                *x += dx;
                *y += dy;
            }
        }
    }
}
