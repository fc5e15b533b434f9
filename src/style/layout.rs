//! Layouts: `layouts/*.toml`, parsed strictly. A layout says how a résumé looks: paper,
//! margins, sizes and leading, colours, spacing, and justified or ragged text.

use schemars::JsonSchema;
use serde::Deserialize;

use crate::style::checked::{self, Color};
use crate::text::font::{FontSet, Typefaces};

use crate::diag::{Diagnostic, SourceFile, Span};

/// A bundled layout's entry in [`BUNDLED`].
macro_rules! bundled {
    ($name:literal) => {
        (
            $name,
            include_str!(concat!("../../layouts/", $name, ".toml")),
            include_str!(concat!(env!("OUT_DIR"), "/layouts/", $name, ".json")),
        )
    };
}

/// The layouts bundled in the binary: name, TOML (for messages that point into it) and the
/// same as JSON, which build.rs writes and which is read four times faster.
pub const BUNDLED: &[(&str, &str, &str)] = &[bundled!("classic"), bundled!("sidebar"), bundled!("compact"), bundled!("banner")];

/// A whole layout file.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Layout {
    /// The name users select it by.
    pub name: String,
    /// One line saying what it is.
    #[serde(default)]
    pub description: String,
    /// Paper and margins.
    pub page: PageStyle,
    /// Named colours.
    pub colors: Colors,
    /// Running text.
    pub body: BodyStyle,
    /// The name at the top.
    pub title: TitleStyle,
    /// The line under the name (front matter `description`).
    pub subtitle: TitleStyle,
    /// Section titles.
    pub section: HeadingStyle,
    /// Entries: the role line and its dates.
    pub entry: EntryStyle,
    /// Headings inside sections and entries, shallowest first; deeper ones use the last.
    pub subheading: Vec<HeadingStyle>,
    /// Justified or ragged-right text, per kind of block.
    pub justify: Justify,
    /// One column, or a main column and a sidebar.
    pub columns: Columns,
    /// The person's photo.
    pub photo: PhotoStyle,
    /// How far page budgets may go.
    pub fit: FitStyle,
    /// What belongs to the web page only.
    #[serde(default)]
    pub web: WebStyle,
    /// The families text is set in.
    #[serde(default)]
    pub fonts: FontsStyle,
    /// The header: on the page, or on a band across its top.
    #[serde(default)]
    pub header: HeaderStyle,
}

/// The header (name, headline, contact lines, photo).
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HeaderStyle {
    /// Set on a band of the `band` colour across the top of the first page, in the `on_band`
    /// colour, the photo in it.
    #[serde(default)]
    pub band: bool,
    /// The space between the band's lower edge and the header, and below the band.
    #[serde(default, deserialize_with = "checked::length")]
    #[schemars(with = "checked::Length")]
    pub padding: f32,
}

/// The families text is set in, by name: a bundled one (Lato, Noto Serif, JetBrains Mono,
/// DejaVu Sans) or one of the author's own (a `fonts/` folder beside the site, `--font-path`).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FontsStyle {
    /// Running text, entries, the sidebar.
    #[serde(default = "lato")]
    pub body: String,
    /// The name and the section titles; the body's family when not given.
    pub headings: Option<String>,
    /// Code.
    #[serde(default = "mono")]
    pub code: String,
    /// The file that named these families (a layout or a cvpdf.toml), for errors.
    #[serde(skip)]
    #[schemars(skip)]
    pub origin: Option<std::path::PathBuf>,
}

fn lato() -> String {
    "Lato".to_string()
}

fn mono() -> String {
    "JetBrains Mono".to_string()
}

impl Default for FontsStyle {
    fn default() -> Self {
        FontsStyle { body: lato(), headings: None, code: mono(), origin: None }
    }
}

/// What a layout leaves out as web-only, beyond what cvpdf knows.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WebStyle {
    /// Print-hiding classes (`no-print` and its like are known).
    #[serde(default)]
    pub hide_classes: Vec<String>,
}

/// The photo, drawn in a circle at the right of the header.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PhotoStyle {
    /// Its diameter; 0 leaves photos out.
    #[serde(deserialize_with = "checked::length")]
    #[schemars(with = "checked::Length")]
    pub size: f32,
}

/// Where the sidebar is, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Sidebar {
    /// One column.
    None,
    /// A sidebar left of the main column.
    Left,
    /// A sidebar right of the main column.
    Right,
}

