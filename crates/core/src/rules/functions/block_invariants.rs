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
//! with `other` naming the earlier row; args `value`, `expected`. `history`: the rows of
//! the earlier submissions given as context count too, compared by the ITMO identity
//! alone (whoever reported them, in whichever registry), reported with `otherSubmission`.

use super::{write_block_key, Env};
use crate::blocks::Claims;
use crate::rules::{Hit, Row};
use serde::Deserialize;
use std::collections::HashMap;

fn default_tables() -> Vec<String> {
    vec!["/t3Actions/*".into(), "/t4Holdings/*".into()]
}

fn default_invariant_fields() -> Vec<String> {
    crate::identity::BLOCK_INVARIANTS.map(String::from).to_vec()
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
    #[serde(default)]
    history: bool,
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
        // Earlier submissions: who first named each serial there, by ITMO identity alone.
        let space: Vec<String> = crate::identity::BLOCK_SPACE.map(String::from).to_vec();
        let mut past: Vec<Row<'a>> = Vec::new();
        let mut earlier: HashMap<String, Claims<usize>> = HashMap::new();
        if self.history {
            for t in &self.tables {
                for r in env.ctx.rows(t, true).iter() {
                    if r.origin == crate::rules::Origin::Current {
                        continue;
                    }
                    let Some(range) = crate::identity::serials(r.value) else {
                        continue;
                    };
                    write_block_key(&mut key, r, &space);
                    let c = match earlier.get_mut(key.as_str()) {
                        Some(c) => c,
                        None => earlier.entry(key.clone()).or_default(),
                    };
                    c.claim(range, past.len());
                    past.push(r.clone());
                }
            }
        }
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
            let mut others: Vec<&Row<'a>> = claims
                .claim(range, i)
                .into_iter()
                .map(|(_, j)| &rows[j])
                .collect();
            if !earlier.is_empty() {
                write_block_key(&mut key, row, &space);
                if let Some(c) = earlier.get(key.as_str()) {
                    others.extend(c.owners(range).into_iter().map(|(_, j)| &past[j]));
                }
            }
            for other in others {
                for f in &self.fields {
                    if reported.contains(&f.as_str()) {
                        continue;
                    }
                    let (Some(mine), Some(theirs)) = (row.get(f), other.get(f)) else {
                        continue;
                    };
                    if mine != theirs {
                        reported.push(f);
                        let mut hit = Hit::at(row.field_pointer(f))
                            .arg("value", mine.clone())
                            .arg("expected", theirs.clone())
                            .other(other, f);
                        // A broken value of this document is the root cause; an earlier
                        // submission's pointers are not this document's.
                        if other.origin == crate::rules::Origin::Current {
                            hit = hit.input(other.field_pointer(f));
                        }
                        out.push(hit);
                    }
                }
            }
        }
        out
    }
}
