//! Entries from the text people write: a heading or a first line that holds a role, an
//! organisation, a place and dates, in the shapes real pages use:
//!
//! - `Technical Lead, SRE Department, Ubisoft` (dates on the next line);
//! - `2016 to 2019: Infrastructure Engineer @OVH`, `09/2023 - actuellement : Role pour Company`;
//! - `Company — Role (Mar 2020 - Présent)`, `[2021-2023] Role`;
//! - `Oct. 2024 – Aujourd’hui · **Role** · Company, Place` (the bold run is the role);
//! - `Role @Company Janvier 2026 - En cours / Full Remote` (a place after the dates);
//! - `Paris · August 2025 – Present` under a heading (a place before the dates);
//! - `**Data Engineer** (Freelance) · Août 2025 – Aujourd'hui` over `Padoa` and `Paris`.
//!
//! List items are read by [`super::items`].
//!
//! Dates are read by [`super::dates`]; which side of a separator is the role is decided by the
//! job titles of the language catalogues.

use crate::model::{Block, BlockKind, DateEnd, DateRange, Entry, Inline};
use crate::source::dates::{self, Found};
use crate::source::inlines::{self, only_bold, slice, trim};
use crate::source::vocabulary::{FieldLabel, fold, words};

/// An entry's title line, read.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Parts {
    /// Role.
    pub role: Vec<Inline>,
    /// Organisation.
    pub organisation: Vec<Inline>,
    /// Place.
    pub location: Vec<Inline>,
    /// Dates as written.
    pub when: Vec<Inline>,
    /// Dates, read.
    pub dates: Option<DateRange>,
    /// The word the author wrote between role and organisation ("chez", "at", "@").
    pub joiner: Option<String>,
    /// The dates came before the role.
    pub dates_first: bool,
}

impl Parts {
    /// An entry with these parts and no body yet.
    pub fn entry(self) -> Entry {
        Entry {
            role: self.role,
            organisation: self.organisation,
            location: self.location,
            when: self.when,
            dates: self.dates,
            joiner: self.joiner,
            dates_first: self.dates_first,
            ..Entry::default()
        }
    }
}

/// Separators between the parts of a title, stronger than a comma: a dot, bar or colon.
const VISUAL: &[&str] = &[" · ", " | ", " • ", " ∙ ", " : ", ": "];
/// Dashes, weaker than a comma.
const DASHES: &[&str] = &[" — ", " – ", " -- ", " - "];

/// The first (or last) place of `pat` in `text` outside brackets.
fn find_outside(text: &str, pat: &str, last: bool) -> Option<usize> {
    let mut depth = 0i32;
    let mut found = None;
    for (i, c) in text.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            _ if depth <= 0 && text.get(i..).is_some_and(|r| r.starts_with(pat)) => {
                found = Some(i);
                if !last {
                    break;
                }
            }
            _ => {}
        }
    }
    found
}

/// The dates written in a title, where people put them: at its start or its end, in brackets,
/// before a separator and a short place ("… Janvier 2026 - En cours / Full Remote"), or before
/// a short note in brackets ("May 2013 (GPA 4.0/4.0)").
pub fn dates_in(text: &str) -> Option<Found> {
    dates::find_ranges(text).into_iter().find(|f| {
        let before = text.get(..f.start).unwrap_or("").trim_end();
        let after = text.get(f.end..).unwrap_or("").trim_start();
        let edge = |s: &str| s.trim_matches(|c: char| c.is_whitespace() || "()[]:.,;-–—·|•*_".contains(c)).is_empty();
        let bracketed = before.ends_with(['(', '[']) && after.starts_with([')', ']']);
        let then_place = after.starts_with(['/', '·', '|', '•', ',', '—', '–', '-']) && after.split_whitespace().count() <= 5;
        // A short note in brackets after the dates: "May 2013 (GPA 4.0/4.0)".
        let then_note = after.starts_with('(') && after.ends_with(')') && after.split_whitespace().count() <= 5;
        edge(before) || edge(after) || bracketed || then_place || then_note
    })
}

/// The dates `found` in `line` (whose text is `text`), as written: trimmed of separators, but
/// for the dash that leaves a range open ("February 2019–", ongoing).
fn written_dates(line: &[Inline], text: &str, found: &Found) -> Vec<Inline> {
    let written = text.get(found.start..found.end).unwrap_or("").trim_end();
    match (found.range.end, written.ends_with(dates::is_dash)) {
        (Some(DateEnd::Present), true) => slice(line, found.start, found.start + written.len()),
        _ => trim(slice(line, found.start, found.end)),
    }
}

