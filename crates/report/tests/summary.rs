//! Summaries and the BTR structured summary: the Tanzania series reproduces the
//! Gold Standard/Verra tool's split exactly, by year of first transfer and by vintage.

mod common;
use common::*;

use a6check_report::btr::{read_emissions, BtrOptions, ElapsedFrom, Method};
use a6check_report::summary::summarize;
use serde_json::Value;

fn tanzania() -> Vec<Value> {
    vec![
        json(&fixture("tanzania-2025.aef.json")),
        json(&fixture("tanzania-2026.aef.json")),
    ]
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("not a string: {v}"))
}

#[test]
fn tanzania_split_by_year_of_first_transfer_and_by_vintage() {
    let out = summarize(&tanzania(), &BtrOptions::default());
    let btr = &out["btr"][0];
    assert_eq!(btr["party"], "TZA");
    assert_eq!(s(&btr["firstTransferredByYear"]["2025"]), "180867");
    assert_eq!(s(&btr["firstTransferredByYear"]["2026"]), "142504");
    assert_eq!(s(&btr["firstTransferredByVintage"]["2022"]), "67497");
    assert_eq!(s(&btr["firstTransferredByVintage"]["2023"]), "230126");
    assert_eq!(s(&btr["firstTransferredByVintage"]["2024"]), "25748");
    assert_eq!(s(&btr["cumulativeFirstTransferred"]), "323371");
    let years = btr["years"].as_array().expect("years");
    let y2026 = years.iter().find(|y| y["year"] == 2026).expect("2026");
    assert_eq!(s(&y2026["cumulativeFirstTransferred"]), "323371");
    assert_eq!(s(&y2026["cumulativeFirstTransferredByVintage"]), "323371");
    assert_eq!(s(&y2026["firstTransferredForOimp"]), "142504");
    // Annual method: the adjustment is booked by vintage (para 8).
    let y2023 = years.iter().find(|y| y["year"] == 2023).expect("2023");
    assert_eq!(s(&y2023["correspondingAdjustment"]), "230126");
    assert_eq!(s(&y2023["firstTransferred"]), "0");
    assert_eq!(out["findings"]["valid"], true);
}

#[test]
fn emissions_balance_and_averaging() {
    let emissions = read_emissions(&json(&fixture("tanzania-emissions.json"))).expect("emissions");
    let annual = summarize(
        &tanzania(),
        &BtrOptions {
            emissions: emissions.clone(),
            ..BtrOptions::default()
        },
    );
    let y2022 = annual["btr"][0]["years"]
        .as_array()
        .expect("years")
        .iter()
        .find(|y| y["year"] == 2022)
        .cloned()
        .expect("2022");
    // EB = E + FT(v=2022) − U = 82,140,311.5 + 67,497.
    assert_eq!(s(&y2022["emissionsBalance"]), "82207808.5");

    let avg = summarize(
        &tanzania(),
        &BtrOptions {
            emissions: emissions.clone(),
            method: Method::Averaging,
            elapsed_from: ElapsedFrom::NdcStart,
        },
    );
    let a = &avg["btr"][0]["averaging"];
    // Period 2021-2030, data up to 2026: six elapsed years, 323,371 / 6 is not exact.
    assert_eq!(a["elapsedYears"], 6);
    assert_eq!(a["provisional"], true);
    assert_eq!(s(&a["numerator"]), "323371");
    assert_eq!(s(&a["averageAdjustment"]), "53895.166667");
    assert_eq!(a["exact"], false);
    assert_eq!(a["elapsedYearsFrom"], "ndc-start");
    assert!(avg["btr"][0]["years"][0]
        .get("correspondingAdjustment")
        .is_none());

    // With an NDC period starting in 2026, the option changes the denominator.
    let mut docs = tanzania();
    for d in &mut docs {
        d["t1Submission"]["ndcFirstYear"] = Value::from(2025);
    }
    let from_start = summarize(
        &docs,
        &BtrOptions {
            method: Method::Averaging,
            ..BtrOptions::default()
        },
    );
    let from_2021 = summarize(
        &docs,
        &BtrOptions {
            method: Method::Averaging,
            elapsed_from: ElapsedFrom::Y2021,
            ..BtrOptions::default()
        },
    );
    assert_eq!(from_start["btr"][0]["averaging"]["elapsedYears"], 2);
    assert_eq!(from_2021["btr"][0]["averaging"]["elapsedYears"], 6);
    // Vintages 2025-2026 only: nothing first transferred is of those vintages.
    assert_eq!(s(&from_start["btr"][0]["averaging"]["numerator"]), "0");
}

