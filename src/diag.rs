//! Diagnostics: what reaches a user when something in their input is wrong.
//!
//! Every problem a user can cause becomes a [`Diagnostic`] with a severity, a [`Span`] into a
//! [`SourceFile`] and optional hints. [`Diagnostic::render`] prints it rustc-style with
//! `file:line:col` and the offending source line.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// A byte range in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// The span `start..end`.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// This span moved `by` bytes further into the file.
    pub fn shifted(self, by: usize) -> Self {
        Span::new(self.start + by, self.end + by)
    }
}

/// A source file held in memory, with the index needed to turn byte offsets into lines.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user gave it (or as discovered).
    pub path: PathBuf,
    /// The whole text, as read (BOM included, CRLF kept), so spans are true byte offsets.
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// Wraps `text` read from `path`.
    pub fn new(path: impl Into<PathBuf>, text: String) -> Self {
        let line_starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        SourceFile { path: path.into(), text, line_starts }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset).saturating_sub(1);
        let start = self.line_starts.get(line).copied().unwrap_or(0);
        let col = self.text.get(start..offset).map_or(0, |s| s.chars().count());
        (line + 1, col + 1)
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        let start = self.line_starts.get(line.wrapping_sub(1)).copied().unwrap_or(0);
        let end = self.line_starts.get(line).copied().unwrap_or(self.text.len());
        self.text.get(start..end).unwrap_or("").trim_end_matches(['\n', '\r'])
    }

    /// A span clamped to the text and moved to character boundaries.
    pub fn char_range(&self, span: Span) -> std::ops::Range<usize> {
        let len = self.text.len();
        let back = |mut i: usize| {
            i = i.min(len);
            while i > 0 && !self.text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let start = back(span.start);
        start..back(span.end).max(start)
    }

    /// Byte offset of the start of a 1-based line (clamped to the end of the file).
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts.get(line.saturating_sub(1)).copied().unwrap_or(self.text.len())
    }
}

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// What cvpdf decided about the input, for the author to check (never fails a run).
    Note,
    /// The output is still produced.
    Warning,
    /// No output is produced.
    Error,
}

/// What kind of problem an error is; the command's exit status follows from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// The page says something wrong, or does not fit its budget (status 1).
    #[default]
    Content,
    /// The input is not a résumé page at all: a binary file, a Word document (status 2).
    NotAPage,
    /// A file cannot be read or written, or is not there (status 2).
    Io,
    /// The command was asked for something it cannot do (status 2).
    Usage,
}

impl Kind {
    /// The exit status of an error of this kind.
    pub fn exit_status(self) -> u8 {
        match self {
            Kind::Content => 1,
            Kind::NotAPage | Kind::Io | Kind::Usage => 2,
        }
    }
}

/// One problem, located in a file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Warning or error.
    pub severity: Severity,
    /// What kind of problem it is.
    pub kind: Kind,
    /// The file it is about, if any (usage and I/O errors may have none).
    pub path: Option<PathBuf>,
    /// Where in that file; `None` for a problem with the file as a whole.
    pub span: Option<Span>,
    /// What is wrong, in plain words.
    pub message: String,
    /// What to do about it.
    pub hints: Vec<String>,
}

impl Diagnostic {
    /// An error about a place in `file`.
    pub fn error(file: &SourceFile, span: Span, message: impl Into<String>) -> Self {
        Self::at(Severity::Error, file, span, message)
    }

    /// A note about a place in `file`.
    pub fn note(file: &SourceFile, span: Span, message: impl Into<String>) -> Self {
        Self::at(Severity::Note, file, span, message)
    }

    /// A warning about a place in `file`.
    pub fn warning(file: &SourceFile, span: Span, message: impl Into<String>) -> Self {
        Self::at(Severity::Warning, file, span, message)
    }

