//! `exists`: a reference resolves to a row of another table (or of an earlier submission).
//!
//! Options: `field` (the reference; an array checks each item), `in` (pattern of the
//! target rows), `key` (the target field it must equal), `same` (`{ourField: theirField}`
//! that must also agree, e.g. the cooperative approach), `history` (also search the
//! context's earlier submissions), `withoutHistory` (`"warning"`: when no earlier
//! submissions were given, report at most a warning, since the target may be there),
//! `party` (the row's field naming the Party whose records it refers to: target rows
//! of this document count when that Party is their authorizing Party, rows of earlier
//! submissions when that Party submitted them — the authorization identity of
//! [`crate::identity`]).
//! Args: `value`, and `same` values.

use super::Env;
use crate::findings::Severity;
use crate::rules::{push_key_text, Hit, Row};
use serde::Deserialize;
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};

/// Options of `exists`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Exists {
    field: String,
    #[serde(rename = "in")]
    target: String,
    key: String,
    #[serde(default)]
    same: BTreeMap<String, String>,
    #[serde(default)]
    history: bool,
    #[serde(default)]
    without_history: Option<String>,
    #[serde(default)]
    party: Option<String>,
}

impl Exists {
    /// The composite key written into `k` (cleared first); false when a part is missing.
    fn composite<'v>(
        k: &mut String,
        first: &Value,
        rest: impl Iterator<Item = Option<&'v Value>>,
    ) -> bool {
        k.clear();
        push_key_text(k, first);
        for v in rest {
            let Some(v) = v else { return false };
            k.push('\u{1f}');
            push_key_text(k, v);
        }
        true
    }

    /// Report references with no target.
    pub fn run<'a>(&self, env: &Env<'a, '_>, rows: &[Row<'a>]) -> Vec<Hit> {
        let mut targets: HashSet<String> = HashSet::new();
        let mut c = String::new();
        for t in env.ctx.rows(&self.target, self.history).iter() {
            let Some(k) = t.get(&self.key) else { continue };
            // Party-scoped: a row is keyed by the Party it belongs to (authorization identity).
            let scope = match &self.party {
                None => None,
                Some(_) => match k.as_str().and_then(|id| env.ctx.authorization_party(t, id)) {
                    Some(p) => Some(p),
                    None => continue,
                },
            };
            let keys: Vec<&Value> = match k {
                Value::Array(items) => items.iter().collect(),
                one => vec![one],
            };
            for k in keys {
                if Self::composite(&mut c, k, self.same.values().map(|f| t.get(f))) {
                    if let Some(p) = &scope {
                        c.insert(0, '\u{1e}');
                        c.insert_str(0, p);
                    }
                    if !targets.contains(c.as_str()) {
                        targets.insert(c.clone());
                    }
                }
            }
        }
        let downgrade = self.without_history.as_deref().and_then(Severity::parse);
        let no_history = env.ctx.history.is_empty();
        let mut out = Vec::new();
        for row in rows {
            let Some(v) = row.get(&self.field) else {
                continue;
            };
            let items: Vec<(String, &Value)> = match v {
                Value::Array(items) => items
                    .iter()
                    .enumerate()
                    .map(|(i, x)| (format!("{}/{i}", self.field), x))
                    .collect(),
                one => vec![(self.field.clone(), one)],
            };
            for (field, item) in items {
                if !Self::composite(&mut c, item, self.same.keys().map(|f| row.get(f))) {
                    continue;
                }
                if let Some(f) = self.party.as_deref() {
                    if let Some(Value::String(p)) = row.get(f) {
                        c.insert(0, '\u{1e}');
                        c.insert_str(0, p);
                    }
                }
                if targets.contains(c.as_str()) {
                    continue;
                }
                // The reference may point at a target row the schema rejects: then that
                // row's error is the root cause (the whole target table is the input).
                let table = self
                    .target
                    .split("/*")
                    .next()
                    .unwrap_or_default()
                    .to_owned();
                let mut hit = Hit::at(row.field_pointer(&field))
                    .arg("value", item.clone())
                    .input(table);
                for ours in self.same.keys() {
                    if let Some(v) = row.get(ours) {
                        hit = hit.arg(ours, v.clone()).input(row.field_pointer(ours));
                    }
                }
                if no_history {
                    if let Some(s) = downgrade {
                        hit = hit.severity(s).arg("withoutHistory", true);
                    }
                }
                out.push(hit);
            }
        }
        out
    }
}
