//! The ledger: a Party's registry records for one year, the input of [`crate::assemble()`].
//!
//! ```json
//! { "party": "CHE", "reportedYear": 2025, "ndcFirstYear": 2021, "ndcLastYear": 2030,
//!   "version": "1.0", "dateOfSubmission": "2026-04-14",
//!   "authorizations": [ <AEF T2 row> ], "authorizedEntities": [ <AEF T5 row> ],
//!   "openingHoldings": [ <AEF block held on 1 January> ],
//!   "issuances": [ { "date": "2025-03-14", <AEF block> } ],
//!   "actions": [ <AEF T3 row> ] }
//! ```
//! `issuances` (optional) records the Party's own ITMOs entering its registry during the
//! year; issuance is not an AEF action, so they only ever show in Table 4.
//! See `crates/report/README.md` for every field.

use crate::findings::{finding, pointer};
use a6check_core::{Finding, Severity};
use serde_json::{Map, Value};

/// The finding code for a malformed ledger (missing or mistyped fields).
pub const STRUCTURE: &str = "LEDGER-00";

/// Top-level fields, in the order of the AEF's Table 1 and then the lists.
pub const T1_FIELDS: [&str; 6] = [
    "party",
    "version",
    "reportedYear",
    "dateOfSubmission",
    "ndcFirstYear",
    "ndcLastYear",
];
const LISTS: [&str; 5] = [
    "authorizations",
    "authorizedEntities",
    "openingHoldings",
    "issuances",
    "actions",
];
const IGNORED: [&str; 3] = ["$schema", "$comment", "description"];

/// One row of a ledger list, with where it came from.
#[derive(Debug, Clone)]
pub struct Row {
    /// Index in its list.
    pub index: usize,
    /// Ledger pointer of the row (`/actions/3`).
    pub pointer: String,
    /// The row.
    pub fields: Map<String, Value>,
}

/// A ledger read into its parts. Anything missing is a finding, not a failure.
#[derive(Debug, Clone, Default)]
pub struct Ledger {
    /// The top-level object as written.
    pub top: Map<String, Value>,
    /// Reporting Party (alpha-3).
    pub party: Option<String>,
    /// Reported year.
    pub reported_year: Option<i64>,
    /// `authorizations`: AEF T2 rows, every version the Party knows.
    pub authorizations: Vec<Row>,
    /// `authorizedEntities`: AEF T5 rows.
    pub entities: Vec<Row>,
    /// `openingHoldings`: blocks held on 1 January.
    pub opening: Vec<Row>,
    /// `issuances`: the Party's own ITMOs entering its registry in the year.
    pub issuances: Vec<Row>,
    /// `actions`: the year's AEF T3 rows.
    pub actions: Vec<Row>,
}

fn rows(top: &Map<String, Value>, key: &str, out: &mut Vec<Finding>) -> Vec<Row> {
    match top.get(key) {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .filter_map(|(i, v)| match v {
                Value::Object(m) => Some(Row {
                    index: i,
                    pointer: pointer(&format!("/{key}"), i),
                    fields: m.clone(),
                }),
                _ => {
                    out.push(
                        finding(
                            STRUCTURE,
                            Severity::Error,
                            pointer(&format!("/{key}"), i),
                            format!("Each entry of {key} must be an object; this one is ignored."),
                        )
                        .arg("field", key),
                    );
                    None
                }
            })
            .collect(),
        Some(_) => {
            out.push(
                finding(
                    STRUCTURE,
                    Severity::Error,
                    format!("/{key}"),
                    format!("{key} must be a list (JSON array); it is ignored."),
                )
                .arg("field", key),
            );
            Vec::new()
        }
    }
}

/// Read a parsed ledger document.
pub fn read(doc: &Value, out: &mut Vec<Finding>) -> Ledger {
    let Value::Object(top) = doc else {
        out.push(finding(
            STRUCTURE,
            Severity::Error,
            "",
            "The ledger must be a JSON object with party, reportedYear, ..., actions.",
        ));
        return Ledger::default();
    };
    for k in top.keys() {
        if !T1_FIELDS.contains(&k.as_str())
            && !LISTS.contains(&k.as_str())
            && !IGNORED.contains(&k.as_str())
        {
            out.push(
                finding(
                    STRUCTURE,
                    Severity::Warning,
                    pointer("", k),
                    format!("Unknown ledger field {k:?}: it is ignored."),
                )
                .arg("field", k.as_str()),
            );
        }
    }
    let party = top.get("party").and_then(Value::as_str).map(str::to_owned);
    if party.is_none() {
        out.push(
            finding(
                STRUCTURE,
                Severity::Error,
                "/party",
                "The ledger needs the reporting Party (party, ISO 3166-1 alpha-3): without it, the Party's own ITMOs cannot be told from others'.",
            )
            .arg("field", "party"),
        );
    }
    let reported_year = top.get("reportedYear").and_then(Value::as_i64);
    if reported_year.is_none() {
        out.push(
            finding(
                STRUCTURE,
                Severity::Error,
                "/reportedYear",
                "The ledger needs the reported year (reportedYear, an integer such as 2025): actions outside it cannot be told apart.",
            )
            .arg("field", "reportedYear"),
        );
    }
    Ledger {
        party,
        reported_year,
        authorizations: rows(top, "authorizations", out),
        entities: rows(top, "authorizedEntities", out),
        opening: rows(top, "openingHoldings", out),
        issuances: rows(top, "issuances", out),
        actions: rows(top, "actions", out),
        top: top.clone(),
    }
}
