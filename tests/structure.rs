//! Résumé structure end to end: the shapes real pages write entries in (headings, dated titles,
//! shortcodes, front-matter records, bold-role paragraphs) become entries whose role,
//! organisation and dates reach the PDF in order, on one line; headers take the name from
//! where it is, never from a generic title; `check` names both sides of a difference.

mod support;

use std::path::Path;

use support::*;

/// The résumé as cvpdf reads it (`--emit ir`).
fn ir(page: &Path) -> serde_json::Value {
    let run = cvpdf(&root(), &["render", page.to_str().unwrap(), "--emit", "ir", "-o", "-"]);
    assert!(run.status.success(), "{}: {}", page.display(), String::from_utf8_lossy(&run.stderr));
    serde_json::from_slice(&run.stdout).unwrap()
}

fn text(inlines: &serde_json::Value) -> String {
    inlines.as_array().unwrap().iter().map(|i| i["Text"]["text"].as_str().unwrap_or(" ")).collect()
}

/// Every entry of the résumé: role, organisation, place, dates as written, dates read.
fn entries(doc: &serde_json::Value) -> Vec<[String; 5]> {
    let mut out = Vec::new();
    for s in doc["sections"].as_array().unwrap() {
        for b in s["blocks"].as_array().unwrap() {
            let e = &b["kind"]["Entry"];
            if e.is_object() {
                out.push([text(&e["role"]), text(&e["organisation"]), text(&e["location"]), text(&e["when"]), e["dates"].to_string()]);
            }
        }
    }
    out
}

/// Every entry's role, organisation, place and dates as written.
fn parts(doc: &serde_json::Value) -> Vec<[String; 4]> {
    entries(doc).into_iter().map(|[r, o, l, w, _]| [r, o, l, w]).collect()
}

