//! Summaries of AEF documents, in exact decimals: totals per cooperative approach,
//! vintage, action type and purpose; and the holdings reconciliation
//! (opening + acquired − moved out = closing; UNFCCC ISC01, brief 6.4 AEF-X-18).
//!
//! Totals add `quantityTCO2e` (and `quantityNonGhg` where given) as written, with the
//! serial count (`itmos`) beside them. The purpose of an action is the `purposes` of
//! its authorization in any Table 2 among the documents given (the highest version);
//! `unknown` when none lists it. The reconciliation compares serial sets per block
//! identity (approach, first transferring Party, vintage), so split blocks reconcile.

use crate::btr::{self, BtrOptions};
use crate::findings::{finding, report_value};
use crate::holdings::key_text;
use crate::num;
use a6check_core::blocks::{Range, RangeSet, SerialCell};
use a6check_core::rules::operand::year_of;
use a6check_core::{Finding, Severity};
use rust_decimal::Decimal;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Sums of one group of rows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Total {
    /// Σ quantity (t CO2 eq).
    pub tco2e: Decimal,
    /// Σ quantity in the non-GHG metric, when any row gives one.
    pub non_ghg: Option<Decimal>,
    /// Σ serials.
    pub itmos: u128,
    /// Rows added.
    pub rows: u64,
}

impl Total {
    fn add(&mut self, row: &Map<String, Value>) {
        if let Some(q) = row.get("quantityTCO2e").and_then(num::of_value) {
            self.tco2e += q;
        }
        if let Some(q) = row.get("quantityNonGhg").and_then(num::of_value) {
            *self.non_ghg.get_or_insert(Decimal::ZERO) += q;
        }
        if let Some(r) = range_of(row) {
            self.itmos += r.len();
        }
        self.rows += 1;
    }

    /// `{"quantityTCO2e", "quantityNonGhg"?, "itmos", "rows"}`, quantities as decimal strings.
    pub fn to_value(&self) -> Value {
        let mut m = Map::new();
        m.insert("quantityTCO2e".into(), Value::String(num::text(self.tco2e)));
        if let Some(n) = self.non_ghg {
            m.insert("quantityNonGhg".into(), Value::String(num::text(n)));
        }
        m.insert("itmos".into(), Value::String(self.itmos.to_string()));
        m.insert("rows".into(), Value::from(self.rows));
        Value::Object(m)
    }
}

/// The serial range of a block row.
pub fn range_of(row: &Map<String, Value>) -> Option<Range> {
    let read = |k: &str| row.get(k).and_then(SerialCell::read).map(|c| c.serial());
    Range::new(read("firstId")?, read("lastId")?)
}

/// The rows of a table of an AEF document (objects only).
pub fn rows<'a>(aef: &'a Value, table: &str) -> impl Iterator<Item = &'a Map<String, Value>> {
    aef.get(table)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
}

/// `purposes` per authorization ID, from the highest version in any of the documents.
pub fn purposes(aefs: &[Value]) -> BTreeMap<String, String> {
    let mut best: BTreeMap<String, (i64, String)> = BTreeMap::new();
    for a in aefs.iter().flat_map(|d| rows(d, "t2Authorizations")) {
        let (Some(id), Some(p)) = (
            key_text(a.get("authorizationId")),
            key_text(a.get("purposes")),
        ) else {
            continue;
        };
        let v = a.get("version").and_then(Value::as_i64).unwrap_or(0);
        if best.get(&id).is_none_or(|(bv, _)| v >= *bv) {
            best.insert(id, (v, p));
        }
    }
    best.into_iter().map(|(k, (_, p))| (k, p)).collect()
}

fn t(m: &Map<String, Value>, k: &str) -> String {
    key_text(m.get(k)).unwrap_or_else(|| "unknown".to_owned())
}

