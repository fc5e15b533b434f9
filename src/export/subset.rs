//! Font subsetting: only the glyphs a document uses are embedded, with only the tables a PDF
//! needs (`head`, `hhea`, `hmtx`, `maxp`, `glyf`, `loca`), and without hinting.
//!
//! The glyphs are copied from `glyf` as they are, byte for byte, except for what the subset
//! changes: the ids inside composite glyphs, and the hinting instructions, which are dropped (PDF
//! viewers scale outlines themselves; the bytecode is a third of a subset face and makes no
//! difference on paper). Only the pages of the font that hold those glyphs are read.

use std::collections::{BTreeMap, BTreeSet};

/// A subset font program and how glyph ids moved.
#[derive(Debug, Clone)]
pub struct Subset {
    /// The subset font file (TrueType).
    pub bytes: Vec<u8>,
    /// Original glyph id → glyph id in the subset.
    pub remap: BTreeMap<u16, u16>,
    /// The glyph ids of the copies asked for, in order: the same outlines under ids of their own,
    /// so the text layer can map them to other text.
    pub copies: Vec<u16>,
}

/// Subsets `font` (a TrueType file) to `used` glyph ids, then `copies` (glyph ids again, each
/// kept once more after them). Glyph 0 (`.notdef`) is always kept first; each used glyph's new
/// id is its position in the sorted list. Glyphs that composite glyphs are made of follow.
pub fn subset(font: &[u8], used: &BTreeSet<u16>, copies: &[u16]) -> Result<Subset, String> {
    let f = Font::new(font)?;
    let mut ids: Vec<u16> = std::iter::once(0).chain(used.iter().copied().filter(|g| *g != 0)).collect();
    let first_copy = ids.len();
    ids.extend_from_slice(copies);
    let remap: BTreeMap<u16, u16> = ids.iter().take(first_copy).enumerate().map(|(new, old)| (*old, new as u16)).collect();
    let copy_ids = (first_copy..ids.len()).map(|i| i as u16).collect();
    // Components: every glyph a kept composite is made of, kept too (after the rest).
    let mut new_id: BTreeMap<u16, u16> = remap.clone();
    let mut i = 0;
    while let Some(&g) = ids.get(i) {
        for c in components(f.glyph(g)?) {
            if let std::collections::btree_map::Entry::Vacant(e) = new_id.entry(c) {
                e.insert(ids.len() as u16);
                ids.push(c);
            }
        }
        i += 1;
    }
    if ids.len() > usize::from(u16::MAX) {
        return Err("too many glyphs".into());
    }
    let bytes = f.write(&ids, &new_id)?;
    Ok(Subset { bytes, remap, copies: copy_ids })
}

/// The tables of a TrueType font that a subset reads.
struct Font<'a> {
    head: &'a [u8],
    hhea: &'a [u8],
    hmtx: &'a [u8],
    maxp: &'a [u8],
    loca: &'a [u8],
    glyf: &'a [u8],
    long_loca: bool,
    glyphs: u16,
    metrics: u16,
}

fn u16_at(b: &[u8], at: usize) -> Result<u16, String> {
    b.get(at..at + 2)
        .and_then(|s| <[u8; 2]>::try_from(s).ok())
        .map(u16::from_be_bytes)
        .ok_or_else(|| format!("font data ends before byte {at}"))
}

fn u32_at(b: &[u8], at: usize) -> Result<u32, String> {
    b.get(at..at + 4)
        .and_then(|s| <[u8; 4]>::try_from(s).ok())
        .map(u32::from_be_bytes)
        .ok_or_else(|| format!("font data ends before byte {at}"))
}

