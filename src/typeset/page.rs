//! Pagination: a vertical list → pages, broken by cost over the whole document (total fit, as
//! Knuth-Plass does for lines), not greedily.
//!
//! Pages break only at legal breakpoints: glue after a box, or a penalty below infinity. Keeps
//! are infinite penalties, so a heading never ends a page and a paragraph keeps its first and
//! last two lines together; negative penalties (before sections and entries) are where a break
//! reads best. Each page costs a fixed amount (fewest pages first), plus the penalty it breaks
//! at, plus its hole: a page followed by another should end within 10% of its bottom, and every
//! point above that costs dearly, so a hole is left only where keeps force one. A short last
//! page costs nothing. Only when a stretch of the list taller than a page has no legal
//! breakpoint is it broken between boxes, at a prohibitive cost. A page that starts inside a
//! table repeats the table's header row.

use crate::typeset::frame::{Anchor, Page, PlacedLine};
use crate::typeset::hlist::INFINITY;
use crate::typeset::structure::Tag;
use crate::typeset::vlist::{HeadingMark, VItem};

/// Where each page's items start and end in the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRange {
    /// First item.
    pub start: usize,
    /// One past the last item.
    pub end: usize,
}

/// Cost of each page: fewer pages always win.
const PAGE_COST: f64 = 1.0e6;
/// A page followed by another should be at least this full.
const FULL: f64 = 0.9;
/// Cost of a hole: the page's shortfall below [`FULL`], as a fraction of the page.
const HOLE_COST: f64 = 2.0e5;
/// Weight of a page's empty fraction, squared: fuller pages win among those without holes.
const UNDERFILL_COST: f64 = 2_000.0;
/// A last page this short (a line or two) costs a little.
const LAST_PAGE_FILL: f64 = 0.08;
/// Weight of the last page's shortfall below [`LAST_PAGE_FILL`].
const LAST_PAGE_COST: f64 = 2_000.0;
/// Cost of breaking between boxes where no legal breakpoint fits.
const FORCED_BREAK_COST: f64 = 1.0e5;

fn is_breakpoint(list: &[VItem], i: usize) -> bool {
    match list.get(i) {
        Some(VItem::Glue { .. }) => i > 0 && matches!(list.get(i - 1), Some(VItem::Box { .. })),
        Some(VItem::Penalty { penalty }) => *penalty < INFINITY,
        _ => false,
    }
}

fn skip_discardable(list: &[VItem], mut i: usize) -> usize {
    while matches!(list.get(i), Some(VItem::Glue { .. } | VItem::Penalty { .. })) {
        i += 1;
    }
    i
}

/// A place the list may break: the item index and what breaking there costs.
#[derive(Debug, Clone, Copy)]
struct Break {
    at: usize,
    cost: f64,
}

