//! The lopdf pass over printpdf's output: what printpdf writes wrong or not at all.
//!
//! - the Info dictionary is rewritten (printpdf claims PDF/X and has no Subject or Keywords
//!   of ours);
//! - `/Lang` goes on the catalog;
//! - the header says 1.7.

use lopdf::{Dictionary, Document, Object, Stream, StringFormat};

use crate::export::deflate::Deflater;
use crate::export::images::{Placed, draw_images};
use crate::export::metadata::{self, Stamp};
use crate::export::outline::{self, Mark};
use crate::export::tags::{self, Marked};
use crate::export::writer;
use crate::typeset::structure::Structure;

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
    /// Creation and modification date; none rather than the clock.
    pub date: Option<Stamp>,
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

/// Finishes the document and writes it; `images` are the pictures to draw, `marks` the
/// outline's entries, `tagged` the structure tree and what the pages mark of it.
pub fn finish(mut doc: Document, info: &Info, images: &[Placed], marks: &[Mark], tagged: (&Structure, &Marked)) -> Result<Vec<u8>, String> {
    doc.version = "1.7".to_string();
    draw_images(&mut doc, images)?;
    outline::write(&mut doc, marks)?;
    let elements = tags::write(&mut doc, tagged.0, tagged.1)?;

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
    if let Some(date) = info.date {
        meta.set("CreationDate", Object::String(date.pdf().into_bytes(), StringFormat::Literal));
        meta.set("ModDate", Object::String(date.pdf().into_bytes(), StringFormat::Literal));
    }
    let info_id = doc.add_object(Object::Dictionary(meta));
    doc.trailer.set("Info", Object::Reference(info_id));

    // The XMP packet says what the Info dictionary says; uncompressed, as XMP readers expect.
    let mut xmp_dict = Dictionary::new();
    xmp_dict.set("Type", Object::Name(b"Metadata".to_vec()));
    xmp_dict.set("Subtype", Object::Name(b"XML".to_vec()));
    let xmp = Stream::new(xmp_dict, metadata::xmp(info).into_bytes()).with_compression(false);
    let xmp_id = doc.add_object(Object::Stream(xmp));

    let catalog = doc.catalog_mut().map_err(|e| e.to_string())?;
    catalog.set("Lang", text_string(&info.lang));
    catalog.set("Metadata", Object::Reference(xmp_id));
    catalog.remove(b"OutputIntents");

    // One compressor for every stream: setting one up allocates its tables.
    let mut z = Deflater::new();
    compress(&mut doc, &mut z);
    let version = doc.version.clone();
    let out = writer::write(&doc, &elements, &version, &mut z)?;
    Ok(out)
}

/// Flate-compresses every stream not compressed yet (the XMP packet stays readable).
fn compress(doc: &mut Document, z: &mut Deflater) {
    for object in doc.objects.values_mut() {
        let Object::Stream(stream) = object else { continue };
        if stream.dict.has(b"Filter") || !stream.allows_compression {
            continue;
        }
        match z.zlib(&stream.content) {
            Some(packed) if packed.len() + 19 < stream.content.len() => {
                stream.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
                stream.set_content(packed);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_strings_are_ascii_or_utf16() {
        assert_eq!(text_string("CV"), Object::String(b"CV".to_vec(), StringFormat::Literal));
        let Object::String(b, _) = text_string("é") else { panic!() };
        assert_eq!(b, vec![0xFE, 0xFF, 0x00, 0xE9]);
    }
}