impl<'a> Font<'a> {
    fn new(font: &'a [u8]) -> Result<Font<'a>, String> {
        let count = usize::from(u16_at(font, 4)?);
        let table = |tag: &[u8; 4]| -> Result<&'a [u8], String> {
            for i in 0..count {
                let rec = 12 + 16 * i;
                if font.get(rec..rec + 4) == Some(tag.as_slice()) {
                    let (off, len) = (u32_at(font, rec + 8)? as usize, u32_at(font, rec + 12)? as usize);
                    return font
                        .get(off..off + len)
                        .ok_or_else(|| format!("the {} table lies outside the file", String::from_utf8_lossy(tag)));
                }
            }
            Err(format!("no {} table (not a TrueType font)", String::from_utf8_lossy(tag)))
        };
        let (head, hhea, maxp) = (table(b"head")?, table(b"hhea")?, table(b"maxp")?);
        Ok(Font {
            head,
            hhea,
            hmtx: table(b"hmtx")?,
            maxp,
            loca: table(b"loca")?,
            glyf: table(b"glyf")?,
            long_loca: u16_at(head, 50)? == 1,
            glyphs: u16_at(maxp, 4)?,
            metrics: u16_at(hhea, 34)?,
        })
    }

    /// The outline data of glyph `g` (empty for a glyph without contours).
    fn glyph(&self, g: u16) -> Result<&'a [u8], String> {
        if g >= self.glyphs {
            return Ok(&[]);
        }
        let i = usize::from(g);
        let (start, end) = if self.long_loca {
            (u32_at(self.loca, 4 * i)? as usize, u32_at(self.loca, 4 * i + 4)? as usize)
        } else {
            (usize::from(u16_at(self.loca, 2 * i)?) * 2, usize::from(u16_at(self.loca, 2 * i + 2)?) * 2)
        };
        if start >= end {
            return Ok(&[]);
        }
        self.glyf.get(start..end).ok_or_else(|| format!("glyph {g} lies outside the glyf table"))
    }

    /// Advance width and left side bearing of glyph `g`, as `hmtx` stores them.
    fn metric(&self, g: u16) -> Result<[u8; 4], String> {
        let n = self.metrics.max(1);
        let advance = u16_at(self.hmtx, 4 * usize::from(g.min(n - 1)))?;
        let lsb = if g < n {
            u16_at(self.hmtx, 4 * usize::from(g) + 2)?
        } else {
            u16_at(self.hmtx, 4 * usize::from(n) + 2 * usize::from(g - n))?
        };
        let [a0, a1] = advance.to_be_bytes();
        let [l0, l1] = lsb.to_be_bytes();
        Ok([a0, a1, l0, l1])
    }

    /// The subset font: glyphs `ids` (old ids, in their new order), composite references
    /// renumbered by `new_id`.
    fn write(&self, ids: &[u16], new_id: &BTreeMap<u16, u16>) -> Result<Vec<u8>, String> {
        let n = ids.len() as u16;
        let (mut glyf, mut offsets, mut hmtx) = (Vec::new(), Vec::with_capacity(ids.len() + 1), Vec::with_capacity(4 * ids.len()));
        for &g in ids {
            offsets.push(glyf.len() as u32);
            unhinted(self.glyph(g)?, new_id, &mut glyf)?;
            while glyf.len() % 4 != 0 {
                glyf.push(0);
            }
            hmtx.extend_from_slice(&self.metric(g)?);
        }
        offsets.push(glyf.len() as u32);
        // Short offsets (halved, two bytes) when the glyphs fit in 128 KB, as a résumé's do.
        let short = glyf.len() / 2 <= usize::from(u16::MAX);
        let loca: Vec<u8> = if short {
            offsets.iter().flat_map(|o| ((o / 2) as u16).to_be_bytes()).collect()
        } else {
            offsets.iter().flat_map(|o| o.to_be_bytes()).collect()
        };
        let mut head = self.head.to_vec();
        set_u16(&mut head, 50, u16::from(!short)); // loca format: 0 short, 1 long
        set_u32(&mut head, 8, 0); // checksum adjustment, set below
        let mut hhea = self.hhea.to_vec();
        set_u16(&mut hhea, 34, n);
        let mut maxp = self.maxp.to_vec();
        set_u16(&mut maxp, 4, n);
        if maxp.len() >= 32 {
            // No hinting: no twilight points, storage, functions, instruction defs, stack or bytecode.
            for at in [16, 18, 20, 22, 24, 26] {
                set_u16(&mut maxp, at, 0);
            }
        }
        let tables: [(&[u8; 4], Vec<u8>); 6] =
            [(b"glyf", glyf), (b"head", head), (b"hhea", hhea), (b"hmtx", hmtx), (b"loca", loca), (b"maxp", maxp)];
        Ok(assemble(&tables))
    }
}

