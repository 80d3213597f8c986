//! `compare`: a field against another value.
//!
//! Options: `left`, `right` (operands, see [`crate::rules::operand`]), `op`
//! (`eq`, `ne`, `lt`, `le`, `gt`, `ge`, `in`, `not-in`, `between` with `upper`), `as` (how both sides are read
//! unless an operand says otherwise), `pointAt` (the row field reported; default the
//! left field). Nothing is reported when either side is absent: presence is the schema's job.
//! Args: `value` (left), `expected` (right), `op`.

use super::Env;
use crate::rules::operand::{As, Operand, Val};
use crate::rules::{Hit, Join, Row};
use serde::Deserialize;
use std::cmp::Ordering;

/// The comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Op {
    /// Equal.
    Eq,
    /// Not equal.
    Ne,
    /// Less than.
    Lt,
    /// Less than or equal.
    Le,
    /// Greater than.
    Gt,
    /// Greater than or equal.
    Ge,
    /// Left is one of the right list's items.
    In,
    /// Left is none of the right list's items.
    NotIn,
    /// `right` ≤ left ≤ `upper`.
    Between,
}

impl Op {
    fn name(self) -> &'static str {
        match self {
            Op::Eq => "eq",
            Op::Ne => "ne",
            Op::Lt => "lt",
            Op::Le => "le",
            Op::Gt => "gt",
            Op::Ge => "ge",
            Op::In => "in",
            Op::NotIn => "not-in",
            Op::Between => "between",
        }
    }
}

/// Options of `compare`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Compare {
    left: Operand,
    op: Op,
    right: Operand,
    #[serde(default)]
    upper: Option<Operand>,
    #[serde(default, rename = "as")]
    read_as: Option<As>,
    #[serde(default)]
    point_at: Option<String>,
}

impl Compare {
    /// Parse and check the options.
    pub fn compile(v: &serde_json::Value, joins: &[Join]) -> Result<Compare, String> {
        let c: Compare = super::options(v)?;
        c.left.validate(joins)?;
        c.right.validate(joins)?;
        match (&c.upper, c.op) {
            (Some(u), Op::Between) => u.validate(joins)?,
            (None, Op::Between) => return Err("op between needs an upper operand".into()),
            (Some(_), _) => return Err("upper is only for op between".into()),
            _ => {}
        }
        Ok(c)
    }

    /// True when the comparison holds for `row`, `None` when it cannot be evaluated.
    pub fn holds<'a>(&self, env: &Env<'a, '_>, row: &Row<'a>) -> Option<(bool, Val, Val)> {
        let l = self.left.read(row, env, self.read_as)?;
        let r = self.right.read(row, env, self.read_as)?;
        let ok = match self.op {
            Op::Between => {
                let u = self.upper.as_ref()?.read(row, env, self.read_as)?;
                let ok = l.compare(&r)? != Ordering::Less && l.compare(&u)? != Ordering::Greater;
                return Some((ok, l, Val::List(vec![r, u])));
            }
            Op::In | Op::NotIn => {
                let Val::List(items) = &r else { return None };
                let found = items.contains(&l);
                found == (self.op == Op::In)
            }
            op => {
                let ord = l.compare(&r)?;
                match op {
                    Op::Eq => ord == Ordering::Equal,
                    Op::Ne => ord != Ordering::Equal,
                    Op::Lt => ord == Ordering::Less,
                    Op::Le => ord != Ordering::Greater,
                    Op::Gt => ord == Ordering::Greater,
                    _ => ord != Ordering::Less,
                }
            }
        };
        Some((ok, l, r))
    }

    /// Report rows where the comparison fails.
    pub fn run<'a>(&self, env: &Env<'a, '_>, rows: &[Row<'a>]) -> Vec<Hit> {
        let field = self
            .point_at
            .clone()
            .or_else(|| {
                if self.left.join.is_none() {
                    self.left.field.clone()
                } else {
                    None
                }
            })
            .unwrap_or_default();
        rows.iter()
            .filter_map(|row| {
                let (ok, l, r) = self.holds(env, row)?;
                (!ok).then(|| {
                    let mut hit = Hit::at(row.field_pointer(&field))
                        .arg("value", l.to_json())
                        .arg("expected", r.to_json())
                        .arg("op", self.op.name());
                    for op in [Some(&self.left), Some(&self.right), self.upper.as_ref()]
                        .into_iter()
                        .flatten()
                    {
                        if let Some(p) = op.location(row, env) {
                            hit = hit.input(p);
                        }
                    }
                    hit
                })
            })
            .collect()
    }
}
