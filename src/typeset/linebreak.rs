//! Breaking a horizontal list into lines.
//!
//! [`first_fit`] is the simple breaker: each line takes as much as fits, shrinking glue if it
//! must. It returns the same [`Line`]s a total-fit (Knuth-Plass) breaker does, so callers do not
//! change when the algorithm does.

use crate::typeset::hlist::{FIL, INFINITY, Item};

/// One line: the items `start..end` of the list, broken at `end`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Line {
    /// First item (after the discardable items at a break).
    pub start: usize,
    /// The break item; not part of the line.
    pub end: usize,
    /// Adjustment ratio: > 0 stretches glue, < 0 shrinks it.
    pub ratio: f32,
    /// Natural width, before adjustment.
    pub natural: f32,
    /// The line ends at a flagged (hyphen) penalty.
    pub hyphenated: bool,
    /// The line ends inside a word (a hyphenation, a URL or compound break).
    pub in_word: bool,
}

/// Whether item `i` is a legal breakpoint (TeX's rules: glue after a box, or a penalty below
/// [`INFINITY`]).
pub fn is_breakpoint(items: &[Item], i: usize) -> bool {
    match items.get(i) {
        Some(Item::Glue { .. }) => i > 0 && matches!(items.get(i - 1), Some(Item::Box { .. })),
        Some(Item::Penalty { penalty, .. }) => *penalty < INFINITY,
        _ => false,
    }
}

/// Skips the glue and penalties that vanish at the start of a line.
fn skip_discardable(items: &[Item], mut i: usize) -> usize {
    while matches!(items.get(i), Some(Item::Glue { .. } | Item::Penalty { .. })) {
        i += 1;
    }
    i
}

/// Breaks `items` first-fit into lines `width` wide.
pub fn first_fit(items: &[Item], width: f32) -> Vec<Line> {
    let mut breaks = Vec::new();
    let mut start = 0;
    loop {
        start = skip_discardable(items, start);
        if start >= items.len() {
            break;
        }
        let (mut w, mut shrink) = (0.0f32, 0.0f32);
        let mut best: Option<usize> = None;
        let mut i = start;
        let chosen = loop {
            let Some(item) = items.get(i) else {
                break best.unwrap_or(items.len());
            };
            if is_breakpoint(items, i) {
                let pw = match item {
                    Item::Penalty { width, .. } => *width,
                    _ => 0.0,
                };
                if w + pw <= width + shrink + 1e-3 {
                    if matches!(item, Item::Penalty { penalty, .. } if *penalty <= -INFINITY) {
                        break i;
                    }
                    best = Some(i);
                } else {
                    break best.unwrap_or(i);
                }
            }
            match item {
                Item::Box { width: bw, .. } => w += bw,
                Item::Glue { width: gw, shrink: gs, .. } => {
                    w += gw;
                    shrink += gs;
                }
                Item::Penalty { .. } => {}
            }
            i += 1;
        };
        breaks.push(measure(items, start, chosen, width));
        start = chosen + 1;
    }
    breaks
}

/// The line `start..end` of `items`, with its adjustment ratio for `width`.
pub fn measure(items: &[Item], start: usize, end: usize, width: f32) -> Line {
    let (mut natural, mut stretch, mut shrink) = (0.0f32, 0.0f32, 0.0f32);
    for item in items.get(start..end).unwrap_or(&[]) {
        match item {
            Item::Box { width, .. } => natural += width,
            Item::Glue { width, stretch: st, shrink: sh, .. } => {
                natural += width;
                stretch += st;
                shrink += sh;
            }
            Item::Penalty { .. } => {}
        }
    }
    let (pw, hyphenated, in_word) = match items.get(end) {
        Some(Item::Penalty { width, flagged, penalty, .. }) => (*width, *flagged, *penalty > -INFINITY),
        _ => (0.0, false, false),
    };
    natural += pw;
    let ratio = if natural < width {
        if stretch >= FIL || stretch <= 0.0 { 0.0 } else { (width - natural) / stretch }
    } else if natural > width && shrink > 0.0 {
        ((width - natural) / shrink).max(-1.0)
    } else {
        0.0
    };
    Line { start, end, ratio, natural, hyphenated, in_word }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::testkit::{boxes_per_line, glue, para};

    fn space() -> Item {
        glue(3.0, 1.5, 1.0)
    }

    #[test]
    fn fills_lines_and_justifies_all_but_the_last() {
        let items = para(&[10.0, 10.0, 10.0, 10.0, 10.0], &space());
        let lines = first_fit(&items, 40.0);
        assert_eq!(boxes_per_line(&items, &lines), vec![3, 2]);
        // 3 words + 2 spaces = 36 natural; 4 of stretch to fill over 3.0 stretch.
        assert_eq!((lines[0].start, lines[0].end), (0, 5));
        assert!((lines[0].ratio - 4.0 / 3.0).abs() < 1e-4);
        assert_eq!(lines[1].ratio, 0.0);
    }

    #[test]
    fn shrinks_rather_than_breaking_when_it_fits() {
        let items = para(&[10.0, 10.0, 10.0, 10.0], &space());
        // natural 49 with 3 shrinkable spaces of 1.0: fits in 46.
        let lines = first_fit(&items, 46.0);
        assert_eq!(lines.len(), 1);
        assert!((lines[0].ratio + 1.0).abs() < 1e-4);
    }

    #[test]
    fn never_loses_an_item_and_lines_never_exceed_the_width_when_breakable() {
        let items = para(&[12.0, 7.0, 30.0, 2.0, 19.0, 25.0, 8.0, 8.0, 8.0, 40.0], &space());
        let lines = first_fit(&items, 45.0);
        for l in &lines {
            assert!(l.natural + l.ratio.min(0.0) * 10.0 <= 45.0 + 10.0, "{l:?}");
        }
        assert_eq!(boxes_per_line(&items, &lines).iter().sum::<usize>(), 10);
    }
}
