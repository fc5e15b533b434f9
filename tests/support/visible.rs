//! The words of a page a reader of its web page would see, read independently of cvpdf's own
//! parser: front-matter fields that themes display, the Markdown body without its syntax (link
//! targets, images, attribute blocks, HTML tags and comments, reference definitions, Liquid
//! template code), and the text of shortcode parameters. Each word comes with its source line, so that a word missing from
//! the PDF can be matched with a diagnostic on that line.
#![allow(dead_code)]

use unicode_normalization::UnicodeNormalization;

/// Front-matter keys whose values a theme displays (any depth, any case).
const SHOWN_KEYS: &[&str] = &[
    "title",
    "name",
    "author",
    "description",
    "subtitle",
    "role",
    "headline",
    "jobtitle",
    "job",
    "position",
    "email",
    "phone",
    "location",
    "address",
    "localisation",
    "company",
    "institution",
    "school",
    "course",
    "degree",
];

/// Front-matter tables whose values a page does not show (site machinery).
const HIDDEN_TABLES: &[&str] =
    &["menu", "menus", "build", "cascade", "outputs", "sitemap", "resources", "aliases", "urls", "params.favicon"];

/// Front-matter lists that are taxonomies or site machinery, not lines a page shows.
const HIDDEN_LISTS: &[&str] = &["keywords", "tags", "categories", "series", "aliases", "authors", "outputs", "images"];

/// Inline HTML elements: their tags do not separate words (`2<sup>nd</sup>`).
const INLINE_TAGS: &[&str] =
    &["a", "abbr", "b", "i", "em", "strong", "span", "small", "sup", "sub", "time", "code", "u", "s", "mark", "date", "kbd", "q", "cite"];

/// Shortcode parameters that say how something looks, not what it says.
const HIDDEN_PARAMS: &[&str] =
    &["src", "class", "style", "id", "width", "height", "icon", "position", "alt", "url", "link", "href", "target", "lang"];

