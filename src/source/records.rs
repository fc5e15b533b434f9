//! Sections written as front-matter lists. Records: Hugo Academic's `[[experience]]` and
//! `[[education]]` tables (or YAML lists of maps), with its field names (`title`, `company`,
//! `company_url`, `location`, `date_start`, `date_end`, `description`) or any the shortcode
//! table knows. Lines: a list of texts (`skills: [Rust, Go]`). A list whose key names a kind of
//! section becomes that section, and so does a generic one (`[[item]]`) on a page whose title or
//! `widget` names one; any other list of records is reported, never silently left out (other
//! lists of text are [`super::unread`]'s to report).

use crate::diag::{Diagnostic, SourceFile};
use crate::model::{Block, BlockKind, DateEnd, DateRange, Entry, Inline, Section, SectionKind, Span};
use crate::source::front::{FrontMatter, Value};
use crate::source::markdown::{self, Flat};
use crate::source::shortcode::{Extracted, OffsetMap};
use crate::source::shortcode_table::{Field, Table};
use crate::source::vocabulary::words;
use crate::source::{dates, header, html};
use crate::style::locale::Locale;

/// Whether [`sections`] sets or reports the top-level field `key`: a list whose key names a
/// kind of section, or any list of records.
pub fn takes(key: &str, value: &Value) -> bool {
    let Value::List(items) = value else { return false };
    words().section_kind(key).is_some() || items.iter().any(|i| matches!(i, Value::Map(_)))
}

/// Keys that say only "a list of things": Wowchemy's `[[item]]`, its featurette's `[[feature]]`.
const GENERIC_KEYS: &[&str] = &["item", "items", "entry", "entries", "list", "records", "feature", "features"];

/// What the records under `key` are: the key's kind (`experience`), else, for a generic key
/// ([`GENERIC_KEYS`]), the kind of the page's title or of its `widget`.
fn kind_of(key: &str, front: &FrontMatter, title: &str) -> Option<(SectionKind, String)> {
    if let Some(kind) = words().section_kind(key) {
        let heading = if words().section_kind(title) == Some(kind) { title.to_string() } else { capitalised(key) };
        return Some((kind, heading));
    }
    if !GENERIC_KEYS.iter().any(|g| g.eq_ignore_ascii_case(key)) {
        return None;
    }
    if let Some(kind) = words().section_kind(title) {
        return Some((kind, title.to_string()));
    }
    let widget = front.get("widget").and_then(Value::as_text)?;
    Some((words().section_kind(&widget)?, capitalised(&widget)))
}

/// The sections the front matter's lists make, in the order of their keys: records become
/// entries and lines of text a list (`skills: [Rust, Go]`).
pub fn sections(file: &SourceFile, front: &FrontMatter, table: &Table, locale: &Locale, warnings: &mut Vec<Diagnostic>) -> Vec<Section> {
    let mut out = Vec::new();
    let title = front.get("title").and_then(Value::as_text).map(|t| header::clean(&t)).unwrap_or_default();
    for (key, value) in &front.table {
        let Value::List(items) = value else { continue };
        if !takes(key, value) {
            continue;
        }
        let records: Vec<&std::collections::BTreeMap<String, Value>> = items.iter().filter_map(Value::as_map).collect();
        let span = front.span(file, key);
        let Some((kind, heading)) = kind_of(key, front, &title) else {
            warnings.push(
                Diagnostic::warning(
                    file,
                    front.field_span(file, key),
                    format!("front matter field `{key}` holds {} record(s) that are not a kind of section cvpdf knows", records.len()),
                )
                .with_hint(
                    "name the list after what it holds (`experience`, `education`, `projects`…), or write the records in the page body",
                ),
            );
            continue;
        };
        let mut blocks = Vec::new();
        for (n, record) in items.iter().enumerate().filter_map(|(n, i)| Some((n, i.as_map()?))) {
            let span = front.item_span(file, key, n);
            blocks.push(Block { kind: BlockKind::Entry(entry(file, record, span, table, locale, warnings)), span });
        }
        let lines: Vec<String> = items.iter().filter_map(Value::as_text).collect();
        blocks.extend(lines_list(file, &lines, span));
        if blocks.is_empty() {
            continue;
        }
        out.push(Section {
            title: vec![Inline::plain(heading, span)],
            kind,
            optional: None,
            span,
            anchor: None,
            page_break: false,
            keep: false,
            blocks,
        });
    }
    out
}

