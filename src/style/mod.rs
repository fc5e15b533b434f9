//! Style: what a layout and a language decide.

pub mod checked;
pub mod lang;
pub mod layout;
pub mod locale;
