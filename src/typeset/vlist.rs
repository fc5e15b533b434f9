//! Blocks → a vertical list of boxes, glue and penalties (TeX's `vlist`).
//!
//! Each line of text becomes a [`VItem::Box`] holding its positioned frame items; space between
//! blocks is [`VItem::Glue`]; keeps are [`VItem::Penalty`]s: a heading is tied to what follows,
//! so is a line that leads into a list or a table ("Responsibilities:"), and a paragraph's first and last
//! two lines stay together (no club or widow lines).

use crate::model::{Align, Block, BlockKind, Entry, Header, Inline, Section, Span, TextStyle};
use crate::style::layout::{ColorName, DatesPlacement, HeadingStyle, Layout};
use crate::text::font::{FontSet, Role, Typefaces};
use crate::text::hyphenate::Hyphenator;
use std::sync::Arc;

use crate::style::lang::Lang;
use crate::typeset::frame::{AnchorKind, FrameItem, TextRun};
use crate::typeset::hlist::{self, INFINITY, Missing, TextEnv};
use crate::typeset::knuth_plass::{self, Alignment, Costs};
use crate::typeset::paragraphs::{Measure, SetParagraph, Shelf};
use crate::typeset::structure::{Levels, NodeId, Scope, StructType, Structure, Tag};
use crate::typeset::{line, linebreak};

/// An item of the vertical list.
#[derive(Debug, Clone, PartialEq)]
pub enum VItem {
    /// Something with a height: a line of text, a table row, a rule.
    Box {
        /// Above the baseline.
        height: f32,
        /// Below the baseline.
        depth: f32,
        /// What it draws, with y relative to its baseline and x relative to the page.
        items: Vec<FrameItem>,
        /// Where it came from and, for a line of text, how it was set.
        info: BoxInfo,
    },
    /// Vertical space.
    Glue {
        /// Natural height.
        height: f32,
    },
    /// A possible page break and its cost.
    Penalty {
        /// ±[`INFINITY`] forbids or forces.
        penalty: i32,
    },
}

/// Below this measure, paragraphs are hyphenated from the start rather than only when they
/// cannot be set well without.
const NARROW_MEASURE: f32 = 250.0;

/// Narrowest width per column a table is set as a grid in; narrower, its rows are stacked.
const NARROW_TABLE: f32 = 90.0;

/// Page-break cost inside a paragraph, between lines that are neither club nor widow lines.
pub const INTERLINE_PENALTY: i32 = 100;

/// What a box of the vertical list remembers about its origin.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BoxInfo {
    /// The source block it was made from.
    pub span: Option<Span>,
    /// For a line of text: how it was set.
    pub line: Option<LineInfo>,
    /// For a table row: the table's header, repeated when a page starts with the row.
    pub head: Option<std::sync::Arc<TableHead>>,
}

/// A table's header row and its rule, as set: what a page the table goes on to repeats.
#[derive(Debug, Clone, PartialEq)]
pub struct TableHead {
    /// Its boxes, glue and keeps.
    pub items: Vec<VItem>,
}

impl TableHead {
    /// Its height.
    pub fn height(&self) -> f32 {
        self.items
            .iter()
            .map(|v| match v {
                VItem::Box { height, depth, .. } => height + depth,
                VItem::Glue { height } => *height,
                VItem::Penalty { .. } => 0.0,
            })
            .sum()
    }
}

/// Cost of breaking a page inside a table row, between lines of its cells: allowed where a row
/// is taller than what is left of the page, and avoided otherwise.
const ROW_SPLIT_PENALTY: i32 = 3000;

/// Bonus for a page break before a section title: where a break reads best.
const SECTION_BREAK: i32 = -400;
/// Bonus for a page break before an entry.
const ENTRY_BREAK: i32 = -200;

/// A paragraph that introduces what follows: it ends with a colon ("Responsibilities:"), or it
/// is a short line that opens in bold, a run-in heading ("**Development** C++ · Qt").
fn leads_in(block: &Block) -> bool {
    let BlockKind::Paragraph(inlines) = &block.kind else { return false };
    let text = Inline::plain_text(inlines);
    let opens_bold = inlines.iter().find(|i| !matches!(i, Inline::Text { text, .. } if text.trim().is_empty()));
    let run_in = text.chars().count() <= 100 && matches!(opens_bold, Some(Inline::Text { style, .. }) if style.bold);
    text.trim_end().ends_with(':') || run_in
}

/// How a line of text was set, for the `--emit layout` dump.
#[derive(Debug, Clone, PartialEq)]
pub struct LineInfo {
    /// The characters drawn.
    pub text: String,
    /// Left edge of its first run of text (a list marker hangs left of it).
    pub x: f32,
    /// Natural width.
    pub width: f32,
    /// The measure it was set in.
    pub measure: f32,
    /// Adjustment ratio.
    pub ratio: f32,
    /// Ends with an added hyphen.
    pub hyphenated: bool,
}

/// A section title, an entry or a heading met in the list: where it is, for the outline, links
/// and overflow reports.
#[derive(Debug, Clone, PartialEq)]
pub struct HeadingMark {
    /// Index of its first box in the list.
    pub item: usize,
    /// What it is.
    pub kind: AnchorKind,
    /// The id in-page links use.
    pub id: Option<String>,
    /// Its text.
    pub title: String,
    /// Its source span.
    pub span: Span,
}

/// Baselines further apart than this many type sizes start a new block for text extractors
/// (poppler's `maxLineSpacingDelta` is 1.5); a uniform column stays below it.
const UNIFORM_SPACING: f32 = 1.4;

/// One size and leading for a whole column, so extractors read it as one block.
#[derive(Debug, Clone, Copy)]
struct Uniform {
    size: f32,
    leading: f32,
    max_gap: f32,
}

/// Line-level settings for a run of text.
#[derive(Clone, Copy)]
struct TextSpec {
    size: f32,
    leading: f32,
    color: [f32; 3],
    base: TextStyle,
    justify: bool,
    hyphenate: bool,
    /// The family: the body's or the headings'.
    role: Role,
    /// Lower-case letters as small capitals.
    small_caps: bool,
    /// Links in another colour than the layout's (on the header's band).
    link: Option<[f32; 3]>,
}

