//! The built-in rule functions, one file each. A function is chosen by name in a
//! rule's `then.function` and configured by `then.functionOptions`, which are
//! checked when the bundle loads (unknown options are errors, so typos surface).

pub mod assert;
pub mod block_ids;
pub mod block_invariants;
pub mod block_overlap;
pub mod block_size;
pub mod compare;
pub mod consistent;
pub mod consumed_held;
pub mod exists;
pub mod first_transfer_before;
pub mod holdings;
pub mod participates;
pub mod sum_limit;
pub mod unique;
pub mod unit_ids;
pub mod version_order;

use super::operand::{As, Operand, Val};
use super::predicate::Predicate;
use super::{Ctx, Hit, Join, Origin, Row, SharedJoin};
use crate::blocks::Range;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

/// What a function sees besides its rows.
pub struct Env<'a, 'b> {
    /// The documents.
    pub ctx: &'b Ctx<'a>,
    /// Joined rows by join name, indexed by key.
    pub joins: &'b [(String, Rc<SharedJoin<'a>>, &'b Join)],
    /// The rule's `when` filter (functions that read other rows of the same kind reuse it).
    pub when: Option<&'b Predicate>,
    /// The rule's `given` pattern.
    pub given: &'b str,
    /// A reusable buffer for join keys: lookups happen per row and operand.
    pub scratch: RefCell<String>,
    /// Operands that do not depend on the row (pointer, constant, today), read once per
    /// origin: `(operand, origin, reading)` → value.
    pub memo: RefCell<Vec<(MemoKey, Option<Val>)>>,
    /// The last join looked up, `((row, join name), joined row)`: a rule's filter and
    /// operands often read the same joined row several times in a row.
    last_join: Cell<Option<(JoinKey, Option<&'b Row<'a>>)>>,
}

/// Identifies a join lookup in [`Env::last_join`]: the row's value and the join's name.
type JoinKey = (*const Value, *const u8, usize);

/// Identifies a row-independent operand reading in [`Env::memo`].
pub type MemoKey = (*const Operand, Origin, Option<As>);

impl<'a, 'b> Env<'a, 'b> {
    /// A function's view for one rule.
    pub fn new(
        ctx: &'b Ctx<'a>,
        joins: &'b [(String, Rc<SharedJoin<'a>>, &'b Join)],
        when: Option<&'b Predicate>,
        given: &'b str,
    ) -> Env<'a, 'b> {
        Env {
            ctx,
            joins,
            when,
            given,
            scratch: RefCell::new(String::new()),
            memo: RefCell::new(Vec::new()),
            last_join: Cell::new(None),
        }
    }

    /// The row joined to `row` under `name`.
    pub fn joined(&self, name: &str, row: &Row<'a>) -> Option<&'b Row<'a>> {
        let at: JoinKey = (std::ptr::from_ref(row.value), name.as_ptr(), name.len());
        if let Some((k, r)) = self.last_join.get() {
            if k == at {
                return r;
            }
        }
        let r = self.lookup_join(name, row);
        self.last_join.set(Some((at, r)));
        r
    }

    fn lookup_join(&self, name: &str, row: &Row<'a>) -> Option<&'b Row<'a>> {
        let (_, shared, join) = self.joins.iter().find(|(n, _, _)| n == name)?;
        let mut key = self.scratch.borrow_mut();
        shared.lookup(join, row, &mut key)
    }

    /// Rows of `pattern` passing the rule's `when` (history included when asked).
    pub fn same_kind_rows(&self, pattern: &str, history: bool) -> Vec<Row<'a>> {
        self.ctx
            .rows(pattern, history)
            .iter()
            .filter(|r| self.when.is_none_or(|w| w.is_valid(r.value)))
            .cloned()
            .collect()
    }
}

/// The names of the built-in functions, for `bundle check` and the ruleset schema.
pub const NAMES: [&str; 16] = [
    "assert",
    "block-ids",
    "block-invariants",
    "block-overlap",
    "block-size",
    "compare",
    "consistent",
    "consumed-held",
    "exists",
    "first-transfer-before",
    "holdings-reconcile",
    "participates",
    "sum-limit",
    "unique",
    "unit-ids",
    "version-order",
];

/// A compiled function with its options.
pub enum Function {
    /// See [`assert`].
    Assert(assert::Assert),
    /// See [`block_ids`].
    BlockIds(block_ids::BlockIds),
    /// See [`block_invariants`].
    BlockInvariants(block_invariants::BlockInvariants),
    /// See [`block_overlap`].
    BlockOverlap(block_overlap::BlockOverlap),
    /// See [`block_size`].
    BlockSize(block_size::BlockSize),
    /// See [`compare`].
    Compare(compare::Compare),
    /// See [`consistent`].
    Consistent(consistent::Consistent),
    /// See [`consumed_held`].
    ConsumedHeld(consumed_held::ConsumedHeld),
    /// See [`exists`].
    Exists(exists::Exists),
    /// See [`first_transfer_before`].
    FirstTransferBefore(first_transfer_before::FirstTransferBefore),
    /// See [`holdings`].
    Holdings(holdings::Holdings),
    /// See [`participates`].
    Participates(participates::Participates),
    /// See [`sum_limit`].
    SumLimit(sum_limit::SumLimit),
    /// See [`unique`].
    Unique(unique::Unique),
    /// See [`unit_ids`].
    UnitIds(unit_ids::UnitIds),
    /// See [`version_order`].
    VersionOrder(version_order::VersionOrder),
}

