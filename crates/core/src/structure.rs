//! Structure checks: JSON Schema 2020-12 through the `jsonschema` crate, with
//! a6check's own keywords, and the mapping of its borrowed errors to owned findings.
//!
//! Keywords a6check takes over or adds (all compile-time registered, no `eval`):
//! - `multipleOf`, `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`:
//!   decided on the number's exact digits ([`crate::decimal`]), never through `f64`.
//! - `x-a6-finding`: `{"code", "severity"?, "message"?}`; any value present where this
//!   subschema applies is a finding with that code (`not-applicable`, `carp-populated`).

use crate::decimal::Decimal;
use crate::findings::{Finding, Severity};
use crate::json::escape_token;
use jsonschema::error::ValidationErrorKind;
use jsonschema::paths::Location;
use jsonschema::{Keyword, Registry, ValidationError, Validator};
use serde_json::{json, Map, Value};
use std::cmp::Ordering;

/// Base URI under which bundle files are registered; `.invalid` never resolves.
pub const BUNDLE_BASE: &str = "https://bundle.a6check.invalid/";

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
/// turns the numeric keywords off. Numbers are still exact. Used by the conformance
/// suite and `SchemaValidator`.
pub fn compile_standard(
    schema: &Value,
    resources: &[(String, Value)],
    assert_formats: bool,
) -> Result<Validator, String> {
    build(schema, None, resources, assert_formats)
}

const VALIDATION_VOCABULARY: &str = "https://json-schema.org/draft/2020-12/vocab/validation";

/// False when the schema's metaschema (a registered resource) declares vocabularies
/// without the validation one: its numeric keywords are then not assertions.
fn uses_validation_vocabulary(schema: &Value, resources: &[(String, Value)]) -> bool {
    let Some(meta_uri) = schema.get("$schema").and_then(Value::as_str) else {
        return true;
    };
    let meta_uri = meta_uri.trim_end_matches('#');
    let Some((_, meta)) = resources
        .iter()
        .find(|(u, _)| u.trim_end_matches('#') == meta_uri)
    else {
        return true;
    };
    match meta.get("$vocabulary").and_then(Value::as_object) {
        Some(vocabs) => vocabs.contains_key(VALIDATION_VOCABULARY),
        None => true,
    }
}

fn build(
    schema: &Value,
    base_uri: Option<&str>,
    resources: &[(String, Value)],
    assert_formats: bool,
) -> Result<Validator, String> {
    let mut registry = Registry::new();
    for (uri, contents) in resources {
        registry = registry
            .add(uri.as_str(), contents.clone())
            .map_err(|e| e.to_string())?;
    }
    let registry = registry.prepare().map_err(|e| e.to_string())?;
    let exact = uses_validation_vocabulary(schema, resources);
    let mut opts = options(assert_formats, exact).with_registry(&registry);
    if let Some(base) = base_uri {
        opts = opts.with_base_uri(base);
    }
    opts.build(schema).map_err(|e| e.to_string())
}

/// The validation options: 2020-12, offline, a6check's keywords. `exact_numbers` swaps
/// in the exact-decimal numeric keywords (off only when the validation vocabulary is).
pub fn options(
    assert_formats: bool,
    exact_numbers: bool,
) -> jsonschema::ValidationOptions<'static> {
    let mut o = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .offline()
        .with_keyword("x-a6-finding", |_, v, _| {
            Ok(Box::new(FindingKeyword::new(v)?))
        });
    if assert_formats {
        o = o.should_validate_formats(true);
    }
    if exact_numbers {
        o = o
            .with_keyword("multipleOf", |_, v, _| {
                Ok(Box::new(NumberCheck::new(Bound::MultipleOf, v)?))
            })
            .with_keyword("minimum", |_, v, _| {
                Ok(Box::new(NumberCheck::new(Bound::Minimum, v)?))
            })
            .with_keyword("maximum", |_, v, _| {
                Ok(Box::new(NumberCheck::new(Bound::Maximum, v)?))
            })
            .with_keyword("exclusiveMinimum", |_, v, _| {
                Ok(Box::new(NumberCheck::new(Bound::ExclusiveMinimum, v)?))
            })
            .with_keyword("exclusiveMaximum", |_, v, _| {
                Ok(Box::new(NumberCheck::new(Bound::ExclusiveMaximum, v)?))
            });
    }
    o
}

