//! `first-transfer-before`: no ITMO is transferred, used or cancelled before its first
//! transfer (brief AEF-X-16, from 2/CMA.3 annex para 2). Reported only on evidence: a
//! first transfer of overlapping serials (here or in earlier submissions) dated after
//! the row. Rows are the rule's rows (its `when` picks the later actions).
//! Options: none. Reported at `actionDate`; args `value`, `expected` (first transfer
//! date), `other`.

use super::{block_range, default_block_key, push_grouped, write_block_key, Env};
use crate::rules::operand::iso_date;
use crate::rules::{Hit, Row};
use serde::Deserialize;
use serde_json::Value;
use std::borrow::Cow;
use std::collections::HashMap;

/// Options of `first-transfer-before` (none).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FirstTransferBefore {}

fn date<'a>(r: &Row<'a>) -> Option<Cow<'a, str>> {
    r.get("actionDate")
        .and_then(Value::as_str)
        .and_then(iso_date)
}

impl FirstTransferBefore {
    /// Report actions dated before the first transfer of their serials.
    pub fn run<'a>(&self, env: &Env<'a, '_>, rows: &[Row<'a>]) -> Vec<Hit> {
        let key = default_block_key();
        type First<'a> = (u64, u64, Cow<'a, str>, Row<'a>);
        let mut firsts: HashMap<String, Vec<First<'a>>> = HashMap::new();
        let mut k = String::new();
        for r in env.ctx.rows(env.given, true).iter() {
            if r.get("actionType").and_then(Value::as_str) != Some("First transfer") {
                continue;
            }
            if let (Some(range), Some(d)) = (block_range(r), date(r)) {
                write_block_key(&mut k, r, &key);
                push_grouped(&mut firsts, &k, (range.first, range.last, d, r.clone()));
            }
        }
        for v in firsts.values_mut() {
            v.sort_unstable_by_key(|e| (e.0, e.1));
        }
        let mut out = Vec::new();
        for row in rows {
            let (Some(range), Some(d)) = (block_range(row), date(row)) else {
                continue;
            };
            write_block_key(&mut k, row, &key);
            let Some(v) = firsts.get(k.as_str()) else {
                continue;
            };
            let end = v.partition_point(|e| e.0 <= range.last);
            if let Some(ft) = v[..end].iter().find(|e| e.1 >= range.first && e.2 > d) {
                out.push(
                    Hit::at(row.field_pointer("actionDate"))
                        .arg("value", d.clone())
                        .arg("expected", ft.2.clone())
                        .other(&ft.3, "actionDate"),
                );
            }
        }
        out
    }
}