/// Splits `list` into pages whose content is at most `height` tall (`first` on the first page,
/// which may have a header above it).
// Indexing here is into the prefix sums (`n + 1` long) and the arrays of candidate breaks this
// function builds, at positions from their own ranges: never past their ends, whatever the input.
#[allow(clippy::indexing_slicing)]
pub fn break_pages(list: &[VItem], height: f32, first: f32) -> Vec<PageRange> {
    let n = list.len();
    if skip_discardable(list, 0) >= n {
        return Vec::new();
    }
    // Prefix heights and box counts: sum[i] and boxes[i] cover list[..i].
    let mut sum = vec![0.0f64; n + 1];
    let mut boxes = vec![0usize; n + 1];
    for (i, item) in list.iter().enumerate() {
        let h = match item {
            VItem::Box { height, depth, .. } => height + depth,
            VItem::Glue { height } => *height,
            VItem::Penalty { .. } => 0.0,
        };
        sum[i + 1] = sum[i] + f64::from(h);
        boxes[i + 1] = boxes[i] + usize::from(matches!(item, VItem::Box { .. }));
    }
    // Candidate breaks: legal ones, then every box boundary as a last resort; the end last.
    let mut breaks: Vec<Break> = Vec::new();
    for i in 1..n {
        if is_breakpoint(list, i) {
            let p = match list[i] {
                VItem::Penalty { penalty } => f64::from(penalty),
                _ => 0.0,
            };
            breaks.push(Break { at: i, cost: p });
        } else if matches!(list[i - 1], VItem::Box { .. }) && matches!(list[i], VItem::Box { .. } | VItem::Penalty { .. }) {
            breaks.push(Break { at: i, cost: FORCED_BREAK_COST });
        }
    }
    breaks.push(Break { at: n, cost: 0.0 });
    let forced: Vec<bool> =
        breaks.iter().map(|b| matches!(list.get(b.at), Some(VItem::Penalty { penalty }) if *penalty <= -INFINITY)).collect();
    // Where a page that follows each break starts, and the table header it repeats there.
    let page_start = |from: usize| {
        let start = skip_discardable(list, from);
        (start, f64::from(repeated_head(list, start)))
    };
    let first_start = page_start(0);
    let after: Vec<(usize, f64)> = breaks.iter().map(|b| page_start(b.at + 1)).collect();

    let (rest_height, first_height) = (f64::from(height), f64::from(first));
    // best[k]: least cost of pages ending at breaks[k]; from[k]: the break before (None: start).
    let mut best = vec![f64::INFINITY; breaks.len()];
    let mut from: Vec<Option<usize>> = vec![None; breaks.len()];
    let last = breaks.len() - 1;
    for k in 0..breaks.len() {
        let end = breaks[k].at;
        // Pages may start at the list's start or after any earlier break; scan back until the
        // content no longer fits, or a forced break (which every page must end at) is crossed.
        let mut j = k;
        loop {
            let ((start, head), prev_cost, prev) = if j == 0 { (first_start, 0.0, None) } else { (after[j - 1], best[j - 1], Some(j - 1)) };
            let height = if prev.is_none() { first_height } else { rest_height };
            if start <= end && prev_cost.is_finite() {
                let content = sum[end] - sum[start] + head;
                let single_box = content > height && boxes[end] - boxes[start] <= 1;
                if content <= height + 0.01 || single_box {
                    let fill = (content / height).min(1.0);
                    let shape = if k == last {
                        LAST_PAGE_COST * (LAST_PAGE_FILL - fill).max(0.0) / LAST_PAGE_FILL
                    } else {
                        HOLE_COST * (FULL - fill).max(0.0) + UNDERFILL_COST * (1.0 - fill).powi(2)
                    };
                    let total = prev_cost + PAGE_COST + breaks[k].cost + shape + if single_box { FORCED_BREAK_COST } else { 0.0 };
                    if total < best[k] {
                        best[k] = total;
                        from[k] = prev;
                    }
                } else if start < end {
                    break;
                }
            }
            // Starting earlier would put break j - 1 inside the page: never a forced one.
            if j == 0 || forced[j - 1] {
                break;
            }
            j -= 1;
        }
    }
    let mut ends = Vec::new();
    let mut cur = Some(last);
    while let Some(k) = cur {
        ends.push(k);
        cur = from[k];
    }
    ends.reverse();
    let mut pages = Vec::with_capacity(ends.len());
    let mut start = 0;
    for k in ends {
        let end = breaks[k].at;
        let s = skip_discardable(list, start);
        if s < end {
            pages.push(PageRange { start: s, end });
        }
        start = end;
    }
    pages
}

/// The height of the table header a page starting at `start` repeats (0 when it starts outside a
/// table, or with the header itself).
fn repeated_head(list: &[VItem], start: usize) -> f32 {
    match list.get(start) {
        Some(VItem::Box { info, .. }) => info.head.as_ref().map_or(0.0, |h| h.height()),
        _ => 0.0,
    }
}

