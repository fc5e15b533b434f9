//! The tagged PDF's structure tree (PDF 1.7, 14.7 and 14.8; PDF/UA-1): one structure element
//! for each node typesetting built that holds content, its kids in reading order, and the parent
//! tree that leads from each marked-content sequence and link annotation back to its element.
//!
//! A node's kids are its child nodes in the order typesetting made them (the model's order: in
//! the sidebar layout the sidebar comes after the main column), with its own marked content put
//! before the first child whose content comes later in the pages, so a paragraph reads "text,
//! link, text".

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::typeset::structure::{Node, NodeId, StructType, Structure};

/// What the pages hold of the structure.
#[derive(Debug, Clone, Default)]
pub struct Marked {
    /// For each page, the node of each marked-content id (MCID), in order.
    pub mcids: Vec<Vec<NodeId>>,
    /// The link annotations: their page, their object and their Link node.
    pub annots: Vec<(usize, ObjectId, NodeId)>,
}

/// A kid of a structure element.
#[derive(Debug, Clone, Copy)]
enum Kid {
    /// Marked content on a page.
    Mcid(usize, u32),
    /// A child element.
    Node(NodeId),
    /// An annotation on a page.
    Annot(usize, ObjectId),
}

/// What each node holds, gathered from the pages.
struct Gathered {
    /// Its own marked content, in page order.
    own: Vec<Vec<Kid>>,
    /// Its annotations.
    annots: Vec<Vec<Kid>>,
    /// Where its content starts, its descendants' included: (page, MCID).
    first: Vec<Option<(usize, u32)>>,
    /// Whether it or a descendant holds content: only those are written.
    used: Vec<bool>,
    /// Its children that are used, in their order.
    children: Vec<Vec<NodeId>>,
}

fn gather(structure: &Structure, marked: &Marked) -> Gathered {
    let n = structure.nodes.len();
    let mut g = Gathered {
        own: vec![Vec::new(); n],
        annots: vec![Vec::new(); n],
        first: vec![None; n],
        used: vec![false; n],
        children: vec![Vec::new(); n],
    };
    for (page, nodes) in marked.mcids.iter().enumerate() {
        for (mcid, node) in nodes.iter().enumerate() {
            let i = *node as usize;
            if let (Some(kids), Some(f), Some(u)) = (g.own.get_mut(i), g.first.get_mut(i), g.used.get_mut(i)) {
                kids.push(Kid::Mcid(page, mcid as u32));
                f.get_or_insert((page, mcid as u32));
                *u = true;
            }
        }
    }
    for (page, annot, node) in &marked.annots {
        if let (Some(kids), Some(u)) = (g.annots.get_mut(*node as usize), g.used.get_mut(*node as usize)) {
            kids.push(Kid::Annot(*page, *annot));
            *u = true;
        }
    }
    // Children come after their parents: one pass from the last node up carries what is used
    // and where content starts to each parent.
    for id in (1..n).rev() {
        let Some(parent) = structure.get(id as NodeId).and_then(|node| node.parent).map(|p| p as usize) else { continue };
        if !g.used.get(id).copied().unwrap_or(false) {
            continue;
        }
        let f = g.first.get(id).copied().flatten();
        if let (Some(u), Some(kids)) = (g.used.get_mut(parent), g.children.get_mut(parent)) {
            *u = true;
            kids.push(id as NodeId);
        }
        if let (Some(f), Some(pf)) = (f, g.first.get_mut(parent)) {
            *pf = Some(pf.map_or(f, |p| p.min(f)));
        }
    }
    g.children.iter_mut().for_each(|kids| kids.reverse());
    g
}

/// A structure element as plain data: [`super::writer`] writes it as the `StructElem`
/// dictionary it stands for. A résumé has hundreds; as lopdf dictionaries each cost a dozen
/// allocations and hashed keys, built only to be written once and dropped.
#[derive(Debug)]
pub struct Element {
    /// The structure type (`/S`).
    pub role: &'static str,
    /// The parent element, or the tree's root (`/P`).
    pub parent: ObjectId,
    /// The page of its first marked content (`/Pg`), which its MCIDs belong to.
    pub page: Option<ObjectId>,
    /// Its kids (`/K`), in reading order.
    pub kids: Vec<ElementKid>,
    /// Alternate text (`/Alt`).
    pub alt: Option<String>,
    /// Its language, when not the document's (`/Lang`).
    pub lang: Option<&'static str>,
    /// A table header cell's scope (`/A << /O /Table /Scope … >>`).
    pub scope: Option<&'static str>,
}

