//! The `cvpdf` command: arguments → [`cvpdf::compile`] → diagnostics → exit code.
//!
//! Exit codes: 0 success (warnings allowed), 1 the document has errors, 2 usage or I/O error.

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, clippy::string_slice)]

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use cvpdf::diag::{Diagnostic, SourceFile};
use cvpdf::source::discover;
use cvpdf::style::lang::Lang;
use cvpdf::style::layout::{Layout, Paper};
use cvpdf::text::font::FontSet;
use cvpdf::{Emit, Options};

/// cvpdf: résumé pages in Markdown (Hugo front matter) → recruiter-ready PDFs.
#[derive(Parser)]
#[command(
    version,
    about,
    after_help = "Exit status: 0 success, possibly with warnings; 1 the document has errors, does not fit its --pages budget, has warnings under --deny-warnings, or (check) its variants disagree; 2 usage or I/O error."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// How diagnostics are printed: for people, or as JSON lines for CI and editors.
    #[arg(long, value_enum, global = true, default_value_t = MessageFormat::Human)]
    message_format: MessageFormat,
    /// Treat warnings as errors: exit with status 1 and write nothing.
    #[arg(long, global = true)]
    deny_warnings: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
enum MessageFormat {
    #[default]
    Human,
    Json,
}

/// Prints diagnostics on standard error, in the chosen format.
struct Reporter {
    json: bool,
}

impl Reporter {
    /// Prints a diagnostic with its source excerpt: from `file` when it is the file concerned,
    /// else read again from the diagnostic's own path (a cvpdf.toml, a layout).
    fn report(&self, d: &Diagnostic, file: Option<&SourceFile>) {
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
}

#[derive(Subcommand)]
enum Command {
    /// Render a résumé page to PDF.
    Render(RenderArgs),
    /// Check that the language variants of a résumé agree: the same sections, and entries with
    /// the same dates. Exit status 1 when they do not.
    Check(CheckArgs),
}

#[derive(clap::Args)]
struct CheckArgs {
    /// A folder of pages, or a Hugo site's root. Default: the current folder when it is a site's root, else content/
    path: Option<PathBuf>,
}

#[derive(clap::Args, Default)]
struct RenderArgs {
    /// A résumé page, a folder of pages, or a Hugo site's root. Default: the current folder when it is a site's root, else content/
    path: Option<PathBuf>,
    /// Language: fr or en. Default: the language the page's name, folder or front matter
    /// says; with a folder holding several languages, each of them.
    #[arg(long, value_parser = parse_lang)]
    lang: Option<String>,
    /// Output file. Default: <name>.<lang>.pdf in the current folder.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Layout: a bundled one (classic, sidebar), layouts/NAME.toml, or a path to a .toml file.
    #[arg(long, default_value = "classic")]
    layout: String,
    /// Paper size, overriding the layout's.
    #[arg(long, value_enum)]
    paper: Option<PaperArg>,
    /// Page budget: fit the résumé on at most this many pages (shrinking space, then type, then
    /// dropping optional sections), or fail with status 1 saying by how much it overflows.
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=2))]
    pages: Option<u8>,
    /// Every language found, each at its natural length and fitted to 1 and to 2 pages
    /// (cv.fr.pdf, cv.fr.1p.pdf, cv.fr.2p.pdf…), rendered in parallel.
    #[arg(long, conflicts_with_all = ["pages", "lang"])]
    all: bool,
    /// Print how long each stage took (parse, typeset, export) on standard error.
    #[arg(long)]
    timings: bool,
    /// What to write: the PDF, a text dump of pages and lines, or the résumé as cvpdf read it, as
    /// JSON (`-o -` prints either).
    #[arg(long, value_enum, default_value_t = EmitArg::Pdf)]
    emit: EmitArg,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum PaperArg {
    A4,
    Letter,
}

#[derive(Clone, Copy, Default, clap::ValueEnum)]
enum EmitArg {
    #[default]
    Pdf,
    Layout,
    Ir,
}

