//! Inline content → a horizontal list of boxes, glue and penalties (TeX's `hlist`).
//!
//! Words become [`Item::Box`]es of measured glyphs, inter-word spaces become [`Item::Glue`] that
//! carries the space glyph it will be drawn with, and the places a word may break (after the
//! slashes and dots of a URL, after a compound's hyphen, anywhere in a word too long for any line)
//! become [`Item::Penalty`]s.

use std::sync::Arc;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::model::{Inline, Span, TextStyle};
use crate::text::font::{Face, FaceId, FontSet, Role, Typefaces};
use crate::text::hyphenate::Hyphenator;
use crate::typeset::words::{WordKey, Words};

/// A penalty this high forbids a break; this low forces one.
pub const INFINITY: i32 = 10_000;

/// One glyph, measured.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// Glyph id in its face.
    pub gid: u16,
    /// The character it shows (what a text extractor reads back).
    pub ch: char,
    /// Its advance in points, kerning with the next glyph included.
    pub advance: f32,
}

/// How a run of glyphs is drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct Ink {
    /// The face.
    pub face: FaceId,
    /// Type size in points.
    pub size: f32,
    /// Fill colour, RGB 0..1.
    pub color: [f32; 3],
    /// The link it belongs to.
    pub link: Option<Arc<str>>,
    /// The language it is in, when not the page's.
    pub lang: Option<crate::style::lang::Lang>,
}

/// An item of a horizontal list.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// Glyphs that are never broken.
    Box {
        /// Total advance.
        width: f32,
        /// How they are drawn.
        ink: Ink,
        /// The glyphs.
        glyphs: Vec<Glyph>,
    },
    /// Stretchable space.
    Glue {
        /// Natural width.
        width: f32,
        /// How much it may grow at ratio 1.
        stretch: f32,
        /// How much it may shrink at ratio −1.
        shrink: f32,
        /// The space glyph drawn in it (so the text layer has real spaces), if any.
        space: Option<(Ink, Glyph)>,
    },
    /// A possible break.
    Penalty {
        /// Width added when the line breaks here.
        width: f32,
        /// Cost of breaking here (±[`INFINITY`] = forbidden/forced).
        penalty: i32,
        /// A hyphen-like break (consecutive ones cost extra).
        flagged: bool,
        /// What is drawn at the end of the line when it breaks here (the hyphen).
        glyph: Option<(Ink, Glyph)>,
    },
}

impl Item {
    /// A penalty of `penalty` with nothing drawn.
    pub fn penalty(penalty: i32) -> Item {
        Item::Penalty { width: 0.0, penalty, flagged: false, glyph: None }
    }

    /// TeX's paragraph end: no break before `\parfillskip`, then a forced break.
    pub fn paragraph_end() -> [Item; 3] {
        [Item::penalty(INFINITY), Item::Glue { width: 0.0, stretch: FIL, shrink: 0.0, space: None }, Item::penalty(-INFINITY)]
    }

    /// The natural width.
    pub fn width(&self) -> f32 {
        match self {
            Item::Box { width, .. } | Item::Glue { width, .. } => *width,
            Item::Penalty { .. } => 0.0,
        }
    }
}

/// What a character the fonts do not cover was replaced with, and where it was.
#[derive(Debug, Clone, PartialEq)]
pub struct Missing {
    /// The character.
    pub ch: char,
    /// The run it was in.
    pub span: Span,
    /// It is set, but from left to right and unjoined: a right-to-left script, which cvpdf does
    /// not shape.
    pub unshaped: bool,
}

impl Missing {
    /// Adds this to `list` unless it says nothing new: each character the fonts lack is named
    /// once, and right-to-left text once for all its characters.
    pub fn record(self, list: &mut Vec<Missing>) {
        let known = list.iter().any(|k| if self.unshaped { k.unshaped } else { k.ch == self.ch && !k.unshaped });
        if !known {
            list.push(self);
        }
    }
}

