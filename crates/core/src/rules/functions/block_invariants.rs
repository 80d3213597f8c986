//! `block-invariants`: the same ITMOs keep the same attributes wherever they appear
//! (brief 4.11 and 6.4 AEF-X-10, third-party code `inconsistent-block`): two actions,
//! or an action and a holding, on overlapping serials of one serial space disagree on
//! the authorization ID, the metric or the mitigation type.
//!
//! Options: `tables` (patterns of the rows compared, in order; default Table 3 then
//! Table 4), `fields` (the attributes that never change; default `authorizationId`,
//! `metric`, `mitigationType`), `key` (fields that make a serial space; default the
//! registry, since blocks of one document are compared within one registry, and the
//! ITMO identity of [`crate::identity`]). The first row to cover a serial sets its
//! attributes; each later row that disagrees is reported once per field, at that field,
//! with `other` naming the earlier row; args `value`, `expected`.

use super::{write_block_key, Env};
use crate::blocks::Claims;
use crate::rules::{Hit, Row};
use serde::Deserialize;
use std::collections::HashMap;

fn default_tables() -> Vec<String> {
    vec!["/t3Actions/*".into(), "/t4Holdings/*".into()]
}

/// The attributes that never change for the same ITMOs (SHAPES.md identities).
pub fn default_invariant_fields() -> Vec<String> {
    ["authorizationId", "metric", "mitigationType"]
        .map(String::from)
        .to_vec()
}

fn default_key() -> Vec<String> {
    let mut k = vec!["partyItmoRegistryId".to_owned()];
    k.extend(crate::identity::BLOCK_SPACE.map(String::from));
    k
}

/// Options of `block-invariants`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct BlockInvariants {
    #[serde(default = "default_tables")]
    tables: Vec<String>,
    #[serde(default = "default_invariant_fields")]
    fields: Vec<String>,
    #[serde(default = "default_key")]
    key: Vec<String>,
}

impl BlockInvariants {
    /// Report rows whose attributes differ from those of the first row on the same ITMOs.
    pub fn run<'a>(&self, env: &Env<'a, '_>, _rows: &[Row<'a>]) -> Vec<Hit> {
        let mut rows: Vec<Row<'a>> = Vec::new();
        for t in &self.tables {
            rows.extend(env.ctx.rows(t, false).iter().cloned());
        }
        let mut spaces: HashMap<String, Claims<usize>> = HashMap::new();
        let mut key = String::new();
        let mut out = Vec::new();
        for (i, row) in rows.iter().enumerate() {
            let Some(range) = crate::identity::serials(row.value) else {
                continue;
            };
            write_block_key(&mut key, row, &self.key);
            let claims = match spaces.get_mut(key.as_str()) {
                Some(c) => c,
                None => spaces.entry(key.clone()).or_default(),
            };
            let mut reported: Vec<&str> = Vec::new();
            for (_, earlier) in claims.claim(range, i) {
                let other = &rows[earlier];
                for f in &self.fields {
                    if reported.contains(&f.as_str()) {
                        continue;
                    }
                    let (Some(mine), Some(theirs)) = (row.get(f), other.get(f)) else {
                        continue;
                    };
                    if mine != theirs {
                        reported.push(f);
                        out.push(
                            Hit::at(row.field_pointer(f))
                                .arg("value", mine.clone())
                                .arg("expected", theirs.clone())
                                .other(other, f)
                                .input(other.field_pointer(f)),
                        );
                    }
                }
            }
        }
        out
    }
}
