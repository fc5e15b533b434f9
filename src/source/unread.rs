//! Front-matter fields that no stage sets. Every field a page writes is read by a stage (the
//! header's name, headline and contacts, the photo, the records, the metadata), or is a setting
//! of Hugo, a theme, Zola or pandoc with nothing to print (`settings.txt`), or the author named it
//! web-only in cvpdf.toml (`[web] fields`). Any other field that holds text is reported at its
//! line: a tagline or a contact line in a theme's own field must not vanish without a word.

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, SourceFile};
use crate::source::front::{FrontMatter, Value, dotted};
use crate::source::{header, photo, records};

/// Top-level fields the source stage reads besides the header's, the photo's and the
/// language's ([`super::LANG_KEYS`]): the title, the metadata ([`super::meta`]) and the
/// optional sections.
const READ: &[&str] = &["title", "date", "lastmod", "draft", "keywords", "tags", "optional", "cvpdf"];

/// Fields of Hugo, its common themes, Zola and pandoc that steer the web page or the LaTeX
/// output and hold nothing a reader of the résumé would miss, [`folded`]: `settings.txt`.
fn is_setting(name: &str) -> bool {
    include_str!("settings.txt").lines().filter(|l| !l.starts_with('#')).flat_map(str::split_whitespace).any(|w| w == name)
}

/// A field name compared without case, `-` or `_`: `pdf-engine`, `pdf_engine` and `pdfEngine`
/// are one.
fn folded(key: &str) -> String {
    key.chars().filter(|c| *c != '-' && *c != '_').flat_map(char::to_lowercase).collect()
}

/// Warns at its line for each front-matter field that holds text no stage sets. `web_only`
/// names fields the author keeps for the web page (`extra.age_qual`), compared [`folded`].
pub fn report(file: &SourceFile, front: &FrontMatter, web_only: &[String], warnings: &mut Vec<Diagnostic>) {
    let mut found = Vec::new();
    walk(&front.table, "", &mut found);
    let web_only: Vec<String> = web_only.iter().map(|f| folded(f)).collect();
    found.sort_by_key(|(_, key, _)| front.span(file, key).start);
    for (path, key, texts) in found {
        if web_only.contains(&folded(&path)) {
            continue;
        }
        let shown: Vec<String> = texts.iter().take(3).map(|t| format!("\"{}\"", ellipsis(t))).collect();
        let more = if texts.len() > 3 { format!(" and {} more", texts.len() - 3) } else { String::new() };
        warnings.push(
            Diagnostic::warning(
                file,
                front.field_span(file, &key),
                format!("front matter field `{path}` is not in the PDF: {}{more}", shown.join(", ")),
            )
            .with_hint(format!(
                "cvpdf sets the name, headline, contacts, photo and records it knows: write this in the page body, \
                 or, if it is for the web page only, list \"{path}\" in `fields` under `[web]` in cvpdf.toml"
            )),
        );
    }
}

/// Collects `(dotted path, key, texts)` for each field of `table` that holds text no stage sets.
/// `prefix` is the table's own path (empty at the top).
fn walk(table: &BTreeMap<String, Value>, prefix: &str, found: &mut Vec<(String, String, Vec<String>)>) {
    let top = prefix.is_empty();
    for (key, value) in table {
        let path = dotted(prefix, key);
        let name = folded(key);
        if is_setting(&name) {
            continue;
        }
        let nested = header::NESTED.iter().any(|n| n.eq_ignore_ascii_case(key));
        if let (true, Value::Map(inner)) = (nested, value) {
            walk(inner, &path, found);
            continue;
        }
        if top && READ.iter().chain(super::LANG_KEYS).any(|k| folded(k) == name) {
            continue;
        }
        let photo = photo::KEYS.contains(&name.as_str()) && (top || prefix.eq_ignore_ascii_case("params"));
        if header::reads(key, value) || photo && value.as_text().is_some() {
            continue;
        }
        if records::takes(prefix, key, value) {
            continue;
        }
        // At the top, records in any list are [`records`]' to set or report.
        let mut texts = Vec::new();
        texts_of(value, !top, &mut texts);
        texts.retain(|t| !is_asset(t) && !is_length(t));
        if !texts.is_empty() {
            found.push((path, key.clone(), texts));
        }
    }
}