/// Right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms),
/// which cvpdf sets letter by letter, left to right, without joining.
pub fn is_right_to_left(c: char) -> bool {
    matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF)
}

/// The settings inline text is set with.
pub struct TextEnv<'a> {
    /// The fonts.
    pub fonts: &'a FontSet,
    /// The layout's families.
    pub faces: Typefaces,
    /// Which of them sets this text.
    pub role: Role,
    /// Lower-case letters set as capitals at 80 % of the size.
    pub small_caps: bool,
    /// Type size.
    pub size: f32,
    /// Text colour.
    pub color: [f32; 3],
    /// Colour of link text.
    pub link_color: [f32; 3],
    /// Colour of inline code.
    pub code_color: [f32; 3],
    /// Style added to every run (bold headings).
    pub base: TextStyle,
    /// The narrowest line the text will be set in; longer words get emergency breaks.
    pub max_width: f32,
    /// Justified text gets stretchable spaces; ragged text does not.
    pub justify: bool,
    /// Hyphenation patterns, when words may be hyphenated.
    pub hyphenator: Option<&'a Hyphenator>,
    /// Where words measured before are kept, if anywhere.
    pub words: Option<&'a Words>,
}

/// Penalty for breaking a URL or path after `/`, `.`, `-`, `_`.
const URL_BREAK: i32 = 80;
/// Penalty for breaking after the hyphen of a compound word.
const COMPOUND_BREAK: i32 = 50;
/// Penalty for a hyphenated break (`\hyphenpenalty`).
const HYPHEN_PENALTY: i32 = 50;
/// Penalty for breaking inside a word that fits no line otherwise.
const EMERGENCY_BREAK: i32 = 5_000;

/// Builds the horizontal list for `inlines`, ending with TeX's `\parfillskip` and a forced
/// break. Characters the fonts lack are drawn as `?` and reported in `missing`.
pub fn build(inlines: &[Inline], env: &TextEnv<'_>, missing: &mut Vec<Missing>) -> Vec<Item> {
    // Room for a paragraph's items (a box and a glue a word, and some breaks) and for a long
    // word, so that neither grows step by step.
    let chars: usize = inlines.iter().map(|i| if let Inline::Text { text, .. } = i { text.len() } else { 1 }).sum();
    const WORD: usize = 24;
    let mut b = Builder {
        env,
        items: Vec::with_capacity(chars / 2 + 4),
        word: Vec::with_capacity(WORD),
        inks: Vec::with_capacity(2),
        breaks: Vec::with_capacity(WORD),
        glyphs: Vec::with_capacity(WORD),
        missing,
    };
    for inline in inlines {
        match inline {
            Inline::Text { text, style, link, span } => {
                let style = TextStyle { bold: style.bold || env.base.bold, italic: style.italic || env.base.italic, ..*style };
                let color = if link.is_some() {
                    env.link_color
                } else if style.code {
                    env.code_color
                } else {
                    env.color
                };
                let link = link.as_deref().map(Arc::from);
                let ink = Ink { face: env.faces.face(env.role, style), size: env.size, color, link, lang: style.lang };
                let small = Ink { size: env.size * SMALL_CAPS, ..ink.clone() };
                let face = env.fonts.face(ink.face);
                let put = |b: &mut Builder, ch: char| match ch.is_lowercase() && env.small_caps {
                    true => ch.to_uppercase().for_each(|c| b.push_char(c, &small, face, *span)),
                    false => b.push_char(ch, &ink, face, *span),
                };
                // NFC: decomposed accents become the precomposed letters fonts and patterns know.
                match is_nfc_quick(text.chars()) {
                    IsNormalized::Yes => text.chars().for_each(|ch| put(&mut b, ch)),
                    _ => text.nfc().for_each(|ch| put(&mut b, ch)),
                }
            }
            Inline::LineBreak { .. } => {
                b.flush_word();
                b.drop_trailing_glue();
                b.items.extend(Item::paragraph_end());
            }
        }
    }
    b.flush_word();
    b.drop_trailing_glue();
    b.items.extend(Item::paragraph_end());
    b.items
}