/// Places the items of `range` on a page, from `top`, and returns it; `marks` are the list's
/// headings, anchored where their first box lands. The boxes' drawings move to the page.
pub fn place(list: &mut [VItem], range: PageRange, top: f32, marks: &[HeadingMark]) -> Page {
    let mut page = Page::default();
    let mut y = top;
    let first = skip_discardable(list, range.start);
    let mut pending = marks.iter().filter(|m| m.item >= range.start && m.item < range.end).peekable();
    // A page that starts inside a table repeats its header first.
    if let Some(VItem::Box { info, .. }) = list.get(first)
        && let Some(head) = info.head.clone()
    {
        for item in &head.items {
            if let VItem::Box { height, depth, items, .. } = item {
                let baseline = y + *height;
                // A copy, not content: the header was read where the table starts.
                page.items.extend(items.iter().map(|f| {
                    let mut copy = f.translated(0.0, baseline);
                    copy.retag(Tag::Pagination);
                    copy
                }));
                y = baseline + *depth;
            } else if let VItem::Glue { height } = item {
                y += *height;
            }
        }
    }
    for (i, item) in list.iter_mut().enumerate().take(range.end).skip(first) {
        match item {
            VItem::Box { height, depth, items, info } => {
                while let Some(m) = pending.next_if(|m| m.item <= i) {
                    page.anchors.push(Anchor { kind: m.kind, title: m.title.clone(), id: m.id.clone(), y });
                }
                if page.first_span.is_none() {
                    page.first_span = info.span;
                }
                let baseline = y + *height;
                if let Some(line) = info.line.take() {
                    page.lines.push(PlacedLine { x: line.x, y: baseline, line });
                }
                page.items.extend(std::mem::take(items).into_iter().map(|mut f| {
                    f.translate(0.0, baseline);
                    f
                }));
                y = baseline + *depth;
            }
            VItem::Glue { height } => y += *height,
            VItem::Penalty { .. } => {}
        }
    }
    page.content_height = y - top;
    page
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::vlist::BoxInfo;

    fn line() -> VItem {
        VItem::Box { height: 9.0, depth: 3.0, items: Vec::new(), info: BoxInfo::default() }
    }

    fn fill(list: &[VItem], r: PageRange) -> usize {
        list[r.start..r.end].iter().filter(|i| matches!(i, VItem::Box { .. })).count()
    }

    /// `n` lines with `penalty` between each two.
    fn lines(n: usize, penalty: i32) -> Vec<VItem> {
        let mut list = vec![line()];
        for _ in 1..n {
            list.push(VItem::Penalty { penalty });
            list.push(line());
        }
        list
    }

    #[test]
    fn fills_pages_and_respects_keeps() {
        // A line, then a heading kept with four lines; a page holds four boxes.
        let mut list = vec![line(), VItem::Glue { height: 0.0 }];
        list.push(line()); // heading at index 2
        list.push(VItem::Penalty { penalty: INFINITY });
        for i in 0..4 {
            if i > 0 {
                list.push(VItem::Penalty { penalty: if i == 1 || i == 3 { INFINITY } else { 0 } });
            }
            list.push(line());
        }
        let pages = break_pages(&list, 48.0, 48.0);
        assert_eq!(pages.len(), 2, "{pages:?}");
        // The heading is not separated from its first line, nor the club line from the first.
        for p in &pages {
            assert!(
                !matches!(list[p.end - 1], VItem::Box { .. })
                    || p.end == list.len()
                    || !matches!(list[p.end], VItem::Penalty { penalty: INFINITY })
            );
        }
        assert!(pages[0].end != 3 && pages[0].end != 5, "{pages:?}");
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
        let pages = break_pages(&list, 50.0, 50.0);
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0].end, 5, "breaks before the heading: {pages:?}");
    }

    #[test]
    fn unbreakable_content_is_split_between_boxes() {
        let list = lines(10, INFINITY);
        let pages = break_pages(&list, 30.0, 30.0);
        assert_eq!(pages.len(), 5);
        assert!(pages.iter().all(|p| fill(&list, *p) == 2));
    }

    #[test]
    fn pages_before_the_last_are_full_and_the_last_may_be_short() {
        // 21 free lines, 10 a page: no hole is opened to feed the last page.
        let list = lines(21, 0);
        let pages = break_pages(&list, 120.0, 120.0);
        assert_eq!(pages.iter().map(|p| fill(&list, *p)).collect::<Vec<_>>(), [10, 10, 1]);
    }

    #[test]
    fn a_shorter_first_page_holds_less() {
        let list = lines(8, 0);
        let pages = break_pages(&list, 60.0, 36.0);
        assert_eq!(fill(&list, pages[0]), 3);
        assert_eq!(pages.len(), 2);
    }

    #[test]
    fn forced_breaks_are_honoured() {
        let list = vec![line(), VItem::Penalty { penalty: -INFINITY }, line()];
        let pages = break_pages(&list, 500.0, 500.0);
        assert_eq!(pages.len(), 2);
    }
}
