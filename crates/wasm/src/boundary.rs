//! The JS boundary: options come in as plain JS objects (or their JSON text), results go
//! out as plain JS objects through serde-wasm-bindgen, and errors are thrown as `Error`s
//! that carry `code` and `args` as well as English text.
//!
//! Numbers leave as their exact decimal text. serde_json's `arbitrary_precision` (on for
//! the whole workspace, so quantities never pass through `f64`) makes a `Number` serialize
//! as a private `{"$serde_json::private::Number": ...}` map through any serializer but
//! serde_json's own, and a JS number would round serials above 2^53. So findings are
//! serialized from typed structs and every number in `args` is a string.

use a6check_core::{Engine, EngineError, Finding, Options, Report, Severity};
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::Serialize;
use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;

/// A JSON value for JS: objects as plain objects, numbers as their exact decimal text.
pub(crate) struct Exact<'a>(pub(crate) &'a Value);

impl Serialize for Exact<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Number(n) => s.serialize_str(&n.to_string()),
            Value::String(t) => s.serialize_str(t),
            Value::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for v in items {
                    seq.serialize_element(&Exact(v))?;
                }
                seq.end()
            }
            Value::Object(m) => ExactMap(m).serialize(s),
        }
    }
}

/// A JSON object for JS, values as [`Exact`].
pub(crate) struct ExactMap<'a>(pub(crate) &'a Map<String, Value>);

impl Serialize for ExactMap<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            map.serialize_entry(k, &Exact(v))?;
        }
        map.end()
    }
}

/// The findings object of the JSON contract (`Report::to_json`), as a typed struct.
#[derive(Serialize)]
struct FindingsOut<'a> {
    valid: bool,
    findings: Vec<FindingOut<'a>>,
}

/// One finding, as the JSON contract writes it.
#[derive(Serialize)]
struct FindingOut<'a> {
    code: &'a str,
    severity: &'static str,
    pointer: &'a str,
    message: &'a str,
    args: ExactMap<'a>,
}

/// `value` as a plain JS value (objects, not `Map`s).
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| thrown("internal", &e.to_string(), &Map::new()))
}

/// A report as the plain findings object `{valid, findings: [{code, severity, pointer,
/// message, args}]}`.
pub(crate) fn report_to_js(report: &Report) -> Result<JsValue, JsValue> {
    let out = FindingsOut {
        valid: report.valid(),
        findings: report
            .findings
            .iter()
            .map(|f| FindingOut {
                code: &f.code,
                severity: f.severity.as_str(),
                pointer: &f.pointer,
                message: &f.message,
                args: ExactMap(&f.args),
            })
            .collect(),
    };
    to_js(&out)
}

/// An `Error` with `message`, and `code` and `args` for programs (and other languages).
pub(crate) fn thrown(code: &str, message: &str, args: &Map<String, Value>) -> JsValue {
    let err = js_sys::Error::new(message);
    let args = to_js(&ExactMap(args)).unwrap_or(JsValue::NULL);
    let _ = js_sys::Reflect::set(&err, &"code".into(), &code.into());
    let _ = js_sys::Reflect::set(&err, &"args".into(), &args);
    err.into()
}

/// An engine error, thrown.
pub(crate) fn engine_error(e: &EngineError) -> JsValue {
    thrown(&e.code, &e.to_string(), &e.args)
}

/// True for `{...}` and `Object.create(null)` from any realm: not arrays, `Map`s, dates
/// or class instances, whose fields a conversion would silently lose.
fn is_plain_object(v: &JsValue) -> bool {
    if !v.is_object() || js_sys::Array::is_array(v) {
        return false;
    }
    let proto = js_sys::Object::get_prototype_of(v);
    proto.is_null() || js_sys::Object::get_prototype_of(&proto).is_null()
}

/// A JSON value from a plain JS object, or from JSON text; `what` names it in errors.
/// `undefined` and `null` are `None`.
pub(crate) fn json_arg(v: &JsValue, what: &str) -> Result<Option<Value>, JsValue> {
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    let bad = |detail: String| {
        let mut args = Map::new();
        args.insert("detail".into(), Value::String(detail.clone()));
        thrown(&format!("bad-{what}"), &format!("{what}: {detail}"), &args)
    };
    if let Some(text) = v.as_string() {
        return a6check_core::json::parse(&text)
            .map(|p| Some(p.value))
            .map_err(|e| bad(format!("not JSON (line {}, column {})", e.line, e.column)));
    }
    if !is_plain_object(v) {
        let kind = v.js_typeof().as_string().unwrap_or_default();
        return Err(bad(format!(
            "expected a plain object or its JSON text, got {}",
            if js_sys::Array::is_array(v) {
                "an array"
            } else if kind == "object" {
                "an object that is not plain (a Map, a class instance, ...)"
            } else {
                kind.as_str()
            }
        )));
    }
    serde_wasm_bindgen::from_value::<Value>(v.clone())
        .map(Some)
        .map_err(|e| bad(e.to_string()))
}

/// Options from a plain JS object, its JSON text, or nothing (the defaults). A language
/// the bundle has no messages for falls back to the default language with an info
/// finding: a page passing `navigator.language` (`de-DE`, `pt`) gets findings, not an
/// exception.
pub(crate) fn options(engine: &Engine, v: &JsValue) -> Result<(Options, Option<Finding>), JsValue> {
    let mut opts = match json_arg(v, "options")? {
        None => Options::default(),
        Some(value) => Options::from_value(value).map_err(|e| engine_error(&e))?,
    };
    let note = fallback_language(engine, &mut opts);
    Ok((opts, note))
}

/// Drop an unknown `lang` for the default one; the finding says so.
fn fallback_language(engine: &Engine, opts: &mut Options) -> Option<Finding> {
    let lang = opts.lang.clone()?;
    match engine.catalog_for(Some(&lang)) {
        Err(e) if e.code == "unknown-language" => {
            opts.lang = None;
            let default = engine.catalog_for(None).ok()?;
            let mut f = Finding::new("language-fallback", Severity::Info, "")
                .arg("lang", lang)
                .arg("default", default.lang.clone())
                .arg("known", engine.languages().join(", "));
            default.render(&mut f, None);
            Some(f)
        }
        _ => None,
    }
}

/// The catalog for `lang`, or the default language's when the bundle has none for it.
pub(crate) fn catalog_or_default<'e>(
    engine: &'e Engine,
    lang: Option<&str>,
) -> Result<&'e a6check_core::i18n::Catalog, JsValue> {
    engine
        .catalog_for(lang)
        .or_else(|_| engine.catalog_for(None))
        .map_err(|e| engine_error(&e))
}

/// A report with the language note (if any) first.
pub(crate) fn with_note(mut report: Report, note: Option<Finding>) -> Report {
    if let Some(f) = note {
        report.findings.insert(0, f);
    }
    report
}