/// The size of small capitals, relative to the capitals.
const SMALL_CAPS: f32 = 0.8;

/// Stretch that absorbs any amount of space (`fil`).
pub const FIL: f32 = 1.0e6;

struct Builder<'a, 'e> {
    env: &'a TextEnv<'e>,
    items: Vec<Item>,
    /// The pending word's characters.
    word: Vec<char>,
    /// Where each ink of the pending word starts in `word`: one entry for most words.
    inks: Vec<(usize, Ink)>,
    /// Where the pending word may break (`(penalty, flagged)` after each character) and its
    /// glyphs: kept from word to word so that a word allocates only its boxes.
    breaks: Vec<Option<(i32, bool)>>,
    glyphs: Vec<Glyph>,
    missing: &'a mut Vec<Missing>,
}

impl Builder<'_, '_> {
    /// Adds a character of the text, in `ink`, whose face is `face`.
    fn push_char(&mut self, ch: char, ink: &Ink, face: &Face, span: Span) {
        match ch {
            ' ' | '\t' | '\n' | '\r' | '\u{2028}' | '\u{2029}' => {
                self.flush_word();
                self.push_space(ink);
            }
            // Invisible characters: joiners, variation selectors, soft hyphens, BOMs.
            '\u{200B}' => {
                self.flush_word();
                self.items.push(Item::penalty(0));
            }
            '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' | '\u{FE00}'..='\u{FE0F}' => {}
            c if c.is_control() => {}
            c => {
                if is_right_to_left(c) {
                    Missing { ch: c, span, unshaped: true }.record(self.missing);
                }
                let fonts = self.env.fonts;
                if face.glyph(c).is_some() {
                    self.push_in(c, ink);
                } else if c == '\u{202F}' && face.glyph('\u{A0}').is_some() {
                    // A font without the narrow no-break space gets the full one: still no break.
                    self.push_in('\u{A0}', ink);
                } else if let Some(other) = fonts.fallback(c, fonts.is_bold(ink.face)) {
                    // Another face that has it: symbols, Greek, Cyrillic, other scripts.
                    self.push_in(c, &Ink { face: other, ..ink.clone() });
                } else {
                    Missing { ch: c, span, unshaped: false }.record(self.missing);
                    // Emoji modifiers and tags vanish; anything else shows as a visible '?'.
                    if !is_decoration(c) {
                        self.push_in('?', ink);
                    }
                }
            }
        }
    }

    /// Adds a character to the pending word, in `ink`.
    fn push_in(&mut self, c: char, ink: &Ink) {
        if self.inks.last().is_none_or(|(_, last)| last != ink) {
            self.inks.push((self.word.len(), ink.clone()));
        }
        self.word.push(c);
    }

    fn push_space(&mut self, ink: &Ink) {
        if matches!(self.items.last(), None | Some(Item::Glue { .. }))
            || matches!(self.items.last(), Some(Item::Penalty { penalty, .. }) if *penalty <= -INFINITY)
        {
            return;
        }
        let face = self.env.fonts.face(ink.face);
        let Some(gid) = face.glyph(' ') else { return };
        let width = face.advance(gid) / face.units_per_em * ink.size;
        // Ragged text keeps its spaces as they are, as TeX's \raggedright does.
        let (stretch, shrink) = if self.env.justify { (width / 2.0, width / 3.0) } else { (0.0, 0.0) };
        let space = Ink { link: None, ..ink.clone() };
        self.items.push(Item::Glue { width, stretch, shrink, space: Some((space, Glyph { gid, ch: ' ', advance: width })) });
    }

    fn drop_trailing_glue(&mut self) {
        while matches!(self.items.last(), Some(Item::Glue { .. })) {
            self.items.pop();
        }
    }

