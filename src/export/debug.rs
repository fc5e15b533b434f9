//! The `--emit layout` dump: a stable text view of pages and lines, for golden tests and for
//! eyes. Each line shows its baseline, left edge, natural width over the measure, adjustment
//! ratio, whether it ends in an added hyphen, and its text.

use std::fmt::Write as _;

use crate::typeset::frame::Pages;

/// The dump of `pages`.
pub fn layout(pages: &Pages) -> String {
    let mut out = String::new();
    let n = pages.pages.len();
    for (i, page) in pages.pages.iter().enumerate() {
        let _ = writeln!(out, "page {} of {n} ({:.2} x {:.2} pt)", i + 1, pages.width, pages.height);
        for l in &page.lines {
            let info = &l.line;
            let hyphen = if info.hyphenated { "-" } else { " " };
            let _ = writeln!(
                out,
                "  y={:7.2} x={:6.2} w={:6.2}/{:6.2} r={:+.3} {hyphen} {:?}",
                l.y, l.x, info.width, info.measure, info.ratio, info.text
            );
        }
    }
    out
}
