//! The bundled fonts (`fonts/`, Lato) and their metrics.
//!
//! The metrics (character map, advances, kerning from the legacy `kern` table, which Lato has
//! in full) are read by fontdue in `build.rs` and embedded as compact tables: fontdue's
//! `Font::from_bytes` builds every outline and would be the largest cost of a run. A face's
//! table is decoded on first use.

use std::sync::OnceLock;

use crate::model::TextStyle;

/// One of the four bundled faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum FaceId {
    /// Lato Regular.
    Regular,
    /// Lato Bold.
    Bold,
    /// Lato Italic.
    Italic,
    /// Lato Bold Italic.
    BoldItalic,
}

impl FaceId {
    /// Every face, in a fixed order (the PDF adds fonts in this order, for reproducible bytes).
    pub const ALL: [FaceId; 4] = [FaceId::Regular, FaceId::Bold, FaceId::Italic, FaceId::BoldItalic];

    /// The face for a text style.
    pub fn for_style(style: TextStyle) -> FaceId {
        match (style.bold, style.italic) {
            (false, false) => FaceId::Regular,
            (true, false) => FaceId::Bold,
            (false, true) => FaceId::Italic,
            (true, true) => FaceId::BoldItalic,
        }
    }

    /// The PostScript-style name used in the PDF.
    pub fn postscript_name(self) -> &'static str {
        match self {
            FaceId::Regular => "Lato-Regular",
            FaceId::Bold => "Lato-Bold",
            FaceId::Italic => "Lato-Italic",
            FaceId::BoldItalic => "Lato-BoldItalic",
        }
    }

    /// Its metrics, precomputed by `build.rs` with fontdue.
    fn metrics(self) -> &'static [u8] {
        match self {
            FaceId::Regular => include_bytes!(concat!(env!("OUT_DIR"), "/Lato-Regular.metrics")),
            FaceId::Bold => include_bytes!(concat!(env!("OUT_DIR"), "/Lato-Bold.metrics")),
            FaceId::Italic => include_bytes!(concat!(env!("OUT_DIR"), "/Lato-Italic.metrics")),
            FaceId::BoldItalic => include_bytes!(concat!(env!("OUT_DIR"), "/Lato-BoldItalic.metrics")),
        }
    }

    /// The font file's bytes, embedded in the binary.
    pub fn bytes(self) -> &'static [u8] {
        match self {
            FaceId::Regular => include_bytes!("../../fonts/Lato-Regular.ttf"),
            FaceId::Bold => include_bytes!("../../fonts/Lato-Bold.ttf"),
            FaceId::Italic => include_bytes!("../../fonts/Lato-Italic.ttf"),
            FaceId::BoldItalic => include_bytes!("../../fonts/Lato-BoldItalic.ttf"),
        }
    }
}

/// A parsed face with the metrics typesetting needs.
pub struct Face {
    /// Character → glyph, sorted by character.
    cmap: Vec<(u32, u16)>,
    /// Character → glyph for Latin (below U+0250), directly indexed; 0 for none.
    latin: Vec<u16>,
    /// Advance of each glyph, font units, as the viewer applies it (see [`Face::advance`]).
    advances: Vec<f32>,
    /// Kerning pairs, `left << 16 | right` → font units, sorted by key.
    kerning: Vec<(u32, i16)>,
    /// Font units per em.
    pub units_per_em: f32,
    /// Ascender, in font units (positive).
    pub ascent: f32,
    /// Descender, in font units (negative).
    pub descent: f32,
}

/// Characters below this are looked up directly (Latin-1 and Latin Extended-A and B).
const LATIN: usize = 0x250;

/// Reads the metrics table `build.rs` wrote with fontdue (its layout is described there).
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0; N];
        if let Some((head, rest)) = self.0.split_first_chunk::<N>() {
            out = *head;
            self.0 = rest;
        }
        out
    }
    fn u16(&mut self) -> u16 {
        u16::from_le_bytes(self.take())
    }
    fn i16(&mut self) -> i16 {
        i16::from_le_bytes(self.take())
    }
    fn u32(&mut self) -> u32 {
        u32::from_le_bytes(self.take())
    }
}

