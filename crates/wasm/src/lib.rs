//! a6check in the browser: a thin wasm-bindgen facade over `a6check-core`.
//!
//! Documents go in as JSON *text* (or UTF-8 bytes): parsing inside Wasm measured about
//! 2.4× faster than converting JS object graphs, and it keeps numbers exact (JavaScript
//! would already have rounded a 40-digit quantity). Options go in as plain JS objects (or
//! their JSON text); results come out as plain JS objects ([`boundary`]), with every number
//! in `args` as its exact decimal text. `validateJson` returns the CLI's findings JSON text,
//! byte for byte. Errors are thrown as JS `Error`s with `code` and `args`.

mod boundary;
mod reconcile;

use a6check_core::{Engine, EngineError, Report};
use boundary::{engine_error, report_to_js, thrown, to_js, with_note, Exact};
use serde::Serialize;
use serde_json::{Map, Value};
use std::cell::OnceCell;
use std::collections::BTreeMap;
use wasm_bindgen::prelude::*;

thread_local! {
    static DEFAULT: OnceCell<Result<Engine, EngineError>> = const { OnceCell::new() };
}

/// A language of the bundle, for a picker.
#[derive(Serialize)]
struct LanguageInfo<'a> {
    code: &'a str,
    name: &'a str,
    direction: &'a str,
}

/// A form of the bundle, with its title in the language asked for.
#[derive(Serialize)]
struct FormInfo<'a> {
    key: &'a str,
    title: &'a str,
}

/// A compiled schema bundle. Create one per bundle and reuse it for every document.
#[wasm_bindgen]
pub struct Checker {
    engine: Engine,
    /// Code list values by name (`purposes`), so pickers need no copy of their own.
    codelists: BTreeMap<String, Value>,
    /// Earlier submissions loaded once (`loadContext`), for every check without a `context`.
    prior: Option<std::sync::Arc<Vec<Value>>>,
}

#[wasm_bindgen]
impl Checker {
    /// Compile `bundle` (packed bundle JSON text, from `a6check bundle pack`), or the
    /// embedded default bundle when omitted.
    #[wasm_bindgen(constructor)]
    pub fn new(bundle: Option<String>) -> Result<Checker, JsValue> {
        let packed = bundle.as_deref().unwrap_or(a6check_default_bundle::PACKED);
        let files = a6check_core::bundle::unpack(packed).map_err(|e| engine_error(&e))?;
        let codelists = codelists_of(&files);
        Engine::from_files(files)
            .map(|engine| Checker {
                engine,
                codelists,
                prior: None,
            })
            .map_err(|e| engine_error(&e))
    }

    /// Validate `text` (JSON) as `form`; `options` is a plain object (or its JSON text)
    /// `{lang, mode: 'submit'|'draft', context, today, rules}`. Returns the findings object.
    pub fn validate(&self, form: &str, text: &str, options: JsValue) -> Result<JsValue, JsValue> {
        report_to_js(&self.run(form, text, &options, None)?)
    }

    /// Read earlier submissions (`{priorSubmissions: [...]}`, a plain object or JSON text;
    /// text keeps big numbers exact) once, for every later check that passes no `context`
    /// of its own: they are not parsed again per call. Returns how many were loaded.
    #[wasm_bindgen(js_name = loadContext)]
    pub fn load_context(&mut self, context: JsValue) -> Result<usize, JsValue> {
        let value = boundary::json_arg(&context, "context")?.unwrap_or(Value::Null);
        let prior = self
            .engine
            .load_context(value)
            .map_err(|e| engine_error(&e))?;
        let n = prior.len();
        self.prior = Some(prior);
        Ok(n)
    }

    /// Forget the earlier submissions of `loadContext`.
    #[wasm_bindgen(js_name = clearContext)]
    pub fn clear_context(&mut self) {
        self.prior = None;
    }

    /// As `validate`, returning the findings JSON text of the CLI, byte for byte (numbers
    /// exact): for a server that passes it on, or a test that compares with the CLI.
    #[wasm_bindgen(js_name = validateJson)]
    pub fn validate_json(
        &self,
        form: &str,
        text: &str,
        options: JsValue,
    ) -> Result<String, JsValue> {
        Ok(self.run(form, text, &options, None)?.to_json())
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
        options: JsValue,
        progress: Option<js_sys::Function>,
    ) -> Result<JsValue, JsValue> {
        self.check_bytes(form, bytes, &options, progress.as_ref())
    }

