//! Hugo shortcodes (`{{< name args >}}`, `{{% name args %}}`, `{{< /name >}}`), taken out of the
//! body before Markdown parsing.
//!
//! `figure` and `image` become image placeholders; shortcodes that give structure (an entry, a
//! titled section, per [`super::shortcode_table`]) become block placeholders that the outline
//! reads; inline text shortcodes leave their text. Any other shortcode is reported where it
//! stands; the text between a paired shortcode's tags stays, dedented when a `{{< >}}` pair
//! indents it. An [`OffsetMap`] maps offsets in the cleaned text back to the page.

use crate::diag::{Diagnostic, SourceFile, Span};
use crate::source::inlines::first_line;
use crate::source::shortcode_table::{Meaning, Reading, Table};
use crate::source::{Image, head, line_before, liquid, tail};

/// Starts an image placeholder in the cleaned text; followed by the image's index and [`PH_END`].
pub const PH_START: char = '\u{E000}';
/// Ends an image or block placeholder.
pub const PH_END: char = '\u{E001}';
/// Starts a block placeholder for a [`Structure`] shortcode, on a paragraph of its own.
pub const PH_BLOCK: char = '\u{E002}';

/// Maps byte offsets in the cleaned text back to byte offsets in the page.
#[derive(Debug, Clone, Default)]
pub struct OffsetMap {
    /// `(cleaned offset, page offset)` at the start of each copied stretch, ascending.
    points: Vec<(usize, usize)>,
    /// Every offset maps here (text that stands for one place of the page, such as a
    /// front-matter field).
    pinned: Option<usize>,
}

impl OffsetMap {
    /// A map that sends every offset to `at`.
    pub fn pinned(at: usize) -> OffsetMap {
        OffsetMap { points: Vec::new(), pinned: Some(at) }
    }

    /// The page offset of a cleaned-text offset.
    pub fn map(&self, at: usize) -> usize {
        if let Some(p) = self.pinned {
            return p;
        }
        let i = self.points.partition_point(|&(c, _)| c <= at);
        match i.checked_sub(1).and_then(|i| self.points.get(i)) {
            Some(&(c, p)) => p + (at - c),
            None => at,
        }
    }

    /// The map of the text made from this one's by [`insert_newlines`](super::html_blocks::insert_newlines)
    /// at `at` (ascending): what stood at or after an insertion moved one byte on.
    pub fn with_newlines(&self, at: &[usize]) -> OffsetMap {
        let points = self.points.iter().map(|&(c, p)| (c + at.partition_point(|&a| a <= c), p)).collect();
        OffsetMap { points, pinned: self.pinned }
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
    /// The structure shortcodes, indexed by their placeholders.
    pub structure: Vec<(Structure, Span)>,
    /// Dropped and malformed shortcodes.
    pub warnings: Vec<Diagnostic>,
    /// Where Liquid template code stood that would have shown something.
    pub template: Vec<Span>,
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

/// A shortcode that gives the résumé structure, left in the cleaned text as a block placeholder.
#[derive(Debug, Clone, PartialEq)]
pub enum Structure {
    /// An entry or a titled section/heading opens here.
    Open {
        /// What it is.
        meaning: Meaning,
        /// It has a closing tag (its content ends there).
        paired: bool,
    },
    /// The paired shortcode opened earlier ends here.
    Close,
}

/// A tag found in the body, before pairing.
enum Found {
    Tag(Tag),
    /// `{{</* x */>}}`: shown as written (the text, and its length in the page).
    Literal(String, usize),
    /// Never closed.
    Unclosed,
    /// Jekyll's template code.
    Liquid(liquid::Code),
}

/// Every shortcode tag of `body`, with its offset.
fn scan(body: &str) -> Vec<(usize, Found)> {
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(found) = tail(body, pos).find('{') {
        let at = pos + found;
        let rest = tail(body, at);
        if let Some(code) = liquid::read(rest) {
            pos = at + code.len;
            out.push((at, Found::Liquid(code)));
            continue;
        }
        if !(rest.starts_with("{{<") || rest.starts_with("{{%")) {
            pos = at + 1;
            continue;
        }
        if let Some((text, len)) = escaped_literal(rest) {
            out.push((at, Found::Literal(text, len)));
            pos = at + len;
            continue;
        }
        match parse_tag(rest) {
            Some(tag) => {
                pos = at + tag.len;
                out.push((at, Found::Tag(tag)));
            }
            None => {
                out.push((at, Found::Unclosed));
                pos = at + 2;
            }
        }
    }
    out
}

/// For each tag, the index of its closing tag (for an opening tag that has one).
fn pair(tags: &[(usize, Found)]) -> Vec<Option<usize>> {
    let mut closes = vec![None; tags.len()];
    let mut open: Vec<(usize, &str)> = Vec::new();
    for (i, (_, f)) in tags.iter().enumerate() {
        let Found::Tag(t) = f else { continue };
        if !t.closing {
            open.push((i, t.name.as_str()));
        } else if let Some(k) = open.iter().rposition(|(_, n)| *n == t.name) {
            if let Some((j, _)) = open.get(k)
                && let Some(slot) = closes.get_mut(*j)
            {
                *slot = Some(i);
            }
            open.truncate(k);
        }
    }
    closes
}

/// The cleaned text being built, with its map back to the page.
struct Writer<'a> {
    out: Extracted,
    body: &'a str,
    body_start: usize,
}

impl Writer<'_> {
    /// Copies `body[from..to]`, removing `dedent` columns of leading white space from each line
    /// after the first.
    fn copy(&mut self, from: usize, to: usize, dedent: usize) {
        let text = self.body.get(from..to).unwrap_or("");
        let mut at = from;
        for (n, line) in text.split_inclusive('\n').enumerate() {
            let cut = if n == 0 { 0 } else { line.len() - trim_columns(line, dedent).len() };
            self.out.map.points.push((self.out.text.len(), self.body_start + at + cut));
            self.out.text.push_str(tail(line, cut));
            at += line.len();
        }
    }

