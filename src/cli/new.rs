//! `cvpdf new`: a résumé to start from, shaped as a Hugo site's content, that renders with no
//! warning, and the CI workflow that builds its PDFs.

use std::path::{Path, PathBuf};

use cvpdf::diag::{Diagnostic, Kind};
use cvpdf::style::lang::Lang;
use cvpdf::style::layout::Layout;

use super::args::NewArgs;
use super::report::Reporter;

/// The files `new` writes, each a template with `{name}`, `{date}`, `{layout}` and
/// `{repository}` to fill in; the pages by language.
const PAGES: [(Lang, &str); 2] = [(Lang::Fr, include_str!("new/cv.fr.md")), (Lang::En, include_str!("new/cv.en.md"))];
const PROFILE: &str = include_str!("new/cvpdf.toml");
const WORKFLOW: &str = include_str!("new/workflow.yml");

/// Writes the résumé's files into `args.dir`, refusing to overwrite any, and prints what to run
/// next.
pub fn new(args: &NewArgs, reporter: &Reporter) -> u8 {
    let fail = |d: Diagnostic| {
        reporter.report(&d, None);
        d.kind.exit_status()
    };
    if let Err(d) = Layout::find(&args.layout, Path::new(".")) {
        return fail(d);
    }
    let files = files(args);
    if let Some(taken) = files.iter().map(|(p, _)| args.dir.join(p)).find(|p| p.exists()) {
        return fail(
            Diagnostic::file_error(&taken, "already exists; cvpdf new writes nothing over an existing file")
                .with_hint("choose an empty folder: cvpdf new my-cv")
                .of_kind(Kind::Usage),
        );
    }
    for (path, text) in &files {
        let path = args.dir.join(path);
        if let Err(e) = cvpdf::output::write_atomic(&path, text.as_bytes()) {
            return fail(Diagnostic::file_error(&path, format!("cannot write: {e}")));
        }
        println!("wrote {}", path.display());
    }
    let cd = if args.dir == Path::new(".") { String::new() } else { format!("cd {} && ", args.dir.display()) };
    println!("next: {cd}cvpdf render --all    (or: cvpdf watch content/{}/cv.md)", languages(args).first().map_or("en", |l| l.code()));
    0
}

fn languages(args: &NewArgs) -> Vec<Lang> {
    let mut langs: Vec<Lang> = args.lang.iter().filter_map(|l| Lang::parse(l)).collect();
    langs.dedup();
    langs
}

/// Each file to write, relative to the folder, with its text.
fn files(args: &NewArgs) -> Vec<(PathBuf, String)> {
    let name = args.name.as_deref().unwrap_or("Your Name").replace('"', "'");
    let fill = |t: &str| {
        t.replace("{name}", &name)
            .replace("{date}", &today())
            .replace("{layout}", &args.layout)
            .replace("{repository}", env!("CARGO_PKG_REPOSITORY"))
    };
    let mut out: Vec<(PathBuf, String)> = languages(args)
        .into_iter()
        .filter_map(|l| PAGES.iter().find(|(p, _)| *p == l))
        .map(|(l, text)| (Path::new("content").join(l.code()).join("cv.md"), fill(text)))
        .collect();
    out.push((PathBuf::from("cvpdf.toml"), fill(PROFILE)));
    out.push((PathBuf::from(".github/workflows/cv.yml"), fill(WORKFLOW)));
    out
}

/// Today's date (or `SOURCE_DATE_EPOCH`'s), as the pages' front matter `date`.
fn today() -> String {
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|v| v.trim().parse::<i64>().ok());
    let now = epoch.and_then(|s| jiff::Timestamp::from_second(s).ok()).unwrap_or_else(jiff::Timestamp::now);
    now.to_zoned(jiff::tz::TimeZone::UTC).date().to_string()
}
