//! Shared helpers of the report crate's tests.
#![allow(dead_code)]

use serde_json::Value;

/// A fixture's text.
pub fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// An AEF example of the default bundle.
pub fn example(name: &str) -> String {
    let path = format!(
        "{}/../../schemas/examples/aef/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Parse JSON text exactly (numbers keep their digits).
pub fn json(text: &str) -> Value {
    a6check_core::json::parse(text).expect("JSON").value
}

/// `(code, pointer)` of every finding in a findings object.
pub fn codes(findings: &Value) -> Vec<(String, String)> {
    findings["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            (
                f["code"].as_str().unwrap_or_default().to_owned(),
                f["pointer"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// The same document with "not applicable" normalised away (absent, null, "", "NA",
/// empty arrays) and numbers compared by value: the equivalence the JSON contract defines.
pub fn canonical(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(_, c)| !is_na(c))
                .map(|(k, c)| (k.clone(), canonical(c)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(canonical).collect()),
        Value::Number(n) => match a6check_report::num::parse(&n.to_string()) {
            Some(d) => a6check_report::num::to_value(d),
            None => v.clone(),
        },
        _ => v.clone(),
    }
}

fn is_na(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty() || s == "NA",
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}
