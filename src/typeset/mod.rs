//! Typesetting: the intermediate document → positioned pages.
//!
//! Steps: [`hlist`] turns inline content into boxes, glue and penalties; [`knuth_plass`] breaks
//! them into lines ([`linebreak`] has the first-fit breaker and the line measure); [`line`] sets
//! each line; [`vlist`] stacks lines and blocks with their keeps; [`page`] breaks the stack into
//! pages; [`fit`] solves page budgets; [`frame`] is the positioned result.

pub mod columns;
pub mod fit;
pub mod frame;
pub mod hlist;
pub mod knuth_plass;
pub mod line;
pub mod linebreak;
pub mod page;
pub mod paragraphs;
pub mod split;
pub mod structure;
pub mod vlist;
pub mod words;

#[cfg(test)]
mod testkit;

use std::borrow::Cow;

use crate::model::Document;
use crate::style::layout::Sidebar;
use crate::style::layout::{ColorName, Layout};
use crate::style::locale::Locale;
use crate::text::font::FontSet;
use crate::text::hyphenate::Hyphenator;
use crate::typeset::frame::{FrameItem, Pages, TextRun};
use crate::typeset::hlist::{Missing, TextEnv};
use crate::typeset::page::PageRange;
use crate::typeset::paragraphs::{Paragraphs, Shelf};
use crate::typeset::structure::{NodeId, StructType, Structure, Tag};
use crate::typeset::vlist::{HeadingMark, VItem};

/// One column of a page: its vertical list broken into pages.
struct Column {
    list: Vec<VItem>,
    ranges: Vec<PageRange>,
    headings: Vec<HeadingMark>,
    /// What the first page has above this column (a full-width header).
    above: f32,
    /// The page its first page is on.
    start_page: usize,
}

impl Column {
    #[allow(clippy::too_many_arguments)]
    fn set(
        (cx, own): (&Context, &Shelf),
        header: Option<&crate::model::Header>,
        sections: &[crate::model::Section],
        x: f32,
        width: f32,
        height: f32,
        above: f32,
        uniform: Option<(f32, f32)>,
        missing: &mut Vec<Missing>,
        structure: (&mut Structure, NodeId),
    ) -> Column {
        let mut vb = cx.builder(own, uniform);
        vb.set_structure(std::mem::take(structure.0), structure.1);
        if let Some(h) = header {
            vb.header(h, x, width);
        }
        match split::cut(sections) {
            Some(at) => cx.set_halves(&mut vb, sections, at, uniform, (x, width, structure.1)),
            None => vb.sections(sections, x, width),
        }
        missing.append(&mut vb.missing);
        *structure.0 = std::mem::take(&mut vb.structure);
        let ranges = page::break_pages(&vb.out, height, height - above);
        Column { list: vb.out, ranges, headings: vb.headings, above, start_page: 0 }
    }

    /// This column with its first page on page `start`.
    fn starting_at(self, start: usize) -> Column {
        Column { start_page: start, ..self }
    }

    fn page(&mut self, i: usize, top: f32) -> frame::Page {
        let Some(own) = i.checked_sub(self.start_page) else {
            return frame::Page::default();
        };
        let top = if own == 0 { top + self.above } else { top };
        self.ranges.get(own).map(|r| page::place(&mut self.list, *r, top, &self.headings)).unwrap_or_default()
    }

    /// The page holding the source offset `at`: the last page that starts before it.
    fn page_of_offset(&self, at: usize) -> usize {
        let starts = self.ranges.iter().map(|r| {
            self.list.get(r.start..r.end).unwrap_or(&[]).iter().find_map(|v| match v {
                VItem::Box { info, .. } => info.span.map(|s| s.start),
                _ => None,
            })
        });
        starts.enumerate().filter(|(_, s)| s.is_some_and(|s| s < at)).map(|(p, _)| p).next_back().unwrap_or(0) + self.start_page
    }

    /// Each heading with the page it landed on.
    fn headings(&self) -> Vec<(HeadingMark, usize)> {
        self.headings.iter().map(|h| (h.clone(), self.start_page + self.ranges.iter().position(|r| h.item < r.end).unwrap_or(0))).collect()
    }
}

/// What every vertical list of one typesetting is set with.
struct Context<'a> {
    fonts: &'a FontSet,
    hyphenator: &'a Hyphenator,
    layout: &'a Layout,
    /// The search's paragraphs, for a helper thread's shelf.
    paragraphs: &'a Paragraphs,
}

