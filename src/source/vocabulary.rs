//! The words cvpdf recognises in pages: month names, "present", "since", section titles, generic
//! page titles and job titles. They are data in the language catalogues (`langs/*.toml`,
//! `[vocabulary]` and `[dates] months`); every catalogue is read at once, so an English page with
//! a French heading is understood. Words are compared [`fold`]ed: lower case, no accents, one
//! kind of apostrophe, `æ`/`œ` spelt out. build.rs folds the catalogues' words when cvpdf is
//! built, so a run only gathers them.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

use rustc_hash::FxHasher;

use crate::model::SectionKind;
use crate::style::lang::Lang;

pub use crate::source::fold::{fold, fold_words};

/// A phrase as folded words (`["centres", "d'interet"]`).
type Phrase = &'static [&'static str];

/// One catalogue's vocabulary and month names, folded by build.rs with [`fold`] and
/// [`fold_words`] (`OUT_DIR/langs/*.folded.rs`); a catalogue without a vocabulary has only its
/// months. Phrases that fold to no word are left out.
struct Folded {
    months: &'static [&'static str],
    /// Each season's folded name and the month it stands for.
    seasons: &'static [(&'static str, u8)],
    present: &'static [Phrase],
    range: &'static [Phrase],
    since: &'static [Phrase],
    from: &'static [Phrase],
    at: &'static [Phrase],
    /// Each title's folded words, joined by a space.
    generic_titles: &'static [&'static str],
    /// Each placeholder name's folded words, joined by a space.
    placeholder_names: &'static [&'static str],
    job_titles: &'static [Phrase],
    job_qualifiers: &'static [&'static str],
    title_words: &'static [&'static str],
    language: &'static [&'static str],
    /// Each label's folded words, joined by a space.
    date_labels: &'static [&'static str],
    place_labels: &'static [&'static str],
    organisation_labels: &'static [&'static str],
    role_labels: &'static [&'static str],
    /// The titles of each kind, the kinds in the catalogue's order.
    sections: &'static [(SectionKind, &'static [Phrase])],
}

/// The bundled catalogues' folded words, by tag, in the order of [`Locale::all`](crate::style::locale::Locale::all).
static FOLDED: [(&str, Folded); 3] = [
    ("fr-FR", include!(concat!(env!("OUT_DIR"), "/langs/fr.folded.rs"))),
    ("en-US", include!(concat!(env!("OUT_DIR"), "/langs/en-US.folded.rs"))),
    ("en-GB", include!(concat!(env!("OUT_DIR"), "/langs/en-GB.folded.rs"))),
];

/// What a labelled field of a line holds ("**Période :** 2019 – 2021 | **Lieu :** Lyon").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldLabel {
    /// Dates.
    Dates,
    /// A place.
    Place,
    /// An organisation.
    Organisation,
    /// A role.
    Role,
}

