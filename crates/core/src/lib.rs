//! a6check-core: validation of Paris Agreement Article 6.2 forms, with no IO.
//!
//! The same engine runs in the CLI and, compiled to WebAssembly, in the browser;
//! both call [`Engine::validate`] and serialise with [`Report::to_json`], which is
//! what makes their outputs byte-identical.
//!
//! Flow: JSON text → [`json::parse`] (exact numbers, duplicate keys, line/column)
//! → [`normalize`] (not-applicable values, number range) → [`structure`] (JSON
//! Schema 2020-12) → findings → messages from the bundle's catalog ([`i18n`]).

pub mod blocks;
pub mod bundle;
/// Exact decimals on JSON number text (moved to the schema crate, re-exported here).
pub use a6check_schema::decimal;
pub mod error;
pub mod explain;
pub mod findings;
pub mod fixtures;
pub mod i18n;
pub mod identity;
pub mod json;
pub mod labels;
pub mod maintain;
pub mod normalize;
pub mod part;
pub mod reconcile;
pub mod rules;
pub mod structure;
pub mod suggest;

pub use bundle::{Files, Manifest};
pub use error::EngineError;
pub use findings::{Finding, Report, Severity};

use i18n::Catalog;
use labels::Labels;
use rules::{Override, Ruleset};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};

/// The forms of the JSON contract (SHAPES.md); a bundle may lack some while they are built.
pub const CONTRACT_FORMS: [&str; 3] = ["authorization", "aef", "initial-report"];

/// Largest JSON text accepted (256 MiB): memory stays bounded (about 10 bytes per input
/// byte natively) and a 100,000-row AEF is about 63 MB.
pub const MAX_INPUT_BYTES: usize = 256 * 1024 * 1024;

/// Findings reported at most per document; the rest are counted in one
/// `too-many-findings` finding, so output and memory stay bounded.
pub const MAX_FINDINGS: usize = 10_000;

/// How strict a validation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Everything: what CARP would see on submission.
    #[default]
    Submit,
    /// A half-filled form: no "required" or "conditionally required" findings.
    Draft,
}

impl Mode {
    /// Parse `submit` / `draft`.
    pub fn parse(s: &str) -> Option<Mode> {
        match s {
            "submit" => Some(Mode::Submit),
            "draft" => Some(Mode::Draft),
            _ => None,
        }
    }
}

/// Per-call options.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Message language (BCP 47); the bundle's default when `None`.
    pub lang: Option<String>,
    /// Submit or draft.
    pub mode: Mode,
    /// Context JSON text: `{"priorSubmissions": [...]}` for cross-submission checks.
    pub context: Option<String>,
    /// Per-rule overrides: `off` or a severity (unconfirmed rules never become errors).
    pub rules: HashMap<String, Override>,
    /// Today's date (`YYYY-MM-DD`) for "not in the future" checks; they are skipped without it,
    /// so that the same input always gives the same output.
    pub today: Option<String>,
    /// Earlier submissions already read and normalised ([`Engine::load_context`]), used
    /// instead of `context`: a portal loads them once and checks many documents against them.
    pub prior: Option<std::sync::Arc<Vec<Value>>>,
    /// Leave the parsed document allocated after the check: a process that exits right
    /// after one check saves freeing it (0.3 s at 100,000 rows). Not read from JSON.
    pub keep_document: bool,
}

impl Options {
    /// Read options from the JSON object the Wasm API takes (`{"lang","mode","context"}`).
    pub fn from_json(text: &str) -> Result<Options, EngineError> {
        if text.trim().is_empty() {
            return Ok(Options::default());
        }
        let v = json::parse(text)
            .map_err(|e| {
                EngineError::new("bad-options").arg(
                    "detail",
                    format!("not JSON (line {}, column {})", e.line, e.column),
                )
            })?
            .value;
        Options::from_value(v)
    }

