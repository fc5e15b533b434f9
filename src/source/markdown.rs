//! Markdown body → a flat list of headings, blocks and structure markers, through pulldown-cmark.
//!
//! A stack of open containers receives the parser's events. Inline HTML keeps its text and loses
//! its tags; image placeholders left by the shortcode stage become images beside the list, and
//! block placeholders become [`Flat::Marker`]s; every block and run gets the page span it came
//! from. What is a section or an entry is for [`super::outline`] to say.

use crate::source::{Image, head, tail};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::diag::{Diagnostic, SourceFile, Span};
use crate::model::{Align, Block, BlockKind, Inline, TextStyle};
use crate::source::html;
use crate::source::shortcode::{Extracted, PH_BLOCK, PH_END, PH_START};

/// Deepest nesting of lists and quotes kept as structure; deeper content joins its parent.
pub const MAX_DEPTH: usize = 48;

/// A heading at the top level of the page, as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    /// `#` is 1, `#####` and `######` are 5.
    pub level: u8,
    /// Its text.
    pub content: Vec<Inline>,
    /// Classes from a Goldmark attribute block (`## Interests {.optional}`).
    pub classes: Vec<String>,
    /// Its id from an attribute block (`## Work {#work}`).
    pub id: Option<String>,
    /// Where it is.
    pub span: Span,
}

/// What the top level of a page is made of.
#[derive(Debug, Clone, PartialEq)]
pub enum Flat {
    /// A heading.
    Heading(Heading),
    /// Any other block.
    Block(Block),
    /// A structure shortcode, by its index in [`Extracted::structure`].
    Marker(usize),
}

/// The parsed body.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    /// The top level, in order.
    pub flat: Vec<Flat>,
    /// Every image, from shortcodes and Markdown, wherever it stood.
    pub images: Vec<(Image, Span)>,
    /// What could not be kept as written.
    pub warnings: Vec<Diagnostic>,
}

/// An open container.
enum Frame {
    Paragraph {
        inlines: Vec<Inline>,
        start: usize,
    },
    Heading {
        level: u8,
        classes: Vec<String>,
        id: Option<String>,
        inlines: Vec<Inline>,
        start: usize,
    },
    List {
        first: Option<u64>,
        items: Vec<Vec<Block>>,
        /// Each item's opening heading, for a list at the top level of the page.
        heads: Vec<Option<Heading>>,
        start: usize,
    },
    Item {
        blocks: Vec<Block>,
        loose: Vec<Inline>,
        /// The heading it opens with, in a list at the top level of the page.
        head: Option<Heading>,
        start: usize,
    },
    Quote {
        blocks: Vec<Block>,
        start: usize,
    },
    Code {
        text: String,
        start: usize,
    },
    Html {
        text: String,
        start: usize,
    },
    Table {
        align: Vec<Align>,
        head: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
        cell: Vec<Inline>,
        in_head: bool,
        start: usize,
    },
    /// A container that is not kept as structure (too deep, footnote definition, definition list).
    Transparent,
}

struct Builder<'a> {
    file: &'a SourceFile,
    extracted: &'a Extracted,
    root: Vec<Flat>,
    images: Vec<(Image, Span)>,
    /// Markers met inside a container, placed after it.
    pending_markers: Vec<usize>,
    stack: Vec<Frame>,
    bold: usize,
    italic: usize,
    links: Vec<String>,
    depth: usize,
    skipped_depth: usize,
    warnings: Vec<Diagnostic>,
    warned_depth: bool,
    /// Inline HTML elements open in the current paragraph, with what they mean.
    html_open: Vec<(String, html::Role)>,
    /// Print-hiding classes in force.
    hidden: &'a [String],
    /// Web-only HTML left out, with where.
    left_out: Vec<(String, Span)>,
}

/// How to read a page's Markdown.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Print-hiding classes beyond the bundled ones.
    pub hidden: Vec<String>,
    /// Hugo's typographer (on unless the site turns it off): `--` and `---` as dashes, `...` as
    /// an ellipsis, quotes curled (the language's own quotes come later, from its catalogue).
    pub typographer: bool,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings { hidden: Vec::new(), typographer: true }
    }
}

