//! Raw HTML to plain text: tags dropped, `<script>`/`<style>` and comments dropped, entities
//! decoded. Used for HTML blocks; the Markdown stage handles inline tags itself.

use crate::source::{head, tail};

/// The text content of an HTML fragment. Block-level tags become spaces.
pub fn to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&decode_entities(head(rest, lt)));
        let tag = tail(rest, lt);
        if let Some(after) = tag.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |e| tail(after, e + 3));
            continue;
        }
        let name: String =
            tail(tag, 1).trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
        if name.is_empty() && !tail(tag, 1).starts_with('/') && !tail(tag, 1).starts_with('!') {
            // A lone `<` in text.
            out.push('<');
            rest = tail(tag, 1);
            continue;
        }
        let end = tag.find('>').map_or(tag.len(), |e| e + 1);
        rest = tail(tag, end);
        if (name == "script" || name == "style") && !tag.starts_with("</") {
            let close = format!("</{name}");
            let lower = rest.to_ascii_lowercase();
            rest = match lower.find(&close) {
                Some(c) => tail(rest, c).find('>').map_or("", |e| tail(rest, c + e + 1)),
                None => "",
            };
            continue;
        }
        // Block-level tags separate words; inline ones (`</strong>,`) do not.
        if !INLINE_TAGS.contains(&name.as_str()) {
            out.push(' ');
        }
    }
    out.push_str(&decode_entities(rest));
    out
}

/// Tags that sit inside running text.
const INLINE_TAGS: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "font", "i", "ins", "kbd", "mark", "q", "s", "samp",
    "small", "span", "strong", "sub", "sup", "time", "u", "var",
];

/// Decodes the HTML character references résumé pages use: named ones for common punctuation
/// and accents, and every numeric one.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(head(rest, amp));
        let after = tail(rest, amp + 1);
        let decoded = after.find(';').filter(|&semi| semi <= 10).and_then(|semi| entity(head(after, semi)).map(|c| (c, semi)));
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = tail(after, semi + 1);
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code).filter(|c| *c != '\0');
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "thinsp" => '\u{2009}',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "laquo" => '«',
        "raquo" => '»',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "middot" => '·',
        "bull" => '•',
        "copy" => '©',
        "eacute" => 'é',
        "egrave" => 'è',
        "agrave" => 'à',
        "ccedil" => 'ç',
        "euro" => '€',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_tags_scripts_and_comments() {
        assert_eq!(to_text("<p>a<b>b</b></p><!-- c --><script>x<y</script>d").split_whitespace().collect::<Vec<_>>(), ["ab", "d"]);
        assert_eq!(to_text("1 < 2"), "1 < 2");
        assert_eq!(to_text("a</script> b").split_whitespace().collect::<Vec<_>>(), ["a", "b"], "a stray closing tag drops nothing");
        assert_eq!(to_text("<dd><strong>Seminar</strong>, <em>Paris</em>.</dd>").trim(), "Seminar, Paris.");
    }

    #[test]
    fn decodes_entities() {
        assert_eq!(decode_entities("a&nbsp;b &amp; &#233;&#x2013; &bogus; & x"), "a\u{a0}b & é– &bogus; & x");
    }
}
