//! The accented letters of the languages windows-1252 and windows-1250 are written in, to tell
//! which of the two tables a line of single-byte text was meant for.
//!
//! windows-1250 text read as windows-1252 shows most of its letters as letters of Western
//! European languages (č as è, ř as ø, ő as õ, ă as ã) and keeps the rest (š, ž, á, ö, î). Each
//! letter alone is plausible French, Danish or Portuguese; together they are often no language
//! of windows-1252 at all (ø beside í, õ beside ö and û, ã beside î) while the re-tabled letters
//! are exactly a Czech, Hungarian or Romanian alphabet. That combination is the evidence this
//! module gives: [`LineLetters::witness`].
//!
//! The alphabets are written by hand from each language's orthography (lower case, letters
//! beyond ASCII only), generous where a language borrows (French ü, Finnish š), leaving out the
//! smallest (Faroese, whose ø beside í is Czech ř beside í as often as not), and adding the
//! languages of grave and acute letters side by side (Vietnamese, Yoruba, Gaelic): a clean line
//! must find a home among the windows-1252 languages before the windows-1250 ones are asked.
//!
//! The same alphabets, with those of Turkish, the Baltic languages, Maltese, Esperanto and Welsh,
//! rank the fills of a lost byte ([`home_alphabets`]): razli?it beside ô and ž is različit, since
//! no alphabet that holds ô and ž holds the Turkish ğ that the letter pairs liked as well.

use crate::charset::Charset;
use crate::score::Alphabetic;

/// Languages written in windows-1252 (and ISO-8859-1/15).
const WESTERN: &[&str] = &[
    "àâæçéèêëîïôœùûüÿ", // French (and English loanwords)
    "äöüßé",            // German
    "áéíñóúü",          // Spanish
    "áâãàçéêíóôõú",     // Portuguese
    "àèéìíîòóùú",       // Italian
    "àçéèíïòóúü",       // Catalan
    "áéíóúàèëïöü",      // Dutch
    "æøåéóô",           // Danish
    "æøåéèêóòô",        // Norwegian
    "åäöé",             // Swedish
    "äöåšž",            // Finnish
    "áðéíóúýþæö",       // Icelandic
    "áéíóú",            // Irish
    "äöõüšž",           // Estonian (also ISO-8859-15)
    // Languages whose letters windows-1252 holds, though they are seldom written in it: their
    // grave and acute letters side by side are no Czech. (Not Welsh: its û beside ö and ó
    // would hide Hungarian mûködése hasonló.)
    "àáâãèéêìíòóôõùúýăđĩũ", // Vietnamese (its letters below U+0180)
    "áàéèíìóòúùń",          // Yoruba
    "àèìòùáéó",             // Scottish Gaelic
    "áéèêëíîïóôúûý",        // Afrikaans
    "âêîôûñùü",             // Breton
];

/// How many languages at the start of [`WESTERN`] are written in windows-1252 (the rest are
/// there for their letters).
const WESTERN_WRITTEN_IN_IT: usize = 14;

/// Languages written in windows-1250.
const CENTRAL: &[&str] = &[
    "áčďéěíňóřšťúůýž",   // Czech
    "áäčďéíĺľňóôŕšťúýž", // Slovak
    "čćđšž",             // Slovene, Croatian, Bosnian, Serbian in Latin letters
    "ąćęłńóśźż",         // Polish
    "áéíóöőúüű",         // Hungarian
    "ăâîşţșț",           // Romanian
    "çë",                // Albanian
];

/// Latin alphabets of other single-byte tables than windows-1252 and windows-1250, for
/// [`home_alphabets`]: Turkish, Latvian, Lithuanian, Maltese, Esperanto, Welsh.
const OTHER_LATIN: &[&str] = &[
    "âçğıîöşû",
    "āčēģīķļņšūž",
    "ąčęėįšųūž",
    "àċèġħìòùż",
    "ĉĝĥĵŝŭ",
    "âêîôûŵŷáéíóúàèìòùäëïöüÿ",
];

