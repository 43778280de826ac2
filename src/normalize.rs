//! Unicode normalisation with a fast path: characters that are stable under NFC (ASCII,
//! Latin-1, CJK ideographs, kana without combining marks, Hangul syllables) are skipped by a cheap
//! scan; only lines that contain anything else pay for the quick check, and only lines that fail
//! it are normalised.

use std::borrow::Cow;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick, is_nfkc_quick};

use crate::config::Normalization;
use crate::edit::Rewriter;
use crate::report::{Action, Step};

/// Characters for which NFC and NFKC are the identity and that never combine with a neighbour.
fn trivially_stable(c: char, form: Normalization) -> bool {
    match u32::from(c) {
        0x00..=0x9F => true,
        0xA0..=0x2FF => form == Normalization::Nfc,
        0x3041..=0x3096 | 0x30A1..=0x30FA => true,
        0x4E00..=0x9FFF => true,
        0xAC00..=0xD7A3 => true,
        // Not U+302A..U+302F: ideographic tone marks, which combine (and reorder).
        0x3000..=0x3029 | 0x3030..=0x303F => form == Normalization::Nfc,
        0xFF01..=0xFFEF => form == Normalization::Nfc,
        _ => false,
    }
}

/// Normalises `text` to `form`, line by line, recording one step per changed line.
pub(crate) fn normalize<'t>(
    text: &'t str,
    form: Normalization,
    steps: &mut Vec<Step>,
) -> Cow<'t, str> {
    if form == Normalization::None || text.chars().all(|c| trivially_stable(c, form)) {
        return Cow::Borrowed(text);
    }
    let mut rw = Rewriter::new(text);
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let end = start + line.len();
        if !line.chars().all(|c| trivially_stable(c, form)) {
            let quick = match form {
                Normalization::Nfkc => is_nfkc_quick(line.chars()),
                _ => is_nfc_quick(line.chars()),
            };
            if quick != IsNormalized::Yes {
                let normalized: String = match form {
                    Normalization::Nfkc => line.nfkc().collect(),
                    _ => line.nfc().collect(),
                };
                if normalized != line {
                    rw.replace(start..end, &normalized, Action::Normalize(form), false);
                }
            }
        }
        start = end;
    }
    rw.finish(steps)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfc_composes_and_keeps_fullwidth_punctuation() {
        let mut steps = Vec::new();
        let out = normalize("cafe\u{301}，中文！\n", Normalization::Nfc, &mut steps);
        assert_eq!(out, "café，中文！\n");
        assert_eq!(steps.len(), 1);
    }

    #[test]
    fn nfkc_folds_fullwidth() {
        let out = normalize("ＡＢ，", Normalization::Nfkc, &mut Vec::new());
        assert_eq!(out, "AB,");
    }

    #[test]
    fn combining_marks_among_cjk_punctuation_are_reordered() {
        // U+302B (class 228) before U+302A (class 218): NFC puts them in class order.
        let out = normalize("字\u{302B}\u{302A}", Normalization::Nfc, &mut Vec::new());
        assert_eq!(out, "字\u{302A}\u{302B}");
    }

    #[test]
    fn stable_text_is_borrowed() {
        assert!(matches!(
            normalize("中文かな한글 café", Normalization::Nfc, &mut Vec::new()),
            Cow::Borrowed(_)
        ));
    }
}