/// Parses the cleaned body. Spans are page offsets.
pub fn parse(file: &SourceFile, extracted: &Extracted, settings: &Settings) -> Parsed {
    let hidden = settings.hidden.as_slice();
    let mut options = Options::empty();
    if settings.typographer {
        options.insert(Options::ENABLE_SMART_PUNCTUATION);
    }
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_FOOTNOTES);
    options.insert(Options::ENABLE_HEADING_ATTRIBUTES);
    options.insert(Options::ENABLE_DEFINITION_LIST);
    let mut b = Builder {
        file,
        extracted,
        root: Vec::new(),
        images: Vec::new(),
        pending_markers: Vec::new(),
        stack: Vec::new(),
        bold: 0,
        italic: 0,
        links: Vec::new(),
        depth: 0,
        skipped_depth: 0,
        warnings: Vec::new(),
        warned_depth: false,
        html_open: Vec::new(),
        hidden,
        left_out: Vec::new(),
    };
    // HTML blocks end at their closing tag, as kramdown ends them.
    let ends = crate::source::html_blocks::ends(&extracted.text);
    let (text, map) = match ends.as_slice() {
        [] => (std::borrow::Cow::Borrowed(extracted.text.as_str()), std::borrow::Cow::Borrowed(&extracted.map)),
        at => (
            std::borrow::Cow::Owned(crate::source::html_blocks::insert_newlines(&extracted.text, at)),
            std::borrow::Cow::Owned(extracted.map.with_newlines(at)),
        ),
    };
    for (event, range) in Parser::new_ext(&text, options).into_offset_iter() {
        let span = map.span(Span::new(range.start, range.end));
        b.event(event, span);
    }
    while let Some(frame) = b.stack.pop() {
        b.close(frame, Span::new(file.text.len(), file.text.len()));
    }
    b.root.extend(b.pending_markers.drain(..).map(Flat::Marker));
    b.warnings.extend(crate::source::left_out(
        file,
        &b.left_out,
        "web-only content is left out",
        "buttons, scripts, navigation, forms and print-hidden elements belong to the web page, not to the PDF",
    ));
    Parsed { flat: b.root, images: b.images, warnings: b.warnings }
}

