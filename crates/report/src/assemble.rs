//! Ledger → AEF v2: Table 3 from the year's actions (by date), Table 4 by block
//! arithmetic on the holdings, Tables 2 and 5 from what the actions and holdings refer
//! to plus what was issued in the year; then the assembled document goes through
//! `Engine::validate`, and both sets of findings are returned.
//!
//! Ledger findings point into the ledger (`/actions/3/firstId`); engine findings point
//! into the AEF and carry `args.ledgerPointer`, the ledger row they come from.

use crate::findings::{combined, finding, pointer, report_value};
use crate::holdings::{key_text, Block, Book, Key};
use crate::ledger::{self, Ledger, Row};
use crate::num;
use a6check_core::blocks::{Range, RangeSet, SerialCell};
use a6check_core::rules::operand::iso_date;
use a6check_core::{Engine, EngineError, Finding, Options, Report, Severity};
use rust_decimal::Decimal;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

/// Moves serials the Party does not hold.
pub const NOT_HELD: &str = "LEDGER-01";
/// Brings in serials the Party already holds.
pub const ALREADY_HELD: &str = "LEDGER-02";
/// Dated outside the reported year.
pub const OUTSIDE_YEAR: &str = "LEDGER-03";
/// A row that cannot be applied (date, action type, block identity or serials unreadable).
pub const UNREADABLE: &str = "LEDGER-04";
/// A first transfer of ITMOs whose first transferring Party is another Party.
pub const OTHERS_FIRST_TRANSFER: &str = "LEDGER-05";
/// An action's block attributes differ from those of the serials held.
pub const ATTRIBUTES_DIFFER: &str = "LEDGER-06";
/// An issuance of ITMOs that are not the Party's own.
pub const NOT_OWN_ISSUANCE: &str = "LEDGER-07";
/// An authorization referred to but not in the ledger.
pub const NO_AUTHORIZATION: &str = "LEDGER-08";
/// An authorized entity referred to but not in the ledger.
pub const NO_ENTITY: &str = "LEDGER-09";
/// A non-GHG quantity split in parts that cannot be exact.
pub const INEXACT_SPLIT: &str = "LEDGER-10";
/// Underlying-unit IDs that cannot be split with the block.
pub const UNITS_NOT_SPLIT: &str = "LEDGER-11";
/// Serials chosen for an action that gave only a quantity.
pub const ALLOCATED: &str = "LEDGER-12";
/// Serials could not be chosen for an action that gave only a quantity.
pub const NOT_ALLOCATED: &str = "LEDGER-13";

