//! `block-ids`: the First ID and Last ID of a block.
//!
//! Options: `check` — `order`: first ≤ last (reported at `lastId`, args `first`, `last`);
//! `parts`: full unique identifiers (`CA0009-GHA01-GHA-1,000-2024`) agree with each
//! other except for the serial, and with the row's own columns named in `columns`
//! (`cooperativeApproachId`, `firstTransferringPartyId`, `vintage`) — UNFCCC II07.
//! Reported at the identifier, args `column`, `value` (in the ID), `expected` (column).

use crate::blocks::SerialCell;
use crate::rules::{Hit, Row};
use serde::Deserialize;
use serde_json::Value;

/// Which check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Check {
    /// First serial ≤ last serial.
    Order,
    /// Identifier parts agree.
    Parts,
}

/// Options of `block-ids`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct BlockIds {
    check: Check,
    #[serde(default)]
    columns: Vec<String>,
}

impl BlockIds {
    /// Run the check.
    pub fn run(&self, rows: &[Row<'_>]) -> Vec<Hit> {
        let mut out = Vec::new();
        for row in rows {
            let first = row.get("firstId").and_then(SerialCell::read);
            let last = row.get("lastId").and_then(SerialCell::read);
            match self.check {
                Check::Order => {
                    if let (Some(f), Some(l)) = (&first, &last) {
                        if f.serial() > l.serial() {
                            out.push(
                                Hit::at(row.field_pointer("lastId"))
                                    .arg("first", f.serial())
                                    .arg("last", l.serial()),
                            );
                        }
                    }
                }
                Check::Parts => {
                    if let (Some(SerialCell::Full(f)), Some(SerialCell::Full(l))) = (&first, &last)
                    {
                        let same = f.cooperative_approach == l.cooperative_approach
                            && f.registry == l.registry
                            && f.first_transferring_party == l.first_transferring_party
                            && f.vintage == l.vintage;
                        if !same {
                            out.push(
                                Hit::at(row.field_pointer("lastId"))
                                    .arg("column", row.field_pointer("firstId"))
                                    .arg("value", row.get("lastId").cloned().unwrap_or(Value::Null))
                                    .arg(
                                        "expected",
                                        row.get("firstId").cloned().unwrap_or(Value::Null),
                                    ),
                            );
                            continue;
                        }
                    }
                    for (cell_field, cell) in [("firstId", &first), ("lastId", &last)] {
                        let Some(SerialCell::Full(id)) = cell else {
                            continue;
                        };
                        for col in &self.columns {
                            let in_id: Value = match col.as_str() {
                                "cooperativeApproachId" => id.cooperative_approach.clone().into(),
                                "firstTransferringPartyId" => {
                                    id.first_transferring_party.clone().into()
                                }
                                "partyItmoRegistryId" => id.registry.clone().into(),
                                "vintage" => id.vintage.into(),
                                _ => continue,
                            };
                            let Some(column) = row.get(col) else { continue };
                            let equal = match (column, &in_id) {
                                (Value::Number(a), Value::Number(b)) => a.as_u64() == b.as_u64(),
                                (a, b) => a == b,
                            };
                            if !equal {
                                out.push(
                                    Hit::at(row.field_pointer(cell_field))
                                        .arg("column", row.field_pointer(col))
                                        .arg("value", in_id)
                                        .arg("expected", column.clone()),
                                );
                                break;
                            }
                        }
                    }
                }
            }
        }
        out
    }
}
