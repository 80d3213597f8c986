//! Operands of rule functions: where a value comes from and how to read it.
//!
//! `{"field": "actionDate", "as": "year"}` — a field of the row (nested with `/`);
//! `{"pointer": "/t1Submission/reportedYear"}` — a value of the document;
//! `{"join": "auth", "field": "dateOfAuthorization"}` — a field of the joined row;
//! `{"value": 2021}` — a constant; `{"today": true}` — the caller's date, if given.
//! `as` reads the value as `number`, `string`, `year` (of a year or a date), `date`
//! (ISO; `dd/mm/yyyy` converted), `year-end` (31 December of a year), `aef-deadline`
//! (15 April of the next year), or a part of an authorized timeframe (`2021 - 2030` or
//! `Occurred: from … to …. Use: from … to ….`): `occurred-from`, `occurred-to`,
//! `use-from`, `use-to`.

use super::{get_path, Row};
use crate::decimal::Decimal;
use serde::Deserialize;
use serde_json::Value;
use std::borrow::Cow;
use std::cmp::Ordering;

/// How to read an operand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum As {
    /// An exact decimal number.
    Number,
    /// Text, compared as is.
    String,
    /// A year, from a year number or a date.
    Year,
    /// An ISO date.
    Date,
    /// 31 December of a year.
    YearEnd,
    /// 15 April of the following year: the AEF due date.
    AefDeadline,
    /// First year of occurrence in a timeframe.
    OccurredFrom,
    /// Last year of occurrence in a timeframe.
    OccurredTo,
    /// First year of use in a timeframe.
    UseFrom,
    /// Last year of use in a timeframe.
    UseTo,
}

/// Where an operand's value comes from, and how to read it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operand {
    /// A field of the row.
    #[serde(default)]
    pub field: Option<String>,
    /// Read `field` from the row's n-th ancestor instead (1 = the parent array's owner...).
    #[serde(default)]
    pub up: Option<usize>,
    /// A pointer into the document.
    #[serde(default)]
    pub pointer: Option<String>,
    /// A joined row (with `field`).
    #[serde(default)]
    pub join: Option<String>,
    /// A constant.
    #[serde(default)]
    pub value: Option<Value>,
    /// The caller's date.
    #[serde(default)]
    pub today: Option<bool>,
    /// How to read it.
    #[serde(default, rename = "as")]
    pub read_as: Option<As>,
}

/// A read value.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    /// A number (years too).
    Num(Decimal),
    /// Text or an ISO date (ISO dates order correctly as text).
    Str(String),
    /// A list (for `in`).
    List(Vec<Val>),
}

impl Val {
    /// Compare two values of the same kind.
    pub fn compare(&self, other: &Val) -> Option<Ordering> {
        match (self, other) {
            (Val::Num(a), Val::Num(b)) => Some(a.cmp(b)),
            (Val::Str(a), Val::Str(b)) => Some(a.cmp(b)),
            _ => None,
        }
    }

    /// The value as JSON, for message args.
    pub fn to_json(&self) -> Value {
        match self {
            Val::Num(d) => serde_json::from_str(&d.to_string()).unwrap_or(Value::Null),
            Val::Str(s) => Value::String(s.clone()),
            Val::List(items) => Value::Array(items.iter().map(Val::to_json).collect()),
        }
    }
}

impl Operand {
    /// Check the operand names exactly one source and known joins.
    pub fn validate(&self, joins: &[super::Join]) -> Result<(), String> {
        let sources = [
            self.field.is_some() && self.join.is_none(),
            self.pointer.is_some(),
            self.join.is_some(),
            self.value.is_some(),
            self.today == Some(true),
        ];
        if sources.iter().filter(|&&s| s).count() != 1 {
            return Err(
                "an operand needs exactly one of field, pointer, join (+field), value, today"
                    .into(),
            );
        }
        if let Some(j) = &self.join {
            if !joins.iter().any(|x| &x.name == j) {
                return Err(format!("unknown join {j:?}"));
            }
            if self.field.is_none() {
                return Err(format!("join {j:?} needs a field"));
            }
        }
        Ok(())
    }

