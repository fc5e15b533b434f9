//! Links that work on paper. A PDF has no site around it: a link must be absolute
//! (`https:`, `http:`, `mailto:`, `tel:`) or lead to a heading of the résumé itself. So:
//!
//! - Hugo's `relref`/`ref` (left by the shortcode stage as `relref:PATH`), Zola's `@/PATH` and
//!   site-relative links (`/fr/projets/`) resolve against the site's `baseURL`; without one they
//!   are set as plain text, with one warning a page;
//! - `#anchor` links lead to the heading with that id (Hugo's automatic ids, or `{#id}`), else
//!   are set as plain text;
//! - any other scheme (`javascript:`, `file:`, `data:`, `vbscript:`…) is never a link: the text
//!   stays, with a warning. A résumé is often rendered from someone else's text.
//!
//! A link whose text is empty (an icon) shows its address, so the paper still says where it led.

use std::collections::HashSet;

use crate::diag::{Diagnostic, SourceFile, Span};
use crate::model::{BlockKind, Document, Inline, Section};
use crate::source::normalize;

/// Schemes a link annotation may use.
const SCHEMES: &[&str] = &["https", "http", "mailto", "tel"];

/// Why a link cannot be one on paper.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Refused {
    /// Site-relative, and the site has no `baseURL`.
    NoBase,
    /// A scheme that is not allowed.
    Scheme(String),
    /// An anchor no heading has.
    NoHeading,
    /// Empty.
    Empty,
}

/// The site's address, for site-relative links.
#[derive(Debug, Clone, Default)]
pub struct Site {
    /// `baseURL`, ending in `/`.
    pub base: Option<String>,
}

impl Site {
    /// The address of a path on the site.
    fn url(&self, path: &str) -> Result<String, Refused> {
        let base = self.base.as_deref().ok_or(Refused::NoBase)?;
        let path = path.trim_start_matches("./").trim_start_matches('/');
        let path = path.strip_suffix(".md").map_or(path.to_string(), |p| {
            let p = p.trim_end_matches("_index").trim_end_matches("index").trim_end_matches('/');
            if p.is_empty() { String::new() } else { format!("{p}/") }
        });
        Ok(format!("{base}{path}"))
    }
}

/// The id Hugo gives a heading: lower case, letters and digits kept, spaces and hyphens as `-`.
pub fn anchor_id(title: &str) -> String {
    let mut out = String::new();
    for c in title.trim().chars() {
        if c.is_alphanumeric() || c == '_' {
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' {
            out.push('-');
        }
    }
    out
}

/// Where `href` leads on paper: an absolute address, or `#id` of a heading in `anchors`.
fn resolve(href: &str, site: &Site, anchors: &HashSet<String>) -> Result<String, Refused> {
    let h = href.trim();
    if h.is_empty() {
        return Err(Refused::Empty);
    }
    if let Some(id) = h.strip_prefix('#') {
        return if anchors.contains(id) { Ok(h.to_string()) } else { Err(Refused::NoHeading) };
    }
    if let Some(path) = h.strip_prefix("relref:").or_else(|| h.strip_prefix("ref:")).or_else(|| h.strip_prefix("@/")) {
        return site.url(path);
    }
    if let Some(rest) = h.strip_prefix("//") {
        return Ok(format!("https://{rest}"));
    }
    if let Some((scheme, _)) =
        h.split_once(':').filter(|(s, _)| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c)))
    {
        let s = scheme.to_ascii_lowercase();
        return if SCHEMES.contains(&s.as_str()) { Ok(h.to_string()) } else { Err(Refused::Scheme(s)) };
    }
    if h.starts_with("www.") {
        return Ok(format!("https://{h}"));
    }
    if h.contains('@') && !h.contains('/') {
        return Ok(format!("mailto:{h}"));
    }
    site.url(h)
}

/// Resolves every link of `doc` (text, entries, contacts), sets refused ones as plain text, and
/// gives headings their ids. Warnings go to `warnings`.
pub fn resolve_all(file: &SourceFile, doc: &mut Document, site: &Site, warnings: &mut Vec<Diagnostic>) {
    let anchors = assign_anchors(&mut doc.sections);
    let mut refused: Vec<(String, Refused, Span)> = Vec::new();
    let mut each = |run: &mut Vec<Inline>| {
        for inline in run.iter_mut() {
            let Inline::Text { text, link, span, .. } = inline else { continue };
            let Some(href) = link.take() else { continue };
            match resolve(&href, site, &anchors) {
                Ok(url) => {
                    if text.trim().is_empty() {
                        *text = shown(&url);
                    }
                    *link = Some(url);
                }
                Err(why) => refused.push((href, why, *span)),
            }
        }
    };
    for s in &mut doc.sections {
        normalize::blocks(&mut s.blocks, &mut each);
    }
    for s in &mut doc.sections {
        entry_links(&mut s.blocks, site, &anchors, &mut refused);
    }
    for c in &mut doc.header.contacts {
        if let Some(url) = c.url.take() {
            match resolve(&url, site, &anchors) {
                Ok(u) if !u.starts_with('#') => c.url = Some(u),
                Ok(u) => refused.push((u, Refused::NoHeading, Span::default())),
                Err(why) => refused.push((url, why, Span::default())),
            }
        }
    }
    report(file, &refused, warnings);
}

