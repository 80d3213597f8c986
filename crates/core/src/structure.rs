//! Structure checks: JSON Schema 2020-12 through a6check's own validator
//! ([`a6check_schema`]), and the mapping of its borrowed errors to owned findings.
//!
//! What the validator does that a6check relies on:
//! - `multipleOf`, `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum` are
//!   decided on the number's exact digits ([`crate::decimal`]), never through `f64`.
//! - `x-a6-finding`: `{"code", "severity"?, "message"?, "args"?}`; any value present where
//!   this subschema applies is a finding with that code (`not-applicable`, `carp-populated`).

use crate::findings::{Finding, Severity};
use crate::json::escape_token;
use a6check_schema::{Error, ErrorKind, Options};
use serde_json::{Map, Value};

/// The compiled schema type, re-exported so that callers need not name the crate.
pub use a6check_schema::Validator;

/// Base URI under which bundle files are registered; `.invalid` never resolves.
pub const BUNDLE_BASE: &str = "https://bundle.a6check.invalid/";

/// The keyword that turns any value where it applies into a finding.
const FINDING_KEYWORD: &str = "x-a6-finding";

/// Compile a bundle schema: a6check's keywords, formats asserted, resources (URI →
/// schema) served from memory. With no `base_uri`, relative references resolve
/// against `json-schema:///`.
pub fn compile(
    schema: &Value,
    base_uri: Option<&str>,
    resources: &[(String, Value)],
) -> Result<Validator, String> {
    build(schema, base_uri, resources, true)
}

/// Compile a plain JSON Schema 2020-12 the way the specification reads it: `format` is
/// an annotation unless `assert_formats` (or the metaschema's format-assertion
/// vocabulary) says otherwise, and a metaschema without the validation vocabulary
/// turns the validation keywords off. Numbers are still exact. Used by the conformance
/// suite and `SchemaValidator`.
pub fn compile_standard(
    schema: &Value,
    resources: &[(String, Value)],
    assert_formats: bool,
) -> Result<Validator, String> {
    build(schema, None, resources, assert_formats)
}

fn build(
    schema: &Value,
    base_uri: Option<&str>,
    resources: &[(String, Value)],
    assert_formats: bool,
) -> Result<Validator, String> {
    let mut opts = Options::new()
        .assert_formats(assert_formats)
        .finding_keyword(FINDING_KEYWORD);
    if let Some(base) = base_uri {
        opts = opts.base_uri(base);
    }
    for (uri, contents) in resources {
        opts = opts.resource(uri, contents);
    }
    opts.compile(schema).map_err(|e| e.to_string())
}

/// Run the validator and turn every error into an owned finding (message not yet rendered).
pub fn check(validator: &Validator, doc: &Value, schema: &Value) -> Vec<Finding> {
    let mut out = Vec::new();
    // Past the report's cap the rest would be dropped anyway: stop early, so a
    // million bad rows cost what ten thousand do.
    for err in validator.errors(doc, crate::MAX_FINDINGS + 1) {
        let before = out.len();
        map_error(&err, &mut out);
        if let Some(f) = out.get_mut(before) {
            if f.code == "conditional-required" {
                if let Some(key) = message_hint(schema, &err.schema_path) {
                    f.message_key = key;
                }
            }
        }
    }
    out
}

/// The `x-a6-message` beside a failing keyword (e.g. on a `then` holding `required`),
/// which names a more specific message than the keyword's generic one.
fn message_hint(schema: &Value, path: &str) -> Option<String> {
    let parent = &path[..path.rfind('/')?];
    schema
        .pointer(parent)?
        .get("x-a6-message")?
        .as_str()
        .map(str::to_owned)
}

fn is_conditional(p: &str) -> bool {
    [
        "/then/",
        "/else/",
        "/dependentRequired/",
        "/dependentSchemas/",
    ]
    .iter()
    .any(|k| p.contains(k))
}

/// The offending value for the message: scalars as they are, lists and objects as
/// short JSON text (a whole table would not help anyone).
fn scalar_arg(v: &Value) -> Option<Value> {
    match v {
        Value::Object(_) | Value::Array(_) => {
            let text = v.to_string();
            Some(Value::String(if text.chars().count() > 80 {
                text.chars().take(79).chain(['…']).collect()
            } else {
                text
            }))
        }
        other => Some(other.clone()),
    }
}

