//! cvpdf: a résumé compiler. Markdown pages with Hugo front matter in, recruiter-ready PDFs out.
//!
//! [`compile`] runs the pipeline on one page, one call a stage, plain data between them:
//!
//! 1. [`source::parse`]: front matter, shortcodes and Markdown → [`model::Document`];
//! 2. [`typeset::typeset`]: the document, a [`style::layout::Layout`] and a language →
//!    positioned [`typeset::frame::Pages`];
//! 3. [`export::pdf::write`]: pages → PDF bytes (subset fonts, ToUnicode, links, metadata).
//!
//! Problems in the input are [`diag::Diagnostic`]s with a span into the page.

#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::string_slice))]

pub mod check;
pub mod diag;
pub mod export;
pub mod model;
pub mod output;
pub mod source;
pub mod structure;
pub mod style;
pub mod text;
pub mod typeset;

use std::sync::Arc;

use crate::diag::{Diagnostic, SourceFile, Warned};
use crate::export::metadata::Stamp;
use crate::export::post::Info;
use crate::model::{Block, BlockKind, Document};
use crate::style::lang::Lang;
use crate::style::layout::Layout;
use crate::style::locale::Locale;
use crate::text::font::FontSet;
use crate::typeset::hlist::Missing;

/// The program name and version, as written in the PDF's Creator.
pub const CREATOR: &str = concat!("cvpdf ", env!("CARGO_PKG_VERSION"));

/// What to produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Emit {
    /// The PDF.
    #[default]
    Pdf,
    /// The `--emit layout` text dump of pages and lines.
    Layout,
}

/// How to compile a page.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The language the page's location or the user gave; the front matter's `lang` is used
    /// when it is `None`, and English when neither says.
    pub lang: Option<Lang>,
    /// The language tag as the user wrote it (`en-GB`), naming a regional variant.
    pub tag: Option<String>,
    /// The page budget (`--pages`).
    pub pages: Option<usize>,
    /// PDF or layout dump.
    pub emit: Emit,
    /// `SOURCE_DATE_EPOCH`: the date written into the PDF, before the page's own dates.
    pub epoch: Option<i64>,
}

/// A rendered résumé.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The output file's bytes: the PDF, or the layout dump.
    pub bytes: Vec<u8>,
    /// How many pages it has.
    pub pages: usize,
    /// The language it was set in.
    pub lang: Lang,
    /// What the page budget changed, when there was one.
    pub report: Option<String>,
    /// How long each stage took: parse, typeset, export.
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

/// Compiles one page.
pub fn compile(file: &SourceFile, options: &Options, layout: &Layout, fonts: &FontSet) -> Result<Warned<Rendered>, Diagnostic> {
    let mut clock = Timings::start();
    let Warned { value: mut doc, mut warnings } = source::parse(file)?;
    let meta_lang = doc.meta.lang.as_deref().and_then(Lang::parse);
    let lang = options.lang.or(meta_lang).unwrap_or(Lang::En);
    // The regional variant: the one the user named, else the page's own when it is in the same
    // language (a page with `languageCode: en-gb` rendered with `--lang en` stays British).
    let tag = options.tag.clone().or_else(|| doc.meta.lang.clone().filter(|_| meta_lang == Some(lang)));
    let locale = Locale::get(lang, tag.as_deref());
    let (picture, more) = photo(file, &doc.blocks);
    warnings.extend(more);
    doc.header.photo = picture;
    if let Some((_, profile)) = source::profile::find(&file.path)? {
        let p = profile.for_lang(lang.code());
        let h = &mut doc.header;
        h.name = p.name.clone().or(h.name.take());
        h.headline = p.headline.clone().or(h.headline.take());
        h.contacts = p.contacts();
    }
    typography(&mut doc, locale);
    doc.blocks = structure::entries(doc.blocks, &layout.structure);
    clock.lap("parse");

    let fitted = typeset::fit::fit(&doc, layout, locale, fonts, options.pages).map_err(|o| overflow_error(file, &o))?;
    let set = fitted.typeset;
    warnings.extend(missing_glyph_warnings(file, &set.missing));
    clock.lap("typeset");
    let bytes = match options.emit {
        Emit::Pdf => export::pdf::write(&set.pages, &info(&doc, locale, document_date(file, &doc, options.epoch)))
            .map_err(|e| Diagnostic::file_error(&file.path, e.to_string()))?,
        Emit::Layout => export::debug::layout(&set.pages).into_bytes(),
    };
    clock.lap("export");
    Ok(Warned { value: Rendered { bytes, pages: set.pages.pages.len(), lang, report: fitted.report, timings: clock.laps }, warnings })
}

/// Wall-clock time of each stage of a compile (`--timings`).
#[derive(Debug, Clone)]
struct Timings {
    last: std::time::Instant,
    laps: Vec<(&'static str, std::time::Duration)>,
}

impl Timings {
    fn start() -> Timings {
        Timings { last: std::time::Instant::now(), laps: Vec::new() }
    }