impl TextSpec {
    /// What lines set with this spec at `x` in `width` depend on, besides the text.
    fn measure(&self, x: f32, width: f32) -> Measure {
        let [r, g, b] = self.color;
        let [lr, lg, lb] = self.link.unwrap_or_default();
        Measure {
            numbers: [self.size, x, width, r, g, b, lr, lg, lb].map(f32::to_bits),
            switches: [self.justify, self.hyphenate, self.small_caps, self.link.is_some()],
            role: self.role,
            base: self.base,
        }
    }
}

/// Builds the vertical list of a document body.
pub struct VBuilder<'a> {
    fonts: &'a FontSet,
    faces: Typefaces,
    hyphenator: &'a Hyphenator,
    /// Paragraphs set before with the same measure, in this search.
    paragraphs: &'a Shelf,
    layout: &'a Layout,
    /// The list being built.
    pub out: Vec<VItem>,
    /// Characters the fonts lack, with where they were first met.
    pub missing: Vec<Missing>,
    /// The headings, in order.
    pub headings: Vec<HeadingMark>,
    /// The span of the block being set.
    span: Option<Span>,
    /// Set in one size and leading (a sidebar), if so.
    uniform: Option<Uniform>,
    /// How many lists and quotes the block being set is in (they choose justification).
    list_depth: usize,
    quote_depth: usize,
    /// When most dated entries of the section give their dates before the role, the width of
    /// the column the section's dates hang in, left of the roles.
    dates_column: Option<f32>,
    /// The block set before is an entry without a body: an entry without one after it is set
    /// as close as a paragraph (a list of degrees).
    after_bare_entry: bool,
    /// The structure tree the list's pieces are tagged into.
    pub structure: Structure,
    /// The node what is set now goes under.
    parent: NodeId,
    /// The levels of the headings being set.
    levels: Levels,
}

impl<'a> VBuilder<'a> {
    /// An empty list.
    pub fn new(fonts: &'a FontSet, hyphenator: &'a Hyphenator, paragraphs: &'a Shelf, layout: &'a Layout) -> Self {
        VBuilder {
            fonts,
            faces: layout.typefaces(fonts).unwrap_or_else(|_| fonts.default_typefaces()),
            hyphenator,
            paragraphs,
            layout,
            out: Vec::new(),
            missing: Vec::new(),
            headings: Vec::new(),
            span: None,
            uniform: None,
            list_depth: 0,
            quote_depth: 0,
            dates_column: None,
            after_bare_entry: false,
            structure: Structure::default(),
            parent: Structure::ROOT,
            levels: Levels::under(1),
        }
    }

    /// Sets what follows into `structure`, under `parent`; [`Self::structure`] gives it back.
    pub fn set_structure(&mut self, structure: Structure, parent: NodeId) {
        self.structure = structure;
        self.parent = parent;
    }

    /// A new `role` node under the current parent.
    fn node(&mut self, role: StructType) -> NodeId {
        self.structure.add(self.parent, role)
    }

    /// Runs `f` with `node` as the parent of what it sets.
    pub fn inside(&mut self, node: NodeId, f: impl FnOnce(&mut Self)) {
        let outer = std::mem::replace(&mut self.parent, node);
        f(self);
        self.parent = outer;
    }

    fn body_spec(&self) -> TextSpec {
        let b = &self.layout.body;
        let (size, leading) = self.uniform.map_or((b.size, b.leading), |u| (u.size, u.leading));
        TextSpec {
            size,
            leading,
            color: self.layout.colors.rgb(ColorName::Text),
            base: TextStyle::default(),
            role: Role::Body,
            small_caps: false,
            link: None,
            justify: if self.quote_depth > 0 {
                self.layout.justify.quote
            } else if self.list_depth > 0 {
                self.layout.justify.list
            } else {
                self.layout.justify.paragraph
            },
            hyphenate: true,
        }
    }

    /// Sets every block in one size and leading, with gaps of at most `max_gap` (a sidebar).
    pub fn set_uniform(&mut self, size: f32, leading: f32) {
        self.uniform = Some(Uniform { size, leading, max_gap: (UNIFORM_SPACING * size - leading).max(0.0) });
    }

    /// Adds vertical space; adjacent spaces do not add up, the larger wins.
    pub fn space(&mut self, height: f32) {
        let height = self.uniform.map_or(height, |u| height.min(u.max_gap));
        if let Some(VItem::Glue { height: h }) = self.out.last_mut() {
            *h = h.max(height);
        } else if !self.out.is_empty() {
            self.out.push(VItem::Glue { height });
        }
    }

    fn keep(&mut self) {
        self.out.push(VItem::Penalty { penalty: INFINITY });
    }

    /// No page break between what is set and what comes next, even at the space between them.
    fn tie(&mut self) {
        let at = if matches!(self.out.last(), Some(VItem::Glue { .. })) { self.out.len() - 1 } else { self.out.len() };
        self.out.insert(at, VItem::Penalty { penalty: INFINITY });
    }

    /// No page break among the items from `start` on (a section marked `{.keep}`).
    fn keep_together(&mut self, start: usize) {
        let tail = self.out.split_off(start.min(self.out.len()));
        let last = tail.len().saturating_sub(1);
        // The break before the section stays; those inside it go.
        let mut inside = false;
        for (i, item) in tail.into_iter().enumerate() {
            match item {
                VItem::Box { .. } => {
                    inside = true;
                    self.out.push(item);
                }
                VItem::Glue { .. } if inside && i < last && matches!(self.out.last(), Some(VItem::Box { .. })) => {
                    self.out.push(VItem::Penalty { penalty: INFINITY });
                    self.out.push(item);
                }
                VItem::Penalty { penalty } if inside && penalty > -INFINITY => self.out.push(VItem::Penalty { penalty: INFINITY }),
                other => self.out.push(other),
            }
        }
    }

    /// A page break before what comes next reads well (a section, an entry): `bonus` below 0.
    fn good_break(&mut self, bonus: i32) {
        if matches!(self.out.last(), Some(VItem::Glue { .. })) {
            self.out.push(VItem::Penalty { penalty: bonus });
        }
    }