#[test]
fn totals_and_reconciliation() {
    let docs = vec![
        json(&example("switzerland-2025-acquisition-and-use.json")),
        json(&example("ghana-2025-first-transfer.json")),
    ];
    let out = summarize(&docs, &BtrOptions::default());
    let che = &out["documents"][0];
    assert_eq!(
        s(&che["totals"]["byActionType"]["Acquisition"]["quantityTCO2e"]),
        "11733"
    );
    assert_eq!(s(&che["totals"]["byActionType"]["Use"]["itmos"]), "5000");
    // Ghana's T2 gives the purpose of the authorization Switzerland's actions refer to.
    assert_eq!(
        s(&che["totals"]["byPurpose"]["NDC"]["Use"]["quantityTCO2e"]),
        "5000"
    );
    assert_eq!(
        s(&che["totals"]["byCooperativeApproach"]["CA0009"]["Acquisition"]["quantityTCO2e"]),
        "11733"
    );
    let rec = &che["reconciliation"];
    assert_eq!(rec["reconciles"], true);
    assert_eq!(rec["openingKnown"], false);
    let b = &rec["blocks"][0];
    assert_eq!(
        (
            s(&b["acquired"]),
            s(&b["removed"]),
            s(&b["expectedClosing"]),
            s(&b["closing"])
        ),
        ("11733", "5000", "6733", "6733")
    );

    // Next year: opening = last year's T4; using 5001-6000 leaves 6001-11733.
    let mut next = docs[0].clone();
    next["t1Submission"]["reportedYear"] = Value::from(2026);
    next["t3Actions"] = Value::Array(vec![docs[0]["t3Actions"][1].clone()]);
    next["t3Actions"][0]["firstId"] = Value::from(5001);
    next["t3Actions"][0]["lastId"] = Value::from(6000);
    next["t4Holdings"][0]["firstId"] = Value::from(6001);
    let out = summarize(&[docs[0].clone(), next.clone()], &BtrOptions::default());
    let rec = &out["documents"][1]["reconciliation"];
    assert_eq!(rec["openingKnown"], true);
    assert_eq!(rec["reconciles"], true, "{rec}");
    assert_eq!(s(&rec["blocks"][0]["opening"]), "6733");
    // A T4 that lost serials does not reconcile.
    next["t4Holdings"][0]["firstId"] = Value::from(7001);
    let out = summarize(&[docs[0].clone(), next], &BtrOptions::default());
    let rec = &out["documents"][1]["reconciliation"];
    assert_eq!(rec["reconciles"], false);
    assert_eq!(s(&rec["blocks"][0]["missing"]), "1000");
}

#[test]
fn options_are_read_strictly() {
    let o = BtrOptions::from_json(
        r#"{"emissions": {"2025": "1.5"}, "method": "averaging", "elapsedYearsFrom": "2021"}"#,
    )
    .expect("ok");
    assert_eq!(o.method, Method::Averaging);
    assert_eq!(o.elapsed_from, ElapsedFrom::Y2021);
    assert!(BtrOptions::from_json(r#"{"method": "yearly"}"#).is_err());
    assert!(BtrOptions::from_json(r#"{"emissions": {"2025": "a lot"}}"#).is_err());
    assert!(BtrOptions::from_json(r#"{"emissions": {"twenty": "1"}}"#).is_err());
}
