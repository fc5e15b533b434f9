//! Hyphenation: where a word may break with an added hyphen, by Liang's patterns (the
//! `hyphenation` crate, en-US and French), with the care the patterns alone do not take.
//!
//! Words are given in NFC. Leading and trailing punctuation is not part of the word. URLs,
//! e-mail addresses, words with digits and words with a capital (proper nouns, employers,
//! technologies) are never hyphenated.
//! Compounds and elisions (`well-known`, `d’expérience`) are hyphenated part by part; the break
//! after a compound's own hyphen is the line breaker's, not this module's.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use hyphenation::Language;

use crate::style::locale::Locale;
use crate::text::dictionary::Dictionary;

/// The patterns compiled in, by the code a language catalogue names in `hyphenation`, each
/// loaded once per process; the first is the one for any other code. See
/// `langs/hyphenation/README.md` to add one.
static PATTERNS: [Patterns; 3] = [
    Patterns::new("en-US", Language::EnglishUS, include_bytes!("../../langs/hyphenation/en-us.standard.bincode")),
    Patterns::new("en-GB", Language::EnglishGB, include_bytes!("../../langs/hyphenation/en-gb.standard.bincode")),
    Patterns::new("fr", Language::French, include_bytes!("../../langs/hyphenation/fr.standard.bincode")),
];

/// One language's patterns, and its dictionary once loaded.
struct Patterns {
    code: &'static str,
    language: Language,
    bytes: &'static [u8],
    loaded: OnceLock<Dictionary>,
    /// Whether a thread was started to load them ([`Hyphenator::preload`]).
    preloading: AtomicBool,
}

impl Patterns {
    const fn new(code: &'static str, language: Language, bytes: &'static [u8]) -> Patterns {
        Patterns { code, language, bytes, loaded: OnceLock::new(), preloading: AtomicBool::new(false) }
    }

    /// The patterns a locale names; US English for any other.
    fn of(locale: &Locale) -> &'static Patterns {
        let [first, ..] = &PATTERNS;
        PATTERNS.iter().find(|p| p.code == locale.hyphenation).unwrap_or(first)
    }

    /// The dictionary, loaded on first use, once per process.
    fn dict(&self) -> &Dictionary {
        self.loaded.get_or_init(|| {
            // The patterns are compiled in: failing to load them is a build defect.
            #[allow(clippy::panic)]
            Dictionary::load(self.language, self.bytes).unwrap_or_else(|e| panic!("{}: bundled hyphenation patterns: {e}", self.code))
        })
    }
}

/// A language's hyphenation patterns with the minimum fragment lengths. The patterns are read
/// once per process: loading them costs more than hyphenating a whole résumé. A render has
/// them [`Hyphenator::preload`]ed on the core that is idle while the page is read; otherwise
/// they are read when a first word is hyphenated, and a page whose paragraphs all set well
/// without (TeX's first pass) never pays for them.
#[derive(Clone, Copy)]
pub struct Hyphenator {
    patterns: &'static Patterns,
    /// Fewest characters before a break.
    left_min: usize,
    /// Fewest characters after a break.
    right_min: usize,
}

impl Hyphenator {
    /// The hyphenator a locale names (`fr`, `en-US`, `en-GB`); US English for any other.
    pub fn get(locale: &Locale) -> Hyphenator {
        // French typography: two letters may stay at a line's end, three go to the next.
        Hyphenator { patterns: Patterns::of(locale), left_min: 2, right_min: 3 }
    }

    /// Starts loading the patterns on a thread of their own, after `first`, unless they are
    /// loaded or a thread is loading them (`render --all` compiles several pages of a language
    /// at once): the first word hyphenated then finds them loaded, or waits for the load under
    /// way, instead of paying for it on the thread that typesets.
    pub fn preload(&self, first: fn()) {
        let patterns = self.patterns;
        if patterns.loaded.get().is_none() && !patterns.preloading.swap(true, Ordering::Relaxed) {
            // Without a thread, the patterns are read when first needed, as before.
            let _ = crate::threads::spawn(move || {
                first();
                patterns.dict();
            });
        }
    }

    /// Char offsets inside `word` where it may break with a hyphen (the break goes before the
    /// char at the offset).
    pub fn points(&self, word: &[char]) -> Vec<usize> {
        let text: String = word.iter().collect();
        if !hyphenatable(&text) {
            return Vec::new();
        }
        // The letters: trim punctuation at both ends.
        let Some(first) = word.iter().position(|c| c.is_alphabetic()) else {
            return Vec::new();
        };
        let last = word.iter().rposition(|c| c.is_alphabetic()).unwrap_or(first);
        let mut points = Vec::new();
        // Parts between hyphens and apostrophes are hyphenated on their own.
        let mut start = first;
        for i in first..=last + 1 {
            let boundary = i > last || matches!(word.get(i), Some('-' | '\u{2010}' | '\'' | '’'));
            if boundary {
                if i > start {
                    self.part(word.get(start..i).unwrap_or(&[]), start, &mut points);
                }
                start = i + 1;
            }
        }
        points
    }