/// Lower-case words (letters and digits), NFC, as pdfcheck counts them.
pub fn words(text: &str) -> Vec<String> {
    let t: String = text.nfc().collect::<String>().to_lowercase();
    t.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// Every visible word of `md` with the 1-based line it is on.
pub fn visible_words(md: &str) -> Vec<(String, usize)> {
    let md = md.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    let mut out = Vec::new();
    let body_start = front_matter(&md, &mut out);
    let body = md.get(body_start..).unwrap_or("");
    let first_line = md.get(..body_start).unwrap_or("").matches('\n').count() + 1;
    let cleaned = clean_body(body);
    for (i, line) in cleaned.lines().enumerate() {
        out.extend(words(line).into_iter().map(|w| (w, first_line + i)));
    }
    out
}

/// Adds the displayed front-matter values, each word once (fields repeat one another: title,
/// name, author); returns where the body starts.
fn front_matter(md: &str, out: &mut Vec<(String, usize)>) -> usize {
    let fence = if md.starts_with("+++\n") {
        "+++"
    } else if md.starts_with("---\n") {
        "---"
    } else {
        return 0;
    };
    let mut offset = 4;
    for line in md.get(4..).unwrap_or("").split_inclusive('\n') {
        let t = line.trim_end();
        offset += line.len();
        if t == fence || (fence == "---" && t == "...") {
            break;
        }
    }
    let block = md.get(..offset).unwrap_or("");
    // The table each line is in: TOML `[a.b]` headers, YAML indentation.
    let mut table = String::new();
    let mut parents: Vec<(usize, String)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (n, line) in block.lines().enumerate() {
        let l = line.trim();
        if l.starts_with('[') {
            table = l.trim_matches(['[', ']']).to_lowercase();
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        // A YAML list item of text (`- Senior developer`), shown as a line by the theme that
        // reads its list.
        if let Some(item) =
            l.strip_prefix("- ").filter(|i| i.starts_with(['"', '\'']) || !(i.contains(": ") || i.trim_end().ends_with(':')))
        {
            let list = parents.iter().rev().find(|(i, _)| *i <= indent).map(|(_, k)| k.as_str()).unwrap_or("");
            let hidden = HIDDEN_TABLES.iter().chain(HIDDEN_LISTS).any(|h| *h == list);
            if !hidden && table.is_empty() {
                let item = item.trim().trim_matches(['"', '\'']);
                for w in words(&clean_body(item)) {
                    if seen.insert(w.clone()) {
                        out.push((w, n + 1));
                    }
                }
            }
            continue;
        }
        let Some((key, value)) = l.split_once('=').or_else(|| l.split_once(':')) else { continue };
        let key = key.trim().trim_matches('"').to_lowercase();
        parents.retain(|(i, _)| *i < indent);
        let path: Vec<String> =
            table.split('.').map(str::to_string).chain(parents.iter().map(|(_, k)| k.clone())).filter(|k| !k.is_empty()).collect();
        if value.trim().is_empty() {
            parents.push((indent, key.clone()));
        }
        let hidden = HIDDEN_TABLES.iter().any(|h| path.first().is_some_and(|p| p == h) || path.join(".").starts_with(h));
        if SHOWN_KEYS.contains(&key.as_str()) && !hidden {
            let value = value.trim().trim_matches(['"', '\'']);
            for w in words(&strip_tags(value)) {
                if seen.insert(w.clone()) {
                    out.push((w, n + 1));
                }
            }
        }
    }
    offset
}

/// The body as text: shortcodes replaced by their text parameters, Markdown and HTML syntax
/// removed. Lines stay where they were (removed spans become spaces).
fn clean_body(body: &str) -> String {
    let mut s = blank(body, "<!--", "-->", true);
    s = shortcodes(&s);
    // Jekyll's Liquid: comments, tags and values are template code, not text on the page.
    s = blank(&s, "{% comment %}", "{% endcomment %}", true);
    s = blank(&s, "{%", "%}", true);
    s = blank(&s, "{{ ", " }}", true);
    for tag in ["script", "style"] {
        s = blank(&s, &format!("<{tag}"), &format!("</{tag}>"), true);
    }
    let mut out = String::with_capacity(s.len());
    for line in s.lines() {
        let t = line.trim_start();
        // Reference-link definitions and code fences' info strings are not shown.
        if t.starts_with('[') && t.contains("]:") && !t.starts_with("[^") || t.starts_with("```") || t.starts_with("~~~") {
            out.push('\n');
            continue;
        }
        // Ordered lists are numbered by their first number: the others are not shown.
        let digits = t.chars().take_while(char::is_ascii_digit).count();
        let l = if digits > 0 && t[digits..].starts_with(['.', ')']) { &t[digits + 1..] } else { line };
        let mut l = blank(l, "{", "}", false);
        l = blank(&l, "![", ")", true);
        l = blank(&l, "](", ")", true);
        l = blank(&l, "][", "]", true);
        out.push_str(&decode(&strip_tags(&l)));
        out.push('\n');
    }
    out
}

/// `s` with every `open…close` stretch replaced by spaces (newlines kept). With `inclusive`
/// false, only stretches that look like attribute blocks (`{.x}`, `{style=…}`, `{class=…}`).
fn blank(s: &str, open: &str, close: &str, inclusive: bool) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(a) = rest.find(open) {
        let after = &rest[a + open.len()..];
        let Some(b) = after.find(close) else { break };
        let inner = &after[..b];
        let attribute = inclusive || inner.starts_with('.') || inner.starts_with('#') || inner.contains('=');
        out.push_str(&rest[..a]);
        if attribute {
            out.extend((open.to_string() + inner + close).chars().map(|c| if c == '\n' { '\n' } else { ' ' }));
        } else {
            out.push_str(&rest[a..a + open.len() + b + close.len()]);
        }
        rest = &after[b + close.len()..];
    }
    out.push_str(rest);
    out
}

/// HTML tags as spaces (inline ones as nothing).
fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    let mut just_closed = false;
    let mut closing = false;
    let mut quote: Option<char> = None;
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if in_tag && (c == '"' || c == '\'') {
            quote = if quote == Some(c) { None } else { quote.or(Some(c)) };
            continue;
        }
        if quote.is_some() {
            continue;
        }
        match c {
            '<' if chars.get(i + 1).is_some_and(|n| n.is_ascii_alphabetic() || *n == '/' || *n == '!') => {
                in_tag = true;
                let name: String = chars[i + 1..].iter().skip_while(|c| **c == '/').take_while(|c| c.is_ascii_alphanumeric()).collect();
                // Block tags part words; so do two elements side by side (`</span><span>`).
                let opening = chars.get(i + 1) != Some(&'/');
                let side_by_side = just_closed && opening && !matches!(name.as_str(), "sup" | "sub");
                if !INLINE_TAGS.contains(&name.to_ascii_lowercase().as_str()) || side_by_side {
                    out.push(' ');
                }
                just_closed = false;
                closing = !opening;
            }
            '>' if in_tag => {
                in_tag = false;
                just_closed = closing;
            }
            _ if in_tag => {}
            _ => {
                if !c.is_whitespace() {
                    just_closed = false;
                }
                out.push(c);
            }
        }
    }
    out
}

