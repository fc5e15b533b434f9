//! HTML in a page, through a real HTML parser (html5ever, by way of scraper): block elements
//! become the model's blocks (paragraphs, lists, tables, quotes, headings, definition lists),
//! inline elements its inline runs (bold, italic, code, links, line breaks); a block boundary is
//! a word boundary. What only makes sense on a web page is left out and reported once a page:
//! scripts, styles, navigation, forms, buttons, frames, and elements with a print-hiding class.
//!
//! [`element`] says what each element means; it serves the HTML blocks read here and the inline
//! tags the Markdown stage meets one at a time.

use scraper::{ElementRef, Html, Node};

use crate::diag::Span;
use crate::model::{Align, Block, BlockKind, Inline, TextStyle};
use crate::source::Image;
use crate::source::markdown::{Flat, Heading};

/// Elements that only make sense on a web page.
const WEB_ONLY: &[&str] = &[
    "script", "style", "nav", "form", "button", "iframe", "input", "select", "textarea", "noscript", "template", "object", "embed",
    "canvas", "audio", "video", "dialog", "link", "meta",
];

/// Classes that hide an element when a web page is printed.
pub const PRINT_HIDDEN: &[&str] = &["no-print", "noprint", "d-print-none", "print-hidden", "hidden-print", "hide-print", "screen-only"];

/// The heading level of a `<details>` block's `<summary>`: deeper than a page's sections.
const SUMMARY_LEVEL: u8 = 5;

/// Elements that start a block.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "center",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "li",
    "main",
    "menu",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// What an element means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// Its text is bold.
    Bold,
    /// Its text is italic.
    Italic,
    /// Its text is code.
    Code,
    /// Its text links there.
    Link(String),
    /// A line break.
    Break,
    /// A picture.
    Picture(String),
    /// Left out: it only makes sense on a web page (the name says what it is).
    WebOnly(String),
    /// A drawing without text (an icon).
    Drawing,
    /// Starts a block.
    Block,
    /// Its text, as it is.
    Plain,
}

/// What the element `name` with attribute getter `attr` means; `hidden` are the print-hiding
/// classes in force.
pub fn element(name: &str, attr: &dyn Fn(&str) -> Option<String>, hidden: &[String]) -> Role {
    let name = name.to_ascii_lowercase();
    let classes = attr("class").unwrap_or_default();
    if let Some(c) = classes.split_whitespace().find(|c| PRINT_HIDDEN.contains(c) || hidden.iter().any(|h| h == c)) {
        return Role::WebOnly(format!("class=\"{c}\""));
    }
    if WEB_ONLY.contains(&name.as_str()) || attr("hidden").is_some() {
        return Role::WebOnly(format!("<{name}>"));
    }
    match name.as_str() {
        "b" | "strong" => Role::Bold,
        "i" | "em" | "cite" | "dfn" | "var" => Role::Italic,
        "code" | "kbd" | "samp" | "tt" => Role::Code,
        "a" => attr("href").map_or(Role::Plain, Role::Link),
        "br" => Role::Break,
        "img" => attr("src").map_or(Role::Drawing, Role::Picture),
        "svg" | "math" | "picture" | "i-icon" => Role::Drawing,
        n if BLOCKS.contains(&n) => Role::Block,
        _ => Role::Plain,
    }
}

/// What an HTML block becomes.
#[derive(Debug, Clone, Default)]
pub struct Read {
    /// Headings and blocks, in order.
    pub flat: Vec<Flat>,
    /// Pictures it shows.
    pub images: Vec<(Image, Span)>,
    /// What was left out as web-only ("<button>", "class=\"no-print\"").
    pub left_out: Vec<String>,
}

/// Reads an HTML block standing at `span` of the page.
pub fn read(html: &str, span: Span, hidden: &[String]) -> Read {
    let doc = Html::parse_fragment(html);
    let mut r = Reader { span, hidden, out: Read::default() };
    let root = doc.root_element();
    let flat = r.blocks(root);
    r.out.flat = flat;
    r.out
}

struct Reader<'a> {
    span: Span,
    hidden: &'a [String],
    out: Read,
}

/// How a run of inline text is set while reading.
#[derive(Debug, Clone, Default)]
struct Context {
    style: TextStyle,
    link: Option<String>,
}