/// Every catalogue's vocabulary, folded.
#[derive(Debug, Default)]
pub struct Words {
    present: Vec<Phrase>,
    range: Vec<Phrase>,
    since: Vec<Phrase>,
    from: Vec<Phrase>,
    at: Vec<Phrase>,
    generic_titles: Vec<&'static str>,
    placeholder_names: Vec<&'static str>,
    job_titles: Index<()>,
    job_qualifiers: Vec<&'static str>,
    /// Words that go with section words in a section title.
    title_words: Vec<&'static str>,
    /// Labels of dates, places, organisations and roles in a line of labelled fields.
    labels: Vec<(FieldLabel, &'static str)>,
    sections: Index<SectionKind>,
    /// The first words of the date phrases (present, range, since, from), sorted: most words of
    /// a heading open none, and are told so by one search.
    date_openers: Vec<&'static str>,
    /// Month names, folded, with their number.
    months: Vec<(&'static str, u8)>,
    /// Season names, folded, with the month each stands for.
    seasons: Vec<(&'static str, u8)>,
    /// Words naming a language, folded, with the language.
    languages: Vec<(Lang, &'static str)>,
}

/// The vocabulary of every bundled catalogue.
pub fn words() -> &'static Words {
    static WORDS: OnceLock<Words> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut w = Words::default();
        let (mut job_titles, mut section_titles) = (Vec::new(), Vec::new());
        for (tag, f) in &FOLDED {
            w.months.extend(f.months.iter().enumerate().map(|(i, m)| (*m, u8::try_from(i + 1).unwrap_or(0))));
            w.seasons.extend_from_slice(f.seasons);
            if let Some(lang) = Lang::parse(tag) {
                w.languages.extend(f.language.iter().map(|l| (lang, *l)));
            }
            w.present.extend_from_slice(f.present);
            w.range.extend_from_slice(f.range);
            w.since.extend_from_slice(f.since);
            w.from.extend_from_slice(f.from);
            w.at.extend_from_slice(f.at);
            w.generic_titles.extend_from_slice(f.generic_titles);
            w.placeholder_names.extend_from_slice(f.placeholder_names);
            job_titles.extend(f.job_titles.iter().map(|p| (*p, ())));
            w.job_qualifiers.extend_from_slice(f.job_qualifiers);
            w.title_words.extend_from_slice(f.title_words);
            for (kind, list) in [
                (FieldLabel::Dates, f.date_labels),
                (FieldLabel::Place, f.place_labels),
                (FieldLabel::Organisation, f.organisation_labels),
                (FieldLabel::Role, f.role_labels),
            ] {
                w.labels.extend(list.iter().map(|l| (kind, *l)));
            }
            let mut sections = f.sections.to_vec();
            sections.sort_by_key(|(kind, _)| *kind);
            for (kind, titles) in sections {
                section_titles.extend(titles.iter().map(|p| (*p, kind)));
            }
        }
        // Longest phrases first, so "en cours" wins over "en".
        for list in [&mut w.present, &mut w.range, &mut w.since, &mut w.from, &mut w.at] {
            list.sort_by_key(|p| std::cmp::Reverse(p.len()));
        }
        w.job_titles = Index::new(job_titles);
        w.sections = Index::new(section_titles);
        w.date_openers = [&w.present, &w.range, &w.since, &w.from].into_iter().flatten().filter_map(|p| p.first().copied()).collect();
        w.date_openers.sort_unstable();
        w.date_openers.dedup();
        w
    })
}

/// Whether `words` are the words of `phrase`.
fn same(words: &[String], phrase: &[&str]) -> bool {
    words.len() == phrase.len() && words.iter().zip(phrase).all(|(w, p)| w == p)
}

/// Whether `phrase` starts at `words[i]`.
fn phrase_at(phrase: &[&str], words: &[String], i: usize) -> bool {
    !phrase.is_empty() && words.get(i..i + phrase.len()).is_some_and(|w| same(w, phrase))
}

/// The length of the first phrase of `list` that starts at `words[i]`.
fn any_at(list: &[Phrase], words: &[String], i: usize) -> Option<usize> {
    list.iter().find(|p| phrase_at(p, words, i)).map(|p| p.len())
}

impl Words {
    /// The language a short passage says it is written in ("Version française", "English
    /// version"): one of a catalogue's words for its language, in at most four words.
    pub fn language_of(&self, text: &str) -> Option<Lang> {
        let words = fold_words(text);
        if words.len() > 4 {
            return None;
        }
        self.languages.iter().find(|(_, name)| words.iter().any(|w| w == name)).map(|(lang, _)| *lang)
    }

    /// The number of a month name or abbreviation (`févr`, `Sept`, `Dec.`), from 3 letters, or of
    /// the month a season stands for, written whole (`Summer` → 6).
    pub fn month(&self, word: &str) -> Option<u8> {
        self.folded_month(&fold(word))
    }

