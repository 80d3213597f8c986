//! The rules that run across documents, as data (`rules/reconcile.rules.json` of the
//! bundle, named by the manifest's `reconcile`). Each rule names one of the functions
//! below and its options, like the per-document rules of [`crate::rules`]; rules
//! marked `unconfirmed` are at most warnings.
//!
//! Functions (options in brackets):
//! - `counterparts` (`windowDays`, default 7): a (first) transfer by A to B appears as
//!   B's acquisition from A of the same ITMOs, when B's AEF for that year is among the
//!   inputs, and every acquisition has its transfer; a counterpart in the neighbouring
//!   year within the window is a warning (kind `neighbouring-year`); equal serials with
//!   another quantity are kind `quantity`.
//! - `counted-once` (`of`: `consumed`, `first-transfer` or `held`): the same ITMOs are
//!   not used or cancelled twice, first transferred twice, or held by two Parties at the
//!   same year end, across documents.
//! - `block-invariants` (`fields`): the same ITMOs keep their authorization ID, metric
//!   and mitigation type across documents.
//! - `authorization-matches` (`fields`): a letter of authorization and a Table 2 row
//!   of the same authorization (Party, ID, version) state the same facts.
//! - `purposes-kept`: an authorization's purposes do not change in a later version
//!   once ITMOs were first transferred under it (brief AUTH-07, second half).
//! - `initial-report-authorizations`: an initial report's authorization references
//!   resolve to an authorization of that Party with the same approach (brief IR-04).
//! - `ndc-period`: the initial report's NDC period equals AEF Table 1's (brief IR-05).
//! - `holdings-series`: one Party's consecutive AEFs reconcile: last year's holdings
//!   plus acquisitions, minus transfers, uses and cancellations, are this year's
//!   (brief ISC01 over the whole series).

use super::index::{Index, Kind};
use super::Document;
use crate::blocks::{Claims, Range, RangeSet};
use crate::error::EngineError;
use crate::findings::Severity;
use crate::rules::bad;
use crate::rules::functions::options;
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};

/// What a cross-document function reports: a place in one document, naming another.
#[derive(Debug, Clone)]
pub(crate) struct CrossHit {
    pub doc: u32,
    pub pointer: String,
    pub args: Map<String, Value>,
    /// Lower than the rule's severity when the function is less sure.
    pub severity: Option<Severity>,
    pub other: Option<(u32, String)>,
}

impl CrossHit {
    fn at(doc: u32, pointer: String) -> CrossHit {
        CrossHit {
            doc,
            pointer,
            args: Map::new(),
            severity: None,
            other: None,
        }
    }

    fn arg(mut self, k: &str, v: impl Into<Value>) -> CrossHit {
        self.args.insert(k.to_owned(), v.into());
        self
    }

