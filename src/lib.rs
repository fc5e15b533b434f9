//! cvpdf: a résumé compiler. Markdown pages with Hugo front matter in, recruiter-ready PDFs out.
//!
//! [`compile`] runs the pipeline on one page, one call a stage, plain data between them:
//!
//! 1. [`source::load`]: front matter, shortcodes, Markdown, `cvpdf.toml` and the site →
//!    the résumé, a [`model::Document`];
//! 2. [`typeset::fit::fit`]: the document and a [`style::layout::Layout`] → positioned
//!    [`typeset::frame::Pages`], within the page budget;
//! 3. [`export::pdf::write`]: pages → PDF bytes (subset fonts, ToUnicode, links, metadata).
//!
//! Problems in the input are [`diag::Diagnostic`]s with a span into the page.

#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::string_slice))]

pub mod check;
pub mod cpu;
pub mod diag;
pub mod discard;
pub mod export;
pub mod model;
pub mod output;
pub mod source;
pub mod style;
pub mod text;
pub mod threads;
pub mod typeset;

use crate::diag::{Diagnostic, SourceFile, Warned};
use crate::export::post::Info;
use crate::model::Document;
use crate::style::lang::Lang;
use crate::style::layout::Layout;
use crate::text::font::FontSet;
use crate::typeset::hlist::Missing;
use crate::typeset::paragraphs::Paragraphs;

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
    /// The `--emit ir` JSON of the résumé as the source stage read it.
    Ir,
    /// One PNG picture a page, at this many dots per inch.
    Png(u32),
}

/// How to compile a page.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Language and date, for the source stage.
    pub context: source::Context,
    /// The page budget (`--pages`).
    pub pages: Option<usize>,
    /// The page is fitted to one and to two pages as well (`render --all`): its natural setting
    /// need not say which `--pages` would fit it.
    pub fitted_too: bool,
    /// PDF, layout dump or IR.
    pub emit: Emit,
}

/// A rendered résumé.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The output files' bytes: the PDF, the layout dump or the IR; or one PNG a page.
    pub files: Vec<Vec<u8>>,
    /// How many pages it has (0 for the IR).
    pub pages: usize,
    /// The language it was set in.
    pub lang: Lang,
    /// What the page budget changed, when there was one.
    pub report: Option<String>,
    /// How long each stage took: load, typeset, export.
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

/// Compiles one page: load, typeset, export.
pub fn compile(file: &SourceFile, options: &Options, layout: &Layout, fonts: &FontSet) -> Result<Warned<Rendered>, Diagnostic> {
    // A family no font has is said before anything the page holds.
    layout.typefaces(fonts).map_err(|e| font_error(layout, e))?;
    let mut clock = Timings::start();
    let loaded = load(file, options, layout)?;
    clock.lap("load");
    let rendered = compile_loaded(file, &loaded, options, layout, fonts, None).map(|mut r| {
        clock.laps.append(&mut r.value.timings);
        r.value.timings = clock.laps;
        r
    });
    discard::discard(loaded);
    rendered
}

/// The résumé in `file`, as [`compile`] reads it first: what [`compile_loaded`] sets, once for
/// every page budget it is set to (`render --all`).
pub fn load(file: &SourceFile, options: &Options, layout: &Layout) -> Result<Warned<Document>, Diagnostic> {
    let mut cx = options.context.clone();
    cx.hidden_classes.extend(layout.web.hide_classes.iter().cloned());
    // The helper that loads the patterns first detects the processor's features (see `cpu`).
    cx.locale_known = Some(|locale| text::hyphenate::Hyphenator::get(locale).preload(cpu::detect));
    source::load(file, &cx)
}

