//! Embedded fonts: each face the pages use, subset once, as a Type 0 font with Identity-H
//! encoding (the content streams address glyphs by id), its widths, descriptor and ToUnicode
//! map. Written straight into the lopdf document: going through printpdf's font model would
//! parse each subset again and copy it twice.
//!
//! A face is [`plan`]ned first: the subset's glyph ids follow from the glyphs used alone, so the
//! content streams can be written at once. Its objects are [`build`]t apart, under ids kept for
//! them, on a helper thread in a long document.

use std::collections::{BTreeMap, BTreeSet};

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use crate::export::content::{hex, utf16_hex};
use crate::export::subset;
use crate::text::font::{FaceId, FontSet};
use crate::typeset::frame::{Pages, Reading, TextRun};

/// A face as the content streams use it.
#[derive(Debug, Clone)]
pub struct Embedded {
    /// Its name in the pages' `/Font` resources (`F0`, `F1`…).
    pub resource: String,
    /// Original glyph id → glyph id in the subset (0 for glyphs the pages do not use), indexed
    /// by the original id: looked up once per glyph drawn.
    pub remap: Vec<u16>,
    /// The advance the viewer takes after each subset glyph, in 1/1000 em (the `/W` array).
    pub widths: Vec<i32>,
    /// Copies of glyphs that read as other text: (original glyph id, text) → subset glyph id.
    pub copies: BTreeMap<(u16, String), u16>,
}

impl Embedded {
    /// The subset glyph id for glyph `i` of `run`, and the width the viewer gives it.
    pub fn code(&self, run: &TextRun, i: usize) -> (u16, i32) {
        let gid = run.glyphs.get(i).map_or(0, |g| g.gid);
        match reads_as(run, i).and_then(|t| self.copies.get(&(gid, t)).copied()) {
            Some(code) => (code, self.width(code)),
            None => self.code_of(gid),
        }
    }

    /// The subset glyph id for original glyph `gid` read as its own character, and the width
    /// the viewer gives it.
    pub fn code_of(&self, gid: u16) -> (u16, i32) {
        let code = self.remap.get(usize::from(gid)).copied().unwrap_or(0);
        (code, self.width(code))
    }

    fn width(&self, code: u16) -> i32 {
        self.widths.get(usize::from(code)).copied().unwrap_or(0)
    }
}

/// What the pages use of one face: each glyph with the character it shows, and the glyphs that
/// read as other text.
#[derive(Default)]
struct Use {
    /// The character each glyph shows, indexed by glyph id (`None` where unused).
    glyphs: Vec<Option<char>>,
    rereads: BTreeSet<(u16, String)>,
}

impl Use {
    /// The glyphs used, in order.
    fn gids(&self) -> BTreeSet<u16> {
        self.glyphs.iter().enumerate().filter(|(_, c)| c.is_some()).filter_map(|(g, _)| u16::try_from(g).ok()).collect()
    }

    /// Notes that glyph `gid` shows `ch`, unless it was seen showing another character first.
    fn add(&mut self, gid: u16, ch: char) {
        let i = usize::from(gid);
        if self.glyphs.len() <= i {
            self.glyphs.resize(i + 1, None);
        }
        if let Some(slot @ None) = self.glyphs.get_mut(i) {
            *slot = Some(ch);
        }
    }
}

/// A face the pages use, planned: its subset's glyph ids are known (the content streams need no
/// more), its font objects are yet to be [`build`]t, under the object ids kept for them.
pub struct Planned<'f> {
    /// `ABCDEF+Name`.
    name: String,
    /// The whole face.
    original: &'f [u8],
    /// The glyphs used, and those copied to read as other text.
    gids: BTreeSet<u16>,
    copy_of: Vec<u16>,
    /// Each subset glyph's original id and the text it reads as.
    glyphs: Vec<(u16, String)>,
    /// The face, by which the content streams' [`Embedded`] holds its widths.
    face: FaceId,
    /// The ids of its font program, descriptor, CID font, ToUnicode map and Type 0 font.
    ids: [ObjectId; 5],
}

