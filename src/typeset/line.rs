//! Setting broken lines: items become positioned [`TextRun`]s and link areas, and words broken
//! across lines are marked so text extractors read them whole.

use std::sync::Arc;

use crate::typeset::frame::{FrameItem, Reading, TextRun};
use crate::typeset::hlist::{FIL, Glyph, Ink, Item};
use crate::typeset::linebreak::Line;
use crate::typeset::structure::Tag;

/// Sets `line` of `items` at `x`, baseline 0, as frame items (text runs and links).
pub fn set(items: &[Item], line: &Line, x: f32) -> Vec<FrameItem> {
    let line_items = items.get(line.start..line.end).unwrap_or(&[]);
    let mut runs = Runs {
        runs: Vec::new(),
        end: x,
        // Glyphs still to come on the line (boxes, spaces and a hyphen): a run is made room
        // for all of them at once.
        left: 1 + line_items
            .iter()
            .map(|i| match i {
                Item::Box { glyphs, .. } => glyphs.len(),
                Item::Glue { space, .. } => usize::from(space.is_some()),
                Item::Penalty { .. } => 0,
            })
            .sum::<usize>(),
    };
    let mut pen = x;
    for item in line_items {
        match item {
            Item::Box { ink, glyphs, width } => {
                runs.push(ink, glyphs, pen);
                pen += width;
            }
            Item::Glue { width, stretch, shrink, space } => {
                let adjust = if line.ratio >= 0.0 { if *stretch >= FIL { 0.0 } else { line.ratio * stretch } } else { line.ratio * shrink };
                let w = width + adjust;
                if let Some((ink, glyph)) = space {
                    runs.push(ink, &[Glyph { advance: w, ..glyph.clone() }], pen);
                }
                pen += w;
            }
            Item::Penalty { .. } => {}
        }
    }
    if let Some(Item::Penalty { glyph: Some((ink, glyph)), .. }) = items.get(line.end) {
        runs.push(ink, std::slice::from_ref(glyph), pen);
    }
    let mut runs = runs.runs;
    // A line never ends with a space glyph: it would hang past the margin in the text layer.
    if let Some(run) = runs.last_mut() {
        while run.glyphs.last().is_some_and(|g| g.ch == ' ') {
            run.glyphs.pop();
        }
    }
    let mut out = Vec::new();
    let mut link_area: Option<(f32, f32, f32, Arc<str>)> = None;
    for run in runs.into_iter().flat_map(split_fixed_spaces) {
        if run.glyphs.is_empty() {
            continue;
        }
        let (x0, x1, size) = (run.x, run.x + run.width(), run.size);
        match (&mut link_area, run.link.clone()) {
            (Some((_, end, s, url)), Some(l)) if *url == l => {
                *end = x1;
                *s = s.max(size);
            }
            (area, link) => {
                if let Some((a, b, s, url)) = area.take() {
                    out.push(link_item(a, b, s, url));
                }
                *area = link.map(|url| (x0, x1, size, url));
            }
        }
        out.push(FrameItem::Text(run));
    }
    if let Some((a, b, s, url)) = link_area {
        out.push(link_item(a, b, s, url));
    }
    out
}

/// No-break spaces (U+00A0, U+202F) reach text extractors as whitespace, and poppler turns any
/// single whitespace character into a plain word gap. Paired with the glyph after it in one
/// `/ActualText`, the space is kept as written: `Profil\u{A0}:` extracts as such.
fn split_fixed_spaces(run: TextRun) -> Vec<TextRun> {
    let is_fixed = |c: char| matches!(c, '\u{A0}' | '\u{202F}');
    if !run.glyphs.iter().any(|g| is_fixed(g.ch)) || run.actual_text.is_some() {
        return vec![run];
    }
    let mut out = Vec::new();
    let mut rest = run;
    while let Some(i) = rest.glyphs.iter().position(|g| is_fixed(g.ch)) {
        // The pair is the space and the glyph after it, or the glyph before it at a run's end.
        let start = if i + 1 < rest.glyphs.len() { i } else { i.saturating_sub(1) };
        let (before, tail) = rest.split_at(start);
        let (mut pair, after) = tail.split_at(2);
        pair.actual_text = Some(pair.text());
        out.extend([before, pair].into_iter().filter(|r| !r.glyphs.is_empty()));
        rest = after;
    }
    if !rest.glyphs.is_empty() {
        out.push(rest);
    }
    out
}