fn map_error(err: &Error<'_>, out: &mut Vec<Finding>) {
    let pointer = err.instance_path.clone();
    let instance = err.instance;
    let with_value = |f: Finding| match scalar_arg(instance) {
        Some(v) => f.arg("value", v),
        None => f,
    };
    // The exact-number keywords: code, the offending value, then the limit as written.
    let bound = |code: &str, limit: &Value| {
        with_value(Finding::new(code, Severity::Error, pointer.clone())).arg("limit", limit.clone())
    };
    let finding = match &err.kind {
        ErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            let code = if is_conditional(&err.evaluation_path) {
                "conditional-required"
            } else {
                "required"
            };
            Finding::new(
                code,
                Severity::Error,
                format!("{pointer}/{}", escape_token(name)),
            )
        }
        ErrorKind::Enum { options } => {
            let mut f = with_value(Finding::new(
                "unknown-controlled-value",
                Severity::Error,
                pointer.clone(),
            ));
            if let (Some(given), Some(opts)) = (instance.as_str(), options.as_array()) {
                if let Some(s) = crate::suggest::closest(given, opts) {
                    f = f.arg("suggestion", s);
                    f.message_key = "unknown-controlled-value.suggest".into();
                }
            }
            f
        }
        ErrorKind::Type { expected } => {
            let names: Vec<&str> = expected.names().collect();
            let mut f = with_value(Finding::new("wrong-type", Severity::Error, pointer.clone()));
            if let [one] = names[..] {
                f.message_key = format!("wrong-type.{one}");
            }
            f.arg("expected", names.join(" or "))
        }
        ErrorKind::Pattern { pattern } => {
            with_value(Finding::new("format", Severity::Error, pointer.clone()))
                .arg("pattern", (*pattern).clone())
        }
        ErrorKind::Format { format } => {
            with_value(Finding::new("format", Severity::Error, pointer.clone()))
                .arg("format", (*format).clone())
        }
        ErrorKind::Const { expected } => {
            with_value(Finding::new("const", Severity::Error, pointer.clone()))
                .arg("expected", (*expected).clone())
        }
        ErrorKind::AdditionalProperties { unexpected }
        | ErrorKind::UnevaluatedProperties { unexpected } => {
            for name in unexpected {
                out.push(
                    Finding::new(
                        "unknown-field",
                        Severity::Error,
                        format!("{pointer}/{}", escape_token(name)),
                    )
                    .arg("name", name.clone()),
                );
            }
            return;
        }
        ErrorKind::Finding { spec, .. } => custom_finding(spec, &pointer, instance),
        ErrorKind::Minimum { limit } => bound("minimum", limit),
        ErrorKind::Maximum { limit } => bound("maximum", limit),
        ErrorKind::ExclusiveMinimum { limit } => bound("exclusive-minimum", limit),
        ErrorKind::ExclusiveMaximum { limit } => bound("exclusive-maximum", limit),
        ErrorKind::MultipleOf { multiple_of } => bound("multiple-of", multiple_of),
        ErrorKind::MinItems { limit } => {
            Finding::new("min-items", Severity::Error, pointer.clone()).arg("count", *limit)
        }
        ErrorKind::MaxItems { limit } => {
            Finding::new("max-items", Severity::Error, pointer.clone()).arg("count", *limit)
        }
        ErrorKind::MinLength { limit } => {
            with_value(Finding::new("min-length", Severity::Error, pointer.clone()))
                .arg("count", *limit)
        }
        ErrorKind::MaxLength { limit } => {
            Finding::new("max-length", Severity::Error, pointer.clone()).arg("count", *limit)
        }
        ErrorKind::MinProperties { limit } => {
            Finding::new("min-properties", Severity::Error, pointer.clone()).arg("count", *limit)
        }
        ErrorKind::MaxProperties { limit } => {
            Finding::new("max-properties", Severity::Error, pointer.clone()).arg("count", *limit)
        }
        ErrorKind::UniqueItems => Finding::new("unique-items", Severity::Error, pointer.clone()),
        ErrorKind::FalseSchema => with_value(Finding::new(
            "not-allowed",
            Severity::Error,
            pointer.clone(),
        )),
        ErrorKind::RecursionLimit => {
            Finding::new("unresolvable-ref", Severity::Error, pointer.clone())
                .arg("detail", err.to_string())
        }
        other => {
            // Keywords with no dedicated wording: the kebab-case keyword is the code.
            Finding::new(&kebab(other.keyword()), Severity::Error, pointer.clone())
                .arg("detail", err.to_string())
        }
    };
    out.push(finding);
}

fn custom_finding(spec: &Value, pointer: &str, instance: &Value) -> Finding {
    let empty = Map::new();
    let spec = spec.as_object().unwrap_or(&empty);
    let code = spec
        .get("code")
        .and_then(Value::as_str)
        .unwrap_or("custom")
        .to_owned();
    let severity = spec
        .get("severity")
        .and_then(Value::as_str)
        .and_then(Severity::parse)
        .unwrap_or(Severity::Error);
    let mut f = Finding::new(&code, severity, pointer);
    if let Some(key) = spec.get("message").and_then(Value::as_str) {
        f.message_key = key.to_owned();
    }
    if let Some(v) = scalar_arg(instance) {
        f = f.arg("value", v);
    }
    if let Some(Value::Object(args)) = spec.get("args") {
        for (k, v) in args {
            f.args.insert(k.clone(), v.clone());
        }
    }
    f
}

fn kebab(keyword: &str) -> String {
    let mut out = String::with_capacity(keyword.len() + 4);
    for c in keyword.chars() {
        if c.is_ascii_uppercase() {
            out.push('-');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}
