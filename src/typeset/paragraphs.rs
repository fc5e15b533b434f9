//! Paragraphs already broken into lines, kept across the settings of one page-budget search.
//!
//! `--pages` sets the same résumé again and again, with less vertical space and then smaller
//! type (see [`super::fit`]). Vertical space moves no line break: a paragraph met again with
//! the same inlines, type size, position and measure takes the lines it was given before, and
//! only the vertical list around them is built anew. The widths text takes on one line (a
//! table's columns, an entry's dates) are kept the same way.
//!
//! A column's sections may be set on two threads (see [`super::split`]): each thread keeps its
//! paragraphs and words on a shelf of its own, so neither waits for the other.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hash, RandomState};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use crate::model::{Inline, TextStyle};
use crate::text::font::Role;
use crate::typeset::frame::FrameItem;
use crate::typeset::hlist::Missing;
use crate::typeset::vlist::LineInfo;
use crate::typeset::words::Words;

/// A paragraph's lines as the line breaker left them, before they are tagged.
#[derive(Debug)]
pub struct SetParagraph {
    /// Each line's frame items (baseline 0).
    pub frames: Vec<Vec<FrameItem>>,
    /// How each line was set.
    pub infos: Vec<LineInfo>,
    /// Characters the fonts lack, first occurrences in the paragraph.
    pub missing: Vec<Missing>,
}

/// Everything a paragraph's lines depend on besides its inlines: type size, left edge and
/// measure, colours (as bits), and how it is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Measure {
    /// Size, x, width, text colour, link colour.
    pub numbers: [u32; 9],
    /// Justified, hyphenated, small capitals, own link colour.
    pub switches: [bool; 4],
    /// The family.
    pub role: Role,
    /// The style every run adds.
    pub base: TextStyle,
}

/// What was made of some inlines in a measure, kept by the hash of both: a paragraph's lines,
/// or a width and the characters the fonts lack.
type Kept<T> = RefCell<HashMap<u64, Vec<(Vec<Inline>, Measure, T)>>>;

/// The paragraphs one search has set, on one shelf for each thread that sets them.
#[derive(Default)]
pub struct Paragraphs {
    shelves: [Mutex<Shelf>; 2],
}

impl Paragraphs {
    /// A store for the settings of one search.
    pub fn kept() -> Paragraphs {
        Paragraphs { shelves: [Mutex::new(Shelf::kept()), Mutex::new(Shelf::kept())] }
    }

    /// The shelf of thread `n` (0, the caller's; 1, the helper's), held until dropped.
    pub fn shelf(&self, n: usize) -> MutexGuard<'_, Shelf> {
        let [first, second] = &self.shelves;
        let shelf = if n == 0 { first } else { second };
        shelf.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The paragraphs one thread of a search has set, by the hash of what they depend on, and the
/// words it has measured.
#[derive(Default)]
pub struct Shelf {
    /// Whether paragraphs are kept: a single setting has no use for them.
    keep: bool,
    hasher: RandomState,
    set: Kept<Arc<SetParagraph>>,
    /// The widths text takes on one line (table columns, dates columns), kept as paragraphs are.
    widths: Kept<(f32, Vec<Missing>)>,
    /// Words are kept in any case: a single setting meets most of them more than once.
    words: Words,
}

impl Shelf {
    fn kept() -> Shelf {
        Shelf { keep: true, ..Shelf::default() }
    }

    /// The words measured so far.
    pub fn words(&self) -> &Words {
        &self.words
    }

    /// The width `inlines` take on one line in `measure`, with the characters the fonts lack in
    /// them: the ones taken before, or what `take` gives.
    pub fn width_or_take(&self, inlines: &[Inline], measure: Measure, take: impl FnOnce() -> (f32, Vec<Missing>)) -> (f32, Vec<Missing>) {
        self.recall(&self.widths, inlines, measure, take)
    }

    /// The lines of `inlines` in `measure`: the ones set before, or `set()`'s.
    pub fn get_or_set(&self, inlines: &[Inline], measure: Measure, set: impl FnOnce() -> SetParagraph) -> Arc<SetParagraph> {
        self.recall(&self.set, inlines, measure, || Arc::new(set()))
    }

    /// What `kept` holds for `inlines` in `measure`, or what `make` gives, kept there when this
    /// shelf keeps anything.
    fn recall<T: Clone>(&self, kept: &Kept<T>, inlines: &[Inline], measure: Measure, make: impl FnOnce() -> T) -> T {
        if !self.keep {
            return make();
        }
        let hash = self.hasher.hash_one((inlines, measure));
        let known = kept
            .borrow()
            .get(&hash)
            .and_then(|same| same.iter().find(|(i, m, _)| *m == measure && i.as_slice() == inlines).map(|(_, _, t)| t.clone()));
        if let Some(t) = known {
            return t;
        }
        let t = make();
        kept.borrow_mut().entry(hash).or_default().push((inlines.to_vec(), measure, t.clone()));
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Span;

    fn measure(width: f32) -> Measure {
        Measure {
            numbers: [10.0, 50.0, width, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0].map(f32::to_bits),
            switches: [true; 4],
            role: Role::Body,
            base: TextStyle::default(),
        }
    }

    fn empty(calls: &std::cell::Cell<u32>) -> SetParagraph {
        calls.set(calls.get() + 1);
        SetParagraph { frames: Vec::new(), infos: Vec::new(), missing: Vec::new() }
    }

    #[test]
    fn a_paragraph_is_set_once_per_measure_when_kept() {
        let text = [Inline::plain("Ten years of Rust", Span::new(0, 17))];
        let other = [Inline::plain("Ten years of Rust", Span::new(40, 57))];
        let calls = std::cell::Cell::new(0);
        let kept = Shelf::kept();
        for (inlines, width) in [(&text, 400.0), (&text, 400.0), (&text, 300.0), (&other, 400.0), (&text, 300.0)] {
            kept.get_or_set(inlines, measure(width), || empty(&calls));
        }
        assert_eq!(calls.get(), 3, "the same text and measure twice is set once; another span or measure is another paragraph");
        let single = Shelf::default();
        single.get_or_set(&text, measure(400.0), || empty(&calls));
        single.get_or_set(&text, measure(400.0), || empty(&calls));
        assert_eq!(calls.get(), 5, "a single setting keeps nothing");
    }

    #[test]
    fn a_width_is_taken_once_per_measure_when_kept_with_its_missing_characters() {
        let text = [Inline::plain("Ten years of Rust", Span::new(0, 17))];
        let lacking = Missing { ch: '\u{10FFFD}', span: Span::new(0, 17), unshaped: false };
        let calls = std::cell::Cell::new(0);
        let take = || {
            calls.set(calls.get() + 1);
            (42.0, vec![lacking.clone()])
        };
        let kept = Shelf::kept();
        for size in [400.0, 400.0, 300.0] {
            assert_eq!(kept.width_or_take(&text, measure(size), take), (42.0, vec![lacking.clone()]));
        }
        assert_eq!(calls.get(), 2, "the same text and measure is taken once, its missing characters kept with it");
        let single = Shelf::default();
        single.width_or_take(&text, measure(400.0), take);
        single.width_or_take(&text, measure(400.0), take);
        assert_eq!(calls.get(), 4, "a single setting keeps nothing");
    }
}
