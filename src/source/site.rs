//! The Hugo site around a page: its configuration file (`hugo.toml`, `config.toml`,
//! `hugo.yaml`, `config.yaml`), read once into the same value tree as front matter.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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

/// The site configuration in `dir`, if it has a readable one.
pub fn config(dir: &Path) -> Option<Config> {
    CONFIGS.iter().find_map(|name| {
        let path = dir.join(name);
        let text = std::fs::read_to_string(&path).ok()?;
        let table = if name.ends_with(".toml") {
            text.parse::<toml::Table>().ok()?.into_iter().map(|(k, v)| (k, from_toml(v))).collect()
        } else {
            match serde_yaml::from_str::<serde_yaml::Value>(&text).ok()? {
                serde_yaml::Value::Mapping(m) => {
                    m.into_iter().filter_map(|(k, v)| Some((k.as_str()?.to_string(), from_yaml(v, 0)))).collect()
                }
                _ => return None,
            }
        };
        Some(Config { path, table })
    })
}

impl Config {
    /// The `[params]` table.
    pub fn params(&self) -> Option<&BTreeMap<String, Value>> {
        match self.table.get("params") {
            Some(Value::Map(m)) => Some(m),
            _ => None,
        }
    }
}
