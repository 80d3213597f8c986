//! `block-size`: the quantity equals the number of serials (one ITMO = 1 t CO2 eq for
//! GHG blocks). UNCONFIRMED as an official check (brief §4.11), so rules using it are
//! warnings. Options: `quantity` (field). Reported at the quantity; args `value`,
//! `expected` (serial count).

use super::block_range;
use crate::decimal::Decimal;
use crate::rules::{Hit, Row};
use serde::Deserialize;

/// Options of `block-size`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct BlockSize {
    quantity: String,
}

impl BlockSize {
    /// Report quantities that differ from the serial count.
    pub fn run(&self, rows: &[Row<'_>]) -> Vec<Hit> {
        rows.iter()
            .filter_map(|row| {
                let range = block_range(row)?;
                let q = row.get(&self.quantity)?;
                let given = Decimal::parse(&q.as_number()?.to_string())?;
                let count = Decimal::parse(&range.len().to_string())?;
                (given != count).then(|| {
                    Hit::at(row.field_pointer(&self.quantity))
                        .arg("value", q.clone())
                        .arg("expected", serde_json::Value::from(range.len() as u64))
                })
            })
            .collect()
    }
}
