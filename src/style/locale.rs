//! Locales: one small catalogue per language in `langs/*.toml`, holding every string cvpdf
//! generates (labels, dates) and the typographic rules for the author's text. Adding a language
//! is adding a file here and its code to [`Lang`].

use std::sync::OnceLock;

use serde::Deserialize;

use crate::style::lang::Lang;

/// The bundled catalogues: (tag, JSON). build.rs reads each `langs/*.toml` and writes it as
/// JSON, which is read four times faster.
const BUNDLED: [(&str, &str); 3] = [
    ("fr-FR", include_str!(concat!(env!("OUT_DIR"), "/langs/fr.json"))),
    ("en-US", include_str!(concat!(env!("OUT_DIR"), "/langs/en-US.json"))),
    ("en-GB", include_str!(concat!(env!("OUT_DIR"), "/langs/en-GB.json"))),
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
    /// Words cvpdf recognises in pages: dates, section titles, job titles.
    #[serde(default)]
    pub vocabulary: Option<Vocabulary>,
}

/// Words cvpdf recognises in the author's text, in one language. Every catalogue's vocabulary is
/// read together ([`crate::source::vocabulary`]), so an English page with a French heading is
/// understood.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vocabulary {
    /// "Until now" in a date range: `present`, `aujourd'hui`.
    pub present: Vec<String>,
    /// Between two dates: `to`, `à`.
    pub range: Vec<String>,
    /// Before an open start: `since`, `depuis`.
    pub since: Vec<String>,
    /// Before a start: `from`, `de`.
    pub from: Vec<String>,
    /// Between a role and its organisation: `at`, `chez`.
    pub at: Vec<String>,
    /// Page titles that are not a person's name: `CV`, `About me`.
    pub generic_titles: Vec<String>,
    /// Names a theme or template leaves where the person's name goes: `Hugo Authors`, `Your Name`.
    #[serde(default)]
    pub placeholder_names: Vec<String>,
    /// Words that name a job: `Engineer`, `Ingénieur`.
    pub job_titles: Vec<String>,
    /// Words that go with a job title before it: `Senior`, `Technical`.
    pub job_qualifiers: Vec<String>,
    /// Words that go with section words in a section title without naming a kind: `relevant`,
    /// `professionnelles`.
    #[serde(default)]
    pub title_words: Vec<String>,
    /// Words naming the language, which a short link written in it holds: `français`.
    #[serde(default)]
    pub language: Vec<String>,
    /// Seasons written as dates ("Summer 2019", "Été 2019"), with the month each stands for.
    #[serde(default)]
    pub seasons: std::collections::BTreeMap<String, u8>,
    /// Labels of a line's dates: `Period`, `Période` ("**Période :** 2019 – 2021").
    #[serde(default)]
    pub date_labels: Vec<String>,
    /// Labels of a line's place: `Location`, `Lieu`.
    #[serde(default)]
    pub place_labels: Vec<String>,
    /// Labels of a line's organisation: `Company`, `Entreprise`.
    #[serde(default)]
    pub organisation_labels: Vec<String>,
    /// Labels of a line's role: `Position`, `Poste`.
    #[serde(default)]
    pub role_labels: Vec<String>,
    /// Section titles by kind.
    pub sections: std::collections::BTreeMap<crate::model::SectionKind, Vec<String>>,
}

