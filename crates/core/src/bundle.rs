//! Schema bundles: the data a schema maintainer edits (manifest, form schemas,
//! code lists, message catalogs), loaded from a file map or a packed JSON file.
//!
//! Core does no IO: the CLI reads a directory into a [`Files`] map, the default
//! bundle is packed at build time, and the Wasm API takes packed JSON text.
//! Every problem is an [`EngineError`] naming the file and what is wrong.

use crate::error::EngineError;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Bundle files by path relative to the bundle root (`/`-separated), parsed.
pub type Files = BTreeMap<String, Value>;

/// The `format` tag of a packed bundle.
pub const PACKED_FORMAT: &str = "a6check-bundle/1";

/// What the manifest says about one form.
#[derive(Debug, Clone)]
pub struct FormSpec {
    /// Form key (`authorization`, `aef`, `initial-report`).
    pub key: String,
    /// Path of the schema file.
    pub schema: String,
    /// Human title.
    pub title: String,
    /// Path of the form's ruleset, if it has one.
    pub rules: Option<String>,
}

/// The parsed `manifest.json`.
#[derive(Debug, Clone)]
pub struct Manifest {
    /// Bundle name.
    pub name: String,
    /// Semantic version of the bundle.
    pub version: String,
    /// Forms by key, in manifest order.
    pub forms: Vec<FormSpec>,
    /// Extra schema files (code lists) registered for `$ref`.
    pub resources: Vec<String>,
    /// Message catalog paths by language.
    pub messages: BTreeMap<String, String>,
    /// Language used when a catalog lacks a key.
    pub default_language: String,
    /// Strings that mean "not applicable" besides `null` and `""` (normally `NA`).
    pub not_applicable: Vec<String>,
    /// Path of the documentation of schema finding codes.
    pub codes: Option<String>,
    /// Path of the ruleset that runs across documents (`a6check reconcile`).
    pub reconcile: Option<String>,
}

/// Parse a packed bundle (`{"format": "a6check-bundle/1", "files": {...}}`).
pub fn unpack(text: &str) -> Result<Files, EngineError> {
    let parsed = crate::json::parse(text).map_err(|e| {
        EngineError::new("bundle-not-json")
            .arg("line", e.line)
            .arg("column", e.column)
    })?;
    let Value::Object(mut root) = parsed.value else {
        return Err(EngineError::new("bundle-not-packed"));
    };
    if root.get("format").and_then(Value::as_str) != Some(PACKED_FORMAT) {
        return Err(EngineError::new("bundle-not-packed"));
    }
    let Some(Value::Object(files)) = root.remove("files") else {
        return Err(EngineError::new("bundle-not-packed"));
    };
    Ok(files.into_iter().collect())
}

/// Pack files into the one-file form that the Wasm API and the demo load.
pub fn pack(files: &Files) -> String {
    let mut root = Map::new();
    root.insert("format".into(), Value::String(PACKED_FORMAT.into()));
    let files: Map<String, Value> = files.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    root.insert("files".into(), Value::Object(files));
    Value::Object(root).to_string()
}

fn str_field(obj: &Map<String, Value>, key: &str, file: &str) -> Result<String, EngineError> {
    obj.get(key)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| {
            EngineError::new("bundle-field-missing")
                .arg("file", file)
                .arg("pointer", format!("/{key}"))
        })
}

/// Read and check `manifest.json` from the files.
pub fn manifest(files: &Files) -> Result<Manifest, EngineError> {
    const FILE: &str = "manifest.json";
    let Some(Value::Object(m)) = files.get(FILE) else {
        return Err(EngineError::new("bundle-file-missing").arg("file", FILE));
    };
    let name = str_field(m, "name", FILE)?;
    let version = str_field(m, "version", FILE)?;
    if !is_semver(&version) {
        return Err(EngineError::new("bundle-bad-version")
            .arg("file", FILE)
            .arg("version", version));
    }
    let Some(Value::Object(forms_obj)) = m.get("forms") else {
        return Err(EngineError::new("bundle-field-missing")
            .arg("file", FILE)
            .arg("pointer", "/forms"));
    };
    let mut forms = Vec::new();
    for (key, spec) in forms_obj {
        let Value::Object(spec) = spec else {
            return Err(EngineError::new("bundle-field-missing")
                .arg("file", FILE)
                .arg("pointer", format!("/forms/{key}")));
        };
        let schema = str_field(spec, "schema", FILE)?;
        let title = spec
            .get("title")
            .and_then(Value::as_str)
            .unwrap_or(key)
            .to_owned();
        let rules = spec.get("rules").and_then(Value::as_str).map(str::to_owned);
        forms.push(FormSpec {
            key: key.clone(),
            schema,
            title,
            rules,
        });
    }
    let strings = |key: &str| -> Vec<String> {
        m.get(key)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    };
    let messages = m
        .get("messages")
        .and_then(Value::as_object)
        .map(|o| {
            o.iter()
                .filter_map(|(k, v)| v.as_str().map(|p| (k.clone(), p.to_owned())))
                .collect()
        })
        .unwrap_or_default();
    let not_applicable = if m.contains_key("notApplicable") {
        strings("notApplicable")
    } else {
        vec!["NA".to_owned()]
    };
    let default_language = m
        .get("defaultLanguage")
        .and_then(Value::as_str)
        .unwrap_or("en")
        .to_owned();
    Ok(Manifest {
        name,
        version,
        forms,
        resources: strings("resources"),
        messages,
        default_language,
        not_applicable,
        codes: m.get("codes").and_then(Value::as_str).map(str::to_owned),
        reconcile: m
            .get("reconcile")
            .and_then(Value::as_str)
            .map(str::to_owned),
    })
}

fn is_semver(v: &str) -> bool {
    let core = v.split(['-', '+']).next().unwrap_or("");
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.bytes().all(|b| b.is_ascii_digit())
                && (p.len() == 1 || !p.starts_with('0'))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semver_shapes() {
        assert!(is_semver("1.2.3"));
        assert!(is_semver("0.1.0-rc.1"));
        assert!(!is_semver("1.2"));
        assert!(!is_semver("01.2.3"));
    }

    #[test]
    fn pack_round_trips() {
        let mut files = Files::new();
        files.insert("manifest.json".into(), serde_json::json!({"name": "x"}));
        let packed = pack(&files);
        assert_eq!(unpack(&packed).ok(), Some(files));
        assert_eq!(
            unpack("{}").err().map(|e| e.code),
            Some("bundle-not-packed".to_owned())
        );
        assert_eq!(
            unpack("{").err().map(|e| e.code),
            Some("bundle-not-json".to_owned())
        );
    }
}
