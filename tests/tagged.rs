//! The tagged PDF as assistive technology and parsers read it: `pdfinfo -struct-text` lists the
//! headings, lists, tables, links and the photo in reading order with every word of the text
//! inside them, and the PDF/UA-1 checker `pdfua` (pip install pdfua) finds nothing, in every
//! layout, natural and on one page.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use lopdf::{Document, Object};
use support::*;

/// One line of `pdfinfo -struct-text`: an element (its type) or a string of content, with its
/// depth in the tree.
#[derive(Debug)]
enum Line {
    Element(usize, String),
    Text(String),
}

fn struct_text(pdf: &Path) -> Vec<Line> {
    let out = Command::new("pdfinfo").arg("-struct-text").arg(pdf).output().expect("pdfinfo");
    assert!(out.status.success(), "pdfinfo -struct-text failed on {}", pdf.display());
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| {
            let depth = (l.len() - l.trim_start().len()) / 2;
            let t = l.trim();
            if let Some(s) = t.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
                Some(Line::Text(s.to_string()))
            } else if t.starts_with('/') || t.starts_with("Object ") || t.is_empty() {
                None
            } else {
                let name = t.split([' ', ':']).next().unwrap_or("").to_string();
                Some(Line::Element(depth, name))
            }
        })
        .collect()
}

/// The element types in tree order.
fn elements(lines: &[Line]) -> Vec<String> {
    lines.iter().filter_map(|l| if let Line::Element(_, n) = l { Some(n.clone()) } else { None }).collect()
}

/// The text of each element of type `name`, in order.
fn texts_of(lines: &[Line], name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Line::Element(depth, n) = line else { continue };
        if n != name {
            continue;
        }
        let inside = lines[i + 1..].iter().take_while(|l| !matches!(l, Line::Element(d, _) if d <= depth));
        out.push(inside.filter_map(|l| if let Line::Text(s) = l { Some(s.as_str()) } else { None }).collect());
    }
    out
}

/// Every word the structure holds: those of each string, and those of each element's strings
/// run together (a word can be cut into pieces that read as other text, `Lyon, F` + `rance`).
fn structure_words(lines: &[Line]) -> std::collections::BTreeSet<String> {
    let mut out = std::collections::BTreeSet::new();
    let mut run = String::new();
    for line in lines {
        match line {
            Line::Text(s) => {
                out.extend(words(s));
                run.push_str(s);
            }
            Line::Element(..) => {
                out.extend(words(&run));
                run.clear();
            }
        }
    }
    out.extend(words(&run));
    out
}

fn render(tmp: &Scratch, name: &str, source: &Path, args: &[&str]) -> PathBuf {
    let out = tmp.path(name);
    let run = cvpdf(&root(), &[&["render", source.to_str().unwrap(), "-o", out.to_str().unwrap()], args].concat());
    assert!(run.status.success(), "{}: {}", source.display(), String::from_utf8_lossy(&run.stderr));
    out
}

/// The section titles of a Markdown page, in order.
fn section_titles(md: &Path) -> Vec<String> {
    std::fs::read_to_string(md).unwrap().lines().filter_map(|l| l.strip_prefix("## ")).map(|t| t.trim().to_string()).collect()
}

#[test]
fn the_structure_holds_every_word_in_reading_order() {
    if !have("pdfinfo") {
        return;
    }
    let tmp = Scratch::new("tagged-order");
    for lang in ["en", "fr"] {
        for layout in ["classic", "sidebar"] {
            let source = root().join(format!("content/{lang}/cv.md"));
            let pdf = render(&tmp, &format!("{lang}-{layout}.pdf"), &source, &["--layout", layout]);
            let info = String::from_utf8(Command::new("pdfinfo").arg(&pdf).output().unwrap().stdout).unwrap();
            assert!(info.lines().any(|l| l.starts_with("Tagged:") && l.ends_with("yes")), "{info}");
            let lines = struct_text(&pdf);
            let kinds = elements(&lines);
            assert_eq!(kinds.first().map(String::as_str), Some("Document"), "{lang} {layout}");
            for kind in ["H1", "H2", "H3", "P", "L", "LI", "Lbl", "LBody", "Link", "Figure", "Sect"] {
                assert!(kinds.iter().any(|k| k == kind), "{lang} {layout}: no {kind} in {kinds:?}");
            }
            assert_eq!(texts_of(&lines, "H1"), vec!["Élise Marchand".to_string()], "{lang} {layout}");
            // The section titles, in the author's order; in the sidebar layout, those the
            // sidebar takes come after the main column's, as a reader meets them.
            let mut titles = texts_of(&lines, "H2");
            let mut expected = section_titles(&source);
            if layout == "sidebar" {
                titles.sort();
                expected.sort();
            }
            assert_eq!(titles, expected, "{lang} {layout}");
            // Each bullet is the label of its item.
            assert!(texts_of(&lines, "Lbl").iter().all(|l| l == "•"), "{lang} {layout}");
            // Every word of the text layer but the footer's (a pagination artifact: the update
            // date, the page numbers) is inside the structure.
            let held = structure_words(&lines);
            let text = pdftotext(&pdf);
            let footer = |l: &str| ["updated ", "mis à jour", "page 1 ", "page 2 "].iter().any(|f| l.contains(f));
            let body = text.lines().filter(|l| !footer(l));
            let lost: Vec<String> = body.flat_map(words).filter(|w| !held.contains(w)).collect();
            assert!(lost.is_empty(), "{lang} {layout}: words outside the structure: {lost:?}");
        }
    }
}

