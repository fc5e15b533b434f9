//! Labelled lists written as front-matter data: a table of lists (`[params.skills]` with
//! `software = ["Maya", "Unity"]`), or a record that is a label and its list (`[[tools]]` with
//! `category = "Editors"` and `items = [{ name = "Vim" }]`). Each becomes one line, "Software:
//! Maya, Unity", the way people write a skills section in Markdown.

use std::collections::BTreeMap;

use crate::model::{Block, BlockKind, Inline, Section, SectionKind, Span};
use crate::source::front::Value;
use crate::source::shortcode_table::{Field, Table};

/// One labelled list: its label, its items (Markdown), and the fields it could not set
/// (`key="value"`), to report.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Group {
    /// What the items are ("Software").
    pub label: String,
    /// The items, as Markdown (`[Python](/skills/python/)` when an item has its own link).
    pub items: Vec<String>,
    /// Fields of the group or of its items that no part of the line sets.
    pub unused: Vec<String>,
}

impl Group {
    /// The group as one line of Markdown: "**Software:** Maya, Unity".
    pub fn line(&self) -> String {
        format!("**{}:** {}", self.label.replace('*', "\\*"), self.items.join(", "))
    }
}

/// Kinds of section whose records can be labelled lists: those that hold lists of things.
pub fn holds_lists(kind: SectionKind) -> bool {
    matches!(kind, SectionKind::Skills | SectionKind::Languages | SectionKind::Interests)
}

/// In a section of lists (skills, languages, interests), two or more entries in a row that hold
/// a name and nothing else (a `{{< skill-item name="Go" >}}` each) are one line: "Python, Go,
/// Docker", as the author would write them in Markdown.
pub fn join_names(section: &mut Section) {
    if !holds_lists(section.kind) {
        return;
    }
    let mut out: Vec<Block> = Vec::new();
    let mut run: Vec<Block> = Vec::new();
    for block in std::mem::take(&mut section.blocks) {
        if name_only(&block).is_some() {
            run.push(block);
            continue;
        }
        out.extend(names_line(std::mem::take(&mut run)));
        out.push(block);
    }
    out.extend(names_line(run));
    section.blocks = out;
}

/// The name an entry holds when it holds nothing else: its role or its organisation.
fn name_only(block: &Block) -> Option<&[Inline]> {
    let BlockKind::Entry(e) = &block.kind else { return None };
    if !(e.when.is_empty() && e.location.is_empty() && e.link.is_none() && e.body.is_empty()) {
        return None;
    }
    match (e.role.is_empty(), e.organisation.is_empty()) {
        (true, false) => Some(&e.organisation),
        (false, true) => Some(&e.role),
        _ => None,
    }
}

/// Entries that hold only names as one paragraph of those names; one entry stays as it is.
fn names_line(run: Vec<Block>) -> Vec<Block> {
    let (Some(first), Some(last)) = (run.first(), run.last()) else { return run };
    if run.len() < 2 {
        return run;
    }
    let span = Span::new(first.span.start, last.span.end);
    let mut line = Vec::new();
    for (i, block) in run.iter().enumerate() {
        if i > 0 {
            line.push(Inline::plain(", ", block.span));
        }
        line.extend(name_only(block).unwrap_or_default().iter().cloned());
    }
    vec![Block { kind: BlockKind::Paragraph(line), span }]
}

/// Fields that name a group in a record, in the order they are looked for.
const LABELS: &[&str] = &["category", "label", "group", "language", "name", "title", "heading"];

/// Fields that say how well: a spoken language's fluency, a skill's level.
const LEVELS: &[&str] = &["level", "fluency", "proficiency"];

/// A table whose every field is a list of things (`software = ["Maya"]`, `languages = [{ name =
/// "Python" }]`): one group per field, labelled with its key. `None` for any other table.
pub fn of_table(fields: &BTreeMap<String, Value>, table: &Table) -> Option<Vec<Group>> {
    let groups: Option<Vec<Group>> = fields
        .iter()
        .map(|(key, value)| {
            let mut unused = Vec::new();
            let items = items(value, table, &mut unused)?;
            Some(Group { label: capitalised(&key.replace(['_', '-'], " ")), items, unused })
        })
        .collect();
    groups.filter(|g| !g.is_empty())
}

