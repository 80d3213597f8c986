//! a6check in the browser: a thin wasm-bindgen facade over `a6check-core`.
//!
//! JSON *text* goes in and findings JSON text comes out: passing text and parsing
//! inside Wasm measured about 2.4× faster than converting JS object graphs, and it
//! keeps numbers exact (JavaScript would already have rounded a 40-digit quantity).
//! Engine errors (a broken bundle, an unknown form) are thrown as JS `Error`s.

use a6check_core::json::quote;
use a6check_core::{Engine, EngineError, Options};
use serde_json::{Map, Value};
use std::cell::OnceCell;
use std::collections::BTreeMap;
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
    /// Code list values by name (`purposes`), so pickers need no copy of their own.
    codelists: BTreeMap<String, Value>,
}

#[wasm_bindgen]
impl Checker {
    /// Compile `bundle` (packed bundle JSON text, from `a6check bundle pack`), or the
    /// embedded default bundle when omitted.
    #[wasm_bindgen(constructor)]
    pub fn new(bundle: Option<String>) -> Result<Checker, JsError> {
        let packed = bundle.as_deref().unwrap_or(a6check_default_bundle::PACKED);
        let files = a6check_core::bundle::unpack(packed).map_err(|e| js_err(&e))?;
        let codelists = codelists_of(&files);
        Engine::from_files(files)
            .map(|engine| Checker { engine, codelists })
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
        run(&self.engine, form, text, options.as_deref(), None)
    }

    /// As `validate`, for a document as UTF-8 bytes (a `Uint8Array`, e.g. from
    /// `File.arrayBuffer()`): no JavaScript string to re-encode, about 3 ms per MB less,
    /// and bytes that are not UTF-8 are named (byte, line, column) instead of being
    /// silently replaced. `progress(stage, fraction)` is optional.
    #[wasm_bindgen(js_name = validateBytes)]
    pub fn validate_bytes(
        &self,
        form: &str,
        bytes: &[u8],
        options: Option<String>,
        progress: Option<js_sys::Function>,
    ) -> Result<String, JsError> {
        let text = a6check_core::json::decode_utf8(bytes).map_err(|(at, line, col)| {
            JsError::new(&format!(
                "the document is not valid UTF-8 text (byte {at}, line {line}, column {col}); save it as UTF-8 and try again"
            ))
        })?;
        run(
            &self.engine,
            form,
            text,
            options.as_deref(),
            progress.as_ref(),
        )
    }

