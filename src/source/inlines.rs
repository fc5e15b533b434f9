//! Cutting runs of inline text by the byte offsets of their plain text, so that a heading's
//! dates, role and organisation keep their styles, links and spans.

use crate::model::{Inline, Span, TextStyle};
use crate::source::{head, tail};

/// A soft line break inside a paragraph, kept as `\n` until the outline has read the lines
/// (then [`super::normalize`] makes it a space).
pub const SOFT_BREAK: &str = "\n";

/// The length an inline counts for in [`Inline::plain_text`].
fn len(i: &Inline) -> usize {
    match i {
        Inline::Text { text, .. } => text.len(),
        Inline::LineBreak { .. } => 1,
    }
}

/// The inlines covering plain-text bytes `start..end`.
pub fn slice(content: &[Inline], start: usize, end: usize) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut pos = 0;
    for inline in content {
        let l = len(inline);
        let (a, b) = (start.max(pos), end.min(pos + l));
        if a < b {
            match inline {
                Inline::Text { text, style, link, span } => {
                    let (from, to) = (boundary(text, a - pos), boundary(text, b - pos));
                    let piece = text.get(from..to).unwrap_or("");
                    if !piece.is_empty() {
                        out.push(Inline::Text { text: piece.to_string(), style: *style, link: link.clone(), span: *span });
                    }
                }
                other => out.push(other.clone()),
            }
        }
        pos += l;
    }
    out
}

/// The nearest character boundary at or before `i`.
fn boundary(s: &str, i: usize) -> usize {
    (0..=i.min(s.len())).rev().find(|c| s.is_char_boundary(*c)).unwrap_or(0)
}

/// Characters that separate parts of a title and never end one.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, ':' | '-' | '–' | '—' | '·' | '|' | '•' | ',' | ';' | '/' | '@' | '*' | '_')
}

/// `inlines` without separators, line breaks and stray punctuation at either end: a leading
/// `)`, `]` or `.`, and a trailing `(` or `[` (what is left when dates in brackets are cut out).
/// A trailing full stop stays ("Acme, Inc.").
pub fn trim(inlines: Vec<Inline>) -> Vec<Inline> {
    let text = Inline::plain_text(&inlines);
    let start = text.find(|c: char| !(is_separator(c) || matches!(c, ')' | ']' | '.'))).unwrap_or(text.len());
    let end =
        text.char_indices().rev().find(|(_, c)| !(is_separator(*c) || matches!(c, '(' | '['))).map_or(start, |(i, c)| i + c.len_utf8());
    if start >= end {
        return Vec::new();
    }
    slice(&inlines, start, end)
}

/// Splits inlines into lines at hard line breaks only (soft ones are where the source wrapped).
pub fn hard_lines(inlines: &[Inline]) -> Vec<Vec<Inline>> {
    let mut out: Vec<Vec<Inline>> = vec![Vec::new()];
    for inline in inlines {
        match inline {
            Inline::LineBreak { .. } => out.push(Vec::new()),
            other => {
                if let Some(line) = out.last_mut() {
                    line.push(other.clone());
                }
            }
        }
    }
    out
}

/// The first line of inlines (to a hard or soft line break) and the rest, when there is a rest
/// that says something.
pub fn first_line_and_rest(inlines: &[Inline]) -> Option<(Vec<Inline>, Vec<Inline>)> {
    for (i, inline) in inlines.iter().enumerate() {
        let (mut first, mut rest) = (inlines.get(..i)?.to_vec(), Vec::new());
        match inline {
            Inline::LineBreak { .. } => {}
            Inline::Text { text, style, link, span } if text.contains(SOFT_BREAK) => {
                let (a, b) = text.split_once(SOFT_BREAK)?;
                let piece = |t: &str| Inline::Text { text: t.to_string(), style: *style, link: link.clone(), span: *span };
                first.extend((!a.is_empty()).then(|| piece(a)));
                rest.extend((!b.is_empty()).then(|| piece(b)));
            }
            _ => continue,
        }
        rest.extend(inlines.get(i + 1..)?.iter().cloned());
        let says = !Inline::plain_text(&rest).trim().is_empty();
        return (says && !first.is_empty()).then_some((first, rest));
    }
    None
}

/// The first `n` lines of inlines (hard breaks kept between them) and the rest, when there is a
/// rest that says something.
pub fn split_after_lines(inlines: &[Inline], n: usize) -> Option<(Vec<Inline>, Vec<Inline>)> {
    let (mut head, mut rest) = (Vec::new(), inlines.to_vec());
    for k in 0..n {
        let (line, more) = first_line_and_rest(&rest)?;
        if k > 0 {
            head.push(Inline::LineBreak { span: line.first().map_or_else(Span::default, Inline::span) });
        }
        head.extend(line);
        rest = more;
    }
    Some((head, rest))
}

