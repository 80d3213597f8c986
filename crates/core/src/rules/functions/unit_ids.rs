//! `unit-ids`: underlying-unit IDs line up with the ITMO block (UNFCCC II05): the same
//! non-numeric part, and, when both end in a number, as many underlying units as ITMOs.
//! (That both or neither are given is the form schema's conditional rule.) Options: none. Reported at the unit ID
//! to change; args `value`, `expected`.

use super::block_range;
use crate::rules::{Hit, Row};
use serde::Deserialize;
use serde_json::Value;

/// Options of `unit-ids` (none).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitIds {}

fn split(v: &Value) -> Option<(String, u64)> {
    match v {
        Value::Number(n) => n.as_u64().map(|x| (String::new(), x)),
        Value::String(s) => {
            let digits = s.len() - s.trim_end_matches(|c: char| c.is_ascii_digit()).len();
            if digits == 0 {
                return None;
            }
            let (head, tail) = s.split_at(s.len() - digits);
            tail.parse().ok().map(|n| (head.to_owned(), n))
        }
        _ => None,
    }
}

/// Units in a serial that ends in `-<first>-<last>` (e.g. `GS1-1-TZ-GS11732-16-2022-25700-1-100`).
fn encoded_span(s: &str) -> Option<u128> {
    let mut parts = s.rsplit('-');
    let last: u64 = parts.next()?.parse().ok()?;
    let first: u64 = parts.next()?.parse().ok()?;
    (first <= last).then(|| u128::from(last - first) + 1)
}

impl UnitIds {
    /// Report misaligned underlying-unit IDs.
    pub fn run(&self, rows: &[Row<'_>]) -> Vec<Hit> {
        let mut out = Vec::new();
        for row in rows {
            let (first, last) = (row.get("firstUnitId"), row.get("lastUnitId"));
            // Presence (both or neither) is the schema's conditional rule.
            let (Some(f), Some(l)) = (first, last) else {
                continue;
            };
            {
                {
                    // Registries such as Gold Standard write a whole block as one serial
                    // ending in `-<first>-<last>`; given twice, it spans those units.
                    if f == l {
                        if let (Some(s), Some(range)) = (f.as_str(), block_range(row)) {
                            if let Some(units) = encoded_span(s) {
                                if units != range.len() {
                                    out.push(
                                        Hit::at(row.field_pointer("lastUnitId"))
                                            .arg("value", l.clone())
                                            .arg("expected", range.len() as u64),
                                    );
                                }
                            }
                        }
                        continue;
                    }
                    let (Some((fp, fnum)), Some((lp, lnum))) = (split(f), split(l)) else {
                        continue;
                    };
                    if fp != lp {
                        out.push(
                            Hit::at(row.field_pointer("lastUnitId"))
                                .arg("value", l.clone())
                                .arg("expected", fp),
                        );
                        continue;
                    }
                    if let Some(range) = block_range(row) {
                        let units = lnum.checked_sub(fnum).map(|d| u128::from(d) + 1);
                        if units != Some(range.len()) {
                            out.push(
                                Hit::at(row.field_pointer("lastUnitId"))
                                    .arg("value", l.clone())
                                    .arg("expected", range.len() as u64),
                            );
                        }
                    }
                }
            }
        }
        out
    }
}