    /// Read options from their JSON value (what a JS object becomes at the Wasm boundary).
    pub fn from_value(v: Value) -> Result<Options, EngineError> {
        let bad = |d: &str| EngineError::new("bad-options").arg("detail", d);
        let Value::Object(o) = v else {
            return Err(bad("expected an object"));
        };
        let mut opts = Options::default();
        for (k, v) in o {
            match (k.as_str(), v) {
                ("lang", Value::String(s)) => opts.lang = Some(s),
                ("mode", Value::String(s)) => {
                    opts.mode =
                        Mode::parse(&s).ok_or_else(|| bad("mode must be submit or draft"))?
                }
                ("context", Value::String(s)) => opts.context = Some(s),
                ("context", v @ Value::Object(_)) => opts.context = Some(v.to_string()),
                ("today", Value::String(s)) => {
                    if rules::operand::iso_date(&s).as_deref() != Some(s.as_str()) {
                        return Err(bad("today must be a date YYYY-MM-DD"));
                    }
                    opts.today = Some(s)
                }
                ("rules", Value::Object(m)) => {
                    for (code, v) in m {
                        let o = v.as_str().and_then(Override::parse).ok_or_else(|| {
                            bad(&format!("rules.{code} must be off, error, warning or info"))
                        })?;
                        opts.rules.insert(code, o);
                    }
                }
                (_, Value::Null) => {}
                (k, _) => return Err(bad(&format!("unknown or mistyped option {k:?}"))),
            }
        }
        Ok(opts)
    }
}

pub(crate) struct Form {
    validator: crate::structure::Validator,
    pub(crate) labels: Labels,
    schema: Value,
    rules: Ruleset,
    /// The schema's URI in the bundle, against which its parts are compiled.
    base: String,
    /// Validators of parts of the form (rows, fields) by schema location, compiled on
    /// first use: a keystroke check then costs one row's validation.
    parts: std::sync::Mutex<BTreeMap<String, std::sync::Arc<structure::Validator>>>,
}

/// A compiled bundle, ready to validate documents. Build once, use many times.
pub struct Engine {
    manifest: Manifest,
    forms: BTreeMap<String, Form>,
    catalogs: BTreeMap<String, Catalog>,
    codes: Map<String, Value>,
    /// The bundle's shared resources (code lists) by URI, for compiling form parts.
    resources: Vec<(String, Value)>,
    /// The rules that run across documents (`reconcile`).
    cross: Vec<reconcile::rules::CrossRule>,
    /// Which action types send, receive and consume ITMOs, for `reconcile`.
    cross_kinds: reconcile::rules::ActionKinds,
}

impl Engine {
    /// Compile a bundle from packed JSON text (`a6check bundle pack` output).
    pub fn from_packed(text: &str) -> Result<Engine, EngineError> {
        Engine::from_files(bundle::unpack(text)?)
    }

    /// Compile a bundle from its files. Every schema is compiled now, so a broken
    /// bundle fails here with the file named, not later on a user's document.
    pub fn from_files(files: Files) -> Result<Engine, EngineError> {
        let manifest = bundle::manifest(&files)?;
        let mut resources = Vec::new();
        for path in &manifest.resources {
            let contents = files.get(path).ok_or_else(|| {
                EngineError::new("bundle-file-missing").arg("file", path.as_str())
            })?;
            resources.push((
                format!("{}{path}", structure::BUNDLE_BASE),
                contents.clone(),
            ));
        }
        let mut forms = BTreeMap::new();
        for spec in &manifest.forms {
            let schema = files.get(&spec.schema).ok_or_else(|| {
                EngineError::new("bundle-file-missing").arg("file", spec.schema.as_str())
            })?;
            let base = format!("{}{}", structure::BUNDLE_BASE, spec.schema);
            let validator = structure::compile(schema, Some(&base), &resources).map_err(|d| {
                EngineError::new("bundle-schema-invalid")
                    .arg("file", spec.schema.as_str())
                    .arg("detail", d)
            })?;
            let rules = match &spec.rules {
                None => Ruleset::default(),
                Some(path) => {
                    let file = files.get(path).ok_or_else(|| {
                        EngineError::new("bundle-file-missing").arg("file", path.as_str())
                    })?;
                    Ruleset::compile(path, file)?
                }
            };
            forms.insert(
                spec.key.clone(),
                Form {
                    validator,
                    labels: Labels::from_schema(schema),
                    schema: schema.clone(),
                    rules,
                    base,
                    parts: Default::default(),
                },
            );
        }
        let mut catalogs = BTreeMap::new();
        for (lang, path) in &manifest.messages {
            let file = files.get(path).ok_or_else(|| {
                EngineError::new("bundle-file-missing").arg("file", path.as_str())
            })?;
            let Some(Value::Object(messages)) = file.get("messages") else {
                return Err(EngineError::new("bundle-catalog-invalid")
                    .arg("file", path.as_str())
                    .arg("detail", "expected an object at /messages"));
            };
            let labels = file
                .get("labels")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            catalogs.insert(
                lang.clone(),
                Catalog::new(lang, messages.clone())
                    .with_labels(labels)
                    .with_meta(file),
            );
        }
        if !catalogs.contains_key(&manifest.default_language) {
            return Err(EngineError::new("bundle-catalog-invalid")
                .arg("file", "manifest.json")
                .arg(
                    "detail",
                    format!(
                        "no catalog for the default language {:?}",
                        manifest.default_language
                    ),
                ));
        }
        let codes = match &manifest.codes {
            None => Map::new(),
            Some(path) => match files.get(path) {
                Some(Value::Object(m)) => m
                    .get("codes")
                    .and_then(Value::as_object)
                    .cloned()
                    .unwrap_or_default(),
                _ => return Err(EngineError::new("bundle-file-missing").arg("file", path.as_str())),
            },
        };
        let (cross, cross_kinds) = match &manifest.reconcile {
            None => Default::default(),
            Some(path) => {
                let file = files.get(path).ok_or_else(|| {
                    EngineError::new("bundle-file-missing").arg("file", path.as_str())
                })?;
                reconcile::rules::compile(path, file)?
            }
        };
        Ok(Engine {
            manifest,
            forms,
            catalogs,
            codes,
            resources,
            cross,
            cross_kinds,
        })
    }

