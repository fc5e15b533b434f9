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
///
/// A path that is not a regular file (`/dev/null`, `/dev/stdout`, a named pipe) is written in
/// place: a rename would replace the device itself, which run as root broke `/dev/null` for
/// every later process on the machine. A symbolic link is followed, so the file it names is
/// replaced and the link stays.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() && !meta.is_dir() => {
            return std::fs::OpenOptions::new().write(true).open(path)?.write_all(bytes);
        }
        Ok(_) if path.is_symlink() => return replace(&std::fs::canonicalize(path)?, bytes),
        _ => {}
    }
    replace(path, bytes)
}

/// The temporary file and the rename of [`write_atomic`].
fn replace(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
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
        move_into_place(&tmp, path, &dir.join(format!(".{name}.{}.old", std::process::id())))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Renames `tmp` to `path`, moving the file already at `path` aside to `aside` first and
/// removing it after.
///
/// A rename onto an existing file makes ext4 (`auto_da_alloc`, on by default) write the new
/// file's data out before the rename returns: 0.1–0.7 ms, up to a tenth of a render. Renames
/// onto a free name do not. If the second rename fails, the old file is put back, so a failure
/// still leaves it as it was; in between, for a few microseconds, `path` names no file.
fn move_into_place(tmp: &Path, path: &Path, aside: &Path) -> std::io::Result<()> {
    let is_file = std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file());
    if !is_file || std::fs::rename(path, aside).is_err() {
        // Nothing there, a folder, or a file that cannot be moved: the plain rename decides.
        return std::fs::rename(tmp, path);
    }
    if let Err(e) = std::fs::rename(tmp, path) {
        let _ = std::fs::rename(aside, path);
        return Err(e);
    }
    let _ = std::fs::remove_file(aside);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_page() {
        assert_eq!(default_path("cv", Lang::Fr), PathBuf::from("cv.fr.pdf"));
        assert_eq!(default_path("resume", Lang::En), PathBuf::from("resume.en.pdf"));
    }

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("cvpdf-output-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_device_is_written_not_replaced() {
        write_atomic(Path::new("/dev/null"), b"%PDF-").unwrap();
        let meta = std::fs::metadata("/dev/null").unwrap();
        assert!(!meta.is_file(), "/dev/null became a regular file");
        assert_eq!(std::fs::read("/dev/null").unwrap().len(), 0);
    }

    #[test]
    fn a_link_keeps_pointing_at_the_file_it_names() {
        let dir = scratch("link");
        std::fs::write(dir.join("real.pdf"), b"old").unwrap();
        std::os::unix::fs::symlink("real.pdf", dir.join("cv.pdf")).unwrap();
        write_atomic(&dir.join("cv.pdf"), b"new").unwrap();
        assert!(dir.join("cv.pdf").is_symlink());
        assert_eq!(std::fs::read(dir.join("real.pdf")).unwrap(), b"new");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_existing_file_is_replaced_and_nothing_else_stays() {
        let dir = scratch("replace");
        std::fs::write(dir.join("cv.pdf"), b"old").unwrap();
        write_atomic(&dir.join("cv.pdf"), b"new").unwrap();
        assert_eq!(std::fs::read(dir.join("cv.pdf")).unwrap(), b"new");
        let names: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["cv.pdf"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_folder_in_the_way_is_an_error_and_stays() {
        let dir = scratch("in-the-way");
        std::fs::create_dir_all(dir.join("cv.pdf/inside")).unwrap();
        assert!(write_atomic(&dir.join("cv.pdf"), b"new").is_err());
        assert!(dir.join("cv.pdf/inside").is_dir());
        let names: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["cv.pdf"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_missing_folder_is_made_and_no_temporary_file_stays() {
        let dir = scratch("folder");
        write_atomic(&dir.join("dist/cv.pdf"), b"pdf").unwrap();
        let names: Vec<_> = std::fs::read_dir(dir.join("dist")).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["cv.pdf"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
