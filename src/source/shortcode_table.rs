//! What a shortcode means: an entry (a job), a section, a heading, inline text, a wrapper, a
//! decoration, or nothing cvpdf knows. The bundled table (`shortcodes.toml`) says which parameter
//! names mean what; a cvpdf.toml adds per-shortcode [`Spec`]s.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::source::dates;
use crate::source::shortcode::Tag;
use crate::source::vocabulary::words;

/// What a parameter means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    /// The role, title or degree.
    Role,
    /// A title: the role of an entry, else a section's or a heading's title.
    Title,
    /// The employer or school.
    Organisation,
    /// The dates, in one text.
    Dates,
    /// The first date.
    Start,
    /// The last date.
    End,
    /// Where.
    Location,
    /// A link.
    Link,
    /// Text under the entry (Markdown).
    Body,
    /// Not text: how it looks.
    Presentation,
}

/// What a shortcode is, when cvpdf.toml says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A job, a degree.
    Entry,
    /// A section that wraps its content.
    Section,
    /// A heading.
    Heading,
    /// Text set where it stands.
    Text,
    /// It only wraps its content.
    Wrapper,
    /// Left out without a word.
    Skip,
}

/// A `[shortcodes.NAME]` table of a cvpdf.toml.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Spec {
    /// What it is; guessed from its parameters when not given.
    pub kind: Option<Kind>,
    /// What its positional arguments mean, in order.
    #[serde(default)]
    pub positional: Vec<Field>,
    /// What its named parameters mean, beyond the bundled names.
    #[serde(default)]
    pub params: BTreeMap<String, Field>,
}

/// The bundled table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Bundled {
    params: BTreeMap<Field, Vec<String>>,
    wrappers: Vec<String>,
    inline_text: Vec<String>,
    decorations: Vec<String>,
    web: Vec<String>,
    site_links: Vec<String>,
}

fn bundled() -> &'static Bundled {
    static TABLE: OnceLock<Bundled> = OnceLock::new();
    TABLE.get_or_init(|| {
        // The bundled table is checked by the tests: failing here is a build defect.
        #[allow(clippy::panic)]
        // build.rs hands it over as JSON, which is read four times faster than the TOML.
        serde_json::from_str(include_str!(concat!(env!("OUT_DIR"), "/src/source/shortcodes.json")))
            .unwrap_or_else(|e| panic!("shortcodes.toml: {e}"))
    })
}

/// The bundled table with a cvpdf.toml's additions.
#[derive(Debug, Clone, Default)]
pub struct Table {
    /// Per-shortcode specs, by name.
    pub specs: BTreeMap<String, Spec>,
    /// More web-control shortcodes.
    pub web: Vec<String>,
}

/// An entry's fields, as a shortcode gives them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EntryFields {
    /// Role.
    pub role: Option<String>,
    /// Organisation.
    pub organisation: Option<String>,
    /// Place.
    pub location: Option<String>,
    /// Link.
    pub link: Option<String>,
    /// The dates as written (`when`, or `from` – `to`).
    pub when: Option<String>,
    /// The dates, read.
    pub dates: Option<crate::model::DateRange>,
    /// Markdown to set under the entry.
    pub body: Option<String>,
}

/// What a shortcode tag means.
#[derive(Debug, Clone, PartialEq)]
pub enum Meaning {
    /// A job or a degree.
    Entry(EntryFields),
    /// A section (paired) or a heading (unpaired), with its title.
    Titled(String),
    /// Text set where it stands.
    Text(String),
    /// Only wraps its content.
    Wrapper,
    /// Left out, nothing lost.
    Decoration,
    /// A web control: left out with what it wraps.
    Web,
    /// Not known: its inner text is kept, its parameters are not.
    Unknown,
}

/// A meaning, and the parameters it leaves unused (name and value).
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    /// What it means.
    pub meaning: Meaning,
    /// Parameters that say something and are not set: `("when", "1634")`, `("1", "Rust")`.
    pub unused: Vec<(String, String)>,
    /// It was read by guessing what positional arguments mean.
    pub guessed: bool,
}

impl Table {
    /// The bundled table with `specs` and web-control shortcodes `web` added.
    pub fn new(specs: BTreeMap<String, Spec>, web: Vec<String>) -> Table {
        Table { specs, web }
    }

    fn spec(&self, name: &str) -> Option<&Spec> {
        self.specs.get(name).or_else(|| self.specs.get(last_part(name)))
    }