impl Reader<'_> {
    fn role(&self, e: ElementRef<'_>) -> Role {
        let v = e.value();
        element(v.name(), &|a| v.attr(a).map(str::to_string), self.hidden)
    }

    /// The blocks in `parent`: runs of inline content become paragraphs.
    fn blocks(&mut self, parent: ElementRef<'_>) -> Vec<Flat> {
        let mut out = Vec::new();
        let mut pending: Vec<Inline> = Vec::new();
        let mut after_element = false;
        for child in parent.children() {
            match child.value() {
                Node::Text(t) => {
                    push_text(&mut pending, t, &Context::default(), self.span);
                    after_element = false;
                }
                Node::Element(_) => {
                    let Some(e) = ElementRef::wrap(child) else { continue };
                    match self.role(e) {
                        Role::Block => {
                            self.flush(&mut pending, &mut out);
                            self.block(e, &mut out);
                            after_element = false;
                        }
                        _ => {
                            self.sibling_gap(e, after_element, &mut pending);
                            self.inline(e, &Context::default(), &mut pending);
                            after_element = true;
                        }
                    }
                }
                _ => {}
            }
        }
        self.flush(&mut pending, &mut out);
        out
    }

    /// The blocks in `parent`, as blocks (a heading in a list item is a heading block).
    fn nested(&mut self, parent: ElementRef<'_>) -> Vec<Block> {
        self.blocks(parent)
            .into_iter()
            .filter_map(|f| match f {
                Flat::Block(b) => Some(b),
                Flat::Heading(h) => Some(Block { kind: BlockKind::Heading { depth: 1, content: h.content, anchor: None }, span: h.span }),
                Flat::Marker(_) => None,
            })
            .collect()
    }

    fn flush(&mut self, pending: &mut Vec<Inline>, out: &mut Vec<Flat>) {
        let inlines = trim(std::mem::take(pending));
        if !inlines.is_empty() {
            out.push(Flat::Block(Block { kind: BlockKind::Paragraph(inlines), span: self.span }));
        }
    }

    /// A block element.
    fn block(&mut self, e: ElementRef<'_>, out: &mut Vec<Flat>) {
        let span = self.span;
        let push = |out: &mut Vec<Flat>, kind| out.push(Flat::Block(Block { kind, span }));
        let name = e.value().name().to_ascii_lowercase();
        match name.as_str() {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = name.get(1..).and_then(|l| l.parse().ok()).unwrap_or(5).min(5);
                let content = self.inlines(e, &Context::default());
                if !content.is_empty() {
                    let id = e.value().attr("id").map(str::to_string);
                    out.push(Flat::Heading(Heading { level, content, classes: Vec::new(), id, span }));
                }
            }
            "p" | "figcaption" | "address" => {
                let content = self.inlines(e, &Context::default());
                if !content.is_empty() {
                    push(out, BlockKind::Paragraph(content));
                }
            }
            // A `<details>` block's title: a heading below the page's own, so that "<strong>Senior
            // Engineer</strong> - Acme (Jan 2022 - Present)" heads an entry like `#####` would.
            "summary" => {
                let content = self.inlines(e, &Context::default());
                if !content.is_empty() {
                    out.push(Flat::Heading(Heading { level: SUMMARY_LEVEL, content, classes: Vec::new(), id: None, span }));
                }
            }
            "dt" => {
                let bold = Context { style: TextStyle { bold: true, ..TextStyle::default() }, link: None };
                let content = self.inlines(e, &bold);
                if !content.is_empty() {
                    push(out, BlockKind::Paragraph(content));
                }
            }
            "ul" | "ol" | "menu" => {
                let start = (name == "ol").then(|| e.value().attr("start").and_then(|s| s.parse().ok()).unwrap_or(1));
                let items: Vec<Vec<Block>> = e.child_elements().map(|li| self.nested(li)).filter(|i| !i.is_empty()).collect();
                if !items.is_empty() {
                    push(out, BlockKind::List { start, items });
                }
            }
            "dd" | "blockquote" => {
                let inner = self.nested(e);
                if !inner.is_empty() {
                    push(out, BlockKind::Quote(inner));
                }
            }
            "table" => self.table(e, out),
            "pre" => push(out, BlockKind::Code(e.text().collect::<String>().trim_end().to_string())),
            "hr" => push(out, BlockKind::Rule),
            _ => out.extend(self.blocks(e)),
        }
    }

    fn table(&mut self, e: ElementRef<'_>, out: &mut Vec<Flat>) {
        let mut head: Vec<Vec<Inline>> = Vec::new();
        let mut rows: Vec<Vec<Vec<Inline>>> = Vec::new();
        let trs: Vec<ElementRef<'_>> = e
            .child_elements()
            .flat_map(|c| match c.value().name() {
                "tr" => vec![c],
                _ => c.child_elements().filter(|r| r.value().name() == "tr").collect(),
            })
            .collect();
        for tr in trs {
            let cells: Vec<ElementRef<'_>> = tr.child_elements().filter(|c| matches!(c.value().name(), "td" | "th")).collect();
            let all_th = !cells.is_empty() && cells.iter().all(|c| c.value().name() == "th");
            let row: Vec<Vec<Inline>> = cells.into_iter().map(|c| self.inlines(c, &Context::default())).collect();
            if all_th && head.is_empty() && rows.is_empty() {
                head = row;
            } else {
                rows.push(row);
            }
        }
        let cols = head.len().max(rows.iter().map(Vec::len).max().unwrap_or(0));
        if cols > 0 {
            out.push(Flat::Block(Block { kind: BlockKind::Table { align: vec![Align::None; cols], head, rows }, span: self.span }));
        }
    }

    /// The inline content of `e`.
    fn inlines(&mut self, e: ElementRef<'_>, cx: &Context) -> Vec<Inline> {
        let mut out = Vec::new();
        self.children_inline(e, cx, &mut out);
        trim(out)
    }

    fn children_inline(&mut self, e: ElementRef<'_>, cx: &Context, out: &mut Vec<Inline>) {
        let mut after_element = false;
        for child in e.children() {
            match child.value() {
                Node::Text(t) => {
                    push_text(out, t, cx, self.span);
                    after_element = false;
                }
                Node::Element(_) => {
                    if let Some(c) = ElementRef::wrap(child) {
                        self.sibling_gap(c, after_element, out);
                        self.inline(c, cx, out);
                        after_element = true;
                    }
                }
                _ => {}
            }
        }
    }

    /// Sibling elements with nothing between them (`<span>Role</span><span>2019</span>`) are laid
    /// out apart by a theme's styles: their words stay apart (not `2<sup>nd</sup>`).
    fn sibling_gap(&self, e: ElementRef<'_>, after_element: bool, out: &mut Vec<Inline>) {
        if after_element && !matches!(e.value().name(), "sup" | "sub" | "br" | "wbr") {
            push_text(out, " ", &Context::default(), self.span);
        }
    }

    /// An element inside running text. A block element here (a `<div>` in a `<span>`) is a
    /// word boundary.
    fn inline(&mut self, e: ElementRef<'_>, cx: &Context, out: &mut Vec<Inline>) {
        let mut inner = cx.clone();
        match self.role(e) {
            Role::Bold => inner.style.bold = true,
            Role::Italic => inner.style.italic = true,
            Role::Code => inner.style.code = true,
            Role::Link(href) => inner.link = Some(href),
            Role::Break => {
                out.push(Inline::LineBreak { span: self.span });
                return;
            }
            Role::Picture(src) => {
                let alt = e.value().attr("alt").unwrap_or("").to_string();
                self.out.images.push((Image { src, alt, class: e.value().attr("class").map(str::to_string), shortcode: false }, self.span));
                return;
            }
            Role::WebOnly(what) => {
                self.out.left_out.push(what);
                return;
            }
            Role::Drawing => return,
            Role::Block => push_text(out, " ", cx, self.span),
            Role::Plain => {}
        }
        self.children_inline(e, &inner, out);
        if self.role(e) == Role::Block {
            push_text(out, " ", cx, self.span);
        }
    }
}

