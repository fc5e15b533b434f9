//! A hyphenation dictionary of the `hyphenation` crate, read from its stored form (bincode) with
//! its exceptions in place: the crate's own reading makes a `String`, a `Vec` and a hash-map
//! entry of each of the thousand and more English exceptions, which cost more than the
//! patterns. The patterns are the crate's, and so is the matching.

use std::borrow::Cow;
use std::collections::HashMap;

use hyphenation::{Hyphenator as _, Language, Standard};
use hyphenation_commons::dictionary::{Builder, Patterns as Trie};
use rustc_hash::FxBuildHasher;
use serde::Deserialize;
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// A loaded dictionary: the crate's, with its patterns, and its exceptions apart.
pub struct Dictionary {
    /// The patterns (its own exceptions are left empty).
    patterns: Standard,
    /// The words whose breaks the dictionary lists.
    exceptions: Exceptions<'static>,
}

/// A dictionary as the crate stores it: `Standard`'s fields, in order.
#[derive(Deserialize)]
struct Stored<'a> {
    language: Language,
    patterns: Trie,
    #[serde(borrow)]
    exceptions: Exceptions<'a>,
    minima: (usize, usize),
}

/// Exceptions: each word (lowercase) and the range of its break offsets (bytes) in `points`,
/// and whether it was written with capitals.
#[derive(Default)]
struct Exceptions<'a> {
    words: HashMap<Cow<'a, str>, (std::ops::Range<usize>, bool), FxBuildHasher>,
    points: Vec<usize>,
}

impl Dictionary {
    /// The dictionary stored in `bytes`, which must be `language`'s.
    pub fn load(language: Language, bytes: &'static [u8]) -> Result<Dictionary, String> {
        let stored: Stored<'static> = bincode::deserialize(bytes).map_err(|e| e.to_string())?;
        if stored.language != language {
            return Err(format!("they are {:?}, not {language:?}", stored.language));
        }
        let builder = Builder { language: stored.language, patterns: stored.patterns, exceptions: Default::default() };
        let mut patterns = Standard::from(builder);
        patterns.minima = stored.minima;
        Ok(Dictionary { patterns, exceptions: stored.exceptions })
    }

    /// The break offsets the dictionary lists for a lowercase word, if it is an exception.
    pub fn exception(&self, lower: &str) -> Option<&[usize]> {
        self.exceptions.get(lower)
    }

    /// Where a lowercase word may break (byte offsets), as the crate decides: an exception's own
    /// breaks within the dictionary's minima, or else the patterns'.
    pub fn breaks(&self, lower: &str) -> Vec<usize> {
        match (self.exceptions.get(lower), self.patterns.boundaries(lower)) {
            (Some(points), Some((l, r))) => points.iter().copied().filter(|i| (l..=r).contains(i)).collect(),
            (Some(_), None) => Vec::new(),
            (None, _) => self.patterns.hyphenate(lower).breaks,
        }
    }
}

impl Exceptions<'_> {
    /// The break offsets the dictionary lists for `word`, if it is an exception.
    fn get(&self, word: &str) -> Option<&[usize]> {
        self.words.get(word).and_then(|(range, _)| self.points.get(range.clone()))
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Exceptions<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(ExceptionsVisitor(std::marker::PhantomData))
    }
}

struct ExceptionsVisitor<'a>(std::marker::PhantomData<&'a ()>);

impl<'de: 'a, 'a> Visitor<'de> for ExceptionsVisitor<'a> {
    type Value = Exceptions<'a>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a map from words to their break offsets")
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Exceptions<'a>, M::Error> {
        let mut out = Exceptions::default();
        out.words.reserve(map.size_hint().unwrap_or(0));
        while let Some(word) = map.next_key::<&'de str>()? {
            let start = out.points.len();
            map.next_value_seed(Points(&mut out.points))?;
            let range = start..out.points.len();
            // Words written with capitals would never match the lowercased words looked up:
            // they are kept lowercased, and win over the same word written in lowercase.
            if word.chars().any(char::is_uppercase) {
                out.words.insert(Cow::Owned(word.to_lowercase()), (range, true));
            } else if !out.words.get(word).is_some_and(|(_, capitals)| *capitals) {
                out.words.insert(Cow::Borrowed(word), (range, false));
            }
        }
        Ok(out)
    }
}

/// Reads a word's break offsets onto the end of a list.
struct Points<'v>(&'v mut Vec<usize>);

impl<'de> DeserializeSeed<'de> for Points<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Points<'_> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("break offsets")
    }

    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<(), S::Error> {
        while let Some(p) = seq.next_element::<usize>()? {
            self.0.push(p);
        }
        Ok(())
    }
}
