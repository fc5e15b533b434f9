//! Nothing is silently lost: every word a reader of the page's web version would see is in the
//! PDF's text layer, or on a source line that a diagnostic (warning or note) points at. Run on
//! the bundled sample, the fixtures and, under CI, every page of `../shared/corpus`.

mod support;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use support::visible::{visible_words, words};
use support::*;

/// The source lines diagnostics point at (their whole span, when it is short).
fn covered_lines(stderr: &str) -> Vec<usize> {
    let mut lines = Vec::new();
    for l in stderr.lines() {
        let Ok(d) = serde_json::from_str::<serde_json::Value>(l) else { continue };
        let (Some(a), Some(b)) = (d["line"].as_u64(), d["end_line"].as_u64()) else { continue };
        let b = if b - a > 15 { a } else { b };
        lines.extend((a as usize)..=(b as usize));
    }
    lines
}

/// The words of `page` neither in its PDF nor on a line a diagnostic names, with their lines.
/// `None` when the page failed with an error that names it (a page cvpdf refuses is not a
/// silent loss).
fn lost_words(page: &Path, tmp: &Scratch, n: usize) -> Option<Vec<(String, Vec<usize>)>> {
    let pdf = tmp.path(&format!("{n}.pdf"));
    let run = cvpdf(&tmp.0, &["render", page.to_str().unwrap(), "-o", pdf.to_str().unwrap(), "--message-format", "json"]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    if !run.status.success() {
        let name = page.file_name().unwrap().to_string_lossy();
        assert!(
            stderr.contains("\"error\"") && stderr.contains(&*name),
            "{}: failed without an error naming it:\n{stderr}",
            page.display()
        );
        return None;
    }
    let mut have: HashMap<String, usize> = HashMap::new();
    for w in words(&pdftotext(&pdf)) {
        *have.entry(w).or_default() += 1;
    }
    let source = std::fs::read_to_string(page).unwrap();
    let seen = visible_words(&source);
    let covered = covered_lines(&stderr);
    let mut need: HashMap<&str, Vec<usize>> = HashMap::new();
    for (w, line) in &seen {
        need.entry(w.as_str()).or_default().push(*line);
    }
    let mut lost: Vec<(String, Vec<usize>)> = need
        .into_iter()
        .filter_map(|(w, lines)| {
            let missing = lines.len().saturating_sub(have.get(w).copied().unwrap_or(0));
            let warned = lines.iter().filter(|l| covered.contains(l)).count();
            (missing > warned).then(|| (w.to_string(), lines))
        })
        .collect();
    lost.sort();
    Some(lost)
}

fn pages_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(pages_under(&p));
        } else if p.extension().is_some_and(|x| x == "md" || x == "txt") {
            out.push(p);
        }
    }
    out.sort();
    out
}

fn assert_nothing_lost(pages: &[PathBuf], name: &str) {
    let tmp = Scratch::new(name);
    let mut report = Vec::new();
    for (n, page) in pages.iter().enumerate() {
        if let Some(lost) = lost_words(page, &tmp, n)
            && !lost.is_empty()
        {
            let list: Vec<String> = lost.iter().take(12).map(|(w, l)| format!("{w} (line {})", l[0])).collect();
            report.push(format!("{}: {} word(s) lost: {}", page.display(), lost.len(), list.join(", ")));
        }
    }
    assert!(report.is_empty(), "words neither in the PDF nor named in a diagnostic:\n{}", report.join("\n"));
}

#[test]
fn the_sample_and_the_fixtures_lose_nothing() {
    if !have("pdftotext") {
        return;
    }
    let mut pages = pages_under(&root().join("content"));
    pages.extend(pages_under(&root().join("tests/fixtures")));
    assert!(pages.len() >= 6, "{pages:?}");
    assert_nothing_lost(&pages, "loss-own");
}

#[test]
#[cfg_attr(not(corpus), ignore = "reads ../shared: runs when CI is set")]
fn the_corpus_loses_nothing() {
    let shared = shared();
    if !have("pdftotext") {
        return;
    }
    let pages = pages_under(&shared.join("corpus"));
    assert!(pages.len() >= 30, "the corpus: {} pages", pages.len());
    assert_nothing_lost(&pages, "loss-corpus");
}

#[test]
fn the_visible_words_reader_reads_what_a_web_page_shows() {
    let md = "+++\ntitle = \"Jane Doe\"\nlayout = \"cv\"\n+++\n## Work {.optional}\n{{< job title=\"Lead\" class=\"x\" >}}\n[site](https://x.org) ![me](me.png) <b>bold</b> &amp;\n<!-- hidden -->\n[1]: https://ref\n";
    let seen = visible_words(md);
    let w: Vec<&str> = seen.iter().map(|(w, _)| w.as_str()).collect();
    assert_eq!(w, ["jane", "doe", "work", "lead", "site", "bold"]);
    assert_eq!(seen[3].1, 6, "words keep their source line");
}
