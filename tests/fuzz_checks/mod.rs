//! The invariants the fuzz targets assert, as plain functions: `fuzz/fuzz_targets/*` call them
//! under libFuzzer, and `tests/fuzz_regressions.rs` replays every committed finding through them
//! in `cargo test`, on any machine, without cargo-fuzz or nightly.
#![allow(dead_code)]

use unmojibake::{Config, Repairer};

/// Any bytes: no panic, and repairing the output again changes nothing.
pub fn repair_bytes(data: &[u8]) {
    let once = unmojibake::repair(data).into_string();
    let twice = unmojibake::repair(once.as_bytes());
    assert_eq!(twice.as_str(), once, "repair is not idempotent on {data:?}");
}

/// Any text: no panic, idempotent under both the default and the encoding-only configuration,
/// and a string with no sign of damage comes back borrowed.
pub fn repair_str(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for repairer in [Repairer::default(), Config::encoding_only().build()] {
        let once = repairer.repair_str(&text);
        let again = repairer.repair_str(once.as_str()).into_string();
        assert_eq!(
            again,
            once.as_str(),
            "repair_str is not idempotent on {text:?}"
        );
        assert_eq!(
            unmojibake::replay_str(&text, once.steps()),
            once.as_str(),
            "replay differs on {text:?}"
        );
        if !once.changed() {
            assert!(matches!(once.into_cow(), std::borrow::Cow::Borrowed(_)));
        }
    }
}

/// Streaming equals one-shot, whatever the chunking.
pub fn stream(data: &[u8]) {
    let repairer = Repairer::default();
    let expected = repairer.repair(data).into_string();
    let mut out = Vec::new();
    let report = repairer
        .repair_stream(data, &mut out)
        .expect("in-memory I/O");
    assert_eq!(String::from_utf8(out).expect("UTF-8 out"), expected);
    assert_eq!(report.bytes_in(), data.len() as u64);
}
