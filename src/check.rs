//! `cvpdf check`: do the language variants of a résumé agree? Sections are paired in order and
//! entries inside them by their dates (the digits of an entry's heading and its date line), so
//! "03/2021 to today" and "03/2021 à aujourd’hui" are the same entry.

use crate::diag::{Diagnostic, SourceFile, Span};
use crate::model::{BlockKind, Document, Inline};

/// One variant to compare: its file, parsed document, and language code.
pub struct Variant<'a> {
    /// The page.
    pub file: &'a SourceFile,
    /// Its document.
    pub doc: &'a Document,
    /// `fr`, `en`.
    pub lang: &'a str,
}

#[derive(Debug, Clone)]
struct Section {
    title: String,
    span: Span,
    entries: Vec<Entry>,
}

#[derive(Debug, Clone)]
struct Entry {
    title: String,
    span: Span,
    key: String,
}

fn digits(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_digit()).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ")
}

fn outline(doc: &Document) -> Vec<Section> {
    let level = crate::model::blocks_section_level(&doc.blocks);
    let mut sections: Vec<Section> = Vec::new();
    for b in &doc.blocks {
        let BlockKind::Heading { level: l, content, .. } = &b.kind else {
            continue;
        };
        let title = Inline::plain_text(content).trim().to_string();
        if *l == level {
            sections.push(Section { title, span: b.span, entries: Vec::new() });
        } else if *l == level + 1 {
            if let Some(s) = sections.last_mut() {
                s.entries.push(Entry { key: digits(&title), title, span: b.span });
            }
        } else if *l > level + 1 {
            // A date line under an entry adds to its key.
            if let Some(e) = sections.last_mut().and_then(|s| s.entries.last_mut())
                && e.key.len() < 40
            {
                let more = digits(&title);
                if !more.is_empty() {
                    e.key = format!("{} {more}", e.key).trim().to_string();
                }
            }
        }
    }
    sections
}

/// Differences between two variants, as warnings on the variant that has what the other lacks.
pub fn compare(a: &Variant<'_>, b: &Variant<'_>) -> Vec<Diagnostic> {
    let (sa, sb) = (outline(a.doc), outline(b.doc));
    let mut out = Vec::new();
    for (x, y) in sa.iter().zip(&sb) {
        for (v, w, ew, other) in [(a, b, &y.entries, &x.entries), (b, a, &x.entries, &y.entries)] {
            for e in other {
                if !e.key.is_empty() && !ew.iter().any(|f| f.key == e.key) {
                    out.push(
                        Diagnostic::warning(
                            v.file,
                            e.span,
                            format!("entry '{}' has no counterpart with the same dates in the {} variant", e.title, w.lang),
                        )
                        .with_hint(format!("{} is compared with {}", v.file.path.display(), w.file.path.display())),
                    );
                }
            }
        }
        if x.entries.len() != y.entries.len() {
            out.push(Diagnostic::warning(
                a.file,
                x.span,
                format!(
                    "section '{}' has {} entries in {} and {} in {} ('{}')",
                    x.title,
                    x.entries.len(),
                    a.lang,
                    y.entries.len(),
                    b.lang,
                    y.title
                ),
            ));
        }
    }
    for (v, w, more, fewer) in [(a, b, &sa, &sb), (b, a, &sb, &sa)] {
        for s in more.iter().skip(fewer.len()) {
            out.push(
                Diagnostic::warning(v.file, s.span, format!("section '{}' has no counterpart in the {} variant", s.title, w.lang))
                    .with_hint(format!("{} has {} sections, {} has {}", v.lang, more.len(), w.lang, fewer.len())),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(name: &str, src: &str) -> (SourceFile, Document) {
        let f = SourceFile::new(name, src.to_string());
        let d = crate::source::parse(&f).unwrap().value;
        (f, d)
    }

    #[test]
    fn agreeing_variants_have_no_differences() {
        let (ff, fd) = parse("fr.md", "## Expérience\n### Chef, X\n#### 03/2021 à aujourd’hui\n## Formation\n### Master\n#### 2016\n");
        let (ef, ed) = parse("en.md", "## Experience\n### Lead, X\n#### 03/2021 to today\n## Education\n### MSc\n#### 2016\n");
        let d = compare(&Variant { file: &ff, doc: &fd, lang: "fr" }, &Variant { file: &ef, doc: &ed, lang: "en" });
        assert!(d.is_empty(), "{d:?}");
    }

    #[test]
    fn missing_entries_and_sections_are_reported_where_they_exist() {
        let (ff, fd) = parse("fr.md", "## Expérience\n### Chef, X\n#### 2021\n### Dev, Y\n#### 2018\n## Formation\n## Loisirs\n");
        let (ef, ed) = parse("en.md", "## Experience\n### Lead, X\n#### 2021\n## Education\n");
        let d = compare(&Variant { file: &ff, doc: &fd, lang: "fr" }, &Variant { file: &ef, doc: &ed, lang: "en" });
        let messages: Vec<&str> = d.iter().map(|d| d.message.as_str()).collect();
        assert!(messages.iter().any(|m| m.contains("'Dev, Y' has no counterpart")), "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("'Loisirs' has no counterpart in the en variant")), "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("2 entries in fr and 1 in en")), "{messages:?}");
        let dev = d.iter().find(|d| d.message.contains("Dev, Y")).unwrap();
        assert_eq!(dev.path.as_deref(), Some(std::path::Path::new("fr.md")));
    }
}