/// One bit for each alphabet of [`WESTERN`] (its first [`WESTERN_WRITTEN_IN_IT`]), [`CENTRAL`]
/// and [`OTHER_LATIN`] that holds the small form of `c` (a letter beyond ASCII, below U+0250);
/// none for any other character.
pub(crate) fn alphabets_holding(c: char) -> u64 {
    static TABLE: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        (0x80u32..LATIN_LIMIT)
            .map(|cp| {
                let Some(c) = char::from_u32(cp).filter(|c| c.is_alpha()) else {
                    return 0;
                };
                let lower = c.to_lowercase().next().unwrap_or(c);
                // (Not the languages seldom written in windows-1252 at the end of WESTERN:
                // Vietnamese holds nearly every accented vowel, and would be home to any line.)
                WESTERN[..WESTERN_WRITTEN_IN_IT]
                    .iter()
                    .chain(CENTRAL)
                    .chain(OTHER_LATIN)
                    .enumerate()
                    .filter(|(_, alphabet)| alphabet.contains(lower))
                    .fold(0u64, |mask, (i, _)| mask | (1 << i))
            })
            .collect()
    });
    (c as usize)
        .checked_sub(0x80)
        .and_then(|i| table.get(i))
        .copied()
        .unwrap_or(0)
}

/// Whether `c` is a letter [`home_alphabets`] weighs: a Latin one beyond ASCII, below
/// [`LATIN_LIMIT`].
pub(crate) fn is_weighed_letter(c: char) -> bool {
    !c.is_ascii() && u32::from(c) < LATIN_LIMIT && c.is_alpha()
}

/// Where the Latin letters [`home_alphabets`] weighs end (IPA and beyond are no alphabet's
/// here).
const LATIN_LIMIT: u32 = 0x250;

/// The alphabets ([`alphabets_holding`]) that hold every Latin letter beyond ASCII among `chars`
/// (letters of other scripts aside), and whether there is any: what language the letters of a
/// line are written in, to rank the fills of a lost byte among them (razli?it beside može is
/// različit, not the Turkish razliğit).
pub(crate) fn home_alphabets(chars: impl IntoIterator<Item = char>) -> Option<u64> {
    let mut home = u64::MAX;
    let mut any = false;
    for c in chars.into_iter().filter(|&c| is_weighed_letter(c)) {
        any = true;
        home &= alphabets_holding(c);
    }
    any.then_some(home)
}

/// The alphabets ([`alphabets_holding`]) of the one windows-1250 language whose function words
/// `languages` says a line holds ([`central_european_languages`](crate::fix::words::central_european_languages)),
/// if it names exactly one: where the line's accented letters are all lost, its words still tell
/// (lub and do are Polish: list? is listę, not the Romanian listă).
pub(crate) fn central_home(languages: u8) -> Option<u64> {
    // (The alphabets of CENTRAL for each language of the function-word list, in its order.)
    const ALPHABETS: [&[usize]; 5] = [&[2], &[5], &[4], &[3], &[0, 1]];
    if languages.count_ones() != 1 {
        return None;
    }
    let group = ALPHABETS.get(languages.trailing_zeros() as usize)?;
    Some(
        group
            .iter()
            .fold(0u64, |mask, &k| mask | 1 << (WESTERN_WRITTEN_IN_IT + k)),
    )
}

/// The accented letters of `text`, counted: what [`LineLetters::witness`] and
/// [`LineLetters::western_language`] say of the line.
pub(crate) fn line_letters(text: &str) -> LineLetters {
    let mut letters = LineLetters::default();
    for c in text.chars().filter(|c| !c.is_ascii()) {
        letters.add(c);
    }
    letters
}

