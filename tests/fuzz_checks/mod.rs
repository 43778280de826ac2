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

/// A reader that hands out `data` in chunks whose sizes come from `sizes` (1 to 255 bytes each,
/// cycling), with an `Interrupted` error before every third chunk, as pipes and sockets do.
struct ChunkedReader<'a> {
    data: &'a [u8],
    sizes: &'a [u8],
    calls: usize,
}

impl std::io::Read for ChunkedReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.calls += 1;
        if self.calls.is_multiple_of(3) {
            return Err(std::io::ErrorKind::Interrupted.into());
        }
        let size = match self.sizes {
            [] => 4096,
            sizes => usize::from(sizes[self.calls % sizes.len()]).max(1) * 97,
        };
        let n = size.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

/// Bytes that reach the streaming path past the 512 KB head: `data`, ASCII filler, `data` again.
fn past_the_head(data: &[u8]) -> Vec<u8> {
    let mut input = data.to_vec();
    input.push(b'\n');
    let line = b"filler line of plain ASCII text, cheap to repair, to get past the head\n";
    while input.len() < 520 * 1024 {
        input.extend_from_slice(line);
    }
    input.extend_from_slice(data);
    input
}

/// Streaming equals one-shot, whatever the chunking: the input as it is (decided in the head)
/// and padded past the head (so that chunks of lines are repaired one by one), read in chunk
/// sizes taken from the data with interruptions.
pub fn stream(data: &[u8]) {
    let repairer = Repairer::default();
    for input in [data.to_vec(), past_the_head(data)] {
        let expected = repairer.repair(&input).into_string();
        let mut out = Vec::new();
        let reader = ChunkedReader {
            data: &input,
            sizes: data,
            calls: 0,
        };
        let report = repairer
            .repair_stream(reader, &mut out)
            .expect("in-memory I/O");
        assert!(
            String::from_utf8(out).expect("UTF-8 out") == expected,
            "streaming differs from one-shot on {data:?}"
        );
        assert_eq!(report.bytes_in(), input.len() as u64);
        assert_eq!(report.bytes_out(), expected.len() as u64);
    }
}

/// Decoding arbitrary bytes: every way in (no hint, each hint, strict) gives valid text, a hint
/// that names nothing is an error, the decision is deterministic, and a BOM always decides.
pub fn decode(data: &[u8]) {
    let repairer = Config::encoding_only().build();
    let plain = repairer.repair(data);
    assert_eq!(
        plain.as_str(),
        repairer.repair(data).as_str(),
        "deterministic"
    );
    let source = plain.source_encoding();
    for label in [
        "utf-8",
        "gbk",
        "big5",
        "shift_jis",
        "euc-kr",
        "windows-1251",
        "utf-16le",
    ] {
        let hinted = repairer.repair_with_hint(data, label).expect("known label");
        assert!(std::str::from_utf8(hinted.as_str().as_bytes()).is_ok());
    }
    assert!(repairer.repair_with_hint(data, "no-such-charset").is_err());
    let strict = Config::encoding_only().strict(true).build();
    if let Ok(r) = strict.try_repair(data) {
        assert_eq!(r.source_encoding(), source, "strict agrees when it decides");
    }
    if data.starts_with(b"\xEF\xBB\xBF") {
        assert_eq!(source.map(|c| c.name()), Some("UTF-8"));
    } else if data.starts_with(b"\xFF\xFE") {
        assert_eq!(source.map(|c| c.name()), Some("UTF-16LE"));
    } else if data.starts_with(b"\xFE\xFF") {
        assert_eq!(source.map(|c| c.name()), Some("UTF-16BE"));
    } else if std::str::from_utf8(data).is_ok() && !data.contains(&0) {
        // (With NUL bytes it may be UTF-16 without a BOM.)
        assert_eq!(
            source.map(|c| c.name()),
            Some("UTF-8"),
            "valid UTF-8 stays UTF-8"
        );
    }
}

/// The chains `garble_roundtrip` garbles with: (the text's encoding, the wrong decoder).
pub const GARBLE_CHAINS: [(&str, &str); 12] = [
    ("utf-8", "windows-1252"),
    ("utf-8", "gbk"),
    ("utf-8", "big5"),
    ("utf-8", "shift_jis"),
    ("utf-8", "euc-kr"),
    ("utf-8", "windows-1251"),
    ("utf-8", "koi8-r"),
    ("gbk", "windows-1252"),
    ("big5", "windows-1252"),
    ("shift_jis", "windows-1252"),
    ("big5", "gbk"),
    ("gbk", "big5"),
];

/// How often `garble_roundtrip` got the original back: (tried, restored).
pub static GARBLE_TALLY: [std::sync::atomic::AtomicU64; 2] = [
    std::sync::atomic::AtomicU64::new(0),
    std::sync::atomic::AtomicU64::new(0),
];

/// Garble `text` along chain `chain` (an index into [`GARBLE_CHAINS`], modulo its length) and
/// repair it: no panic, the repair is idempotent, it stays within a bound of the garbled size,
/// and how often the original comes back is tallied (a regression guard, not an assertion: short
/// or odd texts cannot always be decided).
pub fn garble_roundtrip(text: &str, chain: usize) {
    use std::sync::atomic::Ordering::Relaxed;
    let (actual, wrong) = GARBLE_CHAINS[chain % GARBLE_CHAINS.len()];
    let actual = encoding_rs::Encoding::for_label(actual.as_bytes()).expect("label");
    let wrong = encoding_rs::Encoding::for_label(wrong.as_bytes()).expect("label");
    let (bytes, _, unmappable) = actual.encode(text);
    if unmappable {
        return;
    }
    let garbled = wrong.decode_without_bom_handling(&bytes).0;
    let repairer = Config::encoding_only().build();
    let fixed = repairer.repair_str(&garbled);
    assert!(
        fixed.as_str().len() <= 3 * garbled.len() + 16,
        "output grew from {} to {} bytes",
        garbled.len(),
        fixed.as_str().len()
    );
    let again = repairer.repair_str(fixed.as_str());
    assert_eq!(
        again.as_str(),
        fixed.as_str(),
        "not idempotent on {garbled:?}"
    );
    GARBLE_TALLY[0].fetch_add(1, Relaxed);
    if fixed.as_str() == text {
        GARBLE_TALLY[1].fetch_add(1, Relaxed);
    }
}

#[path = "../../examples/unmojibake/warc.rs"]
mod warc;

/// The CLI's WARC reader over arbitrary bytes: it ends, numbers records in order, never claims
/// more bytes than there are, and every block survives the HTTP parser and the Content-Type
/// helpers.
pub fn warc(data: &[u8]) {
    let mut last = 0;
    let mut items = 0usize;
    for item in warc::WarcReader::new(data) {
        items += 1;
        assert!(items <= data.len() + 1, "the reader does not advance");
        match item {
            Ok(record) => {
                assert!(record.number > last, "record numbers go up");
                last = record.number;
                assert!(record.offset as usize <= data.len());
                assert!(record.block.len() <= data.len());
                if let Ok(payload) = warc::parse_http_response(&record.block)
                    && let Some(ct) = payload.content_type
                {
                    let _ = warc::is_text_type(&ct);
                    let _ = warc::charset_param(&ct);
                }
            }
            Err(warc::WarcError::Malformed { number, offset, .. }) => {
                assert!(number >= last);
                last = number;
                assert!(offset as usize <= data.len());
            }
            Err(warc::WarcError::Io(_)) => {}
        }
    }
    let text = String::from_utf8_lossy(data);
    let _ = warc::charset_param(&text);
}