    /// The name and the line under it, at the top of the first page.
    pub fn header(&mut self, header: &Header, x: f32, width: f32) {
        let l = self.layout;
        let first = self.out.len();
        // The photo sits at the right; the text keeps clear of it.
        let photo = header.photo.clone().filter(|_| l.photo.size > 0.0);
        let d = l.photo.size;
        let width = if photo.is_some() { width - d - l.body.size * 1.5 } else { width };
        let plain = |t: &str| vec![Inline::Text { text: t.to_string(), style: TextStyle::default(), link: None, span: Default::default() }];
        let band = l.header.band;
        let line = |size: f32, leading: f32, color: ColorName, bold: bool| TextSpec {
            size,
            leading,
            color: l.colors.rgb(color),
            base: TextStyle { bold, ..TextStyle::default() },
            justify: false,
            hyphenate: false,
            // The name in the headings' family, the rest in the body's.
            role: if bold { Role::Headings } else { Role::Body },
            small_caps: false,
            link: band.then(|| l.colors.rgb(ColorName::OnBand)),
        };
        // On a band, everything in the band's text colour.
        let (accent, muted) = if band { (ColorName::OnBand, ColorName::OnBand) } else { (ColorName::Accent, ColorName::Muted) };
        if let Some(name) = header.name.as_deref().filter(|n| !n.trim().is_empty()) {
            let h1 = self.node(StructType::H(1));
            self.text(&plain(name), line(l.title.size, l.title.leading, accent, true), x, width, true, h1);
            self.keep();
            self.space(l.title.skip_after);
        }
        if let Some(headline) = header.headline.as_deref().filter(|n| !n.trim().is_empty()) {
            let p = self.node(StructType::P);
            self.text(&plain(headline), line(l.subtitle.size, l.subtitle.leading, muted, false), x, width, true, p);
            self.keep();
            self.space(l.subtitle.skip_after * 0.5);
        }
        if !header.contacts.is_empty() {
            let mut inl = Vec::new();
            for (i, c) in header.contacts.iter().enumerate() {
                if i > 0 {
                    inl.extend(plain(" \u{B7} "));
                }
                // One contact never breaks inside ("Lyon, France"); lines break at the separators.
                inl.push(Inline::Text {
                    text: c.text.replace(' ', "\u{A0}"),
                    style: TextStyle::default(),
                    link: c.url.clone(),
                    span: Default::default(),
                });
            }
            let p = self.node(StructType::P);
            self.text(&inl, line(l.body.size, l.body.leading, muted, false), x, width, true, p);
        }
        if let Some(picture) = photo {
            let header = self.out.get(first..).unwrap_or(&[]);
            let first_box = header.iter().position(|v| matches!(v, VItem::Box { .. })).map(|i| first + i);
            let tall: f32 = header
                .iter()
                .map(|v| match v {
                    VItem::Box { height, depth, .. } => height + depth,
                    VItem::Glue { height } => *height,
                    VItem::Penalty { .. } => 0.0,
                })
                .sum();
            let figure = self.node(StructType::Figure);
            self.structure.set_alt(figure, picture.alt.clone());
            let tag = Tag::Node(figure);
            if let Some(VItem::Box { items, height, .. }) = first_box.and_then(|i| self.out.get_mut(i)) {
                let top = -*height;
                items.push(FrameItem::Image { x: x + width + l.body.size * 1.5, y: top, size: d, picture: picture.picture, tag });
            }
            if tall < d {
                match self.out.last_mut() {
                    Some(VItem::Glue { height }) => *height += d - tall,
                    _ => self.out.push(VItem::Glue { height: d - tall }),
                }
            }
        }
        self.space(l.subtitle.skip_after);
    }

    /// Adds `sections` set in the column `x..x + width`: each title, then its blocks.
    pub fn sections(&mut self, sections: &[Section], x: f32, width: f32) {
        for s in sections {
            self.section(s, s.blocks.len(), x, width);
        }
    }

    /// Adds section `s`, its title and its blocks before `until`; returns its node.
    pub fn section(&mut self, s: &Section, until: usize, x: f32, width: f32) -> NodeId {
        if s.page_break {
            self.out.push(VItem::Penalty { penalty: -INFINITY });
        }
        let start = self.out.len();
        let sect = self.open_section(s, x, width);
        self.inside(sect, |b| b.blocks(s.blocks.get(..until).unwrap_or(&s.blocks), x, width));
        if s.keep {
            self.keep_together(start);
        }
        sect
    }

    /// Opens section `s`: its node, its title and what its blocks are set with; returns the
    /// node they go under.
    fn open_section(&mut self, s: &Section, x: f32, width: f32) -> NodeId {
        let sect = self.node(StructType::Sect);
        self.inside(sect, |b| {
            if !s.title.is_empty() {
                b.span = Some(s.span);
                b.space(b.layout.section.skip_before);
                b.good_break(SECTION_BREAK);
                b.mark(AnchorKind::Section, &s.title, s.span, s.anchor.clone());
                let h = b.node(StructType::H(2));
                b.heading(&b.layout.section, &s.title, x, width, h);
            }
            b.levels = Self::levels_under(s);
            b.dates_column = b.dates_column(&s.blocks);
        });
        sect
    }

    /// The heading levels a section's blocks start under: below its title's (H2), or at the top
    /// when it has none.
    fn levels_under(s: &Section) -> Levels {
        Levels::under(if s.title.is_empty() { 1 } else { 2 })
    }

    /// Sets section `s` from its block `from` on, under a node that stands for the section's
    /// (the second half of a column cut inside a section, see [`super::split`]): its title is
    /// set elsewhere, and its blocks before `from` hold no heading but at the top level.
    pub fn resume_section(&mut self, s: &Section, from: usize, x: f32, width: f32) {
        let sect = self.node(StructType::Sect);
        let mut levels = Self::levels_under(s);
        for b in s.blocks.iter().take(from) {
            if let BlockKind::Heading { depth, .. } = &b.kind {
                levels.heading(*depth);
            }
        }
        self.levels = levels;
        self.dates_column = self.dates_column(&s.blocks);
        self.inside(sect, |b| b.blocks(s.blocks.get(from..).unwrap_or(&[]), x, width));
    }

    /// Adds `blocks` set in the column `x..x + width`. A paragraph that leads into a list or a
    /// table ([`leads_in`]) stays on the page of the first item or row.
    pub fn blocks(&mut self, blocks: &[Block], x: f32, width: f32) {
        for (i, block) in blocks.iter().enumerate() {
            self.after_bare_entry = i > 0 && matches!(blocks.get(i - 1).map(|b| &b.kind), Some(BlockKind::Entry(e)) if e.body.is_empty());
            self.block(block, x, width);
            if leads_in(block) && matches!(blocks.get(i + 1).map(|b| &b.kind), Some(BlockKind::List { .. } | BlockKind::Table { .. })) {
                self.tie();
            }
        }
    }

