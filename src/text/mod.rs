//! Text: fonts, glyphs and their metrics.

pub mod dictionary;
pub mod font;
pub mod hyphenate;
pub mod metrics;