/// Compiles a page [`load`]ed before: typeset, export. Its warnings come with the page's own.
/// `kept`, when given, holds the paragraphs the page's other compiles set in this `layout`
/// (`render --all`): they are taken from it, and the ones set here are kept in it.
pub fn compile_loaded(
    file: &SourceFile,
    loaded: &Warned<Document>,
    options: &Options,
    layout: &Layout,
    fonts: &FontSet,
    kept: Option<&Paragraphs>,
) -> Result<Warned<Rendered>, Diagnostic> {
    layout.typefaces(fonts).map_err(|e| font_error(layout, e))?;
    let mut clock = Timings::start();
    let Warned { value: doc, warnings } = loaded;
    let mut warnings = warnings.clone();
    let lang = doc.meta.lang;
    if options.emit == Emit::Ir {
        let bytes = serde_json::to_vec_pretty(doc).map_err(|e| Diagnostic::file_error(&file.path, e.to_string()))?;
        return Ok(Warned { value: Rendered { files: vec![bytes], pages: 0, lang, report: None, timings: clock.laps }, warnings });
    }
    let may_hint = options.pages.is_none() && !options.fitted_too;
    let own;
    let paragraphs = match kept {
        Some(kept) => kept,
        None => {
            own = typeset::fit::paragraphs(doc, options.pages, may_hint);
            &own
        }
    };
    let fitted = typeset::fit::fit(doc, layout, fonts, options.pages, paragraphs).map_err(|o| overflow_error(file, &o))?;
    warnings.extend(missing_glyph_warnings(file, &fitted.typeset.missing));
    clock.lap("typeset");
    let set = &fitted.typeset;
    let export = || match options.emit {
        Emit::Layout => Ok(vec![export::debug::layout(&set.pages).into_bytes()]),
        Emit::Png(dpi) => export::raster::pages(&set.pages, fonts, dpi).map_err(|e| Diagnostic::file_error(&file.path, e)),
        _ => Ok(vec![export::pdf::write(&set.pages, fonts, &info(doc)).map_err(|e| Diagnostic::file_error(&file.path, e.to_string()))?]),
    };
    // A page a little over a page count is set again in the search for the `--pages` that fits
    // it, on a helper thread while this one writes the file.
    let (files, hint) = match typeset::fit::hinted(set).filter(|_| may_hint) {
        Some(over) => threads::both(export, || typeset::fit::hint(doc, layout, fonts, over, paragraphs)),
        None => (export(), None),
    };
    let files = files?;
    clock.lap("export");
    let pages = set.pages.pages.len();
    let typeset::fit::Fitted { typeset, report } = fitted;
    let report = report.or(hint);
    discard::discard(typeset);
    Ok(Warned { value: Rendered { files, pages, lang, report, timings: clock.laps }, warnings })
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

/// A family the layout (or cvpdf.toml) names that no font has: status 2, at the line that names
/// it when the file can be read.
fn font_error(layout: &Layout, message: String) -> Diagnostic {
    let Some(origin) = &layout.fonts.origin else {
        return Diagnostic::plain_error(message);
    };
    let hint = "put the family's .ttf files in a fonts/ folder beside the site, or give --font-path DIR";
    let named = message.split('`').nth(1).unwrap_or_default();
    match std::fs::read_to_string(origin) {
        Ok(text) if !named.is_empty() && text.contains(named) => {
            let at = text.find(&format!("\"{named}\"")).map_or_else(|| text.find(named).unwrap_or(0), |i| i + 1);
            let file = SourceFile::new(origin, text);
            Diagnostic::error(&file, diag::Span::new(at, at + named.len()), message).of_kind(diag::Kind::Usage).with_hint(hint)
        }
        _ => Diagnostic::file_error(origin, message).of_kind(diag::Kind::Usage).with_hint(hint),
    }
}

fn overflow_error(file: &SourceFile, o: &typeset::fit::Overflow) -> Diagnostic {
    let budget = if o.budget == 1 { "1 page".to_string() } else { format!("{} pages", o.budget) };
    let mut message = format!("the résumé does not fit on {budget}: {:.1} page(s) too much even at {}", o.excess, o.tried);
    if let Some(section) = &o.section {
        message.push_str(&format!("; the overflow starts in section '{section}'"));
    }
    let raise = if o.budget < 2 { ", or raise --pages to 2" } else { ", or render it without --pages, at its natural length" };
    let hint = format!(
        "shorten it, mark sections as optional (front matter `optional = [\"Interests\"]`, or `## Interests {{.optional}}`){raise}"
    );
    let d = match o.span {
        Some(span) => Diagnostic::error(file, span, message),
        None => Diagnostic { span: None, ..Diagnostic::error(file, diag::Span::default(), message) },
    };
    d.with_hint(hint)
}

/// One warning for the emoji left out, one per other character shown as `?`; each points at
/// the character itself where the source has it verbatim.
fn missing_glyph_warnings(file: &SourceFile, missing: &[Missing]) -> Vec<Diagnostic> {
    // The character where the span says, else its first place in the page (text of the header has
    // no span of its own).
    let at = |m: &Missing| {
        let start = file
            .text
            .get(m.span.start..m.span.end)
            .and_then(|s| s.find(m.ch))
            .map(|i| m.span.start + i)
            .or_else(|| file.text.find(m.ch))
            .unwrap_or(m.span.start);
        diag::Span::new(start, start + m.ch.len_utf8())
    };
    let (unshaped, missing): (Vec<&Missing>, Vec<&Missing>) = missing.iter().partition(|m| m.unshaped);
    let (emoji, other): (Vec<&Missing>, Vec<&Missing>) = missing.into_iter().partition(|m| typeset::hlist::is_decoration(m.ch));
    let mut out = Vec::new();
    if let Some(first) = unshaped.first() {
        out.push(
            Diagnostic::warning(file, at(first), "right-to-left text (Arabic, Hebrew…) is set letter by letter from left to right, without joining: it will not read correctly")
                .with_hint("cvpdf does not shape right-to-left scripts yet; write the name in Latin letters beside it"),
        );
    }
    if let Some(first) = emoji.first() {
        let list: String = emoji.iter().map(|m| m.ch).collect::<Vec<_>>().iter().map(char::to_string).collect::<Vec<_>>().join(" ");
        out.push(
            Diagnostic::warning(file, at(first), format!("{} emoji left out, no font here can draw them: {list}", emoji.len()))
                .with_hint("the text around them is kept; a font with outline emoji (.ttf) in a fonts/ folder beside the site sets them"),
        );
    }
    for m in other {
        out.push(
            Diagnostic::warning(
                file,
                at(m),
                format!("no font here has a glyph for {:?} (U+{:04X}); it is shown as `?`", m.ch, m.ch as u32),
            )
            .with_hint("install a font that covers it, put its .ttf in a fonts/ folder beside the site, or write it out in words"),
        );
    }
    out
}

/// The PDF's metadata: the person's name as Title and Author (never a section heading).
fn info(doc: &Document) -> Info {
    let name = doc.header.name.clone();
    Info {
        title: name.clone().unwrap_or_else(|| "Curriculum vitae".to_string()),
        author: name.unwrap_or_default(),
        subject: doc.meta.subject.clone().unwrap_or_else(|| "Curriculum vitae".to_string()),
        keywords: doc.meta.keywords.clone(),
        lang: doc.meta.locale.clone(),
        creator: CREATOR.to_string(),
        date: doc.meta.stamp,
    }
}