    /// The raw JSON value of the operand for `row`: borrowed from the document or the
    /// rule (read for every row, so never copied).
    pub fn raw<'r, 'a: 'r>(
        &'r self,
        row: &Row<'a>,
        env: &super::functions::Env<'a, '_>,
    ) -> Option<Cow<'r, Value>> {
        if let Some(j) = &self.join {
            let joined = env.joined(j, row)?;
            return get_path(joined.value, self.field.as_deref().unwrap_or("")).map(Cow::Borrowed);
        }
        if let Some(f) = &self.field {
            if let Some(n) = self.up {
                let doc = env.ctx.doc_of(row.origin)?;
                let mut p = &*row.pointer;
                for _ in 0..n {
                    p = &p[..p.rfind('/')?];
                }
                return get_path(doc.pointer(p)?, f).map(Cow::Borrowed);
            }
            return row.get(f).map(Cow::Borrowed);
        }
        if let Some(p) = &self.pointer {
            let doc = env.ctx.doc_of(row.origin)?;
            return doc.pointer(p).map(Cow::Borrowed);
        }
        if let Some(v) = &self.value {
            return Some(Cow::Borrowed(v));
        }
        if self.today == Some(true) {
            return env
                .ctx
                .today
                .map(|t| Cow::Owned(Value::String(t.to_owned())));
        }
        None
    }

    /// Where the operand's value lives (for cascade suppression), when it is in a document.
    pub fn location<'a>(
        &self,
        row: &Row<'a>,
        env: &super::functions::Env<'a, '_>,
    ) -> Option<String> {
        if let Some(j) = &self.join {
            let joined = env.joined(j, row)?;
            return (joined.origin == super::Origin::Current)
                .then(|| joined.field_pointer(self.field.as_deref().unwrap_or("")));
        }
        if self.up.is_some() {
            return None;
        }
        if let Some(f) = &self.field {
            return Some(row.field_pointer(f));
        }
        self.pointer.clone()
    }

    /// The operand read as its `as` (or `default_as`) for `row`.
    pub fn read<'a>(
        &self,
        row: &Row<'a>,
        env: &super::functions::Env<'a, '_>,
        default_as: Option<As>,
    ) -> Option<Val> {
        let how = self.read_as.or(default_as);
        if self.field.is_some() || self.join.is_some() {
            let raw = self.raw(row, env)?;
            return read_value(&raw, how);
        }
        // A pointer, constant or today: the same for every row of a document, so read
        // once per rule and origin instead of once per row.
        let key = (std::ptr::from_ref(self), row.origin, how);
        if let Some((_, v)) = env.memo.borrow().iter().find(|(k, _)| *k == key) {
            return v.clone();
        }
        let v = self.raw(row, env).and_then(|raw| read_value(&raw, how));
        env.memo.borrow_mut().push((key, v.clone()));
        v
    }
}

/// Read a JSON value as `how` (plain reading when `None`).
pub fn read_value(v: &Value, how: Option<As>) -> Option<Val> {
    match how {
        None => match v {
            Value::Number(n) => Decimal::parse(n.as_str()).map(Val::Num),
            Value::String(s) => Some(Val::Str(s.clone())),
            Value::Array(items) => Some(Val::List(
                items.iter().filter_map(|i| read_value(i, None)).collect(),
            )),
            Value::Bool(b) => Some(Val::Str(b.to_string())),
            _ => None,
        },
        Some(As::Number) => match v {
            Value::Number(n) => Decimal::parse(n.as_str()).map(Val::Num),
            Value::String(s) => Decimal::parse(&s.replace(',', "")).map(Val::Num),
            _ => None,
        },
        Some(As::String) => match v {
            Value::String(s) => Some(Val::Str(s.clone())),
            Value::Number(n) => Some(Val::Str(n.as_str().to_owned())),
            _ => None,
        },
        Some(As::Year) => year_of(v).map(num),
        Some(As::Date) => v
            .as_str()
            .and_then(iso_date)
            .map(|d| Val::Str(d.into_owned())),
        Some(As::YearEnd) => year_of(v).map(|y| Val::Str(format!("{y:04}-12-31"))),
        Some(As::AefDeadline) => year_of(v).map(|y| Val::Str(format!("{:04}-04-15", y + 1))),
        Some(part @ (As::OccurredFrom | As::OccurredTo | As::UseFrom | As::UseTo)) => {
            let t = parse_timeframe(v.as_str()?)?;
            Some(num(match part {
                As::OccurredFrom => t.occurred.0,
                As::OccurredTo => t.occurred.1,
                As::UseFrom => t.used.0,
                _ => t.used.1,
            }))
        }
    }
}

