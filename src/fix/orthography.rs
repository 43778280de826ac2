//! Spelling rules of the alphabets the letter-pair model has no text for (Greek, Hebrew, Thai),
//! to tell their single-byte tables apart.
//!
//! Hebrew in windows-1255, Arabic in windows-1256 and Bulgarian in windows-1251, read as
//! windows-1252, all re-read into Greek through windows-1253 as readily as into their own
//! alphabet (ùîéøú ÷åáõ is שמירת קובץ, and also ωξιψϊ χεαυ), and with no text of these
//! languages their letter pairs cannot choose. Their spelling can: Greek writes ς only at the end
//! of a word and σ never there, marks the stressed vowel of almost every word of two syllables
//! and more (ά έ ή ί ό ύ ώ), and has no capital after a small letter inside a word; Hebrew has
//! five final forms (ך ם ן ף ץ) that stand only at the end of a word, where their other forms
//! (כ מ נ פ צ) never stand. Thai vowel signs and tone marks stand on a consonant, a vowel
//! written before its consonant (เ แ โ ใ ไ) has one after it, ฯ ends a word (or stands in
//! ฯลฯ), and ฃ, ฅ and ฦ are out of use. A reading that breaks these rules is no text of that
//! alphabet.

use crate::score::Alphabetic;

/// Greek small vowels with an accent (tonos) or a diaeresis and accent.
const GREEK_ACCENTED: &str = "άέήίόύώΐΰ";

/// Greek small vowels: a word of [`GREEK_ACCENTED_MIN_VOWELS`] or more syllables carries an
/// accent.
const GREEK_VOWELS: &str = "αεηιουωάέήίόύώϊϋΐΰ";

/// Greek vowels in either case.
const GREEK_VOWELS_ANY: &str = "αεηιουωάέήίόύώϊϋΐΰΑΕΗΙΟΥΩΆΈΉΊΌΎΏΪΫ";

/// Greek vowels with a diaeresis, which follow another vowel.
const GREEK_DIAERESIS: &str = "ϊϋΐΰΪΫ";

/// Greek capital vowels with an accent: only the first letter of a capitalised word (Άλφα)
/// carries one; words in capitals are written without.
const GREEK_ACCENTED_CAPITALS: &str = "ΆΈΉΊΌΎΏ";

/// The fewest syllables of a Greek word that is written with an accent.
const GREEK_ACCENTED_MIN_VOWELS: usize = 2;

/// Hebrew final forms and the forms they stand for elsewhere.
const HEBREW_FINALS: [(char, char); 5] =
    [('ך', 'כ'), ('ם', 'מ'), ('ן', 'נ'), ('ף', 'פ'), ('ץ', 'צ')];

