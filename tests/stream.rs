//! Streaming equals one-shot: every input, read in chunks of awkward sizes, gives exactly the
//! output of `Repairer::repair` on the whole input.

use std::io::Read;

use unmojibake::Repairer;

/// A reader that hands out at most `step` bytes at a time (the sizes cycle to hit every split).
struct Trickle<'a> {
    data: &'a [u8],
    sizes: &'a [usize],
    turn: usize,
}

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let want = self.sizes[self.turn % self.sizes.len()];
        self.turn += 1;
        let n = want.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

fn check(input: &[u8]) {
    let repairer = Repairer::default();
    let expected = repairer.repair(input);
    for sizes in [
        &[1usize, 7, 4096][..],
        &[65536, 3][..],
        &[1 << 20][..],
        &[5, 13][..],
    ] {
        let mut out = Vec::new();
        let report = repairer
            .repair_stream(
                Trickle {
                    data: input,
                    sizes,
                    turn: 0,
                },
                &mut out,
            )
            .expect("in-memory I/O");
        let got = String::from_utf8(out).expect("UTF-8 out");
        if got != expected.as_str() {
            let at = got
                .bytes()
                .zip(expected.as_str().bytes())
                .position(|(a, b)| a != b)
                .unwrap_or(got.len().min(expected.as_str().len()));
            let from = at.saturating_sub(40);
            panic!(
                "chunk sizes {sizes:?}: differs at byte {at} of {}/{}: {:?} vs {:?}",
                got.len(),
                expected.as_str().len(),
                String::from_utf8_lossy(&got.as_bytes()[from..(at + 40).min(got.len())]),
                String::from_utf8_lossy(
                    &expected.as_str().as_bytes()[from..(at + 40).min(expected.as_str().len())]
                ),
            );
        }
        assert_eq!(report.source_encoding(), expected.source_encoding());
        assert_eq!(report.changed(), expected.changed(), "changed flag");
    }
}

fn big(line: &str, bytes: usize) -> String {
    let mut s = String::new();
    let mut i = 0;
    while s.len() < bytes {
        s.push_str(&format!("{i} {line}\n"));
        i += 1;
    }
    s
}

#[test]
fn small_inputs() {
    check("鎴戜滑 cafÃ© clean 中文\n".as_bytes());
    check(b"");
    check(b"\xEF\xBB\xBFbom\n");
}

#[test]
fn large_utf8_with_mojibake() {
    check(
        big(
            "他说：鎴戜滑鏄\u{20ac}濂界殑 cafÃ© ÎÒÃÇ 锟斤拷 &amp; plain text",
            1_200_000,
        )
        .as_bytes(),
    );
}

/// A page of Chinese written as UTF-8 and read by a browser's GBK decoder, which loses a lead
/// byte before ASCII (U+FFFD in about every other line): the whole-text reading leaves those
/// lines to the line search, and the document model comes from the head's reading whole.
#[test]
fn large_utf8_read_as_gbk_with_lost_bytes() {
    let phrases = [
        "我们的网站",
        "发送成功",
        "请检查文件",
        "系统中的用户",
        "打开 file 文件",
        "查看日志记录",
        "看那边",
    ];
    let mut utf8 = String::new();
    let mut i = 0usize;
    while utf8.len() < 700_000 {
        let (a, b) = (
            phrases[i % phrases.len()],
            phrases[(i / 3 + 2) % phrases.len()],
        );
        utf8.push_str(&format!("{a}，{b} {i}\n{b}。{a}\n"));
        i += 1;
    }
    let (garbled, _, _) = encoding_rs::GBK.decode(utf8.as_bytes());
    assert!(garbled.contains('\u{FFFD}'));
    check(garbled.as_bytes());
}

#[test]
fn large_gbk_without_declaration() {
    let text = big(
        "这是一个简体中文的网页，我们在全市开展了干部作风建设活动。",
        1_100_000,
    );
    let (bytes, _, _) = encoding_rs::GBK.encode(&text);
    check(&bytes);
}

#[test]
fn large_utf8_with_cp1252_islands() {
    let mut bytes = Vec::new();
    while bytes.len() < 1_000_000 {
        bytes.extend_from_slice("naïve crème ".as_bytes());
        bytes.extend_from_slice(b"caf\xE9 r\xE9sum\xE9\n");
    }
    check(&bytes);
}

#[test]
fn large_utf16_with_bom() {
    let text = big("UTF-16 text with 中文 and ÎÒÃÇ", 600_000);
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    check(&bytes);
}

#[test]
fn the_seed_page() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/seed/000_6a5141f7eed00459.txt"
    );
    if let Ok(bytes) = std::fs::read(path) {
        let mut doubled = bytes.clone();
        while doubled.len() < 700_000 {
            doubled.extend_from_slice(&bytes);
        }
        check(&doubled);
    }
}