#[test]
fn a_table_without_a_header_row_is_headed_by_its_first_column() {
    if !have("pdfinfo") {
        return;
    }
    let tmp = Scratch::new("tagged-rows");
    let pdf = render(&tmp, "rows.pdf", &root().join("tests/fixtures/table-rows.md"), &[]);
    let lines = struct_text(&pdf);
    // The header row of the Markdown table, then the first cell of each row of the HTML one.
    assert_eq!(texts_of(&lines, "TH"), ["French", "English", "Spanish", "Area", "Tools"]);
    assert_eq!(texts_of(&lines, "TD").len(), 3 + 4);
}

#[test]
fn links_name_their_annotations_and_the_photo_has_its_description() {
    let tmp = Scratch::new("tagged-links");
    let pdf = render(&tmp, "en.pdf", &root().join("content/en/cv.md"), &[]);
    let doc = Document::load(&pdf).unwrap();
    let catalog = doc.catalog().unwrap();
    assert_eq!(catalog.get(b"MarkInfo").and_then(Object::as_dict).unwrap().get(b"Marked").unwrap(), &Object::Boolean(true));
    assert!(catalog.get(b"StructTreeRoot").is_ok());
    let mut annots = 0;
    for (_, page) in doc.get_pages() {
        let page = doc.get_dictionary(page).unwrap();
        assert_eq!(page.get(b"Tabs").unwrap(), &Object::Name(b"S".to_vec()));
        for a in page.get(b"Annots").and_then(Object::as_array).map(Vec::as_slice).unwrap_or(&[]) {
            let a = doc.dereference(a).unwrap().1.as_dict().unwrap();
            assert!(!a.get(b"Contents").unwrap().as_str().unwrap().is_empty());
            assert!(a.get(b"StructParent").is_ok(), "every link annotation is in the structure");
            annots += 1;
        }
    }
    assert!(annots >= 3, "the sample's contact links");
    let elements: Vec<&lopdf::Dictionary> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Type").ok() == Some(&Object::Name(b"StructElem".to_vec())))
        .collect();
    let role = |d: &&lopdf::Dictionary| d.get(b"S").and_then(Object::as_name).unwrap_or(b"").to_vec();
    let figure = elements.iter().find(|d| role(d) == b"Figure").expect("the photo is a Figure");
    let alt = figure.get(b"Alt").unwrap().as_str().unwrap();
    let units: Vec<u16> = alt[2..].chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
    assert_eq!(String::from_utf16(&units).unwrap(), "Élise Marchand", "the shortcode's alt");
    // Each OBJR kid of a Link names an annotation: as many as there are annotations.
    let objrs: usize = elements
        .iter()
        .filter(|d| role(d) == b"Link")
        .map(|d| match d.get(b"K").unwrap() {
            Object::Array(kids) => kids.iter().filter(|k| k.as_dict().is_ok_and(|k| k.has(b"Obj"))).count(),
            Object::Dictionary(k) => usize::from(k.has(b"Obj")),
            _ => 0,
        })
        .sum();
    assert_eq!(objrs, annots);
}

/// Runs `pdfua check` over `pdfs` and asserts it finds nothing.
fn assert_pdfua_clean(pdfs: &[PathBuf]) {
    let out = Command::new("pdfua").arg("check").args(pdfs).output().expect("pdfua");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "pdfua check found something:\n{report}");
    let passed = report.matches("result: PASS (no findings)").count();
    assert_eq!(passed, pdfs.len(), "{report}");
}