/// Columns.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Columns {
    /// Where the sidebar goes.
    pub sidebar: Sidebar,
    /// Its width.
    #[serde(default, deserialize_with = "checked::length")]
    #[schemars(with = "checked::Length")]
    pub sidebar_width: f32,
    /// The space between the columns.
    #[serde(default, deserialize_with = "checked::length")]
    #[schemars(with = "checked::Length")]
    pub gap: f32,
    /// The kinds of section that go to the sidebar (`skills`, `languages`, `education`…).
    #[serde(default)]
    pub sidebar_kinds: Vec<crate::model::SectionKind>,
    /// The sidebar's one type size: a column in one size and leading reads as one block.
    #[serde(default, deserialize_with = "checked::length")]
    #[schemars(with = "checked::Length")]
    pub sidebar_size: f32,
    /// The sidebar's leading.
    #[serde(default, deserialize_with = "checked::length")]
    #[schemars(with = "checked::Length")]
    pub sidebar_leading: f32,
}

/// How an entry is set: its role line (role, organisation, place) and its dates.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EntryStyle {
    /// Where the dates go.
    pub place_dates: DatesPlacement,
    /// The role line; the organisation and place follow the role in its size, not in bold.
    pub title: HeadingStyle,
    /// The dates.
    pub dates: HeadingStyle,
}

/// Where an entry's dates are set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum DatesPlacement {
    /// Flush right on the title's line, or on the next line when they do not fit.
    Right,
    /// On the line below the title.
    Below,
}

/// Which blocks are justified (`true`) and which are set ragged right (`false`). Headings are
/// always ragged.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Justify {
    /// Paragraphs of running text.
    pub paragraph: bool,
    /// List items.
    pub list: bool,
    /// Block quotes and definitions.
    pub quote: bool,
    /// Table cells.
    pub table: bool,
}

/// The bounds page budgets (`--pages`) work within.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FitStyle {
    /// The smallest body size still comfortable to read; every size scales with the body's.
    #[serde(deserialize_with = "checked::size")]
    #[schemars(with = "checked::Size")]
    pub min_body_size: f32,
    /// The fraction of its natural height vertical space may shrink to.
    #[serde(deserialize_with = "checked::fraction")]
    #[schemars(with = "checked::Fraction")]
    pub min_space: f32,
}

/// The style of a sub-heading in a layout without any (which `Layout::parse` refuses).
static FALLBACK_HEADING: HeadingStyle = HeadingStyle {
    size: 11.0,
    leading: 14.0,
    skip_before: 8.0,
    skip_after: 2.0,
    bold: true,
    italic: false,
    color: ColorName::Text,
    rule: false,
    small_caps: false,
};

/// Paper size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    /// 210 × 297 mm.
    A4,
    /// 8.5 × 11 in.
    Letter,
}

impl Paper {
    /// Width and height in points.
    pub fn size_pt(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.276, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }
}

/// Paper and margins.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PageStyle {
    /// A4 or Letter.
    pub paper: Paper,
    /// Top margin.
    #[serde(deserialize_with = "checked::length")]
    #[schemars(with = "checked::Length")]
    pub margin_top: f32,
    /// Bottom margin (the footer sits inside it).
    #[serde(deserialize_with = "checked::length")]
    #[schemars(with = "checked::Length")]
    pub margin_bottom: f32,
    /// Left margin.
    #[serde(deserialize_with = "checked::length")]
    #[schemars(with = "checked::Length")]
    pub margin_left: f32,
    /// Right margin.
    #[serde(deserialize_with = "checked::length")]
    #[schemars(with = "checked::Length")]
    pub margin_right: f32,
    /// Size of the page-number footer.
    #[serde(deserialize_with = "checked::size")]
    #[schemars(with = "checked::Size")]
    pub footer_size: f32,
}

/// Named colours: `#rrggbb` or `rgb(…)`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Colors {
    /// Running text.
    pub text: Color,
    /// Section headings.
    pub accent: Color,
    /// Dates and secondary text.
    pub muted: Color,
    /// Link text.
    pub link: Color,
    /// Rules under headings.
    pub rule: Color,
    /// The sidebar's background.
    #[serde(default = "white")]
    pub sidebar: Color,
    /// Code (`` `cargo` ``): never the link colour, so code does not look clickable.
    #[serde(default = "dark_grey")]
    pub code: Color,
    /// The header's band, when the layout has one.
    #[serde(default = "navy")]
    pub band: Color,
    /// Text on the band.
    #[serde(default = "white")]
    pub on_band: Color,
}

