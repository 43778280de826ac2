//! The accented letters of the languages windows-1252 and windows-1250 are written in, to tell
//! which of the two tables a line of single-byte text was meant for.
//!
//! windows-1250 text read as windows-1252 shows most of its letters as letters of Western
//! European languages (č as è, ř as ø, ő as õ, ă as ã) and keeps the rest (š, ž, á, ö, î). Each
//! letter alone is plausible French, Danish or Portuguese; together they are often no language
//! of windows-1252 at all (ø beside í, õ beside ö and û, ã beside î) while the re-tabled letters
//! are exactly a Czech, Hungarian or Romanian alphabet. That combination is the evidence this
//! module gives: [`windows_1250_witness`].
//!
//! The alphabets are written by hand from each language's orthography (lower case, letters
//! beyond ASCII only), generous where a language borrows (French ü, Finnish š), leaving out the
//! smallest (Faroese, whose ø beside í is Czech ř beside í as often as not): a clean line
//! must find a home among the windows-1252 languages before the windows-1250 ones are asked.

use crate::charset::Charset;

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
];

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

/// The most distinct accented letters a line may hold for the test (a longer list is no
/// single language's).
const MAX_LETTERS: usize = 24;

/// Whether the accented letters of `text`, as windows-1252 shows them, belong to no language
/// written in windows-1252 while the letters windows-1250 reads from the same bytes all belong
/// to one language written in windows-1250: a line of Czech, Hungarian or Romanian read with
/// the wrong table (Pøíkaz, mûködése hasonló, Solicitã … înainte).
pub(crate) fn windows_1250_witness(text: &str) -> bool {
    let mut letters = [' '; MAX_LETTERS];
    let mut count = 0;
    for c in text.chars().filter(|c| !c.is_ascii() && c.is_alphabetic()) {
        let lower = c.to_lowercase().next().unwrap_or(c);
        if !letters[..count].contains(&lower) {
            if count == MAX_LETTERS {
                return false;
            }
            letters[count] = lower;
            count += 1;
        }
    }
    let letters = &letters[..count];
    if letters.is_empty() || fits_one_of(WESTERN, letters.iter().copied()) {
        return false;
    }
    // Every letter must be one windows-1252 shows and windows-1250 reads as a letter.
    let table = read_as_1250();
    let central = letters.iter().map(|l| {
        table
            .binary_search_by_key(l, |&(western, _)| western)
            .ok()
            .and_then(|i| table.get(i))
            .map(|&(_, central)| central)
    });
    central.clone().all(|c| c.is_some()) && fits_one_of(CENTRAL, central.flatten())
}

/// Each small letter windows-1252 shows for a byte windows-1250 reads as a letter, with that
/// letter in small case (è → č, ö → ö), sorted; built once.
fn read_as_1250() -> &'static [(char, char)] {
    static TABLE: std::sync::OnceLock<Vec<(char, char)>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let central = Charset::from_encoding(encoding_rs::WINDOWS_1250);
        let mut table: Vec<(char, char)> = (0x80u8..=0xFF)
            .filter_map(|b| {
                let (mut western, mut read) = (String::new(), String::new());
                crate::decode::decode_lossy(Charset::WINDOWS_1252, &[b], &mut western);
                crate::decode::decode_lossy(central, &[b], &mut read);
                let (w, r) = (western.chars().next()?, read.chars().next()?);
                let lower = |c: char| c.to_lowercase().next().unwrap_or(c);
                (w.is_alphabetic() && r.is_alphabetic()).then(|| (lower(w), lower(r)))
            })
            .collect();
        table.sort_unstable();
        table.dedup_by_key(|&mut (western, _)| western);
        table
    })
}

/// Whether one of `alphabets` holds every letter of `letters`.
fn fits_one_of(alphabets: &[&str], letters: impl Iterator<Item = char> + Clone) -> bool {
    alphabets
        .iter()
        .any(|alphabet| letters.clone().all(|l| alphabet.contains(l)))
}

#[cfg(test)]
mod tests {
    use super::*;

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
        ] {
            assert!(!windows_1250_witness(line), "{line}");
        }
    }
}