/// The common HTML entities.
fn decode(s: &str) -> String {
    s.replace("&nbsp;", " ").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
}

/// Shortcode tags replaced by the text of their parameters (spaces elsewhere, lines kept).
fn shortcodes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(a) = rest.find("{{") {
        let after = &rest[a..];
        let close = if after.starts_with("{{<") {
            ">}}"
        } else if after.starts_with("{{%") {
            "%}}"
        } else {
            ""
        };
        if close.is_empty() {
            out.push_str(&rest[..a + 2]);
            rest = &rest[a + 2..];
            continue;
        }
        let Some(b) = after.find(close) else { break };
        let tag = &after[3..b];
        out.push_str(&rest[..a]);
        let mut text = String::new();
        if !tag.trim_start().starts_with('/') && !tag.trim_start().starts_with("figure") && !tag.trim_start().starts_with("image") {
            text = shown_params(tag);
        }
        // Keep the line count.
        let newlines = tag.matches('\n').count();
        out.push(' ');
        out.push_str(&text);
        out.push(' ');
        out.extend(std::iter::repeat_n('\n', newlines));
        rest = &after[b + close.len()..];
    }
    out.push_str(rest);
    out
}

/// The text a shortcode's parameters hold: quoted values of parameters that are not about looks,
/// and positional arguments that are not paths.
fn shown_params(tag: &str) -> String {
    let mut out = Vec::new();
    let mut rest = tag.trim();
    // Skip the name.
    rest = rest.split_once(char::is_whitespace).map_or("", |(_, r)| r);
    let mut name: Option<String> = None;
    while !rest.trim().is_empty() {
        rest = rest.trim_start();
        if let Some(r) = rest.strip_prefix('"') {
            let end = r.find('"').unwrap_or(r.len());
            let value = &r[..end];
            let hidden = name.as_deref().is_some_and(|n| HIDDEN_PARAMS.contains(&n.to_lowercase().as_str()));
            let path = value.starts_with('/') || value.contains("://") || value.ends_with(".pdf");
            if !hidden && !path {
                out.push(value.to_string());
            }
            name = None;
            rest = r.get(end + 1..).unwrap_or("");
        } else {
            let end = rest.find(|c: char| c.is_whitespace() || c == '=' || c == '"').unwrap_or(rest.len());
            let word = &rest[..end];
            rest = &rest[end..];
            if let Some(r) = rest.strip_prefix('=') {
                name = Some(word.to_string());
                rest = r;
            } else if !word.is_empty() && name.is_none() {
                name = None;
            }
        }
    }
    out.join(" ")
}
