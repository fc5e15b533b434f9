//! Which sections go to the sidebar: those whose title names one of the layout's
//! `sidebar_sections` (skills, languages, education…), with everything under them.

use crate::model::{Block, BlockKind, Inline};

/// A title matches a keyword when a word of it starts with the keyword (case and apostrophes
/// folded): "Compétences techniques" matches "compétences", "Languages" matches "language".
fn matches(title: &str, keywords: &[String]) -> bool {
    let fold = |s: &str| s.to_lowercase().replace(['’', '\''], " ");
    let title = fold(title);
    keywords.iter().any(|k| {
        let k = fold(k);
        title.starts_with(&k) || title.contains(&format!(" {k}"))
    })
}

/// A table of more than this many columns needs the main column's width: its section stays
/// there.
const SIDEBAR_TABLE_COLUMNS: usize = 2;

fn is_wide_table(b: &Block) -> bool {
    matches!(&b.kind, BlockKind::Table { head, rows, .. } if head.len().max(rows.iter().map(Vec::len).max().unwrap_or(0)) > SIDEBAR_TABLE_COLUMNS)
}

/// Splits `blocks` into the main column's and the sidebar's.
pub fn split(blocks: &[Block], keywords: &[String]) -> (Vec<Block>, Vec<Block>) {
    let level = crate::model::blocks_section_level(blocks);
    // Sections, as ranges of blocks: (start, end, goes to the sidebar).
    let mut sections: Vec<(usize, usize, bool)> = Vec::new();
    for (i, b) in blocks.iter().enumerate() {
        match &b.kind {
            BlockKind::Heading { level: l, content, .. } if *l <= level => {
                sections.push((i, i + 1, *l == level && matches(&Inline::plain_text(content), keywords)));
            }
            _ => match sections.last_mut() {
                Some(s) => s.1 = i + 1,
                None => sections.push((i, i + 1, false)),
            },
        }
    }
    let (mut main, mut side) = (Vec::new(), Vec::new());
    for (start, end, named) in sections {
        let part = blocks.get(start..end).unwrap_or(&[]);
        if named && !part.iter().any(is_wide_table) { side.extend_from_slice(part) } else { main.extend_from_slice(part) }
    }
    (main, side)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::SourceFile;

    #[test]
    fn named_sections_go_to_the_sidebar_with_their_content() {
        let doc = crate::source::parse(&SourceFile::new(
            "t.md",
            "## Profil\ntext\n## Expérience\n### Job\nmore\n## Compétences techniques\n* Rust\n## Centres d’intérêt\nvélo\n## Références\nx\n".to_string(),
        ))
        .unwrap()
        .value;
        let keys: Vec<String> = ["compétences", "centres d’intérêt"].iter().map(|s| s.to_string()).collect();
        let (main, side) = split(&doc.blocks, &keys);
        let titles = |bs: &[Block]| {
            bs.iter()
                .filter_map(|b| if let BlockKind::Heading { content, .. } = &b.kind { Some(Inline::plain_text(content)) } else { None })
                .collect::<Vec<_>>()
        };
        assert_eq!(titles(&main), ["Profil", "Expérience", "Job", "Références"]);
        assert_eq!(titles(&side), ["Compétences techniques", "Centres d’intérêt"]);
        assert_eq!(side.len(), 4);
    }

    #[test]
    fn a_section_with_a_wide_table_stays_in_the_main_column() {
        let doc = crate::source::parse(&SourceFile::new(
            "t.md",
            "## Work
x
## Education
| a | b | c |
|---|---|---|
| 1 | 2 | 3 |
## Languages
* fr
"
            .to_string(),
        ))
        .unwrap()
        .value;
        let keys: Vec<String> = ["education", "languages"].iter().map(|s| s.to_string()).collect();
        let (main, side) = split(&doc.blocks, &keys);
        assert_eq!(main.len(), 4);
        assert_eq!(side.len(), 2);
    }
}