fn parse_lang(s: &str) -> Result<String, String> {
    match Lang::parse(s) {
        Some(_) => Ok(s.to_string()),
        None => Err(format!("unknown language `{s}`: use fr, en, en-GB or en-US")),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let reporter = Reporter { json: cli.message_format == MessageFormat::Json };
    let args = match cli.command {
        Some(Command::Check(c)) => return ExitCode::from(check(&c, &reporter)),
        Some(Command::Render(a)) => a,
        None => RenderArgs { layout: "classic".into(), ..RenderArgs::default() },
    };
    ExitCode::from(render(&args, cli.deny_warnings, &reporter))
}

/// Where to look without a path: the current folder when it is a Hugo site's root, else its
/// `content/` folder.
fn default_input() -> PathBuf {
    let here = PathBuf::from(".");
    let site = cvpdf::source::site::config(&here).is_some();
    if site || !here.join("content").is_dir() { here } else { PathBuf::from("content") }
}

fn check(args: &CheckArgs, reporter: &Reporter) -> u8 {
    let input = args.path.clone().unwrap_or_else(default_input);
    let found = match discover::find(&input, None) {
        Ok(f) => f.pages,
        Err(d) => {
            reporter.report(&d, None);
            return d.kind.exit_status();
        }
    };
    let mut variants = Vec::new();
    for page in &found {
        let Some(lang) = page.lang else { continue };
        let cx = cvpdf::source::Context { lang: Some(lang), ..Default::default() };
        let parsed = cvpdf::source::read(&page.path).and_then(|f| cvpdf::source::load(&f, &cx).map(|d| (f, d.value)));
        match parsed {
            Ok((file, doc)) => variants.push((file, doc, lang)),
            Err(d) => {
                reporter.report(&d, None);
                return d.kind.exit_status();
            }
        }
    }
    if variants.len() < 2 {
        reporter.report(
            &Diagnostic::file_error(&input, "fewer than two language variants to compare")
                .with_hint("cvpdf check compares content/fr/ with content/en/, or cv.fr.md with cv.en.md"),
            None,
        );
        return 2;
    }
    let mut differences = 0;
    let Some(((file0, doc0, lang0), rest)) = variants.split_first() else { return 2 };
    for (file, doc, lang) in rest {
        let a = cvpdf::check::Variant { file: file0, doc: doc0, lang: lang0.code() };
        let b = cvpdf::check::Variant { file, doc, lang: lang.code() };
        for d in cvpdf::check::compare(&a, &b) {
            let file = [&a.file, &b.file].into_iter().find(|f| Some(&f.path) == d.path.as_ref()).copied();
            reporter.report(&d, file);
            differences += 1;
        }
    }
    let names: Vec<String> = variants.iter().map(|(f, _, _)| f.path.display().to_string()).collect();
    if differences == 0 {
        println!("{}: the variants agree", names.join(" and "));
        0
    } else {
        println!("{}: {differences} difference{}", names.join(" and "), if differences == 1 { "" } else { "s" });
        1
    }
}

fn render(args: &RenderArgs, deny_warnings: bool, reporter: &Reporter) -> u8 {
    let input = args.path.clone().unwrap_or_else(default_input);
    let layout = match Layout::find(&args.layout) {
        Ok(mut l) => {
            match args.paper {
                Some(PaperArg::A4) => l.page.paper = Paper::A4,
                Some(PaperArg::Letter) => l.page.paper = Paper::Letter,
                None => {}
            }
            l
        }
        Err(d) => {
            reporter.report(&d, None);
            return 2;
        }
    };
    let found = match discover::find(&input, args.lang.as_deref().and_then(Lang::parse)) {
        Ok(f) => {
            for note in &f.notes {
                reporter.report(note, None);
            }
            f.pages
        }
        Err(d) => {
            reporter.report(&d, None);
            return d.kind.exit_status();
        }
    };
    if found.len() > 1 && args.output.is_some() {
        reporter.report(
            &Diagnostic::plain_error(format!("{} holds several languages and -o names one file", input.display()))
                .with_hint("add --lang fr or --lang en"),
            None,
        );
        return 2;
    }
    if args.all && args.output.is_some() {
        reporter.report(&Diagnostic::plain_error("--all writes one file a language and budget; it takes no -o"), None);
        return 2;
    }
    // The jobs: each page, at the budget asked for, or at every budget with --all.
    let budgets: Vec<Option<usize>> = if args.all { vec![None, Some(1), Some(2)] } else { vec![args.pages.map(usize::from)] };
    let jobs: Vec<(&discover::Found, Option<usize>)> = found.iter().flat_map(|p| budgets.iter().map(move |b| (p, *b))).collect();
    let fonts = FontSet::new();
    let ctx = Job { args, layout: &layout, fonts: &fonts, deny_warnings, named_budget: args.all };
    // Jobs run in parallel when there are several; their reports come out in order.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(jobs.len()).max(1);
    let mut results: Vec<Option<Outcome>> = (0..jobs.len()).map(|_| None).collect();
    std::thread::scope(|scope| {
        for (t, chunk) in results.chunks_mut(jobs.len().div_ceil(threads)).enumerate() {
            let (jobs, ctx) = (&jobs, &ctx);
            let first = t * jobs.len().div_ceil(threads);
            scope.spawn(move || {
                for (i, slot) in chunk.iter_mut().enumerate() {
                    if let Some((page, budget)) = jobs.get(first + i) {
                        *slot = Some(ctx.run(page, *budget));
                    }
                }
            });
        }
    });
    let mut status = 0;
    for outcome in results.into_iter().flatten() {
        for (d, with_file) in &outcome.diagnostics {
            reporter.report(d, if *with_file { outcome.file.as_ref() } else { None });
        }
        if let Some(t) = &outcome.timings {
            eprintln!("timings: {t}");
        }
        for line in &outcome.printed {
            println!("{line}");
        }
        status = status.max(outcome.status);
    }
    status
}

/// What every render job shares.
struct Job<'a> {
    args: &'a RenderArgs,
    layout: &'a Layout,
    fonts: &'a FontSet,
    deny_warnings: bool,
    /// Output names carry the budget (`cv.fr.1p.pdf`), as with --all.
    named_budget: bool,
}

