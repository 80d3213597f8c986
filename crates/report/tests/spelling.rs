//! One spelling policy for validation, import and report: a Party given by name in a
//! workbook imports as its alpha-3 code, a variant spelling of a code-list value imports
//! as the official value (each with an info finding), an unknown name stays and is
//! reported, and the report operations refuse what validation refuses.

mod common;
use common::*;

use a6check_core::{Engine, Options, Severity};
use a6check_report::btr::BtrOptions;
use a6check_report::summary::summarize;
use a6check_report::workbook::{export, import_with, ImportedReport};
use serde_json::Value;

fn engine() -> Engine {
    Engine::from_packed(a6check_default_bundle::PACKED).expect("default bundle")
}

fn ghana() -> Value {
    json(&example("ghana-2025-first-transfer.json"))
}

/// Export `aef` as a workbook (cells hold the text as written) and import it again.
fn through_workbook(aef: &Value) -> ImportedReport {
    let bytes = export(aef).expect("export").bytes;
    import_with(&engine(), &bytes, &Options::default()).expect("import")
}

/// The workbook finding with `code` at `pointer`.
fn workbook_finding<'a>(
    r: &'a ImportedReport,
    code: &str,
    pointer: &str,
) -> &'a a6check_core::Finding {
    r.imported
        .findings
        .iter()
        .find(|f| f.code == code && f.pointer == pointer)
        .unwrap_or_else(|| panic!("no {code} at {pointer}: {:?}", r.imported.findings))
}

#[test]
fn party_names_import_as_alpha3_codes_with_an_info_finding() {
    let original = ghana();
    let mut named = original.clone();
    named["t1Submission"]["party"] = "Ghana".into(); // English
    named["t3Actions"][0]["acquiringPartyId"] = "Suisse".into(); // French
    named["t2Authorizations"][0]["authorizedParties"] = serde_json::json!(["Confederación Suiza"]); // Spanish
    named["t5AuthorizedEntities"][0]["countryOfIncorporation"] = "  SWITZERLAND ".into(); // case
    named["t3Actions"][0]["firstTransferringPartyId"] = "gha".into(); // a code in small letters
    let r = through_workbook(&named);
    let aef = r.imported.aef.clone().expect("aef");
    // Every name became the code of the original document, and nothing else changed.
    assert_eq!(canonical(&aef), canonical(&original));

    let f = workbook_finding(&r, "xlsx-party-name", "/t1Submission/party");
    assert_eq!(f.severity, Severity::Info);
    assert_eq!(f.args["value"], "Ghana");
    assert_eq!(f.args["party"], "GHA");
    assert_eq!(f.args["language"], "en");
    assert_eq!(f.args["sheet"], "Table 1 Submission");
    assert_eq!(f.args["column"], "C");
    let f = workbook_finding(&r, "xlsx-party-name", "/t3Actions/0/acquiringPartyId");
    assert_eq!(
        (&f.args["party"], &f.args["language"]),
        (&"CHE".into(), &"fr".into())
    );
    let f = workbook_finding(
        &r,
        "xlsx-party-name",
        "/t2Authorizations/0/authorizedParties/0",
    );
    assert_eq!(
        (&f.args["party"], &f.args["language"]),
        (&"CHE".into(), &"es".into())
    );
    workbook_finding(
        &r,
        "xlsx-party-name",
        "/t5AuthorizedEntities/0/countryOfIncorporation",
    );
    let f = workbook_finding(
        &r,
        "xlsx-normalised",
        "/t3Actions/0/firstTransferringPartyId",
    );
    assert_eq!(f.args["normalised"], "GHA");
    // Only information: the workbook and the AEF are valid.
    assert_eq!(r.findings()["valid"], true, "{}", r.findings());
}