/// Adds text with its white space collapsed, as HTML shows it.
fn push_text(out: &mut Vec<Inline>, text: &str, cx: &Context, span: Span) {
    let mut collapsed = String::with_capacity(text.len());
    let ends_in_space = out.last().is_none_or(|l| match l {
        Inline::Text { text, .. } => text.ends_with(' '),
        Inline::LineBreak { .. } => true,
    });
    let mut space = ends_in_space;
    for c in text.chars() {
        if c.is_whitespace() && c != '\u{a0}' && c != '\u{202f}' {
            if !space {
                collapsed.push(' ');
            }
            space = true;
        } else {
            collapsed.push(c);
            space = false;
        }
    }
    if collapsed.is_empty() {
        return;
    }
    if let Some(Inline::Text { text, style, link, .. }) = out.last_mut()
        && *style == cx.style
        && *link == cx.link
    {
        text.push_str(&collapsed);
        return;
    }
    out.push(Inline::Text { text: collapsed, style: cx.style, link: cx.link.clone(), span });
}

/// Inlines without leading or trailing white space and line breaks.
fn trim(mut inlines: Vec<Inline>) -> Vec<Inline> {
    while matches!(inlines.last(), Some(Inline::LineBreak { .. })) {
        inlines.pop();
    }
    while matches!(inlines.first(), Some(Inline::LineBreak { .. })) {
        inlines.remove(0);
    }
    if let Some(Inline::Text { text, .. }) = inlines.first_mut() {
        *text = text.trim_start().to_string();
    }
    if let Some(Inline::Text { text, .. }) = inlines.last_mut() {
        *text = text.trim_end().to_string();
    }
    inlines.retain(|i| !matches!(i, Inline::Text { text, .. } if text.is_empty()));
    inlines
}