/// Entries' own links (`company_url`, `url=`).
fn entry_links(blocks: &mut [crate::model::Block], site: &Site, anchors: &HashSet<String>, refused: &mut Vec<(String, Refused, Span)>) {
    for b in blocks {
        if let BlockKind::Entry(e) = &mut b.kind
            && let Some(href) = e.link.take()
        {
            match resolve(&href, site, anchors) {
                Ok(url) => e.link = Some(url),
                Err(why) => refused.push((href, why, b.span)),
            }
        }
    }
}

/// An address as it reads on paper: without its scheme.
fn shown(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.trim_start_matches("mailto:").trim_start_matches("tel:").trim_end_matches('/').to_string()
}

/// Gives every titled section and heading its id (its own, else Hugo's); returns them all.
fn assign_anchors(sections: &mut [Section]) -> HashSet<String> {
    let mut ids = HashSet::new();
    for s in sections {
        if !s.title.is_empty() {
            let id = s.anchor.clone().unwrap_or_else(|| anchor_id(&Inline::plain_text(&s.title)));
            ids.insert(id.clone());
            s.anchor = Some(id);
        }
        heading_anchors(&mut s.blocks, &mut ids);
    }
    ids
}

fn heading_anchors(blocks: &mut [crate::model::Block], ids: &mut HashSet<String>) {
    for b in blocks {
        match &mut b.kind {
            BlockKind::Heading { content, anchor, .. } => {
                let id = anchor.clone().unwrap_or_else(|| anchor_id(&Inline::plain_text(content)));
                ids.insert(id.clone());
                *anchor = Some(id);
            }
            BlockKind::Entry(e) => heading_anchors(&mut e.body, ids),
            _ => {}
        }
    }
}

/// One warning for links that need the site's address, one for each other refused link.
fn report(file: &SourceFile, refused: &[(String, Refused, Span)], warnings: &mut Vec<Diagnostic>) {
    let no_base: Vec<&(String, Refused, Span)> = refused.iter().filter(|r| r.1 == Refused::NoBase).collect();
    if let Some((first, _, span)) = no_base.first() {
        warnings.push(
            Diagnostic::warning(
                file,
                *span,
                format!("{} link(s) to pages of the site (`{first}`…) are set as plain text: the site has no `baseURL`", no_base.len()),
            )
            .with_hint("set `baseURL = \"https://example.org/\"` in the site's hugo.toml, or write the links in full"),
        );
    }
    for (href, why, span) in refused.iter().filter(|r| r.1 != Refused::NoBase) {
        let message = match why {
            Refused::Scheme(s) => {
                format!("the link `{href}` is set as plain text: a PDF only links to https, http, mailto and tel addresses, not `{s}:`")
            }
            Refused::NoHeading => format!("the link `{href}` is set as plain text: no heading of the résumé has that id"),
            Refused::Empty => "a link with no address is set as plain text".to_string(),
            Refused::NoBase => continue,
        };
        warnings.push(Diagnostic::warning(file, *span, message));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(base: Option<&str>) -> Site {
        Site { base: base.map(str::to_string) }
    }

    #[test]
    fn links_on_paper() {
        let anchors: HashSet<String> = ["experience".to_string()].into();
        let with = site(Some("https://example.org/"));
        let none = site(None);
        assert_eq!(resolve("https://x.org/a", &none, &anchors), Ok("https://x.org/a".into()));
        assert_eq!(resolve("mailto:a@b.org", &none, &anchors), Ok("mailto:a@b.org".into()));
        assert_eq!(resolve("a@b.org", &none, &anchors), Ok("mailto:a@b.org".into()));
        assert_eq!(resolve("//gbdev.io/pandocs", &none, &anchors), Ok("https://gbdev.io/pandocs".into()));
        assert_eq!(resolve("#experience", &none, &anchors), Ok("#experience".into()));
        assert_eq!(resolve("#nowhere", &none, &anchors), Err(Refused::NoHeading));
        assert_eq!(resolve("/fr/projets/", &with, &anchors), Ok("https://example.org/fr/projets/".into()));
        assert_eq!(resolve("relref:projects/x.md", &with, &anchors), Ok("https://example.org/projects/x/".into()));
        assert_eq!(resolve("@/_index.md", &with, &anchors), Ok("https://example.org/".into()));
        assert_eq!(resolve("/talks", &none, &anchors), Err(Refused::NoBase));
        for bad in ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "vbscript:x", "JavaScript:x"] {
            assert!(matches!(resolve(bad, &with, &anchors), Err(Refused::Scheme(_))), "{bad}");
        }
        assert_eq!(resolve("", &with, &anchors), Err(Refused::Empty));
    }

    #[test]
    fn hugo_ids() {
        assert_eq!(anchor_id("Expérience professionnelle"), "expérience-professionnelle");
        assert_eq!(anchor_id("Work & Play!"), "work--play");
    }
}
