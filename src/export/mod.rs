//! Export: positioned pages → PDF bytes.

pub mod debug;
pub mod images;
pub mod metadata;
pub mod outline;
pub mod pdf;
pub mod post;
pub mod subset;
