//! Realistic generated documents through the whole engine (issue: domain round two):
//! several Parties whose authorization IDs collide (`LOA-001` each), serials that
//! restart per vintage, both ID notations, earlier submissions of several Parties in
//! the context, and a whole file reconciled. The documents are valid and consistent,
//! so every finding is a failure.

use a6check_core::reconcile::Input;
use a6check_core::{Engine, Options};
use a6check_testgen::{series, Plan};
use serde_json::json;

fn engine() -> Engine {
    Engine::from_packed(a6check_default_bundle::PACKED).expect("default bundle")
}

fn plan(seed: u64) -> Plan {
    Plan {
        parties: 5,
        years: vec![2025, 2026],
        first_transfers: 12,
        seed,
    }
}

#[test]
fn every_generated_document_is_valid_with_all_parties_earlier_submissions_as_context() {
    let engine = engine();
    for seed in [1, 2, 3] {
        let docs = series(&plan(seed));
        let earlier: Vec<_> = docs
            .iter()
            .filter(|d| d.year == 2025)
            .map(|d| d.aef.clone())
            .collect();
        for d in &docs {
            // Alone, then with every Party's 2025 submission as context (its own among
            // them for 2026: holdings then reconcile against last year).
            let mut with_context = Options::default();
            if d.year == 2026 {
                with_context.context = Some(json!({ "priorSubmissions": earlier }).to_string());
            }
            for opts in [Options::default(), with_context] {
                let report = engine
                    .validate("aef", &d.aef.to_string(), &opts)
                    .expect("validate");
                let found: Vec<String> = report
                    .findings
                    .iter()
                    .map(|f| format!("{} {} {}", f.code, f.pointer, f.message))
                    .collect();
                assert!(found.is_empty(), "seed {seed} {}: {found:#?}", d.name);
            }
        }
    }
}

#[test]
fn a_generated_multi_party_series_reconciles_clean() {
    let engine = engine();
    let docs = series(&plan(9));
    let inputs = docs.iter().map(|d| {
        Ok(Input {
            name: d.name.clone(),
            form: None,
            text: d.aef.to_string(),
        })
    });
    let r = engine
        .reconcile(inputs, &Options::default())
        .expect("reconcile");
    let found: Vec<String> = r
        .findings
        .iter()
        .map(|f| {
            format!(
                "{} {} {} {}",
                r.documents[f.document].name, f.finding.code, f.finding.pointer, f.finding.message
            )
        })
        .collect();
    assert!(found.is_empty(), "{found:#?}");
    assert_eq!(r.documents.len(), 10);
}

#[test]
fn a_dropped_acquisition_in_a_generated_series_is_found() {
    let engine = engine();
    let mut docs = series(&plan(4));
    // Remove the first acquisition of the second Party's 2025 file.
    let che = docs
        .iter_mut()
        .find(|d| d.party == "CHE" && d.year == 2025)
        .expect("CHE 2025");
    let rows = che.aef["t3Actions"].as_array_mut().expect("rows");
    let at = rows
        .iter()
        .position(|r| r["actionType"] == "Acquisition")
        .expect("an acquisition");
    let gone = rows.remove(at);
    let inputs = docs.iter().map(|d| {
        Ok(Input {
            name: d.name.clone(),
            form: None,
            text: d.aef.to_string(),
        })
    });
    let r = engine
        .reconcile(inputs, &Options::default())
        .expect("reconcile");
    let from = gone["transferringPartyId"].as_str().expect("from");
    let hit = r.findings.iter().find(|f| {
        f.finding.code == "AEF-X-20" && r.documents[f.document].name == format!("{from}-2025.json")
    });
    assert!(hit.is_some(), "no AEF-X-20 on {from}-2025.json");
}
