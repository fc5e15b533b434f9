//! The bundled fonts (`fonts/`, Lato) and their metrics, through fontdue.
//!
//! Faces are parsed on first use: fontdue's `Font::from_bytes` is the largest fixed cost of a
//! run, and many résumés never use some faces. Advances are in font units; kerning comes from the
//! legacy `kern` table, which Lato has in full.

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
    font: fontdue::Font,
    /// Font units per em.
    pub units_per_em: f32,
    /// Ascender, in font units (positive).
    pub ascent: f32,
    /// Descender, in font units (negative).
    pub descent: f32,
}

impl Face {
    fn load(id: FaceId) -> Face {
        let settings = fontdue::FontSettings { scale: 40.0, ..fontdue::FontSettings::default() };
        // The bundled fonts are known-good files: failing to parse them is a build defect.
        #[allow(clippy::expect_used)]
        let font = fontdue::Font::from_bytes(id.bytes(), settings).expect("bundled font parses");
        let units_per_em = font.units_per_em();
        let (ascent, descent) =
            font.horizontal_line_metrics(units_per_em).map_or((units_per_em * 0.8, -units_per_em * 0.2), |m| (m.ascent, m.descent));
        Face { font, units_per_em, ascent, descent }
    }

    /// The glyph for a character, if the face has one.
    pub fn glyph(&self, c: char) -> Option<u16> {
        match self.font.lookup_glyph_index(c) {
            0 => None,
            g => Some(g),
        }
    }

    /// Advance width of a glyph, in font units, as a PDF viewer applies it: the font's
    /// `/W` entries are whole thousandths of an em, so the advance is taken to that precision
    /// (truncated, as printpdf writes it). Measuring with the viewer's widths means glyphs need
    /// no correcting offsets, only kerning and justification do.
    pub fn advance(&self, gid: u16) -> f32 {
        let exact = self.font.metrics_indexed(gid, self.units_per_em).advance_width;
        (exact * 1000.0 / self.units_per_em).trunc() * self.units_per_em / 1000.0
    }

    /// Kerning between two glyphs, in font units (negative brings them closer).
    pub fn kern(&self, left: u16, right: u16) -> f32 {
        self.font.horizontal_kern_indexed(left, right, self.units_per_em).unwrap_or(0.0)
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