#[test]
fn un_short_names_and_the_european_union_are_parties() {
    let mut named = ghana();
    named["t3Actions"][0]["acquiringPartyId"] =
        "United Kingdom of Great Britain and Northern Ireland".into();
    named["t2Authorizations"][0]["authorizedParties"] = serde_json::json!([
        "European Union",
        "Türkiye",
        "Viet Nam",
        "Iran (Islamic Republic of)"
    ]);
    let r = through_workbook(&named);
    let aef = r.imported.aef.clone().expect("aef");
    assert_eq!(aef["t3Actions"][0]["acquiringPartyId"], "GBR");
    assert_eq!(
        aef["t2Authorizations"][0]["authorizedParties"],
        serde_json::json!(["EUU", "TUR", "VNM", "IRN"])
    );
}

#[test]
fn an_unknown_party_name_stays_and_is_reported() {
    let mut named = ghana();
    named["t3Actions"][0]["acquiringPartyId"] = "Switzerlande".into();
    named["t5AuthorizedEntities"][0]["countryOfIncorporation"] = "Atlantis".into();
    let r = through_workbook(&named);
    let aef = r.imported.aef.clone().expect("aef");
    assert_eq!(aef["t3Actions"][0]["acquiringPartyId"], "Switzerlande");
    assert_eq!(
        aef["t5AuthorizedEntities"][0]["countryOfIncorporation"],
        "Atlantis"
    );

    let f = workbook_finding(&r, "xlsx-unknown-party", "/t3Actions/0/acquiringPartyId");
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.args["value"], "Switzerlande");
    assert_eq!(f.args["suggestion"], "Switzerland");
    assert_eq!(f.args["party"], "CHE");
    assert_eq!(f.args["column"], "V");
    let f = workbook_finding(
        &r,
        "xlsx-unknown-party",
        "/t5AuthorizedEntities/0/countryOfIncorporation",
    );
    assert!(f.args.get("suggestion").is_none(), "{f:?}");
    assert!(!r
        .imported
        .findings
        .iter()
        .any(|f| f.code == "xlsx-party-name"));
    // Validation then refuses the value where it sits: the import is not valid.
    let findings = r.findings();
    assert_eq!(findings["valid"], false);
    let aef_findings = findings["aef"]["findings"]
        .as_array()
        .expect("aef findings");
    assert!(
        aef_findings
            .iter()
            .any(|f| f["pointer"] == "/t3Actions/0/acquiringPartyId" && f["severity"] == "error"),
        "{findings}"
    );
}

#[test]
fn variant_spellings_are_normalised_on_import_with_an_info_finding() {
    let original = ghana();
    let mut variant = original.clone();
    // The UNFCCC checker's spelling (an alias in the code list), and case/spacing variants.
    variant["t3Actions"][0]["actionSubtype"] = "First international transfer".into();
    variant["t3Actions"][0]["mitigationType"] = "EMISSION  REDUCTIONS".into();
    variant["t2Authorizations"][0]["sectors"] = serde_json::json!(["energy generation"]);
    let r = through_workbook(&variant);
    let aef = r.imported.aef.clone().expect("aef");
    assert_eq!(canonical(&aef), canonical(&original));

    let f = workbook_finding(&r, "xlsx-normalised", "/t3Actions/0/actionSubtype");
    assert_eq!(f.severity, Severity::Info);
    assert_eq!(f.args["value"], "First international transfer");
    assert_eq!(f.args["normalised"], "First transfer to another Party");
    assert_eq!(f.args["codeList"], "action-subtypes");
    assert_eq!(f.args["sheet"], "Table 3 Actions");
    assert_eq!(f.args["column"], "D");
    let f = workbook_finding(&r, "xlsx-normalised", "/t3Actions/0/mitigationType");
    assert_eq!(f.args["normalised"], "Emission reductions");
    let f = workbook_finding(&r, "xlsx-normalised", "/t2Authorizations/0/sectors/0");
    assert_eq!(f.args["normalised"], "Energy generation");
    assert_eq!(r.findings()["valid"], true, "{}", r.findings());
}

