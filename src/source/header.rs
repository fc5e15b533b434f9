//! The header: name, headline and contacts, from every place authors put them, in this order:
//!
//! 1. `cvpdf.toml` (its `[fr]` / `[en]` table for the page's language first);
//! 2. the page's front matter: `name`, `author`, `role` / `headline` / `subtitle` / `jobTitle`,
//!    `description`, the contact keys (`email`, `phone`, `location` / `address`, `website`,
//!    `linkedin`, `github`, `gitlab`, `mastodon`, `twitter`), also inside tables such as
//!    `[contact]`, `[params]`, `[params.links]`, `[author]`, `[extra]`;
//! 3. the page's `title`, when it names the person ("Jane Doe", "Jane Doe - CV", "Jane Doe —
//!    Engineer", "Jane Doe Senior Engineer"), and its title lines above the first section;
//! 4. the Hugo site configuration (`params`, `author`).
//!
//! A generic title ("CV", "Mon CV", "About me") is never the name; neither is a section title.

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, SourceFile, Span};
use crate::model::{Contact, Header, Inline};
use crate::source::front::{FrontMatter, Value, dotted, get};
use crate::source::html;
use crate::source::profile::Profile;
use crate::source::vocabulary::{fold_words, words};

/// A kind of contact, in the order they are set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Email,
    Phone,
    Website,
    Github,
    Gitlab,
    Linkedin,
    Mastodon,
    Twitter,
    Location,
}

/// Keys for each kind of field, lower case.
const NAME: &[&str] = &["name", "fullname", "full_name", "author"];
const HEADLINE: &[&str] =
    &["role", "headline", "subtitle", "jobtitle", "job_title", "job", "position", "tagline", "occupation", "label", "poste"];
const CONTACTS: &[(Kind, &[&str])] = &[
    (Kind::Email, &["email", "mail", "e-mail", "courriel"]),
    (Kind::Phone, &["phone", "tel", "telephone", "téléphone", "mobile"]),
    (Kind::Website, &["website", "site", "homepage", "web", "url"]),
    (Kind::Github, &["github"]),
    (Kind::Gitlab, &["gitlab"]),
    (Kind::Linkedin, &["linkedin"]),
    (Kind::Mastodon, &["mastodon"]),
    (Kind::Twitter, &["twitter", "x"]),
    (Kind::Location, &["location", "address", "localisation", "city", "adresse"]),
];
/// Tables that hold header fields.
pub const NESTED: &[&str] = &["contact", "contacts", "params", "links", "social", "author", "extra", "profile", "cv", "header", "basics"];

/// Keys of the page description, a headline when it does not describe the page.
const DESCRIPTION: &[&str] = &["description", "summary"];

/// Keys of a list of roles, set as the headline joined ("Optician · Developer").
const HEADLINES: &[&str] = &["titles", "roles", "taglines", "headlines"];

/// Keys of a list of profiles on other sites: JSON Resume's `profiles`, each with its
/// `network` and its `url` or `username`.
const PROFILES: &[&str] = &["profiles"];

/// Whether the header reads the field `key` holding `value`, in any of the [`NESTED`] tables or
/// at the top: a text field it knows, a list of roles, or a list of profiles on networks it
/// knows.
pub fn reads(key: &str, value: &Value) -> bool {
    let is = |keys: &[&str]| keys.iter().any(|k| k.eq_ignore_ascii_case(key));
    match value {
        Value::List(items) if is(PROFILES) => items.iter().all(|p| p.as_map().and_then(profile).is_some()),
        Value::List(_) => is(HEADLINES) && value.as_text_list().is_some(),
        _ => value.as_text().is_some() && (is(NAME) || is(HEADLINE) || is(DESCRIPTION) || CONTACTS.iter().any(|(_, keys)| is(keys))),
    }
}

/// A profile on a network the header knows (`network = "GitHub"`, `url = "…"`): its kind and
/// its address (or user name).
fn profile(p: &BTreeMap<String, Value>) -> Option<(Kind, String)> {
    let field = |k: &str| get(p, k).and_then(Value::as_text).map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
    let network = fold_words(&field("network")?).join(" ");
    let kinds = [Kind::Github, Kind::Gitlab, Kind::Linkedin, Kind::Mastodon, Kind::Twitter];
    let kind = CONTACTS.iter().find(|(k, keys)| kinds.contains(k) && keys.contains(&network.as_str())).map(|(k, _)| *k)?;
    Some((kind, field("url").or_else(|| field("username"))?))
}

