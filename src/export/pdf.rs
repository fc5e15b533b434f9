//! Pages → PDF bytes.
//!
//! printpdf builds the document: its pages and the catalog. The fonts
//! ([`super::fonts`]: subset once a face, Type 0 with a ToUnicode map) and each page's content
//! stream ([`super::content`]: one buffer a page, every advance pinned with a `TJ` offset) are
//! written straight into the lopdf document printpdf hands over. A small lopdf pass
//! ([`super::post`]) then adds what printpdf does not write: metadata, `/Lang`, the outline and
//! the structure tree ([`super::tags`]). Link annotations are written here, with their
//! descriptions.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Object, ObjectId, Stream};
use printpdf::{Mm, PdfDocument, PdfPage, PdfSaveOptions};

use crate::export::images::Placed;
use crate::export::outline::Mark;
use crate::export::post::{self, Info};
use crate::export::tags::Marked;
use crate::export::{content, fonts};
use crate::text::font::FontSet;
use crate::typeset::frame::{AnchorKind, FrameItem, Pages};
use crate::typeset::structure::{NodeId, Tag};

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
    let skeleton = pages.pages.iter().map(|_| PdfPage::new(to_mm(pages.width), to_mm(pages.height), Vec::new()));
    doc.with_pages(skeleton.collect());
    // printpdf's document model goes straight to lopdf: no serializing and parsing it back.
    let opts = PdfSaveOptions { optimize: false, subset_fonts: false, secure: true, image_optimization: None };
    let mut lo = printpdf::to_lopdf_doc(&doc, &opts, &mut Vec::new());
    let plan = fonts::plan(&mut lo, faces, pages).map_err(ExportError::Font)?;
    let page_ids: Vec<ObjectId> = lo.get_pages().into_values().collect();
    // In a long document, the fonts are subset on a helper thread while the content streams
    // are written here; a helper then compresses the fonts' and the pages' streams while this
    // thread writes the rest.
    let contents = |lo: &mut lopdf::Document| content_streams(lo, pages, &page_ids, &plan);
    let helped = glyphs(pages) >= PACKING_GLYPHS;
    let build = || fonts::build(&plan);
    let (marked, built) = match helped {
        true => crate::threads::both(|| contents(&mut lo), build),
        false => (contents(&mut lo), build()),
    };
    let mut marked = marked?;
    lo.objects.extend(built.map_err(ExportError::Font)?);
    let packing = post::Packing::start(helped);
    packing.submit(&mut lo);
    annotations(&mut lo, pages, &page_ids, &mut marked).map_err(ExportError::Post)?;
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
            if let FrameItem::Image { x, y, size, picture, tag } = item {
                let mcid = match (tag, marked.mcids.get_mut(n)) {
                    (Tag::Node(node), Some(mcids)) => {
                        mcids.push(*node);
                        Some(mcids.len() as u32 - 1)
                    }
                    _ => None,
                };
                placed.push(Placed { page: n, x: *x, y: pages.height - y - size, size: *size, picture: picture.clone(), mcid });
            }
        }
    }
    post::finish(lo, packing, info, &placed, &marks, (&pages.structure, &marked)).map_err(ExportError::Post)
}

/// Writes each page's content stream into `lo`, with its font resources; returns the marked
/// content ids each page holds.
fn content_streams(lo: &mut lopdf::Document, pages: &Pages, page_ids: &[ObjectId], plan: &fonts::Plan) -> Result<Marked, ExportError> {
    let mut marked = Marked::default();
    for (page, id) in pages.pages.iter().zip(page_ids) {
        let (bytes, mcids) = content::page(page, pages.height, &plan.embedded, &pages.structure);
        marked.mcids.push(mcids);
        let stream = lo.add_object(Stream::new(Dictionary::new(), bytes));
        let mut resources = Dictionary::new();
        resources.set("Font", Object::Reference(plan.resources));
        let dict = lo.get_dictionary_mut(*id).map_err(|e| ExportError::Post(e.to_string()))?;
        dict.set("Contents", Object::Reference(stream));
        dict.set("Resources", Object::Dictionary(resources));
    }
    Ok(marked)
}

