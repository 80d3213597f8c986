//! Progress of a check: a Web Worker's bar must move steadily, not in five jumps.

use a6check_core::{Engine, Options};

#[test]
fn progress_rises_steadily_through_every_stage() {
    let engine = Engine::from_packed(a6check_default_bundle::PACKED).expect("bundle");
    let text = include_str!("../../../schemas/examples/aef/ghana-2025-first-transfer.json");
    let mut seen: Vec<(String, f64)> = Vec::new();
    let report = engine
        .validate_with_progress("aef", text, &Options::default(), &mut |stage, f| {
            seen.push((stage.to_owned(), f))
        })
        .expect("check");
    assert!(report.findings.is_empty());
    let fractions: Vec<f64> = seen.iter().map(|(_, f)| *f).collect();
    assert!(fractions.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    assert_eq!(fractions.first(), Some(&0.0));
    assert_eq!(fractions.last(), Some(&1.0));
    let stages: Vec<&str> = seen.iter().map(|(s, _)| s.as_str()).collect();
    for stage in ["parse", "schema", "rules", "messages", "done"] {
        assert!(stages.contains(&stage), "{stage} missing: {seen:?}");
    }
    // Parsing reports as it reads, the rules stage after each rule.
    let count = |s: &str| stages.iter().filter(|x| **x == s).count();
    assert!(count("parse") > 3, "{seen:?}");
    assert!(count("rules") > 20, "{seen:?}");
    // No step of more than 15% of the bar.
    let widest = fractions
        .windows(2)
        .map(|w| w[1] - w[0])
        .fold(0.0, f64::max);
    assert!(widest <= 0.15, "a jump of {widest}: {seen:?}");
}

#[test]
fn plain_parse_and_parse_with_progress_agree() {
    let text = include_str!("../../../schemas/examples/aef/ghana-2025-first-transfer.json");
    let mut last = 0.0;
    let a = a6check_core::json::parse(text).expect("json").value;
    let b = a6check_core::json::parse_with_progress(text, &mut |f| last = f)
        .expect("json")
        .value;
    assert_eq!(a, b);
    assert!(last > 0.9 && last <= 1.0, "{last}");
}