    /// What a named parameter means for shortcode `name` (`""` for none in particular).
    pub fn field(&self, name: &str, param: &str) -> Option<Field> {
        let p = param.to_ascii_lowercase();
        if let Some(f) = self.spec(name).and_then(|s| s.params.get(&p).or_else(|| s.params.get(param))) {
            return Some(*f);
        }
        bundled().params.iter().find(|(_, names)| names.contains(&p)).map(|(f, _)| *f)
    }

    /// What `tag` means.
    pub fn read(&self, tag: &Tag) -> Reading {
        let name = tag.name.as_str();
        let last = last_part(name);
        let spec = self.spec(name);
        let listed = |list: &[String]| list.iter().any(|n| n.eq_ignore_ascii_case(last) || n.eq_ignore_ascii_case(name));
        let b = bundled();
        let kind = spec.and_then(|s| s.kind).or_else(|| {
            if listed(&b.decorations) {
                Some(Kind::Skip)
            } else if listed(&b.inline_text) {
                Some(Kind::Text)
            } else if listed(&b.wrappers) {
                Some(Kind::Wrapper)
            } else {
                None
            }
        });
        let plain = |meaning| Reading { meaning, unused: Vec::new(), guessed: false };
        if spec.and_then(|s| s.kind).is_none() {
            if listed(&b.web) || listed(&self.web) {
                return plain(Meaning::Web);
            }
            if listed(&b.site_links) {
                return plain(Meaning::Text(format!("relref:{}", tag.arg("path", 0).unwrap_or(""))));
            }
        }
        match kind {
            Some(Kind::Skip) => return plain(Meaning::Decoration),
            Some(Kind::Wrapper) => return Reading { meaning: Meaning::Wrapper, unused: self.unused_all(tag), guessed: false },
            Some(Kind::Text) => {
                let text = ["text", "name", "label", "title"].iter().find_map(|k| tag.arg(k, 0)).unwrap_or("").to_string();
                return plain(Meaning::Text(text));
            }
            _ => {}
        }
        let mut fields: Vec<(Field, String)> = Vec::new();
        let mut unused: Vec<(String, String)> = Vec::new();
        for (k, v) in &tag.named {
            match self.field(name, k) {
                Some(Field::Presentation) => {}
                Some(f) => fields.push((f, v.clone())),
                None if says_something(v) => unused.push((k.clone(), v.clone())),
                None => {}
            }
        }
        let positional = spec.map(|s| s.positional.as_slice()).unwrap_or(&[]);
        let mut guessed = false;
        if !positional.is_empty() {
            for (i, v) in tag.positional.iter().enumerate() {
                match positional.get(i) {
                    Some(Field::Presentation) => {}
                    Some(f) => fields.push((*f, v.clone())),
                    None => unused.push(((i + 1).to_string(), v.clone())),
                }
            }
        } else if let Some(guess) = guess_positional(&tag.positional) {
            fields.extend(guess);
            guessed = true;
        } else {
            unused.extend(
                tag.positional.iter().enumerate().filter(|(_, v)| says_something(v)).map(|(i, v)| ((i + 1).to_string(), v.clone())),
            );
        }
        let meaning = meaning_of(kind, &fields);
        if meaning == Meaning::Unknown {
            unused.splice(0..0, fields.into_iter().map(|(f, v)| (format!("{f:?}").to_lowercase(), v)));
        }
        Reading { meaning, unused, guessed }
    }

    fn unused_all(&self, tag: &Tag) -> Vec<(String, String)> {
        let named = tag.named.iter().filter(|(k, v)| self.field(&tag.name, k) != Some(Field::Presentation) && says_something(v));
        let positional =
            tag.positional.iter().enumerate().filter(|(_, v)| says_something(v)).map(|(i, v)| ((i + 1).to_string(), v.clone()));
        named.cloned().chain(positional).collect()
    }
}