/// What one place says about the header.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fields {
    /// The person's name.
    pub name: Option<String>,
    /// The line under it.
    pub headline: Option<String>,
    /// A description of the page (a headline only when it does not describe a page).
    pub description: Option<String>,
    contacts: BTreeMap<Kind, String>,
    /// Values passed over because another key of the same kind came first: the key's dotted
    /// path as written (`params.email`), its value, and the path of the key set instead.
    pub passed_over: Vec<(String, String, String)>,
}

impl Fields {
    /// What a table of keys says (front matter, site parameters), looking into nested tables.
    pub fn of(table: &BTreeMap<String, Value>) -> Fields {
        // Each table with its dotted path (`params.links`).
        let mut scopes = vec![(String::new(), table)];
        let mut i = 0;
        while let Some((path, scope)) = scopes.get(i).cloned() {
            for (key, value) in NESTED.iter().filter_map(|n| scope.iter().find(|(k, _)| k.eq_ignore_ascii_case(n))) {
                if let Value::Map(m) = value
                    && scopes.len() < 16
                {
                    scopes.push((dotted(&path, key), m));
                }
            }
            i += 1;
        }
        let mut passed_over = Vec::new();
        let mut text = |keys: &[&str], usable: fn(&str) -> bool| {
            let found: Vec<(String, String)> = scopes
                .iter()
                .flat_map(|(path, s)| {
                    keys.iter().filter_map(move |k| s.iter().find(|(key, _)| key.eq_ignore_ascii_case(k)).map(|f| (path, f)))
                })
                .filter_map(|(path, (key, v))| {
                    let t = clean(&v.as_text()?);
                    usable(&t).then(|| (dotted(path, key), t))
                })
                .collect();
            let (first_key, first) = found.first()?.clone();
            let differs = |t: &String| fold_words(t) != fold_words(&first);
            passed_over.extend(found.iter().filter(|(_, t)| differs(t)).map(|(k, t)| (k.clone(), t.clone(), first_key.clone())));
            Some(first)
        };
        let any = |t: &str| !t.is_empty();
        let mut f =
            Fields { name: text(NAME, any), headline: text(HEADLINE, any), description: text(DESCRIPTION, any), ..Fields::default() };
        let in_scopes = |keys: &'static [&str]| scopes.iter().flat_map(move |(_, s)| keys.iter().filter_map(move |k| get(s, k)));
        if f.headline.is_none() {
            f.headline = in_scopes(HEADLINES).find_map(Value::as_text_list).filter(|l| !l.is_empty()).map(|l| clean(&l.join(" · ")));
        }
        for (kind, address) in in_scopes(PROFILES)
            .filter_map(|v| if let Value::List(l) = v { Some(l) } else { None })
            .flatten()
            .filter_map(|p| profile(p.as_map()?))
        {
            f.contacts.entry(kind).or_insert(address);
        }
        for (kind, keys) in CONTACTS {
            // A path on the site (Hugo's `url = "/cv/"`) is not a web site.
            let usable: fn(&str) -> bool = if *kind == Kind::Website { |t| !t.is_empty() && !t.starts_with('/') } else { any };
            if let Some(v) = text(keys, usable) {
                f.contacts.insert(*kind, v);
            }
        }
        f.passed_over = passed_over;
        // An `author` that is an address, not a name: "<me@example.org> - Lyon, France".
        if let Some(n) = f.name.clone().filter(|n| n.contains('@')) {
            f.name = None;
            let (mail, rest): (Vec<&str>, Vec<&str>) = n.split_whitespace().partition(|w| w.contains('@'));
            if let Some(m) = mail.first() {
                f.contacts.entry(Kind::Email).or_insert_with(|| m.trim_matches(['<', '>']).to_string());
            }
            let rest = rest.join(" ").trim_matches(|c: char| c == '-' || c == '—' || c.is_whitespace()).to_string();
            if !rest.is_empty() {
                f.contacts.entry(Kind::Location).or_insert(rest);
            }
        }
        f
    }

    /// What a cvpdf.toml says.
    pub fn of_profile(p: &Profile) -> Fields {
        let mut f = Fields { name: p.name.clone(), headline: p.headline.clone(), ..Fields::default() };
        for (kind, v) in [
            (Kind::Email, &p.email),
            (Kind::Phone, &p.phone),
            (Kind::Website, &p.website),
            (Kind::Github, &p.github),
            (Kind::Gitlab, &p.gitlab),
            (Kind::Linkedin, &p.linkedin),
            (Kind::Mastodon, &p.mastodon),
            (Kind::Twitter, &p.twitter),
            (Kind::Location, &p.location),
        ] {
            if let Some(v) = v {
                f.contacts.insert(kind, clean(v));
            }
        }
        f
    }
}

