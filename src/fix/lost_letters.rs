//! Lost bytes inside a word: the fill that makes a word the language writes.
//!
//! A lossy decoder that drops a UTF-8 continuation byte leaves a letter with a few possible
//! fills: through windows-1252, which leaves 0x81 0x8D 0x8F 0x90 0x9D undefined, `Ñ?` is с, э,
//! я, ѐ or ѝ. Letter pairs and triples rank them, but no letter model can tell этом from стом
//! or названиях from названисх with the certainty a repair needs. The words of the languages
//! can: of the fills, mostly exactly one makes a word that the model's text writes (the
//! known-word table of [`crate::score::WordFingerprint`]). When there is exactly one, it is the
//! fill; when there are none or several, the letter models decide as before.
//!
//! The other holes of the same word count too: появятся through windows-1252 loses four bytes
//! (по?в?т?с?), and only the combination of all four fills makes a known word, so every
//! combination (up to [`MAX_COMBINATIONS`]) is tried and a fill counts as known when some
//! combination with it does.

use crate::score::{WordFingerprint, is_word_letter};

/// What stands in a word after the hole being filled: a letter, or another hole with the letters
/// it may stand for.
pub(crate) enum Slot {
    Letter(char),
    Hole(Vec<char>),
}

/// The most combinations of fills of one word that are looked up.
pub(crate) const MAX_COMBINATIONS: usize = 1024;

/// The longest word (in letters) that is looked up.
pub(crate) const MAX_WORD_LETTERS: usize = 40;

/// The only one of `options` (the letters a hole may stand for) that, after the letters `prefix`
/// and before `suffix` (the rest of the word), makes a word the known-word table holds, if
/// exactly one does. `prefix` and `suffix` are whole: the caller has checked that no letter
/// stands before the one or after the other.
pub(crate) fn only_known_completion(
    prefix: &str,
    options: &[char],
    suffix: &[Slot],
) -> Option<char> {
    let letters = prefix.chars().count() + 1 + suffix.len();
    if !(2..=MAX_WORD_LETTERS).contains(&letters) {
        return None;
    }
    let mut combinations = options.len();
    for slot in suffix {
        if let Slot::Hole(fills) = slot {
            combinations = combinations.saturating_mul(fills.len());
        }
    }
    if combinations == 0 || combinations > MAX_COMBINATIONS {
        return None;
    }
    let start = prefix
        .chars()
        .fold(WordFingerprint::EMPTY, WordFingerprint::push);
    let mut found: Option<char> = None;
    for &c in options.iter().filter(|&&c| is_word_letter(c)) {
        if completes(start.push(c), suffix) {
            match found {
                Some(other) if other != c => return None,
                _ => found = Some(c),
            }
        }
    }
    found
}

/// Whether some choice of fills for the holes of `rest` makes the word begun as `so_far` known.
fn completes(so_far: WordFingerprint, rest: &[Slot]) -> bool {
    match rest.split_first() {
        None => so_far.is_known(),
        Some((Slot::Letter(c), rest)) => completes(so_far.push(*c), rest),
        Some((Slot::Hole(fills), rest)) => fills
            .iter()
            .filter(|&&c| is_word_letter(c))
            .any(|&c| completes(so_far.push(c), rest)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn letters(s: &str) -> Vec<Slot> {
        s.chars().map(Slot::Letter).collect()
    }

    #[test]
    fn the_one_fill_that_makes_a_known_word_is_taken() {
        // этом, not стом; названиях, not названисх.
        let through_1252 = ['с', 'э', 'я', 'ѐ', 'ѝ'];
        assert_eq!(
            only_known_completion("", &through_1252, &letters("том")),
            Some('э')
        );
        assert_eq!(
            only_known_completion("названи", &through_1252, &letters("х")),
            Some('я')
        );
    }

    #[test]
    fn later_holes_of_the_word_are_filled_together() {
        let fills = || vec!['с', 'э', 'я', 'ѐ', 'ѝ'];
        // появятся: по?в?т?с?, the first hole being filled.
        let suffix = vec![
            Slot::Letter('в'),
            Slot::Hole(fills()),
            Slot::Letter('т'),
            Slot::Hole(fills()),
            Slot::Hole(fills()),
        ];
        assert_eq!(only_known_completion("по", &fills(), &suffix), Some('я'));
    }

    #[test]
    fn two_known_words_or_none_decide_nothing() {
        // названия and названиях are both words.
        let x_or_not = vec![Slot::Hole(vec!['х', '1'])];
        assert_eq!(
            only_known_completion("названи", &['я'], &x_or_not),
            Some('я')
        );
        assert_eq!(
            only_known_completion("названи", &['я', 'с'], &[]),
            Some('я')
        );
        assert_eq!(
            only_known_completion("назв", &['а', 'я'], &letters("ния")),
            Some('а')
        );
        assert_eq!(
            only_known_completion("названи", &['я', 'я'], &[]),
            Some('я')
        );
        assert_eq!(
            only_known_completion("", &['э', 'ж'], &letters("то")),
            Some('э')
        );
        assert_eq!(only_known_completion("", &['э', 'Э'], &letters("то")), None);
        // Nothing the text writes.
        assert_eq!(
            only_known_completion("щщ", &['с', 'э', 'я'], &letters("щщ")),
            None
        );
        // Not letters.
        assert_eq!(only_known_completion("", &['1', '2'], &letters("то")), None);
    }

    #[test]
    fn known_words_are_found_in_any_case() {
        assert!(crate::score::word_known("названиях"));
        assert!(crate::score::word_known("НАЗВАНИЯХ"));
        assert!(!crate::score::word_known("названисх"));
    }
}