    /// Emits the pending word as boxes, with penalties at its break points.
    fn flush_word(&mut self) {
        if self.word.is_empty() {
            return;
        }
        // Link text is never hyphenated: a URL shown as itself must stay whole.
        let hyphenator = self.env.hyphenator.filter(|_| !self.inks.iter().any(|(_, ink)| ink.link.is_some()));
        let Builder { env, word, inks, breaks, glyphs, .. } = self;
        match (env.words, inks.as_slice()) {
            // A word in one ink is measured once a typesetting.
            (Some(words), [(_, ink)]) => {
                let key = WordKey { face: ink.face, size: ink.size.to_bits(), hyphenate: hyphenator.is_some() };
                words.measure(word, key, breaks, glyphs, |b, g| analyse(word, inks, env.fonts, hyphenator, b, g));
            }
            _ => analyse(word, inks, env.fonts, hyphenator, breaks, glyphs),
        }
        // No kerning across the emergency breaks.
        if self.emergency_breaks() {
            measure(&self.word, &self.inks, self.env.fonts, &self.breaks, &mut self.glyphs);
        }
        self.emit();
        self.word.clear();
        self.inks.clear();
    }

    /// Gives a stretch between breaks wider than any line a break after every character;
    /// whether it did.
    fn emergency_breaks(&mut self) -> bool {
        let mut seg_start = 0;
        let mut seg_width = 0.0;
        let mut emergency = false;
        let last = self.glyphs.len().saturating_sub(1);
        for (i, glyph) in self.glyphs.iter().enumerate() {
            seg_width += glyph.advance;
            if i == last || self.breaks.get(i).is_some_and(Option::is_some) {
                if seg_width > self.env.max_width {
                    for b in self.breaks.iter_mut().take(i).skip(seg_start) {
                        b.get_or_insert((EMERGENCY_BREAK, false));
                    }
                    emergency = true;
                }
                seg_start = i + 1;
                seg_width = 0.0;
            }
        }
        emergency
    }

    /// The pending word's boxes (one per stretch between breaks and ink changes) and penalties.
    fn emit(&mut self) {
        let n = self.word.len();
        let (mut start, mut run) = (0, 0);
        for i in 0..n {
            let brk = if i + 1 < n { self.breaks.get(i).copied().flatten() } else { None };
            let ink_ends = self.inks.get(run + 1).is_some_and(|(s, _)| *s == i + 1);
            if brk.is_none() && !ink_ends && i + 1 < n {
                continue;
            }
            let Some((_, ink)) = self.inks.get(run) else { return };
            let glyphs = self.glyphs.get(start..=i).unwrap_or(&[]).to_vec();
            let width = glyphs.iter().map(|g| g.advance).sum();
            self.items.push(Item::Box { width, ink: ink.clone(), glyphs });
            if let Some((penalty, flagged)) = brk {
                let glyph = if flagged { self.hyphen(ink) } else { None };
                let width = glyph.as_ref().map_or(0.0, |(_, g)| g.advance);
                self.items.push(Item::Penalty { width, penalty, flagged, glyph });
            }
            start = i + 1;
            run += usize::from(ink_ends);
        }
    }

    /// The hyphen drawn at a hyphenated line end, in the ink of the word.
    fn hyphen(&self, ink: &Ink) -> Option<(Ink, Glyph)> {
        let face = self.env.fonts.face(ink.face);
        let gid = face.glyph('-')?;
        let advance = face.advance(gid) / face.units_per_em * ink.size;
        Some((ink.clone(), Glyph { gid, ch: '-', advance }))
    }
}

/// Where `word` may break (soft breaks, and hyphenation points when `hyphenator` is given) into
/// `breaks`, and its glyphs into `glyphs`.
fn analyse(
    word: &[char],
    inks: &[(usize, Ink)],
    fonts: &FontSet,
    hyphenator: Option<&Hyphenator>,
    breaks: &mut Vec<Option<(i32, bool)>>,
    glyphs: &mut Vec<Glyph>,
) {
    soft_breaks(word, breaks);
    if let Some(h) = hyphenator {
        for p in h.points(word) {
            if let Some(slot) = p.checked_sub(1).and_then(|i| breaks.get_mut(i)) {
                slot.get_or_insert((HYPHEN_PENALTY, true));
            }
        }
    }
    measure(word, inks, fonts, breaks, glyphs);
}

