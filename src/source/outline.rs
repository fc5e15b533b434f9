//! The outline: a page's top level (headings, blocks, structure shortcodes) → sections and
//! entries. This is the one place that decides what a section is and what an entry is.
//!
//! - The section level is the shallowest heading level used more than once by headings that do
//!   not start entries (a page may open with one `#` title above `##` sections); headings above it
//!   before the first section are the page's title lines (name, headline candidates).
//! - A deeper heading starts an entry when it holds dates ([`entries::dated_title`]), is followed
//!   by a line of dates (a heading or a short paragraph), by an organisation heading and then
//!   dates, or is dates alone ("Now"). Otherwise it is a heading inside the section or entry.
//! - A paragraph whose first line opens with a bold role and has dates there or on the next line
//!   starts an entry.
//! - Shortcodes: an entry shortcode starts an entry (a paired one ends at its closing tag); a
//!   titled one starts a section when it wraps content, else it is a heading.
//!
//! An entry's body is what follows it up to the next entry, or a heading of its level or above.

use crate::model::{Block, BlockKind, Entry, Inline, Section, SectionKind, Span};
use crate::source::dates;
use crate::source::entries::{self, Parts};
use crate::source::markdown::{Flat, Heading};
use crate::source::shortcode::Structure;
use crate::source::shortcode_table::{EntryFields, Meaning};
use crate::source::vocabulary::{fold_words, words};
use crate::source::{inlines, items};

/// Sections, and the title lines above them.
#[derive(Debug, Clone, Default)]
pub struct Outline {
    /// The sections, in order; the first may be untitled (what precedes any section heading).
    pub sections: Vec<Section>,
    /// Headings above the section level before the first section (the page's title lines).
    pub titles: Vec<(Vec<Inline>, Span)>,
}

/// An entry being filled.
struct Open {
    entry: Entry,
    span: Span,
    /// The heading level it was written at; deeper headings are inside it.
    level: u8,
    /// It ends at a closing shortcode tag.
    paired: bool,
}

/// A paired structure shortcode not yet closed.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Opened {
    Entry,
    Section,
    Heading,
}

struct Builder {
    sections: Vec<Section>,
    entry: Option<Open>,
    section_level: u8,
    titles: Vec<(Vec<Inline>, Span)>,
    markers: Vec<Opened>,
}

/// Builds the outline of a page's top level. `structure` is the shortcode stage's list that
/// [`Flat::Marker`]s index.
pub fn build(flat: &[Flat], structure: &[(Structure, Span)]) -> Outline {
    let flat = &*dates_lines_apart(flat);
    // Whether each heading starts an entry, read once: the section level and the entries both
    // depend on it.
    let mut heads: Vec<Option<(Parts, usize)>> = flat
        .iter()
        .enumerate()
        .map(|(i, f)| match f {
            Flat::Heading(h) => entry_head(h, flat.get(i + 1), flat.get(i + 2)),
            _ => None,
        })
        .collect();
    let section_level = section_level(flat, &heads);
    let mut b = Builder { sections: Vec::new(), entry: None, section_level, titles: Vec::new(), markers: Vec::new() };
    let mut i = 0;
    while let Some(item) = flat.get(i) {
        let head = heads.get_mut(i).and_then(Option::take);
        i += 1;
        match item {
            Flat::Heading(h) => i += b.heading(h, head, flat.get(i), flat.get(i + 1)),
            Flat::Block(block) => i += b.block(block, flat.get(i)),
            Flat::Marker(n) => {
                if let Some((s, span)) = structure.get(*n) {
                    b.marker(s, *span);
                }
            }
        }
    }
    b.close_entry();
    Outline { sections: b.sections, titles: b.titles }
}

