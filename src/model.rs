//! The résumé: what the source stage builds and every later stage reads.
//!
//! Plain data, serialisable so that `--emit ir` can dump it and tests can snapshot it. A
//! [`Document`] is a header (name, headline, contacts, photo) and sections; a section has a
//! [`SectionKind`] and blocks, among them [`Entry`]s (a job, a degree) with their role,
//! organisation, place and a typed [`DateRange`]. Every block and inline run carries the [`Span`]
//! of the source bytes it came from. Only [`crate::source::load`] builds a `Document`.

use serde::Serialize;

pub use crate::diag::Span;
use crate::style::lang::Lang;

/// A whole résumé.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    /// Language, dates and keywords.
    pub meta: Meta,
    /// What is set at the top of the first page.
    pub header: Header,
    /// The body, in source order.
    pub sections: Vec<Section>,
}

/// What the résumé says about itself.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Meta {
    /// The language it is set in.
    pub lang: Lang,
    /// The language catalogue used, as a BCP 47 tag (`fr-FR`, `en-GB`), written to `/Lang`.
    pub locale: String,
    /// The page's `title`, as written (the name only when it names the person).
    pub title: Option<String>,
    /// The page's `date`.
    pub date: Option<Stamp>,
    /// The page's `lastmod`.
    pub lastmod: Option<Stamp>,
    /// The PDF's date: `SOURCE_DATE_EPOCH`, else `lastmod`, else `date`, else the last commit
    /// that touched the page; never the clock.
    pub stamp: Option<Stamp>,
    /// `draft: true`.
    pub draft: bool,
    /// `keywords` and `tags`.
    pub keywords: Vec<String>,
    /// What the PDF's Subject says: the headline, else a page description that is not one.
    pub subject: Option<String>,
}

/// A moment with its offset from UTC: a front-matter `date`, a commit time, `SOURCE_DATE_EPOCH`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Stamp {
    /// The local date and time.
    pub local: jiff::civil::DateTime,
    /// Seconds east of UTC.
    pub offset: i32,
}

/// What is set at the top of the first page.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Header {
    /// The person's name.
    pub name: Option<String>,
    /// The line under it: the role sought or held.
    pub headline: Option<String>,
    /// E-mail, phone, sites, place.
    pub contacts: Vec<Contact>,
    /// The person's photo.
    pub photo: Option<Photo>,
}

/// The person's photo.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Photo {
    /// The `src` as written.
    pub src: String,
    /// Alternative text.
    pub alt: String,
    /// The picture, read and checked.
    #[serde(skip)]
    pub picture: std::sync::Arc<crate::source::image::Picture>,
}

/// A contact line: e-mail, phone, web site, profile, place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Contact {
    /// What is shown.
    pub text: String,
    /// Where it links.
    pub url: Option<String>,
}

/// A section of the résumé: "Experience", "Formation".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// Its title; empty for what comes before the first section heading.
    pub title: Vec<Inline>,
    /// What it holds.
    pub kind: SectionKind,
    /// Declared optional: page budgets drop optional sections, lowest rank first.
    pub optional: Option<u32>,
    /// Where it came from (its heading, or its first block).
    pub span: Span,
    /// The id in-page links (`#experience`) reach it by.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anchor: Option<String>,
    /// A page break before it (`## Education {.pagebreak}`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub page_break: bool,
    /// Kept on one page (`## Skills {.keep}`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub keep: bool,
    /// Its content.
    pub blocks: Vec<Block>,
}

/// What a section holds, from its title (in any bundled language) or from where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum SectionKind {
    /// An introduction, profile, "about me".
    Summary,
    /// Jobs.
    Experience,
    /// Degrees and schools.
    Education,
    /// Skills, technologies, tools.
    Skills,
    /// Spoken languages.
    Languages,
    /// Projects.
    Projects,
    /// Certifications.
    Certifications,
    /// Publications, talks.
    Publications,
    /// Awards, honours.
    Awards,
    /// Volunteering.
    Volunteering,
    /// Interests, hobbies.
    Interests,
    /// References.
    References,
    /// Contact details.
    Contact,
    /// Anything else.
    Other,
}

impl SectionKind {
    /// Every kind, in declaration order.
    pub const ALL: [SectionKind; 14] = [
        SectionKind::Summary,
        SectionKind::Experience,
        SectionKind::Education,
        SectionKind::Skills,
        SectionKind::Languages,
        SectionKind::Projects,
        SectionKind::Certifications,
        SectionKind::Publications,
        SectionKind::Awards,
        SectionKind::Volunteering,
        SectionKind::Interests,
        SectionKind::References,
        SectionKind::Contact,
        SectionKind::Other,
    ];

    /// The lower-case name used in layouts and catalogues (`experience`).
    pub fn name(self) -> &'static str {
        match self {
            SectionKind::Summary => "summary",
            SectionKind::Experience => "experience",
            SectionKind::Education => "education",
            SectionKind::Skills => "skills",
            SectionKind::Languages => "languages",
            SectionKind::Projects => "projects",
            SectionKind::Certifications => "certifications",
            SectionKind::Publications => "publications",
            SectionKind::Awards => "awards",
            SectionKind::Volunteering => "volunteering",
            SectionKind::Interests => "interests",
            SectionKind::References => "references",
            SectionKind::Contact => "contact",
            SectionKind::Other => "other",
        }
    }
}