/// The dates `found` in `line` as written, and what follows them. A note in brackets right
/// after them ("(dont 2 ans en alternance)", "(GPA 4.0/4.0)") is the dates' own.
fn dates_and_after(line: &[Inline], text: &str, found: &Found) -> (Vec<Inline>, Vec<Inline>) {
    let after = text.get(found.end..).unwrap_or("").trim();
    if after.starts_with('(') && after.ends_with(')') {
        return (trim(slice(line, found.start, text.len())), Vec::new());
    }
    (written_dates(line, text, found), trim(slice(line, found.end, text.len())))
}

/// Reads a title that holds its own dates. `None` when it has none.
pub fn dated_title(title: &[Inline]) -> Option<Parts> {
    let text = Inline::plain_text(title);
    let found = dates_in(&text)?;
    let before = trim(slice(title, 0, found.start));
    let (when, after) = dates_and_after(title, &text, &found);
    let dates_first = before.is_empty() && !after.is_empty();
    let (title, place) = if before.is_empty() { (after, Vec::new()) } else { (before, after) };
    let mut parts = split_title(&title);
    if parts.location.is_empty() {
        parts.location = place;
    } else if !place.is_empty() {
        parts.organisation = join(parts.organisation, parts.location);
        parts.location = place;
    }
    Some(Parts { when, dates: Some(found.range), dates_first, ..parts })
}

/// A line of dates and a short place: the dates first ([`dates_first_line`]), or last after a
/// separator ("Paris · August 2025 – Present", "Annecy | 2019 – 2021 (2 years)").
pub fn dates_line(line: &[Inline]) -> Option<Parts> {
    dates_in_line(line, true)
}

/// A line of dates, perhaps followed by a short place or note ("Jan. 2023, Rousset, France",
/// "January 2022 - present; employed"): the dates must start it, and what follows them must
/// not be a role.
pub fn dates_first_line(line: &[Inline]) -> Option<Parts> {
    dates_in_line(line, false)
}

/// A line of labelled fields with dates, or of dates and a short place: first, or (`place_first`)
/// last. The line's dates are found once for both.
fn dates_in_line(line: &[Inline], place_first: bool) -> Option<Parts> {
    if let Some(p) = labelled_line(line) {
        return Some(p);
    }
    let text = Inline::plain_text(line);
    if text.chars().count() > 120 {
        return None;
    }
    let found = dates::find_ranges(&text);
    dates_then_place(line, &text, &found).or_else(|| place_first.then(|| place_then_dates(line, &text, &found)).flatten())
}

/// Dates that open the line, and what follows them: a place of at most five words, no role.
fn dates_then_place(line: &[Inline], text: &str, found: &[Found]) -> Option<Parts> {
    let lead = text.len() - text.trim_start_matches(|c: char| c.is_whitespace() || "*_([".contains(c)).len();
    let found = found.first().filter(|f| f.start == lead)?;
    let rest = trim(slice(line, found.end, text.len()));
    let rest_text = Inline::plain_text(&rest);
    if rest_text.split_whitespace().filter(|w| w.contains(char::is_alphanumeric)).count() > 5 || words().has_job_title(&rest_text) {
        return None;
    }
    Some(Parts { when: written_dates(line, text, found), dates: Some(found.range), location: rest, ..Parts::default() })
}

/// A short place, a separator, and the dates that end the line (perhaps with a note in brackets
/// after them). The place holds no role and no other dates.
fn place_then_dates(line: &[Inline], text: &str, found: &[Found]) -> Option<Parts> {
    let ([], Some(last)) = (found.get(..found.len().saturating_sub(1))?, found.last()) else { return None };
    let (when, after) = dates_and_after(line, text, last);
    let before = text.get(..last.start)?.trim_end();
    let place_text = before.trim_end_matches(['·', '|', '•', ',', '—', '–']).trim_end();
    let count = place_text.split_whitespace().filter(|w| w.contains(char::is_alphanumeric)).count();
    let apart = place_text.len() < before.len() && (1..=6).contains(&count);
    if !after.is_empty() || !apart || words().has_job_title(place_text) {
        return None;
    }
    Some(Parts { when, dates: Some(last.range), location: trim(slice(line, 0, place_text.len())), ..Parts::default() })
}

