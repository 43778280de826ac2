//! Worst cases for the span search, 10 MB each, against ordinary text of the same size: time per
//! MB must stay flat (a super-linear path is a bug). Single thread; best of `--runs N` (default 1).
//!
//! Run: `cargo run --release --example adversarial [-- --runs 3 --mb 10]`

use std::time::Instant;

/// A page from `scripts/simulate_rewriter.py` (the rewriter's fingerprint, so its repair runs),
/// followed by one line made of its lines with converter damage, repeated: thousands of lost
/// bytes and orphaned readings in one line.
fn rewriter_page(bytes: usize) -> String {
    let page = include_str!("../tests/data/rewriter/nfkc_folded_digit_in_a_misaligned_run.txt");
    let damaged: String = page
        .lines()
        .filter(|l| l.matches('?').count() >= 3)
        .collect();
    format!("{page}\n{}\n", one_line(&damaged, bytes))
}

fn lines_of(unit: &str, per_line: usize, bytes: usize) -> String {
    let line = unit.repeat(per_line.max(1));
    let mut s = String::with_capacity(bytes + line.len() + 1);
    while s.len() < bytes {
        s.push_str(&line);
        s.push('\n');
    }
    s
}

fn one_line(unit: &str, bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + unit.len());
    while s.len() < bytes {
        s.push_str(unit);
    }
    s
}

fn garble(text: &str, wrong: &'static encoding_rs::Encoding) -> String {
    wrong
        .decode_without_bom_handling(text.as_bytes())
        .0
        .into_owned()
}

/// `text` in Shift_JIS read as windows-1252 by a decoder that writes '?' for the bytes
/// windows-1252 leaves undefined (0x81 leads every Japanese punctuation mark).
fn shift_jis_as_cp1252_lossy(text: &str) -> String {
    let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(text);
    bytes
        .iter()
        .map(|&b| match b {
            0x81 | 0x8D | 0x8F | 0x90 | 0x9D => '?',
            _ => garble_byte(b),
        })
        .collect()
}

fn garble_byte(b: u8) -> char {
    encoding_rs::WINDOWS_1252
        .decode_without_bom_handling(&[b])
        .0
        .chars()
        .next()
        .unwrap_or('\u{FFFD}')
}

/// Rare-but-real Han (GB2312 level 2 and beyond) in a deterministic jumble: costly characters
/// that are not mojibake.
fn rare_han(bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + 64);
    let mut x: u32 = 12345;
    let mut col = 0;
    while s.len() < bytes {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        let c = char::from_u32(0x4E00 + (x >> 8) % 0x51A0).unwrap_or('中');
        s.push(c);
        col += 1;
        if col == 60 {
            s.push('\n');
            col = 0;
        }
    }
    s
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let get = |name: &str, default: usize| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let runs = get("--runs", 1).max(1);
    let size = get("--mb", 10) << 20;
    let zh = "这是一个简体中文的网页，我们在全市开展了干部作风建设活动，取得了很好的效果。";
    let latin = "Le café était délicieux, mais un peu trop sucré à mon goût. Über die Brücke.";
    let ja = "今日は図書館で本を読みました。この問題はすでに解決しましたので、ご安心ください。";
    let mut deep = String::from("Über café, naïve façade");
    for _ in 0..4 {
        deep = garble(&deep, encoding_rs::WINDOWS_1252);
    }
    let cases: Vec<(&str, String)> = vec![
        ("ordinary: clean Chinese", lines_of(zh, 1, size)),
        (
            "ordinary: UTF-8 read as GBK",
            lines_of(&garble(zh, encoding_rs::GBK), 1, size),
        ),
        (
            "ordinary: UTF-8 read as cp1252",
            lines_of(&garble(latin, encoding_rs::WINDOWS_1252), 1, size),
        ),
        ("rare Han, 60 per line", rare_han(size)),
        ("'鍔?' ×40 per line", lines_of("鍔?", 40, size)),
        ("'Ã?' ×40 per line", lines_of("Ã?", 40, size)),
        ("'?' next to Han, one line", one_line("中?", size)),
        (
            "Shift_JIS read as cp1252, '?' for lost bytes",
            lines_of(&shift_jis_as_cp1252_lossy(ja), 1, size),
        ),
        (
            "the same, one 10 MB line",
            one_line(&shift_jis_as_cp1252_lossy(ja), size),
        ),
        (
            "alternating scripts aБ中あ한",
            lines_of("aБ中あ한", 20, size),
        ),
        ("four layers of cp1252", lines_of(&deep, 1, size)),
        (
            "UTF-8 read as GBK, one 10 MB line",
            one_line(&garble(zh, encoding_rs::GBK), size),
        ),
        (
            "SEO-rewriter page, its damaged lines as one line",
            rewriter_page(size),
        ),
        (
            "UTF-8 read as cp1252, one 10 MB line",
            one_line(&garble(latin, encoding_rs::WINDOWS_1252), size),
        ),
    ];
    let repairer = unmojibake::Repairer::default();
    println!("| input ({} MB) | MB/s | s/MB |", size >> 20);
    println!("|---|---:|---:|");
    for (name, input) in &cases {
        let mut best = f64::MAX;
        for _ in 0..runs {
            let start = Instant::now();
            let out = repairer.repair_str(input);
            std::hint::black_box(out.as_str().len());
            best = best.min(start.elapsed().as_secs_f64());
        }
        let mb = input.len() as f64 / 1e6;
        println!("| {name} | {:.2} | {:.3} |", mb / best, best / mb);
    }
}