    fn block(&mut self, block: &Block, x: f32, width: f32) {
        let l = self.layout;
        self.span = Some(block.span);
        match &block.kind {
            BlockKind::Heading { depth, content, anchor } => {
                let h = l.subheading(*depth);
                self.space(h.skip_before);
                self.mark(AnchorKind::Heading, content, block.span, anchor.clone());
                let level = self.levels.heading(*depth);
                let node = self.node(StructType::H(level));
                self.heading(h, content, x, width, node);
            }
            BlockKind::Entry(e) => self.entry(e, block.span, x, width),
            BlockKind::Paragraph(inlines) => {
                let p = self.node(StructType::P);
                self.paragraph(inlines, x, width, p);
            }
            BlockKind::List { start, items } => self.list(*start, items, x, width),
            BlockKind::Quote(inner) => {
                let indent = l.body.list_indent;
                let quote = self.node(StructType::BlockQuote);
                self.quote_depth += 1;
                self.inside(quote, |b| b.blocks(inner, x + indent, width - indent));
                self.quote_depth -= 1;
            }
            BlockKind::Code(code) => {
                let spec = TextSpec {
                    size: l.body.code_size,
                    leading: l.body.code_size * 1.3,
                    color: l.colors.rgb(ColorName::Muted),
                    base: TextStyle { code: true, ..TextStyle::default() },
                    justify: false,
                    hyphenate: false,
                    role: Role::Body,
                    small_caps: false,
                    link: None,
                };
                let lines: Vec<&str> = code.lines().collect();
                let p = self.node(StructType::P);
                let node = self.structure.add(p, StructType::Code);
                for (i, source_line) in lines.iter().enumerate() {
                    let inl = vec![Inline::Text {
                        text: source_line.to_string(),
                        style: TextStyle { code: true, ..TextStyle::default() },
                        link: None,
                        span: block.span,
                    }];
                    if source_line.trim().is_empty() {
                        self.space(spec.leading * 0.5);
                        continue;
                    }
                    // A page may break between code lines, but not after the first or before the last.
                    if i > 0 && matches!(self.out.last(), Some(VItem::Box { .. })) {
                        let penalty = if i == 1 || i + 1 == lines.len() { INFINITY } else { INTERLINE_PENALTY };
                        self.out.push(VItem::Penalty { penalty });
                    }
                    self.text(&inl, spec, x + 6.0, width - 6.0, false, node);
                }
                self.space(l.body.paragraph_skip);
            }
            BlockKind::PageBreak => self.out.push(VItem::Penalty { penalty: -INFINITY }),
            BlockKind::Rule => {
                self.space(4.0);
                let color = l.colors.rgb(ColorName::Rule);
                self.out.push(VItem::Box {
                    height: 1.0,
                    depth: 0.0,
                    items: vec![FrameItem::Rule { x, y: -0.5, width, height: 0.5, color }],
                    info: BoxInfo { span: self.span, ..BoxInfo::default() },
                });
                self.space(6.0);
            }
            BlockKind::Table { align, head, rows } => {
                self.table(align, head, rows, x, width);
                self.space(l.body.paragraph_skip);
            }
        }
    }

    /// A paragraph of running text, the content of `node`.
    fn paragraph(&mut self, inlines: &[Inline], x: f32, width: f32, node: NodeId) {
        self.text(inlines, self.body_spec(), x, width, false, node);
        self.space(self.layout.body.paragraph_skip);
    }

    /// A heading in `h`'s style, after the space before it (which the caller sets, with its
    /// mark): the text, kept with what follows, and a rule if the style has one.
    fn heading(&mut self, h: &HeadingStyle, content: &[Inline], x: f32, width: f32, node: NodeId) {
        let l = self.layout;
        self.text(content, self.heading_spec(h), x, width, true, node);
        if h.rule && self.uniform.is_none() {
            self.keep();
            let color = l.colors.rgb(ColorName::Rule);
            let rule = FrameItem::Rule { x, y: -0.6, width, height: 0.6, color };
            self.out.push(VItem::Box {
                height: 2.5,
                depth: 0.0,
                items: vec![rule],
                info: BoxInfo { span: self.span, ..BoxInfo::default() },
            });
        }
        self.keep();
        self.space(h.skip_after);
    }

    fn heading_spec(&self, h: &HeadingStyle) -> TextSpec {
        let (size, leading) = self.uniform.map_or((h.size, h.leading), |u| (u.size, u.leading));
        TextSpec {
            size,
            leading,
            color: self.layout.colors.rgb(h.color),
            base: TextStyle { bold: h.bold, italic: h.italic, ..TextStyle::default() },
            justify: false,
            hyphenate: false,
            role: Role::Headings,
            small_caps: h.small_caps,
            link: None,
        }
    }

    fn mark(&mut self, kind: AnchorKind, content: &[Inline], span: Span, id: Option<String>) {
        let title = Inline::plain_text(content);
        self.headings.push(HeadingMark { item: self.out.len(), kind, id, title, span });
    }

