//! Export: positioned pages → PDF bytes (or PNG pictures of the pages).

pub mod content;
pub mod debug;
pub mod deflate;
pub mod fonts;
pub mod images;
pub mod metadata;
pub mod outline;
pub mod pdf;
pub mod post;
pub mod raster;
pub mod subset;
pub mod tags;
pub mod writer;
pub mod xref;
