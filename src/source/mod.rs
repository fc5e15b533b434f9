//! The source stage: a résumé page on disk → [`model::Document`](crate::model::Document), built
//! completely here and nowhere else.
//!
//! [`load`] runs the steps: [`front`] cuts and reads the front matter; [`shortcode`] takes Hugo
//! shortcodes out (reading them with [`shortcode_table`]); [`markdown`] parses the rest;
//! [`outline`] makes sections and entries of it ([`entries`] reads titles, [`dates`] reads
//! dates); [`records`] adds front-matter records; [`unread`] reports front-matter fields no
//! stage sets; [`header`] finds the name, headline and contacts in the page, `cvpdf.toml`
//! ([`profile`]) and the site ([`site`]); [`photo`] picks the photo; [`normalize`] applies NFC and the language's [`typography`]. [`discover`] finds which
//! page to read.

pub mod dates;
pub mod discover;
pub mod entries;
pub mod fold;
pub mod front;
pub mod header;
pub mod html;
pub mod html_blocks;
pub mod image;
pub mod inlines;
pub mod items;
pub mod labelled;
pub mod links;
pub mod liquid;
pub mod markdown;
pub mod normalize;
pub mod outline;
pub mod photo;
pub mod profile;
pub mod records;
pub mod shortcode;
pub mod shortcode_table;
pub mod site;
pub mod typography;
pub mod unread;
pub mod vocabulary;

use crate::diag::{Diagnostic, SourceFile, Span, Warned};
use crate::model::{Block, BlockKind, Document, Inline, Meta, Section, SectionKind, Stamp};
use crate::source::front::{FrontMatter, Value};
use crate::source::shortcode_table::Table;
use crate::style::lang::Lang;
use crate::style::locale::Locale;

/// Largest page cvpdf reads, in bytes.
pub const MAX_INPUT_BYTES: usize = 4 * 1024 * 1024;

/// An image a page refers to (a shortcode or Markdown image), before the photo is chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    /// The `src` as written.
    pub src: String,
    /// Alternative text.
    pub alt: String,
    /// The `class` attribute (`avatar` marks a photo).
    pub class: Option<String>,
    /// It came from a `figure` or `image` shortcode (not Markdown image syntax).
    pub shortcode: bool,
}

/// What the caller decides about a page: its language (from where it was found, or `--lang`)
/// and the date to stamp the PDF with.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// The language the page's location or the user gave; the front matter's `lang` is used
    /// when it is `None`, and English when neither says.
    pub lang: Option<Lang>,
    /// The language tag as the user wrote it (`en-GB`), naming a regional variant.
    pub tag: Option<String>,
    /// `SOURCE_DATE_EPOCH`: the PDF's date, before the page's own dates.
    pub epoch: Option<i64>,
    /// Print-hiding classes beyond the bundled ones (from the layout's `[web]`).
    pub hidden_classes: Vec<String>,
    /// Called with the page's locale as soon as its front matter has decided it, before the
    /// body is read: a render starts loading what the language's typesetting needs.
    pub locale_known: Option<fn(&'static Locale)>,
    /// The page's site root ([`image::site_root`]), when the caller has found it already: finding
    /// it tests six names in every folder up to the filesystem's root.
    pub root: Option<std::path::PathBuf>,
}

/// Reads a page from disk, or from standard input when `path` is `-`. Invalid UTF-8 is an error
/// that points at the first bad byte.
pub fn read(path: &std::path::Path) -> Result<SourceFile, Diagnostic> {
    let bytes = if path == std::path::Path::new("-") {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes)
            .map_err(|e| Diagnostic::file_error(path, format!("cannot read standard input: {e}")))?;
        bytes
    } else {
        std::fs::read(path).map_err(|e| Diagnostic::file_error(path, format!("cannot read the file: {e}")))?
    };
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(Diagnostic::file_error(
            path,
            format!("the file is {} bytes; cvpdf reads pages up to {MAX_INPUT_BYTES} bytes", bytes.len()),
        ));
    }
    if bytes.iter().take(8192).any(|b| *b == 0) {
        let what = if bytes.starts_with(b"PK\x03\x04") { "a zip archive (a Word or OpenDocument file?)" } else { "a binary file" };
        return Err(Diagnostic::file_error(path, format!("the file contains NUL bytes: it is {what}, not a Markdown page"))
            .of_kind(crate::diag::Kind::NotAPage));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(path, text)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let file = SourceFile::new(path, lossy);
            let (line, col) = file.line_col(at);
            Err(Diagnostic::error(&file, Span::new(at, at + 1), format!("the file is not valid UTF-8 (line {line}, column {col})"))
                .with_hint("save the page as UTF-8"))
        }
    }
}

