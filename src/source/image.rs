//! Pictures a page refers to: found where Hugo finds them, read only from inside the site, and
//! checked to be what they claim.
//!
//! A relative `src` is beside the page (a page bundle); a leading `/` is the site's `static/`
//! folder. A remote URL is never fetched. A path that leads out of the site root is refused.

use std::path::{Path, PathBuf};

/// A picture's encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Passed through to the PDF as it is (DCT).
    Jpeg {
        /// 1 (grey), 3 (RGB) or 4 (CMYK).
        components: u8,
    },
    /// Decoded and written as Flate-compressed samples.
    Png,
}

/// A picture file, read and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture {
    /// Its encoding.
    pub format: Format,
    /// Pixels across.
    pub width: u32,
    /// Pixels down.
    pub height: u32,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// Why a picture was not used; each becomes a warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// `http://…`, `https://…`, `//…`.
    Remote,
    /// The path leads out of the site root.
    OutsideSite(PathBuf),
    /// No such file.
    NotFound(PathBuf),
    /// Not a JPEG or PNG file, or a broken one.
    NotAnImage(PathBuf, String),
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::Remote => write!(f, "it is remote, and cvpdf never reads the network"),
            Refused::OutsideSite(p) => write!(f, "{} is outside the site, and cvpdf reads nothing outside it", p.display()),
            Refused::NotFound(p) => write!(f, "{} does not exist", p.display()),
            Refused::NotAnImage(p, why) => write!(f, "{} is not a usable JPEG or PNG image: {why}", p.display()),
        }
    }
}

/// Largest picture file read.
const MAX_BYTES: u64 = 16 * 1024 * 1024;

/// The site root of a page: the nearest folder above it with Hugo's `static/`, a Hugo
/// configuration or a `content/` folder; else the page's own folder.
pub fn site_root(page: &Path) -> PathBuf {
    let dir = page.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let markers = ["static", "hugo.toml", "config.toml", "hugo.yaml", "config.yaml", "content"];
    let dir_of = |d: &Path| {
        if d.as_os_str().is_empty() { PathBuf::from(".") } else { d.to_path_buf() }
    };
    dir.ancestors().map(dir_of).find(|d| markers.iter().any(|m| d.join(m).exists())).unwrap_or_else(|| dir_of(dir))
}

/// Finds, reads and checks the picture `src` of `page`.
pub fn load(page: &Path, src: &str) -> Result<Picture, Refused> {
    let src = src.trim();
    if src.contains("://") || src.starts_with("//") || src.starts_with("data:") {
        return Err(Refused::Remote);
    }
    let root = site_root(page);
    let dir = page.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let path = match src.strip_prefix('/') {
        Some(rest) => root.join("static").join(rest),
        None => dir.join(src),
    };
    let real = path.canonicalize().map_err(|_| Refused::NotFound(path.clone()))?;
    let real_root = root.canonicalize().map_err(|_| Refused::NotFound(root.clone()))?;
    if !real.starts_with(&real_root) {
        return Err(Refused::OutsideSite(path));
    }
    let len = std::fs::metadata(&real).map(|m| m.len()).unwrap_or(0);
    if len > MAX_BYTES {
        return Err(Refused::NotAnImage(path, format!("{len} bytes is more than a résumé photo needs")));
    }
    let bytes = std::fs::read(&real).map_err(|_| Refused::NotFound(path.clone()))?;
    decode(bytes).map_err(|why| Refused::NotAnImage(path, why))
}

/// Checks a file's bytes and reads its size.
pub fn decode(bytes: Vec<u8>) -> Result<Picture, String> {
    if bytes.starts_with(&[0xFF, 0xD8]) {
        let (width, height, components) = jpeg_size(&bytes).ok_or("no frame header in the JPEG")?;
        if !matches!(components, 1 | 3 | 4) || width == 0 || height == 0 {
            return Err(format!("{components} colour components"));
        }
        return Ok(Picture { format: Format::Jpeg { components }, width, height, bytes });
    }
    if bytes.starts_with(b"\x89PNG") {
        let decoder = png::Decoder::new(std::io::Cursor::new(&bytes));
        let reader = decoder.read_info().map_err(|e| e.to_string())?;
        let info = reader.info();
        return Ok(Picture { format: Format::Png, width: info.width, height: info.height, bytes });
    }
    Err("the file starts like neither".to_string())
}