/// A kid of an [`Element`], with its references resolved.
#[derive(Debug, Clone, Copy)]
pub enum ElementKid {
    /// Marked content on the element's own page: its MCID.
    Mcid(u32),
    /// Marked content on another page (a marked-content reference): page, MCID.
    Mcr(Option<ObjectId>, u32),
    /// A child element.
    Element(ObjectId),
    /// An annotation (an object reference): page, annotation.
    Objr(Option<ObjectId>, ObjectId),
}

impl Element {
    /// The objects it refers to, in the order it names them.
    pub fn references(&self, out: &mut Vec<ObjectId>) {
        out.push(self.parent);
        out.extend(self.page);
        for kid in &self.kids {
            match *kid {
                ElementKid::Mcid(_) => {}
                ElementKid::Mcr(page, _) => out.extend(page),
                ElementKid::Element(id) => out.push(id),
                ElementKid::Objr(page, annot) => out.extend(page.into_iter().chain([annot])),
            }
        }
    }
}

/// The structure elements, by object id: consecutive ids from `first`.
#[derive(Debug, Default)]
pub struct Elements {
    first: u32,
    list: Vec<Option<Element>>,
}

impl Elements {
    /// The element whose object id is `id`.
    pub fn get(&self, id: &ObjectId) -> Option<&Element> {
        let i = id.0.checked_sub(self.first)? as usize;
        self.list.get(i).and_then(Option::as_ref).filter(|_| id.1 == 0)
    }
}

/// Writes the structure tree of `structure` over the marked content `marked`, and marks the
/// document as tagged. The elements are returned for the writer; the rest is in `doc`.
pub fn write(doc: &mut Document, structure: &Structure, marked: &Marked) -> Result<Elements, String> {
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let g = gather(structure, marked);
    let ids: Vec<Option<ObjectId>> = g.used.iter().enumerate().map(|(i, used)| (i == 0 || *used).then(|| doc.new_object_id())).collect();
    let root_id = doc.new_object_id();
    let Some(Some(document)) = ids.first().copied() else { return Err("the structure tree has no root".into()) };
    let mut elements = Elements { first: document.0, list: Vec::new() };
    for (i, node) in structure.nodes.iter().enumerate() {
        let Some(Some(id)) = ids.get(i).copied() else { continue };
        let mut kids = merge(g.own.get(i).map_or(&[], Vec::as_slice), g.children.get(i).map_or(&[], Vec::as_slice), &g.first);
        kids.extend(g.annots.get(i).into_iter().flatten().copied());
        let parent = match node.parent {
            None => root_id,
            Some(p) => ids.get(p as usize).copied().flatten().unwrap_or(document),
        };
        let at = (id.0 - elements.first) as usize;
        if elements.list.len() <= at {
            elements.list.resize_with(at + 1, || None);
        }
        if let Some(slot) = elements.list.get_mut(at) {
            *slot = Some(element(node, parent, &kids, &ids, &pages));
        }
    }
    let parent_tree = parent_tree(doc, marked, &ids, &pages)?;
    let root = Dictionary::from_iter([
        ("Type", Object::Name(b"StructTreeRoot".to_vec())),
        ("K", Object::Reference(document)),
        ("ParentTree", Object::Reference(parent_tree)),
        ("ParentTreeNextKey", Object::Integer((marked.mcids.len() + marked.annots.len()) as i64)),
    ]);
    doc.objects.insert(root_id, Object::Dictionary(root));
    let catalog = doc.catalog_mut().map_err(|e| e.to_string())?;
    catalog.set("StructTreeRoot", Object::Reference(root_id));
    catalog.set("MarkInfo", Object::Dictionary(Dictionary::from_iter([("Marked", Object::Boolean(true))])));
    catalog.set("ViewerPreferences", Object::Dictionary(Dictionary::from_iter([("DisplayDocTitle", Object::Boolean(true))])));
    Ok(elements)
}

