//! A long column set on two threads.
//!
//! A column's blocks are set one after the other, and what a block sets does not depend on the
//! blocks before it, except through a few things: where they meet, adjacent spaces do not add
//! up ([`VBuilder::space`]); and a section's title, heading levels and dates column govern its
//! blocks. So a long column is cut at the top-level block boundary nearest the middle of its
//! text; a helper thread sets the second half while the caller sets the first, and [`join`]
//! makes of the two halves the list one thread would have set:
//!
//! - the second half is set after a stand-in box, as the first half ends in a box or in space;
//!   the stand-in goes, and the spaces where the halves meet are merged;
//! - a section cut in two has its title set in the first half; the second half sets the rest
//!   under a stand-in node, with the heading levels and the dates column the first half has
//!   there ([`VBuilder::resume_section`]);
//! - the second half's structure nodes are numbered after the first half's, its stand-in
//!   nodes becoming the ones they stand for;
//! - its headings' indices move by the length of the first half;
//! - its missing characters are recorded after the first half's.
//!
//! A section kept on one page (`{.keep}`) is not cut, and neither is one with a heading inside
//! a list or a quote before the cut, whose level the second half could not know.
//!
//! Each thread measures words and keeps paragraphs on its own shelf
//! ([`crate::typeset::paragraphs::Paragraphs::shelf`]).

use std::sync::Arc;

use crate::model::{Block, BlockKind, Section};
use crate::typeset::frame::FrameItem;
use crate::typeset::hlist::Missing;
use crate::typeset::structure::{NodeId, Structure, Tag};
use crate::typeset::vlist::{HeadingMark, VBuilder, VItem};

/// Below this much source text (bytes), a column is set on one thread: the second thread costs
/// more than it saves.
pub const MIN_TEXT: usize = 6000;

/// Where the second half of a column starts: at block `block` of section `section` (at its
/// start, title and all, when `block` is 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cut {
    /// The section.
    pub section: usize,
    /// The block.
    pub block: usize,
}

/// The share of a column's text the helper sets: less than half, as it starts later than the
/// caller and measures its words anew (on seed 000, the halves end closest together near 45 %).
const HELPER_SHARE: f32 = 0.45;

/// Where to cut `sections`, when the column is long enough to be worth a second thread: the
/// top-level block boundary that leaves the helper nearest its share of the text.
pub fn cut(sections: &[Section]) -> Option<Cut> {
    let total = text(sections);
    if total < MIN_TEXT {
        return None;
    }
    let target = (total as f32 * (1.0 - HELPER_SHARE)) as usize;
    let mut best: Option<(usize, Cut)> = None;
    let mut before = 0;
    for (i, s) in sections.iter().enumerate() {
        for b in 0..s.blocks.len() {
            let at = Cut { section: i, block: b };
            let distance = before.max(target) - before.min(target);
            if (i, b) != (0, 0) && can_cut(s, b) && best.is_none_or(|(d, _)| distance < d) {
                best = Some((distance, at));
            }
            before += s.blocks.get(b).map_or(0, weight);
        }
    }
    best.map(|(_, at)| at)
}

/// How much source text `sections` hold, in bytes.
pub fn text(sections: &[Section]) -> usize {
    sections.iter().flat_map(|s| &s.blocks).map(weight).sum()
}

/// Whether section `s` can be cut before its block `b`.
fn can_cut(s: &Section, b: usize) -> bool {
    b == 0 || (!s.keep && !s.blocks.iter().take(b).any(nests_heading))
}

/// Whether `block` holds a heading inside a list or a quote (which, unlike an entry, leaves the
/// heading levels where it took them).
fn nests_heading(block: &Block) -> bool {
    let is_or_nests = |b: &Block| matches!(b.kind, BlockKind::Heading { .. }) || nests_heading(b);
    match &block.kind {
        BlockKind::Quote(inner) => inner.iter().any(is_or_nests),
        BlockKind::List { items, .. } => items.iter().flatten().any(is_or_nests),
        _ => false,
    }
}

/// How much source text a block holds.
fn weight(b: &Block) -> usize {
    b.span.end.saturating_sub(b.span.start).max(1)
}

/// Sets the first half of `sections`, cut at `at`, into `vb`; returns the nodes the second
/// half's stand-ins stand for, given `parent`, the column's node.
pub fn first_half(vb: &mut VBuilder, sections: &[Section], at: Cut, parent: NodeId, x: f32, width: f32) -> Vec<NodeId> {
    vb.sections(sections.get(..at.section).unwrap_or(&[]), x, width);
    match sections.get(at.section).filter(|_| at.block > 0) {
        Some(s) => vec![parent, vb.section(s, at.block, x, width)],
        None => vec![parent],
    }
}

