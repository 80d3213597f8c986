//! The default bundle's forms as validator pairs, and its examples and fixtures as the
//! documents the engine's schema stage would see (fixture patches applied, then the
//! engine's not-applicable normalisation).

use crate::{Mode, Pair};
use a6check_core::bundle::{self, Files};
use a6check_core::structure::BUNDLE_BASE;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// Every `.json` file under `dir` into `files`, keyed by its `/`-joined relative path.
fn read_dir(dir: &Path, prefix: &str, files: &mut Files) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            read_dir(&path, &format!("{prefix}{name}/"), files)?;
        } else if name.ends_with(".json") {
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let value = a6check_core::json::parse(&text)
                .map_err(|e| format!("{}: not JSON ({})", path.display(), e.kind))?
                .value;
            files.insert(format!("{prefix}{name}"), value);
        }
    }
    Ok(())
}

/// One form of the bundle, compiled by both validators.
pub struct Form {
    /// The form's schema file in the bundle (`forms/aef.schema.json`).
    pub schema_file: String,
    /// Both validators.
    pub pair: Pair,
}

/// A document of the bundle: `examples/...` or `fixtures/...`, before normalisation.
pub struct Document {
    /// Bundle path.
    pub path: String,
    /// Form key.
    pub form: String,
    /// The JSON (a fixture's base with its patch applied).
    pub value: Value,
}

/// The default bundle, ready for differential checks.
pub struct Bundle {
    /// Form key → compiled pair.
    pub forms: BTreeMap<String, Form>,
    /// Every example and fixture document, in bundle order.
    pub documents: Vec<Document>,
    /// The bundle's spellings of "not applicable" (removed by normalisation).
    not_applicable: Vec<String>,
    /// Every string value of every code list (for misspelling mutations).
    pub code_values: Vec<String>,
}

impl Bundle {
    /// Load and compile the bundle in directory `dir` (`schemas/`), examples and fixtures
    /// included (the packed default bundle leaves them out).
    pub fn load(dir: &Path) -> Result<Bundle, String> {
        let mut files = Files::new();
        read_dir(dir, "", &mut files)?;
        Bundle::from_files(&files)
    }

    /// Compile `files` (a bundle) the way the engine does, for both validators.
    pub fn from_files(files: &Files) -> Result<Bundle, String> {
        let manifest = bundle::manifest(files).map_err(|e| e.code)?;
        let mut resources = Vec::new();
        let mut code_values = Vec::new();
        for path in &manifest.resources {
            let contents = files
                .get(path)
                .ok_or_else(|| format!("bundle file {path} missing"))?;
            if let Some(Value::Array(values)) = contents.get("enum") {
                code_values.extend(values.iter().filter_map(Value::as_str).map(str::to_owned));
            }
            resources.push((format!("{BUNDLE_BASE}{path}"), contents.clone()));
        }
        let mut forms = BTreeMap::new();
        for spec in &manifest.forms {
            let schema = files
                .get(&spec.schema)
                .ok_or_else(|| format!("bundle file {} missing", spec.schema))?;
            let base = format!("{BUNDLE_BASE}{}", spec.schema);
            let pair = Pair::compile(schema, &resources, Mode::Bundle { base: &base });
            forms.insert(
                spec.key.clone(),
                Form {
                    schema_file: spec.schema.clone(),
                    pair,
                },
            );
        }
        let mut documents = Vec::new();
        for (path, value) in files {
            if let Some(rest) = path.strip_prefix("examples/") {
                if let Some((form, _)) = rest.split_once('/') {
                    documents.push(Document {
                        path: path.clone(),
                        form: form.to_owned(),
                        value: value.clone(),
                    });
                }
            } else if path.starts_with("fixtures/")
                && value.get("form").and_then(Value::as_str) == Some("reconcile")
            {
                // Several documents: each one that is JSON is a case of its own form.
                let docs = value.get("documents").and_then(Value::as_array);
                for (i, d) in docs.into_iter().flatten().enumerate() {
                    if d.get("text").is_some() {
                        continue; // not JSON on purpose (a syntax finding), no schema case
                    }
                    let doc = a6check_core::fixtures::document(files, d)
                        .map_err(|e| format!("{path}: documents/{i}: {e}"))?;
                    let form = d
                        .get("form")
                        .and_then(Value::as_str)
                        .or_else(|| a6check_core::reconcile::recognise(&doc))
                        .ok_or_else(|| format!("{path}: documents/{i}: no form"))?;
                    documents.push(Document {
                        path: format!("{path}#documents/{i}"),
                        form: form.to_owned(),
                        value: doc,
                    });
                }
            } else if path.starts_with("fixtures/") {
                let form = value
                    .get("form")
                    .and_then(Value::as_str)
                    .ok_or_else(|| format!("{path}: fixture without form"))?;
                let doc = a6check_core::fixtures::document(files, value)
                    .map_err(|e| format!("{path}: {e}"))?;
                documents.push(Document {
                    path: path.clone(),
                    form: form.to_owned(),
                    value: doc,
                });
            }
        }
        Ok(Bundle {
            forms,
            documents,
            not_applicable: manifest.not_applicable.clone(),
            code_values,
        })
    }

    /// `doc` as the engine's schema stage sees it (not-applicable members removed).
    pub fn normalize(&self, mut doc: Value) -> Value {
        a6check_core::normalize::normalize(&mut doc, &self.not_applicable);
        doc
    }
}
