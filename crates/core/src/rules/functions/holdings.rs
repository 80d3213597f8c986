//! `holdings-reconcile`: last year's holdings plus what came in, minus what went out,
//! is this year's holdings (UNFCCC ISC01, brief AEF-X-18). Needs the Party's AEF for
//! the previous year in the context; without it nothing is said.
//!
//! Serials are compared as sets per block identity (approach, first transferring
//! Party, vintage), so partial transfers that split blocks reconcile exactly.
//! In: `Acquisition`. Out: `First transfer`, `Transfer`, `Use`, `Cancellation`,
//! `Voluntary Cancellation`. ITMOs of the Party's own mitigation can appear without an
//! action (issuance is not an AEF action), so only other Parties' ITMOs held beyond
//! what is explained are reported, at the holding row; ITMOs that should still be held
//! but are missing are reported at `/t4Holdings` with args `key` and `count`.
//! Options: `party` (operand: the reporting Party), `reportedYear` (operand).

use super::{block_key, block_range, default_block_key, Env};
use crate::blocks::{Range, RangeSet};
use crate::rules::operand::{Operand, Val};
use crate::rules::{Hit, Origin, Row};
use serde::Deserialize;
use serde_json::Value;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Options of `holdings-reconcile`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Holdings {
    party: Operand,
    reported_year: Operand,
}

fn sets<'a>(rows: impl Iterator<Item = Row<'a>>, key: &[String]) -> BTreeMap<String, Vec<Range>> {
    let mut out: BTreeMap<String, Vec<Range>> = BTreeMap::new();
    for r in rows {
        if let Some(range) = block_range(&r) {
            out.entry(block_key(&r, key)).or_default().push(range);
        }
    }
    out
}

impl Holdings {
    /// Reconcile; rows are ignored (the rule is given the root).
    pub fn run<'a>(&self, env: &Env<'a, '_>, rows: &[Row<'a>]) -> Vec<Hit> {
        let Some(root) = rows.first() else {
            return vec![];
        };
        let Some(Value::String(party)) = self.party.raw(root, env).map(Cow::into_owned) else {
            return vec![];
        };
        let Some(Val::Num(year)) =
            self.reported_year
                .read(root, env, Some(crate::rules::operand::As::Number))
        else {
            return vec![];
        };
        let prev_year = year.to_string().parse::<i64>().ok().map(|y| y - 1);
        // The latest prior submission of this Party for the previous year.
        let prior = env.ctx.history.iter().enumerate().filter(|(_, d)| {
            d.pointer("/t1Submission/party").and_then(Value::as_str) == Some(party.as_str())
                && d.pointer("/t1Submission/reportedYear")
                    .and_then(Value::as_i64)
                    == prev_year
        });
        let Some((pi, _)) = prior.max_by(|a, b| {
            let v = |d: &Value| {
                d.pointer("/t1Submission/version")
                    .and_then(Value::as_str)
                    .map(|s| {
                        let (m, n) = s.split_once('.').unwrap_or((s, "0"));
                        (m.parse::<u64>().unwrap_or(0), n.parse::<u64>().unwrap_or(0))
                    })
                    .unwrap_or((0, 0))
            };
            v(a.1).cmp(&v(b.1))
        }) else {
            return vec![];
        };
        let key = default_block_key();
        let rows_of = |origin: Origin, pattern: &str| -> Vec<Row<'a>> {
            env.ctx
                .rows(pattern, origin != Origin::Current)
                .iter()
                .filter(|r| r.origin == origin)
                .cloned()
                .collect()
        };
        let actions = rows_of(Origin::Current, "/t3Actions/*");
        let kind = |r: &Row<'_>| {
            r.get("actionType")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned()
        };
        let opening = sets(
            rows_of(Origin::Prior(pi), "/t4Holdings/*").into_iter(),
            &key,
        );
        let incoming = sets(
            actions.iter().filter(|r| kind(r) == "Acquisition").cloned(),
            &key,
        );
        let outgoing = sets(
            actions
                .iter()
                .filter(|r| {
                    matches!(
                        kind(r).as_str(),
                        "First transfer"
                            | "Transfer"
                            | "Use"
                            | "Cancellation"
                            | "Voluntary Cancellation"
                    )
                })
                .cloned(),
            &key,
        );
        let holdings = rows_of(Origin::Current, "/t4Holdings/*");
        let closing = sets(holdings.iter().cloned(), &key);
        let mut keys: Vec<&String> = opening
            .keys()
            .chain(incoming.keys())
            .chain(closing.keys())
            .collect();
        keys.sort();
        keys.dedup();
        let get = |m: &BTreeMap<String, Vec<Range>>, k: &str| {
            RangeSet::from_ranges(m.get(k).cloned().unwrap_or_default())
        };
        let mut out = Vec::new();
        for k in keys {
            let expected = get(&opening, k)
                .union(&get(&incoming, k))
                .difference(&get(&outgoing, k));
            let actual = get(&closing, k);
            let missing = expected.difference(&actual);
            if !missing.is_empty() {
                out.push(
                    Hit::at("/t4Holdings".into())
                        .arg("key", k.replace('\u{1f}', " ").trim().to_owned())
                        .arg("kind", "missing")
                        .arg("count", missing.len() as u64)
                        .arg("otherSubmission", pi as u64),
                );
            }
            let unexplained = actual.difference(&expected);
            if unexplained.is_empty() {
                continue;
            }
            for h in &holdings {
                let own = h.get("firstTransferringPartyId").and_then(Value::as_str)
                    == Some(party.as_str());
                if own || block_key(h, &key) != *k {
                    continue;
                }
                if let Some(r) = block_range(h) {
                    let part = RangeSet::from_ranges(vec![r]).intersection(&unexplained);
                    if !part.is_empty() {
                        out.push(
                            Hit::at(h.field_pointer("firstId"))
                                .arg("kind", "unexplained")
                                .arg("count", part.len() as u64),
                        );
                    }
                }
            }
        }
        out
    }
}
