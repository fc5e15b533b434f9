//! `cvpdf check`: do the language variants of a résumé agree? Sections are paired by kind (the
//! second "experience" section of one with the second of the other), and entries inside them by
//! their date ranges, read as dates: "03/2021 to today" and "03/2021 à aujourd’hui" are the same
//! entry. Each difference is reported on the variant that has what the other lacks, naming both.

use crate::diag::{Diagnostic, SourceFile};
use crate::model::{BlockKind, DateRange, Document, Entry, Inline, Section, SectionKind};

/// One variant to compare: its file, document, and language code.
pub struct Variant<'a> {
    /// The page.
    pub file: &'a SourceFile,
    /// Its document.
    pub doc: &'a Document,
    /// `fr`, `en`.
    pub lang: &'a str,
}

/// A section's title for messages.
fn title(s: &Section) -> String {
    let t = Inline::plain_text(&s.title).trim().to_string();
    if t.is_empty() { "(untitled, before the first section)".to_string() } else { t }
}

fn entry_title(e: &Entry) -> String {
    let parts: Vec<String> =
        [&e.role, &e.organisation].iter().map(|p| Inline::plain_text(p).trim().to_string()).filter(|p| !p.is_empty()).collect();
    if parts.is_empty() { Inline::plain_text(&e.when) } else { parts.join(", ") }
}

fn entries(s: &Section) -> Vec<(&Entry, crate::model::Span)> {
    s.blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::Entry(e) => Some((e, b.span)),
            _ => None,
        })
        .collect()
}

/// Pairs the sections of two documents: by kind, in order within each kind (untitled with
/// untitled). Returns the pairs and the sections of each side left without one.
fn pair<'d>(a: &'d [Section], b: &'d [Section]) -> (Vec<(&'d Section, &'d Section)>, Vec<&'d Section>, Vec<&'d Section>) {
    let key = |s: &Section| (s.kind, s.title.is_empty());
    let mut used = vec![false; b.len()];
    let mut pairs = Vec::new();
    let mut lonely_a = Vec::new();
    for x in a {
        let found = b.iter().enumerate().position(|(j, y)| !used.get(j).copied().unwrap_or(true) && key(y) == key(x));
        match found {
            Some(j) => {
                if let Some(u) = used.get_mut(j) {
                    *u = true;
                }
                if let Some(y) = b.get(j) {
                    pairs.push((x, y));
                }
            }
            None => lonely_a.push(x),
        }
    }
    let lonely_b = b.iter().zip(&used).filter(|(_, u)| !**u).map(|(s, _)| s).collect();
    (pairs, lonely_a, lonely_b)
}

/// Differences between two variants, as warnings on the variant that has what the other lacks.
pub fn compare(a: &Variant<'_>, b: &Variant<'_>) -> Vec<Diagnostic> {
    let (pairs, lonely_a, lonely_b) = pair(&a.doc.sections, &b.doc.sections);
    let mut out = Vec::new();
    for (v, w, lonely) in [(a, b, &lonely_a), (b, a, &lonely_b)] {
        for s in lonely.iter() {
            let kind = if s.kind == SectionKind::Other { String::new() } else { format!(" ({})", s.kind.name()) };
            out.push(
                Diagnostic::warning(v.file, s.span, format!("section '{}'{kind} has no counterpart in the {} variant", title(s), w.lang))
                    .with_hint(format!("{} has no section of that kind left to pair with it", w.file.path.display())),
            );
        }
    }
    for (x, y) in pairs {
        let (ex, ey) = (entries(x), entries(y));
        for (v, w, mine, theirs, other_section) in [(a, b, &ex, &ey, y), (b, a, &ey, &ex, x)] {
            let dated: Vec<&DateRange> = theirs.iter().filter_map(|(e, _)| e.dates.as_ref()).collect();
            for (e, span) in mine.iter() {
                let Some(d) = &e.dates else { continue };
                if !dated.contains(&d) {
                    out.push(
                        Diagnostic::warning(
                            v.file,
                            *span,
                            format!(
                                "entry '{}' ({}) has no counterpart with the same dates in section '{}' of the {} variant",
                                entry_title(e),
                                Inline::plain_text(&e.when),
                                title(other_section),
                                w.lang
                            ),
                        )
                        .with_hint(format!("compared with {}", w.file.path.display())),
                    );
                }
            }
        }
        if ex.len() != ey.len() {
            out.push(Diagnostic::warning(
                a.file,
                x.span,
                format!("section '{}' has {} entries in {} and {} in {} ('{}')", title(x), ex.len(), a.lang, ey.len(), b.lang, title(y)),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(name: &str, src: &str) -> (SourceFile, Document) {
        let f = SourceFile::new(name, src.to_string());
        let d = crate::source::load(&f, &Default::default()).unwrap().value;
        (f, d)
    }

    fn compare_fr_en(fr: &str, en: &str) -> Vec<Diagnostic> {
        let (ff, fd) = parse("fr.md", fr);
        let (ef, ed) = parse("en.md", en);
        compare(&Variant { file: &ff, doc: &fd, lang: "fr" }, &Variant { file: &ef, doc: &ed, lang: "en" })
    }

    #[test]
    fn agreeing_variants_have_no_differences() {
        let d = compare_fr_en(
            "## Expérience\n### Chef, X (93)\n#### 03/2021 à aujourd’hui\n## Formation\n### Master\n#### 2016\n",
            "## Experience\n### Lead, X\n#### 03/2021 to today\n## Education\n### MSc\n#### 2016\n",
        );
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn a_missing_section_is_named_not_its_neighbour() {
        let d = compare_fr_en(
            "## Profil\nx\n## Expérience\n### A\n#### 2020\n## Langues\n* fr\n## Centres d’intérêt\nvélo\n",
            "## Profile\nx\n## Experience\n### A\n#### 2020\n## Interests\nbikes\n",
        );
        let messages: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(messages[0].contains("'Langues' (languages) has no counterpart in the en variant"), "{messages:?}");
    }

    #[test]
    fn missing_entries_are_reported_where_they_exist() {
        let d = compare_fr_en("## Expérience\n### Chef, X\n#### 2021\n### Dev, Y\n#### 2018\n", "## Experience\n### Lead, X\n#### 2021\n");
        let dev = d.iter().find(|d| d.message.contains("'Dev, Y' (2018)")).expect("the lonely entry");
        assert!(dev.message.contains("section 'Experience' of the en variant"), "{}", dev.message);
        assert_eq!(dev.path.as_deref(), Some(std::path::Path::new("fr.md")));
        assert!(d.iter().any(|d| d.message.contains("2 entries in fr and 1 in en")));
    }
}
