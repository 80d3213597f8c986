//! Exact quantities: JSON number text in, `rust_decimal` arithmetic, decimal text out.
//!
//! Quantities never pass through `f64` for arithmetic. The only place a binary float
//! appears is a spreadsheet cell, and [`f64_exactly`] decides whether a decimal can be
//! written as one without changing its value.

use rust_decimal::Decimal;
use serde_json::Value;
use std::str::FromStr;

/// Read a decimal from decimal text (`12.5`, `-3`, `1e3`), exactly; `None` when the text
/// is not a number or `rust_decimal` cannot hold it without rounding.
pub fn parse(text: &str) -> Option<Decimal> {
    let exact = a6check_core::decimal::Decimal::parse(text.trim())?;
    if !exact.fits_exact() {
        return None;
    }
    Decimal::from_str_exact(&exact.to_string()).ok()
}

/// Read a quantity from a JSON value: a number (its exact token) or decimal text.
pub fn of_value(v: &Value) -> Option<Decimal> {
    match v {
        Value::Number(n) => parse(&n.to_string()),
        Value::String(s) => parse(s),
        _ => None,
    }
}

/// Plain decimal text with no trailing zeros (`11733`, `0.5`).
pub fn text(d: Decimal) -> String {
    d.normalize().to_string()
}

/// A JSON number holding exactly `d`.
pub fn to_value(d: Decimal) -> Value {
    serde_json::Number::from_str(&text(d))
        .map(Value::Number)
        .unwrap_or_else(|_| Value::String(text(d)))
}

/// A JSON number for a count of serials.
pub fn count_value(n: u128) -> Value {
    serde_json::Number::from_str(&n.to_string())
        .map(Value::Number)
        .unwrap_or_else(|_| Value::String(n.to_string()))
}

/// A count of serials as a decimal (counts beyond 96 bits do not occur: serials are `u64`).
pub fn of_count(n: u128) -> Decimal {
    Decimal::from_str_exact(&n.to_string()).unwrap_or(Decimal::MAX)
}

/// The `f64` that is exactly `d`, if there is one whose shortest text reads back as `d`.
/// `0.1` qualifies (Excel and every reader show it as 0.1); `12345678901234567.8` does not.
pub fn f64_exactly(d: Decimal) -> Option<f64> {
    let t = text(d);
    let f: f64 = t.parse().ok()?;
    if !f.is_finite() {
        return None;
    }
    (parse(&f64_text(f)?) == Some(d.normalize())).then_some(f)
}

/// The shortest decimal text that reads back as `f` (what a spreadsheet cell holds).
pub fn f64_text(f: f64) -> Option<String> {
    if !f.is_finite() {
        return None;
    }
    // Rust's `Display` for f64 is the shortest round-trip representation, never exponent form.
    Some(format!("{f}"))
}

/// True when `v = prod / w` is exact: it multiplies back and did not run out of digits
/// (a quotient that fills all 28 digits was rounded, even if it multiplies back).
pub fn exact_quotient(v: Decimal, w: Decimal, prod: Decimal) -> bool {
    v.normalize().mantissa().unsigned_abs().to_string().len() < 28 && v.checked_mul(w) == Some(prod)
}

/// `part / whole × q`, exactly when possible; otherwise rounded to `q`'s decimal places
/// plus six, and `false`.
pub fn prorate(q: Decimal, part: u128, whole: u128) -> (Decimal, bool) {
    if part == whole {
        return (q, true);
    }
    let (p, w) = (of_count(part), of_count(whole));
    let Some(prod) = q.checked_mul(p) else {
        return (q, false);
    };
    let Some(v) = prod.checked_div(w) else {
        return (q, false);
    };
    if exact_quotient(v, w, prod) {
        (v.normalize(), true)
    } else {
        (v.round_dp(q.scale() + 6).normalize(), false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_exactly() {
        assert_eq!(parse("11733").map(text).as_deref(), Some("11733"));
        assert_eq!(parse("1e3").map(text).as_deref(), Some("1000"));
        assert_eq!(parse("0.10").map(text).as_deref(), Some("0.1"));
        assert_eq!(parse("1e40"), None);
        assert_eq!(parse("abc"), None);
    }

    #[test]
    fn floats_only_when_exact() {
        assert_eq!(f64_exactly(Decimal::new(1, 1)), Some(0.1));
        assert_eq!(f64_exactly(Decimal::from(11733)), Some(11733.0));
        assert_eq!(f64_exactly(Decimal::from(9_007_199_254_740_993u64)), None);
        assert_eq!(
            f64_exactly(parse("12345678901234567.8").unwrap_or_default()),
            None
        );
    }

    #[test]
    fn prorates() {
        assert_eq!(prorate(Decimal::from(10), 2, 4), (Decimal::from(5), true));
        let (v, exact) = prorate(Decimal::from(10), 1, 3);
        assert!(!exact);
        assert_eq!(text(v), "3.333333");
    }
}
