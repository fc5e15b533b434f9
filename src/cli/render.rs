//! `cvpdf render`: find the pages, compile each (in parallel), write what they give, report.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use cvpdf::diag::{Diagnostic, Severity, SourceFile, Warned};
use cvpdf::model::Document;
use cvpdf::source::discover::{self, Found};
use cvpdf::style::lang::Lang;
use cvpdf::style::layout::{Layout, Paper};
use cvpdf::text::font::FontSet;
use cvpdf::typeset::paragraphs::Paragraphs;
use cvpdf::{Emit, Options};

use super::args::{EmitArg, PaperArg, RenderArgs};
use super::report::Reporter;

/// Where to look without a path: the current folder when it is a Hugo site's root, else its
/// `content/` folder.
pub fn default_input() -> PathBuf {
    let here = PathBuf::from(".");
    let site = cvpdf::source::site::config(&here).is_some();
    if site || !here.join("content").is_dir() { here } else { PathBuf::from("content") }
}

/// A file a render wrote: what `--manifest` lists.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Written {
    /// The file.
    pub file: PathBuf,
    /// The page it was made from.
    pub source: PathBuf,
    /// The language it is set in.
    pub lang: Lang,
    /// The page budget it was fitted to, if any.
    pub budget: Option<usize>,
    /// Its pages (PDF), or the page it shows (PNG, from 1).
    pub pages: usize,
    /// The warnings its page drew.
    pub warnings: usize,
}

/// What a render did: its exit status and the files it wrote.
pub struct Summary {
    /// 0, 1 or 2.
    pub status: u8,
    /// The files written, in order.
    pub written: Vec<Written>,
    /// How many warnings were printed (each once, however many jobs drew it).
    pub warnings: usize,
}

/// Renders what `args` asks for, reporting as it goes; `exits` when the process ends with it.
pub fn render(args: &RenderArgs, deny_warnings: bool, reporter: &Reporter, exits: bool) -> Summary {
    let failed = |d: Diagnostic| {
        reporter.report(&d, None);
        Summary { status: d.kind.exit_status(), written: Vec::new(), warnings: 0 }
    };
    let input = args.path.clone().unwrap_or_else(default_input);
    let found = match discover::find(&input, args.lang.as_deref().and_then(Lang::parse)) {
        Ok(f) => {
            for note in &f.notes {
                reporter.report(note, None);
            }
            f.pages
        }
        Err(d) => return failed(d),
    };
    if found.len() > 1 && args.output.is_some() {
        return failed(
            Diagnostic::plain_error(format!("{} holds several languages and -o names one file", input.display()))
                .with_hint("add --lang fr or --lang en, or leave -o out to write one file a language"),
        );
    }
    let budgets: Vec<Option<usize>> = if args.all { vec![None, Some(1), Some(2)] } else { vec![args.pages.map(usize::from)] };
    let roots: Vec<PathBuf> = found.iter().map(|page| cvpdf::source::image::site_root(&page.path)).collect();
    let mut jobs = Vec::new();
    for ((i, page), root) in found.iter().enumerate().zip(&roots) {
        let layout = match layout_for(args, page, root) {
            Ok(l) => l,
            Err(d) => return failed(d),
        };
        jobs.extend(budgets.iter().map(|b| (i, page, layout.clone(), *b)));
    }
    if exits && jobs.len() == 1 {
        // The one job runs on this thread, and the process ends once its file is written.
        cvpdf::discard::exit_after_this_compile();
    }
    let fonts = FontSet::with_dirs(&font_dirs(args, &found, &roots));
    let naturals = found.iter().map(|_| OnceLock::new()).collect();
    let loaded = found.iter().map(|_| OnceLock::new()).collect();
    let kept = found.iter().map(|_| Paragraphs::kept()).collect();
    let job = Job { args, fonts: &fonts, deny_warnings, roots, naturals, loaded, kept };
    // Each page's first job is taken before any page's second: the pages are loaded side by side
    // rather than a second job waiting for its page's load.
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|j| j % budgets.len());
    let outcomes = parallel(&jobs, &order, |(i, page, layout, budget)| job.run(*i, page, layout, *budget));
    let mut summary = Summary { status: 0, written: Vec::new(), warnings: 0 };
    // Under `--all`, a page's three jobs draw the same warnings: each is printed once.
    let mut reported: Vec<(Diagnostic, Option<PathBuf>)> = Vec::new();
    for outcome in outcomes {
        for (d, with_file) in outcome.diagnostics {
            let file = outcome.file.as_ref().filter(|_| with_file);
            let key = (d, file.map(|f| f.path.clone()));
            if !reported.contains(&key) {
                reporter.report(&key.0, file);
                summary.warnings += usize::from(key.0.severity == Severity::Warning);
                reported.push(key);
            }
        }
        if let Some(t) = &outcome.timings {
            eprintln!("timings: {t}");
        }
        for line in &outcome.printed {
            println!("{line}");
        }
        summary.status = summary.status.max(outcome.status);
        summary.written.extend(outcome.written);
    }
    if let Some(path) = &args.manifest {
        summary.status = summary.status.max(write_manifest(path, &summary.written, reporter));
    }
    summary
}

