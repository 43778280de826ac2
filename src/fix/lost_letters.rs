//! Lost bytes inside a word: the fill that makes a word the language writes.
//!
//! A lossy decoder that drops a UTF-8 continuation byte leaves a letter with a few possible
//! fills: through windows-1252, which leaves 0x81 0x8D 0x8F 0x90 0x9D undefined, `Ñ?` is с, э,
//! я, ѐ or ѝ. Letter pairs and triples rank them, but no letter model can tell этом from стом
//! or названиях from названисх with the certainty a repair needs. The words of the languages
//! can: of the fills, mostly exactly one makes a word that the model's text writes (the
//! known-word table of [`crate::score::WordFingerprint`]). When they all have the same fill, it
//! is the fill; when there are none or they differ, the letter models decide as before.
//!
//! The other holes of the same word count too: появятся through windows-1252 loses four bytes
//! (по?в?т?с?), and only the combination of all four fills makes a known word, so every
//! combination (up to [`MAX_COMBINATIONS`], beyond that a beam of the likeliest) is tried and a
//! fill is taken where every known word the combinations make agrees on it; the fills of the
//! later holes come with it, for the caller to keep for when it reaches them.

use crate::score::{WordFingerprint, is_word_letter, pair_bits};

/// What stands in a word after the hole being filled: a letter, or another hole with the letters
/// it may stand for.
pub(crate) enum Slot {
    Letter(char),
    Hole(Vec<char>),
}

/// The most combinations of fills of one word that are all looked up (beyond, see [`BEAM`]).
pub(crate) const MAX_COMBINATIONS: usize = 1024;

/// The longest word (in letters) that is looked up.
pub(crate) const MAX_WORD_LETTERS: usize = 40;

/// The fills that make a word the known-word table holds, hole by hole: the hole being filled
/// (one of `options`) first, then each hole of `suffix` (the rest of the word), each where all
/// the known words the holes can make agree on it (`None` where they differ or none is known).
/// `prefix` and `suffix` are whole: the caller has checked that no letter stands before the one
/// or after the other.
///
/// Up to [`MAX_COMBINATIONS`] combinations of fills are all tried; beyond that (сообщения
/// through ISO-8859-2 loses с, щ and я, 32 fills each) the [`BEAM`] likeliest partial words by
/// their letter pairs are followed hole by hole, and only those are looked up.
pub(crate) fn known_completion(
    prefix: &str,
    options: &[char],
    suffix: &[Slot],
) -> Vec<Option<char>> {
    let holes = 1 + suffix.iter().filter(|s| matches!(s, Slot::Hole(_))).count();
    let mut agreed: Vec<Option<char>> = vec![None; holes];
    let letters = prefix.chars().count() + 1 + suffix.len();
    if !(2..=MAX_WORD_LETTERS).contains(&letters) {
        return agreed;
    }
    let mut combinations = options.len();
    for slot in suffix {
        if let Slot::Hole(fills) = slot {
            combinations = combinations.saturating_mul(fills.len());
        }
    }
    let start = prefix
        .chars()
        .fold(WordFingerprint::EMPTY, WordFingerprint::push);
    // Which fill each hole takes in the known words found so far ('\0' where they differ).
    let mut seen: Option<Vec<char>> = None;
    let mut note = |fills: &[char]| match &mut seen {
        None => seen = Some(fills.to_vec()),
        Some(seen) => {
            for (s, &f) in seen.iter_mut().zip(fills) {
                if *s != f {
                    *s = '\0';
                }
            }
        }
    };
    if combinations == 0 {
        return agreed;
    } else if combinations <= MAX_COMBINATIONS {
        let mut fills = Vec::with_capacity(holes);
        for &c in options.iter().filter(|&&c| is_word_letter(c)) {
            fills.push(c);
            every_known(start.push(c), suffix, &mut fills, &mut note);
            fills.pop();
        }
    } else if holes <= MAX_BEAM_HOLES {
        for (fills, word) in beam(prefix.chars().next_back(), start, options, suffix) {
            if word.is_known() {
                note(&fills);
            }
        }
    }
    if let Some(seen) = seen {
        for (a, s) in agreed.iter_mut().zip(seen) {
            *a = (s != '\0').then_some(s);
        }
    }
    agreed
}

/// Calls `found` with the fills of every choice for the holes of `rest` that makes the word
/// begun as `so_far` (with the fills `fills` so far) known.
fn every_known(
    so_far: WordFingerprint,
    rest: &[Slot],
    fills: &mut Vec<char>,
    found: &mut impl FnMut(&[char]),
) {
    match rest.split_first() {
        None => {
            if so_far.is_known() {
                found(fills);
            }
        }
        Some((Slot::Letter(c), rest)) => every_known(so_far.push(*c), rest, fills, found),
        Some((Slot::Hole(options), rest)) => {
            for &c in options.iter().filter(|&&c| is_word_letter(c)) {
                fills.push(c);
                every_known(so_far.push(c), rest, fills, found);
                fills.pop();
            }
        }
    }
}

