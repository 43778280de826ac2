//! Replays every input under `fuzz/regressions/<target>/` (minimised findings of the fuzz
//! targets, committed when fixed) through the same checks the targets run.

mod fuzz_checks;

use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let mut n = 0;
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_file() {
                check(&std::fs::read(&path).expect("readable"));
                n += 1;
            }
        }
    }
    n
}

#[test]
fn repair_bytes_regressions() {
    replay("repair_bytes", fuzz_checks::repair_bytes);
    // A few shapes that found bugs while the checks were written.
    for seed in [
        &[240u8, 228, 0, 32, 123][..],
        &[176, 160, 152, 184, 123, 131, 32, 123, 128],
        b"\xE9\xE9\n\xCE\xD2",
    ] {
        fuzz_checks::repair_bytes(seed);
    }
}

#[test]
fn repair_str_regressions() {
    replay("repair_str", fuzz_checks::repair_str);
    for seed in ["鎴戜滑?", "Ã?\u{FFFD}", "學(xué)?xí)", "\u{98}\u{0}Ã©"] {
        fuzz_checks::repair_str(seed.as_bytes());
    }
}

#[test]
fn stream_regressions() {
    replay("stream", fuzz_checks::stream);
    fuzz_checks::stream("鎴戜滑\r\ncafÃ©".as_bytes());
}
