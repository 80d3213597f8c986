//! When two records are the same thing (SHAPES.md, "Identities"): the one place that
//! says what an ITMO, a block, an authorization and a submission are. Every rule that
//! compares records across rows, tables, submissions or Parties asks here.
//!
//! - An ITMO is (cooperative approach, first transferring Party, vintage, serial); a
//!   block is a serial range of one such *space*. Full ITMO unique identifiers are
//!   decomposed before anything is compared, so `1000` and `CA0009-GHA01-GHA-1,000-2024`
//!   are the same serial.
//! - An authorization is (authorizing Party, authorization ID, version). IDs are each
//!   Party's own numbering: a T3/T4 reference (first transferring Party, ID) resolves to
//!   a T2 row of the same document, or of an earlier submission *of that Party*.
//! - A submission is (Party, reported year); a higher version replaces a lower one.

use crate::blocks::{Range, SerialCell};
use crate::rules::{get_path, push_key_text};
use serde_json::Value;
use std::collections::HashMap;

/// The fields that name a block's serial space (registries restart serials per vintage).
pub const BLOCK_SPACE: [&str; 3] = [
    "cooperativeApproachId",
    "firstTransferringPartyId",
    "vintage",
];

/// The attributes that never change for the same ITMOs (SHAPES.md: "Block attributes that
/// never change"; the rest of the identity is the serial space itself).
pub const BLOCK_INVARIANTS: [&str; 3] = ["authorizationId", "metric", "mitigationType"];

/// The serial space of a block row: approach, first transferring Party, vintage as text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Space {
    /// Cooperative approach ID (`CA0009`).
    pub cooperative_approach: String,
    /// First transferring Party (alpha-3).
    pub first_transferring_party: String,
    /// Vintage year, as its digits.
    pub vintage: String,
}

impl Space {
    /// The space of a block row: its own columns, or the parts of its full unique
    /// identifiers when a column is missing. `None` when a part is unknown.
    pub fn of(row: &Value) -> Option<Space> {
        let full = match row.get("firstId").and_then(SerialCell::read) {
            Some(SerialCell::Full(id)) => Some(id),
            _ => None,
        };
        let text = |field: &str, from_id: Option<String>| -> Option<String> {
            match get_path(row, field) {
                Some(v) => {
                    let mut s = String::new();
                    push_key_text(&mut s, v);
                    Some(s)
                }
                None => from_id,
            }
        };
        Some(Space {
            cooperative_approach: text(
                "cooperativeApproachId",
                full.as_ref().map(|i| i.cooperative_approach.clone()),
            )?,
            first_transferring_party: text(
                "firstTransferringPartyId",
                full.as_ref().map(|i| i.first_transferring_party.clone()),
            )?,
            vintage: text("vintage", full.as_ref().map(|i| i.vintage.to_string()))?,
        })
    }

    /// The space written as one key (`\u{1f}`-separated), for hash maps of text keys.
    pub fn write_key(&self, key: &mut String) {
        for part in [
            &self.cooperative_approach,
            &self.first_transferring_party,
            &self.vintage,
        ] {
            key.push_str(part);
            key.push('\u{1f}');
        }
    }
}

/// The serial range of a block row (`firstId`..`lastId`, either notation), when both
/// read and are in order.
pub fn serials(row: &Value) -> Option<Range> {
    let first = SerialCell::read(row.get("firstId")?)?.serial();
    let last = SerialCell::read(row.get("lastId")?)?.serial();
    Range::new(first, last)
}

/// A block: which ITMOs a row is about.
pub fn block(row: &Value) -> Option<(Space, Range)> {
    Some((Space::of(row)?, serials(row)?))
}

/// The Party that submitted an AEF (`t1Submission.party`).
pub fn submitting_party(doc: &Value) -> Option<&str> {
    doc.pointer("/t1Submission/party").and_then(Value::as_str)
}

