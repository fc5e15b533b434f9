//! Pictures in the PDF: each distinct picture once as an image XObject, drawn clipped to a
//! circle wherever the pages place it.

use std::sync::Arc;

use lopdf::{Dictionary, Document, Object, Stream};

use crate::export::content::nums;
use crate::source::image::{Format, Picture, png_rgb};

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
    /// Its marked-content id, as a figure of the structure tree; none draws it as an artifact.
    pub mcid: Option<u32>,
}

/// Adds each distinct picture once as an image XObject, and draws every placement clipped to a
/// circle (four Bézier arcs), the picture scaled to cover it and centred.
pub fn draw_images(doc: &mut Document, images: &[Placed]) -> Result<(), String> {
    let page_ids: Vec<lopdf::ObjectId> = doc.get_pages().into_values().collect();
    let mut objects: Vec<(Arc<Picture>, lopdf::ObjectId)> = Vec::new();
    for (n, p) in images.iter().enumerate() {
        let id = match objects.iter().find(|(pic, _)| Arc::ptr_eq(pic, &p.picture) || **pic == *p.picture) {
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
        let name = format!("CvImg{}", objects.iter().position(|(_, i)| *i == id).unwrap_or(n));
        doc.add_xobject(page_id, name.as_bytes(), id).map_err(|e| e.to_string())?;
        let r = p.size / 2.0;
        let (cx, cy) = (p.x + r, p.y + r);
        let k = 0.552_284_8 * r;
        let (w, h) = (p.picture.width as f32, p.picture.height as f32);
        let scale = p.size / w.min(h).max(1.0);
        let (dw, dh) = (w * scale, h * scale);
        let mut ops = match p.mcid {
            Some(mcid) => format!("/Figure <</MCID {mcid}>> BDC\n").into_bytes(),
            None => b"/Artifact BMC\n".to_vec(),
        };
        ops.extend_from_slice(b"q\n");
        nums(&mut ops, &[cx + r, cy]);
        ops.extend_from_slice(b"m\n");
        let arcs = [
            [cx + r, cy + k, cx + k, cy + r, cx, cy + r],
            [cx - k, cy + r, cx - r, cy + k, cx - r, cy],
            [cx - r, cy - k, cx - k, cy - r, cx, cy - r],
            [cx + k, cy - r, cx + r, cy - k, cx + r, cy],
        ];
        for arc in arcs {
            nums(&mut ops, &arc);
            ops.extend_from_slice(b"c\n");
        }
        ops.extend_from_slice(b"h W n\n");
        nums(&mut ops, &[dw, 0.0, 0.0, dh, cx - dw / 2.0, cy - dh / 2.0]);
        ops.extend_from_slice(format!("cm\n/{name} Do\nQ\nEMC\n").as_bytes());
        doc.add_page_contents(page_id, ops).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// An 8-bit image XObject's dictionary, the picture's size, in `space`.
fn image_dict(p: &Picture, space: &[u8]) -> Dictionary {
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"XObject".to_vec()));
    dict.set("Subtype", Object::Name(b"Image".to_vec()));
    dict.set("Width", Object::Integer(i64::from(p.width)));
    dict.set("Height", Object::Integer(i64::from(p.height)));
    dict.set("BitsPerComponent", Object::Integer(8));
    dict.set("ColorSpace", Object::Name(space.to_vec()));
    dict
}

/// The image XObject of a picture: JPEG bytes as they are (DCT), PNG samples Flate-compressed
/// with an SMask for alpha.
fn image_object(doc: &mut Document, p: &Picture) -> Result<lopdf::ObjectId, String> {
    match p.format {
        Format::Jpeg { components } => {
            let space: &[u8] = match components {
                1 => b"DeviceGray",
                4 => b"DeviceCMYK",
                _ => b"DeviceRGB",
            };
            let mut dict = image_dict(p, space);
            dict.set("Filter", Object::Name(b"DCTDecode".to_vec()));
            if components == 4 {
                // Adobe CMYK JPEGs are stored inverted.
                dict.set("Decode", Object::Array([1, 0, 1, 0, 1, 0, 1, 0].iter().map(|v| Object::Integer(*v)).collect()));
            }
            Ok(doc.add_object(Object::Stream(Stream::new(dict, p.bytes.clone()).with_compression(false))))
        }
        Format::Png => {
            let (rgb, alpha) = png_rgb(&p.bytes)?;
            let mut dict = image_dict(p, b"DeviceRGB");
            if let Some(alpha) = alpha {
                let mut s = Stream::new(image_dict(p, b"DeviceGray"), alpha);
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