/// The first of `keys` in `record` that holds text: its key and its text.
fn first_text<'r>(record: &'r BTreeMap<String, Value>, keys: &[&str]) -> Option<(&'r String, String)> {
    keys.iter().find_map(|l| {
        let (k, v) = record.iter().find(|(k, _)| k.eq_ignore_ascii_case(l))?;
        Some((k, v.as_text().map(|t| t.trim().to_string()).filter(|t| !t.is_empty())?))
    })
}

/// A record that is a label and one list of things (`category`, `items`), or a label and a
/// level (`language = "English"`, `fluency = "Native"`): its group; with both, the level goes
/// after the label ("Web (Master): HTML, CSS"). `None` when the record says more than that: a
/// role, an organisation, dates, a place or a description make it an entry.
pub fn of_record(record: &BTreeMap<String, Value>, table: &Table) -> Option<Group> {
    let (label_key, label) = first_text(record, LABELS)?;
    let level = first_text(record, LEVELS);
    let mut lists = record.iter().filter(|(_, v)| matches!(v, Value::List(_)));
    let list = lists.next();
    if lists.next().is_some() {
        return None;
    }
    let mut group = Group { label, ..Group::default() };
    match (list, &level) {
        (Some((_, l)), Some((_, lv))) => {
            group.items = items(l, table, &mut group.unused)?;
            group.label = format!("{} ({lv})", group.label);
        }
        (Some((_, l)), None) => group.items = items(l, table, &mut group.unused)?,
        (None, Some((_, lv))) => group.items = vec![lv.clone()],
        (None, None) => return None,
    }
    let taken = [Some(label_key), list.map(|(k, _)| k), level.as_ref().map(|(k, _)| *k)];
    for (k, v) in record.iter().filter(|(k, _)| !taken.contains(&Some(*k))) {
        let Some(text) = v.as_text().filter(|t| !t.trim().is_empty()) else { continue };
        match table.field("", k) {
            Some(Field::Presentation) => {}
            Some(Field::Role | Field::Organisation | Field::Dates | Field::Start | Field::End | Field::Location | Field::Body) => {
                return None;
            }
            _ => group.unused.push(format!("{k}=\"{text}\"")),
        }
    }
    Some(group)
}

/// The items of a list: its texts, or its records' names (`{ name = "Vim" }`), linked when a
/// record has a `url` or `link`. Other fields of a record go to `unused`. `None` when the list
/// is empty or holds anything else.
fn items(value: &Value, table: &Table, unused: &mut Vec<String>) -> Option<Vec<String>> {
    let Value::List(list) = value else { return None };
    let items: Option<Vec<String>> = list.iter().map(|v| v.as_text().or_else(|| named(v.as_map()?, table, unused))).collect();
    items.filter(|i| !i.is_empty())
}

/// The name of a record in a list, with its link.
fn named(record: &BTreeMap<String, Value>, table: &Table, unused: &mut Vec<String>) -> Option<String> {
    let text = |k: &str| record.iter().find(|(key, _)| key.eq_ignore_ascii_case(k)).and_then(|(_, v)| v.as_text());
    let (name_key, name) = ["name", "title", "label"].iter().find_map(|k| Some((*k, text(k)?)))?;
    let (link_key, link) = ["url", "link", "href"].iter().find_map(|k| Some((*k, text(k)?))).unzip();
    for (k, v) in record {
        let set = [Some(name_key), link_key].iter().flatten().any(|n| k.eq_ignore_ascii_case(n));
        let shown = !set && table.field("", k) != Some(Field::Presentation);
        if let Some(t) = v.as_text().filter(|t| shown && !t.trim().is_empty()) {
            unused.push(format!("{k}=\"{t}\""));
        }
    }
    Some(match link {
        Some(l) if !l.trim().is_empty() => format!("[{}]({})", name.trim(), l.trim()),
        _ => name.trim().to_string(),
    })
}

