//! Sections written as front-matter lists. Records: Hugo Academic's `[[experience]]` and
//! `[[education]]` tables (or YAML lists of maps), with its field names (`title`, `company`,
//! `company_url`, `location`, `date_start`, `date_end`, `description`) or any the shortcode
//! table knows. Lines: a list of texts (`skills: [Rust, Go]`), or one text (`languages: "French,
//! English"`). A list whose key names a kind of section becomes that section, and so does a
//! generic one (`[[item]]`) on a page whose title or `widget` names one, or records that each
//! hold dates (`events`); any other list of records is reported, never silently left out (other
//! lists of text are [`super::unread`]'s to report). The same lists under `params` are read; a
//! record whose `type` names another kind goes to a section of that kind; labelled lists
//! (`[params.skills]`, `category` and `items`) are lines ([`labelled`]).

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, SourceFile};
use crate::model::{Block, BlockKind, DateEnd, DateRange, Entry, Inline, Section, SectionKind, Span};
use crate::source::front::{self, FrontMatter, Value, dotted};
use crate::source::markdown::{self, Flat};
use crate::source::shortcode::{Extracted, OffsetMap};
use crate::source::shortcode_table::{Field, Table};
use crate::source::vocabulary::{fold_words, words};
use crate::source::{dates, entries, header, html, labelled};
use crate::style::locale::Locale;

/// Whether [`sections`] sets or reports the field `key` of the table at `prefix`: at the top, a
/// list whose key names a kind of section, or any list of records; at the top or under `params`
/// (where Hugo keeps a page's own fields), a list, or a table of labelled lists
/// ([`labelled::of_table`]), whose key names a kind of section.
pub fn takes(prefix: &str, key: &str, value: &Value) -> bool {
    let kind = key_kind(key).is_some();
    let params = prefix.eq_ignore_ascii_case("params");
    let named = kind && !header::NESTED.iter().any(|n| n.eq_ignore_ascii_case(key)) && (prefix.is_empty() || params);
    match value {
        Value::List(items) if prefix.is_empty() => kind || items.iter().any(|i| matches!(i, Value::Map(_))),
        Value::List(_) => named,
        Value::Map(m) => named && labelled::of_table(m, &Table::default()).is_some(),
        // A text under a key that is a section's title (`languages: "French, English"`), not the
        // title of one (`profile_title`), unless the header reads it.
        Value::String(_) => named && words().is_section_title(&key.replace('_', " ")) && !header::reads(key, value),
        _ => false,
    }
}

/// The fields [`sections`] reads, in the order of their keys, the top level's then those under
/// `params`: each with its dotted path and its key.
fn fields(front: &FrontMatter) -> Vec<(String, &str, &Value)> {
    let top = front.table.iter().map(|(k, v)| (String::new(), k, v));
    let params = front.table.iter().filter(|(k, _)| k.eq_ignore_ascii_case("params")).filter_map(|(p, v)| Some((p, v.as_map()?)));
    let nested = params.flat_map(|(p, m)| m.iter().map(move |(k, v)| (p.clone(), k, v)));
    top.chain(nested).filter(|(p, k, v)| takes(p, k, v)).map(|(p, k, v)| (dotted(&p, k), k.as_str(), v)).collect()
}

/// Keys that say only "a list of things": Wowchemy's `[[item]]`, its featurette's `[[feature]]`.
const GENERIC_KEYS: &[&str] = &["item", "items", "entry", "entries", "list", "records", "feature", "features"];

/// What the records under `key` are: the key's kind (`experience`), else, for a generic key
/// ([`GENERIC_KEYS`]), the kind of the page's title or of its `widget`. The page's title heads
/// the section when it names the key's kind and no other field is of that kind (`keys`).
fn kind_of(key: &str, keys: &[&str], front: &FrontMatter, (title, locale): (&str, &Locale)) -> Option<(SectionKind, String)> {
    if let Some(kind) = key_kind(key) {
        let sole = keys.iter().filter(|k| key_kind(k) == Some(kind)).count() == 1;
        let heading = if sole && title_kind(title) == Some(kind) { title.to_string() } else { key_heading(locale, kind, key) };
        return Some((kind, heading));
    }
    if !GENERIC_KEYS.iter().any(|g| g.eq_ignore_ascii_case(key)) {
        return None;
    }
    if let Some(kind) = title_kind(title) {
        return Some((kind, title.to_string()));
    }
    let widget = front.get("widget").and_then(Value::as_text)?;
    Some((words().section_kind(&widget)?, heading_of(&widget)))
}