/// Glyph ids a composite glyph is made of (none for a simple glyph).
fn components(data: &[u8]) -> Vec<u16> {
    let mut out = Vec::new();
    if data.len() < 10 || u16_at(data, 0).is_ok_and(|c| (c as i16) >= 0) {
        return out;
    }
    let mut at = 10;
    while let (Ok(flags), Ok(g)) = (u16_at(data, at), u16_at(data, at + 2)) {
        out.push(g);
        at += 4 + component_args(flags);
        if flags & MORE_COMPONENTS == 0 {
            break;
        }
    }
    out
}

const ARGS_ARE_WORDS: u16 = 0x0001;
const HAVE_SCALE: u16 = 0x0008;
const MORE_COMPONENTS: u16 = 0x0020;
const HAVE_XY_SCALE: u16 = 0x0040;
const HAVE_TWO_BY_TWO: u16 = 0x0080;
const HAVE_INSTRUCTIONS: u16 = 0x0100;

/// Bytes after a component's flags and glyph id: its offsets and its transform.
fn component_args(flags: u16) -> usize {
    let offsets = if flags & ARGS_ARE_WORDS != 0 { 4 } else { 2 };
    let transform = if flags & HAVE_SCALE != 0 {
        2
    } else if flags & HAVE_XY_SCALE != 0 {
        4
    } else if flags & HAVE_TWO_BY_TWO != 0 {
        8
    } else {
        0
    };
    offsets + transform
}

/// Appends glyph `data` to `out` without its instructions, composite references renumbered.
fn unhinted(data: &[u8], new_id: &BTreeMap<u16, u16>, out: &mut Vec<u8>) -> Result<(), String> {
    if data.len() < 10 {
        return Ok(());
    }
    let contours = u16_at(data, 0)? as i16;
    if contours >= 0 {
        // Header and end points, an empty program, then flags and coordinates.
        let ends = 10 + 2 * usize::from(contours as u16);
        let length = usize::from(u16_at(data, ends)?);
        let rest = data.get(ends + 2 + length..).ok_or("a glyph's instructions run past its end")?;
        out.extend_from_slice(data.get(..ends).ok_or("a glyph ends inside its header")?);
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(rest);
        return Ok(());
    }
    let mut at = 10;
    out.extend_from_slice(data.get(..10).ok_or("a glyph ends inside its header")?);
    loop {
        let flags = u16_at(data, at)?;
        let g = u16_at(data, at + 2)?;
        let end = at + 4 + component_args(flags);
        let args = data.get(at + 4..end).ok_or("a composite glyph ends inside a component")?;
        out.extend_from_slice(&(flags & !HAVE_INSTRUCTIONS).to_be_bytes());
        out.extend_from_slice(&new_id.get(&g).copied().unwrap_or(0).to_be_bytes());
        out.extend_from_slice(args);
        at = end;
        if flags & MORE_COMPONENTS == 0 {
            return Ok(());
        }
    }
}

fn set_u16(b: &mut [u8], at: usize, v: u16) {
    if let Some(s) = b.get_mut(at..at + 2) {
        s.copy_from_slice(&v.to_be_bytes());
    }
}

fn set_u32(b: &mut [u8], at: usize, v: u32) {
    if let Some(s) = b.get_mut(at..at + 4) {
        s.copy_from_slice(&v.to_be_bytes());
    }
}

/// The sum of `data` as big-endian 32-bit words (zero-padded), as TrueType checksums it.
fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, c| {
        let mut w = [0u8; 4];
        if let Some(s) = w.get_mut(..c.len()) {
            s.copy_from_slice(c);
        }
        sum.wrapping_add(u32::from_be_bytes(w))
    })
}

