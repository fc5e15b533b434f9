//! A face's metrics as typesetting needs them, read from the font file with ttf-parser: the
//! character map, each glyph's advance, the ascent and descent, and kerning — from the legacy
//! `kern` table, or else from the pair adjustments of GPOS's `kern` feature (what most modern
//! fonts have).
//!
//! `build.rs` includes this file to precompute the bundled faces' metrics into compact tables
//! (`encode`), which a run reads in place ([`Table`]) without parsing any font; a font of the
//! author's own is read at run time (`read`) and encoded the same way.

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
/// starts:   u32 × (glyph count + 1): glyph g's pairs as the left glyph are pairs starts[g]..starts[g + 1]
/// kerning:  (u16 right, i16 value) × pairs, sorted by left then right glyph
/// ```
pub fn encode(m: &Metrics) -> Vec<u8> {
    let glyphs = m.advances.len();
    // Pairs whose left glyph the face does not have are dropped.
    let kerning: Vec<(u32, i16)> = m.kerning.iter().copied().filter(|(k, _)| ((k >> 16) as usize) < glyphs).collect();
    let mut out = Vec::new();
    out.extend(m.units_per_em.to_le_bytes());
    out.extend(m.ascent.to_le_bytes());
    out.extend(m.descent.to_le_bytes());
    out.extend((glyphs as u16).to_le_bytes());
    out.extend((m.cmap.len() as u32).to_le_bytes());
    out.extend((kerning.len() as u32).to_le_bytes());
    for (c, g) in &m.cmap {
        out.extend(c.to_le_bytes());
        out.extend(g.to_le_bytes());
    }
    for a in &m.advances {
        out.extend(a.to_le_bytes());
    }
    for g in 0..=glyphs {
        out.extend((kerning.partition_point(|(k, _)| ((k >> 16) as usize) < g) as u32).to_le_bytes());
    }
    for (k, v) in &kerning {
        out.extend((*k as u16).to_le_bytes());
        out.extend(v.to_le_bytes());
    }
    out
}

/// A table [`encode`] wrote, read in place: a bundled face's metrics are looked up where the
/// binary holds them, never copied into vectors.
#[derive(Debug, Default)]
pub struct Table {
    bytes: std::borrow::Cow<'static, [u8]>,
    /// Font units per em.
    pub units_per_em: u16,
    /// Ascender, in font units (positive).
    pub ascent: i16,
    /// Descender, in font units (negative).
    pub descent: i16,
    /// Where each part of the table is: (start, end) in `bytes`.
    cmap: (usize, usize),
    advances: (usize, usize),
    starts: (usize, usize),
    kerning: (usize, usize),
}

/// The header's length: four 16-bit and two 32-bit numbers.
const HEADER: usize = 16;

impl Table {
    /// The table in `bytes` (one shorter than its header says has no glyphs).
    pub fn new(bytes: std::borrow::Cow<'static, [u8]>) -> Table {
        let mut r = Reader(&bytes);
        let (units_per_em, ascent, descent) = (r.u16(), r.u16() as i16, r.u16() as i16);
        let glyphs = usize::from(r.u16());
        let (chars, pairs) = (r.u32() as usize, r.u32() as usize);
        let mut t = Table { units_per_em, ascent, descent, ..Table::default() };
        let mut at = HEADER;
        let mut part = |len: usize| {
            at += len;
            (at - len, at)
        };
        let parts = [part(6 * chars), part(2 * glyphs), part(4 * (glyphs + 1)), part(4 * pairs)];
        if bytes.len() >= at {
            [t.cmap, t.advances, t.starts, t.kerning] = parts;
            t.bytes = bytes;
        }
        t
    }

    /// Part `range` of the table as records of `N` bytes.
    fn records<const N: usize>(&self, (start, end): (usize, usize)) -> &[[u8; N]] {
        self.bytes.get(start..end).unwrap_or(&[]).as_chunks::<N>().0
    }

    /// The glyph the character map gives `c`.
    pub fn glyph(&self, c: u32) -> Option<u16> {
        let cmap = self.records::<6>(self.cmap);
        let i = cmap.binary_search_by_key(&c, |&[a, b, c, d, _, _]| u32::from_le_bytes([a, b, c, d])).ok()?;
        cmap.get(i).map(|&[.., e, f]| u16::from_le_bytes([e, f]))
    }

    /// Every mapped character below `end`, with its glyph, in order.
    pub fn chars_below(&self, end: u32) -> impl Iterator<Item = (u32, u16)> + '_ {
        let record = |&[a, b, c, d, e, f]: &[u8; 6]| (u32::from_le_bytes([a, b, c, d]), u16::from_le_bytes([e, f]));
        self.records::<6>(self.cmap).iter().map(record).take_while(move |(c, _)| *c < end)
    }

    /// A glyph's advance in font units.
    pub fn advance(&self, glyph: u16) -> u16 {
        self.records::<2>(self.advances).get(usize::from(glyph)).map_or(0, |&a| u16::from_le_bytes(a))
    }

    /// Kerning between two glyphs, in font units: a search among the left glyph's pairs only.
    pub fn kern(&self, left: u16, right: u16) -> i16 {
        let starts = self.records::<4>(self.starts);
        let (Some(&start), Some(&end)) = (starts.get(usize::from(left)), starts.get(usize::from(left) + 1)) else { return 0 };
        let (start, end) = (u32::from_le_bytes(start) as usize, u32::from_le_bytes(end) as usize);
        let pairs = self.records::<4>(self.kerning).get(start..end).unwrap_or(&[]);
        match pairs.binary_search_by_key(&right, |&[a, b, _, _]| u16::from_le_bytes([a, b])) {
            Ok(i) => pairs.get(i).map_or(0, |&[.., c, d]| i16::from_le_bytes([c, d])),
            Err(_) => 0,
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_reads_back_what_was_encoded() {
        let m = Metrics {
            units_per_em: 1000,
            ascent: 800,
            descent: -200,
            cmap: vec![(0x41, 3), (0x56, 7), (0x4E00, 9)],
            advances: vec![0, 10, 20, 600, 0, 0, 0, 650, 0, 1000],
            kerning: vec![(key(3, 7), -80), (key(7, 3), -75)],
        };
        let t = Table::new(encode(&m).into());
        assert_eq!((t.units_per_em, t.ascent, t.descent), (1000, 800, -200));
        assert_eq!([t.glyph(0x41), t.glyph(0x56), t.glyph(0x4E00), t.glyph(0x42), t.glyph(0)], [Some(3), Some(7), Some(9), None, None]);
        assert_eq!([t.advance(3), t.advance(9), t.advance(10)], [600, 1000, 0]);
        assert_eq!([t.kern(3, 7), t.kern(7, 3), t.kern(3, 3)], [-80, -75, 0]);
        assert_eq!(t.chars_below(0x100).collect::<Vec<_>>(), [(0x41, 3), (0x56, 7)]);
        let short = Table::new(encode(&m)[..20].to_vec().into());
        assert_eq!((short.glyph(0x41), short.advance(3)), (None, 0), "a cut table has nothing");
    }
}