    /// An entry: its role line set like the layout's entry title (the role in bold, then the
    /// organisation and the place), the dates flush right on that line when both fit (or, when
    /// the author wrote them first, hanging at its left), else on the line below (above); then
    /// its body.
    fn entry(&mut self, e: &Entry, span: Span, x: f32, width: f32) {
        let l = self.layout;
        // Entries are set in the body's family.
        let (ts, ds) = (self.heading_spec(&l.entry.title), self.heading_spec(&l.entry.dates));
        let (ts, ds) = (TextSpec { role: Role::Body, ..ts }, TextSpec { role: Role::Body, ..ds });
        let bare_run = self.after_bare_entry && e.body.is_empty();
        self.space(if bare_run { l.body.paragraph_skip } else { l.entry.title.skip_before });
        self.good_break(ENTRY_BREAK);
        let title = role_line(e, l.entry.title.bold);
        let (title, dates) = if title.is_empty() { (e.when.clone(), Vec::new()) } else { (title, e.when.clone()) };
        self.mark(AnchorKind::Entry, &title, span, None);
        let (outer, level, h, p) = self.open_entry();
        let ts = TextSpec { base: TextStyle::default(), ..ts };
        let gap = 2.0 * ts.size;
        let dw = if dates.is_empty() { 0.0 } else { self.natural_width(&dates, ds) };
        let right = l.entry.place_dates == DatesPlacement::Right && !dates.is_empty();
        // Dates flush right on the role line; a role line too long for one line wraps in the
        // measure the dates leave, unless that leaves less than half the column.
        let measure = width - gap - dw;
        if right && measure >= width / 2.0 {
            // Dates the author wrote first hang at the left of the role, in their order.
            let first = self.dates_column.is_some();
            let (tx, dx) = match self.dates_column {
                Some(column) => (x + column.max(dw) + gap / 2.0, x),
                None => (x, x + width - dw),
            };
            let one_line = !first && self.natural_width(&title, ts) <= measure;
            let tw = match (first, one_line) {
                (true, _) => x + width - tx,
                (false, true) => width,
                (false, false) => measure,
            };
            let mut lines = self.lines(&title, ts, tx, tw, h);
            let date_line = self.lines(&dates, ds, dx, dw + 1.0, p).into_iter().next();
            if let (Some((items, info)), Some((mut ditems, dinfo))) = (lines.first_mut(), date_line) {
                if first {
                    ditems.append(items);
                    *items = ditems;
                    info.text = format!("{}\t{}", dinfo.text, info.text);
                    info.x = dinfo.x;
                } else {
                    items.extend(ditems);
                    info.text = format!("{}\t{}", info.text, dinfo.text);
                }
            }
            let leading = ts.leading.max(ds.leading);
            for (i, (items, line)) in lines.into_iter().enumerate() {
                if i > 0 {
                    self.keep();
                }
                let info = BoxInfo { span: self.span, line: Some(line), ..BoxInfo::default() };
                self.out.push(VItem::Box { height: leading * 0.75, depth: leading * 0.25, items, info });
            }
        } else if self.dates_column.is_some() && !dates.is_empty() {
            // Dates the author wrote first go above the role, in their order.
            self.text(&dates, ds, x, width, true, p);
            self.keep();
            self.text(&title, ts, x, width, true, h);
        } else {
            self.text(&title, ts, x, width, true, h);
            if !dates.is_empty() {
                self.keep();
                self.text(&dates, ds, x, width, true, p);
            }
        }
        self.keep();
        self.space(l.entry.dates.skip_after);
        // A paragraph that ends the entry stays with what comes before it.
        let (last, rest) = match e.body.split_last() {
            Some((last, rest)) if matches!(last.kind, BlockKind::Paragraph(_)) && !rest.is_empty() => (Some(last), rest),
            _ => (None, e.body.as_slice()),
        };
        let levels = std::mem::replace(&mut self.levels, Levels::under(level));
        self.blocks(rest, x, width);
        if let Some(last) = last {
            self.tie();
            self.block(last, x, width);
        }
        self.levels = levels;
        self.parent = outer;
    }

    /// Opens an entry in the structure: a section of its own, holding its heading and its dates
    /// (before the heading when the author wrote them first), then its body. Returns the parent
    /// to restore, the heading's level, the heading and the dates.
    fn open_entry(&mut self) -> (NodeId, u8, NodeId, NodeId) {
        let level = self.levels.next();
        let sect = self.node(StructType::Sect);
        let outer = std::mem::replace(&mut self.parent, sect);
        let (h, p) = if self.dates_column.is_some() {
            let p = self.node(StructType::P);
            (self.node(StructType::H(level)), p)
        } else {
            (self.node(StructType::H(level)), self.node(StructType::P))
        };
        (outer, level, h, p)
    }

    /// The column `blocks`' dates hang in, when most of its dated entries give their dates
    /// before the role (one decision per section, so that its dates line up): the widest dates.
    fn dates_column(&mut self, blocks: &[Block]) -> Option<f32> {
        let spec = self.heading_spec(&self.layout.entry.dates);
        let (mut dated, mut first, mut widest) = (0, 0, 0.0f32);
        for b in blocks {
            if let BlockKind::Entry(e) = &b.kind
                && !e.when.is_empty()
                && [&e.role, &e.organisation, &e.location].iter().any(|p| !p.is_empty())
            {
                dated += 1;
                first += usize::from(e.dates_first);
                widest = widest.max(self.natural_width(&e.when, spec));
            }
        }
        (2 * first > dated).then_some(widest)
    }

