//! Any text as a packed bundle: an engine or an engine error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = a6check_core::Engine::from_packed(text);
    }
});