/// A paragraph right under a heading whose first line is a line of dates and which goes on
/// ("**Period:** 2019 – 2021  \n*Consultant for…*"): two paragraphs, the dates line and the
/// rest, so that the dates are the heading's and the rest its body. Dates that run into the
/// next line ("`1654-1660`\n__The King's School__") are that line's, and stay with it.
fn dates_lines_apart(flat: &[Flat]) -> std::borrow::Cow<'_, [Flat]> {
    let split = |i: usize| -> Option<(Block, Block)> {
        let (Some(Flat::Heading(h)), Some(Flat::Block(Block { kind: BlockKind::Paragraph(p), span }))) =
            (flat.get(i.checked_sub(1)?), flat.get(i))
        else {
            return None;
        };
        // Lines of labelled fields that hold dates ("Période :"); or dates set on a line of
        // their own by a hard break below a heading that is no section title.
        let n = match entries::labelled_lead(p) {
            Some(n) => n,
            None => {
                let (first, _) = inlines::first_line_and_rest(p)?;
                let hard = p.get(first.len()).is_some_and(|i| matches!(i, Inline::LineBreak { .. }));
                let titled = words().is_section_title(&Inline::plain_text(&h.content));
                (hard && !titled && entries::dates_line(&first).is_some()).then_some(1)?
            }
        };
        let (first, rest) = inlines::split_after_lines(p, n)?;
        let at = rest.first().map_or(span.end, |i| i.span().start).clamp(span.start, span.end);
        let block = |inlines, span| Block { kind: BlockKind::Paragraph(inlines), span };
        let end = first.last().map_or(at, |i| i.span().end).clamp(span.start, at);
        Some((block(first, Span::new(span.start, end)), block(rest, Span::new(at, span.end))))
    };
    let mut splits: Vec<(usize, (Block, Block))> = (0..flat.len()).filter_map(|i| Some((i, split(i)?))).collect();
    if splits.is_empty() {
        return std::borrow::Cow::Borrowed(flat);
    }
    let mut out = Vec::with_capacity(flat.len() + splits.len());
    splits.reverse();
    for (i, f) in flat.iter().enumerate() {
        match splits.pop_if(|(at, _)| *at == i) {
            Some((_, (a, b))) => out.extend([Flat::Block(a), Flat::Block(b)]),
            None => out.push(f.clone()),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The level of section headings: the shallowest level used more than once by headings that do
/// not start entries (`heads`, by item); else the shallowest such level, unless that is a lone
/// title opening the page; 0 when there is none. A shallower heading that names a kind of
/// section ("## Experience" over "### Acme" and "### Initech") makes its level the sections'.
fn section_level(flat: &[Flat], heads: &[Option<(Parts, usize)>]) -> u8 {
    let level = repeated_level(flat, heads);
    let named = flat.iter().filter_map(|f| match f {
        Flat::Heading(h) if h.level < level && words().section_kind(&Inline::plain_text(&h.content)).is_some() => Some(h.level),
        _ => None,
    });
    named.min().unwrap_or(level)
}

/// [`section_level`] by the repetition of levels alone. Sections stand above entries: only
/// headings shallower than the shallowest level holding two entries count (a page whose jobs
/// are its `##` headings has no section headings, whatever its `####` say).
fn repeated_level(flat: &[Flat], heads: &[Option<(Parts, usize)>]) -> u8 {
    let entry_levels: Vec<u8> = flat
        .iter()
        .zip(heads)
        .filter_map(|(f, head)| match (f, head) {
            (Flat::Heading(h), Some(_)) => Some(h.level),
            _ => None,
        })
        .collect();
    let entries_at = (1..=5).find(|l| entry_levels.iter().filter(|v| *v == l).count() >= 2).unwrap_or(u8::MAX);
    let levels: Vec<(usize, u8)> = flat
        .iter()
        .zip(heads)
        .enumerate()
        .filter_map(|(i, (f, head))| match f {
            Flat::Heading(h) if head.is_none() && h.level < entries_at => Some((i, h.level)),
            _ => None,
        })
        .collect();
    if let Some(l) = (1..=5).find(|l| levels.iter().filter(|(_, v)| v == l).count() >= 2) {
        return l;
    }
    match levels.as_slice() {
        [] => 0,
        [(0, 1)] => 0,
        _ => levels.iter().map(|(_, l)| *l).min().unwrap_or(0),
    }
}

/// A heading at the level of the page's sections that names a person, not a section ("# Jane
/// Doe" over "Education\n===="): every word capitalised (where its script has capitals), and
/// read as a name. The caller asks only of a heading that opens the page.
fn names_the_person(h: &Heading) -> bool {
    let text = Inline::plain_text(&h.content);
    let capitalised = text.split_whitespace().all(|w| w.chars().next().is_none_or(|c| c.is_uppercase() || !c.is_lowercase()));
    capitalised && words().section_kind(&text).is_none() && crate::source::header::read_title(&text).name.is_some()
}

/// Whether a heading starts an entry, and how many items after it the entry takes (dates, an
/// organisation heading).
fn entry_head(h: &Heading, next: Option<&Flat>, next2: Option<&Flat>) -> Option<(Parts, usize)> {
    // A section's title ("Experience") is not a role, whatever follows it; "Volunteer" can be.
    let text = Inline::plain_text(&h.content);
    let names_a_role = words().has_job_title(&text);
    if words().is_section_title(&text) && !names_a_role {
        return None;
    }
    if let Some(p) = entries::dated_title(&h.content) {
        // "### Acme, Paris (2019 – 2021)" over a line that is the role: the heading names the
        // organisation and its place.
        if let Some(Flat::Block(Block { kind: BlockKind::Paragraph(role), .. })) = next
            && entries::role_line(role)
            && !names_a_role
        {
            let location = entries::join(p.organisation, p.location);
            return Some((Parts { role: inlines::trim(role.clone()), organisation: p.role, location, ..p }, 1));
        }
        return Some((p, 0));
    }
    let deeper = match next {
        Some(Flat::Heading(n)) if n.level > h.level => Some(n),
        _ => None,
    };
    let dates_of = |f: Option<&Flat>| -> Option<Parts> {
        match f {
            Some(Flat::Heading(n)) if n.level > h.level => dates_heading(&n.content),
            Some(Flat::Block(Block { kind: BlockKind::Paragraph(p), .. })) if inlines::lines(p).len() == 1 => entries::dates_line(p),
            Some(Flat::Block(Block { kind: BlockKind::Paragraph(p), .. })) => entries::labelled_lines(p),
            _ => None,
        }
    };
    let with = |line: Parts, title: Parts| match line.role.is_empty() {
        true => Parts {
            when: line.when,
            dates: line.dates,
            location: pick(title.location, line.location),
            organisation: entries::join(title.organisation, line.organisation),
            ..title
        },
        // A role under its label ("Poste : …"): the heading names the organisation.
        false => Parts { organisation: entries::join(inlines::trim(h.content.clone()), line.organisation), ..line },
    };
    // Dates that open a definition (`<dt>2019</dt><dd>…`) belong to it, not to the heading.
    let defined = matches!(next2, Some(Flat::Block(Block { kind: BlockKind::Quote(_), .. })));
    if let Some(line) = dates_of(next).filter(|_| !defined) {
        // A role on its own line under the dates, below a heading that names no role.
        if let Some(Flat::Block(Block { kind: BlockKind::Paragraph(role), .. })) = next2
            && entries::role_line(role)
            && !names_a_role
        {
            return Some((with(line, entries::organisation_title(&h.content, role)), 2));
        }
        // A dates heading that names the organisation leaves the whole title to the role.
        let title = match line.organisation.is_empty() {
            true => entries::split_title(&h.content),
            false => Parts { role: inlines::trim(h.content.clone()), ..Parts::default() },
        };
        return Some((with(line, title), 1));
    }
    if let Some(Flat::Block(Block { kind: BlockKind::Paragraph(line), .. })) = next
        && let Some(parts) = entries::role_and_dates_line(line)
        && !names_a_role
    {
        return Some((Parts { organisation: inlines::trim(h.content.clone()), ..parts }, 1));
    }
    if let (Some(org), Some(line)) = (deeper, dates_of(next2)) {
        let text = Inline::plain_text(&org.content);
        if text.chars().count() <= 80 && !words().has_job_title(&text) {
            let title =
                Parts { role: inlines::trim(h.content.clone()), organisation: inlines::trim(org.content.clone()), ..Parts::default() };
            return Some((with(line, title), 2));
        }
    }
    dates::parse_range(&text).map(|r| (Parts { when: inlines::trim(h.content.clone()), dates: Some(r), ..Parts::default() }, 0))
}

fn pick(a: Vec<Inline>, b: Vec<Inline>) -> Vec<Inline> {
    if a.is_empty() { b } else { a }
}

/// A heading under a role that holds its dates: a line of dates, or a short text with a year
/// ("3 months in 2011 and 2 months in 2012").
fn dates_heading(content: &[Inline]) -> Option<Parts> {
    if let Some(p) = entries::dates_first_line(content) {
        return Some(p);
    }
    let text = Inline::plain_text(content);
    // The organisation and its dates: "#### Tech Innovations Inc. | 2020-Present" (not "3 months
    // in 2011 and 2 months in 2012", whose words before the last date are more dates).
    let named = |p: &Parts| !p.role.is_empty() && !Inline::plain_text(&p.role).contains(|c: char| c.is_ascii_digit());
    if let Some(p) = entries::dated_title(content).filter(|p| named(p) && !words().has_job_title(&text)) {
        let organisation = entries::join(p.role, p.organisation);
        return Some(Parts { organisation, role: Vec::new(), ..p });
    }
    let range = dates::read_loosely(&text).filter(|_| text.chars().count() <= 60 && !words().has_job_title(&text))?;
    Some(Parts { when: inlines::trim(content.to_vec()), dates: Some(range), ..Parts::default() })
}

impl Builder {
    /// Reads a heading, with the entry it starts if it is read as one ([`entry_head`]); returns
    /// how many following items it took.
    fn heading(&mut self, h: &Heading, head: Option<(Parts, usize)>, next: Option<&Flat>, next2: Option<&Flat>) -> usize {
        let in_paired_entry = self.entry.as_ref().is_some_and(|e| e.paired);
        if h.level > self.section_level
            && !in_paired_entry
            && let Some((parts, taken)) = head
        {
            let end = [next, next2].into_iter().take(taken).flatten().fold(h.span.end, |e, f| e.max(flat_span(f).end));
            self.start_entry(parts.entry(), Span::new(h.span.start, end), h.level, false);
            return taken;
        }
        let opening = self.sections.iter().all(|s| s.title.is_empty());
        let first = self.sections.iter().all(|s| s.blocks.is_empty());
        if self.section_level > 0 && opening && (h.level < self.section_level || first && names_the_person(h)) {
            self.titles.push((h.content.clone(), h.span));
            let block = Block { kind: BlockKind::Heading { depth: 1, content: h.content.clone(), anchor: None }, span: h.span };
            self.push(block);
            return 0;
        }
        if h.level <= self.section_level {
            self.open_section(h.content.clone(), h.span, h.classes.iter().any(|c| c == "optional"));
            if let Some(s) = self.sections.last_mut() {
                s.anchor = h.id.clone();
                s.page_break = h.classes.iter().any(|c| c == "pagebreak" || c == "page-break");
                s.keep = h.classes.iter().any(|c| c == "keep");
            }
            return 0;
        }
        let depth = match &self.entry {
            Some(e) if e.paired || h.level > e.level => h.level.saturating_sub(e.level).max(1),
            _ => {
                self.close_entry();
                h.level.saturating_sub(self.section_level).max(1)
            }
        };
        self.push(Block { kind: BlockKind::Heading { depth, content: h.content.clone(), anchor: h.id.clone() }, span: h.span });
        0
    }

    /// Reads a block; returns how many following items it took.
    fn block(&mut self, block: &Block, next: Option<&Flat>) -> usize {
        let level = self.section_level.saturating_add(1);
        if let BlockKind::List { items, .. } = &block.kind
            && self.list_of_entries(items, level)
        {
            return 0;
        }
        let BlockKind::Paragraph(p) = &block.kind else {
            self.push(block.clone());
            return 0;
        };
        if let Some(Flat::Block(Block { kind: BlockKind::Quote(inner), span })) = next
            && let Some((parts, body)) = entries::definition(p, inner)
        {
            self.start_entry(Entry { body, ..parts.entry() }, Span::new(block.span.start, span.end), level, false);
            return 1;
        }
        if let Some((parts, rest)) = entries::paragraph_entry(p) {
            self.start_entry(parts.entry(), block.span, level, false);
            if !inlines::is_blank(&rest) {
                self.push(Block { kind: BlockKind::Paragraph(rest), span: block.span });
            }
            return 0;
        }
        self.push(block.clone());
        0
    }

    /// A list whose items each open with a paragraph entry (`- **Postdoc** (2019 - present)`
    /// over `Physics, *University of Pennsylvania*`), or, straight under a section's title,
    /// with a dated title (`- **2013 - 2015**: CEO, Notso`, `- Engineer at Acme (2017 - 2019)`)
    /// or a bold role over its organisation and dates ([`items`]), outside a
    /// section of lists (skills, languages, interests): an entry for each item, its other blocks
    /// its body. Whether it was.
    fn list_of_entries(&mut self, items: &[Vec<Block>], level: u8) -> bool {
        if self.sections.last().is_some_and(|s| crate::source::labelled::holds_lists(s.kind)) {
            return false;
        }
        // Under a section's title, not in an entry's body or below a heading of its own.
        let under_title =
            self.entry.is_none() && self.sections.last().is_none_or(|s| s.blocks.iter().all(|b| matches!(b.kind, BlockKind::Entry(_))));
        // One item is enough straight under a section's title; elsewhere, two make the pattern.
        let Some(heads) = items::heads(items, under_title).filter(|h| h.len() >= 2 || under_title) else { return false };
        for (item, (parts, body)) in items.iter().zip(heads) {
            let (Some(first), Some(last)) = (item.first(), item.last()) else { continue };
            self.start_entry(parts.entry(), Span::new(first.span.start, last.span.end), level, false);
            body.into_iter().for_each(|b| self.push(b));
        }
        self.close_entry();
        true
    }

    fn marker(&mut self, s: &Structure, span: Span) {
        match s {
            Structure::Open { meaning: Meaning::Entry(fields), paired } => {
                if *paired {
                    self.markers.push(Opened::Entry);
                }
                self.start_entry(shortcode_entry(fields, span), span, self.section_level.saturating_add(1), *paired);
            }
            Structure::Open { meaning: Meaning::Titled(title), paired } => {
                let title = vec![Inline::plain(title.clone(), span)];
                let nested = self.markers.contains(&Opened::Section);
                if *paired && !nested {
                    self.markers.push(Opened::Section);
                    self.open_section(title, span, false);
                } else {
                    if *paired {
                        self.markers.push(Opened::Heading);
                    }
                    self.close_entry();
                    self.push(Block { kind: BlockKind::Heading { depth: 1, content: title, anchor: None }, span });
                }
            }
            Structure::Open { .. } => {}
            Structure::Close => {
                if self.markers.pop() == Some(Opened::Entry) && self.entry.as_ref().is_some_and(|e| e.paired) {
                    self.close_entry();
                }
            }
        }
    }

    fn start_entry(&mut self, entry: Entry, span: Span, level: u8, paired: bool) {
        self.close_entry();
        self.entry = Some(Open { entry, span, level, paired });
    }

    fn close_entry(&mut self) {
        if let Some(open) = self.entry.take() {
            let block = Block { kind: BlockKind::Entry(open.entry), span: open.span };
            self.section().blocks.push(block);
        }
    }

    fn open_section(&mut self, title: Vec<Inline>, span: Span, optional: bool) {
        self.close_entry();
        let kind = words().section_kind(&Inline::plain_text(&title)).unwrap_or(SectionKind::Other);
        self.sections.push(Section {
            title,
            kind,
            optional: optional.then_some(u32::MAX),
            span,
            anchor: None,
            page_break: false,
            keep: false,
            blocks: Vec::new(),
        });
    }

    /// The section being filled; an untitled one for what comes before the first heading.
    fn section(&mut self) -> &mut Section {
        if self.sections.is_empty() {
            self.sections.push(Section {
                title: Vec::new(),
                kind: SectionKind::Summary,
                optional: None,
                span: Span::default(),
                anchor: None,
                page_break: false,
                keep: false,
                blocks: Vec::new(),
            });
        }
        let last = self.sections.len() - 1;
        #[allow(clippy::indexing_slicing)] // Not empty: one was pushed above.
        &mut self.sections[last]
    }

    fn push(&mut self, block: Block) {
        match &mut self.entry {
            Some(open) => {
                open.span.end = open.span.end.max(block.span.end);
                open.entry.body.push(block);
            }
            None => {
                let s = self.section();
                if s.blocks.is_empty() && s.title.is_empty() {
                    s.span = block.span;
                }
                s.blocks.push(block);
            }
        }
    }
}

fn flat_span(f: &Flat) -> Span {
    match f {
        Flat::Heading(h) => h.span,
        Flat::Block(b) => b.span,
        Flat::Marker(_) => Span::default(),
    }
}

/// An entry from a shortcode's parameters; every text spans the shortcode.
fn shortcode_entry(f: &EntryFields, span: Span) -> Entry {
    let text = |t: &Option<String>| {
        t.iter().filter(|t| !t.trim().is_empty()).map(|t| Inline::plain(crate::source::html::to_text(t).trim(), span)).collect()
    };
    Entry {
        role: text(&f.role),
        organisation: text(&f.organisation),
        location: text(&f.location),
        link: f.link.clone().filter(|l| !l.trim().is_empty()),
        when: text(&f.when),
        dates: f.dates,
        joiner: None,
        dates_first: false,
        body: Vec::new(),
    }
}

/// Marks the sections named in `declared` (front matter `optional = [...]`) optional and ranks
/// every optional section: declared ones first, in their order, then those marked `{.optional}`,
/// last first. Returns the declared titles that name no section.
pub fn rank_optional(sections: &mut [Section], declared: &[String]) -> Vec<String> {
    let key = |s: &str| fold_words(s).join(" ");
    let mut rank = 0u32;
    let mut unmatched = Vec::new();
    for title in declared {
        match sections.iter_mut().find(|s| key(&Inline::plain_text(&s.title)) == key(title) && s.optional.is_none_or(|r| r == u32::MAX)) {
            Some(s) => {
                s.optional = Some(rank);
                rank += 1;
            }
            None => unmatched.push(title.clone()),
        }
    }
    for s in sections.iter_mut().rev().filter(|s| s.optional == Some(u32::MAX)) {
        s.optional = Some(rank);
        rank += 1;
    }
    unmatched
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::SourceFile;
    use crate::source::shortcode_table::Table;
    use crate::source::{markdown, shortcode};

    fn outline(src: &str) -> Outline {
        let file = SourceFile::new("t.md", src.to_string());
        let ex = shortcode::extract(&file, 0, &Table::default());
        let parsed = markdown::parse(&file, &ex, &Default::default());
        build(&parsed.flat, &ex.structure)
    }

    fn entries(s: &Section) -> Vec<[String; 4]> {
        s.blocks
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Entry(e) => Some([&e.role, &e.organisation, &e.location, &e.when].map(|x| Inline::plain_text(x))),
                _ => None,
            })
            .collect()
    }

    fn titles(o: &Outline) -> Vec<(String, SectionKind)> {
        o.sections.iter().map(|s| (Inline::plain_text(&s.title), s.kind)).collect()
    }

    #[test]
    fn role_heading_then_dates_heading_and_subheadings() {
        let o = outline(
            "## Work\n### Lead, **Acme**\n#### 06/2021 to today\n##### Roles\nText\n### Dev, Beta\n#### 2019\n## Education\nBSc.\n",
        );
        assert_eq!(titles(&o), [("Work".into(), SectionKind::Experience), ("Education".into(), SectionKind::Education)]);
        assert_eq!(entries(&o.sections[0]), [["Lead", "Acme", "", "06/2021 to today"], ["Dev", "Beta", "", "2019"]]);
        let BlockKind::Entry(e) = &o.sections[0].blocks[0].kind else { panic!() };
        assert!(matches!(&e.body[0].kind, BlockKind::Heading { depth: 2, .. }));
        assert!(matches!(&e.body[1].kind, BlockKind::Paragraph(_)));
    }

    #[test]
    fn a_dated_heading_keeps_its_subheading() {
        let o = outline("## Expérience\n### 09/2023 - actuellement : Développeur pour Acme\n#### Missions\n* a\n");
        assert_eq!(entries(&o.sections[0]), [["Développeur", "Acme", "", "09/2023 - actuellement"]]);
        let BlockKind::Entry(e) = &o.sections[0].blocks[0].kind else { panic!() };
        assert!(matches!(&e.body[0].kind, BlockKind::Heading { depth: 1, .. }), "{:?}", e.body);
    }

    #[test]
    fn sections_at_level_one_with_dated_entries_at_four() {
        let o = outline("Intro.\n\n# Work\n#### 2021 to now: Senior Engineer @Clever\nTBD\n#### 2016 to 2019: Engineer @OVH\nx\n");
        assert_eq!(titles(&o), [("".into(), SectionKind::Summary), ("Work".into(), SectionKind::Experience)]);
        assert_eq!(entries(&o.sections[1]).len(), 2);
    }

    #[test]
    fn a_lone_title_heading_is_a_title_line() {
        let o = outline("# Jane Doe\nEngineer.\n## Experience\n### Role\n#### Org\nJan. 2023, Lyon, France\n- did\n## Skills\n");
        assert_eq!(o.titles.len(), 1);
        assert_eq!(entries(&o.sections[1]), [["Role", "Org", "Lyon, France", "Jan. 2023"]]);
    }

    #[test]
    fn a_name_over_sections_of_its_level_is_a_title_line() {
        let o = outline("# Jane Doe\nData engineer.\n\nEducation\n===\nBSc.\n\nSkills\n===\nRust.\n");
        assert_eq!(o.titles.len(), 1);
        assert_eq!(
            titles(&o),
            [("".into(), SectionKind::Summary), ("Education".into(), SectionKind::Education), ("Skills".into(), SectionKind::Skills)]
        );
        for not_a_name in
            ["# Projects I love\nx\n# Skills\ny\n", "Intro.\n\n# What I Do\nx\n# Skills\ny\n", "# Open to work\nx\n# Skills\ny\n"]
        {
            assert!(outline(not_a_name).titles.is_empty(), "{not_a_name}");
        }
    }

    #[test]
    fn organisation_headings_over_role_lines_under_one_section_heading() {
        let o = outline(
            "## Experience\n\n### Acme Corp (2019 – 2021)\n**Senior Engineer**\n\n- a\n\n### Globex, Paris — 2016 to 2019\n*Data Analyst*\n\n### Initech\nLead Developer | 2014 – 2016\n\n### Umbrella\nx\n",
        );
        assert_eq!(titles(&o), [("Experience".into(), SectionKind::Experience)], "the one section heading decides the level");
        assert_eq!(
            entries(&o.sections[0]),
            [
                ["Senior Engineer", "Acme Corp", "", "2019 – 2021"],
                ["Data Analyst", "Globex", "Paris", "2016 to 2019"],
                ["Lead Developer", "Initech", "", "2014 – 2016"],
            ]
        );
        // The organisation and its dates in a heading under the role; dates alone stay dates.
        let o = outline(
            "## Work\n\n### Senior Engineer\n\n#### Tech Inc. | 2020-Present\n\n- a\n\n### Intern, Lab\n\n#### 3 months in 2011 and 2 months in 2012\n",
        );
        assert_eq!(
            entries(&o.sections[0]),
            [["Senior Engineer", "Tech Inc.", "", "2020-Present"], ["Intern", "Lab", "", "3 months in 2011 and 2 months in 2012"]]
        );
        // The role and the dates on two lines under the organisation, in either order.
        let o = outline(
            "## Expérience\n\n### Capgemini\nConsultante junior\nJanv. 2019 - Août 2021\n\n### Umbrella\n*2012 – 2014*\n**Intern**, Lab\n",
        );
        assert_eq!(
            entries(&o.sections[0]),
            [["Consultante junior", "Capgemini", "", "Janv. 2019 - Août 2021"], ["Intern, Lab", "Umbrella", "", "2012 – 2014"]]
        );
    }

    #[test]
    fn jobs_as_the_top_headings_leave_no_section_to_a_lone_deeper_heading() {
        let o = outline(
            "Intro.\n\n## Lead, web and mobile\n\n### [Acme](https://acme.example) – *sept. 2015 à mars 2020*\n\nText.\n\n#### Quelques projets\n\nx\n\n## Architecte\n\n### Globex – *sept. 2014 à janv. 2015*\n\ny\n",
        );
        assert_eq!(titles(&o), [("".into(), SectionKind::Summary)], "no section heading");
        assert_eq!(
            entries(&o.sections[0]),
            [["Lead, web and mobile", "Acme", "", "sept. 2015 à mars 2020"], ["Architecte", "Globex", "", "sept. 2014 à janv. 2015"]]
        );
    }

    #[test]
    fn paragraph_entries() {
        let o = outline(
            "## Experience\n\n**Senior Engineer** — Acme\n*January 2022 – Present • Remote*\n\nLed things.\n\n---\n\n**Developer** — Beta\n*2019 – 2021*\n",
        );
        assert_eq!(
            entries(&o.sections[0]),
            [["Senior Engineer", "Acme", "Remote", "January 2022 – Present"], ["Developer", "Beta", "", "2019 – 2021"]]
        );
        // Lines ended with `<br />`, and the organisation on a line of its own.
        let o = outline("## Experience\n\n**Engineer** <br />\n**Harbour Lab, Springfield** <br />\n_January 2025 to Present_\n\n- did\n");
        assert_eq!(entries(&o.sections[0]), [["Engineer", "Harbour Lab", "Springfield", "January 2025 to Present"]]);
        let o = outline("## Experience\n\n**Engineer** — Acme <br />\n_2019 – 2021_\n");
        assert_eq!(entries(&o.sections[0]), [["Engineer", "Acme", "", "2019 – 2021"]]);
    }

    #[test]
    fn shortcode_sections_and_entries() {
        let src = "{{< container >}}\n    {{< resume-section title=\"Experience\" >}}\n        {{< resume-entry what=\"Ambassador\" where=\"Paris\" when=\"1634–1645\" >}}\n            <ul>\n                <li>Treaty.</li>\n            </ul>\n        {{< /resume-entry >}}\n        {{% resume-entry what=\"Academic\" when=\"1621–1631\" %}}\n* Books.\n        {{% /resume-entry %}}\n    {{< /resume-section >}}\n    {{< resume-section title=\"Languages\" >}}\n        {{< resume-category title=\"Dutch\" >}}\n        {{% resume-entry what=\"Native\" %}}\n        {{% /resume-entry %}}\n    {{< /resume-section >}}\n{{< /container >}}\n";
        let o = outline(src);
        assert_eq!(titles(&o), [("Experience".into(), SectionKind::Experience), ("Languages".into(), SectionKind::Languages)]);
        assert_eq!(entries(&o.sections[0]), [["Ambassador", "Paris", "", "1634–1645"], ["Academic", "", "", "1621–1631"]]);
        assert!(matches!(&o.sections[1].blocks[0].kind, BlockKind::Heading { .. }));
        assert_eq!(entries(&o.sections[1]).len(), 1);
    }

    #[test]
    fn unpaired_entry_shortcodes_take_what_follows() {
        let o = outline(
            "## Experience\n\n{{< cv/experience\n    name=\"Sandvine\"\n    date=\"02 Aug 2021 – Present\"\n    title=\"Senior Engineer\" >}}\n\n* Data plane.\n\nTech: C.\n\n## Education\n",
        );
        assert_eq!(entries(&o.sections[0]), [["Senior Engineer", "Sandvine", "", "02 Aug 2021 – Present"]]);
        let BlockKind::Entry(e) = &o.sections[0].blocks[0].kind else { panic!() };
        assert_eq!(e.body.len(), 2);
    }

    #[test]
    fn optional_ranks() {
        let mut o = outline("## Work\n## Volunteering {.optional}\n## Talks {.optional}\n## Interests\n");
        let unmatched = rank_optional(&mut o.sections, &["Interests".into(), "Absent".into()]);
        assert_eq!(unmatched, ["Absent"]);
        let ranks: Vec<Option<u32>> = o.sections.iter().map(|s| s.optional).collect();
        assert_eq!(ranks, [None, Some(2), Some(1), Some(0)]);
    }
}