/// The kind of the page's title, when the title is a section title ("Work experience"), not a
/// line that merely holds a section word ("Architect | Ex-CTO, tech start-up").
fn title_kind(title: &str) -> Option<SectionKind> {
    words().is_section_title(title).then(|| words().section_kind(title)).flatten()
}

/// The kind of section a key names, its words joined by `_` or not (`about_me`, `skills`).
fn key_kind(key: &str) -> Option<SectionKind> {
    words().section_kind(&key.replace('_', " "))
}

/// A key of `kind` as a section heading: its words ("Side projects"), or, when none of them is a
/// title the page's language has for that kind (`languages` on a French page), the language's
/// own word ("Langues").
fn key_heading(locale: &Locale, kind: SectionKind, key: &str) -> String {
    let in_key = fold_words(&key.replace(['_', '-'], " "));
    let titles = locale.vocabulary.as_ref().and_then(|v| v.sections.get(&kind));
    let says = |t: &String| {
        let t = fold_words(t);
        !t.is_empty() && in_key.windows(t.len()).any(|w| w == t.as_slice())
    };
    if titles.is_some_and(|ts| ts.iter().any(says)) { heading_of(key) } else { kind_heading(locale, kind, key) }
}

/// A key as a heading: `about_me` → "About me".
fn heading_of(key: &str) -> String {
    labelled::capitalised(&key.replace(['_', '-'], " "))
}

/// The kind a record says it is of, in a `type` field that names one (`type = "education"` in a
/// list of experience).
fn own_kind(record: &BTreeMap<String, Value>) -> Option<(SectionKind, String)> {
    let written = front::get(record, "type").and_then(Value::as_text)?;
    Some((words().section_kind(&written)?, written))
}

/// The heading of a section of `kind` that no title names: the first word the page's language
/// has for it ("Education", "Formation"), else `written`.
fn kind_heading(locale: &Locale, kind: SectionKind, written: &str) -> String {
    let word = locale.vocabulary.as_ref().and_then(|v| v.sections.get(&kind)?.first().cloned());
    heading_of(&word.unwrap_or_else(|| written.to_string()))
}

/// A section being made: its kind, its heading and its blocks.
type Part = (SectionKind, String, Vec<Block>);

/// The sections the front matter's lists make, in the order of their keys: records become
/// entries (in the section their `type` names, when it names one), labelled lists and lines
/// of text a list (`skills: [Rust, Go]`), lines of a summary paragraphs.
pub fn sections(file: &SourceFile, front: &FrontMatter, table: &Table, locale: &Locale, warnings: &mut Vec<Diagnostic>) -> Vec<Section> {
    let mut out = Vec::new();
    let title = front.get("title").and_then(Value::as_text).map(|t| header::clean(&t)).unwrap_or_default();
    let fields = fields(front);
    let keys: Vec<&str> = fields.iter().map(|(_, k, _)| *k).collect();
    for &(ref path, key, value) in &fields {
        let span = front.span(file, path);
        let found = kind_of(key, &keys, front, (&title, locale)).or_else(|| timeline(file, front, (path, key, value), table, warnings));
        let Some((kind, heading)) = found else {
            let records = if let Value::List(items) = value { items.iter().filter(|i| i.as_map().is_some()).count() } else { 0 };
            warnings.push(
                Diagnostic::warning(
                    file,
                    front.field_span(file, path),
                    format!("front matter field `{path}` holds {records} record(s) that are not a kind of section cvpdf knows"),
                )
                .with_hint(
                    "name the list after what it holds (`experience`, `education`, `projects`…), or write the records in the page body",
                ),
            );
            continue;
        };
        let parts = match value {
            Value::Map(m) => {
                let groups = labelled::of_table(m, table).unwrap_or_default();
                vec![(kind, heading, groups.into_iter().filter_map(|g| group_block(file, g, span, warnings)).collect())]
            }
            Value::List(items) => list_parts(file, front, (path, items), (kind, heading), table, locale, warnings),
            _ => vec![(kind, heading, value.as_text().map(|t| body(file, &t, span)).unwrap_or_default())],
        };
        for (kind, heading, blocks) in parts.into_iter().filter(|p| !p.2.is_empty()) {
            let blocks = merged_lists(blocks);
            let title = vec![Inline::plain(heading, span)];
            out.push(Section { title, kind, optional: None, span, anchor: None, page_break: false, keep: false, blocks });
        }
    }
    out
}