/// Deserialize options, naming the problem.
pub fn options<T: DeserializeOwned>(v: &Value) -> Result<T, String> {
    serde_json::from_value(v.clone()).map_err(|e| format!("functionOptions: {e}"))
}

impl Function {
    /// Compile `then` (`{"function", "functionOptions"}`).
    pub fn compile(then: &Value, joins: &[Join]) -> Result<Function, String> {
        let name = then
            .get("function")
            .and_then(Value::as_str)
            .ok_or("needs a function name")?;
        let empty = Value::Object(serde_json::Map::new());
        let o = then.get("functionOptions").unwrap_or(&empty);
        Ok(match name {
            "assert" => Function::Assert(assert::Assert::compile(o, joins)?),
            "block-ids" => Function::BlockIds(options(o)?),
            "block-invariants" => Function::BlockInvariants(options(o)?),
            "block-overlap" => Function::BlockOverlap(options(o)?),
            "block-size" => Function::BlockSize(options(o)?),
            "compare" => Function::Compare(compare::Compare::compile(o, joins)?),
            "consistent" => Function::Consistent(options(o)?),
            "consumed-held" => Function::ConsumedHeld(consumed_held::ConsumedHeld::compile(o)?),
            "exists" => Function::Exists(options(o)?),
            "first-transfer-before" => Function::FirstTransferBefore(options(o)?),
            "holdings-reconcile" => Function::Holdings(options(o)?),
            "participates" => Function::Participates(options(o)?),
            "sum-limit" => Function::SumLimit(sum_limit::SumLimit::compile(o, joins)?),
            "unique" => Function::Unique(options(o)?),
            "unit-ids" => Function::UnitIds(options(o)?),
            "version-order" => Function::VersionOrder(options(o)?),
            other => {
                return Err(format!(
                    "unknown function {other:?}; built-ins are: {}",
                    NAMES.join(", ")
                ))
            }
        })
    }

    /// Run over the rule's rows.
    pub fn run<'a>(&self, env: &Env<'a, '_>, rows: &[Row<'a>]) -> Vec<Hit> {
        match self {
            Function::Assert(f) => f.run(env, rows),
            Function::BlockIds(f) => f.run(rows),
            Function::BlockInvariants(f) => f.run(env, rows),
            Function::BlockOverlap(f) => f.run(rows),
            Function::BlockSize(f) => f.run(rows),
            Function::Compare(f) => f.run(env, rows),
            Function::Consistent(f) => f.run(env, rows),
            Function::ConsumedHeld(f) => f.run(env, rows),
            Function::Exists(f) => f.run(env, rows),
            Function::FirstTransferBefore(f) => f.run(env, rows),
            Function::Holdings(f) => f.run(env, rows),
            Function::Participates(f) => f.run(env, rows),
            Function::SumLimit(f) => f.run(env, rows),
            Function::Unique(f) => f.run(env, rows),
            Function::UnitIds(f) => f.run(rows),
            Function::VersionOrder(f) => f.run(env, rows),
        }
    }
}

/// The serial range of a block row, either notation ([`crate::identity::serials`]).
pub fn block_range(row: &Row<'_>) -> Option<Range> {
    crate::identity::serials(row.value)
}

/// The identity of a block's serial space: rows with different keys never share serials.
pub fn block_key(row: &Row<'_>, fields: &[String]) -> String {
    let mut key = String::new();
    write_block_key(&mut key, row, fields);
    key
}

/// [`block_key`] written into `key` (cleared first), so lookups can reuse one buffer.
pub fn write_block_key(key: &mut String, row: &Row<'_>, fields: &[String]) {
    key.clear();
    for f in fields {
        if let Some(v) = row.get(f) {
            super::push_key_text(key, v);
        }
        key.push('\u{1f}');
    }
}

/// Append `item` to the group `key` of `map`, allocating the key only for a new group.
pub fn push_grouped<V>(map: &mut HashMap<String, Vec<V>>, key: &str, item: V) {
    match map.get_mut(key) {
        Some(v) => v.push(item),
        None => {
            map.insert(key.to_owned(), vec![item]);
        }
    }
}

/// The default block identity: a serial space ([`crate::identity::BLOCK_SPACE`]).
pub fn default_block_key() -> Vec<String> {
    crate::identity::BLOCK_SPACE.map(String::from).to_vec()
}
