//! Folding, the one way cvpdf compares words: lower case, no accents, one kind of apostrophe,
//! `æ`/`œ` spelt out. build.rs folds the catalogues' vocabulary with this same file when cvpdf
//! is built ([`crate::source::vocabulary`]), and the source stage folds the author's words at
//! run time, so the two always agree. It uses no other part of cvpdf.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// `s` in lower case, without accents or soft hyphens (`Accomplish&shy;ments`), with `’` as `'`
/// and `æ`, `œ` spelt out.
pub fn fold(s: &str) -> String {
    // Most words are ASCII: no accents to strip, nothing to decompose.
    if s.is_ascii() {
        let out = s.to_ascii_lowercase();
        return if out.contains('`') { out.replace('`', "'") } else { out };
    }
    s.nfd()
        .filter(|c| !is_combining_mark(*c) && !matches!(c, '\u{ad}' | '\u{200b}' | '\u{2060}'))
        .flat_map(char::to_lowercase)
        .map(|c| if matches!(c, '’' | '‘' | 'ʼ' | '`') { '\'' } else { c })
        .fold(String::with_capacity(s.len()), |mut out, c| {
            match c {
                'æ' => out.push_str("ae"),
                'œ' => out.push_str("oe"),
                _ => out.push(c),
            }
            out
        })
}

/// The folded words of `s`: split at white space and at `/`, `|`, `·`, trimmed of surrounding
/// punctuation (inner hyphens and apostrophes stay).
/// French elisions (`d'ingénieur`) are words of their own.
pub fn fold_words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for w in fold(s).split(|c: char| c.is_whitespace() || matches!(c, '/' | '|' | '·' | '•' | ',' | ';' | '(' | ')' | '[' | ']')) {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '$');
        let elided = ["qu'", "d'", "l'", "j'", "n'", "s'", "m'", "t'", "c'"].iter().find(|e| w.len() > e.len() + 1 && w.starts_with(**e));
        match elided {
            Some(e) => {
                out.push((*e).to_string());
                out.push(w.get(e.len()..).unwrap_or("").to_string());
            }
            None if !w.is_empty() => out.push(w.to_string()),
            None => {}
        }
    }
    out
}