/// Records under a key that names no kind of section, each holding dates and a title, a role or
/// an organisation (a timeline under `events`): a section of entries headed by the key, with a
/// note that says so.
fn timeline(
    file: &SourceFile,
    front: &FrontMatter,
    (path, key, value): (&str, &str, &Value),
    table: &Table,
    warnings: &mut Vec<Diagnostic>,
) -> Option<(SectionKind, String)> {
    if !dated_records(value, table) {
        return None;
    }
    let heading = heading_of(key);
    let message = format!("the records of `{path}` hold dates: they are set as a section headed \"{heading}\"");
    let hint = "name the list after what it holds (`experience`, `education`…) to choose its heading";
    warnings.push(Diagnostic::note(file, front.span(file, path), message).with_hint(hint));
    Some((SectionKind::Other, heading))
}

/// Whether every item of a list is a record with dates and a title, a role or an organisation.
fn dated_records(value: &Value, table: &Table) -> bool {
    let Value::List(items) = value else { return false };
    let has = |r: &BTreeMap<String, Value>, fields: &[Field]| r.keys().any(|k| table.field("", k).is_some_and(|f| fields.contains(&f)));
    let dated = |r: &BTreeMap<String, Value>| {
        has(r, &[Field::Dates, Field::Start, Field::End]) && has(r, &[Field::Role, Field::Title, Field::Organisation])
    };
    !items.is_empty() && items.iter().all(|i| i.as_map().is_some_and(dated))
}