impl Builder<'_> {
    fn event(&mut self, event: Event<'_>, span: Span) {
        match event {
            Event::Start(tag) => self.start(tag, span),
            Event::End(tag) => self.end(tag, span),
            Event::Text(t) => self.text(&t, TextStyle::default(), span),
            Event::Code(t) => self.text(&t, TextStyle { code: true, ..TextStyle::default() }, span),
            Event::InlineMath(t) | Event::DisplayMath(t) => self.text(&t, TextStyle::default(), span),
            Event::Html(t) => self.html_block_text(&t),
            Event::InlineHtml(t) => self.inline_html(&t, span),
            Event::SoftBreak => self.text(crate::source::inlines::SOFT_BREAK, TextStyle::default(), span),
            Event::HardBreak => self.push_inline(Inline::LineBreak { span }),
            Event::Rule => self.push_block(Block { kind: BlockKind::Rule, span }),
            Event::FootnoteReference(label) => self.text(&format!("[{label}]"), TextStyle::default(), span),
            Event::TaskListMarker(done) => self.text(if done { "[x] " } else { "[ ] " }, TextStyle::default(), span),
        }
    }

    fn start(&mut self, tag: Tag<'_>, span: Span) {
        let start = span.start;
        match tag {
            Tag::Paragraph => self.stack.push(Frame::Paragraph { inlines: Vec::new(), start }),
            Tag::Heading { level, classes, id, .. } => {
                let level = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    HeadingLevel::H4 => 4,
                    _ => 5,
                };
                let classes = classes.iter().map(|c| c.to_string()).collect();
                let id = id.map(|i| i.to_string());
                self.stack.push(Frame::Heading { level, classes, id, inlines: Vec::new(), start });
            }
            Tag::List(first) => self.open_nested(Frame::List { first, items: Vec::new(), heads: Vec::new(), start }, span),
            Tag::Item => {
                if matches!(self.stack.last(), Some(Frame::List { .. })) {
                    self.stack.push(Frame::Item { blocks: Vec::new(), loose: Vec::new(), head: None, start });
                } else {
                    self.stack.push(Frame::Transparent);
                }
            }
            Tag::BlockQuote(_) => self.open_nested(Frame::Quote { blocks: Vec::new(), start }, span),
            Tag::CodeBlock(_) => self.stack.push(Frame::Code { text: String::new(), start }),
            Tag::HtmlBlock => self.stack.push(Frame::Html { text: String::new(), start }),
            Tag::Table(align) => {
                let align = align
                    .into_iter()
                    .map(|a| match a {
                        pulldown_cmark::Alignment::None => Align::None,
                        pulldown_cmark::Alignment::Left => Align::Left,
                        pulldown_cmark::Alignment::Center => Align::Center,
                        pulldown_cmark::Alignment::Right => Align::Right,
                    })
                    .collect();
                self.stack.push(Frame::Table { align, head: Vec::new(), rows: Vec::new(), cell: Vec::new(), in_head: false, start });
            }
            Tag::TableHead => self.with_table(|in_head, _, _| *in_head = true),
            Tag::TableRow => self.with_table(|_, _, rows| rows.push(Vec::new())),
            Tag::TableCell => {}
            Tag::Emphasis => self.italic += 1,
            Tag::Strong => self.bold += 1,
            Tag::Link { dest_url, .. } => self.links.push(dest_url.to_string()),
            Tag::Image { dest_url, .. } => {
                let image = Image { src: dest_url.to_string(), alt: String::new(), class: None, shortcode: false };
                self.images.push((image, span));
                // The alt text is read as text events; it is not body text.
                self.stack.push(Frame::Transparent);
                self.skipped_depth += 1;
            }
            Tag::DefinitionListTitle => {
                self.bold += 1;
                self.stack.push(Frame::Paragraph { inlines: Vec::new(), start });
            }
            // A definition holds blocks (paragraphs, lists) and is set indented, like a quote.
            Tag::DefinitionListDefinition => self.open_nested(Frame::Quote { blocks: Vec::new(), start }, span),
            Tag::FootnoteDefinition(label) => {
                self.stack.push(Frame::Paragraph { inlines: Vec::new(), start });
                self.text(&format!("[{label}] "), TextStyle::default(), span);
            }
            Tag::Strikethrough | Tag::Superscript | Tag::Subscript | Tag::DefinitionList | Tag::MetadataBlock(_) => {
                self.stack.push(Frame::Transparent)
            }
        }
    }

    fn open_nested(&mut self, frame: Frame, span: Span) {
        if self.depth >= MAX_DEPTH {
            if !self.warned_depth {
                self.warned_depth = true;
                self.warnings.push(
                    Diagnostic::warning(self.file, span, format!("lists and quotes nested deeper than {MAX_DEPTH} levels are flattened"))
                        .with_hint("a résumé rarely needs more than three levels"),
                );
            }
            self.stack.push(Frame::Transparent);
            return;
        }
        self.depth += 1;
        self.stack.push(frame);
    }

    fn end(&mut self, tag: TagEnd, span: Span) {
        match tag {
            TagEnd::Emphasis => self.italic = self.italic.saturating_sub(1),
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::Link => {
                self.links.pop();
            }
            TagEnd::TableHead => self.with_table(|in_head, _, _| *in_head = false),
            TagEnd::TableRow => {}
            TagEnd::TableCell => {
                if let Some(Frame::Table { head, rows, cell, in_head, .. }) = self.stack.last_mut() {
                    let done = std::mem::take(cell);
                    if *in_head {
                        head.push(done);
                    } else if let Some(row) = rows.last_mut() {
                        row.push(done);
                    }
                }
            }
            TagEnd::Image => {
                self.skipped_depth = self.skipped_depth.saturating_sub(1);
                self.stack.pop();
            }
            TagEnd::DefinitionListTitle => {
                self.bold = self.bold.saturating_sub(1);
                if let Some(f) = self.stack.pop() {
                    self.close(f, span);
                }
            }
            _ => {
                if let Some(frame) = self.stack.pop() {
                    self.close(frame, span);
                }
            }
        }
    }

    fn with_table(&mut self, f: impl FnOnce(&mut bool, &mut Vec<Vec<Inline>>, &mut Vec<Vec<Vec<Inline>>>)) {
        if let Some(Frame::Table { in_head, head, rows, .. }) = self.stack.last_mut() {
            f(in_head, head, rows);
        }
    }

    /// Turns a finished container into a block of its parent.
    fn close(&mut self, frame: Frame, end: Span) {
        let span = |start: usize| Span::new(start, end.end.max(start));
        let block = match frame {
            Frame::Paragraph { inlines, start } => {
                if is_blank(&inlines) {
                    return;
                }
                Block { kind: BlockKind::Paragraph(trim_inlines(inlines)), span: span(start) }
            }
            Frame::Heading { level, classes, id, inlines, start } => {
                let content = trim_inlines(inlines);
                // The heading's own line, not the blank lines after it.
                let written = self.file.text.get(start..end.end.max(start)).unwrap_or("");
                let own = Span::new(start, start + written.trim_end().len());
                if self.stack.is_empty() {
                    self.root.push(Flat::Heading(Heading { level, content, classes, id, span: own }));
                    self.root.extend(self.pending_markers.drain(..).map(Flat::Marker));
                    return;
                }
                // A heading inside a list or a quote stays where it is; one that opens an item
                // of a list at the top level is kept for the list (see `entry_list`).
                if let [Frame::List { .. }, Frame::Item { blocks, loose, head, .. }] = self.stack.as_mut_slice()
                    && blocks.is_empty()
                    && is_blank(loose)
                {
                    *head = Some(Heading { level, content: content.clone(), classes, id, span: own });
                }
                Block { kind: BlockKind::Heading { depth: 1, content, anchor: None }, span: span(start) }
            }
            Frame::List { first, items, heads, start } => {
                self.depth = self.depth.saturating_sub(1);
                if self.stack.is_empty() && heads.iter().all(Option::is_some) && heads.len() == items.len() {
                    return self.entry_list(items, heads);
                }
                Block { kind: BlockKind::List { start: first, items }, span: span(start) }
            }
            Frame::Item { mut blocks, loose, head, start } => {
                if !is_blank(&loose) {
                    blocks.push(Block { kind: BlockKind::Paragraph(trim_inlines(loose)), span: span(start) });
                }
                if let Some(Frame::List { items, heads, .. }) = self.stack.last_mut() {
                    items.push(blocks);
                    heads.push(head);
                }
                return;
            }
            Frame::Quote { blocks, start } => {
                self.depth = self.depth.saturating_sub(1);
                Block { kind: BlockKind::Quote(blocks), span: span(start) }
            }
            Frame::Code { text, start } => Block { kind: BlockKind::Code(text.trim_end().to_string()), span: span(start) },
            Frame::Html { text, start } if is_page_break(&text) => Block { kind: BlockKind::PageBreak, span: span(start) },
            Frame::Html { text, start } => {
                let read = html::read(&text, span(start), self.hidden);
                self.images.extend(read.images);
                self.left_out.extend(read.left_out.into_iter().map(|w| (w, span(start))));
                for f in read.flat {
                    match f {
                        Flat::Heading(h) if self.stack.is_empty() => {
                            self.root.push(Flat::Heading(h));
                            self.root.extend(self.pending_markers.drain(..).map(Flat::Marker));
                        }
                        Flat::Heading(h) => {
                            self.push_block(Block { kind: BlockKind::Heading { depth: 1, content: h.content, anchor: None }, span: h.span })
                        }
                        Flat::Block(b) => self.push_block(b),
                        Flat::Marker(_) => {}
                    }
                }
                return;
            }
            Frame::Table { align, mut head, rows, start, .. } => {
                // A head of empty cells (`| <!-- --> | <!-- --> |`, to hide it on the web) is none.
                if head.iter().all(|c| is_blank(c)) {
                    head.clear();
                }
                Block { kind: BlockKind::Table { align, head, rows }, span: span(start) }
            }
            Frame::Transparent => return,
        };
        self.push_block(block);
    }

    /// A list at the top level of the page whose every item opens with a heading (`- #### Acme`,
    /// then its dates, role and text): a list of entries, written as a list for a theme's
    /// styles. Each item is read as its heading at the top level, followed by its other blocks,
    /// so the outline finds its entries as it does under headings.
    fn entry_list(&mut self, items: Vec<Vec<Block>>, heads: Vec<Option<Heading>>) {
        for (blocks, head) in items.into_iter().zip(heads) {
            self.root.extend(head.map(Flat::Heading));
            self.root.extend(blocks.into_iter().skip(1).map(Flat::Block));
        }
        self.root.extend(self.pending_markers.drain(..).map(Flat::Marker));
    }

    /// Adds a block to the innermost block container.
    fn push_block(&mut self, block: Block) {
        for frame in self.stack.iter_mut().rev() {
            match frame {
                Frame::Item { blocks, loose, start, .. } => {
                    if !is_blank(loose) {
                        let inlines = trim_inlines(std::mem::take(loose));
                        blocks.push(Block { kind: BlockKind::Paragraph(inlines), span: Span::new(*start, block.span.start.max(*start)) });
                    }
                    blocks.push(block);
                    return;
                }
                Frame::Quote { blocks, .. } => {
                    blocks.push(block);
                    return;
                }
                Frame::List { items, .. } => {
                    // Content directly in a list (flattened nesting): join the last item.
                    match items.last_mut() {
                        Some(item) => item.push(block),
                        None => items.push(vec![block]),
                    }
                    return;
                }
                Frame::Paragraph { inlines, .. } | Frame::Heading { inlines, .. } => {
                    // A block inside an inline container (a paragraph in a footnote): keep its
                    // text, apart from what precedes it.
                    if let BlockKind::Paragraph(more) = block.kind {
                        if !inlines.is_empty() {
                            inlines.push(Inline::Text { text: " ".into(), style: TextStyle::default(), link: None, span: block.span });
                        }
                        inlines.extend(more);
                    }
                    return;
                }
                _ => {}
            }
        }
        self.root.push(Flat::Block(block));
        self.root.extend(self.pending_markers.drain(..).map(Flat::Marker));
    }

    fn style(&self, extra: TextStyle) -> TextStyle {
        let html = |r: html::Role| self.html_open.iter().any(|(_, o)| *o == r);
        TextStyle {
            bold: self.bold > 0 || extra.bold || html(html::Role::Bold),
            italic: self.italic > 0 || extra.italic || html(html::Role::Italic),
            code: extra.code || html(html::Role::Code),
            lang: extra.lang,
        }
    }

    fn text(&mut self, text: &str, extra: TextStyle, span: Span) {
        if self.skipped_depth > 0 {
            return;
        }
        if let Some(Frame::Code { text: code, .. } | Frame::Html { text: code, .. }) = self.stack.last_mut() {
            code.push_str(text);
            return;
        }
        if self.html_open.iter().any(|(_, r)| matches!(r, html::Role::WebOnly(_) | html::Role::Drawing)) {
            return;
        }
        let mut rest = text;
        while let Some(i) = rest.find([PH_START, PH_BLOCK]) {
            self.push_text(head(rest, i), extra, span);
            let block = rest.get(i..).is_some_and(|r| r.starts_with(PH_BLOCK));
            let after = tail(rest, i + PH_START.len_utf8());
            let Some(j) = after.find(PH_END) else {
                rest = after;
                continue;
            };
            if let Ok(n) = head(after, j).parse::<usize>() {
                if block {
                    self.marker(n);
                } else if let Some(found) = self.extracted.images.get(n) {
                    self.images.push(found.clone());
                }
            }
            rest = tail(after, j + PH_END.len_utf8());
        }
        self.push_text(rest, extra, span);
    }

    /// A structure marker: at the top level now, or after the container it was met in.
    fn marker(&mut self, n: usize) {
        let only_a_paragraph = matches!(self.stack.as_slice(), [Frame::Paragraph { .. }]);
        if self.stack.is_empty() || only_a_paragraph {
            self.root.push(Flat::Marker(n));
        } else {
            self.pending_markers.push(n);
        }
    }

    fn push_text(&mut self, text: &str, extra: TextStyle, span: Span) {
        if text.is_empty() {
            return;
        }
        let style = self.style(extra);
        let link = self.links.last().cloned();
        let inlines = match self.inline_target() {
            Some(t) => t,
            None => return,
        };
        if let Some(Inline::Text { text: prev, style: ps, link: pl, span: psp }) = inlines.last_mut()
            && *ps == style
            && *pl == link
        {
            prev.push_str(text);
            psp.end = span.end.max(psp.end);
            return;
        }
        inlines.push(Inline::Text { text: text.to_string(), style, link, span });
    }

    fn push_inline(&mut self, inline: Inline) {
        if let Some(t) = self.inline_target() {
            t.push(inline);
        }
    }

    /// The inline list that text goes to, opening an implicit paragraph at the root if needed.
    fn inline_target(&mut self) -> Option<&mut Vec<Inline>> {
        let needs_paragraph =
            !matches!(self.stack.last(), Some(Frame::Paragraph { .. } | Frame::Heading { .. } | Frame::Item { .. } | Frame::Table { .. }))
                && !self
                    .stack
                    .iter()
                    .any(|f| matches!(f, Frame::Paragraph { .. } | Frame::Heading { .. } | Frame::Item { .. } | Frame::Table { .. }));
        if needs_paragraph {
            return None;
        }
        for frame in self.stack.iter_mut().rev() {
            match frame {
                Frame::Paragraph { inlines, .. } | Frame::Heading { inlines, .. } => {
                    return Some(inlines);
                }
                Frame::Item { loose, .. } => return Some(loose),
                Frame::Table { cell, .. } => return Some(cell),
                _ => {}
            }
        }
        None
    }

    fn html_block_text(&mut self, raw: &str) {
        if let Some(Frame::Html { text, .. }) = self.stack.last_mut() {
            text.push_str(raw);
        }
    }

    /// One inline HTML tag: opening tags take effect until their closing tag.
    fn inline_html(&mut self, raw: &str, span: Span) {
        let t = raw.trim();
        if t.starts_with("<!--") {
            return;
        }
        if let Some(rest) = t.strip_prefix("</") {
            let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect::<String>().to_ascii_lowercase();
            if let Some(i) = self.html_open.iter().rposition(|(n, _)| *n == name) {
                for (_, role) in self.html_open.drain(i..) {
                    if matches!(role, html::Role::Link(_)) {
                        self.links.pop();
                    }
                }
            }
            return;
        }
        let doc = scraper::Html::parse_fragment(t);
        let Some(e) = doc.root_element().child_elements().next() else { return };
        let v = e.value();
        let name = v.name().to_ascii_lowercase();
        let role = html::element(&name, &|a| v.attr(a).map(str::to_string), self.hidden);
        match &role {
            html::Role::Break => return self.push_inline(Inline::LineBreak { span }),
            html::Role::Picture(src) => {
                let alt = v.attr("alt").unwrap_or("").to_string();
                self.images.push((Image { src: src.clone(), alt, class: v.attr("class").map(str::to_string), shortcode: false }, span));
                return;
            }
            html::Role::WebOnly(what) => self.left_out.push((what.clone(), span)),
            html::Role::Link(href) => self.links.push(href.clone()),
            _ => {}
        }
        let void = matches!(name.as_str(), "hr" | "input" | "meta" | "link" | "wbr" | "source") || t.ends_with("/>");
        if !void {
            self.html_open.push((name, role));
        }
    }
}