    /// [`Words::month`] of a word already [`fold`]ed.
    pub fn folded_month(&self, w: &str) -> Option<u8> {
        let w = w.trim_end_matches('.');
        if w.chars().count() < 3 || !w.chars().all(char::is_alphabetic) {
            return None;
        }
        let month = self.months.iter().find(|(m, _)| m.starts_with(w));
        month.or_else(|| self.seasons.iter().find(|(s, _)| *s == w)).map(|(_, n)| *n)
    }

    /// Whether a date phrase ("until now", "to", "since", "from") may start at `words[i]`.
    pub fn opens_date_phrase(&self, words: &[String], i: usize) -> bool {
        words.get(i).is_some_and(|w| self.date_openers.binary_search(&w.as_str()).is_ok())
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
    /// a near miss of one ("Curricilum Vitæ"), or several joined ("Resume/CV", "CV and bio").
    pub fn is_generic_title(&self, title: &str) -> bool {
        let words = fold_words(title);
        let t = words.join(" ");
        if t.is_empty() {
            return true;
        }
        let chars = t.chars().count();
        // Two edits cannot bridge more than two characters of length.
        let near = |g: &str| g.len() >= 8 && g.chars().count().abs_diff(chars) <= 2 && edit_distance(g, &t) <= 2;
        self.generic_titles.iter().any(|g| *g == t || near(g)) || self.generic_titles_joined(&words)
    }

    /// Whether a name is one a theme or template leaves in its place ("Hugo Authors").
    pub fn is_placeholder_name(&self, name: &str) -> bool {
        let folded = fold_words(name).join(" ");
        self.placeholder_names.contains(&folded.as_str())
    }

    /// Whether `words` are generic titles and the words that join them ("and", "et") only.
    fn generic_titles_joined(&self, words: &[String]) -> bool {
        let (mut i, mut titles) = (0, 0);
        while i < words.len() {
            let generic = self
                .generic_titles
                .iter()
                .map(|g| g.split(' ').collect::<Vec<_>>())
                .filter(|g| g.iter().enumerate().all(|(k, w)| words.get(i + k).is_some_and(|x| x == w)));
            if let Some(len) = generic.map(|g| g.len()).max() {
                (i, titles) = (i + len, titles + 1);
            } else if words.get(i).is_some_and(|w| ["and", "et", "or", "ou"].contains(&w.as_str())) {
                i += 1;
            } else {
                return false;
            }
        }
        titles > 1
    }

    /// The kind of a section title: the kind whose keyword comes first in it.
    pub fn section_kind(&self, title: &str) -> Option<SectionKind> {
        let words = fold_words(title);
        (0..words.len()).find_map(|i| self.sections.at(&words, i).map(|(_, k)| *k))
    }

    /// Whether the whole of `title` is a section title ("Experience", "About me", "Work
    /// experience", "Education and Training"): section words, and words that go with them, and
    /// nothing else; not a title that merely holds a section word ("Resume Jane Doe", "Steve
    /// Jobs").
    pub fn is_section_title(&self, title: &str) -> bool {
        let words = fold_words(title);
        let (mut i, mut named) = (0, false);
        while i < words.len() {
            if let Some((p, _)) = self.sections.at(&words, i) {
                (i, named) = (i + p.len(), true);
            } else if words.get(i).is_some_and(|w| self.title_words.contains(&w.as_str())) {
                i += 1;
            } else {
                return false;
            }
        }
        named
    }

    /// Where a job title starts in `words` (folded), with the qualifiers before it ("Technical
    /// Director"): the index of its first word.
    pub fn job_title_start(&self, words: &[String]) -> Option<usize> {
        let at = (0..words.len()).find(|&i| self.job_titles.at(words, i).is_some())?;
        let qualifiers = words.get(..at).unwrap_or(&[]).iter().rev().take_while(|w| self.job_qualifiers.contains(&w.as_str())).count();
        Some(at - qualifiers)
    }

    /// Whether `text` holds a job title ("Senior Engineer", "Ingénieure").
    pub fn has_job_title(&self, text: &str) -> bool {
        // A former role is a role: "Ex-CTO".
        let words: Vec<String> = fold_words(text).into_iter().map(|w| w.strip_prefix("ex-").map(str::to_string).unwrap_or(w)).collect();
        self.job_title_start(&words).is_some()
    }

    /// What a field's label (`Période`, `Location`) says the field holds.
    pub fn field_label(&self, label: &str) -> Option<FieldLabel> {
        let l = fold_words(label).join(" ");
        self.labels.iter().find(|(_, w)| *w == l).map(|(k, _)| *k)
    }

    /// Whether `text` is words that qualify a job title and nothing else ("Frontend", "Senior").
    pub fn is_job_qualifier(&self, text: &str) -> bool {
        let words = fold_words(text);
        !words.is_empty() && words.iter().all(|w| self.job_qualifiers.contains(&w.as_str()))
    }
}

/// Phrases, longest first, each with what it says, and where those that start with each word
/// are: a word opens few of them, and is looked up once rather than compared with them all.
#[derive(Debug)]
struct Index<T> {
    phrases: Vec<(Phrase, T)>,
    by_first: HashMap<&'static str, Vec<usize>, BuildHasherDefault<FxHasher>>,
}

impl<T> Default for Index<T> {
    fn default() -> Index<T> {
        Index { phrases: Vec::new(), by_first: HashMap::default() }
    }
}

impl<T> Index<T> {
    fn new(mut phrases: Vec<(Phrase, T)>) -> Index<T> {
        phrases.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
        let mut by_first: HashMap<_, Vec<usize>, _> = HashMap::default();
        for (i, (p, _)) in phrases.iter().enumerate() {
            if let Some(first) = p.first() {
                by_first.entry(*first).or_default().push(i);
            }
        }
        Index { phrases, by_first }
    }