/// Totals of one AEF's actions.
pub fn totals(aef: &Value, purpose_of: &BTreeMap<String, String>) -> Value {
    let mut detail: BTreeMap<(String, String, String, String), Total> = BTreeMap::new();
    for r in rows(aef, "t3Actions") {
        let purpose = key_text(r.get("authorizationId"))
            .and_then(|id| purpose_of.get(&id).cloned())
            .unwrap_or_else(|| "unknown".to_owned());
        detail
            .entry((
                t(r, "cooperativeApproachId"),
                t(r, "vintage"),
                t(r, "actionType"),
                purpose,
            ))
            .or_default()
            .add(r);
    }
    let mut by_type: BTreeMap<String, Total> = BTreeMap::new();
    let mut by_dim: [BTreeMap<String, BTreeMap<String, Total>>; 3] = Default::default();
    for ((ca, v, ty, p), tot) in &detail {
        merge(by_type.entry(ty.clone()).or_default(), tot);
        for (i, k) in [ca, v, p].into_iter().enumerate() {
            merge(
                by_dim[i]
                    .entry(k.clone())
                    .or_default()
                    .entry(ty.clone())
                    .or_default(),
                tot,
            );
        }
    }
    let nested = |m: &BTreeMap<String, BTreeMap<String, Total>>| {
        Value::Object(
            m.iter()
                .map(|(k, inner)| {
                    (
                        k.clone(),
                        Value::Object(
                            inner
                                .iter()
                                .map(|(t, v)| (t.clone(), v.to_value()))
                                .collect(),
                        ),
                    )
                })
                .collect(),
        )
    };
    let mut out = Map::new();
    out.insert(
        "byActionType".into(),
        Value::Object(
            by_type
                .iter()
                .map(|(k, v)| (k.clone(), v.to_value()))
                .collect(),
        ),
    );
    out.insert("byCooperativeApproach".into(), nested(&by_dim[0]));
    out.insert("byVintage".into(), nested(&by_dim[1]));
    out.insert("byPurpose".into(), nested(&by_dim[2]));
    out.insert(
        "detail".into(),
        Value::Array(
            detail
                .iter()
                .map(|((ca, v, ty, p), tot)| {
                    let mut m = Map::new();
                    m.insert("cooperativeApproachId".into(), Value::String(ca.clone()));
                    m.insert("vintage".into(), Value::String(v.clone()));
                    m.insert("actionType".into(), Value::String(ty.clone()));
                    m.insert("purpose".into(), Value::String(p.clone()));
                    if let Value::Object(q) = tot.to_value() {
                        m.extend(q);
                    }
                    Value::Object(m)
                })
                .collect(),
        ),
    );
    Value::Object(out)
}

fn merge(into: &mut Total, from: &Total) {
    into.tco2e += from.tco2e;
    if let Some(n) = from.non_ghg {
        *into.non_ghg.get_or_insert(Decimal::ZERO) += n;
    }
    into.itmos += from.itmos;
    into.rows += from.rows;
}

type BlockKey = (String, String, String);

fn sets<'a>(it: impl Iterator<Item = &'a Map<String, Value>>) -> BTreeMap<BlockKey, RangeSet> {
    let mut m: BTreeMap<BlockKey, Vec<Range>> = BTreeMap::new();
    for r in it {
        if let Some(range) = range_of(r) {
            m.entry((
                t(r, "cooperativeApproachId"),
                t(r, "firstTransferringPartyId"),
                t(r, "vintage"),
            ))
            .or_default()
            .push(range);
        }
    }
    m.into_iter()
        .map(|(k, v)| (k, RangeSet::from_ranges(v)))
        .collect()
}

/// Action types that take ITMOs out of the Party's holdings.
pub const OUTGOING: [&str; 5] = [
    "First transfer",
    "Transfer",
    "Use",
    "Cancellation",
    "Voluntary Cancellation",
];

