//! The Hugo site around a page: its configuration file (`hugo.toml`, `config.toml`,
//! `hugo.yaml`, `config.yaml`), read once into the same value tree as front matter.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::source::front::{Value, from_toml, from_yaml};

/// Hugo's site configuration files, in the order Hugo reads them.
pub const CONFIGS: &[&str] = &["hugo.toml", "hugo.yaml", "hugo.yml", "config.toml", "config.yaml", "config.yml"];

/// A site configuration: where it is and what it says.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file.
    pub path: PathBuf,
    /// Its keys.
    pub table: BTreeMap<String, Value>,
}

/// The site configuration in `dir`, if it has a readable one: a configuration file at the root,
/// else `config/_default/` with its `languages` and `params` files.
pub fn config(dir: &Path) -> Option<Config> {
    if let Some(c) = read_first(dir) {
        return Some(c);
    }
    let default = dir.join("config").join("_default");
    let mut c = read_first(&default)?;
    for key in ["languages", "params", "markup"] {
        let part = ["toml", "yaml", "yml"].iter().find_map(|ext| read_table(&default.join(format!("{key}.{ext}"))));
        if let Some(t) = part {
            c.table.entry(key.to_string()).or_insert(Value::Map(t));
        }
    }
    Some(c)
}

/// Files in the site's `data/` folder (or one folder below it) named, or in a folder named,
/// after a kind of section or a résumé (`data/experience.json`, `data/resume.yml`,
/// `data/json_resume/en.json`): résumé content that themes such as hugo-resume read from
/// there, and that cvpdf does not.
fn resume_data(root: &Path) -> Vec<PathBuf> {
    let data = root.join("data");
    let mut dirs = vec![data.clone()];
    dirs.extend(files(&data).into_iter().filter(|p| p.is_dir()));
    let words = crate::source::vocabulary::words();
    let resume = |name: Option<&std::ffi::OsStr>| {
        let name = name.and_then(|n| n.to_str()).unwrap_or_default().replace(['_', '-'], " ");
        words.section_kind(&name).is_some() || words.is_generic_title(&name)
    };
    let mut out: Vec<PathBuf> = dirs
        .iter()
        .flat_map(|d| files(d))
        .filter(|p| p.extension().is_some_and(|e| ["json", "yaml", "yml", "toml"].iter().any(|x| e.eq_ignore_ascii_case(x))))
        .filter(|p| resume(p.file_stem()) || p.parent().filter(|d| *d != data).is_some_and(|d| resume(d.file_name())))
        .collect();
    out.sort();
    out
}

/// The entries of `dir`, none when it cannot be read.
fn files(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir).map(|r| r.flatten().map(|e| e.path()).collect()).unwrap_or_default()
}

/// The first configuration file of `dir`.
fn read_first(dir: &Path) -> Option<Config> {
    CONFIGS.iter().find_map(|name| {
        let path = dir.join(name);
        read_table(&path).map(|table| Config { path, table })
    })
}

/// A TOML or YAML file as a table.
fn read_table(path: &Path) -> Option<BTreeMap<String, Value>> {
    let text = std::fs::read_to_string(path).ok()?;
    if path.extension().is_some_and(|e| e == "toml") {
        Some(text.parse::<toml::Table>().ok()?.into_iter().map(|(k, v)| (k, from_toml(v))).collect())
    } else {
        match serde_yaml::from_str::<serde_yaml::Value>(&text).ok()? {
            serde_yaml::Value::Mapping(m) => {
                Some(m.into_iter().filter_map(|(k, v)| Some((k.as_str()?.to_string(), from_yaml(v, 0)))).collect())
            }
            _ => None,
        }
    }
}

impl Config {
    /// Each language's `contentDir`, when the site sets them.
    pub fn content_dirs(&self) -> Vec<(crate::style::lang::Lang, String)> {
        let Some(langs) = self.table.get("languages").and_then(Value::as_map) else { return Vec::new() };
        langs
            .iter()
            .filter_map(|(code, v)| {
                let lang = crate::style::lang::Lang::parse(code)?;
                let dir = crate::source::front::get(v.as_map()?, "contentDir")?.as_text()?;
                Some((lang, dir))
            })
            .collect()
    }

    /// Whether Hugo's typographer is on: `[markup.goldmark.extensions] typographer = false`, or
    /// `[markup.goldmark.extensions.typographer] disable = true`, turn it off.
    pub fn typographer(&self) -> bool {
        let mut v = self.table.get("markup");
        for key in ["goldmark", "extensions", "typographer"] {
            v = v.and_then(Value::as_map).and_then(|m| m.get(key));
        }
        match v {
            Some(Value::Bool(on)) => *on,
            Some(Value::Map(m)) => m.get("disable") != Some(&Value::Bool(true)),
            _ => true,
        }
    }

    /// The site's address for `lang` (its own `baseURL` under `[languages]`, else the site's),
    /// ending in `/`.
    pub fn base_url(&self, lang: crate::style::lang::Lang) -> Option<String> {
        let own = self.table.get("languages").and_then(Value::as_map).and_then(|l| {
            l.iter()
                .find(|(k, _)| crate::style::lang::Lang::parse(k) == Some(lang))
                .and_then(|(_, v)| v.as_map()?.get("baseURL")?.as_text())
        });
        let base = own.or_else(|| crate::source::front::get(&self.table, "baseURL").and_then(Value::as_text))?;
        let base = base.trim();
        (base.contains("://")).then(|| if base.ends_with('/') { base.to_string() } else { format!("{base}/") })
    }

    /// The `[params]` keys (one table deep, as `params.resume.experience`) named after a kind of
    /// section that hold a list or a table: résumé content a theme reads from the site's
    /// configuration (hugo-devresume and its like), and that cvpdf does not.
    fn resume_params(&self) -> Vec<String> {
        let Some(params) = self.params() else { return Vec::new() };
        let is_content = |k: &str, v: &Value| {
            matches!(v, Value::List(_) | Value::Map(_)) && crate::source::vocabulary::words().section_kind(k).is_some()
        };
        let mut out = Vec::new();
        for (k, v) in params {
            if is_content(k, v) {
                out.push(format!("params.{k}"));
            } else if let Value::Map(inner) = v {
                out.extend(inner.iter().filter(|(ik, iv)| is_content(ik, iv)).map(|(ik, _)| format!("params.{k}.{ik}")));
            }
        }
        out
    }

    /// A warning for each place of the site under `root` that holds résumé content cvpdf does
    /// not read: [`resume_data`] files and [`Config::resume_params`] keys.
    pub fn unread(&self, root: &Path) -> Vec<Diagnostic> {
        let hint = "write it in the page: front-matter records (`[[experience]]`) or Markdown sections";
        let not_read = "holds résumé content that cvpdf does not read: it is not in the PDF";
        let files = resume_data(root).into_iter().map(|data| Diagnostic::file_warning(&data, format!("this site data file {not_read}")));
        let keys = self.resume_params().into_iter().map(|key| Diagnostic::file_warning(&self.path, format!("`{key}` {not_read}")));
        files.chain(keys).map(|d| d.with_hint(hint)).collect()
    }

    /// The `[params]` table.
    pub fn params(&self) -> Option<&BTreeMap<String, Value>> {
        match self.table.get("params") {
            Some(Value::Map(m)) => Some(m),
            _ => None,
        }
    }
}