/// From this many glyphs on (about 50 KB of content streams, and their fonts), the fonts are
/// built and the streams compressed on a helper thread: fewer are compressed before a thread
/// would have started.
const PACKING_GLYPHS: usize = 10_000;

/// How many glyphs the pages show.
fn glyphs(pages: &Pages) -> usize {
    pages.runs().map(|r| r.glyphs.len()).sum()
}

fn to_mm(pt: f32) -> Mm {
    Mm(pt * 25.4 / 72.0)
}

/// Where each heading id is: its page and the top of its line, in PDF coordinates.
type Targets = BTreeMap<String, (ObjectId, f32)>;

fn targets(pages: &Pages, page_ids: &[ObjectId]) -> Targets {
    let mut out = Targets::new();
    for (page, id) in pages.pages.iter().zip(page_ids) {
        for a in &page.anchors {
            if let Some(name) = &a.id {
                out.entry(name.clone()).or_insert((*id, pages.height - a.y));
            }
        }
    }
    out
}

/// What each link says, for its annotations' descriptions: the text of its runs.
fn link_texts(pages: &Pages) -> BTreeMap<NodeId, String> {
    let mut out: BTreeMap<NodeId, String> = BTreeMap::new();
    for run in pages.runs() {
        if let (Tag::Node(node), Some(_)) = (run.tag, &run.link) {
            let text = out.entry(node).or_default();
            if !text.is_empty() && !text.ends_with(' ') {
                text.push(' ');
            }
            text.push_str(run.actual_text.clone().unwrap_or_else(|| run.text()).trim());
        }
    }
    out
}

/// The pages' link annotations, each an object of its own with its description, printable,
/// and listed in `marked` with its Link node.
fn annotations(doc: &mut lopdf::Document, pages: &Pages, page_ids: &[ObjectId], marked: &mut Marked) -> Result<(), String> {
    let targets = targets(pages, page_ids);
    let texts = link_texts(pages);
    for (n, (page, page_id)) in pages.pages.iter().zip(page_ids).enumerate() {
        let mut annots = Vec::new();
        for item in &page.items {
            let FrameItem::Link { x, y, width, height: h, url, tag } = item else { continue };
            // An in-page link goes to its heading; the source stage lets no other relative link through.
            let action = match url.strip_prefix('#') {
                Some(id) => {
                    let Some((target, top)) = targets.get(id) else { continue };
                    let dest =
                        vec![Object::Reference(*target), Object::Name(b"XYZ".to_vec()), Object::Null, Object::Real(*top), Object::Null];
                    Dictionary::from_iter([("S", Object::Name(b"GoTo".to_vec())), ("D", Object::Array(dest))])
                }
                None => Dictionary::from_iter([("S", Object::Name(b"URI".to_vec())), ("URI", Object::string_literal(url.as_str()))]),
            };
            let node = match tag {
                Tag::Node(node) => Some(*node),
                _ => None,
            };
            let text = node.and_then(|n| texts.get(&n)).filter(|t| !t.is_empty()).map_or(url.as_str(), String::as_str);
            let bottom = pages.height - y - h;
            let d = Dictionary::from_iter([
                ("Type", Object::Name(b"Annot".to_vec())),
                ("Subtype", Object::Name(b"Link".to_vec())),
                ("Rect", Object::Array([*x, bottom, x + width, bottom + h].into_iter().map(Object::Real).collect())),
                ("Border", Object::Array(vec![Object::Integer(0), Object::Integer(0), Object::Integer(0)])),
                ("F", Object::Integer(4)),
                ("A", Object::Dictionary(action)),
                ("Contents", post::text_string(text)),
            ]);
            let id = doc.add_object(Object::Dictionary(d));
            annots.push(Object::Reference(id));
            if let Some(node) = node {
                marked.annots.push((n, id, node));
            }
        }
        if !annots.is_empty() {
            doc.get_dictionary_mut(*page_id).map_err(|e| e.to_string())?.set("Annots", Object::Array(annots));
        }
    }
    Ok(())
}