/// Plans every face `pages` use: returns the plans, the faces as the content streams use them,
/// and the `/Font` resource dictionary that names them all. Each face's objects get their ids
/// now, in the order [`build`] fills them.
pub fn plan<'f>(doc: &mut Document, faces: &'f FontSet, pages: &Pages) -> Result<Plan<'f>, String> {
    let mut planned = Vec::new();
    let mut out = BTreeMap::new();
    let mut resources = Dictionary::new();
    for (n, (face, used)) in uses(pages).into_iter().enumerate() {
        let name = faces.name(face);
        let original = faces.bytes(face).ok_or_else(|| format!("{name} cannot be read"))?;
        let gids = used.gids();
        let copy_of: Vec<u16> = used.rereads.iter().map(|(g, _)| *g).collect();
        // The subset's ids: .notdef, the glyphs used in order, then the copies (subset::subset).
        let kept: Vec<u16> = std::iter::once(0).chain(gids.iter().copied().filter(|g| *g != 0)).collect();
        let mut remap = vec![0; used.glyphs.len()];
        let mut glyphs: Vec<(u16, String)> = Vec::with_capacity(kept.len() + copy_of.len());
        for (new, old) in kept.iter().enumerate() {
            if let Some(slot) = remap.get_mut(usize::from(*old)) {
                *slot = new as u16;
            }
            let text = used.glyphs.get(usize::from(*old)).copied().flatten().map(String::from).unwrap_or_default();
            glyphs.push((*old, text));
        }
        let mut copies = BTreeMap::new();
        for (i, key) in used.rereads.into_iter().enumerate() {
            glyphs.push(key.clone());
            copies.insert(key, (kept.len() + i) as u16);
        }
        let metrics = faces.face(face);
        let scale = 1000.0 / metrics.units_per_em.max(1.0);
        let widths: Vec<i32> = glyphs.iter().map(|(old, _)| (metrics.advance(*old) * scale).round() as i32).collect();
        let ids = [(); 5].map(|_| doc.new_object_id());
        let resource = format!("F{n}");
        resources.set(resource.as_bytes(), Object::Reference(ids[4]));
        let name = format!("{}+{name}", subset_tag(&name, &gids));
        planned.push(Planned { name, original, gids, copy_of, glyphs, face, ids });
        out.insert(face, Embedded { resource, remap, widths, copies });
    }
    Ok(Plan { faces: planned, embedded: out, resources: doc.add_object(resources) })
}

/// The faces the pages use, planned: see [`plan`].
pub struct Plan<'f> {
    /// Each face's plan, for [`build`].
    pub faces: Vec<Planned<'f>>,
    /// Each face as the content streams use it.
    pub embedded: BTreeMap<FaceId, Embedded>,
    /// The `/Font` resource dictionary.
    pub resources: ObjectId,
}

/// The font objects of the faces `plan`ned, under their ids: each face subset once, as a
/// Type 0 font. Nothing here touches the document, so it may run beside the content streams.
pub fn build(plan: &Plan) -> Result<Vec<(ObjectId, Object)>, String> {
    let mut out = Vec::with_capacity(plan.faces.len() * 5);
    for p in &plan.faces {
        let sub = subset::subset(p.original, &p.gids, &p.copy_of)?;
        let widths = plan.embedded.get(&p.face).map_or(&[][..], |e| &e.widths);
        out.extend(type0(p, sub.bytes, widths)?);
    }
    Ok(out)
}

/// What each face is used for.
fn uses(pages: &Pages) -> BTreeMap<FaceId, Use> {
    let mut out: BTreeMap<FaceId, Use> = BTreeMap::new();
    for run in pages.runs() {
        let face = out.entry(run.face).or_default();
        for (i, g) in run.glyphs.iter().enumerate() {
            face.add(g.gid, g.ch);
            if let Some(text) = reads_as(run, i) {
                face.rereads.insert((g.gid, text));
            }
        }
    }
    out
}

/// What glyph `i` of `run` reads as, when not its own character.
fn reads_as(run: &TextRun, i: usize) -> Option<String> {
    match &run.reading {
        Reading::AsShown => None,
        Reading::LastGlyphAs(text) => (i + 1 == run.glyphs.len()).then(|| text.clone()),
        Reading::Blank => Some(" ".to_string()),
    }
}

