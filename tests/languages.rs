//! Languages end to end: finding the variant the way Hugo does, French typography in the text
//! layer, and `/Lang`.

mod support;

use support::*;

/// Every `; : ! ? »` in French text has a no-break space before it, and `«` one after it; URLs,
/// times and code are exempt (the fixture's code line is skipped by its label).
fn assert_french_spacing(text: &str) {
    let chars: Vec<char> = text.chars().collect();
    let mut checked = 0;
    for line in text.lines().filter(|l| !l.starts_with("Code")) {
        let cs: Vec<char> = line.chars().collect();
        for (i, &c) in cs.iter().enumerate() {
            let prev = i.checked_sub(1).map(|p| cs[p]);
            let next = cs.get(i + 1).copied();
            let exempt = (c == ':' && (next == Some('/') || prev.is_some_and(|p| p.is_ascii_digit())))
                || (c == '?' && prev.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric))
                || (matches!(c, '!' | '?' | ';') && matches!(prev, Some('!' | '?' | ';')));
            if matches!(c, ';' | ':' | '!' | '?' | '»') && !exempt && i > 0 {
                assert!(matches!(prev, Some('\u{A0}' | '\u{202F}')), "no no-break space before {c:?} in: {line:?}");
                checked += 1;
            }
            if c == '«' {
                assert!(matches!(next, Some('\u{A0}' | '\u{202F}')), "no no-break space after « in: {line:?}");
            }
        }
    }
    assert!(checked >= 5, "the text has French punctuation to check ({checked}): {chars:?}");
}