/// The layout for `page`: `--layout`, else its cvpdf.toml's `layout`, else classic; with the
/// families its cvpdf.toml names and the paper `--paper` asks for. `root` is the page's site root.
fn layout_for(args: &RenderArgs, page: &Found, root: &Path) -> Result<Layout, Diagnostic> {
    let profile = cvpdf::source::profile::find(&page.path, root)?;
    let mut layout = match (&args.layout, &profile) {
        (Some(name), _) => Layout::find(name, Path::new(".")),
        (None, Some((path, p))) if p.layout.is_some() => {
            let dir = path.parent().unwrap_or(Path::new("."));
            Layout::find(p.layout.as_deref().unwrap_or("classic"), dir)
        }
        _ => Layout::find("classic", Path::new(".")),
    }
    .map_err(|d| d.of_kind(cvpdf::diag::Kind::Usage))?;
    if let Some((path, fonts)) = profile.as_ref().and_then(|(path, p)| Some((path, p.fonts.as_ref()?))) {
        let f = &mut layout.fonts;
        f.body = fonts.body.clone().unwrap_or(f.body.clone());
        f.headings = fonts.headings.clone().or(f.headings.clone());
        f.code = fonts.code.clone().unwrap_or(f.code.clone());
        f.origin = Some(path.clone());
    }
    match args.paper {
        Some(PaperArg::A4) => layout.page.paper = Paper::A4,
        Some(PaperArg::Letter) => layout.page.paper = Paper::Letter,
        None => {}
    }
    Ok(layout)
}

/// The folders of the author's own fonts: `--font-path`, and the `fonts/` folder nearest each
/// page, in its folder or one above it up to the site's root (`roots`, in the pages' order).
fn font_dirs(args: &RenderArgs, pages: &[Found], roots: &[PathBuf]) -> Vec<PathBuf> {
    let mut dirs = args.font_path.clone();
    for (page, root) in pages.iter().zip(roots).filter(|(p, _)| p.path != Path::new("-")) {
        let start = page.path.parent().unwrap_or(Path::new(""));
        for dir in start.ancestors().map(|d| if d.as_os_str().is_empty() { Path::new(".") } else { d }) {
            let fonts = dir.join("fonts");
            if fonts.is_dir() {
                dirs.extend((!dirs.contains(&fonts)).then_some(fonts));
                break;
            }
            if dir == root {
                break;
            }
        }
    }
    dirs
}

/// Runs `work` on every job, on this thread and on one helper thread for each further core,
/// each taking the next job in `order` when it is done with one (jobs differ in cost: a page fitted to one
/// page sets it many times); results in the jobs' order.
fn parallel<J: Sync, R: Send>(jobs: &[J], order: &[usize], work: impl Fn(&J) -> R + Sync) -> Vec<R> {
    // One job needs no count of the cores (std reads it from the cgroup files). Jobs enough
    // for every core keep them all busy.
    let (cores, every_core) = match jobs.len() {
        0 | 1 => (1, false),
        n => {
            let available = std::thread::available_parallelism().map_or(1, |c| c.get());
            (available.min(n), n >= available)
        }
    };
    let next = std::sync::atomic::AtomicUsize::new(0);
    let worker = || {
        let _busy = every_core.then(|| cvpdf::threads::Busy::start(cores));
        let mut done = Vec::new();
        loop {
            let claim = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some((i, job)) = order.get(claim).and_then(|&i| Some((i, jobs.get(i)?))) else { return done };
            done.push((i, work(job)));
        }
    };
    let mut results = spread(cores, &worker);
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// What `worker` gives on `threads` threads: this one and helpers.
fn spread<R: Send>(threads: usize, worker: &(impl Fn() -> Vec<R> + Sync)) -> Vec<R> {
    if threads < 2 {
        return worker();
    }
    let (mut mine, theirs) = cvpdf::threads::join(|| spread(threads - 1, worker), worker);
    mine.extend(theirs.unwrap_or_default());
    mine
}

fn write_manifest(path: &Path, written: &[Written], reporter: &Reporter) -> u8 {
    let json = serde_json::to_vec_pretty(written).unwrap_or_default();
    match cvpdf::output::write_atomic(path, &json) {
        Ok(()) => 0,
        Err(e) => {
            reporter.report(&Diagnostic::file_error(path, format!("cannot write the manifest: {e}")), None);
            2
        }
    }
}

/// What every render job shares.
struct Job<'a> {
    args: &'a RenderArgs,
    fonts: &'a FontSet,
    deny_warnings: bool,
    /// Each page's site root, in the order pages were found.
    roots: Vec<PathBuf>,
    /// Under `render --all`, each page's natural setting once made (in the order pages were
    /// found): a budget it meets takes its file rather than setting the page again.
    naturals: Vec<OnceLock<Natural>>,
    /// Under `render --all`, each page as loaded once: its budgets are set from it.
    loaded: Vec<OnceLock<Result<Warned<Document>, Diagnostic>>>,
    /// Under `render --all`, the paragraphs each page's compiles have set: a budget's search
    /// starts with the lines its natural setting broke (the same type sets them the same way).
    kept: Vec<Paragraphs>,
}

