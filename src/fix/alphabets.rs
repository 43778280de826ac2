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

/// Whether the accented letters of `text`, as windows-1252 shows them, belong to no language
/// written in windows-1252 while the letters windows-1250 reads from the same bytes all belong
/// to one language written in windows-1250: a line of Czech, Hungarian or Romanian read with
/// the wrong table (Pøíkaz, mûködése hasonló, Solicitã … înainte).
pub(crate) fn windows_1250_witness(text: &str) -> bool {
    let mut letters = LineLetters::default();
    for c in text.chars().filter(|c| !c.is_ascii()) {
        letters.add(c);
    }
    letters.witness()
}

/// The accented letters of a line, as far as [`windows_1250_witness`] needs them: which
/// languages of each table hold all of them so far, one bit per alphabet.
#[derive(Clone, Copy)]
pub(crate) struct LineLetters {
    western: u32,
    central: u32,
    any: bool,
}

impl Default for LineLetters {
    fn default() -> LineLetters {
        LineLetters {
            western: u32::MAX,
            central: u32::MAX,
            any: false,
        }
    }
}

impl LineLetters {
    /// Counts non-ASCII `c` if it is a letter.
    pub(crate) fn add(&mut self, c: char) {
        match masks().get((c as usize).wrapping_sub(0x80)) {
            Some(&(western, central, letter)) if letter => {
                self.any = true;
                self.western &= western;
                self.central &= central;
            }
            Some(_) => {}
            // Every letter windows-1252 shows is below U+0180 (ƒ aside, which windows-1250
            // lacks): a letter beyond was never read through it.
            None if c.is_alphabetic() => {
                self.any = true;
                self.central = 0;
            }
            None => {}
        }
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

    /// The verdict of [`windows_1250_witness`] on the letters counted.
    pub(crate) fn witness(&self) -> bool {
        self.any && self.western == 0 && self.central != 0
    }
}

/// For U+0080..U+017F: the alphabets of [`WESTERN`] that hold the character's small letter, those
/// of [`CENTRAL`] that hold the small letter windows-1250 reads from its windows-1252 byte (none
/// if it has no such byte or reads no letter), and whether it is a letter; built once.
fn masks() -> &'static [(u32, u32, bool)] {
    static TABLE: std::sync::OnceLock<Vec<(u32, u32, bool)>> = std::sync::OnceLock::new();
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
                let Some(c) = char::from_u32(cp).filter(|c| c.is_alphabetic()) else {
                    return (0, 0, false);
                };
                let mut bytes = Vec::new();
                let central = match Charset::WINDOWS_1252.encode_strict(&c.to_string(), &mut bytes)
                {
                    Ok(()) => {
                        let mut read = String::new();
                        crate::decode::decode_lossy(central_charset, &bytes, &mut read);
                        match read.chars().next() {
                            Some(r) if r.is_alphabetic() => holding(CENTRAL, lower(r)),
                            _ => 0,
                        }
                    }
                    Err(_) => 0,
                };
                (holding(WESTERN, lower(c)), central, true)
            })
            .collect()
    })
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
