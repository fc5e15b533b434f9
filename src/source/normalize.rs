//! The last touches of the source stage, on every run of the author's text: NFC (decomposed
//! accents become the letters fonts and hyphenation patterns know), soft line breaks as spaces,
//! and the language's typography ([`super::typography`]).

use unicode_normalization::UnicodeNormalization;

use crate::model::{Block, BlockKind, Document, Inline};
use crate::source::inlines::SOFT_BREAK;
use crate::source::typography;
use crate::style::locale::Typography;

/// Applies NFC, spaces for soft breaks and typography to the whole document.
pub fn finish(doc: &mut Document, t: &Typography) {
    let mut each = |run: &mut Vec<Inline>| {
        for inline in run.iter_mut() {
            if let Inline::Text { text, .. } = inline {
                if text.contains(SOFT_BREAK) {
                    *text = text.replace(SOFT_BREAK, " ");
                }
                nfc(text);
            }
        }
        typography::apply_inlines(run, t);
    };
    for s in &mut doc.sections {
        each(&mut s.title);
        blocks(&mut s.blocks, &mut each);
    }
    let h = &mut doc.header;
    for text in [&mut h.name, &mut h.headline].into_iter().flatten() {
        nfc(text);
        *text = typography::apply_text(text, t);
    }
}

/// Composes `text` (NFC), when it is not composed already: almost all text is, and checking
/// costs a tenth of composing.
fn nfc(text: &mut String) {
    if !text.is_ascii() && unicode_normalization::is_nfc_quick(text.chars()) != unicode_normalization::IsNormalized::Yes {
        *text = text.nfc().collect();
    }
}

/// Calls `f` on every run of inlines in `blocks`, depth first.
pub fn blocks(blocks: &mut [Block], f: &mut dyn FnMut(&mut Vec<Inline>)) {
    for b in blocks {
        match &mut b.kind {
            BlockKind::Heading { content, .. } | BlockKind::Paragraph(content) => f(content),
            BlockKind::Entry(e) => {
                for run in [&mut e.role, &mut e.organisation, &mut e.location, &mut e.when] {
                    f(run);
                }
                self::blocks(&mut e.body, f);
            }
            BlockKind::List { items, .. } => items.iter_mut().for_each(|i| self::blocks(i, f)),
            BlockKind::Quote(inner) => self::blocks(inner, f),
            BlockKind::Table { head, rows, .. } => {
                head.iter_mut().for_each(&mut *f);
                rows.iter_mut().flatten().for_each(&mut *f);
            }
            BlockKind::Code(_) | BlockKind::Rule | BlockKind::PageBreak => {}
        }
    }
}
