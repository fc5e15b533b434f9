//! Front matter: TOML between `+++` lines, YAML between `---` lines, or a JSON object at the
//! top of the page, as Hugo reads it.
//!
//! The block is cut off the page here (pulldown-cmark's own metadata options would swallow any
//! `---` pair anywhere in the body). Values become a small format-neutral [`Value`] tree; the
//! fields résumé pages use are read with type checks by the stages that need them.

use crate::source::head;
use std::collections::BTreeMap;

use crate::diag::{Diagnostic, SourceFile, Span};

/// A front matter value, whatever the syntax it was written in.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// No value (YAML `~`).
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// Any number.
    Number(f64),
    /// A string.
    String(String),
    /// A date or date-time, as written (`2025-03-02`, `2018-12-15T18:34:45+01:00`).
    Date(String),
    /// A list.
    List(Vec<Value>),
    /// A table.
    Map(BTreeMap<String, Value>),
}

impl Value {
    /// The value as text, when it is a scalar.
    pub fn as_text(&self) -> Option<String> {
        match self {
            Value::String(s) | Value::Date(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }

    /// The value as a list of texts: a list of scalars, or one comma-separated string.
    pub fn as_text_list(&self) -> Option<Vec<String>> {
        match self {
            Value::List(items) => items.iter().map(Value::as_text).collect(),
            Value::String(s) => Some(s.split(',').map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).collect()),
            _ => None,
        }
    }

    /// The table, when it is one.
    pub fn as_map(&self) -> Option<&BTreeMap<String, Value>> {
        match self {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }
}

/// The syntax of a front matter block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `+++` … `+++`
    Toml,
    /// `---` … `---` (or `...`)
    Yaml,
    /// `{ "title": … }`
    Json,
}

/// What [`split`] found at the top of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// TOML or YAML.
    pub format: Format,
    /// The bytes between the fences.
    pub inner: Span,
    /// Where the Markdown body starts (after the closing fence's line).
    pub body_start: usize,
}

/// Finds the front matter block of `text`, if any. `Ok(None)` means the page has none and the
/// body starts after the BOM. An opening fence without a closing one is an error.
pub fn split(file: &SourceFile) -> Result<Option<Block>, Diagnostic> {
    let text = &file.text;
    let start = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let mut lines = LineIter { text, pos: start };
    let Some((first, open_end)) = lines.next() else {
        return Ok(None);
    };
    if first.trim_start().starts_with('{') {
        return json_block(file, start);
    }
    let format = match first.trim_end() {
        "+++" => Format::Toml,
        "---" => Format::Yaml,
        _ => return Ok(None),
    };
    let inner_start = open_end;
    for (line, end) in lines {
        let fence = line.trim_end();
        let closes = if format == Format::Toml { fence == "+++" } else { fence == "---" || fence == "..." };
        if closes {
            let inner_end = end - line.len() - line_ending_len(text, end);
            return Ok(Some(Block { format, inner: Span::new(inner_start, inner_end.max(inner_start)), body_start: end }));
        }
    }
    let fence = if format == Format::Toml { "+++" } else { "---" };
    Err(Diagnostic::error(file, Span::new(start, start + 3), format!("front matter opened with `{fence}` is never closed"))
        .with_hint(format!("add a line with only `{fence}` after the last front matter field")))
}

/// A JSON object at `start`, when the page opens with one (`{` then a key or `}`; a shortcode
/// opens with `{{`). Its end is where the object closes; the body starts on the next line.
fn json_block(file: &SourceFile, start: usize) -> Result<Option<Block>, Diagnostic> {
    let rest = file.text.get(start..).unwrap_or("");
    let after_brace = rest.trim_start().get(1..).unwrap_or("").trim_start();
    if !(after_brace.starts_with('"') || after_brace.starts_with('}')) {
        return Ok(None);
    }
    let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<serde_json::Value>();
    if let Some(Err(e)) = stream.next() {
        // serde_json counts lines and columns from 1 in `rest`, which starts the file's first line.
        let at = if e.line() == 1 { start } else { file.line_start(e.line()) } + e.column().saturating_sub(1);
        return Err(Diagnostic::error(file, Span::new(at, at + 1), format!("invalid JSON front matter: {e}")));
    }
    let end = start + stream.byte_offset();
    let body_start = file.text.get(end..).and_then(|t| t.find('\n')).map_or(file.text.len(), |i| end + i + 1);
    Ok(Some(Block { format: Format::Json, inner: Span::new(start, end), body_start }))
}

