//! Typography for the author's text, by the rules of the language's catalogue: no-break spaces
//! before French high punctuation and inside guillemets, curly quotes and apostrophes, unbreakable
//! digit groups. URLs, e-mail addresses and code are never touched; spaces the author already
//! made unbreakable are kept and never doubled.

use crate::model::{Inline, TextStyle};
use crate::source::tail;
use crate::style::locale::Typography;

const NBSP: char = '\u{A0}';
const NNBSP: char = '\u{202F}';
const THIN: char = '\u{2009}';

/// Applies the rules to a plain string (a title).
pub fn apply_text(text: &str, t: &Typography) -> String {
    let mut inl = vec![Inline::Text { text: text.to_string(), style: TextStyle::default(), link: None, span: Default::default() }];
    apply_inlines(&mut inl, t);
    Inline::plain_text(&inl)
}

/// Applies the rules across a sequence of runs: context (the char before a colon) may sit in
/// the previous run.
pub fn apply_inlines(inlines: &mut [Inline], t: &Typography) {
    let may_change = |inline: &Inline| match inline {
        Inline::Text { text, .. } => text.chars().any(|c| acted_on(c, t)),
        Inline::LineBreak { .. } => false,
    };
    if !inlines.iter().any(may_change) {
        return;
    }
    // (char, run, protected)
    let mut chars: Vec<(char, usize, bool)> = Vec::new();
    for (run, inline) in inlines.iter().enumerate() {
        match inline {
            Inline::Text { text, style, link, .. } => {
                let link_is_text_url = link.as_deref().is_some_and(|l| l == text || l.trim_start_matches("mailto:") == text);
                let code = style.code || link_is_text_url;
                chars.extend(text.chars().map(|c| (c, run, code)));
            }
            Inline::LineBreak { .. } => chars.push(('\n', run, true)),
        }
    }
    protect_tokens(&mut chars);
    let out = transform(&chars, t);
    let mut texts: Vec<String> = vec![String::new(); inlines.len()];
    for (c, run) in out {
        if let Some(s) = texts.get_mut(run) {
            s.push(c);
        }
    }
    for (inline, new) in inlines.iter_mut().zip(texts) {
        if let Inline::Text { text, .. } = inline {
            *text = new;
        }
    }
}

/// Marks the characters of URLs, e-mail addresses and paths as protected.
fn protect_tokens(chars: &mut [(char, usize, bool)]) {
    for token in chars.split_mut(|c| c.0.is_whitespace()) {
        if !token.iter().any(|c| matches!(c.0, '@' | '/' | '.' | ':')) {
            continue;
        }
        let text: String = token.iter().map(|c| c.0).collect();
        let email = text.find('@').is_some_and(|i| i > 0 && tail(&text, i).contains('.'));
        if text.contains("://") || text.starts_with("www.") || email || text.starts_with('/') || text.starts_with("mailto:") {
            token.iter_mut().for_each(|c| c.2 = true);
        }
    }
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\t' || c == '\n'
}

fn is_fixed_space(c: char) -> bool {
    matches!(c, NBSP | NNBSP | THIN)
}

/// Puts `space` before what comes next: a regular space there becomes it, an unbreakable one is
/// kept, none gets it inserted (not at the start of the text).
fn space_before(out: &mut Vec<(char, usize)>, space: &str, run: usize) {
    if space.is_empty() {
        return;
    }
    let Some(&(last, _)) = out.last() else { return };
    if is_fixed_space(last) {
        return;
    }
    let mut owner = run;
    if is_space(last) {
        while out.last().is_some_and(|(c, _)| *c == ' ' || *c == '\t') {
            if let Some((_, r)) = out.pop() {
                owner = r;
            }
        }
        if out.is_empty() {
            return;
        }
    }
    out.extend(space.chars().map(|c| (c, owner)));
}

/// Whether a rule of [`transform`] that `t` sets may act on `c` (a digit: a group may start
/// there); text without any such character is left as it is. English sets no rule for colons,
/// high punctuation, percent signs or digit groups.
fn acted_on(c: char, t: &Typography) -> bool {
    match c {
        ':' => !t.before_colon.is_empty(),
        ';' | '!' | '?' => !t.before_high_punctuation.is_empty(),
        '"' | '“' | '”' => !t.quotes[0].is_empty(),
        '«' | '»' => !t.inside_quotes.is_empty(),
        '\'' => true,
        '%' => !t.before_percent.is_empty(),
        _ => c.is_ascii_digit() && !t.digit_group.is_empty(),
    }
}