/// Reads a page into the résumé: the only constructor of [`Document`].
pub fn load(file: &SourceFile, cx: &Context) -> Result<Warned<Document>, Diagnostic> {
    if let Some(at) = file.text.find('\0') {
        let message = "the file contains NUL bytes; it looks like a binary file, not a Markdown page";
        return Err(Diagnostic::error(file, Span::new(at, at + 1), message).of_kind(crate::diag::Kind::NotAPage));
    }
    let front = front::parse(file)?;
    let mut warnings = Vec::new();
    let locale = locale(file, &front, cx, &mut warnings);
    if let Some(known) = cx.locale_known {
        known(locale);
    }
    let lang = Lang::parse(&locale.tag).unwrap_or(Lang::En);
    let root = cx.root.clone().unwrap_or_else(|| image::site_root(&file.path));
    let profile = profile::find(&file.path, &root)?.map(|(_, p)| p.for_lang(lang.code()));
    let table = Table::new(
        profile.as_ref().map(|p| p.shortcodes.clone()).unwrap_or_default(),
        profile.as_ref().map(|p| p.web.shortcodes.clone()).unwrap_or_default(),
    );
    let extracted = shortcode::extract(file, front.body_start, &table);
    warnings.extend(extracted.warnings.iter().cloned());
    let config = site::config(&root);
    if let Some(c) = &config {
        warnings.extend(c.unread(&root));
    }
    let mut hidden = cx.hidden_classes.clone();
    hidden.extend(profile.as_ref().map(|p| p.web.hide_classes.clone()).unwrap_or_default());
    let typographer = config.as_ref().is_none_or(site::Config::typographer);
    let parsed = markdown::parse(file, &extracted, &markdown::Settings { hidden, typographer });
    warnings.extend(parsed.warnings.iter().cloned());
    if is_plain_text(file, &front, &parsed) {
        return Err(Diagnostic::file_error(
            &file.path,
            "this is plain text, not a Markdown page: it has no front matter and no Markdown structure",
        )
        .with_hint("a résumé page has headings (`## Experience`), lists or front matter; rename it .md once it does")
        .of_kind(crate::diag::Kind::NotAPage));
    }
    let outline = outline::build(&parsed.flat, &extracted.structure);
    let mut sections = outline.sections;
    sections.extend(records::sections(file, &front, &table, locale, &mut warnings));
    unread::report(file, &front, profile.as_ref().map_or(&[][..], |p| &p.web.fields), &mut warnings);
    optional(file, &front, &mut sections, &mut warnings);

    let base_url = config.as_ref().and_then(|c| c.base_url(lang));
    let site = config.map(|c| {
        let mut f = c.params().map(header::Fields::of).unwrap_or_default();
        f.name = f.name.or_else(|| header::Fields::of(&c.table).name);
        f
    });
    let sources = header::Sources { file, front: &front, profile: profile.as_ref(), site, titles: &outline.titles };
    let resolved = header::resolve(&sources, &mut warnings);
    for s in &mut sections {
        s.blocks.retain(|b| !resolved.taken.contains(&b.span));
    }
    sections.retain(|s| !(s.title.is_empty() && s.blocks.is_empty()));
    sections.iter_mut().for_each(labelled::join_names);
    drop_template_only(file, &mut sections, &extracted.template, &mut warnings);
    if let Some((summary, span)) = resolved.summary.filter(|(t, _)| !body_holds(file, &front, t)) {
        open_with(&mut sections, &summary, span);
    }
    if let Some((title, span)) = resolved.page_title {
        title_the_opening(&mut sections, &title, span).unwrap_or_else(|| warnings.push(header::unprinted_title(file, &title, span)));
    }
    let first_section = sections.iter().find(|s| !s.title.is_empty()).map_or(usize::MAX, |s| s.span.start);
    let (photo, more) = photo::choose(file, &front, &parsed.images, first_section);
    warnings.extend(more);

    let meta = meta(file, &front, cx, locale, resolved.subject, &mut warnings)?;
    let mut doc = Document { meta, header: crate::model::Header { photo, ..resolved.header }, sections };
    if let Some(photo) = doc.header.photo.as_mut().filter(|p| p.alt.trim().is_empty()) {
        photo.alt = locale.photo_alt(doc.header.name.as_deref());
    }
    links::resolve_all(file, &mut doc, &links::Site { base: base_url }, &mut warnings);
    normalize::finish(&mut doc, &locale.typography);
    Ok(Warned { value: doc, warnings })
}

