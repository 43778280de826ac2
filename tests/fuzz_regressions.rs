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

#[test]
fn decode_regressions() {
    replay("decode", fuzz_checks::decode);
    for seed in [
        &b"\xEF\xBB\xBFabc"[..],
        b"\xFF\xFEa\0b\0",
        b"\xFE\xFF\0a\0b",
        b"<meta charset=gbk>\xCE\xD2",
        b"a\0b\0c\0d\0",
        b"",
    ] {
        fuzz_checks::decode(seed);
    }
}

/// The `garble_roundtrip` target's input is `arbitrary`-structured; the replay decodes it the
/// same way libfuzzer-sys does (`arbitrary_take_rest`).
fn garble_from_bytes(data: &[u8]) {
    use arbitrary::Arbitrary;
    let u = arbitrary::Unstructured::new(data);
    if let Ok((text, chain)) = <(String, u8)>::arbitrary_take_rest(u) {
        fuzz_checks::garble_roundtrip(&text, usize::from(chain));
    }
}

#[test]
fn garble_roundtrip_regressions() {
    replay("garble_roundtrip", garble_from_bytes);
    for (i, text) in [
        "我们的网站",
        "東京都の天気",
        "한국어 문서",
        "Привет",
        "café crème",
    ]
    .iter()
    .enumerate()
    {
        for chain in 0..fuzz_checks::GARBLE_CHAINS.len() {
            fuzz_checks::garble_roundtrip(text, chain + i);
        }
    }
}

#[test]
fn warc_regressions() {
    replay("warc", fuzz_checks::warc);
    for seed in [
        &b"WARC/1.0\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n"[..],
        b"WARC/1.0\r\nContent-Length: 999\r\n\r\ncut",
        b"junk\nWARC/1.0\r\nWARC/1.0\r\nContent-Length: x\r\n\r\n",
        b"WARC/1.0\r\n continuation\r\n\r\n",
        b"WARC/1.0\r\nContent-Type: application/http\r\nWARC-Type: response\r\nContent-Length: 46\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nz\r\n",
    ] {
        fuzz_checks::warc(seed);
    }
}
