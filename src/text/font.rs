//! Fonts: the faces a compile may use, and the metrics typesetting needs of each.
//!
//! Three sources, in the order a character is looked for:
//! 1. the families the layout names for body text, headings and code — bundled (`fonts/`: Lato,
//!    Noto Serif, JetBrains Mono) or the author's own (a `fonts/` folder beside the site,
//!    `--font-path`);
//! 2. the bundled fallback for symbols, arrows, Greek and Cyrillic (DejaVu Sans), then every other
//!    bundled or own face;
//! 3. the machine's fonts (fontconfig's folders), for scripts nothing bundled covers.
//!
//! Bundled faces' metrics are precomputed by `build.rs`; other faces are read with ttf-parser
//! when first used ([`super::metrics`]).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use crate::model::TextStyle;
use crate::text::metrics;

/// A bundled face: `build.rs` lists them from `fonts/`.
#[derive(Debug)]
pub struct Bundled {
    /// Its family, as its name table says.
    pub family: &'static str,
    /// A bold face.
    pub bold: bool,
    /// An italic face.
    pub italic: bool,
    /// Its file name without extension, as the PDF names it (`Lato-Bold`).
    pub name: &'static str,
    /// The font file.
    pub font: &'static [u8],
    /// Its precomputed metrics.
    pub metrics: &'static [u8],
}

include!(concat!(env!("OUT_DIR"), "/bundled.rs"));

/// The family that covers what body fonts lack: symbols, arrows, Greek, Cyrillic.
pub const FALLBACK_FAMILY: &str = "DejaVu Sans";

/// A face of a [`FontSet`], by index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct FaceId(pub u16);

/// A face with the metrics typesetting needs, read in place from its table.
#[derive(Debug, Default)]
pub struct Face {
    table: metrics::Table,
    /// Character → glyph for Latin (below U+0250), directly indexed; 0 for none.
    latin: Vec<u16>,
    /// Font units per em.
    pub units_per_em: f32,
    /// Ascender, in font units (positive).
    pub ascent: f32,
    /// Descender, in font units (negative).
    pub descent: f32,
}

/// Characters below this are looked up directly (Latin-1 and Latin Extended-A and B).
const LATIN: usize = 0x250;

impl Face {
    fn new(table: metrics::Table) -> Face {
        let mut latin = vec![0u16; LATIN];
        for (c, g) in table.chars_below(LATIN as u32) {
            if let Some(slot) = latin.get_mut(c as usize) {
                *slot = g;
            }
        }
        Face {
            latin,
            units_per_em: f32::from(table.units_per_em.max(1)),
            ascent: f32::from(table.ascent),
            descent: f32::from(table.descent),
            table,
        }
    }

    /// The glyph for a character, if the face has one.
    pub fn glyph(&self, c: char) -> Option<u16> {
        let g = match self.latin.get(c as usize) {
            Some(g) => *g,
            None => self.table.glyph(c as u32).unwrap_or(0),
        };
        (g != 0).then_some(g)
    }

    /// Advance width of a glyph, in font units, as a PDF viewer applies it: the font's
    /// `/W` entries are whole thousandths of an em, so the advance is taken to that precision
    /// (truncated, as printpdf writes it). Measuring with the viewer's widths means glyphs need
    /// no correcting offsets, only kerning and justification do.
    pub fn advance(&self, gid: u16) -> f32 {
        let units = f32::from(self.table.advance(gid));
        (units * 1000.0 / self.units_per_em).trunc() * self.units_per_em / 1000.0
    }

    /// Kerning between two glyphs, in font units (negative brings them closer).
    pub fn kern(&self, left: u16, right: u16) -> f32 {
        f32::from(self.table.kern(left, right))
    }
}

/// Where a face's file is.
#[derive(Debug)]
enum Source {
    Bundled(&'static Bundled),
    File(PathBuf),
}

/// A face a compile may use: what it is, where it is, and (once read) its bytes and metrics.
#[derive(Debug)]
struct Slot {
    family: String,
    bold: bool,
    italic: bool,
    name: String,
    source: Source,
    bytes: OnceLock<Option<Vec<u8>>>,
    face: OnceLock<Face>,
}

impl Slot {
    fn bundled(b: &'static Bundled) -> Slot {
        Slot {
            family: b.family.to_string(),
            bold: b.bold,
            italic: b.italic,
            name: b.name.to_string(),
            source: Source::Bundled(b),
            bytes: OnceLock::new(),
            face: OnceLock::new(),
        }
    }

