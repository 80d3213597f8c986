//! One AEF value as a spreadsheet cell or CSV field, and back: the conversions shared by
//! the workbook reader, the workbook writer and the CSV writer.

use crate::dates;
use crate::fields::{Column, Kind, CARP_INFO, CARP_LINK};
use crate::num;
use a6check_core::blocks::parse_itmo_id;
use serde_json::Value;
use std::str::FromStr;

/// A cell to write.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text, written as a string cell.
    Text(String),
    /// A number that a binary float holds exactly.
    Number(f64),
    /// A calendar date, shown `dd/mm/yyyy`.
    Date(u16, u8, u8),
}

/// Largest integer an `f64` holds exactly (2^53).
const EXACT_INT: u64 = 9_007_199_254_740_992;

fn exact_int(v: &Value) -> Option<f64> {
    let n = v.as_number()?;
    if let Some(u) = n.as_u64() {
        return (u <= EXACT_INT).then_some(u as f64);
    }
    n.as_i64()
        .filter(|i| i.unsigned_abs() <= EXACT_INT)
        .map(|i| i as f64)
}

/// Text of a JSON value in a cell (strings as written, arrays joined with `, `).
pub fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(plain).collect::<Vec<_>>().join(", "),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// True when a value means "not applicable" (absent, null, empty, `NA`).
pub fn is_na(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.trim().is_empty() || s.trim() == "NA",
        Some(Value::Array(a)) => a.is_empty(),
        _ => false,
    }
}

/// The cell for `v` in `column`, and a note when it is written as text although the
/// column holds numbers (a quantity a binary float cannot hold exactly).
pub fn to_cell(column: &Column, v: Option<&Value>) -> (Cell, Option<String>) {
    if is_na(v) {
        return match column.kind {
            Kind::Carp(placeholder) => (Cell::Text(placeholder.to_owned()), None),
            _ => (Cell::Text("NA".into()), None),
        };
    }
    let Some(v) = v else {
        return (Cell::Text("NA".into()), None);
    };
    let text = || (Cell::Text(plain(v)), None);
    match (column.kind, v) {
        (Kind::Date, Value::String(s)) | (Kind::DateTime, Value::String(s)) if dates::is_iso_date(s) => {
            match dates::parts(s) {
                Some((y, m, d)) => (Cell::Date(y, m, d), None),
                None => text(),
            }
        }
        (Kind::Integer | Kind::Serial | Kind::UnitId, Value::Number(_)) => match exact_int(v) {
            Some(f) => (Cell::Number(f), None),
            None => (
                Cell::Text(plain(v)),
                Some(format!("{} {} is written as text: a spreadsheet number cannot hold it exactly.", column.label, plain(v))),
            ),
        },
        (Kind::Quantity, Value::Number(_)) => match num::of_value(v).and_then(num::f64_exactly) {
            Some(f) => (Cell::Number(f), None),
            None => (
                Cell::Text(plain(v)),
                Some(format!(
                    "{} {} is written as text: a spreadsheet number (binary floating point) cannot hold it exactly.",
                    column.label,
                    plain(v)
                )),
            ),
        },
        (_, Value::Object(_)) => (
            Cell::Text(v.to_string()),
            Some(format!("{} holds a JSON object; it is written as JSON text.", column.label)),
        ),
        _ => text(),
    }
}

/// The CSV field for `v` in `column`: what the workbook shows (dates `dd/mm/yyyy`,
/// quantities as exact decimal text, `NA` when not applicable).
pub fn to_csv(column: &Column, v: Option<&Value>) -> String {
    match to_cell(column, v).0 {
        Cell::Text(s) => s,
        Cell::Number(_) => v
            .map(|v| match num::of_value(v) {
                Some(d) if column.kind == Kind::Quantity => num::text(d),
                _ => plain(v),
            })
            .unwrap_or_default(),
        Cell::Date(y, m, d) => format!("{d:02}/{m:02}/{y:04}"),
    }
}