/// Generated labels; `{n}`, `{total}` and `{date}` are filled in.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Labels {
    /// Page footer, e.g. "page {n} sur {total}".
    pub page: String,
    /// Date of the last update, e.g. "mis à jour le {date}".
    pub updated: String,
    /// What the photo shows when the author gave it no alternative text, e.g. "Photo de {name}".
    #[serde(default)]
    pub photo: Option<String>,
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
    /// Every bundled catalogue.
    pub fn all() -> impl Iterator<Item = &'static Locale> {
        (0..BUNDLED.len()).map(Self::bundled)
    }

    /// Bundled catalogue `i`, read when first asked for: a page needs one.
    fn bundled(i: usize) -> &'static Locale {
        static CACHE: [OnceLock<Locale>; BUNDLED.len()] = [const { OnceLock::new() }; BUNDLED.len()];
        let ([first_cache, ..], [first, ..]) = (&CACHE, &BUNDLED);
        let (cache, (name, text)) = CACHE.get(i).zip(BUNDLED.get(i)).unwrap_or((first_cache, first));
        cache.get_or_init(|| {
            // Bundled files are checked by the tests: failing here is a build defect.
            #[allow(clippy::panic)]
            serde_json::from_str(text).unwrap_or_else(|e| panic!("langs/{name}: {e}"))
        })
    }

    /// The catalogue for `lang`, in the region `tag` names when it has one (`en-GB`), else the
    /// language's first catalogue.
    pub fn get(lang: Lang, tag: Option<&str>) -> &'static Locale {
        let wanted = tag.map(|t| t.trim().replace('_', "-").to_ascii_lowercase());
        let of_lang = |(tag, _): &(&str, &str)| Lang::parse(tag) == Some(lang);
        let i = BUNDLED
            .iter()
            .position(|b| of_lang(b) && wanted.as_deref() == Some(b.0.to_ascii_lowercase().as_str()))
            .or_else(|| BUNDLED.iter().position(of_lang));
        Self::bundled(i.unwrap_or(0))
    }

    /// The word for "until now" in this language ("present", "aujourd’hui").
    pub fn present_word(&self) -> String {
        let lang = Lang::parse(&self.tag);
        Self::all()
            .filter(|l| Lang::parse(&l.tag) == lang)
            .find_map(|l| l.vocabulary.as_ref()?.present.first().cloned())
            .unwrap_or_else(|| "present".to_string())
    }

    /// "page 1 sur 2".
    pub fn page_label(&self, n: usize, total: usize) -> String {
        self.labels.page.replace("{n}", &n.to_string()).replace("{total}", &total.to_string())
    }

    /// A date written out: "2 mars 2025".
    pub fn date(&self, d: &crate::model::Stamp) -> String {
        let l = &d.local;
        let month = self.dates.months.get(usize::try_from(l.month() - 1).unwrap_or(0)).map_or("", String::as_str);
        self.dates.format.replace("{day}", &l.day().to_string()).replace("{month}", month).replace("{year}", &l.year().to_string())
    }

    /// The photo's alternative text when the author gave none: "Photo de Élise Marchand".
    pub fn photo_alt(&self, name: Option<&str>) -> String {
        let name = name.unwrap_or("").trim();
        match &self.labels.photo {
            Some(label) if !name.is_empty() => label.replace("{name}", name),
            _ if !name.is_empty() => name.to_string(),
            _ => "Photo".to_string(),
        }
    }

    /// "mis à jour le 2 mars 2025".
    pub fn updated(&self, d: &crate::model::Stamp) -> String {
        self.labels.updated.replace("{date}", &self.date(d))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_json_build_rs_writes_says_what_the_toml_says() {
        let toml = [include_str!("../../langs/fr.toml"), include_str!("../../langs/en-US.toml"), include_str!("../../langs/en-GB.toml")];
        for (text, (tag, json)) in toml.iter().zip(BUNDLED) {
            let from_toml: Locale = toml::from_str(text).unwrap();
            let from_json: Locale = serde_json::from_str(json).unwrap();
            assert_eq!(format!("{from_toml:?}"), format!("{from_json:?}"), "{tag}");
        }
    }

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
        let d = |s: &str| crate::model::Stamp::parse(s).unwrap();
        assert_eq!(Locale::get(Lang::Fr, None).date(&d("2025-03-02")), "2 mars 2025");
        assert_eq!(Locale::get(Lang::En, Some("en-GB")).date(&d("2025-03-02")), "2 March 2025");
        assert_eq!(Locale::get(Lang::En, Some("en-us")).date(&d("2018-12-15T18:34:45+01:00")), "December 15, 2018");
        assert_eq!(Locale::get(Lang::En, None).tag, "en-US");
        assert_eq!(Locale::get(Lang::Fr, None).updated(&d("2025-03-02")), "mis à jour le 2 mars 2025");
        assert_eq!(Locale::get(Lang::Fr, None).present_word(), "aujourd’hui");
        assert_eq!(Locale::get(Lang::En, Some("en-GB")).present_word(), "present");
    }

    #[test]
    fn labels() {
        assert_eq!(Locale::get(Lang::Fr, None).page_label(1, 2), "page 1 sur 2");
        assert_eq!(Locale::get(Lang::En, Some("en-GB")).page_label(2, 2), "page 2 of 2");
    }
}