    fn list(&mut self, start: Option<u64>, items: &[Vec<Block>], x: f32, width: f32) {
        let l = self.layout;
        let indent = l.body.list_indent;
        let list = self.node(StructType::L);
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.space(l.body.item_skip);
                // At least two items on each side of a page break.
                if i == 1 || i + 1 == items.len() {
                    self.tie();
                }
            }
            let marker = match start {
                Some(n) => format!("{}.", n.saturating_add(i as u64)),
                None => l.body.bullet.clone(),
            };
            let first = self.out.len();
            let li = self.structure.add(list, StructType::LI);
            let label = self.structure.add(li, StructType::Lbl);
            let body = self.structure.add(li, StructType::LBody);
            self.list_depth += 1;
            match item.as_slice() {
                // An item that is one paragraph is the list body's text itself.
                [Block { kind: BlockKind::Paragraph(inlines), span }] => {
                    self.span = Some(*span);
                    self.paragraph(inlines, x + indent, width - indent, body);
                }
                _ => self.inside(body, |b| b.blocks(item, x + indent, width - indent)),
            }
            self.list_depth -= 1;
            // Inside a list, paragraphs are separated by the item skip only.
            if let Some(VItem::Glue { height }) = self.out.last_mut() {
                *height = height.min(l.body.item_skip);
            }
            let spec = self.body_spec();
            let run = self.marker_run(&marker, spec);
            let Some(run) = run else { continue };
            let run = TextRun { tag: Tag::Node(label), ..run };
            let mx = x + indent - run.width() - 4.0;
            if let Some(VItem::Box { items, .. }) = self.out.iter_mut().skip(first).find(|v| matches!(v, VItem::Box { .. })) {
                // First in the line's content, so extractors read the marker before the item.
                items.insert(0, FrameItem::Text(TextRun { x: mx, ..run }));
            }
        }
        self.space(l.body.paragraph_skip);
    }

    fn marker_run(&mut self, marker: &str, spec: TextSpec) -> Option<TextRun> {
        let inl = vec![Inline::Text { text: marker.to_string(), style: TextStyle::default(), link: None, span: Default::default() }];
        let env = self.env(spec, 1000.0);
        let items = hlist::build(&inl, &env, &mut self.missing);
        let lines = linebreak::first_fit(&items, 1000.0);
        let first = lines.first()?;
        line::set(&items, first, 0.0).into_iter().find_map(|f| match f {
            FrameItem::Text(mut run) => {
                run.color = self.layout.colors.rgb(ColorName::Accent);
                Some(run)
            }
            _ => None,
        })
    }

    fn env(&self, spec: TextSpec, width: f32) -> TextEnv<'a> {
        let c = &self.layout.colors;
        TextEnv {
            fonts: self.fonts,
            faces: self.faces,
            role: spec.role,
            small_caps: spec.small_caps,
            size: spec.size,
            color: spec.color,
            link_color: spec.link.unwrap_or(c.rgb(ColorName::Link)),
            code_color: c.rgb(ColorName::Code),
            base: spec.base,
            max_width: width,
            justify: spec.justify,
            hyphenator: spec.hyphenate.then_some(self.hyphenator),
            words: Some(self.paragraphs.words()),
        }
    }

    /// Sets `inlines` as lines, the content of `node`; `keep_all` ties every line to the next
    /// (headings).
    #[allow(clippy::too_many_arguments)]
    fn text(&mut self, inlines: &[Inline], spec: TextSpec, x: f32, width: f32, keep_all: bool, node: NodeId) {
        let lines = self.lines(inlines, spec, x, width, node);
        let n = lines.len();
        for (i, (items, line)) in lines.into_iter().enumerate() {
            if i > 0 {
                // No club line (after the first) and no widow line (before the last).
                let penalty = if keep_all || i == 1 || i + 1 == n { INFINITY } else { INTERLINE_PENALTY };
                self.out.push(VItem::Penalty { penalty });
            }
            let info = BoxInfo { span: self.span, line: Some(line), ..BoxInfo::default() };
            self.out.push(VItem::Box { height: spec.leading * 0.75, depth: spec.leading * 0.25, items, info });
        }
    }

    /// Breaks `inlines` into lines, total fit; each is its frame items (baseline 0), tagged as
    /// content of `node`, and how it was set. Words broken across lines are marked to extract
    /// whole. A paragraph set before in the same measure (the page-budget search) is not set
    /// again.
    fn lines(&mut self, inlines: &[Inline], spec: TextSpec, x: f32, width: f32, node: NodeId) -> Vec<(Vec<FrameItem>, LineInfo)> {
        let set = self.paragraphs.get_or_set(inlines, spec.measure(x, width), || self.set_paragraph(inlines, spec, x, width));
        for m in &set.missing {
            m.clone().record(&mut self.missing);
        }
        // Lines nobody else keeps are taken, not copied.
        let (mut lines, infos) = match Arc::try_unwrap(set) {
            Ok(own) => (own.frames, own.infos),
            Err(kept) => (kept.frames.clone(), kept.infos.clone()),
        };
        self.tag(&mut lines, node);
        lines.into_iter().zip(infos).collect()
    }

    /// Breaks `inlines` into lines, total fit, with the characters the fonts lack.
    fn set_paragraph(&self, inlines: &[Inline], spec: TextSpec, x: f32, width: f32) -> SetParagraph {
        let align = if spec.justify { Alignment::Justified } else { Alignment::Ragged { stretch: 3.0 * spec.size } };
        let costs = Costs::default();
        let mut missing = Vec::new();
        // Hyphenate only if the paragraph cannot be set well without (TeX's first pass); narrow
        // measures (table cells, sidebars) always want it.
        let plain = match width < NARROW_MEASURE && spec.hyphenate {
            true => None,
            false => Some(hlist::build(inlines, &self.env(TextSpec { hyphenate: false, ..spec }, width), &mut missing)),
        };
        let first = plain.as_ref().and_then(|p| knuth_plass::first_pass(p, width, &costs, align));
        let (items, breaks) = match (plain, first) {
            (Some(plain), Some(breaks)) => (plain, breaks),
            (Some(plain), None) if !spec.hyphenate => {
                let breaks = knuth_plass::break_lines(&plain, width, &costs, align);
                (plain, breaks)
            }
            (plain, _) => {
                // Missing characters are reported by the first build there is.
                let mut reported = Vec::new();
                let into = if plain.is_some() { &mut reported } else { &mut missing };
                let items = hlist::build(inlines, &self.env(spec, width), into);
                let breaks = knuth_plass::break_lines(&items, width, &costs, align);
                (items, breaks)
            }
        };
        let mut frames: Vec<Vec<FrameItem>> = breaks.iter().map(|ln| line::set(&items, ln, x)).collect();
        line::join_broken_words(&mut frames, &breaks);
        let infos = frames
            .iter()
            .zip(&breaks)
            .map(|(frame, b)| {
                let text = frame.iter().filter_map(|f| if let FrameItem::Text(r) = f { Some(r.text()) } else { None }).collect();
                let left = frame.iter().find_map(|f| if let FrameItem::Text(r) = f { Some(r.x) } else { None }).unwrap_or(x);
                let ratio = if spec.justify { b.ratio } else { 0.0 };
                LineInfo { text, x: left, width: b.natural, measure: width, ratio, hyphenated: b.hyphenated }
            })
            .collect();
        SetParagraph { frames, infos, missing }
    }

    /// Tags set lines as content of `node`; a link's text and areas go into a Link node of
    /// their own under it, one a link however many lines it spans, and a passage in another
    /// language (a link among them) into a Span that says which.
    fn tag(&mut self, lines: &mut [Vec<FrameItem>], node: NodeId) {
        let mut link: Option<(Arc<str>, NodeId)> = None;
        let mut span: Option<(Lang, NodeId)> = None;
        for item in lines.iter_mut().flatten() {
            let (url, lang, tag): (Option<&str>, Option<Lang>, &mut Tag) = match item {
                FrameItem::Text(run) => (run.link.as_deref(), run.lang, &mut run.tag),
                FrameItem::Link { url, tag, .. } => (Some(url.as_str()), None, tag),
                FrameItem::Rule { .. } | FrameItem::Image { .. } => continue,
            };
            *tag = match (url, lang) {
                (Some(url), _) => match &link {
                    Some((open, id)) if **open == *url => Tag::Node(*id),
                    _ => {
                        let parent = match lang {
                            Some(lang) => {
                                let span = self.structure.add(node, StructType::Span);
                                self.structure.set_lang(span, lang);
                                span
                            }
                            None => node,
                        };
                        let id = self.structure.add(parent, StructType::Link);
                        link = Some((Arc::from(url), id));
                        Tag::Node(id)
                    }
                },
                (None, Some(lang)) => match span {
                    Some((open, id)) if open == lang => Tag::Node(id),
                    _ => {
                        let id = self.structure.add(node, StructType::Span);
                        self.structure.set_lang(id, lang);
                        span = Some((lang, id));
                        link = None;
                        Tag::Node(id)
                    }
                },
                (None, None) => {
                    link = None;
                    span = None;
                    Tag::Node(node)
                }
            };
        }
    }

    /// The width `inlines` take on one line.
    fn natural_width(&mut self, inlines: &[Inline], spec: TextSpec) -> f32 {
        let spec = TextSpec { hyphenate: false, ..spec };
        let shelf = self.paragraphs;
        let (width, missing) = shelf.width_or_take(inlines, spec.measure(0.0, f32::MAX), || {
            let env = self.env(spec, f32::MAX);
            let mut missing = Vec::new();
            let items = hlist::build(inlines, &env, &mut missing);
            (linebreak::first_fit(&items, f32::MAX).iter().map(|l| l.natural).fold(0.0, f32::max), missing)
        });
        for m in missing {
            m.record(&mut self.missing);
        }
        width
    }

    fn table(&mut self, align: &[Align], head: &[Vec<Inline>], rows: &[Vec<Vec<Inline>>], x: f32, width: f32) {
        let cols = head.len().max(rows.iter().map(Vec::len).max().unwrap_or(0));
        if cols == 0 {
            return;
        }
        // A column too narrow for a grid (a sidebar) gets each row as one line of text.
        if width < NARROW_TABLE * cols as f32 {
            self.stacked_table(head, rows, x, width);
            return;
        }
        let gap = 8.0;
        let spec = self.body_spec();
        let cell_spec = TextSpec { justify: self.layout.justify.table, ..spec };
        // Each column's natural width (its widest cell on one line) and its narrowest (its
        // longest word), as a browser's automatic table layout measures them.
        let (mut natural, mut least) = (vec![0.0f32; cols], vec![0.0f32; cols]);
        let all_rows = std::iter::once(head).chain(rows.iter().map(Vec::as_slice));
        for (r, row) in all_rows.enumerate() {
            for (c, cell) in row.iter().enumerate().take(cols) {
                let s = if r == 0 { TextSpec { base: TextStyle { bold: true, ..TextStyle::default() }, ..cell_spec } } else { cell_spec };
                let w = self.natural_width(cell, s);
                let text = Inline::plain_text(cell);
                // The longest stretch the line breaker cannot break: a word, or the part of a
                // compound or a URL between two of its breaks.
                let pieces = hlist::unbreakable_pieces(&text);
                let word = pieces.into_iter().map(|w| self.natural_width(&[Inline::plain(w, Span::default())], s)).fold(0.0, f32::max);
                if let (Some(n), Some(l)) = (natural.get_mut(c), least.get_mut(c)) {
                    *n = n.max(w);
                    *l = l.max(word.min(w));
                }
            }
        }
        let avail = (width - gap * (cols as f32 - 1.0)).max(cols as f32 * 8.0);
        let widths = column_widths(&natural, &least, avail);
        let rule = self.layout.colors.rgb(ColorName::Rule);
        let mut first_row = true;
        let head_start = self.out.len();
        let table = self.node(StructType::Table);
        if !head.is_empty() {
            let bold = TextSpec { base: TextStyle { bold: true, ..TextStyle::default() }, ..cell_spec };
            let tr = self.structure.add(table, StructType::TR);
            let th = StructType::TH(Scope::Column);
            self.table_row(head, align, &widths, bold, x, gap, (tr, th, th));
            // The header row's lines stay together.
            for item in self.out.get_mut(head_start..).unwrap_or(&mut []) {
                if let VItem::Penalty { penalty } = item {
                    *penalty = INFINITY;
                }
            }
            self.keep();
            self.out.push(VItem::Box {
                height: 2.0,
                depth: 1.0,
                items: vec![FrameItem::Rule { x, y: -0.4, width, height: 0.4, color: rule }],
                info: BoxInfo { span: self.span, ..BoxInfo::default() },
            });
            self.keep();
            first_row = false;
        }
        // Without a header row, the first cell of each row is its row's header ("French |
        // Native"), so that a reader knows what each row is about.
        let first = if head.is_empty() && cols > 1 { StructType::TH(Scope::Row) } else { StructType::TD };
        let repeat =
            (!head.is_empty()).then(|| std::sync::Arc::new(TableHead { items: self.out.get(head_start..).unwrap_or(&[]).to_vec() }));
        for row in rows {
            if !first_row {
                self.out.push(VItem::Glue { height: 1.5 });
            }
            first_row = false;
            let from = self.out.len();
            let tr = self.structure.add(table, StructType::TR);
            self.table_row(row, align, &widths, cell_spec, x, gap, (tr, first, StructType::TD));
            for item in self.out.get_mut(from..).unwrap_or(&mut []) {
                if let VItem::Box { info, .. } = item {
                    info.head = repeat.clone();
                }
            }
        }
    }

    /// Each row as a paragraph: the first cell in bold, the others after it, separated by dots;
    /// the header row first, muted.
    fn stacked_table(&mut self, head: &[Vec<Inline>], rows: &[Vec<Vec<Inline>>], x: f32, width: f32) {
        let spec = TextSpec { justify: false, ..self.body_spec() };
        if !head.is_empty() {
            let labels: Vec<String> = head.iter().map(|c| Inline::plain_text(c).trim().to_string()).filter(|t| !t.is_empty()).collect();
            let inl = vec![Inline::Text { text: labels.join(" \u{B7} "), style: TextStyle::default(), link: None, span: Span::default() }];
            let p = self.node(StructType::P);
            self.text(&inl, TextSpec { color: self.layout.colors.rgb(ColorName::Muted), ..spec }, x, width, false, p);
            self.keep();
        }
        for (i, row) in rows.iter().enumerate() {
            if i > 0 {
                self.space(self.layout.body.item_skip);
            }
            let mut inl: Vec<Inline> = Vec::new();
            for (c, cell) in row.iter().filter(|c| !Inline::plain_text(c).trim().is_empty()).enumerate() {
                if c > 0 {
                    inl.push(Inline::Text { text: " \u{B7} ".into(), style: TextStyle::default(), link: None, span: Span::default() });
                }
                inl.extend(cell.iter().map(|i| match (i, c) {
                    (Inline::Text { text, style, link, span }, 0) => {
                        Inline::Text { text: text.clone(), style: TextStyle { bold: true, ..*style }, link: link.clone(), span: *span }
                    }
                    (other, _) => other.clone(),
                }));
            }
            let p = self.node(StructType::P);
            self.text(&inl, spec, x, width, false, p);
        }
    }

    /// A table row: one box a line of its cells (the first lines of every cell, then the
    /// second…), so a row taller than a page breaks between lines rather than overflowing. Its
    /// cells are nodes of the row node `cells.0`: the first a `cells.1`, the others `cells.2`.
    #[allow(clippy::too_many_arguments)]
    fn table_row(
        &mut self,
        row: &[Vec<Inline>],
        align: &[Align],
        widths: &[f32],
        spec: TextSpec,
        x: f32,
        gap: f32,
        cells: (NodeId, StructType, StructType),
    ) {
        let mut lines_of: Vec<Vec<FrameItem>> = Vec::new();
        let mut cx = x;
        for (c, w) in widths.iter().enumerate() {
            let node = self.structure.add(cells.0, if c == 0 { cells.1 } else { cells.2 });
            if let Some(cell) = row.get(c) {
                for (k, (frame, line)) in self.lines(cell, spec, 0.0, *w, node).into_iter().enumerate() {
                    let shift = match align.get(c) {
                        Some(Align::Right) => w - line.width,
                        Some(Align::Center) => (w - line.width) / 2.0,
                        _ => 0.0,
                    };
                    if lines_of.len() <= k {
                        lines_of.resize_with(k + 1, Vec::new);
                    }
                    if let Some(l) = lines_of.get_mut(k) {
                        l.extend(frame.iter().map(|f| f.translated(cx + shift.max(0.0), 0.0)));
                    }
                }
            }
            cx += w + gap;
        }
        if lines_of.is_empty() {
            lines_of.push(Vec::new());
        }
        for (k, items) in lines_of.into_iter().enumerate() {
            if k > 0 {
                self.out.push(VItem::Penalty { penalty: ROW_SPLIT_PENALTY });
            }
            let info = BoxInfo { span: self.span, ..BoxInfo::default() };
            self.out.push(VItem::Box { height: spec.leading * 0.75, depth: spec.leading * 0.25, items, info });
        }
    }
}

