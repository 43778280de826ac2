//! Clean text of every script comes through unchanged (and borrowed), whole lines and the
//! short pieces (2–6 characters) that are the hard case for a mojibake detector.

mod common;

use std::borrow::Cow;

use unmojibake::{Config, Repairer};

fn pieces(line: &str) -> Vec<String> {
    let chars: Vec<char> = line.chars().collect();
    let mut out = Vec::new();
    for len in 2..=6 {
        for start in (0..chars.len()).step_by(len) {
            let piece: String = chars[start..(start + len).min(chars.len())]
                .iter()
                .collect();
            if !piece.is_ascii() {
                out.push(piece);
            }
        }
    }
    out
}

#[test]
fn clean_lines_and_pieces_are_unchanged_with_encoding_only() {
    let repairer: Repairer = Config::encoding_only().build();
    let mut checked = 0;
    for (file, line) in common::clean_lines() {
        let mut strings = vec![line.clone()];
        strings.extend(pieces(&line));
        for s in strings {
            let out = repairer.repair_str(&s);
            assert!(!out.changed(), "{file}: {s:?} became {:?}", out.as_str());
            assert!(
                matches!(out.into_cow(), Cow::Borrowed(_)),
                "{file}: {s:?} was copied"
            );
            checked += 1;
        }
    }
    assert!(checked > 500, "the corpus is there ({checked} strings)");
}

#[test]
fn clean_lines_are_unchanged_with_the_defaults() {
    for (file, line) in common::clean_lines() {
        let out = unmojibake::repair_str(&line);
        assert_eq!(out.as_str(), line, "{file}");
        let out = unmojibake::repair(line.as_bytes());
        assert_eq!(out.as_str(), line, "{file}");
        assert!(!out.changed());
    }
}