/// The texts a value holds, flattened; records (tables in a list) only when `records`.
fn texts_of(value: &Value, records: bool, out: &mut Vec<String>) {
    match value {
        Value::String(s) | Value::Date(s) if !s.trim().is_empty() => out.push(s.trim().to_string()),
        Value::Number(n) => out.push(n.to_string()),
        Value::List(items) => items.iter().filter(|i| records || !matches!(i, Value::Map(_))).for_each(|i| texts_of(i, true, out)),
        Value::Map(m) => m.values().for_each(|v| texts_of(v, true, out)),
        _ => {}
    }
}

/// Kinds of files a site links to: a field naming one (`cv.en.pdf`, `/img/me.png`) is the web
/// page's machinery (a download button, a picture), not text to read.
const ASSETS: &[&str] =
    &["pdf", "html", "htm", "png", "jpg", "jpeg", "gif", "svg", "webp", "ico", "css", "js", "json", "xml", "tex", "typ", "docx", "odt"];

/// A relative path to a file of one of the [`ASSETS`] kinds.
fn is_asset(text: &str) -> bool {
    let ext = text.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    !text.contains(char::is_whitespace) && !text.contains("://") && ext.is_some_and(|e| ASSETS.contains(&e.as_str()))
}

/// A CSS length (`10px`, `1.5em`): a theme's spacing or size, not text to read.
fn is_length(text: &str) -> bool {
    let digits = text.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let unit = text.get(digits.len()..).unwrap_or_default();
    ["px", "em", "rem", "pt", "vh", "vw", "mm", "cm"].contains(&unit) && digits.parse::<f64>().is_ok()
}

/// A text cut to about 60 characters for a message.
fn ellipsis(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.char_indices().nth(60) {
        Some((at, _)) => format!("{}…", one_line.get(..at).unwrap_or(&one_line)),
        None => one_line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reported(text: &str, web_only: &[&str]) -> Vec<(usize, String)> {
        let file = SourceFile::new("t.md", text.to_string());
        let front = crate::source::front::parse(&file).unwrap();
        let mut w = Vec::new();
        report(&file, &front, &web_only.iter().map(|s| s.to_string()).collect::<Vec<_>>(), &mut w);
        w.iter().map(|d| (file.line_col(d.span.unwrap().start).0, d.message.clone())).collect()
    }

    #[test]
    fn text_no_stage_reads_is_reported_at_its_line_in_order() {
        let src = "---\nname: A B\nright:\n  - \"Blog: b.org\"\nleft:\n  - Tagline here\n  - \"Email: a@b.org\"\nparams:\n  email: a@b.org\n  motto: Ship it\nage: 40\n---\n";
        let r = reported(src, &[]);
        let lines: Vec<usize> = r.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [3, 5, 10, 11], "{r:?}");
        assert!(r[1].1.contains("`left`") && r[1].1.contains("\"Tagline here\", \"Email: a@b.org\""), "{}", r[1].1);
        assert!(r[2].1.contains("`params.motto`"), "{}", r[2].1);
    }

    #[test]
    fn settings_flags_read_fields_records_and_assets_are_not_reported() {
        let src = "+++\ntitle = \"CV\"\nname = \"A B\"\nlayout = \"cv\"\npdf-engine = \"xelatex\"\nShowToc = true\nweight = 2\npermalink = \"/cv/\"\nsection_spacing = \"10px\"\ntags = [\"rust\"]\nemail = \"a@b.org\"\n[urls]\npdf = \"cv.en.pdf\"\n[[experience]]\ntitle = \"Lead\"\n+++\n";
        assert_eq!(reported(src, &[]), []);
    }

    #[test]
    fn a_field_read_as_text_but_written_as_a_list_is_reported() {
        let r = reported("---\nemail: [a@b.org, c@d.org]\n---\n", &[]);
        assert_eq!(r.len(), 1, "{r:?}");
    }

    #[test]
    fn fields_named_web_only_are_not_reported() {
        let src = "+++\n[extra]\nage_qual = \"years old\"\n+++\n";
        assert_eq!(reported(src, &[]).len(), 1);
        assert_eq!(reported(src, &["Extra.Age-Qual"]), []);
    }
}
