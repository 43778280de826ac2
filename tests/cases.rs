//! Hand-picked real-world shapes, one per line of `tests/data/cases.jsonl`, each with a line of
//! why it is there.

use unmojibake::{Config, Repairer};

#[test]
fn every_case_repairs_to_its_expected_text() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/cases.jsonl"
    ))
    .expect("cases file");
    let repairer: Repairer = Config::encoding_only().build();
    let mut failures = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let case: serde_json::Value = serde_json::from_str(line).expect("valid JSON");
        let why = case["why"].as_str().unwrap_or_default();
        let input = case["input"].as_str().unwrap_or_default();
        let expected = case["expected"].as_str().unwrap_or_default();
        let got = repairer.repair_str(input);
        if got.as_str() != expected {
            failures.push(format!(
                "{why}: {input:?} → {:?}, expected {expected:?}",
                got.as_str()
            ));
        }
        // (Where a case says whether bytes were lost, the report must say the same.)
        if let Some(lost) = case["lost"].as_bool()
            && got.lost() != lost
        {
            failures.push(format!("{why}: {input:?} reports lost = {}", got.lost()));
        }
        assert_eq!(
            unmojibake::replay_str(input, got.steps()),
            got.as_str(),
            "{why}: replay"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// With every fix on (the default), the line-break fix must not break UTF-8 read as ISO-8859-1
/// apart at a continuation byte 0x85 (U+0085 after Ñ is the х of Сохранить, not a NEL).
#[test]
fn the_default_repair_keeps_continuation_bytes_that_look_like_line_breaks() {
    let repairer = Repairer::default();
    for text in ["Сохранить как…", "Άνοιγμα αρχείου", "فتح ملف"] {
        let garbled: String = text.bytes().map(char::from).collect();
        assert_eq!(repairer.repair_str(&garbled).as_str(), text, "{garbled:?}");
    }
}