/// Splits inlines into lines at hard and soft line breaks.
pub fn lines(inlines: &[Inline]) -> Vec<Vec<Inline>> {
    let mut out: Vec<Vec<Inline>> = vec![Vec::new()];
    for inline in inlines {
        match inline {
            Inline::LineBreak { .. } => out.push(Vec::new()),
            Inline::Text { text, style, link, span } if text.contains(SOFT_BREAK) => {
                for (k, piece) in text.split(SOFT_BREAK).enumerate() {
                    if k > 0 {
                        out.push(Vec::new());
                    }
                    if !piece.is_empty()
                        && let Some(line) = out.last_mut()
                    {
                        line.push(Inline::Text { text: piece.to_string(), style: *style, link: link.clone(), span: *span });
                    }
                }
            }
            other => {
                if let Some(line) = out.last_mut() {
                    line.push(other.clone());
                }
            }
        }
    }
    // A `<br>` at the end of a source line breaks it once, not twice.
    out.retain(|l| !l.is_empty());
    if out.is_empty() {
        out.push(Vec::new());
    }
    out
}

/// `inlines` with their soft line breaks (a source line wrapped by its author) as spaces.
pub fn soft_breaks_as_spaces(inlines: &[Inline]) -> Vec<Inline> {
    let mut out = inlines.to_vec();
    for inline in &mut out {
        if let Inline::Text { text, .. } = inline
            && text.contains(SOFT_BREAK)
        {
            *text = text.replace(SOFT_BREAK, " ");
        }
    }
    out
}

/// Joins lines back with hard line breaks.
pub fn join_lines(lines: Vec<Vec<Inline>>) -> Vec<Inline> {
    let mut out = Vec::new();
    for (i, line) in lines.into_iter().enumerate() {
        if i > 0
            && let Some(span) = line.first().map(Inline::span)
        {
            out.push(Inline::LineBreak { span });
        }
        out.extend(line);
    }
    out
}

/// Plain-text bytes of the leading bold run (after white space), when the line starts with one.
pub fn leading_bold(inlines: &[Inline]) -> Option<(usize, usize)> {
    let mut pos = 0;
    let mut start = None;
    for inline in inlines {
        let l = len(inline);
        match inline {
            Inline::Text { text, style: TextStyle { bold: true, .. }, .. } => {
                if start.is_none() {
                    start = Some(pos + (text.len() - text.trim_start().len()));
                }
            }
            Inline::Text { text, .. } if start.is_none() && text.trim().is_empty() => {}
            _ => return start.map(|s| (s, pos)),
        }
        pos += l;
    }
    start.map(|s| (s, pos))
}

/// Plain-text bytes of the first bold run, wherever it is, when there is exactly one and some
/// text beside it.
pub fn only_bold(inlines: &[Inline]) -> Option<(usize, usize)> {
    let mut pos = 0;
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut other = false;
    for inline in inlines {
        let l = len(inline);
        match inline {
            Inline::Text { text, style: TextStyle { bold: true, .. }, .. } if !text.trim().is_empty() => match runs.last_mut() {
                Some(r) if r.1 == pos => r.1 = pos + l,
                _ => runs.push((pos, pos + l)),
            },
            Inline::Text { text, .. } => other |= text.chars().any(char::is_alphanumeric),
            Inline::LineBreak { .. } => {}
        }
        pos += l;
    }
    match runs.as_slice() {
        [one] if other => Some(*one),
        _ => None,
    }
}

/// Whether the inlines hold any text.
pub fn is_blank(inlines: &[Inline]) -> bool {
    Inline::plain_text(inlines).trim().is_empty()
}

/// `s` cut at the first `\n`.
pub fn first_line(s: &str) -> &str {
    s.find('\n').map_or(s, |i| head(s, i))
}

/// `s` after its first line.
pub fn after_first_line(s: &str) -> &str {
    s.find('\n').map_or("", |i| tail(s, i + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, bold: bool) -> Inline {
        Inline::Text { text: text.into(), style: TextStyle { bold, ..TextStyle::default() }, link: None, span: Default::default() }
    }

    #[test]
    fn slicing_keeps_styles() {
        let inl = vec![run("Lead ", false), run("Acme", true), run(" 2020", false)];
        let s = slice(&inl, 3, 9);
        assert_eq!(Inline::plain_text(&s), "d Acme");
        assert!(matches!(&s[1], Inline::Text { style: TextStyle { bold: true, .. }, .. }));
    }

    #[test]
    fn trimming_separators_and_stray_brackets() {
        assert_eq!(Inline::plain_text(&trim(vec![run("] Role — ", false)])), "Role");
        assert_eq!(Inline::plain_text(&trim(vec![run(" : Role (Remote) (", false)])), "Role (Remote)");
        assert_eq!(Inline::plain_text(&trim(vec![run("Acme, Inc.", false)])), "Acme, Inc.");
        assert!(trim(vec![run(" -- ", false)]).is_empty());
    }

    #[test]
    fn bold_runs() {
        let inl = vec![run("Lead", true), run(" — Acme", false)];
        assert_eq!(leading_bold(&inl), Some((0, 4)));
        assert_eq!(only_bold(&[run("2019 · ", false), run("Lead", true), run(" · Acme", false)]), Some((8, 12)));
        assert_eq!(only_bold(&[run("Lead", true)]), None);
    }

    #[test]
    fn lines_at_soft_and_hard_breaks() {
        let inl = vec![run("a\nb", false), Inline::LineBreak { span: Default::default() }, run("c", false)];
        let l = lines(&inl);
        assert_eq!(l.iter().map(|l| Inline::plain_text(l)).collect::<Vec<_>>(), ["a", "b", "c"]);
    }
}