/// `cv/experience` → `experience`.
fn last_part(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

/// Whether a parameter's value is text a reader would see: not empty, not a path, URL, number
/// or CSS.
fn says_something(v: &str) -> bool {
    let v = v.trim();
    v.chars().any(char::is_alphabetic)
        && !v.contains("://")
        && !(v.starts_with('/') || v.starts_with("./") || v.starts_with("../"))
        && !(v.contains(':') && v.contains(';'))
        && !v
            .rsplit_once('.')
            .is_some_and(|(_, ext)| matches!(ext.to_ascii_lowercase().as_str(), "pdf" | "png" | "jpg" | "jpeg" | "svg" | "webp" | "gif"))
}

/// Positional arguments read without a spec: when some are dates (`"Août" "Octobre 2025"`), the
/// dates are the entry's dates and the others, in order, its role, organisation and place; the
/// one that holds a job title, if one does, is the role. A key that repeats another argument
/// (`netflix` beside `Netflix`, a logo's name) is not text of its own.
fn guess_positional(args: &[String]) -> Option<Vec<(Field, String)>> {
    let dated = |a: &str| dates::parse_range(a).is_some_and(|r| r.start.is_some());
    if args.len() < 2 || !args.iter().any(|a| dated(a)) {
        return None;
    }
    let datelike = |a: &str| dated(a) || words().month(a.trim()).is_some() && !a.trim().contains(' ');
    let (when, rest): (Vec<&String>, Vec<&String>) = args.iter().partition(|a| datelike(a));
    let mut out = Vec::new();
    match when.as_slice() {
        [one] => out.push((Field::Dates, (*one).clone())),
        [first, .., last] => {
            out.push((Field::Start, (*first).clone()));
            out.push((Field::End, (*last).clone()));
        }
        [] => {}
    }
    let key = |a: &str| a.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect::<String>();
    let slug = |a: &str| a.chars().all(|c| c.is_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    let repeats = |i: usize, a: &str| slug(a) && rest.iter().enumerate().any(|(j, b)| j != i && !slug(b) && key(b) == key(a));
    let mut rest: Vec<&String> = rest.iter().enumerate().filter(|(i, a)| !repeats(*i, a)).map(|(_, a)| *a).collect();
    if let Some(i) = rest.iter().position(|a| words().has_job_title(a)) {
        let role = rest.remove(i);
        rest.insert(0, role);
    }
    for (f, v) in [Field::Role, Field::Organisation, Field::Location].into_iter().zip(rest) {
        out.push((f, v.clone()));
    }
    Some(out)
}

/// The meaning of a shortcode from its fields.
fn meaning_of(kind: Option<Kind>, fields: &[(Field, String)]) -> Meaning {
    let get = |f: Field| fields.iter().find(|(g, v)| *g == f && !v.trim().is_empty()).map(|(_, v)| v.trim().to_string());
    let entryish = [Field::Role, Field::Organisation, Field::Dates, Field::Start, Field::End, Field::Location, Field::Link];
    let is_entry = kind == Some(Kind::Entry) || (kind.is_none() && entryish.iter().any(|f| get(*f).is_some()));
    if is_entry {
        let (start, end) = (fields.iter().find(|(f, _)| *f == Field::Start), fields.iter().find(|(f, _)| *f == Field::End));
        let when = get(Field::Dates).or_else(|| {
            let s = start.map(|(_, v)| v.trim()).filter(|v| !v.is_empty());
            let e = end.map(|(_, v)| v.trim());
            match (s, e) {
                (Some(s), Some(e)) if !e.is_empty() => Some(format!("{s} – {e}")),
                (Some(s), _) => Some(s.to_string()),
                (None, Some(e)) if !e.is_empty() => Some(e.to_string()),
                _ => None,
            }
        });
        let dates = match get(Field::Dates) {
            Some(d) => dates::read_loosely(&d),
            None => {
                when.as_deref().and_then(dates::parse_range).or_else(|| dates::join(start.map(|s| s.1.as_str()), end.map(|e| e.1.as_str())))
            }
        };
        return Meaning::Entry(EntryFields {
            role: get(Field::Role).or_else(|| get(Field::Title)),
            organisation: get(Field::Organisation),
            location: get(Field::Location),
            link: get(Field::Link),
            when,
            dates,
            body: get(Field::Body),
        });
    }
    match get(Field::Title) {
        Some(t) if matches!(kind, None | Some(Kind::Section | Kind::Heading)) => Meaning::Titled(t),
        _ => Meaning::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::shortcode::parse_tag;

    #[test]
    fn the_json_build_rs_writes_says_what_the_toml_says() {
        let from_toml: Bundled = toml::from_str(include_str!("shortcodes.toml")).unwrap();
        assert_eq!(format!("{from_toml:?}"), format!("{:?}", bundled()));
    }

    fn read(src: &str) -> Reading {
        Table::default().read(&parse_tag(src).unwrap())
    }

    #[test]
    fn bundled_table_parses() {
        assert!(bundled().params.contains_key(&Field::Organisation));
    }

    #[test]
    fn entry_parameters() {
        let r = read(r#"{{< job title="Lead" company="Acme" location="Lyon" dates="2019 – 2021" logo="acme.png" >}}"#);
        let Meaning::Entry(e) = r.meaning else { panic!("{r:?}") };
        assert_eq!((e.role.as_deref(), e.organisation.as_deref(), e.location.as_deref()), (Some("Lead"), Some("Acme"), Some("Lyon")));
        assert_eq!(e.dates.unwrap().start.unwrap().year, 2019);
        assert!(r.unused.is_empty(), "{:?}", r.unused);
        let r = read(r#"{{< resume-entry what="Ambassador" where="Paris" when="1634–1645" >}}"#);
        assert!(matches!(r.meaning, Meaning::Entry(EntryFields { role: Some(_), organisation: Some(_), dates: Some(_), .. })));
        let r = read(r#"{{< cv/experience name="Sandvine" date="02 Aug 2021 – Present" title="Engineer" >}}"#);
        assert!(matches!(r.meaning, Meaning::Entry(EntryFields { organisation: Some(o), .. }) if o == "Sandvine"));
        let r = read(r#"{{< resume/degree deg="BSc" uni="Example University" start="22 Aug 2018" >}}"#);
        assert!(
            r.unused.is_empty()
                && matches!(&r.meaning, Meaning::Entry(EntryFields { role: Some(d), organisation: Some(u), .. }) if d == "BSc" && u == "Example University"),
            "{r:?}"
        );
        assert!(read(r#"{{< resume/experience title="Lead" comp="Acme" >}}"#).unused.is_empty());
    }

    #[test]
    fn sections_text_wrappers_and_unknown() {
        assert_eq!(read(r#"{{< resume-section title="Experience" >}}"#).meaning, Meaning::Titled("Experience".into()));
        assert_eq!(read(r#"{{< resume/tag "Python" >}}"#).meaning, Meaning::Text("Python".into()));
        assert_eq!(read(r#"{{< container >}}"#).meaning, Meaning::Wrapper);
        assert_eq!(read(r#"{{< icon name="github" >}}"#).meaning, Meaning::Decoration);
        let r = read(r#"{{< cvbib "publication" >}}"#);
        assert_eq!(r.meaning, Meaning::Unknown);
        assert_eq!(r.unused, [("1".to_string(), "publication".to_string())]);
        assert_eq!(read(r#"{{< pdfReader "/resume_fr.pdf" >}}"#).meaning, Meaning::Web);
        assert_eq!(read(r#"{{< button href="/cv.pdf" >}}"#).meaning, Meaning::Web);
        assert_eq!(read(r#"{{< relref "projects/x" >}}"#).meaning, Meaning::Text("relref:projects/x".into()));
    }

    #[test]
    fn positional_dates_are_guessed() {
        let r = read(r#"{{<resumeHeader "Développeur logiciel (Angel) CDI" "Août" "Octobre 2025">}}"#);
        assert!(r.guessed);
        let Meaning::Entry(e) = r.meaning else { panic!() };
        assert_eq!(e.role.as_deref(), Some("Développeur logiciel (Angel) CDI"));
        assert_eq!(e.when.as_deref(), Some("Août – Octobre 2025"));
        let d = e.dates.unwrap();
        assert_eq!((d.start.unwrap().year, d.start.unwrap().month), (2025, Some(8)));
        // The argument with a job title is the role; a key repeating the organisation is dropped.
        let r = read(r#"{{< experience acme-corp "Acme Corp" "2019 - 2021" "Staff Engineer, Data" >}}"#);
        let Meaning::Entry(e) = r.meaning else { panic!() };
        assert_eq!((e.role.as_deref(), e.organisation.as_deref()), (Some("Staff Engineer, Data"), Some("Acme Corp")));
    }

    #[test]
    fn a_spec_from_cvpdf_toml() {
        let spec: Spec =
            toml::from_str("kind = \"entry\"\npositional = [\"role\", \"organisation\"]\n[params]\nperiode = \"dates\"").unwrap();
        let table = Table::new([("poste".to_string(), spec)].into(), Vec::new());
        let r = table.read(&parse_tag(r#"{{< poste "Chef" "Acme" periode="2020" >}}"#).unwrap());
        let Meaning::Entry(e) = r.meaning else { panic!() };
        assert_eq!((e.role.as_deref(), e.organisation.as_deref(), e.when.as_deref()), (Some("Chef"), Some("Acme"), Some("2020")));
    }
}