/// Sets the second half of `sections`, cut at `at`, into `vb`, which has set the first half
/// (and returned `stand_ins`): what one thread does.
pub fn rest(vb: &mut VBuilder, sections: &[Section], at: Cut, stand_ins: &[NodeId], x: f32, width: f32) {
    let mut from = at.section;
    if let (Some(s), Some(&sect)) = (sections.get(at.section), stand_ins.get(1)) {
        vb.inside(sect, |b| b.blocks(s.blocks.get(at.block..).unwrap_or(&[]), x, width));
        from += 1;
    }
    vb.sections(sections.get(from..).unwrap_or(&[]), x, width);
}

/// Sets the second half of `sections`, cut at `at`, into `vb`, a builder of its own.
pub fn second_half(vb: &mut VBuilder, sections: &[Section], at: Cut, x: f32, width: f32) {
    Half::start(vb);
    let mut from = at.section;
    if at.block > 0
        && let Some(s) = sections.get(at.section)
    {
        vb.resume_section(s, at.block, x, width);
        from += 1;
    }
    vb.sections(sections.get(from..).unwrap_or(&[]), x, width);
}

/// What a helper thread set: the second half of a column.
pub struct Half {
    out: Vec<VItem>,
    missing: Vec<Missing>,
    headings: Vec<HeadingMark>,
    structure: Structure,
}

impl Half {
    /// A builder for the second half of a column: it starts after a stand-in box.
    fn start(vb: &mut VBuilder) {
        vb.out.push(VItem::Box { height: 0.0, depth: 0.0, items: Vec::new(), info: Default::default() });
    }

    /// What `vb`, started with [`Half::start`], has set.
    pub fn of(vb: VBuilder) -> Half {
        Half { out: vb.out, missing: vb.missing, headings: vb.headings, structure: vb.structure }
    }
}

/// Appends `half` to `vb` as if `vb` had set it, its stand-in nodes becoming `stand_ins`; gives
/// it back when `vb` has set nothing, where the halves cannot be joined so.
pub fn join(vb: &mut VBuilder, half: Half, stand_ins: &[NodeId]) -> Result<(), Half> {
    if vb.out.is_empty() {
        return Err(half);
    }
    let Half { out, missing, headings, structure } = half;
    let mut rest = out.into_iter().skip(1).peekable();
    // Adjacent spaces: the larger wins, as `VBuilder::space` would have had it.
    let mut merged = 0;
    if let (Some(VItem::Glue { height: last }), Some(VItem::Glue { height: next })) = (vb.out.last_mut(), rest.peek()) {
        *last = last.max(*next);
        rest.next();
        merged = 1;
    }
    let base = vb.structure.nodes.len() as NodeId;
    let n = stand_ins.len();
    let renumber = |id: NodeId| stand_ins.get(id as usize).copied().unwrap_or(base + id - n as NodeId);
    vb.structure.nodes.extend(structure.nodes.into_iter().skip(n).map(|mut n| {
        n.parent = n.parent.map(renumber);
        n
    }));
    let shift = vb.out.len();
    for mut item in rest {
        renumber_tags(&mut item, &renumber);
        vb.out.push(item);
    }
    vb.headings.extend(headings.into_iter().map(|h| HeadingMark { item: (h.item + shift).saturating_sub(1 + merged), ..h }));
    for m in missing {
        m.record(&mut vb.missing);
    }
    Ok(())
}

