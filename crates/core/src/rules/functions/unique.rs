//! `unique`: no two rows share a key — within the document, and against earlier
//! submissions when `history` is set (UNFCCC II02: an action is reported only once).
//!
//! Options: `keys` (fields; a missing field counts as empty), `history`, `pointAt`.
//! The later row is reported; `other` (and `otherSubmission`) names the earlier one.

use super::Env;
use crate::rules::{key_text, Hit, Row};
use serde::Deserialize;
use std::collections::HashMap;

/// Options of `unique`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Unique {
    keys: Vec<String>,
    #[serde(default)]
    history: bool,
    #[serde(default)]
    point_at: Option<String>,
}

impl Unique {
    fn key(&self, row: &Row<'_>) -> String {
        let mut k = String::new();
        for f in &self.keys {
            match row.get(f) {
                Some(v) => k.push_str(&key_text(v)),
                None => k.push('\u{0}'),
            }
            k.push('\u{1f}');
        }
        k
    }

    /// Report every repeat of an earlier key.
    pub fn run<'a>(&self, env: &Env<'a, '_>, rows: &[Row<'a>]) -> Vec<Hit> {
        let mut first: HashMap<String, Row<'a>> = HashMap::new();
        if self.history {
            for r in env.same_kind_rows(env.given, true) {
                if r.origin != crate::rules::Origin::Current {
                    first.entry(self.key(&r)).or_insert(r);
                }
            }
        }
        let field = self.point_at.clone().unwrap_or_default();
        let mut out = Vec::new();
        for row in rows {
            let k = self.key(row);
            match first.get(&k) {
                Some(earlier) => {
                    out.push(Hit::at(row.field_pointer(&field)).other(earlier, &field))
                }
                None => {
                    first.insert(k, row.clone());
                }
            }
        }
        out
    }
}
