//! The page this project grew from (../shared/seed, present in CI): an SEO rewriter's
//! Simplified→Traditional conversion, pinyin annotations inserted over GBK bytes, and the byte
//! damage that caused. Also: documents without that fingerprint are left alone.

use unmojibake::{Action, Config, Repairer};

const SEED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/seed/000_6a5141f7eed00459.txt"
);

fn is_pinyin_letter(c: char) -> bool {
    c.is_ascii_lowercase() || "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü".contains(c)
}

#[test]
fn the_seed_page_comes_back_as_simplified_chinese() {
    let Ok(bytes) = std::fs::read(SEED) else {
        eprintln!("seed page not present; skipped");
        return;
    };
    let repaired = unmojibake::repair(&bytes);
    let text = repaired.as_str();
    assert!(
        !text.contains('?') && !text.contains('\u{FFFD}'),
        "lost bytes left"
    );
    assert!(
        !text.chars().any(|c| ('\u{E000}'..='\u{F8FF}').contains(&c)),
        "private use left"
    );
    // No "X(py)" annotation survives.
    let annotated = text.match_indices('(').any(|(i, _)| {
        let rest = &text[i + 1..];
        let py: String = rest.chars().take_while(|&c| is_pinyin_letter(c)).collect();
        !py.is_empty() && rest[py.len()..].starts_with(')')
    });
    assert!(!annotated, "an annotation survived");
    // Every spot the rewriter damaged, restored (found in the seed by hand; the code knows none).
    for phrase in [
        "部倾心",
        "我们在“十二五”",
        "们在全市开展",
        "矛盾。总体",
        "当地党委",
        "当地基层组织",
        "确保活动",
        "作风。基层",
        "以奋发",
        "仗？出路",
        "当地的干部，",
        "日常考核，",
    ] {
        assert!(text.contains(phrase), "{phrase} not restored");
    }
    // Traditional characters the one-to-one table produced are back in Simplified.
    for traditional in ['學', '習', '實', '動', '會', '們', '發', '著'] {
        assert!(!text.contains(traditional), "{traditional} left");
    }
    assert!(text.contains("学习啦") && text.contains("带着感情"));
    // The steps replay to the output.
    assert_eq!(unmojibake::replay(&bytes, repaired.steps()), text);
    assert!(
        repaired
            .steps()
            .iter()
            .any(|s| s.action == Action::ConverterDamage)
    );
}

#[test]
fn the_steps_can_be_switched_off() {
    let Ok(bytes) = std::fs::read(SEED) else {
        return;
    };
    let off = Config::default()
        .strip_annotations(false)
        .build()
        .repair(&bytes)
        .into_string();
    assert!(off.contains("學(xué)習(xí)"));
    let no_simplify = Config::default()
        .restore_simplified(false)
        .build()
        .repair(&bytes)
        .into_string();
    assert!(no_simplify.contains("學習啦") && !no_simplify.contains("(xué)"));
}

#[test]
fn traditional_text_without_the_fingerprint_is_not_converted() {
    let repairer: Repairer = Config::encoding_only().build();
    let text =
        "這是一份繁體中文的文件，我們會議記錄如下：學習(一)、發展(二)。\n天氣(tiān qì)很好。";
    assert_eq!(repairer.repair_str(text).as_str(), text);
}

#[test]
fn legitimate_pinyin_in_parentheses_is_left_alone() {
    let repairer: Repairer = Config::encoding_only().build();
    for text in [
        "第一课：你好(nǐ hǎo)！我(wǒ)是学生，他(tā)也是学生。我们都爱学习。",
        "字典：好(hǎo) 形容词；好看、好人、好事。学(xué) 动词；学习、学生、学校。中(zhōng) 中间、中国。",
        "曾(zēng)先生和单(shàn)女士是朋友，曾先生姓曾，单女士姓单。",
    ] {
        assert_eq!(repairer.repair_str(text).as_str(), text);
    }
}

