//! Any text as any form: findings or an engine error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static ENGINE: OnceLock<a6check_core::Engine> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let engine = ENGINE.get_or_init(|| {
        a6check_core::Engine::from_packed(a6check_default_bundle::PACKED).expect("default bundle")
    });
    let Some((&selector, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let form = ["authorization", "aef", "initial-report"][usize::from(selector) % 3];
    let opts = a6check_core::Options::default();
    if let Ok(report) = engine.validate(form, text, &opts) {
        // The JSON output must itself be valid JSON.
        let out = report.to_json();
        assert!(a6check_core::json::parse(&out).is_ok());
    }
});