fn link_item(x0: f32, x1: f32, size: f32, url: Arc<str>) -> FrameItem {
    FrameItem::Link { x: x0, y: -size * 0.85, width: x1 - x0, height: size * 1.1, url: url.to_string(), tag: Tag::Artifact }
}

/// A line's text runs as they are made: where the last one ends, and how many glyphs the line
/// has left.
struct Runs {
    runs: Vec<TextRun>,
    end: f32,
    left: usize,
}

impl Runs {
    /// Adds `glyphs` at `pen`: to the last run when they continue it in the same ink and link,
    /// else as a new run.
    fn push(&mut self, ink: &Ink, glyphs: &[Glyph], pen: f32) {
        let width: f32 = glyphs.iter().map(|g| g.advance).sum();
        let continues = (self.end - pen).abs() < 0.01;
        self.end = pen + width;
        self.left = self.left.saturating_sub(glyphs.len());
        if let Some(run) = self.runs.last_mut() {
            let same_ink = run.face == ink.face && run.size == ink.size && run.color == ink.color && run.lang == ink.lang;
            // A space inside a link stays in the link's run; a link starts a new run.
            let same_link = run.link == ink.link || (glyphs.iter().all(|g| g.ch == ' ') && ink.link.is_none());
            if same_ink && same_link && continues {
                run.glyphs.extend_from_slice(glyphs);
                return;
            }
        }
        let mut run_glyphs = Vec::with_capacity(glyphs.len() + self.left);
        run_glyphs.extend_from_slice(glyphs);
        self.runs.push(TextRun {
            x: pen,
            y: 0.0,
            face: ink.face,
            size: ink.size,
            color: ink.color,
            glyphs: run_glyphs,
            actual_text: None,
            reading: Reading::AsShown,
            link: ink.link.clone(),
            lang: ink.lang,
            tag: Tag::Artifact,
        });
    }
}

/// Where line `i` ends inside a word, marks the word's two pieces so an extractor reads the
/// whole word once: the piece ending line `i` carries the word as `/ActualText` (without an
/// added hyphen), the piece starting line `i + 1` carries an empty one.
pub fn join_broken_words(lines: &mut [Vec<FrameItem>], breaks: &[Line]) {
    for (i, brk) in breaks.iter().enumerate().filter(|(_, b)| b.in_word) {
        let Some([this, next]) = lines.get_mut(i..i + 2) else { continue };
        let (Some(tail), Some(head)) = (split_word_end(this), split_word_start(next)) else { continue };
        let (Some(FrameItem::Text(end)), Some(FrameItem::Text(start))) = (this.get_mut(tail), next.get_mut(head)) else { continue };
        let mut word = end.text();
        if brk.hyphenated {
            word.pop();
            // For extractors that ignore /ActualText: the added hyphen reads as the rest of the
            // word, and the rest, where it is drawn, as nothing.
            end.reading = Reading::LastGlyphAs(start.text());
            start.reading = Reading::Blank;
        }
        word.push_str(&start.text());
        end.actual_text = Some(word);
        start.actual_text = Some(String::new());
    }
}

/// Splits the last text run of a line after its last space; the index of the word's run.
fn split_word_end(line: &mut Vec<FrameItem>) -> Option<usize> {
    let at = line.iter().rposition(|f| matches!(f, FrameItem::Text(_)))?;
    let Some(FrameItem::Text(run)) = line.get_mut(at) else { return None };
    match run.glyphs.iter().rposition(|g| g.ch == ' ') {
        None => Some(at),
        Some(space) => {
            let (first, word) = run.clone().split_at(space + 1);
            *run = first;
            line.insert(at + 1, FrameItem::Text(word));
            Some(at + 1)
        }
    }
}

/// Splits the first text run of a line before its first space; the index of the word's run.
fn split_word_start(line: &mut Vec<FrameItem>) -> Option<usize> {
    let at = line.iter().position(|f| matches!(f, FrameItem::Text(_)))?;
    let Some(FrameItem::Text(run)) = line.get_mut(at) else { return None };
    if let Some(space) = run.glyphs.iter().position(|g| g.ch == ' ') {
        let (word, rest) = run.clone().split_at(space);
        *run = word;
        line.insert(at + 1, FrameItem::Text(rest));
    }
    Some(at)
}
