//! Export: positioned pages → PDF bytes.

pub mod debug;
pub mod pdf;
pub mod post;
pub mod subset;
