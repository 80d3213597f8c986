//! The JSON-Schema-Test-Suite's required draft 2020-12 tests (`tests/draft2020-12/*.json`)
//! must all pass; the remotes are served at http://localhost:1234/.

use a6check_schema::Options;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn suite() -> PathBuf {
    std::env::var_os("A6CHECK_SUITE").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/json-schema-test-suite"),
        PathBuf::from,
    )
}

fn walk(dir: &Path, rel: &str, out: &mut Vec<(String, Value)>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        if p.is_dir() {
            walk(&p, &format!("{rel}{name}/"), out);
        } else if name.ends_with(".json") {
            let text = std::fs::read_to_string(&p).expect("read remote");
            out.push((
                format!("http://localhost:1234/{rel}{name}"),
                serde_json::from_str(&text).expect("remote JSON"),
            ));
        }
    }
}

fn run(sub: &str, formats: bool) -> (usize, Vec<String>) {
    let root = suite();
    let mut remotes = Vec::new();
    walk(&root.join("remotes"), "", &mut remotes);
    let dir = root.join("tests/draft2020-12").join(sub);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut passed = 0;
    let mut failed = Vec::new();
    for f in files {
        let cases: Value =
            serde_json::from_str(&std::fs::read_to_string(&f).expect("read")).expect("JSON");
        for case in cases.as_array().into_iter().flatten() {
            let mut opts = Options::new().assert_formats(formats);
            for (u, r) in &remotes {
                opts = opts.resource(u, r);
            }
            let compiled = opts.compile(&case["schema"]);
            for t in case["tests"].as_array().into_iter().flatten() {
                let want = t["valid"].as_bool().unwrap_or(false);
                let got = compiled.as_ref().map(|v| v.is_valid(&t["data"]));
                let errs_agree = compiled.as_ref().map_or(true, |v| {
                    v.errors(&t["data"], usize::MAX).is_empty() == want
                });
                if got.as_ref().is_ok_and(|g| *g == want) && errs_agree {
                    passed += 1;
                } else {
                    failed.push(format!(
                        "{} :: {} :: {} ({:?}, errors agree: {errs_agree})",
                        f.file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default(),
                        case["description"].as_str().unwrap_or(""),
                        t["description"].as_str().unwrap_or(""),
                        got.map_err(|e| e.to_string())
                    ));
                }
            }
        }
    }
    (passed, failed)
}

#[test]
fn required_draft2020_12_tests_all_pass() {
    if !suite().is_dir() {
        eprintln!(
            "no JSON-Schema-Test-Suite at {}: skipped",
            suite().display()
        );
        return;
    }
    let (passed, failed) = run("", false);
    assert!(
        failed.is_empty(),
        "{passed} passed, {} failed:\n{}",
        failed.len(),
        failed.join("\n")
    );
    assert_eq!(passed, 1299);
}
