//! Where a PDF goes, and how it gets there without ever leaving half a file behind.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::source::discover::split_name;
use crate::style::lang::Lang;

/// The default output file for a page: `<name>.<lang>.pdf` in the current folder, where
/// `<name>` is the page's name, or its folder's for Hugo's `_index.md` / `index.md`.
pub fn default_path(page: &Path, lang: Lang) -> PathBuf {
    let (stem, _) = split_name(page);
    let generic = ["_index", "index"].contains(&stem.as_str());
    let name = if generic {
        page.ancestors()
            .skip(1)
            .filter_map(|p| p.file_name().and_then(|n| n.to_str()))
            .find(|n| Lang::parse(n).is_none_or(|_| n.len() != 2) && *n != "content")
            .unwrap_or("cv")
            .to_string()
    } else {
        stem
    };
    PathBuf::from(format!("{name}.{lang}.pdf"))
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename, so a
/// failure never leaves a partial PDF and never touches an existing one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out.pdf");
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_page() {
        assert_eq!(default_path(Path::new("content/fr/cv.md"), Lang::Fr), PathBuf::from("cv.fr.pdf"));
        assert_eq!(default_path(Path::new("site/content/en/_index.md"), Lang::En), PathBuf::from("site.en.pdf"));
        assert_eq!(default_path(Path::new("content/fr/_index.md"), Lang::Fr), PathBuf::from("cv.fr.pdf"));
        assert_eq!(default_path(Path::new("x/resume.fr.md"), Lang::Fr), PathBuf::from("resume.fr.pdf"));
    }
}
