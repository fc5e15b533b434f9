//! Where a PDF goes, and how it gets there without ever leaving half a file behind.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::style::lang::Lang;

/// The default output file for a page named `name` (see
/// [`Found::name`](crate::source::discover::Found)): `<name>.<lang>.pdf` in the current folder.
pub fn default_path(name: &str, lang: Lang) -> PathBuf {
    PathBuf::from(format!("{name}.{lang}.pdf"))
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename, so a
/// failure never leaves a partial PDF and never touches an existing one. A missing folder is
/// created (`-o dist/cv.pdf` in CI). The file is not synced to disk (`fsync` took 13 ms, half
/// a render): like every compiler, cvpdf leaves that to the system.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out.pdf");
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
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
        assert_eq!(default_path("cv", Lang::Fr), PathBuf::from("cv.fr.pdf"));
        assert_eq!(default_path("resume", Lang::En), PathBuf::from("resume.en.pdf"));
    }
}
