//! Pagination: a vertical list → pages.
//!
//! Pages break only at legal breakpoints (glue after a box, or a penalty below infinity); of the
//! breakpoints where the page's content still fits, the last one is taken, so headings stay with
//! what follows them and paragraphs keep their first and last two lines together. When a page
//! holds no legal breakpoint at all, it is broken between boxes.

use crate::typeset::frame::{FrameItem, Page};
use crate::typeset::hlist::INFINITY;
use crate::typeset::vlist::VItem;

/// Where each page's items start and end in the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRange {
    /// First item.
    pub start: usize,
    /// One past the last item.
    pub end: usize,
}

fn is_breakpoint(list: &[VItem], i: usize) -> bool {
    match list.get(i) {
        Some(VItem::Glue { .. }) => i > 0 && matches!(list.get(i - 1), Some(VItem::Box { .. })),
        Some(VItem::Penalty { penalty }) => *penalty < INFINITY,
        _ => false,
    }
}

fn skip_discardable(list: &[VItem], mut i: usize) -> usize {
    while matches!(
        list.get(i),
        Some(VItem::Glue { .. } | VItem::Penalty { .. })
    ) {
        i += 1;
    }
    i
}

/// Splits `list` into pages whose content is at most `height` tall.
pub fn break_pages(list: &[VItem], height: f32) -> Vec<PageRange> {
    let mut pages = Vec::new();
    let mut start = 0;
    loop {
        start = skip_discardable(list, start);
        if start >= list.len() {
            break;
        }
        let mut h = 0.0f32;
        let mut best: Option<usize> = None;
        let mut last_box_end: Option<usize> = None;
        let mut i = start;
        let end = loop {
            let Some(item) = list.get(i) else {
                break list.len();
            };
            if is_breakpoint(list, i) {
                if matches!(item, VItem::Penalty { penalty } if *penalty <= -INFINITY) {
                    break i;
                }
                best = Some(i);
            }
            match item {
                VItem::Box {
                    height: bh, depth, ..
                } => {
                    if h + bh + depth > height + 0.01 && i > start {
                        // Overflow: the last legal break, else between boxes.
                        break best.or(last_box_end).unwrap_or(i);
                    }
                    h += bh + depth;
                    last_box_end = Some(i + 1);
                }
                VItem::Glue { height: gh } => h += gh,
                VItem::Penalty { .. } => {}
            }
            i += 1;
        };
        let end = end.max(start + 1);
        pages.push(PageRange { start, end });
        start = end;
    }
    pages
}

/// Places the items of `range` on a page, from `top`, and returns it.
pub fn place(list: &[VItem], range: PageRange, top: f32) -> Page {
    let mut page = Page::default();
    let mut y = top;
    let first = skip_discardable(list, range.start);
    for item in list.get(first..range.end).unwrap_or(&[]) {
        match item {
            VItem::Box {
                height,
                depth,
                items,
            } => {
                let baseline = y + height;
                page.items
                    .extend(items.iter().map(|f| f.translated(0.0, baseline)));
                y = baseline + depth;
            }
            VItem::Glue { height } => y += height,
            VItem::Penalty { .. } => {}
        }
    }
    page
}

/// The lowest point any text or rule of `page` reaches (for tests and reports).
pub fn bottom(page: &Page) -> f32 {
    page.items
        .iter()
        .map(|i| match i {
            FrameItem::Text(r) => r.y + r.size * 0.25,
            FrameItem::Rule { y, height, .. } => y + height,
            FrameItem::Link { y, height, .. } => y + height,
        })
        .fold(0.0, f32::max)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line() -> VItem {
        VItem::Box {
            height: 9.0,
            depth: 3.0,
            items: Vec::new(),
        }
    }

    #[test]
    fn fills_pages_and_respects_keeps() {
        // heading, keep, 5 lines; page fits 4 boxes.
        let mut list = vec![line(), VItem::Glue { height: 0.0 }];
        list.push(line()); // heading at index 2
        list.push(VItem::Penalty { penalty: INFINITY });
        list.push(line());
        list.push(VItem::Penalty { penalty: 0 });
        list.push(line());
        list.push(VItem::Penalty { penalty: 0 });
        list.push(line());
        let pages = break_pages(&list, 48.0);
        assert_eq!(pages.len(), 2);
        // The break is not between the heading (2) and its first line (4).
        assert!(pages[0].end != 3, "{pages:?}");
        assert_eq!(pages[0].end, 7);
    }

    #[test]
    fn heading_never_ends_a_page() {
        let mut list = Vec::new();
        for _ in 0..3 {
            list.push(line());
            list.push(VItem::Glue { height: 2.0 });
        }
        list.push(line()); // heading (index 6)
        list.push(VItem::Penalty { penalty: INFINITY });
        list.push(VItem::Glue { height: 2.0 });
        list.push(line());
        let pages = break_pages(&list, 50.0);
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0].end, 5, "breaks before the heading: {pages:?}");
    }

    #[test]
    fn unbreakable_content_is_split_between_boxes() {
        let mut list = Vec::new();
        for i in 0..10 {
            if i > 0 {
                list.push(VItem::Penalty { penalty: INFINITY });
            }
            list.push(line());
        }
        let pages = break_pages(&list, 30.0);
        assert_eq!(pages.len(), 5);
    }
}