    fn other(mut self, doc: u32, pointer: String) -> CrossHit {
        self.other = Some((doc, pointer));
        self
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct Counterparts {
    #[serde(default = "default_window")]
    window_days: i64,
}

fn default_window() -> i64 {
    7
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum CountedOf {
    Consumed,
    FirstTransfer,
    Held,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct CountedOnce {
    of: CountedOf,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct Fields {
    #[serde(default)]
    fields: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NoOptions {}

/// A compiled cross-document function.
pub(crate) enum Cross {
    Counterparts(Counterparts),
    CountedOnce(CountedOnce),
    BlockInvariants(Fields),
    AuthorizationMatches(Fields),
    PurposesKept,
    InitialReportAuthorizations,
    NdcPeriod,
    HoldingsSeries,
}

/// The names of the cross-document functions, for the ruleset format.
pub const CROSS_FUNCTIONS: [&str; 8] = [
    "counterparts",
    "counted-once",
    "block-invariants",
    "authorization-matches",
    "purposes-kept",
    "initial-report-authorizations",
    "ndc-period",
    "holdings-series",
];

impl Cross {
    fn compile(then: &Value) -> Result<Cross, String> {
        let name = then
            .get("function")
            .and_then(Value::as_str)
            .ok_or("needs a function name")?;
        let empty = Value::Object(Map::new());
        let o = then.get("functionOptions").unwrap_or(&empty);
        let none = |o: &Value| options::<NoOptions>(o).map(|_| ());
        Ok(match name {
            "counterparts" => Cross::Counterparts(options(o)?),
            "counted-once" => Cross::CountedOnce(options(o)?),
            "block-invariants" => Cross::BlockInvariants(options(o)?),
            "authorization-matches" => Cross::AuthorizationMatches(options(o)?),
            "purposes-kept" => none(o).map(|_| Cross::PurposesKept)?,
            "initial-report-authorizations" => {
                none(o).map(|_| Cross::InitialReportAuthorizations)?
            }
            "ndc-period" => none(o).map(|_| Cross::NdcPeriod)?,
            "holdings-series" => none(o).map(|_| Cross::HoldingsSeries)?,
            other => {
                return Err(format!(
                    "unknown cross-document function {other:?}; built-ins are: {}",
                    CROSS_FUNCTIONS.join(", ")
                ))
            }
        })
    }
}

/// One compiled cross-document rule.
pub struct CrossRule {
    /// Unique id within the ruleset (defaults to the code).
    pub id: String,
    /// Stable code.
    pub code: String,
    /// Other codes for the same check.
    pub aliases: Vec<String>,
    /// Severity after clamping (unconfirmed rules are at most warnings).
    pub severity: Severity,
    /// True when the rule rests on an UNCONFIRMED item of the domain brief.
    pub unconfirmed: bool,
    pub(crate) function: Cross,
    /// Message key.
    pub message: String,
    /// The rule's JSON as written (for `explain` and the catalogue).
    pub doc: Map<String, Value>,
}

/// Which action types send, receive and consume ITMOs: bundle data (`actionKinds` of the
/// ruleset file), so the code-list values live in `schemas/`.
#[derive(Debug, Clone, Default)]
pub struct ActionKinds(HashMap<String, Kind>);

impl ActionKinds {
    fn read(file: &str, v: &Value) -> Result<ActionKinds, EngineError> {
        let mut out = HashMap::new();
        for (key, kind) in [
            ("firstTransfer", Kind::FirstTransfer),
            ("transfer", Kind::Transfer),
            ("acquisition", Kind::Acquisition),
            ("consumed", Kind::Consumed),
        ] {
            let list = v
                .pointer(&format!("/actionKinds/{key}"))
                .and_then(Value::as_array)
                .ok_or_else(|| {
                    bad(
                        file,
                        format!("/actionKinds/{key}"),
                        "needs a list of action types",
                    )
                })?;
            for t in list.iter().filter_map(Value::as_str) {
                out.insert(t.to_owned(), kind);
            }
        }
        Ok(ActionKinds(out))
    }

    /// What an action type does to the ITMOs (`Other` for one the list does not name).
    pub(crate) fn of(&self, action_type: Option<&str>) -> Kind {
        action_type
            .and_then(|t| self.0.get(t))
            .copied()
            .unwrap_or(Kind::Other)
    }
}

/// Compile the cross-document ruleset (`{"actionKinds": {...}, "rules": [...]}`).
pub fn compile(file: &str, v: &Value) -> Result<(Vec<CrossRule>, ActionKinds), EngineError> {
    let kinds = ActionKinds::read(file, v)?;
    let Some(Value::Array(rules)) = v.get("rules") else {
        return Err(bad(file, "/rules".into(), "expected an array of rules"));
    };
    let mut out = Vec::new();
    for (i, r) in rules.iter().enumerate() {
        let at = format!("/rules/{i}");
        let Value::Object(obj) = r else {
            return Err(bad(file, at, "a rule must be an object"));
        };
        let crate::rules::Head {
            id,
            code,
            aliases,
            severity,
            unconfirmed,
            message,
        } = crate::rules::Head::read(file, &at, obj)?;
        if out.iter().any(|r: &CrossRule| r.id == id) {
            return Err(bad(
                file,
                format!("{at}/id"),
                format!("duplicate rule id {id}"),
            ));
        }
        let then = obj
            .get("then")
            .ok_or_else(|| bad(file, format!("{at}/then"), "needs then"))?;
        let function = Cross::compile(then).map_err(|e| bad(file, format!("{at}/then"), e))?;
        out.push(CrossRule {
            id,
            code,
            aliases,
            severity,
            unconfirmed,
            function,
            message,
            doc: obj.clone(),
        });
    }
    Ok((out, kinds))
}

/// The inputs as the functions see them: the index and the documents (replaced ones
/// already left out of the index's use).
pub(crate) struct World<'a> {
    pub index: &'a Index,
    pub docs: &'a [Document],
}

impl World<'_> {
    fn live(&self, doc: u32) -> bool {
        self.docs
            .get(doc as usize)
            .is_some_and(|d| d.replaced_by.is_none())
    }

    fn party(&self, doc: u32) -> Option<&str> {
        self.docs.get(doc as usize)?.party.as_deref()
    }

    /// The live AEF of (Party, year).
    fn aef_of(&self, party: &str, year: i64) -> Option<u32> {
        self.docs
            .iter()
            .position(|d| {
                d.replaced_by.is_none()
                    && d.form.as_deref() == Some("aef")
                    && d.party.as_deref() == Some(party)
                    && d.year == Some(year)
            })
            .map(|i| i as u32)
    }
}

impl Cross {
    pub(crate) fn run(&self, w: &World<'_>) -> Vec<CrossHit> {
        match self {
            Cross::Counterparts(o) => counterparts(w, o.window_days),
            Cross::CountedOnce(o) => counted_once(w, o.of),
            Cross::BlockInvariants(o) => block_invariants(w, &o.fields),
            Cross::AuthorizationMatches(o) => authorization_matches(w, &o.fields),
            Cross::PurposesKept => purposes_kept(w),
            Cross::InitialReportAuthorizations => initial_report_authorizations(w),
            Cross::NdcPeriod => ndc_period(w),
            Cross::HoldingsSeries => holdings_series(w),
        }
    }
}

/// Per (space, from, to, year of the reporting document): serials and their rows.
type Flows = HashMap<(u32, u32, u32, i64), Vec<usize>>;

fn counterparts(w: &World<'_>, window: i64) -> Vec<CrossHit> {
    let ix = w.index;
    // Transfers by A to B, and acquisitions by B from A, keyed the same way.
    let mut sent: Flows = HashMap::new();
    let mut got: Flows = HashMap::new();
    for (i, b) in ix.blocks.iter().enumerate() {
        if !w.live(b.doc) {
            continue;
        }
        let (Some(party), Some(year)) = (w.party(b.doc), w.docs[b.doc as usize].year) else {
            continue;
        };
        let me = ix.strings.get(party);
        match b.kind {
            Kind::FirstTransfer | Kind::Transfer if b.to != 0 && b.to != me => {
                sent.entry((b.space, me, b.to, year)).or_default().push(i)
            }
            Kind::Acquisition if b.from != 0 && b.from != me => {
                got.entry((b.space, b.from, me, year)).or_default().push(i)
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    // Each side looked up in the other: (rows, their flows, who must report the other side).
    for (mine, theirs, kind) in [
        (&sent, &got, "no-acquisition"),
        (&got, &sent, "no-transfer"),
    ] {
        let mut keys: Vec<_> = mine.keys().copied().collect();
        keys.sort_unstable();
        for key in keys {
            let (space, from, to, year) = key;
            // The counterpart is the other Party: the acquirer of a transfer, the
            // transferor of an acquisition.
            let counterpart = if kind == "no-acquisition" { to } else { from };
            let cp = ix.strings.name(counterpart);
            let Some(their_doc) = w.aef_of(cp, year) else {
                continue;
            };
            let set_of = |y: i64| -> (RangeSet, Vec<usize>) {
                let rows = theirs
                    .get(&(space, from, to, y))
                    .cloned()
                    .unwrap_or_default();
                let set = RangeSet::from_ranges(rows.iter().map(|&r| ix.blocks[r].range).collect());
                (set, rows)
            };
            let (same_year, their_rows) = set_of(year);
            for &r in &mine[&key] {
                let b = &ix.blocks[r];
                let whole = RangeSet::from_ranges(vec![b.range]);
                let missing = whole.difference(&same_year);
                if missing.is_empty() {
                    // Same serials in one counterpart row: the quantities agree too.
                    if let Some(&t) = their_rows.iter().find(|&&t| ix.blocks[t].range == b.range) {
                        let other = &ix.blocks[t];
                        if b.quantity.is_some()
                            && other.quantity.is_some()
                            && b.quantity != other.quantity
                        {
                            out.push(
                                CrossHit::at(b.doc, b.pointer("quantityTCO2e"))
                                    .arg("kind", "quantity")
                                    .arg("party", cp)
                                    .arg("value", b.quantity.as_deref().unwrap_or_default())
                                    .arg("expected", other.quantity.as_deref().unwrap_or_default())
                                    .other(other.doc, other.pointer("quantityTCO2e")),
                            );
                        }
                    }
                    continue;
                }
                // In the neighbouring year's AEF of the counterpart, within the window?
                let near = [year - 1, year + 1].into_iter().find_map(|y| {
                    w.aef_of(cp, y)?;
                    let (set, rows) = set_of(y);
                    if !missing.difference(&set).is_empty() {
                        return None;
                    }
                    rows.into_iter().find(|&t| {
                        let o = &ix.blocks[t];
                        o.range.overlaps(&b.range)
                            && matches!((o.date, b.date), (Some(a), Some(c)) if (a - c).abs() <= window)
                    })
                });
                let mut hit = CrossHit::at(b.doc, b.pointer("firstId"))
                    .arg("party", cp)
                    .arg("count", missing.len() as u64)
                    .arg("year", year);
                hit = match near {
                    Some(t) => {
                        let o = &ix.blocks[t];
                        let mut h = hit
                            .arg("kind", "neighbouring-year")
                            .other(o.doc, o.pointer("actionDate"));
                        h.severity = Some(Severity::Warning);
                        h
                    }
                    None => hit
                        .arg("kind", kind)
                        .other(their_doc, "/t3Actions".to_owned()),
                };
                out.push(hit);
            }
        }
    }
    out
}

/// Transfers against acquisitions per (from, to, approach, vintage, year), in ITMOs.
pub(crate) fn flows(w: &World<'_>) -> Vec<super::Flow> {
    let ix = w.index;
    let mut sums: BTreeMap<(String, String, u32, i64), (u128, u128)> = BTreeMap::new();
    for b in ix.blocks.iter().filter(|b| w.live(b.doc)) {
        let (Some(party), Some(year)) = (w.party(b.doc), w.docs[b.doc as usize].year) else {
            continue;
        };
        let (from, to, sent) = match b.kind {
            Kind::FirstTransfer | Kind::Transfer if b.to != 0 => {
                (party.to_owned(), ix.strings.name(b.to).to_owned(), true)
            }
            Kind::Acquisition if b.from != 0 => {
                (ix.strings.name(b.from).to_owned(), party.to_owned(), false)
            }
            _ => continue,
        };
        if from == to {
            continue;
        }
        let e = sums.entry((from, to, b.space, year)).or_default();
        if sent {
            e.0 += b.range.len();
        } else {
            e.1 += b.range.len();
        }
    }
    sums.into_iter()
        .map(|((from, to, space, year), (t, a))| {
            let mut parts = ix.strings.name(space).split('\u{1f}');
            let approach = parts.next().unwrap_or_default().to_owned();
            let vintage = parts.nth(1).unwrap_or_default().to_owned();
            let has = |p: &str| w.aef_of(p, year).is_some();
            super::Flow {
                transferred: has(&from).then_some(t),
                acquired: has(&to).then_some(a),
                from,
                to,
                approach,
                vintage,
                year,
            }
        })
        .collect()
}

fn counted_once(w: &World<'_>, of: CountedOf) -> Vec<CrossHit> {
    let ix = w.index;
    let wanted = match of {
        CountedOf::Consumed => Kind::Consumed,
        CountedOf::FirstTransfer => Kind::FirstTransfer,
        CountedOf::Held => Kind::Held,
    };
    let mut rows: Vec<usize> = (0..ix.blocks.len())
        .filter(|&i| ix.blocks[i].kind == wanted && w.live(ix.blocks[i].doc))
        .collect();
    // Earlier actions first (then input order): the later one is reported.
    rows.sort_by_key(|&i| (ix.blocks[i].date.unwrap_or(i64::MAX), ix.blocks[i].doc));
    let mut claims: HashMap<(u32, i64), Claims<usize>> = HashMap::new();
    let mut out = Vec::new();
    for i in rows {
        let b = &ix.blocks[i];
        // Holdings are per year end: the same ITMOs held in two years is normal.
        let year = if of == CountedOf::Held {
            w.docs[b.doc as usize].year.unwrap_or(0)
        } else {
            0
        };
        let hits = claims.entry((b.space, year)).or_default().claim(b.range, i);
        // Within one document the per-document rules (AEF-X-09) already say it.
        if let Some((r, j)) = hits.iter().find(|(_, j)| ix.blocks[*j].doc != b.doc) {
            let o = &ix.blocks[*j];
            let count: u128 = hits
                .iter()
                .filter(|(_, j)| ix.blocks[*j].doc != b.doc)
                .map(|(r, _)| r.len())
                .sum();
            let _ = r;
            let kind = match of {
                CountedOf::Consumed => "used-twice",
                CountedOf::FirstTransfer => "first-transferred-twice",
                CountedOf::Held => "held-twice",
            };
            out.push(
                CrossHit::at(b.doc, b.pointer("firstId"))
                    .arg("kind", kind)
                    .arg("count", count as u64)
                    .arg("party", w.party(o.doc).unwrap_or_default())
                    .other(o.doc, o.pointer("firstId")),
            );
        }
    }
    out
}

fn block_invariants(w: &World<'_>, fields: &[String]) -> Vec<CrossHit> {
    let ix = w.index;
    let mut claims: HashMap<u32, Claims<usize>> = HashMap::new();
    let mut out = Vec::new();
    let all = fields.is_empty();
    let wants = |f: &str| all || fields.iter().any(|x| x == f);
    for (i, b) in ix.blocks.iter().enumerate() {
        if !w.live(b.doc) {
            continue;
        }
        let hits = claims.entry(b.space).or_default().claim(b.range, i);
        let mut reported: Vec<&str> = Vec::new();
        for (_, j) in hits {
            let o = &ix.blocks[j];
            if o.doc == b.doc {
                continue;
            }
            for ((f, mine), theirs) in crate::identity::BLOCK_INVARIANTS
                .into_iter()
                .zip(b.invariants)
                .zip(o.invariants)
            {
                if !wants(f) || mine == 0 || theirs == 0 || mine == theirs || reported.contains(&f)
                {
                    continue;
                }
                reported.push(f);
                out.push(
                    CrossHit::at(b.doc, b.pointer(f))
                        .arg("kind", "across")
                        .arg("value", ix.strings.name(mine))
                        .arg("expected", ix.strings.name(theirs))
                        .other(o.doc, o.pointer(f)),
                );
            }
        }
    }
    out
}

/// A fact as compared: sets sorted, numbers without trailing zeros, timeframes as
/// their four years.
fn fact(field: &str, v: &Value) -> Value {
    match v {
        Value::Array(items) => {
            let mut t: Vec<String> = items.iter().map(|x| fact(field, x).to_string()).collect();
            t.sort();
            t.dedup();
            Value::Array(t.into_iter().map(Value::String).collect())
        }
        Value::String(s) if field == "authorizedTimeframe" && !s.contains('/') => {
            match crate::rules::operand::parse_timeframe(s) {
                Some(t) => Value::String(format!(
                    "{}-{}/{}-{}",
                    t.occurred.0, t.occurred.1, t.used.0, t.used.1
                )),
                None => v.clone(),
            }
        }
        Value::Number(n) => {
            let s = n.as_str();
            let t = if s.contains('.') && !s.contains(['e', 'E']) {
                s.trim_end_matches('0').trim_end_matches('.')
            } else {
                s
            };
            Value::String(t.to_owned())
        }
        other => other.clone(),
    }
}

fn show(field: &str, v: &Value) -> Value {
    match (field, v) {
        ("authorizedTimeframe", Value::String(s)) if s.contains('/') => {
            let mut parts = s.split('/');
            let occ = parts.next().unwrap_or_default();
            let used = parts.next().unwrap_or_default();
            Value::String(format!(
                "{} (use {})",
                occ.replace('-', " - "),
                used.replace('-', " - ")
            ))
        }
        (_, Value::Array(items)) => Value::String(
            items
                .iter()
                .map(|x| match x {
                    Value::String(s) => s.clone(),
                    o => o.to_string(),
                })
                .collect::<Vec<_>>()
                .join(", "),
        ),
        _ => v.clone(),
    }
}

fn authorization_matches(w: &World<'_>, fields: &[String]) -> Vec<CrossHit> {
    let ix = w.index;
    let letters: Vec<&super::index::Authorization> = ix
        .authorizations
        .iter()
        .filter(|a| a.at.is_empty() && w.live(a.doc))
        .collect();
    let mut out = Vec::new();
    for t2 in ix
        .authorizations
        .iter()
        .filter(|a| !a.at.is_empty() && w.live(a.doc))
    {
        let Some(letter) = letters
            .iter()
            .find(|l| l.party == t2.party && l.id == t2.id && l.version == t2.version)
        else {
            continue;
        };
        for f in fields {
            let (Some(mine), Some(theirs)) = (t2.facts.get(f), letter.facts.get(f)) else {
                continue;
            };
            let (a, b) = (fact(f, mine), fact(f, theirs));
            if a == b {
                continue;
            }
            let place = t2.places.get(f).cloned().unwrap_or_else(|| t2.at.clone());
            let there = letter.places.get(f).cloned().unwrap_or_default();
            out.push(
                CrossHit::at(t2.doc, place)
                    .arg("value", show(f, &fact(f, mine)))
                    .arg("expected", show(f, &b))
                    .arg("authorizationId", t2.id.as_str())
                    .other(letter.doc, there),
            );
        }
    }
    out
}

fn purposes_kept(w: &World<'_>) -> Vec<CrossHit> {
    let ix = w.index;
    // The earliest first transfer under each (Party, authorization ID).
    let mut first: HashMap<(String, u32), (i64, usize)> = HashMap::new();
    for (i, b) in ix.blocks.iter().enumerate() {
        if b.kind != Kind::FirstTransfer || !w.live(b.doc) {
            continue;
        }
        let (Some(party), Some(d)) = (w.party(b.doc), b.date) else {
            continue;
        };
        let e = first
            .entry((party.to_owned(), b.authorization()))
            .or_insert((d, i));
        if d < e.0 {
            *e = (d, i);
        }
    }
    let mut versions: BTreeMap<(&str, &str), Vec<&super::index::Authorization>> = BTreeMap::new();
    for a in ix.authorizations.iter().filter(|a| w.live(a.doc)) {
        versions.entry((&a.party, &a.id)).or_default().push(a);
    }
    let mut out = Vec::new();
    for ((party, id), mut list) in versions {
        let Some(&(when, row)) = first.get(&(party.to_owned(), ix.strings.get(id))) else {
            continue;
        };
        list.sort_by_key(|a| a.version);
        let date = |a: &super::index::Authorization| {
            a.facts
                .get("dateOfAuthorization")
                .and_then(Value::as_str)
                .and_then(super::index::days)
        };
        for pair in list.windows(2) {
            let (old, new) = (pair[0], pair[1]);
            if new.version == old.version {
                continue;
            }
            let (Some(p0), Some(p1)) = (old.facts.get("purposes"), new.facts.get("purposes"))
            else {
                continue;
            };
            // Changed after ITMOs were first transferred under an earlier version.
            if p0 == p1 || date(new).is_none_or(|d| d <= when) {
                continue;
            }
            let b = &ix.blocks[row];
            out.push(
                CrossHit::at(
                    new.doc,
                    new.places
                        .get("purposes")
                        .cloned()
                        .unwrap_or_else(|| new.at.clone()),
                )
                .arg("value", p1.clone())
                .arg("expected", p0.clone())
                .arg("authorizationId", id)
                .arg("version", new.version)
                .other(b.doc, b.pointer("actionDate")),
            );
        }
    }
    out
}

fn initial_report_authorizations(w: &World<'_>) -> Vec<CrossHit> {
    let ix = w.index;
    let mut out = Vec::new();
    for r in ix.refs.iter().filter(|r| w.live(r.doc)) {
        let mut candidates: Vec<&super::index::Authorization> = ix
            .authorizations
            .iter()
            .filter(|a| w.live(a.doc) && a.party == r.party && a.id == r.id)
            .filter(|a| r.version.is_none_or(|v| v == a.version))
            .collect();
        // Letters first: the reference is to the letter of authorization.
        candidates.sort_by_key(|a| (!a.at.is_empty(), a.doc));
        let Some(a) = candidates.first() else {
            // Not among the inputs: nothing to compare (it may be in a file not given).
            continue;
        };
        let approach = a
            .facts
            .get("cooperativeApproachId")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if approach != r.approach {
            out.push(
                CrossHit::at(r.doc, r.at.clone())
                    .arg("value", r.approach.as_str())
                    .arg("expected", approach)
                    .arg("authorizationId", r.id.as_str())
                    .other(
                        a.doc,
                        a.places
                            .get("cooperativeApproachId")
                            .cloned()
                            .unwrap_or_else(|| a.at.clone()),
                    ),
            );
        }
    }
    out
}

fn ndc_period(w: &World<'_>) -> Vec<CrossHit> {
    let mut out = Vec::new();
    let form = |d: u32| w.docs.get(d as usize).and_then(|x| x.form.as_deref());
    for ir in &w.index.ndc_periods {
        if form(ir.doc) != Some("initial-report") || !w.live(ir.doc) {
            continue;
        }
        let party = w.party(ir.doc);
        for aef in &w.index.ndc_periods {
            if form(aef.doc) != Some("aef") || !w.live(aef.doc) || w.party(aef.doc) != party {
                continue;
            }
            // Reported at the year that differs (the first when both do).
            let (here, there) = if ir.first != aef.first {
                (ir.at.0, aef.at.0)
            } else if ir.last != aef.last {
                (ir.at.1, aef.at.1)
            } else {
                continue;
            };
            out.push(
                CrossHit::at(ir.doc, here.to_owned())
                    .arg("value", format!("{}-{}", ir.first, ir.last))
                    .arg("expected", format!("{}-{}", aef.first, aef.last))
                    .other(aef.doc, there.to_owned()),
            );
        }
    }
    out
}

fn holdings_series(w: &World<'_>) -> Vec<CrossHit> {
    let ix = w.index;
    // Per live AEF: its blocks by kind and space.
    let mut by_doc: HashMap<u32, Vec<usize>> = HashMap::new();
    for (i, b) in ix.blocks.iter().enumerate() {
        if w.live(b.doc) {
            by_doc.entry(b.doc).or_default().push(i);
        }
    }
    let mut out = Vec::new();
    for (d, doc) in w.docs.iter().enumerate() {
        let d = d as u32;
        if doc.replaced_by.is_some() || doc.form.as_deref() != Some("aef") {
            continue;
        }
        let (Some(party), Some(year)) = (doc.party.as_deref(), doc.year) else {
            continue;
        };
        let Some(prev) = w.aef_of(party, year - 1) else {
            continue;
        };
        let me = ix.strings.get(party);
        let sets = |doc: u32, kinds: &[Kind]| -> BTreeMap<u32, Vec<Range>> {
            let mut m: BTreeMap<u32, Vec<Range>> = BTreeMap::new();
            for &i in by_doc.get(&doc).map(Vec::as_slice).unwrap_or_default() {
                let b = &ix.blocks[i];
                if kinds.contains(&b.kind) {
                    m.entry(b.space).or_default().push(b.range);
                }
            }
            m
        };
        let opening = sets(prev, &[Kind::Held]);
        let incoming = sets(d, &[Kind::Acquisition]);
        let outgoing = sets(d, &[Kind::FirstTransfer, Kind::Transfer, Kind::Consumed]);
        let closing = sets(d, &[Kind::Held]);
        let mut spaces: Vec<u32> = opening
            .keys()
            .chain(incoming.keys())
            .chain(closing.keys())
            .copied()
            .collect();
        spaces.sort_unstable();
        spaces.dedup();
        let get = |m: &BTreeMap<u32, Vec<Range>>, k: u32| {
            RangeSet::from_ranges(m.get(&k).cloned().unwrap_or_default())
        };
        for k in spaces {
            let expected = get(&opening, k)
                .union(&get(&incoming, k))
                .difference(&get(&outgoing, k));
            let actual = get(&closing, k);
            let key = ix.strings.name(k).replace('\u{1f}', " ").trim().to_owned();
            let missing = expected.difference(&actual);
            if !missing.is_empty() {
                out.push(
                    CrossHit::at(d, "/t4Holdings".into())
                        .arg("kind", "missing")
                        .arg("key", key.as_str())
                        .arg("count", missing.len() as u64)
                        .other(prev, "/t4Holdings".into()),
                );
            }
            let unexplained = actual.difference(&expected);
            if unexplained.is_empty() {
                continue;
            }
            // Own ITMOs may appear without an action (issuance is not an AEF action).
            for &i in by_doc.get(&d).map(Vec::as_slice).unwrap_or_default() {
                let b = &ix.blocks[i];
                if b.kind != Kind::Held || b.space != k {
                    continue;
                }
                let own = ix
                    .strings
                    .name(k)
                    .split('\u{1f}')
                    .nth(1)
                    .is_some_and(|p| ix.strings.get(p) == me);
                if own {
                    continue;
                }
                let part = RangeSet::from_ranges(vec![b.range]).intersection(&unexplained);
                if !part.is_empty() {
                    out.push(
                        CrossHit::at(d, b.pointer("firstId"))
                            .arg("kind", "unexplained")
                            .arg("count", part.len() as u64)
                            .other(prev, "/t4Holdings".into()),
                    );
                }
            }
        }
    }
    out
}
