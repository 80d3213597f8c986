//! `version-order`: a new version never goes backwards (brief AUTH-07, AEF-T1-03).
//!
//! Options: `id` (fields identifying the thing versioned), `version` (field),
//! `format` (`integer`, or `major.minor` for AEF submission versions such as `1.10`),
//! `in` (pattern of earlier rows in the context's prior submissions; default the rule's
//! `given`). A row whose version is lower than an earlier submission's for the same id
//! is reported at its version; args `value`, `previous`.

use super::{block_key, write_block_key, Env};
use crate::rules::{Hit, Origin, Row};
use serde::Deserialize;
use serde_json::Value;
use std::collections::HashMap;

/// How versions are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// `1`, `2`, ...
    #[default]
    Integer,
    /// `1.0`, `1.10`: compared part by part.
    #[serde(rename = "major.minor")]
    MajorMinor,
}

/// Options of `version-order`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct VersionOrder {
    id: Vec<String>,
    version: String,
    #[serde(default)]
    format: Format,
    #[serde(default, rename = "in")]
    earlier: Option<String>,
}

impl VersionOrder {
    fn read(&self, v: &Value) -> Option<(u64, u64)> {
        match (self.format, v) {
            (Format::Integer, Value::Number(n)) => n.as_u64().map(|x| (x, 0)),
            (Format::MajorMinor, Value::String(s)) => {
                let (a, b) = s.split_once('.')?;
                Some((a.parse().ok()?, b.parse().ok()?))
            }
            _ => None,
        }
    }

    /// Report versions lower than the highest earlier one.
    pub fn run<'a>(&self, env: &Env<'a, '_>, rows: &[Row<'a>]) -> Vec<Hit> {
        let pattern = self.earlier.as_deref().unwrap_or(env.given);
        let mut highest: HashMap<String, ((u64, u64), Row<'a>)> = HashMap::new();
        for r in env.ctx.rows(pattern, true).iter() {
            if r.origin == Origin::Current {
                continue;
            }
            let Some(v) = r.get(&self.version).and_then(|v| self.read(v)) else {
                continue;
            };
            let k = block_key(r, &self.id);
            if highest.get(&k).is_none_or(|(h, _)| v > *h) {
                highest.insert(k, (v, r.clone()));
            }
        }
        let mut out = Vec::new();
        let mut key = String::new();
        for row in rows {
            let Some(raw) = row.get(&self.version) else {
                continue;
            };
            let Some(v) = self.read(raw) else { continue };
            write_block_key(&mut key, row, &self.id);
            if let Some((h, earlier)) = highest.get(key.as_str()) {
                if v < *h {
                    let previous = earlier.get(&self.version).cloned().unwrap_or(Value::Null);
                    out.push(
                        Hit::at(row.field_pointer(&self.version))
                            .arg("value", raw.clone())
                            .arg("previous", previous)
                            .other(earlier, &self.version),
                    );
                }
            }
        }
        out
    }
}