/// The text of an HTML fragment (a front-matter string): tags read as markup, entities decoded,
/// block boundaries as spaces.
pub fn to_text(html: &str) -> String {
    if !html.contains(['<', '&']) {
        return html.to_string();
    }
    let r = read(html, Span::default(), &[]);
    let mut parts = Vec::new();
    for f in &r.flat {
        match f {
            Flat::Heading(h) => parts.push(Inline::plain_text(&h.content)),
            Flat::Block(b) => parts.push(block_text(b)),
            Flat::Marker(_) => {}
        }
    }
    parts.join(" ")
}

fn block_text(b: &Block) -> String {
    match &b.kind {
        BlockKind::Paragraph(i) | BlockKind::Heading { content: i, .. } => Inline::plain_text(i),
        BlockKind::List { items, .. } => items.iter().flatten().map(block_text).collect::<Vec<_>>().join(" "),
        BlockKind::Quote(inner) => inner.iter().map(block_text).collect::<Vec<_>>().join(" "),
        BlockKind::Table { head, rows, .. } => {
            head.iter().chain(rows.iter().flatten()).map(|c| Inline::plain_text(c)).collect::<Vec<_>>().join(" ")
        }
        BlockKind::Code(c) => c.clone(),
        BlockKind::Entry(_) | BlockKind::Rule | BlockKind::PageBreak => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(r: &Read) -> Vec<String> {
        r.flat
            .iter()
            .map(|f| match f {
                Flat::Heading(h) => format!("h{} {}", h.level, Inline::plain_text(&h.content)),
                Flat::Block(b) => match &b.kind {
                    BlockKind::Paragraph(i) => format!("p {}", Inline::plain_text(i)),
                    BlockKind::List { items, .. } => format!("list {}", items.len()),
                    BlockKind::Table { head, rows, .. } => format!("table {}x{}", head.len(), rows.len()),
                    BlockKind::Quote(q) => format!("quote {}", q.len()),
                    other => format!("{other:?}"),
                },
                Flat::Marker(_) => "marker".into(),
            })
            .collect()
    }

    #[test]
    fn blocks_lists_tables_and_word_boundaries() {
        let r = read(
            "<div><span>Role</span><span>2019</span></div><div>Next</div><ul><li>One</li><li>Two <b>bold</b></li></ul><table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>",
            Span::default(),
            &[],
        );
        assert_eq!(kinds(&r), ["p Role 2019", "p Next", "list 2", "table 2x1"]);
        let r = read("<p>Block</p><p>text</p>", Span::default(), &[]);
        assert_eq!(kinds(&r), ["p Block", "p text"]);
    }

    #[test]
    fn inline_styles_links_and_entities() {
        let r =
            read("<p><strong>Seminar</strong>, <em>Paris</em> &amp; <a href=\"https://x.org\">site</a><br>next</p>", Span::default(), &[]);
        let Flat::Block(Block { kind: BlockKind::Paragraph(i), .. }) = &r.flat[0] else { panic!() };
        assert_eq!(Inline::plain_text(i), "Seminar, Paris & site next");
        assert!(matches!(&i[0], Inline::Text { style: TextStyle { bold: true, .. }, .. }));
        assert!(i.iter().any(|x| matches!(x, Inline::Text { link: Some(l), .. } if l == "https://x.org")));
        assert!(i.iter().any(|x| matches!(x, Inline::LineBreak { .. })));
    }

    #[test]
    fn web_only_content_is_left_out_and_named() {
        let r = read(
            "<p>Keep</p><button>Download my CV</button><div class=\"no-print\">Print me</div><script>x()</script><nav>Menu</nav>",
            Span::default(),
            &[],
        );
        assert_eq!(kinds(&r), ["p Keep"]);
        assert_eq!(r.left_out, ["<button>", "class=\"no-print\"", "<script>", "<nav>"]);
        let r = read("<span class=\"web\">x</span>y", Span::default(), &["web".to_string()]);
        assert_eq!(kinds(&r), ["p y"]);
    }

    #[test]
    fn definition_lists_and_headings() {
        let r = read("<h3>Title</h3><dl><dt>2019</dt><dd><strong>Lead</strong>, Acme.</dd></dl>", Span::default(), &[]);
        assert_eq!(kinds(&r), ["h3 Title", "p 2019", "quote 1"]);
    }

    #[test]
    fn text_of_front_matter_strings() {
        assert_eq!(to_text("Ingénieur <b>senior</b> &amp; lead<br />Lyon"), "Ingénieur senior & lead Lyon");
        assert_eq!(to_text("plain"), "plain");
        assert_eq!(to_text("1 < 2"), "1 < 2");
    }
}
