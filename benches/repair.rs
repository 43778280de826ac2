//! Benchmarks of `repair` per input kind and size (criterion). Throughput is in input bytes.
//!
//! Run: `cargo bench --bench repair` (add `UNMOJIBAKE_BENCH_LARGE=1` for the 100 MB inputs of
//! the fast kinds; `-- <filter>` for a subset, e.g. `-- "clean Chinese"`).
//!
//! Inputs are built from the hand-written clean corpus in `tests/data/clean`: sentences are
//! shuffled and joined into lines of two to four, so lines rarely repeat, then garbled in code.
//! The cost per byte should stay flat from 1 KB to 1 MB (and 100 MB).

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use encoding_rs::Encoding;

const CORPORA: [(&str, &str); 4] = [
    ("zh", include_str!("../tests/data/clean/zh_Hans.txt")),
    ("ja", include_str!("../tests/data/clean/ja.txt")),
    ("ko", include_str!("../tests/data/clean/ko.txt")),
    ("latin", include_str!("../tests/data/clean/latin.txt")),
];
const RUSSIAN: &str = include_str!("../tests/data/clean/ru.txt");
const ENGLISH: &str = "The quick brown fox jumps over the lazy dog.\n\
    A journey of a thousand miles begins with a single step.\n\
    All that glitters is not gold, and not all who wander are lost.\n\
    Repair the bytes, keep the text, and report what was done.\n";

/// Sentences of a corpus file (comment lines skipped).
fn sentences(corpus: &str) -> Vec<&str> {
    corpus
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

/// About `bytes` of text: lines of two to four sentences picked by a fixed pseudo-random
/// sequence, so that lines rarely repeat.
fn text(corpus: &str, bytes: usize) -> String {
    let parts = sentences(corpus);
    let mut out = String::with_capacity(bytes + 256);
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    while out.len() < bytes {
        for k in 0..2 + next(3) {
            if k > 0 {
                out.push(' ');
            }
            out.push_str(parts[next(parts.len())]);
        }
        out.push('\n');
    }
    out
}

fn garble(text: &str, wrong: &'static Encoding) -> String {
    wrong
        .decode_without_bom_handling(text.as_bytes())
        .0
        .into_owned()
}

fn encode(text: &str, charset: &'static Encoding) -> Vec<u8> {
    charset.encode(text).0.into_owned()
}

/// Every input kind, as bytes of about `size`.
fn inputs(size: usize) -> Vec<(&'static str, Vec<u8>)> {
    let zh = text(CORPORA[0].1, size);
    let latin = text(CORPORA[3].1, size);
    vec![
        ("clean ASCII", text(ENGLISH, size).into_bytes()),
        ("clean Chinese", zh.clone().into_bytes()),
        ("clean Japanese", text(CORPORA[1].1, size).into_bytes()),
        ("clean Korean", text(CORPORA[2].1, size).into_bytes()),
        ("clean Latin", latin.clone().into_bytes()),
        (
            "Latin mojibake (UTF-8 as cp1252)",
            garble(&latin, encoding_rs::WINDOWS_1252).into_bytes(),
        ),
        (
            "CJK mojibake (UTF-8 as GBK)",
            garble(&zh, encoding_rs::GBK).into_bytes(),
        ),
        (
            "CJK mojibake (UTF-8 as Shift_JIS)",
            garble(&text(CORPORA[1].1, size), encoding_rs::SHIFT_JIS).into_bytes(),
        ),
        ("legacy GBK, undeclared", encode(&zh, encoding_rs::GBK)),
        (
            "legacy windows-1251, undeclared",
            encode(&text(RUSSIAN, size), encoding_rs::WINDOWS_1251),
        ),
    ]
}

/// Kinds fast enough to bench at 100 MB.
fn is_fast(kind: &str) -> bool {
    kind.starts_with("clean") || kind.starts_with("legacy")
}

fn by_size(c: &mut Criterion) {
    let repairer = unmojibake::Repairer::default();
    let large = std::env::var_os("UNMOJIBAKE_BENCH_LARGE").is_some();
    let mut sizes = vec![1 << 10, 1 << 20];
    if large {
        sizes.push(100 << 20);
    }
    for size in sizes {
        for (kind, input) in inputs(size) {
            if size > 1 << 20 && !is_fast(kind) {
                continue;
            }
            let mut group = c.benchmark_group(kind);
            group.throughput(Throughput::Bytes(input.len() as u64));
            if size > 1 << 10 {
                group.sample_size(10);
            }
            group.bench_with_input(BenchmarkId::from_parameter(size), &input, |b, input| {
                b.iter(|| repairer.repair(black_box(input)).changed())
            });
            group.finish();
        }
    }
}

/// JSON Lines fields: strings of 20–200 bytes, a third of them mojibake, repaired one by one.
fn short_strings(c: &mut Criterion) {
    let repairer = unmojibake::Repairer::default();
    let mut strings = Vec::new();
    for (i, line) in CORPORA
        .iter()
        .flat_map(|(_, corpus)| sentences(corpus))
        .chain(sentences(RUSSIAN))
        .cycle()
        .take(3000)
        .enumerate()
    {
        let line: String = line.chars().take(60).collect();
        strings.push(match i % 3 {
            0 => garble(&line, encoding_rs::WINDOWS_1252),
            1 => garble(&line, encoding_rs::GBK),
            _ => line,
        });
    }
    let bytes: usize = strings.iter().map(String::len).sum();
    let mut group = c.benchmark_group("short strings");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("3000 strings, a third mojibake", |b| {
        b.iter(|| {
            strings
                .iter()
                .filter(|s| repairer.repair_str(black_box(s)).changed())
                .count()
        })
    });
    group.finish();
}

criterion_group!(benches, by_size, short_strings);
criterion_main!(benches);
