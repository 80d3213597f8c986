//! Bundle fixtures: the examples every form must accept and the one-change
//! variants it must reject with exactly the expected codes and pointers.
//!
//! - `examples/<form>/*.json`: valid documents; any finding at all is a failure.
//! - `fixtures/**/*.json`: `{"description", "form", "base" | "document", "patch"?,
//!   "mode"?, "context"?, "expect": [{"code", "pointer", "severity"}]}`. `base` names a bundle file;
//!   `today` (`YYYY-MM-DD`) enables date-in-future checks; `patch` is RFC 6902 (`add`, `remove`, `replace`). `expect` is the exact multiset
//!   of findings (all severities), each with the severity it must have: a rule that became
//!   an error (or a warning that should stay one) fails its fixtures.
//! - `fixtures/reconcile/*.json`: several documents reconciled at once:
//!   `{"description", "form": "reconcile", "documents": [{"name", "base" | "document",
//!   "patch"?, "form"?}], "today"?, "expect": [{"code", "document", "pointer",
//!   "severity"}]}` — `expect` is the exact multiset of all findings, each document's
//!   own included, `document` being the input's `name`.

use crate::bundle::Files;
use crate::{Engine, Mode, Options};
use serde_json::Value;

/// A finding as a fixture names it: (code, pointer, severity).
pub type Expected = (String, String, String);

/// One fixture's outcome.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Bundle path of the fixture or example.
    pub path: String,
    /// Form it was checked as.
    pub form: String,
    /// `(code, pointer, severity)` expected but not reported.
    pub missing: Vec<Expected>,
    /// `(code, pointer, severity)` reported but not expected.
    pub unexpected: Vec<Expected>,
    /// The fixture itself is broken (bad patch, unknown base, ...).
    pub broken: Option<String>,
    /// Codes reported (for rule coverage).
    pub reported: Vec<String>,
    /// Codes expected (for rule coverage).
    pub expected: Vec<String>,
}

impl Outcome {
    /// True when the engine did exactly what the fixture expects.
    pub fn passed(&self) -> bool {
        self.broken.is_none() && self.missing.is_empty() && self.unexpected.is_empty()
    }
}

/// Run every example and fixture in `files` through `engine`.
pub fn run_all(engine: &Engine, files: &Files) -> Vec<Outcome> {
    let mut out = Vec::new();
    for (path, value) in files {
        if let Some(rest) = path.strip_prefix("examples/") {
            let Some((form, _)) = rest.split_once('/') else {
                continue;
            };
            out.push(check(engine, path, form, value, &Options::default(), &[]));
        } else if path.starts_with("fixtures/")
            && value.get("form").and_then(Value::as_str) == Some("reconcile")
        {
            out.push(run_reconcile(engine, files, path, value));
        } else if path.starts_with("fixtures/") {
            out.push(run_fixture(engine, files, path, value));
        }
    }
    out
}

/// The document a fixture describes (base + patch, or inline), for other runners.
pub fn document(files: &Files, fixture: &Value) -> Result<Value, String> {
    let mut doc = match (fixture.get("document"), fixture.get("base")) {
        (Some(d), _) => d.clone(),
        (None, Some(Value::String(base))) => files
            .get(base)
            .cloned()
            .ok_or_else(|| format!("base {base:?} is not a file of the bundle"))?,
        _ => return Err("needs \"document\" or \"base\"".into()),
    };
    if let Some(patch) = fixture.get("patch") {
        let Value::Array(ops) = patch else {
            return Err("\"patch\" must be an array".into());
        };
        for (i, op) in ops.iter().enumerate() {
            apply(&mut doc, op).map_err(|e| format!("patch operation {i}: {e}"))?;
        }
    }
    Ok(doc)
}

