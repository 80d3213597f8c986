//! `unique`: no two rows share a key — within the document, and against earlier
//! submissions when `history` is set (UNFCCC II02: an action is reported only once).
//!
//! Options: `keys` (fields; a missing field counts as empty), `block` (also key on the
//! ITMOs the row is about: its serial space and range, full identifiers decomposed, see
//! [`crate::identity`]), `history`, `pointAt`.
//! The later row is reported; `other` (and `otherSubmission`) names the earlier one.

use super::Env;
use crate::rules::{push_key_text, Hit, Row};
use serde::Deserialize;
use std::collections::HashMap;

/// Options of `unique`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Unique {
    keys: Vec<String>,
    #[serde(default)]
    block: bool,
    #[serde(default)]
    history: bool,
    #[serde(default)]
    point_at: Option<String>,
}

impl Unique {
    /// The row's key written into `k` (cleared first): one buffer serves every row.
    fn key(&self, k: &mut String, row: &Row<'_>) {
        k.clear();
        for f in &self.keys {
            match row.get(f) {
                Some(v) => push_key_text(k, v),
                None => k.push('\u{0}'),
            }
            k.push('\u{1f}');
        }
        if self.block {
            match crate::identity::block(row.value) {
                Some((space, range)) => {
                    use std::fmt::Write;
                    space.write_key(k);
                    let _ = write!(k, "{}\u{1f}{}", range.first, range.last);
                }
                // Unreadable IDs (the schema reports them): compare what was written.
                None => {
                    for f in ["firstId", "lastId"] {
                        if let Some(v) = row.get(f) {
                            push_key_text(k, v);
                        }
                        k.push('\u{1f}');
                    }
                }
            }
        }
    }

    /// Report every repeat of an earlier key.
    pub fn run<'a>(&self, env: &Env<'a, '_>, rows: &[Row<'a>]) -> Vec<Hit> {
        let mut first: HashMap<String, Row<'a>> = HashMap::new();
        let mut k = String::new();
        if self.history {
            for r in env.same_kind_rows(env.given, true) {
                if r.origin != crate::rules::Origin::Current {
                    self.key(&mut k, &r);
                    if !first.contains_key(k.as_str()) {
                        first.insert(k.clone(), r);
                    }
                }
            }
        }
        let field = self.point_at.clone().unwrap_or_default();
        let mut out = Vec::new();
        for row in rows {
            self.key(&mut k, row);
            match first.get(k.as_str()) {
                Some(earlier) => {
                    out.push(Hit::at(row.field_pointer(&field)).other(earlier, &field))
                }
                None => {
                    first.insert(k.clone(), row.clone());
                }
            }
        }
        out
    }
}
