//! Entries written as list items, in a list [`super::outline`] reads as a list of entries: a
//! paragraph entry (`- **Postdoc** (2019 - present)`), a dated title (`- **2013 - 2015**: CEO,
//! Notso`, `- Engineer at Acme (May 2017 - Mar 2019)`), or a bold role over its organisation
//! and dates, one an item (`- **Program Analyst**` over `  - Galaxy Software` and `  - Oct
//! 2017 - Jan 2021`); and the odd item of such a list, whatever its title.

use crate::model::{Block, BlockKind, Inline};
use crate::source::entries::{self, Parts, dated_title, dates_line, join, note_to_role, organisation_line, split_title};
use crate::source::inlines::{self, trim};
use crate::source::vocabulary::words;

/// The entries a list's items open, when it is a list of entries: each item's [`head`]; or,
/// `under_title`, when at least two items and at least half of them are entries, the odd ones
/// too ([`odd_head`]: "Undergraduate researcher", a title without a job title). Stops at the
/// first item that rules the list out.
pub fn heads(items: &[Vec<Block>], under_title: bool) -> Option<Vec<(Parts, Vec<Block>)>> {
    if !under_title {
        return items.iter().map(|item| head(item, false)).collect();
    }
    let (mut strict, mut missing) = (Vec::with_capacity(items.len()), 0);
    for item in items {
        let found = head(item, true);
        missing += usize::from(found.is_none());
        if missing * 2 > items.len() {
            return None;
        }
        strict.push(found);
    }
    if missing > 0 && items.len() - missing < 2 {
        return None;
    }
    strict.into_iter().zip(items).map(|(found, item)| found.or_else(|| odd_head(item))).collect()
}

/// The entry a list item opens, and its body (the rest of its first paragraph, its other
/// blocks): a paragraph entry anywhere; a dated title or a titled item only `under_title`.
fn head(item: &[Block], under_title: bool) -> Option<(Parts, Vec<Block>)> {
    let p = first_paragraph(item)?;
    let head = entries::paragraph_entry(p).or_else(|| dated_line_entry(p).filter(|_| under_title));
    head.map(|h| with_body(item, h)).or_else(|| titled_item(item).filter(|_| under_title))
}

/// The odd item of a list of entries, read whatever its title ("Undergraduate researcher").
fn odd_head(item: &[Block]) -> Option<(Parts, Vec<Block>)> {
    any_title_entry(first_paragraph(item)?).map(|h| with_body(item, h))
}

fn first_paragraph(item: &[Block]) -> Option<&Vec<Inline>> {
    match item.first() {
        Some(Block { kind: BlockKind::Paragraph(p), .. }) => Some(p),
        _ => None,
    }
}

/// The parts of an item's first paragraph, with its body: the rest of that paragraph, then the
/// item's other blocks. A title that names no organisation takes it from the first item of the
/// list below it when that item is a name (academicpages' `* Summer 2015: Research Assistant`
/// over `  * Github University`).
fn with_body(item: &[Block], (mut parts, rest): (Parts, Vec<Inline>)) -> (Parts, Vec<Block>) {
    let span = item.first().map(|b| b.span).unwrap_or_default();
    let lead = (!inlines::is_blank(&rest)).then_some(Block { kind: BlockKind::Paragraph(rest), span });
    let mut body: Vec<Block> = lead.into_iter().chain(item.iter().skip(1).cloned()).collect();
    if let (true, Some(Block { kind: BlockKind::List { items, .. }, .. })) = (parts.organisation.is_empty(), body.first_mut())
        && let Some([Block { kind: BlockKind::Paragraph(name), .. }]) = items.first().map(Vec::as_slice)
        && inlines::lines(name).len() == 1
        && entries::names_line(name, 10)
    {
        parts.organisation = trim(name.clone());
        items.remove(0);
        if items.is_empty() {
            body.remove(0);
        }
    }
    (parts, body)
}

