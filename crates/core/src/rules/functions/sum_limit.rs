//! `sum-limit`: a running total per group stays within a limit — e.g. the ITMOs first
//! transferred under an authorization, across this and earlier submissions, stay within
//! its authorized quantity (brief AEF-X-15; UNCONFIRMED as a CARP check).
//!
//! Options: `sum` (quantity field), `groupBy` (fields), `limit` (operand, usually a
//! join), `history` (count earlier submissions' rows first). Rows are the rule's rows
//! (its `when` applies to history rows too). The first row that takes the total over
//! the limit is reported at its quantity; args `total`, `limit`.

use super::{write_block_key, Env};
use crate::decimal::Decimal;
use crate::rules::operand::{Operand, Val};
use crate::rules::{Hit, Join, Origin, Row};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};

/// Options of `sum-limit`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SumLimit {
    sum: String,
    group_by: Vec<String>,
    limit: Operand,
    #[serde(default)]
    history: bool,
}

/// Add two exact decimals given as plain decimal text (no exponent), exactly.
fn add(a: &str, b: &str) -> Option<String> {
    // Scale both to the same number of fraction digits and add as big integers in base 10.
    let split = |s: &str| -> (bool, String, String) {
        let (neg, s) = s.strip_prefix('-').map_or((false, s), |r| (true, r));
        let (i, f) = s.split_once('.').unwrap_or((s, ""));
        (neg, i.to_owned(), f.to_owned())
    };
    let (na, ia, fa) = split(a);
    let (nb, ib, fb) = split(b);
    if na || nb {
        return None; // quantities are never negative (the schema says so)
    }
    let scale = fa.len().max(fb.len());
    let da: Vec<u8> = format!("{ia}{fa:0<scale$}")
        .bytes()
        .map(|c| c - b'0')
        .collect();
    let db: Vec<u8> = format!("{ib}{fb:0<scale$}")
        .bytes()
        .map(|c| c - b'0')
        .collect();
    let n = da.len().max(db.len()) + 1;
    let mut out = vec![0u8; n];
    let mut carry = 0;
    for k in 0..n {
        let x = if k < da.len() {
            da[da.len() - 1 - k]
        } else {
            0
        };
        let y = if k < db.len() {
            db[db.len() - 1 - k]
        } else {
            0
        };
        let s = x + y + carry;
        out[n - 1 - k] = s % 10;
        carry = s / 10;
    }
    let digits: String = out.iter().map(|d| char::from(b'0' + d)).collect();
    let (int, frac) = digits.split_at(digits.len() - scale);
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    Some(if scale == 0 {
        int.to_owned()
    } else {
        format!("{int}.{frac}")
    })
}

impl SumLimit {
    /// Parse and check the options.
    pub fn compile(v: &serde_json::Value, joins: &[Join]) -> Result<SumLimit, String> {
        let s: SumLimit = super::options(v)?;
        s.limit.validate(joins)?;
        Ok(s)
    }

    /// Report the first row per group that exceeds the limit.
    pub fn run<'a>(&self, env: &Env<'a, '_>, rows: &[Row<'a>]) -> Vec<Hit> {
        let mut totals: HashMap<String, String> = HashMap::new();
        let mut key = String::new();
        if self.history {
            for r in env.same_kind_rows(env.given, true) {
                if r.origin == Origin::Current {
                    continue;
                }
                self.accumulate(&mut totals, &mut key, &r);
            }
        }
        let mut reported = HashSet::new();
        let mut out = Vec::new();
        for row in rows {
            let Some(total) = self.accumulate(&mut totals, &mut key, row) else {
                continue;
            };
            let Some(Val::Num(limit)) = self.limit.read(row, env, None) else {
                continue;
            };
            let Some(t) = Decimal::parse(&total) else {
                continue;
            };
            // `key` still holds this row's group, written by `accumulate`.
            if t > limit && !reported.contains(key.as_str()) {
                reported.insert(key.clone());
                let mut hit = Hit::at(row.field_pointer(&self.sum))
                    .arg(
                        "total",
                        serde_json::from_str::<serde_json::Value>(&total).unwrap_or_default(),
                    )
                    .arg("limit", limit.to_string());
                if let Some(p) = self.limit.location(row, env) {
                    hit = hit.input(p);
                }
                out.push(hit);
            }
        }
        out
    }

    fn accumulate(
        &self,
        totals: &mut HashMap<String, String>,
        key: &mut String,
        row: &Row<'_>,
    ) -> Option<String> {
        let q = row.get(&self.sum)?.as_number()?;
        let q = Decimal::parse(q.as_str())?.to_string();
        write_block_key(key, row, &self.group_by);
        if !totals.contains_key(key.as_str()) {
            totals.insert(key.clone(), "0".into());
        }
        let entry = totals.get_mut(key.as_str())?;
        *entry = add(entry, &q)?;
        Some(entry.clone())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn adds_exactly() {
        assert_eq!(super::add("0.1", "0.2").as_deref(), Some("0.3"));
        assert_eq!(
            super::add("99999999999999999999", "1").as_deref(),
            Some("100000000000000000000")
        );
        assert_eq!(super::add("11733", "0.50").as_deref(), Some("11733.50"));
    }
}