fn line_ending_len(text: &str, end: usize) -> usize {
    let bytes = text.as_bytes();
    match (end.checked_sub(2).and_then(|i| bytes.get(i)), end.checked_sub(1).and_then(|i| bytes.get(i))) {
        (Some(b'\r'), Some(b'\n')) => 2,
        (_, Some(b'\n')) => 1,
        _ => 0,
    }
}

/// Yields each line (without its ending) and the offset just past its ending.
struct LineIter<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Iterator for LineIter<'a> {
    type Item = (&'a str, usize);
    fn next(&mut self) -> Option<Self::Item> {
        let rest = self.text.get(self.pos..)?;
        if rest.is_empty() {
            return None;
        }
        let (line, advance) = match rest.find('\n') {
            Some(i) => (head(rest, i), i + 1),
            None => (rest, rest.len()),
        };
        self.pos += advance;
        Some((line.strip_suffix('\r').unwrap_or(line), self.pos))
    }
}

/// A page's front matter: its keys, and where it is.
#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    /// Every key, as written.
    pub table: BTreeMap<String, Value>,
    /// The bytes between the fences (empty without front matter).
    pub inner: Span,
    /// Where the Markdown body starts.
    pub body_start: usize,
}

/// Parses the front matter of `file`: its keys and where the body starts.
pub fn parse(file: &SourceFile) -> Result<FrontMatter, Diagnostic> {
    let body_start_without = if file.text.starts_with('\u{feff}') { 3 } else { 0 };
    let Some(block) = split(file)? else {
        return Ok(FrontMatter { body_start: body_start_without, ..FrontMatter::default() });
    };
    let src = file.text.get(block.inner.start..block.inner.end).unwrap_or("");
    let table = match block.format {
        Format::Toml => parse_toml(file, block.inner.start, src)?,
        Format::Yaml => parse_yaml(file, block.inner.start, src)?,
        Format::Json => match serde_json::from_str::<serde_json::Value>(src) {
            Ok(serde_json::Value::Object(map)) => map.into_iter().map(|(k, v)| (k, from_json(v))).collect(),
            _ => {
                return Err(Diagnostic::error(
                    file,
                    Span::new(block.inner.start, block.inner.start + 1),
                    "JSON front matter is not an object",
                ));
            }
        },
    };
    Ok(FrontMatter { table, inner: block.inner, body_start: block.body_start })
}

impl FrontMatter {
    /// The value of `key`, matched without regard to case (`jobTitle`).
    pub fn get(&self, key: &str) -> Option<&Value> {
        get(&self.table, key)
    }

    /// The span of the line that defines `key` (or opens a TOML `[[key]]` array), else the
    /// whole block.
    pub fn span(&self, file: &SourceFile, key: &str) -> Span {
        key_span(file, self.inner, key)
    }

    /// The span of the lines that define `key`: its line and the lines its value continues on
    /// (a YAML list or table below it, a TOML array over several lines).
    pub fn field_span(&self, file: &SourceFile, key: &str) -> Span {
        let first = self.span(file, key);
        let end = self.value_lines(file, first).last().map_or(first.end, |l| l.end);
        Span::new(first.start, end.max(first.end))
    }

    /// The span of the `n`th item of the list `key` (counted from 0): its `[[key]]` line in TOML,
    /// its `- ` line in YAML; else the key's line.
    pub fn item_span(&self, file: &SourceFile, key: &str, n: usize) -> Span {
        let first = self.span(file, key);
        let src = file.text.get(self.inner.start..self.inner.end).unwrap_or("");
        let header = format!("[[{key}]]");
        let mut offset = self.inner.start;
        let mut headers = Vec::new();
        for line in src.split_inclusive('\n') {
            if line.trim() == header {
                headers.push(Span::new(offset, offset + line.trim_end().len()));
            }
            offset += line.len();
        }
        if !headers.is_empty() {
            return headers.get(n).copied().unwrap_or(first);
        }
        let items: Vec<Span> = self
            .value_lines(file, first)
            .into_iter()
            .filter(|l| file.text.get(l.start..l.end).is_some_and(|t| t.starts_with('-')))
            .collect();
        let indent = items.iter().map(|l| indent_of(file, l.start)).min().unwrap_or(0);
        items.into_iter().filter(|l| indent_of(file, l.start) == indent).nth(n).unwrap_or(first)
    }

