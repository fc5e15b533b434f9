//! The everyday loop, as a new user meets it: `new`, `render --all --manifest`, `watch`, PNG
//! pictures of the pages, completions, checked layouts and dates, and messages that say what
//! to do.

mod support;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::*;

#[test]
fn new_writes_a_resume_that_renders_without_a_warning() {
    let tmp = Scratch::new("new");
    let run = cvpdf(&tmp.0, &["new", "cv", "--name", "Test Person"]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(stdout.contains("next: cd cv && cvpdf render --all"), "{stdout}");
    let dir = tmp.path("cv");
    for f in ["content/fr/cv.md", "content/en/cv.md", "cvpdf.toml", ".github/workflows/cv.yml"] {
        assert!(dir.join(f).is_file(), "{f}");
    }
    let workflow = std::fs::read_to_string(dir.join(".github/workflows/cv.yml")).unwrap();
    assert!(workflow.contains("cvpdf render --all") && workflow.contains("upload-artifact"), "{workflow}");

    let run = cvpdf(&dir, &["render", "--all", "--deny-warnings", "--manifest", "out/manifest.json"]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success() && stderr.is_empty(), "no warning, no note: {stderr}");
    let manifest: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.join("out/manifest.json")).unwrap()).unwrap();
    let files: Vec<(&str, &str)> =
        manifest.as_array().unwrap().iter().map(|w| (w["file"].as_str().unwrap(), w["lang"].as_str().unwrap())).collect();
    assert_eq!(files.len(), 6, "{manifest}");
    for (file, lang) in files {
        assert!(dir.join(file).is_file() && file.starts_with(&format!("cv.{lang}")), "{file}");
    }
    if have("pdftotext") {
        let text = pdftotext(&dir.join("cv.fr.pdf"));
        assert!(text.contains("Test Person") && text.contains("Expérience"), "{text}");
    }

    // Nothing is written over an existing file.
    let before = std::fs::read(dir.join("content/fr/cv.md")).unwrap();
    let run = cvpdf(&tmp.0, &["new", "cv", "--name", "Other"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("already exists"));
    assert_eq!(std::fs::read(dir.join("content/fr/cv.md")).unwrap(), before);
}