/// A paragraph whose first line is a dated title: its dates and a role ("**2013 - auj.**: Lead
/// Developer Front, Perfect Memory", "2007: Ingénieur, Université de Compiègne"), or a job
/// title and its dates ("Lead Software Engineer at Acme (May 2017 - Mar 2019)"). Returns the
/// entry's parts and the rest of the paragraph.
fn dated_line_entry(para: &[Inline]) -> Option<(Parts, Vec<Inline>)> {
    let (first, rest) = title_line(para)?;
    let a_role = |p: &Parts| p.dates_first || words().has_job_title(&Inline::plain_text(&p.role));
    let parts = dated(&first).filter(|p| !p.role.is_empty() && a_role(p))?;
    Some((parts, rest))
}

/// A paragraph's first line read as an entry's title, with or without dates and job title
/// ("Undergraduate researcher", "Student Internship, Kuipers Lab (2016)"): for the odd item of a
/// list whose other items are entries. Returns the parts and the rest of the paragraph.
fn any_title_entry(para: &[Inline]) -> Option<(Parts, Vec<Inline>)> {
    let (first, rest) = title_line(para)?;
    let parts = dated(&first).filter(|p| !p.role.is_empty()).unwrap_or_else(|| split_title(&first));
    let (role, organisation) = note_to_role(parts.role, parts.organisation);
    Some((Parts { role, organisation, ..parts }, rest))
}

/// [`dated_title`], for a line with a digit: a date has a year, and most list items have none.
fn dated(line: &[Inline]) -> Option<Parts> {
    Inline::plain_text(line).contains(|c: char| c.is_ascii_digit()).then(|| dated_title(line)).flatten()
}

/// A paragraph's first line, at most 160 characters, and the rest. A title the author wrapped
/// over source lines (no hard break) is one line.
fn title_line(para: &[Inline]) -> Option<(Vec<Inline>, Vec<Inline>)> {
    let wrapped = !para.iter().any(|i| matches!(i, Inline::LineBreak { .. })) && Inline::plain_text(para).chars().count() <= 160;
    let mut lines = if wrapped { vec![inlines::soft_breaks_as_spaces(para)] } else { inlines::lines(para) }.into_iter();
    let first = lines.next().filter(|f| Inline::plain_text(f).chars().count() <= 160)?;
    Some((first, inlines::join_lines(lines.collect())))
}

/// A list item that names a role in bold, with its organisation and its dates listed below it,
/// one an item ("- **Program Analyst**" over "  - Galaxy Software" and "  - Oct 2017 - Jan
/// 2021"): the entry's parts and its body (the items after the dates, and the item's other
/// blocks).
fn titled_item(item: &[Block]) -> Option<(Parts, Vec<Block>)> {
    let [Block { kind: BlockKind::Paragraph(title), .. }, Block { kind: BlockKind::List { start, items }, span }, rest @ ..] = item else {
        return None;
    };
    let text = Inline::plain_text(title);
    let wholly_bold = inlines::leading_bold(title).is_some_and(|(a, b)| a == 0 && b >= text.trim_end().len());
    if !wholly_bold || text.split_whitespace().count() > 10 {
        return None;
    }
    let line = |i: &[Block]| match i {
        [Block { kind: BlockKind::Paragraph(p), .. }] if inlines::lines(p).len() == 1 => Some(p.clone()),
        _ => None,
    };
    let (k, mut dates) = items.iter().take(3).enumerate().find_map(|(k, i)| Some((k, dates_line(&line(i)?)?)))?;
    let names: Option<Vec<Vec<Inline>>> = items.get(..k)?.iter().map(|i| line(i).filter(|p| organisation_line(p))).collect();
    let mut names = names?.into_iter().map(trim);
    let organisation = names.next().unwrap_or_default();
    let location = join(names.next().unwrap_or_default(), std::mem::take(&mut dates.location));
    let mut body = Vec::new();
    if let Some(after) = items.get(k + 1..).filter(|a| !a.is_empty()) {
        body.push(Block { kind: BlockKind::List { start: *start, items: after.to_vec() }, span: *span });
    }
    body.extend_from_slice(rest);
    Some((Parts { role: trim(title.clone()), organisation, location, ..dates }, body))
}