/// Leaves out the sections that held nothing but template code (`## Publications` over a
/// Liquid loop): their heading alone would stand over nothing. Each is named in a warning.
fn drop_template_only(file: &SourceFile, sections: &mut Vec<Section>, template: &[Span], warnings: &mut Vec<Diagnostic>) {
    let starts: Vec<usize> = sections.iter().skip(1).map(|s| s.span.start).chain([usize::MAX]).collect();
    let mut next = starts.iter();
    sections.retain(|s| {
        let end = next.next().copied().unwrap_or(usize::MAX);
        let emptied = !s.title.is_empty() && s.blocks.is_empty() && template.iter().any(|t| t.start >= s.span.end && t.end <= end);
        if emptied {
            let title = crate::model::Inline::plain_text(&s.title);
            warnings.push(
                Diagnostic::warning(file, s.span, format!("section `{title}` is left out: it holds only template code"))
                    .with_hint("write its entries in the page itself"),
            );
        }
        !emptied
    });
}

/// A page title that names a section ("Work experience", not a generic "About") heads what the
/// page opens with when that has no heading of its own: the page is that section. `None` when
/// it does not.
fn title_the_opening(sections: &mut [Section], title: &str, span: Span) -> Option<()> {
    let words = vocabulary::words();
    let named = words.is_section_title(title) && !words.is_generic_title(title);
    let first = sections.first_mut().filter(|s| named && s.title.is_empty())?;
    first.kind = words.section_kind(title).unwrap_or(crate::model::SectionKind::Other);
    first.title = vec![crate::model::Inline::plain(title, span)];
    Some(())
}

/// Whether the page's body already says `text` (its words, in order).
fn body_holds(file: &SourceFile, front: &FrontMatter, text: &str) -> bool {
    let body = file.text.get(front.body_start..).unwrap_or("");
    fold::fold_words(body).join(" ").contains(&fold::fold_words(text).join(" "))
}

/// Opens the résumé with a paragraph of `text`: at the start of its untitled opening, else as
/// an opening of its own.
fn open_with(sections: &mut Vec<Section>, text: &str, span: Span) {
    let para = Block { kind: BlockKind::Paragraph(vec![Inline::plain(text, span)]), span };
    // After the contact lines the opening starts with ("Paris · Email · LinkedIn").
    let contact_line = |b: &Block| {
        matches!(&b.kind, BlockKind::Paragraph(i)
            if Inline::plain_text(i).chars().count() <= 160 && i.iter().any(|x| matches!(x, Inline::Text { link: Some(_), .. })))
    };
    match sections.first_mut().filter(|s| s.title.is_empty()) {
        Some(first) => {
            let at = first.blocks.iter().take_while(|b| contact_line(b)).count();
            first.blocks.insert(at, para);
        }
        None => sections.insert(
            0,
            Section {
                title: Vec::new(),
                kind: SectionKind::Summary,
                optional: None,
                span,
                anchor: None,
                page_break: false,
                keep: false,
                blocks: vec![para],
            },
        ),
    }
}

/// A `.txt` file without front matter whose body is only plain paragraphs: not a page.
fn is_plain_text(file: &SourceFile, front: &FrontMatter, parsed: &markdown::Parsed) -> bool {
    let txt = file.path.extension().is_some_and(|e| e.eq_ignore_ascii_case("txt"));
    let plain =
        |i: &crate::model::Inline| matches!(i, crate::model::Inline::Text { style, link: None, .. } if *style == Default::default());
    txt && front.inner == Span::default()
        && parsed.flat.iter().all(
            |f| matches!(f, markdown::Flat::Block(b) if matches!(&b.kind, crate::model::BlockKind::Paragraph(i) if i.iter().all(plain))),
        )
}

/// Front-matter keys that name the page's language, in the order they are read.
pub(crate) const LANG_KEYS: &[&str] = &["lang", "languageCode", "language", "locale"];

/// The language: the caller's, else the front matter's (`lang`, `languageCode`, `language`),
/// else English; the regional catalogue the user or the page names, when in that language.
fn locale(file: &SourceFile, front: &FrontMatter, cx: &Context, warnings: &mut Vec<Diagnostic>) -> &'static Locale {
    let written = LANG_KEYS.iter().find_map(|k| front.text(file, k, warnings));
    let page_lang = written.as_deref().and_then(Lang::parse);
    let lang = cx.lang.or(page_lang).unwrap_or(Lang::En);
    // A page with `languageCode: en-gb` rendered with `--lang en` stays British.
    let tag = cx.tag.clone().or_else(|| written.filter(|_| page_lang == Some(lang)));
    Locale::get(lang, tag.as_deref())
}

