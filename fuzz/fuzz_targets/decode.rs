#![no_main]
//! Fuzz target: the `decode` invariants of `tests/fuzz_checks`.

#[path = "../../tests/fuzz_checks/mod.rs"]
mod fuzz_checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz_checks::decode(data));
