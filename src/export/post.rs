//! The lopdf pass over printpdf's output: what printpdf writes wrong or not at all.
//!
//! - the Info dictionary is rewritten (printpdf claims PDF/X and has no Subject or Keywords
//!   of ours);
//! - `/Lang` goes on the catalog;
//! - the header says 1.7;
//! - the streams are compressed, those of a long document on a helper thread while the rest of
//!   the file is built ([`Packing`]).

use std::sync::mpsc::{Sender, channel};

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
pub fn finish(
    mut doc: Document,
    packing: Packing,
    info: &Info,
    images: &[Placed],
    marks: &[Mark],
    tagged: (&Structure, &Marked),
) -> Result<Vec<u8>, String> {
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

    // The objects are serialised, and their object stream compressed, while the helper
    // compresses the other streams.
    let mut objects = writer::objects(&doc, &elements);
    let (mut z, body) = packing.finish(&mut doc, std::mem::take(&mut objects.body))?;
    compress(&mut doc, &mut z);
    let version = doc.version.clone();
    let file = writer::write(&doc, objects, &body, &version, &mut z);
    crate::discard::discard(doc);
    file
}

/// Flate-compresses every stream not compressed yet (the XMP packet stays readable).
fn compress(doc: &mut Document, z: &mut Deflater) {
    for (_, stream) in to_compress(doc) {
        let packed = z.zlib(&stream.content);
        keep_smaller(stream, None, packed);
    }
}

/// The streams not compressed yet that may be (an empty one gains nothing, and one taken out
/// for the helper is empty).
fn to_compress(doc: &mut Document) -> impl Iterator<Item = (lopdf::ObjectId, &mut Stream)> {
    doc.objects.iter_mut().filter_map(|(id, object)| match object {
        Object::Stream(stream) if !stream.dict.has(b"Filter") && stream.allows_compression && !stream.content.is_empty() => {
            Some((*id, stream))
        }
        _ => None,
    })
}

/// Gives `stream` its `packed` content when that saves more than the filter's name costs, else
/// its `plain` content back (when it was taken out to be compressed).
fn keep_smaller(stream: &mut Stream, plain: Option<Vec<u8>>, packed: Option<Vec<u8>>) {
    let len = plain.as_ref().map_or(stream.content.len(), Vec::len);
    match packed {
        Some(packed) if packed.len() + 19 < len => {
            stream.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
            stream.set_content(packed);
        }
        _ => {
            if let Some(plain) = plain {
                stream.content = plain;
            }
        }
    }
}

/// What the helper compresses: a stream of the document, by its id, and its content.
type Job = (lopdf::ObjectId, Vec<u8>);

/// A job done: what it was, its content and that content compressed.
type Done = (lopdf::ObjectId, Vec<u8>, Option<Vec<u8>>);

/// The streams of a document being compressed on a helper thread while the rest of the file is
/// built: the fonts' and the pages' streams; [`Packing::finish`] puts them back.
pub struct Packing(Option<Helper>);

/// The helper thread, and where its jobs go.
struct Helper {
    jobs: Sender<Vec<Job>>,
    thread: crate::threads::Task<Vec<Done>>,
}

impl Packing {
    /// A helper thread, when `worth` it (the file has enough to compress that it can wait for a
    /// thread to start); streams [`Packing::submit`]ted to it are compressed there.
    pub fn start(worth: bool) -> Packing {
        if !worth {
            return Packing(None);
        }
        let (tx, rx) = channel::<Vec<Job>>();
        let helper = crate::threads::spawn(move || {
            let mut z = Deflater::new();
            let mut done = Vec::new();
            while let Ok(jobs) = crate::threads::receive(&rx) {
                done.extend(jobs.into_iter().map(|(key, plain)| {
                    let packed = z.zlib(&plain);
                    (key, plain, packed)
                }));
            }
            done
        });
        Packing(helper.map(|thread| Helper { jobs: tx, thread }))
    }

    /// Takes the streams of `doc` that are to be compressed and not taken yet out of it, for
    /// the helper to compress; without a helper, leaves them to [`compress`].
    pub fn submit(&self, doc: &mut Document) {
        let Some(helper) = &self.0 else { return };
        let taken: Vec<Job> = to_compress(doc).map(|(id, stream)| (id, std::mem::take(&mut stream.content))).collect();
        if let Err(unsent) = helper.jobs.send(taken) {
            // The helper is gone: the streams go back, to be compressed here.
            for (id, plain) in unsent.0 {
                if let Ok(Object::Stream(stream)) = doc.get_object_mut(id) {
                    stream.content = plain;
                }
            }
        }
    }

    /// Compresses the object stream's `body` and puts the streams the helper compressed back
    /// into `doc`; returns the compressor, for the rest, and the compressed body.
    pub fn finish(self, doc: &mut Document, body: Vec<u8>) -> Result<(Deflater, Vec<u8>), String> {
        // The object stream is compressed here while the helper finishes the streams it has:
        // waiting for it to take this one too left this thread idle for a quarter millisecond.
        let mut z = Deflater::new();
        let packed_body = z.zlib(&body).ok_or("the object stream could not be compressed")?;
        let Some(Helper { jobs, thread }) = self.0 else {
            return Ok((z, packed_body));
        };
        drop(jobs);
        for (id, plain, packed) in thread.join().ok_or("the thread compressing the streams failed")? {
            match doc.get_object_mut(id) {
                Ok(Object::Stream(stream)) => keep_smaller(stream, Some(plain), packed),
                _ => return Err(format!("object {} {} was taken out to be compressed and has no stream to go back to", id.0, id.1)),
            }
        }
        Ok((z, packed_body))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_packed_on_the_helper_come_back_compressed_or_as_they_were() {
        let mut doc = Document::with_version("1.7");
        let text = b"BT /F1 10 Tf [(Hello) -250 (world)] TJ ET\n".repeat(2000);
        let long = doc.add_object(Stream::new(Dictionary::new(), text.clone()));
        let short = doc.add_object(Stream::new(Dictionary::new(), b"q Q".to_vec()));
        let packing = Packing::start(true);
        packing.submit(&mut doc);
        assert!(doc.get_object(long).unwrap().as_stream().unwrap().content.is_empty(), "taken out while the helper works");
        let (_, body) = packing.finish(&mut doc, text.clone()).unwrap();
        assert!(body.len() * 10 < text.len(), "the object stream's body comes back compressed");
        let long = doc.get_object(long).unwrap().as_stream().unwrap();
        assert!(long.dict.has(b"Filter"));
        assert_eq!(long.decompressed_content().unwrap(), text);
        let short = doc.get_object(short).unwrap().as_stream().unwrap();
        assert!(!short.dict.has(b"Filter"), "compressing three bytes does not pay");
        assert_eq!(short.content, b"q Q");
    }

    #[test]
    fn text_strings_are_ascii_or_utf16() {
        assert_eq!(text_string("CV"), Object::String(b"CV".to_vec(), StringFormat::Literal));
        let Object::String(b, _) = text_string("é") else { panic!() };
        assert_eq!(b, vec![0xFE, 0xFF, 0x00, 0xE9]);
    }
}
