//! Which page is the résumé: a file given as it is, or a page of a folder laid out the way Hugo
//! lays out a site. From a site's root, cvpdf reads its configuration (`hugo.toml`,
//! `config.toml`, `config.yaml`, `config/_default/`): `contentDir`, per language or for all,
//! and `defaultContentLanguage`; it finds pages in the content folders, in page bundles
//! (`resume/index.fr.md`) and as `cv.fr.md`; a page's language comes from its name, its
//! language's content folder, or a `content/fr/` folder. When several pages could be the résumé
//! it takes the one whose name or title says so, and says which.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Kind};
use crate::source::site;
use crate::source::vocabulary::{fold_words, words};
use crate::style::lang::Lang;

/// A page to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The page.
    pub path: PathBuf,
    /// The language its location says it is in, if any.
    pub lang: Option<Lang>,
    /// What its PDF is named after: the page (`cv`), or its bundle (`resume` for
    /// `resume/index.fr.md`).
    pub name: String,
}

/// The pages found, and notes on the choices made.
#[derive(Debug, Clone, Default)]
pub struct Discovery {
    /// One page a language.
    pub pages: Vec<Found>,
    /// Which page was taken among several, and why.
    pub notes: Vec<Diagnostic>,
}

/// Extensions read as pages.
const PAGES: &[&str] = &["md", "markdown", "txt"];

/// Files that are not Markdown pages, and what they are.
const NOT_PAGES: &[(&str, &str)] = &[
    ("json", "a JSON data file (JSON Resume), not a résumé page"),
    ("yaml", "a YAML data file (RenderCV), not a résumé page"),
    ("yml", "a YAML data file (RenderCV), not a résumé page"),
    ("toml", "a TOML configuration file, not a résumé page"),
    ("docx", "a Word document, not a Markdown page"),
    ("doc", "a Word document, not a Markdown page"),
    ("odt", "an OpenDocument text, not a Markdown page"),
    ("rtf", "a rich-text document, not a Markdown page"),
    ("pdf", "a PDF, not a Markdown page"),
    ("html", "a web page, not a Markdown page"),
    ("htm", "a web page, not a Markdown page"),
    ("tex", "a LaTeX document, not a Markdown page"),
    ("png", "an image, not a Markdown page"),
    ("jpg", "an image, not a Markdown page"),
    ("jpeg", "an image, not a Markdown page"),
];

/// Folders never searched for pages.
const SKIPPED: &[&str] = &["static", "layouts", "themes", "public", "resources", "node_modules", "assets", "data", "archetypes", "i18n"];

/// Page names that say "résumé", best first.
const RESUME_NAMES: &[&str] = &["cv", "resume", "curriculum", "curriculum-vitae", "curriculum_vitae", "lebenslauf"];
/// Page names that may hold a résumé.
const ABOUT_NAMES: &[&str] = &["about", "a-propos", "apropos", "about-me", "whoami", "moi", "me", "profile", "profil"];

/// `cv.fr.md` → (`cv`, Some(Fr)); `cv.md` → (`cv`, None).
pub fn split_name(path: &Path) -> (String, Option<Lang>) {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    match stem.rsplit_once('.') {
        Some((base, code)) if Lang::parse(code).is_some() && code.len() == 2 => (base.to_string(), Lang::parse(code)),
        _ => (stem.to_string(), None),
    }
}

/// Refuses a file that is not a Markdown page, saying what it is.
pub fn check_page(path: &Path) -> Result<(), Diagnostic> {
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    if PAGES.contains(&ext.as_str()) {
        return Ok(());
    }
    let what =
        NOT_PAGES.iter().find(|(e, _)| *e == ext).map_or_else(|| format!("a .{ext} file, not a Markdown page"), |(_, w)| w.to_string());
    Err(Diagnostic::file_error(path, format!("this is {what}"))
        .with_hint("cvpdf reads Markdown pages (cv.md), with or without Hugo front matter")
        .of_kind(Kind::NotAPage))
}

