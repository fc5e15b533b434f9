//! The words cvpdf recognises in pages: month names, "present", "since", section titles, generic
//! page titles and job titles. They are data in the language catalogues (`langs/*.toml`,
//! `[vocabulary]` and `[dates] months`); every catalogue is read at once, so an English page with
//! a French heading is understood. Words are compared folded: lower case, no accents, one kind of
//! apostrophe, `æ`/`œ` spelt out.

use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::model::SectionKind;
use crate::style::lang::Lang;
use crate::style::locale::Locale;

/// A phrase as folded words (`["centres", "d'interet"]`).
type Phrase = Vec<String>;

/// Every catalogue's vocabulary, folded.
#[derive(Debug, Default)]
pub struct Words {
    present: Vec<Phrase>,
    range: Vec<Phrase>,
    since: Vec<Phrase>,
    from: Vec<Phrase>,
    at: Vec<Phrase>,
    generic_titles: Vec<String>,
    job_titles: Vec<Phrase>,
    job_qualifiers: Vec<String>,
    sections: Vec<(SectionKind, Phrase)>,
    /// The first words of the date phrases (present, range, since, from), sorted: most words of
    /// a heading open none, and are told so by one search.
    date_openers: Vec<String>,
    /// Month names, folded, with their number.
    months: Vec<(String, u8)>,
    /// Words naming a language, folded, with the language.
    languages: Vec<(Lang, String)>,
}

/// The vocabulary of every bundled catalogue.
pub fn words() -> &'static Words {
    static WORDS: OnceLock<Words> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut w = Words::default();
        for locale in Locale::all() {
            for (i, m) in locale.dates.months.iter().enumerate() {
                w.months.push((fold(m), u8::try_from(i + 1).unwrap_or(0)));
            }
            let Some(v) = &locale.vocabulary else { continue };
            if let Some(lang) = Lang::parse(&locale.tag) {
                w.languages.extend(v.language.iter().map(|l| (lang, fold(l))));
            }
            let phrases = |list: &[String]| list.iter().map(|p| fold_words(p)).filter(|p| !p.is_empty()).collect::<Vec<_>>();
            w.present.extend(phrases(&v.present));
            w.range.extend(phrases(&v.range));
            w.since.extend(phrases(&v.since));
            w.from.extend(phrases(&v.from));
            w.at.extend(phrases(&v.at));
            w.generic_titles.extend(v.generic_titles.iter().map(|t| fold_words(t).join(" ")));
            w.job_titles.extend(phrases(&v.job_titles));
            w.job_qualifiers.extend(v.job_qualifiers.iter().map(|q| fold(q)));
            for (kind, titles) in &v.sections {
                w.sections.extend(phrases(titles).into_iter().map(|p| (*kind, p)));
            }
        }
        // Longest phrases first, so "en cours" wins over "en".
        for list in [&mut w.present, &mut w.range, &mut w.since, &mut w.from, &mut w.at, &mut w.job_titles] {
            list.sort_by_key(|p| std::cmp::Reverse(p.len()));
        }
        w.sections.sort_by_key(|(_, p)| std::cmp::Reverse(p.len()));
        w.date_openers = [&w.present, &w.range, &w.since, &w.from].into_iter().flatten().filter_map(|p| p.first().cloned()).collect();
        w.date_openers.sort_unstable();
        w.date_openers.dedup();
        w
    })
}

/// `s` in lower case, without accents, with `’` as `'` and `æ`, `œ` spelt out.
pub fn fold(s: &str) -> String {
    // Most words are ASCII: no accents to strip, nothing to decompose.
    if s.is_ascii() {
        let out = s.to_ascii_lowercase();
        return if out.contains('`') { out.replace('`', "'") } else { out };
    }
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if matches!(c, '’' | '‘' | 'ʼ' | '`') { '\'' } else { c })
        .fold(String::with_capacity(s.len()), |mut out, c| {
            match c {
                'æ' => out.push_str("ae"),
                'œ' => out.push_str("oe"),
                _ => out.push(c),
            }
            out
        })
}

/// The folded words of `s`: split at white space and at `/`, `|`, `·`, trimmed of surrounding
/// punctuation (inner hyphens and apostrophes stay).
/// French elisions (`d'ingénieur`) are words of their own.
pub fn fold_words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for w in fold(s).split(|c: char| c.is_whitespace() || matches!(c, '/' | '|' | '·' | '•' | ',' | ';' | '(' | ')' | '[' | ']')) {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '$');
        let elided = ["qu'", "d'", "l'", "j'", "n'", "s'", "m'", "t'", "c'"].iter().find(|e| w.len() > e.len() + 1 && w.starts_with(**e));
        match elided {
            Some(e) => {
                out.push((*e).to_string());
                out.push(w.get(e.len()..).unwrap_or("").to_string());
            }
            None if !w.is_empty() => out.push(w.to_string()),
            None => {}
        }
    }
    out
}