    /// The lines `key`'s value continues on below the line at `first` (each from its first
    /// non-blank character): lines indented more, list items, a closing `]`; blank lines inside.
    fn value_lines(&self, file: &SourceFile, first: Span) -> Vec<Span> {
        let mut out = Vec::new();
        if first == self.inner {
            return out;
        }
        let indent = indent_of(file, first.start);
        let mut offset = file.text.get(first.start..).and_then(|t| t.find('\n')).map_or(self.inner.end, |i| first.start + i + 1);
        for line in file.text.get(offset.min(self.inner.end)..self.inner.end).unwrap_or("").split_inclusive('\n') {
            let t = line.trim_start();
            let lead = line.len() - t.len();
            if !t.trim().is_empty() {
                if !(lead > indent || t.starts_with("- ") || t.trim_end() == "-" || t.starts_with(']')) {
                    break;
                }
                out.push(Span::new(offset + lead, offset + line.trim_end().len()));
            }
            offset += line.len();
        }
        out
    }

    /// A text field; a value of another type is a warning and is ignored.
    pub fn text(&self, file: &SourceFile, key: &str, warnings: &mut Vec<Diagnostic>) -> Option<String> {
        let v = self.get(key)?;
        let t = v.as_text();
        if t.is_none() && *v != Value::Null {
            warnings.push(self.wrong(file, key, "a string"));
        }
        t
    }

    /// A `true`/`false` field.
    pub fn flag(&self, file: &SourceFile, key: &str, warnings: &mut Vec<Diagnostic>) -> Option<bool> {
        match self.get(key)? {
            Value::Bool(b) => Some(*b),
            _ => {
                warnings.push(self.wrong(file, key, "true or false"));
                None
            }
        }
    }

    /// A list of texts (or one comma-separated text).
    pub fn list(&self, file: &SourceFile, key: &str, warnings: &mut Vec<Diagnostic>) -> Vec<String> {
        match self.get(key).map(|v| v.as_text_list()) {
            Some(Some(l)) => l,
            Some(None) => {
                warnings.push(self.wrong(file, key, "a list of strings"));
                Vec::new()
            }
            None => Vec::new(),
        }
    }

    fn wrong(&self, file: &SourceFile, key: &str, want: &str) -> Diagnostic {
        Diagnostic::warning(file, self.span(file, key), format!("front matter field `{key}` should be {want}; it is ignored"))
            .with_hint(format!("write it as {}", example(key)))
    }
}

/// How far byte `at` is from the start of its line, in characters (0 at the start).
fn indent_of(file: &SourceFile, at: usize) -> usize {
    file.line_col(at).1 - 1
}

/// The dotted path of `key` inside the table at `prefix` (`params.email`; `email` at the top).
pub fn dotted(prefix: &str, key: &str) -> String {
    if prefix.is_empty() { key.to_string() } else { format!("{prefix}.{key}") }
}

/// `key` in `table`, matched without regard to case.
pub fn get<'t>(table: &'t BTreeMap<String, Value>, key: &str) -> Option<&'t Value> {
    table.get(key).or_else(|| table.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v))
}

fn parse_toml(file: &SourceFile, base: usize, src: &str) -> Result<BTreeMap<String, Value>, Diagnostic> {
    match src.parse::<toml::Table>() {
        Ok(table) => Ok(table.into_iter().map(|(k, v)| (k, from_toml(v))).collect()),
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            let message = e.message().trim().to_string();
            Err(Diagnostic::error(file, Span::new(span.start, span.end).shifted(base), format!("invalid TOML front matter: {message}")))
        }
    }
}