/// A line of labelled fields, each a label the catalogues know and its value, set apart by bars
/// or dots: "**Période :** Septembre 2025 - Présent (CDI) | **Lieu :** Lyon, France". One field
/// must be dates; the fields, each with its label as written, are the entry's dates, place,
/// organisation and role.
pub fn labelled_line(line: &[Inline]) -> Option<Parts> {
    labelled_fields(line, Parts::default()).filter(|p| p.dates.is_some())
}

/// Lines of labelled fields, one or more to a line ("**Company:** Acme", "**Dates:** 2019 –
/// 2021"): their parts, when one is dates.
pub fn labelled_lines(para: &[Inline]) -> Option<Parts> {
    let parts = inlines::lines(para).iter().try_fold(Parts::default(), |parts, line| labelled_fields(line, parts))?;
    parts.dates.is_some().then_some(parts)
}

/// How many lines open `para` that are all labelled fields, when those lines hold dates.
pub fn labelled_lead(para: &[Inline]) -> Option<usize> {
    let lines = inlines::lines(para);
    let (mut parts, mut n) = (Parts::default(), 0);
    for line in &lines {
        match labelled_fields(line, parts.clone()) {
            Some(p) => (parts, n) = (p, n + 1),
            None => break,
        }
    }
    (n > 0 && parts.dates.is_some()).then_some(n)
}

/// `parts` with the labelled fields of `line` added; `None` when any part of the line is not a
/// field with a label the catalogues know, or its dates do not read.
fn labelled_fields(line: &[Inline], mut parts: Parts) -> Option<Parts> {
    let text = Inline::plain_text(line);
    if text.chars().count() > 160 || !text.contains(':') {
        return None;
    }
    let mut from = 0;
    loop {
        let rest = text.get(from..)?;
        let sep = VISUAL.iter().filter(|s| !s.contains(':')).filter_map(|s| find_outside(rest, s, false).map(|i| (i, s.len()))).min();
        let end = sep.map_or(text.len(), |(i, _)| from + i);
        let colon = from + text.get(from..end)?.find(':')?;
        // The field as written, its label with it: "Période : 2019 – 2021".
        let field = trim(slice(line, from, end));
        let label = text.get(from..colon)?.trim_matches(|c: char| c.is_whitespace() || "*_".contains(c));
        match words().field_label(label)? {
            FieldLabel::Dates => {
                parts.dates = Some(dates::read_loosely(&Inline::plain_text(&trim(slice(line, colon + 1, end))))?);
                parts.when = field;
            }
            FieldLabel::Place => parts.location = field,
            FieldLabel::Organisation => parts.organisation = join(parts.organisation, field),
            FieldLabel::Role => parts.role = join(parts.role, field),
        }
        match sep {
            Some((i, len)) => from += i + len,
            None => return Some(parts),
        }
    }
}

/// Splits a title without dates into role, organisation and place.
///
/// A bold run among other text is the role (unless the job title is outside it). Otherwise, in
/// order: a dot, bar or colon between words; `@` or a word such as "at", "chez", "pour" (role,
/// then organisation); the last comma (unless that leaves the job title on the organisation's
/// side); a dash. With a separator that
/// is not a comma, the side holding a job title is the role, and a comma in the organisation
/// separates a place ("Genymobile, France").
pub fn split_title(title: &[Inline]) -> Parts {
    let text = Inline::plain_text(title);
    let part = |a: usize, b: usize| trim(slice(title, a, b));
    let has = |x: &[Inline]| words().has_job_title(&Inline::plain_text(x));
    if let Some((a, b)) = only_bold(title).filter(|(a, b)| has(&part(*a, *b)) || !has(&join(part(0, *a), part(*b, text.len())))) {
        let rest = join(part(0, a), part(b, text.len()));
        let (rest, joiner) = strip_at_word(rest);
        let (organisation, location) = place_after_comma(rest);
        return Parts { role: part(a, b), organisation, location, joiner, ..Parts::default() };
    }
    if let Some(p) = by_separators(title, &text, VISUAL) {
        return p;
    }
    if let Some((at, len)) = at_sign(&text).or_else(|| at_word(&text)) {
        let (organisation, location) = place_after_comma(part(at + len, text.len()));
        let joiner = text.get(at..at + len).map(str::to_string);
        return Parts { role: part(0, at), organisation, location, joiner, ..Parts::default() };
    }
    if let Some(p) = by_slash(title, &text) {
        return p;
    }
    if let Some(i) = find_outside(&text, ", ", true) {
        let (role, org) = (part(0, i), part(i + 2, text.len()));
        if !has(&org) || has(&role) {
            return Parts { role, organisation: org, ..Parts::default() };
        }
    }
    if let Some(p) = by_separators(title, &text, DASHES) {
        return p;
    }
    Parts { role: trim(title.to_vec()), ..Parts::default() }
}