/// A job, a degree, a project: one line of role, organisation and dates, and what follows.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Entry {
    /// The role, title or degree.
    pub role: Vec<Inline>,
    /// The employer, school or client.
    pub organisation: Vec<Inline>,
    /// Where.
    pub location: Vec<Inline>,
    /// A link for the organisation.
    pub link: Option<String>,
    /// The word the author wrote between the role and the organisation ("at", "chez", "@"),
    /// set between them instead of a comma.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub joiner: Option<String>,
    /// The dates as the author wrote them, as they are set.
    pub when: Vec<Inline>,
    /// The author wrote the dates before the role ("2016 to 2019: Engineer"): a layout that
    /// sets dates on a line of their own sets them above the role.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub dates_first: bool,
    /// The dates, read.
    pub dates: Option<DateRange>,
    /// What the author wrote under it.
    pub body: Vec<Block>,
}

/// When something happened: a start, an end, or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct DateRange {
    /// The first date; `None` for "now" alone.
    pub start: Option<PartialDate>,
    /// The last date, or "present"; `None` for a single date.
    pub end: Option<DateEnd>,
}

/// A date as precise as the author wrote it: a year, a month, a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct PartialDate {
    /// The year.
    pub year: i16,
    /// 1 to 12, when given.
    pub month: Option<u8>,
    /// 1 to 31, when given (and valid for its month).
    pub day: Option<u8>,
}

/// How a date range ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DateEnd {
    /// "today", "présent", "en cours".
    Present,
    /// A date.
    On(PartialDate),
}

/// A block of a section, with its source span.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Block {
    /// What it is.
    pub kind: BlockKind,
    /// Where it came from.
    pub span: Span,
}

/// The kinds of block a section is made of.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum BlockKind {
    /// A heading inside a section or an entry ("Projects", "Roles").
    Heading {
        /// 1 for the first level below the section title, 2 below that, and so on.
        depth: u8,
        /// Its text.
        content: Vec<Inline>,
        /// The id in-page links reach it by.
        #[serde(skip_serializing_if = "Option::is_none")]
        anchor: Option<String>,
    },
    /// A job, a degree.
    Entry(Entry),
    /// A paragraph of running text.
    Paragraph(Vec<Inline>),
    /// A bulleted or numbered list.
    List {
        /// The first number of an ordered list; `None` for bullets.
        start: Option<u64>,
        /// Each item is a sequence of blocks.
        items: Vec<Vec<Block>>,
    },
    /// A table.
    Table {
        /// Column alignments.
        align: Vec<Align>,
        /// Header row cells.
        head: Vec<Vec<Inline>>,
        /// Body rows.
        rows: Vec<Vec<Vec<Inline>>>,
    },
    /// A block quote.
    Quote(Vec<Block>),
    /// A fenced or indented code block.
    Code(String),
    /// A horizontal rule.
    Rule,
    /// The author's page break (`<!-- pagebreak -->`).
    PageBreak,
}

/// Horizontal alignment of a table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Align {
    /// Not specified.
    None,
    /// `:--`
    Left,
    /// `:-:`
    Center,
    /// `--:`
    Right,
}

/// How a run of text is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash, Serialize)]
pub struct TextStyle {
    /// `**strong**`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub bold: bool,
    /// `*emphasis*`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub italic: bool,
    /// `` `code` ``.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub code: bool,
    /// Written in another language than the page ("Version française" on an English page).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<Lang>,
}

impl TextStyle {
    fn is_plain(&self) -> bool {
        *self == TextStyle::default()
    }
}

/// A piece of inline content.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub enum Inline {
    /// A run of text in one style, possibly a link.
    Text {
        /// The characters.
        text: String,
        /// Bold, italic, code.
        #[serde(skip_serializing_if = "TextStyle::is_plain")]
        style: TextStyle,
        /// The link target, when the run is (part of) a link.
        #[serde(skip_serializing_if = "Option::is_none")]
        link: Option<String>,
        /// Where it came from.
        span: Span,
    },
    /// A hard line break.
    LineBreak {
        /// Where it came from.
        span: Span,
    },
}

impl Inline {
    /// A plain run of text.
    pub fn plain(text: impl Into<String>, span: Span) -> Inline {
        Inline::Text { text: text.into(), style: TextStyle::default(), link: None, span }
    }

    /// Where it came from.
    pub fn span(&self) -> Span {
        match self {
            Inline::Text { span, .. } | Inline::LineBreak { span } => *span,
        }
    }

    /// The plain text of a sequence of inlines.
    pub fn plain_text(inlines: &[Inline]) -> String {
        let mut s = String::new();
        for i in inlines {
            match i {
                Inline::Text { text, .. } => s.push_str(text),
                Inline::LineBreak { .. } => s.push(' '),
            }
        }
        s
    }
}

impl Document {
    /// Every block of every section, with the section it is in, in order (not descending into
    /// entries, lists or quotes).
    pub fn blocks(&self) -> impl Iterator<Item = (&Section, &Block)> {
        self.sections.iter().flat_map(|s| s.blocks.iter().map(move |b| (s, b)))
    }
}
