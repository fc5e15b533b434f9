//! Setting one broken line: its items become positioned [`TextRun`]s and link areas.

use crate::typeset::frame::{FrameItem, TextRun};
use crate::typeset::hlist::{FIL, Glyph, Ink, Item};
use crate::typeset::linebreak::Line;

/// Sets `line` of `items` at `x`, baseline 0, as frame items (text runs and links).
/// `size` is the line's type size, used for the height of link areas.
pub fn set(items: &[Item], line: &Line, x: f32) -> Vec<FrameItem> {
    let mut runs: Vec<(TextRun, Option<String>)> = Vec::new();
    let mut pen = x;
    for item in items.get(line.start..line.end).unwrap_or(&[]) {
        match item {
            Item::Box { ink, glyphs, width } => {
                push_glyphs(&mut runs, ink, glyphs, pen);
                pen += width;
            }
            Item::Glue {
                width,
                stretch,
                shrink,
                space,
            } => {
                let adjust = if line.ratio >= 0.0 {
                    if *stretch >= FIL {
                        0.0
                    } else {
                        line.ratio * stretch
                    }
                } else {
                    line.ratio * shrink
                };
                let w = width + adjust;
                if let Some((ink, glyph)) = space {
                    push_glyphs(
                        &mut runs,
                        ink,
                        &[Glyph {
                            advance: w,
                            ..glyph.clone()
                        }],
                        pen,
                    );
                }
                pen += w;
            }
            Item::Penalty { .. } => {}
        }
    }
    // A line never ends with a space glyph: it would hang past the margin in the text layer.
    if let Some((run, _)) = runs.last_mut() {
        while run.glyphs.last().is_some_and(|g| g.ch == ' ') {
            run.glyphs.pop();
        }
    }
    let mut out = Vec::new();
    let mut link_area: Option<(f32, f32, f32, String)> = None;
    for (run, link) in runs {
        if run.glyphs.is_empty() {
            continue;
        }
        let (x0, x1, size) = (run.x, run.x + run.width(), run.size);
        match (&mut link_area, link) {
            (Some((_, end, s, url)), Some(l)) if *url == l => {
                *end = x1;
                *s = s.max(size);
            }
            (area, link) => {
                if let Some((a, b, s, url)) = area.take() {
                    out.push(link_item(a, b, s, url));
                }
                *area = link.map(|url| (x0, x1, size, url));
            }
        }
        out.push(FrameItem::Text(run));
    }
    if let Some((a, b, s, url)) = link_area {
        out.push(link_item(a, b, s, url));
    }
    out
}

fn link_item(x0: f32, x1: f32, size: f32, url: String) -> FrameItem {
    FrameItem::Link {
        x: x0,
        y: -size * 0.85,
        width: x1 - x0,
        height: size * 1.1,
        url,
    }
}

fn push_glyphs(runs: &mut Vec<(TextRun, Option<String>)>, ink: &Ink, glyphs: &[Glyph], pen: f32) {
    if let Some((run, link)) = runs.last_mut() {
        let end = run.x + run.width();
        let same_ink = run.face == ink.face && run.size == ink.size && run.color == ink.color;
        // A space inside a link stays in the link's run; a link starts a new run.
        let same_link =
            *link == ink.link || (glyphs.iter().all(|g| g.ch == ' ') && ink.link.is_none());
        if same_ink && same_link && (end - pen).abs() < 0.01 {
            run.glyphs.extend_from_slice(glyphs);
            return;
        }
    }
    let run = TextRun {
        x: pen,
        y: 0.0,
        face: ink.face,
        size: ink.size,
        color: ink.color,
        glyphs: glyphs.to_vec(),
    };
    runs.push((run, ink.link.clone()));
}
