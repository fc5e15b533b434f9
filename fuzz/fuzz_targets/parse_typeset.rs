//! Fuzzing parse + typeset: any bytes as a résumé page must give a layout or a diagnostic, never
//! a panic. Run: `RUSTC_BOOTSTRAP=1 cargo fuzz run parse_typeset` (see README).
#![no_main]

use std::sync::OnceLock;

use cvpdf::diag::SourceFile;
use cvpdf::style::layout::Layout;
use cvpdf::text::font::FontSet;
use cvpdf::{Emit, Options};
use libfuzzer_sys::fuzz_target;

static FONTS: OnceLock<FontSet> = OnceLock::new();
static LAYOUTS: OnceLock<Vec<Layout>> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let fonts = FONTS.get_or_init(FontSet::new);
    let layouts = LAYOUTS.get_or_init(|| ["classic", "sidebar"].iter().filter_map(|n| Layout::bundled(n).ok()).collect());
    let file = SourceFile::new("fuzz.md", text.to_string());
    // The first byte picks the layout and the page budget, so both paths are explored.
    let pick = data.first().copied().unwrap_or(0);
    let Some(layout) = layouts.get(usize::from(pick % 2)) else { return };
    let options = Options { emit: Emit::Layout, pages: (pick & 7 == 7).then_some(1), ..Options::default() };
    let _ = cvpdf::compile(&file, &options, layout, fonts);
});