/// The text with the rules applied. Every character an arm below matches is one [`acted_on`]
/// names.
fn transform(input: &[(char, usize, bool)], t: &Typography) -> Vec<(char, usize)> {
    let mut out: Vec<(char, usize)> = Vec::with_capacity(input.len() + 8);
    let mut skip_spaces = false;
    for (i, &(c, run, protected)) in input.iter().enumerate() {
        if protected {
            out.push((c, run));
            skip_spaces = false;
            continue;
        }
        if skip_spaces && c == ' ' {
            continue;
        }
        skip_spaces = false;
        let prev = out.last().map(|p| p.0);
        let next = input.get(i + 1).map(|n| n.0);
        match c {
            ':' if !t.before_colon.is_empty() => {
                let time = prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit());
                let glued = next.is_some_and(|n| n == '/' || n == ':') || prev == Some(':');
                if !time && !glued {
                    space_before(&mut out, &t.before_colon, run);
                }
                out.push((c, run));
            }
            ';' | '!' | '?' if !t.before_high_punctuation.is_empty() => {
                let repeated = prev.is_some_and(|p| matches!(p, ';' | '!' | '?'));
                let inside_word = prev.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric);
                if !repeated && !inside_word {
                    space_before(&mut out, &t.before_high_punctuation, run);
                }
                out.push((c, run));
            }
            // Straight quotes, and English curly ones in a language that writes others (« »).
            '"' | '“' | '”' if !t.quotes[0].is_empty() && (c == '"' || !t.quotes[0].starts_with(c) && !t.quotes[1].starts_with(c)) => {
                let opening = match c {
                    '“' => true,
                    '”' => false,
                    _ => prev.is_none_or(|p| is_space(p) || is_fixed_space(p) || "([{—–-/".contains(p)),
                };
                if opening {
                    out.extend(t.quotes[0].chars().map(|q| (q, run)));
                    out.extend(t.inside_quotes.chars().map(|q| (q, run)));
                    skip_spaces = !t.inside_quotes.is_empty();
                } else {
                    space_before(&mut out, &t.inside_quotes, run);
                    out.extend(t.quotes[1].chars().map(|q| (q, run)));
                }
            }
            '«' if !t.inside_quotes.is_empty() => {
                out.push((c, run));
                if !next.is_some_and(is_fixed_space) {
                    out.extend(t.inside_quotes.chars().map(|q| (q, run)));
                    skip_spaces = true;
                }
            }
            '»' if !t.inside_quotes.is_empty() => {
                space_before(&mut out, &t.inside_quotes, run);
                out.push((c, run));
            }
            '\'' if prev.is_some_and(char::is_alphabetic) && next.is_some_and(char::is_alphabetic) => {
                out.extend(t.apostrophe.chars().map(|a| (a, run)));
            }
            '%' if !t.before_percent.is_empty() && number_before(&out) => {
                space_before(&mut out, &t.before_percent, run);
                out.push((c, run));
            }
            ' ' if !t.digit_group.is_empty() && digit_group_follows(input, i) && group_before(&out) => {
                out.extend(t.digit_group.chars().map(|g| (g, run)));
            }
            _ => out.push((c, run)),
        }
    }
    out
}

/// The output ends with a number, possibly followed by spaces.
fn number_before(out: &[(char, usize)]) -> bool {
    out.iter().rev().map(|c| c.0).find(|c| !is_space(*c)).is_some_and(|c| c.is_ascii_digit())
}

/// The output ends with one to three digits that start a number (or continue a grouped one).
fn group_before(out: &[(char, usize)]) -> bool {
    let digits = out.iter().rev().take_while(|c| c.0.is_ascii_digit()).count();
    let before = out.len().checked_sub(digits + 1).and_then(|i| out.get(i)).map(|c| c.0);
    (1..=3).contains(&digits) && before.is_none_or(|b| !b.is_alphanumeric() && b != '.' && b != ',')
}

