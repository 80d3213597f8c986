//! The BTR structured summary (CTF Table 4 Article 6 rows; 2/CMA.3 annex paras 7, 8, 23)
//! from a Party's series of AEF submissions, one per reported year, plus optional annual
//! emissions.
//!
//! Per year y (GHG metric, t CO2 eq; brief 5.3):
//! - `firstTransferred`: ITMOs first transferred in year y (year of the action), split
//!   into `firstTransferredToAnotherParty` and `firstTransferredForOimp` (the OIMP
//!   triggers: authorization, issuance, use or cancellation);
//! - `firstTransferredOfVintage`: FT_(v=y), ITMOs first transferred whose vintage is y;
//! - `used`: U_y, ITMOs used towards the NDC for year y (`yearUsedTowardsNdc`);
//! - `net` = firstTransferred − used, and the cumulative sums of all three;
//! - annual/trajectory method: `correspondingAdjustment` CA_y = FT_(v=y) − U_y (para 8:
//!   the first transferring Party adds in the year the mitigation occurred, the using
//!   Party subtracts in the year of use) and `emissionsBalance` EB_y = E_y + CA_y.
//!
//! Averaging method (single-year NDC, target year T = last year of the NDC period):
//! AvgCA = Σ_(y=S..L) (FT_(v=y) − U_y) / (L − S₀ + 1), where S is the first year of the
//! NDC period, L = min(T, latest reported year) and S₀ the start of the elapsed-year
//! count. Which start 2/CMA.3 means by "elapsed years in the NDC implementation period"
//! is UNCONFIRMED (brief 5.3, 10 item 16): `elapsedYearsFrom` is `ndc-start` (S₀ = S,
//! the default, following that wording) or `2021` (S₀ = 2021). EB_T = E_T + AvgCA.
//! The division is exact when it can be; otherwise it is rounded to 6 decimal places
//! and `exact` is false. Non-GHG indicator adjustments (para 9) are not computed.
//!
//! Action types and subtypes count only in their official spelling (the bundle's code
//! lists, as validation checks them); any other spelling gets validation's
//! `unknown-controlled-value` finding and is left out of what it would decide.

use crate::findings::finding;
use crate::holdings::key_text;
use crate::num;
use crate::spelling::Spellings;
use crate::summary::identity;
use a6check_core::rules::operand::year_of;
use a6check_core::{Finding, Severity};
use rust_decimal::Decimal;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The Table 26(b) subtype of a first transfer to another Party (NDC use); every other
/// official subtype of a first transfer is an OIMP trigger. A unit test holds it to the
/// bundle's code list.
pub(crate) const TO_ANOTHER_PARTY: &str = "First transfer to another Party";

/// Corresponding-adjustment method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Method {
    /// Annual adjustments (indicative trajectory, or multi-year NDC).
    #[default]
    Annual,
    /// Averaging (single-year NDC).
    Averaging,
}

/// Start of the elapsed-year count of the averaging method (UNCONFIRMED which is meant).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ElapsedFrom {
    /// The first year of the NDC implementation period (default; 2/CMA.3 wording).
    #[default]
    NdcStart,
    /// 2021, the first year ITMOs can come from.
    Y2021,
}

/// Options of the BTR summary.
#[derive(Debug, Clone, Default)]
pub struct BtrOptions {
    /// Annual emissions covered by the NDC (t CO2 eq) by year.
    pub emissions: BTreeMap<i64, Decimal>,
    /// Corresponding-adjustment method.
    pub method: Method,
    /// Start of the averaging method's elapsed years.
    pub elapsed_from: ElapsedFrom,
}

impl Method {
    /// Parse `annual` / `averaging`.
    pub fn parse(s: &str) -> Option<Method> {
        match s {
            "annual" | "trajectory" | "annual/trajectory" => Some(Method::Annual),
            "averaging" => Some(Method::Averaging),
            _ => None,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Method::Annual => "annual",
            Method::Averaging => "averaging",
        }
    }
}