/// The accented letters of a line, as far as [`LineLetters::witness`] needs them: which
/// languages of each table hold all of them so far, one bit per alphabet.
#[derive(Clone, Copy)]
pub(crate) struct LineLetters {
    western: u32,
    central: u32,
    any: bool,
    /// A character windows-1252 shows for a byte that is another letter in windows-1250 (è
    /// for č, ¹ for ą, œ for ś) was counted.
    shows_other: bool,
}

impl Default for LineLetters {
    fn default() -> LineLetters {
        LineLetters {
            western: u32::MAX,
            central: u32::MAX,
            any: false,
            shows_other: false,
        }
    }
}

/// Whether windows-1250 reads another letter from the byte windows-1252 shows as `c` (è for
/// č, ø for ř; not ä or é, which both tables share).
pub(crate) fn windows_1250_reads_other(c: char) -> bool {
    masks()
        .get((c as usize).wrapping_sub(0x80))
        .is_some_and(|m| m.shows_other)
}

/// What [`masks`] holds of a character below U+0180.
#[derive(Clone, Copy)]
struct Masks {
    /// The alphabets of [`WESTERN`] that hold its small letter.
    western: u32,
    /// The alphabets of [`CENTRAL`] that hold the small letter windows-1250 reads from its
    /// windows-1252 byte (none if it has no such byte or windows-1250 reads no letter).
    central: u32,
    letter: bool,
    /// windows-1250 reads another letter from its windows-1252 byte.
    shows_other: bool,
}

impl LineLetters {
    /// Counts non-ASCII `c` if it is a letter.
    pub(crate) fn add(&mut self, c: char) {
        match masks().get((c as usize).wrapping_sub(0x80)) {
            Some(m) => {
                self.shows_other |= m.shows_other;
                if m.letter {
                    self.any = true;
                    self.western &= m.western;
                    self.central &= m.central;
                }
            }
            // Every letter windows-1252 shows is below U+0180 (ƒ aside, which windows-1250
            // lacks): a letter beyond was never read through it.
            None if c.is_alpha() => {
                self.any = true;
                self.central = 0;
            }
            None => {}
        }
    }

    /// Whether a character windows-1252 shows for another windows-1250 letter was counted.
    pub(crate) fn shows_other_1250_letter(&self) -> bool {
        self.shows_other
    }

    /// Whether a letter beyond U+0180 could still change the verdict.
    pub(crate) fn open(&self) -> bool {
        self.central != 0
    }

    /// Counts a letter beyond U+0180 (Cyrillic, Han …), known to be one: the line was never
    /// windows-1250 text.
    pub(crate) fn add_beyond(&mut self) {
        self.any = true;
        self.central = 0;
    }

    /// Whether the accented letters counted, as windows-1252 shows them, belong to no language
    /// written in windows-1252 while the letters windows-1250 reads from the same bytes all
    /// belong to one language written in windows-1250: a line of Czech, Hungarian or Romanian
    /// read with the wrong table (Pøíkaz, mûködése hasonló, Solicitã … înainte).
    pub(crate) fn witness(&self) -> bool {
        self.any && self.western == 0 && self.central != 0
    }

    /// The counter-evidence to [`LineLetters::witness`]: the letters counted all belong to one
    /// language written in windows-1252 while those windows-1250 reads from the same bytes
    /// belong to none of its languages together (Estonian järjestuse tõstutundlikkus is no
    /// Hungarian, whose ő never stands beside ä).
    pub(crate) fn western_language(&self) -> bool {
        self.any && self.western != 0 && self.central == 0
    }
}