fn parse_yaml(file: &SourceFile, base: usize, src: &str) -> Result<BTreeMap<String, Value>, Diagnostic> {
    if src.trim().is_empty() {
        return Ok(BTreeMap::new());
    }
    match serde_yaml::from_str::<serde_yaml::Value>(src) {
        Ok(serde_yaml::Value::Mapping(map)) => Ok(map.into_iter().map(|(k, v)| (yaml_key(k), from_yaml(v, 0))).collect()),
        Ok(serde_yaml::Value::Null) => Ok(BTreeMap::new()),
        Ok(_) => {
            Err(Diagnostic::error(file, Span::new(base, base + src.len().min(1)), "YAML front matter is not a mapping of keys to values")
                .with_hint("front matter looks like `title: My CV` on each line"))
        }
        Err(e) => {
            let at = e.location().map_or(0, |l| l.index());
            let message = e.to_string();
            let message = message.split(" at line ").next().unwrap_or(&message).to_string();
            Err(Diagnostic::error(file, Span::new(at, at + 1).shifted(base), format!("invalid YAML front matter: {message}")))
        }
    }
}

/// A TOML value as a front matter value.
pub fn from_toml(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::Number(i as f64),
        toml::Value::Float(f) => Value::Number(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::Date(d.to_string()),
        toml::Value::Array(a) => Value::List(a.into_iter().map(from_toml).collect()),
        toml::Value::Table(t) => Value::Map(t.into_iter().map(|(k, v)| (k, from_toml(v))).collect()),
    }
}

/// A JSON value as a front matter value.
fn from_json(v: serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(b),
        serde_json::Value::Number(n) => Value::Number(n.as_f64().unwrap_or(0.0)),
        serde_json::Value::String(s) => Value::String(s),
        serde_json::Value::Array(a) => Value::List(a.into_iter().map(from_json).collect()),
        serde_json::Value::Object(o) => Value::Map(o.into_iter().map(|(k, v)| (k, from_json(v))).collect()),
    }
}

/// Deepest YAML nesting kept; anything deeper is cut (front matter is never that deep).
const MAX_YAML_DEPTH: usize = 64;

/// A YAML value as a front matter value (cut below a fixed depth).
pub fn from_yaml(v: serde_yaml::Value, depth: usize) -> Value {
    if depth > MAX_YAML_DEPTH {
        return Value::Null;
    }
    match v {
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Bool(b) => Value::Bool(b),
        serde_yaml::Value::Number(n) => Value::Number(n.as_f64().unwrap_or(0.0)),
        serde_yaml::Value::String(s) => Value::String(s),
        serde_yaml::Value::Sequence(s) => Value::List(s.into_iter().map(|v| from_yaml(v, depth + 1)).collect()),
        serde_yaml::Value::Mapping(m) => Value::Map(m.into_iter().map(|(k, v)| (yaml_key(k), from_yaml(v, depth + 1))).collect()),
        serde_yaml::Value::Tagged(t) => from_yaml(t.value, depth + 1),
    }
}

fn yaml_key(k: serde_yaml::Value) -> String {
    match k {
        serde_yaml::Value::String(s) => s,
        serde_yaml::Value::Bool(b) => b.to_string(),
        serde_yaml::Value::Number(n) => n.to_string(),
        _ => String::from("?"),
    }
}

fn example(key: &str) -> &'static str {
    match key {
        "draft" => "`draft = false` (TOML) or `draft: false` (YAML)",
        "date" | "lastmod" => "`date = 2025-03-02` (TOML) or `date: 2025-03-02` (YAML)",
        "keywords" | "tags" => "`tags = [\"rust\", \"sre\"]`",
        _ => "a quoted string",
    }
}

/// The span of the line in the front matter that defines `key` (or opens a TOML `[[key]]` array),
/// or the whole block. A dotted path (`params.email`) is looked for table by table: `email`
/// after the line that opens `params`.
fn key_span(file: &SourceFile, inner: Span, key: &str) -> Span {
    if let Some(span) = find_key(file, inner, key) {
        return span;
    }
    let mut found = None;
    for part in key.split('.') {
        let from = found.map_or(inner.start, |s: Span| s.end);
        match find_key(file, Span::new(from, inner.end), part) {
            Some(span) => found = Some(span),
            None => return found.unwrap_or(inner),
        }
    }
    found.unwrap_or(inner)
}