#[test]
fn french_typography_reaches_the_text_layer() {
    if !(have("pdftotext") && have("qpdf")) {
        return;
    }
    let tmp = Scratch::new("typo-fr");
    let pdf = tmp.path("fr.pdf");
    let run = cvpdf(&root(), &["render", "tests/fixtures/typo-fr.md", "-o", pdf.to_str().unwrap()]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let text = pdftotext(&pdf);
    assert_french_spacing(&text);
    for want in [
        "«\u{A0}la qualité d’abord\u{A0}»",
        "4\u{202F}500 km",
        "99,9\u{202F}%",
        "10:30",
        "https://exemple.fr/cv?lang=fr",
        "make test; ./run --x=1:2",
        "mis à jour le 5 novembre 2024",
    ] {
        assert!(text.contains(want), "`{want}` not in:\n{text}");
    }
    assert!(!text.contains(" \u{A0}") && !text.contains("\u{A0}\u{A0}"), "doubled spaces:\n{text:?}");
    assert_eq!(lang_of(&pdf), "fr-FR");
}

#[test]
fn the_french_sample_follows_french_typography() {
    if !have("pdftotext") {
        return;
    }
    let tmp = Scratch::new("sample-fr");
    let pdf = tmp.path("fr.pdf");
    let run = cvpdf(&root(), &["render", "--lang", "fr", "-o", pdf.to_str().unwrap()]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert_french_spacing(&pdftotext(&pdf));
}

#[test]
fn english_gets_no_french_spaces_and_british_dates() {
    if !(have("pdftotext") && have("qpdf")) {
        return;
    }
    let tmp = Scratch::new("typo-en");
    let pdf = tmp.path("en.pdf");
    let run = cvpdf(&root(), &["render", "tests/fixtures/typo-en.md", "-o", pdf.to_str().unwrap()]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let text = pdftotext(&pdf);
    assert!(!text.contains('\u{202F}') && !text.contains('\u{A0}'), "French spaces in English:\n{text:?}");
    for want in ["2015; she said “quality first” and means it. Really! Why?", "Skills: Rust", "99.9%", "updated 5 November 2024"] {
        assert!(text.split_whitespace().collect::<Vec<_>>().join(" ").contains(want), "`{want}` not in:\n{text}");
    }
    assert_eq!(lang_of(&pdf), "en-GB");
    // The same page as US English: the date and /Lang follow.
    let us = tmp.path("us.pdf");
    let run = cvpdf(&root(), &["render", "tests/fixtures/typo-en.md", "--lang", "en-US", "-o", us.to_str().unwrap()]);
    assert!(run.status.success());
    assert!(pdftotext(&us).contains("updated November 5, 2024"));
    assert_eq!(lang_of(&us), "en-US");
}

/// The catalog's `/Lang`.
fn lang_of(pdf: &std::path::Path) -> String {
    let doc = lopdf::Document::load(pdf).unwrap();
    let lang = doc.catalog().unwrap().get(b"Lang").unwrap();
    let bytes = lang.as_str().unwrap();
    if bytes.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> = bytes[2..].chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
        String::from_utf16(&units).unwrap()
    } else {
        String::from_utf8_lossy(bytes).to_string()
    }
}

#[test]
fn picks_the_variant_in_hugo_shaped_trees() {
    let tmp = Scratch::new("hugo");
    let page = |lang: &str, title: &str| format!("---\ntitle: \"{title}\"\nlang: {lang}\n---\n## X\n\nText.\n");
    // content/fr + content/en
    let site = tmp.path("site");
    for (l, t) in [("fr", "Titre français"), ("en", "English title")] {
        std::fs::create_dir_all(site.join("content").join(l)).unwrap();
        std::fs::write(site.join("content").join(l).join("_index.md"), page(l, t)).unwrap();
    }
    // cv.fr.md beside cv.en.md
    let flat = tmp.path("flat");
    std::fs::create_dir_all(&flat).unwrap();
    std::fs::write(flat.join("cv.fr.md"), page("fr", "Titre plat")).unwrap();
    std::fs::write(flat.join("cv.en.md"), page("en", "Flat title")).unwrap();
    std::fs::write(flat.join("notes.md"), "# notes\n").unwrap();
    // Hugo's contentDir per language, in hugo.toml.
    let configured = tmp.path("configured");
    std::fs::create_dir_all(configured.join("pages/francais")).unwrap();
    std::fs::write(
        configured.join("hugo.toml"),
        "[languages.fr]\ncontentDir = \"pages/francais\"\n[languages.en]\ncontentDir = \"pages/english\"\n",
    )
    .unwrap();
    std::fs::write(configured.join("pages/francais/cv.md"), page("fr", "Titre configuré")).unwrap();
    for (dir, want) in [(&site, "Titre français"), (&flat, "Titre plat"), (&configured, "Titre configuré")] {
        let out = cvpdf(&tmp.0, &["render", dir.to_str().unwrap(), "--lang", "fr", "--emit", "layout", "-o", "-"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let dump = String::from_utf8(out.stdout).unwrap();
        assert!(dump.contains(want), "{}: {dump}", dir.display());
    }
    // A missing variant is an error that lists what was found.
    let out = cvpdf(&flat, &["render", ".", "--lang", "en-GB", "--emit", "layout", "-o", "-"]);
    assert!(out.status.success(), "en-GB finds the en page: {}", String::from_utf8_lossy(&out.stderr));
    std::fs::remove_file(flat.join("cv.en.md")).unwrap();
    let out = cvpdf(&flat, &["render", ".", "--lang", "en"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cv.fr.md") && stderr.contains("notes.md"), "lists what was found: {stderr}");
}

#[test]
fn check_compares_the_variants() {
    let run = cvpdf(&root(), &["check"]);
    assert_eq!(run.status.code(), Some(0), "the sample's variants agree: {}", String::from_utf8_lossy(&run.stderr));
    let tmp = Scratch::new("check");
    std::fs::write(tmp.path("cv.fr.md"), "## Expérience\n### Chef, X\n#### 2021\n### Dev, Y\n#### 2018\n## Formation\n").unwrap();
    std::fs::write(tmp.path("cv.en.md"), "## Experience\n### Lead, X\n#### 2021\n## Education\n").unwrap();
    let run = cvpdf(&tmp.0, &["check", "."]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("'Dev, Y' (2018) has no counterpart") && stderr.contains("cv.fr.md:4:1"), "{stderr}");
    assert!(stderr.contains("in section 'Experience' of the en variant"), "names the other side: {stderr}");
}
