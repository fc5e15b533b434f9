//! From a web page to a printed page: HTML read as structure, web-only content left out, links
//! that work on paper, Hugo's typographer, sites found the way Hugo lays them out, and inputs that
//! are not pages refused.

mod support;

use std::path::Path;

use support::visible::{visible_words, words};
use support::*;

fn render(page: &Path, tmp: &Scratch, name: &str) -> (std::path::PathBuf, String) {
    let pdf = tmp.path(name);
    let run = cvpdf(&tmp.0, &["render", page.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
    assert!(run.status.success(), "{}: {}", page.display(), String::from_utf8_lossy(&run.stderr));
    (pdf, String::from_utf8_lossy(&run.stderr).to_string())
}

/// The share of the visible words of the page's body (front matter aside: what cvpdf does not
/// print of it is said in notes) found in the PDF's text, a word per occurrence; and the words
/// missing.
fn recall(page: &Path, text: &str) -> (f64, Vec<String>) {
    let mut have: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for w in words(text) {
        *have.entry(w).or_default() += 1;
    }
    let source = std::fs::read_to_string(page).unwrap();
    let fence = source.lines().next().unwrap_or("").trim().to_string();
    let body_line =
        if fence == "---" || fence == "+++" { source.lines().skip(1).position(|l| l.trim() == fence).map_or(0, |i| i + 2) } else { 0 };
    let seen: Vec<(String, usize)> = visible_words(&source).into_iter().filter(|(_, l)| *l > body_line).collect();
    let missing: Vec<String> = seen
        .iter()
        .filter(|(w, _)| match have.get_mut(w) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .map(|(w, l)| format!("{w}@{l}"))
        .collect();
    (1.0 - missing.len() as f64 / seen.len().max(1) as f64, missing)
}

/// No HTML tag is printed as text.
fn assert_no_tags(text: &str, what: &str) {
    for tag in ["<div", "<span", "<ul", "<li", "</", "<p>", "<table", "<dl", "<br", "<a "] {
        assert!(!text.contains(tag), "{what}: `{tag}` printed:\n{text}");
    }
}

#[test]
fn html_blocks_become_structure_and_web_only_content_is_left_out() {
    if !have("pdftotext") {
        return;
    }
    let tmp = Scratch::new("web-html");
    let page = root().join("tests/fixtures/web/html.md");
    let (pdf, stderr) = render(&page, &tmp, "html.pdf");
    let text = pdftotext(&pdf);
    assert_no_tags(&text, "html.md");
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for want in [
        "Platform engineer based in Porto",
        "Ran the incident rotation for 40 services.",
        "BSc Computer Science",
        "Portuguese",
        "Climbing and chess.",
    ] {
        assert!(flat.contains(want), "`{want}` not in:\n{flat}");
    }
    for gone in ["Download my CV", "Print this page", "alert", "Home"] {
        assert!(!flat.contains(gone), "web-only `{gone}` printed:\n{flat}");
    }
    assert!(stderr.contains("web-only content is left out") && stderr.contains("web controls are left out"), "said once each:\n{stderr}");
    assert_eq!(stderr.matches("web-only content").count(), 1, "{stderr}");
    // List items are set as list items, each with its bullet; the dated heading is an entry.
    let dump = String::from_utf8(cvpdf(&root(), &["render", page.to_str().unwrap(), "--emit", "layout", "-o", "-"]).stdout).unwrap();
    assert!(dump.contains("\"Site reliability engineer, Example Cloud\\t2021 – 2024\""), "{dump}");
    let ir: serde_json::Value =
        serde_json::from_slice(&cvpdf(&root(), &["render", page.to_str().unwrap(), "--emit", "ir", "-o", "-"]).stdout).unwrap();
    let education = &ir["sections"][2]["blocks"][0]["kind"]["Entry"];
    assert_eq!(education["when"][0]["Text"]["text"], "2015 – 2019", "a <dl> with dated terms is an entry: {ir:#}");
    let experience = &ir["sections"][1]["blocks"][0]["kind"]["Entry"]["body"][0]["kind"]["List"]["items"];
    assert_eq!(experience.as_array().map(Vec::len), Some(2), "two list items: {ir:#}");
}

/// A Jekyll page's Liquid is template code: no tag or value is printed as text, each is named
/// where it stands, a section that held only a loop is left out with a warning, and what a
/// condition encloses stays.
#[test]
fn jekyll_liquid_is_left_out_and_named() {
    if !have("pdftotext") {
        return;
    }
    let tmp = Scratch::new("web-jekyll");
    let page = root().join("tests/fixtures/web/jekyll.md");
    let (pdf, stderr) = render(&page, &tmp, "jekyll.pdf");
    let flat = pdftotext(&pdf).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(!flat.contains("{%") && !flat.contains("{{") && !flat.contains("include"), "template code printed:\n{flat}");
    for want in ["Robin Quay", "Maintenance planner, Harbour Works", "dry-dock overhauls", "Write to me through the harbour office."] {
        assert!(flat.contains(want), "`{want}` not in:\n{flat}");
    }
    for gone in ["Talks", "An old job"] {
        assert!(!flat.contains(gone), "`{gone}` printed:\n{flat}");
    }
    for said in [
        "Liquid loops are left out with what they would list (1 place(s)): {% for talk in site.talks reversed %}",
        "{% include base_path %}",
        "{{ site.time | date: \"%Y\" }} left out here too",
        "Liquid conditions are not decided",
        "section `Talks` is left out",
    ] {
        assert!(stderr.contains(said), "`{said}` not said:\n{stderr}");
    }
    for quiet in ["permalink", "section_spacing", "comment"] {
        assert!(!stderr.contains(quiet), "`{quiet}` reported:\n{stderr}");
    }
}

#[test]
#[cfg_attr(not(corpus), ignore = "reads ../shared: runs when CI is set")]
fn public_html_pages_read_as_text_not_tags() {
    let shared = shared();
    if !have("pdftotext") {
        return;
    }
    let tmp = Scratch::new("web-public");
    for (i, page) in [
        "notrack-resume/resume.md",
        "modern-hugo-resume/resume.md",
        "lusinge-resume/resume.fr.md",
        "issotm-cv/cv.md",
        "issotm-cv/cv.fr.md",
        "nidrissi-cv/index.en.md",
        "nidrissi-cv/index.fr.md",
    ]
    .iter()
    .enumerate()
    {
        let path = shared.join("corpus/public").join(page);
        let (pdf, _) = render(&path, &tmp, &format!("{i}.pdf"));
        let text = pdftotext(&pdf);
        assert_no_tags(&text, page);
        let (r, missing) = recall(&path, &text);
        assert!(r >= 0.995, "{page}: only {r:.4} of the visible words are in the PDF: {missing:?}");
    }
}

/// Every link annotation of the PDF, as qpdf's QDF form writes it: `/URI (…)` and `/S /GoTo`.
fn link_actions(pdf: &Path, tmp: &Scratch) -> (Vec<String>, usize) {
    let qdf = tmp.path("links.qdf");
    let out = std::process::Command::new("qpdf").args(["--qdf", "--object-streams=disable"]).arg(pdf).arg(&qdf).output().unwrap();
    assert!(out.status.success() || out.status.code() == Some(3), "qpdf: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&std::fs::read(&qdf).unwrap()).to_string();
    let uris = text.match_indices("/URI (").map(|(i, _)| text[i + 6..].split(')').next().unwrap_or("").to_string()).collect();
    (uris, text.matches("/S /GoTo").count())
}

#[test]
fn links_work_on_paper() {
    if !(have("qpdf") && have("pdftotext")) {
        return;
    }
    let tmp = Scratch::new("web-links");
    // Without a baseURL: site links are text, with one warning; bad schemes are text, each named.
    let page = root().join("tests/fixtures/web/links.md");
    let (pdf, stderr) = render(&page, &tmp, "links.pdf");
    let (uris, gotos) = link_actions(&pdf, &tmp);
    assert!(!uris.is_empty() && uris.iter().all(|u| ["https:", "http:", "mailto:", "tel:"].iter().any(|s| u.starts_with(s))), "{uris:?}");
    assert!(gotos >= 2, "in-page links are GoTo actions: {gotos}");
    assert_eq!(stderr.matches("the site has no `baseURL`").count(), 1, "{stderr}");
    for bad in ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "vbscript:x", "javascript:void(0)", "#missing"] {
        assert!(stderr.contains(&format!("`{bad}`")), "`{bad}` not named:\n{stderr}");
    }
    let text = pdftotext(&pdf);
    assert!(text.contains("2019–2021") && text.contains("dash — here") && text.contains("more…"), "typographer: {text}");
    // With a baseURL: relref and site-relative links are absolute.
    let site = tmp.path("site");
    std::fs::create_dir_all(site.join("content")).unwrap();
    std::fs::write(site.join("hugo.toml"), "baseURL = \"https://example.org/\"\n").unwrap();
    std::fs::copy(&page, site.join("content/cv.md")).unwrap();
    let (pdf, stderr) = render(&site.join("content/cv.md"), &tmp, "site.pdf");
    let (uris, _) = link_actions(&pdf, &tmp);
    assert!(
        uris.contains(&"https://example.org/fr/projets/".to_string()) && uris.contains(&"https://example.org/projects/x/".to_string()),
        "{uris:?}"
    );
    assert!(!stderr.contains("baseURL"), "{stderr}");
}

#[test]
fn the_typographer_follows_the_site_and_the_language() {
    if !have("pdftotext") {
        return;
    }
    let tmp = Scratch::new("web-typo");
    std::fs::write(tmp.path("cv.md"), "---\ntitle: Sam Rivera\nlang: fr\n---\n## Profil\n\nIl a dit “bonjour” -- puis... `a--b`\n")
        .unwrap();
    let (pdf, _) = render(&tmp.path("cv.md"), &tmp, "fr.pdf");
    let text = pdftotext(&pdf);
    assert!(text.contains("«\u{A0}bonjour\u{A0}»") && text.contains("–") && text.contains("…") && text.contains("a--b"), "{text}");
    std::fs::write(tmp.path("hugo.toml"), "[markup.goldmark.extensions]\ntypographer = false\n").unwrap();
    let (pdf, _) = render(&tmp.path("cv.md"), &tmp, "off.pdf");
    assert!(pdftotext(&pdf).contains("-- puis..."), "the site turned the typographer off");
}

#[test]
fn a_hugo_site_renders_from_its_root() {
    let tmp = Scratch::new("web-site");
    let site = &tmp.0;
    let write = |p: &str, t: &str| {
        let path = site.join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, t).unwrap();
    };
    write(
        "hugo.toml",
        "baseURL = \"https://example.org/\"\ndefaultContentLanguage = \"fr\"\n[languages.fr]\ncontentDir = \"content/french\"\n[languages.en]\ncontentDir = \"content/english\"\n",
    );
    write("content/french/cv.md", "---\ntitle: Sam Rivera\ndraft: true\n---\n## Profil\nIngénieur.\n");
    write("content/french/blog/billet.md", "---\ntitle: Un billet\n---\nTexte.\n");
    write("content/english/cv.md", "---\ntitle: Sam Rivera\n---\n## Profile\nEngineer.\n");
    let run = cvpdf(site, &["render"]);
    let stderr = String::from_utf8_lossy(&run.stderr).to_string();
    assert!(run.status.success(), "{stderr}");
    assert!(
        site.join("cv.fr.pdf").is_file() && site.join("cv.en.pdf").is_file(),
        "{stderr}\n{:?}",
        std::fs::read_dir(site).unwrap().collect::<Vec<_>>()
    );
    assert!(stderr.contains("draft"), "the draft is said: {stderr}");
    assert!(!site.join("french.fr.pdf").exists() && !site.join("english.en.pdf").exists());
    // A bundle is named after its folder; a draft fails under --deny-warnings.
    write("bundle/content/resume/index.fr.md", "---\ntitle: Sam Rivera\n---\n## Profil\nx\n");
    write("bundle/content/resume/index.en.md", "---\ntitle: Sam Rivera\n---\n## Profile\nx\n");
    // Résumé content a theme reads from the site's data/ folder is named, not silently left out.
    write("data/experience.json", "[{\"position\": \"Lead\"}]\n");
    write("data/menus.json", "{}\n");
    // A whole résumé in a file or a folder named after it (JSON Resume themes).
    write("data/json_resume/en.json", "{\"basics\": {\"name\": \"Sam\"}}\n");
    write("data/cv.yaml", "sections: []\n");
    let run = cvpdf(site, &["render", "content/english/cv.md", "-o", "e.pdf"]);
    let stderr = String::from_utf8_lossy(&run.stderr).to_string();
    assert!(run.status.success() && stderr.contains("experience.json") && !stderr.contains("menus.json"), "{stderr}");
    assert!(stderr.contains("json_resume/en.json") && stderr.contains("data/cv.yaml"), "{stderr}");
    // So is the résumé a theme reads from the site's `[params]`.
    let config = std::fs::read_to_string(site.join("hugo.toml")).unwrap();
    write("hugo.toml", &format!("{config}[params]\ncolor = \"blue\"\n[[params.skills]]\nname = \"Rust\"\n"));
    let run = cvpdf(site, &["render", "content/english/cv.md", "-o", "e.pdf"]);
    let stderr = String::from_utf8_lossy(&run.stderr).to_string();
    assert!(stderr.contains("`params.skills` holds résumé content") && !stderr.contains("params.color"), "{stderr}");
    let run = cvpdf(&site.join("bundle"), &["render", "."]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(site.join("bundle/resume.fr.pdf").is_file() && site.join("bundle/resume.en.pdf").is_file());
    let run = cvpdf(site, &["render", "content/french/cv.md", "--deny-warnings", "-o", "d.pdf"]);
    assert_eq!(run.status.code(), Some(1));
}

#[test]
fn inputs_that_are_not_pages_exit_2_saying_what_they_are() {
    let tmp = Scratch::new("web-notpages");
    std::fs::write(tmp.path("cv.docx"), b"PK\x03\x04\x14\x00\x06\x00").unwrap();
    std::fs::write(tmp.path("cv.pdf"), b"%PDF-1.7\n").unwrap();
    std::fs::write(tmp.path("renamed.md"), b"PK\x03\x04\x00\x00\x00\x00").unwrap();
    for (file, what) in [("cv.docx", "Word document"), ("cv.pdf", "a PDF"), ("renamed.md", "binary")] {
        let run = cvpdf(&tmp.0, &["render", file]);
        assert_eq!(run.status.code(), Some(2), "{file}");
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(stderr.contains(what) || stderr.contains("zip archive"), "{file}: {stderr}");
    }
    let only_txt = tmp.path("plain");
    std::fs::create_dir_all(&only_txt).unwrap();
    std::fs::write(only_txt.join("a.txt"), "just some words\n").unwrap();
    let run = cvpdf(&only_txt, &["render", "."]);
    assert_eq!(run.status.code(), Some(2), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(String::from_utf8_lossy(&run.stderr).contains("plain text"));
    assert!(!only_txt.join("a.en.pdf").exists());
}

#[test]
fn code_is_not_drawn_in_the_link_colour() {
    for name in layouts() {
        let text = std::fs::read_to_string(root().join(format!("layouts/{name}.toml"))).unwrap();
        let colour = |key: &str| text.lines().find_map(|l| l.strip_prefix(&format!("{key} = "))).unwrap_or("").to_string();
        assert!(!colour("code").is_empty() && colour("code") != colour("link"), "{name}: code {} link {}", colour("code"), colour("link"));
    }
}

#[test]
fn theme_fields_are_reported_until_named_web_only() {
    let tmp = Scratch::new("web-fields");
    let page = tmp.path("cv.md");
    std::fs::write(&page, "---\nname: Sam Rivera\nsidebar:\n  - Data engineer in Lille\nnationality: French\n---\n## Profile\nx\n")
        .unwrap();
    let run = cvpdf(&tmp.0, &["render", "cv.md", "-o", "a.pdf"]);
    let stderr = String::from_utf8_lossy(&run.stderr).to_string();
    assert!(run.status.success(), "{stderr}");
    assert!(stderr.contains("field `sidebar` is not in the PDF: \"Data engineer in Lille\"") && stderr.contains("cv.md:3"), "{stderr}");
    assert!(stderr.contains("field `nationality`") && stderr.contains("cv.md:5"), "{stderr}");
    std::fs::write(tmp.path("cvpdf.toml"), "[web]\nfields = [\"sidebar\"]\n").unwrap();
    let run = cvpdf(&tmp.0, &["render", "cv.md", "-o", "b.pdf"]);
    let stderr = String::from_utf8_lossy(&run.stderr).to_string();
    assert!(run.status.success(), "{stderr}");
    assert!(!stderr.contains("sidebar") && stderr.contains("field `nationality`"), "{stderr}");
}

#[test]
fn json_front_matter_is_read_as_hugo_reads_it() {
    if !have("pdftotext") {
        return;
    }
    let tmp = Scratch::new("web-json");
    let page = tmp.path("cv.md");
    let src = "{\n  \"title\": \"Sam Rivera\",\n  \"email\": \"sam@example.org\",\n  \"motto\": \"Ship small\"\n}\n## Profile\nEngineer.\n";
    std::fs::write(&page, src).unwrap();
    let run = cvpdf(&tmp.0, &["render", "cv.md", "-o", "a.pdf"]);
    let stderr = String::from_utf8_lossy(&run.stderr).to_string();
    assert!(run.status.success(), "{stderr}");
    let text = pdftotext(&tmp.path("a.pdf"));
    assert!(text.contains("Sam Rivera") && text.contains("sam@example.org") && !text.contains("\"title\""), "{text}");
    assert!(stderr.contains("field `motto`") && stderr.contains("cv.md:4"), "{stderr}");
}
