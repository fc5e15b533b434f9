//! Precomputes the bundled fonts' metrics with fontdue, so a run never parses a whole font:
//! `fontdue::Font::from_bytes` builds every outline and costs 15–45 ms a face, more than the
//! rest of a résumé. For each face in `fonts/`, writes to `OUT_DIR` a little-endian table:
//!
//! ```text
//! u16 units_per_em, i16 ascent, i16 descent, u16 glyph count, u32 cmap entries, u32 kern pairs
//! cmap:     (u32 char, u16 glyph) × entries, sorted by char
//! advances: u16 × glyph count (font units)
//! kerning:  (u32 left << 16 | right, i16 value) × pairs, sorted by key
//! ```

use std::io::Write;

fn main() {
    // The tests that read `../shared` (the corpus, the checking tools) run when CI is set and are
    // reported as ignored otherwise: `cfg(corpus)`.
    println!("cargo::rustc-check-cfg=cfg(corpus)");
    println!("cargo::rerun-if-env-changed=CI");
    if std::env::var_os("CI").is_some() {
        println!("cargo::rustc-cfg=corpus");
    }
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    for face in ["Lato-Regular", "Lato-Bold", "Lato-Italic", "Lato-BoldItalic"] {
        let path = format!("fonts/{face}.ttf");
        println!("cargo::rerun-if-changed={path}");
        let bytes = std::fs::read(&path).expect("bundled font");
        let font = fontdue::Font::from_bytes(bytes.as_slice(), fontdue::FontSettings::default()).expect("bundled font parses");
        let upem = font.units_per_em();
        let lines = font.horizontal_line_metrics(upem).expect("horizontal metrics");
        let count = font.glyph_count();
        let mut cmap: Vec<(u32, u16)> = font.chars().iter().map(|(c, g)| (*c as u32, g.get())).collect();
        cmap.sort();
        let advances: Vec<u16> = (0..count).map(|g| font.metrics_indexed(g, upem).advance_width.round() as u16).collect();
        // Kerning between the glyphs of Latin letters, digits and punctuation: what French and
        // English résumés set (a pair table over every glyph would take the build minutes).
        let kerned = |c: u32| c < 0x250 || (0x1E00..0x1F00).contains(&c) || (0x2000..0x2070).contains(&c) || c == 0x20AC;
        let mut glyphs: Vec<u16> = cmap.iter().filter(|(c, _)| kerned(*c)).map(|(_, g)| *g).collect();
        glyphs.sort();
        glyphs.dedup();
        let mut kern: Vec<(u32, i16)> = Vec::new();
        for &l in &glyphs {
            for &r in &glyphs {
                if let Some(k) = font.horizontal_kern_indexed(l, r, upem) {
                    let k = k.round() as i16;
                    if k != 0 {
                        kern.push(((u32::from(l) << 16) | u32::from(r), k));
                    }
                }
            }
        }
        kern.sort();
        let mut w = Vec::new();
        w.extend((upem as u16).to_le_bytes());
        w.extend((lines.ascent.round() as i16).to_le_bytes());
        w.extend((lines.descent.round() as i16).to_le_bytes());
        w.extend(count.to_le_bytes());
        w.extend((cmap.len() as u32).to_le_bytes());
        w.extend((kern.len() as u32).to_le_bytes());
        for (c, g) in &cmap {
            w.extend(c.to_le_bytes());
            w.extend(g.to_le_bytes());
        }
        for a in &advances {
            w.extend(a.to_le_bytes());
        }
        for (k, v) in &kern {
            w.extend(k.to_le_bytes());
            w.extend(v.to_le_bytes());
        }
        std::fs::File::create(out.join(format!("{face}.metrics"))).and_then(|mut f| f.write_all(&w)).expect("write metrics");
    }
}