#[test]
fn an_unknown_value_is_not_guessed_on_import() {
    let mut bad = ghana();
    bad["t3Actions"][0]["actionSubtype"] = "First transfer abroad".into();
    let r = through_workbook(&bad);
    let aef = r.imported.aef.clone().expect("aef");
    assert_eq!(
        aef["t3Actions"][0]["actionSubtype"],
        "First transfer abroad"
    );
    assert!(!r
        .imported
        .findings
        .iter()
        .any(|f| f.code == "xlsx-normalised"));
    let findings = r.findings();
    assert!(
        findings["aef"]["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|f| f["code"] == "unknown-controlled-value"
                && f["pointer"] == "/t3Actions/0/actionSubtype"),
        "{findings}"
    );
}

#[test]
fn the_report_refuses_first_international_transfer_as_validation_does() {
    let good = ghana();
    let mut checker = good.clone();
    checker["t3Actions"][0]["actionSubtype"] = "First international transfer".into();

    // Validation refuses it.
    let report = engine()
        .validate("aef", &checker.to_string(), &Options::default())
        .expect("validate");
    let v = report
        .findings
        .iter()
        .find(|f| f.pointer == "/t3Actions/0/actionSubtype")
        .unwrap_or_else(|| panic!("{:?}", report.findings));
    assert_eq!(v.code, "unknown-controlled-value");

    // The summary refuses it the same way: same code, severity and args, the pointer
    // inside document 0; and it does not count as a first transfer to another Party.
    let s = summarize(&[checker], &BtrOptions::default());
    let r = s["findings"]["findings"]
        .as_array()
        .and_then(|l| {
            l.iter()
                .find(|f| f["pointer"] == "/0/t3Actions/0/actionSubtype")
        })
        .unwrap_or_else(|| panic!("{}", s["findings"]));
    assert_eq!(r["code"], v.code.as_str());
    assert_eq!(r["severity"], "error");
    let mut args = r["args"].as_object().cloned().expect("args");
    assert_eq!(args.remove("document"), Some(Value::from(0)));
    assert_eq!(args, v.args, "{r}");
    assert_eq!(s["findings"]["valid"], false);
    let year = |s: &Value| {
        s["btr"][0]["years"]
            .as_array()
            .and_then(|ys| ys.iter().find(|y| y["year"] == 2025))
            .cloned()
            .unwrap_or_else(|| panic!("{}", s["btr"]))
    };
    let refused = year(&s);
    assert_eq!(refused["firstTransferredToAnotherParty"], "0", "{refused}");
    assert_eq!(refused["firstTransferredForOimp"], "0", "{refused}");

    // The official spelling is accepted and counted.
    let s = summarize(&[good], &BtrOptions::default());
    assert_eq!(s["findings"]["valid"], true, "{}", s["findings"]);
    assert_eq!(year(&s)["firstTransferredToAnotherParty"], "11733");
}

#[test]
fn the_report_refuses_an_action_type_in_other_letters() {
    let mut doc = ghana();
    doc["t3Actions"][0]["actionType"] = "first transfer".into();
    let s = summarize(&[doc], &BtrOptions::default());
    let hit = s["findings"]["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|f| f["pointer"] == "/0/t3Actions/0/actionType")
        .unwrap_or_else(|| panic!("{}", s["findings"]));
    assert_eq!(hit["code"], "unknown-controlled-value");
    assert_eq!(hit["args"]["suggestion"], "First transfer");
}

#[test]
fn many_unknown_party_names_are_all_reported_and_suggestions_stop() {
    let mut doc = ghana();
    let names: Vec<Value> = (0..250)
        .map(|i| Value::String(format!("Ghana{i}")))
        .collect();
    doc["t2Authorizations"][0]["authorizedParties"] = Value::Array(names);
    let r = through_workbook(&doc);
    let unknown: Vec<_> = r
        .imported
        .findings
        .iter()
        .filter(|f| f.code == "xlsx-unknown-party")
        .collect();
    assert_eq!(unknown.len(), 250);
    assert_eq!(unknown[0].args["suggestion"], "Ghana");
    // Past 200 distinct unknown texts the importer stops looking for the closest name.
    assert!(
        unknown[249].args.get("suggestion").is_none(),
        "{:?}",
        unknown[249]
    );
    assert_eq!(unknown[249].args["value"], "Ghana249");
}
