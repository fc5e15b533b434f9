//! The lopdf pass over printpdf's output: what printpdf writes wrong or not at all.
//!
//! - the Info dictionary is rewritten (printpdf claims PDF/X and has no Subject or Keywords
//!   of ours);
//! - `/Lang` goes on the catalog;
//! - subset fonts get their `ABCDEF+` tag, derived from the glyph set so it is reproducible;
//! - the header says 1.7.

use std::collections::BTreeSet;

use std::sync::Arc;

use lopdf::{Dictionary, Document, Object, Stream, StringFormat};

use crate::source::image::{Format, Picture, png_rgb};

/// Document metadata.
#[derive(Debug, Clone, Default)]
pub struct Info {
    /// Title.
    pub title: String,
    /// The person's name.
    pub author: String,
    /// What the document is.
    pub subject: String,
    /// The résumé's own keywords.
    pub keywords: Vec<String>,
    /// BCP 47 language tag.
    pub lang: String,
    /// The program that made it.
    pub creator: String,
}

/// A PDF text string: PDFDocEncoding-safe ASCII as is, anything else as UTF-16BE with a BOM.
pub fn text_string(s: &str) -> Object {
    if s.chars().all(|c| c.is_ascii() && !c.is_ascii_control()) {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        for unit in s.encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        Object::String(bytes, StringFormat::Hexadecimal)
    }
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
    (0..6)
        .map(|i| char::from(b'A' + ((h >> (i * 8)) % 26) as u8))
        .collect()
}

/// Rewrites printpdf's `bytes`. `fonts` lists each embedded face as (printpdf's resource
/// name, PostScript name, glyph set); `images` are the pictures to draw.
pub fn finish(
    bytes: &[u8],
    info: &Info,
    fonts: &[(String, String, BTreeSet<u16>)],
    images: &[Placed],
) -> Result<Vec<u8>, String> {
    let mut doc = Document::load_mem(bytes).map_err(|e| e.to_string())?;
    doc.version = "1.7".to_string();
    draw_images(&mut doc, images)?;

    // Fonts: printpdf names them by its resource id; give them their real, tagged name.
    for (_, object) in doc.objects.iter_mut() {
        let dict = match object {
            Object::Dictionary(d) => d,
            Object::Stream(s) => &mut s.dict,
            _ => continue,
        };
        for key in [b"BaseFont".as_slice(), b"FontName".as_slice()] {
            let Ok(Object::Name(name)) = dict.get(key) else {
                continue;
            };
            let current = String::from_utf8_lossy(name).to_string();
            if let Some((_, ps, gids)) = fonts
                .iter()
                .find(|(res, ps, _)| *res == current || *ps == current)
            {
                let tagged = format!("{}+{}", subset_tag(ps, gids), ps);
                dict.set(key, Object::Name(tagged.into_bytes()));
            }
        }
    }

    lift_annotations(&mut doc);

    let mut meta = Dictionary::new();
    meta.set("Title", text_string(&info.title));
    if !info.author.is_empty() {
        meta.set("Author", text_string(&info.author));
    }
    if !info.subject.is_empty() {
        meta.set("Subject", text_string(&info.subject));
    }
    if !info.keywords.is_empty() {
        meta.set("Keywords", text_string(&info.keywords.join(", ")));
    }
    meta.set("Creator", text_string(&info.creator));
    meta.set("Producer", text_string(&info.creator));
    let info_id = doc.add_object(Object::Dictionary(meta));
    doc.trailer.set("Info", Object::Reference(info_id));

    let catalog = doc.catalog_mut().map_err(|e| e.to_string())?;
    catalog.set("Lang", text_string(&info.lang));
    catalog.remove(b"Metadata");
    catalog.remove(b"OutputIntents");

    doc.prune_objects();
    doc.renumber_objects();
    doc.compress();
    let mut out = Vec::with_capacity(bytes.len());
    doc.save_to(&mut out).map_err(|e| e.to_string())?;
    Ok(out)
}

/// A picture placed on a page, in PDF coordinates (from the bottom).
#[derive(Debug, Clone)]
pub struct Placed {
    /// Page index.
    pub page: usize,
    /// Left of the circle's box.
    pub x: f32,
    /// Bottom of the circle's box.
    pub y: f32,
    /// Diameter.
    pub size: f32,
    /// The picture.
    pub picture: Arc<Picture>,
}

