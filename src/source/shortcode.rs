//! Hugo shortcodes (`{{< name args >}}`, `{{% name args %}}`, `{{< /name >}}`), taken out of the
//! body before Markdown parsing.
//!
//! `figure` and `image` become image placeholders that the Markdown stage turns into image
//! blocks. Every other shortcode tag is dropped with a warning; the text between a paired
//! shortcode's tags stays. An [`OffsetMap`] maps offsets in the cleaned text back to the page.

use crate::diag::{Diagnostic, SourceFile, Span};
use crate::model::Image;
use crate::source::{head, tail};

/// Starts an image placeholder in the cleaned text; followed by the image's index and [`PH_END`].
pub const PH_START: char = '\u{E000}';
/// Ends an image placeholder.
pub const PH_END: char = '\u{E001}';

/// Maps byte offsets in the cleaned text back to byte offsets in the page.
#[derive(Debug, Clone, Default)]
pub struct OffsetMap {
    /// `(cleaned offset, page offset)` at the start of each copied stretch, ascending.
    points: Vec<(usize, usize)>,
}

impl OffsetMap {
    /// The page offset of a cleaned-text offset.
    pub fn map(&self, at: usize) -> usize {
        let i = self.points.partition_point(|&(c, _)| c <= at);
        match i.checked_sub(1).and_then(|i| self.points.get(i)) {
            Some(&(c, p)) => p + (at - c),
            None => at,
        }
    }

    /// A cleaned-text span mapped to the page.
    pub fn span(&self, s: Span) -> Span {
        let start = self.map(s.start);
        Span::new(start, self.map(s.end).max(start))
    }
}

/// The body with its shortcodes taken out.
#[derive(Debug, Clone, Default)]
pub struct Extracted {
    /// The text Markdown should parse.
    pub text: String,
    /// From cleaned offsets back to page offsets.
    pub map: OffsetMap,
    /// The images, indexed by their placeholders.
    pub images: Vec<(Image, Span)>,
    /// Dropped and malformed shortcodes.
    pub warnings: Vec<Diagnostic>,
}

/// One parsed shortcode tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// The name (`figure`, `cv/experience`).
    pub name: String,
    /// `{{< /name >}}`.
    pub closing: bool,
    /// Named arguments, in order.
    pub named: Vec<(String, String)>,
    /// Positional arguments, in order.
    pub positional: Vec<String>,
    /// Bytes of the whole tag, relative to where it starts.
    pub len: usize,
}

impl Tag {
    /// A named argument, or the positional one at `index`.
    pub fn arg(&self, name: &str, index: usize) -> Option<&str> {
        self.named.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).or_else(|| self.positional.get(index).map(String::as_str))
    }
}

/// Parses the tag starting at the beginning of `s` (which starts with `{{<` or `{{%`).
/// `None` when it is never closed.
pub fn parse_tag(s: &str) -> Option<Tag> {
    let delim = s.get(2..3)?;
    let close = if delim == "<" { ">}}" } else { "%}}" };
    let mut rest = tail(s, 3);
    let mut tag = Tag { name: String::new(), closing: false, named: Vec::new(), positional: Vec::new(), len: 0 };
    rest = rest.trim_start();
    if let Some(r) = rest.strip_prefix('/') {
        tag.closing = true;
        rest = r.trim_start();
    }
    let name_len = rest.find(|c: char| c.is_whitespace() || c == '>' || c == '%' || c == '"').unwrap_or(rest.len());
    tag.name = head(rest, name_len).trim_end_matches('/').to_string();
    rest = tail(rest, name_len);
    loop {
        rest = rest.trim_start();
        if let Some(r) = rest.strip_prefix(close) {
            tag.len = s.len() - r.len();
            return Some(tag);
        }
        if let Some(r) = rest.strip_prefix('/')
            && r.trim_start().starts_with(close)
        {
            rest = r;
            continue;
        }
        if rest.is_empty() {
            return None;
        }
        let (word, r) = read_value(rest)?;
        rest = r;
        if let Some(r) = rest.strip_prefix('=') {
            let (value, r) = read_value(r.trim_start())?;
            tag.named.push((word, value));
            rest = r;
        } else {
            tag.positional.push(word);
        }
    }
}