/// Measures `word`'s glyphs into `glyphs`, each kerned with the next one in the same ink
/// unless a break follows; `inks` says where each ink starts.
fn measure(word: &[char], inks: &[(usize, Ink)], fonts: &FontSet, breaks: &[Option<(i32, bool)>], glyphs: &mut Vec<Glyph>) {
    glyphs.clear();
    for (r, (start, ink)) in inks.iter().enumerate() {
        let end = inks.get(r + 1).map_or(word.len(), |(s, _)| *s);
        let face = fonts.face(ink.face);
        let scale = ink.size / face.units_per_em;
        let mut prev: Option<u16> = None;
        for (i, ch) in word.iter().enumerate().take(end).skip(*start) {
            let gid = face.glyph(*ch).unwrap_or(0);
            if let (Some(pg), Some(last)) = (prev, glyphs.last_mut())
                && !breaks.get(i.wrapping_sub(1)).is_some_and(Option::is_some)
            {
                last.advance += face.kern(pg, gid) * scale;
            }
            glyphs.push(Glyph { gid, ch: *ch, advance: face.advance(gid) * scale });
            prev = Some(gid);
        }
    }
}

/// Emoji modifiers, regional indicators, tags and pictographs: decoration that is dropped,
/// not replaced, when the fonts lack it.
pub fn is_decoration(c: char) -> bool {
    matches!(c as u32, 0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0xE0000..=0xE007F)
}

/// The stretches of `text` a line can never break inside (without a hyphen or an emergency
/// break): its words, cut where [`soft_breaks`] lets a word break (compounds, URLs).
pub fn unbreakable_pieces(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for word in text.split_whitespace() {
        let chars: Vec<char> = word.chars().collect();
        let mut breaks = Vec::new();
        soft_breaks(&chars, &mut breaks);
        let mut piece = String::new();
        for (c, b) in chars.iter().zip(breaks) {
            piece.push(*c);
            if b.is_some() {
                out.push(std::mem::take(&mut piece));
            }
        }
        out.push(piece);
    }
    out
}