#[derive(Clone, Copy)]
enum Bound {
    MultipleOf,
    Minimum,
    Maximum,
    ExclusiveMinimum,
    ExclusiveMaximum,
}

impl Bound {
    fn code(self) -> &'static str {
        match self {
            Bound::MultipleOf => "multiple-of",
            Bound::Minimum => "minimum",
            Bound::Maximum => "maximum",
            Bound::ExclusiveMinimum => "exclusive-minimum",
            Bound::ExclusiveMaximum => "exclusive-maximum",
        }
    }
}

struct NumberCheck {
    bound: Bound,
    limit: Decimal,
    limit_text: Value,
}

impl NumberCheck {
    fn new(bound: Bound, v: &Value) -> Result<NumberCheck, ValidationError<'static>> {
        let limit = match v {
            Value::Number(n) => Decimal::parse(&n.to_string()),
            _ => None,
        }
        .ok_or_else(|| ValidationError::custom(format!("{} must be a number", bound.code())))?;
        if matches!(bound, Bound::MultipleOf)
            && (limit <= Decimal::parse("0").unwrap_or(limit.clone()))
        {
            return Err(ValidationError::custom("multipleOf must be greater than 0"));
        }
        Ok(NumberCheck {
            bound,
            limit,
            limit_text: v.clone(),
        })
    }

    fn holds(&self, n: &Decimal) -> bool {
        match self.bound {
            Bound::MultipleOf => n.is_multiple_of(&self.limit),
            Bound::Minimum => n.cmp(&self.limit) != Ordering::Less,
            Bound::Maximum => n.cmp(&self.limit) != Ordering::Greater,
            Bound::ExclusiveMinimum => n.cmp(&self.limit) == Ordering::Greater,
            Bound::ExclusiveMaximum => n.cmp(&self.limit) == Ordering::Less,
        }
    }
}

fn number_of(instance: &Value) -> Option<Decimal> {
    match instance {
        Value::Number(n) => Decimal::parse(&n.to_string()),
        _ => None,
    }
}

impl<'i> Keyword<'i> for NumberCheck {
    fn validate(&self, instance: &'i Value) -> Result<(), ValidationError<'i>> {
        if self.is_valid(instance) {
            return Ok(());
        }
        Err(ValidationError::custom(
            json!({"code": self.bound.code(), "args": {"limit": self.limit_text}}).to_string(),
        ))
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        number_of(instance).is_none_or(|n| self.holds(&n))
    }
}

struct FindingKeyword {
    spec: Value,
}

impl FindingKeyword {
    fn new(v: &Value) -> Result<FindingKeyword, ValidationError<'static>> {
        let ok = v
            .get("code")
            .and_then(Value::as_str)
            .is_some_and(|c| !c.is_empty())
            && v.get("severity")
                .is_none_or(|s| s.as_str().and_then(Severity::parse).is_some());
        if !ok {
            return Err(ValidationError::custom(
                "x-a6-finding must be an object with a non-empty \"code\" and an optional \"severity\" of error, warning or info",
            ));
        }
        Ok(FindingKeyword { spec: v.clone() })
    }
}

