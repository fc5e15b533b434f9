//! The last touches of the source stage, on every run of the author's text: NFC (decomposed
//! accents become the letters fonts and hyphenation patterns know), soft line breaks as spaces,
//! the language's typography ([`super::typography`]), and links written in another language
//! marked as such.

use unicode_normalization::UnicodeNormalization;

use crate::model::{Block, BlockKind, Document, Inline};
use crate::source::inlines::SOFT_BREAK;
use crate::source::{typography, vocabulary};
use crate::style::lang::Lang;
use crate::style::locale::Typography;

/// Applies NFC, spaces for soft breaks and typography to the whole document.
pub fn finish(doc: &mut Document, t: &Typography) {
    let page = doc.meta.lang;
    let mut each = |run: &mut Vec<Inline>| {
        other_languages(run, page);
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

/// Marks the links of `run` written in another language than the page's `page` ("Version
/// française" on an English page), so the PDF says which.
fn other_languages(run: &mut [Inline], page: Lang) {
    let mut start = 0;
    while start < run.len() {
        let link = match run.get(start) {
            Some(Inline::Text { link: Some(l), .. }) => l.clone(),
            _ => {
                start += 1;
                continue;
            }
        };
        let end = start + run.iter().skip(start).take_while(|i| matches!(i, Inline::Text { link: Some(l), .. } if *l == link)).count();
        let passage = run.get_mut(start..end).unwrap_or(&mut []);
        if let Some(lang) = vocabulary::words().language_of(&Inline::plain_text(passage)).filter(|l| *l != page) {
            for inline in passage {
                if let Inline::Text { style, .. } = inline {
                    style.lang = Some(lang);
                }
            }
        }
        start = end;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Span, TextStyle};

    fn link(text: &str, url: &str) -> Inline {
        Inline::Text { text: text.into(), style: TextStyle::default(), link: Some(url.into()), span: Span::default() }
    }

    #[test]
    fn a_link_to_the_other_language_is_marked_in_it() {
        let mut run =
            vec![link("Version ", "/fr/"), link("française", "/fr/"), Inline::plain(" · ", Span::default()), link("GitHub", "/gh")];
        other_languages(&mut run, Lang::En);
        let langs: Vec<Option<Lang>> = run.iter().map(|i| if let Inline::Text { style, .. } = i { style.lang } else { None }).collect();
        assert_eq!(langs, [Some(Lang::Fr), Some(Lang::Fr), None, None]);
        // On a French page, the same link is in the page's language.
        let mut run = vec![link("Version française", "/fr/")];
        other_languages(&mut run, Lang::Fr);
        assert!(matches!(&run[0], Inline::Text { style, .. } if style.lang.is_none()));
    }
}
