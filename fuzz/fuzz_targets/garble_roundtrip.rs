#![no_main]
//! Fuzz target: arbitrary text garbled along one of the supported chains, then repaired (the
//! `garble_roundtrip` check of `tests/fuzz_checks`). Every 100,000 runs it prints how often the
//! original came back, the regression guard the check keeps.

#[path = "../../tests/fuzz_checks/mod.rs"]
mod fuzz_checks;

use std::sync::atomic::Ordering::Relaxed;

libfuzzer_sys::fuzz_target!(|input: (String, u8)| {
    let (text, chain) = input;
    fuzz_checks::garble_roundtrip(&text, usize::from(chain));
    let tried = fuzz_checks::GARBLE_TALLY[0].load(Relaxed);
    if tried > 0 && tried.is_multiple_of(100_000) {
        let restored = fuzz_checks::GARBLE_TALLY[1].load(Relaxed);
        eprintln!(
            "garble_roundtrip: {restored} of {tried} restored ({:.1} %)",
            100.0 * restored as f64 / tried as f64
        );
    }
});