    /// The longest phrase that starts at `words[i]`, its last word maybe in the plural
    /// ("experiences" for "experience"), and what it says.
    fn at(&self, words: &[String], i: usize) -> Option<&(Phrase, T)> {
        let word = words.get(i)?;
        let singular = word.strip_suffix('s').filter(|_| word.len() > 1);
        let positions = |w: &str| self.by_first.get(w).map_or(&[][..], Vec::as_slice);
        // Both lists are in the phrases' order; the first that matches is the longest.
        let (mut a, mut b) = (positions(word).iter().peekable(), singular.map_or(&[][..], positions).iter().peekable());
        while let Some(&k) = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) if y < x => b.next(),
            (Some(_), _) => a.next(),
            (None, _) => b.next(),
        } {
            let found = self.phrases.get(k).filter(|(p, _)| phrase_at(p, words, i) || plural_at(p, words, i));
            if found.is_some() {
                return found;
            }
        }
        None
    }
}

/// A phrase whose last word is written in the plural (`experiences` for `experience`).
fn plural_at(phrase: &[&str], words: &[String], i: usize) -> bool {
    let Some((last, first)) = phrase.split_last() else { return false };
    let Some((w_last, w_first)) = words.get(i..i + phrase.len()).and_then(<[String]>::split_last) else { return false };
    same(w_first, first) && w_last.strip_suffix('s') == Some(*last)
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
    fn build_rs_folds_each_catalogue_as_a_run_would() {
        use crate::style::locale::Locale;
        let strings = |list: &[&str]| list.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        let ours = |list: &[Phrase]| list.iter().map(|p| strings(p)).collect::<Vec<_>>();
        let theirs = |list: &[String]| list.iter().map(|p| fold_words(p)).filter(|p| !p.is_empty()).collect::<Vec<_>>();
        let each = |list: &[String], f: fn(&str) -> String| list.iter().map(|s| f(s)).collect::<Vec<_>>();
        assert_eq!(Locale::all().count(), FOLDED.len());
        for (locale, (tag, f)) in Locale::all().zip(&FOLDED) {
            assert_eq!(&locale.tag, tag);
            assert_eq!(strings(f.months), each(&locale.dates.months, fold), "{tag}");
            let Some(v) = &locale.vocabulary else {
                assert!(f.present.is_empty() && f.job_titles.is_empty() && f.sections.is_empty(), "{tag}");
                continue;
            };
            for (folded, list) in [(f.present, &v.present), (f.range, &v.range), (f.since, &v.since), (f.from, &v.from)] {
                assert_eq!(ours(folded), theirs(list), "{tag}");
            }
            assert_eq!(ours(f.at), theirs(&v.at), "{tag}");
            let seasons: Vec<(String, u8)> = f.seasons.iter().map(|(s, m)| (s.to_string(), *m)).collect();
            assert_eq!(seasons, v.seasons.iter().map(|(s, m)| (fold(s), *m)).collect::<Vec<_>>(), "{tag}");
            assert_eq!(ours(f.job_titles), theirs(&v.job_titles), "{tag}");
            assert_eq!(strings(f.generic_titles), each(&v.generic_titles, |t| fold_words(t).join(" ")), "{tag}");
            assert_eq!(strings(f.placeholder_names), each(&v.placeholder_names, |t| fold_words(t).join(" ")), "{tag}");
            assert_eq!(strings(f.job_qualifiers), each(&v.job_qualifiers, fold), "{tag}");
            assert_eq!(strings(f.title_words), each(&v.title_words, fold), "{tag}");
            assert_eq!(strings(f.language), each(&v.language, fold), "{tag}");
            assert_eq!(strings(f.date_labels), each(&v.date_labels, |t| fold_words(t).join(" ")), "{tag}");
            assert_eq!(strings(f.place_labels), each(&v.place_labels, |t| fold_words(t).join(" ")), "{tag}");
            assert_eq!(strings(f.organisation_labels), each(&v.organisation_labels, |t| fold_words(t).join(" ")), "{tag}");
            assert_eq!(strings(f.role_labels), each(&v.role_labels, |t| fold_words(t).join(" ")), "{tag}");
            let mut sections: Vec<_> = f.sections.iter().map(|(kind, titles)| (*kind, ours(titles))).collect();
            sections.sort_by_key(|(kind, _)| *kind);
            assert_eq!(sections, v.sections.iter().map(|(kind, titles)| (*kind, theirs(titles))).collect::<Vec<_>>(), "{tag}");
        }
    }

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
        assert_eq!(w.month("Summer"), Some(6));
        assert_eq!(w.month("Été"), Some(6));
        assert_eq!(w.month("Fall"), Some(9));
        assert_eq!(w.month("Win"), None, "a season is written whole");
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
    fn section_titles_are_section_words_and_the_words_that_go_with_them() {
        let w = words();
        for t in ["Experience", "Work experience", "Relevant Experience", "Education and Training", "Expériences professionnelles"] {
            assert!(w.is_section_title(t), "{t}");
        }
        for t in ["Steve Jobs", "Jane Doe", "Resume Jane Doe", "Other", "My", "Experience Jane Doe"] {
            assert!(!w.is_section_title(t), "{t}");
        }
    }

    #[test]
    fn generic_titles_and_near_misses() {
        let w = words();
        for t in [
            "CV",
            "Mon CV",
            "Resume",
            "Curriculum Vitae",
            "Curricilum Vitæ",
            "About me",
            "À propos",
            "$ whoami",
            "",
            "Resume/CV",
            "Bio & CV",
        ] {
            assert!(w.is_generic_title(t), "{t}");
        }
        for t in ["Jane Doe", "Élise Marchand", "Experience", "CV Jane Doe", "Resume and Jane"] {
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
