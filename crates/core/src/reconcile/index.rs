//! What reconciling keeps of each document once it is checked: compact records of the
//! ITMOs each row is about, the authorizations and the NDC periods — not the documents.
//! A 10,000-row AEF becomes 10,000 small records (about 80 bytes each) and its tree is
//! freed before the next file is read.

use super::rules::ActionKinds;
use crate::blocks::Range;
use crate::identity;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// Strings seen many times (Parties, approaches, authorization IDs) stored once.
#[derive(Default)]
pub(crate) struct Interner {
    ids: HashMap<String, u32>,
    names: Vec<String>,
}

impl Interner {
    /// The id of `s` (0 is reserved for "none").
    pub(crate) fn id(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.ids.get(s) {
            return i;
        }
        if self.names.is_empty() {
            self.names.push(String::new());
        }
        let i = self.names.len() as u32;
        self.names.push(s.to_owned());
        self.ids.insert(s.to_owned(), i);
        i
    }

    /// The id of `s` when it has been seen (0 otherwise).
    pub(crate) fn get(&self, s: &str) -> u32 {
        self.ids.get(s).copied().unwrap_or(0)
    }

    /// The text of an id.
    pub(crate) fn name(&self, i: u32) -> &str {
        self.names.get(i as usize).map_or("", String::as_str)
    }
}

/// What an action does to the ITMOs, as the rules distinguish them (which action types
/// do what is bundle data: [`ActionKinds`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    FirstTransfer,
    Transfer,
    Acquisition,
    /// Use, Cancellation, Voluntary Cancellation: the ITMOs are gone.
    Consumed,
    /// A Table 4 row: held at 31 December.
    Held,
    Other,
}

/// One T3 or T4 row: which ITMOs, what happened to them, and where it is written.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    pub doc: u32,
    /// Row index in its table.
    pub row: u32,
    pub kind: Kind,
    /// Serial space: (approach, first transferring Party, vintage) interned as one string.
    pub space: u32,
    pub range: Range,
    /// The attributes that never change for the same ITMOs, in the order of
    /// [`identity::BLOCK_INVARIANTS`] (interned; 0 when absent).
    pub invariants: [u32; 3],
    /// Days since 1970-01-01 of the action date (T3).
    pub date: Option<i64>,
    /// Transferring Party (acquisitions) — interned, 0 when none.
    pub from: u32,
    /// Acquiring Party ((first) transfers) — interned, 0 when none.
    pub to: u32,
    /// Quantity in t CO2 eq as exact decimal text, normalised (no trailing zeros).
    pub quantity: Option<Box<str>>,
}

impl Block {
    /// The authorization ID (interned), the first of the block invariants.
    pub(crate) fn authorization(&self) -> u32 {
        self.invariants[0]
    }

    /// The pointer of `field` of this row.
    pub(crate) fn pointer(&self, field: &str) -> String {
        let table = if self.kind == Kind::Held {
            "t4Holdings"
        } else {
            "t3Actions"
        };
        if field.is_empty() {
            format!("/{table}/{}", self.row)
        } else {
            format!("/{table}/{}/{field}", self.row)
        }
    }
}

/// An authorization as reported: a letter of authorization, or a T2 row of an AEF.
#[derive(Debug, Clone)]
pub(crate) struct Authorization {
    pub doc: u32,
    /// Pointer of the record (`""` for a letter, `/t2Authorizations/3` for a T2 row).
    pub at: String,
    pub party: String,
    pub id: String,
    pub version: u64,
    /// Facts compared between the letter and Table 2, in Table 2's field names.
    pub facts: Map<String, Value>,
    /// Where each fact is written in its document (field → pointer).
    pub places: HashMap<String, String>,
}

/// An initial report's authorization reference.
#[derive(Debug, Clone)]
pub(crate) struct AuthorizationRef {
    pub doc: u32,
    pub at: String,
    pub party: String,
    pub id: String,
    pub version: Option<u64>,
    pub approach: String,
}

/// An NDC implementation period as a document states it.
#[derive(Debug, Clone)]
pub(crate) struct NdcPeriod {
    pub doc: u32,
    pub first: i64,
    pub last: i64,
    /// Pointers of the first and the last year.
    pub at: (&'static str, &'static str),
}

/// Everything kept of the inputs.
#[derive(Default)]
pub(crate) struct Index {
    pub strings: Interner,
    pub blocks: Vec<Block>,
    pub authorizations: Vec<Authorization>,
    pub refs: Vec<AuthorizationRef>,
    /// NDC periods of AEF Table 1 and initial reports.
    pub ndc_periods: Vec<NdcPeriod>,
}

