//! One pass over a parsed document before the schema sees it.
//!
//! - "Not applicable" is written three ways in Article 6 data: a missing key,
//!   `null`, or the string `"NA"` (plus the empty string a cleared form field
//!   leaves). Object members holding any of these are removed, so schemas state
//!   "required" and "must be empty" once instead of allowing `NA` everywhere.
//! - Numbers that `rust_decimal` cannot hold exactly get a `number-out-of-range`
//!   finding instead of being rounded later.

use crate::decimal::{Decimal, MAX_EXACT_DIGITS};
use crate::findings::{Finding, Severity};
use crate::json::escape_token;
use serde_json::Value;

/// Normalise `doc` in place; returns findings about numbers that cannot be held exactly.
pub fn normalize(doc: &mut Value, not_applicable: &[String]) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut path = String::new();
    walk(doc, not_applicable, &mut path, &mut findings);
    findings
}

/// True when a value means "not applicable".
pub fn is_not_applicable(v: &Value, not_applicable: &[String]) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty() || not_applicable.iter().any(|na| na == s),
        _ => false,
    }
}

fn walk(v: &mut Value, na: &[String], path: &mut String, out: &mut Vec<Finding>) {
    match v {
        Value::Object(map) => {
            map.retain(|_, child| !is_not_applicable(child, na));
            for (k, child) in map.iter_mut() {
                if matches!(child, Value::Object(_) | Value::Array(_) | Value::Number(_)) {
                    let len = path.len();
                    path.push('/');
                    path.push_str(&escape_token(k));
                    walk(child, na, path, out);
                    path.truncate(len);
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter_mut().enumerate() {
                if matches!(child, Value::Object(_) | Value::Array(_) | Value::Number(_)) {
                    let len = path.len();
                    path.push('/');
                    path.push_str(&i.to_string());
                    walk(child, na, path, out);
                    path.truncate(len);
                }
            }
        }
        Value::Number(n) => {
            let text = n.to_string();
            if Decimal::parse(&text).is_some_and(|d| !d.fits_exact()) {
                out.push(
                    Finding::new("number-out-of-range", Severity::Error, path.clone())
                        .arg("value", Value::Number(n.clone()))
                        .arg("count", MAX_EXACT_DIGITS),
                );
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strips_not_applicable_and_flags_huge_numbers() {
        let mut doc = crate::json::parse(
            r#"{"a": "NA", "b": null, "c": "", "d": "x", "e": [{"f": "NA", "q": 1e40}], "g": 12.5}"#,
        )
        .expect("json")
        .value;
        let f = normalize(&mut doc, &["NA".to_owned()]);
        assert_eq!(doc, json!({"d": "x", "e": [{"q": 1e40}], "g": 12.5}));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].pointer, "/e/0/q");
        assert_eq!(f[0].code, "number-out-of-range");
    }
}