    /// A font file's face, when it names its family; `Err` when its outlines are not
    /// TrueType (PostScript/CFF outlines are not embedded).
    fn file(path: &Path) -> Option<Result<Slot, PathBuf>> {
        let bytes = std::fs::read(path).ok()?;
        let (family, bold, italic, truetype) = metrics::describe(&bytes, 0)?;
        if !truetype {
            return Some(Err(path.to_path_buf()));
        }
        let name = path.file_stem()?.to_string_lossy().chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
        let slot =
            Slot { family, bold, italic, name, source: Source::File(path.to_path_buf()), bytes: OnceLock::new(), face: OnceLock::new() };
        let _ = slot.bytes.set(Some(bytes));
        Some(Ok(slot))
    }

    fn bytes(&self) -> Option<&[u8]> {
        match &self.source {
            Source::Bundled(b) => Some(b.font),
            Source::File(p) => self.bytes.get_or_init(|| std::fs::read(p).ok()).as_deref(),
        }
    }

    fn face(&self) -> &Face {
        self.face.get_or_init(|| match &self.source {
            Source::Bundled(b) => Face::new(metrics::Table::new(b.metrics.into())),
            Source::File(_) => {
                let own = self.bytes().and_then(|b| metrics::read(b, 0).ok());
                own.map(|m| Face::new(metrics::Table::new(metrics::encode(&m).into()))).unwrap_or_default()
            }
        })
    }
}

/// The four faces of a family: regular, bold, italic, bold italic (the nearest where the
/// family lacks one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Family {
    faces: [FaceId; 4],
}

impl Family {
    /// The face for a weight and slant.
    pub fn face(&self, bold: bool, italic: bool) -> FaceId {
        let [regular, b, i, bi] = self.faces;
        match (bold, italic) {
            (false, false) => regular,
            (true, false) => b,
            (false, true) => i,
            (true, true) => bi,
        }
    }
}

/// What text a family sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Role {
    /// Running text, entries, the sidebar.
    #[default]
    Body,
    /// The name and the section and sub-section titles.
    Headings,
}

/// The families a layout sets its text in, resolved to faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Typefaces {
    /// Running text.
    pub body: Family,
    /// The name and the headings.
    pub headings: Family,
    /// Code.
    pub code: Family,
}

impl Typefaces {
    /// The face for text of `style` in `role`: code in the code family, else the role's.
    pub fn face(&self, role: Role, style: TextStyle) -> FaceId {
        let family = match (style.code, role) {
            (true, _) => &self.code,
            (false, Role::Body) => &self.body,
            (false, Role::Headings) => &self.headings,
        };
        family.face(style.bold, style.italic)
    }
}

/// The faces a compile may use: the bundled ones, the author's own, and (looked at only when
/// nothing else covers a character) the machine's.
#[derive(Debug)]
pub struct FontSet {
    slots: Vec<Slot>,
    system: OnceLock<Vec<Slot>>,
    fallbacks: Mutex<HashMap<(char, bool), Option<FaceId>>>,
    /// The folders the author's own fonts were read from.
    pub dirs: Vec<PathBuf>,
    /// Font files there whose outlines cvpdf cannot embed (PostScript/CFF).
    pub skipped: Vec<PathBuf>,
}

impl Default for FontSet {
    fn default() -> Self {
        FontSet::new()
    }
}

impl FontSet {
    /// The bundled faces; nothing is read yet.
    pub fn new() -> Self {
        FontSet::with_dirs(&[])
    }

    /// The bundled faces and the TrueType fonts in `dirs` (not in their subfolders).
    pub fn with_dirs(dirs: &[PathBuf]) -> Self {
        let mut slots: Vec<Slot> = BUNDLED.iter().map(Slot::bundled).collect();
        let mut skipped = Vec::new();
        // A bundled face's own file (the repository's `fonts/`) is not read again.
        let bundled = |p: &PathBuf| p.file_stem().is_some_and(|s| BUNDLED.iter().any(|b| s == b.name));
        for file in dirs.iter().flat_map(|d| font_files(d, false)).filter(|p| !bundled(p)) {
            match Slot::file(&file) {
                Some(Ok(slot)) => slots.push(slot),
                Some(Err(path)) => skipped.push(path),
                None => {}
            }
        }
        FontSet { slots, system: OnceLock::new(), fallbacks: Mutex::new(HashMap::new()), dirs: dirs.to_vec(), skipped }
    }

