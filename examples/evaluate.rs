//! Evaluation: generates mojibake along real-world chains from allowed corpora, repairs it, and
//! prints per-chain exact-match and character error rates, the share exact but for characters
//! the repair marks lost (U+FFFD, one for one or two characters, loss reported), the share of
//! outputs that are wrong
//! though they report no loss (text invented with unearned confidence), and the
//! false-positive rate on clean strings of every script.
//!
//! Corpora: `tests/data/clean/*.txt` (text written for this project) and, when present,
//! `target/corpus/*.txt` extracted from the man pages by `python3 scripts/corpus.py`. The gettext
//! catalogs of the machine image are reserved for independent evaluation and never read.
//!
//! Run: `python3 scripts/corpus.py && cargo run --release --example evaluate [-- --limit N]
//! [--only zh_CN,ja] [--short] [--verbose [--failures N] [--wrong]] [--default]`; for the
//! false-positive table alone over the strings of every language CLDR covers:
//! `python3 scripts/cldr_corpus.py && cargo run --release --example evaluate -- --clean-only
//! target/cldr [--max-changed N]` (exit status 1 if more than N changed); the chains over those
//! strings instead of the man pages: `-- --corpus target/cldr`.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use encoding_rs::Encoding;
use unmojibake::{Config, Repairer};

/// How a wrong decoder treats bytes it cannot decode.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Flavour {
    /// WHATWG: U+FFFD for malformed sequences; windows-1252's undefined bytes become C1 controls.
    Whatwg,
    /// Python/Java `errors="replace"` written out as '?': every undecodable unit becomes '?'.
    Question,
    /// Python's `errors="replace"`: U+FFFD, also for single-byte charsets' undefined bytes.
    Replacement,
    /// Python's own GBK codec with `errors="replace"` (wrong charset GBK only): it has no € at
    /// 0x80 and no user-defined area, and gives one U+FFFD per byte it cannot read, so the
    /// 0x80 ending 一 (E4 B8 80) is lost where a browser shows 涓€.
    PythonGbk,
}

/// Decodes `bytes` as Python's `bytes.decode("gbk", "replace")` does: one U+FFFD for each byte
/// that starts no valid character (0x80, 0xFF, a lead byte whose pair is unmapped, in the
/// user-defined area or cut off), reading on from the next byte.
fn decode_python_gbk(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 {
            out.push(char::from(b));
            i += 1;
            continue;
        }
        let pair = bytes
            .get(i..i + 2)
            .filter(|p| (0x81..=0xFE).contains(&p[0]));
        let decoded = pair
            .and_then(|p| encoding_rs::GBK.decode_without_bom_handling_and_without_replacement(p))
            .and_then(|s| s.chars().next())
            .filter(|&c| !('\u{E000}'..='\u{F8FF}').contains(&c) && c != '€');
        match decoded {
            Some(c) => {
                out.push(c);
                i += 2;
            }
            None => {
                out.push('\u{FFFD}');
                i += 1;
            }
        }
    }
    out
}

struct ChainCase {
    actual: &'static Encoding,
    wrong: &'static Encoding,
    latin1: bool,
    /// A second layer: the mojibake saved as UTF-8 and read as this charset again.
    second: Option<&'static Encoding>,
}

impl ChainCase {
    fn name(&self) -> String {
        let wrong = if self.latin1 {
            "ISO-8859-1"
        } else {
            self.wrong.name()
        };
        match self.second {
            Some(second) => format!("{} as {} as {}", self.actual.name(), wrong, second.name()),
            None => format!("{} as {}", self.actual.name(), wrong),
        }
    }

    /// Legacy CJK encodings only ever held CJK text (and what they can encode of others is rare).
    fn cjk_only(&self) -> bool {
        use encoding_rs::*;
        [GBK, BIG5, SHIFT_JIS, EUC_JP, EUC_KR].contains(&self.actual)
    }
}

fn is_cjk_text(s: &str) -> bool {
    s.chars()
        .any(|c| matches!(u32::from(c), 0x3040..=0x30FF | 0x4E00..=0x9FFF | 0xAC00..=0xD7A3))
}

