//! `consistent`: rows that share a key agree on some fields — e.g. the sectors and
//! activity types of the authorizations of one cooperative approach (UNFCCC II03).
//!
//! Options: `groupBy` (fields), `fields` (fields that must agree; arrays compare as
//! sets). Rows of earlier submissions count first when `history` is set. A later row
//! that differs is reported at the field; args `value`, `expected`, `other`.

use super::{block_key, Env};
use crate::rules::{Hit, Origin, Row};
use serde::Deserialize;
use serde_json::Value;
use std::collections::HashMap;

/// Options of `consistent`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Consistent {
    group_by: Vec<String>,
    fields: Vec<String>,
    #[serde(default)]
    history: bool,
}

fn canonical(v: &Value) -> String {
    match v {
        Value::Array(items) => {
            let mut parts: Vec<String> = items.iter().map(Value::to_string).collect();
            parts.sort();
            parts.dedup();
            parts.join(",")
        }
        other => other.to_string(),
    }
}

impl Consistent {
    /// Report rows that disagree with the first row of their group.
    pub fn run<'a>(&self, env: &Env<'a, '_>, rows: &[Row<'a>]) -> Vec<Hit> {
        let mut first: HashMap<(String, usize), Row<'a>> = HashMap::new();
        let earlier = if self.history {
            env.same_kind_rows(env.given, true)
                .into_iter()
                .filter(|r| r.origin != Origin::Current)
                .collect()
        } else {
            Vec::new()
        };
        let mut out = Vec::new();
        for (current, row) in earlier
            .iter()
            .map(|r| (false, r))
            .chain(rows.iter().map(|r| (true, r)))
        {
            let group = block_key(row, &self.group_by);
            for (i, f) in self.fields.iter().enumerate() {
                let Some(v) = row.get(f) else { continue };
                match first.get(&(group.clone(), i)) {
                    None => {
                        first.insert((group.clone(), i), row.clone());
                    }
                    Some(base) if current => {
                        let Some(expected) = base.get(f) else {
                            continue;
                        };
                        if canonical(expected) != canonical(v) {
                            out.push(
                                Hit::at(row.field_pointer(f))
                                    .arg("value", v.clone())
                                    .arg("expected", expected.clone())
                                    .other(base, f),
                            );
                        }
                    }
                    Some(_) => {}
                }
            }
        }
        out
    }
}