/// Finds the pages to render under `input` for `lang` (every language found when `None`).
pub fn find(input: &Path, lang: Option<Lang>) -> Result<Discovery, Diagnostic> {
    // `-`: the page comes on standard input.
    if input == Path::new("-") {
        return Ok(Discovery { pages: vec![Found { path: input.to_path_buf(), lang, name: "cv".to_string() }], notes: Vec::new() });
    }
    if input.is_file() {
        check_page(input)?;
        let (_, suffix) = split_name(input);
        let dir_lang = input
            .parent()
            .and_then(|p| p.file_name())
            .and_then(|n| n.to_str())
            .and_then(|n| if n.len() == 2 { Lang::parse(n) } else { None });
        let found = named(Found { path: input.to_path_buf(), lang: lang.or(suffix).or(dir_lang), name: page_name(input, &[]) });
        return Ok(Discovery { pages: vec![found], notes: Vec::new() });
    }
    if !input.is_dir() {
        return Err(
            Diagnostic::file_error(input, "no such file or folder").with_hint("give a résumé page (cv.md) or a folder of pages (content/)")
        );
    }
    let site = Site::read(input);
    let candidates = site.candidates();
    // No page or folder names a language: every page is any language's (`--lang` says which).
    let single_language = candidates.iter().all(|c| c.lang.is_none());
    let langs: Vec<Option<Lang>> = match lang {
        Some(l) => vec![Some(l)],
        None => {
            let mut found: Vec<Option<Lang>> =
                Lang::ALL.into_iter().filter(|l| candidates.iter().any(|c| c.lang == Some(*l))).map(Some).collect();
            if found.is_empty() {
                found.push(None);
            }
            found
        }
    };
    let mut out = Discovery::default();
    for l in langs {
        let of_lang: Vec<&Found> = candidates.iter().filter(|c| c.lang == l || l.is_some() && single_language).collect();
        let (found, note) = choose(&of_lang, l, input, &candidates)?;
        out.pages.push(Found { lang: l.or(found.lang), ..found });
        out.notes.extend(note);
    }
    Ok(out)
}

/// A site, as far as finding its pages goes.
struct Site {
    /// Content folders, with the language each is for (`None`: all of them).
    roots: Vec<(Option<Lang>, PathBuf)>,
    /// `defaultContentLanguage`.
    default_lang: Option<Lang>,
}

impl Site {
    fn read(dir: &Path) -> Site {
        let config = site::config(dir);
        let text = |k: &str| config.as_ref().and_then(|c| crate::source::front::get(&c.table, k)).and_then(|v| v.as_text());
        let default_lang = text("defaultContentLanguage").as_deref().and_then(Lang::parse);
        let mut roots: Vec<(Option<Lang>, PathBuf)> =
            config.as_ref().map(|c| c.content_dirs().into_iter().map(|(l, d)| (Some(l), dir.join(d))).collect()).unwrap_or_default();
        if roots.is_empty() {
            let content = dir.join(text("contentDir").unwrap_or_else(|| "content".to_string()));
            let root = if content.is_dir() { content } else { dir.to_path_buf() };
            roots.push((None, root));
        }
        Site { roots, default_lang }
    }

    /// Every page of the site's content folders, with its language and name.
    fn candidates(&self) -> Vec<Found> {
        let root_dirs: Vec<&Path> = self.roots.iter().map(|(_, d)| d.as_path()).collect();
        let mut out = Vec::new();
        for (root_lang, root) in &self.roots {
            for page in pages_under(root, 0) {
                let (_, named) = split_name(&page);
                let folder = page
                    .strip_prefix(root)
                    .ok()
                    .and_then(|rel| rel.components().next())
                    .and_then(|c| c.as_os_str().to_str())
                    .filter(|n| n.len() == 2)
                    .and_then(Lang::parse)
                    .filter(|_| page.parent() != Some(root.as_path()));
                let lang = named.or(*root_lang).or(folder);
                out.push(Found { name: page_name(&page, &root_dirs), path: page, lang });
            }
        }
        // Pages that name no language are the default language's, when the site says which.
        if let Some(default) = self.default_lang {
            for f in out.iter_mut().filter(|f| f.lang.is_none()) {
                f.lang = Some(default);
            }
        }
        out
    }
}