    /// Writes `text` in place of the tag at page offset `at`.
    fn insert(&mut self, text: &str, at: usize) {
        self.out.map.points.push((self.out.text.len(), at));
        self.out.text.push_str(text);
        self.out.map.points.push((self.out.text.len(), at));
    }

    /// A shortcode never closed, at body offset `at`: its text stays as written, with a warning.
    fn unclosed(&mut self, file: &SourceFile, at: usize) {
        let rest = tail(self.body, at);
        let line_end = first_line(rest).len();
        let page_at = self.body_start + at;
        let close = if rest.starts_with("{{<") { ">}}" } else { "%}}" };
        self.out.warnings.push(
            Diagnostic::warning(file, Span::new(page_at, page_at + line_end), "shortcode is never closed; its text is kept as written")
                .with_hint(format!("close it with `{close}`")),
        );
        self.insert("{{", page_at);
    }

    /// A block placeholder for a structure shortcode.
    fn placeholder(&mut self, s: Structure, span: Span) {
        let ph = format!("\n\n{PH_BLOCK}{}{PH_END}\n\n", self.out.structure.len());
        self.insert(&ph, span.start);
        self.out.structure.push((s, span));
    }
}

/// `line` without up to `n` columns of leading spaces or tabs.
fn trim_columns(line: &str, n: usize) -> &str {
    let lead = line.bytes().take(n).take_while(|b| *b == b' ' || *b == b'\t').count();
    tail(line, lead)
}

/// The indentation shared by the lines of `text` after its first, blank lines aside.
fn common_indent(text: &str) -> usize {
    text.split_inclusive('\n')
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.bytes().take_while(|b| *b == b' ' || *b == b'\t').count())
        .min()
        .unwrap_or(0)
}

