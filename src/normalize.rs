//! Unicode normalisation with a fast path: characters that are stable under the form (ASCII, and
//! every BMP character the normalisation data marks quick-check Yes with combining class 0: the
//! letters of most scripts, CJK ideographs, kana, Hangul syllables) are skipped by a cheap
//! scan; only lines that contain anything else pay for the quick check, and only lines that fail
//! it are normalised.

use std::borrow::Cow;

use std::sync::OnceLock;

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick, is_nfkc_quick};

use crate::config::Normalization;
use crate::edit::Rewriter;
use crate::report::{Action, Step};

/// Characters for which `form` is the identity and that never combine with a neighbour: every
/// BMP character whose quick-check property is Yes and whose combining class is 0 (a line of
/// them passes the quick check), from a bit table made once per form from the normalisation
/// data itself.
fn trivially_stable(c: char, form: Normalization) -> bool {
    let cp = u32::from(c) as usize;
    if cp < 0x80 {
        return true;
    }
    let bits = match form {
        Normalization::Nfkc => stable_bits(&NFKC_STABLE, Normalization::Nfkc),
        _ => stable_bits(&NFC_STABLE, Normalization::Nfc),
    };
    bits.get(cp / 64).is_some_and(|w| w & (1 << (cp % 64)) != 0)
}

static NFC_STABLE: OnceLock<Vec<u64>> = OnceLock::new();
static NFKC_STABLE: OnceLock<Vec<u64>> = OnceLock::new();

fn stable_bits(cell: &'static OnceLock<Vec<u64>>, form: Normalization) -> &'static [u64] {
    cell.get_or_init(|| {
        let mut bits = vec![0u64; 0x10000 / 64];
        for (cp, word) in (0..0x10000u32).filter_map(|cp| Some((cp, char::from_u32(cp)?))) {
            let one = std::iter::once(word);
            let quick = match form {
                Normalization::Nfkc => is_nfkc_quick(one),
                _ => is_nfc_quick(one),
            };
            if quick == IsNormalized::Yes && canonical_combining_class(word) == 0 {
                bits[cp as usize / 64] |= 1 << (cp % 64);
            }
        }
        bits
    })
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
    fn the_stable_table_holds_what_it_should() {
        for c in ['é', 'Ж', 'λ', 'ש', '中', 'か', '한', '，'] {
            assert!(trivially_stable(c, Normalization::Nfc), "{c}");
        }
        // Combining marks, singletons (Greek question mark, Kelvin sign), and for NFKC the
        // compatibility characters.
        for c in ['\u{301}', '\u{37E}', '\u{212A}', '\u{302A}', '\u{3099}'] {
            assert!(!trivially_stable(c, Normalization::Nfc), "{c:?}");
        }
        for c in ['，', 'ﬁ', '\u{A0}'] {
            assert!(!trivially_stable(c, Normalization::Nfkc), "{c:?}");
        }
    }

    #[test]
    fn stable_text_is_borrowed() {
        assert!(matches!(
            normalize("中文かな한글 café", Normalization::Nfc, &mut Vec::new()),
            Cow::Borrowed(_)
        ));
    }
}