/// "Maman LLC / Software Engineer": one slash between an organisation and a role, when one
/// side only holds a job title and the other is not just words that qualify it ("Frontend /
/// Backend Developer" is one role).
fn by_slash(title: &[Inline], text: &str) -> Option<Parts> {
    let i = find_outside(text, " / ", false).filter(|i| find_outside(text, " / ", true) == Some(*i))?;
    let (left, right) = (trim(slice(title, 0, i)), trim(slice(title, i + 3, text.len())));
    let (l, r) = (Inline::plain_text(&left), Inline::plain_text(&right));
    let w = words();
    let (role, org, org_text) = match (w.has_job_title(&l), w.has_job_title(&r)) {
        (true, false) => (left, right, r),
        (false, true) => (right, left, l),
        _ => return None,
    };
    if org.is_empty() || w.is_job_qualifier(&org_text) {
        return None;
    }
    let (organisation, location) = place_after_comma(org);
    Some(Parts { role, organisation, location, ..Parts::default() })
}

/// Splits at the first of `seps` found: two parts, oriented by job titles; a third is the place.
fn by_separators(title: &[Inline], text: &str, seps: &[&str]) -> Option<Parts> {
    let (i, sep) = seps.iter().filter_map(|s| find_outside(text, s, false).map(|i| (i, *s))).min_by_key(|(i, _)| *i)?;
    let left = trim(slice(title, 0, i));
    let rest_start = i + sep.len();
    let rest = text.get(rest_start..).unwrap_or("");
    let (right, third) = match find_outside(rest, sep, false) {
        Some(j) => (trim(slice(title, rest_start, rest_start + j)), trim(slice(title, rest_start + j + sep.len(), text.len()))),
        None => (trim(slice(title, rest_start, text.len())), Vec::new()),
    };
    if left.is_empty() || right.is_empty() {
        return None;
    }
    let has = |x: &[Inline]| words().has_job_title(&Inline::plain_text(x));
    let (role, org) = if has(&right) && !has(&left) { (right, left) } else { (left, right) };
    let (organisation, location) = if third.is_empty() { place_after_comma(org) } else { (org, third) };
    Some(Parts { role, organisation, location, ..Parts::default() })
}

/// A heading that names only an organisation, its role on a line of its own below it
/// (`#### Northwind, Berlin`, its dates, then `Senior Engineer`): the organisation, with a
/// short place after a comma.
pub fn organisation_title(title: &[Inline], role: &[Inline]) -> Parts {
    let (organisation, location) = place_after_comma(trim(title.to_vec()));
    Parts { role: trim(role.to_vec()), organisation, location, ..Parts::default() }
}

/// A line that is a role and nothing else: short, holding a job title and no dates ("Senior
/// System Engineer", "Co-founder").
pub fn role_line(line: &[Inline]) -> bool {
    let text = Inline::plain_text(line);
    text.chars().count() <= 60 && !text.contains('\n') && words().has_job_title(&text) && dates::read_loosely(&text).is_none()
}

/// What a paragraph under an organisation's heading says of the role and its dates: one line
/// with the role and its dates ("Doctor of Philosophy  2023/09 – Present", "June 2019--August
/// 2019: **Intern**"), or two lines,
/// a role line and a line of dates in either order ("Consultant\nJan. 2019 - Aug. 2021"). The
/// role holds a job title and no organisation of its own.
pub fn role_and_dates_line(para: &[Inline]) -> Option<Parts> {
    match inlines::lines(para).as_slice() {
        [line] => {
            let parts = dated_title(line).filter(|p| p.organisation.is_empty())?;
            let role = Inline::plain_text(&parts.role);
            (role.chars().count() <= 80 && words().has_job_title(&role)).then_some(parts)
        }
        [a, b] => {
            let (role, dates) = if role_line(a) { (a, dates_line(b)?) } else { (b, dates_line(a).filter(|_| role_line(b))?) };
            Some(Parts { role: trim(role.clone()), location: Vec::new(), ..dates })
        }
        _ => None,
    }
}