    /// The bundle's manifest (name, version, forms, languages).
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// Languages with a message catalog.
    pub fn languages(&self) -> Vec<&str> {
        self.catalogs.keys().map(String::as_str).collect()
    }

    pub(crate) fn catalog(&self, lang: Option<&str>) -> Result<&Catalog, EngineError> {
        let Some(lang) = lang else {
            return self
                .catalogs
                .get(&self.manifest.default_language)
                .ok_or_else(|| EngineError::new("unknown-language"));
        };
        let base = lang.split(['-', '_']).next().unwrap_or(lang);
        self.catalogs
            .get(lang)
            .or_else(|| self.catalogs.get(base))
            .ok_or_else(|| {
                EngineError::new("unknown-language")
                    .arg("lang", lang)
                    .arg("known", self.languages().join(", "))
            })
    }

    /// Check that the bundle has `key` before any input is read (CLI: exit 2 early).
    pub fn check_form(&self, key: &str) -> Result<(), EngineError> {
        self.form(key).map(|_| ())
    }

    pub(crate) fn form(&self, key: &str) -> Result<&Form, EngineError> {
        self.forms.get(key).ok_or_else(|| {
            let known = self.forms.keys().cloned().collect::<Vec<_>>().join(", ");
            let code = if CONTRACT_FORMS.contains(&key) {
                "form-not-built"
            } else {
                "unknown-form"
            };
            EngineError::new(code).arg("form", key).arg("known", known)
        })
    }

    /// Validate one document (JSON text) as `form`.
    ///
    /// Errors are for the call itself (unknown form, language, options); anything
    /// wrong with the document, including JSON syntax, is a finding in the report.
    pub fn validate(&self, form: &str, text: &str, opts: &Options) -> Result<Report, EngineError> {
        self.validate_with_progress(form, text, opts, &mut |_, _| {})
    }

    /// [`Engine::validate`], reporting progress as `(stage, fraction done)` with stages
    /// `parse`, `schema`, `rules` and `messages`, so a Web Worker can drive a progress bar.
    /// The fraction is of the whole check and rises steadily: about every 1% of the text
    /// while parsing and after each rule, weighted by where a big check spends its time.
    pub fn validate_with_progress(
        &self,
        form: &str,
        text: &str,
        opts: &Options,
        progress: &mut dyn FnMut(&str, f64),
    ) -> Result<Report, EngineError> {
        // Earlier submissions: loaded once per checker (`prior`), or read from `context`.
        let loaded = match opts.prior {
            Some(_) => Vec::new(),
            None => self.prior_of(parse_context(opts.context.as_deref())?),
        };
        let history: &[Value] = opts.prior.as_deref().map_or(&loaded, Vec::as_slice);
        let (report, doc) = self.check_text(form, text, history, opts, progress)?;
        if opts.keep_document {
            std::mem::forget(doc);
            std::mem::forget(loaded);
        }
        Ok(report)
    }