/// Reads one argument word or quoted value; returns it and the rest.
fn read_value(s: &str) -> Option<(String, &str)> {
    let mut chars = s.char_indices();
    let (_, first) = chars.next()?;
    if first == '"' || first == '`' {
        let mut out = String::new();
        let mut escaped = false;
        for (i, c) in chars {
            if escaped {
                out.push(c);
                escaped = false;
            } else if c == '\\' && first == '"' {
                escaped = true;
            } else if c == first {
                return Some((out, tail(s, i + c.len_utf8())));
            } else {
                out.push(c);
            }
        }
        return None;
    }
    let end = s.find(|c: char| c.is_whitespace() || c == '=' || c == '"').unwrap_or(s.len());
    let end = ["%}}", ">}}", "/>}}", "/%}}"].iter().filter_map(|d| head(s, end).find(d)).min().unwrap_or(end);
    if end == 0 {
        // A lone character that cannot start a value: skip it.
        let l = first.len_utf8();
        return Some((head(s, l).to_string(), tail(s, l)));
    }
    Some((head(s, end).to_string(), tail(s, end)))
}

/// Takes the shortcodes out of `file.text[body_start..]`.
pub fn extract(file: &SourceFile, body_start: usize) -> Extracted {
    let body = file.text.get(body_start..).unwrap_or("");
    let mut out = Extracted::default();
    let mut pos = 0;
    let mut copied_from = 0;
    let mut warned_names: Vec<String> = Vec::new();
    while let Some(found) = tail(body, pos).find("{{") {
        let at = pos + found;
        let rest = tail(body, at);
        if !(rest.starts_with("{{<") || rest.starts_with("{{%")) {
            pos = at + 2;
            continue;
        }
        let page_at = body_start + at;
        // Copy the text before the tag.
        out.map.points.push((out.text.len(), body_start + copied_from));
        out.text.push_str(body.get(copied_from..at).unwrap_or(""));
        // Hugo's escaped form {{</* name */>}} is shown literally, without the comment marks.
        if let Some(literal) = escaped_literal(rest) {
            out.map.points.push((out.text.len(), page_at));
            out.text.push_str(&literal.0);
            pos = at + literal.1;
            copied_from = pos;
            continue;
        }
        match parse_tag(rest) {
            None => {
                let line_end = rest.find('\n').unwrap_or(rest.len());
                out.warnings.push(
                    Diagnostic::warning(
                        file,
                        Span::new(page_at, page_at + line_end),
                        "shortcode is never closed; its text is kept as written",
                    )
                    .with_hint(format!("close it with `{}`", if rest.starts_with("{{<") { ">}}" } else { "%}}" })),
                );
                out.map.points.push((out.text.len(), page_at));
                out.text.push_str("{{");
                pos = at + 2;
                copied_from = pos;
            }
            Some(tag) => {
                let span = Span::new(page_at, page_at + tag.len);
                handle_tag(file, &tag, span, &mut out, &mut warned_names);
                pos = at + tag.len;
                copied_from = pos;
            }
        }
    }
    out.map.points.push((out.text.len(), body_start + copied_from));
    out.text.push_str(tail(body, copied_from));
    out
}

fn escaped_literal(rest: &str) -> Option<(String, usize)> {
    let open = rest.get(..5)?;
    let (start, end) = match open {
        "{{</*" => ("{{<", "*/>}}"),
        "{{%/*" => ("{{%", "*/%}}"),
        _ => return None,
    };
    let close = rest.find(end)?;
    let inner = rest.get(5..close).unwrap_or("");
    let close_delim = if start == "{{<" { ">}}" } else { "%}}" };
    Some((format!("{start}{inner}{close_delim}"), close + end.len()))
}