/// `"Genymobile, France"` → (`Genymobile`, `France`), when there is one comma (outside
/// brackets) and what follows it is short.
fn place_after_comma(org: Vec<Inline>) -> (Vec<Inline>, Vec<Inline>) {
    let text = Inline::plain_text(&org);
    let one = find_outside(&text, ", ", false) == find_outside(&text, ", ", true);
    match find_outside(&text, ", ", true) {
        Some(i) if one && text.get(i + 2..).is_some_and(|p| p.split_whitespace().count() <= 3) && i > 0 => {
            (trim(slice(&org, 0, i)), trim(slice(&org, i + 2, text.len())))
        }
        _ => (org, Vec::new()),
    }
}

/// `@` at the start of a word: (its byte offset, its length).
fn at_sign(text: &str) -> Option<(usize, usize)> {
    text.char_indices()
        .find(|(i, c)| *c == '@' && (*i == 0 || text.get(..*i).is_some_and(|b| b.ends_with(char::is_whitespace))) && *i > 0)
        .map(|(i, _)| (i, 1))
}

/// A word that joins a role to its organisation ("at", "chez", "pour"), between two words.
fn at_word(text: &str) -> Option<(usize, usize)> {
    let spans = word_spans(text);
    let folded: Vec<String> = spans.iter().map(|(a, b)| fold(text.get(*a..*b).unwrap_or(""))).collect();
    (1..folded.len()).find_map(|i| {
        let n = words().at_at(&folded, i)?;
        let (a, _) = spans.get(i)?;
        let (_, b) = spans.get(i + n - 1)?;
        (i + n < folded.len()).then_some((*a, b - a))
    })
}

/// `(start, end)` of each white-space separated word.
fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// The organisation without a leading "at"/"chez" ("chez Optimiz.me" → "Optimiz.me"), and that
/// word.
fn strip_at_word(org: Vec<Inline>) -> (Vec<Inline>, Option<String>) {
    let text = Inline::plain_text(&org);
    let spans = word_spans(&text);
    let folded: Vec<String> = spans.iter().map(|(a, b)| fold(text.get(*a..*b).unwrap_or(""))).collect();
    match words().at_at(&folded, 0).and_then(|n| Some((spans.get(n)?, spans.get(n - 1)?))) {
        Some(((start, _), (_, word_end))) => (trim(slice(&org, *start, text.len())), text.get(..*word_end).map(str::to_string)),
        None => (org, None),
    }
}

/// Two runs of inlines as one, with a comma between them when both have text.
pub fn join(a: Vec<Inline>, b: Vec<Inline>) -> Vec<Inline> {
    join_with(a, ", ", b)
}

/// `a` and `b` with `sep` between them, or whichever is not empty.
fn join_with(mut a: Vec<Inline>, sep: &str, b: Vec<Inline>) -> Vec<Inline> {
    if a.is_empty() {
        return b;
    }
    if !b.is_empty() {
        let span = b.first().map(Inline::span).unwrap_or_default();
        a.push(Inline::plain(sep, span));
        a.extend(b);
    }
    a
}

/// A paragraph that starts an entry: its first line opens with a bold role, and the dates are on
/// that line or the next ("**Senior Engineer** — Acme\n*2019 – 2022 • Remote*"), or on the line
/// after an organisation's own line ("**Engineer**\n**Acme, Dallas**\n*2019 – 2022*"). Returns
/// the entry's parts and the rest of the paragraph.
pub fn paragraph_entry(para: &[Inline]) -> Option<(Parts, Vec<Inline>)> {
    let lines = inlines::lines(para);
    let first = lines.first()?;
    let (a, b) = inlines::leading_bold(first)?;
    let text = Inline::plain_text(first);
    if text.chars().count() > 160 || text.get(a..b).is_none_or(|r| r.split_whitespace().count() > 14) {
        return None;
    }
    let role = trim(slice(first, a, b));
    let (parts, rest_from) = match dates_in(&text).filter(|f| f.start >= b) {
        Some(found) => {
            let (org, joiner) = strip_at_word(trim(slice(first, b, found.start)));
            let (role, org) = note_to_role(role, org);
            let (when, after) = dates_and_after(first, &text, &found);
            let (organisation, location) = if after.is_empty() { place_after_comma(org) } else { (org, after) };
            let parts = Parts { role, organisation, location, when, dates: Some(found.range), joiner, dates_first: false };
            names_below(parts, &lines)
        }
        None => {
            let (org, joiner) = strip_at_word(trim(slice(first, b, text.len())));
            // The organisation on a line of its own, between the role and the dates.
            let own_line = lines.get(1).filter(|l| org.is_empty() && organisation_line(l)).map(|l| trim(l.clone()));
            let (org, taken) = match own_line {
                Some(o) if lines.get(2).and_then(|l| dates_line(l)).is_some() => (o, 3),
                _ => (org, 2),
            };
            let line = lines.get(taken - 1).and_then(|l| dates_line(l))?;
            let (organisation, place) = place_after_comma(org);
            let location = if line.location.is_empty() { place } else { join(place, line.location) };
            (Parts { role, organisation, location, when: line.when, dates: line.dates, joiner, dates_first: false }, taken)
        }
    };
    let rest = inlines::join_lines(lines.into_iter().skip(rest_from).collect());
    Some((parts, rest))
}