/// The pages in `dir` and below (three levels), sorted.
fn pages_under(dir: &Path, depth: usize) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return out };
    let mut entries: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if p.is_dir() {
            if depth < 3 && !name.starts_with('.') && !SKIPPED.contains(&name) {
                out.extend(pages_under(&p, depth + 1));
            }
        } else if p.extension().and_then(|e| e.to_str()).is_some_and(|e| PAGES.contains(&e.to_ascii_lowercase().as_str()))
            && !name.starts_with('.')
        {
            out.push(p);
        }
    }
    out
}

/// What a page's PDF is named after: its name without the language, or for a bundle's
/// `index.md` / `_index.md` its folder's; empty for a site's home page (an index in a content
/// folder or a language's folder), which is named `cv`.
fn page_name(page: &Path, roots: &[&Path]) -> String {
    let (stem, _) = split_name(page);
    if !["_index", "index"].contains(&stem.as_str()) {
        return stem;
    }
    let Some(dir) = page.parent() else { return String::new() };
    let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let language_folder = name.len() == 2 && Lang::parse(name).is_some();
    if roots.contains(&dir) || language_folder || name == "content" || name.is_empty() { String::new() } else { name.to_string() }
}

/// How much a page's name and `title` say it is the résumé: 3 by its name, 2 by its title, 1 an
/// "about" page, 0 nothing.
fn score(page: &Found, title: Option<&str>) -> u8 {
    let name = page.name.to_lowercase();
    if RESUME_NAMES.contains(&name.as_str()) || name.starts_with("cv") || name.contains("resume") {
        return 3;
    }
    let says = |w: &str| ["cv", "resume", "curriculum", "vitae"].contains(&w);
    if title.is_some_and(|t| fold_words(t).iter().any(|w| says(w))) {
        return 2;
    }
    u8::from(ABOUT_NAMES.contains(&name.as_str()))
}

/// The `title` a page's front matter gives, read from its first lines.
fn page_title(path: &Path) -> Option<String> {
    std::fs::read_to_string(path).ok().and_then(|t| {
        t.lines().take(40).find_map(|l| {
            l.trim().strip_prefix("title").map(|r| r.trim_start_matches([' ', '=', ':']).trim_matches(['"', '\'', ' ']).to_string())
        })
    })
}

/// A home page's PDF is named `cv`.
fn named(f: Found) -> Found {
    if f.name.is_empty() { Found { name: "cv".to_string(), ..f } } else { f }
}

/// The page of `of_lang` that is the résumé, and a note when others could have been.
fn choose(of_lang: &[&Found], lang: Option<Lang>, input: &Path, all: &[Found]) -> Result<(Found, Option<Diagnostic>), Diagnostic> {
    match of_lang {
        [] => {
            let what =
                lang.map_or_else(|| "no résumé page in this folder".to_string(), |l| format!("no page for language `{l}` in this folder"));
            let listed: Vec<String> = all.iter().map(|f| f.path.strip_prefix(input).unwrap_or(&f.path).display().to_string()).collect();
            let hint = if listed.is_empty() {
                format!("cvpdf looks for Markdown pages in {} and its content folders", input.display())
            } else {
                let code = lang.map_or("fr", Lang::code);
                format!("found {}; for --lang {code}, name the page like cv.{code}.md or put it in content/{code}/", listed.join(", "))
            };
            Err(Diagnostic::file_error(input, what).with_hint(hint).of_kind(Kind::Usage))
        }
        [only] => Ok((named((*only).clone()), None)),
        several => {
            // Each page's title, read once for the ranking and for the warning.
            let titles: Vec<Option<String>> = several.iter().map(|f| page_title(&f.path)).collect();
            let mut ranked: Vec<(u8, usize, &Found)> =
                several.iter().zip(&titles).map(|(f, t)| (score(f, t.as_deref()), f.path.components().count(), *f)).collect();
            ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.path.cmp(&b.2.path)));
            let listed: Vec<String> = several.iter().map(|f| f.path.strip_prefix(input).unwrap_or(&f.path).display().to_string()).collect();
            match ranked.first() {
                Some((best, _, f)) if *best > 0 => {
                    let why = match best {
                        3 => "its name says so",
                        2 => "its title says so",
                        _ => "it is the about page",
                    };
                    let message = format!("taken as the résumé ({why}) among {}", listed.join(", "));
                    let note = match left_sections(several, &titles, f, input) {
                        Some(left) => Diagnostic::file_warning(&f.path, format!("{message}: the others are not in the PDF, and {left}"))
                            .with_hint("cvpdf sets one page a language: join the sections into one page, or render each page on its own"),
                        None => Diagnostic::file_note(&f.path, message),
                    };
                    Ok((named((*f).clone()), Some(note)))
                }
                _ => Err(Diagnostic::file_error(input, format!("several pages could be the résumé: {}", listed.join(", ")))
                    .with_hint("name it cv.md (or resume.md), or give the page itself")
                    .of_kind(Kind::Usage)),
            }
        }
    }
}