/// A key as a label: "disciplines" → "Disciplines".
pub fn capitalised(key: &str) -> String {
    let mut c = key.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::front::from_toml;

    fn value(toml: &str) -> Value {
        from_toml(toml::Value::Table(toml.parse::<toml::Table>().unwrap()))
    }

    #[test]
    fn a_table_of_lists_is_one_group_per_field() {
        let v = value(
            "software = [\"Maya\", \"Unity\"]\nprogramming_languages = [{ name = \"Python\", url = \"/s/py/\" }, { name = \"Lua\", level = \"basic\" }]\n",
        );
        let groups = of_table(v.as_map().unwrap(), &Table::default()).unwrap();
        let lines: Vec<String> = groups.iter().map(Group::line).collect();
        assert_eq!(lines, ["**Programming languages:** [Python](/s/py/), Lua", "**Software:** Maya, Unity"]);
        assert_eq!(groups[0].unused, ["level=\"basic\""]);
        assert_eq!(of_table(value("software = [\"Maya\"]\nmotto = \"x\"\n").as_map().unwrap(), &Table::default()), None);
    }

    #[test]
    fn a_record_of_a_label_and_a_list_is_a_group_and_one_with_a_role_is_not() {
        let table = Table::default();
        let g = of_record(
            value("category = \"Editors\"\nitems = [{ name = \"Vim\" }]\nlevel = \"daily\"\nicon = \"x\"\nsince = \"2010\"\n")
                .as_map()
                .unwrap(),
            &table,
        );
        assert_eq!(g, None, "dates make an entry");
        let g = of_record(
            value("category = \"Editors\"\nitems = [{ name = \"Vim\" }]\nlevel = \"daily\"\nicon = \"x\"\nrank = 2\n").as_map().unwrap(),
            &table,
        );
        let g = g.unwrap();
        assert_eq!((g.line(), g.unused), ("**Editors (daily):** Vim".to_string(), vec!["rank=\"2\"".to_string()]));
        let spoken = of_record(value("language = \"English\"\nfluency = \"Native\"\n").as_map().unwrap(), &table).unwrap();
        assert_eq!(spoken.line(), "**English:** Native");
        let job = value("name = \"Acme\"\nposition = \"Lead\"\nhighlights = [\"Shipped\"]\n");
        assert_eq!(of_record(job.as_map().unwrap(), &table), None);
        assert_eq!(of_record(value("items = [\"Vim\"]\n").as_map().unwrap(), &table), None, "no label");
    }

    #[test]
    fn names_in_a_row_in_a_skills_section_are_one_line() {
        let name = |n: &str, at: usize| {
            let e = crate::model::Entry { organisation: vec![Inline::plain(n, Span::new(at, at + 1))], ..Default::default() };
            Block { kind: BlockKind::Entry(e), span: Span::new(at, at + 1) }
        };
        let mut dated = crate::model::Entry { role: vec![Inline::plain("Rust", Span::default())], ..Default::default() };
        dated.when = vec![Inline::plain("2020", Span::default())];
        let blocks = vec![name("Python", 1), name("Go", 3), Block { kind: BlockKind::Entry(dated), span: Span::new(5, 6) }, name("C", 7)];
        let mut s = Section {
            title: Vec::new(),
            kind: SectionKind::Skills,
            optional: None,
            span: Span::default(),
            anchor: None,
            page_break: false,
            keep: false,
            blocks,
        };
        let mut other = s.clone();
        join_names(&mut s);
        let kinds: Vec<String> = s
            .blocks
            .iter()
            .map(|b| match &b.kind {
                BlockKind::Paragraph(p) => Inline::plain_text(p),
                BlockKind::Entry(e) => format!("entry {}{}", Inline::plain_text(&e.role), Inline::plain_text(&e.organisation)),
                _ => String::new(),
            })
            .collect();
        assert_eq!(kinds, ["Python, Go", "entry Rust", "entry C"]);
        assert_eq!(s.blocks[0].span, Span::new(1, 4));
        other.kind = SectionKind::Experience;
        join_names(&mut other);
        assert_eq!(other.blocks.len(), 4, "entries of experience stay entries");
    }
}