/// A note in brackets between a role and its dates is the role's: "**Data Engineer** (Freelance)
/// · Août 2025 – Aujourd'hui".
pub(super) fn note_to_role(role: Vec<Inline>, org: Vec<Inline>) -> (Vec<Inline>, Vec<Inline>) {
    let text = Inline::plain_text(&org);
    let text = text.trim_end_matches(|c: char| c.is_whitespace() || "·|•,—–-".contains(c));
    let inside = text.strip_prefix('(').and_then(|t| t.strip_suffix(')'));
    let bracketed = inside.is_some_and(|t| !t.contains(['(', ')']));
    match bracketed {
        true => (join_with(role, " ", slice(&org, 0, text.len())), Vec::new()),
        false => (role, org),
    }
}

/// A first line that names no organisation takes it from the line below when that line is a
/// name ("Padoa"), and its place from the line after that when it ends the paragraph ("Paris").
/// Returns the parts and how many lines they took.
fn names_below(mut parts: Parts, lines: &[Vec<Inline>]) -> (Parts, usize) {
    let name = |i: usize, most: usize| lines.get(i).filter(|l| names_line(l, most)).map(|l| trim(l.clone()));
    if !parts.organisation.is_empty() || !parts.location.is_empty() {
        return (parts, 1);
    }
    let Some(org) = name(1, 8) else { return (parts, 1) };
    parts.organisation = org;
    let last = lines.iter().skip(3).all(|l| Inline::plain_text(l).trim().is_empty());
    match name(2, 4).filter(|_| last) {
        Some(place) => (Parts { location: place, ..parts }, 3),
        None => (parts, 2),
    }
}

/// A line that is a name, not a sentence: at most `most` words, each long one capitalised, no
/// end punctuation, no dates and no role.
pub(super) fn names_line(line: &[Inline], most: usize) -> bool {
    let text = Inline::plain_text(line);
    let text = text.trim();
    let ws: Vec<&str> = text.split_whitespace().collect();
    let capitalised = |w: &&str| w.chars().filter(|c| c.is_alphabetic()).count() < 4 || w.chars().next().is_some_and(|c| !c.is_lowercase());
    (1..=most).contains(&ws.len()) && ws.iter().all(capitalised) && !text.ends_with(['.', ':', ';', '!', '?']) && organisation_line(line)
}

/// A line that can name an organisation and its place: short, with no dates and no role.
pub(super) fn organisation_line(line: &[Inline]) -> bool {
    let text = Inline::plain_text(line);
    text.chars().count() <= 100 && dates_in(&text).is_none() && !words().has_job_title(&text)
}

