//! Where an HTML block ends. In CommonMark, a block that opens with `<p>` or `<div>` runs to the
//! next blank line, so Markdown written right under its closing tag is swallowed as raw HTML:
//!
//! ```text
//! <p>Doctor of Philosophy <span style="float:right">2023 – now</span></p>
//! * GPA: 3.7/4.3
//! ```
//!
//! kramdown (Jekyll's Markdown) ends the block at the closing tag of the element it opened with,
//! and sets `* GPA` as a list, which is what the author saw and meant. cvpdf reads such pages as
//! kramdown does: a blank line goes in after the closing tag (and after any HTML comment lines
//! that follow it) when Markdown comes next.

/// Block-level elements that open an HTML block (CommonMark's type 6) and that kramdown closes
/// at their end tag.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "table",
    "ul",
    "ol",
    "dl",
    "section",
    "article",
    "aside",
    "header",
    "footer",
    "figure",
    "details",
    "center",
    "blockquote",
];

/// The offsets of `text` where a line of Markdown follows an HTML block's closing line directly:
/// a newline is to go in before each.
pub fn ends(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    // The element an open block started with, and how deep in it the line is.
    let mut open: Option<(&str, i32)> = None;
    let mut closed = false;
    let mut fenced = false;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        let indent = line.len() - t.len();
        if t.starts_with("```") || t.starts_with("~~~") {
            fenced = !fenced;
        }
        if fenced || t.trim().is_empty() {
            (open, closed) = (None, false);
        } else if closed && !t.starts_with('<') {
            out.push(at);
            closed = false;
        } else if !(closed && t.starts_with("<!--") && t.trim_end().ends_with("-->")) {
            // A block element at the start of a line opens a block, even under a paragraph.
            closed = false;
            if let Some((name, depth)) = open.or_else(|| opener(t).filter(|_| indent < 4).map(|n| (n, 0))) {
                let depth = depth + count(t, &format!("<{name}")) - count(t, &format!("</{name}>"));
                (open, closed) = if depth <= 0 { (None, true) } else { (Some((name, depth)), false) };
            }
        }
        at += line.len();
    }
    out
}

/// The block element `line` opens with, if any.
fn opener(line: &str) -> Option<&'static str> {
    let rest = line.strip_prefix('<')?;
    let name_len = rest.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(rest.len());
    let name = rest.get(..name_len)?.to_ascii_lowercase();
    BLOCK_TAGS.iter().find(|t| **t == name).copied()
}

/// How many times `tag` (`<p`, `</p>`) stands in `line` as a tag: an opening one followed by
/// `>`, a space or `/`.
fn count(line: &str, tag: &str) -> i32 {
    let lower = line.to_ascii_lowercase();
    let found = lower.match_indices(tag).filter(|(i, _)| {
        tag.ends_with('>') || lower.get(i + tag.len()..).is_some_and(|r| r.starts_with(['>', ' ', '/', '\t']) || r.is_empty())
    });
    i32::try_from(found.count()).unwrap_or(i32::MAX)
}

/// `text` with a newline before each of `at` (ascending).
pub fn insert_newlines(text: &str, at: &[usize]) -> String {
    let mut out = String::with_capacity(text.len() + at.len());
    let mut from = 0;
    for &a in at {
        out.push_str(text.get(from..a).unwrap_or_default());
        out.push('\n');
        from = a;
    }
    out.push_str(text.get(from..).unwrap_or_default());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ended(text: &str) -> String {
        insert_newlines(text, &ends(text))
    }

    #[test]
    fn markdown_under_a_closed_block_is_markdown() {
        let src = "<p style=\"x\">\n  <i>PhD</i>\n</p>\n<!-- old -->\n* GPA\n* Rank\n";
        assert_eq!(ended(src), "<p style=\"x\">\n  <i>PhD</i>\n</p>\n<!-- old -->\n\n* GPA\n* Rank\n");
        assert_eq!(ended("<div>a</div>\ntext\n"), "<div>a</div>\n\ntext\n");
        assert_eq!(ended("<p>a</p>\n<p>b</p>\ntext\n"), "<p>a</p>\n<p>b</p>\n\ntext\n");
        assert_eq!(ended("### Fudan\n<p>MSc</p>\n* GPA\n"), "### Fudan\n<p>MSc</p>\n\n* GPA\n");
    }

    #[test]
    fn blocks_still_open_or_already_ended_are_left_alone() {
        for src in [
            "<div>\n<p>in</p>\nstill inside\n</div>\n\nafter\n",
            "<div>\n<div>x</div>\nmore\n</div>\n",
            "<span>inline</span>\ntext\n",
            "text <p>x</p>\nmore\n",
            "```\n<p>x</p>\ncode\n```\n",
            "    <p>x</p>\n    code\n",
        ] {
            assert_eq!(ended(src), src, "{src}");
        }
    }
}
