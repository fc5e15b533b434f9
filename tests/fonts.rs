//! Typefaces: each layout's families embedded and subset, the author's own fonts from a
//! `fonts/` folder, a clear error for a family nobody has, and symbols, Greek and Cyrillic set
//! from the fallback face rather than dropped.

mod support;

use std::process::Command;

use support::*;

/// `pdffonts`' font names, without their subset prefix.
fn font_names(pdf: &std::path::Path) -> Vec<String> {
    let out = Command::new("pdffonts").arg(pdf).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines().skip(2).filter_map(|l| l.split_whitespace().next()).map(|n| n.split_once('+').map_or(n, |(_, n)| n).to_string()).collect()
}

#[test]
fn each_layout_embeds_the_families_it_names() {
    if !have("pdffonts") {
        return;
    }
    let tmp = Scratch::new("families");
    for layout in layouts() {
        let text = std::fs::read_to_string(root().join(format!("layouts/{layout}.toml"))).unwrap();
        let body = text.lines().find_map(|l| l.strip_prefix("body = ")).map_or("Lato", |v| v.trim_matches('"'));
        let stem = body.replace(' ', "");
        for lang in ["fr", "en"] {
            let pdf = tmp.path(&format!("{layout}-{lang}.pdf"));
            let page = root().join(format!("content/{lang}/cv.md"));
            let run = cvpdf(&root(), &["render", page.to_str().unwrap(), "--layout", &layout, "-o", pdf.to_str().unwrap()]);
            assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
            assert_fonts_embedded(&pdf);
            let names = font_names(&pdf);
            for face in ["Regular", "Bold", "Italic"] {
                assert!(names.contains(&format!("{stem}-{face}")), "{layout} {lang}: {stem}-{face} in {names:?}");
            }
            assert!(names.iter().all(|n| n.starts_with(&stem) || n.starts_with("JetBrainsMono")), "{layout}: {names:?}");
        }
    }
}

#[test]
fn a_font_of_the_authors_own_is_embedded() {
    if !(have("pdffonts") && have("pdftotext")) {
        return;
    }
    let tmp = Scratch::new("own-font");
    let page = root().join("tests/fixtures/own-font/cv.md");
    let pdf = tmp.path("own.pdf");
    let run = cvpdf(&tmp.0, &["render", page.to_str().unwrap(), "-o", pdf.to_str().unwrap(), "--deny-warnings"]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let names = font_names(&pdf);
    assert!(names.contains(&"DejaVuSerif".to_string()), "{names:?}");
    assert!(!names.iter().any(|n| n == "Lato-Regular"), "the body is in the author's face: {names:?}");
    assert_fonts_embedded(&pdf);
    assert!(pdftotext(&pdf).contains("Conception d’outils internes"));
    // --font-path reads a folder anywhere.
    std::fs::write(tmp.path("cv.md"), std::fs::read_to_string(&page).unwrap()).unwrap();
    std::fs::write(tmp.path("cvpdf.toml"), "[fonts]\nheadings = \"DejaVu Serif\"\n").unwrap();
    let fonts = root().join("tests/fixtures/own-font/fonts");
    let run = cvpdf(&tmp.0, &["render", "cv.md", "--font-path", fonts.to_str().unwrap(), "-o", "path.pdf"]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let names = font_names(&tmp.path("path.pdf"));
    assert!(names.contains(&"DejaVuSerif".to_string()) && names.contains(&"Lato-Regular".to_string()), "{names:?}");
}

#[test]
fn a_family_nobody_has_is_an_error_that_lists_those_found() {
    let tmp = Scratch::new("no-family");
    std::fs::write(tmp.path("cv.md"), "---\ntitle: Ada Example\nlang: en\n---\n\n## Experience\n\nHello.\n").unwrap();
    std::fs::write(tmp.path("cvpdf.toml"), "name = \"Ada Example\"\n\n[fonts]\nbody = \"Garamondo Pro\"\n").unwrap();
    let run = cvpdf(&tmp.0, &["render", "cv.md", "-o", "x.pdf"]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("no font family `Garamondo Pro`"), "{stderr}");
    for family in ["Lato", "Noto Serif", "JetBrains Mono", "DejaVu Sans"] {
        assert!(stderr.contains(family), "lists {family}: {stderr}");
    }
    assert!(stderr.contains("cvpdf.toml:4:"), "at the line that names it: {stderr}");
    assert!(!tmp.path("x.pdf").exists());
}

#[test]
fn symbols_greek_and_cyrillic_are_set_not_dropped() {
    if !have("pdftotext") {
        return;
    }
    let tmp = Scratch::new("symbols");
    let page = root().join("tests/fixtures/symbols.md");
    for layout in layouts() {
        let pdf = tmp.path(&format!("{layout}.pdf"));
        let run = cvpdf(&tmp.0, &["render", page.to_str().unwrap(), "--layout", &layout, "-o", pdf.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(run.status.success() && !stderr.contains("glyph") && !stderr.contains("left out"), "{layout}: {stderr}");
        let text = pdftotext(&pdf);
        for word in ["→", "✓", "★★★", "Αθηνά", "Παπαδοπούλου", "Иван", "Петров", "←", "✔", "✗", "λόγος", "Москва"]
        {
            assert!(text.contains(word), "{layout}: {word} in\n{text}");
        }
        assert!(!text.contains('?'), "{layout}: nothing shown as ?");
    }
}
