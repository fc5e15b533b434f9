//! Font subsetting with allsorts: only the glyphs a document uses are embedded, with only the
//! tables a PDF needs, and without hinting.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use allsorts::binary::read::ReadScope;
use allsorts::binary::write::{WriteBinary, WriteBinaryDep, WriteBuffer};
use allsorts::error::ParseError;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile};
use allsorts::tables::glyf::{GlyfRecord, GlyfTable, Glyph};
use allsorts::tables::loca::{LocaTable, owned};
use allsorts::tables::{FontTableProvider, HeadTable, MaxpTable};
use allsorts::tag;

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

/// The tables a PDF's embedded TrueType program needs: outlines (`glyf`, `loca`, added by the
/// subsetter) and metrics. Not `name`, `cmap` or `post`: glyphs are addressed by id
/// (Identity-H) and the text comes from the ToUnicode map, so those would be dead weight (5 KB
/// of `name` a face in Lato). Hinting is dropped too, see [`strip_hinting`].
const PDF_TABLES: &[u32] = &[tag::HEAD, tag::HHEA, tag::HMTX, tag::MAXP];

/// Subsets `font` (a TrueType file) to `used` glyph ids, then `copies` (glyph ids again, each
/// kept once more after them). Glyph 0 (`.notdef`) is always kept first; each kept glyph's new
/// id is its position in the sorted list.
pub fn subset(font: &[u8], used: &BTreeSet<u16>, copies: &[u16]) -> Result<Subset, String> {
    let data = ReadScope::new(font).read::<FontData<'_>>().map_err(|e| e.to_string())?;
    let provider = data.table_provider(0).map_err(|e| e.to_string())?;
    let mut ids: Vec<u16> = std::iter::once(0).chain(used.iter().copied().filter(|g| *g != 0)).collect();
    let first_copy = ids.len();
    ids.extend_from_slice(copies);
    let bytes = allsorts::subset::subset(&provider, &ids, &SubsetProfile::Custom(PDF_TABLES.to_vec()), CmapTarget::Unicode)
        .map_err(|e| e.to_string())?;
    let remap = ids.iter().take(first_copy).enumerate().map(|(new, old)| (*old, new as u16)).collect();
    let copies = (first_copy..ids.len()).map(|i| i as u16).collect();
    Ok(Subset { bytes: strip_hinting(&bytes)?, remap, copies })
}

/// The font without its TrueType hinting: glyph instructions, `fpgm`, `prep` and `cvt`.
/// PDF viewers scale outlines themselves; the bytecode is a third of a subset Lato face and
/// makes no difference on paper.
fn strip_hinting(font: &[u8]) -> Result<Vec<u8>, String> {
    let e = |e: &dyn std::fmt::Display| e.to_string();
    let data = ReadScope::new(font).read::<FontData<'_>>().map_err(|x| e(&x))?;
    let provider = data.table_provider(0).map_err(|x| e(&x))?;
    let table = |t: u32| provider.read_table_data(t).map_err(|x| e(&x));
    let head_data = table(tag::HEAD)?;
    let head = ReadScope::new(&head_data).read::<HeadTable>().map_err(|x| e(&x))?;
    let maxp_data = table(tag::MAXP)?;
    let mut maxp = ReadScope::new(&maxp_data).read::<MaxpTable>().map_err(|x| e(&x))?;
    let loca_data = table(tag::LOCA)?;
    let loca = ReadScope::new(&loca_data).read_dep::<LocaTable<'_>>((maxp.num_glyphs, head.index_to_loc_format)).map_err(|x| e(&x))?;
    let glyf_data = table(tag::GLYF)?;
    let mut glyf = ReadScope::new(&glyf_data).read_dep::<GlyfTable<'_>>(&loca).map_err(|x| e(&x))?;
    for record in glyf.records_mut() {
        record.parse().map_err(|x| e(&x))?;
        match record {
            GlyfRecord::Parsed(Glyph::Simple(g)) => g.instructions = Box::new([]),
            GlyfRecord::Parsed(Glyph::Composite(g)) => g.instructions = Box::new([]),
            _ => {}
        }
    }
    if let Some(v1) = maxp.version1_sub_table.as_mut() {
        v1.max_size_of_instructions = 0;
        v1.max_function_defs = 0;
        v1.max_instruction_defs = 0;
        v1.max_stack_elements = 0;
        v1.max_storage = 0;
        v1.max_twilight_points = 0;
    }
    let mut tables = Tables::default();
    let mut glyf_buf = WriteBuffer::new();
    let loca = GlyfTable::write_dep(&mut glyf_buf, glyf, head.index_to_loc_format).map_err(|x| e(&x))?;
    let mut loca_buf = WriteBuffer::new();
    owned::LocaTable::write_dep(&mut loca_buf, loca, head.index_to_loc_format).map_err(|x| e(&x))?;
    let mut maxp_buf = WriteBuffer::new();
    MaxpTable::write(&mut maxp_buf, &maxp).map_err(|x| e(&x))?;
    tables.0.insert(tag::GLYF, glyf_buf.into_inner());
    tables.0.insert(tag::LOCA, loca_buf.into_inner());
    tables.0.insert(tag::MAXP, maxp_buf.into_inner());
    for t in [tag::HEAD, tag::HHEA, tag::HMTX] {
        tables.0.insert(t, table(t)?.into_owned());
    }
    let tags = [tag::HEAD, tag::HHEA, tag::HMTX, tag::MAXP, tag::GLYF, tag::LOCA];
    allsorts::subset::whole_font(&tables, &tags).map_err(|x| e(&x))
}

/// Font tables held in memory, for allsorts to assemble into a font file.
#[derive(Default)]
struct Tables(BTreeMap<u32, Vec<u8>>);

impl FontTableProvider for Tables {
    fn table_data(&self, tag: u32) -> Result<Option<Cow<'_, [u8]>>, ParseError> {
        Ok(self.0.get(&tag).map(|d| Cow::Borrowed(d.as_slice())))
    }

    fn has_table(&self, tag: u32) -> bool {
        self.0.contains_key(&tag)
    }

    fn table_tags(&self) -> Option<Vec<u32>> {
        Some(self.0.keys().copied().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::font::FontSet;

    #[test]
    fn subset_is_small_and_renumbers_in_order() {
        let used: BTreeSet<u16> = [36, 68, 100, 3].into_iter().collect();
        let fonts = FontSet::new();
        let lato = fonts.bytes(fonts.family("Lato").unwrap().face(false, false)).unwrap();
        let s = subset(lato, &used, &[100, 100]).unwrap();
        assert_eq!(s.copies, [5, 6]);
        assert!(s.bytes.len() < 4_000, "{} bytes", s.bytes.len());
        assert_eq!(s.remap[&0], 0);
        assert_eq!(s.remap[&3], 1);
        assert_eq!(s.remap[&100], 4);
    }
}