/// Whether `text` breaks the spelling of the Greek or Hebrew letters in it: a letter where its
/// alphabet never writes it (ς inside a word, σ or מ at its end, a final form before another
/// letter, a capital after a small letter, a diaeresis on a vowel after no vowel), or Greek
/// words of two syllables and more of which
/// not even half carry an accent.
pub(crate) fn breaks_spelling(text: &str) -> bool {
    let (mut greek_words, mut unaccented) = (0usize, 0usize);
    for word in text.split(|c: char| !c.is_alpha() && !is_thai(c)) {
        let mut chars = word.chars().peekable();
        let mut prev: Option<char> = None;
        let (mut vowels, mut accented, mut greek) = (0usize, false, false);
        let mut capitals = 0usize;
        while let Some(c) = chars.next() {
            let last = chars.peek().is_none();
            if is_greek(c) {
                greek = true;
                if (c == 'ς' && !last) || (c == 'σ' && last && prev.is_some()) {
                    return true;
                }
                if c.is_uppercase() && prev.is_some_and(char::is_lowercase) {
                    return true;
                }
                // (A word is capitalised or in capitals: ΥΕΰ is neither.)
                if c.is_lowercase() && capitals >= 2 {
                    return true;
                }
                capitals += usize::from(c.is_uppercase());
                // (A diaeresis parts a vowel from the vowel before it: προϊόν, never πϊ.)
                if GREEK_DIAERESIS.contains(c)
                    && !prev.is_some_and(|p| GREEK_VOWELS_ANY.contains(p))
                {
                    return true;
                }
                if GREEK_ACCENTED_CAPITALS.contains(c) && prev.is_some() {
                    return true;
                }
                // (Syllables: a diphthong, και or ου, is one.)
                let diphthong = matches!(
                    (prev, c),
                    (Some('α' | 'ε' | 'ο' | 'υ'), 'ι') | (Some('α' | 'ε' | 'ο' | 'η'), 'υ')
                );
                vowels += usize::from(GREEK_VOWELS.contains(c) && !diphthong);
                accented |= GREEK_ACCENTED.contains(c);
            } else if is_thai(c) {
                // A vowel or tone mark stands on a consonant (or on another mark); a vowel
                // written before its consonant has one after it.
                let after_consonant = prev.is_some_and(is_thai_consonant);
                let after_mark = prev.is_some_and(is_thai_mark);
                if is_thai_vowel_mark(c) && !after_consonant {
                    return true;
                }
                if is_thai_mark(c) && !is_thai_vowel_mark(c) && !after_consonant && !after_mark {
                    return true;
                }
                // A vowel written after its consonant follows it, or its tone mark, not
                // another vowel above or below (ิา).
                if is_thai_following_vowel(c)
                    && !prev.is_some_and(|p| is_thai(p) && !matches!(p, '\u{0E34}'..='\u{0E39}'))
                {
                    return true;
                }
                if is_thai_leading_vowel(c) && !chars.peek().is_some_and(|&n| is_thai_consonant(n))
                {
                    return true;
                }
                // The letters modern Thai no longer writes (ฃ, ฅ, ฦ).
                if matches!(c, 'ฃ' | 'ฅ' | 'ฦ') {
                    return true;
                }
                // ฯ shortens a word at its end (กรุงเทพฯ), or stands in ฯลฯ: no consonant but
                // that ล follows it inside a word.
                if c == 'ฯ'
                    && chars
                        .peek()
                        .is_some_and(|&n| is_thai_consonant(n) && n != 'ล')
                {
                    return true;
                }
            } else if is_hebrew(c) {
                let final_form = HEBREW_FINALS.iter().any(|&(f, _)| f == c);
                let plain_form = HEBREW_FINALS.iter().any(|&(_, p)| p == c);
                if (final_form && !last) || (plain_form && last && prev.is_some()) {
                    return true;
                }
            }
            prev = Some(c);
        }
        // (Every Greek word of two letters and more has a vowel: Γθ, Κφ are no words.)
        if greek && word.chars().count() >= 2 && !word.chars().any(|c| GREEK_VOWELS_ANY.contains(c))
        {
            return true;
        }
        if greek && vowels >= GREEK_ACCENTED_MIN_VOWELS && word.chars().any(char::is_lowercase) {
            greek_words += 1;
            unaccented += usize::from(!accented);
        }
    }
    greek_words > 0 && unaccented * 2 > greek_words
}

/// The words of two letters and more in `text` that end in a final form, Hebrew ך ם ן ף ץ or
/// Greek ς, where their alphabet writes it (שלום, λόγος): evidence for a reading into that
/// alphabet beyond breaking none of its rules (a letter of a Latin text re-read stands at a
/// word's end by chance, and then in its final form only one time in two or less).
pub(crate) fn words_ending_in_final_forms(text: &str) -> u32 {
    let finals = |c: char| c == 'ς' || HEBREW_FINALS.iter().any(|&(f, _)| f == c);
    let count = text
        .split(|c: char| !c.is_alpha())
        .filter(|word| {
            word.chars().nth(1).is_some() && word.chars().next_back().is_some_and(finals)
        })
        .count();
    u32::try_from(count).unwrap_or(u32::MAX)
}

/// Whether `word`, a single Greek word, is spelled as Greek words are, strictly: the rules of
/// [`breaks_spelling`] for this one word, and at most one accent (a second comes only before an
/// enclitic, όνομά του, rare enough that a lost letter is never filled to make one). What tells
/// the fills of a lost byte in a Greek word apart, where no table of Greek words exists: α?χείου
/// is αρχείου, not αύχείου; εκτ?πωσης is εκτύπωσης, not εκτρπωσης.
pub(crate) fn is_spelled_greek_word(word: &str) -> bool {
    let accents = word
        .chars()
        .filter(|&c| GREEK_ACCENTED.contains(c) || GREEK_ACCENTED_CAPITALS.contains(c))
        .count();
    word.chars().any(is_greek) && accents <= 1 && !breaks_spelling(word)
}

fn is_greek(c: char) -> bool {
    ('\u{0370}'..='\u{03FF}').contains(&c)
}

fn is_thai(c: char) -> bool {
    ('\u{0E01}'..='\u{0E5B}').contains(&c)
}

fn is_thai_consonant(c: char) -> bool {
    ('\u{0E01}'..='\u{0E2E}').contains(&c)
}

/// Thai vowel signs above and below, and tone marks: they stand on a consonant.
fn is_thai_mark(c: char) -> bool {
    matches!(c, '\u{0E31}' | '\u{0E34}'..='\u{0E3A}' | '\u{0E47}'..='\u{0E4E}')
}