/// A front-matter string as text: HTML read as markup (`<br>`, `&amp;`), spaces collapsed.
/// An autolink (`<me@example.org>`, `<https://…>`) is its address, not a tag.
pub fn clean(s: &str) -> String {
    let mut text = s.to_string();
    while let Some((a, b)) = text.find('<').and_then(|a| Some((a, a + text.get(a..)?.find('>')?))) {
        let inner = text.get(a + 1..b).unwrap_or("");
        if !(inner.contains('@') || inner.contains("://")) {
            break;
        }
        text = format!("{}{inner}{}", text.get(..a).unwrap_or(""), text.get(b + 1..).unwrap_or(""));
    }
    html::to_text(&text).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A page title, read: the name and headline it gives, and whether it was split by job title.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TitleReading {
    /// The person's name.
    pub name: Option<String>,
    /// A role.
    pub headline: Option<String>,
    /// The name was split from a role by the first job-title word.
    pub split: bool,
    /// Generic words were taken off to find the name ("Jane Doe's CV"): a weaker reading.
    pub stripped: bool,
}

/// Reads a title: "Jane Doe", "Jane Doe - CV", "CV Jane Doe", "Jane Doe's CV", "Jane Doe — Senior
/// Engineer", "Jane Doe Senior Engineer", "Senior Engineer". Generic titles and section titles
/// give nothing.
pub fn read_title(title: &str) -> TitleReading {
    let w = words();
    let title = title.trim_matches(|c: char| !c.is_alphanumeric() && !"().$".contains(c)).trim();
    if w.is_generic_title(title) || w.is_section_title(title) {
        return TitleReading::default();
    }
    let written: Vec<String> = [" — ", " – ", " - ", " | ", " · ", ": "]
        .iter()
        .find(|s| title.contains(**s))
        .map_or_else(|| vec![title.to_string()], |s| title.split(s).map(|p| p.trim().to_string()).collect());
    let parts: Vec<String> = written.iter().map(|p| strip_generic(p)).filter(|p| !p.is_empty() && !w.is_generic_title(p)).collect();
    // Generic words were taken off, not just the separator between name and role.
    let stripped = parts != written;
    let reading = match parts.as_slice() {
        [one] => split_name(one),
        // Two roles ("Architect | Ex-CTO"): the whole title is the headline.
        [a, b, ..] if w.has_job_title(a) && w.has_job_title(b) => {
            TitleReading { headline: Some(title.to_string()), ..TitleReading::default() }
        }
        [a, b, ..] => {
            let (name, role) = if w.has_job_title(a) && !w.has_job_title(b) { (b, a) } else { (a, b) };
            if looks_like_name(name) {
                TitleReading { name: Some(name.clone()), headline: Some(role.clone()), ..TitleReading::default() }
            } else {
                TitleReading { headline: Some(title.to_string()), ..TitleReading::default() }
            }
        }
        [] => TitleReading::default(),
    };
    TitleReading { stripped, ..reading }
}

/// "Jane Doe Senior Engineer" → name and role, split before the first job-title word (with the
/// words that qualify it); a title that is all role is a headline.
fn split_name(title: &str) -> TitleReading {
    let ws: Vec<&str> = title.split_whitespace().collect();
    let folded: Vec<String> = ws.iter().map(|w| fold_words(w).join(" ")).collect();
    match words().job_title_start(&folded) {
        Some(0) => TitleReading { headline: Some(title.to_string()), ..TitleReading::default() },
        Some(at) => {
            let name = ws.get(..at).unwrap_or(&[]).join(" ");
            let role = ws.get(at..).unwrap_or(&[]).join(" ");
            if looks_like_name(&name) {
                TitleReading { name: Some(name), headline: Some(role), split: true, ..TitleReading::default() }
            } else {
                TitleReading { headline: Some(title.to_string()), ..TitleReading::default() }
            }
        }
        None if looks_like_name(title) => TitleReading { name: Some(title.to_string()), ..TitleReading::default() },
        None => TitleReading { headline: Some(title.to_string()), ..TitleReading::default() },
    }
}

/// Words that tie a generic title to the name after it: "CV de Jean Dupont", "CV d'Issa Sanogo",
/// "Resume of Jane Roe".
const TIES: &[&str] = &["de", "du", "of", "d'", "d’"];

/// A title without generic words at its start or end ("CV Jane Doe", "Jane Doe's CV", "CV de
/// Jean Dupont").
fn strip_generic(part: &str) -> String {
    let w = words();
    let mut ws: Vec<&str> = part.split_whitespace().collect();
    for n in (1..=3).rev() {
        if ws.len() > n && w.is_generic_title(&ws.get(..n).unwrap_or(&[]).join(" ")) {
            ws.drain(..n);
            if let Some(first) = ws.first_mut() {
                let word: &str = first;
                let tied = TIES.iter().find_map(|t| word.strip_prefix(t).filter(|r| t.ends_with(['\'', '’']) || r.is_empty()));
                *first = tied.unwrap_or(word);
            }
            ws.retain(|w| !w.is_empty());
        }
        if ws.len() > n && w.is_generic_title(&ws.get(ws.len() - n..).unwrap_or(&[]).join(" ")) {
            ws.truncate(ws.len() - n);
            if let Some(last) = ws.last_mut() {
                *last = last.trim_end_matches("'s").trim_end_matches("’s");
            }
        }
    }
    ws.join(" ")
}

/// A name: two to five words, no digits, at least one starting with a capital letter.
fn looks_like_name(s: &str) -> bool {
    let ws: Vec<&str> = s.split_whitespace().collect();
    // Words a name leaves in lower case: "Jean de La Fontaine", "Ludwig van Beethoven".
    const PARTICLES: &[&str] = &[
        "de", "du", "des", "van", "von", "der", "den", "da", "di", "del", "della", "le", "la", "bin", "ibn", "al", "el", "y", "dos", "das",
        "do", "ter", "ten", "zu",
    ];
    let named = |w: &&str| {
        let w = w.trim_start_matches(|c: char| !c.is_alphabetic());
        let w = ["d'", "d’", "l'", "l’"].iter().find_map(|p| w.strip_prefix(p)).unwrap_or(w);
        w.chars().next().is_none_or(|c| !c.is_lowercase()) || PARTICLES.contains(&w)
    };
    (2..=5).contains(&ws.len())
        && !s.chars().any(|c| c.is_ascii_digit() || c == '@')
        && ws.iter().any(|w| w.chars().next().is_some_and(char::is_uppercase))
        && outside_brackets(s).split_whitespace().collect::<Vec<_>>().iter().all(named)
}

/// `s` without what it puts in brackets ("Emmanuel Amadio (emmanuel io)" → "Emmanuel Amadio ").
fn outside_brackets(s: &str) -> String {
    let mut depth = 0i32;
    s.chars()
        .filter(|c| {
            depth += i32::from(*c == '(') - i32::from(*c == ')');
            depth == 0 && *c != ')'
        })
        .collect()
}

/// A user name rather than a person's name: one word, no capital (`jdoe`, `charlesdpj`).
fn is_handle(name: &str) -> bool {
    !name.trim().contains(char::is_whitespace) && !name.chars().any(char::is_uppercase)
}

/// Where the header comes from.
pub struct Sources<'a> {
    /// The page.
    pub file: &'a SourceFile,
    /// Its front matter.
    pub front: &'a FrontMatter,
    /// The cvpdf.toml, for the page's language.
    pub profile: Option<&'a Profile>,
    /// The site's parameters (and its `author`).
    pub site: Option<Fields>,
    /// The page's title lines above the first section.
    pub titles: &'a [(Vec<Inline>, Span)],
}

