//! The schema maintainers' commands on good and broken bundles: explain, bundle
//! check/diff/docs/labels/pack, and the generated rule catalogue kept in sync.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn a6(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_a6check"))
        .args(args)
        .output()
        .expect("run a6check")
}

fn out(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn schemas() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas")
}

/// A copy of the default bundle to break.
fn copy_bundle(name: &str) -> PathBuf {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).expect("mkdir");
        for e in std::fs::read_dir(from).expect("read dir").flatten() {
            let p = e.path();
            let t = to.join(e.file_name());
            if p.is_dir() {
                copy(&p, &t);
            } else {
                std::fs::copy(&p, &t).expect("copy");
            }
        }
    }
    let dir = std::env::temp_dir().join(format!("a6check-maint-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy(&schemas(), &dir);
    dir
}

fn edit_json(path: &Path, f: impl FnOnce(&mut serde_json::Value)) {
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("json");
    f(&mut v);
    std::fs::write(path, serde_json::to_string_pretty(&v).expect("ser")).expect("write");
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

#[test]
fn explain_knows_every_rule_code_and_alias() {
    for code in [
        "STC04", "AEF-X-07", "II02", "AEF-X-13", "AUTH-08", "required", "format",
    ] {
        let o = a6(&["explain", code]);
        assert_eq!(o.status.code(), Some(0), "{code}: {}", out(&o));
        let text = out(&o);
        for head in [
            "What it checks",
            "Why",
            "Basis",
            "Example that triggers it",
            "Example that does not",
        ] {
            assert!(text.contains(head), "{code} lacks {head}: {text}");
        }
    }
    let o = a6(&["explain", "NOPE-99"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(out(&o).contains("NOPE-99"));
}

#[test]
fn every_rule_code_can_be_explained() {
    let engine = a6check_core::Engine::from_packed(a6check_default_bundle::PACKED).expect("bundle");
    for (_, set) in engine.rulesets() {
        for r in &set.rules {
            assert!(
                a6check_core::explain::explain(&engine, &r.code).is_some(),
                "no explanation for {}",
                r.code
            );
        }
    }
}

#[test]
fn the_generated_catalogues_are_current() {
    let engine = a6check_core::Engine::from_packed(a6check_default_bundle::PACKED).expect("bundle");
    let files = a6check_core::bundle::unpack(a6check_default_bundle::PACKED).expect("files");
    for (name, generated) in [
        ("rules.md", a6check_core::explain::catalogue(&engine)),
        (
            "catalogue.md",
            a6check_core::explain::forms_catalogue(&engine, &files),
        ),
        (
            "catalogue.html",
            a6check_core::explain::html_catalogue(&engine, &files),
        ),
    ] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../docs")
            .join(name);
        if std::env::var_os("UPDATE_DOCS").is_some() {
            std::fs::write(&path, &generated).expect("write docs");
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "docs/{name} is stale: run `a6check bundle docs schemas -o docs` (or UPDATE_DOCS=1 cargo test)"
        );
    }
}

#[test]
fn docs_cover_forms_labels_code_lists_and_rules() {
    let engine = a6check_core::Engine::from_packed(a6check_default_bundle::PACKED).expect("bundle");
    let files = a6check_core::bundle::unpack(a6check_default_bundle::PACKED).expect("files");
    let html = a6check_core::explain::html_catalogue(&engine, &files);
    for needle in [
        "id=\"form-aef\"",
        "Acquiring participating Party ID",
        "lang=\"ar\" dir=\"rtl\"",
        "C02 usage",
        "STC04",
        "<code dir=\"ltr\">/t3Actions/*/acquiringPartyId</code>",
    ] {
        assert!(html.contains(needle), "catalogue.html lacks {needle}");
    }
    assert!(
        !html.contains("<script"),
        "the catalogue page has no scripts (strict CSP)"
    );
}

#[test]
fn check_passes_on_the_default_bundle_and_names_file_pointer_and_line() {
    let o = a6(&["bundle", "check", s(&schemas())]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));

    let dir = copy_bundle("check");
    edit_json(&dir.join("codelists/sectors.json"), |v| {
        v["enum"]
            .as_array_mut()
            .expect("enum")
            .push("Agriculture".into());
    });
    edit_json(&dir.join("rules/aef.rules.json"), |v| {
        v["rules"][0]["then"]["functionOptions"]["left"]["field"] = "ndcFirstYr".into();
    });
    edit_json(&dir.join("forms/authorization.schema.json"), |v| {
        v["properties"]["authorizingBody"]["pattern"] = "^(a+)+$".into();
    });
    let o = a6(&["bundle", "check", s(&dir)]);
    assert_eq!(o.status.code(), Some(1));
    let text = out(&o);
    assert!(
        text.contains("codelists/sectors.json:") && text.contains("duplicate-code"),
        "{text}"
    );
    assert!(text.contains("unknown-field: ndcFirstYr"), "{text}");
    assert!(text.contains("catastrophic-pattern"), "{text}");
    // file:line:col: every problem line names where.
    for line in text
        .lines()
        .filter(|l| l.contains(": ") && !l.starts_with("bundle "))
    {
        let mut parts = line.splitn(4, ':');
        let (_file, l, c) = (parts.next(), parts.next(), parts.next());
        assert!(l.and_then(|x| x.parse::<usize>().ok()).is_some(), "{line}");
        assert!(c.and_then(|x| x.parse::<usize>().ok()).is_some(), "{line}");
    }
}

#[test]
fn check_rejects_a_bundle_that_does_not_load() {
    let dir = copy_bundle("broken");
    edit_json(&dir.join("rules/aef.rules.json"), |v| {
        v["rules"][1]["then"]["function"] = "comparez".into();
    });
    let o = a6(&["bundle", "check", s(&dir)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        out(&o).contains("unknown function \"comparez\""),
        "{}",
        out(&o)
    );
}

#[test]
fn diff_classifies_and_check_demands_the_version_bump() {
    let dir = copy_bundle("diff");
    edit_json(&dir.join("codelists/sectors.json"), |v| {
        v["enum"].as_array_mut().expect("enum").push("Other".into());
    });
    let o = a6(&["bundle", "diff", s(&schemas()), s(&dir)]);
    assert!(
        out(&o).contains("minor: codelists/sectors.json: code-list value \"Other\" added"),
        "{}",
        out(&o)
    );
    assert!(out(&o).contains("needs a minor version bump"));
    let o = a6(&["bundle", "check", s(&dir), "--baseline", s(&schemas())]);
    assert_eq!(o.status.code(), Some(1));
    assert!(out(&o).contains("version-not-bumped"), "{}", out(&o));
    edit_json(&dir.join("manifest.json"), |v| {
        let version = v["version"].as_str().unwrap_or("0.0.0").to_owned();
        let mut parts: Vec<u64> = version.split('.').filter_map(|p| p.parse().ok()).collect();
        parts[1] += 1;
        parts[2] = 0;
        v["version"] = format!("{}.{}.{}", parts[0], parts[1], parts[2]).into();
    });
    let o = a6(&["bundle", "check", s(&dir), "--baseline", s(&schemas())]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    // Removing a value breaks documents: a major bump.
    edit_json(&dir.join("codelists/sectors.json"), |v| {
        v["enum"]
            .as_array_mut()
            .expect("enum")
            .retain(|x| x != "Agriculture");
    });
    let o = a6(&["bundle", "diff", s(&schemas()), s(&dir)]);
    assert!(
        out(&o).contains("needs a major version bump"),
        "{}",
        out(&o)
    );
}

#[test]
fn labels_lists_every_form() {
    let o = a6(&["bundle", "labels", s(&schemas())]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(
        v["aef"]["/t3Actions/*/acquiringPartyId"],
        "Acquiring participating Party ID"
    );
    assert_eq!(
        v["authorization"]["/cooperativeApproachId"],
        "Cooperative approach ID"
    );
}
