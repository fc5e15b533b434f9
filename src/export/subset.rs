//! Font subsetting with allsorts: only the glyphs a document uses are embedded.

use std::collections::{BTreeMap, BTreeSet};

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile};

/// A subset font program and how glyph ids moved.
#[derive(Debug, Clone)]
pub struct Subset {
    /// The subset font file (TrueType).
    pub bytes: Vec<u8>,
    /// Original glyph id → glyph id in the subset.
    pub remap: BTreeMap<u16, u16>,
}

/// Subsets `font` (a TrueType file) to `used` glyph ids. Glyph 0 (`.notdef`) is always kept
/// first; each kept glyph's new id is its position in the sorted list.
pub fn subset(font: &[u8], used: &BTreeSet<u16>) -> Result<Subset, String> {
    let data = ReadScope::new(font).read::<FontData<'_>>().map_err(|e| e.to_string())?;
    let provider = data.table_provider(0).map_err(|e| e.to_string())?;
    let ids: Vec<u16> = std::iter::once(0).chain(used.iter().copied().filter(|g| *g != 0)).collect();
    let bytes = allsorts::subset::subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode).map_err(|e| e.to_string())?;
    let remap = ids.iter().enumerate().map(|(new, old)| (*old, new as u16)).collect();
    Ok(Subset { bytes, remap })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::font::FaceId;

    #[test]
    fn subset_is_small_and_renumbers_in_order() {
        let used: BTreeSet<u16> = [36, 68, 100, 3].into_iter().collect();
        let s = subset(FaceId::Regular.bytes(), &used).unwrap();
        assert!(s.bytes.len() < 20_000, "{} bytes", s.bytes.len());
        assert_eq!(s.remap[&0], 0);
        assert_eq!(s.remap[&3], 1);
        assert_eq!(s.remap[&100], 4);
    }
}