/// The header, the title lines it took (to leave out of the body), and the PDF's subject.
#[derive(Debug, Clone, Default)]
pub struct Resolved {
    /// Name, headline, contacts (no photo yet).
    pub header: Header,
    /// Title lines set in the header.
    pub taken: Vec<Span>,
    /// The PDF's Subject.
    pub subject: Option<String>,
    /// The page title, where it names neither the person nor their role ("Work experience"),
    /// with its span: the caller sets it or says it is not printed ([`unprinted_title`]).
    pub page_title: Option<(String, Span)>,
    /// A description that speaks of the person, not of the page, and is not the headline
    /// (`summary = "Backend developer with eight years…"`), with its span: the caller opens the
    /// résumé with it.
    pub summary: Option<(String, Span)>,
}

/// The note for a page title that is not printed.
pub fn unprinted_title(file: &SourceFile, title: &str, span: Span) -> Diagnostic {
    Diagnostic::note(file, span, format!("the page title `{title}` names the page, not the person: it is not printed"))
}

/// Resolves the header from its sources, with notes on titles it does not print and a warning
/// when nothing names the person.
pub fn resolve(s: &Sources<'_>, warnings: &mut Vec<Diagnostic>) -> Resolved {
    let profile = s.profile.map(Fields::of_profile).unwrap_or_default();
    let front = Fields::of(&s.front.table);
    for (key, value, chosen) in &front.passed_over {
        warnings.push(
            Diagnostic::warning(
                s.file,
                s.front.span(s.file, key),
                format!("front matter field `{key}` (\"{value}\") is not in the PDF: the header sets one of its kind, `{chosen}`"),
            )
            .with_hint("keep one of the two, or write the other in the page body"),
        );
    }
    let site = s.site.clone().unwrap_or_default();
    let title = s.front.text(s.file, "title", warnings).map(|t| clean(&t)).unwrap_or_default();
    let from_title = read_title(&title);
    let title_span = s.front.span(s.file, "title");
    let lines: Vec<(TitleReading, String, Span)> =
        s.titles.iter().map(|(l, span)| (Inline::plain_text(l), *span)).map(|(t, span)| (read_title(&t), t, span)).collect();

    let mut out = Resolved::default();
    let (strong, weak) = if from_title.stripped { (None, from_title.name.clone()) } else { (from_title.name.clone(), None) };
    let from_line = lines.iter().find(|(r, _, _)| r.name.is_some());
    // A user name (`author = "jdoe"`) gives way to a name the page writes at its top.
    let front_name = not_placeholder(s, front.name.clone(), warnings);
    let handle = front_name.clone().filter(|n| is_handle(n) && from_line.is_some() && profile.name.is_none());
    let name = profile
        .name
        .clone()
        .or_else(|| front_name.filter(|_| handle.is_none()))
        .or(strong)
        .or_else(|| from_line.and_then(|(r, _, _)| r.name.clone()))
        .or(weak)
        .or_else(|| site.name.clone().filter(|n| !words().is_placeholder_name(n)))
        .or_else(|| described_name(s, front.description.as_deref(), warnings));
    // A title line whose name is not the one chosen is a role as a whole.
    let line_headline = |r: &TitleReading, text: &str| {
        if r.name.is_some() && r.name != name { words().has_job_title(text).then(|| text.to_string()) } else { r.headline.clone() }
    };
    let description = front.description.clone().filter(|d| !describes_the_page(d) && is_headline_length(d));
    let line_role = lines.iter().find(|(r, _, _)| r.name.is_none() && r.headline.is_some());
    let headline = profile
        .headline
        .clone()
        .or_else(|| front.headline.clone())
        .or_else(|| description.clone())
        .or_else(|| from_title.headline.clone())
        .or_else(|| from_line.and_then(|(r, t, _)| line_headline(r, t)))
        .or_else(|| line_role.and_then(|(r, t, _)| line_headline(r, t)))
        .or_else(|| site.headline.clone());
    // Title lines the header sets: the one that gave the name or headline, or repeats the name.
    for (r, text, span) in &lines {
        let same = |a: &Option<String>, b: &str| a.as_deref().is_some_and(|a| fold_words(a) == fold_words(b));
        if same(&name, text)
            || same(&headline, text)
            || r.name.is_some() && r.name == name && (r.headline.is_none() || r.headline == headline)
        {
            out.taken.push(*span);
        }
    }
    if let (Some(h), Some(n)) = (&handle, &name) {
        let key = NAME.iter().find(|k| s.front.get(k).is_some()).copied().unwrap_or("author");
        let message = format!("front matter field `{key}` (\"{h}\") reads as a user name: the name at the top is `{n}`, from the page");
        warnings.push(Diagnostic::note(s.file, s.front.span(s.file, key), message));
    }
    out.page_title = title_notes(s, (&title, title_span), &from_title, (&name, &headline), warnings);
    if name.is_none() {
        let span = if title.is_empty() { Span::new(s.front.body_start, s.front.body_start) } else { title_span };
        warnings.push(
            Diagnostic::warning(s.file, span, "nothing on the page gives the person's name: the résumé has no name at the top")
                .with_hint("add `name = \"Jane Doe\"` to the front matter (or to cvpdf.toml), or start the page with `# Jane Doe`"),
        );
    }
    out.subject = headline.clone().or_else(|| front.description.clone());
    out.summary = front.description.as_ref().filter(|d| Some(*d) != headline.as_ref()).and_then(|d| summary(s, d, &out.subject, warnings));
    let mut contacts = site.contacts;
    contacts.extend(front.contacts);
    contacts.extend(profile.contacts);
    out.header = Header { name, headline, contacts: contacts.into_iter().map(|(k, v)| contact(k, &v)).collect(), photo: None };
    out
}