/// Takes the shortcodes out of `file.text[body_start..]`, reading them with `table`.
pub fn extract(file: &SourceFile, body_start: usize, table: &Table) -> Extracted {
    let body = file.text.get(body_start..).unwrap_or("");
    let tags = scan(body);
    let closes = pair(&tags);
    let mut w = Writer { out: Extracted::default(), body, body_start };
    let mut copied_from = 0;
    // Open paired shortcodes: (index of the closing tag, gives structure, written with `<`).
    let mut open: Vec<(usize, bool, bool)> = Vec::new();
    let mut guessed: Vec<String> = Vec::new();
    // Web controls left out, with where; and the closing tag a web control's content ends at.
    let mut web: Vec<(String, Span)> = Vec::new();
    let mut skip_to: Option<usize> = None;
    // Where the last inline text shortcode ended.
    let mut last_text: Option<usize> = None;
    let mut liquid = liquid::LeftOut::default();
    for (i, (at, found)) in tags.iter().enumerate() {
        if let Some(close) = skip_to {
            if i == close {
                skip_to = None;
                copied_from = at + tag_len(found);
            }
            continue;
        }
        let between = body.get(copied_from..*at).unwrap_or("");
        let dedent = if open.last().is_some_and(|o| o.2) { common_indent(between) } else { 0 };
        w.copy(copied_from, *at, dedent);
        let page_at = body_start + at;
        let tag = match found {
            Found::Literal(text, len) => {
                w.insert(text, page_at);
                copied_from = at + len;
                continue;
            }
            Found::Unclosed => {
                w.unclosed(file, *at);
                copied_from = at + 2;
                continue;
            }
            Found::Liquid(code) => {
                copied_from = at + code.len;
                skip_to = take_liquid(&tags, i, code, &mut liquid, &mut w);
                continue;
            }
            Found::Tag(tag) => tag,
        };
        copied_from = at + tag.len;
        let span = Span::new(page_at, page_at + tag.len);
        if tag.closing {
            if let Some(k) = open.iter().rposition(|o| o.0 == i) {
                if open.get(k).is_some_and(|o| o.1) {
                    w.placeholder(Structure::Close, span);
                }
                open.truncate(k);
            }
            continue;
        }
        if image_tag(file, tag, span, &mut w) {
            continue;
        }
        let mut reading = table.read(tag);
        let paired = closes.get(i).copied().flatten();
        if let Some(text) = in_a_line(body, *at, tag.len).then(|| inline_text(&reading.meaning)).flatten() {
            let message = format!("shortcode `{}` stands inside a line of text: what it gives is set there, as text", tag.name);
            w.out.warnings.push(Diagnostic::note(file, span, message));
            reading.meaning = Meaning::Text(text);
        }
        let structure = matches!(reading.meaning, Meaning::Entry(_) | Meaning::Titled(_));
        if let Some(close) = paired {
            open.push((close, structure, tail(body, *at).starts_with("{{<")));
        }
        report(file, tag, span, &reading, &mut guessed, &mut w.out.warnings);
        let body_text = match &reading.meaning {
            Meaning::Entry(fields) => fields.body.clone(),
            _ => None,
        };
        match reading.meaning {
            Meaning::Entry(_) | Meaning::Titled(_) => {
                w.placeholder(Structure::Open { meaning: reading.meaning, paired: paired.is_some() }, span);
                if let Some(b) = body_text {
                    w.insert(&format!("{b}\n\n"), span.start);
                }
            }
            Meaning::Text(text) => {
                // Tags side by side (`{{< tag "C++/Qt" >}} {{< tag "SQL" >}}`) stay apart on paper,
                // in a line or across a line break of the same paragraph.
                let gap = last_text.and_then(|end| body.get(end..*at));
                let apart = gap.is_some_and(|g| !g.is_empty() && g.trim().is_empty() && g.matches('\n').count() < 2);
                let sep = if apart && !text.starts_with("relref:") { "· " } else { "" };
                w.insert(&format!("{sep}{text}"), span.start);
                last_text = Some(at + tag.len);
            }
            Meaning::Web => {
                // The place runs to the closing tag: what the control wraps goes with it.
                let end = paired.and_then(|c| tags.get(c)).map_or(span.end, |(a, f)| body_start + a + tag_len(f));
                web.push((tag.name.clone(), Span::new(span.start, end)));
                if let Some(close) = paired {
                    open.pop();
                    skip_to = Some(close);
                }
            }
            Meaning::Wrapper | Meaning::Decoration | Meaning::Unknown => {}
        }
    }
    w.copy(copied_from, body.len(), 0);
    w.out.warnings.extend(crate::source::left_out(
        file,
        &web,
        "web controls are left out with what they wrap",
        "a button, a download link or an embedded reader belongs to the web page, not to the PDF",
    ));
    w.out.warnings.extend(liquid.warnings(file));
    w.out
}

/// Takes out the Liquid `code`, `tags[i]`, recording what it leaves out; a loop or a comment goes
/// whole, up to its end tag, whose index is returned for the caller to skip to.
fn take_liquid(
    tags: &[(usize, Found)],
    i: usize,
    code: &liquid::Code,
    left_out: &mut liquid::LeftOut,
    w: &mut Writer<'_>,
) -> Option<usize> {
    let at = tags.get(i).map_or(0, |(a, _)| *a);
    let mut span = Span::new(w.body_start + at, w.body_start + at + code.len);
    let mut skip_to = None;
    if let liquid::Kind::Tag { name, .. } = &code.kind
        && matches!(liquid::treat(name), liquid::Treat::Loop | liquid::Treat::Quiet)
        && let Some(end) = liquid_end(tags, i, name)
    {
        // The block goes whole, and is named whole.
        skip_to = Some(end);
        span.end = tags.get(end).map_or(span.end, |(a, f)| w.body_start + a + tag_len(f));
    }
    // A value inside an HTML tag is an attribute, never text on the page.
    let attribute = matches!(code.kind, liquid::Kind::Output(_)) && liquid::in_html_tag(w.body, at);
    if !attribute && left_out.record(code, span) {
        w.out.template.push(span);
    }
    skip_to
}

