//! Flate compression of a file's streams, through libdeflate: it compresses a whole buffer at
//! once, with no stream state to reset, which is the job here (a few dozen streams of 1–40 KB).
//!
//! Measured on the 14 streams of tagged seed 000 (131 KB), instructions by callgrind for the
//! compression alone:
//!
//! | compressor, level | bytes | instructions |
//! |---|---|---|
//! | zlib-rs 4 (before) | 45,575 | 15.5 M |
//! | libdeflate 1 | 46,969 | 5.1 M |
//! | libdeflate 4 | 45,441 | 8.4 M |
//! | libdeflate 6 | 43,726 | 10.5 M |
//!
//! Level 1 is the cheapest per byte saved (39 instructions a byte, against 99 at level 4 and
//! 120 at level 6), and the whole file stays under half of Typst's. Level 2, the next step,
//! pays 3 M instructions (a sixteenth of a whole render) for 0.9 KB; level 1's compressor also
//! takes a fifth of level 4's memory.

/// The compression level (see the table above).
const LEVEL: i32 = 1;

/// A compressor, made once per file and used for each of its streams.
pub struct Deflater(libdeflater::Compressor);

impl Deflater {
    /// A compressor at [`LEVEL`].
    pub fn new() -> Deflater {
        let level = libdeflater::CompressionLvl::new(LEVEL).unwrap_or_default();
        Deflater(libdeflater::Compressor::new(level))
    }

    /// `data` as a zlib stream (what `/FlateDecode` reads); `None` if libdeflate fails.
    pub fn zlib(&mut self, data: &[u8]) -> Option<Vec<u8>> {
        let mut packed = vec![0; self.0.zlib_compress_bound(data.len())];
        let len = self.0.zlib_compress(data, &mut packed).ok()?;
        packed.truncate(len);
        Some(packed)
    }
}

impl Default for Deflater {
    fn default() -> Self {
        Deflater::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_come_back_as_they_went_in() {
        let text: Vec<u8> = b"BT /F1 10 Tf 72 700 Td [(Hello) -250 (world)] TJ ET\n".repeat(200);
        let packed = Deflater::new().zlib(&text).unwrap();
        assert!(packed.len() * 10 < text.len(), "{} bytes", packed.len());
        let mut d = libdeflater::Decompressor::new();
        let mut back = vec![0; text.len()];
        assert_eq!(d.zlib_decompress(&packed, &mut back).unwrap(), text.len());
        assert_eq!(back, text);
    }
}