/// The sections the list at `path` makes: the one of its key's `kind`, with its lines of text
/// and its records, but for records of another kind (`type`), which make sections of their own.
fn list_parts(
    file: &SourceFile,
    front: &FrontMatter,
    (path, items): (&str, &[Value]),
    (kind, heading): (SectionKind, String),
    table: &Table,
    locale: &Locale,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<Part> {
    let (mut first, mut others): (Vec<Block>, Vec<Part>) = (Vec::new(), Vec::new());
    for (n, record) in items.iter().enumerate().flat_map(|(n, i)| grouped(i).into_iter().map(move |r| (n, r))) {
        let span = front.item_span(file, path, n);
        let group = labelled::holds_lists(kind).then(|| labelled::of_record(record, table)).flatten();
        let block = match group {
            Some(g) => group_block(file, g, span, warnings),
            None => Some(Block { kind: BlockKind::Entry(entry(file, record, span, table, locale, warnings)), span }),
        };
        let blocks = match own_kind(record).filter(|(k, _)| *k != kind) {
            Some((k, written)) => match others.iter().position(|p| p.0 == k) {
                Some(i) => others.get_mut(i).map(|p| &mut p.2),
                None => {
                    others.push((k, kind_heading(locale, k, &written), Vec::new()));
                    others.last_mut().map(|p| &mut p.2)
                }
            },
            None => Some(&mut first),
        };
        if let Some(blocks) = blocks {
            blocks.extend(block);
        }
    }
    let lines: Vec<String> = items.iter().filter_map(Value::as_text).collect();
    let span = front.span(file, path);
    if kind == SectionKind::Summary {
        first.extend(lines.iter().flat_map(|l| body(file, l, span)));
    } else {
        first.extend(lines_list(file, &lines, span));
    }
    std::iter::once((kind, heading, first)).chain(others).collect()
}

/// The records an item of a list holds: itself, or, when it only groups records (`- group:
/// [{…}, {…}]`, two jobs held together), those.
fn grouped(item: &Value) -> Vec<&BTreeMap<String, Value>> {
    let Some(record) = item.as_map() else { return Vec::new() };
    match record.values().collect::<Vec<_>>().as_slice() {
        [Value::List(inner)] if !inner.is_empty() && inner.iter().all(|i| i.as_map().is_some()) => {
            inner.iter().filter_map(Value::as_map).collect()
        }
        _ => vec![record],
    }
}

/// A labelled list as a one-item list ("**Software:** Maya, Unity"); fields it could not set
/// are reported.
fn group_block(file: &SourceFile, group: labelled::Group, span: Span, warnings: &mut Vec<Diagnostic>) -> Option<Block> {
    report_unused(file, span, &group.unused, warnings);
    lines_list(file, &[group.line()], span)
}

/// Lists that follow one another as one list: labelled lists made one by one.
fn merged_lists(blocks: Vec<Block>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    for b in blocks {
        if let (Some(Block { kind: BlockKind::List { start: None, items }, span }), BlockKind::List { start: None, items: more }) =
            (out.last_mut(), &b.kind)
        {
            items.extend(more.iter().cloned());
            span.end = span.end.max(b.span.end);
            continue;
        }
        out.push(b);
    }
    out
}

/// Warns that a record's `unused` fields (`key="value"`) are not set.
fn report_unused(file: &SourceFile, span: Span, unused: &[String], warnings: &mut Vec<Diagnostic>) {
    if !unused.is_empty() {
        warnings.push(
            Diagnostic::warning(file, span, format!("record fields not set: {}", unused.join(", ")))
                .with_hint("cvpdf sets a record's title, company, location, dates, link and description"),
        );
    }
}

/// One record as an entry; fields it cannot place are reported. A title (`title`, `header`)
/// is the role, or, beside a role, the organisation. Without a field of dates, dates written in
/// the organisation or the role (`company = "Acme | 2020 - Present"`) are the entry's.
fn entry(
    file: &SourceFile,
    record: &BTreeMap<String, Value>,
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
    let (mut roles, mut organisations, mut titles) = (Vec::new(), Vec::new(), Vec::new());
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
            Some(Field::Role) => roles.push((k, value)),
            Some(Field::Title) => titles.push((k, value)),
            Some(Field::Organisation) => organisations.push((k, value)),
            Some(Field::Location) => e.location = text(&value),
            Some(Field::Link) => links.push((k, value.trim().to_string())),
            Some(Field::Dates) => when = Some(value),
            Some(Field::Start) => start = Some(value),
            Some(Field::End) => end = Some(value),
            Some(Field::Body) => e.body.extend(body(file, &value, span)),
            Some(Field::Presentation) => {}
            _ => unused.push(format!("{k}=\"{value}\"")),
        }
    }
    let fields = Names { roles, organisations, titles };
    fields.set(&mut e, &text, &mut unused);
    e.body.extend(lists);
    // The record's own `url` or `link` before the organisation's or a certificate's.
    links.sort_by_key(|(k, _)| !["url", "link", "href"].contains(&k.to_ascii_lowercase().as_str()));
    e.link = links.first().map(|(_, l)| l.clone());
    unused.extend(links.iter().filter(|(_, l)| Some(l) != e.link.as_ref()).map(|(k, l)| format!("{k}=\"{l}\"")));
    report_unused(file, span, &unused, warnings);
    if (&when, &start, &end) == (&None, &None, &None) {
        when = dates_written_in(&mut e.organisation).or_else(|| dates_written_in(&mut e.role));
    }
    e.dates = match &when {
        Some(w) => dates::read_loosely(w),
        None => dates::join(start.as_deref(), end.as_deref()),
    };
    e.when = match (when, e.dates) {
        (Some(w), Some(r)) if is_iso_date(&w) => text(&written(&r, locale)),
        (Some(w), _) => text(&w),
        (None, Some(r)) => text(&written(&r, locale)),
        (None, None) => Vec::new(),
    };
    e
}

