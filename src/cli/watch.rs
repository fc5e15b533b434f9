//! `cvpdf watch`: render, then render again when something the résumé is made from changes.
//!
//! What is watched: the site (or the page's folder) recursively, and the layout file when it is
//! one; what counts as a change is a page, a picture, a cvpdf.toml, the site's configuration or
//! a layout, never what cvpdf itself writes. Events are debounced (a save is often several
//! writes). A render that fails leaves the last good files in place (they are written through a
//! rename), and the error is shown. Ctrl-C stops after the render under way.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant, SystemTime};

use cvpdf::diag::Diagnostic;
use notify_debouncer_mini::notify::RecursiveMode;

use super::args::RenderArgs;
use super::render::{Summary, default_input, render};
use super::report::Reporter;

/// How long a burst of file events is gathered into one change.
const DEBOUNCE: Duration = Duration::from_millis(150);

/// Folders whose changes never concern the résumé: Hugo's output, caches, version control.
const IGNORED_DIRS: &[&str] = &["public", "resources", "node_modules", ".git", "target"];

/// The extensions of what a résumé is made from.
const SOURCES: &[&str] = &["md", "markdown", "toml", "yaml", "yml", "json", "jpg", "jpeg", "png"];

/// Renders `args`, then again after each change, until Ctrl-C.
pub fn watch(args: &RenderArgs, deny_warnings: bool, reporter: &Reporter) -> u8 {
    let input = args.path.clone().unwrap_or_else(default_input);
    if input == Path::new("-") {
        reporter.report(&Diagnostic::plain_error("cvpdf watch reads files; standard input cannot be watched"), None);
        return 2;
    }
    let stop = Arc::new(AtomicBool::new(false));
    let (tx, rx) = mpsc::channel();
    let on_stop = (stop.clone(), tx.clone());
    if ctrlc::set_handler(move || {
        on_stop.0.store(true, Ordering::SeqCst);
        let _ = on_stop.1.send(Ok(Vec::new()));
    })
    .is_err()
    {
        eprintln!("note: Ctrl-C will stop cvpdf at once, not between renders");
    }
    let mut debouncer = match notify_debouncer_mini::new_debouncer(DEBOUNCE, tx) {
        Ok(d) => d,
        Err(e) => return fail(reporter, Diagnostic::plain_error(format!("cannot watch files: {e}"))),
    };
    for (path, mode) in watched(&input, args) {
        if let Err(e) = debouncer.watcher().watch(&path, mode) {
            return fail(reporter, Diagnostic::file_error(&path, format!("cannot watch: {e}")));
        }
    }
    let mut stamps = Stamps { seen: HashMap::new(), since: SystemTime::now() };
    let mut last = once(args, deny_warnings, reporter, &input);
    eprintln!("watching {} (Ctrl-C stops)", input.display());
    while let Ok(events) = rx.recv() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let changed = match events {
            Ok(events) => events.into_iter().map(|e| e.path).filter(|p| concerns(p, &last) && stamps.changed(p)).collect::<Vec<_>>(),
            Err(e) => {
                eprintln!("note: file watching: {e}");
                continue;
            }
        };
        if let Some(first) = changed.first() {
            eprintln!("changed: {}", first.display());
            last = once(args, deny_warnings, reporter, &input);
        }
    }
    0
}

/// What each file looked like when last seen: reading a file is an event too (inotify reports
/// opening it), so a change is a file whose modification time or length moved.
struct Stamps {
    seen: HashMap<PathBuf, Option<(SystemTime, u64)>>,
    /// When watching started: a file first seen now changed if it was modified since.
    since: SystemTime,
}

impl Stamps {
    fn changed(&mut self, path: &Path) -> bool {
        let now = std::fs::metadata(path).ok().and_then(|m| Some((m.modified().ok()?, m.len())));
        match self.seen.insert(path.to_path_buf(), now) {
            Some(before) => before != now,
            None => now.is_none_or(|(modified, _)| modified >= self.since),
        }
    }
}

fn fail(reporter: &Reporter, d: Diagnostic) -> u8 {
    reporter.report(&d, None);
    d.kind.exit_status()
}

/// Renders once and prints one line: what was written, how long it took, how many warnings;
/// or that the last good files were kept.
fn once(args: &RenderArgs, deny_warnings: bool, reporter: &Reporter, input: &Path) -> Vec<PathBuf> {
    let start = Instant::now();
    let Summary { status, written, warnings } = render(args, deny_warnings, reporter, false);
    let ms = start.elapsed().as_millis();
    let clock = jiff::Zoned::now().strftime("%H:%M:%S");
    let warned = match warnings {
        0 => String::new(),
        1 => ", 1 warning".to_string(),
        n => format!(", {n} warnings"),
    };
    if status == 0 {
        eprintln!("[{clock}] rendered {} in {ms} ms{warned}", input.display());
    } else {
        eprintln!("[{clock}] failed after {ms} ms{warned}; the last good files are kept");
    }
    written.into_iter().map(|w| w.file).chain(args.manifest.clone()).collect()
}

/// What to watch: the site the input belongs to (or the input's folder), recursively; and the
/// layout file given by path, when it lies outside.
fn watched(input: &Path, args: &RenderArgs) -> Vec<(PathBuf, RecursiveMode)> {
    let root = if input.is_dir() { input.to_path_buf() } else { cvpdf::source::image::site_root(input) };
    let mut out = vec![(root, RecursiveMode::Recursive)];
    if let Some(layout) = args.layout.as_deref().filter(|l| l.ends_with(".toml")) {
        out.push((PathBuf::from(layout), RecursiveMode::NonRecursive));
    }
    let own = Path::new("layouts");
    if own.is_dir() {
        out.push((own.to_path_buf(), RecursiveMode::NonRecursive));
    }
    out
}

/// Whether a change to `path` concerns the résumé: a source's extension, outside the ignored
/// folders, not a temporary file, and not a file cvpdf wrote itself.
fn concerns(path: &Path, written: &[PathBuf]) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    let hidden = path.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.') || n.ends_with('~'));
    let ignored = path.components().any(|c| IGNORED_DIRS.iter().any(|d| c.as_os_str() == *d));
    let ours = written.iter().any(|w| same_file(w, path));
    SOURCES.contains(&ext.as_str()) && !hidden && !ignored && !ours
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}
