//! Words measured once per typesetting: where each may break and its kerned glyphs, by face,
//! size, hyphenation and characters.
//!
//! A résumé says "Rust", "the" and "2019" many times, and the page-budget search sets the same
//! text in several measures: measuring, soft breaks and Liang's patterns are paid once per
//! distinct word. Only what depends on the word alone is kept; emergency breaks depend on the
//! measure and are added by the caller.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault};

use rustc_hash::FxHasher;

use crate::text::font::FaceId;
use crate::typeset::hlist::Glyph;

/// What a word's glyphs depend on besides its characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WordKey {
    /// The face it is set in.
    pub face: FaceId,
    /// Type size, as bits.
    pub size: u32,
    /// Whether the patterns were asked for hyphenation points.
    pub hyphenate: bool,
}

/// Where a kept word's characters, breaks and glyphs are in the store (one of each a
/// character), and what it was set in.
struct Kept {
    start: usize,
    len: usize,
    key: WordKey,
}

/// The kept words' characters, `(penalty, flagged)` after each character that may break, and
/// glyphs (each kerned with the next unless a break follows), end to end: a word kept costs no
/// allocation of its own.
#[derive(Default)]
struct Store {
    chars: Vec<char>,
    breaks: Vec<Option<(i32, bool)>>,
    glyphs: Vec<Glyph>,
    index: HashMap<u64, Kept, BuildHasherDefault<FxHasher>>,
}

/// The words one typesetting has measured, by the hash of their characters and key. One store
/// serves one language: the hyphenation patterns are the document's.
#[derive(Default)]
pub struct Words {
    hasher: BuildHasherDefault<FxHasher>,
    store: RefCell<Store>,
}

impl Words {
    /// The breaks and glyphs of `chars` in `key`, written into `breaks` and `glyphs`: the ones
    /// measured before, or what `measure` writes there. A word whose hash another word holds
    /// (one in 2⁶⁴) is measured every time.
    pub fn measure(
        &self,
        chars: &[char],
        key: WordKey,
        breaks: &mut Vec<Option<(i32, bool)>>,
        glyphs: &mut Vec<Glyph>,
        measure: impl FnOnce(&mut Vec<Option<(i32, bool)>>, &mut Vec<Glyph>),
    ) {
        let hash = self.hasher.hash_one((chars, key));
        let mut store = self.store.borrow_mut();
        let Store { chars: kept_chars, breaks: kept_breaks, glyphs: kept_glyphs, index } = &mut *store;
        match index.get(&hash) {
            Some(k) if k.key == key && kept_chars.get(k.start..k.start + k.len) == Some(chars) => {
                let range = k.start..k.start + k.len;
                breaks.clear();
                breaks.extend_from_slice(kept_breaks.get(range.clone()).unwrap_or(&[]));
                glyphs.clear();
                glyphs.extend_from_slice(kept_glyphs.get(range).unwrap_or(&[]));
            }
            Some(_) => measure(breaks, glyphs),
            None => {
                measure(breaks, glyphs);
                // One glyph and one break a character: a word measured otherwise is not kept.
                if breaks.len() == chars.len() && glyphs.len() == chars.len() {
                    index.insert(hash, Kept { start: kept_chars.len(), len: chars.len(), key });
                    kept_chars.extend_from_slice(chars);
                    kept_breaks.extend_from_slice(breaks);
                    kept_glyphs.extend_from_slice(glyphs);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_is_measured_once_per_key() {
        let words = Words::default();
        let calls = std::cell::Cell::new(0);
        let key = WordKey { face: FaceId(0), size: 10f32.to_bits(), hyphenate: false };
        let (mut breaks, mut glyphs) = (Vec::new(), Vec::new());
        let mut word = |chars: &str, key: WordKey| {
            let chars: Vec<char> = chars.chars().collect();
            let n = chars.len();
            words.measure(&chars, key, &mut breaks, &mut glyphs, |b, g| {
                calls.set(calls.get() + 1);
                *b = vec![Some((n as i32, false)); n];
                *g = chars.iter().map(|&ch| Glyph { gid: 1, ch, advance: 5.0 }).collect();
            });
            breaks.clone()
        };
        assert_eq!(word("Rust", key), word("Rust", key));
        assert_eq!(calls.get(), 1, "the same word in the same key is measured once");
        assert_eq!(word("Go", key).len(), 2, "a word met before gives its own breaks");
        word("Rust", WordKey { size: 9f32.to_bits(), ..key });
        word("Rust", WordKey { hyphenate: true, ..key });
        assert_eq!(calls.get(), 4, "another word, size or hyphenation is measured anew");
    }
}
