//! The person's name, headline and contact lines, from a `cvpdf.toml` beside the page or in a
//! folder above it within the site, or from the `[params]` of the site's Hugo configuration.
//!
//! ```toml
//! name = "Élise Marchand"
//! headline = "Site reliability engineer"
//! email = "elise@example.com"
//! phone = "+33 6 00 00 00 00"
//! website = "example.com"
//! github = "elise-example"
//! linkedin = "elise-example"
//! location = "Lyon, France"
//!
//! [fr]
//! headline = "Ingénieure fiabilité"
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diag::{Diagnostic, SourceFile, Span};
use crate::model::Contact;
use crate::source::image::site_root;

/// The profile file's fields.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// The person's name, set at the top.
    pub name: Option<String>,
    /// One line under it.
    pub headline: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// Web site.
    pub website: Option<String>,
    /// GitHub user name or URL.
    pub github: Option<String>,
    /// LinkedIn user name or URL.
    pub linkedin: Option<String>,
    /// Where the person lives.
    pub location: Option<String>,
    /// French overrides of name, headline and location (`[fr]`).
    pub fr: Option<LangProfile>,
    /// English overrides (`[en]`).
    pub en: Option<LangProfile>,
}

/// What a language may say differently.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LangProfile {
    /// Name.
    pub name: Option<String>,
    /// Headline.
    pub headline: Option<String>,
    /// Location.
    pub location: Option<String>,
}

impl Profile {
    /// This profile with the overrides for `lang` applied.
    pub fn for_lang(&self, lang: &str) -> Profile {
        let mut p = self.clone();
        let over = match lang {
            "fr" => self.fr.as_ref(),
            "en" => self.en.as_ref(),
            _ => None,
        };
        if let Some(o) = over {
            p.name = o.name.clone().or(p.name);
            p.headline = o.headline.clone().or(p.headline);
            p.location = o.location.clone().or(p.location);
        }
        (p.fr, p.en) = (None, None);
        p
    }

    /// The contact lines, each with its link.
    pub fn contacts(&self) -> Vec<Contact> {
        let mut out = Vec::new();
        let push = |out: &mut Vec<Contact>, text: String, url: Option<String>| out.push(Contact { text, url });
        if let Some(e) = &self.email {
            push(&mut out, e.clone(), Some(format!("mailto:{}", e.trim())));
        }
        if let Some(p) = &self.phone {
            let digits: String = p.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
            push(&mut out, p.clone(), Some(format!("tel:{digits}")));
        }
        if let Some(w) = &self.website {
            let url = if w.contains("://") { w.clone() } else { format!("https://{w}") };
            push(&mut out, strip_scheme(w), Some(url));
        }
        for (value, host) in [(&self.github, "github.com/"), (&self.linkedin, "linkedin.com/in/")] {
            if let Some(v) = value {
                let url = if v.contains("://") { v.clone() } else { format!("https://{host}{}", v.trim_start_matches('@')) };
                push(&mut out, strip_scheme(&url).trim_start_matches("www.").to_string(), Some(url));
            }
        }
        if let Some(l) = &self.location {
            push(&mut out, l.clone(), None);
        }
        out
    }
}

fn strip_scheme(url: &str) -> String {
    url.split_once("://").map_or(url, |(_, rest)| rest).trim_end_matches('/').to_string()
}

/// Finds and reads the profile for a page: `cvpdf.toml` in the page's folder or a folder above
/// it up to the site root, else the `[params]` of a Hugo configuration there.
pub fn find(page: &Path) -> Result<Option<(PathBuf, Profile)>, Diagnostic> {
    let root = site_root(page);
    let start = page.parent().map(Path::to_path_buf).unwrap_or_default();
    for dir in start.ancestors() {
        let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
        let path = dir.join("cvpdf.toml");
        if path.is_file() {
            return read(&path).map(|p| Some((path, p)));
        }
        if let Some(p) = hugo_params(dir) {
            return Ok(Some((dir.to_path_buf(), p)));
        }
        // Nothing is read above the site.
        if dir == root {
            break;
        }
    }
    Ok(None)
}

