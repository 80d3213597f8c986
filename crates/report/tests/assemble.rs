//! Ledger → AEF: the realistic fixtures assemble to the bundle's AEF examples, and
//! ledger inconsistencies are findings that point into the ledger.

mod common;
use common::*;

use a6check_report::assemble;
use serde_json::Value;

fn run(name: &str) -> a6check_report::Assembled {
    assemble(&fixture(name)).expect("default bundle")
}

fn t4(a: &a6check_report::Assembled) -> Vec<(u64, u64, String)> {
    a.assembly.aef.as_ref().expect("aef")["t4Holdings"]
        .as_array()
        .expect("t4")
        .iter()
        .map(|h| {
            (
                h["firstId"].as_u64().unwrap_or(0),
                h["lastId"].as_u64().unwrap_or(0),
                h["quantityTCO2e"].to_string(),
            )
        })
        .collect()
}

#[test]
fn ghana_first_transfer_assembles_to_the_example() {
    let a = run("ghana-2025.ledger.json");
    assert_eq!(
        a.assembly.aef,
        Some(json(&example("ghana-2025-first-transfer.json")))
    );
    let f = a.findings();
    assert_eq!(f["valid"], Value::Bool(true), "{f}");
    assert!(codes(&f["ledger"]).is_empty(), "{f}");
    assert!(codes(&f["aef"]).is_empty(), "{f}");
}

#[test]
fn switzerland_acquisition_and_partial_use_assembles_to_the_example() {
    let a = run("switzerland-2025.ledger.json");
    assert_eq!(
        a.assembly.aef,
        Some(json(&example("switzerland-2025-acquisition-and-use.json")))
    );
    assert_eq!(t4(&a), vec![(5001, 11733, "6733".into())]);
    let f = a.findings();
    // Ghana's authorization is Ghana's to report: a warning, not an error.
    assert_eq!(
        codes(&f["ledger"]),
        vec![("LEDGER-08".into(), "/actions/1/authorizationId".into())]
    );
    assert_eq!(f["valid"], Value::Bool(true), "{f}");
    // The actions were out of date order in the ledger; T3 is sorted and keeps its origin.
    assert_eq!(
        a.ledger_pointer("/t3Actions/0/firstId").as_deref(),
        Some("/actions/1/firstId")
    );
    assert_eq!(
        a.ledger_pointer("/t1Submission/party").as_deref(),
        Some("/party")
    );
}

#[test]
fn switzerland_opening_holdings_split_twice() {
    let a = run("switzerland-2025-opening.ledger.json");
    let f = a.findings();
    assert_eq!(f["valid"], Value::Bool(true), "{f}");
    // Thai block (CA0002) 1-1916 minus 1-500 and 1001-1200; Ghana block minus 1-5000.
    assert_eq!(
        t4(&a),
        vec![
            (501, 1000, "500".into()),
            (1201, 1916, "716".into()),
            (5001, 11733, "6733".into())
        ]
    );
    let aef = a.assembly.aef.expect("aef");
    assert_eq!(
        aef["t2Authorizations"][0]["authorizationId"],
        "THA-A62-2022-001"
    );
    let order: Vec<&str> = aef["t3Actions"]
        .as_array()
        .expect("t3")
        .iter()
        .map(|r| r["actionDate"].as_str().unwrap_or(""))
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);
}

#[test]
fn vanuatu_corsia_split_leaves_401_to_600_held() {
    let a = run("vanuatu-2025.ledger.json");
    assert_eq!(
        a.assembly.aef,
        Some(json(&example("vanuatu-2025-corsia-oimp.json")))
    );
    assert_eq!(t4(&a), vec![(401, 600, "200".into())]);
    let f = a.findings();
    assert_eq!(f["valid"], Value::Bool(true), "{f}");
    assert!(codes(&f["ledger"]).is_empty(), "{f}");
}

#[test]
fn moving_serials_not_held_points_into_the_ledger() {
    let a = run("switzerland-2025-bad.ledger.json");
    let f = a.findings();
    assert_eq!(f["valid"], Value::Bool(false));
    let ledger = codes(&f["ledger"]);
    assert!(
        ledger.contains(&("LEDGER-01".into(), "/actions/2/firstId".into())),
        "{ledger:?}"
    );
    assert!(
        ledger.contains(&("LEDGER-01".into(), "/actions/3/firstId".into())),
        "{ledger:?}"
    );
    let first = f["ledger"]["findings"]
        .as_array()
        .and_then(|l| l.iter().find(|x| x["pointer"] == "/actions/3/firstId"))
        .expect("finding");
    assert_eq!(first["args"]["serials"], "4000-4500");
    assert_eq!(first["severity"], "error");
    assert!(first["message"]
        .as_str()
        .unwrap_or("")
        .contains("does not hold"));
    // Holdings are still derived from what could be applied.
    assert_eq!(t4(&a), vec![(5001, 11733, "6733".into())]);
}