/// Whether `phrase` starts at `words[i]`.
fn phrase_at(phrase: &[String], words: &[String], i: usize) -> bool {
    !phrase.is_empty() && words.get(i..i + phrase.len()).is_some_and(|w| w == phrase)
}

/// The length of the first phrase of `list` that starts at `words[i]`.
fn any_at(list: &[Phrase], words: &[String], i: usize) -> Option<usize> {
    list.iter().find(|p| phrase_at(p, words, i)).map(Vec::len)
}

impl Words {
    /// The language a short passage says it is written in ("Version française", "English
    /// version"): one of a catalogue's words for its language, in at most four words.
    pub fn language_of(&self, text: &str) -> Option<Lang> {
        let words = fold_words(text);
        if words.len() > 4 {
            return None;
        }
        self.languages.iter().find(|(_, name)| words.contains(name)).map(|(lang, _)| *lang)
    }

    /// The number of a month name or abbreviation (`févr`, `Sept`, `Dec.`), from 3 letters.
    pub fn month(&self, word: &str) -> Option<u8> {
        self.folded_month(&fold(word))
    }

    /// [`Words::month`] of a word already [`fold`]ed.
    pub fn folded_month(&self, w: &str) -> Option<u8> {
        let w = w.trim_end_matches('.');
        if w.chars().count() < 3 || !w.chars().all(char::is_alphabetic) {
            return None;
        }
        self.months.iter().find(|(m, _)| m.starts_with(w)).map(|(_, n)| *n)
    }

    /// Whether a date phrase ("until now", "to", "since", "from") may start at `words[i]`.
    pub fn opens_date_phrase(&self, words: &[String], i: usize) -> bool {
        words.get(i).is_some_and(|w| self.date_openers.binary_search(w).is_ok())
    }

    /// How many words from `words[i]` say "until now".
    pub fn present_at(&self, words: &[String], i: usize) -> Option<usize> {
        any_at(&self.present, words, i)
    }

    /// How many words from `words[i]` join two dates ("to", "à").
    pub fn range_at(&self, words: &[String], i: usize) -> Option<usize> {
        any_at(&self.range, words, i)
    }

    /// How many words from `words[i]` open a range with no end ("since").
    pub fn since_at(&self, words: &[String], i: usize) -> Option<usize> {
        any_at(&self.since, words, i)
    }

    /// How many words from `words[i]` open a range ("from").
    pub fn from_at(&self, words: &[String], i: usize) -> Option<usize> {
        any_at(&self.from, words, i)
    }

    /// How many words from `words[i]` join a role to its organisation ("at", "chez").
    pub fn at_at(&self, words: &[String], i: usize) -> Option<usize> {
        any_at(&self.at, words, i)
    }

    /// Whether a page title names the page rather than the person: "CV", "Mon CV", "About me",
    /// or a near miss of one ("Curricilum Vitæ").
    pub fn is_generic_title(&self, title: &str) -> bool {
        let t = fold_words(title).join(" ");
        if t.is_empty() {
            return true;
        }
        let chars = t.chars().count();
        // Two edits cannot bridge more than two characters of length.
        let near = |g: &str| g.len() >= 8 && g.chars().count().abs_diff(chars) <= 2 && edit_distance(g, &t) <= 2;
        self.generic_titles.iter().any(|g| *g == t || near(g))
    }

    /// The kind of a section title: the kind whose keyword comes first in it.
    pub fn section_kind(&self, title: &str) -> Option<SectionKind> {
        let words = fold_words(title);
        (0..words.len())
            .find_map(|i| self.sections.iter().find(|(_, p)| phrase_at(p, &words, i) || plural_at(p, &words, i)).map(|(k, _)| *k))
    }

    /// Whether the whole of `title` is a section title ("Experience", "About me"), not a title
    /// that merely starts with a section word ("Resume Jane Doe").
    pub fn is_section_title(&self, title: &str) -> bool {
        let words = fold_words(title);
        self.sections.iter().any(|(_, p)| p.len() == words.len() && (phrase_at(p, &words, 0) || plural_at(p, &words, 0)))
    }