/// A page from `scripts/simulate_rewriter.py` (text through the simulated rewriter), under
/// tests/data/rewriter, repaired: the text and whether the repair reports a loss.
fn repaired_page(name: &str) -> (String, bool) {
    let path = format!("{}/tests/data/rewriter/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(path).unwrap();
    let repaired = Repairer::default().repair_str(&text);
    (repaired.as_str().to_owned(), repaired.lost())
}

/// The line of page `name` ([`repaired_page`]) that starts with `start`, repaired.
fn repaired_line(name: &str, start: &str) -> String {
    let (text, _) = repaired_page(name);
    text.lines()
        .find(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("no line starts with {start}"))
        .to_owned()
}

/// "正(zhèng)?!S覀鹊?de)" for 正常。右侧的: the fold of ！ (A3 A1) straddled 常 (B3 A3) and 。
/// (A1 A3), the decoder lost B3, and NFKC turned the misaligned Ｓ (A3 D3) into S. The lost byte,
/// the unfolded ！, the fullwidth letter and the orphaned reading together give the text back.
#[test]
fn a_fold_straddling_a_lost_byte_and_a_folded_fullwidth_letter_is_undone() {
    assert_eq!(
        repaired_line("fold_straddling_a_lost_byte.txt", "节不正"),
        "节不正常。右侧的文字形式是任意的，可以占多行。如果同一手册页中叙述了几种不同的功能，将使用以下形式："
    );
}

/// "也?cān)丛O(shè)置" for 也未設(shè)置: after the straddled 参 is restored, the misaligned run
/// ends in 設 (D4 4F), which the damaged text shows as "丛O"; the annotation after it is the
/// needle's and goes too.
#[test]
fn an_annotation_after_a_misaligned_run_is_removed() {
    let line = repaired_line("annotation_after_misaligned_run.txt", "-p");
    assert!(
        line.starts_with("-p，环境变量也未设置，将解析 nroff"),
        "{line}"
    );
}

/// 300 needles instead of 106: needles straddle needles. "用(yòng)?méi)?hù)" is 用户 (D3 C3 BB A7)
/// with 没 (C3 BB) and then 户 (BB A7) inserted: each '?' lost the first byte of the next
/// needle, eleven characters read méi after C3, and the page shows 户 nowhere intact, so the
/// pair of needles is the one the document and the language make likeliest.
#[test]
fn straddled_needles_in_a_row_are_restored_together() {
    let name = "straddled_needles_in_a_row.txt";
    assert_eq!(
        repaired_line(name, "默认情况下"),
        "默认情况下，man-db 检查用户的 $PATH。对每个找到的 path_element，它会将 manpath_element"
    );
    assert_eq!(
        repaired_line(name, "中时)"),
        "中时)它指示哪些手册页层次结构作为 setuid 用户访问，哪些作为调用用户访问。"
    );
}

/// "(冒号分?zhǐ)舻?de)列(liè)表(biǎo))" for （冒号分隔的列表）: 只 (D6 BB) straddled 分 and 隔,
/// and the orphaned reading's ')' is not the one that closes the folded parenthesis; both
/// parentheses come back fullwidth around the restored text.
#[test]
fn a_parenthesis_around_a_damaged_spot_is_restored() {
    assert_eq!(
        repaired_line("parentheses_around_a_damaged_spot.txt", "依次尝试"),
        "依次尝试每种 编码（冒号分隔的列表）作为输入编码。默认行为是根据文件名猜测可能的输入编码。"
    );
}

/// "長度?qǔ)H?rú)果" for 长度。如果: 取 (C8 A1) straddled 度 and 。, the rest of 。 (A3) and the
/// lead of 如 (C8) read as Ｈ, which NFKC made H. The lost byte and the fullwidth letter only pay
/// off together, though the reading stands between them.
#[test]
fn a_fullwidth_letter_after_an_orphaned_reading_is_undone() {
    assert_eq!(
        repaired_line(
            "orphaned_reading_then_fullwidth_letter.txt",
            "如果设置了 $MANWIDTH"
        ),
        "如果设置了 $MANWIDTH，它的值将用作手册页格式化时的每行长度。如果未设置，手册页将使用适合当前终端的行长度格式化(使用"
    );
}

/// "版(bǎn)本(běn)?jǐn)?打" for 版本。⏎打: 尽 (BE A1) straddled 本 and 。, and the decoder swallowed
/// the line break after the rest of 。 (A3): both bytes of 。 are holes, the first narrowed down
/// by the reading (緊 is BE 6F, but a lost byte is a lead byte). The swallowed byte is the one
/// this page writes after 。 nearly every time: the line break comes back.
#[test]
fn a_character_with_both_bytes_lost_and_a_swallowed_line_break_are_restored() {
    let (text, _) = repaired_page("both_bytes_of_a_character_lost.txt");
    assert!(
        text.contains("将自动读取解压的版本。\n打印调试信息。"),
        "{text}"
    );
}

/// "上?!?天" for 上海。⏎天 (man-page lines and tests/data/clean/zh_Hans.txt through the simulated
/// rewriter with its `--all` needles): the fold of ！ (A3 A1) straddled 海 (BA A3) and 。 (A1 A3); the decoder lost BA
/// before the '!' and A3 before the line break, which it swallowed. Only the three questions
/// read together (lost, folded, lost) and the two holes filled together (海 before 。) give the
/// text back; the line break is what this page writes after 。.
#[test]
fn a_fold_between_two_lost_bytes_and_a_swallowed_line_break_are_restored() {
    let (text, _) = repaired_page("fold_between_two_lost_bytes.txt");
    assert!(
        text.contains("去年才回到上海。\n天气预报说明天有雨"),
        "{text}"
    );
}

/// The repaired seed page's text through the simulated rewriter: "把手?zhòng)摽傌煛7.止茴I(lǐng)"
/// is 把手负总责、分管领 with 重 (D6 D8) straddling 手 and 负; in the misaligned run the pair
/// A2 B7 decoded to ⒎, which NFKC made "7.", two ASCII characters for one GBK character.
#[test]
fn an_nfkc_folded_character_deep_in_a_misaligned_run_is_undone() {
    let (text, _) = repaired_page("nfkc_folded_digit_in_a_misaligned_run.txt");
    assert!(
        text.contains("要建立健全一把手负总责、分管领导亲自抓"),
        "{text}"
    );
}

/// "各縣(市(shì))區" (the repaired seed page's text through the simulated rewriter, 市 a
/// needle): the parentheses the rewriter folded enclose Chinese text once the annotation inside
/// is set aside, and come back fullwidth as they do around an unannotated character.
#[test]
fn folded_parentheses_around_an_annotated_character_come_back_fullwidth() {
    let (text, _) = repaired_page("parentheses_around_an_annotated_character.txt");
    assert!(text.contains("各单位和各县（市）区委宣传部"), "{text}");
}

/// "增加負?!OM?dà)家" for 增加负担。希望大家: the fold of ！ straddled 担 and 。, and the
/// misaligned run read Ｏ and Ｍ in a row, which NFKC made "OM". Both are undone, so the text
/// after the lost byte comes back in step (the lost byte itself is a guess between 担 and the
/// other characters ending in A3, which this page does not settle).
#[test]
fn folded_fullwidth_letters_in_a_row_are_undone() {
    let (text, _) = repaired_page("parentheses_around_an_annotated_character.txt");
    assert!(text.contains("。希望大家在结束锻炼时"), "{text}");
}
