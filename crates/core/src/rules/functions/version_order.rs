//! `version-order`: a new version never goes backwards (brief AUTH-07, AEF-T1-03).
//!
//! Options: `id` (fields identifying the thing versioned), `version` (field),
//! `format` (`integer`, or `major.minor` for AEF submission versions such as `1.10`),
//! `in` (pattern of earlier rows in the context's prior submissions; default the rule's
//! `given`). A row whose version is lower than an earlier submission's for the same id
//! is reported at its version; args `value`, `previous`. `authorizingParty`: the id is
//! an authorization's, and belongs to its authorizing Party ([`crate::identity`]): one
//! Party's `LOA-001` is never compared with another's.

use super::{write_block_key, Env};
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
    #[serde(default)]
    authorizing_party: bool,
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

    /// The key of `row`: its id fields, after its authorizing Party when asked.
    fn key(&self, key: &mut String, row: &Row<'_>, env: &Env<'_, '_>) {
        write_block_key(key, row, &self.id);
        if self.authorizing_party {
            let map = env.ctx.authorizing_parties(row.origin);
            let id = row.get("authorizationId").and_then(Value::as_str);
            if let Some(p) = id.and_then(|i| map.get(i)) {
                key.insert(0, '\u{1e}');
                key.insert_str(0, p);
            }
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
            let mut k = String::new();
            self.key(&mut k, r, env);
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
            self.key(&mut key, row, env);
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
