//! The cross-reference stream's table, made small: fields as wide as the file needs, the PNG
//! "up" predictor (rows of offsets differ little from the row above) and deflate. A tagged
//! résumé has hundreds of objects; at lopdf's seven bytes each, uncompressed, the table was
//! 3.4 KB, and is now a few hundred bytes.

use lopdf::{Dictionary, Object};

use super::deflate::Deflater;

/// The widths of `rows`' fields (type, offset or object stream, generation or index) and the
/// table, predicted and compressed.
pub fn encode(rows: &[[u64; 3]], z: &mut Deflater) -> Option<([usize; 3], Vec<u8>)> {
    let widest = |f: usize| rows.iter().map(|r| r.get(f).copied().unwrap_or(0)).max().unwrap_or(0);
    let widths = [1, width(widest(1)), width(widest(2))];
    Some((widths, z.zlib(&predict(rows, widths))?))
}

/// The `/DecodeParms` a table of `widths` is read back with.
pub fn decode_parms(widths: [usize; 3]) -> Dictionary {
    let columns: usize = widths.iter().sum();
    Dictionary::from_iter([("Columns", Object::Integer(columns as i64)), ("Predictor", Object::Integer(12))])
}

/// Bytes needed for `max` (at least one).
fn width(max: u64) -> usize {
    (1..8).find(|w| max >> (8 * w) == 0).unwrap_or(8)
}

/// The rows in `widths`, each after a PNG "up" filter byte and as its difference from the row
/// above.
fn predict(rows: &[[u64; 3]], widths: [usize; 3]) -> Vec<u8> {
    let columns: usize = widths.iter().sum();
    let mut out = Vec::with_capacity(rows.len() * (columns + 1));
    let mut previous = vec![0u8; columns];
    let mut current = Vec::with_capacity(columns);
    for row in rows {
        current.clear();
        for (value, width) in row.iter().zip(widths) {
            current.extend((0..width).rev().map(|i| (value >> (8 * i)) as u8));
        }
        out.push(2);
        out.extend(current.iter().zip(&previous).map(|(c, p)| c.wrapping_sub(*p)));
        std::mem::swap(&mut previous, &mut current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_shrink_and_decode_back() {
        let rows = [[1, 15, 0], [2, 494, 7], [1, 41_000, 0]];
        let packed = predict(&rows, [1, 2, 1]);
        assert_eq!(packed.len(), 3 * 5);
        // Undo the predictor: each byte plus the one above it.
        let mut above = [0u8; 4];
        let mut decoded = Vec::new();
        for row in packed.chunks(5) {
            assert_eq!(row[0], 2);
            for (a, b) in above.iter_mut().zip(&row[1..]) {
                *a = a.wrapping_add(*b);
            }
            decoded.push([u64::from(above[0]), u64::from(above[1]) << 8 | u64::from(above[2]), u64::from(above[3])]);
        }
        assert_eq!(decoded, rows);
        assert_eq!((width(0), width(255), width(256), width(70_000)), (1, 1, 2, 3));
        let (widths, _) = encode(&rows, &mut Deflater::new()).unwrap();
        assert_eq!(widths, [1, 2, 1]);
    }
}