/// The index of the tag that ends the Liquid block `name` opened at `tags[open]`
/// (`{% endfor %}`), nested blocks of the same name aside.
fn liquid_end(tags: &[(usize, Found)], open: usize, name: &str) -> Option<usize> {
    let end = format!("end{name}");
    let mut depth = 0usize;
    for (i, (_, f)) in tags.iter().enumerate().skip(open + 1) {
        let Found::Liquid(liquid::Code { kind: liquid::Kind::Tag { name: n, .. }, .. }) = f else { continue };
        if n == name {
            depth += 1;
        } else if *n == end {
            if depth == 0 {
                return Some(i);
            }
            depth -= 1;
        }
    }
    None
}

/// Whether the tag at `at` (`len` bytes) shares its line with text (a table row, a code span, a
/// sentence): there, an entry or a heading cannot stand as a block.
fn in_a_line(body: &str, at: usize, len: usize) -> bool {
    !line_before(body, at).trim().is_empty() || !first_line(tail(body, at + len)).trim().is_empty()
}

/// The text of an entry's or a heading's values, set in a line: `None` for other meanings.
fn inline_text(meaning: &Meaning) -> Option<String> {
    match meaning {
        Meaning::Titled(title) => Some(title.clone()),
        Meaning::Entry(f) => {
            let parts = [&f.role, &f.organisation, &f.location, &f.when];
            Some(parts.into_iter().flatten().map(|s| s.trim()).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(", "))
        }
        _ => None,
    }
}

/// How many bytes of the page a found tag covers.
fn tag_len(found: &Found) -> usize {
    match found {
        Found::Tag(t) => t.len,
        Found::Literal(_, len) => *len,
        Found::Unclosed => 2,
        Found::Liquid(code) => code.len,
    }
}

/// What a shortcode's reading leaves out, said where it stands: every unknown shortcode, and
/// every parameter that says something and is not set. A guess at positional arguments is a
/// note, once a name.
fn report(file: &SourceFile, tag: &Tag, span: Span, reading: &Reading, guessed: &mut Vec<String>, warnings: &mut Vec<Diagnostic>) {
    let name = &tag.name;
    let listed = |params: &[(String, String)]| params.iter().map(|(k, v)| format!("{k}=\"{v}\"")).collect::<Vec<_>>().join(", ");
    let hint =
        format!("say what its parameters mean in cvpdf.toml: [shortcodes.\"{name}\"] kind = \"entry\", positional = [\"role\", \"dates\"]");
    match &reading.meaning {
        Meaning::Unknown if reading.unused.is_empty() => warnings.push(
            Diagnostic::warning(file, span, format!("shortcode `{name}` is not known to cvpdf; what its template draws is not in the PDF"))
                .with_hint("the text between its tags, if any, is kept"),
        ),
        Meaning::Unknown => warnings.push(
            Diagnostic::warning(
                file,
                span,
                format!("shortcode `{name}` is not known to cvpdf; its parameters are not set: {}", listed(&reading.unused)),
            )
            .with_hint(hint),
        ),
        _ if !reading.unused.is_empty() => warnings.push(
            Diagnostic::warning(file, span, format!("shortcode `{name}`: parameters not set: {}", listed(&reading.unused))).with_hint(hint),
        ),
        Meaning::Entry(e) if reading.guessed && !guessed.contains(name) => {
            guessed.push(name.clone());
            let parts: Vec<String> = [("role", &e.role), ("organisation", &e.organisation), ("place", &e.location), ("dates", &e.when)]
                .iter()
                .filter_map(|(what, v)| v.as_ref().map(|v| format!("{what} \"{v}\"")))
                .collect();
            warnings.push(
                Diagnostic::note(
                    file,
                    span,
                    format!("shortcode `{name}` read as an entry from the order of its arguments: {}", parts.join(", ")),
                )
                .with_hint(format!(
                    "if that is wrong, name them in cvpdf.toml: [shortcodes.\"{name}\"] positional = [\"role\", \"start\", \"end\"]"
                )),
            );
        }
        _ => {}
    }
}

