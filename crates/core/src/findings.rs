//! Findings: what every validation returns, as data first and words last.
//!
//! A finding is born as `{code, severity, pointer, args}`; the message is rendered
//! from the bundle's catalog at the edge ([`crate::i18n`]). The JSON form is the
//! public contract of `SHAPES.md` and is produced by one function,
//! [`Report::to_json`], so the CLI and the Wasm build emit identical bytes.

use serde_json::{Map, Value};

/// How bad a finding is. `valid` is false exactly when some finding is an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The document must change before it can be submitted.
    Error,
    /// Probably wrong, or wrong under a rule that is not confirmed.
    Warning,
    /// Worth knowing; never blocks.
    Info,
}

impl Severity {
    /// The contract spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    /// Parse the contract spelling.
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }
}

/// One problem found in a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Stable code (`required`, `unknown-controlled-value`, `STC04`, ...).
    pub code: String,
    /// How bad it is.
    pub severity: Severity,
    /// RFC 6901 pointer to the field that must change (for `required`, the missing child).
    pub pointer: String,
    /// Message key in the catalog; usually the code.
    pub message_key: String,
    /// Values for the message and for programs (`field`, `value`, `limit`, ...).
    pub args: Map<String, Value>,
    /// The rendered message, filled by [`crate::i18n::Catalog::render`].
    pub message: String,
}

impl Finding {
    /// A finding whose message key is its code.
    pub fn new(code: &str, severity: Severity, pointer: impl Into<String>) -> Finding {
        Finding {
            code: code.to_owned(),
            severity,
            pointer: pointer.into(),
            message_key: code.to_owned(),
            args: Map::new(),
            message: String::new(),
        }
    }

    /// The finding as the JSON contract writes it (`code`, `severity`, then `document`
    /// when reconciling several, `pointer`, `message`, `args`).
    pub fn to_value(&self, document: Option<&str>) -> Value {
        let mut m = Map::new();
        m.insert("code".into(), Value::String(self.code.clone()));
        m.insert(
            "severity".into(),
            Value::String(self.severity.as_str().into()),
        );
        if let Some(d) = document {
            m.insert("document".into(), Value::String(d.to_owned()));
        }
        m.insert("pointer".into(), Value::String(self.pointer.clone()));
        m.insert("message".into(), Value::String(self.message.clone()));
        m.insert("args".into(), Value::Object(self.args.clone()));
        Value::Object(m)
    }

    /// Add an argument (builder style).
    pub fn arg(mut self, key: &str, value: impl Into<Value>) -> Finding {
        self.args.insert(key.to_owned(), value.into());
        self
    }
}

/// The result of validating one document.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Findings in a stable order.
    pub findings: Vec<Finding>,
    /// True when the input could not be read as JSON at all (the CLI exits 2).
    pub unreadable: bool,
}

impl Report {
    /// False exactly when some finding is an error.
    pub fn valid(&self) -> bool {
        !self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// The findings object of SHAPES.md, compact, keys in contract order.
    pub fn to_json(&self) -> String {
        let findings: Vec<Value> = self.findings.iter().map(|f| f.to_value(None)).collect();
        let mut root = Map::new();
        root.insert("valid".into(), Value::Bool(self.valid()));
        root.insert("findings".into(), Value::Array(findings));
        Value::Object(root).to_string()
    }
}