/// The pages beside the résumé `chosen` that are titled like its sections ("Work experience",
/// "Skills"), said in words: a site that keeps its résumé a section a page, which cvpdf does not
/// set whole.
fn left_sections(pages: &[&Found], titles: &[Option<String>], chosen: &Found, input: &Path) -> Option<String> {
    let titled = |(f, t): &(&&Found, &Option<String>)| f.path != chosen.path && t.as_deref().is_some_and(|t| words().is_section_title(t));
    let left: Vec<String> =
        pages.iter().zip(titles).filter(titled).map(|(f, _)| f.path.strip_prefix(input).unwrap_or(&f.path).display().to_string()).collect();
    (!left.is_empty()).then(|| format!("{} are titled like sections of a résumé", left.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[(&str, &str)]) -> tempdir::Dir {
        let d = tempdir::Dir::new();
        for (f, text) in files {
            let p = d.path.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        d
    }

    fn pages(files: &[&str]) -> tempdir::Dir {
        tree(&files.iter().map(|f| (*f, "# x\n")).collect::<Vec<_>>())
    }

    mod tempdir {
        /// A scratch folder removed on drop.
        pub struct Dir {
            pub path: std::path::PathBuf,
        }
        impl Dir {
            pub fn new() -> Dir {
                use std::sync::atomic::{AtomicUsize, Ordering};
                static N: AtomicUsize = AtomicUsize::new(0);
                let path = std::env::temp_dir().join(format!("cvpdf-discover-{}-{}", std::process::id(), N.fetch_add(1, Ordering::SeqCst)));
                std::fs::create_dir_all(&path).unwrap();
                Dir { path }
            }
        }
        impl Drop for Dir {
            fn drop(&mut self) {
                let _ = std::fs::remove_dir_all(&self.path);
            }
        }
    }

    #[test]
    fn hugo_content_dirs() {
        let d = pages(&["content/fr/cv.md", "content/en/cv.md", "content/en/other.md"]);
        let found = find(&d.path, Some(Lang::Fr)).unwrap().pages;
        assert_eq!(found[0].path, d.path.join("content/fr/cv.md"));
        let all = find(&d.path, None).unwrap();
        assert_eq!(all.pages.len(), 2);
        assert_eq!(all.pages[1].path, d.path.join("content/en/cv.md"));
        assert_eq!(all.notes.len(), 1, "cv.md was taken over other.md: {:?}", all.notes);
    }

    #[test]
    fn translation_by_file_name() {
        let d = pages(&["cv.md", "cv.fr.md", "cv.en.md", "notes.md"]);
        assert_eq!(find(&d.path, Some(Lang::Fr)).unwrap().pages[0].path, d.path.join("cv.fr.md"));
        assert_eq!(find(&d.path, Some(Lang::En)).unwrap().pages[0].path, d.path.join("cv.en.md"));
    }

    #[test]
    fn missing_variant_lists_what_was_found() {
        let d = pages(&["a.md", "b.md"]);
        let e = find(&d.path, Some(Lang::Fr)).unwrap_err();
        let said = format!("{} {}", e.message, e.hints.join(" "));
        assert!(said.contains("a.md") && said.contains("b.md"), "{said}");
        assert_eq!(e.kind.exit_status(), 2);
    }

    #[test]
    fn file_language_from_name_or_folder() {
        let d = pages(&["x/fr/page.md", "y/cv.en.md"]);
        assert_eq!(find(&d.path.join("x/fr/page.md"), None).unwrap().pages[0].lang, Some(Lang::Fr));
        assert_eq!(find(&d.path.join("y/cv.en.md"), None).unwrap().pages[0].lang, Some(Lang::En));
    }

    #[test]
    fn a_site_with_content_dirs_bundles_and_several_pages() {
        let d = tree(&[
            (
                "hugo.toml",
                "defaultContentLanguage = \"en\"\n[languages.en]\ncontentDir = \"content/english\"\n[languages.fr]\ncontentDir = \"content/french\"\n",
            ),
            ("content/english/posts/hello.md", "---\ntitle: Hello\n---\n"),
            ("content/english/resume/index.md", "---\ntitle: Jane Doe\n---\n"),
            ("content/english/_index.md", "---\ntitle: Home\n---\n"),
            ("content/french/resume/index.md", "---\ntitle: Jane Doe\n---\n"),
        ]);
        let all = find(&d.path, None).unwrap();
        let got: Vec<(String, Option<Lang>)> = all.pages.iter().map(|f| (f.name.clone(), f.lang)).collect();
        assert_eq!(got, [("resume".to_string(), Some(Lang::Fr)), ("resume".to_string(), Some(Lang::En))]);
        assert!(all.notes.iter().any(|n| n.message.contains("its name says so")), "{:?}", all.notes);
    }

    #[test]
    fn pages_titled_like_sections_beside_the_resume_are_a_warning() {
        let d = tree(&[
            ("content/about.md", "---\ntitle: About me\n---\n"),
            ("content/work.md", "---\ntitle: \"Work experience\"\n---\n"),
            ("content/links.md", "---\ntitle: Social Links\n---\n"),
        ]);
        let all = find(&d.path, None).unwrap();
        let [note] = all.notes.as_slice() else { panic!("{:?}", all.notes) };
        assert_eq!(note.severity, crate::diag::Severity::Warning);
        assert!(note.message.contains("content/work.md are titled like sections"), "{}", note.message);
        let d = tree(&[("content/about.md", "---\ntitle: About me\n---\n"), ("content/links.md", "---\ntitle: Social Links\n---\n")]);
        assert_eq!(find(&d.path, None).unwrap().notes[0].severity, crate::diag::Severity::Note, "no section beside it: a note");
    }

    #[test]
    fn a_bundle_with_language_suffixes_under_config_default() {
        let d = tree(&[
            ("config/_default/hugo.toml", "defaultContentLanguage = \"fr\"\n"),
            ("content/resume/index.fr.md", "---\ntitle: A\n---\n"),
            ("content/resume/index.en.md", "---\ntitle: A\n---\n"),
            ("content/blog/post.md", "---\ntitle: Post\n---\n"),
        ]);
        let all = find(&d.path, None).unwrap();
        let got: Vec<(String, Option<Lang>)> = all.pages.iter().map(|f| (f.name.clone(), f.lang)).collect();
        assert_eq!(got, [("resume".to_string(), Some(Lang::Fr)), ("resume".to_string(), Some(Lang::En))]);
    }

    #[test]
    fn several_pages_that_say_nothing_are_listed() {
        let d = pages(&["content/fr/alpha.md", "content/fr/beta.md"]);
        let e = find(&d.path, Some(Lang::Fr)).unwrap_err();
        assert!(e.message.contains("alpha.md") && e.message.contains("beta.md"), "{}", e.message);
    }

    #[test]
    fn files_that_are_not_pages() {
        for (name, what) in [("cv.docx", "Word document"), ("cv.pdf", "a PDF"), ("resume.json", "JSON Resume")] {
            let e = check_page(Path::new(name)).unwrap_err();
            assert!(e.message.contains(what), "{}", e.message);
            assert_eq!(e.kind, Kind::NotAPage);
        }
        assert!(check_page(Path::new("cv.md")).is_ok());
    }
}