    /// As `validateBytes`, for a `File` or `Blob` that the Wasm reads itself with
    /// `FileReaderSync`, slice by slice into its own memory: a 300 MB upload is held once,
    /// not once in JS and again in Wasm. Web Workers only (the page has no
    /// `FileReaderSync`: there it throws `no-file-reader-sync`). `progress` also gets the
    /// stage `read`.
    #[wasm_bindgen(js_name = validateFile)]
    pub fn validate_file(
        &self,
        form: &str,
        file: &web_sys::Blob,
        options: JsValue,
        progress: Option<js_sys::Function>,
    ) -> Result<JsValue, JsValue> {
        let bytes = read_blob(file, progress.as_ref())?;
        self.check_bytes(form, &bytes, &options, progress.as_ref())
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
        options: JsValue,
    ) -> Result<JsValue, JsValue> {
        let (mut opts, note) = boundary::options(&self.engine, &options)?;
        self.use_prior(&mut opts);
        let report = self
            .engine
            .validate_at(form, pointer, text, &opts)
            .map_err(|e| engine_error(&e))?;
        report_to_js(&with_note(report, note))
    }

    /// Reconcile several documents at once (a Party's whole file and its counterparts):
    /// `files` is an array of `{name, text}` or `{name, bytes}` (optional `form`);
    /// returns `{valid, documents, findings, flows}` as in `a6check reconcile`, plus the
    /// transfers against acquisitions per Party pair (`flows`).
    pub fn reconcile(&self, files: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
        let (opts, _) = boundary::options(&self.engine, &options)?;
        let inputs = reconcile::inputs(&files)?;
        let result = self
            .engine
            .reconcile(inputs.into_iter().map(Ok), &opts)
            .map_err(|e| engine_error(&e))?;
        reconcile::to_object(&result)
    }

    /// As `validate`, calling `progress(stage, fraction)` as it goes (stages `parse`,
    /// `schema`, `rules`, `messages`, `done`): for a Web Worker's progress bar.
    #[wasm_bindgen(js_name = validateWithProgress)]
    pub fn validate_with_progress(
        &self,
        form: &str,
        text: &str,
        options: JsValue,
        progress: &js_sys::Function,
    ) -> Result<JsValue, JsValue> {
        report_to_js(&self.run(form, text, &options, Some(progress))?)
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

    /// The forms of the bundle, `[{key, title}]`, titles in `lang` when given (the
    /// catalog's `form.<key>` message; the default language's for a language the bundle
    /// lacks), so a form picker speaks the page's language.
    pub fn forms(&self, lang: Option<String>) -> Result<JsValue, JsValue> {
        let catalog = match lang.as_deref() {
            Some(l) => Some(boundary::catalog_or_default(&self.engine, Some(l))?),
            None => None,
        };
        let items: Vec<FormInfo> = self
            .engine
            .manifest()
            .forms
            .iter()
            .map(|f| FormInfo {
                key: &f.key,
                title: catalog
                    .and_then(|c| c.text(&format!("form.{}", f.key), None))
                    .unwrap_or(&f.title),
            })
            .collect();
        to_js(&items)
    }

    /// Languages with messages, `[{code, name, direction}]` (`name` in the language
    /// itself, `direction` `ltr` or `rtl`), so a picker needs no table of its own.
    pub fn languages(&self) -> Result<JsValue, JsValue> {
        let items: Vec<LanguageInfo> = self
            .engine
            .languages()
            .into_iter()
            .filter_map(|code| self.engine.catalog_for(Some(code)).ok())
            .map(|c| LanguageInfo {
                code: &c.lang,
                name: &c.name,
                direction: &c.direction,
            })
            .collect();
        to_js(&items)
    }

    /// The field labels of `form` in `lang` (the default language for one the bundle
    /// lacks), an object keyed by pointer pattern (a pointer with `*` for any array
    /// index), as the catalogs key them; English (the schema titles) where a catalog lacks
    /// one. For host pages that build their own form.
    pub fn labels(&self, form: &str, lang: Option<String>) -> Result<JsValue, JsValue> {
        self.engine.check_form(form).map_err(|e| engine_error(&e))?;
        let catalog = boundary::catalog_or_default(&self.engine, lang.as_deref())?;
        let translated = catalog.labels_of(form);
        let mut out = BTreeMap::new();
        for (pattern, english) in self.engine.labels(form).unwrap_or_default() {
            let label = translated
                .and_then(|t| t.get(&pattern))
                .and_then(Value::as_str)
                .map_or(english, str::to_owned);
            out.insert(pattern, label);
        }
        to_js(&out)
    }

    /// The values of code list `name` (`purposes`, `sectors`, ... as in the bundle's
    /// `codelists/` folder), an array in their official spelling.
    #[wasm_bindgen(js_name = codeList)]
    pub fn code_list(&self, name: &str) -> Result<JsValue, JsValue> {
        match self.codelists.get(name) {
            Some(values) => to_js(&Exact(values)),
            None => {
                let known: Vec<&str> = self.codelists.keys().map(String::as_str).collect();
                let mut args = Map::new();
                args.insert("name".into(), name.into());
                args.insert("known".into(), known.join(", ").into());
                Err(thrown(
                    "unknown-code-list",
                    &format!("unknown code list {name:?}; known: {}", known.join(", ")),
                    &args,
                ))
            }
        }
    }
}

impl Checker {
    /// Decode UTF-8 `bytes` (naming the first bad byte) and check them.
    fn check_bytes(
        &self,
        form: &str,
        bytes: &[u8],
        options: &JsValue,
        progress: Option<&js_sys::Function>,
    ) -> Result<JsValue, JsValue> {
        let text = a6check_core::json::decode_utf8(bytes).map_err(|(at, line, col)| {
            let mut args = Map::new();
            args.insert("byte".into(), at.into());
            args.insert("line".into(), line.into());
            args.insert("column".into(), col.into());
            thrown(
                "not-utf8",
                &format!(
                    "the document is not valid UTF-8 text (byte {at}, line {line}, column {col}); save it as UTF-8 and try again"
                ),
                &args,
            )
        })?;
        report_to_js(&self.run(form, text, options, progress)?)
    }