fn capitalised(key: &str) -> String {
    let mut c = key.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// One record as an entry; fields it cannot place are reported.
fn entry(
    file: &SourceFile,
    record: &std::collections::BTreeMap<String, Value>,
    span: Span,
    table: &Table,
    locale: &Locale,
    warnings: &mut Vec<Diagnostic>,
) -> Entry {
    let mut e = Entry::default();
    let (mut start, mut end, mut when) = (None, None, None);
    let mut unused = Vec::new();
    let text = |s: &str| vec![Inline::plain(html::to_text(s).trim(), span)];
    let (mut lists, mut links) = (Vec::new(), Vec::new());
    for (k, v) in record {
        // A list of lines (`highlights`, `tasks`) is set under the entry as a list.
        match (v, v.as_text_list()) {
            (Value::List(_), Some(lines)) => lists.extend(lines_list(file, &lines, span)),
            (Value::List(_) | Value::Map(_), _) => unused.push(format!("{k}=…")),
            _ => {}
        }
        let Some(value) = v.as_text() else { continue };
        if value.trim().is_empty() && !matches!(table.field("", k), Some(Field::End)) {
            continue;
        }
        match table.field("", k) {
            Some(Field::Role | Field::Title) if e.role.is_empty() => e.role = text(&value),
            Some(Field::Organisation) if e.organisation.is_empty() => e.organisation = text(&value),
            Some(Field::Location) => e.location = text(&value),
            Some(Field::Link) => links.push((k, value.trim().to_string())),
            Some(Field::Dates) => when = Some(value),
            Some(Field::Start) => start = Some(value),
            Some(Field::End) => end = Some(value),
            Some(Field::Body) => e.body = body(file, &value, span),
            Some(Field::Presentation) => {}
            _ => unused.push(format!("{k}=\"{value}\"")),
        }
    }
    e.body.extend(lists);
    // The record's own `url` or `link` before the organisation's or a certificate's.
    links.sort_by_key(|(k, _)| !["url", "link", "href"].contains(&k.to_ascii_lowercase().as_str()));
    e.link = links.first().map(|(_, l)| l.clone());
    unused.extend(links.iter().filter(|(_, l)| Some(l) != e.link.as_ref()).map(|(k, l)| format!("{k}=\"{l}\"")));
    if !unused.is_empty() {
        warnings.push(
            Diagnostic::warning(file, span, format!("record fields not set: {}", unused.join(", ")))
                .with_hint("cvpdf sets a record's title, company, location, dates, link and description"),
        );
    }
    e.dates = match &when {
        Some(w) => dates::read_loosely(w),
        None => dates::join(start.as_deref(), end.as_deref()),
    };
    e.when = match (when, e.dates) {
        (Some(w), _) => text(&w),
        (None, Some(r)) => text(&written(&r, locale)),
        (None, None) => Vec::new(),
    };
    e
}

/// Lines of Markdown as a bulleted list, if any says something.
fn lines_list(file: &SourceFile, lines: &[String], span: Span) -> Option<Block> {
    let items: Vec<Vec<Block>> = lines.iter().map(|t| body(file, t, span)).filter(|b| !b.is_empty()).collect();
    (!items.is_empty()).then_some(Block { kind: BlockKind::List { start: None, items }, span })
}

/// Markdown of a `description` field, as blocks.
fn body(file: &SourceFile, markdown_text: &str, span: Span) -> Vec<Block> {
    let extracted = Extracted { text: dedent(markdown_text), map: OffsetMap::pinned(span.start), ..Extracted::default() };
    markdown::parse(file, &extracted, &Default::default())
        .flat
        .into_iter()
        .filter_map(|f| match f {
            Flat::Block(b) => Some(b),
            Flat::Heading(h) => Some(Block { kind: BlockKind::Heading { depth: 1, content: h.content, anchor: None }, span: h.span }),
            Flat::Marker(_) => None,
        })
        .collect()
}

/// A multi-line string without the indentation its lines share (TOML `"""` blocks are indented).
fn dedent(s: &str) -> String {
    let indent = s.lines().filter(|l| !l.trim().is_empty()).map(|l| l.len() - l.trim_start().len()).min().unwrap_or(0);
    s.lines().map(|l| l.get(indent.min(l.len() - l.trim_start().len())..).unwrap_or("")).collect::<Vec<_>>().join("\n")
}

/// A date range written out in the page's language: "January 2017 – present".
pub fn written(r: &DateRange, locale: &Locale) -> String {
    let month = |m: Option<u8>| m.and_then(|m| locale.dates.months.get(usize::from(m).checked_sub(1)?)).cloned();
    let date = |d: &crate::model::PartialDate| match month(d.month) {
        Some(m) => format!("{m} {}", d.year),
        None => d.year.to_string(),
    };
    let present = locale.present_word();
    match (r.start.as_ref().map(date), r.end) {
        (Some(s), Some(DateEnd::Present)) => format!("{s} – {present}"),
        (Some(s), Some(DateEnd::On(e))) => format!("{s} – {}", date(&e)),
        (Some(s), None) => s,
        (None, Some(DateEnd::On(e))) => date(&e),
        (None, _) => present,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SectionKind;
    use crate::style::lang::Lang;

    /// The sections the front matter of the page `src` makes, and the warnings.
    fn read(src: &str) -> (Vec<Section>, Vec<Diagnostic>) {
        let file = SourceFile::new("t.md", src.to_string());
        let front = crate::source::front::parse(&file).unwrap();
        let mut w = Vec::new();
        (sections(&file, &front, &Table::default(), Locale::get(Lang::En, None), &mut w), w)
    }

    #[test]
    fn academic_records_become_a_section_of_entries() {
        let src = "+++\ntitle = \"Experience\"\n[[experience]]\n  title = \"CEO\"\n  company = \"GenCoin\"\n  company_url = \"\"\n  location = \"California\"\n  date_start = \"2017-01-01\"\n  date_end = \"\"\n  description = \"\"\"\n  Responsibilities include:\n\n  * Analysing\n  \"\"\"\n[[experience]]\n  title = \"Professor\"\n  company = \"University X\"\n  date_start = \"2016-01-01\"\n  date_end = \"2016-12-31\"\n  icon = \"x\"\n[[gallery]]\n  src = \"a.jpg\"\n+++\n";
        let (s, w) = read(src);
        assert_eq!(s.len(), 1);
        assert_eq!((Inline::plain_text(&s[0].title), s[0].kind), ("Experience".to_string(), SectionKind::Experience));
        let BlockKind::Entry(e) = &s[0].blocks[0].kind else { panic!() };
        assert_eq!(Inline::plain_text(&e.role), "CEO");
        assert_eq!(Inline::plain_text(&e.organisation), "GenCoin");
        assert_eq!(Inline::plain_text(&e.when), "January 2017 – present");
        assert_eq!(e.body.len(), 2);
        let BlockKind::Entry(e) = &s[0].blocks[1].kind else { panic!() };
        assert_eq!(Inline::plain_text(&e.when), "January 2016 – December 2016");
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].message.contains("gallery"));
    }

    #[test]
    fn a_list_of_lines_under_a_kind_of_section_is_a_section_and_other_lists_are_not() {
        let src = "---\nskills:\n  - Rust\n  - \"[Go](https://go.dev), C\"\nleft-column:\n  - Tagline\n---\n";
        let (s, w) = read(src);
        assert_eq!(s.len(), 1);
        assert_eq!((Inline::plain_text(&s[0].title), s[0].kind), ("Skills".to_string(), SectionKind::Skills));
        let BlockKind::List { items, .. } = &s[0].blocks[0].kind else { panic!("{:?}", s[0].blocks) };
        assert_eq!(items.len(), 2);
        assert!(w.is_empty(), "{w:?}");
        let front = crate::source::front::parse(&SourceFile::new("t.md", src.to_string())).unwrap();
        assert!(!takes("left-column", front.get("left-column").unwrap()));
    }

    #[test]
    fn records_under_a_key_that_names_nothing_take_the_kind_of_the_page_title_or_widget() {
        let kinds = |src: &str| read(src).0.iter().map(|s| (Inline::plain_text(&s.title), s.kind)).collect::<Vec<_>>();
        let item = "[[item]]\n  title = \"Blockchain\"\n  organization = \"edX\"\n";
        let by_title = kinds(&format!("+++\ntitle = \"Accomplish&shy;ments\"\n{item}+++\n"));
        assert_eq!(by_title, [("Accomplish\u{ad}ments".to_string(), SectionKind::Awards)]);
        let by_widget = kinds(&format!("+++\nwidget = \"experience\"\n{item}+++\n"));
        assert_eq!(by_widget, [("Experience".to_string(), SectionKind::Experience)]);
        assert_eq!(kinds(&format!("+++\ntitle = \"Misc\"\n{item}+++\n")), []);
        assert_eq!(kinds("+++\ntitle = \"Skills\"\n[[feature]]\n  name = \"R\"\n+++\n"), [("Skills".to_string(), SectionKind::Skills)]);
        assert_eq!(kinds("+++\ntitle = \"Awards\"\n[[gallery]]\n  src = \"a.jpg\"\n+++\n"), [], "a key that names something else");
    }

    #[test]
    fn a_record_s_list_of_lines_is_set_under_it_and_a_table_in_it_is_reported() {
        let src = "---\nwork:\n  - position: Lead\n    name: Acme\n    highlights:\n      - Cut costs by half\n      - Hired six\n    meta:\n      x: y\n---\n";
        let (s, w) = read(src);
        let BlockKind::Entry(e) = &s[0].blocks[0].kind else { panic!("{:?}", s[0].blocks) };
        let Some(BlockKind::List { items, .. }) = e.body.last().map(|b| &b.kind) else { panic!("{:?}", e.body) };
        assert_eq!(items.len(), 2);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].message.contains("meta"), "{}", w[0].message);
    }
}