/// Thai vowel signs above and below the consonant (ั ิ ี ึ ื ุ ู ฺ ็): on the consonant itself.
fn is_thai_vowel_mark(c: char) -> bool {
    matches!(c, '\u{0E31}' | '\u{0E34}'..='\u{0E3A}' | '\u{0E47}')
}

/// Thai vowels written after their consonant (ะ า ำ ๅ).
fn is_thai_following_vowel(c: char) -> bool {
    matches!(c, '\u{0E30}' | '\u{0E32}' | '\u{0E33}' | '\u{0E45}')
}

/// Thai vowels written before the consonant they follow in speech (เ แ โ ใ ไ).
fn is_thai_leading_vowel(c: char) -> bool {
    ('\u{0E40}'..='\u{0E44}').contains(&c)
}

fn is_hebrew(c: char) -> bool {
    ('\u{05D0}'..='\u{05EA}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::{breaks_spelling, is_spelled_greek_word};

    #[test]
    fn real_greek_and_hebrew_keep_their_rules() {
        for text in [
            "Αποθήκευση αρχείου",
            "Η σύνδεση με τον διακομιστή απέτυχε.",
            "Ρυθμίσεις εκτύπωσης",
            "Το προϊόν είναι ευρωπαϊκό.",
            "ΡΥΘΜΙΣΕΙΣ",
            "שמירת קובץ",
            "לא ניתן לפתוח את הקובץ.",
            "הגדרות הדפסה",
            "บันทึกแฟ้ม",
            "ไม่สามารถเปิดแฟ้มได้",
            "การตั้งค่าการพิมพ์",
            "น้ำ เกาะ คุณต้องการบันทึกการเปลี่ยนแปลงก่อนปิดหรือไม่",
            // ฯ at a word's end and in ฯลฯ.
            "กรุงเทพฯ ผลไม้ ฯลฯ",
            "ΦΠΑ και ΕΕ",
            "Άλφα ΠΡΟΪΟΝ",
            "Το αρχείο δεν είναι έτοιμο",
        ] {
            assert!(!breaks_spelling(text), "{text}");
        }
    }

    #[test]
    fn one_greek_word_is_spelled_with_one_accent() {
        for word in ["αρχείου", "εκτύπωσης", "πριν", "Καλημέρα", "ή"] {
            assert!(is_spelled_greek_word(word), "{word}");
        }
        // Two accents, a polysyllable with none, no vowel, no Greek at all.
        for word in ["αύχείου", "εκτρπωσης", "σρνδεση", "word"] {
            assert!(!is_spelled_greek_word(word), "{word}");
        }
    }

    #[test]
    fn words_ending_in_final_forms_are_counted() {
        assert_eq!(
            super::words_ending_in_final_forms("שלום עולם, מה שלומך היום?"),
            4
        );
        assert_eq!(super::words_ending_in_final_forms("ο λόγος της αγάπης"), 3);
        assert_eq!(super::words_ending_in_final_forms("ם x café"), 0);
    }

    #[test]
    fn other_alphabets_read_as_greek_or_hebrew_break_them() {
        for text in [
            // Hebrew (windows-1255) read as Greek (windows-1253).
            "ωξιψϊ χεαυ",
            "μΰ πιϊο μτϊεη ΰϊ δχεαυ.",
            // Arabic (windows-1256) read as Greek.
            "ΝέΩ Ηαγαέ",
            // Bulgarian (windows-1251) read as Greek.
            "Βπϊηκΰςΰ ρϊρ ρϊπβϊπΰ",
            // Belarusian (windows-1251) read as Greek.
            "Νε Άδΰλξρÿ ΰδκπϋφό τΰιλ.",
            // GBK read as windows-1252 and then as Greek or Thai.
            "Γθ Κφ",
            "ΥΕΰ",
            // GBK's 孩子们在 read as windows-1252 and then as Greek: accented capitals inside
            // a word, a diaeresis after a consonant.
            "ΊΆΧΣΓΗΤΪ",
            "ΑΤΪ",
            "\u{e31}กฯ\u{e4e}",
            // Japanese in EUC-KR read as windows-1252 and then as Thai.
            "ชฯกข\u{e31}ร\u{e34}\u{e31}ชต",
            "ชศ\u{e34}าใมชห",
            "\u{e33}ฎ\u{e38}วชฌ",
            // Japanese (山田太郎) in EUC-JP read as windows-1252 and then as Thai: ฯ inside a
            // word.
            "ปณลฤยภฯบ",
            "กขฯบ",
            // Japanese (カタカナ) in Big5 read as windows-1252 and then as Thai: ฦ.
            "วงวปวงวฦ",
            // Final forms where no word ends, plain ones where one does.
            "שםירת",
            "קובצ",
        ] {
            assert!(breaks_spelling(text), "{text}");
        }
    }
}
