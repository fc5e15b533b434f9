//! Languages cvpdf typesets: the labels it generates and the settings that follow the language.

use std::fmt;

/// A supported language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// French.
    Fr,
    /// English.
    En,
}

impl Lang {
    /// Every supported language.
    pub const ALL: [Lang; 2] = [Lang::Fr, Lang::En];

    /// Reads a code such as `fr`, `fr-FR`, `en_GB` or `English`.
    pub fn parse(code: &str) -> Option<Lang> {
        let lower = code.trim().to_ascii_lowercase();
        let primary = lower.split(['-', '_']).next().unwrap_or("");
        match primary {
            "fr" | "french" | "français" | "francais" => Some(Lang::Fr),
            "en" | "english" => Some(Lang::En),
            _ => None,
        }
    }

    /// The short code, as used in file names (`cv.fr.md`) and folders (`content/fr/`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_codes() {
        assert_eq!(Lang::parse("fr-FR"), Some(Lang::Fr));
        assert_eq!(Lang::parse("en_gb"), Some(Lang::En));
        assert_eq!(Lang::parse("de"), None);
    }
}