    /// Where a job title starts in `words` (folded), with the qualifiers before it ("Technical
    /// Director"): the index of its first word.
    pub fn job_title_start(&self, words: &[String]) -> Option<usize> {
        let at = (0..words.len()).find(|&i| any_at(&self.job_titles, words, i).is_some())?;
        let qualifiers = words.get(..at).unwrap_or(&[]).iter().rev().take_while(|w| self.job_qualifiers.contains(w)).count();
        Some(at - qualifiers)
    }

    /// Whether `text` holds a job title ("Senior Engineer", "Ingénieure").
    pub fn has_job_title(&self, text: &str) -> bool {
        self.job_title_start(&fold_words(text)).is_some()
    }
}

/// A phrase whose last word is written in the plural (`experiences` for `experience`).
fn plural_at(phrase: &[String], words: &[String], i: usize) -> bool {
    let Some((last, first)) = phrase.split_last() else { return false };
    let n = phrase.len();
    words
        .get(i..i + n)
        .is_some_and(|w| w.get(..n - 1) == Some(first) && w.get(n - 1).is_some_and(|l| l.strip_suffix('s').is_some_and(|s| s == last)))
}

/// Levenshtein distance, for near misses of generic titles.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let cur = row.get(j + 1).copied().unwrap_or(0);
            let left = row.get(j).copied().unwrap_or(0);
            let best = (prev + usize::from(ca != *cb)).min(cur + 1).min(left + 1);
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = best;
            }
            prev = cur;
        }
    }
    row.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_passage_naming_a_language_is_in_it() {
        let w = words();
        assert_eq!(w.language_of("Version française"), Some(Lang::Fr));
        assert_eq!(w.language_of("English version"), Some(Lang::En));
        assert_eq!(w.language_of("Lyon, France"), None);
        assert_eq!(w.language_of("I teach English to engineers on Fridays"), None);
    }

    #[test]
    fn folding() {
        assert_eq!(fold("Centres d’Intérêt"), "centres d'interet");
        assert_eq!(fold("Curriculum Vitæ"), "curriculum vitae");
        assert_eq!(fold_words("Expériences professionnelles"), ["experiences", "professionnelles"]);
        assert_eq!(fold_words("Diplôme d’ingénieur"), ["diplome", "d'", "ingenieur"]);
    }

    #[test]
    fn months_and_abbreviations() {
        let w = words();
        assert_eq!(w.month("févr."), Some(2));
        assert_eq!(w.month("Sept"), Some(9));
        assert_eq!(w.month("Déc."), Some(12));
        assert_eq!(w.month("Juil."), Some(7));
        assert_eq!(w.month("juin"), Some(6));
        assert_eq!(w.month("Jun."), Some(6));
        assert_eq!(w.month("mai"), Some(5));
        assert_eq!(w.month("August"), Some(8));
        assert_eq!(w.month("to"), None);
        assert_eq!(w.month("Auj."), None);
    }

    #[test]
    fn section_kinds_by_their_first_keyword() {
        let w = words();
        assert_eq!(w.section_kind("Professionnal experiences"), Some(SectionKind::Experience));
        assert_eq!(w.section_kind("Expériences professionnelles"), Some(SectionKind::Experience));
        assert_eq!(w.section_kind("Volunteering Experiences"), Some(SectionKind::Volunteering));
        assert_eq!(w.section_kind("Programming languages"), Some(SectionKind::Skills));
        assert_eq!(w.section_kind("Langues"), Some(SectionKind::Languages));
        assert_eq!(w.section_kind("Centres d’intérêt"), Some(SectionKind::Interests));
        assert_eq!(w.section_kind("Formation"), Some(SectionKind::Education));
        assert_eq!(w.section_kind("Top 3 Books"), None);
        assert_eq!(w.section_kind("Workshops"), None);
    }

    #[test]
    fn generic_titles_and_near_misses() {
        let w = words();
        for t in ["CV", "Mon CV", "Resume", "Curriculum Vitae", "Curricilum Vitæ", "About me", "À propos", "$ whoami", ""] {
            assert!(w.is_generic_title(t), "{t}");
        }
        for t in ["Jane Doe", "Élise Marchand", "Experience"] {
            assert!(!w.is_generic_title(t), "{t}");
        }
    }

    #[test]
    fn job_titles_with_their_qualifiers() {
        let w = words();
        let words = fold_words("Romain Dauby Technical Director, Architect, CTO");
        assert_eq!(w.job_title_start(&words), Some(2));
        assert_eq!(w.job_title_start(&fold_words("Jane Doe Senior Software Engineer")), Some(2));
        assert_eq!(w.job_title_start(&fold_words("Jeanne Martin Ingénieure logiciel")), Some(2));
        assert_eq!(w.job_title_start(&fold_words("Jane Doe")), None);
    }
}