/// `<!-- pagebreak -->` (or `page-break`, `newpage`): the author's page break.
fn is_page_break(html: &str) -> bool {
    let t = html.trim();
    t.strip_prefix("<!--").and_then(|r| r.strip_suffix("-->")).is_some_and(|c| {
        let c = c.trim().to_ascii_lowercase();
        ["pagebreak", "page-break", "page break", "newpage"].contains(&c.as_str())
    })
}

fn is_blank(inlines: &[Inline]) -> bool {
    inlines.iter().all(|i| match i {
        Inline::Text { text, .. } => text.trim().is_empty(),
        Inline::LineBreak { .. } => true,
    })
}

/// Drops leading and trailing white space and line breaks.
fn trim_inlines(mut inlines: Vec<Inline>) -> Vec<Inline> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::shortcode;

    fn parsed(src: &str) -> Parsed {
        let file = SourceFile::new("t.md", src.to_string());
        let ex = shortcode::extract(&file, 0, &crate::source::shortcode_table::Table::default());
        parse(&file, &ex, &Settings::default())
    }

    /// The top level as blocks, a heading's level as its depth.
    fn blocks(src: &str) -> Vec<Block> {
        parsed(src)
            .flat
            .into_iter()
            .filter_map(|f| match f {
                Flat::Heading(h) => {
                    Some(Block { kind: BlockKind::Heading { depth: h.level, content: h.content, anchor: None }, span: h.span })
                }
                Flat::Block(b) => Some(b),
                Flat::Marker(_) => None,
            })
            .collect()
    }

    fn text_of(b: &Block) -> String {
        match &b.kind {
            BlockKind::Paragraph(i) | BlockKind::Heading { content: i, .. } => Inline::plain_text(i),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn a_top_level_list_whose_items_open_with_headings_is_read_as_its_headings() {
        let src = "- #### Acme, Lyon\n\n  2021 - now\n\n  Engineer\n\n  - did\n\n- ### Beta\n  2019\n";
        let b = blocks(src);
        let texts: Vec<String> = b.iter().map(text_of).collect();
        assert_eq!(texts[..3], ["Acme, Lyon", "2021 - now", "Engineer"]);
        assert!(matches!(b[0].kind, BlockKind::Heading { depth: 4, .. }));
        assert!(matches!(b[3].kind, BlockKind::List { .. }), "the item's own list stays a list");
        assert!(matches!(b[4].kind, BlockKind::Heading { depth: 3, .. }));
        assert_eq!(texts[5], "2019");
        assert_eq!(&src[b[0].span.start..b[0].span.end], "#### Acme, Lyon");
        // One item without a heading, or a list inside a quote: a list as written.
        for src in ["- #### Acme\n  2021\n- Beta\n", "> - #### Acme\n>   2021\n"] {
            let b = blocks(src);
            assert!(!b.iter().any(|b| matches!(b.kind, BlockKind::Heading { .. })), "{src}: {b:?}");
        }
    }

    #[test]
    fn a_table_head_of_empty_cells_is_no_head() {
        let b = blocks("| <!-- --> | <!-- --> |\n|---|---|\n| Position | Engineer |\n");
        let BlockKind::Table { head, rows, .. } = &b[0].kind else { panic!("{b:?}") };
        assert!(head.is_empty() && rows.len() == 1, "{head:?}");
    }

    #[test]
    fn headings_paragraphs_and_spans() {
        let src = "## Experience\n\n### Lead, Acme\n\n#### 2020 to now\n\n###### Six\n\nSome *good* **work**.\n";
        let b = blocks(src);
        assert_eq!(b.len(), 5);
        assert!(matches!(b[0].kind, BlockKind::Heading { depth: 2, .. }));
        assert!(matches!(b[3].kind, BlockKind::Heading { depth: 5, .. }));
        assert_eq!(text_of(&b[4]), "Some good work.");
        assert_eq!(&src[b[1].span.start..b[1].span.end].trim_end(), &"### Lead, Acme");
        if let BlockKind::Paragraph(inl) = &b[4].kind {
            assert!(matches!(&inl[1], Inline::Text { style: TextStyle { italic: true, .. }, .. }));
            assert!(matches!(&inl[3], Inline::Text { style: TextStyle { bold: true, .. }, .. }));
        }
    }

    #[test]
    fn nested_tight_list_and_links() {
        let b = blocks("* one [site](https://x.org)\n  * nested\n* two\n");
        let BlockKind::List { start: None, items } = &b[0].kind else { panic!("{b:?}") };
        assert_eq!(items.len(), 2);
        assert_eq!(text_of(&items[0][0]), "one site");
        let BlockKind::Paragraph(inl) = &items[0][0].kind else { panic!() };
        assert!(matches!(&inl[1], Inline::Text { link: Some(l), .. } if l == "https://x.org"));
        assert!(matches!(items[0][1].kind, BlockKind::List { .. }));
    }

    #[test]
    fn pipe_table() {
        let b = blocks("| A | B |\n|---|--:|\n| 1 | 2 |\n| 3 | 4 |\n");
        let BlockKind::Table { align, head, rows } = &b[0].kind else { panic!("{b:?}") };
        assert_eq!(align, &vec![Align::None, Align::Right]);
        assert_eq!(head.len(), 2);
        assert_eq!(rows.len(), 2);
        assert_eq!(Inline::plain_text(&rows[1][0]), "3");
    }

    #[test]
    fn inline_html_keeps_text_and_drops_tags_and_scripts() {
        let b = blocks("Hello <span class=\"x\">big</span> world<script>alert(1)</script>!\n\n<div>\n<p>Block &amp; text</p>\n</div>\n");
        assert_eq!(text_of(&b[0]), "Hello big world!");
        assert_eq!(text_of(&b[1]), "Block & text");
    }

    #[test]
    fn images_are_listed_apart_and_markers_stand_alone() {
        let p = parsed(
            "{{< figure class=\"avatar\" src=\"me.jpg\" >}}\n\nText after.\n\n{{< job title=\"Lead\" dates=\"2020\" >}}\n\nInline {{< image src=\"a.png\" >}} here.\n",
        );
        assert_eq!(p.images.iter().map(|(i, _)| i.src.as_str()).collect::<Vec<_>>(), ["me.jpg", "a.png"]);
        assert!(matches!(&p.flat[0], Flat::Block(b) if matches!(&b.kind, BlockKind::Paragraph(_))));
        assert_eq!(p.flat[1], Flat::Marker(0));
        let Flat::Block(Block { kind: BlockKind::Paragraph(i), .. }) = &p.flat[2] else { panic!("{:?}", p.flat) };
        assert_eq!(Inline::plain_text(i), "Inline  here.");
    }

    #[test]
    fn code_rule_and_entities() {
        let b = blocks("Use `cargo`&nbsp;now\n\n---\n\n```\nfn main() {}\n```\n");
        assert_eq!(text_of(&b[0]), "Use cargo\u{a0}now");
        assert!(matches!(b[1].kind, BlockKind::Rule));
        assert_eq!(b[2].kind, BlockKind::Code("fn main() {}".into()));
    }

    #[test]
    fn definition_lists_keep_their_paragraphs_and_lists() {
        let b = blocks("Term\n:   First paragraph.\n\n    Second paragraph.\n\n    * a nested item\n");
        assert_eq!(text_of(&b[0]), "Term");
        let BlockKind::Quote(inner) = &b[1].kind else { panic!("{b:?}") };
        assert_eq!(text_of(&inner[0]), "First paragraph.");
        assert_eq!(text_of(&inner[1]), "Second paragraph.");
        assert!(matches!(inner[2].kind, BlockKind::List { .. }));
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let src = ">".repeat(3000) + " deep\n";
        let b = blocks(&src);
        assert_eq!(b.len(), 1);
        fn depth(b: &Block) -> usize {
            match &b.kind {
                BlockKind::Quote(inner) => 1 + inner.iter().map(depth).max().unwrap_or(0),
                _ => 0,
            }
        }
        assert!(depth(&b[0]) <= MAX_DEPTH);
    }
}