/// Width, height and components from a JPEG's start-of-frame segment.
fn jpeg_size(b: &[u8]) -> Option<(u32, u32, u8)> {
    let byte = |i: usize| b.get(i).copied();
    let be16 = |i: usize| Some(u16::from_be_bytes([byte(i)?, byte(i + 1)?]));
    let mut i = 2;
    while i + 4 <= b.len() {
        if byte(i)? != 0xFF {
            return None;
        }
        let marker = byte(i + 1)?;
        if marker == 0xFF {
            i += 1;
            continue;
        }
        let len = usize::from(be16(i + 2)?);
        let is_sof = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_sof {
            let height = u32::from(be16(i + 5)?);
            let width = u32::from(be16(i + 7)?);
            return Some((width, height, byte(i + 9)?));
        }
        i += 2 + len;
    }
    None
}

/// The samples of a PNG as 8-bit RGB, and its alpha channel if it has one.
pub fn png_rgb(bytes: &[u8]) -> Result<(Vec<u8>, Option<Vec<u8>>), String> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
    let mut buf = vec![0; reader.output_buffer_size()];
    let frame = reader.next_frame(&mut buf).map_err(|e| e.to_string())?;
    let data = buf.get(..frame.buffer_size()).ok_or("short PNG frame")?;
    let (mut rgb, mut alpha) = (Vec::with_capacity(data.len()), Vec::new());
    match frame.color_type {
        png::ColorType::Rgb => rgb.extend_from_slice(data),
        png::ColorType::Rgba => {
            for p in data.chunks_exact(4) {
                if let [r, g, b, a] = p {
                    rgb.extend([*r, *g, *b]);
                    alpha.push(*a);
                }
            }
        }
        png::ColorType::Grayscale => rgb.extend(data.iter().flat_map(|g| [*g, *g, *g])),
        png::ColorType::GrayscaleAlpha => {
            for p in data.chunks_exact(2) {
                if let [g, a] = p {
                    rgb.extend([*g, *g, *g]);
                    alpha.push(*a);
                }
            }
        }
        png::ColorType::Indexed => return Err("indexed colours were not expanded".into()),
    }
    Ok((rgb, (!alpha.is_empty()).then_some(alpha)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny valid PNG (2×1, RGBA), written with the png crate.
    pub fn tiny_png() -> Vec<u8> {
        let mut out = Vec::new();
        let mut enc = png::Encoder::new(&mut out, 2, 1);
        enc.set_color(png::ColorType::Rgba);
        enc.set_depth(png::BitDepth::Eight);
        let mut w = enc.write_header().unwrap();
        w.write_image_data(&[255, 0, 0, 255, 0, 0, 255, 128]).unwrap();
        drop(w);
        out
    }

    #[test]
    fn png_and_jpeg_headers() {
        let p = decode(tiny_png()).unwrap();
        assert_eq!((p.format, p.width, p.height), (Format::Png, 2, 1));
        let (rgb, alpha) = png_rgb(&p.bytes).unwrap();
        assert_eq!(rgb, vec![255, 0, 0, 0, 0, 255]);
        assert_eq!(alpha, Some(vec![255, 128]));
        // SOI, APP0 (len 4), SOF0 8 bits 3×2 with 3 components.
        let jpeg =
            [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xC0, 0x00, 0x11, 8, 0, 2, 0, 3, 3, 1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1];
        let j = decode(jpeg.to_vec()).unwrap();
        assert_eq!((j.format, j.width, j.height), (Format::Jpeg { components: 3 }, 3, 2));
        assert!(decode(b"GIF89a".to_vec()).is_err());
        assert!(decode(b"\x89PNG\r\n\x1a\nbroken".to_vec()).is_err());
    }

    #[test]
    fn resolution_and_refusals() {
        let dir = std::env::temp_dir().join(format!("cvpdf-img-{}", std::process::id()));
        let site = dir.join("site");
        std::fs::create_dir_all(site.join("content/en")).unwrap();
        std::fs::create_dir_all(site.join("static/img")).unwrap();
        std::fs::write(site.join("static/img/me.png"), tiny_png()).unwrap();
        std::fs::write(site.join("content/en/me.png"), tiny_png()).unwrap();
        std::fs::write(site.join("content/en/fake.png"), b"not really").unwrap();
        std::fs::write(dir.join("secret.png"), tiny_png()).unwrap();
        let page = site.join("content/en/cv.md");
        assert!(load(&page, "/img/me.png").is_ok(), "static/ for a leading slash");
        assert!(load(&page, "me.png").is_ok(), "beside the page");
        assert_eq!(load(&page, "https://x.org/a.jpg"), Err(Refused::Remote));
        assert!(matches!(load(&page, "../../../secret.png"), Err(Refused::OutsideSite(_))));
        assert!(matches!(load(&page, "/etc/passwd"), Err(Refused::NotFound(_))), "a leading slash stays in static/");
        assert!(matches!(load(&page, "fake.png"), Err(Refused::NotAnImage(..))));
        assert!(matches!(load(&page, "none.jpg"), Err(Refused::NotFound(_))));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