/// The notes on a page title the header reads (split into name and headline, partly used, a
/// role beside another headline), and the title when it names neither the person nor their
/// role: the caller sets it or says it is not printed.
fn title_notes(
    s: &Sources<'_>,
    (title, title_span): (&String, Span),
    from_title: &TitleReading,
    (name, headline): (&Option<String>, &Option<String>),
    warnings: &mut Vec<Diagnostic>,
) -> Option<(String, Span)> {
    if from_title.split && *name == from_title.name {
        warnings.push(
            Diagnostic::note(
                s.file,
                title_span,
                format!(
                    "the title is read as the name `{}` and the headline `{}`",
                    from_title.name.as_deref().unwrap_or(""),
                    from_title.headline.as_deref().unwrap_or("")
                ),
            )
            .with_hint("to choose, set `name = \"…\"` and `headline = \"…\"` in the front matter or in cvpdf.toml"),
        );
    }
    let title_used =
        from_title.name.is_some() && from_title.name == *name && (from_title.headline.is_none() || from_title.headline == *headline)
            || from_title.headline.is_some() && from_title.headline == *headline && from_title.name.is_none();
    if title_used && from_title.stripped {
        warnings.push(Diagnostic::note(
            s.file,
            title_span,
            format!("only part of the page title `{title}` names the person; the rest is not printed"),
        ));
    }
    let unused_title = !title.trim().is_empty() && !title_used && name.as_deref().is_none_or(|n| fold_words(n) != fold_words(title));
    match (&from_title.headline, headline) {
        // A title that is a role, beside a headline the front matter sets.
        (Some(role), Some(h)) if unused_title && from_title.name.is_none() && words().has_job_title(role) => warnings.push(
            Diagnostic::note(
                s.file,
                title_span,
                format!("the page title `{title}` is a role; the headline is `{h}`: the title is not printed"),
            )
            .with_hint(format!("to print the title instead, set `headline = \"{title}\"` in the front matter or in cvpdf.toml")),
        ),
        _ if unused_title => return Some((title.clone(), title_span)),
        _ => {}
    }
    None
}