/// Holdings reconciliation of `aef` against `prior` (the same Party's AEF for the year
/// before), per block identity, in serial counts.
pub fn reconciliation(aef: &Value, prior: Option<&Value>) -> Value {
    let party = aef
        .pointer("/t1Submission/party")
        .and_then(Value::as_str)
        .unwrap_or("");
    let kind = |r: &&Map<String, Value>| key_text(r.get("actionType")).unwrap_or_default();
    let opening = prior
        .map(|p| sets(rows(p, "t4Holdings")))
        .unwrap_or_default();
    let acquired = sets(rows(aef, "t3Actions").filter(|r| kind(r) == "Acquisition"));
    let out = sets(rows(aef, "t3Actions").filter(|r| OUTGOING.contains(&kind(r).as_str())));
    let closing = sets(rows(aef, "t4Holdings"));
    let mut keys: Vec<&BlockKey> = opening
        .keys()
        .chain(acquired.keys())
        .chain(out.keys())
        .chain(closing.keys())
        .collect();
    keys.sort();
    keys.dedup();
    let get =
        |m: &BTreeMap<BlockKey, RangeSet>, k: &BlockKey| m.get(k).cloned().unwrap_or_default();
    let mut blocks = Vec::new();
    let mut all_ok = true;
    for k in keys {
        let (o, a, x, c) = (
            get(&opening, k),
            get(&acquired, k),
            get(&out, k),
            get(&closing, k),
        );
        let before = o.union(&a);
        let removed = x.intersection(&before);
        let expected = before.difference(&x);
        let missing = expected.difference(&c);
        let unexplained = c.difference(&expected);
        let own = k.1 == party;
        // The Party's own ITMOs enter its registry by issuance, which is not an AEF action;
        // without last year's holdings, what is held may also have been held on 1 January.
        let ok = missing.is_empty() && (unexplained.is_empty() || own || prior.is_none());
        all_ok &= ok;
        let n = |s: &RangeSet| Value::String(s.len().to_string());
        let mut m = Map::new();
        m.insert("cooperativeApproachId".into(), Value::String(k.0.clone()));
        m.insert(
            "firstTransferringPartyId".into(),
            Value::String(k.1.clone()),
        );
        m.insert("vintage".into(), Value::String(k.2.clone()));
        m.insert(
            "opening".into(),
            if prior.is_some() { n(&o) } else { Value::Null },
        );
        m.insert("acquired".into(), n(&a));
        m.insert("removed".into(), n(&removed));
        m.insert("expectedClosing".into(), n(&expected));
        m.insert("closing".into(), n(&c));
        m.insert("missing".into(), n(&missing));
        m.insert("unexplained".into(), n(&unexplained));
        m.insert("reconciles".into(), Value::Bool(ok));
        blocks.push(Value::Object(m));
    }
    let mut m = Map::new();
    m.insert("openingKnown".into(), Value::Bool(prior.is_some()));
    m.insert("reconciles".into(), Value::Bool(all_ok));
    m.insert(
        "note".into(),
        Value::String(
            "Serial counts per block identity: expectedClosing = opening + acquired − removed (removed: first transfers, transfers, uses and cancellations of serials held). unexplained serials of the Party's own ITMOs are issuances, which are not AEF actions; without last year's AEF the opening holdings are unknown (null) and count as explained."
                .into(),
        ),
    );
    m.insert("blocks".into(), Value::Array(blocks));
    Value::Object(m)
}

/// Identity of a submission: Party, reported year and version (major, minor).
pub fn identity(aef: &Value) -> (String, Option<i64>, (u64, u64)) {
    let party = aef
        .pointer("/t1Submission/party")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    let year = aef
        .pointer("/t1Submission/reportedYear")
        .and_then(|v| year_of(v).map(i64::from));
    let version = aef
        .pointer("/t1Submission/version")
        .and_then(Value::as_str)
        .and_then(|s| s.split_once('.'))
        .and_then(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?)))
        .unwrap_or((0, 0));
    (party, year, version)
}

/// The latest version of each (Party, reported year) among `aefs`, by index.
pub fn latest_versions(aefs: &[Value]) -> BTreeMap<(String, i64), usize> {
    let mut best: BTreeMap<(String, i64), usize> = BTreeMap::new();
    for (i, d) in aefs.iter().enumerate() {
        let (p, y, v) = identity(d);
        let Some(y) = y else { continue };
        match best.get(&(p.clone(), y)) {
            Some(&j) if identity(&aefs[j]).2 >= v => {}
            _ => {
                best.insert((p, y), i);
            }
        }
    }
    best
}