fn chains() -> Vec<ChainCase> {
    use encoding_rs::*;
    let case = |actual, wrong, latin1, second| ChainCase {
        actual,
        wrong,
        latin1,
        second,
    };
    let mut v = Vec::new();
    for wrong in [
        WINDOWS_1252,
        GBK,
        BIG5,
        SHIFT_JIS,
        EUC_JP,
        EUC_KR,
        WINDOWS_1250,
        WINDOWS_1251,
        WINDOWS_1253,
        WINDOWS_1254,
        WINDOWS_1255,
        WINDOWS_1256,
        WINDOWS_1257,
        WINDOWS_1258,
        ISO_8859_2,
        MACINTOSH,
        KOI8_R,
        KOI8_U,
        WINDOWS_874,
    ] {
        v.push(case(UTF_8, wrong, false, None));
    }
    v.push(case(UTF_8, WINDOWS_1252, true, None));
    for actual in [GBK, BIG5, SHIFT_JIS, EUC_JP, EUC_KR] {
        v.push(case(actual, WINDOWS_1252, false, None));
        v.push(case(actual, WINDOWS_1252, true, None));
    }
    v.push(case(BIG5, GBK, false, None));
    v.push(case(GBK, BIG5, false, None));
    // Legacy single-byte text read with another single-byte table.
    for (actual, wrong) in [
        (WINDOWS_1251, WINDOWS_1252),
        (KOI8_R, WINDOWS_1251),
        (WINDOWS_1250, WINDOWS_1252),
        (WINDOWS_1253, WINDOWS_1252),
        (WINDOWS_1255, WINDOWS_1252),
        (WINDOWS_1256, WINDOWS_1252),
        (WINDOWS_874, WINDOWS_1252),
    ] {
        v.push(case(actual, wrong, false, None));
    }
    v.push(case(UTF_8, WINDOWS_1252, false, Some(WINDOWS_1252)));
    v.push(case(UTF_8, GBK, false, Some(WINDOWS_1252)));
    v.push(case(UTF_8, SHIFT_JIS, false, Some(WINDOWS_1252)));
    // A Russian Windows program's reading, saved as UTF-8 and read by a Western one.
    v.push(case(UTF_8, WINDOWS_1251, false, Some(WINDOWS_1252)));
    v
}

