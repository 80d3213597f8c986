//! The JSON reader: any bytes give a value or a syntax error with a position
//! inside the text, never a panic; what it accepts, serde_json accepts too.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match a6check_core::json::parse(text) {
        Ok(parsed) => {
            let again = parsed.value.to_string();
            assert!(a6check_core::json::parse(&again).is_ok());
        }
        Err(e) => assert!(e.offset <= text.len() && e.line >= 1 && e.column >= 1),
    }
});
