//! Pictures of the pages: the same positioned pages the PDF is made from, drawn into PNGs.
//!
//! Glyphs are rasterised by fontdue from the bundled faces (parsed once, on first use); rules,
//! the sidebar's tint and the photo in its circle are drawn by tiny-skia; photos are decoded by
//! the `image` crate. Link areas are not drawn: on paper a link is its coloured text.

use tiny_skia::{FillRule, Mask, Paint, PathBuilder, Pixmap, PixmapPaint, Rect, Transform};

use crate::source::image::Picture;
use crate::text::font::{FaceId, FontSet};
use crate::typeset::frame::{FrameItem, Page, Pages, TextRun};

/// One PNG a page, at `dpi` dots per inch, with the faces of `faces`.
pub fn pages(pages: &Pages, faces: &FontSet, dpi: u32) -> Result<Vec<Vec<u8>>, String> {
    let scale = dpi as f32 / 72.0;
    // Rounded up, as poppler does: the whole page is in the picture.
    let (w, h) = ((pages.width * scale).ceil() as u32, (pages.height * scale).ceil() as u32);
    let fonts = Rasterisers { faces, parsed: Default::default() };
    pages.pages.iter().map(|page| draw(page, &fonts, w, h, scale)?.encode_png().map_err(|e| e.to_string())).collect()
}

fn draw(page: &Page, fonts: &Rasterisers, w: u32, h: u32, scale: f32) -> Result<Pixmap, String> {
    let mut pixmap = Pixmap::new(w, h).ok_or("the page is too large to draw")?;
    pixmap.fill(tiny_skia::Color::WHITE);
    for item in &page.items {
        match item {
            FrameItem::Text(run) => text(&mut pixmap, run, &*fonts.get(run.face)?, scale),
            FrameItem::Rule { x, y, width, height, color } => {
                // Snapped to whole pixels, at least one across, as viewers draw hairlines.
                let (x0, y0) = ((x * scale).round(), (y * scale).round());
                let (x1, y1) = (((x + width) * scale).round().max(x0 + 1.0), ((y + height) * scale).round().max(y0 + 1.0));
                let rect = Rect::from_ltrb(x0, y0, x1, y1);
                if let Some(rect) = rect {
                    pixmap.fill_rect(rect, &paint(*color), Transform::identity(), None);
                }
            }
            FrameItem::Image { x, y, size, picture, .. } => photo(&mut pixmap, picture, x * scale, y * scale, size * scale)?,
            FrameItem::Link { .. } => {}
        }
    }
    Ok(pixmap)
}

fn paint(color: [f32; 3]) -> Paint<'static> {
    let mut p = Paint::default();
    p.set_color_rgba8(channel(color[0]), channel(color[1]), channel(color[2]), 255);
    p.anti_alias = true;
    p
}

fn channel(v: f32) -> u8 {
    (v.clamp(0.0, 1.0) * 255.0).round() as u8
}

/// The faces a picture draws with, each parsed by fontdue when first used.
struct Rasterisers<'a> {
    faces: &'a FontSet,
    parsed: std::cell::RefCell<std::collections::HashMap<FaceId, std::rc::Rc<fontdue::Font>>>,
}

impl Rasterisers<'_> {
    fn get(&self, face: FaceId) -> Result<std::rc::Rc<fontdue::Font>, String> {
        if let Some(f) = self.parsed.borrow().get(&face) {
            return Ok(f.clone());
        }
        let bytes = self.faces.bytes(face).ok_or_else(|| format!("the font {} cannot be read", self.faces.name(face)))?;
        let font = fontdue::Font::from_bytes(bytes, fontdue::FontSettings::default())
            .map_err(|e| format!("the font {} cannot be drawn: {e}", self.faces.name(face)))?;
        let font = std::rc::Rc::new(font);
        self.parsed.borrow_mut().insert(face, font.clone());
        Ok(font)
    }
}

/// Draws a run's glyphs: each one's coverage, blended in the run's colour over the page.
fn text(pixmap: &mut Pixmap, run: &TextRun, font: &fontdue::Font, scale: f32) {
    let px = run.size * scale;
    let color = run.color.map(|c| c.clamp(0.0, 1.0) * 255.0);
    let (pw, ph) = (pixmap.width() as i64, pixmap.height() as i64);
    let data = pixmap.data_mut();
    let mut x = run.x;
    for g in &run.glyphs {
        let (m, coverage) = font.rasterize_indexed(g.gid, px);
        let left = (x * scale).round() as i64 + i64::from(m.xmin);
        let top = (run.y * scale).round() as i64 - i64::from(m.ymin) - m.height as i64;
        for (row, line) in coverage.chunks(m.width.max(1)).enumerate() {
            let py = top + row as i64;
            if !(0..ph).contains(&py) {
                continue;
            }
            for (col, a) in line.iter().enumerate() {
                let pxl = left + col as i64;
                if *a == 0 || !(0..pw).contains(&pxl) {
                    continue;
                }
                let at = ((py * pw + pxl) * 4) as usize;
                let alpha = f32::from(*a) / 255.0;
                let pixel = data.iter_mut().skip(at).take(3);
                for (target, c) in pixel.zip(color) {
                    *target = (c * alpha + f32::from(*target) * (1.0 - alpha)).round() as u8;
                }
            }
        }
        x += g.advance;
    }
}

/// Draws a picture scaled to cover the circle inscribed in its box, and clipped to it.
fn photo(pixmap: &mut Pixmap, picture: &Picture, x: f32, y: f32, size: f32) -> Result<(), String> {
    let decoded = image::load_from_memory(&picture.bytes).map_err(|e| format!("the photo cannot be decoded: {e}"))?.to_rgba8();
    let (w, h) = decoded.dimensions();
    let size_px = tiny_skia::IntSize::from_wh(w, h).ok_or("the photo is empty")?;
    let mut rgba = decoded.into_raw();
    // tiny-skia holds premultiplied colours.
    for p in rgba.chunks_mut(4) {
        let a = u16::from(p.get(3).copied().unwrap_or(255));
        for c in p.iter_mut().take(3) {
            *c = ((u16::from(*c) * a + 127) / 255) as u8;
        }
    }
    let image = Pixmap::from_vec(rgba, size_px).ok_or("the photo cannot be drawn")?;
    let r = size / 2.0;
    let circle = PathBuilder::from_circle(x + r, y + r, r).ok_or("the photo's circle is empty")?;
    let mut mask = Mask::new(pixmap.width(), pixmap.height()).ok_or("the page is too large to draw")?;
    mask.fill_path(&circle, FillRule::Winding, true, Transform::identity());
    let k = size / (w.min(h).max(1) as f32);
    let (dw, dh) = (w as f32 * k, h as f32 * k);
    let at = Transform::from_row(k, 0.0, 0.0, k, x + r - dw / 2.0, y + r - dh / 2.0);
    let paint = PixmapPaint { quality: tiny_skia::FilterQuality::Bicubic, ..PixmapPaint::default() };
    pixmap.draw_pixmap(0, 0, image.as_ref(), &paint, at, Some(&mask));
    Ok(())
}
