//! The photo: the front matter's `photo` (or `avatar`, `image`, also under `[params]`), else the
//! first `figure class="avatar"` shortcode, else the first `figure` or `image` shortcode, else a
//! Markdown image before the first section. Every other image is left out with a warning, and so
//! is a photo that cannot be used: remote (never fetched), outside the site, missing, or not an
//! image.

use std::sync::Arc;

use crate::diag::{Diagnostic, SourceFile, Span};
use crate::model::Photo;
use crate::source::Image;
use crate::source::front::{FrontMatter, Value, get};
use crate::source::image;

/// Front-matter keys that name the photo.
pub const KEYS: &[&str] = &["photo", "avatar", "picture", "image"];

/// Chooses and reads the photo. `before_sections` is where the first section starts: a Markdown
/// image above it is the photo when nothing else is.
pub fn choose(
    file: &SourceFile,
    front: &FrontMatter,
    images: &[(Image, Span)],
    before_sections: usize,
) -> (Option<Photo>, Vec<Diagnostic>) {
    let mut warnings = Vec::new();
    let declared = KEYS.iter().find_map(|k| {
        let v = front.get(k).or_else(|| front.get("params").and_then(Value::as_map).and_then(|p| get(p, k)))?;
        Some((v.as_text()?, front.span(file, k)))
    });
    let is_avatar = |i: &Image| i.class.as_deref().is_some_and(|c| c.split_whitespace().any(|c| c == "avatar"));
    let chosen = match &declared {
        Some(_) => None,
        None => images
            .iter()
            .position(|(i, _)| i.shortcode && is_avatar(i))
            .or_else(|| images.iter().position(|(i, _)| i.shortcode))
            .or_else(|| images.iter().position(|(_, s)| s.start < before_sections)),
    };
    for (n, (img, span)) in images.iter().enumerate() {
        if Some(n) != chosen {
            warnings.push(Diagnostic::warning(
                file,
                *span,
                format!("image `{}` is left out: cvpdf places one photo, in the header", img.src),
            ));
        }
    }
    let (src, alt, span) = match (declared, chosen.and_then(|n| images.get(n))) {
        (Some((src, span)), _) => (src, String::new(), span),
        (None, Some((img, span))) => (img.src.clone(), img.alt.clone(), *span),
        (None, None) => return (None, warnings),
    };
    match image::load(&file.path, &src) {
        Ok(p) => (Some(Photo { src, alt, picture: Arc::new(p) }), warnings),
        Err(why) => {
            warnings.push(Diagnostic::warning(file, span, format!("the photo `{src}` is left out: {why}")));
            (None, warnings)
        }
    }
}