/// The PDF's text, one line of words each, spaces collapsed.
fn pdf_text(page: &Path, tmp: &Scratch, extra: &[&str]) -> String {
    let pdf = tmp.path(&format!("{}.pdf", page.file_stem().unwrap().to_string_lossy()));
    let mut args = vec!["render", page.to_str().unwrap(), "-o", pdf.to_str().unwrap()];
    args.extend_from_slice(extra);
    let run = cvpdf(&root(), &args);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    pdftotext(&pdf).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Each of `wanted` is in `text`, in this order.
fn assert_in_order(text: &str, wanted: &[String], what: &str) {
    let mut from = 0;
    for w in wanted.iter().filter(|w| !w.trim().is_empty()) {
        let w = w.split_whitespace().collect::<Vec<_>>().join(" ");
        match text[from..].find(&w) {
            Some(i) => from += i + w.len(),
            None => panic!("{what}: `{w}` is not in the PDF after what precedes it:\n{text}"),
        }
    }
}

/// Dated entries are set on one line with their dates: a layout-dump line `role…\tdates`, or
/// `dates\trole…` for the dates in `first`, which the author wrote before the role.
fn assert_dates_on_role_line(page: &Path, dated: usize, first: &[String]) {
    let run = cvpdf(&root(), &["render", page.to_str().unwrap(), "--emit", "layout", "-o", "-"]);
    let dump = String::from_utf8(run.stdout).unwrap();
    let lines: Vec<&str> = dump.lines().filter(|l| l.contains("\\t")).collect();
    assert_eq!(lines.len(), dated, "{}: dated entries set on one line with their dates:\n{dump}", page.display());
    let hanging = lines.iter().filter(|l| first.iter().any(|w| l.contains(&format!("\"{w}\\t")))).count();
    assert_eq!(hanging, first.len(), "{}: dates written first set first:\n{dump}", page.display());
}

#[test]
fn entry_shapes_in_french_and_english() {
    let fr = ir(&root().join("tests/fixtures/shapes/cv.fr.md"));
    let got: Vec<[String; 4]> = entries(&fr).into_iter().map(|[r, o, l, w, _]| [r, o, l, w]).collect();
    let want = [
        ["Développeuse", "Acme Logistique", "", "09/2023 - actuellement"],
        ["Ingénieure", "Société Exemple (93)", "", "2019 – 2023"],
        ["Cheffe de projet", "Globex", "", "Mars 2017 - Présent"],
        ["Stagiaire", "", "", "2014-2016"],
        ["Analyste", "", "", "2012 – 2014"],
        ["Consultante", "Initech", "Lyon", "2010 – 2012"],
        ["Master informatique", "Université de Nantes", "Nantes", "2008 – 2010"],
    ];
    assert_eq!(got, want.map(|e| e.map(String::from)));
    // Dates are read, "(93)" is not one, and "Présent" is the present.
    let dates: Vec<String> = entries(&fr).into_iter().map(|e| e[4].clone()).collect();
    assert_eq!(dates[0], r#"{"end":"present","start":{"day":null,"month":9,"year":2023}}"#);
    assert_eq!(dates[1], r#"{"end":{"on":{"day":null,"month":null,"year":2023}},"start":{"day":null,"month":null,"year":2019}}"#);
    assert!(dates[2].contains(r#""end":"present""#), "{}", dates[2]);
    // The missions sub-heading stays a heading inside the first entry, not its dates.
    let first = &fr["sections"][1]["blocks"][0]["kind"]["Entry"];
    assert_eq!(text(&first["body"][0]["kind"]["Heading"]["content"]), "Missions");

    let tmp = Scratch::new("shapes");
    if have("pdftotext") {
        let page = root().join("tests/fixtures/shapes/cv.fr.md");
        let flat = pdf_text(&page, &tmp, &[]);
        // Every date before the footer.
        let mut wanted: Vec<String> = want.iter().flat_map(|e| e.iter().map(|s| s.to_string())).collect();
        wanted.push("mis à jour".into());
        assert_in_order(&flat, &wanted, "shapes fr");
        assert_dates_on_role_line(&page, want.len(), &[]);
    }
    let en = ir(&root().join("tests/fixtures/shapes/cv.en.md"));
    assert_eq!(entries(&en).len(), want.len());
    assert_eq!(entries(&en)[0][..2], ["Developer".to_string(), "Acme Logistique".to_string()]);
}

/// A page written for a theme's styles: its title names the section, and each job is an item
/// of a list that opens with the employer's heading, then the dates, then the role on a line of
/// its own. The title heads the section rather than standing as the person's name (which a
/// warning says is missing), and each item is an entry with its role, employer, place and dates.
#[test]
fn a_list_of_headed_items_under_a_section_title_is_a_section_of_entries() {
    let page = root().join("tests/fixtures/shapes/listed.md");
    let doc = ir(&page);
    assert_eq!(doc["header"]["name"], serde_json::Value::Null);
    let section = &doc["sections"][0];
    assert_eq!((text(&section["title"]), section["kind"].as_str().unwrap()), ("Work experience".into(), "experience"));
    let got = parts(&doc);
    let want = [
        ["Senior Data Engineer", "Northwind Traders", "Lyon (France)", "march 2021 - current"],
        ["Co-founder", "Contoso Labs", "", "september 2017 - february 2021"],
        ["Software Engineer", "Fabrikam", "Nantes", "june 2015 - august 2017"],
    ];
    assert_eq!(got, want.map(|e| e.map(String::from)));
    let run = cvpdf(&root(), &["render", page.to_str().unwrap(), "--emit", "ir", "-o", "-"]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("nothing on the page gives the person's name"), "{stderr}");
    assert!(!stderr.contains("names the page"), "{stderr}");
    if have("pdftotext") {
        let tmp = Scratch::new("listed");
        let flat = pdf_text(&page, &tmp, &[]);
        let mut wanted = vec!["Work experience".to_string()];
        wanted.extend(want.iter().flat_map(|e| e.iter().filter(|s| !s.is_empty()).map(|s| s.to_string())));
        assert_in_order(&flat, &wanted, "listed");
    }
}

/// A page written for kramdown (Jekyll): under each organisation's heading, an HTML paragraph
/// holds the role and its dates floated right, and a Markdown list follows its closing tag with
/// no blank line. Each is an entry, and the list is a list, not text with asterisks.
#[test]
fn an_html_role_line_under_an_organisation_and_the_list_after_it() {
    let page = root().join("tests/fixtures/shapes/kramdown.md");
    let doc = ir(&page);
    let got = parts(&doc);
    let want = [
        ["Doctor of Philosophy", "University of Example", "", "2019/09 – 2023/07"],
        ["Research Engineer", "Blue Harbour Energy", "", "2023/09 – Present"],
    ];
    assert_eq!(got, want.map(|e| e.map(String::from)));
    let first = &doc["sections"][0]["blocks"][0]["kind"]["Entry"]["body"];
    let items = first.as_array().unwrap().iter().find_map(|b| b["kind"]["List"]["items"].as_array()).expect("a list");
    assert_eq!(items.len(), 2, "{first:#}");
    if have("pdftotext") {
        let tmp = Scratch::new("kramdown");
        let flat = pdf_text(&page, &tmp, &[]);
        assert!(!flat.contains("* "), "asterisks printed: {flat}");
        assert_in_order(&flat, &["Thesis on tidal energy storage".into(), "Sizes battery banks".into()], "kramdown");
    }
}

/// A user name in `author` gives way to the name the page writes at its top, with a note; a
/// description that is a generic title ("About me") is not a headline.
#[test]
fn a_user_name_gives_way_to_the_name_the_page_writes() {
    let tmp = Scratch::new("handle");
    let page = tmp.path("cv.md");
    std::fs::write(
        &page,
        "+++\ntitle = \"Resume\"\ndescription = \"About me\"\nauthor = \"sriv42\"\n+++\n\n# Sam Rivera\n\n## Experience\n\nx\n",
    )
    .unwrap();
    let doc = ir(&page);
    assert_eq!((doc["header"]["name"].as_str(), doc["header"]["headline"].as_str()), (Some("Sam Rivera"), None));
    let run = cvpdf(&root(), &["render", page.to_str().unwrap(), "--emit", "ir", "-o", "-"]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("`author` (\"sriv42\") reads as a user name") && stderr.contains("cv.md:4"), "{stderr}");
}

/// A section whose entries mostly give their dates first sets them first, in a column of their
/// own left of the roles, and extractors read them in the author's order.
#[test]
fn dates_written_first_hang_left_of_the_role() {
    let page = root().join("tests/fixtures/shapes/dates-first.md");
    let found = entries(&ir(&page));
    assert_eq!(found.len(), 3);
    let whens: Vec<String> = found.iter().map(|e| e[3].clone()).collect();
    assert_dates_on_role_line(&page, 3, &whens);
    if have("pdftotext") {
        let tmp = Scratch::new("dates-first");
        let flat = pdf_text(&page, &tmp, &[]);
        let wanted: Vec<String> = found.iter().flat_map(|[r, o, _, w, _]| [w.clone(), r.clone(), o.clone()]).collect();
        assert_in_order(&flat, &wanted, "dates first");
    }
}

#[test]
fn header_from_the_front_matter_and_a_name_dash_cv_title() {
    let doc = ir(&root().join("tests/fixtures/shapes/cv.fr.md"));
    let h = &doc["header"];
    assert_eq!(h["name"], "Camille Durand");
    assert_eq!(h["headline"], "Ingénieure données");
    let contacts: Vec<&str> = h["contacts"].as_array().unwrap().iter().map(|c| c["url"].as_str().unwrap_or("")).collect();
    for want in [
        "mailto:camille.durand@example.org",
        "tel:+33611223344",
        "https://github.com/camille-example",
        "https://linkedin.com/in/camille-durand-example",
    ] {
        assert!(contacts.contains(&want), "{want} in {contacts:?}");
    }
    if have("pdfinfo") {
        let tmp = Scratch::new("header");
        let pdf = tmp.path("h.pdf");
        let run = cvpdf(&root(), &["render", "tests/fixtures/shapes/cv.fr.md", "-o", pdf.to_str().unwrap()]);
        assert!(run.status.success());
        assert_eq!(info(&pdf, "Author"), "Camille Durand");
        assert_eq!(info(&pdf, "Title"), "Camille Durand");
    }
}

/// A field of `pdfinfo`.
fn info(pdf: &Path, field: &str) -> String {
    let out = std::process::Command::new("pdfinfo").arg(pdf).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    text.lines().find_map(|l| l.strip_prefix(&format!("{field}:"))).unwrap_or("").trim().to_string()
}

#[test]
fn front_matter_records_are_entries() {
    let page = root().join("tests/fixtures/records.md");
    let doc = ir(&page);
    let got = parts(&doc);
    assert_eq!(
        got,
        [
            ["Platform lead", "Example Shipping", "Rotterdam", "April 2021 – present"],
            ["Developer", "Example Bank", "Utrecht", "September 2017 – March 2021"]
        ]
        .map(|e| e.map(String::from))
    );
    assert_eq!(doc["sections"][0]["kind"], "experience");
    assert_eq!(doc["header"]["name"], "Robin Example");
    if have("pdftotext") {
        let flat = pdf_text(&page, &Scratch::new("records"), &[]);
        assert_in_order(&flat, &got.concat(), "records");
        assert!(flat.contains("Kubernetes clusters"), "the description is the entry's body: {flat}");
    }
}

#[test]
fn records_under_params_split_by_type_and_labelled_lists() {
    let page = root().join("tests/fixtures/data/params.md");
    let doc = ir(&page);
    let got = parts(&doc);
    assert_eq!(
        got,
        [
            ["Render Wrangler", "Example Guild", "", "June 2021"],
            ["Pipeline TD", "Example Studio", "", "Mar 2020 – Present"],
            ["Intern", "Sample Co", "", "Jan 2019 - Dec 2019"],
            ["B.A. Animation", "Example School of Art", "", "2015 – 2019"],
        ]
        .map(|e| e.map(String::from))
    );
    let kinds: Vec<&str> = doc["sections"].as_array().unwrap().iter().map(|s| s["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["summary", "certifications", "experience", "education", "languages", "skills"]);
    assert_eq!(doc["header"]["name"], "Kim Sample");
    if have("pdftotext") {
        let flat = pdf_text(&page, &Scratch::new("params"), &[]);
        for line in ["Builds render farms", "Dutch: Native", "Programming languages: Python, Lua", "Software: Blender, Houdini"] {
            assert!(flat.contains(line), "{line}: {flat}");
        }
    }
    let run = cvpdf(&root(), &["render", page.to_str().unwrap(), "-o", "-", "--emit", "ir"]);
    assert!(!String::from_utf8_lossy(&run.stderr).contains("warning"), "{}", String::from_utf8_lossy(&run.stderr));
}

#[test]
fn dates_a_colon_and_a_role_under_an_organisation_heading() {
    let page = root().join("tests/fixtures/shapes/colon-roles.md");
    let doc = ir(&page);
    let got = parts(&doc);
    assert_eq!(
        got,
        [
            ["Software Engineer Intern", "Northwind", "", "June 2021–August 2021"],
            ["Teaching Assistant", "Physics Department, Example University", "", "February 2020–"],
        ]
        .map(|e| e.map(String::from))
    );
    assert!(entries(&doc)[1][4].contains(r#""end":"present""#), "an open range runs to the present: {:?}", entries(&doc)[1]);
    assert_eq!(doc["header"]["name"], "Sam Placeholder");
    if have("pdftotext") {
        let flat = pdf_text(&page, &Scratch::new("colon-roles"), &[]);
        assert!(!flat.contains("Resume/CV"), "a title made of generic words is not printed: {flat}");
        assert!(flat.contains("February 2020–"), "{flat}");
    }
}

#[test]
fn a_summary_field_about_the_person_opens_the_resume_once() {
    let page = root().join("tests/fixtures/shapes/summary-field.md");
    let run = cvpdf(&root(), &["render", page.to_str().unwrap(), "-o", "-", "--emit", "ir"]);
    assert!(!String::from_utf8_lossy(&run.stderr).contains("describes the page"), "{}", String::from_utf8_lossy(&run.stderr));
    if have("pdftotext") {
        let tmp = Scratch::new("summary-field");
        let flat = pdf_text(&page, &tmp, &[]);
        assert_in_order(&flat, &["Noa Example".into(), "Backend developer with eight years".into(), "Experience".into()], "summary");
        // The same words in the body: set once.
        let twice = tmp.path("twice.md");
        let src = std::fs::read_to_string(&page).unwrap();
        let body = "\nBackend developer with eight years in start-ups. Enjoys distributed systems and clear writing.\n";
        std::fs::write(&twice, src.replacen("\n## Experience", &format!("{body}\n## Experience"), 1)).unwrap();
        let flat = pdf_text(&twice, &tmp, &[]);
        assert_eq!(flat.matches("eight years").count(), 1, "{flat}");
        // Below the page's own contact line, not above it.
        let contacts = tmp.path("contacts.md");
        let line = "\nLyon · [noa@example.org](mailto:noa@example.org) · [GitHub](https://github.com/noa)\n";
        std::fs::write(&contacts, src.replacen("\n## Experience", &format!("{line}\n## Experience"), 1)).unwrap();
        let flat = pdf_text(&contacts, &tmp, &[]);
        assert_in_order(&flat, &["noa@example.org".into(), "Backend developer with eight years".into()], "summary after contacts");
    }
}

#[test]
fn a_line_of_labelled_dates_and_place_under_a_heading() {
    let page = root().join("tests/fixtures/shapes/labelled.fr.md");
    let doc = ir(&page);
    let got = parts(&doc);
    assert_eq!(
        got,
        [["Architecte logiciel", "Exemple SA", "Lieu\u{a0}: Lyon, France", "Période\u{a0}: Mars 2021 - Présent (CDI)"].map(String::from)]
    );
    let titles: Vec<String> = doc["sections"].as_array().unwrap().iter().map(|s| text(&s["title"])).collect();
    assert_eq!(
        titles.last().map(String::as_str),
        Some("Compétences"),
        "a page title that only holds a section word heads no section; an English key on a French page is headed in French"
    );
    assert_eq!(doc["header"]["headline"], "Architecte logiciel | Ex-CTO d’une start-up tech", "two roles are one headline");
    if have("pdftotext") {
        let flat = pdf_text(&page, &Scratch::new("labelled"), &[]);
        assert_in_order(&flat, &["Conseil auprès de grands comptes.".into(), "Conception de plateformes.".into()], "body");
        assert!(flat.contains("Période") && flat.contains("Lieu"), "a field keeps its label: {flat}");
    }
}

#[test]
fn lines_of_labelled_company_dates_role_and_place() {
    let page = root().join("tests/fixtures/shapes/labelled.en.md");
    let doc = ir(&page);
    let got = parts(&doc);
    assert_eq!(
        got,
        [
            ["Platform Engineer", "Company: Acme Freight", "Location: Lausanne", "Dates: July 2019 - Present"],
            ["Position: Team Lead", "Northwind Labs", "", "Period: 2015 - 2018"]
        ]
        .map(|e| e.map(String::from))
    );
    if have("pdftotext") {
        let flat = pdf_text(&page, &Scratch::new("labelled-en"), &[]);
        assert_in_order(&flat, &["Moved the fleet".into(), "Ran a team of six.".into()], "bodies");
        assert!(flat.contains("Company: Acme Freight") && flat.contains("Position: Team Lead"), "fields keep their labels: {flat}");
    }
}

#[test]
fn a_list_whose_items_open_with_a_bold_role_and_dates_is_a_list_of_entries() {
    let page = root().join("tests/fixtures/shapes/list-entries.md");
    let doc = ir(&page);
    let got: Vec<[String; 2]> = entries(&doc).into_iter().map(|[r, _, _, w, _]| [r, w]).collect();
    assert_eq!(
        got,
        [["Research Engineer", "September 2020 - present"], ["Intern", "June 2019 - August 2019"]].map(|e| e.map(String::from))
    );
    let blocks = |n: usize| {
        doc["sections"][n]["blocks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["kind"].as_object().unwrap().keys().next().unwrap().clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(blocks(0), ["Entry", "Entry", "Paragraph"], "the text after the list is the section's, not the last entry's");
    assert_eq!(blocks(1), ["List"], "skills stay a list");
    if have("pdftotext") {
        let flat = pdf_text(&page, &Scratch::new("list-entries"), &[]);
        assert_in_order(
            &flat,
            &["Research Engineer".into(), "Robotics, Example Institute".into(), "Intern".into(), "Sample Corp".into()],
            "bodies",
        );
    }
}

#[test]
fn check_names_the_missing_section_and_both_files() {
    let run = cvpdf(&root(), &["check", "tests/fixtures/shapes"]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("section 'Langues' (languages) has no counterpart in the en variant"), "{stderr}");
    assert!(stderr.contains("cv.fr.md:50:1") && stderr.contains("cv.en.md"), "{stderr}");
    assert_eq!(stderr.matches("warning:").count(), 1, "only the missing section differs: {stderr}");
}

/// The values of the parameters that name an entry's role, organisation, place and dates in
/// `src`, in order: what each shortcode or record says.
fn shortcode_fields(src: &str, keys: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for tag in src.split("{{").skip(1) {
        let tag = tag.split("}}").next().unwrap_or("");
        for key in keys {
            if let Some(i) = tag.find(&format!("{key}=\"")) {
                let value = &tag[i + key.len() + 2..];
                out.push((tag.find(key).unwrap_or(0), value[..value.find('"').unwrap_or(0)].to_string()));
            }
        }
        out.sort_by_key(|(i, _)| *i);
    }
    out.into_iter().map(|(_, v)| v).collect()
}

#[test]
#[cfg_attr(not(corpus), ignore = "reads ../shared: runs when CI is set")]
fn public_pages_keep_every_role_employer_and_date() {
    let shared = shared();
    if !have("pdftotext") {
        return;
    }
    let tmp = Scratch::new("public-entries");
    for (page, keys) in
        [("notrack-resume/resume.md", &["what", "where", "when"][..]), ("xterm-cv/cv.md", &["title", "name", "location", "date"][..])]
    {
        let path = shared.join("corpus/public").join(page);
        let src = std::fs::read_to_string(&path).unwrap();
        let doc = ir(&path);
        let found = entries(&doc);
        let flat = pdf_text(&path, &tmp, &[]);
        // Every shortcode value is in the PDF.
        for v in shortcode_fields(&src, keys) {
            assert!(
                flat.contains(&v.replace('\n', " ").split_whitespace().collect::<Vec<_>>().join(" ")),
                "{page}: `{v}` not in the PDF:\n{flat}"
            );
        }
        // In the order of the entries, each with its dates flush right.
        let wanted: Vec<String> = found.iter().flat_map(|e| e[..4].to_vec()).collect();
        assert_in_order(&flat, &wanted, page);
        assert_dates_on_role_line(&path, found.iter().filter(|e| !e[3].is_empty()).count(), &[]);
        assert!(found.len() >= 3, "{page}: {found:?}");
    }
    // Academic's front-matter records.
    let path = shared.join("corpus/public/academic-experience/experience.md");
    let src = std::fs::read_to_string(&path).unwrap();
    let found = entries(&ir(&path));
    let flat = pdf_text(&path, &tmp, &[]);
    for line in src.lines().map(str::trim).filter(|l| l.starts_with("title =") || l.starts_with("company =") || l.starts_with("location ="))
    {
        let value = line.split('"').nth(1).unwrap_or("");
        if line.starts_with("title =") && value == "Experience" {
            continue;
        }
        assert!(flat.contains(value), "academic: `{value}` not in the PDF:\n{flat}");
    }
    for year in src.lines().filter_map(|l| l.trim().strip_prefix("date_start = \"")).map(|d| &d[..4]) {
        assert!(flat.contains(year), "academic: {year} not in the PDF");
    }
    assert_eq!(found.len(), src.lines().filter(|l| l.trim() == "[[experience]]").count());
    assert_dates_on_role_line(&path, found.len(), &[]);
}

#[test]
#[cfg_attr(not(corpus), ignore = "reads ../shared: runs when CI is set")]
fn seed_000_splits_its_title_into_name_and_headline() {
    let shared = shared();
    let seed = shared.join("corpus/seeds/000_ac93b3fd0b79b0dc.txt");
    let src = std::fs::read_to_string(&seed).unwrap();
    let title = src.lines().find_map(|l| l.strip_prefix("title = \"")).unwrap().trim_end_matches('"');
    let words: Vec<&str> = title.split_whitespace().collect();
    let doc = ir(&seed);
    assert_eq!(doc["header"]["name"], words[..2].join(" "));
    assert_eq!(doc["header"]["headline"], words[2..].join(" "));
    if have("pdfinfo") {
        let tmp = Scratch::new("seed000");
        let pdf = tmp.path("s.pdf");
        assert!(cvpdf(&tmp.0, &["render", seed.to_str().unwrap(), "-o", pdf.to_str().unwrap()]).status.success());
        assert_eq!(info(&pdf, "Author"), words[..2].join(" "));
    }
}

#[test]
#[cfg_attr(not(corpus), ignore = "reads ../shared: runs when CI is set")]
fn no_corpus_pdf_has_a_generic_title_or_a_section_for_author() {
    let shared = shared();
    if !have("pdfinfo") {
        return;
    }
    let generic = ["cv", "resume", "résumé", "curriculum vitae", "curriculum vitæ", "about me", "$ whoami", "mon cv", "experience"];
    let tmp = Scratch::new("authors");
    let mut pages = Vec::new();
    for dir in ["corpus/seeds", "corpus/public"] {
        for e in walk(&shared.join(dir)) {
            if e.extension().is_some_and(|x| x == "md" || x == "txt") && e.file_name().is_some_and(|n| n != "SOURCES.md") {
                pages.push(e);
            }
        }
    }
    for (i, page) in pages.iter().enumerate() {
        let pdf = tmp.path(&format!("{i}.pdf"));
        let run = cvpdf(&tmp.0, &["render", page.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
        assert!(run.status.success(), "{}", page.display());
        let author = info(&pdf, "Author").to_lowercase();
        assert!(!generic.contains(&author.as_str()), "{}: Author `{author}`", page.display());
        let doc = ir(page);
        for s in doc["sections"].as_array().unwrap() {
            let t = text(&s["title"]).to_lowercase();
            assert!(t.is_empty() || t != author, "{}: a section title `{t}` is the Author", page.display());
        }
        if author.is_empty() {
            let stderr = String::from_utf8_lossy(&run.stderr);
            assert!(stderr.contains("add `name = "), "{}: no name and no word on how to give one:\n{stderr}", page.display());
        }
    }
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() { out.extend(walk(&p)) } else { out.push(p) }
    }
    out.sort();
    out
}

#[test]
fn a_place_before_the_dates_a_note_after_the_role_and_a_details_summary_make_entries() {
    let page = root().join("tests/fixtures/shapes/place-dates.md");
    let doc = ir(&page);
    assert_eq!(
        parts(&doc),
        [
            ["Data Engineer", "Northwind Freight", "Lyon", "March 2022 – Present"],
            ["Data Manager (Contract)", "Acme Hospital", "Grenoble", "June 2019 – February 2022"],
            ["Software Engineering Intern", "Example Labs", "Boston, MA", "Summer 2018"],
            ["Master’s Degree", "Applied Mathematics", "Example University", "2016 – 2018"],
        ]
        .map(|e| e.map(String::from))
    );
    let summer = &entries(&doc)[2][4];
    assert!(summer.contains("2018") && summer.contains("\"month\":6"), "a season is read as a date: {summer}");
    assert_eq!(doc["header"]["name"], "Robin Example", "the name a page description ties to its generic title");
    if have("pdftotext") {
        let flat = pdf_text(&page, &Scratch::new("place-dates"), &[]);
        assert_in_order(&flat, &["Freight brokerage.".into(), "Ran the clinical".into(), "Wrote the first test harness".into()], "bodies");
    }
}

#[test]
fn a_title_that_ties_cv_to_a_name_gives_the_name_and_sentences_are_no_headline() {
    let page = root().join("tests/fixtures/titles/cv-de.fr.md");
    let doc = ir(&page);
    assert_eq!(doc["header"]["name"], "Camille Exemple", "`CV de …` is not part of the name");
    assert!(doc["header"]["headline"].is_null(), "two sentences are no headline: {}", doc["header"]);
    let opening = text(&doc["sections"][0]["blocks"][0]["kind"]["Paragraph"]);
    assert!(opening.starts_with("Ingénieure données indépendante"), "the description opens the résumé: {opening}");
    assert_eq!(
        parts(&doc),
        [["Ingénieure données", "Exemple SA", "Lyon", "Janvier 2020 – Présent"], ["Stagiaire", "Beta Labs", "", "Été 2018"]]
            .map(|e| e.map(String::from))
    );
}

#[test]
fn a_list_of_dated_titles_under_a_section_title_is_a_list_of_entries() {
    let page = root().join("tests/fixtures/shapes/dated-items.md");
    let doc = ir(&page);
    assert_eq!(
        parts(&doc),
        [
            ["Lead Developer", "Northwind", "", "2019 - now"],
            ["Developer", "Acme Labs", "", "June 2015 - May 2019"],
            ["Support Engineer", "Beta Corp", "", "May 2013 - May 2015"],
            ["Intern", "Gamma Labs", "", "Summer 2012"],
            ["Teaching Assistant, Department of Mathematics", "Example College", "", "2011 - 2012"],
            ["B.S. in Mathematics", "Example College", "", "2011"],
            ["Lab Assistant", "Example Institute of Physics", "", "2010"],
            ["Research Technician", "Example Institute", "", "2015-2016"],
            ["Research Assistant", "Example Lab", "", "2014-2015"],
            ["Undergraduate researcher", "Example University", "", ""],
            ["MSc Computer Science", "Example University", "", "2015"],
            ["BSc Mathematics", "Example College", "", "2013"],
            ["Mentor", "Code Club Example", "", "2018 - 2020"],
        ]
        .map(|e| e.map(String::from)),
        "dated bullets in an entry's body, or below a heading of their own, stay bullets; the odd item of a list of entries is one"
    );
    let projects = &doc["sections"][3]["blocks"];
    assert!(projects.as_array().unwrap().iter().any(|b| b["kind"]["List"].is_object()), "{projects}");
    if have("pdftotext") {
        let flat = pdf_text(&page, &Scratch::new("dated-items"), &[]);
        let bodies = [
            "Ran the front-end team",
            "2021: moved the app",
            "Built the booking pages",
            "Cleaned the optics bench",
            "Built a robot arm",
            "Taught Python to teenagers",
        ];
        assert_in_order(&flat, &bodies.map(String::from), "bodies");
    }
}

#[test]
fn a_theme_s_placeholder_author_is_no_name() {
    let page = root().join("tests/fixtures/titles/placeholder.md");
    assert!(ir(&page)["header"]["name"].is_null(), "`Hugo Authors` is not printed as the person's name");
    let run = cvpdf(&root(), &["render", page.to_str().unwrap(), "--emit", "ir", "-o", "-"]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("`Hugo Authors` is a theme's placeholder") && stderr.contains("placeholder.md:5:3"), "{stderr}");
}

#[test]
fn dated_records_under_any_key_and_a_text_under_a_section_s_key_are_sections() {
    let page = root().join("tests/fixtures/data/timeline.md");
    let doc = ir(&page);
    let titles: Vec<String> = doc["sections"].as_array().unwrap().iter().map(|s| text(&s["title"])).collect();
    assert_eq!(titles, ["", "Events", "Languages"], "the heading of a section made of a key");
    assert_eq!(
        parts(&doc),
        [["BSc Computer Science", "", "", "2018 - 2021"], ["Freelance Developer", "", "", "2022"]].map(|e| e.map(String::from))
    );
    let run = cvpdf(&root(), &["render", page.to_str().unwrap(), "--emit", "ir", "-o", "-"]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("the records of `events` hold dates"), "{stderr}");
    assert!(stderr.contains("`section_title` is not in the PDF"), "the title of a section is no section: {stderr}");
    if have("pdftotext") {
        let flat = pdf_text(&page, &Scratch::new("timeline"), &[]);
        assert_in_order(&flat, &["Graduated with honours.".into(), "French (native), English (C1)".into()], "bodies");
    }
}

#[test]
fn a_key_in_the_page_s_language_heads_its_section_as_written() {
    let tmp = Scratch::new("key-heading");
    let page = tmp.path("cv.md");
    std::fs::write(&page, "---\nname: Sam Example\nside_projects: [\"A chess engine\"]\n---\n\nI write software.\n").unwrap();
    let titles: Vec<String> = ir(&page)["sections"].as_array().unwrap().iter().map(|s| text(&s["title"])).collect();
    assert_eq!(titles.last().map(String::as_str), Some("Side projects"), "{titles:?}");
}