impl ElapsedFrom {
    /// Parse `ndc-start` / `2021`.
    pub fn parse(s: &str) -> Option<ElapsedFrom> {
        match s {
            "ndc-start" => Some(ElapsedFrom::NdcStart),
            "2021" => Some(ElapsedFrom::Y2021),
            _ => None,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            ElapsedFrom::NdcStart => "ndc-start",
            ElapsedFrom::Y2021 => "2021",
        }
    }
}

/// Read `{"emissions": {"2025": "123456.7", ...}}` (decimal strings or numbers).
pub fn read_emissions(doc: &Value) -> Result<BTreeMap<i64, Decimal>, String> {
    let obj = match doc.get("emissions") {
        Some(Value::Object(m)) => m,
        None | Some(Value::Null) => return Ok(BTreeMap::new()),
        Some(_) => return Err(
            "emissions must be an object of year to decimal string, e.g. {\"2025\": \"123456.7\"}"
                .into(),
        ),
    };
    let mut out = BTreeMap::new();
    for (k, v) in obj {
        let year: i64 = k
            .parse()
            .ok()
            .filter(|y| (1990..=2100).contains(y))
            .ok_or_else(|| format!("emissions: {k:?} is not a year"))?;
        let q = num::of_value(v).ok_or_else(|| format!("emissions.{k}: {v} is not an exact decimal (write it as a string such as \"123456.7\")"))?;
        out.insert(year, q);
    }
    Ok(out)
}

impl BtrOptions {
    /// Read the options object of the Wasm API:
    /// `{"emissions": {...}, "method": "annual"|"averaging", "elapsedYearsFrom": "ndc-start"|"2021"}`.
    pub fn from_json(text: &str) -> Result<BtrOptions, String> {
        if text.trim().is_empty() {
            return Ok(BtrOptions::default());
        }
        let v = a6check_core::json::parse(text)
            .map_err(|e| {
                format!(
                    "options are not JSON (line {}, column {})",
                    e.line, e.column
                )
            })?
            .value;
        let Value::Object(m) = &v else {
            return Err("options must be a JSON object".into());
        };
        let mut o = BtrOptions {
            emissions: read_emissions(&v)?,
            ..BtrOptions::default()
        };
        for (k, val) in m {
            match (k.as_str(), val) {
                ("emissions", _) | (_, Value::Null) => {}
                ("method", Value::String(s)) => {
                    o.method = Method::parse(s).ok_or("method must be annual or averaging")?
                }
                ("elapsedYearsFrom", Value::String(s)) => {
                    o.elapsed_from =
                        ElapsedFrom::parse(s).ok_or("elapsedYearsFrom must be ndc-start or 2021")?
                }
                (k, _) => return Err(format!("unknown or mistyped option {k:?}")),
            }
        }
        Ok(o)
    }
}

fn q(row: &Map<String, Value>) -> Decimal {
    row.get("quantityTCO2e")
        .and_then(num::of_value)
        .unwrap_or(Decimal::ZERO)
}

fn s(d: Decimal) -> Value {
    Value::String(num::text(d))
}

#[derive(Default)]
struct Series {
    ft: BTreeMap<i64, Decimal>,
    ft_abroad: BTreeMap<i64, Decimal>,
    ft_oimp: BTreeMap<i64, Decimal>,
    ft_vintage: BTreeMap<i64, Decimal>,
    used: BTreeMap<i64, Decimal>,
    used_oimp: BTreeMap<i64, Decimal>,
    acquired: BTreeMap<i64, Decimal>,
    uses_by_action_year: BTreeMap<i64, Decimal>,
}

fn add(m: &mut BTreeMap<i64, Decimal>, y: i64, d: Decimal) {
    *m.entry(y).or_default() += d;
}

fn get(m: &BTreeMap<i64, Decimal>, y: i64) -> Decimal {
    m.get(&y).copied().unwrap_or_default()
}

