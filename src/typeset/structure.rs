//! The logical structure of the pages: what a tagged PDF's structure tree says (this is a
//! heading, this a list item, this a table cell), built from the model while it is set, never
//! guessed from positions.
//!
//! Every piece of a page carries a [`Tag`]: the [`Node`] it belongs to, or that it is an
//! artifact (rules, tints, the footer). Nodes are listed parents first; a node's children are,
//! in the order they were added, the nodes that name it as parent, which is the reading order.

/// A node's index in [`Structure::nodes`].
pub type NodeId = u32;

/// What a piece of a page is, for the tagged PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tag {
    /// Content of this node.
    Node(NodeId),
    /// Decoration that is not content.
    #[default]
    Artifact,
    /// What pagination adds: the footer, page numbers, a table header repeated on a new page.
    Pagination,
}

/// The standard structure types cvpdf writes (PDF 1.7, 14.8.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StructType {
    /// The whole résumé.
    Document,
    /// A section, an entry, the sidebar.
    Sect,
    /// A heading, level 1 to 6.
    H(u8),
    /// A paragraph.
    P,
    /// A list.
    L,
    /// A list item.
    LI,
    /// A list item's bullet or number.
    Lbl,
    /// A list item's content.
    LBody,
    /// A table.
    Table,
    /// A table row.
    TR,
    /// A header cell: its column's (a header row), or its row's (the first column of a table
    /// without a header row).
    TH(Scope),
    /// A data cell.
    TD,
    /// A link: its text and its annotations.
    Link,
    /// A passage in another language.
    Span,
    /// A picture, with its alternative text.
    Figure,
    /// A block quote.
    BlockQuote,
    /// Computer code.
    Code,
}

impl StructType {
    /// The structure type's name in the PDF.
    pub fn name(self) -> &'static str {
        match self {
            StructType::Document => "Document",
            StructType::Sect => "Sect",
            StructType::H(1) => "H1",
            StructType::H(2) => "H2",
            StructType::H(3) => "H3",
            StructType::H(4) => "H4",
            StructType::H(5) => "H5",
            StructType::H(_) => "H6",
            StructType::P => "P",
            StructType::L => "L",
            StructType::LI => "LI",
            StructType::Lbl => "Lbl",
            StructType::LBody => "LBody",
            StructType::Table => "Table",
            StructType::TR => "TR",
            StructType::TH(_) => "TH",
            StructType::TD => "TD",
            StructType::Link => "Link",
            StructType::Span => "Span",
            StructType::Figure => "Figure",
            StructType::BlockQuote => "BlockQuote",
            StructType::Code => "Code",
        }
    }
}

/// What a header cell heads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Its column.
    Column,
    /// Its row.
    Row,
}

impl Scope {
    /// The scope's name in the PDF.
    pub fn name(self) -> &'static str {
        match self {
            Scope::Column => "Column",
            Scope::Row => "Row",
        }
    }
}

/// A structure element.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// What it is.
    pub role: StructType,
    /// The node it is part of; none for the root.
    pub parent: Option<NodeId>,
    /// Alternative text (a picture's).
    pub alt: Option<String>,
    /// The language of its text, when not the document's.
    pub lang: Option<crate::style::lang::Lang>,
}

/// The structure tree: the root ([`StructType::Document`], node 0) and its descendants.
#[derive(Debug, Clone, PartialEq)]
pub struct Structure {
    /// Every node, parents before their children.
    pub nodes: Vec<Node>,
}

impl Default for Structure {
    fn default() -> Self {
        Structure { nodes: vec![Node { role: StructType::Document, parent: None, alt: None, lang: None }] }
    }
}

impl Structure {
    /// The root.
    pub const ROOT: NodeId = 0;

    /// Adds a `role` node as the last child of `parent`.
    pub fn add(&mut self, parent: NodeId, role: StructType) -> NodeId {
        self.nodes.push(Node { role, parent: Some(parent), alt: None, lang: None });
        (self.nodes.len() - 1) as NodeId
    }

    /// The node `id`.
    pub fn get(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(id as usize)
    }

    /// Says node `id` is in language `lang`.
    pub fn set_lang(&mut self, id: NodeId, lang: crate::style::lang::Lang) {
        if let Some(n) = self.nodes.get_mut(id as usize) {
            n.lang = Some(lang);
        }
    }

    /// Gives node `id` its alternative text.
    pub fn set_alt(&mut self, id: NodeId, alt: String) {
        if let Some(n) = self.nodes.get_mut(id as usize) {
            n.alt = Some(alt);
        }
    }
}

/// Heading levels that never skip one: a heading is one level below the heading it is under,
/// whatever depth the author's Markdown gave it.
#[derive(Debug, Clone, Default)]
pub struct Levels {
    /// The level of what encloses the headings (a section title's, an entry's).
    base: u8,
    /// The open headings: their depth in the source and their level.
    open: Vec<(u8, u8)>,
}

impl Levels {
    /// Headings under a heading of level `base`.
    pub fn under(base: u8) -> Self {
        Levels { base, open: Vec::new() }
    }

    /// The level of a heading of source depth `depth`; it stays open for deeper ones.
    pub fn heading(&mut self, depth: u8) -> u8 {
        while self.open.last().is_some_and(|(d, _)| *d >= depth) {
            self.open.pop();
        }
        let level = (self.current() + 1).min(6);
        self.open.push((depth, level));
        level
    }

    /// The level of something headed at the current point (an entry), not left open.
    pub fn next(&self) -> u8 {
        (self.current() + 1).min(6)
    }

    fn current(&self) -> u8 {
        self.open.last().map_or(self.base, |(_, l)| *l)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_levels_never_skip() {
        let mut l = Levels::under(2);
        assert_eq!(l.heading(3), 3);
        assert_eq!(l.next(), 4);
        assert_eq!(l.heading(5), 4);
        assert_eq!(l.heading(3), 3);
        assert_eq!(l.heading(1), 3);
        let mut deep = Levels::under(5);
        assert_eq!(deep.heading(1), 6);
        assert_eq!(deep.heading(2), 6);
    }

    #[test]
    fn children_follow_their_parent() {
        let mut s = Structure::default();
        let sect = s.add(Structure::ROOT, StructType::Sect);
        let h = s.add(sect, StructType::H(2));
        assert_eq!(s.get(h).and_then(|n| n.parent), Some(sect));
        assert_eq!(StructType::H(9).name(), "H6");
    }
}
