//! The source stage: a résumé page on disk → [`model::Document`](crate::model::Document).
//!
//! Steps: [`front`] cuts and reads the front matter, [`shortcode`] takes Hugo shortcodes out,
//! [`markdown`] parses the rest into blocks. [`discover`] finds which page to read.

pub mod discover;
pub mod front;
pub mod html;
pub mod image;
pub mod markdown;
pub mod profile;
pub mod shortcode;

use crate::diag::{Diagnostic, SourceFile, Span, Warned};
use crate::model::{Document, Header};

/// Largest page cvpdf reads, in bytes.
pub const MAX_INPUT_BYTES: usize = 4 * 1024 * 1024;

/// Reads a page from disk. Invalid UTF-8 is an error that points at the first bad byte.
pub fn read(path: &std::path::Path) -> Result<SourceFile, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| Diagnostic::file_error(path, format!("cannot read the file: {e}")))?;
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(Diagnostic::file_error(
            path,
            format!("the file is {} bytes; cvpdf reads pages up to {MAX_INPUT_BYTES} bytes", bytes.len()),
        ));
    }
    if bytes.iter().take(8192).any(|b| *b == 0) {
        return Err(Diagnostic::file_error(path, "the file contains NUL bytes: it looks like a binary file, not a Markdown page"));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(path, text)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let file = SourceFile::new(path, lossy);
            let (line, col) = file.line_col(at);
            Err(Diagnostic::error(&file, Span::new(at, at + 1), format!("the file is not valid UTF-8 (line {line}, column {col})"))
                .with_hint("save the page as UTF-8"))
        }
    }
}

/// Parses a page into the intermediate document.
pub fn parse(file: &SourceFile) -> Result<Warned<Document>, Diagnostic> {
    if file.text.contains('\0') {
        let at = file.text.find('\0').unwrap_or(0);
        return Err(Diagnostic::error(
            file,
            Span::new(at, at + 1),
            "the file contains NUL bytes; it looks like a binary file, not a Markdown page",
        ));
    }
    let (meta, body_start, mut warnings) = front::parse(file)?;
    let extracted = shortcode::extract(file, body_start);
    warnings.extend(extracted.warnings.iter().cloned());
    let (blocks, more) = markdown::parse(file, &extracted);
    warnings.extend(more);
    let header = Header {
        name: meta.title.clone().or_else(|| meta.author.clone()),
        headline: meta.description.clone(),
        contacts: Vec::new(),
        photo: None,
    };
    Ok(Warned { value: Document { meta, header, blocks }, warnings })
}

/// When the page was last committed, from git (`2024-05-01T10:00:00+02:00`), if it is in a
/// repository and git is installed.
pub fn commit_time(path: &std::path::Path) -> Option<String> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    let name = path.file_name()?;
    // Starting git costs more than the rest of a run: only where there is a repository.
    let absolute = dir.canonicalize().ok()?;
    if !absolute.ancestors().any(|d| d.join(".git").exists()) {
        return None;
    }
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["log", "-1", "--format=%cI", "--"])
        .arg(name)
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let t = text.trim();
    (out.status.success() && !t.is_empty()).then(|| t.to_string())
}

/// `s[..i]`; all of `s` if `i` is past its end or inside a character. (Offsets here come from
/// `find`, so they are boundaries; the checked form keeps user text from ever causing a panic.)
pub(crate) fn head(s: &str, i: usize) -> &str {
    s.get(..i).unwrap_or(s)
}

/// `s[i..]`; empty if `i` is past its end or inside a character.
pub(crate) fn tail(s: &str, i: usize) -> &str {
    s.get(i..).unwrap_or("")
}
