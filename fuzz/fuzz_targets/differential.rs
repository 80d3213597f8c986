//! a6check-schema and jsonschema must agree on fuzzed documents: a bundle example or
//! fixture mutated by the fuzzer's bytes (or, with the selector's high bit, the bytes
//! themselves as JSON), normalised as the engine does, against its form. A panic in either
//! validator or a disagreement is a crash, except a disagreement that exact decimals fully
//! explain (a number `f64` cannot hold; see tests/differential/differences.txt).
#![no_main]
use a6check_differential::bundle::Bundle;
use a6check_differential::mutate::{self, Rng};
use a6check_differential::{explained_by_exact_decimals, verdict, Verdict};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static BUNDLE: OnceLock<Bundle> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    // No quiet panic hook here: libFuzzer's hook turns any panic into a saved crash.
    let bundle = BUNDLE.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas");
        Bundle::load(&dir).expect("the bundle in schemas/")
    });
    let Some((&selector, rest)) = data.split_first() else { return };
    let base = &bundle.documents[usize::from(selector & 0x7f) % bundle.documents.len()];
    let doc = if selector & 0x80 != 0 {
        let Ok(text) = std::str::from_utf8(rest) else { return };
        let Ok(parsed) = a6check_core::json::parse(text) else { return };
        parsed.value
    } else {
        let mut doc = base.value.clone();
        mutate::mutate(&mut doc, &mut Rng::from_bytes(rest), &bundle.code_values);
        doc
    };
    let instance = bundle.normalize(doc);
    let form = &bundle.forms[&base.form];
    let (ours, theirs) = form.pair.check(&instance);
    match verdict(&ours, &theirs) {
        Verdict::Agree => {}
        _ if explained_by_exact_decimals(&instance, &ours, &theirs) => {}
        v => panic!(
            "{v:?} on {} ({}):\n  instance: {instance}\n  a6check-schema: {}\n  jsonschema: {}",
            base.path,
            form.schema_file,
            ours.to_json(),
            theirs.to_json()
        ),
    }
});