    fn part(&self, part: &[char], offset: usize, out: &mut Vec<usize>) {
        if part.len() < self.left_min + self.right_min || !part.iter().all(|c| c.is_alphabetic()) {
            return;
        }
        let lower: String = part.iter().flat_map(|c| c.to_lowercase()).collect();
        if lower.chars().count() != part.len() {
            return;
        }
        for byte in self.patterns.dict().breaks(&lower) {
            let chars = lower.get(..byte).map_or(0, |s| s.chars().count());
            if chars >= self.left_min && part.len() - chars >= self.right_min {
                out.push(offset + chars);
            }
        }
    }
}

/// Whether a word may be hyphenated at all.
fn hyphenatable(word: &str) -> bool {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() < 5 {
        return false;
    }
    if word.contains("://") || word.contains('@') || word.contains('/') || word.starts_with("www.") || word.contains('_') {
        return false;
    }
    if word.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    // No capital anywhere: proper nouns, employers and technologies are never cut (the French
    // rule "on ne coupe pas les noms propres"), and applicant-tracking systems search them whole.
    !word.chars().any(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::style::lang::Lang;

    fn hyphenator(lang: Lang) -> Hyphenator {
        Hyphenator::get(Locale::get(lang, None))
    }

    fn show(h: &Hyphenator, w: &str) -> String {
        let chars: Vec<char> = w.chars().collect();
        let points = h.points(&chars);
        let mut s = String::new();
        for (i, c) in chars.iter().enumerate() {
            if points.contains(&i) {
                s.push('-');
            }
            s.push(*c);
        }
        s
    }

    #[test]
    fn english_and_french_patterns() {
        let en = hyphenator(Lang::En);
        assert_eq!(show(&en, "hyphenation"), "hy-phen-a-tion");
        let fr = hyphenator(Lang::Fr);
        let s = show(&fr, "développement");
        assert!(s.contains('-') && s.replace('-', "") == "développement", "{s}");
    }

    #[test]
    fn preloaded_patterns_are_the_locales_own() {
        use hyphenation::{Hyphenator as _, Load, Standard};
        let gb = Hyphenator::get(Locale::get(Lang::En, Some("en-GB")));
        gb.preload(|| {});
        gb.preload(|| {});
        // Another test may have loaded them first, in this process.
        assert!(gb.patterns.preloading.load(Ordering::Relaxed) || gb.patterns.loaded.get().is_some(), "a load was started");
        let theirs = Standard::from_reader(Language::EnglishGB, &mut &*gb.patterns.bytes).unwrap();
        for word in ["organisation", "behaviour", "programme"] {
            assert_eq!(gb.patterns.dict().breaks(word), theirs.hyphenate(word).breaks, "{word}");
        }
    }

    #[test]
    fn never_hyphenated() {
        let en = hyphenator(Lang::En);
        for w in [
            "https://example.org/documentation",
            "someone@example.com",
            "Kubernetes1",
            "OpenTelemetry",
            "DEVSECOPS",
            "C3PO-like",
            "snake_case_identifier",
        ] {
            assert_eq!(show(&en, w), w, "{w}");
        }
    }

    #[test]
    fn punctuation_is_not_part_of_the_word_and_minima_hold() {
        let en = hyphenator(Lang::En);
        let s = show(&en, "(organization),");
        assert!(s.starts_with("(or") && s.ends_with("ion),"), "{s}");
        for w in ["organization", "responsibilities", "infrastructure"] {
            let chars: Vec<char> = w.chars().collect();
            for p in en.points(&chars) {
                assert!(p >= 2 && chars.len() - p >= 3, "{w} at {p}");
            }
        }
    }

    #[test]
    fn compounds_and_elisions_hyphenate_part_by_part() {
        let fr = hyphenator(Lang::Fr);
        let s = show(&fr, "d’infrastructure");
        assert!(s.starts_with("d’in"), "no break right after the elision: {s}");
        assert!(s.matches('-').count() >= 2, "{s}");
        let en = hyphenator(Lang::En);
        let s = show(&en, "well-organized");
        assert!(s.starts_with("well-or"), "{s}");
    }

    #[test]
    fn exceptions_read_in_place_hyphenate_as_the_crates_own_reading() {
        use hyphenation::{Hyphenator as _, Load, Standard};
        for p in &PATTERNS {
            let theirs = Standard::from_reader(p.language, &mut &*p.bytes).unwrap();
            let ours = p.dict();
            assert!(!theirs.exceptions.0.is_empty() || p.code == "fr", "{}", p.code);
            for (word, points) in &theirs.exceptions.0 {
                let lower = word.to_lowercase();
                let expected = theirs.hyphenate(word).breaks;
                if lower == *word {
                    assert_eq!(ours.breaks(word), expected, "{}: {word}", p.code);
                }
                assert_eq!(ours.exception(&lower), Some(points.clone()), "{}: {word}", p.code);
            }
            for word in ["hyphenation", "responsibilities", "développement", "infrastructure", "organisation"] {
                assert_eq!(ours.breaks(word), theirs.hyphenate(word).breaks, "{}: {word}", p.code);
            }
        }
    }

    #[test]
    fn capitalised_words_are_never_cut() {
        let en = hyphenator(Lang::En);
        for w in ["Responsibilities", "Administrator", "Elasticsearch", "Université"] {
            assert_eq!(show(&en, w), w);
        }
        assert_ne!(show(&en, "responsibilities"), "responsibilities");
    }
}