/// For U+0080..U+017F: what each character says ([`Masks`]); built once.
fn masks() -> &'static [Masks] {
    static TABLE: std::sync::OnceLock<Vec<Masks>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let lower = |c: char| c.to_lowercase().next().unwrap_or(c);
        let holding = |alphabets: &[&str], c: char| {
            alphabets
                .iter()
                .enumerate()
                .filter(|(_, alphabet)| alphabet.contains(c))
                .fold(0u32, |mask, (i, _)| mask | (1 << i))
        };
        let central_charset = Charset::from_encoding(encoding_rs::WINDOWS_1250);
        (0x80u32..0x180)
            .map(|cp| {
                let Some(c) = char::from_u32(cp) else {
                    return Masks {
                        western: 0,
                        central: 0,
                        letter: false,
                        shows_other: false,
                    };
                };
                // What windows-1250 reads from the byte windows-1252 shows as `c`.
                let mut bytes = Vec::new();
                let read = match Charset::WINDOWS_1252.encode_strict(&c.to_string(), &mut bytes) {
                    Ok(()) => {
                        let mut read = String::new();
                        crate::decode::decode_lossy(central_charset, &bytes, &mut read);
                        read.chars().next().filter(|r| r.is_alpha())
                    }
                    Err(_) => None,
                };
                let letter = c.is_alpha();
                Masks {
                    western: if letter {
                        holding(WESTERN, lower(c))
                    } else {
                        0
                    },
                    central: match read {
                        Some(r) if letter => holding(CENTRAL, lower(r)),
                        _ => 0,
                    },
                    letter,
                    shows_other: read.is_some_and(|r| r != c),
                }
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn windows_1250_witness(text: &str) -> bool {
        line_letters(text).witness()
    }

    fn windows_1252_language(text: &str) -> bool {
        line_letters(text).western_language()
    }

    #[test]
    fn central_european_lines_read_as_windows_1252_are_witnessed() {
        for line in [
            "Pøíkaz",                                 // Czech příkaz: ø beside í
            "parancs mûködése hasonló",               // Hungarian működése: û beside ö, ó
            "Solicitã interactiv înainte de a omorî", // Romanian: ã beside î
            "za vsak argument izpiše vsa ujemajoèa",  // Slovene: š beside è
        ] {
            assert!(windows_1250_witness(line), "{line}");
        }
    }

    #[test]
    fn lines_of_one_western_language_are_told() {
        // Estonian: ä beside õ, which windows-1250 reads as ő, and ő never stands beside ä.
        assert!(windows_1252_language("järjestuse tõstutundlikkus"));
        // õ alone may be Hungarian ő as well as Estonian or Portuguese õ.
        assert!(!windows_1252_language("Lõuna-Georgia"));
        assert!(!windows_1252_language("Pøíkaz"));
    }

    #[test]
    fn lines_of_western_languages_are_not() {
        for line in [
            "Le café était très bon à Noël",
            "Über die Straße nach Köln",
            "São Paulo é a maior cidade",
            "Ørsted var en dansk fysiker, født på Langeland",
            "Mañana iré a Málaga",
            "São Paulo und Köln", // no language of either table has ã with ö
            "plain ASCII",
            "Dvořák à Paris", // ř is no windows-1252 letter: this was never windows-1250 misread
            "Giáp Thìn",      // Vietnamese, grave and acute side by side
            "Kónkánì",        // Yoruba
        ] {
            assert!(!windows_1250_witness(line), "{line}");
        }
    }

    #[test]
    fn the_home_alphabets_of_a_line_hold_all_its_accented_letters() {
        let home = home_alphabets("kôd ne može".chars()).unwrap_or(0);
        // Slovak holds ô and ž; Turkish ğ is in none of the line's alphabets, Slovak č is.
        assert_ne!(home, 0);
        assert_eq!(alphabets_holding('ğ') & home, 0);
        assert_ne!(alphabets_holding('č') & home, 0);
        // Capitals count as their small letters; ASCII, digits and other scripts count not.
        assert_eq!(home_alphabets("KÔD NE MOŽE 42".chars()), Some(home));
        assert_eq!(home_alphabets("plain ASCII и кириллица".chars()), None);
        // Letters no one alphabet holds together leave no home.
        assert_eq!(home_alphabets("ø ő ğ".chars()), Some(0));
    }
}