/// Whether the PDF/UA checker is installed; under CI it must be (.ci/run installs it).
fn have_pdfua() -> bool {
    let ok = Command::new("pdfua").arg("--version").output().is_ok_and(|o| o.status.success());
    if !ok {
        assert!(std::env::var_os("CI").is_none(), "CI is set but `pdfua` is not installed (.ci/run installs it)");
        eprintln!("notice: `pdfua` not installed (pip install pdfua); skipping the PDF/UA checks");
    }
    ok
}

#[test]
fn pdf_ua_checker_finds_nothing_in_the_sample_and_fixtures() {
    if !have_pdfua() {
        return;
    }
    let tmp = Scratch::new("tagged-ua");
    let mut pdfs = Vec::new();
    for lang in ["en", "fr"] {
        for layout in layouts() {
            for pages in [None, Some("1")] {
                let source = root().join(format!("content/{lang}/cv.md"));
                let name = format!("{lang}-{layout}-{}.pdf", pages.unwrap_or("natural"));
                let args: Vec<&str> = match pages {
                    Some(p) => vec!["--layout", &layout, "--pages", p],
                    None => vec!["--layout", &layout],
                };
                pdfs.push(render(&tmp, &name, &source, &args));
            }
        }
    }
    for fixture in ["long-fr.md", "records.md", "short.md", "symbols.md", "table-dates.md", "table-rows.md", "typo-en.md", "typo-fr.md"] {
        for layout in layouts() {
            let source = root().join("tests/fixtures").join(fixture);
            pdfs.push(render(&tmp, &format!("{fixture}-{layout}.pdf"), &source, &["--layout", &layout]));
        }
    }
    assert_pdfua_clean(&pdfs);
}

#[test]
#[cfg_attr(not(corpus), ignore = "reads ../shared: runs when CI is set")]
fn pdf_ua_checker_finds_nothing_in_the_seeds_and_public_pages() {
    let shared = shared();
    if !have_pdfua() {
        return;
    }
    let tmp = Scratch::new("tagged-seeds");
    let mut pdfs = Vec::new();
    for entry in std::fs::read_dir(shared.join("corpus/seeds")).unwrap() {
        let seed = entry.unwrap().path();
        for layout in layouts() {
            let name = format!("{}-{layout}.pdf", seed.file_stem().unwrap().to_string_lossy());
            pdfs.push(render(&tmp, &name, &seed, &["--layout", &layout]));
        }
    }
    // Every public page that renders (the others fail with one clear error, tests/e2e.rs).
    let mut public = Vec::new();
    for dir in std::fs::read_dir(shared.join("corpus/public")).unwrap() {
        for page in std::fs::read_dir(dir.unwrap().path()).into_iter().flatten() {
            let page = page.unwrap().path();
            if page.extension().is_some_and(|e| e == "md") {
                let out = tmp.path(&format!("public-{}.pdf", public.len()));
                let run = cvpdf(&root(), &["render", page.to_str().unwrap(), "-o", out.to_str().unwrap()]);
                if run.status.success() {
                    public.push(out);
                }
            }
        }
    }
    assert!(public.len() >= 20, "only {} public pages rendered", public.len());
    pdfs.extend(public.iter().cloned());
    assert_pdfua_clean(&pdfs);
    // Seed 000's tables and links, in the structure with every word of their text.
    let seed = pdfs.iter().find(|p| p.to_string_lossy().contains("000_") && p.to_string_lossy().ends_with("-classic.pdf")).unwrap();
    let lines = struct_text(seed);
    let kinds = elements(&lines);
    for kind in ["H1", "H2", "H3", "P", "L", "LI", "Table", "TR", "TH", "TD", "Link"] {
        assert!(kinds.iter().any(|k| k == kind), "no {kind} in seed 000");
    }
    let held = structure_words(&lines);
    let lost: Vec<String> =
        pdftotext(seed).lines().filter(|l| !l.contains("page ")).flat_map(words).filter(|w| !held.contains(w)).collect();
    assert!(lost.is_empty(), "seed 000: words outside the structure: {lost:?}");
    // Its "Version française" link is in a passage in French, on an English page.
    let doc = Document::load(seed).unwrap();
    let french = doc.objects.values().filter_map(|o| o.as_dict().ok()).any(|d| {
        d.get(b"S").ok() == Some(&Object::Name(b"Span".to_vec())) && d.get(b"Lang").and_then(Object::as_str).ok() == Some(b"fr".as_slice())
    });
    assert!(french, "the link to the French version is in a Span that says it is French");
}
