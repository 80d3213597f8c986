//! The CLI contract, end to end through the real binary: exit codes, stdin,
//! one-line errors, exact numbers, bundles from directories and packed files.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_a6check"))
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn example() -> PathBuf {
    root().join("schemas/examples/authorization/ghana-ndc.json")
}

fn example_text() -> String {
    std::fs::read_to_string(example()).expect("example")
}

fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut cmd = bin();
    cmd.args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn a6check");
    if let Some(input) = stdin {
        // The child may exit before reading (a usage error): a broken pipe is fine.
        let _ = child.stdin.take().expect("stdin").write_all(input);
    } else {
        drop(child.stdin.take());
    }
    child.wait_with_output().expect("wait")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_str(stdout(o).trim()).expect("stdout is JSON")
}

fn validate_text(text: &str, extra: &[&str]) -> Output {
    let mut args = vec!["validate", "--form", "authorization"];
    args.extend_from_slice(extra);
    args.push("-");
    run(&args, Some(text.as_bytes()))
}

fn tmpdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("a6check-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("tmpdir");
    d
}

#[test]
fn valid_file_exits_0_with_the_findings_object() {
    let ex = example();
    let o = run(
        &[
            "validate",
            "--form",
            "authorization",
            ex.to_str().expect("path"),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "{\"valid\":true,\"findings\":[]}\n");
}

#[test]
fn findings_exit_1_and_point_at_the_field() {
    let bad = example_text().replace("\"CA0009\"", "\"CA9\"");
    let o = validate_text(&bad, &[]);
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    assert_eq!(v["valid"], false);
    let f = &v["findings"][0];
    assert_eq!(f["code"], "format");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["pointer"], "/cooperativeApproachId");
    assert_eq!(f["args"]["value"], "CA9");
    assert!(f["message"]
        .as_str()
        .unwrap_or("")
        .contains("Cooperative approach ID"));
}

