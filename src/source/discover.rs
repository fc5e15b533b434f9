//! Which page is the résumé: from a file, or from a folder laid out the way Hugo lays out
//! content (`content/fr/…`, `cv.fr.md` beside `cv.md`).

use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::style::lang::Lang;

/// A page to render, and the language its location says it is in (if any).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The page.
    pub path: PathBuf,
    /// The language from `--lang`, the file name (`cv.fr.md`) or the folder (`content/fr/`).
    pub lang: Option<Lang>,
}

/// Page names tried in a folder, in order.
const NAMES: &[&str] = &["_index", "index", "cv", "resume", "résumé", "about"];

/// Extensions of data files that other résumé tools read, refused with a clear message.
const DATA_FORMATS: &[&str] = &["json", "yaml", "yml", "toml", "pdf", "html"];

/// The extensions read as pages.
fn is_page(p: &Path) -> bool {
    matches!(p.extension().and_then(|e| e.to_str()), Some("md" | "markdown" | "txt"))
}

/// `cv.fr.md` → (`cv`, Some(Fr)); `cv.md` → (`cv`, None).
pub fn split_name(path: &Path) -> (String, Option<Lang>) {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    match stem.rsplit_once('.') {
        Some((base, code)) if Lang::parse(code).is_some() && code.len() == 2 => (base.to_string(), Lang::parse(code)),
        _ => (stem.to_string(), None),
    }
}

/// Finds the pages to render under `input` for `lang` (every language found when `None`).
pub fn find(input: &Path, lang: Option<Lang>) -> Result<Vec<Found>, Diagnostic> {
    if input.is_file() {
        if let Some(ext) = input.extension().and_then(|e| e.to_str()).filter(|e| DATA_FORMATS.contains(&e.to_ascii_lowercase().as_str())) {
            return Err(Diagnostic::file_error(input, format!("this is a .{ext} data file, not a résumé page")).with_hint(
                "cvpdf reads Markdown pages with front matter (cv.md); JSON Resume and RenderCV files are other tools' formats",
            ));
        }
        let (_, named) = split_name(input);
        let dir_lang = input
            .parent()
            .and_then(|p| p.file_name())
            .and_then(|n| n.to_str())
            .and_then(|n| if n.len() == 2 { Lang::parse(n) } else { None });
        return Ok(vec![Found { path: input.to_path_buf(), lang: lang.or(named).or(dir_lang) }]);
    }
    if !input.is_dir() {
        return Err(
            Diagnostic::file_error(input, "no such file or folder").with_hint("give a résumé page (cv.md) or a folder of pages (content/)")
        );
    }
    if let Some(dirs) = hugo_content_dirs(input) {
        return from_hugo_config(input, &dirs, lang);
    }
    let dir = if input.join("content").is_dir() && pages_in(input).is_empty() { input.join("content") } else { input.to_path_buf() };
    let langs: Vec<Lang> = match lang {
        Some(l) => vec![l],
        None => {
            let found: Vec<Lang> = Lang::ALL.into_iter().filter(|l| has_variant(&dir, *l)).collect();
            if found.is_empty() {
                return pick(&dir, None).map(|path| vec![Found { path, lang: None }]);
            }
            found
        }
    };
    langs.into_iter().map(|l| pick_lang(&dir, l).map(|path| Found { path, lang: Some(l) })).collect()
}

/// Hugo's site configuration files, in the order Hugo reads them.
const HUGO_CONFIGS: &[&str] = &["hugo.toml", "hugo.yaml", "hugo.yml", "config.toml", "config.yaml", "config.yml"];

/// The `contentDir` of each language in the site's Hugo configuration, when it sets any.
fn hugo_content_dirs(root: &Path) -> Option<Vec<(Lang, PathBuf)>> {
    let (name, text) = HUGO_CONFIGS.iter().find_map(|n| std::fs::read_to_string(root.join(n)).ok().map(|t| (*n, t)))?;
    let languages: Vec<(String, Option<String>)> = if name.ends_with(".toml") {
        let table: toml::Table = text.parse().ok()?;
        let langs = table.get("languages")?.as_table()?;
        langs.iter().map(|(k, v)| (k.clone(), v.get("contentDir").and_then(|d| d.as_str()).map(str::to_string))).collect()
    } else {
        let value: serde_yaml::Value = serde_yaml::from_str(&text).ok()?;
        let langs = value.get("languages")?.as_mapping()?;
        langs
            .iter()
            .filter_map(|(k, v)| Some((k.as_str()?.to_string(), v.get("contentDir").and_then(|d| d.as_str()).map(str::to_string))))
            .collect()
    };
    let dirs: Vec<(Lang, PathBuf)> = languages.into_iter().filter_map(|(code, dir)| Some((Lang::parse(&code)?, root.join(dir?)))).collect();
    (!dirs.is_empty()).then_some(dirs)
}