/// The Type 0 font of one subset face, under the ids planned for it: its font program, its
/// descriptor, its CID font, its ToUnicode map and the font dictionary. The whole face gives the
/// descriptor's metrics.
fn type0(p: &Planned, program: Vec<u8>, widths: &[i32]) -> Result<[(ObjectId, Object); 5], String> {
    let name = &p.name;
    let [file_id, descriptor_id, cid_id, to_unicode_id, font_id] = p.ids;
    let face = ttf_parser::Face::parse(p.original, 0).map_err(|e| format!("{name}: {e}"))?;
    let scale = 1000.0 / f32::from(face.units_per_em().max(1));
    let len = |v: i16| Object::Integer((f32::from(v) * scale).round() as i64);
    let bbox = face.global_bounding_box();
    let mut flags = 32; // non-symbolic
    if face.is_monospaced() {
        flags |= 1;
    }
    if face.is_italic() {
        flags |= 64;
    }
    let mut file = Dictionary::new();
    file.set("Length1", Object::Integer(program.len() as i64));
    let file = Stream::new(file, program);
    let mut descriptor = Dictionary::new();
    descriptor.set("Type", Object::Name(b"FontDescriptor".to_vec()));
    descriptor.set("FontName", Object::Name(name.as_bytes().to_vec()));
    descriptor.set("Flags", Object::Integer(flags));
    descriptor.set("FontBBox", Object::Array(vec![len(bbox.x_min), len(bbox.y_min), len(bbox.x_max), len(bbox.y_max)]));
    descriptor.set("ItalicAngle", Object::Real(face.italic_angle()));
    descriptor.set("Ascent", len(face.ascender()));
    descriptor.set("Descent", len(face.descender()));
    descriptor.set("CapHeight", len(face.capital_height().unwrap_or(face.ascender())));
    // Not in TrueType: a usual estimate from the weight class.
    descriptor.set("StemV", Object::Integer(if face.is_bold() { 120 } else { 80 }));
    descriptor.set("FontFile2", Object::Reference(file_id));

    let mut system = Dictionary::new();
    system.set("Registry", Object::string_literal("Adobe"));
    system.set("Ordering", Object::string_literal("Identity"));
    system.set("Supplement", Object::Integer(0));
    let mut cid = Dictionary::new();
    cid.set("Type", Object::Name(b"Font".to_vec()));
    cid.set("Subtype", Object::Name(b"CIDFontType2".to_vec()));
    cid.set("BaseFont", Object::Name(name.as_bytes().to_vec()));
    cid.set("CIDSystemInfo", Object::Dictionary(system));
    cid.set("FontDescriptor", Object::Reference(descriptor_id));
    cid.set("CIDToGIDMap", Object::Name(b"Identity".to_vec()));
    let w: Vec<Object> = widths.iter().map(|w| Object::Integer(i64::from(*w))).collect();
    cid.set("W", Object::Array(vec![Object::Integer(0), Object::Array(w)]));

    let to_unicode = Stream::new(Dictionary::new(), to_unicode(&p.glyphs));
    let mut font = Dictionary::new();
    font.set("Type", Object::Name(b"Font".to_vec()));
    font.set("Subtype", Object::Name(b"Type0".to_vec()));
    font.set("BaseFont", Object::Name(name.as_bytes().to_vec()));
    font.set("Encoding", Object::Name(b"Identity-H".to_vec()));
    font.set("DescendantFonts", Object::Array(vec![Object::Reference(cid_id)]));
    font.set("ToUnicode", Object::Reference(to_unicode_id));
    Ok([
        (file_id, Object::Stream(file)),
        (descriptor_id, Object::Dictionary(descriptor)),
        (cid_id, Object::Dictionary(cid)),
        (to_unicode_id, Object::Stream(to_unicode)),
        (font_id, Object::Dictionary(font)),
    ])
}

/// The ToUnicode CMap: each subset glyph id to the text it reads as (UTF-16BE).
fn to_unicode(glyphs: &[(u16, String)]) -> Vec<u8> {
    let mut out = b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n".to_vec();
    let mapped: Vec<(u16, &String)> =
        glyphs.iter().enumerate().filter(|(_, (_, t))| !t.is_empty()).map(|(i, (_, t))| (i as u16, t)).collect();
    for block in mapped.chunks(100) {
        out.extend_from_slice(format!("{} beginbfchar\n", block.len()).as_bytes());
        for (gid, text) in block {
            out.push(b'<');
            hex(&mut out, *gid);
            out.extend_from_slice(b"> <");
            utf16_hex(&mut out, text);
            out.extend_from_slice(b">\n");
        }
        out.extend_from_slice(b"endbfchar\n");
    }
    out.extend_from_slice(b"endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out
}

/// A six-letter subset tag from the face name and its glyph set (FNV-1a, so it is stable).
fn subset_tag(name: &str, gids: &BTreeSet<u16>) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |b: u8| {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    };
    name.bytes().for_each(&mut feed);
    for g in gids {
        g.to_be_bytes().into_iter().for_each(&mut feed);
    }
    (0..6).map(|i| char::from(b'A' + ((h >> (i * 8)) % 26) as u8)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subset_tags_are_stable_uppercase_and_differ_by_glyph_set() {
        let a: BTreeSet<u16> = [1, 2, 3].into_iter().collect();
        let b: BTreeSet<u16> = [1, 2, 4].into_iter().collect();
        let t = subset_tag("Lato-Regular", &a);
        assert_eq!(t, subset_tag("Lato-Regular", &a));
        assert_ne!(t, subset_tag("Lato-Regular", &b));
        assert!(t.len() == 6 && t.chars().all(|c| c.is_ascii_uppercase()));
    }

    #[test]
    fn to_unicode_maps_each_glyph_to_utf16_in_blocks_of_100() {
        let glyphs: Vec<(u16, String)> =
            std::iter::once((0, String::new())).chain((1..=150).map(|g| (g, "é".to_string()))).chain([(9, "😀".to_string())]).collect();
        let map = String::from_utf8(to_unicode(&glyphs)).unwrap();
        assert!(map.contains("100 beginbfchar") && map.contains("51 beginbfchar"));
        assert!(map.contains("<0001> <00E9>"));
        assert!(map.contains("<0097> <D83DDE00>"));
        // .notdef reads as nothing: only the code space line starts with <0000>.
        assert_eq!(map.lines().filter(|l| l.starts_with("<0000>")).collect::<Vec<_>>(), ["<0000> <FFFF>"]);
    }
}