    /// The one pipeline of a whole-document check: read, normalise, schema, rules (with
    /// `history`, earlier submissions already normalised), settle, render. Returns the
    /// normalised document too (`None` when unreadable), for checks across documents.
    pub(crate) fn check_text(
        &self,
        form: &str,
        text: &str,
        history: &[Value],
        opts: &Options,
        progress: &mut dyn FnMut(&str, f64),
    ) -> Result<(Report, Option<Value>), EngineError> {
        self.form(form)?;
        let catalog = self.catalog(opts.lang.as_deref())?;
        progress("parse", 0.0);
        if text.len() > MAX_INPUT_BYTES {
            let mut f = too_large(text.len(), "");
            catalog.render(&mut f, self.catalogs.get(&self.manifest.default_language));
            return Ok((
                Report {
                    findings: vec![f],
                    unreadable: true,
                },
                None,
            ));
        }
        let read = read_json(text, "", &mut |f| progress("parse", 0.3 * f));
        self.check_read(form, read, history, opts, progress)
    }

    /// [`Engine::check_text`] after reading: the document (or its syntax finding) on.
    pub(crate) fn check_read(
        &self,
        form: &str,
        read: Result<(Value, Vec<Finding>), Box<Finding>>,
        history: &[Value],
        opts: &Options,
        progress: &mut dyn FnMut(&str, f64),
    ) -> Result<(Report, Option<Value>), EngineError> {
        let form_key = form;
        let form = self.form(form)?;
        let catalog = self.catalog(opts.lang.as_deref())?;
        let mut findings = Vec::new();
        let mut kept_doc = None;
        let mut unreadable = false;
        match read {
            Err(syntax) => {
                unreadable = true;
                findings.push(*syntax);
            }
            Ok((mut doc, duplicates)) => {
                findings.extend(duplicates);
                findings.extend(normalize::normalize(
                    &mut doc,
                    &self.manifest.not_applicable,
                ));
                progress("schema", 0.3);
                let mut checked = structure::check(&form.validator, &doc, &form.schema);
                self.suggest_aliases(&mut checked);
                progress("rules", 0.4);
                let ctx = rules::Ctx::new(&doc, history, opts.today.as_deref());
                // A rule finding on a field the schema already rejects is a cascade of that
                // error: say the root cause once.
                // Sorted, so "is `i` or something inside `i` broken" is one range query:
                // the pointers inside `i` are exactly those in [`i/`, `i0`) ('0' follows '/').
                let broken: std::collections::BTreeSet<&str> = checked
                    .iter()
                    .filter(|f| f.severity == Severity::Error)
                    .map(|f| f.pointer.as_str())
                    .collect();
                let rests_on_broken = |inputs: &[String]| {
                    inputs.iter().any(|i| {
                        broken.contains(i.as_str()) || {
                            let (from, to) = (format!("{i}/"), format!("{i}0"));
                            broken
                                .range::<str, _>((
                                    std::ops::Bound::Included(from.as_str()),
                                    std::ops::Bound::Excluded(to.as_str()),
                                ))
                                .next()
                                .is_some()
                        }
                    })
                };
                let kept: Vec<Finding> = form
                    .rules
                    .check_with_progress(&ctx, &opts.rules, &mut |f| {
                        progress("rules", 0.4 + 0.55 * f)
                    })
                    .into_iter()
                    .filter(|(f, inputs)| {
                        !broken.contains(f.pointer.as_str()) && !rests_on_broken(inputs)
                    })
                    .map(|(f, _)| f)
                    .collect();
                checked.extend(kept);
                checked.sort_by_cached_key(|f| form.labels.sort_key(&f.pointer));
                findings.extend(checked);
                drop(ctx);
                kept_doc = Some(doc);
            }
        }
        settle(&mut findings, opts.mode);
        progress("messages", 0.95);
        self.render(form, form_key, catalog, &mut findings);
        progress("done", 1.0);
        Ok((
            Report {
                findings,
                unreadable,
            },
            kept_doc,
        ))
    }