/// Everything `a6check summary` prints: per document totals and reconciliation, the BTR
/// structured summary per Party, and findings about the inputs.
pub fn summarize(aefs: &[Value], opts: &BtrOptions) -> Value {
    let mut findings: Vec<Finding> = Vec::new();
    let purpose_of = purposes(aefs);
    let latest = latest_versions(aefs);
    let mut docs = Vec::new();
    for (i, d) in aefs.iter().enumerate() {
        let (party, year, (ma, mi)) = identity(d);
        if party.is_empty() || year.is_none() {
            findings.push(finding(
                "SUMMARY-01",
                Severity::Error,
                format!("/{i}/t1Submission"),
                "This document has no Party or reported year in Table 1; it is summed but left out of the reconciliation and the BTR summary.",
            ));
        }
        let prior = year
            .and_then(|y| latest.get(&(party.clone(), y - 1)))
            .map(|&j| &aefs[j]);
        let mut m = Map::new();
        m.insert("document".into(), Value::from(i as u64));
        m.insert("party".into(), Value::String(party.clone()));
        m.insert(
            "reportedYear".into(),
            year.map(Value::from).unwrap_or(Value::Null),
        );
        m.insert("version".into(), Value::String(format!("{ma}.{mi}")));
        m.insert("totals".into(), totals(d, &purpose_of));
        let mut held = Total::default();
        for r in rows(d, "t4Holdings") {
            held.add(r);
        }
        m.insert("holdings".into(), held.to_value());
        m.insert("reconciliation".into(), reconciliation(d, prior));
        docs.push(Value::Object(m));
    }
    let (btr, mut more) = btr::btr(aefs, &latest, opts);
    findings.append(&mut more);
    let mut out = Map::new();
    out.insert("documents".into(), Value::Array(docs));
    out.insert("btr".into(), Value::Array(btr));
    out.insert("findings".into(), report_value(&findings));
    Value::Object(out)
}

/// Columns of the summary as CSV.
pub const CSV_COLUMNS: [&str; 11] = [
    "section",
    "party",
    "reportedYear",
    "cooperativeApproachId",
    "firstTransferringPartyId",
    "vintage",
    "actionType",
    "purpose",
    "year",
    "measure",
    "value",
];

/// The output of [`summarize`] as one long CSV table: one row per figure, with the
/// section (`totals`, `holdings`, `reconciliation`, `btr`, `averaging`), what it is about
/// and the measure's name (a JSON key of the summary) and value.
pub fn to_csv(summary: &Value) -> String {
    let mut out = String::new();
    let mut line = |cells: [&str; 11]| {
        let row: Vec<String> = cells.iter().map(|c| crate::csv::field(c)).collect();
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    };
    line(CSV_COLUMNS);
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    };
    for d in summary
        .get("documents")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let party = text(&d["party"]);
        let year = text(&d["reportedYear"]);
        for row in d["totals"]["detail"].as_array().into_iter().flatten() {
            for m in ["quantityTCO2e", "quantityNonGhg", "itmos", "rows"] {
                if let Some(v) = row.get(m) {
                    line([
                        "totals",
                        &party,
                        &year,
                        &text(&row["cooperativeApproachId"]),
                        "",
                        &text(&row["vintage"]),
                        &text(&row["actionType"]),
                        &text(&row["purpose"]),
                        "",
                        m,
                        &text(v),
                    ]);
                }
            }
        }
        if let Some(Value::Object(h)) = d.get("holdings") {
            for (m, v) in h {
                line([
                    "holdings",
                    &party,
                    &year,
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    m,
                    &text(v),
                ]);
            }
        }
        for b in d["reconciliation"]["blocks"]
            .as_array()
            .into_iter()
            .flatten()
        {
            for m in [
                "opening",
                "acquired",
                "removed",
                "expectedClosing",
                "closing",
                "missing",
                "unexplained",
                "reconciles",
            ] {
                line([
                    "reconciliation",
                    &party,
                    &year,
                    &text(&b["cooperativeApproachId"]),
                    &text(&b["firstTransferringPartyId"]),
                    &text(&b["vintage"]),
                    "",
                    "",
                    "",
                    m,
                    &text(&b[m]),
                ]);
            }
        }
    }
    for p in summary
        .get("btr")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let party = text(&p["party"]);
        for y in p["years"].as_array().into_iter().flatten() {
            let year = text(&y["year"]);
            for (m, v) in y.as_object().into_iter().flatten() {
                if m != "year" {
                    line(["btr", &party, "", "", "", "", "", "", &year, m, &text(v)]);
                }
            }
        }
        for (m, v) in p
            .get("averaging")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if m != "note" {
                line(["averaging", &party, "", "", "", "", "", "", "", m, &text(v)]);
            }
        }
    }
    out
}