/// A page's natural setting: the file it was read from, its diagnostics and what it gave.
type Natural = (SourceFile, Vec<Diagnostic>, cvpdf::Rendered);

/// What a job did: its diagnostics (and whether they are about its page), what it prints, what
/// it wrote, and its exit status.
#[derive(Default)]
struct Outcome {
    file: Option<SourceFile>,
    diagnostics: Vec<(Diagnostic, bool)>,
    timings: Option<String>,
    printed: Vec<String>,
    written: Vec<Written>,
    warnings: usize,
    status: u8,
}

impl Outcome {
    fn failed(mut self, d: Diagnostic, about_page: bool) -> Outcome {
        self.status = self.status.max(d.kind.exit_status());
        self.diagnostics.push((d, about_page));
        self
    }
}

impl Job<'_> {
    fn run(&self, i: usize, page: &Found, layout: &Layout, budget: Option<usize>) -> Outcome {
        if let Some((file, met)) = self.natural_meets(i, budget) {
            return self.finish(page, budget, file, Ok(met));
        }
        let out = Outcome::default();
        let args = self.args;
        let file = match cvpdf::source::read(&page.path) {
            Ok(f) => f,
            Err(d) => return out.failed(d, false),
        };
        let context = cvpdf::source::Context {
            lang: page.lang,
            tag: args.lang.clone(),
            epoch: std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|v| v.trim().parse().ok()),
            root: self.roots.get(i).cloned(),
            ..Default::default()
        };
        let emit = match args.emit {
            EmitArg::Pdf => Emit::Pdf,
            EmitArg::Png => Emit::Png(args.dpi),
            EmitArg::Layout => Emit::Layout,
            EmitArg::Ir => Emit::Ir,
        };
        let options = Options { context, pages: budget, fitted_too: args.all, emit };
        let result = match self.loaded.get(i).filter(|_| self.shares()) {
            Some(slot) => match slot.get_or_init(|| cvpdf::load(&file, &options, layout)) {
                Ok(loaded) => cvpdf::compile_loaded(&file, loaded, &options, layout, self.fonts, self.kept.get(i)),
                Err(d) => Err(d.clone()),
            },
            None => cvpdf::compile(&file, &options, layout, self.fonts),
        };
        if let (Ok(r), None, Some(slot)) = (&result, budget, self.naturals.get(i).filter(|_| self.shares())) {
            let _ = slot.set((file.clone(), r.warnings.clone(), r.value.clone()));
        }
        self.finish(page, budget, file, result)
    }

    /// A budget the page's natural setting meets, under `render --all`, once that setting is
    /// made: its file and diagnostics, with the report the budget's search would give (its
    /// first setting is the natural one, and it fits). `None` to set the page for the budget.
    fn natural_meets(&self, i: usize, budget: Option<usize>) -> Option<(SourceFile, Warned<cvpdf::Rendered>)> {
        let budget = budget.filter(|_| self.shares())?;
        let (file, warnings, natural) = self.naturals.get(i)?.get()?;
        let report = (1..=budget).contains(&natural.pages).then(|| cvpdf::typeset::fit::met_as_designed(budget, natural.pages))?;
        Some((file.clone(), Warned { value: cvpdf::Rendered { report: Some(report), ..natural.clone() }, warnings: warnings.clone() }))
    }

    /// Whether a page's jobs share its load, and its natural setting serves the budgets it
    /// meets: under `render --all`, for PDFs, and without `--timings` (whose figures are each
    /// job's own).
    fn shares(&self) -> bool {
        let args = self.args;
        args.all && !args.timings && args.emit == EmitArg::Pdf
    }

    /// Reports and writes what a compile of `file` gave.
    fn finish(
        &self,
        page: &Found,
        budget: Option<usize>,
        file: SourceFile,
        result: Result<Warned<cvpdf::Rendered>, Diagnostic>,
    ) -> Outcome {
        let mut out = Outcome { file: Some(file), ..Outcome::default() };
        let rendered = match result {
            Ok(r) => r,
            Err(d) => return out.failed(d, true),
        };
        out.warnings = rendered.warnings.iter().filter(|w| w.severity == Severity::Warning).count();
        out.diagnostics.extend(rendered.warnings.into_iter().map(|w| (w, true)));
        if self.deny_warnings && out.warnings > 0 {
            let n = out.warnings;
            let message = format!("{n} warning{} denied by --deny-warnings; nothing written", if n == 1 { "" } else { "s" });
            return Outcome { status: 1, ..out }
                .failed(Diagnostic::file_error(&page.path, message).of_kind(cvpdf::diag::Kind::Content), false);
        }
        self.write(page, budget, rendered.value, out)
    }

    /// Writes what a compile gave, where `-o` (or the page's name) says, and says so.
    fn write(&self, page: &Found, budget: Option<usize>, r: cvpdf::Rendered, mut out: Outcome) -> Outcome {
        let args = self.args;
        if let Some(t) = (args.timings).then_some(&r.timings) {
            let laps: Vec<String> = t.iter().map(|(s, d)| format!("{s} {:.2} ms", d.as_secs_f64() * 1000.0)).collect();
            out.timings = Some(laps.join(", "));
        }
        if args.output.as_deref() == Some(Path::new("-")) {
            use std::io::Write;
            let mut stdout = std::io::stdout().lock();
            for f in &r.files {
                let _ = stdout.write_all(f);
            }
            return out;
        }
        let paths = output_paths(args, page, r.lang, budget.filter(|_| args.all), r.files.len());
        for (i, (path, bytes)) in paths.iter().zip(&r.files).enumerate() {
            if let Err(e) = cvpdf::output::write_atomic(path, bytes) {
                return out.failed(Diagnostic::file_error(path, format!("cannot write the output: {e}")), false);
            }
            let pages = if args.emit == EmitArg::Png { i + 1 } else { r.pages };
            out.written.push(Written {
                file: path.clone(),
                source: page.path.clone(),
                lang: r.lang,
                budget,
                pages,
                warnings: out.warnings,
            });
        }
        let what = match args.emit {
            EmitArg::Ir => String::new(),
            EmitArg::Png => format!(" ({} page{}, {} dpi)", r.pages, plural(r.pages), args.dpi),
            _ => format!(" ({} page{})", r.pages, plural(r.pages)),
        };
        let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        out.printed.push(format!("{}{what}", names.join(", ")));
        if let Some(report) = r.report {
            out.printed.push(format!("  {report}"));
        }
        out
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Where each of a compile's `count` files goes: `-o`, else `<name>.<lang>.pdf` (with the
/// budget, `cv.fr.1p.pdf`, under `--all`); PNGs of several pages get `-1`, `-2`… before
/// their extension, or in place of `{p}` in `-o`.
fn output_paths(args: &RenderArgs, page: &Found, lang: Lang, budget: Option<usize>, count: usize) -> Vec<PathBuf> {
    let ext = match args.emit {
        EmitArg::Pdf => "pdf",
        EmitArg::Png => "png",
        EmitArg::Layout => "layout.txt",
        EmitArg::Ir => "ir.json",
    };
    let base = args.output.clone().unwrap_or_else(|| {
        let pdf = cvpdf::output::default_path(&page.name, lang);
        let pdf = match budget {
            Some(b) => pdf.with_extension(format!("{b}p.pdf")),
            None => pdf,
        };
        pdf.with_extension(ext)
    });
    if count == 1 && !base.to_string_lossy().contains("{p}") {
        return vec![base];
    }
    let text = base.to_string_lossy().to_string();
    (1..=count)
        .map(|n| {
            if text.contains("{p}") {
                return PathBuf::from(text.replace("{p}", &n.to_string()));
            }
            let stem = base.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
            let ext = base.extension().map(|e| format!(".{}", e.to_string_lossy())).unwrap_or_default();
            base.with_file_name(format!("{stem}-{n}{ext}"))
        })
        .collect()
}
