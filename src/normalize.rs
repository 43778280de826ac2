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
#[cfg(test)]
fn trivially_stable(c: char, form: Normalization) -> bool {
    u32::from(c) < 0x80 || stable_in(stable_table(form), c)
}

/// The bit table of `trivially_stable` (test-only) characters for `form`.
fn stable_table(form: Normalization) -> &'static [u64] {
    match form {
        Normalization::Nfkc => stable_bits(&NFKC_STABLE, Normalization::Nfkc),
        _ => stable_bits(&NFC_STABLE, Normalization::Nfc),
    }
}

/// Whether the bit of `c` is set in `bits` (a table from [`stable_table`]).
fn stable_in(bits: &[u64], c: char) -> bool {
    let cp = u32::from(c) as usize;
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

/// Whether every character of `text` is `trivially_stable`: the three-byte sequences led by
/// E4–E9 (U+4000–U+9FFF, ideographs and the hexagram symbols, stable in both forms: checked by a
/// test) are skipped without decoding them, the rest looked up in the table.
fn all_stable(text: &str, form: Normalization) -> bool {
    let bits = stable_table(form);
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 {
            i += 1;
            continue;
        }
        if (0xE4..=0xE9).contains(&b) {
            i += 3;
            continue;
        }
        let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
            return false;
        };
        if !stable_in(bits, c) {
            return false;
        }
        i += c.len_utf8();
    }
    true
}

/// Normalises `text` to `form`, line by line, recording one step per changed line.
pub(crate) fn normalize<'t>(
    text: &'t str,
    form: Normalization,
    steps: &mut Vec<Step>,
) -> Cow<'t, str> {
    if form == Normalization::None || all_stable(text, form) {
        return Cow::Borrowed(text);
    }
    let mut rw = Rewriter::new(text);
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let end = start + line.len();
        if !all_stable(line, form) {
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
    fn the_ideographs_the_fast_scan_skips_are_stable_in_both_forms() {
        for form in [Normalization::Nfc, Normalization::Nfkc] {
            for cp in 0x4000..=0x9FFF {
                let c = char::from_u32(cp).unwrap();
                assert!(trivially_stable(c, form), "U+{cp:04X} {form:?}");
            }
        }
        let mixed = "中文，かな、한글 café\u{301}";
        for form in [Normalization::Nfc, Normalization::Nfkc] {
            assert_eq!(
                all_stable(mixed, form),
                mixed.chars().all(|c| trivially_stable(c, form))
            );
        }
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
