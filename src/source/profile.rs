//! `cvpdf.toml`: the person's name, headline and contact lines, and what the site's own
//! shortcodes mean, beside the page or in a folder above it within the site. It comes first
//! among the header's sources ([`super::header`]).
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
//!
//! [shortcodes.poste]
//! kind = "entry"
//! positional = ["role", "organisation", "dates"]
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diag::{Diagnostic, SourceFile, Span};
use crate::source::shortcode_table::Spec;

/// The profile file's fields.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, schemars::JsonSchema)]
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
    /// GitLab user name or URL.
    pub gitlab: Option<String>,
    /// Mastodon address (`@me@host`) or URL.
    pub mastodon: Option<String>,
    /// Twitter / X user name or URL.
    pub twitter: Option<String>,
    /// Where the person lives.
    pub location: Option<String>,
    /// The layout `cvpdf render` uses when `--layout` is not given: a bundled one, or a path
    /// to a .toml file, relative to this file.
    pub layout: Option<String>,
    /// The families text is set in, overriding the layout's: `[fonts]` with `body`, `headings`
    /// and `code`, each a bundled family or one in a `fonts/` folder beside the site.
    pub fonts: Option<Fonts>,
    /// What the site's shortcodes mean: `[shortcodes.NAME]`.
    #[serde(default)]
    pub shortcodes: BTreeMap<String, Spec>,
    /// What belongs to the web page only: `[web]`.
    #[serde(default)]
    pub web: Web,
    /// French overrides of name, headline and location (`[fr]`).
    pub fr: Option<LangProfile>,
    /// English overrides (`[en]`).
    pub en: Option<LangProfile>,
}

/// What belongs to the web page only, beyond what cvpdf knows: left out of the PDF.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Web {
    /// Classes that hide an element from print (`no-print` and its like are known).
    #[serde(default)]
    pub hide_classes: Vec<String>,
    /// Shortcodes that draw a web control (`button`, `download` and their like are known).
    #[serde(default)]
    pub shortcodes: Vec<String>,
    /// Front-matter fields for the web page only (`extra.age_qual`): not reported as left out.
    #[serde(default)]
    pub fields: Vec<String>,
}

/// `[fonts]`: families by name.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fonts {
    /// Running text.
    pub body: Option<String>,
    /// The name and the headings.
    pub headings: Option<String>,
    /// Code.
    pub code: Option<String>,
}

/// What a language may say differently.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, schemars::JsonSchema)]
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
}

/// The JSON Schema of `cvpdf.toml`, for editors (`content/cvpdf.schema.json`).
pub fn schema() -> String {
    let schema = schemars::schema_for!(Profile);
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}

/// Finds and reads the `cvpdf.toml` of a page: in the page's folder or a folder above it, up to
/// `root`, the page's site root ([`crate::source::image::site_root`]).
pub fn find(page: &Path, root: &Path) -> Result<Option<(PathBuf, Profile)>, Diagnostic> {
    let start = page.parent().map(Path::to_path_buf).unwrap_or_default();
    for dir in start.ancestors() {
        let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
        let path = dir.join("cvpdf.toml");
        if path.is_file() {
            return read(&path).map(|p| Some((path, p)));
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
            .with_hint("fields: name, headline, email, phone, website, github, gitlab, linkedin, mastodon, twitter, location, layout, [fonts], [fr] / [en] tables, [web] and [shortcodes.NAME] tables")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