/// Days since 1970-01-01 of an ISO date or date-time (`YYYY-MM-DD…`).
pub(crate) fn days(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i64 = s.get(0..4)?.parse().ok()?;
    let m: i64 = s.get(5..7)?.parse().ok()?;
    let d: i64 = s.get(8..10)?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// Exact decimal text without trailing fraction zeros (`11733.0` → `11733`).
fn decimal_text(v: &Value) -> Option<Box<str>> {
    let Value::Number(n) = v else { return None };
    let s = n.as_str();
    if s.contains(['e', 'E']) {
        return Some(s.into());
    }
    let t = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    };
    Some(t.into())
}

fn text(v: Option<&Value>) -> Option<&str> {
    v.and_then(Value::as_str)
}

impl Index {
    /// One T3/T4 row as a block, reading the row's members in one pass (a 100-row AEF
    /// and a 100,000-row one cost the same per row); `None` when it names no ITMOs.
    fn block_of(
        &mut self,
        row: &Value,
        doc: u32,
        at: u32,
        held: bool,
        key: &mut String,
        kinds: &ActionKinds,
    ) -> Option<Block> {
        let Value::Object(m) = row else { return None };
        let mut f: [Option<&Value>; 12] = [None; 12];
        const NAMES: [&str; 12] = [
            "cooperativeApproachId",
            "firstTransferringPartyId",
            "vintage",
            "firstId",
            "lastId",
            "actionType",
            identity::BLOCK_INVARIANTS[0],
            identity::BLOCK_INVARIANTS[1],
            identity::BLOCK_INVARIANTS[2],
            "actionDate",
            "transferringPartyId",
            "acquiringPartyId",
        ];
        let mut quantity = None;
        for (k, v) in m {
            if k == "quantityTCO2e" {
                quantity = decimal_text(v);
            } else if let Some(i) = NAMES.iter().position(|n| n == k) {
                f[i] = Some(v);
            }
        }
        let serial = |v: Option<&Value>| -> Option<u64> {
            match v? {
                Value::Number(n) => n.as_u64().filter(|&s| s >= 1),
                // A full unique identifier: its fourth part (the row's columns give the rest).
                Value::String(s) => match s.split('-').nth(3) {
                    Some(part) if s.matches('-').count() == 4 => crate::blocks::parse_serial(part),
                    _ => crate::blocks::parse_serial(s),
                },
                _ => None,
            }
        };
        let range = Range::new(serial(f[3])?, serial(f[4])?)?;
        key.clear();
        let mut whole = true;
        for part in &f[..3] {
            match part {
                Some(Value::String(s)) => key.push_str(s),
                Some(Value::Number(n)) => key.push_str(n.as_str()),
                _ => whole = false,
            }
            key.push('\u{1f}');
        }
        if !whole {
            // A missing column: the identity's own reading (from full identifiers).
            let (space, _) = identity::block(row)?;
            key.clear();
            space.write_key(key);
        }
        let kind = if held {
            Kind::Held
        } else {
            kinds.of(f[5].and_then(Value::as_str))
        };
        let space = self.strings.id(key);
        let mut id =
            |v: Option<&Value>| v.and_then(Value::as_str).map_or(0, |s| self.strings.id(s));
        Some(Block {
            doc,
            row: at,
            kind,
            space,
            range,
            invariants: [id(f[6]), id(f[7]), id(f[8])],
            date: f[9].and_then(Value::as_str).and_then(days),
            from: id(f[10]),
            to: id(f[11]),
            quantity,
        })
    }

    /// Keep the blocks, authorizations and NDC period of an AEF.
    pub(crate) fn add_aef(&mut self, doc: u32, v: &Value, kinds: &ActionKinds) {
        let parties = identity::authorizing_parties(v);
        for (table, held) in [("t3Actions", false), ("t4Holdings", true)] {
            let Some(rows) = v.get(table).and_then(Value::as_array) else {
                continue;
            };
            let mut key = String::new();
            for (i, row) in rows.iter().enumerate() {
                let Some(block) = self.block_of(row, doc, i as u32, held, &mut key, kinds) else {
                    continue;
                };
                self.blocks.push(block);
            }
        }
        if let Some(rows) = v.get("t2Authorizations").and_then(Value::as_array) {
            let own = identity::submitting_party(v).unwrap_or_default().to_owned();
            for (i, row) in rows.iter().enumerate() {
                let Some(id) = text(row.get("authorizationId")) else {
                    continue;
                };
                let party = parties.get(id).cloned().unwrap_or_else(|| own.clone());
                let at = format!("/t2Authorizations/{i}");
                let mut facts = Map::new();
                let mut places = HashMap::new();
                for f in T2_FACTS {
                    if let Some(x) = row.get(*f) {
                        facts.insert((*f).to_owned(), x.clone());
                        places.insert((*f).to_owned(), format!("{at}/{f}"));
                    }
                }
                self.authorizations.push(Authorization {
                    doc,
                    at,
                    party,
                    id: id.to_owned(),
                    version: row.get("version").and_then(Value::as_u64).unwrap_or(0),
                    facts,
                    places,
                });
            }
        }
        if let (Some(a), Some(b)) = (
            v.pointer("/t1Submission/ndcFirstYear")
                .and_then(Value::as_i64),
            v.pointer("/t1Submission/ndcLastYear")
                .and_then(Value::as_i64),
        ) {
            self.ndc_periods.push(NdcPeriod {
                doc,
                first: a,
                last: b,
                at: ("/t1Submission/ndcFirstYear", "/t1Submission/ndcLastYear"),
            });
        }
    }