/// A description that is not the headline: a note when it speaks of the page, else the
/// summary that opens the résumé, with its span.
fn summary(s: &Sources<'_>, d: &str, subject: &Option<String>, warnings: &mut Vec<Diagnostic>) -> Option<(String, Span)> {
    let key = DESCRIPTION.iter().find(|k| s.front.get(k).is_some()).unwrap_or(&"description");
    let span = s.front.span(s.file, key);
    if !describes_the_page(d) {
        return Some((d.to_string(), span));
    }
    let why = if subject.as_deref() == Some(d) { "it is the PDF's Subject, not printed on the page" } else { "it is not printed" };
    warnings.push(Diagnostic::note(s.file, span, format!("the description `{d}` describes the page: {why}")));
    None
}

/// A front-matter name, unless it is one a theme leaves in its place ("Hugo Authors"): then a
/// note at its field, and no name.
fn not_placeholder(s: &Sources<'_>, name: Option<String>, warnings: &mut Vec<Diagnostic>) -> Option<String> {
    let n = name?;
    if !words().is_placeholder_name(&n) {
        return Some(n);
    }
    let key = NAME.iter().find(|k| s.front.get(k).is_some()).copied().unwrap_or("author");
    let key = if matches!(s.front.get(key), Some(Value::Map(_))) { format!("{key}.name") } else { key.to_string() };
    warnings.push(
        Diagnostic::note(s.file, s.front.span(s.file, &key), format!("`{n}` is a theme's placeholder, not a name: it is not printed"))
            .with_hint("set `name = \"Jane Doe\"` in the front matter or in cvpdf.toml"),
    );
    None
}

/// The name a page description gives, tied to a generic title ("Issa Sanogo's resume - Senior
/// Data Engineer…", "CV d'Issa Sanogo — …"), with a note that says where it was read.
fn described_name(s: &Sources<'_>, d: Option<&str>, warnings: &mut Vec<Diagnostic>) -> Option<String> {
    let d = d?;
    let first =
        [" — ", " – ", " - ", " | ", " · ", ". ", ", "].iter().filter_map(|sep| d.find(sep)).min().and_then(|at| d.get(..at)).unwrap_or(d);
    let reading = read_title(first);
    let name = reading.name.filter(|_| reading.stripped)?;
    let key = DESCRIPTION.iter().find(|k| s.front.get(k).is_some()).unwrap_or(&"description");
    warnings.push(
        Diagnostic::note(s.file, s.front.span(s.file, key), format!("the name at the top, `{name}`, is read from the description"))
            .with_hint(format!("to choose it, set `name = \"{name}\"` in the front matter or in cvpdf.toml")),
    );
    Some(name)
}

