//! `consumed-held`: a block that was used or cancelled is gone, so it must not also
//! appear in the holdings (the rule's `given` rows, normally `/t4Holdings/*`).
//!
//! Options: `consumed` (pattern of the action rows), `consumedWhen` (JSON Schema a row
//! must satisfy to count as consuming, e.g. `actionType` Use/Cancellation), `key`.
//! O(n log n): consumed ranges are sorted once and each holding is a binary search.
//! The holding is reported at its `firstId`; `other` names the consuming action.

use super::{block_range, default_block_key, push_grouped, write_block_key, Env};
use crate::rules::predicate::Predicate;
use crate::rules::{Hit, Row};
use serde::Deserialize;
use serde_json::Value;
use std::collections::HashMap;

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Raw {
    consumed: String,
    consumed_when: Value,
    #[serde(default = "default_block_key")]
    key: Vec<String>,
}

/// Consumed ranges of one block identity sorted by first serial, with running max of last.
type Sorted<'a> = (Vec<(u64, u64, Row<'a>)>, Vec<u64>);

/// Options of `consumed-held`.
pub struct ConsumedHeld {
    consumed: String,
    consumed_when: Predicate,
    key: Vec<String>,
}

impl ConsumedHeld {
    /// Parse the options.
    pub fn compile(v: &Value) -> Result<ConsumedHeld, String> {
        let raw: Raw = super::options(v)?;
        let consumed_when = Predicate::compile(&raw.consumed_when)
            .map_err(|e| format!("functionOptions/consumedWhen: {e}"))?;
        Ok(ConsumedHeld {
            consumed: raw.consumed,
            consumed_when,
            key: raw.key,
        })
    }

    /// Report holdings that overlap a consumed block.
    pub fn run<'a>(&self, env: &Env<'a, '_>, held: &[Row<'a>]) -> Vec<Hit> {
        let mut by_key: HashMap<String, Vec<(u64, u64, Row<'a>)>> = HashMap::new();
        let mut k = String::new();
        for r in env.ctx.rows(&self.consumed, false).iter() {
            if !self.consumed_when.is_valid(r.value) {
                continue;
            }
            if let Some(range) = block_range(r) {
                write_block_key(&mut k, r, &self.key);
                push_grouped(&mut by_key, &k, (range.first, range.last, r.clone()));
            }
        }
        // Sorted by first; `max_last[i]` = furthest end among the first i+1 ranges.
        let mut index: HashMap<String, Sorted<'a>> = HashMap::new();
        for (k, mut v) in by_key {
            v.sort_unstable_by_key(|e| (e.0, e.1));
            let mut m = 0;
            let max_last = v
                .iter()
                .map(|e| {
                    m = m.max(e.1);
                    m
                })
                .collect();
            index.insert(k, (v, max_last));
        }
        let mut out = Vec::new();
        for h in held {
            let Some(range) = block_range(h) else {
                continue;
            };
            write_block_key(&mut k, h, &self.key);
            let Some((v, max_last)) = index.get(k.as_str()) else {
                continue;
            };
            // Candidates start at or before range.last; the last such one reaching
            // range.first exists iff max_last of that prefix ≥ range.first.
            let end = v.partition_point(|e| e.0 <= range.last);
            if end == 0 || max_last[end - 1] < range.first {
                continue;
            }
            if let Some((_, _, c)) = v[..end].iter().rev().find(|e| e.1 >= range.first) {
                out.push(Hit::at(h.field_pointer("firstId")).other(c, ""));
            }
        }
        out
    }
}