/// Reads a `cvpdf.toml`, strictly: unknown keys are errors with their line.
pub fn read(path: &Path) -> Result<Profile, Diagnostic> {
    let text = std::fs::read_to_string(path).map_err(|e| Diagnostic::file_error(path, format!("cannot read: {e}")))?;
    let file = SourceFile::new(path, text);
    toml::from_str(&file.text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        Diagnostic::error(&file, Span::new(span.start, span.end), format!("invalid cvpdf.toml: {}", e.message().trim()))
            .with_hint("fields: name, headline, email, phone, website, github, linkedin, location, and [fr] / [en] tables")
    })
}

/// The profile fields of a Hugo site's `[params]` (name or author, and the contact keys).
fn hugo_params(dir: &Path) -> Option<Profile> {
    let (name, text) = ["hugo.toml", "config.toml", "hugo.yaml", "config.yaml"]
        .iter()
        .find_map(|n| std::fs::read_to_string(dir.join(n)).ok().map(|t| (*n, t)))?;
    let params: BTreeMap<String, String> = if name.ends_with(".toml") {
        let t: toml::Table = text.parse().ok()?;
        t.get("params")?.as_table()?.iter().filter_map(|(k, v)| Some((k.to_ascii_lowercase(), v.as_str()?.to_string()))).collect()
    } else {
        let v: serde_yaml::Value = serde_yaml::from_str(&text).ok()?;
        v.get("params")?
            .as_mapping()?
            .iter()
            .filter_map(|(k, v)| Some((k.as_str()?.to_ascii_lowercase(), v.as_str()?.to_string())))
            .collect()
    };
    let get = |keys: &[&str]| keys.iter().find_map(|k| params.get(*k).cloned());
    let p = Profile {
        name: get(&["name", "author"]),
        headline: get(&["headline", "subtitle"]),
        email: get(&["email"]),
        phone: get(&["phone"]),
        website: get(&["website"]),
        github: get(&["github"]),
        linkedin: get(&["linkedin"]),
        location: get(&["location"]),
        fr: None,
        en: None,
    };
    (p != Profile::default()).then_some(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contacts_become_links() {
        let p = Profile {
            email: Some("a@example.com".into()),
            phone: Some("+33 6 12 34 56 78".into()),
            website: Some("example.com".into()),
            github: Some("someone".into()),
            linkedin: Some("https://www.linkedin.com/in/someone/".into()),
            location: Some("Lyon".into()),
            ..Profile::default()
        };
        let c = p.contacts();
        let urls: Vec<_> = c.iter().map(|c| c.url.clone().unwrap_or_default()).collect();
        assert_eq!(
            urls,
            [
                "mailto:a@example.com",
                "tel:+33612345678",
                "https://example.com",
                "https://github.com/someone",
                "https://www.linkedin.com/in/someone/",
                ""
            ]
        );
        assert_eq!(c[3].text, "github.com/someone");
        assert_eq!(c[4].text, "linkedin.com/in/someone");
    }

    #[test]
    fn language_overrides() {
        let p: Profile = toml::from_str("name = \"A\"\nheadline = \"Engineer\"\n[fr]\nheadline = \"Ingénieure\"\n").unwrap();
        assert_eq!(p.for_lang("fr").headline.as_deref(), Some("Ingénieure"));
        assert_eq!(p.for_lang("en").headline.as_deref(), Some("Engineer"));
        assert_eq!(p.for_lang("fr").name.as_deref(), Some("A"));
    }

    #[test]
    fn unknown_keys_are_errors_with_their_line() {
        let dir = std::env::temp_dir().join(format!("cvpdf-profile-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("cvpdf.toml");
        std::fs::write(&path, "name = \"A\"\nemial = \"x\"\n").unwrap();
        let e = read(&path).unwrap_err();
        assert!(e.message.contains("emial"), "{}", e.message);
        let file = SourceFile::new(&path, std::fs::read_to_string(&path).unwrap());
        assert_eq!(file.line_col(e.span.unwrap().start).0, 2);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
