//! Résumé structure from Markdown structure: headings become entries with their dates.
//!
//! The seeds write `### Role, Organisation` followed by `#### 06/2021 to today`; others write
//! `#### 2016 to 2019: Infrastructure Engineer @OVH`. Both become a
//! [`BlockKind::Entry`](crate::model::BlockKind::Entry), whose dates a layout sets flush right.
//! Which heading levels mean what is the layout's `[structure]`.

use crate::model::{Block, BlockKind, Inline, Span};
use crate::source::{head, tail};
use crate::style::layout::StructureStyle;

/// Turns the entry headings of `blocks` into entries.
pub fn entries(blocks: Vec<Block>, s: &StructureStyle) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    let mut it = blocks.into_iter().peekable();
    while let Some(b) = it.next() {
        let BlockKind::Heading { level, content, classes } = b.kind else {
            out.push(b);
            continue;
        };
        if level == s.entry_level
            && let Some(Block { kind: BlockKind::Heading { level: dl, content: dates, .. }, span }) = it.peek()
            && *dl == s.dates_level
        {
            let entry = BlockKind::Entry { level, title: content, dates: dates.clone() };
            out.push(Block { kind: entry, span: Span::new(b.span.start, span.end) });
            it.next();
            continue;
        }
        // Dates in a short paragraph right under the entry heading (`*2016 – 2019*`).
        if level == s.entry_level
            && let Some(Block { kind: BlockKind::Paragraph(para), span }) = it.peek()
            && Inline::plain_text(para).chars().count() <= 40
            && is_dates(&Inline::plain_text(para))
        {
            let entry = BlockKind::Entry { level, title: content, dates: para.clone() };
            out.push(Block { kind: entry, span: Span::new(b.span.start, span.end) });
            it.next();
            continue;
        }
        if level >= 2
            && let Some((dates, title)) = split_dates(&content)
        {
            out.push(Block { kind: BlockKind::Entry { level, title, dates }, span: b.span });
            continue;
        }
        out.push(Block { kind: BlockKind::Heading { level, content, classes }, span: b.span });
    }
    out
}

/// Words that stand for "until now" in dates.
const NOW: &[&str] = &["now", "today", "present", "aujourd’hui", "aujourd'hui", "maintenant", "présent"];

/// Whether `text` reads as a date or a date range: a year, or a word for "now".
fn is_dates(text: &str) -> bool {
    let lower = text.to_lowercase();
    let has_year =
        lower.split(|c: char| !c.is_ascii_digit()).any(|d| d.len() == 4 && d.parse::<u32>().is_ok_and(|y| (1950..=2100).contains(&y)));
    has_year || NOW.iter().any(|w| lower.split_whitespace().any(|t| t.trim_matches(|c: char| !c.is_alphabetic()) == *w))
}

/// Splits `2016 to 2019: Infrastructure Engineer` into its dates and its title.
fn split_dates(content: &[Inline]) -> Option<(Vec<Inline>, Vec<Inline>)> {
    let text = Inline::plain_text(content);
    let colon = text.find(": ")?;
    let (dates, title) = (head(&text, colon), tail(&text, colon + 2).trim());
    if dates.chars().count() > 40 || title.is_empty() || !is_dates(dates) {
        return None;
    }
    let (mut before, after) = split_inlines(content, colon);
    let (_, title_inlines) = split_inlines(&after, 2);
    if let Some(Inline::Text { text, .. }) = before.last_mut() {
        *text = text.trim_end().to_string();
    }
    Some((before, title_inlines))
}

/// Splits inlines at a byte offset of their plain text.
fn split_inlines(content: &[Inline], at: usize) -> (Vec<Inline>, Vec<Inline>) {
    let (mut left, mut right) = (Vec::new(), Vec::new());
    let mut pos = 0;
    for inline in content {
        let len = match inline {
            Inline::Text { text, .. } => text.len(),
            Inline::LineBreak { .. } => 1,
        };
        if pos + len <= at {
            left.push(inline.clone());
        } else if pos >= at {
            right.push(inline.clone());
        } else if let Inline::Text { text, style, link, span } = inline {
            let cut = at - pos;
            let cut = (0..=cut).rev().find(|c| text.is_char_boundary(*c)).unwrap_or(0);
            left.push(Inline::Text { text: head(text, cut).to_string(), style: *style, link: link.clone(), span: *span });
            right.push(Inline::Text { text: tail(text, cut).to_string(), style: *style, link: link.clone(), span: *span });
        }
        pos += len;
    }
    (left, right)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::SourceFile;

    fn structure(src: &str) -> Vec<Block> {
        let doc = crate::source::parse(&SourceFile::new("t.md", src.to_string())).unwrap().value;
        entries(doc.blocks, &StructureStyle { entry_level: 3, dates_level: 4, dates: crate::style::layout::DatesPlacement::Right })
    }

    fn entry(b: &Block) -> (String, String) {
        match &b.kind {
            BlockKind::Entry { title, dates, .. } => (Inline::plain_text(title), Inline::plain_text(dates)),
            other => panic!("not an entry: {other:?}"),
        }
    }

    #[test]
    fn role_heading_then_dates_heading() {
        let b = structure("## Work\n### Lead, **Acme**\n#### 06/2021 to today\n##### Roles\nText\n");
        assert!(matches!(b[0].kind, BlockKind::Heading { level: 2, .. }));
        assert_eq!(entry(&b[1]), ("Lead, Acme".into(), "06/2021 to today".into()));
        assert!(matches!(b[2].kind, BlockKind::Heading { level: 5, .. }));
    }

    #[test]
    fn dates_then_colon_then_title() {
        let b = structure(
            "# Work\n#### 2016 to 2019: Infrastructure Engineer @OVH\n#### 2021 to now: Senior Engineer\n#### Now\n#### Notes: on things\n",
        );
        assert_eq!(entry(&b[1]), ("Infrastructure Engineer @OVH".into(), "2016 to 2019".into()));
        assert_eq!(entry(&b[2]), ("Senior Engineer".into(), "2021 to now".into()));
        assert!(matches!(b[3].kind, BlockKind::Heading { .. }), "a lone date stays a heading");
        assert!(matches!(b[4].kind, BlockKind::Heading { .. }), "not dates");
    }

    #[test]
    fn dates_in_a_short_paragraph() {
        let b = structure("### Lead, Acme\n*2016 – 2019*\n\nDid things in 2017.\n");
        assert_eq!(entry(&b[0]), ("Lead, Acme".into(), "2016 – 2019".into()));
        assert!(matches!(b[1].kind, BlockKind::Paragraph(_)));
    }

    #[test]
    fn entry_without_dates_stays_a_heading() {
        let b = structure("### Lead, Acme\nText\n");
        assert!(matches!(b[0].kind, BlockKind::Heading { level: 3, .. }));
    }
}
