//! Page content streams, written straight into one buffer a page: rules, then the text (one
//! `Td` and one `TJ` a run, glyph codes as bytes in literal strings with integer offsets), with
//! numbers formatted by hand. Everything is marked: rules are artifacts, each stretch of runs of one structure node
//! is a marked-content sequence with its MCID, the footer a pagination artifact.

use std::collections::BTreeMap;

use crate::export::fonts::Embedded;
use crate::text::font::FaceId;
use crate::typeset::frame::{FrameItem, Page, Reading, TextRun};
use crate::typeset::structure::{NodeId, Structure, Tag};

/// The content stream of `page`, `height` points tall (PDF's y axis points up), and the node of
/// each MCID it marks, in order.
pub fn page(page: &Page, height: f32, fonts: &BTreeMap<FaceId, Embedded>, structure: &Structure) -> (Vec<u8>, Vec<NodeId>) {
    let mut out = Vec::with_capacity(page.items.len() * 112);
    let mut mcids = Vec::new();
    // Rules first, then text: the order viewers and extractors expect.
    let mut rules = page.items.iter().filter(|i| matches!(i, FrameItem::Rule { .. })).peekable();
    if rules.peek().is_some() {
        out.extend_from_slice(b"/Artifact BMC\n");
        for item in rules {
            if let FrameItem::Rule { x, y, width, height: h, color } = item {
                color_op(&mut out, *color);
                nums(&mut out, &[*x, height - y - h, *width, *h]);
                out.extend_from_slice(b"re f\n");
            }
        }
        out.extend_from_slice(b"EMC\n");
    }
    out.extend_from_slice(b"BT\n");
    // The sequence open: whose and on which line, and how many `EMC`s close it.
    let (mut marked, mut open): (Option<(Tag, f32)>, usize) = (None, 0);
    let mut font: Option<(FaceId, f32)> = None;
    let mut color: Option<[f32; 3]> = None;
    let mut line = (0_i64, 0_i64);
    for item in &page.items {
        let FrameItem::Text(run) = item else { continue };
        let Some(embedded) = fonts.get(&run.face) else { continue };
        // A sequence a node and a line (so a reader of the structure meets the line's end as a
        // word's end); a run read as other text has a sequence of its own, which says so.
        if marked != Some((run.tag, run.y)) || run.actual_text.is_some() {
            close(&mut out, &mut open);
            open = begin(&mut out, run.tag, structure, &mut mcids, run.actual_text.as_deref());
            marked = Some((run.tag, run.y));
        }
        if font != Some((run.face, run.size)) {
            out.push(b'/');
            out.extend_from_slice(embedded.resource.as_bytes());
            out.push(b' ');
            nums(&mut out, &[run.size]);
            out.extend_from_slice(b"Tf\n");
            font = Some((run.face, run.size));
        }
        if color != Some(run.color) {
            color_op(&mut out, run.color);
            color = Some(run.color);
        }
        // Each run starts a text line where it stands, relative to the one before, in exact
        // thousandths of a point (no drift).
        let at = (milli(run.x), milli(height - run.y));
        milli_num(&mut out, at.0 - line.0);
        out.push(b' ');
        milli_num(&mut out, at.1 - line.1);
        out.extend_from_slice(b" Td\n");
        line = at;
        show(&mut out, run, embedded);
        if run.actual_text.is_some() {
            close(&mut out, &mut open);
            marked = None;
        }
    }
    close(&mut out, &mut open);
    out.extend_from_slice(b"ET\n");
    (out, mcids)
}