    /// The loaded earlier submissions, unless the call brings a `context` of its own.
    fn use_prior(&self, opts: &mut a6check_core::Options) {
        if opts.context.is_none() {
            opts.prior = self.prior.clone();
        }
    }

    /// [`run`] with this checker's engine and loaded context.
    fn run(
        &self,
        form: &str,
        text: &str,
        options: &JsValue,
        progress: Option<&js_sys::Function>,
    ) -> Result<Report, JsValue> {
        run(&self.engine, form, text, options, progress, &|o| {
            self.use_prior(o)
        })
    }
}

/// The bytes of `blob`, read with `FileReaderSync` in 8 MiB slices straight into Wasm
/// memory, telling `progress("read", fraction)` after each.
fn read_blob(
    blob: &web_sys::Blob,
    progress: Option<&js_sys::Function>,
) -> Result<Vec<u8>, JsValue> {
    const SLICE: f64 = (8 << 20) as f64;
    let reader = web_sys::FileReaderSync::new().map_err(|_| {
        thrown(
            "no-file-reader-sync",
            "validateFile reads with FileReaderSync, which only Web Workers have; on the page use validateBytes",
            &Map::new(),
        )
    })?;
    let size = blob.size();
    let tell = |fraction: f64| {
        if let Some(f) = progress {
            let _ = f.call2(&JsValue::NULL, &"read".into(), &JsValue::from_f64(fraction));
        }
    };
    let mut bytes: Vec<u8> = Vec::new();
    // Reserve once; a failed reservation only means the vector grows as it goes.
    let _ = bytes.try_reserve_exact(size as usize);
    tell(0.0);
    let mut at = 0.0;
    while at < size {
        let end = (at + SLICE).min(size);
        let part = blob.slice_with_f64_and_f64(at, end)?;
        let buffer: JsValue = reader.read_as_array_buffer(&part)?.into();
        let view = js_sys::Uint8Array::new(&buffer);
        let start = bytes.len();
        bytes.resize(start + view.length() as usize, 0);
        view.copy_to(&mut bytes[start..]);
        at = end;
        tell(at / size);
    }
    Ok(bytes)
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

/// Check a whole document, telling `progress(stage, fraction)` as it goes when given.
fn run(
    engine: &Engine,
    form: &str,
    text: &str,
    options: &JsValue,
    progress: Option<&js_sys::Function>,
    prepare: &dyn Fn(&mut a6check_core::Options),
) -> Result<Report, JsValue> {
    let (mut opts, note) = boundary::options(engine, options)?;
    prepare(&mut opts);
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
    engine
        .validate_with_progress(form, text, &opts, &mut report)
        .map(|r| with_note(r, note))
        .map_err(|e| engine_error(&e))
}

/// A plain JSON Schema 2020-12 validator with a6check's keywords and exact numbers:
/// what the conformance suite and schema maintainers use, no bundle involved.
#[wasm_bindgen]
pub struct SchemaValidator {
    validator: a6check_core::structure::Validator,
}

/// One schema error, as the JSON Schema output formats name its places.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SchemaError<'a> {
    /// JSON Pointer of the failing value.
    instance_path: &'a str,
    /// JSON Pointer of the failing keyword in its schema document.
    schema_path: &'a str,
    /// The keywords from the root, `$ref` included.
    evaluation_path: &'a str,
    /// The failing keyword (the last token of `schema_path`).
    keyword: &'a str,
    /// English text.
    message: String,
}

/// `validate`'s result.
#[derive(Serialize)]
struct SchemaResult<'a> {
    valid: bool,
    errors: Vec<SchemaError<'a>>,
}