/// An entry's role line: the role (in bold when `bold`), the organisation (linking to the
/// entry's link when it has none of its own) and the place, separated by commas, or by the word
/// the author put between role and organisation ("Engineer at Acme").
/// The widths of a table's columns in `avail`: their natural widths and a share of what is
/// left when they fit; else at least each column's longest unbreakable piece, then as many
/// columns as possible at their natural width (those that need least first, so the fewest cells
/// wrap), the rest shared in proportion to how much more each needs; else in proportion to their
/// longest pieces.
fn column_widths(natural: &[f32], least: &[f32], avail: f32) -> Vec<f32> {
    let cols = natural.len().max(1) as f32;
    let total: f32 = natural.iter().sum();
    if total <= avail {
        return natural.iter().map(|w| w + (avail - total) / cols).collect();
    }
    let floor: f32 = least.iter().sum();
    if floor > avail {
        return least.iter().map(|l| avail * l / floor.max(1.0)).collect();
    }
    let need = |i: usize| natural.get(i).copied().unwrap_or(0.0) - least.get(i).copied().unwrap_or(0.0);
    let mut order: Vec<usize> = (0..natural.len()).collect();
    order.sort_by(|a, b| need(*a).total_cmp(&need(*b)));
    let mut widths = least.to_vec();
    let mut left = avail - floor;
    let mut rest = Vec::new();
    for i in order {
        match widths.get_mut(i) {
            Some(w) if need(i) <= left => {
                *w += need(i);
                left -= need(i);
            }
            _ => rest.push(i),
        }
    }
    let want: f32 = rest.iter().map(|i| need(*i)).sum::<f32>().max(f32::EPSILON);
    for i in rest {
        if let Some(w) = widths.get_mut(i) {
            *w += left * need(i) / want;
        }
    }
    widths
}