/// Opens the marked-content sequence of `tag`: a node's gets the next MCID; `actual` is what
/// its glyphs read as (`/ActualText`), when not what they show. Returns how many sequences it
/// opened, each to be closed by an `EMC`.
fn begin(out: &mut Vec<u8>, tag: Tag, structure: &Structure, mcids: &mut Vec<NodeId>, actual: Option<&str>) -> usize {
    match tag {
        Tag::Node(node) => {
            // Poppler reads `/ActualText` only in a sequence tagged `/Span`; the structure
            // element says what the content is either way.
            let name = match actual {
                Some(_) => "Span",
                None => structure.get(node).map_or("Span", |n| n.role.name()),
            };
            out.push(b'/');
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(b" <</MCID ");
            uint(out, mcids.len() as u64);
            mcids.push(node);
            actual_text(out, actual);
            out.extend_from_slice(b">> BDC\n");
            1
        }
        Tag::Artifact | Tag::Pagination => {
            out.extend_from_slice(if tag == Tag::Pagination { b"/Artifact <</Type /Pagination>> BDC\n" } else { b"/Artifact BMC\n" });
            let Some(actual) = actual else { return 1 };
            out.extend_from_slice(b"/Span <<");
            actual_text(out, Some(actual));
            out.extend_from_slice(b">> BDC\n");
            2
        }
    }
}

/// ` /ActualText <…>`, when there is one.
fn actual_text(out: &mut Vec<u8>, actual: Option<&str>) {
    if let Some(actual) = actual {
        out.extend_from_slice(b" /ActualText <FEFF");
        utf16_hex(out, actual);
        out.push(b'>');
    }
}

/// Closes the `open` marked-content sequences.
fn close(out: &mut Vec<u8>, open: &mut usize) {
    for _ in 0..*open {
        out.extend_from_slice(b"EMC\n");
    }
    *open = 0;
}

/// `[(codes) offset (codes) …] TJ`: each offset (in 1/1000 em, an integer) puts the next glyph
/// where typesetting measured it, kerning and justification included. Offsets are taken against
/// the exact running position, so their rounding never adds up along a line.
fn show(out: &mut Vec<u8>, run: &TextRun, font: &Embedded) {
    let per_point = 1000.0 / run.size.max(0.01);
    let (mut wanted, mut viewer) = (0.0_f32, 0_i64);
    // Room for each glyph's two bytes, escaped or not, and a few offsets.
    out.reserve(run.glyphs.len() * 4 + 16);
    let shown = matches!(run.reading, Reading::AsShown);
    // Glyphs between two offsets share one string, each as its two bytes: half the size of hex,
    // so less to compress.
    out.extend_from_slice(b"[(");
    for (i, g) in run.glyphs.iter().enumerate() {
        let (code, width) = if shown { font.code_of(g.gid) } else { font.code(run, i) };
        for byte in code.to_be_bytes() {
            literal_byte(out, byte);
        }
        wanted += g.advance * per_point;
        viewer += i64::from(width);
        let offset = viewer - round(wanted);
        if offset != 0 && i + 1 < run.glyphs.len() {
            out.push(b')');
            int(out, offset);
            out.push(b'(');
            viewer -= offset;
        }
    }
    out.extend_from_slice(b")] TJ\n");
}

/// A byte of a literal string: as it is, but for the three that end or escape the string and
/// a carriage return (which readers would take for a line end).
pub(crate) fn literal_byte(out: &mut Vec<u8>, byte: u8) {
    match byte {
        b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', byte]),
        b'\r' => out.extend_from_slice(b"\\r"),
        _ => out.push(byte),
    }
}

fn color_op(out: &mut Vec<u8>, c: [f32; 3]) {
    nums(out, &c);
    out.extend_from_slice(b"rg\n");
}

/// Numbers, each followed by a space.
pub(crate) fn nums(out: &mut Vec<u8>, values: &[f32]) {
    for v in values {
        num(out, *v);
        out.push(b' ');
    }
}

/// A number to three decimals, without trailing zeros (`12.5`, `0.125`, `-3`).
pub fn num(out: &mut Vec<u8>, v: f32) {
    milli_num(out, milli(v));
}