/// Marks the sections the front matter declares optional (`optional = [...]`, also under
/// `cvpdf` or `params`) and ranks them with those marked `{.optional}`.
fn optional(file: &SourceFile, front: &FrontMatter, sections: &mut [Section], warnings: &mut Vec<Diagnostic>) {
    let key = ["optional", "cvpdf", "params"].into_iter().find(|k| match front.get(k) {
        Some(Value::Map(m)) => m.contains_key("optional"),
        Some(_) => *k == "optional",
        None => false,
    });
    let declared = match key.and_then(|k| front.get(k)) {
        Some(Value::Map(m)) => m.get("optional").and_then(Value::as_text_list).unwrap_or_default(),
        Some(v) => v.as_text_list().unwrap_or_default(),
        None => Vec::new(),
    };
    for title in outline::rank_optional(sections, &declared) {
        warnings.push(
            Diagnostic::warning(
                file,
                front.span(file, "optional"),
                format!("`optional` names `{title}`, which is not a section of the page"),
            )
            .with_hint("write the section's title as it stands in its heading"),
        );
    }
}

/// The document's metadata. An impossible `date` or `lastmod` is an error at its line.
fn meta(
    file: &SourceFile,
    front: &FrontMatter,
    cx: &Context,
    locale: &Locale,
    subject: Option<String>,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Meta, Diagnostic> {
    let stamp = |key: &str| -> Result<Option<Stamp>, Diagnostic> {
        let Some(text) = front.get(key).and_then(Value::as_text) else { return Ok(None) };
        Stamp::parse(&text).map(Some).map_err(|why| {
            Diagnostic::error(file, front.span(file, key), format!("front matter `{key}` is not a date: {why}"))
                .with_hint(format!("write it as `{key} = 2025-03-02` (TOML) or `{key}: 2025-03-02` (YAML)"))
        })
    };
    let (date, lastmod) = (stamp("date")?, stamp("lastmod")?);
    let commit = || commit_time(&file.path).and_then(|t| Stamp::parse(&t).ok());
    let draft = front.flag(file, "draft", warnings).unwrap_or(false);
    if draft {
        warnings.push(
            Diagnostic::warning(file, front.span(file, "draft"), "the page is a draft (`draft: true`); Hugo does not publish it")
                .with_hint("set `draft: false` when it is ready"),
        );
    }
    let mut keywords = front.list(file, "keywords", warnings);
    keywords.extend(front.list(file, "tags", warnings));
    Ok(Meta {
        lang: Lang::parse(&locale.tag).unwrap_or(Lang::En),
        locale: locale.tag.clone(),
        title: front.text(file, "title", &mut Vec::new()).map(|t| header::clean(&t)),
        date,
        lastmod,
        stamp: cx.epoch.map(Stamp::from_epoch).or(lastmod).or(date).or_else(commit),
        draft,
        keywords,
        subject,
    })
}

/// One warning for what a page leaves out as web-only (the first place, and how many), and a
/// note at each further place, so every place is named.
pub fn left_out(file: &SourceFile, places: &[(String, Span)], what: &str, hint: &str) -> Vec<Diagnostic> {
    let Some((_, first)) = places.first() else { return Vec::new() };
    let mut names: Vec<&str> = places.iter().map(|(n, _)| n.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    let mut out =
        vec![Diagnostic::warning(file, *first, format!("{what} ({} place(s)): {}", places.len(), names.join(", "))).with_hint(hint)];
    out.extend(places.iter().skip(1).map(|(n, span)| Diagnostic::note(file, *span, format!("{n} left out here too"))));
    out
}

/// When the page was last committed, from git (`2024-05-01T10:00:00+02:00`), if it is in a
/// repository and git is installed.
pub fn commit_time(path: &std::path::Path) -> Option<String> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    let name = path.file_name()?;
    // Starting git costs more than the rest of a run: only where there is a repository.
    let absolute = dir.canonicalize().ok()?;
    if !absolute.ancestors().any(|d| d.join(".git").exists()) {
        return None;
    }
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["log", "-1", "--format=%cI", "--"])
        .arg(name)
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let t = text.trim();
    (out.status.success() && !t.is_empty()).then(|| t.to_string())
}

/// `s[..i]`; all of `s` if `i` is past its end or inside a character. (Offsets here come from
/// `find`, so they are boundaries; the checked form keeps user text from ever causing a panic.)
pub(crate) fn head(s: &str, i: usize) -> &str {
    s.get(..i).unwrap_or(s)
}

/// `s[i..]`; empty if `i` is past its end or inside a character.
pub(crate) fn tail(s: &str, i: usize) -> &str {
    s.get(i..).unwrap_or("")
}

/// What stands before `i` on its line of `s`.
pub(crate) fn line_before(s: &str, i: usize) -> &str {
    let before = head(s, i);
    before.rfind('\n').map_or(before, |n| tail(before, n + 1))
}
