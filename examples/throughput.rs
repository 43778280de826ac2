//! Throughput of `repair` on generated inputs, in MB/s (single thread). A quick check; the
//! criterion benchmarks are the reference.
//!
//! Run: `cargo run --release --example throughput` (or `-- FILE…` to time whole files, best of
//! three, as `scripts/compare_ftfy.py` does; `--encoding-only` for `Config::encoding_only()`).

use std::time::Instant;

fn repeat(line: &str, bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + line.len());
    while s.len() < bytes {
        s.push_str(line);
        s.push('\n');
    }
    s
}

fn garble(text: &str, wrong: &'static encoding_rs::Encoding) -> String {
    let (s, _) = wrong.decode_without_bom_handling(text.as_bytes());
    s.into_owned()
}

/// Times `repair` on each file named on the command line: best of three, MB/s.
fn time_files(paths: &[String], repairer: &unmojibake::Repairer) {
    for path in paths {
        let Ok(input) = std::fs::read(path) else {
            eprintln!("cannot read {path}");
            continue;
        };
        let best = (0..3)
            .map(|_| {
                let start = Instant::now();
                let out = repairer.repair(&input);
                std::hint::black_box(out.changed());
                start.elapsed().as_secs_f64()
            })
            .fold(f64::INFINITY, f64::min);
        println!("{path}\t{:.2}", input.len() as f64 / best / 1e6);
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let encoding_only = args.iter().any(|a| a == "--encoding-only");
    let files: Vec<String> = args.into_iter().filter(|a| !a.starts_with("--")).collect();
    if !files.is_empty() {
        let repairer = if encoding_only {
            unmojibake::Config::encoding_only().build()
        } else {
            unmojibake::Repairer::default()
        };
        time_files(&files, &repairer);
        return;
    }
    let size = 8 << 20;
    let zh = "这是一个简体中文的网页，我们在全市开展了干部作风建设活动，取得了很好的效果。";
    let latin = "Le café était délicieux, mais un peu trop sucré à mon goût. Über die Brücke.";
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "clean ASCII",
            repeat(
                "The quick brown fox jumps over the lazy dog, again and again.",
                size,
            )
            .into_bytes(),
        ),
        ("clean Chinese UTF-8", repeat(zh, size).into_bytes()),
        ("clean Latin UTF-8", repeat(latin, size).into_bytes()),
        (
            "Latin mojibake (UTF-8 as cp1252)",
            repeat(&garble(latin, encoding_rs::WINDOWS_1252), size).into_bytes(),
        ),
        (
            "CJK mojibake (UTF-8 as GBK)",
            repeat(&garble(zh, encoding_rs::GBK), size).into_bytes(),
        ),
        (
            "GBK bytes, undeclared",
            encoding_rs::GBK.encode(&repeat(zh, size)).0.into_owned(),
        ),
    ];
    let repairer = unmojibake::Repairer::default();
    for (name, input) in &cases {
        let start = Instant::now();
        let out = repairer.repair(input);
        let secs = start.elapsed().as_secs_f64();
        println!(
            "{name:36} {:8.1} MB/s  ({} bytes in, changed: {})",
            input.len() as f64 / secs / 1e6,
            input.len(),
            out.changed()
        );
    }
}