    /// Check one part of a document (a row, a field: `text`) where it sits in the form
    /// (`pointer`, e.g. `/t3Actions/4311`), without the rest of the document, so a check
    /// on every keystroke costs the same in a 10-row and a 100,000-row submission.
    ///
    /// The part gets the schema checks that apply at its place (for a row: its
    /// conditionals too) and the not-applicable normalisation; findings point into the
    /// whole document. Rules that compare rows or tables need the whole document: they
    /// run in [`Engine::validate`].
    pub fn validate_at(
        &self,
        form: &str,
        pointer: &str,
        text: &str,
        opts: &Options,
    ) -> Result<Report, EngineError> {
        let form_key = form;
        let form = self.form(form)?;
        let catalog = self.catalog(opts.lang.as_deref())?;
        if !a6check_schema::is_json_pointer(pointer) {
            return Err(EngineError::new("bad-pointer").arg("pointer", pointer));
        }
        let locations = part::schema_locations(&form.schema, pointer).ok_or_else(|| {
            EngineError::new("pointer-not-in-form")
                .arg("pointer", pointer)
                .arg("form", form_key)
        })?;
        let validator = self.part_validator(form, &locations)?;
        let mut findings = Vec::new();
        let mut unreadable = false;
        if text.len() > MAX_INPUT_BYTES {
            findings.push(too_large(text.len(), pointer));
            unreadable = true;
        } else {
            match read_json(text, pointer, &mut |_| {}) {
                Err(syntax) => {
                    unreadable = true;
                    findings.push(*syntax);
                }
                Ok((mut value, duplicates)) => {
                    findings.extend(duplicates);
                    // A part that says "not applicable" is an absent part: whether it may
                    // be absent is its parent's question.
                    if !normalize::is_not_applicable(&value, &self.manifest.not_applicable) {
                        let mut checked =
                            normalize::normalize(&mut value, &self.manifest.not_applicable);
                        let mut part = structure::check(&validator, &value, &form.schema);
                        self.suggest_aliases(&mut part);
                        checked.extend(part);
                        for f in &mut checked {
                            f.pointer.insert_str(0, pointer);
                        }
                        checked.sort_by_cached_key(|f| form.labels.sort_key(&f.pointer));
                        findings.extend(checked);
                    }
                }
            }
        }
        settle(&mut findings, opts.mode);
        self.render(form, form_key, catalog, &mut findings);
        Ok(Report {
            findings,
            unreadable,
        })
    }

    /// The validator of the subschemas at `locations` in `form`, compiled once.
    fn part_validator(
        &self,
        form: &Form,
        locations: &[String],
    ) -> Result<std::sync::Arc<structure::Validator>, EngineError> {
        let key = locations.join(" ");
        let mut parts = form
            .parts
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(v) = parts.get(&key) {
            return Ok(v.clone());
        }
        let refs: Vec<Value> = locations
            .iter()
            .map(|l| serde_json::json!({"$ref": format!("{}{}", form.base, part::fragment_of(l))}))
            .collect();
        let wrapper = match <[Value; 1]>::try_from(refs) {
            Ok([one]) => one,
            Err(refs) => serde_json::json!({ "allOf": refs }),
        };
        let mut resources = self.resources.clone();
        resources.push((form.base.clone(), form.schema.clone()));
        let v = structure::compile(&wrapper, None, &resources).map_err(|d| {
            EngineError::new("bundle-schema-invalid")
                .arg("file", form.base.as_str())
                .arg("detail", d)
        })?;
        let v = std::sync::Arc::new(v);
        parts.insert(key, v.clone());
        Ok(v)
    }