/// How many partial words the search over too many combinations keeps after each hole.
pub(crate) const BEAM: usize = 128;

/// The most holes of one word the beam search follows.
pub(crate) const MAX_BEAM_HOLES: usize = 8;

/// A partial word of the beam search: its letter-pair surprise so far, its fingerprint, the
/// fills of its holes so far and its last letter.
#[derive(Clone, Copy)]
struct Partial {
    bits: u32,
    word: WordFingerprint,
    fills: [char; MAX_BEAM_HOLES],
    holes: usize,
    last: char,
}

/// The [`BEAM`] likeliest words (by the surprise of their letter pairs) that fill the hole with
/// one of `options` and the holes of `suffix`: each with the fills of its holes and its
/// fingerprint.
fn beam(
    before: Option<char>,
    start: WordFingerprint,
    options: &[char],
    suffix: &[Slot],
) -> Vec<(Vec<char>, WordFingerprint)> {
    let mut partials: Vec<Partial> = options
        .iter()
        .filter(|&&c| is_word_letter(c))
        .map(|&c| {
            let mut fills = ['\0'; MAX_BEAM_HOLES];
            fills[0] = c;
            Partial {
                bits: pair_bits(before, Some(c)),
                word: start.push(c),
                fills,
                holes: 1,
                last: c,
            }
        })
        .collect();
    let mut next = Vec::new();
    for slot in suffix {
        match slot {
            Slot::Letter(c) => {
                for p in &mut partials {
                    p.bits += pair_bits(Some(p.last), Some(*c));
                    p.word = p.word.push(*c);
                    p.last = *c;
                }
            }
            Slot::Hole(fills) => {
                next.clear();
                for p in &partials {
                    for &c in fills.iter().filter(|&&c| is_word_letter(c)) {
                        let mut q = *p;
                        q.bits += pair_bits(Some(p.last), Some(c));
                        q.word = p.word.push(c);
                        if let Some(slot) = q.fills.get_mut(p.holes) {
                            *slot = c;
                        }
                        q.holes += 1;
                        q.last = c;
                        next.push(q);
                    }
                }
                if next.len() > BEAM {
                    next.select_nth_unstable_by_key(BEAM, |p| p.bits);
                    next.truncate(BEAM);
                }
                std::mem::swap(&mut partials, &mut next);
            }
        }
    }
    partials
        .into_iter()
        .map(|p| (p.fills[..p.holes.min(MAX_BEAM_HOLES)].to_vec(), p.word))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_fill(prefix: &str, options: &[char], suffix: &[Slot]) -> Option<char> {
        known_completion(prefix, options, suffix)[0]
    }

    fn letters(s: &str) -> Vec<Slot> {
        s.chars().map(Slot::Letter).collect()
    }

    #[test]
    fn the_one_fill_that_makes_a_known_word_is_taken() {
        // этом, not стом; названиях, not названисх.
        let through_1252 = ['с', 'э', 'я', 'ѐ', 'ѝ'];
        assert_eq!(first_fill("", &through_1252, &letters("том")), Some('э'));
        assert_eq!(
            first_fill("названи", &through_1252, &letters("х")),
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
        assert_eq!(
            known_completion("по", &fills(), &suffix),
            vec![Some('я'), Some('я'), Some('с'), Some('я')]
        );
    }

    #[test]
    fn two_known_words_or_none_decide_nothing() {
        // названия and названиях are both words.
        let x_or_not = vec![Slot::Hole(vec!['х', '1'])];
        assert_eq!(first_fill("названи", &['я'], &x_or_not), Some('я'));
        assert_eq!(first_fill("названи", &['я', 'с'], &[]), Some('я'));
        assert_eq!(first_fill("назв", &['а', 'я'], &letters("ния")), Some('а'));
        assert_eq!(first_fill("названи", &['я', 'я'], &[]), Some('я'));
        assert_eq!(first_fill("", &['э', 'ж'], &letters("то")), Some('э'));
        assert_eq!(first_fill("", &['э', 'Э'], &letters("то")), None);
        // Nothing the text writes.
        assert_eq!(first_fill("щщ", &['с', 'э', 'я'], &letters("щщ")), None);
        // Not letters.
        assert_eq!(first_fill("", &['1', '2'], &letters("то")), None);
    }

    #[test]
    fn known_words_are_found_in_any_case() {
        assert!(crate::score::word_known("названиях".chars()));
        assert!(crate::score::word_known("НАЗВАНИЯХ".chars()));
        assert!(!crate::score::word_known("названисх".chars()));
    }
}
