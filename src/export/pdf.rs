//! Pages → PDF bytes, through printpdf.
//!
//! Fonts are subset first (printpdf does not subset without its heavy layout feature), each glyph
//! is written by id with its character for the ToUnicode map, and every advance is pinned with a
//! TJ offset so the viewer puts each glyph exactly where typesetting measured it. A small lopdf
//! pass ([`super::post`]) then fixes what printpdf writes wrong.

use std::collections::{BTreeMap, BTreeSet};

use printpdf::{
    Actions, BorderArray, Codepoint, Color, Destination, DictItem, LinkAnnotation, Mm, Op, PaintMode, ParsedFont, PdfDocument,
    PdfFontHandle, PdfPage, PdfSaveOptions, Pt, Rect, Rgb, TextItem, TextMatrix,
};

use crate::export::outline::Mark;
use crate::export::post::{self, Info};
use crate::export::subset;
use crate::text::font::{FaceId, FontSet};
use crate::typeset::frame::{AnchorKind, FrameItem, Pages, Reading, TextRun};

/// What can go wrong writing a PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportError {
    /// A font could not be subset or re-read.
    Font(String),
    /// The lopdf pass could not read printpdf's output.
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

/// An embedded face: its printpdf id, glyph remapping and PDF advance widths.
struct Embedded {
    id: printpdf::FontId,
    remap: BTreeMap<u16, u16>,
    /// The width the viewer uses for each original glyph id, in 1/1000 em (as printpdf writes `/W`).
    pdf_width: BTreeMap<u16, f32>,
    /// Copies of glyphs that read as other text: (original glyph id, text) → glyph id.
    copies: BTreeMap<(u16, String), u16>,
}

/// Writes `pages` as a PDF document, with the faces they use from `faces`.
pub fn write(pages: &Pages, faces: &FontSet, info: &Info) -> Result<Vec<u8>, ExportError> {
    let mut doc = PdfDocument::new(&info.title);
    let used = used_glyphs(pages);
    let rereads = reread_glyphs(pages);
    let mut fonts: BTreeMap<FaceId, Embedded> = BTreeMap::new();
    let mut subset_names = Vec::new();
    for (&face, gids) in &used {
        let name = faces.name(face);
        let bytes = faces.bytes(face).ok_or_else(|| ExportError::Font(format!("{name} cannot be read")))?;
        let wanted: Vec<(u16, String)> = rereads.get(&face).map(|r| r.iter().cloned().collect()).unwrap_or_default();
        let copy_of: Vec<u16> = wanted.iter().map(|(g, _)| *g).collect();
        let sub = subset::subset(&bytes, gids, &copy_of).map_err(ExportError::Font)?;
        let mut parsed = ParsedFont::from_bytes(&sub.bytes, 0, &mut Vec::new())
            .ok_or_else(|| ExportError::Font(format!("subset of {name} does not parse")))?;
        let scale = 1000.0 / f32::from(parsed.units_per_em.max(1));
        let pdf_width = sub
            .remap
            .iter()
            .map(|(old, new)| (*old, parsed.get_glyph_width(*new).map_or(0.0, |w| (f32::from(w) * scale).trunc())))
            .collect();
        parsed.font_name = Some(name.clone());
        let id = doc.add_font(&parsed);
        subset_names.push((id.0.clone(), name, gids.clone()));
        let copies = wanted.into_iter().zip(sub.copies).collect();
        fonts.insert(face, Embedded { id, remap: sub.remap, pdf_width, copies });
    }
    let targets = targets(pages);
    let mut pdf_pages = Vec::with_capacity(pages.pages.len());
    for page in &pages.pages {
        pdf_pages.push(PdfPage::new(to_mm(pages.width), to_mm(pages.height), page_ops(page, pages.height, &fonts, &targets)));
    }
    doc.with_pages(pdf_pages);
    // printpdf's document model goes straight to lopdf: no serializing and parsing it back.
    let opts = PdfSaveOptions { optimize: false, subset_fonts: false, secure: true, image_optimization: None };
    let lo = printpdf::to_lopdf_doc(&doc, &opts, &mut Vec::new());
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
    post::finish(lo, info, &subset_names, &placed, &marks).map_err(ExportError::Post)
}

fn to_mm(pt: f32) -> Mm {
    Mm(pt * 25.4 / 72.0)
}

/// The glyphs that read as other text than their own, per face: (glyph id, text).
fn reread_glyphs(pages: &Pages) -> BTreeMap<FaceId, BTreeSet<(u16, String)>> {
    let mut out: BTreeMap<FaceId, BTreeSet<(u16, String)>> = BTreeMap::new();
    for item in pages.pages.iter().flat_map(|p| &p.items) {
        if let FrameItem::Text(run) = item {
            for (i, g) in run.glyphs.iter().enumerate() {
                if let Some(text) = reads_as(run, i) {
                    out.entry(run.face).or_default().insert((g.gid, text));
                }
            }
        }
    }
    out
}

