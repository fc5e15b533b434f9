//! Liquid, the template language of Jekyll pages (`{% include base_path %}`, `{% for post in
//! site.publications %}`, `{{ page.title }}`): template code, which Jekyll runs and cvpdf does
//! not. [`super::shortcode::extract`] takes it out of the body with the shortcodes, and says what
//! it leaves out; nothing of it is printed as if the author had written it as text.

use crate::diag::{Diagnostic, SourceFile, Span};
use crate::source::{head, line_before, tail};

/// A piece of Liquid at the start of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code {
    /// What it is.
    pub kind: Kind,
    /// Bytes it covers.
    pub len: usize,
}

/// The kinds of Liquid code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// `{% name args %}`.
    Tag {
        /// `include`, `for`, `endfor`…
        name: String,
        /// What follows the name, trimmed.
        args: String,
    },
    /// `{{ expression }}`: a value printed in place.
    Output(String),
}

/// How cvpdf treats a tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Treat {
    /// Left out with what it encloses, up to its end tag: a loop, whose text is a template.
    Loop,
    /// Left out with what it encloses, silently: a comment, or a value captured for later.
    Quiet,
    /// Left out; what it encloses stays: a condition cvpdf cannot decide.
    Condition,
    /// Left out with nothing to say: `raw`, `assign` and end tags.
    Silent,
    /// Left out, and said: an include or a tag that prints something.
    Dropped,
}

/// The longest a tag or an output may run before its closing delimiter.
const MAX_LEN: usize = 400;

/// The Liquid code `s` starts with, if any: `{%…%}`, or `{{` then a variable name and `}}`.
/// Hugo's `{{<` and `{{%` are not Liquid.
pub fn read(s: &str) -> Option<Code> {
    if let Some(inner) = s.strip_prefix("{%") {
        let end = inner.get(..MAX_LEN.min(inner.len())).unwrap_or(inner).find("%}")?;
        let body = head(inner, end).trim_matches('-').trim();
        let name_len = body.find(char::is_whitespace).unwrap_or(body.len());
        let name = head(body, name_len).to_string();
        let valid = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        let kind = Kind::Tag { name, args: tail(body, name_len).trim().to_string() };
        return valid.then_some(Code { kind, len: 2 + end + 2 });
    }
    let inner = s.strip_prefix("{{")?;
    let expr_start = inner.trim_start_matches('-').trim_start();
    if !expr_start.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        return None;
    }
    let end = inner.get(..MAX_LEN.min(inner.len())).unwrap_or(inner).find("}}")?;
    let expr = head(inner, end).trim_matches('-').trim();
    (!expr.contains('\n')).then(|| Code { kind: Kind::Output(expr.to_string()), len: 2 + end + 2 })
}

/// How a tag named `name` is treated.
pub fn treat(name: &str) -> Treat {
    match name {
        "for" | "tablerow" => Treat::Loop,
        "comment" | "capture" => Treat::Quiet,
        "if" | "unless" | "case" | "elsif" | "else" | "when" => Treat::Condition,
        "raw" | "assign" | "increment" | "decrement" | "break" | "continue" => Treat::Silent,
        n if n.starts_with("end") => Treat::Silent,
        _ => Treat::Dropped,
    }
}

/// Whether `at` in `text` stands inside an HTML tag (`<p style="height:{{ x }}">`), where a
/// value is an attribute, never text on the page.
pub fn in_html_tag(text: &str, at: usize) -> bool {
    let line = line_before(text, at);
    line.rfind('<').is_some_and(|lt| line.rfind('>').is_none_or(|gt| gt < lt))
}

/// What the Liquid of a page left out, by kind, with where.
#[derive(Debug, Default)]
pub struct LeftOut {
    /// Loops, as written (`for post in site.publications`).
    pub loops: Vec<(String, Span)>,
    /// Conditions, as written.
    pub conditions: Vec<(String, Span)>,
    /// Includes, other tags and values.
    pub dropped: Vec<(String, Span)>,
}

impl LeftOut {
    /// Records `code` at `span`, by how it is treated; whether it would have shown something
    /// (a loop, an include, a value).
    pub fn record(&mut self, code: &Code, span: Span) -> bool {
        match &code.kind {
            Kind::Output(expr) => self.dropped.push((format!("{{{{ {expr} }}}}"), span)),
            Kind::Tag { name, args } => {
                let written = format!("{{% {name} {args} %}}").replace("  ", " ");
                match treat(name) {
                    Treat::Loop => self.loops.push((written, span)),
                    Treat::Dropped => self.dropped.push((written, span)),
                    Treat::Condition => {
                        self.conditions.push((written, span));
                        return false;
                    }
                    Treat::Quiet | Treat::Silent => return false,
                }
            }
        }
        true
    }

    /// The warnings: one for each kind, naming every place.
    pub fn warnings(&self, file: &SourceFile) -> Vec<Diagnostic> {
        let mut out = crate::source::left_out(
            file,
            &self.loops,
            "Liquid loops are left out with what they would list",
            "a loop lists what the site holds, which cvpdf does not read: write the entries in the page itself",
        );
        out.extend(crate::source::left_out(
            file,
            &self.dropped,
            "Liquid template code is left out, with what it would show",
            "cvpdf reads the page, not Jekyll's templates, includes or variables: write what they show in the page itself",
        ));
        out.extend(crate::source::left_out(
            file,
            &self.conditions,
            "Liquid conditions are not decided: what they enclose is set as written",
            "remove the condition, or the branch that is not for the PDF",
        ));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(s: &str) -> Option<(String, String, usize)> {
        match read(s)?.kind {
            Kind::Tag { name, args } => Some((name, args, read(s)?.len)),
            Kind::Output(_) => None,
        }
    }

    #[test]
    fn tags_and_outputs() {
        assert_eq!(tag("{% include base_path %} rest"), Some(("include".into(), "base_path".into(), 23)));
        assert_eq!(tag("{%- for post in site.talks -%}"), Some(("for".into(), "post in site.talks".into(), 30)));
        assert_eq!(read("{{ page.title | upcase }}!").map(|c| (c.kind, c.len)), Some((Kind::Output("page.title | upcase".into()), 25)));
        for not_liquid in ["{{< figure >}}", "{{% note %}}", "{{ .Title }}", "{% never closed", "{{ 1 }}", "{%%}", "{ x }"] {
            assert_eq!(read(not_liquid), None, "{not_liquid}");
        }
    }

    #[test]
    fn how_tags_are_treated() {
        assert_eq!(treat("for"), Treat::Loop);
        assert_eq!(treat("comment"), Treat::Quiet);
        assert_eq!(treat("if"), Treat::Condition);
        assert_eq!(treat("endfor"), Treat::Silent);
        assert_eq!(treat("include"), Treat::Dropped);
    }

    #[test]
    fn inside_an_html_tag() {
        let text = "<p style=\"height:{{ x }}\"> </p>\nSee {{ y }}";
        assert!(in_html_tag(text, text.find("{{ x").unwrap()));
        assert!(!in_html_tag(text, text.find("{{ y").unwrap()));
    }
}