    fn slot(&self, id: FaceId) -> Option<&Slot> {
        let i = usize::from(id.0);
        self.slots.get(i).or_else(|| self.system.get().and_then(|s| s.get(i - self.slots.len())))
    }

    /// A face's metrics, read on first use (an unreadable face has no glyphs).
    pub fn face(&self, id: FaceId) -> &Face {
        static EMPTY: OnceLock<Face> = OnceLock::new();
        self.slot(id).map_or_else(|| EMPTY.get_or_init(Face::default), Slot::face)
    }

    /// A face's font file.
    pub fn bytes(&self, id: FaceId) -> Option<&[u8]> {
        self.slot(id).and_then(Slot::bytes)
    }

    /// Whether a face is bold (its fallbacks are looked for in bold too).
    pub fn is_bold(&self, id: FaceId) -> bool {
        self.slot(id).is_some_and(|s| s.bold)
    }

    /// The name the PDF gives a face (`Lato-Bold`).
    pub fn name(&self, id: FaceId) -> String {
        self.slot(id).map_or_else(|| "Unknown".to_string(), |s| s.name.clone())
    }

    /// Every family the set knows, bundled and own, sorted.
    pub fn families(&self) -> Vec<String> {
        let mut out: Vec<String> = self.slots.iter().map(|s| s.family.clone()).collect();
        out.sort();
        out.dedup();
        out
    }

    /// A family by name (case and spaces do not matter): its four faces, each the nearest the
    /// family has; `None` when no face has that family.
    pub fn family(&self, name: &str) -> Option<Family> {
        fn key(s: &str) -> impl Iterator<Item = char> + '_ {
            s.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase)
        }
        let members: Vec<(usize, &Slot)> = self.slots.iter().enumerate().filter(|(_, s)| key(&s.family).eq(key(name))).collect();
        let pick = |bold: bool, italic: bool| {
            let score = |s: &Slot| u8::from(s.bold == bold) * 2 + u8::from(s.italic == italic);
            members.iter().max_by_key(|(i, s)| (score(s), std::cmp::Reverse(*i))).map(|(i, _)| FaceId(*i as u16))
        };
        Some(Family { faces: [pick(false, false)?, pick(true, false)?, pick(false, true)?, pick(true, true)?] })
    }

    /// The families of a layout, by name; an unknown one is an error that lists those known.
    pub fn typefaces(&self, body: &str, headings: &str, code: &str) -> Result<Typefaces, String> {
        let find = |name: &str| {
            self.family(name).ok_or_else(|| {
                let own = if self.dirs.is_empty() {
                    String::new()
                } else {
                    format!(" (own fonts read from {})", self.dirs.iter().map(|d| d.display().to_string()).collect::<Vec<_>>().join(", "))
                };
                let cff = match self.skipped.first() {
                    Some(p) => {
                        format!("; {} has PostScript (CFF) outlines, which cvpdf does not embed: use the family's .ttf files", p.display())
                    }
                    None => String::new(),
                };
                format!("no font family `{name}`; the families found are {}{own}{cff}", self.families().join(", "))
            })
        };
        Ok(Typefaces { body: find(body)?, headings: find(headings)?, code: find(code)? })
    }

    /// The bundled default: Lato, and JetBrains Mono for code.
    pub fn default_typefaces(&self) -> Typefaces {
        let lato = self.family("Lato").unwrap_or(Family { faces: [FaceId(0); 4] });
        Typefaces { body: lato, headings: lato, code: self.family("JetBrains Mono").unwrap_or(lato) }
    }

    /// A face that has `c`, for text whose own face lacks it: the bundled fallback, then every
    /// other bundled or own face, then the machine's fonts. Remembered for the run.
    pub fn fallback(&self, c: char, bold: bool) -> Option<FaceId> {
        if let Ok(cache) = self.fallbacks.lock()
            && let Some(found) = cache.get(&(c, bold))
        {
            return *found;
        }
        let found = self.search(c, bold);
        if let Ok(mut cache) = self.fallbacks.lock() {
            cache.insert((c, bold), found);
        }
        found
    }

    fn search(&self, c: char, bold: bool) -> Option<FaceId> {
        let first = self.family(FALLBACK_FAMILY).map(|f| f.face(bold, false));
        let own = (0..self.slots.len()).map(|i| FaceId(i as u16));
        if let Some(id) = first.into_iter().chain(own).find(|id| self.face(*id).glyph(c).is_some()) {
            return Some(id);
        }
        let system = self.system.get_or_init(system_fonts);
        let base = self.slots.len();
        (0..system.len()).map(|i| FaceId((base + i) as u16)).find(|id| self.face(*id).glyph(c).is_some())
    }
}