/// The BTR summary of every Party among `aefs` (the latest version of each year).
pub fn btr(
    aefs: &[Value],
    latest: &BTreeMap<(String, i64), usize>,
    opts: &BtrOptions,
) -> (Vec<Value>, Vec<Finding>) {
    let mut findings = Vec::new();
    let mut by_party: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for ((p, _), &i) in latest {
        if !p.is_empty() {
            by_party.entry(p.clone()).or_default().push(i);
        }
    }
    for (i, d) in aefs.iter().enumerate() {
        let (p, y, _) = identity(d);
        if let Some(y) = y {
            if latest.get(&(p.clone(), y)) != Some(&i) {
                findings.push(
                    finding(
                        "BTR-06",
                        Severity::Info,
                        format!("/{i}/t1Submission/version"),
                        format!("A later version of {p}'s {y} submission is among the inputs; this one is left out of the BTR summary."),
                    )
                    .arg("document", i as u64),
                );
            }
        }
    }
    if by_party.len() > 1 && !opts.emissions.is_empty() {
        findings.push(finding(
            "BTR-07",
            Severity::Warning,
            "",
            "The inputs cover several Parties and one emissions series is given: it is applied to each of them.",
        ));
    }
    let mut out = Vec::new();
    for (party, docs) in by_party {
        out.push(party_summary(aefs, &party, &docs, opts, &mut findings));
    }
    (out, findings)
}