impl<'i> Keyword<'i> for FindingKeyword {
    fn validate(&self, _instance: &'i Value) -> Result<(), ValidationError<'i>> {
        Err(ValidationError::custom(self.spec.to_string()))
    }

    fn is_valid(&self, _instance: &'i Value) -> bool {
        false
    }
}

/// Run the validator and turn every error into an owned finding (message not yet rendered).
pub fn check(validator: &Validator, doc: &Value, schema: &Value) -> Vec<Finding> {
    let mut out = Vec::new();
    // Past the report's cap the rest would be dropped anyway: stop early, so a
    // million bad rows cost what ten thousand do.
    for err in validator.iter_errors(doc).take(crate::MAX_FINDINGS + 1) {
        let before = out.len();
        map_error(&err, &mut out);
        if let Some(f) = out.get_mut(before) {
            if f.code == "conditional-required" {
                if let Some(key) = message_hint(schema, err.schema_path()) {
                    f.message_key = key;
                }
            }
        }
    }
    out
}

/// The `x-a6-message` beside a failing keyword (e.g. on a `then` holding `required`),
/// which names a more specific message than the keyword's generic one.
fn message_hint(schema: &Value, keyword_location: &Location) -> Option<String> {
    let path = keyword_location.as_str();
    let parent = &path[..path.rfind('/')?];
    schema
        .pointer(parent)?
        .get("x-a6-message")?
        .as_str()
        .map(str::to_owned)
}

fn is_conditional(eval_path: &Location) -> bool {
    let p = eval_path.as_str();
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

fn map_error(err: &ValidationError<'_>, out: &mut Vec<Finding>) {
    let pointer = err.instance_path().as_str().to_owned();
    let instance = err.instance();
    let with_value = |f: Finding| match scalar_arg(instance) {
        Some(v) => f.arg("value", v),
        None => f,
    };
    let finding = match err.kind() {
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            let code = if is_conditional(err.evaluation_path()) {
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
        ValidationErrorKind::Enum { options } => {
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
        ValidationErrorKind::Type { kind } => {
            let expected = match kind {
                jsonschema::error::TypeKind::Single(t) => t.to_string(),
                jsonschema::error::TypeKind::Multiple(ts) => ts
                    .iter()
                    .map(|t| t.to_string())
                    .collect::<Vec<_>>()
                    .join(" or "),
            };
            let mut f = with_value(Finding::new("wrong-type", Severity::Error, pointer.clone()));
            if let jsonschema::error::TypeKind::Single(t) = kind {
                f.message_key = format!("wrong-type.{t}");
            }
            f.arg("expected", expected)
        }
        ValidationErrorKind::Pattern { pattern } => {
            with_value(Finding::new("format", Severity::Error, pointer.clone()))
                .arg("pattern", pattern.as_str())
        }
        ValidationErrorKind::Format { format } => {
            with_value(Finding::new("format", Severity::Error, pointer.clone()))
                .arg("format", format.as_str())
        }
        ValidationErrorKind::Constant { expected_value } => {
            with_value(Finding::new("const", Severity::Error, pointer.clone()))
                .arg("expected", (**expected_value).clone())
        }
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
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
        ValidationErrorKind::Custom { message, .. } => custom_finding(message, &pointer, instance),
        ValidationErrorKind::MinItems { limit } => {
            Finding::new("min-items", Severity::Error, pointer.clone()).arg("count", *limit)
        }
        ValidationErrorKind::MaxItems { limit } => {
            Finding::new("max-items", Severity::Error, pointer.clone()).arg("count", *limit)
        }
        ValidationErrorKind::MinLength { limit } => {
            with_value(Finding::new("min-length", Severity::Error, pointer.clone()))
                .arg("count", *limit)
        }
        ValidationErrorKind::MaxLength { limit } => {
            Finding::new("max-length", Severity::Error, pointer.clone()).arg("count", *limit)
        }
        ValidationErrorKind::MinProperties { limit } => {
            Finding::new("min-properties", Severity::Error, pointer.clone()).arg("count", *limit)
        }
        ValidationErrorKind::MaxProperties { limit } => {
            Finding::new("max-properties", Severity::Error, pointer.clone()).arg("count", *limit)
        }
        ValidationErrorKind::UniqueItems => {
            Finding::new("unique-items", Severity::Error, pointer.clone())
        }
        ValidationErrorKind::FalseSchema => with_value(Finding::new(
            "not-allowed",
            Severity::Error,
            pointer.clone(),
        )),
        ValidationErrorKind::Referencing(e) => {
            Finding::new("unresolvable-ref", Severity::Error, pointer.clone())
                .arg("detail", e.to_string())
        }
        other => {
            // Keywords with no dedicated wording: the kebab-case keyword is the code.
            Finding::new(&kebab(other.keyword()), Severity::Error, pointer.clone())
                .arg("detail", err.to_string())
        }
    };
    out.push(finding);
}

fn custom_finding(message: &str, pointer: &str, instance: &Value) -> Finding {
    let spec: Map<String, Value> = serde_json::from_str(message).unwrap_or_default();
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