/// `figure`, `image` and `img` become image placeholders. Whether `tag` was one.
fn image_tag(file: &SourceFile, tag: &Tag, span: Span, w: &mut Writer<'_>) -> bool {
    let name = tag.name.as_str();
    if !(name == "figure" || name == "image" || name == "img") {
        return false;
    }
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
            let ph = format!("{PH_START}{}{PH_END}", w.out.images.len());
            w.insert(&ph, span.start);
            w.out.images.push((image, span));
        }
        _ => w.out.warnings.push(Diagnostic::warning(file, span, format!("`{name}` shortcode has no `src`; it is dropped"))),
    }
    true
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::shortcode_table::Table;

    fn ex(body: &str) -> Extracted {
        extract(&SourceFile::new("t.md", body.to_string()), 0, &Table::default())
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
    fn an_entry_shortcode_inside_a_line_is_text_there() {
        let e = ex("| Java | `{{< experience-years start=\"2023-03\" >}}` | x |\n");
        assert_eq!(e.text, "| Java | `2023-03` | x |\n");
        assert!(e.structure.is_empty());
        assert!(e.warnings.iter().any(|w| w.message.contains("inside a line")), "{:?}", e.warnings);
    }

    #[test]
    fn multi_line_entry_shortcode_becomes_a_block_placeholder() {
        let e = ex("A\n{{< cv/experience\n  title=\"T\"\n  company=\"C\" >}}\nB\n");
        assert_eq!(e.text, "A\n\n\n\u{E002}0\u{E001}\n\n\nB\n");
        assert!(e.warnings.is_empty(), "{:?}", e.warnings);
        let Structure::Open { meaning: Meaning::Entry(f), paired: false } = &e.structure[0].0 else { panic!("{:?}", e.structure) };
        assert_eq!((f.role.as_deref(), f.organisation.as_deref()), (Some("T"), Some("C")));
    }

    #[test]
    fn paired_tags_close_their_own_and_indented_content_is_dedented() {
        let e = ex(
            "{{< box >}}\n  {{< job what=\"Lead\" when=\"2020\" >}}\n        <ul>\n          <li>x</li>\n        </ul>\n  {{< /job >}}\n{{< /box >}}\n",
        );
        assert_eq!(e.structure.len(), 2);
        assert!(matches!(e.structure[0].0, Structure::Open { paired: true, .. }));
        assert_eq!(e.structure[1].0, Structure::Close);
        assert!(e.text.contains("\n<ul>\n  <li>x</li>\n</ul>\n"), "{:?}", e.text);
        assert!(e.warnings.is_empty(), "{:?}", e.warnings);
    }

    #[test]
    fn inline_text_shortcodes_leave_their_text() {
        let e = ex("Rust {{< resume/tag \"Python\" >}} Go");
        assert_eq!(e.text, "Rust Python Go");
        let e = ex("Backend {{< tag \"C#/.NET\" >}} {{< tag \"SQL\" >}}  {{< tag \"Azure AppInsight\" >}}\n{{< tag \"Linux\" >}}");
        assert_eq!(e.text, "Backend C#/.NET · SQL  · Azure AppInsight\n· Linux", "tags side by side stay apart");
        let e = ex("{{< tag \"le travail bien fait\" >}}\n{{< tag \"la montagne\" >}}\n\n{{< tag \"Rust\" >}}");
        assert_eq!(e.text, "le travail bien fait\n· la montagne\n\nRust", "a paragraph's last tag and the next one's first");
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
    fn unknown_paired_shortcodes_keep_inner_text_and_warn_at_each_line() {
        let file = SourceFile::new(
            "t.md",
            "x\n{{% aside %}}\nInner **text**\n{{% /aside %}}\n{{% section \"Talks\" %}}b{{% /section %}}".to_string(),
        );
        let e = extract(&file, 0, &Table::default());
        assert_eq!(e.text, "x\n\nInner **text**\n\nb");
        assert_eq!(e.warnings.len(), 1, "a wrapper loses nothing; an unknown shortcode with a parameter is reported");
        assert_eq!(file.line_col(e.warnings[0].span.unwrap().start).0, 5);
        assert!(e.warnings[0].message.contains("1=\"Talks\""), "{}", e.warnings[0].message);
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
