//! `participates`: a Party reports only on cooperative approaches it takes part in
//! (UNFCCC II01): as the first transferring Party of the block, or as a Party named in
//! `authorizedParties` of an authorization of that approach (an authorization with no
//! authorized Parties covers any Party). When no authorization of the approach is
//! known (neither here nor in earlier submissions), nothing can be said.
//!
//! Options: `party` (operand: the reporting Party), `history`. Reported at the row's
//! `cooperativeApproachId`; args `party`, `value` (the approach).

use super::Env;
use crate::rules::operand::Operand;
use crate::rules::{Hit, Row};
use serde::Deserialize;
use serde_json::Value;
use std::collections::HashMap;

/// Options of `participates`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Participates {
    party: Operand,
    #[serde(default = "default_authorizations")]
    authorizations: String,
    #[serde(default)]
    history: bool,
}

fn default_authorizations() -> String {
    "/t2Authorizations/*".into()
}

impl Participates {
    /// Report rows on approaches the Party has no part in.
    pub fn run<'a>(&self, env: &Env<'a, '_>, rows: &[Row<'a>]) -> Vec<Hit> {
        // Per approach: None = some authorization covers any Party; Some(list) otherwise.
        let mut parties: HashMap<String, Option<Vec<String>>> = HashMap::new();
        for a in env.ctx.rows(&self.authorizations, self.history).iter() {
            let Some(Value::String(ca)) = a.get("cooperativeApproachId") else {
                continue;
            };
            let named: Option<Vec<String>> = match a.get("authorizedParties") {
                Some(Value::Array(items)) if !items.is_empty() => Some(
                    items
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect(),
                ),
                _ => None,
            };
            let slot = parties
                .entry(ca.clone())
                .or_insert_with(|| Some(Vec::new()));
            match (slot.as_mut(), named) {
                (Some(list), Some(n)) => list.extend(n),
                _ => *slot = None,
            }
        }
        let mut out = Vec::new();
        for row in rows {
            let party = self.party.raw(row, env);
            let Some(Value::String(party)) = party.as_deref() else {
                continue;
            };
            let Some(Value::String(ca)) = row.get("cooperativeApproachId") else {
                continue;
            };
            if row.get("firstTransferringPartyId").and_then(Value::as_str) == Some(party.as_str()) {
                continue;
            }
            match parties.get(ca) {
                Some(Some(list)) if !list.contains(party) => {
                    let mut hit = Hit::at(row.field_pointer("cooperativeApproachId"))
                        .arg("party", party.clone())
                        .arg("value", ca.clone())
                        .input(row.field_pointer("firstTransferringPartyId"));
                    if let Some(p) = self.party.location(row, env) {
                        hit = hit.input(p);
                    }
                    out.push(hit)
                }
                _ => {}
            }
        }
        out
    }
}
