//! repair(garble(s)) == s along the real-world chains, for every line of the clean corpus the
//! chain can carry, and idempotence of the result.

mod common;

use encoding_rs::*;
use unmojibake::{Config, Repairer};

/// Checks a chain on the corpus files whose names start with one of `langs` (empty: all):
/// legacy CJK encodings carry the language they were made for.
fn check_chain(
    actual: &'static Encoding,
    wrong: &'static Encoding,
    langs: &[&str],
    min_chars: usize,
) {
    let repairer: Repairer = Config::encoding_only().build();
    let mut cases = 0;
    for (file, line) in common::clean_lines() {
        let wanted = langs.is_empty() || langs.iter().any(|l| file.starts_with(l));
        if line.chars().count() < min_chars || !wanted {
            continue;
        }
        let Some(garbled) = common::garble(&line, actual, wrong) else {
            continue;
        };
        if garbled.contains('\u{FFFD}') {
            continue; // lossy cases are measured by the evaluation, not asserted here
        }
        let fixed = repairer.repair_str(&garbled);
        assert_eq!(
            fixed.as_str(),
            line,
            "{file}: {} read as {}: {garbled:?}",
            actual.name(),
            wrong.name()
        );
        let again = repairer.repair_str(fixed.as_str());
        assert!(!again.changed(), "not idempotent: {:?}", again.as_str());
        cases += 1;
    }
    assert!(cases > 0, "{} as {}: no case", actual.name(), wrong.name());
}

#[test]
fn utf8_read_as_windows_1252() {
    check_chain(UTF_8, WINDOWS_1252, &[], 1);
}

#[test]
fn utf8_read_as_gbk() {
    check_chain(UTF_8, GBK, &["zh", "ja", "ko"], 4);
}

#[test]
fn utf8_read_as_big5() {
    check_chain(UTF_8, BIG5, &["zh", "ja", "ko"], 1);
}

#[test]
fn utf8_read_as_shift_jis() {
    check_chain(UTF_8, SHIFT_JIS, &["zh", "ja", "ko"], 4);
}

#[test]
fn utf8_read_as_euc_kr() {
    check_chain(UTF_8, EUC_KR, &["zh", "ja", "ko"], 4);
}

#[test]
fn utf8_read_as_windows_1251() {
    check_chain(UTF_8, WINDOWS_1251, &["ru", "uk"], 4);
}

#[test]
fn gbk_read_as_windows_1252() {
    check_chain(GBK, WINDOWS_1252, &["zh"], 4);
}

#[test]
fn big5_read_as_windows_1252() {
    check_chain(BIG5, WINDOWS_1252, &["zh_Hant"], 4);
}

#[test]
fn shift_jis_read_as_windows_1252() {
    check_chain(SHIFT_JIS, WINDOWS_1252, &["ja"], 4);
}

#[test]
fn euc_kr_read_as_windows_1252() {
    check_chain(EUC_KR, WINDOWS_1252, &["ko"], 4);
}

#[test]
fn big5_read_as_gbk() {
    check_chain(BIG5, GBK, &["zh_Hant"], 6);
}

#[test]
fn gbk_read_as_big5() {
    check_chain(GBK, BIG5, &["zh"], 6);
}

#[test]
fn two_layers_utf8_gbk_then_windows_1252() {
    let repairer: Repairer = Config::encoding_only().build();
    for (file, line) in common::clean_lines() {
        if !common::is_cjk(&line) || line.chars().count() < 6 {
            continue;
        }
        let Some(first) = common::garble(&line, UTF_8, GBK) else {
            continue;
        };
        if first.contains('\u{FFFD}') {
            continue;
        }
        let Some(second) = common::garble(&first, UTF_8, WINDOWS_1252) else {
            continue;
        };
        assert_eq!(
            repairer.repair_str(&second).as_str(),
            line,
            "{file}: {second:?}"
        );
    }
}

#[test]
fn gbk_read_as_big5_with_a_question_mark_beside_cjk_letters_marks_the_loss() {
    // 如果没有指定输出文件就写到标准输出 in GBK, read as Big5 by a decoder that writes '?' for
    // what it cannot read: in CJK text the placeholder is a lost character, not a question
    // mark (that text writes its own fullwidth), so the repair shows it as U+FFFD and reports
    // the loss.
    let repairer: Repairer = Config::encoding_only().build();
    let fixed = repairer.repair_str("?蝜?羶衄硌隅怀堤恅璃憩迡善梓袧怀堤");
    assert!(
        fixed.as_str().ends_with("有指定输出文件就写到标准输出"),
        "{fixed:?}"
    );
    assert!(fixed.as_str().starts_with('\u{FFFD}'), "{fixed:?}");
    assert!(!fixed.as_str().contains('?'), "{fixed:?}");
    assert!(fixed.lost());
}