fn from_hugo_config(root: &Path, dirs: &[(Lang, PathBuf)], lang: Option<Lang>) -> Result<Vec<Found>, Diagnostic> {
    let wanted: Vec<&(Lang, PathBuf)> = dirs.iter().filter(|(l, _)| lang.is_none_or(|w| w == *l)).collect();
    if wanted.is_empty() {
        let have: Vec<String> = dirs.iter().map(|(l, d)| format!("{l} ({})", d.display())).collect();
        return Err(Diagnostic::file_error(
            root,
            format!("the Hugo configuration has no contentDir for `{}`", lang.map_or("?", Lang::code)),
        )
        .with_hint(format!("configured: {}", have.join(", "))));
    }
    wanted.into_iter().map(|(l, d)| pick(d, Some(*l)).or_else(|_| pick(d, None)).map(|path| Found { path, lang: Some(*l) })).collect()
}

fn pages_in(dir: &Path) -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_file() && is_page(p)).collect())
        .unwrap_or_default();
    pages.sort();
    pages
}

fn has_variant(dir: &Path, lang: Lang) -> bool {
    dir.join(lang.code()).is_dir() || pages_in(dir).iter().any(|p| split_name(p).1 == Some(lang))
}

fn pick_lang(dir: &Path, lang: Lang) -> Result<PathBuf, Diagnostic> {
    let sub = dir.join(lang.code());
    if sub.is_dir() {
        return pick(&sub, Some(lang)).or_else(|_| pick(&sub, None));
    }
    pick(dir, Some(lang)).map_err(|e| {
        e.with_hint(format!("for --lang {lang}, cvpdf looks for {0}/{lang}/ or a page named like cv.{lang}.md", dir.display()))
    })
}

/// The résumé page in `dir` for `lang` (`None`: pages without a language suffix).
fn pick(dir: &Path, lang: Option<Lang>) -> Result<PathBuf, Diagnostic> {
    let pages: Vec<PathBuf> = pages_in(dir).into_iter().filter(|p| split_name(p).1 == lang).collect();
    for name in NAMES {
        if let Some(p) = pages.iter().find(|p| split_name(p).0.eq_ignore_ascii_case(name)) {
            return Ok(p.clone());
        }
    }
    if let [only] = pages.as_slice() {
        return Ok(only.clone());
    }
    let what = match lang {
        Some(l) => format!("no résumé page for language `{l}` in this folder"),
        None => "no résumé page in this folder".to_string(),
    };
    let listed: Vec<String> = pages_in(dir).iter().filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned())).collect();
    let hint = if listed.is_empty() {
        "the folder holds no .md page".to_string()
    } else {
        format!("found {}; name the résumé _index.md, index.md, cv.md or resume.md, or pass the file itself", listed.join(", "))
    };
    Err(Diagnostic::file_error(dir, what).with_hint(hint))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[&str]) -> tempdir::Dir {
        let d = tempdir::Dir::new();
        for f in files {
            let p = d.path.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "# x\n").unwrap();
        }
        d
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
        let d = tree(&["content/fr/cv.md", "content/en/cv.md", "content/en/other.md"]);
        let found = find(&d.path, Some(Lang::Fr)).unwrap();
        assert_eq!(found[0].path, d.path.join("content/fr/cv.md"));
        let all = find(&d.path, None).unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[1].path, d.path.join("content/en/cv.md"));
    }

    #[test]
    fn translation_by_file_name() {
        let d = tree(&["cv.md", "cv.fr.md", "cv.en.md", "notes.md"]);
        assert_eq!(find(&d.path, Some(Lang::Fr)).unwrap()[0].path, d.path.join("cv.fr.md"));
        assert_eq!(find(&d.path, Some(Lang::En)).unwrap()[0].path, d.path.join("cv.en.md"));
    }

    #[test]
    fn missing_variant_lists_what_was_found() {
        let d = tree(&["a.md", "b.md"]);
        let e = find(&d.path, Some(Lang::Fr)).unwrap_err();
        let hint = e.hints.join(" ");
        assert!(hint.contains("a.md") && hint.contains("b.md"), "{hint}");
    }

    #[test]
    fn file_language_from_name_or_folder() {
        let d = tree(&["x/fr/page.md", "y/cv.en.md"]);
        assert_eq!(find(&d.path.join("x/fr/page.md"), None).unwrap()[0].lang, Some(Lang::Fr));
        assert_eq!(find(&d.path.join("y/cv.en.md"), None).unwrap()[0].lang, Some(Lang::En));
    }
}