fn navy() -> Color {
    Color([0x1f as f32 / 255.0, 0x4e as f32 / 255.0, 0x79 as f32 / 255.0])
}

fn dark_grey() -> Color {
    Color([0x3c as f32 / 255.0; 3])
}

fn white() -> Color {
    Color([1.0; 3])
}

/// A colour of `[colors]`, by name: what headings say they are set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ColorName {
    /// `text`.
    Text,
    /// `accent`.
    Accent,
    /// `muted`.
    Muted,
    /// `link`.
    Link,
    /// `rule`.
    Rule,
    /// `sidebar`.
    Sidebar,
    /// `code`.
    Code,
    /// `band`.
    Band,
    /// `on_band`.
    OnBand,
}

impl Colors {
    /// A colour by name (`text`, `accent`, …), as RGB in 0..1.
    pub fn rgb(&self, name: ColorName) -> [f32; 3] {
        let c = match name {
            ColorName::Text => self.text,
            ColorName::Accent => self.accent,
            ColorName::Muted => self.muted,
            ColorName::Link => self.link,
            ColorName::Rule => self.rule,
            ColorName::Sidebar => self.sidebar,
            ColorName::Code => self.code,
            ColorName::Band => self.band,
            ColorName::OnBand => self.on_band,
        };
        c.0
    }
}

/// Running text.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BodyStyle {
    /// Type size.
    #[serde(deserialize_with = "checked::size")]
    #[schemars(with = "checked::Size")]
    pub size: f32,
    /// Baseline to baseline.
    #[serde(deserialize_with = "checked::size")]
    #[schemars(with = "checked::Size")]
    pub leading: f32,
    /// Space between paragraphs.
    #[serde(deserialize_with = "checked::length")]
    #[schemars(with = "checked::Length")]
    pub paragraph_skip: f32,
    /// Indent of each list level.
    #[serde(deserialize_with = "checked::length")]
    #[schemars(with = "checked::Length")]
    pub list_indent: f32,
    /// Space between list items.
    #[serde(deserialize_with = "checked::length")]
    #[schemars(with = "checked::Length")]
    pub item_skip: f32,
    /// The bullet of unordered lists.
    pub bullet: String,
    /// Type size of code.
    #[serde(deserialize_with = "checked::size")]
    #[schemars(with = "checked::Size")]
    pub code_size: f32,
}

/// The name or the line under it.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TitleStyle {
    /// Type size.
    #[serde(deserialize_with = "checked::size")]
    #[schemars(with = "checked::Size")]
    pub size: f32,
    /// Baseline to baseline.
    #[serde(deserialize_with = "checked::size")]
    #[schemars(with = "checked::Size")]
    pub leading: f32,
    /// Space after.
    #[serde(deserialize_with = "checked::length")]
    #[schemars(with = "checked::Length")]
    pub skip_after: f32,
}

/// One heading level.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HeadingStyle {
    /// Type size.
    #[serde(deserialize_with = "checked::size")]
    #[schemars(with = "checked::Size")]
    pub size: f32,
    /// Baseline to baseline.
    #[serde(deserialize_with = "checked::size")]
    #[schemars(with = "checked::Size")]
    pub leading: f32,
    /// Space before.
    #[serde(deserialize_with = "checked::length")]
    #[schemars(with = "checked::Length")]
    pub skip_before: f32,
    /// Space after.
    #[serde(deserialize_with = "checked::length")]
    #[schemars(with = "checked::Length")]
    pub skip_after: f32,
    /// Set in bold.
    #[serde(default)]
    pub bold: bool,
    /// Set in italic.
    #[serde(default)]
    pub italic: bool,
    /// A colour name from `[colors]`.
    pub color: ColorName,
    /// A thin rule under the heading.
    #[serde(default)]
    pub rule: bool,
    /// Set in small capitals: lower-case letters as capitals at 80 % of the size.
    #[serde(default)]
    pub small_caps: bool,
}

