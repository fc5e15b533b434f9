//! A hyphenation dictionary of the `hyphenation` crate, read from its stored form (bincode) with
//! its exceptions in place: the crate's own reading makes a `String`, a `Vec` and a hash-map
//! entry of each of the thousand and more English exceptions, which cost more than the
//! patterns. Here they are one list, searched by halves: the bundled files store them in its
//! order (`langs/hyphenation/README.md`), so reading them sorts nothing and hashes nothing.
//! The patterns are the crate's, and so is the matching.

use std::borrow::Cow;

use hyphenation::{Hyphenator as _, Language, Standard};
use hyphenation_commons::dictionary::{Builder, Patterns as Trie};
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

/// Exceptions, sorted by word, and their break offsets (bytes) end to end.
#[derive(Default)]
struct Exceptions<'a> {
    words: Vec<Exception<'a>>,
    points: Vec<usize>,
}

/// An exception: its word, lowercase, and the range of its breaks in [`Exceptions::points`].
struct Exception<'a> {
    word: Cow<'a, str>,
    points: std::ops::Range<usize>,
    /// Written with capitals: such a word is kept lowercased, and wins over the same word
    /// written in lowercase.
    capitals: bool,
}

impl Exception<'_> {
    /// The order of the exceptions: by word, the one written with capitals first.
    fn key(&self) -> (&str, std::cmp::Reverse<bool>) {
        (&self.word, std::cmp::Reverse(self.capitals))
    }
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
        let i = self.words.binary_search_by(|e| e.word.as_ref().cmp(word)).ok()?;
        self.words.get(i).and_then(|e| self.points.get(e.points.clone()))
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
        let mut sorted = true;
        while let Some(word) = map.next_key::<&'de str>()? {
            let start = out.points.len();
            map.next_value_seed(Points(&mut out.points))?;
            // Words written with capitals would never match the lowercased words looked up.
            let capitals = word.chars().any(char::is_uppercase);
            let word = if capitals { Cow::Owned(word.to_lowercase()) } else { Cow::Borrowed(word) };
            let e = Exception { word, points: start..out.points.len(), capitals };
            sorted &= out.words.last().is_none_or(|last| last.key() <= e.key());
            out.words.push(e);
        }
        // The bundled dictionaries store their exceptions in this order; another is sorted here.
        if !sorted {
            out.words.sort_by(|a, b| a.key().cmp(&b.key()));
        }
        out.words.dedup_by(|later, first| later.word == first.word);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A stored map of exceptions, in the order given.
    fn stored(entries: &[(&str, &[usize])]) -> Vec<u8> {
        let entries: Vec<(&str, &[usize])> = entries.to_vec();
        bincode::serialize(&entries).unwrap()
    }

    #[test]
    fn exceptions_in_any_order_are_found_and_capitals_win() {
        let bytes = stored(&[("table", &[2]), ("Ab-c", &[1]), ("zebra", &[2]), ("ab-c", &[2]), ("apple", &[])]);
        let e: Exceptions = bincode::deserialize(&bytes).unwrap();
        assert_eq!(e.get("table"), Some(&[2][..]));
        assert_eq!(e.get("zebra"), Some(&[2][..]));
        assert_eq!(e.get("apple"), Some(&[][..]));
        assert_eq!(e.get("ab-c"), Some(&[1][..]), "the word written with capitals wins");
        assert_eq!(e.get("Ab-c"), None, "words are looked up lowercase");
        assert_eq!(e.get("pear"), None);
    }

    #[test]
    fn the_bundled_files_store_their_exceptions_in_order() {
        #[derive(Deserialize)]
        struct Raw {
            _language: Language,
            _patterns: Trie,
            exceptions: Vec<(String, Vec<usize>)>,
        }
        for (name, bytes) in [
            ("en-us", &include_bytes!("../../langs/hyphenation/en-us.standard.bincode")[..]),
            ("en-gb", include_bytes!("../../langs/hyphenation/en-gb.standard.bincode")),
            ("fr", include_bytes!("../../langs/hyphenation/fr.standard.bincode")),
        ] {
            let raw: Raw = bincode::deserialize(bytes).unwrap();
            let keys: Vec<(String, std::cmp::Reverse<bool>)> =
                raw.exceptions.iter().map(|(w, _)| (w.to_lowercase(), std::cmp::Reverse(w.chars().any(char::is_uppercase)))).collect();
            assert!(keys.is_sorted(), "{name}: its exceptions are not in order; see langs/hyphenation/README.md");
        }
    }
}
