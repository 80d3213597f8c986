//! `Engine::validate_at` (the keystroke check) against the full check: for every
//! example and fixture document of the bundle, each table row and each top-level
//! object section checked on its own gives exactly the schema findings (code, pointer,
//! message) that the full check gives inside it.

use a6check_core::json::escape_token;
use a6check_core::{fixtures, Engine, Finding, Options};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// The bundle's files, with examples and fixtures (the packed default bundle leaves them out).
fn files() -> a6check_core::Files {
    fn walk(dir: &Path, root: &Path, out: &mut a6check_core::Files) {
        for e in std::fs::read_dir(dir).expect("read schemas") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                walk(&p, root, out);
            } else if p.extension().is_some_and(|x| x == "json") {
                let rel = p
                    .strip_prefix(root)
                    .expect("rel")
                    .to_string_lossy()
                    .replace('\\', "/");
                let text = std::fs::read_to_string(&p).expect("read");
                out.insert(rel, serde_json::from_str(&text).expect("json"));
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas");
    let mut out = BTreeMap::new();
    walk(&root, &root, &mut out);
    out
}

/// Rule codes are upper case (`II02`, `AEF-X-13`); schema codes are kebab-case.
fn is_schema_finding(f: &Finding) -> bool {
    !f.code.bytes().any(|b| b.is_ascii_uppercase())
}

fn key(f: &Finding) -> (String, String, String) {
    (f.code.clone(), f.pointer.clone(), f.message.clone())
}

fn inside(pointer: &str, part: &str) -> bool {
    pointer == part || pointer.starts_with(&format!("{part}/"))
}

#[test]
fn every_row_checked_alone_matches_the_full_check() {
    let engine = Engine::from_packed(a6check_default_bundle::PACKED).expect("bundle");
    let files = files();
    let opts = Options::default();
    let (mut docs, mut parts, mut fields_checked) = (0, 0, 0);
    for (path, value) in &files {
        let (form, doc) = if let Some(rest) = path.strip_prefix("examples/") {
            (
                rest.split('/').next().unwrap_or_default().to_owned(),
                value.clone(),
            )
        } else if path.starts_with("fixtures/") {
            // Fixtures with a context or a date check rules, not parts.
            let Some(form) = value.get("form").and_then(Value::as_str) else {
                continue;
            };
            match fixtures::document(&files, value) {
                Ok(d) => (form.to_owned(), d),
                Err(_) => continue,
            }
        } else {
            continue;
        };
        let Value::Object(sections) = &doc else {
            continue;
        };
        let text = doc.to_string();
        let full = engine.validate(&form, &text, &opts).expect("validate");
        if full.unreadable {
            continue;
        }
        docs += 1;
        let mut places = Vec::new();
        for (name, section) in sections {
            let at = format!("/{}", escape_token(name));
            match section {
                Value::Array(rows) => {
                    for (i, row) in rows.iter().enumerate() {
                        places.push((format!("{at}/{i}"), row));
                    }
                }
                // A row or a section carries its own conditionals; a lone scalar's
                // applicability can depend on its siblings (checked with its parent).
                other @ Value::Object(_) => places.push((at, other)),
                _ => {}
            }
        }
        for (at, part) in places {
            let Ok(alone) = engine.validate_at(&form, &at, &part.to_string(), &opts) else {
                // A member the form does not define: the full check says unknown-field.
                assert!(
                    full.findings
                        .iter()
                        .any(|f| f.code == "unknown-field" && f.pointer == at),
                    "{path}: {at} has no place in {form} but no unknown-field"
                );
                continue;
            };
            parts += 1;
            // Each field of a row alone: the checks that always apply to it, so every
            // finding it gets, the full check gives too (the full check may give more: the
            // conditionals that depend on the field's siblings).
            if let Value::Object(fields) = part {
                if at.matches('/').count() == 2 {
                    for (name, value) in fields {
                        let p = format!("{at}/{}", escape_token(name));
                        let Ok(lone) = engine.validate_at(&form, &p, &value.to_string(), &opts)
                        else {
                            continue;
                        };
                        for f in &lone.findings {
                            assert!(
                                full.findings.iter().any(|g| key(g) == key(f)),
                                "{path}: {p} alone gives {f:?}, the full check does not"
                            );
                        }
                        fields_checked += 1;
                    }
                }
            }
            let mut want: Vec<_> = full
                .findings
                .iter()
                .filter(|f| is_schema_finding(f) && inside(&f.pointer, &at))
                .map(key)
                .collect();
            let mut got: Vec<_> = alone.findings.iter().map(key).collect();
            want.sort();
            got.sort();
            assert_eq!(got, want, "{path} at {at}");
        }
    }
    assert!(
        docs > 300 && parts > 1000 && fields_checked > 10_000,
        "only {docs} documents, {parts} parts, {fields_checked} fields"
    );
}

#[test]
fn a_field_alone_gets_its_own_checks() {
    let engine = Engine::from_packed(a6check_default_bundle::PACKED).expect("bundle");
    let opts = Options::default();
    let r = engine
        .validate_at(
            "aef",
            "/t3Actions/41/actionType",
            "\"First Transfer\"",
            &opts,
        )
        .expect("check");
    let codes: Vec<_> = r
        .findings
        .iter()
        .map(|f| (f.code.as_str(), f.pointer.as_str()))
        .collect();
    assert_eq!(
        codes,
        [("unknown-controlled-value", "/t3Actions/41/actionType")]
    );
    assert!(
        r.findings[0].message.contains("First transfer"),
        "{}",
        r.findings[0].message
    );
    let ok = engine
        .validate_at(
            "aef",
            "/t3Actions/41/actionType",
            "\"First transfer\"",
            &opts,
        )
        .expect("check");
    assert!(ok.findings.is_empty());
    // Not applicable is absence: whether it may be absent is the row's question.
    let na = engine
        .validate_at("aef", "/t3Actions/41/actionType", "\"NA\"", &opts)
        .expect("check");
    assert!(na.findings.is_empty());
}

#[test]
fn bad_parts_and_places_are_reported_not_panicked() {
    let engine = Engine::from_packed(a6check_default_bundle::PACKED).expect("bundle");
    let opts = Options::default();
    let r = engine
        .validate_at("aef", "/t3Actions/0", "{\"actionDate\": ", &opts)
        .expect("check");
    assert!(r.unreadable);
    assert_eq!(r.findings[0].code, "json-syntax");
    assert_eq!(r.findings[0].pointer, "/t3Actions/0");
    let dup = engine
        .validate_at("aef", "/t3Actions/0", "{\"a\": 1, \"a\": 2}", &opts)
        .expect("check");
    assert!(dup
        .findings
        .iter()
        .any(|f| f.code == "duplicate-key" && f.pointer == "/t3Actions/0/a"));
    let e = engine
        .validate_at("aef", "/t9/0", "{}", &opts)
        .map(|_| ())
        .expect_err("no such place");
    assert_eq!(e.code, "pointer-not-in-form");
    let e = engine
        .validate_at("aef", "t3Actions", "{}", &opts)
        .map(|_| ())
        .expect_err("not a pointer");
    assert_eq!(e.code, "bad-pointer");
    let e = engine
        .validate_at("nope", "", "{}", &opts)
        .map(|_| ())
        .expect_err("no form");
    assert_eq!(e.code, "unknown-form");
}

#[test]
fn a_part_with_too_many_findings_says_so_like_a_whole_check() {
    let engine = Engine::from_packed(a6check_default_bundle::PACKED).expect("bundle");
    let gases = vec!["\"XX\""; a6check_core::MAX_FINDINGS + 500].join(",");
    let part = format!("{{\"greenhouseGases\": [{gases}]}}");
    let opts = Options::default();
    let whole = engine
        .validate("authorization", &part, &opts)
        .expect("check");
    let alone = engine
        .validate_at("authorization", "", &part, &opts)
        .expect("check");
    for r in [&whole, &alone] {
        assert_eq!(r.findings.len(), a6check_core::MAX_FINDINGS + 1);
        let last = r.findings.last().expect("last");
        assert_eq!(last.code, "too-many-findings");
    }
}
