//! A face's metrics as typesetting needs them, read from the font file with ttf-parser: the
//! character map, each glyph's advance, the ascent and descent, and kerning — from the legacy
//! `kern` table, or else from the pair adjustments of GPOS's `kern` feature (what most modern
//! fonts have).
//!
//! `build.rs` includes this file to precompute the bundled faces' metrics into compact tables
//! (`encode`), which a run decodes (`decode`) without parsing any font; a font of the author's
//! own is read at run time (`read`).

/// What typesetting needs of a face.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metrics {
    /// Font units per em.
    pub units_per_em: u16,
    /// Ascender, in font units (positive).
    pub ascent: i16,
    /// Descender, in font units (negative).
    pub descent: i16,
    /// Character → glyph, sorted by character.
    pub cmap: Vec<(u32, u16)>,
    /// The advance of each glyph, in font units.
    pub advances: Vec<u16>,
    /// Kerning pairs, `left << 16 | right` → font units, sorted by key.
    pub kerning: Vec<(u32, i16)>,
}

/// Whether a character's glyph takes part in kerning: Latin, Greek, Cyrillic, digits,
/// punctuation and the euro (a pair table over every glyph of a large font would be huge).
fn kerned(c: u32) -> bool {
    c < 0x530 || (0x1E00..0x1F00).contains(&c) || (0x2000..0x2070).contains(&c) || c == 0x20AC
}

/// Reads the metrics of face `index` of a font file (TrueType or OpenType, or a collection).
pub fn read(bytes: &[u8], index: u32) -> Result<Metrics, String> {
    let face = ttf_parser::Face::parse(bytes, index).map_err(|e| e.to_string())?;
    let mut cmap: Vec<(u32, u16)> = Vec::new();
    if let Some(table) = face.tables().cmap {
        for sub in table.subtables.into_iter().filter(|s| s.is_unicode()) {
            sub.codepoints(|c| {
                if let Some(g) = sub.glyph_index(c) {
                    cmap.push((c, g.0));
                }
            });
        }
    }
    cmap.sort_unstable();
    cmap.dedup_by_key(|(c, _)| *c);
    let count = face.number_of_glyphs();
    let advances = (0..count).map(|g| face.glyph_hor_advance(ttf_parser::GlyphId(g)).unwrap_or(0)).collect();
    let mut glyphs: Vec<u16> = cmap.iter().filter(|(c, _)| kerned(*c)).map(|(_, g)| *g).collect();
    glyphs.sort_unstable();
    glyphs.dedup();
    let mut kerning = kern_table(&face, &glyphs);
    if kerning.is_empty() {
        kerning = gpos_pairs(&face, &glyphs);
    }
    kerning.sort_unstable_by_key(|(k, _)| *k);
    kerning.dedup_by_key(|(k, _)| *k);
    Ok(Metrics { units_per_em: face.units_per_em(), ascent: face.ascender(), descent: face.descender(), cmap, advances, kerning })
}

/// Whether face `index` of a font file has outlines cvpdf can embed (TrueType `glyf`), and the
/// family and style it declares: (family, bold, italic).
pub fn describe(bytes: &[u8], index: u32) -> Option<(String, bool, bool, bool)> {
    let face = ttf_parser::Face::parse(bytes, index).ok()?;
    let names = face.names();
    let name = |id: u16| names.into_iter().filter(|n| n.name_id == id && n.is_unicode()).find_map(|n| n.to_string());
    let family = name(ttf_parser::name_id::TYPOGRAPHIC_FAMILY).or_else(|| name(ttf_parser::name_id::FAMILY))?;
    let truetype = face.tables().glyf.is_some();
    Some((family, face.is_bold(), face.is_italic(), truetype))
}

fn key(left: u16, right: u16) -> u32 {
    (u32::from(left) << 16) | u32::from(right)
}

/// Pairs from the legacy `kern` table's horizontal subtables.
fn kern_table(face: &ttf_parser::Face, glyphs: &[u16]) -> Vec<(u32, i16)> {
    let Some(kern) = face.tables().kern else { return Vec::new() };
    let mut out = Vec::new();
    for sub in kern.subtables.into_iter().filter(|s| s.horizontal && !s.variable && !s.has_cross_stream) {
        for &l in glyphs {
            for &r in glyphs {
                if let Some(k) = sub.glyphs_kerning(ttf_parser::GlyphId(l), ttf_parser::GlyphId(r))
                    && k != 0
                {
                    out.push((key(l, r), k));
                }
            }
        }
    }
    out
}

