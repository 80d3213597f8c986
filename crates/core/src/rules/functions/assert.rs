//! `assert`: a JSON Schema that the row, a joined row or the document must satisfy.
//!
//! Options: `subject` (`row` (default), a join name, or `doc`), `schema`, `pointAt`
//! (the row field reported), `args` (`{name: operand}` added to the message args).
//! A row whose join finds nothing is skipped: `exists` reports missing references.

use super::Env;
use crate::rules::operand::Operand;
use crate::rules::predicate::Predicate;
use crate::rules::{Hit, Join, Row};
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Raw {
    #[serde(default)]
    subject: Option<String>,
    schema: Value,
    #[serde(default)]
    point_at: Option<String>,
    #[serde(default)]
    args: BTreeMap<String, Operand>,
}

/// Options of `assert`, with the schema compiled.
pub struct Assert {
    subject: Option<String>,
    validator: Predicate,
    point_at: String,
    args: BTreeMap<String, Operand>,
}

impl Assert {
    /// Parse the options and compile the schema.
    pub fn compile(v: &Value, joins: &[Join]) -> Result<Assert, String> {
        let raw: Raw = super::options(v)?;
        if let Some(s) = &raw.subject {
            if s != "row" && s != "doc" && !joins.iter().any(|j| &j.name == s) {
                return Err(format!("subject {s:?} is not row, doc or a join"));
            }
        }
        for op in raw.args.values() {
            op.validate(joins)?;
        }
        let validator =
            Predicate::compile(&raw.schema).map_err(|e| format!("functionOptions/schema: {e}"))?;
        Ok(Assert {
            subject: raw.subject.filter(|s| s != "row"),
            validator,
            point_at: raw.point_at.unwrap_or_default(),
            args: raw.args,
        })
    }

    /// Report rows whose subject fails the schema.
    pub fn run<'a>(&self, env: &Env<'a, '_>, rows: &[Row<'a>]) -> Vec<Hit> {
        let mut out = Vec::new();
        for row in rows {
            let (subject, at) = match self.subject.as_deref() {
                None => (Some(row.value), Some(row.pointer.to_string())),
                Some("doc") => (env.ctx.doc_of(row.origin), None),
                Some(join) => match env.joined(join, row) {
                    Some(r) => (
                        Some(r.value),
                        (r.origin == crate::rules::Origin::Current).then(|| r.pointer.to_string()),
                    ),
                    None => (None, None),
                },
            };
            let Some(subject) = subject else { continue };
            if self.validator.is_valid(subject) {
                continue;
            }
            let mut hit = Hit::at(row.field_pointer(&self.point_at));
            if let Some(at) = at {
                hit = hit.input(at);
            }
            if let Some(v) = row
                .get(&self.point_at)
                .filter(|_| !self.point_at.is_empty())
            {
                hit = hit.arg("value", v.clone());
            }
            for (name, op) in &self.args {
                if let Some(v) = op.raw(row, env) {
                    hit = hit.arg(name, v.into_owned());
                }
            }
            out.push(hit);
        }
        out
    }
}