    /// Validate one part of a document, `text` (a row or a field, JSON), as the value at
    /// `pointer` (e.g. `/t3Actions/4311`) of `form`: the schema checks that apply there,
    /// at a cost independent of the document's size (a check per keystroke). Findings
    /// point into the whole document. Rules that compare rows run in `validate`.
    #[wasm_bindgen(js_name = validateAt)]
    pub fn validate_at(
        &self,
        form: &str,
        pointer: &str,
        text: &str,
        options: Option<String>,
    ) -> Result<String, JsError> {
        let opts = parse_options(options.as_deref())?;
        to_json(self.engine.validate_at(form, pointer, text, &opts))
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
        run(&self.engine, form, text, options.as_deref(), Some(progress))
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

    /// The forms of the bundle as JSON: `[{"key", "title"}]`, titles in `lang` when
    /// given (the catalog's `form.<key>` message), so a form picker speaks the page's language.
    pub fn forms(&self, lang: Option<String>) -> Result<String, JsError> {
        let catalog = match lang.as_deref() {
            Some(l) => Some(self.engine.catalog_for(Some(l)).map_err(|e| js_err(&e))?),
            None => None,
        };
        Ok(forms_json(&self.engine, catalog))
    }

    /// Languages with messages as JSON `[{"code", "name", "direction"}]` (`name` in the
    /// language itself, `direction` `ltr` or `rtl`), so a picker needs no table of its own.
    pub fn languages(&self) -> String {
        let items: Vec<String> = self
            .engine
            .languages()
            .into_iter()
            .filter_map(|code| self.engine.catalog_for(Some(code)).ok())
            .map(|c| {
                format!(
                    "{{\"code\":{},\"name\":{},\"direction\":{}}}",
                    quote(&c.lang),
                    quote(&c.name),
                    quote(&c.direction)
                )
            })
            .collect();
        format!("[{}]", items.join(","))
    }

    /// The field labels of `form` in `lang` as a JSON object keyed by pointer pattern
    /// (a pointer with `*` for any array index), as the catalogs key them; English (the
    /// schema titles) where a catalog lacks one. For host pages that build their own form.
    pub fn labels(&self, form: &str, lang: Option<String>) -> Result<String, JsError> {
        self.engine.check_form(form).map_err(|e| js_err(&e))?;
        let catalog = self
            .engine
            .catalog_for(lang.as_deref())
            .map_err(|e| js_err(&e))?;
        let translated = catalog.labels_of(form);
        let mut out = Map::new();
        for (pattern, english) in self.engine.labels(form).unwrap_or_default() {
            let label = translated
                .and_then(|t| t.get(&pattern))
                .and_then(Value::as_str)
                .map_or(english, str::to_owned);
            out.insert(pattern, Value::String(label));
        }
        Ok(Value::Object(out).to_string())
    }

    /// The values of code list `name` (`purposes`, `sectors`, ... as in the bundle's
    /// `codelists/` folder) as a JSON array, in their official spelling.
    #[wasm_bindgen(js_name = codeList)]
    pub fn code_list(&self, name: &str) -> Result<String, JsError> {
        self.codelists
            .get(name)
            .map(Value::to_string)
            .ok_or_else(|| {
                let known: Vec<&str> = self.codelists.keys().map(String::as_str).collect();
                JsError::new(&format!(
                    "unknown code list {name:?}; known: {}",
                    known.join(", ")
                ))
            })
    }
}

/// The `enum` of every `codelists/*.json` file of a bundle, by file stem.
fn codelists_of(files: &a6check_core::Files) -> BTreeMap<String, Value> {
    files
        .iter()
        .filter_map(|(path, schema)| {
            let name = path.strip_prefix("codelists/")?.strip_suffix(".json")?;
            Some((name.to_owned(), schema.get("enum")?.clone()))
        })
        .collect()
}

/// Grow the Wasm heap in one step before checking a big document, instead of 64 KiB at a
/// time as the allocator otherwise asks: node 20's V8 pays ~0.3 ms per `memory.grow`, and a
/// 100,000-row check needed ~7,400 of them (2 s of a 7.8 s first check; BENCHMARKS.md). The
/// allocator keeps the freed block and carves the document's allocations out of it. About
/// four times the text is what a check allocates; a failed reservation changes nothing.
fn reserve_heap(text_len: usize) {
    if text_len < 1 << 20 {
        return;
    }
    let mut block: Vec<u8> = Vec::new();
    let _ = block.try_reserve_exact(text_len.saturating_mul(4));
    // Keep the optimiser from removing the allocation.
    std::hint::black_box(&block);
}

/// Options from their JSON text (absent: the defaults).
fn parse_options(options: Option<&str>) -> Result<Options, JsError> {
    Options::from_json(options.unwrap_or("")).map_err(|e| js_err(&e))
}

/// A report as findings JSON, an engine error as a thrown `Error`.
fn to_json(report: Result<a6check_core::Report, EngineError>) -> Result<String, JsError> {
    report.map(|r| r.to_json()).map_err(|e| js_err(&e))
}

/// Check a whole document, telling `progress(stage, fraction)` as it goes when given.
fn run(
    engine: &Engine,
    form: &str,
    text: &str,
    options: Option<&str>,
    progress: Option<&js_sys::Function>,
) -> Result<String, JsError> {
    let opts = parse_options(options)?;
    reserve_heap(text.len());
    let mut report = |stage: &str, fraction: f64| {
        if let Some(f) = progress {
            // A throwing callback must not abort validation; its error is ignored.
            let _ = f.call2(
                &JsValue::NULL,
                &JsValue::from_str(stage),
                &JsValue::from_f64(fraction),
            );
        }
    };
    to_json(engine.validate_with_progress(form, text, &opts, &mut report))
}

fn forms_json(engine: &Engine, catalog: Option<&a6check_core::i18n::Catalog>) -> String {
    let items: Vec<String> = engine
        .manifest()
        .forms
        .iter()
        .map(|f| {
            let title = catalog
                .and_then(|c| c.text(&format!("form.{}", f.key), None))
                .unwrap_or(&f.title);
            format!("{{\"key\":{},\"title\":{}}}", quote(&f.key), quote(title))
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
            Ok(engine) => run(engine, form, text, options.as_deref(), None),
            Err(e) => Err(js_err(e)),
        }
    })
}

/// The a6check engine version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