#[test]
fn aef_findings_carry_the_ledger_pointer() {
    let mut ledger = json(&fixture("switzerland-2025.ledger.json"));
    // A use towards the NDC for 2031, outside the NDC period 2021-2030 (STC03).
    ledger["actions"][0]["yearUsedTowardsNdc"] = Value::from(2031);
    let a = assemble(&ledger.to_string()).expect("bundle");
    let f = a.findings();
    let hit = f["aef"]["findings"]
        .as_array()
        .and_then(|l| l.iter().find(|x| x["code"] == "STC03"))
        .unwrap_or_else(|| panic!("{f}"));
    assert_eq!(hit["pointer"], "/t3Actions/1/yearUsedTowardsNdc");
    assert_eq!(
        hit["args"]["ledgerPointer"],
        "/actions/0/yearUsedTowardsNdc"
    );
}

#[test]
fn quantity_only_actions_take_the_top_of_the_block() {
    let mut ledger = json(&fixture("switzerland-2025.ledger.json"));
    let use_row = ledger["actions"][0].as_object_mut().expect("row");
    use_row.remove("firstId");
    use_row.remove("lastId");
    use_row.insert("quantityTCO2e".into(), Value::from(733));
    let a = assemble(&ledger.to_string()).expect("bundle");
    // The holder keeps the lowest sub-block: 1-11000 stay held, 11001-11733 are used.
    assert_eq!(t4(&a), vec![(1, 11000, "11000".into())]);
    let aef = a.assembly.aef.as_ref().expect("aef");
    assert_eq!(aef["t3Actions"][1]["firstId"], 11001);
    assert_eq!(aef["t3Actions"][1]["lastId"], 11733);
    assert!(codes(&a.findings()["ledger"])
        .contains(&("LEDGER-12".into(), "/actions/0/quantityTCO2e".into())));
}

#[test]
fn ledger_problems_are_findings() {
    let a = assemble("{\"party\": \"CHE\", \"actions\": [1, {\"actionType\": \"Teleport\", \"actionDate\": \"2025-02-30\"}], \"extra\": 1").expect("bundle");
    assert!(a.assembly.unreadable);
    assert_eq!(codes(&a.findings()["ledger"])[0].0, "json-syntax");

    let a = assemble("{\"party\": \"CHE\", \"actions\": [1, {\"actionType\": \"Teleport\", \"actionDate\": \"2025-02-30\"}], \"extra\": 1}").expect("bundle");
    let c = codes(&a.findings()["ledger"]);
    for want in [
        ("LEDGER-00", "/extra"),
        ("LEDGER-00", "/reportedYear"),
        ("LEDGER-00", "/actions/0"),
        ("LEDGER-04", "/actions/1/actionDate"),
    ] {
        assert!(
            c.contains(&(want.0.into(), want.1.into())),
            "{want:?} in {c:?}"
        );
    }
}

#[test]
fn non_ghg_blocks_split_exactly_or_say_so() {
    let mut ledger = json(&fixture("switzerland-2025.ledger.json"));
    for r in ledger["actions"].as_array_mut().expect("actions") {
        r["metric"] = "non-GHG".into();
        r["nonGhgMetric"] = "MWh of renewable electricity".into();
    }
    // 11,733 serials carrying 10 t: a use of 5,000 serials cannot take an exact share.
    ledger["actions"][1]["quantityTCO2e"] = Value::from(10);
    ledger["actions"][1]["quantityNonGhg"] = Value::from(20);
    let a = assemble(&ledger.to_string()).expect("bundle");
    let t4 = &a.assembly.aef.as_ref().expect("aef")["t4Holdings"][0];
    assert_eq!(t4["firstId"], 5001);
    assert!(codes(&a.findings()["ledger"])
        .contains(&("LEDGER-10".into(), "/actions/0/quantityTCO2e".into())));
    // Remainder = whole − the share taken, so the parts add up exactly.
    let taken = a6check_report::num::prorate(rust_decimal::Decimal::from(10), 5000, 11733).0;
    let left = a6check_report::num::of_value(&t4["quantityTCO2e"]).expect("number");
    assert_eq!(taken + left, rust_decimal::Decimal::from(10));
}