#[test]
fn all_prints_a_page_s_warnings_once_and_counts_them_in_every_file() {
    let tmp = Scratch::new("all-warned");
    let page = "---\ntitle: Ada Example\nlang: en\n---\n\n## Experience\n\n![me](missing.png)\n\nFirst version.\n";
    std::fs::write(tmp.path("cv.md"), page).unwrap();
    let run = cvpdf(&tmp.0, &["render", "--all", "--manifest", "m.json", "cv.md"]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    assert_eq!(stderr.matches("image `missing.png` is left out").count(), 1, "{stderr}");
    assert_eq!(stderr.matches("cv.md:8:1").count(), 1, "{stderr}");
    let manifest: serde_json::Value = serde_json::from_slice(&std::fs::read(tmp.path("m.json")).unwrap()).unwrap();
    let counts: Vec<u64> = manifest.as_array().unwrap().iter().map(|w| w["warnings"].as_u64().unwrap()).collect();
    assert_eq!(counts, [1, 1, 1], "{manifest}");

    // `watch` counts it once too, in the line it prints after each render.
    std::fs::remove_file(tmp.path("cv.en.2p.pdf")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_cvpdf"))
        .current_dir(&tmp.0)
        .args(["watch", "--all", "cv.md"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    assert!(within(Duration::from_secs(10), || tmp.path("cv.en.2p.pdf").is_file()).is_some(), "the first render");
    std::thread::sleep(Duration::from_millis(300));
    let _ = child.kill();
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    let _ = child.wait();
    assert!(stderr.contains("rendered cv.md in") && stderr.contains(" ms, 1 warning\n"), "{stderr}");
}

/// Polls `check` every 20 ms until it holds or `limit` passes; how long it took.
fn within(limit: Duration, mut check: impl FnMut() -> bool) -> Option<Duration> {
    let start = Instant::now();
    while start.elapsed() < limit {
        if check() {
            return Some(start.elapsed());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    None
}

#[test]
fn watch_renders_again_on_save_and_keeps_the_last_good_pdf() {
    if !have("pdftotext") {
        return;
    }
    let tmp = Scratch::new("watch");
    let page = tmp.path("cv.md");
    std::fs::write(&page, "---\ntitle: Ada Example\nlang: en\n---\n\n## Experience\n\nFirst version.\n").unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_cvpdf"))
        .current_dir(&tmp.0)
        .args(["watch", "cv.md", "-o", "cv.pdf"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pdf = tmp.path("cv.pdf");
    let has = |word: &str| pdf.is_file() && pdftotext(&pdf).contains(word);
    assert!(within(Duration::from_secs(10), || has("First")).is_some(), "the first render");
    // Give the watcher a moment to be in place before the change.
    std::thread::sleep(Duration::from_millis(300));
    std::fs::write(&page, "---\ntitle: Ada Example\nlang: en\n---\n\n## Experience\n\nSecond version.\n").unwrap();
    let took = within(Duration::from_secs(5), || has("Second"));
    eprintln!("re-rendered after {took:?}");
    assert!(took.is_some(), "the saved change reaches the PDF");
    // A broken page: the error is shown and the last good PDF stays.
    std::fs::write(&page, "---\ntitle: Ada Example\ndate: 2025-02-31\n---\n\nBroken.\n").unwrap();
    std::thread::sleep(Duration::from_millis(800));
    assert!(has("Second"), "the last good PDF is kept");
    let _ = Command::new("kill").args(["-INT", &child.id().to_string()]).status();
    std::fs::write(&page, "touch\n").unwrap();
    let stopped = within(Duration::from_secs(5), || child.try_wait().ok().flatten().is_some());
    if stopped.is_none() {
        let _ = child.kill();
    }
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert!(stopped.is_some(), "Ctrl-C stops it: {stderr}");
    assert!(stderr.contains("cv.md:3:") && stderr.contains("the last good files are kept"), "{stderr}");
}

/// The ink in each band of `band` rows of a PNG: its mean darkness, from 0 (white) to 1
/// (black). Unlike a count of pixels past a threshold, it does not depend on how each
/// rasteriser spreads a glyph's edges over pixels (anti-aliasing, hinting).
fn dark_bands(png: &Path, band: usize) -> (u32, u32, Vec<f64>) {
    let decoder = png::Decoder::new(std::fs::File::open(png).unwrap());
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let (w, h) = (info.width as usize, info.height as usize);
    let dark = |row: usize| {
        let line = &buf[row * info.line_size..row * info.line_size + w * channels];
        line.chunks(channels).map(|p| 1.0 - p.iter().take(3).map(|&c| f64::from(c)).sum::<f64>() / (3.0 * 255.0)).sum::<f64>()
    };
    let bands = (0..h).step_by(band).map(|r| (r..(r + band).min(h)).map(dark).sum::<f64>() / (band * w) as f64).collect();
    (info.width, info.height, bands)
}

#[test]
fn png_pictures_match_poppler() {
    if !have("pdftoppm") {
        return;
    }
    let tmp = Scratch::new("png");
    let page = root().join("content/en/cv.md");
    for layout in layouts() {
        let layout = layout.as_str();
        let pdf = tmp.path(&format!("{layout}.pdf"));
        let png = tmp.path(&format!("{layout}-{{p}}.png"));
        for (out, emit) in [(&pdf, "pdf"), (&png, "png")] {
            let run = cvpdf(
                &root(),
                &["render", page.to_str().unwrap(), "--layout", layout, "--format", emit, "--dpi", "72", "-o", out.to_str().unwrap()],
            );
            assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        }
        let pages = page_count(&pdf);
        for n in 1..=pages {
            let ours = tmp.path(&format!("{layout}-{n}.png"));
            assert!(ours.is_file(), "one PNG a page: {}", ours.display());
            let theirs = tmp.path(&format!("poppler-{layout}"));
            let status = Command::new("pdftoppm")
                .args(["-r", "72", "-png", "-singlefile", "-f", &n.to_string(), "-l", &n.to_string()])
                .arg(&pdf)
                .arg(&theirs)
                .status()
                .unwrap();
            assert!(status.success());
            let (a, b) = (dark_bands(&ours, 12), dark_bands(&theirs.with_extension("png"), 12));
            assert_eq!((a.0, a.1), (b.0, b.1), "the same size as poppler's at 72 dpi");
            assert_eq!((a.0, a.1), (596, 842), "A4 at 72 dpi, rounded up");
            let worst = a.2.iter().zip(&b.2).map(|(x, y)| (x - y).abs()).fold(0.0, f64::max);
            eprintln!("{layout} page {n}: ink per 12-row band differs by {worst:.4} at most");
            for (i, (x, y)) in a.2.iter().zip(&b.2).enumerate() {
                assert!((x - y).abs() < 0.03, "{layout} page {n}, rows {}–{}: {x:.3} dark here, {y:.3} in poppler's", i * 12, i * 12 + 11);
            }
        }
    }
    // Several pages without {p}: -1, -2… before the extension.
    let run =
        cvpdf(&tmp.0, &["render", root().join("content/fr/cv.md").to_str().unwrap(), "--format", "png", "--dpi", "40", "-o", "fr.png"]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(tmp.path("fr-1.png").is_file() && tmp.path("fr-2.png").is_file() && !tmp.path("fr.png").exists());
}

#[test]
fn completions_man_page_and_schemas() {
    let run = cvpdf(&root(), &["completions", "bash"]);
    let script = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success() && script.contains("complete -F _cvpdf") && script.contains("--pages"), "{script}");
    let run = cvpdf(&root(), &["man"]);
    assert!(String::from_utf8_lossy(&run.stdout).contains(".TH cvpdf 1"));
    // The shipped schemas are the ones the types give.
    for (of, file) in [("layout", "layouts/layout.schema.json"), ("config", "content/cvpdf.schema.json")] {
        let run = cvpdf(&root(), &["schema", of]);
        let shipped = std::fs::read_to_string(root().join(file)).unwrap();
        assert!(String::from_utf8_lossy(&run.stdout) == shipped, "{file} is stale: cvpdf schema {of} > {file}");
    }
}

fn schema_of(file: &str) -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(root().join(file)).unwrap()).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

fn toml_as_json(path: &Path) -> serde_json::Value {
    toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn the_schemas_accept_the_bundled_files_and_refuse_mistakes() {
    let schema = schema_of("layouts/layout.schema.json");
    for name in layouts() {
        let layout = toml_as_json(&root().join(format!("layouts/{name}.toml")));
        let errors: Vec<String> = schema.iter_errors(&layout).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
        let mut bad = layout.clone();
        bad["page"]["margin_top"] = serde_json::json!(-5.0);
        assert!(!schema.is_valid(&bad), "a negative margin");
        let mut bad = layout.clone();
        bad["colors"]["accent"] = serde_json::json!("blue");
        assert!(!schema.is_valid(&bad), "a colour name");
        let mut bad = layout;
        bad["page"]["margn_top"] = serde_json::json!(5.0);
        assert!(!schema.is_valid(&bad), "an unknown key");
    }
    let config = schema_of("content/cvpdf.schema.json");
    let sample = toml_as_json(&root().join("content/cvpdf.toml"));
    assert!(config.is_valid(&sample), "{:?}", config.iter_errors(&sample).map(|e| e.to_string()).collect::<Vec<_>>());
    assert!(!config.is_valid(&serde_json::json!({ "emial": "x" })));
}

/// A copy of the classic layout with one line changed, rendered with the sample: the status and
/// what was said.
fn render_with_layout(tmp: &Scratch, from: &str, to: &str) -> (Option<i32>, String) {
    let text = std::fs::read_to_string(root().join("layouts/classic.toml")).unwrap();
    assert!(text.contains(from));
    std::fs::write(tmp.path("mine.toml"), text.replace(from, to)).unwrap();
    let layout = tmp.path("mine.toml");
    let run = cvpdf(&root(), &["render", "--lang", "en", "--layout", layout.to_str().unwrap(), "-o", tmp.path("x.pdf").to_str().unwrap()]);
    (run.status.code(), String::from_utf8_lossy(&run.stderr).to_string())
}

#[test]
fn wrong_colours_lengths_and_dates_are_errors_at_their_line() {
    let tmp = Scratch::new("strict");
    let text = std::fs::read_to_string(root().join("layouts/classic.toml")).unwrap();
    let line_of = |key: &str| text.lines().position(|l| l.starts_with(key)).unwrap() + 1;
    let accent = text.lines().find(|l| l.starts_with("accent = ")).unwrap().to_string();
    let (status, stderr) = render_with_layout(&tmp, &accent, "accent = \"blue\"");
    assert_eq!(status, Some(2), "{stderr}");
    assert!(stderr.contains(&format!("mine.toml:{}:", line_of("accent"))) && stderr.contains("#0000ff"), "{stderr}");
    let margin = text.lines().find(|l| l.starts_with("margin_top = ")).unwrap().to_string();
    let (status, stderr) = render_with_layout(&tmp, &margin, "margin_top = -5.0");
    assert_eq!(status, Some(2), "{stderr}");
    assert!(stderr.contains(&format!("mine.toml:{}:", line_of("margin_top"))) && stderr.contains("not a length"), "{stderr}");
    assert!(!tmp.path("x.pdf").exists());
    let left = text.lines().find(|l| l.starts_with("margin_left = ")).unwrap().to_string();
    let (status, stderr) = render_with_layout(&tmp, &left, "margin_left = 500.0");
    assert_eq!(status, Some(2), "{stderr}");
    assert!(stderr.contains("the margins leave"), "{stderr}");

    let page = tmp.path("cv.md");
    std::fs::write(&page, "+++\ntitle = \"Ada Example\"\ndate = 2025-02-31\n+++\n\nHello.\n").unwrap();
    let run = cvpdf(&tmp.0, &["render", "cv.md", "--lang", "fr"]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("cv.md:3:"), "{stderr}");
}

#[test]
fn messages_say_what_to_do() {
    let tmp = Scratch::new("messages");
    std::fs::create_dir_all(tmp.path("content/en")).unwrap();
    std::fs::write(tmp.path("content/en/cv.md"), "---\ntitle: Ada Example\n---\n\n## Experience\n\nHello.\n").unwrap();
    let said = |args: &[&str]| {
        let run = cvpdf(&tmp.0, args);
        (run.status.code(), String::from_utf8_lossy(&run.stderr).to_string())
    };
    let (status, stderr) = said(&["render", "--lang", "fr"]);
    assert_eq!(status, Some(2));
    assert!(stderr.contains("no page for language `fr`") && stderr.contains("cv.fr.md") && stderr.contains("content/fr/"), "{stderr}");
    let (status, stderr) = said(&["render", "--all", "-o", "x.pdf"]);
    assert_eq!(status, Some(2));
    assert!(stderr.contains("'--all' cannot be used with '--output"), "{stderr}");
    assert!(!stderr.contains("--lang"), "no hint --all refuses: {stderr}");
    // A missing output folder is created.
    let (status, stderr) = said(&["render", "-o", "dist/pdf/cv.pdf"]);
    assert_eq!(status, Some(0), "{stderr}");
    assert!(tmp.path("dist/pdf/cv.pdf").is_file());
    // Argument errors in JSON when JSON is asked for.
    let (status, stderr) = said(&["render", "--message-format", "json", "--pages", "3"]);
    assert_eq!(status, Some(2));
    let d: serde_json::Value = serde_json::from_str(stderr.lines().next().unwrap()).unwrap();
    assert_eq!(d["severity"], "error");
    assert!(d["message"].as_str().unwrap().contains("--pages"), "{d}");
    // Help lists what --lang takes.
    let run = cvpdf(&tmp.0, &["render", "--help"]);
    let help = String::from_utf8_lossy(&run.stdout);
    assert!(help.contains("en-GB") && help.contains("standard input") && help.contains("standard output"), "{help}");
}

#[test]
fn a_page_on_standard_input_and_a_pdf_on_standard_output() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cvpdf"))
        .args(["render", "-", "--lang", "en", "-o", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"---\ntitle: Ada Example\n---\n\n## Experience\n\nFrom a pipe.\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.starts_with(b"%PDF-"));
    if have("pdftotext") {
        let tmp = Scratch::new("stdio");
        std::fs::write(tmp.path("x.pdf"), &out.stdout).unwrap();
        assert!(pdftotext(&tmp.path("x.pdf")).contains("From a pipe."));
    }
}
