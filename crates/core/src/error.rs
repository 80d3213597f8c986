//! Engine errors: what stops a6check from checking at all (a broken bundle, an
//! unknown form or language), as data with an English rendering for the edges.
//! Bad *documents* never produce these; they produce findings.

use serde_json::{Map, Value};
use std::fmt;

/// An error of the engine itself, with a stable code and arguments.
#[derive(Debug, Clone, PartialEq)]
pub struct EngineError {
    /// Stable code, e.g. `bundle-schema-invalid`.
    pub code: String,
    /// Details: `file`, `pointer`, `form`, `detail`, ...
    pub args: Map<String, Value>,
}

impl EngineError {
    /// An error with no arguments yet.
    pub fn new(code: &str) -> EngineError {
        EngineError {
            code: code.to_owned(),
            args: Map::new(),
        }
    }

    /// Add an argument (builder style).
    pub fn arg(mut self, key: &str, value: impl Into<Value>) -> EngineError {
        self.args.insert(key.to_owned(), value.into());
        self
    }

    fn get(&self, key: &str) -> String {
        self.args
            .get(key)
            .map(crate::i18n::display)
            .unwrap_or_default()
    }
}

impl fmt::Display for EngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.get("file");
        let text = match self.code.as_str() {
            "bundle-not-json" => format!(
                "the bundle is not valid JSON (line {}, column {})",
                self.get("line"),
                self.get("column")
            ),
            "bundle-not-packed" => {
                "the bundle is not a packed a6check bundle (expected {\"format\": \"a6check-bundle/1\", \"files\": {...}})".to_owned()
            }
            "bundle-file-missing" => format!("the bundle has no file {file}"),
            "bundle-file-not-json" => format!(
                "bundle file {file} is not valid JSON (line {}, column {})",
                self.get("line"),
                self.get("column")
            ),
            "bundle-field-missing" => format!(
                "bundle file {file} lacks a valid value at {}",
                self.get("pointer")
            ),
            "bundle-bad-version" => format!(
                "bundle file {file}: version {:?} is not a semantic version (MAJOR.MINOR.PATCH)",
                self.get("version")
            ),
            "bundle-schema-invalid" => format!(
                "bundle file {file} is not a usable JSON Schema 2020-12: {}",
                self.get("detail")
            ),
            "bundle-rule-invalid" => format!(
                "bundle file {file}: the rule at {} is invalid: {}",
                self.get("pointer"),
                self.get("detail")
            ),
            "bundle-catalog-invalid" => {
                format!("bundle file {file} is not a message catalog: {}", self.get("detail"))
            }
            "unknown-form" => format!(
                "unknown form {:?}; this bundle has: {}",
                self.get("form"),
                self.get("known")
            ),
            "form-not-built" => format!(
                "the form {:?} is not in this bundle yet; this bundle has: {}",
                self.get("form"),
                self.get("known")
            ),
            "unknown-language" => format!(
                "no messages in language {:?}; this bundle has: {}",
                self.get("lang"),
                self.get("known")
            ),
            "bad-pointer" => format!(
                "{:?} is not a JSON Pointer (RFC 6901: empty, or \"/\" followed by tokens)",
                self.get("pointer")
            ),
            "pointer-not-in-form" => format!(
                "the form {:?} has no field at {}",
                self.get("form"),
                self.get("pointer")
            ),
            "bad-options" => format!("invalid options: {}", self.get("detail")),
            "bad-context" => format!("invalid context: {}", self.get("detail")),
            "reconcile-form-unknown" => format!(
                "{file}: not an AEF, letter of authorization or initial report (no t1Submission, authorizingParty or reportType at the top level); give its form as FORM:FILE"
            ),
            other => other.to_owned(),
        };
        f.write_str(&text)
    }
}

impl std::error::Error for EngineError {}
