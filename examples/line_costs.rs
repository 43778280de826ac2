//! Which lines of a file cost the repair most: each line is repaired alone (three times, after
//! one warm-up pass over the whole file so that lazily built tables are not charged to the
//! first line that needs them), and the dearest are listed with their share of the total.
//! A line the gate sends to the search costs a hundred times a line it lets through; this is
//! how to find which ones, and why a text runs slower than another.
//!
//! Run: `cargo run --release --example line_costs -- FILE [N]` (the 25 dearest by default).

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: line_costs FILE [N]");
        return;
    };
    let shown: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(25);
    let text = match std::fs::read(&path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) => {
            eprintln!("{path}: {e}");
            return;
        }
    };
    std::hint::black_box(unmojibake::repair_str(&text).changed());
    let mut lines: Vec<(f64, &str, bool)> = text
        .lines()
        .map(|line| {
            let start = Instant::now();
            let mut changed = false;
            for _ in 0..3 {
                changed = std::hint::black_box(unmojibake::repair_str(line).changed());
            }
            (start.elapsed().as_secs_f64() / 3.0, line, changed)
        })
        .collect();
    let total: f64 = lines.iter().map(|l| l.0).sum();
    lines.sort_by(|a, b| b.0.total_cmp(&a.0));
    println!(
        "{:.2} ms over {} lines ({} bytes)",
        total * 1e3,
        lines.len(),
        text.len()
    );
    let mut so_far = 0.0;
    for (seconds, line, changed) in lines.iter().take(shown) {
        so_far += seconds;
        let excerpt: String = line.chars().take(80).collect();
        println!(
            "{:9.1} µs {:5.1} % {} {excerpt}",
            seconds * 1e6,
            so_far / total.max(f64::MIN_POSITIVE) * 100.0,
            if *changed { "changed" } else { "       " }
        );
    }
}
