//! Locales: one small catalogue per language in `langs/*.toml`, holding every string cvpdf
//! generates (labels, dates) and the typographic rules for the author's text. Adding a language
//! is adding a file here and its code to [`Lang`].

use std::sync::OnceLock;

use serde::Deserialize;

use crate::style::lang::Lang;

/// The bundled catalogues: (tag, text).
const BUNDLED: [(&str, &str); 3] = [
    ("fr-FR", include_str!("../../langs/fr.toml")),
    ("en-US", include_str!("../../langs/en-US.toml")),
    ("en-GB", include_str!("../../langs/en-GB.toml")),
];

/// A language's catalogue.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Locale {
    /// BCP 47 tag, written to the PDF's `/Lang`.
    pub tag: String,
    /// Which hyphenation patterns: `fr`, `en-US`, `en-GB`.
    pub hyphenation: String,
    /// Generated labels.
    pub labels: Labels,
    /// How dates are written.
    pub dates: Dates,
    /// Rules applied to the author's text.
    pub typography: Typography,
}

/// Generated labels; `{n}`, `{total}` and `{date}` are filled in.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Labels {
    /// Page footer, e.g. "page {n} sur {total}".
    pub page: String,
    /// Date of the last update, e.g. "mis à jour le {date}".
    pub updated: String,
}

/// Date format.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dates {
    /// With `{day}`, `{month}` and `{year}`.
    pub format: String,
    /// Month names, January first.
    pub months: Vec<String>,
}

/// Typographic rules for the author's text. An empty string leaves that rule off.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Typography {
    /// The space before `:`.
    pub before_colon: String,
    /// The space before `;`, `!` and `?`.
    pub before_high_punctuation: String,
    /// What straight double quotes become: opening and closing.
    pub quotes: [String; 2],
    /// The space inside quotes.
    pub inside_quotes: String,
    /// What a straight apostrophe between letters becomes.
    pub apostrophe: String,
    /// The space between groups of three digits (`4 500`).
    pub digit_group: String,
    /// The space between a number and `%`.
    pub before_percent: String,
}

impl Locale {
    /// The catalogue for `lang`, in the region `tag` names when it has one (`en-GB`), else the
    /// language's first catalogue.
    // The bundled catalogues are always there (three, checked by the tests): `all[0]` exists.
    #[allow(clippy::indexing_slicing)]
    pub fn get(lang: Lang, tag: Option<&str>) -> &'static Locale {
        static CACHE: OnceLock<Vec<Locale>> = OnceLock::new();
        let all = CACHE.get_or_init(|| {
            BUNDLED
                .iter()
                .map(|(name, text)| {
                    // Bundled files are checked by the tests: failing here is a build defect.
                    #[allow(clippy::panic)]
                    toml::from_str(text).unwrap_or_else(|e| panic!("langs/{name}: {e}"))
                })
                .collect()
        });
        let wanted = tag.map(|t| t.trim().replace('_', "-").to_ascii_lowercase());
        let of_lang = |l: &&Locale| Lang::parse(&l.tag) == Some(lang);
        all.iter()
            .filter(of_lang)
            .find(|l| wanted.as_deref() == Some(l.tag.to_ascii_lowercase().as_str()))
            .or_else(|| all.iter().find(of_lang))
            .unwrap_or(&all[0])
    }

    /// "page 1 sur 2".
    pub fn page_label(&self, n: usize, total: usize) -> String {
        self.labels.page.replace("{n}", &n.to_string()).replace("{total}", &total.to_string())
    }

    /// A date from front matter (`2025-03-02`, `2018-12-15T18:34:45+01:00`) written out,
    /// "2 mars 2025"; `None` when it is not a date.
    pub fn date(&self, iso: &str) -> Option<String> {
        let mut parts = iso.get(..10)?.split('-');
        let year: u32 = parts.next()?.parse().ok()?;
        let month: usize = parts.next()?.parse().ok()?;
        let day: u32 = parts.next()?.parse().ok()?;
        let name = self.dates.months.get(month.checked_sub(1)?)?;
        if !(1..=31).contains(&day) {
            return None;
        }
        Some(self.dates.format.replace("{day}", &day.to_string()).replace("{month}", name).replace("{year}", &year.to_string()))
    }

    /// "mis à jour le 2 mars 2025".
    pub fn updated(&self, iso: &str) -> Option<String> {
        self.date(iso).map(|d| self.labels.updated.replace("{date}", &d))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalogue_parses_and_has_twelve_months() {
        for (tag, _) in BUNDLED {
            let lang = Lang::parse(tag).unwrap();
            let l = Locale::get(lang, Some(tag));
            assert_eq!(l.tag, tag);
            assert_eq!(l.dates.months.len(), 12);
        }
    }

    #[test]
    fn dates_per_language() {
        assert_eq!(Locale::get(Lang::Fr, None).date("2025-03-02").unwrap(), "2 mars 2025");
        assert_eq!(Locale::get(Lang::En, Some("en-GB")).date("2025-03-02").unwrap(), "2 March 2025");
        assert_eq!(Locale::get(Lang::En, Some("en-us")).date("2018-12-15T18:34:45+01:00").unwrap(), "December 15, 2018");
        assert_eq!(Locale::get(Lang::En, None).tag, "en-US");
        assert!(Locale::get(Lang::Fr, None).date("soon").is_none());
        assert!(Locale::get(Lang::Fr, None).date("2025-13-01").is_none());
        assert_eq!(Locale::get(Lang::Fr, None).updated("2025-03-02").unwrap(), "mis à jour le 2 mars 2025");
    }

    #[test]
    fn labels() {
        assert_eq!(Locale::get(Lang::Fr, None).page_label(1, 2), "page 1 sur 2");
        assert_eq!(Locale::get(Lang::En, Some("en-GB")).page_label(2, 2), "page 2 of 2");
    }
}
