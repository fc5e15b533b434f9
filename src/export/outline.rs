//! The PDF outline (bookmarks): sections, and the entries under them, in document order, each
//! pointing at its heading. printpdf's own bookmarks are flat and re-sorted, so it is written
//! here, in the lopdf pass.

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::export::post::text_string;

/// A heading to bookmark.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// Page index.
    pub page: usize,
    /// An entry (job, degree) rather than a section.
    pub entry: bool,
    /// The text shown.
    pub title: String,
    /// The top of the heading, in PDF coordinates (from the bottom).
    pub y: f32,
}

/// The outline's shape: sections with their entries, as indices into the marks; entries before
/// any section stand at the top.
pub fn tree(marks: &[Mark]) -> Vec<(usize, Vec<usize>)> {
    let mut out: Vec<(usize, Vec<usize>)> = Vec::new();
    let mut in_section = false;
    for (i, m) in marks.iter().enumerate() {
        match (m.entry, in_section, out.last_mut()) {
            (true, true, Some((_, kids))) => kids.push(i),
            (entry, _, _) => {
                out.push((i, Vec::new()));
                in_section = !entry;
            }
        }
    }
    out
}

/// Writes the outline of `marks` into `doc` and makes viewers open it.
pub fn write(doc: &mut Document, marks: &[Mark]) -> Result<(), String> {
    let shape = tree(marks);
    if shape.is_empty() {
        return Ok(());
    }
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let root = doc.new_object_id();
    let dest = |m: &Mark| -> Object {
        let page = pages.get(m.page).or(pages.last()).copied().map_or(Object::Null, Object::Reference);
        Object::Array(vec![page, Object::Name(b"XYZ".to_vec()), Object::Null, Object::Real(m.y), Object::Null])
    };
    // One object a bookmark, linked to its neighbours and parent.
    let item = |m: &Mark, parent: ObjectId, prev: Option<ObjectId>, next: Option<ObjectId>| {
        let mut d = Dictionary::new();
        d.set("Title", text_string(&m.title));
        d.set("Parent", Object::Reference(parent));
        d.set("Dest", dest(m));
        if let Some(p) = prev {
            d.set("Prev", Object::Reference(p));
        }
        if let Some(n) = next {
            d.set("Next", Object::Reference(n));
        }
        d
    };
    let top_ids: Vec<ObjectId> = shape.iter().map(|_| doc.new_object_id()).collect();
    let mut total = 0i64;
    for (n, ((i, kids), id)) in shape.iter().zip(&top_ids).enumerate() {
        let Some(mark) = marks.get(*i) else { continue };
        let prev = n.checked_sub(1).and_then(|p| top_ids.get(p)).copied();
        let mut top = item(mark, root, prev, top_ids.get(n + 1).copied());
        let kid_ids: Vec<ObjectId> = kids.iter().map(|_| doc.new_object_id()).collect();
        for (k, (j, kid_id)) in kids.iter().zip(&kid_ids).enumerate() {
            let Some(kid) = marks.get(*j) else { continue };
            let prev = k.checked_sub(1).and_then(|p| kid_ids.get(p)).copied();
            doc.objects.insert(*kid_id, Object::Dictionary(item(kid, *id, prev, kid_ids.get(k + 1).copied())));
        }
        if let (Some(first), Some(last)) = (kid_ids.first(), kid_ids.last()) {
            top.set("First", Object::Reference(*first));
            top.set("Last", Object::Reference(*last));
            // Open: the children count as visible items.
            top.set("Count", Object::Integer(kid_ids.len() as i64));
        }
        total += 1 + kid_ids.len() as i64;
        doc.objects.insert(*id, Object::Dictionary(top));
    }
    let (Some(first), Some(last)) = (top_ids.first(), top_ids.last()) else { return Ok(()) };
    let mut outlines = Dictionary::new();
    outlines.set("Type", Object::Name(b"Outlines".to_vec()));
    outlines.set("First", Object::Reference(*first));
    outlines.set("Last", Object::Reference(*last));
    outlines.set("Count", Object::Integer(total));
    doc.objects.insert(root, Object::Dictionary(outlines));
    let catalog = doc.catalog_mut().map_err(|e| e.to_string())?;
    catalog.set("Outlines", Object::Reference(root));
    catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(entry: bool, title: &str) -> Mark {
        Mark { page: 0, entry, title: title.into(), y: 700.0 }
    }

    #[test]
    fn sections_hold_their_entries() {
        let marks = [m(true, "Early"), m(false, "About"), m(false, "Work"), m(true, "Lead"), m(true, "Dev"), m(false, "Education")];
        assert_eq!(tree(&marks), vec![(0, vec![]), (1, vec![]), (2, vec![3, 4]), (5, vec![])]);
    }
}