/// What a job did: its diagnostics (and whether they are about its page), what it prints, and its
/// exit status.
struct Outcome {
    file: Option<SourceFile>,
    diagnostics: Vec<(Diagnostic, bool)>,
    timings: Option<String>,
    printed: Vec<String>,
    status: u8,
}

impl Job<'_> {
    fn run(&self, page: &discover::Found, budget: Option<usize>) -> Outcome {
        let mut out = Outcome { file: None, diagnostics: Vec::new(), timings: None, printed: Vec::new(), status: 0 };
        let args = self.args;
        let file = match cvpdf::source::read(&page.path) {
            Ok(f) => f,
            Err(d) => {
                out.status = d.kind.exit_status();
                out.diagnostics.push((d, false));
                return out;
            }
        };
        let context = cvpdf::source::Context {
            lang: page.lang,
            tag: args.lang.clone(),
            epoch: std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|v| v.trim().parse().ok()),
            ..Default::default()
        };
        let emit = match args.emit {
            EmitArg::Pdf => Emit::Pdf,
            EmitArg::Layout => Emit::Layout,
            EmitArg::Ir => Emit::Ir,
        };
        let options = Options { context, pages: budget, emit };
        let result = cvpdf::compile(&file, &options, self.layout, self.fonts);
        out.file = Some(file);
        let rendered = match result {
            Ok(r) => r,
            Err(d) => {
                out.status = d.kind.exit_status();
                out.diagnostics.push((d, true));
                return out;
            }
        };
        let n = rendered.warnings.iter().filter(|w| w.severity == cvpdf::diag::Severity::Warning).count();
        out.diagnostics.extend(rendered.warnings.into_iter().map(|w| (w, true)));
        if self.deny_warnings && n > 0 {
            let d = Diagnostic::file_error(
                &page.path,
                format!("{n} warning{} denied by --deny-warnings; nothing written", if n == 1 { "" } else { "s" }),
            );
            out.diagnostics.push((d, false));
            out.status = 1;
            return out;
        }
        let r = rendered.value;
        if args.timings {
            let laps: Vec<String> = r.timings.iter().map(|(s, d)| format!("{s} {:.2} ms", d.as_secs_f64() * 1000.0)).collect();
            out.timings = Some(laps.join(", "));
        }
        if args.output.as_deref() == Some(std::path::Path::new("-")) {
            use std::io::Write;
            let _ = std::io::stdout().write_all(&r.bytes);
            return out;
        }
        let path = args.output.clone().unwrap_or_else(|| {
            let pdf = cvpdf::output::default_path(&page.name, r.lang);
            let pdf = match budget.filter(|_| self.named_budget) {
                Some(b) => pdf.with_extension(format!("{b}p.pdf")),
                None => pdf,
            };
            match options.emit {
                Emit::Pdf => pdf,
                Emit::Layout => pdf.with_extension("layout.txt"),
                Emit::Ir => pdf.with_extension("ir.json"),
            }
        });
        if let Err(e) = cvpdf::output::write_atomic(&path, &r.bytes) {
            out.diagnostics.push((Diagnostic::file_error(&path, format!("cannot write the output: {e}")), false));
            out.status = 2;
            return out;
        }
        let pages = r.pages;
        match options.emit {
            Emit::Ir => out.printed.push(path.display().to_string()),
            _ => out.printed.push(format!("{} ({pages} page{})", path.display(), if pages == 1 { "" } else { "s" })),
        }
        if let Some(report) = r.report {
            out.printed.push(format!("  {report}"));
        }
        out
    }
}
