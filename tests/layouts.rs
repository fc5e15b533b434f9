//! Layouts end to end: each bundled layout on A4 and on Letter, on the seeds and the sample,
//! read back by pdfcheck: no FAIL, the right paper, and a sidebar that never interleaves.

mod support;

use support::*;

#[test]
#[cfg_attr(not(corpus), ignore = "reads ../shared: runs when CI is set")]
fn every_layout_on_every_paper_reads_back_cleanly() {
    if !(have("pdftotext") && have("qpdf") && have("python3")) {
        return;
    }
    let shared = shared();
    let mut sources: Vec<std::path::PathBuf> = std::fs::read_dir(shared.join("corpus/seeds")).unwrap().map(|e| e.unwrap().path()).collect();
    sources.sort();
    sources.push(root().join("content/en/cv.md"));
    sources.push(root().join("content/fr/cv.md"));
    let tmp = Scratch::new("layouts");
    for src in &sources {
        for layout in layouts() {
            let layout = layout.as_str();
            for (paper, name) in [("a4", "A4"), ("letter", "Letter")] {
                let pdf = tmp.path(&format!("{layout}-{paper}.pdf"));
                let run =
                    cvpdf(&tmp.0, &["render", src.to_str().unwrap(), "--layout", layout, "--paper", paper, "-o", pdf.to_str().unwrap()]);
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
    let text = std::fs::read_to_string(root().join("layouts/classic.toml"))
        .unwrap()
        .replace("footer_size = 8.0", "footer_size = 8.0\nfooter_colour = \"red\"");
    let line = text.lines().position(|l| l.starts_with("footer_colour")).unwrap() + 1;
    std::fs::write(tmp.path("mine.toml"), text).unwrap();
    let run = cvpdf(
        &root(),
        &["render", "--lang", "en", "--layout", tmp.path("mine.toml").to_str().unwrap(), "-o", tmp.path("x.pdf").to_str().unwrap()],
    );
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("footer_colour") && stderr.contains(&format!("mine.toml:{line}:")), "{stderr}");
}

/// The image XObjects of a PDF: (filter, width, height, has an SMask).
fn images(pdf: &std::path::Path) -> Vec<(String, i64, i64, bool)> {
    let doc = lopdf::Document::load(pdf).unwrap();
    let mut out = Vec::new();
    for (_, obj) in doc.objects.iter() {
        if let Ok(s) = obj.as_stream()
            && s.dict.get(b"Subtype").and_then(|v| v.as_name()).ok() == Some(b"Image".as_slice())
            && s.dict.get(b"ColorSpace").and_then(|v| v.as_name()).ok() != Some(b"DeviceGray".as_slice())
        {
            let filter =
                s.dict.get(b"Filter").and_then(|v| v.as_name()).map(|n| String::from_utf8_lossy(n).to_string()).unwrap_or_default();
            let w = s.dict.get(b"Width").and_then(|v| v.as_i64()).unwrap_or(0);
            let h = s.dict.get(b"Height").and_then(|v| v.as_i64()).unwrap_or(0);
            out.push((filter, w, h, s.dict.has(b"SMask")));
        }
    }
    out
}

#[test]
fn the_sample_photo_is_a_passed_through_jpeg_embedded_once() {
    let tmp = Scratch::new("photo");
    let pdf = tmp.path("fr.pdf");
    let run = cvpdf(&root(), &["render", "--lang", "fr", "-o", pdf.to_str().unwrap()]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert_eq!(images(&pdf), vec![("DCTDecode".to_string(), 240, 240, false)]);
    let jpeg = std::fs::read(root().join("content/avatar.jpg")).unwrap();
    let doc = lopdf::Document::load(&pdf).unwrap();
    let embedded = doc.objects.values().filter_map(|o| o.as_stream().ok()).any(|s| s.content == jpeg);
    assert!(embedded, "the JPEG bytes are embedded as they are");
}

#[test]
fn photos_from_png_beside_the_page_remote_and_outside_the_site() {
    let tmp = Scratch::new("photos");
    let site = tmp.path("site");
    std::fs::create_dir_all(site.join("content/en")).unwrap();
    std::fs::create_dir_all(site.join("static/img")).unwrap();
    std::fs::copy(root().join("tests/fixtures/avatar.png"), site.join("static/img/me.png")).unwrap();
    std::fs::copy(root().join("tests/fixtures/avatar.png"), tmp.path("outside.png")).unwrap();
    let page = |src: &str| format!("---\ntitle: Sam\n---\n{{{{< figure class=\"avatar\" src=\"{src}\" >}}}}\n\n## Work\n\nThings.\n");
    let cv = site.join("content/en/cv.md");
    let render = |name: &str| {
        let pdf = tmp.path(name);
        let run = cvpdf(&tmp.0, &["render", cv.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        (pdf, String::from_utf8_lossy(&run.stderr).to_string())
    };
    std::fs::write(&cv, page("/img/me.png")).unwrap();
    let (pdf, stderr) = render("png.pdf");
    assert_eq!(images(&pdf), vec![("FlateDecode".to_string(), 240, 240, false)], "{stderr}");
    for (src, says) in [
        ("https://example.com/me.jpg", "never reads the network"),
        ("../../../outside.png", "outside the site"),
        ("/etc/passwd", "does not exist"),
    ] {
        std::fs::write(&cv, page(src)).unwrap();
        let (pdf, stderr) = render("refused.pdf");
        assert!(images(&pdf).is_empty(), "{src}");
        assert!(stderr.contains(says) && stderr.contains("cv.md:4:1"), "{src}: {stderr}");
    }
}
