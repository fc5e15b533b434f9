//! Shared helpers for the end-to-end tests: running the binary, finding `../shared`, and
//! reading PDFs back with poppler and qpdf.
#![allow(dead_code)]

pub mod visible;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The project root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared`: the corpus and the checking tools. The tests that read it carry
/// `#[cfg_attr(not(corpus), ignore = ...)]`: they run when CI is set (build.rs sets `corpus`)
/// or with `--include-ignored`, and fail if it is missing then.
pub fn shared() -> PathBuf {
    let dir = root().join("../shared");
    assert!(dir.join("corpus").is_dir(), "../shared/corpus is missing: the corpus tests need it beside the repository");
    dir
}

/// `../shared` when the corpus tests run (CI), for tests that also read our own pages.
pub fn shared_if_ci() -> Option<PathBuf> {
    cfg!(corpus).then(shared)
}

/// Whether a command-line tool is installed. Under CI a missing tool fails the test.
pub fn have(tool: &str) -> bool {
    let ok = Command::new(tool).arg("-v").output().is_ok();
    if !ok {
        if std::env::var_os("CI").is_some() {
            panic!("CI is set but `{tool}` is not installed (.ci/run installs poppler-utils and qpdf)");
        }
        eprintln!("notice: `{tool}` not installed; skipping the checks that need it");
    }
    ok
}

/// The bundled layouts, by name: every `layouts/*.toml`.
pub fn layouts() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root().join("layouts"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().to_string())
        .collect();
    names.sort();
    names
}

/// A scratch folder, removed when dropped.
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("cvpdf-e2e-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
    pub fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs `cvpdf` with `args` in `cwd`.
pub fn cvpdf(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cvpdf")).current_dir(cwd).args(args).output().expect("run cvpdf")
}

/// The text layer, as pdftotext reads it.
pub fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext").args(["-enc", "UTF-8"]).arg(pdf).arg("-").output().expect("pdftotext");
    assert!(out.status.success(), "pdftotext failed on {}", pdf.display());
    String::from_utf8(out.stdout).expect("UTF-8 text")
}

/// Asserts `qpdf --check` finds nothing wrong.
pub fn assert_qpdf_clean(pdf: &Path) {
    let out = Command::new("qpdf").arg("--check").arg(pdf).output().expect("qpdf");
    assert!(out.status.success(), "qpdf --check failed on {}:\n{}", pdf.display(), String::from_utf8_lossy(&out.stdout));
}

/// Asserts every font is embedded, subset and has a ToUnicode map (pdffonts' emb/sub/uni).
pub fn assert_fonts_embedded(pdf: &Path) {
    let out = Command::new("pdffonts").arg(pdf).output().expect("pdffonts");
    let text = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<&str> = text.lines().skip(2).filter(|l| !l.trim().is_empty()).collect();
    assert!(!rows.is_empty(), "no fonts in {}", pdf.display());
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert!(n >= 5, "odd pdffonts row: {row}");
        assert_eq!(&cols[n - 5..n - 2], ["yes", "yes", "yes"], "font not embedded+subset+ToUnicode: {row}");
    }
}

/// Number of pages, from pdfinfo.
pub fn page_count(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo").arg(pdf).output().expect("pdfinfo");
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines().find_map(|l| l.strip_prefix("Pages:")).and_then(|n| n.trim().parse().ok()).unwrap_or(0)
}

/// Lower-case words, as pdfcheck counts them.
pub fn words(text: &str) -> Vec<String> {
    text.to_lowercase().split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// Runs `../shared/tools/pdfcheck.py --json` and returns its report.
pub fn pdfcheck(shared: &Path, pdf: &Path, source: &Path) -> serde_json::Value {
    let out = Command::new("python3")
        .arg(shared.join("tools/pdfcheck.py"))
        .arg(pdf)
        .arg("--source")
        .arg(source)
        .arg("--json")
        .output()
        .expect("python3 pdfcheck.py");
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("pdfcheck output is not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}