    /// Name the fields in words (labels in the message's language) and render every
    /// finding's message.
    pub(crate) fn render(
        &self,
        form: &Form,
        form_key: &str,
        catalog: &Catalog,
        findings: &mut [Finding],
    ) {
        let fallback = self.catalogs.get(&self.manifest.default_language);
        for f in findings.iter_mut() {
            if !f.args.contains_key("field") {
                let label = if f.pointer.is_empty() {
                    catalog
                        .text("label.document", fallback)
                        .unwrap_or("The document")
                        .to_owned()
                } else {
                    form.labels
                        .label_in(&f.pointer, catalog.labels_of(form_key))
                        .map(str::to_owned)
                        .unwrap_or_else(|| last_token(&f.pointer))
                };
                f.args.insert("field".into(), Value::String(label));
            }
            // Args naming another place by pointer (`column`, `other`) also get its label,
            // as `columnField` / `otherField`, so messages can name it in words.
            for name in ["column", "other"] {
                let Some(Value::String(p)) = f.args.get(name) else {
                    continue;
                };
                // Already named (e.g. a place in another document, by that one's form).
                if f.args.contains_key(&format!("{name}Field")) {
                    continue;
                }
                if !p.starts_with('/') || f.args.contains_key("otherSubmission") {
                    continue;
                }
                let label = form
                    .labels
                    .label_in(p, catalog.labels_of(form_key))
                    .map_or_else(|| last_token(p), str::to_owned);
                f.args.insert(format!("{name}Field"), Value::String(label));
            }
            // A more specific wording when the finding is about an earlier submission
            // (`.history`) or names its kind (`.<kind>`), if the catalog has one.
            let variant = if f.args.contains_key("otherSubmission") {
                Some("history".to_owned())
            } else {
                f.args
                    .get("kind")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            };
            if let Some(v) = variant {
                let key = format!("{}.{v}", f.message_key);
                if catalog.text(&key, fallback).is_some() {
                    f.message_key = key;
                }
            }
            catalog.render(f, fallback);
        }
    }
}

/// The finding for a text over [`MAX_INPUT_BYTES`], placed at `at`.
pub(crate) fn too_large(len: usize, at: &str) -> Finding {
    Finding::new("input-too-large", Severity::Error, at)
        .arg("size", len as u64)
        .arg("limit", MAX_INPUT_BYTES as u64)
}

/// Read `text` as the JSON at `at` (`""`: a whole document): its value with a finding
/// for each duplicate key, or the syntax finding (line, column) that makes it unreadable.
pub(crate) fn read_json(
    text: &str,
    at: &str,
    progress: &mut dyn FnMut(f64),
) -> Result<(Value, Vec<Finding>), Box<Finding>> {
    match json::parse_with_progress(text, progress) {
        Err(e) => {
            let mut f = Finding::new("json-syntax", Severity::Error, at)
                .arg("line", e.line)
                .arg("column", e.column)
                .arg("detail", e.kind);
            f.message_key = format!("json-syntax.{}", e.kind);
            Err(Box::new(f))
        }
        Ok(parsed) => {
            let duplicates = parsed
                .duplicates
                .iter()
                .map(|d| {
                    Finding::new(
                        "duplicate-key",
                        Severity::Error,
                        format!("{at}{}", d.pointer),
                    )
                    .arg("line", d.line)
                    .arg("column", d.column)
                })
                .collect();
            Ok((parsed.value, duplicates))
        }
    }
}

/// The last pointer token as a stand-in label, cut to a readable length (a key can be
/// megabytes long; the pointer itself stays exact).
fn last_token(pointer: &str) -> String {
    let token = pointer
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .replace("~1", "/")
        .replace("~0", "~");
    if token.chars().count() > 80 {
        token.chars().take(79).chain(['…']).collect()
    } else {
        token
    }
}

/// What every check does last: draft mode drops the "required" findings, the same
/// (code, pointer) is said once, and past [`MAX_FINDINGS`] the rest is cut with a
/// finding that says so.
fn settle(findings: &mut Vec<Finding>, mode: Mode) {
    if mode == Mode::Draft {
        findings.retain(|f| f.code != "required" && f.code != "conditional-required");
    }
    dedupe(findings);
    if findings.len() > MAX_FINDINGS {
        findings.truncate(MAX_FINDINGS);
        findings.push(
            Finding::new("too-many-findings", Severity::Info, "").arg("limit", MAX_FINDINGS as u64),
        );
    }
}

/// The same (code, pointer) reported twice (e.g. by two `allOf` branches) is said once.
fn dedupe(findings: &mut Vec<Finding>) {
    let mut seen = std::collections::HashSet::new();
    findings.retain(|f| seen.insert((f.code.clone(), f.pointer.clone())));
}

fn prior_submissions(context: Option<Map<String, Value>>) -> Vec<Value> {
    match context.and_then(|mut c| c.remove("priorSubmissions")) {
        Some(Value::Array(items)) => items,
        _ => Vec::new(),
    }
}