/// A TrueType file of `tables` (sorted by tag), with its directory and checksums.
fn assemble(tables: &[(&[u8; 4], Vec<u8>)]) -> Vec<u8> {
    let n = tables.len() as u16;
    let log = 15 - n.max(1).leading_zeros() as u16;
    let range = 16 * (1u16 << log);
    let mut out = Vec::with_capacity(12 + 16 * tables.len() + tables.iter().map(|(_, d)| d.len() + 3).sum::<usize>());
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    for v in [n, range, log, 16 * n - range] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    for (tag, data) in tables {
        out.extend_from_slice(tag.as_slice());
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        offset += data.len().div_ceil(4) * 4;
    }
    let mut head_at = None;
    for (tag, data) in tables {
        if tag == &b"head" {
            head_at = Some(out.len());
        }
        out.extend_from_slice(data);
        while out.len() % 4 != 0 {
            out.push(0);
        }
    }
    if let Some(at) = head_at {
        let adjust = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        set_u32(&mut out, at + 8, adjust);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::font::FontSet;

    fn lato() -> &'static [u8] {
        static FONTS: std::sync::OnceLock<FontSet> = std::sync::OnceLock::new();
        let fonts = FONTS.get_or_init(FontSet::new);
        fonts.bytes(fonts.family("Lato").unwrap().face(false, false)).unwrap()
    }

    #[test]
    fn subset_is_small_and_renumbers_in_order() {
        let used: BTreeSet<u16> = [36, 68, 100, 3].into_iter().collect();
        let s = subset(lato(), &used, &[100, 100]).unwrap();
        assert_eq!(s.copies, [5, 6]);
        assert!(s.bytes.len() < 4_000, "{} bytes", s.bytes.len());
        assert_eq!(s.remap[&0], 0);
        assert_eq!(s.remap[&3], 1);
        assert_eq!(s.remap[&100], 4);
    }

    #[test]
    fn subset_glyphs_draw_as_the_original_ones_with_their_components() {
        let original = ttf_parser::Face::parse(lato(), 0).unwrap();
        let chars = ['a', 'é', 'Ç', 'ø', 'W', '€'];
        let gids: Vec<u16> = chars.iter().map(|c| original.glyph_index(*c).unwrap().0).collect();
        let font = Font::new(lato()).unwrap();
        assert!(gids.iter().any(|g| !components(font.glyph(*g).unwrap()).is_empty()), "a composite glyph is among them");
        let s = subset(lato(), &gids.iter().copied().collect(), &[gids[1]]).unwrap();
        let sub = ttf_parser::Face::parse(&s.bytes, 0).unwrap();
        let outline = |face: &ttf_parser::Face, g: u16| {
            #[derive(Default)]
            struct Path(Vec<i32>);
            impl ttf_parser::OutlineBuilder for Path {
                fn move_to(&mut self, x: f32, y: f32) {
                    self.0.extend([0, x as i32, y as i32]);
                }
                fn line_to(&mut self, x: f32, y: f32) {
                    self.0.extend([1, x as i32, y as i32]);
                }
                fn quad_to(&mut self, a: f32, b: f32, x: f32, y: f32) {
                    self.0.extend([2, a as i32, b as i32, x as i32, y as i32]);
                }
                fn curve_to(&mut self, a: f32, b: f32, c: f32, d: f32, x: f32, y: f32) {
                    self.0.extend([3, a as i32, b as i32, c as i32, d as i32, x as i32, y as i32]);
                }
                fn close(&mut self) {
                    self.0.push(4);
                }
            }
            let mut p = Path::default();
            face.outline_glyph(ttf_parser::GlyphId(g), &mut p);
            (p.0, face.glyph_hor_advance(ttf_parser::GlyphId(g)))
        };
        for g in &gids {
            let (path, advance) = outline(&original, *g);
            assert!(!path.is_empty());
            assert_eq!(outline(&sub, s.remap[g]), (path.clone(), advance), "glyph {g}");
        }
        assert_eq!(outline(&sub, s.copies[0]), outline(&original, gids[1]));
        // The hinting is gone.
        for tag in [b"fpgm", b"prep", b"cvt "] {
            assert!(sub.raw_face().table(ttf_parser::Tag::from_bytes(tag)).is_none());
        }
        assert!(sub.number_of_glyphs() as usize >= gids.len() + 2);
    }
}
