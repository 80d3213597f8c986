//! a6check in the browser: a thin wasm-bindgen facade over `a6check-core`.
//!
//! JSON *text* goes in and findings JSON text comes out: passing text and parsing
//! inside Wasm measured about 2.4× faster than converting JS object graphs, and it
//! keeps numbers exact (JavaScript would already have rounded a 40-digit quantity).
//! Engine errors (a broken bundle, an unknown form) are thrown as JS `Error`s.

use a6check_core::json::quote;
use a6check_core::{Engine, EngineError, Options};
use std::cell::OnceCell;
use wasm_bindgen::prelude::*;

thread_local! {
    static DEFAULT: OnceCell<Result<Engine, EngineError>> = const { OnceCell::new() };
}

fn js_err(e: &EngineError) -> JsError {
    JsError::new(&e.to_string())
}

/// A compiled schema bundle. Create one per bundle and reuse it for every document.
#[wasm_bindgen]
pub struct Checker {
    engine: Engine,
}

#[wasm_bindgen]
impl Checker {
    /// Compile `bundle` (packed bundle JSON text, from `a6check bundle pack`), or the
    /// embedded default bundle when omitted.
    #[wasm_bindgen(constructor)]
    pub fn new(bundle: Option<String>) -> Result<Checker, JsError> {
        let packed = bundle.as_deref().unwrap_or(a6check_default_bundle::PACKED);
        Engine::from_packed(packed)
            .map(|engine| Checker { engine })
            .map_err(|e| js_err(&e))
    }

    /// Validate `text` (JSON) as `form`; `options` is JSON text
    /// `{"lang": "en", "mode": "submit"|"draft", "context": {...}}`. Returns findings JSON.
    pub fn validate(
        &self,
        form: &str,
        text: &str,
        options: Option<String>,
    ) -> Result<String, JsError> {
        run(&self.engine, form, text, options.as_deref())
    }

    /// As `validate`, calling `progress(stage, fraction)` as it goes (stages `parse`,
    /// `schema`, `rules`, `messages`, `done`): for a Web Worker's progress bar.
    #[wasm_bindgen(js_name = validateWithProgress)]
    pub fn validate_with_progress(
        &self,
        form: &str,
        text: &str,
        options: Option<String>,
        progress: &js_sys::Function,
    ) -> Result<String, JsError> {
        let opts = Options::from_json(options.as_deref().unwrap_or("")).map_err(|e| js_err(&e))?;
        let mut report = |stage: &str, fraction: f64| {
            // A throwing callback must not abort validation; its error is ignored.
            let _ = progress.call2(
                &JsValue::NULL,
                &JsValue::from_str(stage),
                &JsValue::from_f64(fraction),
            );
        };
        self.engine
            .validate_with_progress(form, text, &opts, &mut report)
            .map(|r| r.to_json())
            .map_err(|e| js_err(&e))
    }

    /// The bundle's semantic version.
    #[wasm_bindgen(getter, js_name = bundleVersion)]
    pub fn bundle_version(&self) -> String {
        self.engine.manifest().version.clone()
    }

    /// The bundle's name.
    #[wasm_bindgen(getter, js_name = bundleName)]
    pub fn bundle_name(&self) -> String {
        self.engine.manifest().name.clone()
    }

    /// The forms of the bundle as JSON: `[{"key", "title"}]`.
    pub fn forms(&self) -> String {
        forms_json(&self.engine)
    }

    /// Languages with messages, as a JSON array.
    pub fn languages(&self) -> String {
        let langs: Vec<String> = self.engine.languages().into_iter().map(quote).collect();
        format!("[{}]", langs.join(","))
    }
}

fn run(engine: &Engine, form: &str, text: &str, options: Option<&str>) -> Result<String, JsError> {
    let opts = Options::from_json(options.unwrap_or("")).map_err(|e| js_err(&e))?;
    engine
        .validate(form, text, &opts)
        .map(|r| r.to_json())
        .map_err(|e| js_err(&e))
}

fn forms_json(engine: &Engine) -> String {
    let items: Vec<String> = engine
        .manifest()
        .forms
        .iter()
        .map(|f| {
            format!(
                "{{\"key\":{},\"title\":{}}}",
                quote(&f.key),
                quote(&f.title)
            )
        })
        .collect();
    format!("[{}]", items.join(","))
}

/// A plain JSON Schema 2020-12 validator with a6check's keywords and exact numbers:
/// what the conformance suite and schema maintainers use, no bundle involved.
#[wasm_bindgen]
pub struct SchemaValidator {
    validator: a6check_core::structure::Validator,
}

#[wasm_bindgen]
impl SchemaValidator {
    /// Compile `schema` (JSON text); `resources` is optional JSON text mapping URIs to
    /// schemas, served from memory (nothing is ever fetched from the network).
    /// `format` is an annotation, as JSON Schema 2020-12 says, unless `assertFormats`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        schema: &str,
        resources: Option<String>,
        #[wasm_bindgen(js_name = assertFormats)] assert_formats: Option<bool>,
    ) -> Result<SchemaValidator, JsError> {
        let parse = |what: &str, text: &str| {
            a6check_core::json::parse(text)
                .map(|p| p.value)
                .map_err(|e| {
                    JsError::new(&format!(
                        "{what} is not JSON (line {}, column {})",
                        e.line, e.column
                    ))
                })
        };
        let schema = parse("schema", schema)?;
        let mut list = Vec::new();
        if let Some(text) = resources {
            match parse("resources", &text)? {
                serde_json::Value::Object(map) => list.extend(map),
                _ => {
                    return Err(JsError::new(
                        "resources must be a JSON object of URI to schema",
                    ))
                }
            }
        }
        a6check_core::structure::compile_standard(&schema, &list, assert_formats.unwrap_or(false))
            .map(|validator| SchemaValidator { validator })
            .map_err(|e| JsError::new(&e))
    }

    /// True when `instance` (JSON text) is valid.
    #[wasm_bindgen(js_name = isValid)]
    pub fn is_valid(&self, instance: &str) -> Result<bool, JsError> {
        let v = a6check_core::json::parse(instance)
            .map_err(|e| {
                JsError::new(&format!(
                    "instance is not JSON (line {}, column {})",
                    e.line, e.column
                ))
            })?
            .value;
        Ok(self.validator.is_valid(&v))
    }
}

/// Validate with the embedded default bundle (compiled on first use, then cached).
#[wasm_bindgen]
pub fn validate(form: &str, text: &str, options: Option<String>) -> Result<String, JsError> {
    DEFAULT.with(|cell| {
        let engine = cell.get_or_init(|| Engine::from_packed(a6check_default_bundle::PACKED));
        match engine {
            Ok(engine) => run(engine, form, text, options.as_deref()),
            Err(e) => Err(js_err(e)),
        }
    })
}

/// The a6check engine version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