impl Layout {
    /// Parses a layout file. Errors point at the offending line.
    pub fn parse(file: &SourceFile) -> Result<Layout, Diagnostic> {
        let layout: Layout = toml::from_str(&file.text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            Diagnostic::error(file, Span::new(span.start, span.end), format!("invalid layout: {}", e.message().trim()))
        })?;
        layout.checked(file)
    }

    /// This layout, read from `file`, if its values hold together.
    fn checked(mut self, file: &SourceFile) -> Result<Layout, Diagnostic> {
        let fit = &self.fit;
        if !(fit.min_body_size > 0.0 && fit.min_body_size <= self.body.size && (0.0..=1.0).contains(&fit.min_space)) {
            let at = file.text.find("[fit]").unwrap_or(0);
            return Err(Diagnostic::error(
                file,
                Span::new(at, at + 5),
                "[fit] bounds must satisfy 0 < min_body_size <= body.size and 0 <= min_space <= 1",
            ));
        }
        if self.subheading.is_empty() {
            return Err(Diagnostic::error(file, Span::new(0, 0), "a layout needs at least one [[subheading]] table"));
        }
        self.fonts.origin = Some(file.path.clone());
        self.check_columns().map_err(|(table, message)| {
            let at = file.text.find(table).unwrap_or(0);
            Diagnostic::error(file, Span::new(at, at + table.len()), message)
        })?;
        Ok(self)
    }

    /// The columns the margins and the sidebar leave are wide enough to set text in (two inches
    /// at least); a sidebar has a width and a type size. On failure, the table to point at.
    fn check_columns(&self) -> Result<(), (&'static str, String)> {
        const NARROWEST: f32 = 144.0;
        let (paper_w, _) = self.page.paper.size_pt();
        let p = &self.page;
        let width = paper_w - p.margin_left - p.margin_right;
        if width < NARROWEST {
            return Err((
                "[page]",
                format!("the margins leave {width:.0} pt of a {paper_w:.0} pt page: at least {NARROWEST:.0} pt are needed"),
            ));
        }
        let c = &self.columns;
        if c.sidebar == Sidebar::None {
            return Ok(());
        }
        if c.sidebar_width <= 0.0 || c.sidebar_size <= 0.0 || c.sidebar_leading <= 0.0 {
            return Err(("[columns]", "a sidebar needs sidebar_width, sidebar_size and sidebar_leading above 0".to_string()));
        }
        let main = width - c.sidebar_width - c.gap;
        if main < NARROWEST {
            return Err((
                "[columns]",
                format!("the sidebar and the gap leave the main column {main:.0} pt: at least {NARROWEST:.0} pt are needed"),
            ));
        }
        Ok(())
    }

    /// This layout with every type size and leading scaled by `type_scale`, and every vertical
    /// space by `type_scale * space_scale`. Page budgets typeset with scaled layouts.
    pub fn scaled(&self, type_scale: f32, space_scale: f32) -> Layout {
        let mut l = self.clone();
        let v = type_scale * space_scale;
        let b = &mut l.body;
        b.size *= type_scale;
        b.leading *= type_scale;
        b.code_size *= type_scale;
        b.paragraph_skip *= v;
        l.columns.sidebar_size *= type_scale;
        l.columns.sidebar_leading *= type_scale;
        b.item_skip *= v;
        for t in [&mut l.title, &mut l.subtitle] {
            t.size *= type_scale;
            t.leading *= type_scale;
            t.skip_after *= v;
        }
        let headings = std::iter::once(&mut l.section).chain([&mut l.entry.title, &mut l.entry.dates]).chain(l.subheading.iter_mut());
        for h in headings {
            h.size *= type_scale;
            h.leading *= type_scale;
            h.skip_before *= v;
            h.skip_after *= v;
        }
        l
    }

    /// A layout by name or path: a `.toml` file, else `layouts/NAME.toml` (a user's own), else
    /// a bundled one; paths are relative to `base`.
    pub fn find(name: &str, base: &std::path::Path) -> Result<Layout, Diagnostic> {
        let own = base.join("layouts").join(format!("{name}.toml"));
        let path = if name.ends_with(".toml") { base.join(name) } else { own };
        if path.is_file() {
            let text = std::fs::read_to_string(&path).map_err(|e| Diagnostic::file_error(&path, format!("cannot read the layout: {e}")))?;
            // A copy of a bundled layout, word for word, is that layout, read as checked at
            // build time.
            if let Some(bundled) = BUNDLED.iter().find(|(_, bundled, _)| *bundled == text) {
                return Layout::of_bundled(bundled);
            }
            return Layout::parse(&SourceFile::new(&path, text));
        }
        if name.ends_with(".toml") {
            return Err(Diagnostic::file_error(&path, "no such layout file"));
        }
        Layout::bundled(name)
    }

    /// The layout's families, resolved in `fonts`.
    pub fn typefaces(&self, fonts: &FontSet) -> Result<Typefaces, String> {
        let f = &self.fonts;
        fonts.typefaces(&f.body, f.headings.as_deref().unwrap_or(&f.body), &f.code)
    }

    /// The JSON Schema of layout files, for editors (`layouts/layout.schema.json`).
    pub fn schema() -> String {
        let schema = schemars::schema_for!(Layout);
        serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
    }

    /// A bundled layout by name.
    pub fn bundled(name: &str) -> Result<Layout, Diagnostic> {
        let Some(entry) = BUNDLED.iter().find(|(n, ..)| *n == name) else {
            let names: Vec<&str> = BUNDLED.iter().map(|(n, ..)| *n).collect();
            return Err(
                Diagnostic::plain_error(format!("no layout named `{name}`")).with_hint(format!("bundled layouts: {}", names.join(", ")))
            );
        };
        Layout::of_bundled(entry)
    }

    /// The layout of a [`BUNDLED`] entry: read from the JSON made of it at build time.
    fn of_bundled((name, text, json): &(&str, &str, &str)) -> Result<Layout, Diagnostic> {
        let file = SourceFile::new(format!("layouts/{name}.toml"), (*text).to_string());
        let layout: Layout =
            serde_json::from_str(json).map_err(|e| Diagnostic::error(&file, Span::new(0, 0), format!("invalid bundled layout: {e}")))?;
        layout.checked(&file)
    }

    /// The style of a heading at `depth` below its section or entry (1-based); deeper ones use
    /// the last.
    pub fn subheading(&self, depth: u8) -> &HeadingStyle {
        // `parse` refuses a layout without sub-headings, so there is always a last one.
        let i = usize::from(depth.max(1) - 1);
        self.subheading.get(i).or(self.subheading.last()).unwrap_or(&FALLBACK_HEADING)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_layouts_parse() {
        for (name, text, _) in BUNDLED {
            let l = Layout::bundled(name).unwrap();
            let from_toml = Layout::parse(&SourceFile::new(format!("layouts/{name}.toml"), text.to_string())).unwrap();
            assert_eq!(format!("{l:?}"), format!("{from_toml:?}"), "{name}: the JSON says what the TOML says");
            assert_eq!(&l.name, name);
            assert!(!l.subheading.is_empty());
        }
        assert_eq!(Layout::bundled("classic").unwrap().colors.rgb(ColorName::Text).map(|c| (c * 255.0).round() as u8), [0x1d, 0x1d, 0x1f]);
    }

    #[test]
    fn a_copy_of_a_bundled_layout_is_that_layout_and_an_edited_copy_is_read() {
        let dir = std::env::temp_dir().join(format!("cvpdf-layout-copy-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("layouts")).unwrap();
        let text = include_str!("../../layouts/compact.toml");
        std::fs::write(dir.join("layouts/mine.toml"), text).unwrap();
        let copy = Layout::find("mine", &dir).unwrap();
        assert_eq!(format!("{copy:?}"), format!("{:?}", Layout::bundled("compact").unwrap()));
        std::fs::write(dir.join("layouts/mine.toml"), text.replace("paragraph_skip = 2.5", "paragraph_skip = 3.5")).unwrap();
        let edited = Layout::find("mine", &dir).unwrap();
        assert_ne!(format!("{edited:?}"), format!("{copy:?}"), "the edit is read");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn unknown_fields_are_refused_with_the_line() {
        let text = include_str!("../../layouts/classic.toml").replace("paragraph_skip = 4.0", "paragraph_skip = 4.0\njustfy = false");
        let file = SourceFile::new("bad.toml", text);
        let e = Layout::parse(&file).unwrap_err();
        assert!(e.message.contains("justfy"), "{}", e.message);
        let line = file.line_col(e.span.unwrap().start).0;
        assert_eq!(file.line_text(line), "justfy = false");
    }
}