/// A description short enough to be a headline: one phrase of at most twelve words, not
/// sentences ("Freelance Data Engineer Paris. 8 ans d'expérience…" opens the résumé instead).
fn is_headline_length(d: &str) -> bool {
    let d = d.trim().trim_end_matches('.');
    d.split_whitespace().count() <= 12 && !d.contains(". ")
}

/// Words that make a description talk about the page rather than the person.
const PAGE_WORDS: &[&str] = &["cv", "resume", "curriculum", "vitae", "page", "site", "website", "blog"];

/// A description that talks about the page ("Version en ligne de mon CV", "Full Stack Resume",
/// "About me").
fn describes_the_page(d: &str) -> bool {
    fold_words(d).iter().any(|w| PAGE_WORDS.contains(&w.as_str())) || words().is_generic_title(d)
}

/// A contact line and its link.
fn contact(kind: Kind, value: &str) -> Contact {
    let v = value.trim();
    // An address with a scheme stays as written (the links stage refuses the ones a PDF must not
    // follow); a bare name or host gets the site's address.
    let has_scheme = v.split_once(':').is_some_and(|(s, _)| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric()));
    let url = |host: &str| if has_scheme { v.to_string() } else { format!("https://{host}{}", v.trim_start_matches('@')) };
    let shown = |u: &str| u.split_once("://").map_or(u, |(_, r)| r).trim_start_matches("www.").trim_end_matches('/').to_string();
    let (text, link) = match kind {
        Kind::Email => (v.to_string(), v.contains('@').then(|| format!("mailto:{}", v.trim_start_matches("mailto:")))),
        Kind::Phone => (v.to_string(), Some(format!("tel:{}", v.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect::<String>()))),
        Kind::Website => (shown(&url("")), Some(url(""))),
        Kind::Github => (shown(&url("github.com/")), Some(url("github.com/"))),
        Kind::Gitlab => (shown(&url("gitlab.com/")), Some(url("gitlab.com/"))),
        Kind::Linkedin => (shown(&url("linkedin.com/in/")), Some(url("linkedin.com/in/"))),
        Kind::Twitter => (shown(&url("x.com/")), Some(url("x.com/"))),
        Kind::Mastodon => mastodon(v),
        Kind::Location => (v.to_string(), None),
    };
    Contact { text, url: link }
}