/// An instance from its JSON text, read exactly.
fn instance(text: &str) -> Result<Value, JsValue> {
    a6check_core::json::parse(text)
        .map(|p| p.value)
        .map_err(|e| {
            let mut args = Map::new();
            args.insert("line".into(), e.line.into());
            args.insert("column".into(), e.column.into());
            thrown(
                "bad-instance",
                &format!(
                    "instance is not JSON (line {}, column {})",
                    e.line, e.column
                ),
                &args,
            )
        })
}

#[wasm_bindgen]
impl SchemaValidator {
    /// Compile `schema` (JSON text, or a plain object); `resources` is optional, an object
    /// (or its JSON text) mapping URIs to schemas, served from memory (nothing is ever
    /// fetched from the network). `format` is an annotation, as JSON Schema 2020-12 says,
    /// unless `assertFormats`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        schema: JsValue,
        resources: JsValue,
        #[wasm_bindgen(js_name = assertFormats)] assert_formats: Option<bool>,
    ) -> Result<SchemaValidator, JsValue> {
        let schema = boundary::json_arg(&schema, "schema")?.unwrap_or(Value::Bool(true));
        let mut list = Vec::new();
        match boundary::json_arg(&resources, "resources")? {
            None => {}
            Some(Value::Object(map)) => list.extend(map),
            Some(_) => {
                return Err(thrown(
                    "bad-resources",
                    "resources must be an object of URI to schema",
                    &Map::new(),
                ))
            }
        }
        a6check_core::structure::compile_standard(&schema, &list, assert_formats.unwrap_or(false))
            .map(|validator| SchemaValidator { validator })
            .map_err(|e| {
                let mut args = Map::new();
                args.insert("detail".into(), Value::String(e.clone()));
                thrown("bad-schema", &e, &args)
            })
    }

    /// True when `instance` (JSON text) is valid.
    #[wasm_bindgen(js_name = isValid)]
    pub fn is_valid(&self, instance_text: &str) -> Result<bool, JsValue> {
        Ok(self.validator.is_valid(&instance(instance_text)?))
    }

    /// Check `instance` (JSON text): `{valid, errors: [{instancePath, schemaPath,
    /// evaluationPath, keyword, message}]}`, at most `limit` errors (default 100), so a
    /// form can show what is wrong, not only that something is.
    pub fn validate(&self, instance_text: &str, limit: Option<u32>) -> Result<JsValue, JsValue> {
        let value = instance(instance_text)?;
        let errors = self
            .validator
            .errors(&value, limit.map_or(100, |l| l as usize));
        let out = SchemaResult {
            valid: errors.is_empty(),
            errors: errors
                .iter()
                .map(|e| SchemaError {
                    instance_path: &e.instance_path,
                    schema_path: &e.schema_path,
                    evaluation_path: &e.evaluation_path,
                    keyword: e.schema_path.rsplit('/').next().unwrap_or(""),
                    message: e.to_string(),
                })
                .collect(),
        };
        to_js(&out)
    }
}

/// Validate with the embedded default bundle (compiled on first use, then cached);
/// returns the findings object, as `Checker.validate`.
#[wasm_bindgen]
pub fn validate(form: &str, text: &str, options: JsValue) -> Result<JsValue, JsValue> {
    DEFAULT.with(|cell| {
        let engine = cell.get_or_init(|| Engine::from_packed(a6check_default_bundle::PACKED));
        match engine {
            Ok(engine) => report_to_js(&run(engine, form, text, &options, None, &|_| {})?),
            Err(e) => Err(engine_error(e)),
        }
    })
}

/// The a6check engine version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