fn role_line(e: &Entry, bold: bool) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::new();
    let joiner = e.joiner.as_deref().map(|j| if j == "@" { " @".to_string() } else { format!(" {} ", j.trim()) });
    let parts = [(&e.role, bold, None, None), (&e.organisation, false, e.link.as_ref(), joiner), (&e.location, false, None, None)];
    for (part, strong, target, before) in parts {
        let Some(span) = part.first().map(Inline::span) else {
            continue;
        };
        if !out.is_empty() {
            out.push(Inline::plain(before.unwrap_or_else(|| ", ".to_string()), span));
        }
        out.extend(part.iter().cloned().map(|mut inline| {
            if let Inline::Text { style, link, .. } = &mut inline {
                style.bold |= strong;
                if link.is_none() {
                    *link = target.cloned();
                }
            }
            inline
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::column_widths;

    #[test]
    fn columns_fit_naturally_when_they_can() {
        assert_eq!(column_widths(&[40.0, 60.0], &[20.0, 30.0], 120.0), [50.0, 70.0]);
    }

    #[test]
    fn squeezed_tables_wrap_as_few_columns_as_possible() {
        // A date column (natural = least), two short columns and one long one in 300 pt: only the
        // long one wraps, and no column is narrower than its longest piece.
        let natural = [35.0, 60.0, 70.0, 400.0];
        let least = [35.0, 40.0, 45.0, 60.0];
        let w = column_widths(&natural, &least, 300.0);
        assert_eq!(&w[..3], &natural[..3]);
        assert!((w.iter().sum::<f32>() - 300.0).abs() < 1e-3 && w[3] >= least[3], "{w:?}");
    }

    #[test]
    fn columns_too_wide_for_the_measure_share_it_by_their_longest_pieces() {
        assert_eq!(column_widths(&[100.0, 300.0], &[50.0, 150.0], 100.0), [25.0, 75.0]);
    }
}
