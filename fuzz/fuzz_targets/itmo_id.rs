//! ITMO unique identifiers and serials: parse without panicking; what parses
//! round-trips through its own parts.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    if let Some(id) = a6check_core::blocks::parse_itmo_id(s) {
        let again = format!(
            "{}-{}-{}-{}-{:04}",
            id.cooperative_approach, id.registry, id.first_transferring_party, id.serial, id.vintage
        );
        assert_eq!(a6check_core::blocks::parse_itmo_id(&again), Some(id));
    }
    if let Some(n) = a6check_core::blocks::parse_serial(s) {
        assert_eq!(a6check_core::blocks::parse_serial(&n.to_string()), Some(n));
    }
});
