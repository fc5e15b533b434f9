//! Which sections go to the sidebar: those of the kinds the layout names (`sidebar_kinds`),
//! unless they hold a table too wide for it.

use crate::model::{Block, BlockKind, Section, SectionKind};

/// A table of more than this many columns needs the main column's width: its section stays
/// there.
const SIDEBAR_TABLE_COLUMNS: usize = 2;

fn is_wide_table(b: &Block) -> bool {
    matches!(&b.kind, BlockKind::Table { head, rows, .. } if head.len().max(rows.iter().map(Vec::len).max().unwrap_or(0)) > SIDEBAR_TABLE_COLUMNS)
}

/// Splits `sections` into the main column's and the sidebar's.
pub fn split(sections: &[Section], kinds: &[SectionKind]) -> (Vec<Section>, Vec<Section>) {
    sections.iter().cloned().partition(|s| !(kinds.contains(&s.kind) && !s.title.is_empty() && !s.blocks.iter().any(is_wide_table)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::SourceFile;
    use crate::model::Inline;

    fn sections(src: &str) -> Vec<Section> {
        crate::source::load(&SourceFile::new("t.md", src.to_string()), &Default::default()).unwrap().value.sections
    }

    #[test]
    fn sections_of_the_named_kinds_go_to_the_sidebar() {
        let s = sections(
            "## Profil\ntext\n## Expérience\n### Job\nmore\n## Compétences techniques\n* Rust\n## Centres d’intérêt\nvélo\n## Références\nx\n",
        );
        let (main, side) = split(&s, &[SectionKind::Skills, SectionKind::Interests]);
        let titles = |v: &[Section]| v.iter().map(|s| Inline::plain_text(&s.title)).collect::<Vec<_>>();
        assert_eq!(titles(&main), ["Profil", "Expérience", "Références"]);
        assert_eq!(titles(&side), ["Compétences techniques", "Centres d’intérêt"]);
    }

    #[test]
    fn a_section_with_a_wide_table_stays_in_the_main_column() {
        let s = sections("## Work\nx\n## Education\n| a | b | c |\n|---|---|---|\n| 1 | 2 | 3 |\n## Languages\n* fr\n");
        let (main, side) = split(&s, &[SectionKind::Education, SectionKind::Languages]);
        assert_eq!((main.len(), side.len()), (2, 1));
    }
}
