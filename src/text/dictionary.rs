//! A hyphenation dictionary of the `hyphenation` crate, read from its stored form (bincode) with
//! its exceptions in place: the crate's own reading makes a `String`, a `Vec` and a hash-map
//! entry of each of the thousand and more English exceptions, which cost more than the
//! patterns. Here each exception is its word and its break offsets where the file has them,
//! in one list searched by halves: the bundled files store them in its order
//! (`langs/hyphenation/README.md`), so reading them sorts nothing, hashes nothing and copies
//! nothing. The patterns are the crate's, and so is the matching.

use std::borrow::Cow;

use hyphenation::{Hyphenator as _, Language, Standard};
use hyphenation_commons::dictionary::{Builder, Patterns as Trie};

/// A loaded dictionary: the crate's, with its patterns, and its exceptions apart.
pub struct Dictionary {
    /// The patterns (its own exceptions are left empty).
    patterns: Standard,
    /// The words whose breaks the dictionary lists.
    exceptions: Exceptions,
}

/// Exceptions, sorted by word.
#[derive(Default)]
struct Exceptions {
    words: Vec<Exception>,
}

/// An exception: its word, lowercase, and its break offsets as the file stores them.
struct Exception {
    word: Cow<'static, str>,
    /// Little-endian `u64`s, one a break.
    points: &'static [u8],
    /// Written with capitals: such a word is kept lowercased, and wins over the same word
    /// written in lowercase.
    capitals: bool,
}

impl Exception {
    /// The order of the exceptions: by word, the one written with capitals first.
    fn key(&self) -> (&str, std::cmp::Reverse<bool>) {
        (&self.word, std::cmp::Reverse(self.capitals))
    }

    fn points(&self) -> Vec<usize> {
        self.points.as_chunks::<8>().0.iter().map(|p| usize::try_from(u64::from_le_bytes(*p)).unwrap_or(usize::MAX)).collect()
    }
}

impl Dictionary {
    /// The dictionary stored in `bytes`, which must be `language`'s. The crate stores
    /// `Standard`'s fields in order: language, patterns, exceptions, minima.
    pub fn load(language: Language, bytes: &'static [u8]) -> Result<Dictionary, String> {
        let mut rest = bytes;
        let (stored, patterns): (Language, Trie) = bincode::deserialize_from(&mut rest).map_err(|e| e.to_string())?;
        if stored != language {
            return Err(format!("they are {stored:?}, not {language:?}"));
        }
        let mut r = Reader(rest);
        let exceptions = Exceptions::read(&mut r)?;
        let minima = (r.len()?, r.len()?);
        let mut patterns = Standard::from(Builder { language, patterns, exceptions: Default::default() });
        patterns.minima = minima;
        Ok(Dictionary { patterns, exceptions })
    }

    /// The break offsets the dictionary lists for a lowercase word, if it is an exception.
    pub fn exception(&self, lower: &str) -> Option<Vec<usize>> {
        self.exceptions.get(lower).map(Exception::points)
    }

    /// Where a lowercase word may break (byte offsets), as the crate decides: an exception's own
    /// breaks within the dictionary's minima, or else the patterns'.
    pub fn breaks(&self, lower: &str) -> Vec<usize> {
        match (self.exception(lower), self.patterns.boundaries(lower)) {
            (Some(points), Some((l, r))) => points.into_iter().filter(|i| (l..=r).contains(i)).collect(),
            (Some(_), None) => Vec::new(),
            (None, _) => self.patterns.hyphenate(lower).breaks,
        }
    }
}

impl Exceptions {
    /// The exceptions stored at the start of `r`: their number, then each word and its breaks.
    fn read(r: &mut Reader) -> Result<Exceptions, String> {
        let n = r.len()?;
        let mut words: Vec<Exception> = Vec::with_capacity(n.min(r.0.len() / 16));
        let mut sorted = true;
        for _ in 0..n {
            let len = r.len()?;
            let word = std::str::from_utf8(r.bytes(len)?).map_err(|e| format!("an exception is not UTF-8: {e}"))?;
            let count = r.len()?;
            let points = r.bytes(count.saturating_mul(8))?;
            // Words written with capitals would never match the lowercased words looked up.
            let capitals = word.chars().any(char::is_uppercase);
            let word = if capitals { Cow::Owned(word.to_lowercase()) } else { Cow::Borrowed(word) };
            let e = Exception { word, points, capitals };
            sorted &= words.last().is_none_or(|last| last.key() <= e.key());
            words.push(e);
        }
        // The bundled dictionaries store their exceptions in this order; another is sorted here.
        if !sorted {
            words.sort_by(|a, b| a.key().cmp(&b.key()));
        }
        words.dedup_by(|later, first| later.word == first.word);
        Ok(Exceptions { words })
    }

    /// The exception `word` is, if any.
    fn get(&self, word: &str) -> Option<&Exception> {
        let i = self.words.binary_search_by(|e| e.word.as_ref().cmp(word)).ok()?;
        self.words.get(i)
    }
}

/// Reads bincode's lengths (little-endian `u64`s) and bytes off the front of a stored file.
struct Reader(&'static [u8]);

impl Reader {
    fn bytes(&mut self, n: usize) -> Result<&'static [u8], String> {
        let (head, rest) = self.0.split_at_checked(n).ok_or("the file ends too soon")?;
        self.0 = rest;
        Ok(head)
    }

    fn len(&mut self) -> Result<usize, String> {
        let (head, rest) = self.0.split_first_chunk::<8>().ok_or("the file ends too soon")?;
        self.0 = rest;
        usize::try_from(u64::from_le_bytes(*head)).map_err(|e| e.to_string())
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
        let bytes = stored(&[("table", &[2]), ("Ab-c", &[1]), ("zebra", &[2, 3]), ("ab-c", &[2]), ("apple", &[])]);
        let e = Exceptions::read(&mut Reader(bytes.leak())).unwrap();
        let get = |w: &str| e.get(w).map(Exception::points);
        assert_eq!(get("table"), Some(vec![2]));
        assert_eq!(get("zebra"), Some(vec![2, 3]));
        assert_eq!(get("apple"), Some(vec![]));
        assert_eq!(get("ab-c"), Some(vec![1]), "the word written with capitals wins");
        assert_eq!(get("Ab-c"), None, "words are looked up lowercase");
        assert_eq!(get("pear"), None);
    }

    #[test]
    fn a_file_cut_short_is_an_error() {
        let bytes = stored(&[("table", &[2]), ("zebra", &[2, 3])]);
        for end in 0..bytes.len() {
            let cut: &'static [u8] = bytes[..end].to_vec().leak();
            assert!(Exceptions::read(&mut Reader(cut)).is_err(), "{end} bytes");
        }
    }

    #[test]
    fn the_bundled_files_store_their_exceptions_in_order() {
        #[derive(serde::Deserialize)]
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
