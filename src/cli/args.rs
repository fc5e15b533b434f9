//! The command line, as clap reads it: every subcommand and option, with the help they print.

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use cvpdf::style::lang::Lang;

/// cvpdf: résumé pages in Markdown (Hugo front matter) → recruiter-ready PDFs.
#[derive(Parser)]
#[command(
    name = "cvpdf",
    version,
    about,
    after_help = "Exit status: 0 success, possibly with warnings; 1 the document has errors, does not fit its --pages budget, has warnings under --deny-warnings, or (check) its variants disagree; 2 usage or I/O error."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// How diagnostics are printed: for people, or as JSON lines for CI and editors.
    #[arg(long, value_enum, global = true, default_value_t = MessageFormat::Human)]
    pub message_format: MessageFormat,
    /// Treat warnings as errors: exit with status 1 and write nothing.
    #[arg(long, global = true)]
    pub deny_warnings: bool,
}

/// How diagnostics are printed.
#[derive(Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum MessageFormat {
    /// With the source line, for people.
    #[default]
    Human,
    /// One JSON object a line.
    Json,
}

/// What cvpdf can do.
#[derive(Subcommand)]
pub enum Command {
    /// Render a résumé page to PDF (or PNG pictures of its pages).
    Render(RenderArgs),
    /// Render, then render again whenever the page, a picture it shows, its cvpdf.toml or the
    /// layout changes. Ctrl-C stops.
    Watch(RenderArgs),
    /// Start a résumé: a Hugo-shaped folder with a page a language, a cvpdf.toml and a CI
    /// workflow that builds the PDFs.
    New(NewArgs),
    /// Check that the language variants of a résumé agree: the same sections, and entries with
    /// the same dates. Exit status 1 when they do not.
    Check(CheckArgs),
    /// Print a shell completion script: `cvpdf completions bash > /etc/bash_completion.d/cvpdf`.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `cvpdf man > cvpdf.1 && man ./cvpdf.1`.
    Man,
    /// Print the JSON Schema of layout files or of cvpdf.toml, for editors (Taplo, VS Code).
    Schema {
        /// Which file's schema.
        #[arg(value_enum)]
        of: SchemaOf,
    },
}

/// `cvpdf schema`.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum SchemaOf {
    /// A layout (`layouts/NAME.toml`).
    Layout,
    /// `cvpdf.toml`.
    Config,
}

/// `cvpdf check`.
#[derive(clap::Args)]
pub struct CheckArgs {
    /// A folder of pages, or a Hugo site's root. Default: the current folder when it is a site's root, else content/
    pub path: Option<PathBuf>,
}

/// `cvpdf new`.
#[derive(clap::Args)]
pub struct NewArgs {
    /// The folder to create the résumé in; it may exist, but none of the files written may.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// The person's name, set at the top of every page. Default: "Your Name", to replace.
    #[arg(long)]
    pub name: Option<String>,
    /// The languages to write a page for, comma-separated: fr, en.
    #[arg(long, value_delimiter = ',', default_values = ["fr", "en"], value_parser = parse_lang)]
    pub lang: Vec<String>,
    /// The layout the résumé is rendered with (written to cvpdf.toml).
    #[arg(long, default_value = "classic")]
    pub layout: String,
}

/// `cvpdf render` and `cvpdf watch`.
#[derive(clap::Args, Clone)]
pub struct RenderArgs {
    /// A résumé page, a folder of pages, a Hugo site's root, or - to read the page from standard
    /// input. Default: the current folder when it is a site's root, else content/
    pub path: Option<PathBuf>,
    /// Language: fr, en, or a regional variant (fr-FR, fr-CA, en-GB, en-US…), which chooses
    /// spelling and date style. Default: what the page's name, folder or front matter says;
    /// with a folder holding several languages, each of them.
    #[arg(long, value_parser = parse_lang)]
    pub lang: Option<String>,
    /// Output file, or - for standard output. Default: <name>.<lang>.pdf in the current folder
    /// (PNG: <name>.<lang>-<page>.png). A missing folder is created.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Layout: a bundled one (classic, sidebar, compact, banner), layouts/NAME.toml, or a path
    /// to a .toml file.
    /// Default: the `layout` of cvpdf.toml, else classic.
    #[arg(long)]
    pub layout: Option<String>,
    /// A folder of TrueType fonts (.ttf) a layout or cvpdf.toml may name by family, beside the
    /// `fonts/` folder found next to the page or at the site's root. May be repeated.
    #[arg(long, value_name = "DIR")]
    pub font_path: Vec<PathBuf>,
    /// Paper size, overriding the layout's.
    #[arg(long, value_enum)]
    pub paper: Option<PaperArg>,
    /// Page budget: fit the résumé on at most this many pages (shrinking space, then type, then
    /// dropping optional sections), or fail with status 1 saying by how much it overflows.
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=2))]
    pub pages: Option<u8>,
    /// Every language found, each at its natural length and fitted to 1 and to 2 pages
    /// (cv.fr.pdf, cv.fr.1p.pdf, cv.fr.2p.pdf…), rendered in parallel.
    #[arg(long, conflicts_with_all = ["pages", "lang", "output"])]
    pub all: bool,
    /// Write a JSON list of the files written (file, language, budget, pages, warnings), for
    /// the steps of a CI job that follow.
    #[arg(long)]
    pub manifest: Option<PathBuf>,
    /// Print how long each stage took (parse, typeset, export) on standard error.
    #[arg(long)]
    pub timings: bool,
    /// What to write: the PDF, PNG pictures of its pages, a text dump of pages and lines, or
    /// the résumé as cvpdf read it, as JSON.
    #[arg(long, visible_alias = "format", value_enum, default_value_t = EmitArg::Pdf)]
    pub emit: EmitArg,
    /// Resolution of PNG pictures, in dots per inch.
    #[arg(long, default_value_t = 150, value_parser = clap::value_parser!(u32).range(36..=1200))]
    pub dpi: u32,
}

impl Default for RenderArgs {
    /// What `cvpdf` alone does: `cvpdf render`.
    fn default() -> Self {
        RenderArgs {
            path: None,
            lang: None,
            output: None,
            layout: None,
            font_path: Vec::new(),
            paper: None,
            pages: None,
            all: false,
            manifest: None,
            timings: false,
            emit: EmitArg::Pdf,
            dpi: 150,
        }
    }
}

/// `--paper`.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum PaperArg {
    /// 210 × 297 mm.
    A4,
    /// 8.5 × 11 in.
    Letter,
}

/// `--emit`.
#[derive(Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum EmitArg {
    /// The PDF.
    #[default]
    Pdf,
    /// One PNG picture a page, drawn by cvpdf.
    Png,
    /// A text dump of the pages and their lines.
    Layout,
    /// The résumé as cvpdf read it, as JSON.
    Ir,
}

fn parse_lang(s: &str) -> Result<String, String> {
    match Lang::parse(s) {
        Some(_) => Ok(s.to_string()),
        None => Err(format!("unknown language `{s}`: use fr or en, or a regional variant such as fr-FR, fr-CA, en-GB or en-US")),
    }
}
