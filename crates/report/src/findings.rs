//! Findings of the report operations, in the shape of the JSON contract
//! (`{code, severity, pointer, message, args}`), built on `a6check_core::Finding`.
//!
//! The engine renders its messages from the bundle's catalogs; the report operations
//! say theirs in English here, with every value a program needs in `args`.

use a6check_core::{Finding, Report, Severity};
use serde_json::{Map, Value};

/// A finding with its English message.
pub fn finding(
    code: &str,
    severity: Severity,
    pointer: impl Into<String>,
    message: impl Into<String>,
) -> Finding {
    let mut f = Finding::new(code, severity, pointer);
    f.message = message.into();
    f
}

/// The findings object of the contract: `{"valid", "findings"}`.
pub fn report_value(findings: &[Finding]) -> Value {
    let report = Report {
        findings: findings.to_vec(),
        unreadable: false,
    };
    parse_json(&report.to_json())
}

/// True when no finding is an error.
pub fn valid(findings: &[Finding]) -> bool {
    !findings.iter().any(|f| f.severity == Severity::Error)
}

/// Parse JSON text we produced ourselves (exact numbers kept); `Null` if it is not JSON.
pub fn parse_json(text: &str) -> Value {
    a6check_core::json::parse(text)
        .map(|p| p.value)
        .unwrap_or(Value::Null)
}

/// Combine named findings objects: `{"valid": all valid, name: {...}, ...}`.
pub fn combined(parts: &[(&str, Value)]) -> Value {
    let mut m = Map::new();
    let all = parts
        .iter()
        .all(|(_, v)| v.get("valid").and_then(Value::as_bool).unwrap_or(true));
    m.insert("valid".into(), Value::Bool(all));
    for (k, v) in parts {
        m.insert((*k).to_owned(), v.clone());
    }
    Value::Object(m)
}

/// RFC 6901 pointer of `key` under `base`.
pub fn pointer(base: &str, key: impl std::fmt::Display) -> String {
    let k = key.to_string().replace('~', "~0").replace('/', "~1");
    format!("{base}/{k}")
}

/// Exit status of the CLI for a findings object: 0 valid, 1 with an error.
pub fn exit_status(findings: &Value) -> u8 {
    if findings
        .get("valid")
        .and_then(Value::as_bool)
        .unwrap_or(false)
    {
        0
    } else {
        1
    }
}