fn num(y: u32) -> Val {
    Val::Num(Decimal::from_u64(u64::from(y)))
}

/// The year of a year number, an ISO date/date-time or a `dd/mm/yyyy` date.
pub fn year_of(v: &Value) -> Option<u32> {
    match v {
        Value::Number(n) => n.as_u64().and_then(|y| u32::try_from(y).ok()),
        Value::String(s) => iso_date(s).and_then(|d| d[..4].parse().ok()),
        _ => None,
    }
}

/// `YYYY-MM-DD` from an ISO date, an ISO UTC date-time or `dd/mm/yyyy`.
/// Borrowed when the text already starts with an ISO date (the usual case: no allocation).
pub fn iso_date(s: &str) -> Option<Cow<'_, str>> {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|x| x.iter().all(u8::is_ascii_digit));
    if b.len() >= 10
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
    {
        return Some(Cow::Borrowed(&s[..10]));
    }
    if b.len() == 10
        && digits(0..2)
        && b[2] == b'/'
        && digits(3..5)
        && b[5] == b'/'
        && digits(6..10)
    {
        return Some(Cow::Owned(format!(
            "{}-{}-{}",
            &s[6..10],
            &s[3..5],
            &s[..2]
        )));
    }
    None
}

/// An authorized timeframe: occurrence and use year ranges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeframe {
    /// Years in which the mitigation may occur (vintages).
    pub occurred: (u32, u32),
    /// Years in which the ITMOs may be used.
    pub used: (u32, u32),
}

fn years_in(s: &str) -> Vec<u32> {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            if i - start == 4 {
                if let Ok(y) = s[start..i].parse() {
                    out.push(y);
                }
            }
        } else {
            i += 1;
        }
    }
    out
}

/// Parse `2021 - 2030` (both ranges) or the UNFCCC checker phrase
/// `Occurred: from <date> to <date>. Use: from <date> to <date>.`
pub fn parse_timeframe(s: &str) -> Option<Timeframe> {
    if let Some(occ_at) = s.find("Occurred:") {
        let use_at = s.find("Use:")?;
        let (occ, used) = if occ_at < use_at {
            (&s[occ_at..use_at], &s[use_at..])
        } else {
            (&s[occ_at..], &s[use_at..occ_at])
        };
        let (o, u) = (years_in(occ), years_in(used));
        if o.len() != 2 || u.len() != 2 {
            return None;
        }
        return Some(Timeframe {
            occurred: (o[0], o[1]),
            used: (u[0], u[1]),
        });
    }
    let y = years_in(s);
    (y.len() == 2).then(|| Timeframe {
        occurred: (y[0], y[1]),
        used: (y[0], y[1]),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_dates_years_and_timeframes() {
        assert_eq!(
            iso_date("2025-07-08T00:00:00.000Z").as_deref(),
            Some("2025-07-08")
        );
        assert_eq!(iso_date("29/02/2024").as_deref(), Some("2024-02-29"));
        assert_eq!(year_of(&json!("2025-07-08")), Some(2025));
        assert_eq!(year_of(&json!(2030)), Some(2030));
        assert_eq!(
            parse_timeframe("2021 - 2030"),
            Some(Timeframe {
                occurred: (2021, 2030),
                used: (2021, 2030)
            })
        );
        assert_eq!(
            parse_timeframe(
                "Occurred: from 01/01/2022 to 31/12/2025. Use: from 01/01/2023 to 31/12/2030."
            ),
            Some(Timeframe {
                occurred: (2022, 2025),
                used: (2023, 2030)
            })
        );
        assert_eq!(parse_timeframe("soon"), None);
        assert_eq!(
            read_value(&json!(2024), Some(As::AefDeadline)),
            Some(Val::Str("2025-04-15".into()))
        );
    }
}
