//! `block-overlap`: two rows must not move the same serials.
//!
//! Options: `key` (fields that identify a serial space; default approach, first
//! transferring Party, vintage), `sameKind` (also group by `actionType`, so a first
//! transfer and a later use of one block do not clash), `ignoreSame` (fields: a pair
//! that agrees on them and on the range is an exact repeat, left to `unique`).
//! Sort and sweep: O(n log n). The later row (document order) is reported at its
//! `firstId`, `other` naming the earlier one.

use super::{block_key, block_range, default_block_key};
use crate::blocks::Range;
use crate::rules::{Hit, Row};
use serde::Deserialize;

/// Options of `block-overlap`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct BlockOverlap {
    #[serde(default = "default_block_key")]
    key: Vec<String>,
    #[serde(default)]
    same_kind: bool,
    #[serde(default)]
    ignore_same: Vec<String>,
}

impl BlockOverlap {
    /// Report overlapping pairs.
    pub fn run(&self, rows: &[Row<'_>]) -> Vec<Hit> {
        let mut key = self.key.clone();
        if self.same_kind {
            key.push("actionType".into());
        }
        let mut entries: Vec<(String, Range, usize)> = rows
            .iter()
            .enumerate()
            .filter_map(|(i, r)| Some((block_key(r, &key), block_range(r)?, i)))
            .collect();
        entries.sort_unstable_by(|a, b| (&a.0, a.1.first, a.2).cmp(&(&b.0, b.1.first, b.2)));
        let mut hits: Vec<(usize, usize)> = Vec::new();
        // Within a group: the entry reaching furthest so far.
        let mut reach: Option<(&str, u64, usize)> = None;
        for (k, range, i) in &entries {
            match reach {
                Some((rk, last, j)) if rk == k && range.first <= last => {
                    let repeat = self
                        .ignore_same
                        .iter()
                        .all(|f| rows[*i].get(f) == rows[j].get(f))
                        && !self.ignore_same.is_empty()
                        && block_range(&rows[j]) == Some(*range);
                    if !repeat {
                        hits.push(((*i).max(j), (*i).min(j)));
                    }
                    if range.last > last {
                        reach = Some((k, range.last, *i));
                    }
                }
                _ => reach = Some((k, range.last, *i)),
            }
        }
        hits.sort_unstable();
        hits.dedup_by_key(|h| h.0);
        hits.into_iter()
            .map(|(later, earlier)| {
                let r = &rows[later];
                Hit::at(r.field_pointer("firstId")).other(&rows[earlier], "")
            })
            .collect()
    }
}