fn party_summary(
    aefs: &[Value],
    party: &str,
    docs: &[usize],
    opts: &BtrOptions,
    findings: &mut Vec<Finding>,
) -> Value {
    let spell = Spellings::default_bundle();
    let mut ser = Series::default();
    let mut reported = Vec::new();
    let mut period: Option<(i64, i64)> = None;
    for &i in docs {
        let d = &aefs[i];
        let (_, y, _) = identity(d);
        reported.extend(y);
        let p = (
            d.pointer("/t1Submission/ndcFirstYear")
                .and_then(Value::as_i64),
            d.pointer("/t1Submission/ndcLastYear")
                .and_then(Value::as_i64),
        );
        if let (Some(a), Some(b)) = p {
            match period {
                Some(q) if q != (a, b) => findings.push(
                    finding(
                        "BTR-05",
                        Severity::Warning,
                        format!("/{i}/t1Submission/ndcFirstYear"),
                        format!("{party}'s NDC period is {a}-{b} here but {}-{} in an earlier year's submission; the latest is used.", q.0, q.1),
                    )
                    .arg("document", i as u64),
                ),
                _ => {}
            }
            period = Some((a, b));
        }
        let t3 = d
            .get("t3Actions")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
            .filter_map(|(j, r)| Some((j, r.as_object()?)));
        for (j, r) in t3 {
            // Only official spellings count (as in validation): any other action type or
            // subtype is refused with validation's finding and left out of what it decides.
            let refused = |field: &str, value: &str| {
                spell
                    .refuse(field, value, format!("/{i}/t3Actions/{j}/{field}"))
                    .map(|f| f.arg("document", i as u64))
            };
            let kind = key_text(r.get("actionType")).unwrap_or_default();
            if let Some(f) = (!kind.is_empty())
                .then(|| refused("actionType", &kind))
                .flatten()
            {
                findings.push(f);
                continue;
            }
            let action_year = r.get("actionDate").and_then(year_of).map(i64::from);
            let qty = q(r);
            match kind.as_str() {
                "First transfer" => {
                    if let Some(y) = action_year {
                        add(&mut ser.ft, y, qty);
                        let sub = key_text(r.get("actionSubtype")).unwrap_or_default();
                        match refused("actionSubtype", &sub).filter(|_| !sub.is_empty()) {
                            Some(f) => findings.push(f),
                            None => add(
                                if sub == TO_ANOTHER_PARTY {
                                    &mut ser.ft_abroad
                                } else {
                                    &mut ser.ft_oimp
                                },
                                y,
                                qty,
                            ),
                        }
                    }
                    if let Some(v) = r.get("vintage").and_then(year_of) {
                        add(&mut ser.ft_vintage, i64::from(v), qty);
                    }
                }
                "Use" => {
                    match r.get("yearUsedTowardsNdc").and_then(year_of) {
                        Some(y) => add(&mut ser.used, i64::from(y), qty),
                        None => {
                            if let Some(y) = action_year {
                                add(&mut ser.used_oimp, y, qty);
                            }
                        }
                    }
                    if let Some(y) = action_year {
                        add(&mut ser.uses_by_action_year, y, qty);
                    }
                }
                "Acquisition" => {
                    if let Some(y) = action_year {
                        add(&mut ser.acquired, y, qty);
                    }
                }
                _ => {}
            }
        }
    }
    let latest_year = reported.iter().copied().max();
    let mut years: Vec<i64> = [
        &ser.ft,
        &ser.ft_vintage,
        &ser.used,
        &ser.used_oimp,
        &ser.acquired,
        &opts.emissions,
    ]
    .iter()
    .flat_map(|m| m.keys().copied())
    .chain(reported.iter().copied())
    .collect();
    years.sort_unstable();
    let span: Vec<i64> = match (years.first(), years.last()) {
        (Some(&a), Some(&b)) => (a..=b).collect(),
        _ => Vec::new(),
    };

    let (mut c_ft, mut c_used, mut c_net, mut c_vint, mut c_acq, mut c_use_act) = (
        Decimal::ZERO,
        Decimal::ZERO,
        Decimal::ZERO,
        Decimal::ZERO,
        Decimal::ZERO,
        Decimal::ZERO,
    );
    let mut annual = Vec::new();
    let mut btr01 = false;
    for &y in &span {
        let (ft, used, vint) = (get(&ser.ft, y), get(&ser.used, y), get(&ser.ft_vintage, y));
        let net = ft - used;
        c_ft += ft;
        c_used += used;
        c_net += net;
        c_vint += vint;
        c_acq += get(&ser.acquired, y);
        c_use_act += get(&ser.uses_by_action_year, y);
        if c_use_act > c_acq && !btr01 {
            btr01 = true;
            findings.push(
                finding(
                    "BTR-01",
                    Severity::Warning,
                    "",
                    format!("By the end of {y}, {party} has used {} t but acquired {} t in the submissions given; holdings from before the first submission may explain it.", num::text(c_use_act), num::text(c_acq)),
                )
                .arg("party", party)
                .arg("year", y),
            );
        }
        let mut m = Map::new();
        m.insert("year".into(), Value::from(y));
        m.insert("firstTransferred".into(), s(ft));
        m.insert(
            "firstTransferredToAnotherParty".into(),
            s(get(&ser.ft_abroad, y)),
        );
        m.insert("firstTransferredForOimp".into(), s(get(&ser.ft_oimp, y)));
        m.insert("firstTransferredOfVintage".into(), s(vint));
        m.insert("used".into(), s(used));
        m.insert("usedForOimp".into(), s(get(&ser.used_oimp, y)));
        m.insert("acquired".into(), s(get(&ser.acquired, y)));
        m.insert("net".into(), s(net));
        m.insert("cumulativeFirstTransferred".into(), s(c_ft));
        m.insert("cumulativeFirstTransferredByVintage".into(), s(c_vint));
        m.insert("cumulativeUsed".into(), s(c_used));
        m.insert("cumulativeNet".into(), s(c_net));
        let e = opts.emissions.get(&y).copied();
        m.insert("emissions".into(), e.map(s).unwrap_or(Value::Null));
        if opts.method == Method::Annual {
            let ca = vint - used;
            m.insert("correspondingAdjustment".into(), s(ca));
            m.insert(
                "emissionsBalance".into(),
                e.map(|e| s(e + ca)).unwrap_or(Value::Null),
            );
        }
        annual.push(Value::Object(m));
    }

    let by = |m: &BTreeMap<i64, Decimal>| {
        Value::Object(m.iter().map(|(k, v)| (k.to_string(), s(*v))).collect())
    };
    let mut out = Map::new();
    out.insert("party".into(), Value::String(party.to_owned()));
    out.insert(
        "reportedYears".into(),
        Value::Array(reported.iter().map(|&y| Value::from(y)).collect()),
    );
    out.insert(
        "ndcFirstYear".into(),
        period.map(|p| Value::from(p.0)).unwrap_or(Value::Null),
    );
    out.insert(
        "ndcLastYear".into(),
        period.map(|p| Value::from(p.1)).unwrap_or(Value::Null),
    );
    out.insert("method".into(), Value::String(opts.method.as_str().into()));
    out.insert(
        "metric".into(),
        Value::String(
            "GHG (t CO2 eq); non-GHG indicator adjustments (para 9) are not computed".into(),
        ),
    );
    out.insert("firstTransferredByYear".into(), by(&ser.ft));
    out.insert("firstTransferredByVintage".into(), by(&ser.ft_vintage));
    out.insert("usedByYear".into(), by(&ser.used));
    out.insert("cumulativeFirstTransferred".into(), s(c_ft));
    out.insert("cumulativeUsed".into(), s(c_used));
    out.insert("years".into(), Value::Array(annual));
    if opts.method == Method::Averaging {
        out.insert(
            "averaging".into(),
            averaging(&ser, period, latest_year, opts, party, findings),
        );
    }
    Value::Object(out)
}