    fn at(severity: Severity, file: &SourceFile, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            kind: Kind::Content,
            path: Some(file.path.clone()),
            span: Some(span),
            message: message.into(),
            hints: Vec::new(),
        }
    }

    /// An error about a file as a whole (it cannot be read, for example): an I/O error.
    pub fn file_error(path: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            kind: Kind::Io,
            path: Some(path.to_path_buf()),
            span: None,
            message: message.into(),
            hints: Vec::new(),
        }
    }

    /// A note about a file as a whole.
    pub fn file_note(path: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            kind: Kind::Content,
            path: Some(path.to_path_buf()),
            span: None,
            message: message.into(),
            hints: Vec::new(),
        }
    }

    /// A warning about a file as a whole.
    pub fn file_warning(path: &Path, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::file_note(path, message) }
    }

    /// A usage error, not tied to any file.
    pub fn plain_error(message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Error, kind: Kind::Usage, path: None, span: None, message: message.into(), hints: Vec::new() }
    }

    /// This diagnostic, of another kind.
    pub fn of_kind(self, kind: Kind) -> Self {
        Diagnostic { kind, ..self }
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// Renders the diagnostic rustc-style, with the source excerpt when `file` is the file it is
    /// about (through codespan-reporting).
    pub fn render(&self, file: Option<&SourceFile>) -> String {
        use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as Level};
        use codespan_reporting::files::SimpleFile;
        use codespan_reporting::term::{Config, emit_into_string};

        let level = match self.severity {
            Severity::Note => Level::Note,
            Severity::Warning => Level::Warning,
            Severity::Error => Level::Error,
        };
        let notes: Vec<String> = self.hints.iter().map(|h| format!("help: {h}")).collect();
        let file = file.filter(|f| Some(&f.path) == self.path.as_ref());
        if let (Some(span), Some(file)) = (self.span, file) {
            let name = file.path.display().to_string();
            let source = SimpleFile::new(name, file.text.as_str());
            let range = file.char_range(span);
            let report =
                Report::new(level).with_message(&self.message).with_labels(vec![Label::primary((), range)]).with_notes(notes.clone());
            if let Ok(text) = emit_into_string(&Config::default(), &source, &report) {
                return text;
            }
        }
        // No excerpt: the message, where (file:line:col as far as known), and the hints.
        let mut out = String::new();
        let label = match self.severity {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        let _ = writeln!(out, "{label}: {}", self.message);
        if let Some(path) = &self.path {
            let _ = writeln!(out, "  --> {}", path.display());
        }
        for n in notes {
            let _ = writeln!(out, "  = {n}");
        }
        out
    }

    /// One JSON object on one line, for CI and editors: severity, file, 1-based line and column of
    /// the start and end, message and hints.
    pub fn json(&self, file: Option<&SourceFile>) -> String {
        let file = file.filter(|f| Some(&f.path) == self.path.as_ref());
        let position = |at: usize| file.map(|f| f.line_col(at));
        let start = self.span.and_then(|s| position(s.start));
        let end = self.span.and_then(|s| position(s.end));
        let value = serde_json::json!({
            "severity": self.severity,
            "file": self.path.as_ref().map(|p| p.display().to_string()),
            "line": start.map(|p| p.0),
            "column": start.map(|p| p.1),
            "end_line": end.map(|p| p.0),
            "end_column": end.map(|p| p.1),
            "message": self.message,
            "hints": self.hints,
        });
        value.to_string()
    }
}

/// A value together with the warnings produced while computing it.
#[derive(Debug)]
pub struct Warned<T> {
    /// The value.
    pub value: T,
    /// Warnings, in the order they were found.
    pub warnings: Vec<Diagnostic>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let f = SourceFile::new("a.md", "é\nxyé z\n".to_string());
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(3), (2, 1));
        let z = f.text.find('z').unwrap();
        assert_eq!(f.line_col(z), (2, 5));
        assert_eq!(f.line_text(2), "xyé z");
    }

    #[test]
    fn render_points_at_the_span() {
        let f = SourceFile::new("cv.md", "one\ntwo bad three\n".to_string());
        let start = f.text.find("bad").unwrap();
        let d = Diagnostic::error(&f, Span::new(start, start + 3), "bad word").with_hint("remove it");
        let r = d.render(Some(&f));
        assert!(r.contains("cv.md:2:5"), "{r}");
        assert!(r.contains("    ^^^"), "{r}");
        assert!(r.contains("help: remove it"), "{r}");
        let j: serde_json::Value = serde_json::from_str(&d.json(Some(&f))).unwrap();
        assert_eq!(
            (j["severity"].as_str(), j["line"].as_u64(), j["column"].as_u64(), j["end_column"].as_u64()),
            (Some("error"), Some(2), Some(5), Some(8))
        );
        assert_eq!(j["hints"][0], "remove it");
    }
}