fn garble(text: &str, c: &ChainCase, flavour: Flavour) -> Option<String> {
    let (bytes, _, unmappable) = c.actual.encode(text);
    if unmappable {
        return None;
    }
    if c.latin1 {
        return Some(bytes.iter().map(|&b| char::from(b)).collect());
    }
    let (decoded, _) = if flavour == Flavour::PythonGbk {
        (std::borrow::Cow::Owned(decode_python_gbk(&bytes)), false)
    } else {
        c.wrong.decode_without_bom_handling(&bytes)
    };
    let decoded = match c.second {
        // A loss in the first layer is a loss, even if the second shows it as "ï¿½": such
        // cases count as lossy (marked by a U+FFFD kept at the end).
        Some(_) if decoded.contains('\u{FFFD}') && flavour == Flavour::Whatwg => {
            return Some("\u{FFFD}".to_owned());
        }
        Some(second) => {
            let (again, _) = second.decode_without_bom_handling(decoded.as_bytes());
            again.into_owned()
        }
        None => decoded.into_owned(),
    };
    let mut out = String::with_capacity(decoded.len());
    for ch in decoded.chars() {
        let undefined_single = c.wrong.is_single_byte() && ('\u{80}'..='\u{9F}').contains(&ch);
        match (flavour, ch) {
            (Flavour::Question, '\u{FFFD}') => out.push('?'),
            (Flavour::Question, _) if undefined_single => out.push('?'),
            (Flavour::Replacement, _) if undefined_single => out.push('\u{FFFD}'),
            _ => out.push(ch),
        }
    }
    Some(out)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let sub = prev[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            cur[j] = sub.min(prev[j] + 1).min(cur[j - 1] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Whether `repaired` is `original` with some characters replaced by U+FFFD, each standing for
/// one to [`MAX_MARKED_RUN`] characters: nothing wrong is claimed, what was lost is marked.
fn exact_up_to_marked_loss(repaired: &str, original: &str) -> bool {
    let r: Vec<char> = repaired.chars().collect();
    let o: Vec<char> = original.chars().collect();
    // reach[j]: the first i characters of `r` can stand for the first j of `o`.
    let mut reach = vec![false; o.len() + 1];
    reach[0] = true;
    for &c in &r {
        let mut next = vec![false; o.len() + 1];
        for j in 0..=o.len() {
            if !reach[j] {
                continue;
            }
            if c == '\u{FFFD}' {
                for k in 1..=MAX_MARKED_RUN {
                    if j + k <= o.len() {
                        next[j + k] = true;
                    }
                }
            } else if o.get(j) == Some(&c) {
                next[j + 1] = true;
            }
        }
        reach = next;
    }
    reach[o.len()]
}

/// The most characters one U+FFFD of a repair may stand for in [`exact_up_to_marked_loss`].
const MAX_MARKED_RUN: usize = 2;

fn load_corpora(dirs: &[&str]) -> BTreeMap<String, Vec<String>> {
    let mut corpora: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for &dir in dirs {
        let Ok(entries) = fs::read_dir(dir) else {
            continue;
        };
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for path in paths {
            if path.extension().is_none_or(|e| e != "txt") {
                continue;
            }
            let lang = path
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let text = fs::read_to_string(&path).unwrap_or_default();
            let lines = corpora.entry(lang).or_default();
            lines.extend(
                text.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !l.starts_with('#'))
                    .map(String::from),
            );
        }
    }
    corpora
}

/// A UI-string-sized piece of `line` (the `n`th): its first 1–3 words, or, in text written
/// without spaces, its first 2–6 characters; none if that piece is ASCII.
fn ui_sized(line: &str, n: usize) -> Option<String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let piece = if words.len() > 1 || line.chars().count() <= 6 {
        words[..words.len().min(1 + n % 3)].join(" ")
    } else {
        line.chars().take(2 + n % 5).collect()
    };
    let piece = piece
        .trim_end_matches([',', '.', ':', ';', '。', '，', '、'])
        .to_owned();
    (!piece.is_ascii()).then_some(piece)
}

/// Short pieces (2–6 characters) of non-ASCII runs: the hard case for false positives.
fn short_pieces(lines: &[String], out: &mut Vec<String>) {
    for line in lines {
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            if chars[i].is_ascii() {
                i += 1;
                continue;
            }
            let len = 2 + (i % 5);
            let piece: String = chars[i..(i + len).min(chars.len())].iter().collect();
            if piece.chars().count() >= 2 && !piece.is_ascii() {
                out.push(piece);
            }
            i += len;
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let limit: usize = args
        .iter()
        .position(|a| a == "--limit")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(3000);
    if !Path::new("target/corpus").exists() {
        eprintln!(
            "note: target/corpus is missing; run `python3 scripts/corpus.py` for the man-page corpora"
        );
    }
    // `--clean-only DIR`: only the false-positive table, over the corpora of DIR (e.g.
    // target/cldr from `python3 scripts/cldr_corpus.py`: every language CLDR covers).
    let clean_only = args
        .iter()
        .position(|a| a == "--clean-only")
        .and_then(|i| args.get(i + 1));
    // `--corpus DIR`: the chains over the corpora of DIR instead (e.g. target/cldr: the labels
    // and names of 194 locales, the shortest strings of every script).
    let corpus = args
        .iter()
        .position(|a| a == "--corpus")
        .and_then(|i| args.get(i + 1));
    let dirs: Vec<&str> = match (clean_only, corpus) {
        (Some(dir), _) | (None, Some(dir)) => vec![dir.as_str()],
        (None, None) => vec!["tests/data/clean", "target/corpus"],
    };
    let mut corpora = load_corpora(&dirs);
    // `--only zh_CN,zh_TW`: evaluate on these corpora only (e.g. a legacy charset's own language).
    if let Some(only) = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1))
    {
        let keep: Vec<&str> = only.split(',').collect();
        corpora.retain(|name, _| keep.contains(&name.as_str()));
    }
    // `--default`: every fix on (the library's defaults) instead of the encoding repairs alone.
    let repairer: Repairer = if args.iter().any(|a| a == "--default") {
        Repairer::default()
    } else {
        Config::encoding_only().build()
    };
    // Round-robin over the corpora so every chain sees every script, not the first corpus only.
    let mut all_lines: Vec<&String> = Vec::new();
    let longest = corpora.values().map(Vec::len).max().unwrap_or(0);
    for i in 0..longest {
        for lines in corpora.values() {
            if let Some(l) = lines.get(i) {
                all_lines.push(l);
            }
        }
    }

    // `--short`: cut every line to a UI-string-sized piece (1–3 words, or 2–6 characters of
    // text written without spaces), the hard case for every chain.
    let short_lines: Vec<String>;
    if args.iter().any(|a| a == "--short") {
        short_lines = all_lines
            .iter()
            .enumerate()
            .filter_map(|(i, l)| ui_sized(l, i))
            .collect();
        all_lines = short_lines.iter().collect();
    }

    // `--failures N`: with `--verbose`, how many failures to show per row (3 by default).
    let shown_failures: usize = args
        .iter()
        .position(|a| a == "--failures")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(3);
    // `--wrong`: with `--verbose`, show only the failures counted as wrong.
    let wrong_only = args.iter().any(|a| a == "--wrong");
    if clean_only.is_none() {
        println!("| chain | flavour | cases | exact | exact up to marked loss | CER | wrong |");
        println!("|---|---|---:|---:|---:|---:|---:|");
    }
    for c in chains().into_iter().filter(|_| clean_only.is_none()) {
        for flavour in [
            Flavour::Whatwg,
            Flavour::Question,
            Flavour::Replacement,
            Flavour::PythonGbk,
        ] {
            if flavour == Flavour::PythonGbk && (c.wrong != encoding_rs::GBK || c.latin1) {
                continue;
            }
            let (mut cases, mut exact, mut errors, mut chars) = (0usize, 0usize, 0usize, 0usize);
            // Exact but for characters the repair marks lost (U+FFFD) and reports lost.
            let mut marked = 0usize;
            // Outputs that changed the text, report nothing lost and are still not the original:
            // text invented with unearned confidence.
            let mut wrong = 0usize;
            let mut failures = Vec::new();
            for line in &all_lines {
                if cases >= limit {
                    break;
                }
                if c.cjk_only() && !is_cjk_text(line) {
                    continue;
                }
                let Some(garbled) = garble(line, &c, flavour) else {
                    continue;
                };
                if garbled == **line {
                    continue;
                }
                let lossy = garbled.contains('\u{FFFD}')
                    || garbled.matches('?').count() > line.matches('?').count();
                if (flavour == Flavour::Whatwg) == lossy && flavour != Flavour::Whatwg {
                    // Lossy flavours only count cases where something was lost.
                    continue;
                }
                if flavour == Flavour::Whatwg && lossy {
                    continue;
                }
                cases += 1;
                let fixed = repairer.repair_str(&garbled);
                let is_wrong =
                    fixed.as_str() != line.as_str() && fixed.as_str() != garbled && !fixed.lost();
                if fixed.as_str() == line.as_str() {
                    exact += 1;
                    marked += 1;
                } else if fixed.lost() && exact_up_to_marked_loss(fixed.as_str(), line) {
                    marked += 1;
                } else if is_wrong {
                    wrong += 1;
                }
                if fixed.as_str() != line.as_str()
                    && (is_wrong || !wrong_only)
                    && failures.len() < shown_failures
                {
                    failures.push(format!(
                        "    {line:?}\n      garbled {garbled:?}\n      got     {:?}",
                        fixed.as_str()
                    ));
                }
                errors += levenshtein(fixed.as_str(), line);
                chars += line.chars().count();
            }
            if cases == 0 {
                continue;
            }
            let name = c.name();
            println!(
                "| {name} | {flavour:?} | {cases} | {:.2}% | {:.2}% | {:.3}% | {:.2}% |",
                100.0 * exact as f64 / cases as f64,
                100.0 * marked as f64 / cases as f64,
                100.0 * errors as f64 / chars.max(1) as f64,
                100.0 * wrong as f64 / cases as f64
            );
            if args.iter().any(|a| a == "--verbose") {
                for f in failures {
                    println!("{f}");
                }
            }
        }
    }

    println!();
    println!("| corpus | clean strings | changed | rate |");
    println!("|---|---:|---:|---:|");
    let (mut total, mut total_changed) = (0usize, 0usize);
    // Which chains the changes of clean strings went along.
    // (With `--verbose`, `--failures` examples of each.)
    let mut by_chain: BTreeMap<String, (usize, Vec<String>)> = BTreeMap::new();
    for (lang, lines) in &corpora {
        let mut strings: Vec<String> = lines.clone();
        short_pieces(lines, &mut strings);
        // UI-string-sized pieces (1–3 words) too: the shape of short strings in real data.
        strings.extend(lines.iter().enumerate().filter_map(|(i, l)| ui_sized(l, i)));
        let mut changed = 0;
        for s in &strings {
            let out = repairer.repair_str(s);
            if out.as_str() != s {
                changed += 1;
                for chain in out.chains() {
                    let (n, examples) = by_chain.entry(format!("{chain}")).or_default();
                    *n += 1;
                    if examples.len() < shown_failures {
                        examples.push(format!("    [{lang}] {s:?} -> {:?}", out.as_str()));
                    }
                }
                if args.iter().any(|a| a == "--verbose") && changed <= 5 {
                    println!("    {s:?} -> {:?}", out.as_str());
                }
            }
        }
        total += strings.len();
        total_changed += changed;
        println!(
            "| {lang} | {} | {changed} | {:.4}% |",
            strings.len(),
            100.0 * changed as f64 / strings.len().max(1) as f64
        );
    }
    println!(
        "| all | {total} | {total_changed} | {:.4}% |",
        100.0 * total_changed as f64 / total.max(1) as f64
    );
    // `--max-changed N`: fail (exit status 1) if more clean strings than N changed, a check
    // for scripts/test.sh over the CLDR strings.
    let max_changed: Option<usize> = args
        .iter()
        .position(|a| a == "--max-changed")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok());
    if !by_chain.is_empty() {
        println!();
        println!("| chain of the changes of clean strings | strings |");
        println!("|---|---:|");
        for (chain, (n, examples)) in by_chain {
            println!("| {chain} | {n} |");
            if args.iter().any(|a| a == "--verbose") {
                for e in examples {
                    println!("{e}");
                }
            }
        }
    }
    if let Some(max) = max_changed
        && total_changed > max
    {
        eprintln!("{total_changed} clean strings changed, more than the {max} allowed");
        std::process::exit(1);
    }
}