impl<'a> Context<'a> {
    fn builder<'s>(&'s self, shelf: &'s Shelf, uniform: Option<(f32, f32)>) -> vlist::VBuilder<'s> {
        let mut vb = vlist::VBuilder::new(self.fonts, self.hyphenator, shelf, self.layout);
        if let Some((size, leading)) = uniform {
            vb.set_uniform(size, leading);
        }
        vb
    }

    /// Sets `sections` into `vb`, the first half here while a helper thread sets the second
    /// half, cut at `at`, then joins them; on this thread alone when no helper can be had.
    fn set_halves(
        &self,
        vb: &mut vlist::VBuilder,
        sections: &[crate::model::Section],
        at: split::Cut,
        uniform: Option<(f32, f32)>,
        column: (f32, f32, NodeId),
    ) {
        let (x, width, parent) = column;
        let (stand_ins, half) = crate::threads::join(
            || split::first_half(vb, sections, at, parent, x, width),
            || {
                let shelf = self.paragraphs.shelf(1);
                let mut vb = self.builder(&shelf, uniform);
                split::second_half(&mut vb, sections, at, x, width);
                split::Half::of(vb)
            },
        );
        if half.is_none_or(|h| split::join(vb, h, &stand_ins).is_err()) {
            split::rest(vb, sections, at, &stand_ins, x, width);
        }
    }
}

/// What typesetting produces.
#[derive(Debug, Clone)]
pub struct Typeset {
    /// The pages.
    pub pages: Pages,
    /// The headings, with the page each landed on.
    pub headings: Vec<(HeadingMark, usize)>,
    /// The characters the fonts could not show.
    pub missing: Vec<Missing>,
    /// The height pages have for content.
    pub content_height: f32,
    /// The index in the vertical list of each page's first item.
    pub page_starts: Vec<usize>,
}