impl Face {
    fn load(id: FaceId) -> Face {
        let mut r = Reader(id.metrics());
        let units_per_em = f32::from(r.u16().max(1));
        let ascent = f32::from(r.i16());
        let descent = f32::from(r.i16());
        let glyphs = usize::from(r.u16());
        let (chars, pairs) = (r.u32() as usize, r.u32() as usize);
        let cmap: Vec<(u32, u16)> = (0..chars).map(|_| (r.u32(), r.u16())).collect();
        let mut latin = vec![0u16; LATIN];
        for (c, g) in cmap.iter().take_while(|(c, _)| (*c as usize) < LATIN) {
            if let Some(slot) = latin.get_mut(*c as usize) {
                *slot = *g;
            }
        }
        // The font's `/W` entries are whole thousandths of an em (truncated, as printpdf writes
        // them): measuring with the viewer's widths means glyphs need no correcting offsets.
        let viewer = |units: u16| (f32::from(units) * 1000.0 / units_per_em).trunc() * units_per_em / 1000.0;
        let advances = (0..glyphs).map(|_| viewer(r.u16())).collect();
        let kerning = (0..pairs).map(|_| (r.u32(), r.i16())).collect();
        Face { cmap, latin, advances, kerning, units_per_em, ascent, descent }
    }

    /// The glyph for a character, if the face has one.
    pub fn glyph(&self, c: char) -> Option<u16> {
        let g = match self.latin.get(c as usize) {
            Some(g) => *g,
            None => self.cmap.binary_search_by_key(&(c as u32), |(c, _)| *c).ok().and_then(|i| self.cmap.get(i)).map_or(0, |(_, g)| *g),
        };
        (g != 0).then_some(g)
    }

    /// Advance width of a glyph, in font units, as a PDF viewer applies it: the font's
    /// `/W` entries are whole thousandths of an em, so the advance is taken to that precision
    /// (truncated, as printpdf writes it). Measuring with the viewer's widths means glyphs need
    /// no correcting offsets, only kerning and justification do.
    pub fn advance(&self, gid: u16) -> f32 {
        self.advances.get(usize::from(gid)).copied().unwrap_or(0.0)
    }

    /// Kerning between two glyphs, in font units (negative brings them closer).
    pub fn kern(&self, left: u16, right: u16) -> f32 {
        let key = (u32::from(left) << 16) | u32::from(right);
        self.kerning.binary_search_by_key(&key, |(k, _)| *k).ok().and_then(|i| self.kerning.get(i)).map_or(0.0, |(_, v)| f32::from(*v))
    }
}

/// The bundled faces, each parsed when first asked for.
#[derive(Default)]
pub struct FontSet {
    faces: [OnceLock<Face>; 4],
}

impl FontSet {
    /// An empty set; nothing is parsed yet.
    pub fn new() -> Self {
        FontSet::default()
    }

    /// A face, parsed on first use.
    pub fn face(&self, id: FaceId) -> &Face {
        let [regular, bold, italic, bold_italic] = &self.faces;
        let slot = match id {
            FaceId::Regular => regular,
            FaceId::Bold => bold,
            FaceId::Italic => italic,
            FaceId::BoldItalic => bold_italic,
        };
        slot.get_or_init(|| Face::load(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lato_covers_french_and_kerns() {
        let fonts = FontSet::new();
        let f = fonts.face(FaceId::Regular);
        for c in "àâäçéèêëîïôöùûüÿœæÀÉÇŒ«»’–—…\u{a0}\u{202f}€".chars() {
            assert!(f.glyph(c).is_some(), "no glyph for {c:?}");
        }
        assert!(f.glyph('漢').is_none());
        let (a, v) = (f.glyph('A').unwrap(), f.glyph('V').unwrap());
        assert!(f.kern(a, v) < 0.0, "Lato kerns AV");
        assert!(f.advance(a) > 0.0);
        assert!(f.ascent > 0.0 && f.descent < 0.0);
    }
}