fn averaging(
    ser: &Series,
    period: Option<(i64, i64)>,
    latest: Option<i64>,
    opts: &BtrOptions,
    party: &str,
    findings: &mut Vec<Finding>,
) -> Value {
    let mut m = Map::new();
    m.insert(
        "elapsedYearsFrom".into(),
        Value::String(opts.elapsed_from.as_str().into()),
    );
    m.insert(
        "note".into(),
        Value::String("UNCONFIRMED: whether the elapsed years count from the first year of the NDC period (ndc-start, default: 2/CMA.3 \"elapsed years in the NDC implementation period\") or from 2021. First transfers are counted by vintage (para 8), uses by year used towards the NDC.".into()),
    );
    let (Some((first, target)), Some(latest)) = (period, latest) else {
        findings.push(finding(
            "BTR-02",
            Severity::Error,
            "",
            format!("The averaging method needs {party}'s NDC period (Table 1) and at least one reported year."),
        ));
        return Value::Object(m);
    };
    let start = match opts.elapsed_from {
        ElapsedFrom::NdcStart => first,
        ElapsedFrom::Y2021 => 2021,
    };
    let last = latest.min(target);
    let elapsed = last - start + 1;
    let mut numerator = Decimal::ZERO;
    let (mut c_ft, mut c_used) = (Decimal::ZERO, Decimal::ZERO);
    for y in first..=last {
        c_ft += get(&ser.ft_vintage, y);
        c_used += get(&ser.used, y);
    }
    numerator += c_ft - c_used;
    m.insert("startYear".into(), Value::from(first));
    m.insert("elapsedFromYear".into(), Value::from(start));
    m.insert("targetYear".into(), Value::from(target));
    m.insert("lastYear".into(), Value::from(last));
    m.insert("provisional".into(), Value::Bool(latest < target));
    m.insert("elapsedYears".into(), Value::from(elapsed));
    m.insert("cumulativeFirstTransferred".into(), s(c_ft));
    m.insert("cumulativeUsed".into(), s(c_used));
    m.insert("numerator".into(), s(numerator));
    if elapsed < 1 {
        findings.push(finding(
            "BTR-02",
            Severity::Error,
            "",
            format!("No elapsed years between {start} and {last}: the averaging method cannot be applied."),
        ));
        return Value::Object(m);
    }
    let (avg, exact) = divide(numerator, elapsed);
    m.insert("averageAdjustment".into(), s(avg));
    m.insert("exact".into(), Value::Bool(exact));
    let e = opts.emissions.get(&target).copied();
    m.insert(
        "emissionsTargetYear".into(),
        e.map(s).unwrap_or(Value::Null),
    );
    m.insert(
        "emissionsBalanceTargetYear".into(),
        e.map(|e| s(e + avg)).unwrap_or(Value::Null),
    );
    Value::Object(m)
}

/// `n / d`, exactly when the quotient terminates within 28 digits, else rounded to 6 places.
fn divide(n: Decimal, d: i64) -> (Decimal, bool) {
    let d = Decimal::from(d);
    match n.checked_div(d) {
        Some(v) if num::exact_quotient(v, d, n) => (v.normalize(), true),
        Some(v) => (v.round_dp(6).normalize(), false),
        None => (Decimal::ZERO, false),
    }
}