/// A reconcile fixture: its documents reconciled, findings compared as
/// (code, `document pointer`, severity).
fn run_reconcile(engine: &Engine, files: &Files, path: &str, fixture: &Value) -> Outcome {
    let mut outcome = Outcome {
        path: path.to_owned(),
        form: "reconcile".into(),
        missing: vec![],
        unexpected: vec![],
        broken: None,
        reported: vec![],
        expected: vec![],
    };
    let Some(Value::Array(docs)) = fixture.get("documents") else {
        outcome.broken = Some("needs a \"documents\" array".into());
        return outcome;
    };
    let mut inputs = Vec::new();
    for (i, d) in docs.iter().enumerate() {
        let Some(name) = d.get("name").and_then(Value::as_str) else {
            outcome.broken = Some(format!("documents/{i} needs a \"name\""));
            return outcome;
        };
        let text = match d.get("text").and_then(Value::as_str) {
            Some(t) => t.to_owned(),
            None => match document(files, d) {
                Ok(v) => v.to_string(),
                Err(e) => {
                    outcome.broken = Some(format!("documents/{i}: {e}"));
                    return outcome;
                }
            },
        };
        inputs.push(Ok(crate::reconcile::Input {
            name: name.to_owned(),
            form: d.get("form").and_then(Value::as_str).map(str::to_owned),
            text,
        }));
    }
    let mut opts = Options::default();
    if let Some(t) = fixture.get("today").and_then(Value::as_str) {
        opts.today = Some(t.to_owned());
    }
    let Some(Value::Array(expect)) = fixture.get("expect") else {
        outcome.broken = Some("needs an \"expect\" array".into());
        return outcome;
    };
    let mut expected = Vec::new();
    for e in expect {
        let field = |k: &str| e.get(k).and_then(Value::as_str);
        match (
            field("code"),
            field("document"),
            field("pointer"),
            field("severity"),
        ) {
            (Some(c), Some(d), Some(p), Some(s)) => {
                expected.push((c.to_owned(), format!("{d} {p}"), s.to_owned()))
            }
            _ => {
                outcome.broken = Some(
                    "each expectation needs \"code\", \"document\", \"pointer\" and \"severity\""
                        .into(),
                );
                return outcome;
            }
        }
    }
    outcome.expected = expected.iter().map(|(c, _, _)| c.clone()).collect();
    let result = match engine.reconcile(inputs, &opts) {
        Ok(r) => r,
        Err(e) => {
            outcome.broken = Some(e.to_string());
            return outcome;
        }
    };
    let mut got: Vec<Expected> = result
        .findings
        .iter()
        .map(|f| {
            let name = &result.documents[f.document].name;
            (
                f.finding.code.clone(),
                format!("{name} {}", f.finding.pointer),
                f.finding.severity.as_str().to_owned(),
            )
        })
        .collect();
    outcome.reported = got.iter().map(|(c, _, _)| c.clone()).collect();
    for e in expected {
        if let Some(i) = got.iter().position(|g| *g == e) {
            got.swap_remove(i);
        } else {
            outcome.missing.push(e);
        }
    }
    outcome.unexpected = got;
    outcome
}

fn run_fixture(engine: &Engine, files: &Files, path: &str, fixture: &Value) -> Outcome {
    let broken = |msg: String| Outcome {
        path: path.to_owned(),
        form: String::new(),
        missing: vec![],
        unexpected: vec![],
        broken: Some(msg),
        reported: vec![],
        expected: vec![],
    };
    let Some(form) = fixture.get("form").and_then(Value::as_str) else {
        return broken("needs a \"form\"".into());
    };
    let doc = match document(files, fixture) {
        Ok(d) => d,
        Err(e) => return broken(e),
    };
    let mut opts = Options::default();
    if let Some(m) = fixture.get("mode").and_then(Value::as_str) {
        match Mode::parse(m) {
            Some(mode) => opts.mode = mode,
            None => return broken(format!("unknown mode {m:?}")),
        }
    }
    if let Some(t) = fixture.get("today").and_then(Value::as_str) {
        opts.today = Some(t.to_owned());
    }
    if let Some(ctx) = fixture.get("context") {
        opts.context = Some(ctx.to_string());
    }
    let Some(Value::Array(expect)) = fixture.get("expect") else {
        return broken("needs an \"expect\" array".into());
    };
    let mut expected = Vec::new();
    for e in expect {
        match (
            e.get("code").and_then(Value::as_str),
            e.get("pointer").and_then(Value::as_str),
            e.get("severity").and_then(Value::as_str),
        ) {
            (Some(c), Some(p), Some(s)) if crate::Severity::parse(s).is_some() => {
                expected.push((c.to_owned(), p.to_owned(), s.to_owned()))
            }
            _ => {
                return broken(
                    "each expectation needs \"code\", \"pointer\" and \"severity\" (error, warning or info)"
                        .into(),
                )
            }
        }
    }
    check(engine, path, form, &doc, &opts, &expected)
}