/// The rules of a form, for `explain` and the rule catalogue.
impl Engine {
    /// The English field labels (schema titles) of a form by pointer pattern, for translators.
    pub fn labels(&self, form: &str) -> Option<BTreeMap<String, String>> {
        self.forms.get(form).map(|f| {
            f.labels
                .patterns()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        })
    }

    /// Documentation of the schema finding codes (`required`, `format`, ...).
    pub fn codes(&self) -> &Map<String, Value> {
        &self.codes
    }

    /// A code-list value written as a known variant (`x-a6-aliases` of the code list,
    /// e.g. the UNFCCC checker's "First international transfer") gets the official value
    /// as its "did you mean", where spelling distance alone finds none.
    fn suggest_aliases(&self, findings: &mut [Finding]) {
        for f in findings.iter_mut() {
            if f.code != "unknown-controlled-value" || f.args.contains_key("suggestion") {
                continue;
            }
            let Some(Value::String(given)) = f.args.get("value") else {
                continue;
            };
            let official = self
                .resources
                .iter()
                .find_map(|(_, r)| r.get("x-a6-aliases")?.get(given.as_str())?.as_str());
            if let Some(o) = official {
                f.args
                    .insert("suggestion".into(), Value::String(o.to_owned()));
                f.message_key = "unknown-controlled-value.suggest".into();
            }
        }
    }

    /// The rules that run across documents, for `explain` and the rule catalogue.
    pub fn cross_rules(&self) -> &[reconcile::rules::CrossRule] {
        &self.cross
    }

    /// A form's JSON Schema as the bundle gives it: import and report code find there
    /// which code list a field uses, so they accept what validation accepts.
    pub fn form_schema(&self, form: &str) -> Option<&Value> {
        self.forms.get(form).map(|f| &f.schema)
    }

    /// A shared resource of the bundle (a code list) by its path in the bundle
    /// (`codelists/purposes.json`): the one source of official values outside the engine.
    pub fn resource(&self, path: &str) -> Option<&Value> {
        let uri = format!("{}{path}", structure::BUNDLE_BASE);
        self.resources
            .iter()
            .find(|(u, _)| *u == uri)
            .map(|(_, v)| v)
    }

    /// Every form's ruleset, by form key.
    pub fn rulesets(&self) -> impl Iterator<Item = (&str, &Ruleset)> {
        self.forms.iter().map(|(k, f)| (k.as_str(), &f.rules))
    }

    /// The message catalog of `lang` (or the default language).
    pub fn catalog_for(&self, lang: Option<&str>) -> Result<&Catalog, EngineError> {
        self.catalog(lang)
    }

    /// Read and normalise a context (`{"priorSubmissions": [...]}`) once, for
    /// [`Options::prior`]: a portal checking many documents against the same earlier
    /// submissions does not parse them again on every call.
    pub fn load_context(&self, context: Value) -> Result<std::sync::Arc<Vec<Value>>, EngineError> {
        Ok(std::sync::Arc::new(self.prior_of(context_of(context)?)))
    }

    /// The earlier submissions of a context, normalised as documents are.
    fn prior_of(&self, context: Option<Map<String, Value>>) -> Vec<Value> {
        let mut history = prior_submissions(context);
        for h in &mut history {
            normalize::normalize(h, &self.manifest.not_applicable);
        }
        history
    }
}

fn parse_context(text: Option<&str>) -> Result<Option<Map<String, Value>>, EngineError> {
    let Some(text) = text else { return Ok(None) };
    let v = json::parse(text)
        .map_err(|e| {
            EngineError::new("bad-context").arg(
                "detail",
                format!("not JSON (line {}, column {})", e.line, e.column),
            )
        })?
        .value;
    context_of(v)
}

/// A context value checked for shape: an object whose `priorSubmissions` is an array.
fn context_of(v: Value) -> Result<Option<Map<String, Value>>, EngineError> {
    let bad = |d: String| EngineError::new("bad-context").arg("detail", d);
    match v {
        Value::Object(o) => {
            if let Some(p) = o.get("priorSubmissions") {
                if !p.is_array() {
                    return Err(bad(
                        "priorSubmissions must be an array of AEF documents".into()
                    ));
                }
            }
            Ok(Some(o))
        }
        _ => Err(bad(
            "expected an object like {\"priorSubmissions\": [...]}".into()
        )),
    }
}