/// What a cell reads as, before the column's kind is applied.
#[derive(Debug, Clone, PartialEq)]
pub enum Raw {
    /// Empty, `NA` or a CARP placeholder.
    Empty,
    /// Text.
    Text(String),
    /// A number (the shortest decimal text of the cell's binary float).
    Number(f64),
    /// A date-formatted cell: ISO date and time of day, if any.
    Date(String, Option<String>),
    /// A true/false cell.
    Bool(bool),
    /// An error or a value of no use (`#N/A`, a duration).
    Bad(String),
}

/// Why a cell could not be read: a finding code and a message.
pub type Problem = (&'static str, String);

/// Thousands separators that may appear in numbers typed as text.
const SEPARATORS: [char; 5] = [' ', '\u{a0}', '\u{202f}', '\'', '_'];

fn strip_thousands(s: &str) -> Option<String> {
    let t: String = s
        .trim()
        .chars()
        .filter(|c| !SEPARATORS.contains(c))
        .collect();
    if !t.contains(',') {
        return Some(t);
    }
    // Commas only as thousands separators: 1,234 or 1,234,567.89 (never a decimal comma).
    let (int, frac) = match t.split_once('.') {
        Some((a, b)) => (a, Some(b)),
        None => (t.as_str(), None),
    };
    let int = int.strip_prefix('-').unwrap_or(int);
    let mut groups = int.split(',');
    let head = groups.next()?;
    if head.is_empty() || head.len() > 3 || !head.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if !groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    if frac.is_some_and(|f| f.contains(',')) {
        return None;
    }
    Some(t.replace(',', ""))
}

fn number_value(text: &str) -> Option<Value> {
    serde_json::Number::from_str(text).ok().map(Value::Number)
}

/// The JSON value of a cell in `column`: `Ok(None)` when empty or not applicable, `Err`
/// when unreadable. Spellings of code-listed values and Party names are the reader's
/// concern (`crate::spelling`), which knows the bundle.
pub fn from_raw(column: &Column, raw: &Raw) -> Result<Option<Value>, Problem> {
    let ok = |v: Value| Ok(Some(v));
    match raw {
        Raw::Empty => Ok(None),
        Raw::Bad(what) => Err((
            "xlsx-bad-cell",
            format!("The cell holds {what}, not a value."),
        )),
        Raw::Text(s) => {
            let t = s.trim();
            if t.is_empty() || t == "NA" || t == CARP_INFO || t == CARP_LINK {
                return Ok(None);
            }
            match column.kind {
                Kind::Text | Kind::Carp(_) | Kind::Version | Kind::UnitId => {
                    ok(Value::String(t.to_owned()))
                }
                Kind::List => ok(Value::Array(
                    t.split([',', ';'])
                        .map(str::trim)
                        .filter(|x| !x.is_empty() && *x != "NA")
                        .map(|x| Value::String(x.to_owned()))
                        .collect(),
                )),
                Kind::Date => {
                    if dates::is_iso_date(t) {
                        ok(Value::String(t.to_owned()))
                    } else if let Some(iso) = dates::iso_from_dmy(t) {
                        ok(Value::String(iso))
                    } else {
                        Err(("xlsx-bad-date", format!("{t:?} is not a date in dd/mm/yyyy (or YYYY-MM-DD).")))
                    }
                }
                Kind::DateTime => {
                    if dates::is_iso_date(t) || dates::is_iso_datetime(t) {
                        return ok(Value::String(t.to_owned()));
                    }
                    if let Some(iso) = dates::iso_from_dmy(t) {
                        return ok(Value::String(iso));
                    }
                    if let Some((d, time)) = t.split_once(' ') {
                        let time = time.trim();
                        let full = if time.len() == 5 { format!("{time}:00") } else { time.to_owned() };
                        if let Some(iso) = dates::iso_from_dmy(d) {
                            let candidate = format!("{iso}T{full}Z");
                            if dates::is_iso_datetime(&candidate) {
                                return ok(Value::String(candidate));
                            }
                        }
                    }
                    Err((
                        "xlsx-bad-date",
                        format!("{t:?} is not a date (dd/mm/yyyy, YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ)."),
                    ))
                }
                Kind::Integer => match strip_thousands(t).filter(|x| x.parse::<i64>().is_ok()) {
                    Some(x) => ok(number_value(&x).unwrap_or(Value::String(x))),
                    None => Err(("xlsx-bad-integer", format!("{t:?} is not a whole number."))),
                },
                Kind::Serial => {
                    if parse_itmo_id(t).is_some() {
                        return ok(Value::String(t.to_owned()));
                    }
                    match strip_thousands(t).filter(|x| x.parse::<u64>().is_ok_and(|n| n >= 1)) {
                        Some(x) => ok(number_value(&x).unwrap_or(Value::String(x))),
                        None => Err((
                            "xlsx-bad-serial",
                            format!("{t:?} is neither a serial (a whole number ≥ 1) nor an ITMO unique identifier such as CA0009-GHA01-GHA-1,000-2024."),
                        )),
                    }
                }
                Kind::Quantity => match strip_thousands(t).and_then(|x| num::parse(&x).map(|_| x)) {
                    Some(x) => ok(number_value(&x).unwrap_or(Value::String(x))),
                    None => Err((
                        "xlsx-bad-number",
                        format!("{t:?} is not a quantity (digits, an optional decimal point; commas only between thousands)."),
                    )),
                },
            }
        }
        Raw::Number(f) => {
            let Some(text) = num::f64_text(*f) else {
                return Err((
                    "xlsx-bad-number",
                    "The cell holds a number that is not finite.".into(),
                ));
            };
            let whole = f.fract() == 0.0;
            match column.kind {
                Kind::Version if whole => ok(Value::String(format!("{text}.0"))),
                Kind::Text | Kind::Carp(_) | Kind::Version | Kind::UnitId
                    if column.kind != Kind::UnitId || !whole =>
                {
                    ok(Value::String(text))
                }
                Kind::List => ok(Value::Array(vec![Value::String(text)])),
                Kind::Date | Kind::DateTime => match dates::from_excel_serial(*f, false) {
                    Some(d) => from_raw(column, &Raw::Date(d.0, d.1)),
                    None => Err((
                        "xlsx-bad-date",
                        format!("{text} is not an Excel date serial number."),
                    )),
                },
                Kind::Integer | Kind::Serial | Kind::UnitId => {
                    if whole
                        && f.abs() <= EXACT_INT as f64
                        && (column.kind != Kind::Serial || *f >= 1.0)
                    {
                        ok(number_value(&text).unwrap_or(Value::String(text)))
                    } else {
                        Err((
                            "xlsx-bad-integer",
                            format!(
                                "{text} is not a whole number{}.",
                                if column.kind == Kind::Serial {
                                    " ≥ 1"
                                } else {
                                    ""
                                }
                            ),
                        ))
                    }
                }
                Kind::Quantity => ok(number_value(&text).unwrap_or(Value::String(text))),
                _ => ok(Value::String(text)),
            }
        }
        Raw::Date(d, time) => match column.kind {
            Kind::DateTime => ok(Value::String(match time {
                Some(t) => format!("{d}T{t}Z"),
                None => d.clone(),
            })),
            Kind::Date | Kind::Text | Kind::Carp(_) => ok(Value::String(d.clone())),
            _ => Err((
                "xlsx-bad-cell",
                format!(
                    "The cell holds the date {d}, not a {}.",
                    kind_name(column.kind)
                ),
            )),
        },
        Raw::Bool(b) => match column.kind {
            Kind::Text | Kind::Carp(_) => {
                ok(Value::String(if *b { "TRUE" } else { "FALSE" }.into()))
            }
            _ => Err((
                "xlsx-bad-cell",
                format!(
                    "The cell holds {}, not a {}.",
                    if *b { "TRUE" } else { "FALSE" },
                    kind_name(column.kind)
                ),
            )),
        },
    }
}

fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Integer | Kind::Serial => "whole number",
        Kind::Quantity => "quantity",
        Kind::Date | Kind::DateTime => "date",
        _ => "value",
    }
}
