//! Pages → PDF bytes.
//!
//! printpdf builds the document: its pages, their link annotations, the catalog. The fonts
//! ([`super::fonts`]: subset once a face, Type 0 with a ToUnicode map) and each page's content
//! stream ([`super::content`]: one buffer a page, every advance pinned with a `TJ` offset) are
//! written straight into the lopdf document printpdf hands over. A small lopdf pass
//! ([`super::post`]) then adds what printpdf does not write: metadata, `/Lang`, the outline.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Object, Stream};
use printpdf::{Actions, BorderArray, Destination, LinkAnnotation, Mm, Op, PdfDocument, PdfPage, PdfSaveOptions, Pt, Rect};

use crate::export::outline::Mark;
use crate::export::post::{self, Info};
use crate::export::{content, fonts};
use crate::text::font::FontSet;
use crate::typeset::frame::{AnchorKind, FrameItem, Pages};

/// What can go wrong writing a PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportError {
    /// A font could not be subset or read.
    Font(String),
    /// The lopdf pass could not finish the document.
    Post(String),
}

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExportError::Font(m) => write!(f, "font embedding failed: {m}"),
            ExportError::Post(m) => write!(f, "PDF post-processing failed: {m}"),
        }
    }
}

impl std::error::Error for ExportError {}

/// Writes `pages` as a PDF document, with the faces they use from `faces`.
pub fn write(pages: &Pages, faces: &FontSet, info: &Info) -> Result<Vec<u8>, ExportError> {
    let mut doc = PdfDocument::new(&info.title);
    let targets = targets(pages);
    let skeleton =
        pages.pages.iter().map(|page| PdfPage::new(to_mm(pages.width), to_mm(pages.height), links(page, pages.height, &targets)));
    doc.with_pages(skeleton.collect());
    // printpdf's document model goes straight to lopdf: no serializing and parsing it back.
    let opts = PdfSaveOptions { optimize: false, subset_fonts: false, secure: true, image_optimization: None };
    let mut lo = printpdf::to_lopdf_doc(&doc, &opts, &mut Vec::new());
    let (embedded, font_dict) = fonts::embed(&mut lo, faces, pages).map_err(ExportError::Font)?;
    let page_ids: Vec<lopdf::ObjectId> = lo.get_pages().into_values().collect();
    for (page, id) in pages.pages.iter().zip(page_ids) {
        let stream = lo.add_object(Stream::new(Dictionary::new(), content::page(page, pages.height, &embedded)));
        let mut resources = Dictionary::new();
        resources.set("Font", Object::Reference(font_dict));
        let dict = lo.get_dictionary_mut(id).map_err(|e| ExportError::Post(e.to_string()))?;
        dict.set("Contents", Object::Reference(stream));
        dict.set("Resources", Object::Dictionary(resources));
    }
    let mut placed = Vec::new();
    let mut marks = Vec::new();
    for (n, page) in pages.pages.iter().enumerate() {
        marks.extend(page.anchors.iter().filter(|a| a.kind != AnchorKind::Heading).map(|a| Mark {
            page: n,
            entry: a.kind == AnchorKind::Entry,
            title: a.title.clone(),
            y: pages.height - a.y,
        }));
        for item in &page.items {
            if let FrameItem::Image { x, y, size, picture } = item {
                placed.push(crate::export::images::Placed {
                    page: n,
                    x: *x,
                    y: pages.height - y - size,
                    size: *size,
                    picture: picture.clone(),
                });
            }
        }
    }
    post::finish(lo, info, &placed, &marks).map_err(ExportError::Post)
}

fn to_mm(pt: f32) -> Mm {
    Mm(pt * 25.4 / 72.0)
}

/// Where each heading id is: its page (from 1) and the top of its line, in PDF coordinates.
type Targets = BTreeMap<String, (usize, f32)>;

fn targets(pages: &Pages) -> Targets {
    let mut out = Targets::new();
    for (n, page) in pages.pages.iter().enumerate() {
        for a in &page.anchors {
            if let Some(id) = &a.id {
                out.entry(id.clone()).or_insert((n + 1, pages.height - a.y));
            }
        }
    }
    out
}

/// The page's link annotations, for printpdf.
fn links(page: &crate::typeset::frame::Page, height: f32, targets: &Targets) -> Vec<Op> {
    let mut ops = Vec::new();
    for item in &page.items {
        if let FrameItem::Link { x, y, width, height: h, url } = item {
            let rect = Rect { x: Pt(*x), y: Pt(height - y - h), width: Pt(*width), height: Pt(*h), mode: None, winding_order: None };
            // An in-page link goes to its heading; the source stage lets no other relative link through.
            let action = match url.strip_prefix('#') {
                Some(id) => match targets.get(id) {
                    Some((page, top)) => Actions::Goto(Destination::Xyz { page: *page, left: None, top: Some(*top), zoom: None }),
                    None => continue,
                },
                None => Actions::Uri(url.to_string()),
            };
            let link = LinkAnnotation::new(rect, action, Some(BorderArray::Solid([0.0, 0.0, 0.0])), None, None);
            ops.push(Op::LinkAnnotation { link });
        }
    }
    ops
}