/// Attributes an action must share with the serials it moves.
const SAME_ATTRIBUTES: [&str; 5] = [
    "authorizationId",
    "partyItmoRegistryId",
    "metric",
    "mitigationType",
    "underlyingUnitRegistryId",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Effect {
    In,
    FirstTransfer,
    Out,
    None,
}

fn effect(action_type: &str) -> Option<Effect> {
    Some(match action_type {
        "Acquisition" => Effect::In,
        "First transfer" => Effect::FirstTransfer,
        "Transfer" | "Use" | "Cancellation" | "Voluntary Cancellation" => Effect::Out,
        "Authorization" => Effect::None,
        _ => return None,
    })
}

/// A not-applicable-aware view of a text field.
fn text_of(m: &Map<String, Value>, k: &str) -> Option<String> {
    key_text(m.get(k))
}

/// The ordering key of a dated row: ISO date, then time of day as written.
fn date_key(v: Option<&Value>) -> Option<(String, String)> {
    let s = v?.as_str()?;
    let d = iso_date(s)?.into_owned();
    if !crate::dates::is_iso_date(&d) {
        return None;
    }
    let time = if crate::dates::is_iso_datetime(s) {
        s[10..].to_owned()
    } else {
        String::new()
    };
    Some((d, time))
}

fn ranges_text(s: &RangeSet) -> String {
    s.ranges()
        .iter()
        .map(|r| {
            if r.first == r.last {
                r.first.to_string()
            } else {
                format!("{}-{}", r.first, r.last)
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The result of assembling one ledger.
#[derive(Debug, Clone)]
pub struct Assembly {
    /// The AEF v2 document (`None` when the ledger is not JSON).
    pub aef: Option<Value>,
    /// Findings about the ledger, pointing into it.
    pub ledger: Vec<Finding>,
    /// True when the ledger could not be read as JSON at all.
    pub unreadable: bool,
    /// For each AEF table row, the ledger pointer it came from (`/t3Actions/0` → `/actions/2`).
    pub origins: BTreeMap<String, String>,
}

/// What [`assemble()`] returns: the document, the ledger findings and the engine's.
#[derive(Debug, Clone)]
pub struct Assembled {
    /// The assembly.
    pub assembly: Assembly,
    /// The engine's findings on the assembled AEF (`None` when there is no AEF).
    pub aef_report: Option<Report>,
}

impl Assembled {
    /// `{"valid", "ledger": {"valid", "findings"}, "aef": {"valid", "findings"}}`; AEF
    /// findings carry `args.ledgerPointer` where a ledger row is their source.
    pub fn findings(&self) -> Value {
        let mut parts = vec![("ledger", report_value(&self.assembly.ledger))];
        if let Some(r) = &self.aef_report {
            let mut findings = r.findings.clone();
            for f in &mut findings {
                if let Some(lp) = self.ledger_pointer(&f.pointer) {
                    f.args.insert("ledgerPointer".into(), Value::String(lp));
                }
            }
            parts.push(("aef", report_value(&findings)));
        }
        combined(&parts)
    }

    /// The ledger pointer of an AEF pointer (`/t3Actions/0/firstId` → `/actions/2/firstId`).
    pub fn ledger_pointer(&self, aef_pointer: &str) -> Option<String> {
        let mut parts = aef_pointer.splitn(4, '/').skip(1);
        let table = parts.next()?;
        if table == "t1Submission" {
            let field = parts.next()?;
            return ledger::T1_FIELDS
                .contains(&field)
                .then(|| format!("/{field}"));
        }
        let row = format!("/{table}/{}", parts.next()?);
        let origin = self.assembly.origins.get(&row)?;
        Some(match parts.next() {
            Some(rest) if !table.starts_with("t4") => format!("{origin}/{rest}"),
            _ => origin.clone(),
        })
    }

    /// `{"aef": <document or null>, "findings": <findings()>}`.
    pub fn to_value(&self) -> Value {
        let mut m = Map::new();
        m.insert(
            "aef".into(),
            self.assembly.aef.clone().unwrap_or(Value::Null),
        );
        m.insert("findings".into(), self.findings());
        Value::Object(m)
    }
}

/// Parse, assemble and validate a ledger with the default bundle.
pub fn assemble(ledger_text: &str) -> Result<Assembled, EngineError> {
    let engine = Engine::from_packed(a6check_default_bundle::PACKED)?;
    assemble_with(&engine, ledger_text, &Options::default())
}

/// Parse, assemble and validate a ledger with `engine` and `opts` (language, context).
pub fn assemble_with(
    engine: &Engine,
    ledger_text: &str,
    opts: &Options,
) -> Result<Assembled, EngineError> {
    let assembly = assemble_text(ledger_text);
    let aef_report = match &assembly.aef {
        Some(aef) => Some(engine.validate("aef", &aef.to_string(), opts)?),
        None => None,
    };
    Ok(Assembled {
        assembly,
        aef_report,
    })
}

/// Parse and assemble a ledger (no validation of the result).
pub fn assemble_text(ledger_text: &str) -> Assembly {
    match a6check_core::json::parse(ledger_text) {
        Err(e) => Assembly {
            aef: None,
            ledger: vec![finding(
                "json-syntax",
                Severity::Error,
                "",
                format!(
                    "The ledger is not valid JSON (line {}, column {}: {}).",
                    e.line, e.column, e.kind
                ),
            )
            .arg("line", e.line)
            .arg("column", e.column)],
            unreadable: true,
            origins: BTreeMap::new(),
        },
        Ok(parsed) => {
            let mut pre: Vec<Finding> = parsed
                .duplicates
                .iter()
                .map(|d| {
                    finding(
                        "duplicate-key",
                        Severity::Error,
                        d.pointer.clone(),
                        format!(
                            "This key is written twice (line {}, column {}); only one can count.",
                            d.line, d.column
                        ),
                    )
                    .arg("line", d.line)
                    .arg("column", d.column)
                })
                .collect();
            let mut a = assemble_value(&parsed.value);
            pre.append(&mut a.ledger);
            a.ledger = pre;
            a
        }
    }
}

struct Run<'l> {
    ledger: &'l Ledger,
    party: String,
    year: i64,
    book: Book,
    /// Serials that left the Party during the year, per block identity.
    gone: BTreeMap<Key, RangeSet>,
    out: Vec<Finding>,
}

impl Run<'_> {
    fn key_of(&mut self, row: &Row) -> Option<Key> {
        let mut parts = Vec::new();
        for k in [
            "cooperativeApproachId",
            "firstTransferringPartyId",
            "vintage",
        ] {
            match text_of(&row.fields, k) {
                Some(v) => parts.push(v),
                None => {
                    self.out.push(
                        finding(
                            UNREADABLE,
                            Severity::Error,
                            pointer(&row.pointer, k),
                            format!("{k} is missing, so the block cannot be identified; this row is left out of the holdings."),
                        )
                        .arg("field", k),
                    );
                    return None;
                }
            }
        }
        Some((parts[0].clone(), parts[1].clone(), parts[2].clone()))
    }

    fn range_of(&mut self, row: &Row) -> Option<Range> {
        let read = |k: &str| {
            row.fields
                .get(k)
                .and_then(SerialCell::read)
                .map(|c| c.serial())
        };
        match (read("firstId"), read("lastId")) {
            (Some(a), Some(b)) => match Range::new(a, b) {
                Some(r) => Some(r),
                None => {
                    self.out.push(
                        finding(
                            UNREADABLE,
                            Severity::Error,
                            pointer(&row.pointer, "lastId"),
                            format!("The last ID {b} is before the first ID {a}; this row is left out of the holdings."),
                        )
                        .arg("firstId", a)
                        .arg("lastId", b),
                    );
                    None
                }
            },
            (a, _) => {
                let k = if a.is_none() { "firstId" } else { "lastId" };
                self.out.push(
                    finding(
                        UNREADABLE,
                        Severity::Error,
                        pointer(&row.pointer, k),
                        format!("{k} is missing or not a serial (an integer ≥ 1 or a full ITMO unique identifier); this row is left out of the holdings."),
                    )
                    .arg("field", k),
                );
                None
            }
        }
    }

    fn quantities(row: &Row, range: Range) -> (Decimal, Option<Decimal>) {
        let q = row
            .fields
            .get("quantityTCO2e")
            .and_then(num::of_value)
            .unwrap_or_else(|| num::of_count(range.len()));
        (q, row.fields.get("quantityNonGhg").and_then(num::of_value))
    }

    fn bring_in(&mut self, row: &Row, key: &Key, range: Range, what: &str) {
        let block = Rc::new(Block::of_row(&row.fields, range, row.pointer.clone()));
        let (q, qn) = Self::quantities(row, range);
        let (overlap, inexact) = self.book.add(key, range, block, q, qn);
        if !overlap.is_empty() {
            self.out.push(
                finding(
                    ALREADY_HELD,
                    Severity::Error,
                    pointer(&row.pointer, "firstId"),
                    format!(
                        "This {what} brings in serials the Party already holds ({}); they are counted once.",
                        ranges_text(&overlap)
                    ),
                )
                .arg("count", overlap.len() as u64)
                .arg("serials", ranges_text(&overlap)),
            );
        }
        if inexact {
            self.inexact(row);
        }
        // Serials that come back are no longer "gone".
        if let Some(g) = self.gone.get_mut(key) {
            *g = g.difference(&RangeSet::from_ranges(vec![range]));
        }
    }

    fn inexact(&mut self, row: &Row) {
        self.out.push(finding(
            INEXACT_SPLIT,
            Severity::Warning,
            pointer(&row.pointer, "quantityTCO2e"),
            "A non-GHG block is split here and its quantities cannot be divided exactly by serial count; the parts are rounded (six more decimal places) and still add up to the whole. Check the Table 4 quantities.",
        ));
    }

    /// Serials for an outgoing GHG action that gave a quantity and no serials: the top of
    /// the lowest held block that is large enough, so the holder keeps the lowest sub-block.
    fn allocate(&mut self, row: &mut Row, key: &Key) -> Option<Range> {
        let n = row
            .fields
            .get("quantityTCO2e")
            .and_then(num::of_value)
            .filter(|q| q.fract().is_zero() && *q >= Decimal::ONE)
            .and_then(|q| u64::try_from(q).ok())?;
        let auth = text_of(&row.fields, "authorizationId");
        let found = self.book.pieces(key).iter().find(|p| {
            p.range.len() >= u128::from(n)
                && (auth.is_none() || text_of(&p.block.fields, "authorizationId") == auth)
        });
        let Some(p) = found.cloned() else {
            self.out.push(
                finding(
                    NOT_ALLOCATED,
                    Severity::Error,
                    pointer(&row.pointer, "firstId"),
                    format!("No held block of this approach, Party and vintage has {n} serials to take this quantity from; give firstId and lastId."),
                )
                .arg("quantity", n),
            );
            return None;
        };
        let range = Range {
            first: p.range.last - (n - 1),
            last: p.range.last,
        };
        let mut fields = Map::new();
        let units = p
            .block
            .units
            .slice(range.first - p.block.origin_range.first, n, false);
        for c in crate::fields::T3.columns {
            match c.key {
                "firstId" => {
                    fields.insert("firstId".into(), Value::from(range.first));
                }
                "lastId" => {
                    fields.insert("lastId".into(), Value::from(range.last));
                }
                "firstUnitId" | "lastUnitId" if !row.fields.contains_key(c.key) => {
                    if let crate::units::Slice::Ids(f, l) = &units {
                        fields.insert(
                            c.key.into(),
                            if c.key == "firstUnitId" {
                                f.clone()
                            } else {
                                l.clone()
                            },
                        );
                    }
                }
                k => {
                    if let Some(v) = row.fields.get(k) {
                        fields.insert(k.into(), v.clone());
                    }
                }
            }
        }
        for (k, v) in &row.fields {
            if !fields.contains_key(k) {
                fields.insert(k.clone(), v.clone());
            }
        }
        row.fields = fields;
        self.out.push(
            finding(
                ALLOCATED,
                Severity::Info,
                pointer(&row.pointer, "quantityTCO2e"),
                format!(
                    "Serials {}-{} were chosen for this action: the top of the held block {}-{}, so the holder keeps the lowest sub-block.",
                    range.first, range.last, p.range.first, p.range.last
                ),
            )
            .arg("firstId", range.first)
            .arg("lastId", range.last),
        );
        Some(range)
    }

    fn take_out(&mut self, row: &Row, key: &Key, range: Range, own_first_transfer: bool) {
        let removed = self.book.remove(key, range);
        let gone = self.gone.entry(key.clone()).or_default();
        let again = removed.missing.intersection(gone);
        let unheld = if own_first_transfer {
            again.clone()
        } else {
            removed.missing.clone()
        };
        *gone = gone.union(&RangeSet::from_ranges(vec![range]));
        if !unheld.is_empty() {
            let what = if !again.is_empty() && again == unheld {
                "were already moved out earlier in the year"
            } else if own_first_transfer {
                "were already first transferred or moved out earlier in the year"
            } else {
                "are not held: not in the opening holdings, not acquired or issued before this action"
            };
            self.out.push(
                finding(
                    NOT_HELD,
                    Severity::Error,
                    pointer(&row.pointer, "firstId"),
                    format!(
                        "This action moves serials the Party does not hold: {} {what}.",
                        ranges_text(&unheld)
                    ),
                )
                .arg("count", unheld.len() as u64)
                .arg("serials", ranges_text(&unheld)),
            );
        }
        if removed.inexact {
            self.inexact(row);
        }
        if removed.unsplittable_units {
            self.out.push(finding(
                UNITS_NOT_SPLIT,
                Severity::Warning,
                pointer(&row.pointer, "firstUnitId"),
                "This action splits a held block whose underlying-unit IDs cannot be divided (they are neither integers, nor text ending in a number, nor one serial ending in -first-last); the remaining Table 4 row keeps them as written.",
            ));
        }
        let mut said = BTreeSet::new();
        for p in &removed.taken {
            for k in SAME_ATTRIBUTES {
                let (mine, held) = (text_of(&row.fields, k), text_of(&p.block.fields, k));
                if mine != held && said.insert(k) {
                    self.out.push(
                        finding(
                            ATTRIBUTES_DIFFER,
                            Severity::Warning,
                            pointer(&row.pointer, k),
                            format!(
                                "{k} is {} here but {} on the held serials (from {}).",
                                mine.as_deref().unwrap_or("not given"),
                                held.as_deref().unwrap_or("not given"),
                                p.block.origin
                            ),
                        )
                        .arg("field", k)
                        .arg("held", held.unwrap_or_default())
                        .arg("heldFrom", p.block.origin.clone()),
                    );
                }
            }
        }
    }

    fn year_ok(&mut self, row: &Row, field: &str, date: &str) -> bool {
        let y: Option<i64> = date.get(..4).and_then(|y| y.parse().ok());
        if y == Some(self.year) {
            return true;
        }
        self.out.push(
            finding(
                OUTSIDE_YEAR,
                Severity::Error,
                pointer(&row.pointer, field),
                format!("This is dated {date}, outside the reported year {}; it is left out of the holdings at 31 December.", self.year),
            )
            .arg("value", date)
            .arg("reportedYear", self.year),
        );
        false
    }

    fn bad_date(&mut self, row: &Row, field: &str) {
        self.out.push(
            finding(
                UNREADABLE,
                Severity::Error,
                pointer(&row.pointer, field),
                format!("{field} is missing or not a date (YYYY-MM-DD, an ISO UTC date-time or dd/mm/yyyy); this row is left out of the holdings."),
            )
            .arg("field", field),
        );
    }
}

/// Assemble a parsed ledger.
pub fn assemble_value(doc: &Value) -> Assembly {
    let mut out = Vec::new();
    let ledger = ledger::read(doc, &mut out);
    let mut run = Run {
        ledger: &ledger,
        party: ledger.party.clone().unwrap_or_default(),
        year: ledger.reported_year.unwrap_or(0),
        book: Book::new(),
        gone: BTreeMap::new(),
        out,
    };

    // Opening holdings, as on 1 January.
    for row in &ledger.opening {
        if let (Some(key), Some(range)) = (run.key_of(row), run.range_of(row)) {
            run.bring_in(row, &key, range, "opening holding");
        }
    }

    // Issuances and actions, by date (issuances first on a day), ledger order on ties.
    enum Ev {
        Issue(usize),
        Act(usize),
    }
    let mut timeline: Vec<((String, u8, String, usize), Ev)> = Vec::new();
    let mut undated_actions = Vec::new();
    for (i, row) in ledger.issuances.iter().enumerate() {
        match date_key(row.fields.get("date")) {
            Some((d, t)) => timeline.push(((d, 0, t, i), Ev::Issue(i))),
            None => run.bad_date(row, "date"),
        }
    }
    for (i, row) in ledger.actions.iter().enumerate() {
        match date_key(row.fields.get("actionDate")) {
            Some((d, t)) => timeline.push(((d, 1, t, i), Ev::Act(i))),
            None => undated_actions.push(i),
        }
    }
    timeline.sort_by(|a, b| a.0.cmp(&b.0));

    let mut t3: Vec<Row> = Vec::new();
    for (when, ev) in &timeline {
        match ev {
            Ev::Issue(i) => {
                let row = &ledger.issuances[*i];
                if !run.year_ok(row, "date", &when.0) {
                    continue;
                }
                let (Some(key), Some(range)) = (run.key_of(row), run.range_of(row)) else {
                    continue;
                };
                if key.1 != run.party {
                    run.out.push(
                        finding(
                            NOT_OWN_ISSUANCE,
                            Severity::Error,
                            pointer(&row.pointer, "firstTransferringPartyId"),
                            format!(
                                "Only the Party's own ITMOs are issued into its registry; this block's first transferring Party is {}, not {}. Record other Parties' ITMOs as acquisitions.",
                                key.1, run.party
                            ),
                        )
                        .arg("value", key.1.clone()),
                    );
                    continue;
                }
                run.bring_in(row, &key, range, "issuance");
            }
            Ev::Act(i) => {
                let mut row = ledger.actions[*i].clone();
                apply_action(&mut run, &mut row, &when.0);
                t3.push(row);
            }
        }
    }
    for i in undated_actions {
        let row = ledger.actions[i].clone();
        run.bad_date(&row, "actionDate");
        t3.push(row);
    }

    let mut origins = BTreeMap::new();
    let t3_rows: Vec<Value> = t3
        .iter()
        .enumerate()
        .map(|(k, r)| {
            origins.insert(format!("/t3Actions/{k}"), r.pointer.clone());
            Value::Object(r.fields.clone())
        })
        .collect();
    let t4: Vec<Value> = run
        .book
        .rows()
        .into_iter()
        .enumerate()
        .map(|(k, (row, origin))| {
            origins.insert(format!("/t4Holdings/{k}"), origin);
            row
        })
        .collect();

    let (t2, t5) = references(&mut run, &t3, &t4);
    let t2_rows: Vec<Value> = t2
        .iter()
        .enumerate()
        .map(|(k, r)| {
            origins.insert(format!("/t2Authorizations/{k}"), r.pointer.clone());
            Value::Object(r.fields.clone())
        })
        .collect();
    let t5_rows: Vec<Value> = t5
        .iter()
        .enumerate()
        .map(|(k, r)| {
            origins.insert(format!("/t5AuthorizedEntities/{k}"), r.pointer.clone());
            Value::Object(r.fields.clone())
        })
        .collect();

    let mut t1 = Map::new();
    for k in ledger::T1_FIELDS {
        if let Some(v) = ledger.top.get(k) {
            t1.insert(k.to_owned(), v.clone());
        }
    }
    let mut aef = Map::new();
    aef.insert("t1Submission".into(), Value::Object(t1));
    aef.insert("t2Authorizations".into(), Value::Array(t2_rows));
    aef.insert("t3Actions".into(), Value::Array(t3_rows));
    aef.insert("t4Holdings".into(), Value::Array(t4));
    aef.insert("t5AuthorizedEntities".into(), Value::Array(t5_rows));
    Assembly {
        aef: Some(Value::Object(aef)),
        ledger: run.out,
        unreadable: false,
        origins,
    }
}

fn apply_action(run: &mut Run<'_>, row: &mut Row, date: &str) {
    let kind = row
        .fields
        .get("actionType")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let Some(eff) = kind.as_deref().and_then(effect) else {
        run.out.push(
            finding(
                UNREADABLE,
                Severity::Error,
                pointer(&row.pointer, "actionType"),
                format!(
                    "The action type {} is not one of Authorization, First transfer, Transfer, Acquisition, Use, Cancellation, Voluntary Cancellation; this row is left out of the holdings.",
                    kind.as_deref().map_or("(missing)".to_owned(), |k| format!("{k:?}"))
                ),
            )
            .arg("field", "actionType"),
        );
        return;
    };
    if !run.year_ok(row, "actionDate", date) || eff == Effect::None {
        return;
    }
    let Some(key) = run.key_of(row) else {
        return;
    };
    let no_serials = !row.fields.contains_key("firstId") && !row.fields.contains_key("lastId");
    let range = if no_serials
        && eff != Effect::In
        && row.fields.get("metric").and_then(Value::as_str) != Some("non-GHG")
    {
        match run.allocate(row, &key) {
            Some(r) => r,
            None => {
                if row
                    .fields
                    .get("quantityTCO2e")
                    .and_then(num::of_value)
                    .is_none()
                {
                    run.range_of(row);
                }
                return;
            }
        }
    } else {
        match run.range_of(row) {
            Some(r) => r,
            None => return,
        }
    };
    match eff {
        Effect::In => run.bring_in(row, &key, range, "acquisition"),
        Effect::FirstTransfer => {
            let own = key.1 == run.party;
            if !own {
                run.out.push(
                    finding(
                        OTHERS_FIRST_TRANSFER,
                        Severity::Warning,
                        pointer(&row.pointer, "firstTransferringPartyId"),
                        format!(
                            "A first transfer is made by the first transferring Party, here {}, not the reporting Party {}; it is treated as a transfer of held ITMOs.",
                            key.1, run.party
                        ),
                    )
                    .arg("value", key.1.clone()),
                );
            }
            run.take_out(row, &key, range, own);
        }
        Effect::Out => run.take_out(row, &key, range, false),
        Effect::None => {}
    }
}

fn year_of_date(v: Option<&Value>) -> Option<i64> {
    v.and_then(Value::as_str)
        .and_then(iso_date)
        .and_then(|d| d[..4].parse().ok())
}

/// Tables 2 and 5: what the actions and holdings refer to, plus what was issued in the year.
fn references(run: &mut Run<'_>, t3: &[Row], t4: &[Value]) -> (Vec<Row>, Vec<Row>) {
    let ledger = run.ledger;
    let year = run.year;
    // Authorization IDs referred to, with the first place that does.
    let mut wanted: Vec<(String, String)> = Vec::new();
    for r in t3 {
        if let Some(id) = text_of(&r.fields, "authorizationId") {
            if !wanted.iter().any(|(w, _)| *w == id) {
                wanted.push((id, pointer(&r.pointer, "authorizationId")));
            }
        }
    }
    for (k, h) in t4.iter().enumerate() {
        if let Some(id) = h.as_object().and_then(|m| text_of(m, "authorizationId")) {
            if !wanted.iter().any(|(w, _)| *w == id) {
                wanted.push((id, format!("/t4Holdings/{k}")));
            }
        }
    }
    let mut chosen: BTreeSet<usize> = BTreeSet::new();
    for (pos, a) in ledger.authorizations.iter().enumerate() {
        if year_of_date(a.fields.get("dateOfAuthorization")) == Some(year) {
            chosen.insert(pos);
        }
    }
    for (id, at) in &wanted {
        let latest = ledger
            .authorizations
            .iter()
            .enumerate()
            .filter(|(_, a)| text_of(&a.fields, "authorizationId").as_deref() == Some(id.as_str()))
            .filter(|(_, a)| {
                year_of_date(a.fields.get("dateOfAuthorization")).is_none_or(|y| y <= year)
            })
            .max_by_key(|(_, a)| a.fields.get("version").and_then(Value::as_i64).unwrap_or(0));
        match latest {
            Some((pos, _)) => {
                chosen.insert(pos);
            }
            None => run.out.push(
                finding(
                    NO_AUTHORIZATION,
                    Severity::Warning,
                    at.clone(),
                    format!(
                        "Authorization {id} is not in the ledger's authorizations (issued by {year}), so Table 2 does not list it: it must already be in the Article 6 database (an earlier submission of this Party, or the authorizing Party's), or be added to the ledger."
                    ),
                )
                .arg("value", id.clone()),
            ),
        }
    }
    let t2: Vec<Row> = chosen
        .iter()
        .map(|&i| ledger.authorizations[i].clone())
        .collect();

    // Entities referred to: by authorizations in Table 2 and by using/cancelling actions.
    let mut wanted: Vec<(String, Option<String>, String)> = Vec::new();
    let mut want = |id: String, ca: Option<String>, at: String| {
        if !wanted.iter().any(|(w, c, _)| *w == id && *c == ca) {
            wanted.push((id, ca, at));
        }
    };
    for a in &t2 {
        if let Some(Value::Array(ids)) = a.fields.get("authorizedEntities") {
            for (j, id) in ids.iter().enumerate() {
                if let Some(id) = key_text(Some(id)) {
                    want(
                        id,
                        text_of(&a.fields, "cooperativeApproachId"),
                        pointer(&format!("{}/authorizedEntities", a.pointer), j),
                    );
                }
            }
        }
    }
    for r in t3 {
        if let Some(id) = text_of(&r.fields, "usingEntityId") {
            want(
                id,
                text_of(&r.fields, "cooperativeApproachId"),
                pointer(&r.pointer, "usingEntityId"),
            );
        }
    }
    let mut chosen: BTreeSet<usize> = BTreeSet::new();
    for (pos, e) in ledger.entities.iter().enumerate() {
        if year_of_date(e.fields.get("dateOfAuthorization")) == Some(year) {
            chosen.insert(pos);
        }
    }
    for (id, ca, at) in wanted {
        let same_id =
            |e: &&Row| text_of(&e.fields, "identificationNumber").as_deref() == Some(id.as_str());
        let hit = ledger
            .entities
            .iter()
            .position(|e| {
                same_id(&e) && (ca.is_none() || text_of(&e.fields, "cooperativeApproachId") == ca)
            })
            .or_else(|| ledger.entities.iter().position(|e| same_id(&e)));
        match hit {
            Some(pos) => {
                chosen.insert(pos);
            }
            None => run.out.push(
                finding(
                    NO_ENTITY,
                    Severity::Warning,
                    at,
                    format!("Authorized entity {id} is not in the ledger's authorizedEntities, so Table 5 does not list it."),
                )
                .arg("value", id.clone()),
            ),
        }
    }
    let t5 = chosen.iter().map(|&i| ledger.entities[i].clone()).collect();
    (t2, t5)
}