/// The font files in `dir` (and its subfolders when `deep`), sorted.
fn font_files(dir: &Path, deep: bool) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return out };
    for entry in entries.flatten() {
        let path = entry.path();
        // The entry's type comes with the listing; a link is followed.
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir() || (t.is_symlink() && path.is_dir()));
        if is_dir {
            if deep {
                out.extend(font_files(&path, true));
            }
        } else if path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("ttf") || e.eq_ignore_ascii_case("otf"))
        {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// The machine's fonts with TrueType outlines, from fontconfig's folders: those
/// `/etc/fonts/fonts.conf` names, and the usual ones.
fn system_fonts() -> Vec<Slot> {
    let mut dirs: Vec<PathBuf> = vec![PathBuf::from("/usr/share/fonts"), PathBuf::from("/usr/local/share/fonts")];
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
        dirs.push(home.join(".local/share/fonts"));
        dirs.push(home.join(".fonts"));
    }
    if let Ok(conf) = std::fs::read_to_string("/etc/fonts/fonts.conf") {
        dirs.extend(conf.split("<dir>").skip(1).filter_map(|s| s.split("</dir>").next()).map(|d| PathBuf::from(d.trim())));
    }
    let mut files: Vec<PathBuf> = dirs.iter().flat_map(|d| font_files(d, true)).collect();
    files.sort();
    files.dedup();
    files.iter().filter_map(|p| Slot::file(p)?.ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lato_covers_french_and_kerns() {
        let fonts = FontSet::new();
        let f = fonts.face(fonts.family("Lato").unwrap().face(false, false));
        for c in "àâäçéèêëîïôöùûüÿœæÀÉÇŒ«»’–—…\u{a0}\u{202f}€".chars() {
            assert!(f.glyph(c).is_some(), "no glyph for {c:?}");
        }
        assert!(f.glyph('漢').is_none());
        let (a, v) = (f.glyph('A').unwrap(), f.glyph('V').unwrap());
        assert!(f.kern(a, v) < 0.0, "Lato kerns AV");
        assert!(f.advance(a) > 0.0);
        assert!(f.ascent > 0.0 && f.descent < 0.0);
    }

    #[test]
    fn the_bundled_families_have_four_faces_and_kern() {
        let fonts = FontSet::new();
        for name in ["Lato", "Noto Serif", "JetBrains Mono"] {
            let family = fonts.family(name).unwrap_or_else(|| panic!("{name} in {:?}", fonts.families()));
            let faces: std::collections::BTreeSet<FaceId> =
                [(false, false), (true, false), (false, true), (true, true)].iter().map(|(b, i)| family.face(*b, *i)).collect();
            assert_eq!(faces.len(), 4, "{name}: four distinct faces");
        }
        // Noto Serif kerns through GPOS only.
        let serif = fonts.face(fonts.family("noto serif").unwrap().face(false, false));
        let (a, v) = (serif.glyph('A').unwrap(), serif.glyph('V').unwrap());
        assert!(serif.kern(a, v) < 0.0, "Noto Serif kerns AV");
    }

    #[test]
    fn symbols_greek_and_cyrillic_fall_back_to_dejavu() {
        let fonts = FontSet::new();
        let lato = fonts.face(fonts.family("Lato").unwrap().face(false, false));
        for c in ['→', '✓', '★', 'Ω', 'Ж'] {
            let id = fonts.fallback(c, false).unwrap_or_else(|| panic!("nothing for {c}"));
            assert!(fonts.face(id).glyph(c).is_some());
            if lato.glyph(c).is_none() {
                assert_eq!(fonts.name(id), "DejaVuSans", "{c}");
            }
        }
        assert!(fonts.typefaces("Lato", "Lato", "Comic Sans").unwrap_err().contains("Noto Serif"));
    }
}
