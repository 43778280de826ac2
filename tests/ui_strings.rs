//! Short UI strings (menu words, messages with placeholders and mnemonics) garbled through
//! GBK, Big5, Shift_JIS, EUC-KR, windows-1252 and windows-1251: each row of
//! `tests/data/ui_strings.tsv` must come back exactly. (파일 read as Shift_JIS, 甯護攵, is the one
//! such word found that stays unrepaired: too short to tell from real Han.)

use unmojibake::{Config, Repairer};

#[test]
fn ui_strings_come_back() {
    let data = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/ui_strings.tsv"
    ))
    .expect("data file");
    let repairer: Repairer = Config::encoding_only().build();
    let mut failures = Vec::new();
    let mut rows = 0;
    for line in data
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let mut cols = line.split('\t');
        let (Some(clean), Some(charset), Some(garbled)) = (cols.next(), cols.next(), cols.next())
        else {
            panic!("malformed row {line:?}");
        };
        rows += 1;
        let fixed = repairer.repair_str(garbled);
        if fixed.as_str() != clean {
            failures.push(format!(
                "{clean} ({charset}): {garbled} → {}",
                fixed.as_str()
            ));
        }
        assert_eq!(
            repairer.repair_str(clean).as_str(),
            clean,
            "clean {clean} changed"
        );
    }
    assert!(rows > 150, "{rows} rows");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