/// `@me@host.social` or a URL.
fn mastodon(v: &str) -> (String, Option<String>) {
    if v.contains("://") {
        let shown = v.split_once("://").map_or(v, |(_, r)| r).trim_end_matches('/').to_string();
        return (shown, Some(v.to_string()));
    }
    match v.trim_start_matches('@').split_once('@') {
        Some((user, host)) => (v.to_string(), Some(format!("https://{host}/@{user}"))),
        None => (v.to_string(), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(t: &str) -> (Option<String>, Option<String>) {
        let r = read_title(t);
        (r.name, r.headline)
    }

    #[test]
    fn titles() {
        let s = |x: &str| Some(x.to_string());
        assert_eq!(read("CV"), (None, None));
        assert_eq!(read("Curricilum Vitæ"), (None, None));
        assert_eq!(read("About Me"), (None, None));
        assert_eq!(read("Experience"), (None, None));
        assert_eq!(read("Jane Doe"), (s("Jane Doe"), None));
        assert_eq!(read("Jane Doe - CV"), (s("Jane Doe"), None));
        assert_eq!(read("Eldred HABERT — CV"), (s("Eldred HABERT"), None));
        assert_eq!(read("CV Alexandre ROUSSEAU"), (s("Alexandre ROUSSEAU"), None));
        assert_eq!(read("Isaac Newton's CV"), (s("Isaac Newton"), None));
        assert_eq!(read("CV de Jean Dupont"), (s("Jean Dupont"), None));
        assert_eq!(read("CV d'Issa Sanogo"), (s("Issa Sanogo"), None));
        assert_eq!(read("Resume of Jane Roe"), (s("Jane Roe"), None));
        assert_eq!(read("Curriculum vitae de Marie Curie"), (s("Marie Curie"), None));
        assert_eq!(read("Jane Doe — Site Reliability Engineer"), (s("Jane Doe"), s("Site Reliability Engineer")));
        assert_eq!(read("Romain Dauby Technical Director, Architect, CTO"), (s("Romain Dauby"), s("Technical Director, Architect, CTO")));
        assert_eq!(read("Software Developer"), (None, s("Software Developer")));
        assert_eq!(read("Architecte logiciel | Ex-CTO d'une start-up tech"), (None, s("Architecte logiciel | Ex-CTO d'une start-up tech")));
        assert_eq!(read("Emmanuel Amadio (emmanuel io)"), (s("Emmanuel Amadio (emmanuel io)"), None));
        assert_eq!(read("Jean de La Fontaine"), (s("Jean de La Fontaine"), None));
        assert!(read_title("Romain Dauby Technical Director, Architect, CTO").split);
        // Only generic words taken off make a weaker reading, not the dash between name and role.
        assert!(!read_title("Camille Martin – Ingénieure logiciel").stripped);
        assert!(read_title("Jane Doe - CV").stripped);
    }

    #[test]
    fn fields_from_nested_tables_and_addresses() {
        let mut contact = BTreeMap::new();
        contact.insert("email".to_string(), Value::String("a@example.org".into()));
        let mut t = BTreeMap::new();
        t.insert("contact".to_string(), Value::Map(contact));
        t.insert("jobTitle".to_string(), Value::String("Ingénieur <b>senior</b> &amp; lead".into()));
        let f = Fields::of(&t);
        assert_eq!(f.headline.as_deref(), Some("Ingénieur senior & lead"));
        assert_eq!(f.contacts.get(&Kind::Email).map(String::as_str), Some("a@example.org"));
        let mut t = BTreeMap::new();
        t.insert("author".to_string(), Value::String("<me@example.org> - Lyon, France".into()));
        let f = Fields::of(&t);
        assert_eq!(f.name, None);
        assert_eq!(f.contacts.get(&Kind::Location).map(String::as_str), Some("Lyon, France"));
    }

    #[test]
    fn a_second_value_of_a_kind_is_passed_over_by_its_path_and_a_site_path_is_no_web_site() {
        let front = |src: &str| crate::source::front::parse(&SourceFile::new("t.md", src.to_string())).unwrap().table;
        let f = Fields::of(&front(
            "---\nurl: /cv/\nemail: a@example.org\nphone: \"+33 1\"\nmobile: \"+33 6\"\nparams:\n  email: b@example.org\n  name: Sam\nname: sam\n---\n",
        ));
        assert_eq!(f.contacts.get(&Kind::Website), None, "Hugo's `url` is the page's path");
        assert_eq!(f.contacts.get(&Kind::Email).map(String::as_str), Some("a@example.org"));
        let over: Vec<(&str, &str)> = f.passed_over.iter().map(|(k, _, chosen)| (k.as_str(), chosen.as_str())).collect();
        assert_eq!(over, [("params.email", "email"), ("mobile", "phone")], "the same name in another case is not a second one");
    }

    #[test]
    fn json_resume_s_list_of_titles_and_its_profiles() {
        let front = |src: &str| crate::source::front::parse(&SourceFile::new("t.md", src.to_string())).unwrap().table;
        let table = front(
            "---\nbasics:\n  name: Sam\n  titles: [Optician, Developer]\n  profiles:\n    - network: GitHub\n      url: https://github.com/sam\n    - network: LinkedIn\n      username: sam-l\n---\n",
        );
        let f = Fields::of(&table);
        assert_eq!(f.headline.as_deref(), Some("Optician · Developer"));
        assert_eq!(f.contacts.get(&Kind::Github).map(String::as_str), Some("https://github.com/sam"));
        assert_eq!(f.contacts.get(&Kind::Linkedin).map(String::as_str), Some("sam-l"));
        let basics = table.get("basics").and_then(Value::as_map).unwrap();
        assert!(reads("profiles", basics.get("profiles").unwrap()) && reads("titles", basics.get("titles").unwrap()));
        let other = front("---\nprofiles:\n  - network: Dribbble\n    url: https://dribbble.com/sam\n---\n");
        assert!(!reads("profiles", other.get("profiles").unwrap()), "a network cvpdf cannot set is reported");
    }

    #[test]
    fn contacts_become_links() {
        assert_eq!(contact(Kind::Github, "someone").url.as_deref(), Some("https://github.com/someone"));
        assert_eq!(contact(Kind::Linkedin, "https://www.linkedin.com/in/x/").text, "linkedin.com/in/x");
        assert_eq!(contact(Kind::Phone, "+33 6 12").url.as_deref(), Some("tel:+33612"));
        assert_eq!(contact(Kind::Email, "your[at]email[dot]com").url, None);
        assert_eq!(contact(Kind::Mastodon, "@me@mamot.fr").url.as_deref(), Some("https://mamot.fr/@me"));
    }

    #[test]
    fn page_descriptions() {
        assert!(describes_the_page("Version en ligne de mon CV — expériences"));
        assert!(describes_the_page("Full Stack Software Developer Resume"));
        assert!(!describes_the_page("Ingénieure SRE Staff — systèmes distribués"));
    }
}