    /// Keep a letter of authorization, its facts under Table 2's names.
    pub(crate) fn add_authorization(&mut self, doc: u32, v: &Value) {
        let (Some(party), Some(id)) = (
            text(v.get("authorizingParty")),
            text(v.get("authorizationId")),
        ) else {
            return;
        };
        let mut facts = Map::new();
        let mut places = HashMap::new();
        for f in T2_FACTS {
            if let Some(x) = v.get(*f) {
                facts.insert((*f).to_owned(), x.clone());
                places.insert((*f).to_owned(), format!("/{f}"));
            }
        }
        // The letter's four years are Table 2's one timeframe.
        let year = |f: &str| v.get(f).and_then(Value::as_u64);
        if let (Some(a), Some(b)) = (year("vintageFrom"), year("vintageTo")) {
            let (c, d) = (year("useFrom").unwrap_or(a), year("useTo").unwrap_or(b));
            facts.insert(
                "authorizedTimeframe".into(),
                Value::String(format!("{a}-{b}/{c}-{d}")),
            );
            places.insert("authorizedTimeframe".into(), "/vintageFrom".into());
        }
        self.authorizations.push(Authorization {
            doc,
            at: String::new(),
            party: party.to_owned(),
            id: id.to_owned(),
            version: v.get("version").and_then(Value::as_u64).unwrap_or(0),
            facts,
            places,
        });
    }

    /// Keep an initial report's NDC period and authorization references.
    pub(crate) fn add_initial_report(&mut self, doc: u32, v: &Value) {
        let party = text(v.get("party")).unwrap_or_default().to_owned();
        if let (Some(a), Some(b)) = (
            v.pointer("/ndcQuantification/period/firstYear")
                .and_then(Value::as_i64),
            v.pointer("/ndcQuantification/period/lastYear")
                .and_then(Value::as_i64),
        ) {
            self.ndc_periods.push(NdcPeriod {
                doc,
                first: a,
                last: b,
                at: (
                    "/ndcQuantification/period/firstYear",
                    "/ndcQuantification/period/lastYear",
                ),
            });
        }
        let approaches = v.get("cooperativeApproaches").and_then(Value::as_array);
        for (i, ca) in approaches.into_iter().flatten().enumerate() {
            let approach = text(ca.get("cooperativeApproachId"))
                .unwrap_or_default()
                .to_owned();
            let refs = ca.get("authorizationRefs").and_then(Value::as_array);
            for (j, r) in refs.into_iter().flatten().enumerate() {
                let Some(id) = text(r.get("authorizationId")) else {
                    continue;
                };
                self.refs.push(AuthorizationRef {
                    doc,
                    at: format!("/cooperativeApproaches/{i}/authorizationRefs/{j}/authorizationId"),
                    party: party.clone(),
                    id: id.to_owned(),
                    version: r.get("version").and_then(Value::as_u64),
                    approach: approach.clone(),
                });
            }
        }
    }
}

/// The facts of an authorization that the letter and Table 2 both carry and must agree
/// on (brief 2.2, 2.5): Table 2's names, which the letter shares.
pub(crate) const T2_FACTS: &[&str] = &[
    "cooperativeApproachId",
    "dateOfAuthorization",
    "authorizedQuantity",
    "metric",
    "nonGhgMetric",
    "purposes",
    "authorizedParties",
    "sectors",
    "activityTypes",
    "oimpAuthorized",
    "firstTransferDefinitionOimp",
    "authorizedTimeframe",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_invariant_is_the_authorization() {
        assert_eq!(identity::BLOCK_INVARIANTS[0], "authorizationId");
    }

    #[test]
    fn days_count_from_the_epoch() {
        assert_eq!(days("1970-01-01"), Some(0));
        assert_eq!(days("2025-12-31"), Some(20_453));
        assert_eq!(days("2026-01-02T10:00:00Z"), Some(20_455));
        assert_eq!(
            days("2024-03-01")
                .zip(days("2024-02-28"))
                .map(|(a, b)| a - b),
            Some(2)
        );
        assert_eq!(days("2025-13-01"), None);
        assert_eq!(days("25-01-01"), None);
    }
}
