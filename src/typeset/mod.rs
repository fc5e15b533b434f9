//! Typesetting: the intermediate document → positioned pages.
//!
//! Steps: [`hlist`] turns inline content into boxes, glue and penalties; [`knuth_plass`] breaks
//! them into lines ([`linebreak`] has the first-fit breaker and the line measure); [`line`] sets
//! each line; [`vlist`] stacks lines and blocks with their keeps; [`page`] breaks the stack into
//! pages; [`fit`] solves page budgets; [`frame`] is the positioned result.

pub mod fit;
pub mod frame;
pub mod hlist;
pub mod knuth_plass;
pub mod line;
pub mod linebreak;
pub mod page;
pub mod vlist;

#[cfg(test)]
mod testkit;

use crate::model::Document;
use crate::style::layout::Layout;
use crate::style::locale::Locale;
use crate::text::font::FontSet;
use crate::text::hyphenate::Hyphenator;
use crate::typeset::frame::{FrameItem, Pages, TextRun};
use crate::typeset::hlist::{Missing, TextEnv};
use crate::typeset::vlist::HeadingMark;

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

/// Typesets `doc` with `layout`, in the language of `locale`.
pub fn typeset(
    doc: &Document,
    layout: &Layout,
    locale: &Locale,
    fonts: &FontSet,
    hyphenator: &Hyphenator,
) -> Typeset {
    let (page_w, page_h) = layout.page.paper.size_pt();
    let p = &layout.page;
    let x = p.margin_left;
    let width = page_w - p.margin_left - p.margin_right;
    let height = page_h - p.margin_top - p.margin_bottom;

    let mut vb = vlist::VBuilder::new(fonts, hyphenator, layout);
    vb.header(&doc.header, x, width);
    vb.blocks(&doc.blocks, x, width);
    let list = vb.out;
    let mut missing = vb.missing;

    let ranges = page::break_pages(&list, height);
    let mut pages: Vec<_> = ranges
        .iter()
        .map(|r| page::place(&list, *r, p.margin_top))
        .collect();
    let headings = vb
        .headings
        .into_iter()
        .map(|h| {
            let page = ranges.iter().position(|r| h.item < r.end).unwrap_or(0);
            (h, page)
        })
        .collect();
    if pages.is_empty() {
        pages.push(frame::Page::default());
    }
    // The footer: the last update, when the front matter dates the page, and page numbers
    // when there is more than one page.
    let total = pages.len();
    let updated = doc
        .meta
        .lastmod
        .as_deref()
        .or(doc.meta.date.as_deref())
        .and_then(|d| locale.updated(d));
    for (i, page) in pages.iter_mut().enumerate() {
        let numbers = (total > 1).then(|| locale.page_label(i + 1, total));
        let label = [updated.clone(), numbers]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("  ·  ");
        if label.is_empty() {
            continue;
        }
        if let Some(run) = footer(&label, layout, fonts, &mut missing) {
            let y = page_h - p.margin_bottom / 2.0;
            let fx = (page_w - run.width()) / 2.0;
            page.items
                .push(FrameItem::Text(TextRun { x: fx, y, ..run }));
        }
    }
    let page_starts = ranges.iter().map(|r| r.start).collect();
    Typeset {
        pages: Pages {
            width: page_w,
            height: page_h,
            pages,
        },
        headings,
        missing,
        content_height: height,
        page_starts,
    }
}

fn footer(
    label: &str,
    layout: &Layout,
    fonts: &FontSet,
    missing: &mut Vec<Missing>,
) -> Option<TextRun> {
    let env = TextEnv {
        fonts,
        size: layout.page.footer_size,
        color: layout.colors.rgb("muted"),
        link_color: layout.colors.rgb("muted"),
        code_color: layout.colors.rgb("muted"),
        base: Default::default(),
        max_width: 1000.0,
        justify: false,
        hyphenator: None,
    };
    let inl = vec![crate::model::Inline::Text {
        text: label.to_string(),
        style: Default::default(),
        link: None,
        span: Default::default(),
    }];
    let items = hlist::build(&inl, &env, missing);
    let lines = linebreak::first_fit(&items, 1000.0);
    let first = lines.first()?;
    line::set(&items, first, 0.0)
        .into_iter()
        .find_map(|f| match f {
            FrameItem::Text(r) => Some(r),
            _ => None,
        })
}
