//! Printing diagnostics on standard error, for people or as JSON lines.

use cvpdf::diag::{Diagnostic, SourceFile};

/// Prints diagnostics on standard error, in the chosen format.
pub struct Reporter {
    /// One JSON object a line instead of the human form.
    pub json: bool,
}

impl Reporter {
    /// A reporter for `--message-format`, read from the raw arguments, so that errors in the
    /// arguments themselves come out in the format asked for.
    pub fn from_raw_args() -> Reporter {
        let args: Vec<String> = std::env::args().collect();
        let json = args.windows(2).any(|w| matches!(w, [flag, value] if flag == "--message-format" && value == "json"))
            || args.iter().any(|a| a == "--message-format=json");
        Reporter { json }
    }

    /// Prints a diagnostic with its source excerpt: from `file` when it is the file concerned,
    /// else read again from the diagnostic's own path (a cvpdf.toml, a layout).
    pub fn report(&self, d: &Diagnostic, file: Option<&SourceFile>) {
        let other = match (&d.path, d.span, file) {
            (Some(p), Some(_), f) if f.is_none_or(|f| &f.path != p) => std::fs::read_to_string(p).ok().map(|t| SourceFile::new(p, t)),
            _ => None,
        };
        let file = other.as_ref().or(file);
        if self.json {
            eprintln!("{}", d.json(file));
        } else {
            eprint!("{}", d.render(file));
        }
    }

    /// Reports an argument error clap found: as clap prints it, or as one JSON line with its
    /// usage line as a hint. Help and version requests are printed as they are.
    pub fn argument_error(&self, e: &clap::Error) -> u8 {
        use clap::error::ErrorKind;
        if !self.json || matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
        let text = e.render().to_string();
        let mut lines = text.lines().filter(|l| !l.trim().is_empty());
        let message = lines.next().unwrap_or("invalid arguments").trim_start_matches("error: ").to_string();
        let d = lines.fold(Diagnostic::plain_error(message), |d, l| d.with_hint(l.trim()));
        self.report(&d, None);
        2
    }
}