/// The authorizing Party of each authorization ID reported in an AEF's Table 2: the
/// submitting Party when one of its own ITMOs (first transferring Party = submitter)
/// references it or when nothing does; otherwise the first transferring Party of the
/// T3/T4 rows that reference it (SHAPES.md). A Party that reports another Party's
/// authorization in its Table 2 references it only through that Party's ITMOs.
pub fn authorizing_parties(doc: &Value) -> HashMap<String, String> {
    let own = submitting_party(doc);
    // Per ID: whether an own-ITMO row references it, else the first other Party seen.
    let mut referenced: HashMap<&str, (bool, Option<&str>)> = HashMap::new();
    for table in ["t3Actions", "t4Holdings"] {
        for row in doc
            .get(table)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let (Some(id), Some(ftp)) = (
                row.get("authorizationId").and_then(Value::as_str),
                row.get("firstTransferringPartyId").and_then(Value::as_str),
            ) else {
                continue;
            };
            let e = referenced.entry(id).or_insert((false, None));
            if Some(ftp) == own {
                e.0 = true;
            } else if e.1.is_none() {
                e.1 = Some(ftp);
            }
        }
    }
    let mut out = HashMap::new();
    for t2 in doc
        .get("t2Authorizations")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let Some(id) = t2.get("authorizationId").and_then(Value::as_str) else {
            continue;
        };
        let party = match referenced.get(id) {
            Some((false, Some(other))) => Some(*other),
            _ => own,
        };
        if let Some(p) = party {
            out.insert(id.to_owned(), p.to_owned());
        }
    }
    out
}

/// The submission an AEF is: (Party, reported year as text).
pub fn submission(doc: &Value) -> Option<(String, String)> {
    let party = submitting_party(doc)?.to_owned();
    let year = doc.pointer("/t1Submission/reportedYear")?;
    let mut y = String::new();
    push_key_text(&mut y, year);
    Some((party, y))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn full_identifiers_and_serials_are_one_block() {
        let a = json!({"cooperativeApproachId": "CA0009", "firstTransferringPartyId": "GHA",
            "vintage": 2024, "firstId": 1000, "lastId": 1999});
        let b = json!({"cooperativeApproachId": "CA0009", "firstTransferringPartyId": "GHA",
            "vintage": 2024, "firstId": "CA0009-GHA01-GHA-1,000-2024",
            "lastId": "CA0009-GHA01-GHA-1,999-2024"});
        assert_eq!(block(&a), block(&b));
        assert!(block(&a).is_some());
    }

    #[test]
    fn vintages_are_separate_serial_spaces() {
        let a = json!({"cooperativeApproachId": "CA0009", "firstTransferringPartyId": "GHA",
            "vintage": 2023, "firstId": 1, "lastId": 5000});
        let mut b = a.clone();
        b["vintage"] = json!(2024);
        assert_ne!(block(&a), block(&b));
    }

    #[test]
    fn missing_columns_come_from_the_full_identifier() {
        let a = json!({"firstId": "CA0009-GHA01-GHA-1-2024", "lastId": "CA0009-GHA01-GHA-9-2024"});
        let (space, range) = block(&a).expect("block");
        assert_eq!(space.first_transferring_party, "GHA");
        assert_eq!(space.vintage, "2024");
        assert_eq!(range.len(), 9);
        assert_eq!(block(&json!({"firstId": 1, "lastId": 9})), None);
    }

    #[test]
    fn authorizing_party_is_the_first_transferring_party_else_the_submitter() {
        let doc = json!({
            "t1Submission": {"party": "CHE"},
            "t2Authorizations": [{"authorizationId": "LOA-1"}, {"authorizationId": "OWN-1"}],
            "t3Actions": [{"authorizationId": "LOA-1", "firstTransferringPartyId": "GHA"},
                {"authorizationId": "OWN-1", "firstTransferringPartyId": "SGP"},
                {"authorizationId": "OWN-1", "firstTransferringPartyId": "CHE"}]
        });
        let p = authorizing_parties(&doc);
        assert_eq!(p.get("LOA-1").map(String::as_str), Some("GHA"));
        assert_eq!(p.get("OWN-1").map(String::as_str), Some("CHE"));
    }
}