#[test]
fn missing_required_field_points_at_the_missing_child() {
    let mut doc: serde_json::Value = serde_json::from_str(&example_text()).expect("json");
    doc.as_object_mut().expect("object").remove("metric");
    let o = validate_text(&doc.to_string(), &[]);
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    let codes: Vec<(&str, &str)> = v["findings"]
        .as_array()
        .expect("array")
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap_or(""),
                f["pointer"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(codes, vec![("required", "/metric")]);
    // Draft mode: a half-filled form does not shout.
    let o = validate_text(&doc.to_string(), &["--mode", "draft"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(json(&o)["findings"].as_array().map(Vec::len), Some(0));
}

#[test]
fn syntax_errors_exit_2_with_line_and_column() {
    let o = validate_text("{\n  \"authorizationId\": \"A\",\n  \"version\": ,\n}", &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(err.contains("line 3, column 14"), "{err}");
    let v = json(&o);
    assert_eq!(v["findings"][0]["code"], "json-syntax");
    assert_eq!(v["findings"][0]["args"]["line"], 3);
    assert_eq!(v["findings"][0]["args"]["column"], 14);
    for bad in [
        "",
        "not json",
        "{\"a\": 1} trailing",
        "{\"a\": NaN}",
        "[1, 2",
        "{\"a\": \"\\q\"}",
    ] {
        let o = validate_text(bad, &[]);
        assert_eq!(o.status.code(), Some(2), "input {bad:?}");
        assert_eq!(stderr(&o).lines().count(), 1, "input {bad:?}");
        assert!(!stderr(&o).contains("panicked"));
    }
}

#[test]
fn unreadable_input_and_bad_usage_exit_2_with_one_line() {
    for (args, needle) in [
        (
            vec!["validate", "--form", "authorization", "/no/such/file.json"],
            "no such file",
        ),
        (
            vec!["validate", "--form", "no-such-form", "-"],
            "unknown form",
        ),
        (vec!["validate"], "required"),
        (
            vec![
                "validate",
                "--form",
                "authorization",
                "--format",
                "yaml",
                "-",
            ],
            "yaml",
        ),
        (vec!["frobnicate"], "frobnicate"),
        (
            vec!["validate", "--form", "authorization", "--lang", "xx", "-"],
            "xx",
        ),
    ] {
        let o = run(&args, Some(b"{}"));
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
    }
    let o = run(
        &["validate", "--form", "authorization", "-"],
        Some(&[0x7b, 0xff, 0xfe, 0x7d]),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("UTF-8"), "{}", stderr(&o));
}

#[test]
fn bom_is_accepted_and_duplicate_keys_are_findings() {
    let o = validate_text(&format!("\u{feff}{}", example_text()), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let dup = example_text().replacen("\"version\": 1,", "\"version\": 1, \"version\": 2,", 1);
    let o = validate_text(&dup, &[]);
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    assert_eq!(v["findings"][0]["code"], "duplicate-key");
    assert_eq!(v["findings"][0]["pointer"], "/version");
}

#[test]
fn a_40_digit_quantity_is_never_rounded() {
    let digits = "1234567890123456789012345678901234567890";
    let doc = example_text().replace(
        "\"authorizedQuantity\": 500000",
        &format!("\"authorizedQuantity\": {digits}"),
    );
    let o = validate_text(&doc, &[]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains(&format!("\"value\":{digits}")), "{out}");
    let v = json(&o);
    assert_eq!(v["findings"][0]["code"], "number-out-of-range");
    assert_eq!(v["findings"][0]["pointer"], "/authorizedQuantity");
}

/// A tiny bundle directory with a numeric form, to test `--bundle` and exact `multipleOf`.
fn numeric_bundle(dir: &Path) {
    std::fs::create_dir_all(dir.join("forms")).expect("mkdir");
    std::fs::create_dir_all(dir.join("messages")).expect("mkdir");
    std::fs::write(
        dir.join("manifest.json"),
        r#"{"name": "t", "version": "1.0.0", "forms": {"amounts": {"schema": "forms/amounts.json"}}, "messages": {"en": "messages/en.json"}}"#,
    )
    .expect("write");
    std::fs::write(
        dir.join("forms/amounts.json"),
        r#"{"type": "object", "properties": {"cents": {"title": "Amount", "multipleOf": 0.01}, "tenths": {"multipleOf": 0.1}, "big": {"type": "integer", "multipleOf": 0.123456789}}}"#,
    )
    .expect("write");
    std::fs::write(
        dir.join("messages/en.json"),
        r#"{"messages": {"multiple-of": "{field} must be a multiple of {limit}"}}"#,
    )
    .expect("write");
}

#[test]
fn multiple_of_is_decided_on_exact_digits() {
    let dir = tmpdir("numeric");
    numeric_bundle(&dir);
    let b = dir.to_str().expect("path");
    let check = |doc: &str| {
        let o = run(
            &["validate", "--bundle", b, "--form", "amounts", "-"],
            Some(doc.as_bytes()),
        );
        assert_ne!(o.status.code(), Some(2), "{}", stderr(&o));
        o.status.code() == Some(0)
    };
    for ok in ["19.99", "143.48", "8.69", "1.11"] {
        assert!(
            check(&format!("{{\"cents\": {ok}}}")),
            "{ok} is a multiple of 0.01"
        );
    }
    for ok in ["0.3", "12.2"] {
        assert!(
            check(&format!("{{\"tenths\": {ok}}}")),
            "{ok} is a multiple of 0.1"
        );
    }
    for bad in ["5.0001", "5.0000001", "0.00000005"] {
        assert!(
            !check(&format!("{{\"cents\": {bad}}}")),
            "{bad} is not a multiple of 0.01"
        );
    }
    assert!(!check("{\"big\": 1e308}"));
    let o = run(
        &["validate", "--bundle", b, "--form", "amounts", "-"],
        Some(b"{\"cents\": 5.0001}"),
    );
    assert!(
        stdout(&o).contains("Amount must be a multiple of 0.01"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn broken_bundles_exit_2_naming_the_file() {
    let dir = tmpdir("broken");
    numeric_bundle(&dir);
    std::fs::write(
        dir.join("forms/amounts.json"),
        r#"{"type": "object", "minimum": "zero"}"#,
    )
    .expect("write");
    let b = dir.to_str().expect("path");
    let o = run(
        &["validate", "--bundle", b, "--form", "amounts", "-"],
        Some(b"{}"),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("forms/amounts.json"), "{}", stderr(&o));
    std::fs::write(dir.join("forms/amounts.json"), "{\"type\": ").expect("write");
    let o = run(
        &["validate", "--bundle", b, "--form", "amounts", "-"],
        Some(b"{}"),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("amounts.json") && stderr(&o).contains("line 1"),
        "{}",
        stderr(&o)
    );
    let o = run(
        &[
            "validate",
            "--bundle",
            "/no/such/bundle.json",
            "--form",
            "amounts",
            "-",
        ],
        Some(b"{}"),
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stderr(&o).lines().count(), 1);
}

#[test]
fn packed_bundle_equals_the_embedded_default() {
    let out = tmpdir("pack").join("bundle.json");
    let schemas = root().join("schemas");
    let o = run(
        &[
            "bundle",
            "pack",
            schemas.to_str().expect("path"),
            "-o",
            out.to_str().expect("path"),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let packed = std::fs::read_to_string(&out).expect("packed");
    assert_eq!(packed.trim_end(), a6check_default_bundle::PACKED);
    let ex = example();
    let o = run(
        &[
            "validate",
            "--bundle",
            out.to_str().expect("path"),
            "--form",
            "authorization",
            ex.to_str().expect("path"),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn every_bundle_example_and_fixture_passes() {
    let schemas = root().join("schemas");
    let o = run(&["bundle", "test", schemas.to_str().expect("path")], None);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
}

#[test]
fn text_format_names_file_line_and_column() {
    let bad = example_text().replace("\"CA0009\"", "\"CA9\"");
    let o = validate_text(&bad, &["--format", "text"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.starts_with("<stdin>:7:28: error[format] Cooperative approach ID"),
        "{out}"
    );
    assert!(out.contains("1 error(s), 0 warning(s)"), "{out}");
}

#[test]
fn validate_at_checks_one_row_where_it_sits() {
    let row = br#"{"actionDate": "2025-02-30", "actionType": "First transfer"}"#;
    let o = run(
        &[
            "validate",
            "--form",
            "aef",
            "--at",
            "/t3Actions/12",
            "--format",
            "text",
            "-",
        ],
        Some(row),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    // Columns are found in the part's own text; pointers are the whole document's.
    assert!(
        out.starts_with("<stdin>:1:16: error[format] Action date"),
        "{out}"
    );
    assert!(out.contains("(/t3Actions/12/actionDate)"), "{out}");
    assert!(
        out.contains("(/t3Actions/12/cooperativeApproachId)"),
        "{out}"
    );
    let o = run(
        &["validate", "--form", "aef", "--at", "/t3Actions/x", "-"],
        Some(b"{}"),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no field at /t3Actions/x"),
        "{}",
        stderr(&o)
    );
    let o = run(
        &[
            "validate",
            "--form",
            "aef",
            "--at",
            "/t3Actions/0/vintage",
            "-",
        ],
        Some(b"2025"),
    );
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
}

/// The Ghana example with one change: an action dated outside the reported year (STC01,
/// error), a quantity that disagrees with the serials (AEF-X-13, UNCONFIRMED: a warning)
/// and an authorized entity with no Table 5 row (AUTH-05: error only with history).
fn severities_document() -> String {
    let path = root().join("schemas/examples/aef/ghana-2025-first-transfer.json");
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("example")).expect("json");
    doc["t3Actions"][0]["actionDate"] = "2024-12-31".into();
    doc["t3Actions"][0]["quantityTCO2e"] = 11_000.into();
    doc["t2Authorizations"][0]["authorizedEntities"] = serde_json::json!(["GHA-NOT-LISTED"]);
    doc.to_string()
}

fn severities(extra: &[&str], context: Option<&str>) -> Vec<(String, String)> {
    let dir = tmpdir("severities");
    let mut args = vec!["validate", "--form", "aef"];
    let ctx_path = dir.join("context.json");
    let ctx = ctx_path.to_str().expect("path").to_owned();
    if let Some(c) = context {
        std::fs::write(&ctx_path, c).expect("write context");
        args.extend(["--context", &ctx]);
    }
    args.extend_from_slice(extra);
    args.push("-");
    let o = run(&args, Some(severities_document().as_bytes()));
    let mut out: Vec<(String, String)> = json(&o)["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap_or_default().to_owned(),
                f["severity"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    out.sort();
    out
}

fn pair(c: &str, s: &str) -> (String, String) {
    (c.to_owned(), s.to_owned())
}

#[test]
fn declared_severities_unconfirmed_cap_and_missing_history() {
    let got = severities(&[], None);
    assert!(got.contains(&pair("STC01", "error")), "{got:?}");
    // UNCONFIRMED (brief §10 item 8): never more than a warning.
    assert!(got.contains(&pair("AEF-X-13", "warning")), "{got:?}");
    // Missing history: the entity may be in an earlier year's Table 5.
    assert!(got.contains(&pair("AUTH-05", "warning")), "{got:?}");
    // With an earlier submission of the Party given, AUTH-05 has its declared severity.
    let earlier = root().join("schemas/examples/aef/ghana-2025-first-transfer.json");
    let mut prior: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(earlier).expect("example")).expect("json");
    prior["t1Submission"]["reportedYear"] = 2024.into();
    let ctx = serde_json::json!({ "priorSubmissions": [prior] }).to_string();
    let with = severities(&[], Some(&ctx));
    assert!(with.contains(&pair("AUTH-05", "error")), "{with:?}");
}

#[test]
fn rule_overrides_turn_off_lower_and_raise_but_never_raise_unconfirmed() {
    let got = severities(
        &[
            "--rule",
            "STC01=warning",
            "--rule",
            "AEF-X-13=error",
            "--rule",
            "AUTH-05=off",
        ],
        None,
    );
    assert!(got.contains(&pair("STC01", "warning")), "{got:?}");
    assert!(got.contains(&pair("AEF-X-13", "warning")), "{got:?}");
    assert!(!got.iter().any(|(c, _)| c == "AUTH-05"), "{got:?}");
    // An alias reaches the rule too (AEF-X-04 is STC01's brief id).
    let by_alias = severities(&["--rule", "AEF-X-04=info"], None);
    assert!(by_alias.contains(&pair("STC01", "info")), "{by_alias:?}");
    // A raised rule: AUTH-05 as an error even without history.
    let raised = severities(&["--rule", "AUTH-05=error"], None);
    assert!(raised.contains(&pair("AUTH-05", "error")), "{raised:?}");
}

fn examples(names: &[&str]) -> Vec<String> {
    names
        .iter()
        .map(|n| {
            root()
                .join("schemas/examples")
                .join(n)
                .to_str()
                .expect("path")
                .to_owned()
        })
        .collect()
}

#[test]
fn reconcile_examples_are_consistent_and_name_every_document() {
    let files = examples(&[
        "aef/ghana-2025-first-transfer.json",
        "aef/switzerland-2025-acquisition-and-use.json",
        "aef/vanuatu-2025-corsia-oimp.json",
        "authorization/ghana-ndc.json",
        "initial-report/ghana-initial-report.json",
    ]);
    let mut args = vec!["reconcile"];
    args.extend(files.iter().map(String::as_str));
    let o = run(&args, None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["valid"], true);
    let docs = v["documents"].as_array().expect("documents");
    assert_eq!(docs.len(), 5);
    assert_eq!(docs[0]["document"], files[0].as_str());
    assert_eq!(docs[0]["form"], "aef");
    assert_eq!(docs[0]["party"], "GHA");
    assert_eq!(docs[0]["year"], 2025);
    assert_eq!(docs[0]["version"], "1.0");
    assert_eq!(docs[3]["form"], "authorization");
    assert_eq!(docs[4]["form"], "initial-report");
}

#[test]
fn reconcile_reports_a_missing_acquisition_with_both_documents() {
    let dir = tmpdir("reconcile");
    let che = root().join("schemas/examples/aef/switzerland-2025-acquisition-and-use.json");
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(che).expect("read")).expect("json");
    doc["t3Actions"].as_array_mut().expect("rows").remove(0);
    let che_path = dir.join("che.json");
    std::fs::write(&che_path, doc.to_string()).expect("write");
    let gha = examples(&["aef/ghana-2025-first-transfer.json"]).remove(0);
    let che_arg = format!("aef:{}", che_path.to_str().expect("path"));
    let o = run(&["reconcile", &gha, &che_arg], None);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v = json(&o);
    let f = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["code"] == "AEF-X-20")
        .expect("AEF-X-20")
        .clone();
    assert_eq!(f["document"], gha.as_str());
    assert_eq!(f["pointer"], "/t3Actions/0/firstId");
    assert_eq!(f["severity"], "error");
    // The forced form's prefix is not part of the name.
    assert_eq!(f["args"]["otherDocument"], che_path.to_str().expect("path"));
    assert_eq!(f["args"]["party"], "CHE");
    // Text: file:line:column: severity[code] message (pointer).
    let t = run(
        &[
            "reconcile",
            "--format",
            "text",
            "--lang",
            "fr",
            &gha,
            &che_arg,
        ],
        None,
    );
    let text = stdout(&t);
    let line = text
        .lines()
        .find(|l| l.contains("[AEF-X-20]"))
        .expect("text line");
    assert!(line.starts_with(&format!("{gha}:")), "{line}");
    assert!(line.contains(": error[AEF-X-20] "), "{line}");
    assert!(line.ends_with("(/t3Actions/0/firstId)"), "{line}");
    assert!(line.contains("informations annuelles"), "{line}");
    // --rule turns it into a warning: exit 0.
    let w = run(
        &["reconcile", "--rule", "AEF-X-20=warning", &gha, &che_arg],
        None,
    );
    assert_eq!(w.status.code(), Some(0), "{}", stdout(&w));
}

#[test]
fn reconcile_usage_and_unreadable_inputs_exit_2_naming_the_file() {
    let dir = tmpdir("reconcile-bad");
    // No files.
    let o = run(&["reconcile"], None);
    assert_eq!(o.status.code(), Some(2));
    // Unreadable file: one line naming it.
    let missing = dir.join("nope.json");
    let gha = examples(&["aef/ghana-2025-first-transfer.json"]).remove(0);
    let o = run(&["reconcile", &gha, missing.to_str().expect("path")], None);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("nope.json"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    // JSON of no known form: exit 2 naming it.
    let odd = dir.join("odd.json");
    std::fs::write(&odd, r#"{"hello": 1}"#).expect("write");
    let o = run(&["reconcile", &gha, odd.to_str().expect("path")], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("odd.json"), "{}", stderr(&o));
    // Not JSON: a syntax finding with the document set, the rest still reconciled.
    let broken = dir.join("broken.json");
    std::fs::write(&broken, "{\n  \"t1Submission\": ").expect("write");
    let o = run(&["reconcile", broken.to_str().expect("path"), &gha], None);
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    let f = &v["findings"][0];
    assert_eq!(f["code"], "json-syntax");
    assert_eq!(f["document"], broken.to_str().expect("path"));
    assert_eq!(f["args"]["line"], 2);
    assert_eq!(v["documents"][1]["party"], "GHA");
}

#[test]
fn a_known_variant_spelling_gets_the_official_value_as_did_you_mean() {
    let path = root().join("schemas/examples/aef/ghana-2025-first-transfer.json");
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("example")).expect("json");
    doc["t3Actions"][0]["actionSubtype"] = "First international transfer".into();
    let o = run(
        &["validate", "--form", "aef", "-"],
        Some(doc.to_string().as_bytes()),
    );
    let v = json(&o);
    let f = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["code"] == "unknown-controlled-value")
        .expect("finding")
        .clone();
    assert_eq!(f["pointer"], "/t3Actions/0/actionSubtype");
    assert_eq!(f["args"]["suggestion"], "First transfer to another Party");
    assert!(
        f["message"]
            .as_str()
            .unwrap_or_default()
            .contains("First transfer to another Party"),
        "{f}"
    );
}
