//! Property tests: Table 4 derived by block arithmetic equals a naive per-serial
//! simulation, however often blocks are split, with serials conserved, no overlap and
//! quantities equal to serial counts.

use a6check_report::assemble::assemble_text;
use proptest::prelude::*;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};

const PARTY: &str = "CHE";

#[derive(Debug, Clone)]
struct Op {
    kind: &'static str,
    key: usize,
    first: u64,
    len: u64,
}

fn key(k: usize) -> (&'static str, &'static str) {
    [("CA0001", "GHA"), ("CA0002", "GHA"), ("CA0001", PARTY)][k]
}

fn block(k: usize, first: u64, last: u64, auth: &str) -> Map<String, Value> {
    let (ca, ftp) = key(k);
    let v = json!({
        "cooperativeApproachId": ca, "authorizationId": auth, "firstTransferringPartyId": ftp,
        "partyItmoRegistryId": "CHE01", "firstId": first, "lastId": last, "metric": "GHG",
        "quantityTCO2e": last - first + 1, "mitigationType": "Emission reductions", "vintage": 2024
    });
    v.as_object().cloned().unwrap_or_default()
}

fn op() -> impl Strategy<Value = Op> {
    (
        prop::sample::select(vec![
            "Acquisition",
            "Transfer",
            "Use",
            "Cancellation",
            "Voluntary Cancellation",
            "First transfer",
        ]),
        0usize..3,
        1u64..60,
        1u64..25,
    )
        .prop_map(|(kind, key, first, len)| Op {
            kind,
            key,
            first,
            len,
        })
}

type Naive = BTreeMap<(usize, u64), String>;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn table4_equals_a_per_serial_simulation(
        opening in prop::collection::vec((0usize..3, 1u64..60, 1u64..30), 0..4),
        ops in prop::collection::vec(op(), 0..25),
    ) {
        let mut naive: Naive = BTreeMap::new();
        let mut opening_rows = Vec::new();
        for (i, (k, first, len)) in opening.iter().enumerate() {
            let auth = format!("O{i}");
            let last = first + len - 1;
            for s in *first..=last {
                naive.entry((*k, s)).or_insert_with(|| auth.clone());
            }
            opening_rows.push(Value::Object(block(*k, *first, last, &auth)));
        }
        let mut actions = Vec::new();
        for (i, o) in ops.iter().enumerate() {
            let auth = format!("A{i}");
            let last = o.first + o.len - 1;
            let mut row = block(o.key, o.first, last, &auth);
            row.insert("actionType".into(), o.kind.into());
            row.insert("actionDate".into(), format!("2025-{:02}-{:02}", i / 28 + 1, i % 28 + 1).into());
            actions.push(Value::Object(row));
            for s in o.first..=last {
                if o.kind == "Acquisition" {
                    naive.entry((o.key, s)).or_insert_with(|| auth.clone());
                } else {
                    naive.remove(&(o.key, s));
                }
            }
        }
        let ledger = json!({
            "party": PARTY, "reportedYear": 2025, "ndcFirstYear": 2021, "ndcLastYear": 2030,
            "version": "1.0", "dateOfSubmission": "2026-04-01",
            "openingHoldings": opening_rows, "actions": actions
        });
        let a = assemble_text(&ledger.to_string());
        let aef = a.aef.expect("aef");
        let mut derived: Naive = BTreeMap::new();
        let mut seen: BTreeSet<(usize, u64)> = BTreeSet::new();
        for h in aef["t4Holdings"].as_array().expect("t4") {
            let k = (0..3).find(|&k| key(k) == (h["cooperativeApproachId"].as_str().unwrap_or(""), h["firstTransferringPartyId"].as_str().unwrap_or(""))).expect("key");
            let (f, l) = (h["firstId"].as_u64().expect("first"), h["lastId"].as_u64().expect("last"));
            prop_assert!(f <= l);
            prop_assert_eq!(h["quantityTCO2e"].as_u64(), Some(l - f + 1), "quantity = serial count");
            for s in f..=l {
                prop_assert!(seen.insert((k, s)), "serial {} of key {} held twice", s, k);
                derived.insert((k, s), h["authorizationId"].as_str().unwrap_or("").to_owned());
            }
        }
        // Same serials, each carrying the attributes of the row that brought it in.
        prop_assert_eq!(&derived, &naive);
        // Table 3 keeps every action, in date order.
        prop_assert_eq!(aef["t3Actions"].as_array().map(Vec::len), Some(ops.len()));
    }
}