fn check(
    engine: &Engine,
    path: &str,
    form: &str,
    doc: &Value,
    opts: &Options,
    expected: &[Expected],
) -> Outcome {
    let mut outcome = Outcome {
        path: path.to_owned(),
        form: form.to_owned(),
        missing: vec![],
        unexpected: vec![],
        broken: None,
        reported: vec![],
        expected: expected.iter().map(|(c, _, _)| c.clone()).collect(),
    };
    let report = match engine.validate(form, &doc.to_string(), opts) {
        Ok(r) => r,
        Err(e) => {
            outcome.broken = Some(e.to_string());
            return outcome;
        }
    };
    let mut got: Vec<Expected> = report
        .findings
        .iter()
        .map(|f| {
            (
                f.code.clone(),
                f.pointer.clone(),
                f.severity.as_str().to_owned(),
            )
        })
        .collect();
    outcome.reported = got.iter().map(|(c, _, _)| c.clone()).collect();
    for e in expected {
        if let Some(i) = got.iter().position(|g| g == e) {
            got.swap_remove(i);
        } else {
            outcome.missing.push(e.clone());
        }
    }
    outcome.unexpected = got;
    outcome
}

fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Apply one RFC 6902 operation (`add`, `remove`, `replace`).
fn apply(doc: &mut Value, op: &Value) -> Result<(), String> {
    let kind = op.get("op").and_then(Value::as_str).ok_or("needs \"op\"")?;
    let path = op
        .get("path")
        .and_then(Value::as_str)
        .ok_or("needs \"path\"")?;
    if path.is_empty() {
        return match kind {
            "add" | "replace" => {
                *doc = op.get("value").cloned().ok_or("needs \"value\"")?;
                Ok(())
            }
            _ => Err("cannot remove the whole document".into()),
        };
    }
    let (parent_ptr, last) = path.rsplit_once('/').ok_or("path must start with /")?;
    let last = unescape(last);
    let parent = doc
        .pointer_mut(parent_ptr)
        .ok_or_else(|| format!("no value at {parent_ptr:?}"))?;
    let value = || op.get("value").cloned().ok_or("needs \"value\"");
    match (kind, parent) {
        ("add", Value::Object(m)) | ("replace", Value::Object(m)) => {
            if kind == "replace" && !m.contains_key(&last) {
                return Err(format!("no member {last:?} to replace"));
            }
            m.insert(last, value()?);
        }
        ("remove", Value::Object(m)) => {
            m.shift_remove(&last)
                .ok_or_else(|| format!("no member {last:?} to remove"))?;
        }
        (k, Value::Array(a)) => {
            let idx = if last == "-" && k == "add" {
                a.len()
            } else {
                last.parse::<usize>()
                    .map_err(|_| format!("bad array index {last:?}"))?
            };
            match k {
                "add" if idx <= a.len() => a.insert(idx, value()?),
                "replace" if idx < a.len() => a[idx] = value()?,
                "remove" if idx < a.len() => {
                    a.remove(idx);
                }
                _ => return Err(format!("index {idx} out of bounds")),
            }
        }
        (k, _) if !matches!(k, "add" | "remove" | "replace") => {
            return Err(format!("unsupported op {k:?} (use add, remove or replace)"))
        }
        _ => return Err(format!("{parent_ptr:?} is not an object or array")),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn patches_apply() {
        let mut d = json!({"a": [1, 2], "b": {"c": 1}});
        apply(
            &mut d,
            &json!({"op": "replace", "path": "/b/c", "value": 2}),
        )
        .expect("replace");
        apply(&mut d, &json!({"op": "add", "path": "/a/-", "value": 3})).expect("add");
        apply(&mut d, &json!({"op": "remove", "path": "/a/0"})).expect("remove");
        apply(
            &mut d,
            &json!({"op": "add", "path": "/x~1y", "value": true}),
        )
        .expect("add key");
        assert_eq!(d, json!({"a": [2, 3], "b": {"c": 2}, "x/y": true}));
        assert!(apply(&mut d, &json!({"op": "replace", "path": "/zz", "value": 1})).is_err());
        assert!(apply(&mut d, &json!({"op": "move", "path": "/a"})).is_err());
    }
}