/// A node's own marked content and its children (in their order), merged: each piece of
/// content goes before the first child whose content starts after it.
fn merge(mine: &[Kid], children: &[NodeId], first: &[Option<(usize, u32)>]) -> Vec<Kid> {
    let mut out = Vec::with_capacity(mine.len() + children.len());
    let mut rest = mine.iter().peekable();
    for child in children {
        let starts = first.get(*child as usize).copied().flatten();
        while let Some(Kid::Mcid(page, mcid)) = rest.peek().copied() {
            if starts.is_some_and(|s| s < (*page, *mcid)) {
                break;
            }
            out.push(Kid::Mcid(*page, *mcid));
            rest.next();
        }
        out.push(Kid::Node(*child));
    }
    out.extend(rest.copied());
    out
}

/// A node's structure element.
fn element(node: &Node, parent: ObjectId, kids: &[Kid], ids: &[Option<ObjectId>], pages: &[ObjectId]) -> Element {
    // The element's page: that of its first marked content, which its kids then name by MCID.
    let home = kids.iter().find_map(|k| match k {
        Kid::Mcid(page, _) => Some(*page),
        _ => None,
    });
    let kids = kids
        .iter()
        .filter_map(|kid| match *kid {
            Kid::Mcid(page, mcid) if Some(page) == home => Some(ElementKid::Mcid(mcid)),
            Kid::Mcid(page, mcid) => Some(ElementKid::Mcr(pages.get(page).copied(), mcid)),
            Kid::Node(child) => ids.get(child as usize).copied().flatten().map(ElementKid::Element),
            Kid::Annot(page, annot) => Some(ElementKid::Objr(pages.get(page).copied(), annot)),
        })
        .collect();
    Element {
        role: node.role.name(),
        parent,
        page: home.and_then(|p| pages.get(p)).copied(),
        kids,
        alt: node.alt.clone(),
        lang: node.lang.map(|l| l.code()),
        scope: match node.role {
            StructType::TH(scope) => Some(scope.name()),
            _ => None,
        },
    }
}

/// The parent tree: page `i`'s key is `i` (its MCIDs' elements, in order), annotation `j`'s is
/// the page count plus `j`. Pages and annotations get their keys, pages their tab order.
fn parent_tree(doc: &mut Document, marked: &Marked, ids: &[Option<ObjectId>], pages: &[ObjectId]) -> Result<ObjectId, String> {
    let elem = |node: &NodeId| ids.get(*node as usize).copied().flatten().map_or(Object::Null, Object::Reference);
    let mut nums = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let nodes = marked.mcids.get(i).map(Vec::as_slice).unwrap_or(&[]);
        nums.push(Object::Integer(i as i64));
        nums.push(Object::Array(nodes.iter().map(elem).collect()));
        let dict = doc.get_dictionary_mut(*page).map_err(|e| e.to_string())?;
        dict.set("StructParents", Object::Integer(i as i64));
        dict.set("Tabs", Object::Name(b"S".to_vec()));
    }
    for (j, (_, annot, node)) in marked.annots.iter().enumerate() {
        let key = (pages.len() + j) as i64;
        nums.push(Object::Integer(key));
        nums.push(elem(node));
        let dict = doc.get_dictionary_mut(*annot).map_err(|e| e.to_string())?;
        dict.set("StructParent", Object::Integer(key));
    }
    Ok(doc.add_object(Object::Dictionary(Dictionary::from_iter([("Nums", Object::Array(nums))]))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paragraph_reads_text_then_its_link_then_text() {
        // A paragraph (node 1) with a link (node 2) in the middle of its line, on page 0.
        let mut structure = Structure::default();
        let p = structure.add(Structure::ROOT, StructType::P);
        let link = structure.add(p, StructType::Link);
        let _empty = structure.add(Structure::ROOT, StructType::P);
        let marked = Marked { mcids: vec![vec![p, link, p]], annots: Vec::new() };
        let g = gather(&structure, &marked);
        assert_eq!(g.used, [true, true, true, false]);
        let kids = merge(&g.own[p as usize], &g.children[p as usize], &g.first);
        let shape: Vec<String> = kids
            .iter()
            .map(|k| match k {
                Kid::Mcid(_, m) => format!("mcid {m}"),
                Kid::Node(n) => format!("node {n}"),
                Kid::Annot(..) => "annot".into(),
            })
            .collect();
        assert_eq!(shape, ["mcid 0", "node 2", "mcid 2"]);
    }
}