    fn lap(&mut self, stage: &'static str) {
        let now = std::time::Instant::now();
        self.laps.push((stage, now - self.last));
        self.last = now;
    }
}

fn overflow_error(file: &SourceFile, o: &typeset::fit::Overflow) -> Diagnostic {
    let budget = if o.budget == 1 { "1 page".to_string() } else { format!("{} pages", o.budget) };
    let mut message = format!("the résumé does not fit on {budget}: {:.1} page(s) too much even at {}", o.excess, o.tried);
    if let Some(section) = &o.section {
        message.push_str(&format!("; the overflow starts in section '{section}'"));
    }
    let hint = "shorten it, mark sections as optional (front matter `optional = [\"Interests\"]`, or `## Interests {.optional}`), or raise --pages";
    let d = match o.span {
        Some(span) => Diagnostic::error(file, span, message),
        None => Diagnostic { span: None, ..Diagnostic::error(file, diag::Span::default(), message) },
    };
    d.with_hint(hint)
}

/// One warning for the emoji left out, one per other character shown as `?`; each points at
/// the character itself where the source has it verbatim.
fn missing_glyph_warnings(file: &SourceFile, missing: &[Missing]) -> Vec<Diagnostic> {
    let at = |m: &Missing| {
        let start = file.text.get(m.span.start..m.span.end).and_then(|s| s.find(m.ch)).map_or(m.span.start, |i| m.span.start + i);
        diag::Span::new(start, start + m.ch.len_utf8())
    };
    let (emoji, other): (Vec<&Missing>, Vec<&Missing>) = missing.iter().partition(|m| typeset::hlist::is_decoration(m.ch));
    let mut out = Vec::new();
    if let Some(first) = emoji.first() {
        let list: String = emoji.iter().map(|m| m.ch).collect::<Vec<_>>().iter().map(char::to_string).collect::<Vec<_>>().join(" ");
        out.push(
            Diagnostic::warning(file, at(first), format!("{} emoji left out, the bundled fonts have none: {list}", emoji.len()))
                .with_hint("the text around them is kept"),
        );
    }
    for m in other {
        out.push(
            Diagnostic::warning(
                file,
                at(m),
                format!("the bundled fonts have no glyph for {:?} (U+{:04X}); it is shown as `?`", m.ch, m.ch as u32),
            )
            .with_hint("replace it, or write it out in words"),
        );
    }
    out
}

/// The language's typography on the author's text: the body, and the name and headline on top.
fn typography(doc: &mut Document, locale: &Locale) {
    let t = &locale.typography;
    style::typography::apply_blocks(&mut doc.blocks, t);
    for text in [&mut doc.header.name, &mut doc.header.headline].into_iter().flatten() {
        *text = style::typography::apply_text(text, t);
    }
}

/// The document's date: SOURCE_DATE_EPOCH, else the page's `lastmod` or `date`, else the time
/// of the last commit that touched the page; never the clock.
fn document_date(file: &SourceFile, doc: &Document, epoch: Option<i64>) -> Option<Stamp> {
    if let Some(secs) = epoch {
        return Some(Stamp::from_epoch(secs));
    }
    let meta = &doc.meta;
    meta.lastmod
        .as_deref()
        .or(meta.date.as_deref())
        .and_then(Stamp::parse)
        .or_else(|| source::commit_time(&file.path).as_deref().and_then(Stamp::parse))
}

fn info(doc: &Document, locale: &Locale, date: Option<Stamp>) -> Info {
    let name = doc.header.name.clone();
    let title = name.clone().or_else(|| first_heading(&doc.blocks)).unwrap_or_else(|| "Curriculum vitae".to_string());
    Info {
        author: name.or_else(|| doc.meta.author.clone()).unwrap_or_else(|| title.clone()),
        title,
        subject: doc.header.headline.clone().unwrap_or_else(|| "Curriculum vitae".to_string()),
        keywords: doc.meta.keywords.clone(),
        lang: locale.tag.clone(),
        creator: CREATOR.to_string(),
        date,
    }
}

fn first_heading(blocks: &[Block]) -> Option<String> {
    blocks.iter().find_map(|b| match &b.kind {
        BlockKind::Heading { content, .. } => Some(model::Inline::plain_text(content)),
        _ => None,
    })
}

/// The photo: the first `figure class="avatar"` shortcode, else the first `figure` or `image`
/// shortcode. Every other image is left out with a warning, and so is a photo that cannot be
/// used: remote (never fetched), outside the site, missing, or not an image.
fn photo(file: &SourceFile, blocks: &[Block]) -> (Option<Arc<source::image::Picture>>, Vec<Diagnostic>) {
    let mut images: Vec<(model::Image, diag::Span)> = Vec::new();
    visit(blocks, &mut |b| {
        if let BlockKind::Image(img) = &b.kind {
            images.push((img.clone(), b.span));
        }
    });
    let is_avatar = |i: &model::Image| i.class.as_deref().is_some_and(|c| c.split_whitespace().any(|c| c == "avatar"));
    let chosen = images.iter().position(|(i, _)| i.shortcode && is_avatar(i)).or_else(|| images.iter().position(|(i, _)| i.shortcode));
    let mut warnings = Vec::new();
    let mut photo = None;
    for (n, (img, span)) in images.iter().enumerate() {
        if Some(n) != chosen {
            warnings.push(Diagnostic::warning(
                file,
                *span,
                format!("image `{}` is left out: cvpdf places one photo, from the avatar figure", img.src),
            ));
            continue;
        }
        match source::image::load(&file.path, &img.src) {
            Ok(p) => photo = Some(Arc::new(p)),
            Err(why) => warnings.push(Diagnostic::warning(file, *span, format!("the photo `{}` is left out: {why}", img.src))),
        }
    }
    (photo, warnings)
}

fn visit(blocks: &[Block], f: &mut dyn FnMut(&Block)) {
    for b in blocks {
        f(b);
        match &b.kind {
            BlockKind::List { items, .. } => items.iter().for_each(|i| visit(i, f)),
            BlockKind::Quote(inner) => visit(inner, f),
            _ => {}
        }
    }
}