/// Where a word may break without a hyphen being added: `Some((penalty, false))` after index
/// `i`, written into `breaks`.
fn soft_breaks(chars: &[char], breaks: &mut Vec<Option<(i32, bool)>>) {
    breaks.clear();
    breaks.resize(chars.len(), None);
    let slashes = chars.iter().filter(|c| **c == '/').count();
    let url_like = chars.len() > 24
        || slashes >= 2
        || chars.contains(&'@')
        || chars.windows(3).any(|w| w == [':', '/', '/'])
        || chars.starts_with(&['w', 'w', 'w', '.']);
    for (i, (slot, pair)) in breaks.iter_mut().zip(chars.windows(2)).enumerate() {
        let [c, next] = [pair.first().copied().unwrap_or(' '), pair.get(1).copied().unwrap_or(' ')];
        let prev_alpha = i.checked_sub(1).and_then(|p| chars.get(p)).is_some_and(|p| p.is_alphanumeric());
        if c == '-' && prev_alpha && next.is_alphanumeric() {
            *slot = Some((COMPOUND_BREAK, false));
        } else if url_like && matches!(c, '/' | '.' | '_' | '?' | '&' | '=' | '-' | '#' | '@') && next != '/' && i >= 2 {
            *slot = Some((URL_BREAK, false));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unbreakable_pieces_follow_the_line_breakers_breaks() {
        // A date is one piece: a table column must be as wide as it, or it breaks mid-number.
        assert_eq!(unbreakable_pieces("01/2020 to 03/2021"), ["01/2020", "to", "03/2021"]);
        assert_eq!(unbreakable_pieces("well-known"), ["well-", "known"]);
        let url = unbreakable_pieces("https://example.org/some/long/path");
        assert!(url.len() > 3 && url.concat() == "https://example.org/some/long/path", "{url:?}");
    }

    fn env(fonts: &FontSet, max_width: f32) -> TextEnv<'_> {
        TextEnv {
            fonts,
            faces: fonts.typefaces("Lato", "Lato", "JetBrains Mono").unwrap(),
            role: Role::Body,
            small_caps: false,
            size: 10.0,
            color: [0.0; 3],
            link_color: [0.0; 3],
            code_color: [0.0; 3],
            base: TextStyle::default(),
            max_width,
            justify: true,
            hyphenator: None,
            words: None,
        }
    }

    fn text(t: &str) -> Vec<Inline> {
        vec![Inline::Text { text: t.into(), style: TextStyle::default(), link: None, span: Span::default() }]
    }

    fn boxes(items: &[Item]) -> Vec<String> {
        items
            .iter()
            .filter_map(|i| match i {
                Item::Box { glyphs, .. } => Some(glyphs.iter().map(|g| g.ch).collect()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn words_glue_and_the_paragraph_end() {
        let fonts = FontSet::new();
        let items = build(&text("Hello  wide world"), &env(&fonts, 300.0), &mut Vec::new());
        assert_eq!(boxes(&items), ["Hello", "wide", "world"]);
        assert_eq!(items.iter().filter(|i| matches!(i, Item::Glue { space: Some(_), .. })).count(), 2);
        assert!(matches!(items.last(), Some(Item::Penalty { penalty: p, .. }) if *p == -INFINITY));
    }

    #[test]
    fn no_break_spaces_stay_inside_the_word() {
        let fonts = FontSet::new();
        let items = build(&text("4\u{202f}500\u{a0}km"), &env(&fonts, 300.0), &mut Vec::new());
        assert_eq!(boxes(&items), ["4\u{202f}500\u{a0}km"]);
    }

    #[test]
    fn urls_and_compounds_break_without_hyphens() {
        let fonts = FontSet::new();
        let items = build(&text("https://github.com/open-telemetry/collector well-known"), &env(&fonts, 300.0), &mut Vec::new());
        let b = boxes(&items);
        assert!(b.contains(&"github.".to_string()), "{b:?}");
        assert!(b.contains(&"well-".to_string()), "{b:?}");
        assert!(b.contains(&"known".to_string()), "{b:?}");
    }

    #[test]
    fn overlong_word_gets_emergency_breaks() {
        let fonts = FontSet::new();
        let items = build(&text(&"x".repeat(300)), &env(&fonts, 100.0), &mut Vec::new());
        assert!(items.iter().all(|i| i.width() <= 100.0));
        assert!(items.iter().any(|i| matches!(i, Item::Penalty { penalty: EMERGENCY_BREAK, .. })));
    }

    #[test]
    fn decomposed_accents_are_composed() {
        let fonts = FontSet::new();
        let items = build(&text("e\u{301}te\u{301}"), &env(&fonts, 300.0), &mut Vec::new());
        assert_eq!(boxes(&items), ["été"]);
    }

    #[test]
    fn kerning_is_applied_inside_words() {
        let fonts = FontSet::new();
        let e = env(&fonts, 300.0);
        let av = build(&text("AV"), &e, &mut Vec::new())[0].width();
        let a = build(&text("A"), &e, &mut Vec::new())[0].width();
        let v = build(&text("V"), &e, &mut Vec::new())[0].width();
        assert!(av < a + v);
    }

    #[test]
    fn missing_characters_are_reported_once_and_shown() {
        let fonts = FontSet::new();
        let mut missing = Vec::new();
        // Private-use characters no font covers.
        let items = build(&text("a\u{10FFFD}\u{10FFFC} \u{10FFFD}"), &env(&fonts, 300.0), &mut missing);
        assert_eq!(missing.iter().map(|m| m.ch).collect::<String>(), "\u{10FFFD}\u{10FFFC}");
        assert_eq!(boxes(&items), ["a??", "?"]);
    }
}