/// Typesets `doc` with `layout`, in its language; `paragraphs` holds the paragraphs set before
/// in the same search, and those this setting sets.
pub fn typeset(doc: &Document, layout: &Layout, fonts: &FontSet, hyphenator: &Hyphenator, paragraphs: &Paragraphs) -> Typeset {
    let locale = Locale::get(doc.meta.lang, Some(&doc.meta.locale));
    let (page_w, page_h) = layout.page.paper.size_pt();
    let p = &layout.page;
    let width = page_w - p.margin_left - p.margin_right;
    let height = page_h - p.margin_top - p.margin_bottom;
    let mut missing = Vec::new();

    // One column, or a main column and a sidebar that takes the sections the layout names.
    let c = &layout.columns;
    let (main_blocks, side_blocks) = match c.sidebar {
        Sidebar::None => (Cow::Borrowed(doc.sections.as_slice()), Vec::new()),
        _ => {
            let (main, side) = columns::split(&doc.sections, &c.sidebar_kinds);
            (Cow::Owned(main), side)
        }
    };
    let two = !side_blocks.is_empty();
    let side_w = if two { c.sidebar_width } else { 0.0 };
    let main_w = if two { width - side_w - c.gap } else { width };
    let (main_x, side_x) = match c.sidebar {
        Sidebar::Left => (p.margin_left + side_w + c.gap, p.margin_left),
        _ => (p.margin_left, p.margin_left + main_w + c.gap),
    };
    // With two columns, or on a band, the header spans the page above the columns.
    let band = layout.header.band;
    let own = paragraphs.shelf(0);
    let cx = Context { fonts, hyphenator, layout, paragraphs };
    let mut structure = Structure::default();
    let (header, head_items, above) = if two || band {
        let mut vb = cx.builder(&own, None);
        vb.header(&doc.header, p.margin_left, width);
        missing.append(&mut vb.missing);
        structure = std::mem::take(&mut vb.structure);
        let range = PageRange { start: 0, end: vb.out.len() };
        let mut placed = page::place(&mut vb.out, range, p.margin_top, &[]);
        let mut h = placed.content_height + layout.subtitle.skip_after;
        if band {
            // The band runs from the page's top to `padding` below the header, and the columns
            // start `padding` below it.
            let pad = layout.header.padding;
            let bottom = p.margin_top + placed.content_height + pad;
            let color = layout.colors.rgb(ColorName::Band);
            placed.items.insert(0, FrameItem::Rule { x: 0.0, y: 0.0, width: page_w, height: bottom, color });
            h = placed.content_height + 2.0 * pad;
        }
        (None, Some(placed), h)
    } else {
        (Some(&doc.header), None, 0.0)
    };
    let root = (&mut structure, Structure::ROOT);
    let mut main = Column::set((&cx, &own), header, &main_blocks, main_x, main_w, height, above, None, &mut missing, root);
    // The sidebar starts on the page where the author's text reaches its first section, so the
    // page reads in the author's order: main column, then sidebar.
    let shift = side_blocks.first().map_or(0, |b| main.page_of_offset(b.span.start));
    let uniform = Some((c.sidebar_size, c.sidebar_leading));
    let side_above = if shift == 0 { above } else { 0.0 };
    // The sidebar is a section of its own, read after the main column.
    let mut side = two.then(|| {
        let aside = structure.add(Structure::ROOT, StructType::Sect);
        let tree = (&mut structure, aside);
        Column::set((&cx, &own), None, &side_blocks, side_x, side_w, height, side_above, uniform, &mut missing, tree).starting_at(shift)
    });

    let count = main.ranges.len().max(side.as_ref().map_or(0, |s| s.start_page + s.ranges.len())).max(1);
    let mut pages: Vec<frame::Page> = (0..count).map(|i| main.page(i, p.margin_top)).collect();
    if let (Some(mut head), Some(first)) = (head_items, pages.first_mut()) {
        head.items.append(&mut first.items);
        head.lines.append(&mut first.lines);
        first.items = head.items;
        first.lines = head.lines;
    }
    if let Some(side) = side.as_mut() {
        let tint = layout.colors.rgb(ColorName::Sidebar);
        for (i, page) in pages.iter_mut().enumerate() {
            let mut sp = side.page(i, p.margin_top);
            // The sidebar's tint goes under everything, then its text follows the main column's,
            // so extractors read one column, then the other.
            let pad = c.gap / 2.0;
            let top = if i == 0 { p.margin_top + above - pad } else { 0.0 };
            let band = FrameItem::Rule { x: side_x - pad, y: top, width: side_w + 2.0 * pad, height: page_h - top, color: tint };
            page.items.insert(0, band);
            page.items.append(&mut sp.items);
            page.lines.append(&mut sp.lines);
            page.first_span = page.first_span.or(sp.first_span);
            page.anchors.append(&mut sp.anchors);
            page.content_height = page.content_height.max(sp.content_height);
        }
    }
    let mut headings: Vec<(HeadingMark, usize)> = main.headings();
    if let Some(side) = &side {
        headings.extend(side.headings().into_iter().map(|(mut h, page)| {
            h.item = usize::MAX;
            (h, page)
        }));
    }
    let page_starts = main.ranges.iter().map(|r| r.start).collect();
    // The footer: the last update, when the front matter dates the page, and page numbers
    // when there is more than one page. It is set flush right under the main column, below the
    // dates set flush right there, so that extractors read it after them.
    let total = pages.len();
    let updated = doc.meta.lastmod.or(doc.meta.date).map(|d| locale.updated(&d));
    for (i, page) in pages.iter_mut().enumerate() {
        let numbers = (total > 1).then(|| locale.page_label(i + 1, total));
        let label = [updated.clone(), numbers].into_iter().flatten().collect::<Vec<_>>().join("  ·  ");
        if label.is_empty() {
            continue;
        }
        if let Some(run) = footer(&label, layout, fonts, &mut missing) {
            let y = page_h - p.margin_bottom / 2.0;
            let fx = main_x + main_w - run.width();
            page.items.push(FrameItem::Text(TextRun { x: fx, y, tag: Tag::Pagination, ..run }));
        }
    }
    Typeset { pages: Pages { width: page_w, height: page_h, pages, structure }, headings, missing, content_height: height, page_starts }
}

fn footer(label: &str, layout: &Layout, fonts: &FontSet, missing: &mut Vec<Missing>) -> Option<TextRun> {
    let env = TextEnv {
        fonts,
        faces: layout.typefaces(fonts).unwrap_or_else(|_| fonts.default_typefaces()),
        role: crate::text::font::Role::Body,
        small_caps: false,
        size: layout.page.footer_size,
        color: layout.colors.rgb(ColorName::Muted),
        link_color: layout.colors.rgb(ColorName::Muted),
        code_color: layout.colors.rgb(ColorName::Muted),
        base: Default::default(),
        max_width: 1000.0,
        justify: false,
        hyphenator: None,
        words: None,
    };
    let inl = vec![crate::model::Inline::Text { text: label.to_string(), style: Default::default(), link: None, span: Default::default() }];
    let items = hlist::build(&inl, &env, missing);
    let lines = linebreak::first_fit(&items, 1000.0);
    let first = lines.first()?;
    line::set(&items, first, 0.0).into_iter().find_map(|f| match f {
        FrameItem::Text(r) => Some(r),
        _ => None,
    })
}