/// What glyph `i` of `run` reads as, when not its own character.
fn reads_as(run: &TextRun, i: usize) -> Option<String> {
    match &run.reading {
        Reading::AsShown => None,
        Reading::LastGlyphAs(text) => (i + 1 == run.glyphs.len()).then(|| text.clone()),
        Reading::Blank => Some(" ".to_string()),
    }
}

/// Glyph ids used per face.
fn used_glyphs(pages: &Pages) -> BTreeMap<FaceId, BTreeSet<u16>> {
    let mut used: BTreeMap<FaceId, BTreeSet<u16>> = BTreeMap::new();
    for item in pages.pages.iter().flat_map(|p| &p.items) {
        if let FrameItem::Text(run) = item {
            used.entry(run.face).or_default().extend(run.glyphs.iter().map(|g| g.gid));
        }
    }
    used
}

fn rgb(c: [f32; 3]) -> Color {
    Color::Rgb(Rgb::new(c[0], c[1], c[2], None))
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

fn page_ops(page: &crate::typeset::frame::Page, height: f32, fonts: &BTreeMap<FaceId, Embedded>, targets: &Targets) -> Vec<Op> {
    let mut ops = Vec::new();
    // Rules first, then text, then links: the order viewers and extractors expect.
    for item in &page.items {
        if let FrameItem::Rule { x, y, width, height: h, color } = item {
            ops.push(Op::SetFillColor { col: rgb(*color) });
            ops.push(Op::DrawRectangle {
                rectangle: Rect {
                    x: Pt(*x),
                    y: Pt(height - y - h),
                    width: Pt(*width),
                    height: Pt(*h),
                    mode: Some(PaintMode::Fill),
                    winding_order: None,
                },
            });
        }
    }
    ops.push(Op::StartTextSection);
    let mut state: Option<(FaceId, f32)> = None;
    let mut color: Option<[f32; 3]> = None;
    for item in &page.items {
        let FrameItem::Text(run) = item else { continue };
        let Some(font) = fonts.get(&run.face) else {
            continue;
        };
        if state != Some((run.face, run.size)) {
            ops.push(Op::SetFont { font: PdfFontHandle::External(font.id.clone()), size: Pt(run.size) });
            state = Some((run.face, run.size));
        }
        if color != Some(run.color) {
            ops.push(Op::SetFillColor { col: rgb(run.color) });
            color = Some(run.color);
        }
        ops.push(Op::SetTextMatrix { matrix: TextMatrix::Translate(Pt(run.x), Pt(height - run.y)) });
        let show = Op::ShowText { items: vec![TextItem::GlyphIds(codepoints(run, font))] };
        match &run.actual_text {
            Some(actual) => {
                ops.push(Op::BeginMarkedContentWithProperties { tag: "Span".into(), properties: actual_text(actual) });
                ops.push(show);
                ops.push(Op::EndMarkedContent);
            }
            None => ops.push(show),
        }
    }
    ops.push(Op::EndTextSection);
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

/// The `/ActualText` property list of a marked-content span, as a UTF-16BE text string.
fn actual_text(text: &str) -> DictItem {
    let mut data = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        data.extend_from_slice(&unit.to_be_bytes());
    }
    let mut map = BTreeMap::new();
    map.insert("ActualText".to_string(), DictItem::String { data, literal: false });
    DictItem::Dict { map }
}

/// The glyphs of a run, each followed by the offset that makes the viewer advance exactly as
/// typesetting measured (kerning and justification included).
fn codepoints(run: &TextRun, font: &Embedded) -> Vec<Codepoint> {
    run.glyphs
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let reread = reads_as(run, i).and_then(|t| font.copies.get(&(g.gid, t.clone())).map(|id| (*id, t)));
            let gid = reread.as_ref().map_or_else(|| font.remap.get(&g.gid).copied().unwrap_or(0), |(id, _)| *id);
            let natural = font.pdf_width.get(&g.gid).copied().unwrap_or(0.0);
            let wanted = g.advance * 1000.0 / run.size;
            // Offsets under a hundredth of a thousandth of an em are rounding noise.
            let offset = ((natural - wanted) * 100.0).round() / 100.0;
            let offset = if offset.abs() < 0.011 { 0.0 } else { offset };
            Codepoint::with_cid(gid, offset, reread.map_or_else(|| g.ch.to_string(), |(_, t)| t))
        })
        .collect()
}