/// Renumbers the structure nodes `item` is tagged with, a table header it repeats included.
fn renumber_tags(item: &mut VItem, renumber: &impl Fn(NodeId) -> NodeId) {
    let VItem::Box { items, info, .. } = item else { return };
    for tag in items.iter_mut().filter_map(FrameItem::tag_mut) {
        if let Tag::Node(id) = tag {
            *id = renumber(*id);
        }
    }
    if let Some(head) = &mut info.head {
        Arc::make_mut(head).items.iter_mut().for_each(|item| renumber_tags(item, renumber));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::SourceFile;
    use crate::style::layout::Layout;
    use crate::style::locale::Locale;
    use crate::text::font::FontSet;
    use crate::text::hyphenate::Hyphenator;
    use crate::typeset::paragraphs::Shelf;

    const PAGE: &str = "---\ntitle: A Person\n---\n\
        ## Work\n\n### Engineer, Acme\n\n2019 – 2021\n\nBuilt the build \u{10FFFD} system.\n\n\
        #### Tools\n\nRust and more Rust.\n\n### Lead, Other Co\n\n2021 – now\n\n- led \u{10FFFD} a team\n- of five\n\n\
        > A quote, then space.\n\n## Projects\n\nAn introduction.\n\n#### A sub-heading\n\nIts text.\n\n\
        ##### Deeper\n\nMore text.\n\n#### Back up\n\n- a list\n- of two\n\n---\n\nAfter a rule.\n\n## Skills\n\nRust, Go, [links](https://example.org) \u{10FFFC}.\n\n\
        | a | b |\n|---|---|\n| 1 | 2 |\n\n## Talks {.keep}\n\nOne talk.\n\nTwo talks \u{10FFFC}.\n\n\
        ## Education {.pagebreak}\n\n### MSc, University\n\n2015\n\nA thesis.\n\n\
        ## Notes\n\n- an item\n\n  ### A heading in it\n\n  Its text.\n\nAfter the list.\n\n#### A heading after it\n\nThe end.\n";

    /// What a builder set, to compare.
    fn set(vb: VBuilder) -> (Vec<VItem>, Structure, Vec<HeadingMark>, Vec<Missing>) {
        (vb.out, vb.structure, vb.headings, vb.missing)
    }

    #[test]
    fn every_cut_joins_to_what_one_thread_sets() {
        let doc = crate::source::load(&SourceFile::new("t.md", PAGE.to_string()), &Default::default()).unwrap().value;
        let (fonts, layout) = (FontSet::new(), Layout::bundled("classic").unwrap());
        let hyphenator = Hyphenator::get(Locale::get(doc.meta.lang, None));
        let shelf = Shelf::default();
        let new = || VBuilder::new(&fonts, &hyphenator, &shelf, &layout);
        let (x, width) = (50.0, 400.0);
        let mut one = new();
        one.sections(&doc.sections, x, width);
        let one = set(one);
        assert!(one.3.len() == 2 && one.2.len() > 4, "the page sets headings and misses two characters: {:?}", one.3);
        let mut cuts = 0;
        for (i, s) in doc.sections.iter().enumerate() {
            for b in (0..s.blocks.len()).filter(|&b| (i, b) != (0, 0) && can_cut(s, b)) {
                let at = Cut { section: i, block: b };
                let (mut first, mut second) = (new(), new());
                let stand_ins = first_half(&mut first, &doc.sections, at, Structure::ROOT, x, width);
                second_half(&mut second, &doc.sections, at, x, width);
                assert!(join(&mut first, Half::of(second), &stand_ins).is_ok());
                let got = set(first);
                let diverge = got.0.iter().zip(&one.0).position(|(a, b)| a != b).unwrap_or(got.0.len().min(one.0.len()));
                assert!(
                    got.0 == one.0,
                    "cut at {at:?}: the lists part at item {diverge}:\n{:?}\n{:?}",
                    got.0.get(diverge),
                    one.0.get(diverge)
                );
                assert_eq!(got.1, one.1, "cut at {at:?}: the structure trees differ");
                assert_eq!(got.2, one.2, "cut at {at:?}: the headings differ");
                assert_eq!(got.3, one.3, "cut at {at:?}: the missing characters differ");
                cuts += 1;
            }
        }
        assert!(cuts >= 12, "{cuts} cuts tried");
        let talks = doc.sections.iter().position(|s| s.keep).unwrap();
        assert!(!can_cut(&doc.sections[talks], 1), "a kept section is not cut");
        let notes = doc.sections.last().unwrap();
        assert!(can_cut(notes, 0) && !can_cut(notes, 1) && !can_cut(notes, 2), "nor after a heading in a list");
    }

    #[test]
    fn a_long_column_is_cut_at_the_helpers_share_and_a_short_one_not() {
        let doc = |src: &str| crate::source::load(&SourceFile::new("t.md", src.to_string()), &Default::default()).unwrap().value;
        assert_eq!(cut(&doc(PAGE).sections), None, "too short to be worth a thread");
        let para = "Operated large fleets of servers and wrote the tools to keep them calm. ".repeat(5);
        let long: String = (0..24).map(|i| format!("Paragraph {i}: {para}\n\n")).collect();
        let at = cut(&doc(&format!("## Work\n\n{long}## Skills\n\nRust.\n")).sections).unwrap();
        assert_eq!(at, Cut { section: 0, block: 13 }, "the helper's 45 % of 24 paragraphs: 11 of them");
    }
}