/// Adds each distinct picture once as an image XObject, and draws every placement clipped to a
/// circle (four Bézier arcs), the picture scaled to cover it and centred.
fn draw_images(doc: &mut Document, images: &[Placed]) -> Result<(), String> {
    let page_ids: Vec<lopdf::ObjectId> = doc.get_pages().into_values().collect();
    let mut objects: Vec<(Arc<Picture>, lopdf::ObjectId)> = Vec::new();
    for (n, p) in images.iter().enumerate() {
        let id = match objects
            .iter()
            .find(|(pic, _)| Arc::ptr_eq(pic, &p.picture) || **pic == *p.picture)
        {
            Some((_, id)) => *id,
            None => {
                let id = image_object(doc, &p.picture)?;
                objects.push((p.picture.clone(), id));
                id
            }
        };
        let Some(page_id) = page_ids.get(p.page).copied() else {
            continue;
        };
        let name = format!(
            "CvImg{}",
            objects.iter().position(|(_, i)| *i == id).unwrap_or(n)
        );
        doc.add_xobject(page_id, name.as_bytes(), id)
            .map_err(|e| e.to_string())?;
        let r = p.size / 2.0;
        let (cx, cy) = (p.x + r, p.y + r);
        let k = 0.552_284_8 * r;
        let (w, h) = (p.picture.width as f32, p.picture.height as f32);
        let scale = p.size / w.min(h).max(1.0);
        let (dw, dh) = (w * scale, h * scale);
        let ops = format!(
            "q\n{} {} m\n{} {} {} {} {} {} c\n{} {} {} {} {} {} c\n{} {} {} {} {} {} c\n{} {} {} {} {} {} c\nh W n\n{} 0 0 {} {} {} cm\n/{name} Do\nQ\n",
            f(cx + r),
            f(cy),
            f(cx + r),
            f(cy + k),
            f(cx + k),
            f(cy + r),
            f(cx),
            f(cy + r),
            f(cx - k),
            f(cy + r),
            f(cx - r),
            f(cy + k),
            f(cx - r),
            f(cy),
            f(cx - r),
            f(cy - k),
            f(cx - k),
            f(cy - r),
            f(cx),
            f(cy - r),
            f(cx + k),
            f(cy - r),
            f(cx + r),
            f(cy - k),
            f(cx + r),
            f(cy),
            f(dw),
            f(dh),
            f(cx - dw / 2.0),
            f(cy - dh / 2.0),
        );
        doc.add_page_contents(page_id, ops.into_bytes())
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn f(v: f32) -> String {
    let s = format!("{v:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The image XObject of a picture: JPEG bytes as they are (DCT), PNG samples Flate-compressed
/// with an SMask for alpha.
fn image_object(doc: &mut Document, p: &Picture) -> Result<lopdf::ObjectId, String> {
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"XObject".to_vec()));
    dict.set("Subtype", Object::Name(b"Image".to_vec()));
    dict.set("Width", Object::Integer(i64::from(p.width)));
    dict.set("Height", Object::Integer(i64::from(p.height)));
    dict.set("BitsPerComponent", Object::Integer(8));
    match p.format {
        Format::Jpeg { components } => {
            let space: &[u8] = match components {
                1 => b"DeviceGray",
                4 => b"DeviceCMYK",
                _ => b"DeviceRGB",
            };
            dict.set("ColorSpace", Object::Name(space.to_vec()));
            dict.set("Filter", Object::Name(b"DCTDecode".to_vec()));
            if components == 4 {
                // Adobe CMYK JPEGs are stored inverted.
                dict.set(
                    "Decode",
                    Object::Array(
                        [1, 0, 1, 0, 1, 0, 1, 0]
                            .iter()
                            .map(|v| Object::Integer(*v))
                            .collect(),
                    ),
                );
            }
            Ok(doc.add_object(Object::Stream(
                Stream::new(dict, p.bytes.clone()).with_compression(false),
            )))
        }
        Format::Png => {
            let (rgb, alpha) = png_rgb(&p.bytes)?;
            dict.set("ColorSpace", Object::Name(b"DeviceRGB".to_vec()));
            if let Some(alpha) = alpha {
                let mut m = Dictionary::new();
                m.set("Type", Object::Name(b"XObject".to_vec()));
                m.set("Subtype", Object::Name(b"Image".to_vec()));
                m.set("Width", Object::Integer(i64::from(p.width)));
                m.set("Height", Object::Integer(i64::from(p.height)));
                m.set("BitsPerComponent", Object::Integer(8));
                m.set("ColorSpace", Object::Name(b"DeviceGray".to_vec()));
                let mut s = Stream::new(m, alpha);
                let _ = s.compress();
                let mask = doc.add_object(Object::Stream(s));
                dict.set("SMask", Object::Reference(mask));
            }
            let mut s = Stream::new(dict, rgb);
            let _ = s.compress();
            Ok(doc.add_object(Object::Stream(s)))
        }
    }
}

/// printpdf writes link annotations inline in `/Annots`; readers and checkers expect each to be
/// an indirect object, printable (`/F 4`).
fn lift_annotations(doc: &mut Document) {
    let page_ids: Vec<lopdf::ObjectId> = doc.get_pages().into_values().collect();
    for page_id in page_ids {
        let annots = match doc.get_dictionary(page_id).and_then(|d| d.get(b"Annots")) {
            Ok(Object::Array(a)) => a.clone(),
            _ => continue,
        };
        let lifted: Vec<Object> = annots
            .into_iter()
            .map(|a| match a {
                Object::Dictionary(mut d) => {
                    d.set("F", Object::Integer(4));
                    Object::Reference(doc.add_object(Object::Dictionary(d)))
                }
                other => other,
            })
            .collect();
        if let Ok(page) = doc.get_dictionary_mut(page_id) {
            page.set("Annots", Object::Array(lifted));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_strings_are_ascii_or_utf16() {
        assert_eq!(
            text_string("CV"),
            Object::String(b"CV".to_vec(), StringFormat::Literal)
        );
        let Object::String(b, _) = text_string("é") else {
            panic!()
        };
        assert_eq!(b, vec![0xFE, 0xFF, 0x00, 0xE9]);
    }

    #[test]
    fn subset_tags_are_stable_uppercase_and_differ_by_glyph_set() {
        let a: BTreeSet<u16> = [1, 2, 3].into_iter().collect();
        let b: BTreeSet<u16> = [1, 2, 4].into_iter().collect();
        let t = subset_tag("Lato-Regular", &a);
        assert_eq!(t, subset_tag("Lato-Regular", &a));
        assert_ne!(t, subset_tag("Lato-Regular", &b));
        assert!(t.len() == 6 && t.chars().all(|c| c.is_ascii_uppercase()));
    }
}