/// `v` in thousandths, rounded.
/// `x.round() as i64` (halves away from zero) without a call into libm, once a glyph. Exact:
/// `x - trunc(x)` is, and an `f32` beyond 2²³ is whole.
fn round(x: f32) -> i64 {
    let whole = x as i64;
    let frac = x - whole as f32;
    whole.saturating_add(i64::from(frac >= 0.5)).saturating_sub(i64::from(frac <= -0.5))
}

fn milli(v: f32) -> i64 {
    (f64::from(v) * 1000.0).round() as i64
}

/// A number given in thousandths, written to three decimals without trailing zeros.
fn milli_num(out: &mut Vec<u8>, milli: i64) {
    if milli < 0 {
        out.push(b'-');
    }
    let m = milli.unsigned_abs();
    uint(out, m / 1000);
    let mut frac = m % 1000;
    if frac != 0 {
        out.push(b'.');
        let mut digits = 3;
        while frac.is_multiple_of(10) {
            frac /= 10;
            digits -= 1;
        }
        let s = [b'0' + (frac / 100 % 10) as u8, b'0' + (frac / 10 % 10) as u8, b'0' + (frac % 10) as u8];
        out.extend_from_slice(s.get(3 - digits..).unwrap_or(&[]));
    }
}

/// An integer.
pub(crate) fn int(out: &mut Vec<u8>, v: i64) {
    if v < 0 {
        out.push(b'-');
    }
    uint(out, v.unsigned_abs());
}

/// A natural number.
pub(crate) fn uint(out: &mut Vec<u8>, mut v: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        if let Some(d) = buf.get_mut(i) {
            *d = b'0' + (v % 10) as u8;
        }
        v /= 10;
        if v == 0 || i == 0 {
            break;
        }
    }
    out.extend_from_slice(buf.get(i..).unwrap_or(&[]));
}

/// `text` as UTF-16BE, four upper-case hex digits a code unit.
pub(crate) fn utf16_hex(out: &mut Vec<u8>, text: &str) {
    for unit in text.encode_utf16() {
        hex(out, unit);
    }
}

const DIGITS: &[u8; 16] = b"0123456789ABCDEF";

/// Four upper-case hex digits.
pub(crate) fn hex(out: &mut Vec<u8>, v: u16) {
    for shift in [12, 8, 4, 0] {
        out.push(DIGITS.get(usize::from((v >> shift) & 0xF)).copied().unwrap_or(b'0'));
    }
}

/// Two upper-case hex digits.
pub(crate) fn hex_byte(out: &mut Vec<u8>, v: u8) {
    for shift in [4, 0] {
        out.push(DIGITS.get(usize::from((v >> shift) & 0xF)).copied().unwrap_or(b'0'));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(f: impl Fn(&mut Vec<u8>)) -> String {
        let mut out = Vec::new();
        f(&mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn numbers_are_exact_to_three_decimals_without_trailing_zeros() {
        for (v, s) in [
            (0.0, "0"),
            (12.5, "12.5"),
            (0.125, "0.125"),
            (-3.0, "-3"),
            (841.89, "841.89"),
            (-0.05, "-0.05"),
            (1.0004, "1"),
            (2.0996, "2.1"),
        ] {
            assert_eq!(text(|o| num(o, v)), s, "{v}");
        }
        assert_eq!(text(|o| int(o, -120)), "-120");
        assert_eq!(text(|o| hex(o, 0x1AF)), "01AF");
    }

    #[test]
    fn round_is_rusts_own() {
        let edges = [
            0.5,
            1.5,
            2.5,
            -0.5,
            -2.5,
            0.49999997,
            8_388_607.5,
            16_777_215.0,
            3e9,
            -3e9,
            1e30,
            -1e30,
            f32::NAN,
            f32::INFINITY,
            f32::NEG_INFINITY,
        ];
        let steps = (-40_000..40_000).map(|i| i as f32 * 0.0625 + 0.03125 * (i % 3) as f32);
        for x in edges.into_iter().chain(steps) {
            assert_eq!(round(x), x.round() as i64, "{x}");
        }
    }
}
