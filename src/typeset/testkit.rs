//! Synthetic horizontal lists for the line breakers' unit tests: plain numbers, no fonts.

use crate::text::font::FaceId;
use crate::typeset::hlist::{Glyph, Ink, Item};

/// A box `w` wide.
pub fn bx(w: f32) -> Item {
    let ink = Ink { face: FaceId(0), size: 10.0, color: [0.0; 3], link: None, lang: None };
    Item::Box { width: w, ink, glyphs: vec![Glyph { gid: 1, ch: 'x', advance: w }] }
}

/// Inter-word glue.
pub fn glue(width: f32, stretch: f32, shrink: f32) -> Item {
    Item::Glue { width, stretch, shrink, space: None }
}

/// A paragraph of boxes `words` wide, separated by `space`, ended as TeX ends one.
pub fn para(words: &[f32], space: &Item) -> Vec<Item> {
    let mut v = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            v.push(space.clone());
        }
        v.push(bx(*w));
    }
    v.extend(Item::paragraph_end());
    v
}

/// How many boxes each line holds.
pub fn boxes_per_line(items: &[Item], lines: &[crate::typeset::linebreak::Line]) -> Vec<usize> {
    lines.iter().map(|l| items[l.start..l.end].iter().filter(|i| matches!(i, Item::Box { .. })).count()).collect()
}