/// A definition-list item read as an entry: the term is dates ("2010-2014", "Depuis sept.
/// 2018"), the definition opens with a bold role ("**PhD**; University"). Returns the entry's
/// parts and its body (the rest of the definition).
pub fn definition(term: &[Inline], definition: &[Block]) -> Option<(Parts, Vec<Block>)> {
    let line = dates_line(term)?;
    let (first, rest) = definition.split_first()?;
    let BlockKind::Paragraph(p) = &first.kind else { return None };
    let lines = inlines::hard_lines(p);
    let head = lines.first()?;
    let (a, b) = inlines::leading_bold(head)?;
    let text = Inline::plain_text(head);
    let (org, joiner) = strip_at_word(trim(slice(head, b, text.len())));
    let (organisation, place) = place_after_comma(org);
    let location = if line.location.is_empty() { place } else { join(place, line.location) };
    let parts =
        Parts { role: trim(slice(head, a, b)), organisation, location, when: line.when, dates: line.dates, joiner, dates_first: true };
    let more = inlines::join_lines(lines.into_iter().skip(1).collect());
    let mut body = Vec::new();
    if !inlines::is_blank(&more) {
        body.push(Block { kind: BlockKind::Paragraph(more), span: first.span });
    }
    body.extend(rest.iter().cloned());
    Some((parts, body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DateEnd, TextStyle};

    fn run(text: &str) -> Vec<Inline> {
        vec![Inline::plain(text, Default::default())]
    }

    fn bold(text: &str) -> Inline {
        Inline::Text { text: text.into(), style: TextStyle { bold: true, ..TextStyle::default() }, link: None, span: Default::default() }
    }

    fn show(p: &Parts) -> [String; 4] {
        [&p.role, &p.organisation, &p.location, &p.when].map(|x| Inline::plain_text(x))
    }

    #[test]
    fn titles_without_dates() {
        assert_eq!(
            show(&split_title(&run("Technical Lead, SRE Department, Ubisoft"))),
            ["Technical Lead, SRE Department", "Ubisoft", "", ""]
        );
        assert_eq!(show(&split_title(&run("Infrastructure Engineer @OVH"))), ["Infrastructure Engineer", "OVH", "", ""]);
        assert_eq!(show(&split_title(&run("Role pour Company"))), ["Role", "Company", "", ""]);
        assert_eq!(show(&split_title(&run("SII for SCLE : Embedded developer"))), ["Embedded developer", "SII for SCLE", "", ""]);
        assert_eq!(
            show(&split_title(&run("Software Developer – Full Stack, Krumware"))),
            ["Software Developer – Full Stack", "Krumware", "", ""]
        );
        assert_eq!(show(&split_title(&run("Acme — Lead Developer"))), ["Lead Developer", "Acme", "", ""]);
        assert_eq!(show(&split_title(&run("Valeo Vision"))), ["Valeo Vision", "", "", ""]);
        assert_eq!(show(&split_title(&run("Maman LLC / Software Engineer"))), ["Software Engineer", "Maman LLC", "", ""]);
        assert_eq!(show(&split_title(&run("Frontend / Backend Developer"))), ["Frontend / Backend Developer", "", "", ""]);
        assert_eq!(show(&split_title(&run("Engineer / Team Lead"))), ["Engineer / Team Lead", "", "", ""]);
    }

    #[test]
    fn titles_with_dates() {
        let p = dated_title(&run("09/2023 - actuellement : Développeur pour Acme")).unwrap();
        assert_eq!(show(&p), ["Développeur", "Acme", "", "09/2023 - actuellement"]);
        assert_eq!(p.dates.unwrap().end, Some(DateEnd::Present));
        let p = dated_title(&run("Acme — Lead Developer (Mar 2020 - Présent)")).unwrap();
        assert_eq!(show(&p), ["Lead Developer", "Acme", "", "Mar 2020 - Présent"]);
        let p = dated_title(&run("[2021-2023] Data Engineer")).unwrap();
        assert_eq!(show(&p), ["Data Engineer", "", "", "2021-2023"]);
        let p = dated_title(&run("Ingénieure, Société (93) 2019 – 2021")).unwrap();
        assert_eq!(show(&p), ["Ingénieure", "Société (93)", "", "2019 – 2021"]);
        let p = dated_title(&run("Sécurité offensive @Allvei Janvier 2026 - En cours / Full Remote")).unwrap();
        assert_eq!(show(&p), ["Sécurité offensive", "Allvei", "Full Remote", "Janvier 2026 - En cours"]);
        let t = vec![
            Inline::plain("Oct. 2024 – Aujourd’hui · ", Default::default()),
            bold("Ingénieur logiciel"),
            Inline::plain(" · Indépendant, Île Maurice", Default::default()),
        ];
        assert_eq!(show(&dated_title(&t).unwrap()), ["Ingénieur logiciel", "Indépendant", "Île Maurice", "Oct. 2024 – Aujourd’hui"]);
        let p = dated_title(&run("Développeur chez Carrier de janvier 2017 à août 2019 (dont 2 ans en alternance)")).unwrap();
        assert_eq!(
            show(&p),
            ["Développeur", "Carrier", "", "de janvier 2017 à août 2019 (dont 2 ans en alternance)"],
            "a note in brackets is the dates'"
        );
        assert!(dated_title(&run("Windows 2000 Administrator")).is_none());
        assert!(dated_title(&run("Lead, Acme")).is_none());
    }

    #[test]
    fn dates_lines_and_paragraph_entries() {
        let p = dates_line(&run("Jan. 2023, Rousset, France")).unwrap();
        assert_eq!(show(&p), ["", "", "Rousset, France", "Jan. 2023"]);
        assert!(dates_line(&run("Worked on things in 2019")).is_none());
        let p = dates_line(&run("Période : Septembre 2025 - Présent (CDI) | Lieu : Lyon, France (Hybride)")).unwrap();
        assert_eq!(show(&p), ["", "", "Lieu : Lyon, France (Hybride)", "Période : Septembre 2025 - Présent (CDI)"]);
        assert_eq!(show(&dates_line(&run("Period: 2019 – 2021")).unwrap())[3], "Period: 2019 – 2021");
        assert!(labelled_line(&run("Projet : Acme | Période : 2020")).is_none(), "a label cvpdf does not know");
        let para = vec![
            Inline::plain("Company: Acme", Default::default()),
            Inline::LineBreak { span: Default::default() },
            Inline::plain("Dates: July 2019 - Present", Default::default()),
            Inline::LineBreak { span: Default::default() },
            Inline::plain("Location: Lausanne", Default::default()),
            Inline::LineBreak { span: Default::default() },
            Inline::plain("Built the platform.", Default::default()),
        ];
        assert_eq!(labelled_lead(&para), Some(3));
        assert_eq!(show(&labelled_lines(&para[..5]).unwrap()), ["", "Company: Acme", "Location: Lausanne", "Dates: July 2019 - Present"]);
        assert!(labelled_line(&run("Lieu : Lyon")).is_none(), "no dates");
        let p = dates_line(&run("November 2018 - May 2021,  Academic City , Dubai , UAE")).unwrap();
        assert_eq!(show(&p)[3], "November 2018 - May 2021", "punctuation between the words of a place is not a word");
        let p = dates_line(&run("Paris · October 2021 – January 2025 (3 years)")).unwrap();
        assert_eq!(show(&p), ["", "", "Paris", "October 2021 – January 2025 (3 years)"], "a place before the dates");
        assert!(dates_line(&run("Senior Engineer · 2019 – 2021")).is_none(), "a role is no place");
        assert!(dates_line(&run("Led the migration of the whole billing platform to Rust, 2019 – 2021")).is_none());
        assert!(dates_line(&run("Paris 2019")).is_none(), "no separator");
        let p = dated_title(&run("February 2019–: **Systems Administrator**")).unwrap();
        assert_eq!(show(&p)[3], "February 2019–", "an open range keeps its dash");
        let para = vec![
            bold("Senior Engineer"),
            Inline::plain(" — Tech Company\n", Default::default()),
            Inline::plain("January 2022 – Present • Remote", Default::default()),
        ];
        let (p, rest) = paragraph_entry(&para).unwrap();
        assert_eq!(show(&p), ["Senior Engineer", "Tech Company", "Remote", "January 2022 – Present"]);
        assert!(rest.is_empty());
        let para = vec![bold("Développeur Fullstack"), Inline::plain(" chez Optimiz.me depuis juin 2020.", Default::default())];
        let (p, _) = paragraph_entry(&para).unwrap();
        assert_eq!(show(&p), ["Développeur Fullstack", "Optimiz.me", "", "depuis juin 2020"]);
        assert!(paragraph_entry(&[bold("Frameworks :"), Inline::plain(" FastAPI, Django", Default::default())]).is_none());
    }

    #[test]
    fn definition_list_items() {
        let dd = vec![Block {
            kind: BlockKind::Paragraph(vec![
                bold("PhD, Computer Science"),
                Inline::plain("; Awesome University", Default::default()),
                Inline::LineBreak { span: Default::default() },
                Inline::plain("Thesis.", Default::default()),
            ]),
            span: Default::default(),
        }];
        let (p, body) = definition(&run("2010-2014 (expected)"), &dd).unwrap();
        assert_eq!(show(&p), ["PhD, Computer Science", "Awesome University", "(expected)", "2010-2014"]);
        assert_eq!(body.len(), 1);
        assert!(definition(&run("Languages"), &dd).is_none());
    }
}