/// After the space at `i` come exactly three digits, then a non-digit.
fn digit_group_follows(input: &[(char, usize, bool)], i: usize) -> bool {
    let next: Vec<char> = input.iter().skip(i + 1).take(4).map(|c| c.0).collect();
    next.len() >= 3 && next.iter().take(3).all(char::is_ascii_digit) && next.get(3).is_none_or(|c| !c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::style::lang::Lang;
    use crate::style::locale::Locale;

    fn fr(s: &str) -> String {
        apply_text(s, &Locale::get(Lang::Fr, None).typography)
    }
    fn en(s: &str) -> String {
        apply_text(s, &Locale::get(Lang::En, None).typography)
    }

    #[test]
    fn french_high_punctuation() {
        assert_eq!(fr("Compétences : Rust; Go! Et toi?"), "Compétences\u{A0}: Rust\u{202F}; Go\u{202F}! Et toi\u{202F}?");
        assert_eq!(fr("Langues: français"), "Langues\u{A0}: français");
        assert_eq!(fr("Quoi ?!"), "Quoi\u{202F}?!");
    }

    #[test]
    fn french_quotes_and_apostrophes() {
        assert_eq!(fr("il a dit \"bonjour\" à l'équipe"), "il a dit «\u{A0}bonjour\u{A0}» à l’équipe");
        assert_eq!(fr("il a dit “bonjour” à l’équipe"), "il a dit «\u{A0}bonjour\u{A0}» à l’équipe");
        assert_eq!(en("he said “hello”"), "he said “hello”");
        assert_eq!(fr("« déjà »"), "«\u{A0}déjà\u{A0}»");
        assert_eq!(fr("«déjà»"), "«\u{A0}déjà\u{A0}»");
    }

    #[test]
    fn existing_no_break_spaces_are_kept_not_doubled() {
        assert_eq!(fr("Profil\u{A0}: x"), "Profil\u{A0}: x");
        assert_eq!(fr("Profil\u{202F}; x"), "Profil\u{202F}; x");
        assert_eq!(fr("«\u{A0}oui\u{A0}»"), "«\u{A0}oui\u{A0}»");
        assert_eq!(fr("mot  : x"), "mot\u{A0}: x");
    }

    #[test]
    fn exceptions_urls_times_emails_code() {
        assert_eq!(fr("voir https://x.org/a?b=1 à 10:30"), "voir https://x.org/a?b=1 à 10:30");
        assert_eq!(fr("écrire à moi@example.com!"), "écrire à moi@example.com!");
        let t = &Locale::get(Lang::Fr, None).typography;
        let mut inl = vec![
            Inline::Text { text: "Lancer ".into(), style: TextStyle::default(), link: None, span: Default::default() },
            Inline::Text {
                text: "cargo run: ok?".into(),
                style: TextStyle { code: true, ..TextStyle::default() },
                link: None,
                span: Default::default(),
            },
        ];
        apply_inlines(&mut inl, t);
        assert_eq!(Inline::plain_text(&inl), "Lancer cargo run: ok?");
    }

    #[test]
    fn punctuation_after_a_styled_run() {
        let t = &Locale::get(Lang::Fr, None).typography;
        let mut inl = vec![
            Inline::Text {
                text: "Note".into(),
                style: TextStyle { bold: true, ..TextStyle::default() },
                link: None,
                span: Default::default(),
            },
            Inline::Text { text: ": lire".into(), style: TextStyle::default(), link: None, span: Default::default() },
        ];
        apply_inlines(&mut inl, t);
        assert_eq!(Inline::plain_text(&inl), "Note\u{A0}: lire");
    }

    #[test]
    fn digit_groups_and_percent() {
        assert_eq!(
            fr("4 500 km et 1 200 000 serveurs, 38 %, 12%"),
            "4\u{202F}500 km et 1\u{202F}200\u{202F}000 serveurs, 38\u{202F}%, 12\u{202F}%"
        );
        assert_eq!(fr("en 2016 200 personnes"), "en 2016 200 personnes");
        assert_eq!(fr("4 500 km"), "4\u{202F}500 km", "digits alone call for the rules");
    }

    #[test]
    fn english_gets_curly_quotes_and_no_french_spaces() {
        assert_eq!(en("Skills: Rust; \"fast\" isn't slow!"), "Skills: Rust; “fast” isn’t slow!");
        assert_eq!(en("4 500 km, 38 %"), "4 500 km, 38 %");
    }
}