/// The first line in `region` that defines `key` (`key =`, `key:`, `[key]`, `[[key]]`,
/// `[parent.key]`).
fn find_key(file: &SourceFile, region: Span, key: &str) -> Option<Span> {
    let src = file.text.get(region.start..region.end).unwrap_or("");
    let mut offset = region.start;
    for line in src.split_inclusive('\n') {
        let t = line.trim_start();
        let lead = offset + line.len() - t.len();
        let rest = t.strip_prefix(key).or_else(|| t.strip_prefix(&format!("\"{key}\"")));
        if rest.is_some_and(|r| r.trim_start().starts_with(['=', ':'])) {
            return Some(Span::new(lead, lead + key.len()));
        }
        let header = t.trim_end().strip_prefix('[').and_then(|h| h.strip_suffix(']')).map(|h| h.trim_matches(['[', ']']).trim());
        if header.is_some_and(|h| h == key || h.rsplit('.').next() == Some(key)) {
            let len = t.trim_end().len();
            return Some(Span::new(lead, lead + len));
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new("t.md", text.to_string())
    }

    #[test]
    fn toml_front_matter_with_bare_date() {
        let f = file("+++\ntitle = \"Jeanne Martin\"\ndate = 2024-05-01T10:00:00+02:00\ndraft = false\n[params]\nx = 1\n+++\n# Body\n");
        let fm = parse(&f).unwrap();
        let mut w = Vec::new();
        assert_eq!(fm.text(&f, "title", &mut w).as_deref(), Some("Jeanne Martin"));
        assert_eq!(fm.text(&f, "date", &mut w).as_deref(), Some("2024-05-01T10:00:00+02:00"));
        assert_eq!(fm.flag(&f, "draft", &mut w), Some(false));
        assert!(fm.get("params").and_then(Value::as_map).is_some());
        assert_eq!(&f.text[fm.body_start..], "# Body\n");
        assert!(w.is_empty());
    }

    #[test]
    fn yaml_with_bom_and_crlf_and_dots_close() {
        let f = file("\u{feff}---\r\ntitle: \"About\"\r\ntags: [a, b]\r\ndraft: true\r\n...\r\nBody\r\n");
        let fm = parse(&f).unwrap();
        let mut w = Vec::new();
        assert_eq!(fm.text(&f, "title", &mut w).as_deref(), Some("About"));
        assert_eq!(fm.list(&f, "tags", &mut w), vec!["a", "b"]);
        assert_eq!(fm.flag(&f, "draft", &mut w), Some(true));
        assert_eq!(&f.text[fm.body_start..], "Body\r\n");
    }

    #[test]
    fn empty_and_missing_front_matter() {
        let fm = parse(&file("+++\n+++\nHello")).unwrap();
        assert!(fm.table.is_empty());
        assert_eq!(fm.body_start, 8);
        let fm = parse(&file("---\n---\n")).unwrap();
        assert!(fm.table.is_empty());
        assert_eq!(fm.body_start, 8);
        assert_eq!(parse(&file("# No front matter\n")).unwrap().body_start, 0);
        assert_eq!(parse(&file("\u{feff}# BOM only\n")).unwrap().body_start, 3);
    }

    #[test]
    fn json_front_matter_and_a_page_that_opens_with_a_shortcode() {
        let f = file("{\n  \"title\": \"Jane Doe\",\n  \"tags\": [\"a\", \"b\"]\n}\n## Experience\n");
        let fm = parse(&f).unwrap();
        let mut w = Vec::new();
        assert_eq!(fm.text(&f, "title", &mut w).as_deref(), Some("Jane Doe"));
        assert_eq!(fm.list(&f, "tags", &mut w), ["a", "b"]);
        assert_eq!(&f.text[fm.body_start..], "## Experience\n");
        assert_eq!(f.line_col(fm.span(&f, "tags").start).0, 3);
        let f = file("{{< figure src=\"me.jpg\" >}}\nText\n");
        assert_eq!(parse(&f).unwrap().body_start, 0);
        let e = parse(&file("{\n  \"title\": \"x\",\n  \"oops\"\n}\n")).unwrap_err();
        assert!(e.message.starts_with("invalid JSON"), "{}", e.message);
    }

    #[test]
    fn unterminated_front_matter_is_an_error_at_line_1() {
        let f = file("+++\ntitle = \"x\"\n# Body\n");
        let e = parse(&f).unwrap_err();
        assert!(e.message.contains("never closed"), "{}", e.message);
        assert_eq!(f.line_col(e.span.unwrap().start).0, 1);
    }

    #[test]
    fn toml_error_points_at_the_file_line() {
        let f = file("+++\ntitle = \"ok\"\ndate = = 3\n+++\n");
        let e = parse(&f).unwrap_err();
        assert!(e.message.starts_with("invalid TOML"), "{}", e.message);
        assert_eq!(f.line_col(e.span.unwrap().start).0, 3);
    }

    #[test]
    fn yaml_error_points_at_the_file_line() {
        let f = file("---\ntitle: ok\nlist: [a, b\nother: 1\n---\n");
        let e = parse(&f).unwrap_err();
        assert!(e.message.starts_with("invalid YAML"), "{}", e.message);
        let line = f.line_col(e.span.unwrap().start).0;
        assert!((3..=5).contains(&line), "line {line}");
    }

    #[test]
    fn wrong_types_warn_and_are_ignored() {
        let f = file("---\ntitle: [1, 2]\ndraft: \"no\"\nMixedCase: x\n---\n");
        let fm = parse(&f).unwrap();
        let mut w = Vec::new();
        assert_eq!(fm.text(&f, "title", &mut w), None);
        assert_eq!(fm.flag(&f, "draft", &mut w), None);
        assert_eq!(w.len(), 2);
        assert_eq!(f.line_col(w[0].span.unwrap().start).0, 2);
        assert_eq!(f.line_col(w[1].span.unwrap().start).0, 3);
        assert_eq!(fm.get("mixedcase").and_then(Value::as_text).as_deref(), Some("x"));
    }

    #[test]
    fn record_arrays_are_found_by_their_line() {
        let f = file("+++\ntitle = \"Experience\"\n[[experience]]\ntitle = \"CEO\"\n+++\n");
        let fm = parse(&f).unwrap();
        assert_eq!(f.line_col(fm.span(&f, "experience").start).0, 3);
    }

    #[test]
    fn dotted_paths_are_found_table_by_table() {
        let f = file("+++\nemail = \"a\"\n[params]\nemail = \"b\"\n[extra]\nemail = \"c\"\n+++\n");
        let fm = parse(&f).unwrap();
        let line = |k: &str| f.line_col(fm.span(&f, k).start).0;
        assert_eq!((line("email"), line("params"), line("params.email"), line("extra.email")), (2, 3, 4, 6));
        let f = file("---\nleft:\n  - a\n  - b\n\nright: c\n---\n");
        let fm = parse(&f).unwrap();
        let span = fm.field_span(&f, "left");
        assert_eq!((f.line_col(span.start).0, f.line_col(span.end).0), (2, 4));
    }

    #[test]
    fn each_item_of_a_list_is_found_by_its_line() {
        let f = file("+++\ntitle = \"x\"\n[[job]]\n  a = 1\n\n[[job]]\n  a = 2\n+++\n");
        let fm = parse(&f).unwrap();
        let line = |n| f.line_col(fm.item_span(&f, "job", n).start).0;
        assert_eq!((line(0), line(1), line(5)), (3, 6, 3));
        let f = file("---\njob:\n  - a: 1\n    b:\n      - x\n\n  - a: 2\nnext: 1\n---\n");
        let fm = parse(&f).unwrap();
        let line = |n| f.line_col(fm.item_span(&f, "job", n).start).0;
        assert_eq!((line(0), line(1)), (3, 7), "a list inside an item is not an item");
        assert_eq!(f.line_col(fm.field_span(&f, "job").end).0, 7, "blank lines inside a field");
    }

    #[test]
    fn yaml_alias_bomb_fails_cleanly() {
        let mut s = String::from("---\na: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
        let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
        let mut prev = "a";
        for n in names {
            s.push_str(&format!("{n}: &{n} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
            prev = n;
        }
        s.push_str("---\n");
        let r = parse(&file(&s));
        assert!(r.is_err(), "an alias bomb must be refused, not expanded");
    }
}