/// The fields of a record that name it, by what the shortcode table says they are: `(key,
/// value)` each.
struct Names<'r> {
    roles: Vec<(&'r String, String)>,
    organisations: Vec<(&'r String, String)>,
    titles: Vec<(&'r String, String)>,
}

impl Names<'_> {
    /// Sets the entry's role and organisation. Several roles are joined, the degree first
    /// ("Bachelor, Computer Science"); beside an issuer, a publisher or an awarder, the record's
    /// own `name` is its role ("CKA, CNCF"); a title is the role, or, beside a role, the
    /// organisation. What finds no place goes to `unused`.
    fn set(mut self, e: &mut Entry, text: &dyn Fn(&str) -> Vec<Inline>, unused: &mut Vec<String>) {
        self.roles.sort_by_key(|(k, _)| !DEGREE_KEYS.contains(&k.to_ascii_lowercase().as_str()));
        if !self.roles.is_empty() {
            e.role = text(&self.roles.iter().map(|(_, v)| v.trim()).collect::<Vec<_>>().join(", "));
        }
        let own_name = self.organisations.iter().position(|(k, _)| k.eq_ignore_ascii_case("name"));
        if let (true, true, Some(i)) = (e.role.is_empty(), self.organisations.len() > 1, own_name) {
            e.role = text(&self.organisations.remove(i).1);
        }
        let mut organisations = self.organisations.into_iter();
        if let Some((_, value)) = organisations.next() {
            e.organisation = text(&value);
        }
        unused.extend(organisations.map(|(k, v)| format!("{k}=\"{v}\"")));
        for (k, value) in self.titles {
            match (e.role.is_empty(), e.organisation.is_empty()) {
                (true, _) => e.role = text(&value),
                (false, true) => e.organisation = text(&value),
                (false, false) => unused.push(format!("{k}=\"{value}\"")),
            }
        }
    }
}

/// Keys of a record's role that name a degree, set before the other parts of the role.
const DEGREE_KEYS: &[&str] = &["degree", "deg", "diploma", "studytype", "study_type"];

/// A date written for machines (`2019-04-01`, `2019-04`), which the page writes in its language.
fn is_iso_date(text: &str) -> bool {
    let t = text.trim();
    let date = t.split(['T', ' ']).next().unwrap_or(t);
    let parts: Vec<&str> = date.split('-').collect();
    (2..=3).contains(&parts.len())
        && parts.first().is_some_and(|y| y.len() == 4)
        && parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Dates written at an edge of a record's field ("Acme | Jan 2020 - Present"), taken out of it
/// with the separator before them; the field keeps the rest.
fn dates_written_in(field: &mut Vec<Inline>) -> Option<String> {
    let text = Inline::plain_text(field);
    let found = entries::dates_in(&text)?;
    let separators = |c: char| c.is_whitespace() || "|·•,;:–—-()[]".contains(c);
    let before = text.get(..found.start)?.trim_matches(separators);
    let after = text.get(found.end..)?.trim_matches(separators);
    let rest = match (before.is_empty(), after.is_empty()) {
        (false, true) => before,
        (true, false) => after,
        _ => return None,
    };
    let span = field.first().map(Inline::span)?;
    let when = text.get(found.start..found.end)?.to_string();
    *field = vec![Inline::plain(rest, span)];
    Some(when)
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
        assert!(!takes("", "left-column", front.get("left-column").unwrap()));
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

    #[test]
    fn a_record_s_fields_all_find_a_place() {
        let entry = |src: &str| {
            let (s, w) = read(&format!("---\nawards:\n{src}---\n"));
            let BlockKind::Entry(e) = &s[0].blocks[0].kind else { panic!("{:?}", s[0].blocks) };
            let body: String = e.body.iter().map(|b| format!("{:?}", b.kind)).collect();
            ([&e.role, &e.organisation, &e.when].map(|i| Inline::plain_text(i)), body, w)
        };
        let (parts, _, w) = entry("  - name: Best Paper\n    awarder: ACM\n    date: 2018-05-01\n");
        assert_eq!(parts, ["Best Paper", "ACM", "May 2018"].map(String::from), "{w:?}");
        let (parts, _, _) = entry("  - header: Acme\n    role: Lead\n");
        assert_eq!(parts, ["Lead", "Acme", ""].map(String::from), "a title beside a role is the organisation");
        let (parts, _, _) = entry("  - studyType: Bachelor\n    area: Physics\n    company: Uni X | 2010 - 2013\n");
        assert_eq!(parts, ["Bachelor, Physics", "Uni X", "2010 - 2013"].map(String::from));
        let (parts, _, _) = entry("  - title: A paper\n    source: Front. Neurol., 2018\n");
        assert_eq!(parts, ["A paper", "Front. Neurol.", "2018"].map(String::from), "a publication's venue and its year");
        let (s, w) = read(
            "---\nexperience:\n  - group:\n      - org: A\n        role: Lead\n      - org: B\n        role: Dev\n  - org: C\n    role: Intern\n---\n",
        );
        let roles: Vec<String> = s[0]
            .blocks
            .iter()
            .filter_map(|b| if let BlockKind::Entry(e) = &b.kind { Some(Inline::plain_text(&e.role)) } else { None })
            .collect();
        assert_eq!((roles, w.len()), (vec!["Lead".to_string(), "Dev".into(), "Intern".into()], 0), "a group of records is its records");
        let (_, body, w) = entry("  - title: Prize\n    description: For speed.\n    note: Shared with Bo.\n");
        assert!(body.contains("For speed") && body.contains("Shared with Bo"), "{body}");
        assert!(w.is_empty(), "{w:?}");
    }
}