fn handle_tag(file: &SourceFile, tag: &Tag, span: Span, out: &mut Extracted, warned: &mut Vec<String>) {
    let name = tag.name.as_str();
    if !tag.closing && (name == "figure" || name == "image" || name == "img") {
        match tag.arg("src", 0) {
            Some(src) if !src.is_empty() => {
                let image = Image {
                    src: src.to_string(),
                    alt: tag
                        .arg("alt", 1)
                        .or_else(|| tag.arg("title", usize::MAX))
                        .or_else(|| tag.arg("caption", usize::MAX))
                        .unwrap_or("")
                        .to_string(),
                    class: tag.arg("class", usize::MAX).map(str::to_string),
                    shortcode: true,
                };
                out.map.points.push((out.text.len(), span.start));
                out.text.push(PH_START);
                out.text.push_str(&out.images.len().to_string());
                out.text.push(PH_END);
                out.images.push((image, span));
            }
            _ => out.warnings.push(Diagnostic::warning(file, span, format!("`{name}` shortcode has no `src`; it is dropped"))),
        }
        return;
    }
    if tag.closing || name == "figure" || name == "image" {
        return;
    }
    if warned.iter().any(|n| n == name) {
        return;
    }
    warned.push(name.to_string());
    out.warnings.push(
        Diagnostic::warning(
            file,
            span,
            format!("shortcode `{name}` is not supported; it is dropped (the text between paired tags is kept)"),
        )
        .with_hint("cvpdf knows the `figure` and `image` shortcodes; other shortcodes are Hugo theme templates"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(body: &str) -> Extracted {
        extract(&SourceFile::new("t.md", body.to_string()), 0)
    }

    #[test]
    fn parses_named_positional_and_quoted_args() {
        let t = parse_tag(r#"{{< figure class="avatar" src=`/a b.jpg` width=30 "pos" >}}rest"#).unwrap();
        assert_eq!(t.name, "figure");
        assert_eq!(t.arg("class", 9), Some("avatar"));
        assert_eq!(t.arg("src", 9), Some("/a b.jpg"));
        assert_eq!(t.arg("width", 9), Some("30"));
        assert_eq!(t.positional, vec!["pos"]);
        assert_eq!(&r#"{{< figure class="avatar" src=`/a b.jpg` width=30 "pos" >}}rest"#[t.len..], "rest");
    }

    #[test]
    fn parses_no_space_closing_and_self_closing_forms() {
        let t = parse_tag(r#"{{<icon "github">}}"#).unwrap();
        assert_eq!((t.name.as_str(), t.positional[0].as_str()), ("icon", "github"));
        let t = parse_tag("{{% /resume-entry %}}").unwrap();
        assert!(t.closing);
        assert_eq!(t.name, "resume-entry");
        let t = parse_tag("{{< br />}}").unwrap();
        assert_eq!(t.name, "br");
        assert!(parse_tag("{{< figure src=\"x\" ").is_none());
    }

    #[test]
    fn multi_line_shortcode() {
        let e = ex("A\n{{< cv/experience\n  title=\"T\"\n  company=\"C\" >}}\nB\n");
        assert_eq!(e.text, "A\n\nB\n");
        assert_eq!(e.warnings.len(), 1);
        assert!(e.warnings[0].message.contains("cv/experience"));
    }

    #[test]
    fn figure_becomes_a_placeholder_with_the_image() {
        let e = ex("Intro\n\n{{< figure class=\"avatar\" src=\"me.jpg\" >}}\n\nText");
        assert_eq!(e.images.len(), 1);
        assert_eq!(e.images[0].0.src, "me.jpg");
        assert_eq!(e.images[0].0.class.as_deref(), Some("avatar"));
        assert!(e.text.contains("\u{E000}0\u{E001}"));
        assert!(e.warnings.is_empty());
        let e = ex("{{< image src=\"/img/myself.jpg\" alt=\"Hello\" >}}");
        assert_eq!(e.images[0].0.alt, "Hello");
    }

    #[test]
    fn paired_shortcode_keeps_inner_text_and_warns_once_naming_the_line() {
        let file =
            SourceFile::new("t.md", "x\n{{% section %}}\nInner **text**\n{{% /section %}}\n{{% section %}}b{{% /section %}}".to_string());
        let e = extract(&file, 0);
        assert_eq!(e.text, "x\n\nInner **text**\n\nb");
        assert_eq!(e.warnings.len(), 1);
        assert_eq!(file.line_col(e.warnings[0].span.unwrap().start).0, 2);
    }

    #[test]
    fn offsets_map_back_to_the_page() {
        let body = "ab{{< x >}}cd";
        let e = ex(body);
        assert_eq!(e.text, "abcd");
        assert_eq!(e.map.map(2), 11);
        assert_eq!(&body[e.map.map(3)..e.map.map(4)], "d");
    }

    #[test]
    fn unclosed_shortcode_is_kept_as_text_with_a_warning() {
        let e = ex("before {{< figure src=\"a.jpg\"\nafter");
        assert!(e.text.contains("before {{"));
        assert!(e.text.contains("after"));
        assert_eq!(e.warnings.len(), 1);
        assert!(e.images.is_empty());
    }

    #[test]
    fn escaped_shortcode_is_literal() {
        let e = ex("use {{</* figure src=\"x\" */>}} like this");
        assert_eq!(e.text, "use {{< figure src=\"x\" >}} like this");
        assert!(e.warnings.is_empty());
    }
}
