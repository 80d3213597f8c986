//! A short, seeded fuzz run for CI: random mutations of the bundle's own examples
//! (byte flips, insertions, deletions, truncations) go through the whole engine and
//! must give a report (valid JSON output) or a syntax finding, never a panic.
//! The long runs use the cargo-fuzz targets in fuzz/ (see the README).

use a6check_core::{Engine, Options};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

const EXAMPLES: [(&str, &str); 4] = [
    (
        "authorization",
        include_str!("../../../schemas/examples/authorization/ghana-ndc.json"),
    ),
    (
        "aef",
        include_str!("../../../schemas/examples/aef/ghana-2025-first-transfer.json"),
    ),
    (
        "aef",
        include_str!("../../../schemas/examples/aef/vanuatu-2025-corsia-oimp.json"),
    ),
    (
        "initial-report",
        include_str!("../../../schemas/examples/initial-report/ghana-initial-report.json"),
    ),
];

const INTERESTING: &[&[u8]] = &[
    b"\"",
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b":",
    b"\\",
    b"\\u",
    b"NA",
    b"null",
    b"-",
    b"0",
    b"1e999",
    b"\"CA0009-GHA01-GHA-1,000-2024\"",
    "\u{5f1}".as_bytes(),
    "\u{1f600}".as_bytes(),
    b"\xff",
];

#[derive(Debug, Clone)]
enum Edit {
    Flip(usize, u8),
    Insert(usize, usize),
    Delete(usize, usize),
    Truncate(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Edit::Flip(i, b)),
        (any::<usize>(), 0..INTERESTING.len()).prop_map(|(i, k)| Edit::Insert(i, k)),
        (any::<usize>(), 1usize..40).prop_map(|(i, n)| Edit::Delete(i, n)),
        any::<usize>().prop_map(Edit::Truncate),
    ]
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        let len = bytes.len().max(1);
        match *e {
            Edit::Flip(i, b) => {
                if let Some(x) = bytes.get_mut(i % len) {
                    *x = b;
                }
            }
            Edit::Insert(i, k) => {
                let at = (i % len).min(bytes.len());
                bytes.splice(at..at, INTERESTING[k].iter().copied());
            }
            Edit::Delete(i, n) => {
                let at = (i % len).min(bytes.len());
                let end = (at + n).min(bytes.len());
                bytes.drain(at..end);
            }
            Edit::Truncate(i) => bytes.truncate(i % len),
        }
    }
    bytes
}

#[test]
fn mutated_examples_never_panic() {
    let engine = Engine::from_packed(a6check_default_bundle::PACKED).expect("default bundle");
    // A fixed seed: the same 3,000 documents every run, so CI is reproducible.
    let config = Config {
        cases: 3000,
        failure_persistence: None,
        ..Config::default()
    };
    let rng = proptest::test_runner::TestRng::deterministic_rng(config.rng_algorithm);
    let mut runner = TestRunner::new_with_rng(config, rng);
    let strategy = (0..EXAMPLES.len(), prop::collection::vec(edit(), 1..6));
    runner
        .run(&strategy, |(which, edits)| {
            let (form, text) = EXAMPLES[which];
            let mutated = apply(text.as_bytes().to_vec(), &edits);
            // The CLI refuses invalid UTF-8 before the engine; JS strings are always valid.
            let text = String::from_utf8_lossy(&mutated);
            let report = engine
                .validate(form, &text, &Options::default())
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert!(a6check_core::json::parse(&report.to_json()).is_ok());
            Ok(())
        })
        .expect("no mutated document breaks the engine");
}
