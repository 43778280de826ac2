//! Traditional → Simplified, character by character, for documents a one-to-one
//! Simplified→Traditional converter produced (only ever called on fingerprinted documents).
//!
//! The table is Unihan's kSimplifiedVariant. Characters that are valid in both forms (著 in 著名
//! and as the particle 着, 乾 in 乾坤 and as 干) go to their other form except in the words that
//! keep them.

use std::borrow::Cow;

use crate::edit::Rewriter;
use crate::report::{Action, Step};
use crate::tables;

/// Words in which a character valid in both forms keeps its form in Simplified Chinese.
const KEEP: &[&str] = &[
    "著名", "著作", "著称", "著稱", "著述", "顯著", "显著", "卓著", "論著", "论著", "名著", "原著",
    "專著", "专著", "巨著", "編著", "编著", "土著", "昭著", "乾坤", "乾隆", "乾卦", "乾陵",
];

/// Characters valid in both forms and standard in Simplified Chinese (GB2312) are kept, except
/// these, whose Traditional use covers a different Simplified character in running text: 著 as
/// the particle 着.
const DUAL_STANDARD_CONVERTED: &[char] = &['著'];

fn simplified(c: char) -> Option<(char, bool)> {
    let cp = u32::from(c);
    let key = u16::try_from(cp).ok()?;
    let i = tables::TRADITIONAL_TO_SIMPLIFIED
        .binary_search_by_key(&key, |&(t, _)| t)
        .ok()?;
    let (_, target) = tables::TRADITIONAL_TO_SIMPLIFIED[i];
    let dual = target & 0x1_0000 != 0;
    let in_gb2312 = target & 0x2_0000 != 0;
    if dual && in_gb2312 && !DUAL_STANDARD_CONVERTED.contains(&c) {
        return None; // 覆, 乾 …: standard Simplified characters in their own right
    }
    char::from_u32(target & 0xFFFF).map(|s| (s, dual))
}

/// The written form of Chinese a Han character belongs to.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum HanForm {
    /// Written in both (or in neither as far as the table knows): 去, 中, 干.
    Either,
    /// Only Traditional text writes it: its Simplified form differs (卻 for 却, 們 for 们).
    Traditional,
    /// Only Simplified text writes it: the Simplified form of another character, and no Big5
    /// character itself (们, 图, 却).
    Simplified,
}

/// Which written form `c` belongs to ([`HanForm`]), by Unihan's kSimplifiedVariant: looked up
/// in a table of the ideographs' forms (the lost-byte ranking asks it of every Han fill).
pub(crate) fn han_form(c: char) -> HanForm {
    let Some(at) = u32::from(c).checked_sub(FORMS_START) else {
        return HanForm::Either;
    };
    match han_forms().get(at as usize) {
        Some(1) => HanForm::Traditional,
        Some(2) => HanForm::Simplified,
        _ => HanForm::Either,
    }
}

/// The first code point of the ideographs [`han_forms`] holds (CJK Extension A; the table runs
/// to the end of the URO).
const FORMS_START: u32 = 0x3400;

/// The form of each ideograph from U+3400 to U+9FFF: 0 either, 1 Traditional, 2 Simplified,
/// worked out once ([`han_form_slow`]).
fn han_forms() -> &'static [u8] {
    static TABLE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (FORMS_START..=0x9FFF)
            .map(|cp| match char::from_u32(cp).map(han_form_slow) {
                Some(HanForm::Traditional) => 1,
                Some(HanForm::Simplified) => 2,
                _ => 0,
            })
            .collect()
    })
}

/// [`han_form`] worked out from the table of Traditional characters and [`simplified_only`].
fn han_form_slow(c: char) -> HanForm {
    if let Some((s, false)) = simplified(c)
        && s != c
    {
        return HanForm::Traditional;
    }
    let Ok(key) = u16::try_from(u32::from(c)) else {
        return HanForm::Either;
    };
    if simplified_only().binary_search(&key).is_ok() {
        HanForm::Simplified
    } else {
        HanForm::Either
    }
}

/// The characters only Simplified text writes ([`HanForm::Simplified`]), sorted: the targets of
/// the table that Big5 has no bytes for, worked out once.
fn simplified_only() -> &'static [u16] {
    static TABLE: std::sync::OnceLock<Vec<u16>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut encoder = encoding_rs::BIG5.new_encoder();
        let mut bytes = [0u8; 8];
        let mut only: Vec<u16> = tables::TRADITIONAL_TO_SIMPLIFIED
            .iter()
            .filter(|&&(_, target)| target & 0x1_0000 == 0)
            .filter_map(|&(_, target)| u16::try_from(target & 0xFFFF).ok())
            .filter(|&s| {
                let Some(c) = char::from_u32(u32::from(s)) else {
                    return false;
                };
                let mut buf = [0u8; 4];
                let (result, _, _) = encoder.encode_from_utf8_without_replacement(
                    c.encode_utf8(&mut buf),
                    &mut bytes,
                    true,
                );
                result != encoding_rs::EncoderResult::InputEmpty
            })
            .collect();
        only.sort_unstable();
        only.dedup();
        only
    })
}

/// Converts `text` to Simplified characters.
pub(crate) fn to_simplified<'t>(text: &'t str, steps: &mut Vec<Step>) -> Cow<'t, str> {
    let mut rw = Rewriter::new(text);
    let mut buf = [0u8; 4];
    for (i, c) in text.char_indices() {
        let Some((s, dual)) = simplified(c) else {
            continue;
        };
        if dual && in_keep_word(text, i, c) {
            continue;
        }
        rw.replace(
            i..i + c.len_utf8(),
            s.encode_utf8(&mut buf),
            Action::Simplified,
            false,
        );
    }
    rw.finish(steps)
}

fn in_keep_word(text: &str, i: usize, c: char) -> bool {
    KEEP.iter().any(|word| {
        word.char_indices().any(|(j, wc)| {
            wc == c && i >= j && text.get(i - j..).is_some_and(|rest| rest.starts_with(word))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_the_written_form_of_a_han_character() {
        for c in ['卻', '們', '學', '圖', '說'] {
            assert_eq!(han_form(c), HanForm::Traditional, "{c}");
        }
        for c in ['这', '们', '学', '图', '说'] {
            assert_eq!(han_form(c), HanForm::Simplified, "{c}");
        }
        // Both write these (干 is Traditional 干涉 too; 乾 keeps its form in 乾坤; Big5 has 却).
        for c in ['去', '中', '明', '干', '乾', '覆', '却'] {
            assert_eq!(han_form(c), HanForm::Either, "{c}");
        }
    }

    #[test]
    fn converts_and_keeps_dual_characters_in_their_words() {
        let out = to_simplified("學習著作，帶著感情，復雜，覆蓋", &mut Vec::new());
        assert_eq!(out, "学习著作，带着感情，复杂，覆盖");
    }
}
