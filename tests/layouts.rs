//! Layouts end to end: each bundled layout on A4 and on Letter, on the seeds and the sample,
//! read back by pdfcheck: no FAIL, the right paper, and a sidebar that never interleaves.

mod support;

use support::*;

#[test]
fn every_layout_on_every_paper_reads_back_cleanly() {
    if !(have("pdftotext") && have("qpdf") && have("python3")) {
        return;
    }
    let Some(shared) = shared() else { return };
    let mut sources: Vec<std::path::PathBuf> = std::fs::read_dir(shared.join("corpus/seeds")).unwrap().map(|e| e.unwrap().path()).collect();
    sources.sort();
    sources.push(root().join("content/en/cv.md"));
    sources.push(root().join("content/fr/cv.md"));
    let tmp = Scratch::new("layouts");
    for src in &sources {
        for layout in ["classic", "sidebar"] {
            for (paper, name) in [("a4", "A4"), ("letter", "Letter")] {
                let pdf = tmp.path(&format!("{layout}-{paper}.pdf"));
                let run = cvpdf(&tmp.0, &["render", src.to_str().unwrap(), "--layout", layout, "--paper", paper, "-o", pdf.to_str().unwrap()]);
                let what = format!("{} / {layout} / {paper}", src.display());
                assert!(run.status.success(), "{what}: {}", String::from_utf8_lossy(&run.stderr));
                let r = pdfcheck(&shared, &pdf, src);
                assert_eq!(r["fail"], serde_json::json!([]), "{what}: {r:#}");
                assert_eq!(r["paper"], name, "{what}");
                let order = r["reading_order"].as_f64().unwrap();
                assert!(order >= 0.95, "{what}: reading order {order}");
            }
        }
    }
}

#[test]
fn the_sidebar_reads_after_the_main_column() {
    if !have("pdftotext") {
        return;
    }
    let tmp = Scratch::new("sidebar");
    let pdf = tmp.path("sb.pdf");
    let run = cvpdf(&root(), &["render", "--lang", "en", "--layout", "sidebar", "-o", pdf.to_str().unwrap()]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert_eq!(page_count(&pdf), 1, "the sample fits one page with a sidebar");
    let text = pdftotext(&pdf);
    let at = |s: &str| text.find(s).unwrap_or_else(|| panic!("`{s}` missing:\n{text}"));
    // Main column in order, then the sidebar in order: no line of one between lines of the other.
    assert!(at("Profile") < at("Experience") && at("Experience") < at("Atelier Numérique"));
    assert!(at("Atelier Numérique") < at("Education") && at("Education") < at("Certifications") && at("Languages") < at("Interests"));
}

#[test]
fn a_bad_layout_file_is_an_error_with_its_line() {
    let tmp = Scratch::new("badlayout");
    let text = std::fs::read_to_string(root().join("layouts/classic.toml")).unwrap().replace("footer_size = 8.0", "footer_size = 8.0\nfooter_colour = \"red\"");
    std::fs::write(tmp.path("mine.toml"), text).unwrap();
    let run = cvpdf(&root(), &["render", "--lang", "en", "--layout", tmp.path("mine.toml").to_str().unwrap(), "-o", tmp.path("x.pdf").to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("footer_colour") && stderr.contains("mine.toml:12:"), "{stderr}");
}