/// Pairs from the pair-adjustment lookups of every GPOS `kern` feature: the first glyph's
/// advance adjustment, for the glyphs of `glyphs`.
fn gpos_pairs(face: &ttf_parser::Face, glyphs: &[u16]) -> Vec<(u32, i16)> {
    use ttf_parser::gpos::{PairAdjustment, PositioningSubtable};
    let Some(gpos) = face.tables().gpos else { return Vec::new() };
    let tag = ttf_parser::Tag::from_bytes(b"kern");
    let mut lookups: Vec<u16> =
        gpos.features.into_iter().filter(|f| f.tag == tag).flat_map(|f| f.lookup_indices.into_iter().collect::<Vec<_>>()).collect();
    lookups.sort_unstable();
    lookups.dedup();
    let mut out = Vec::new();
    // The first subtable that covers a pair decides it, as a shaper applies them.
    let mut seen = std::collections::HashSet::new();
    for lookup in lookups.into_iter().filter_map(|i| gpos.lookups.get(i)) {
        for sub in lookup.subtables.into_iter::<PositioningSubtable>() {
            let PositioningSubtable::Pair(pair) = sub else { continue };
            for &l in glyphs {
                let left = ttf_parser::GlyphId(l);
                let found: Vec<(u16, i16)> = match &pair {
                    PairAdjustment::Format1 { coverage, sets } => {
                        let Some(set) = coverage.get(left).and_then(|i| sets.get(i)) else { continue };
                        glyphs.iter().filter_map(|&r| set.get(ttf_parser::GlyphId(r)).map(|(v, _)| (r, v.x_advance))).collect()
                    }
                    PairAdjustment::Format2 { coverage, classes, matrix } => {
                        if !coverage.contains(left) {
                            continue;
                        }
                        let first = classes.0.get(left);
                        glyphs
                            .iter()
                            .filter_map(|&r| matrix.get((first, classes.1.get(ttf_parser::GlyphId(r)))).map(|(v, _)| (r, v.x_advance)))
                            .collect()
                    }
                };
                for (r, k) in found {
                    if seen.insert(key(l, r)) && k != 0 {
                        out.push((key(l, r), k));
                    }
                }
            }
        }
    }
    out
}

/// The metrics as a little-endian table:
///
/// ```text
/// u16 units_per_em, i16 ascent, i16 descent, u16 glyph count, u32 cmap entries, u32 kern pairs
/// cmap:     (u32 char, u16 glyph) × entries, sorted by char
/// advances: u16 × glyph count (font units)
/// kerning:  (u32 left << 16 | right, i16 value) × pairs, sorted by key
/// ```
pub fn encode(m: &Metrics) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend(m.units_per_em.to_le_bytes());
    out.extend(m.ascent.to_le_bytes());
    out.extend(m.descent.to_le_bytes());
    out.extend((m.advances.len() as u16).to_le_bytes());
    out.extend((m.cmap.len() as u32).to_le_bytes());
    out.extend((m.kerning.len() as u32).to_le_bytes());
    for (c, g) in &m.cmap {
        out.extend(c.to_le_bytes());
        out.extend(g.to_le_bytes());
    }
    for a in &m.advances {
        out.extend(a.to_le_bytes());
    }
    for (k, v) in &m.kerning {
        out.extend(k.to_le_bytes());
        out.extend(v.to_le_bytes());
    }
    out
}

/// Reads a table [`encode`] wrote.
pub fn decode(bytes: &[u8]) -> Metrics {
    let mut r = Reader(bytes);
    let units_per_em = r.u16();
    let ascent = r.u16() as i16;
    let descent = r.u16() as i16;
    let glyphs = usize::from(r.u16());
    let (chars, pairs) = (r.u32() as usize, r.u32() as usize);
    let cmap = (0..chars).map(|_| (r.u32(), r.u16())).collect();
    let advances = (0..glyphs).map(|_| r.u16()).collect();
    let kerning = (0..pairs).map(|_| (r.u32(), r.u16() as i16)).collect();
    Metrics { units_per_em, ascent, descent, cmap, advances, kerning }
}

/// Reads little-endian numbers off a table; past its end, zeros.
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
    fn u32(&mut self) -> u32 {
        u32::from_le_bytes(self.take())
    }
}
