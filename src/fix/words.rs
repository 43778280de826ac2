//! Words that decide a reading no character model can: the one-letter words of the languages
//! in which one accented letter is a word of its own, the commonest two-letter words of the
//! Cyrillic, Greek and Latin-script languages (and the Cyrillic units that are no words), and the
//! last syllables of Korean words. All are hand-written for the project: a short string gives
//! the letter statistics nothing to weigh.
//!
//! Italian è ("is"), Portuguese é ("is") and à, French à ("to"): a CJK decoder shows such a
//! word, standing alone between Latin words, as one Han character (Se non lo 猫 for "Se non lo
//! è"), and so does a sentence about a Han character (The character 猫 means cat): only the
//! language of the words around it tells the two apart. Each language has a short list of its commonest function
//! words (articles, prepositions, conjunctions), all plain ASCII, so that they survive the
//! garbling of the line's accented letters.
//!
//! A lossy decoder that loses the last byte of each Korean word (GBK pairs bytes up to the
//! space) leaves a syllable that a handful of particles and endings (에, 요, 다) usually are.

use std::ops::Range;

/// The one-letter words, function words and word endings of the languages they belong to. The
/// endings are ones English words seldom have: Italian participles and nouns in -zione (è usato,
/// è stata impostata), Portuguese participles (é usado, foi definida); a word of at least
/// [`ENDING_MIN_LETTERS`] letters with one of them counts as a function word of its language
/// ([`is_one_letter_word`]). (Not -mente, which both write, nor -ate, -ire, -are: update, fire,
/// software.)
const LANGUAGES: &[(&[char], &[&str], &[&str])] = &[
    // Italian.
    (
        &['è'],
        &[
            "il", "lo", "gli", "di", "del", "della", "dei", "delle", "che", "non", "per", "una",
            "con", "sono", "come", "questo", "questa", "anche", "nel", "nella", "alla", "dal",
            "dalla", "dallo", "dello", "nello", "allo", "viene", "essere", "solo", "quando",
            "ogni", "se", "si", "ma", "ad", "e", "stato", "stata", "molto", "sul", "sulla", "la",
            "le", "un", "da", "al", "dai", "agli", "alle", "degli", "su", "tra", "fra", "cui",
            "dove", "dopo", "senza", "quale", "quali", "questi", "quello", "quella", "tutti",
            "tutto", "nell", "dell", "dall", "sull", "lui", "lei", "esso", "essa", "chi", "qui",
        ],
        &[
            "ato", "ata", "ati", "ito", "ita", "iti", "uto", "uta", "uti", "zione", "zioni",
            "abile", "ibile",
        ],
    ),
    // Portuguese.
    (
        &['é', 'à'],
        &[
            "o", "os", "do", "da", "dos", "das", "que", "um", "uma", "para", "com", "em", "no",
            "na", "nos", "por", "mais", "pelo", "pela", "ser", "este", "esta", "ou", "como", "se",
            "ao", "aos", "e", "sempre", "mas", "seu", "sua", "pode", "de", "quando", "entre",
            "sem", "isso", "pelos", "pelas", "seus", "suas", "isto", "aquilo", "ele", "ela",
            "eles", "elas", "onde", "qual", "tudo", "esse", "essa",
        ],
        &[
            "ado", "ada", "ados", "adas", "ido", "ida", "idos", "idas", "ador", "adora", "agem",
        ],
    ),
    // French.
    (
        &['à'],
        &[
            "le", "la", "les", "de", "du", "des", "et", "est", "une", "un", "pour", "que", "qui",
            "par", "sur", "pas", "au", "aux", "dans", "ce", "cette", "sont", "avec", "ou", "en",
            "ne", "se", "il", "elle",
        ],
        &[],
    ),
];

/// The fewest letters of a word whose ending counts ([`LANGUAGES`]).
const ENDING_MIN_LETTERS: usize = 5;

/// Whether `word` (in small letters) ends in one of `endings` and is long enough for it to tell.
fn has_ending(word: &str, endings: &[&str]) -> bool {
    word.len() >= ENDING_MIN_LETTERS && endings.iter().any(|e| word.ends_with(e))
}

/// Whether `letter` is a word of its own in some European language, whatever the line: Swedish,
/// Danish and Norwegian å and ö, Romance à, è, é, ò, ó (and their capitals).
pub(crate) fn is_one_letter_word_anywhere(letter: char) -> bool {
    matches!(
        letter,
        'å' | 'Å' | 'ö' | 'Ö' | 'à' | 'À' | 'è' | 'È' | 'é' | 'É' | 'ò' | 'Ò' | 'ó' | 'Ó'
    )
}

/// The commonest words of two letters of the Cyrillic and Greek languages (Russian, Ukrainian,
/// Belarusian, Bulgarian, Serbian, Macedonian; Greek), written for the project: prepositions,
/// conjunctions, particles and pronouns, and the abbreviation см ("see").
#[rustfmt::skip]
const TWO_LETTER_WORDS: &[&str] = &[
    // Russian, Ukrainian, Belarusian.
    "не", "на", "по", "от", "до", "из", "за", "ли", "то", "же", "бы", "он", "мы", "вы", "их",
    "её", "ее", "во", "со", "ко", "об", "ни", "да", "но", "ну", "см", "як", "чи", "та", "це",
    "ці", "її", "їх", "ми", "ви", "ще", "аб", "ад", "па", "ця", "цю", "де", "із", "зі", "ні",
    // Bulgarian, Serbian, Macedonian.
    "се", "ги", "ме", "те", "си", "са", "је", "од", "су", "би", "ја", "ти", "га", "му",
    // Greek.
    "το", "τα", "να", "θα", "σε", "με", "οι", "ως", "αν", "δε", "απ",
];

/// Whether `word` is one of the commonest words of two letters of a Cyrillic or Greek language
/// ([`TWO_LETTER_WORDS`]), in small letters, capitals or with a capital first letter.
pub(crate) fn is_common_two_letter_word(word: &str) -> bool {
    let mut chars = word.chars();
    let (Some(a), Some(b), None) = (chars.next(), chars.next(), chars.next()) else {
        return false;
    };
    let lower = |c: char| c.to_lowercase().next().unwrap_or(c);
    let shape_ok = b.is_lowercase() || a.is_uppercase();
    let mut key = [0u8; 8];
    let mut len = 0;
    for c in [lower(a), lower(b)] {
        len += c.encode_utf8(&mut key[len..]).len();
    }
    shape_ok && std::str::from_utf8(&key[..len]).is_ok_and(|key| TWO_LETTER_WORDS.contains(&key))
}

/// The commonest words of two letters, one of them accented, of the Latin-script languages
/// (Swedish, Norwegian, Danish, Finnish, Icelandic; Portuguese, Spanish, French, Italian;
/// Polish, Czech, Slovak, Croatian, Romanian, Hungarian, Turkish), written for the project:
/// a CJK decoder shows the accented letter as one CJK character glued to the other (P奪 for
/// på), and such a string is too short for any other evidence.
#[rustfmt::skip]
const LATIN_TWO_LETTER_WORDS: &[&str] = &[
    // Scandinavian and Finnish.
    "på", "så", "nå", "få", "gå", "då", "är", "än", "ön", "öl", "ål", "ås", "yö", "að", "ég",
    "úr", "þú",
    // Romance.
    "há", "já", "só", "lá", "cá", "nó", "pé", "fé", "sé", "sí", "tú", "él", "mí", "té", "dé",
    "vê", "lê", "dê", "où", "çà", "dû", "là", "né", "ré", "dì",
    // Central European and Turkish.
    "są", "ją", "że", "už", "až", "či", "ať", "mě", "tě", "će", "če", "și", "în", "să", "că",
    "és", "új", "út", "év", "ők", "át", "şu", "iç", "öz", "üç", "aç", "uç",
];

/// Whether `word` is one of [`LATIN_TWO_LETTER_WORDS`], in small letters or with a capital first
/// letter.
pub(crate) fn is_latin_two_letter_word(word: &str) -> bool {
    let mut chars = word.chars();
    let (Some(a), Some(b), None) = (chars.next(), chars.next(), chars.next()) else {
        return false;
    };
    let lower: String = a.to_lowercase().chain(std::iter::once(b)).collect();
    b.is_lowercase() && LATIN_TWO_LETTER_WORDS.contains(&lower.as_str())
}

/// Whether `shown`, a small letter and a capital, reads as `read`, a common two-letter word
/// ([`is_common_two_letter_word`]) with a small letter, where it is no such word nor a unit as
/// it stands: KOI8-R read as windows-1251 swaps the cases (оЕ for Не, уН for См), and two
/// capitals are as often an abbreviation (ОП, УН), a small prefix before a capital a unit (дБ).
pub(crate) fn is_case_swapped_two_letter_word(shown: &str, read: &str) -> bool {
    let mut letters = shown.chars();
    matches!(
        (letters.next(), letters.next(), letters.next()),
        (Some(a), Some(b), None) if a.is_lowercase() && b.is_uppercase()
    ) && read.chars().any(char::is_lowercase)
        && is_common_two_letter_word(read)
        && !is_common_two_letter_word(shown)
        && !is_cyrillic_unit(shown)
}

/// Whether `word` is one of the one-letter words of Russian and Ukrainian (и, в, с, к, у, о, а,
/// я, і, й), in either case.
pub(crate) fn is_one_letter_cyrillic_word(word: &str) -> bool {
    let mut chars = word.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if "ивскуоаяіїйИВСКУОАЯІЇЙ".contains(c))
}

/// Whether `word` is a unit written in Cyrillic as a small SI prefix and a capital unit letter
/// (дБ decibel, кБ kilobyte, сЛ centilitre, мВ millivolt, кН kilonewton): no word, whatever
/// another table reads it as.
pub(crate) fn is_cyrillic_unit(word: &str) -> bool {
    let mut chars = word.chars();
    matches!(
        (chars.next(), chars.next(), chars.next()),
        (
            Some('к' | 'м' | 'д' | 'с' | 'н' | 'п'),
            Some('Б' | 'Л' | 'В' | 'А' | 'Н' | 'Т' | 'К' | 'Г'),
            None
        )
    )
}

/// Whether `syllable` is one of the commonest last syllables of a Korean word: particles
/// (에 은 는 을 를 이 가 의 로 와 과 도 만) and verb endings (다 요 고 서 지 게 면 니 며 까).
pub(crate) fn is_korean_word_ending(syllable: char) -> bool {
    // (The range test first: most characters asked about are no Hangul syllable.)
    ('가'..='힣').contains(&syllable)
        && (is_korean_particle(syllable) || "다요고서지게면니며까".contains(syllable))
}

/// Whether `syllable` is one of the commonest Korean particles (은 는 을 를 이 가 의 로 와 과 도
/// 에 만), which Korean glues to the word before it, a foreign one too (killall은).
pub(crate) fn is_korean_particle(syllable: char) -> bool {
    // (The range test first: most characters asked about are no Hangul syllable.)
    ('가'..='힣').contains(&syllable) && "은는을를이가의로와과도에만".contains(syllable)
}

/// How many distinct function words of one language a line needs (a word of
/// [`UNMISTAKABLE`] counts twice).
pub(crate) const MIN_FUNCTION_WORDS: usize = 2;

/// Function words no English line has (della, che; uma, para, pelo; les, des, est): one of
/// them is as good as two others. (Not ones like "a", "do", "no", "se", which English writes.)
const UNMISTAKABLE: &[&str] = &[
    "della", "delle", "che", "non", "sono", "questo", "questa", "nel", "nella", "alla", "viene",
    "essere", "anche", "gli", "degli", "il", "nell", "dell", "uma", "para", "pelo", "pela", "mais",
    "dos", "das", "les", "des", "est", "une", "pour", "dans", "avec", "sont", "cette",
];

/// Whether `letter`, put in place of `line[range]`, is a word of its own (nothing alphanumeric
/// right before or after it) in a language that writes it as one, and the line holds at least
/// [`MIN_FUNCTION_WORDS`] different function words of that language.
pub(crate) fn is_one_letter_word(line: &str, range: Range<usize>, letter: char) -> bool {
    is_one_letter_word_weighing(line, range, letter, MIN_FUNCTION_WORDS)
}

/// [`is_one_letter_word`], with `min_weight` function words (a word of [`UNMISTAKABLE`]
/// counting twice) enough for the language: one where what stands there cannot well be quoted
/// (a moderately common ideograph, GBK's 猫 for è: sistemas, 猫 sempre).
pub(crate) fn is_one_letter_word_weighing(
    line: &str,
    range: Range<usize>,
    letter: char,
    min_weight: usize,
) -> bool {
    let (Some(head), Some(tail)) = (line.get(..range.start), line.get(range.end..)) else {
        return false;
    };
    let alone = !head.chars().next_back().is_some_and(char::is_alphanumeric)
        && !tail.chars().next().is_some_and(char::is_alphanumeric);
    if !alone {
        return false;
    }
    // The weight of each language's function words in the line: the letter must be a word of
    // the language that weighs most, and more than any in which it is not (French le, la, dans
    // outweigh the Italian le, la).
    let weights: Vec<usize> = LANGUAGES
        .iter()
        .map(|(_, function_words, endings)| function_word_weight(line, function_words, endings))
        .collect();
    let best_with = LANGUAGES
        .iter()
        .zip(&weights)
        .filter(|((letters, _, _), _)| letters.contains(&letter))
        .map(|(_, &w)| w)
        .max()
        .unwrap_or(0);
    let best_without = LANGUAGES
        .iter()
        .zip(&weights)
        .filter(|((letters, _, _), _)| !letters.contains(&letter))
        .map(|(_, &w)| w)
        .max()
        .unwrap_or(0);
    if best_with <= best_without {
        return false;
    }
    // A short string of nothing but the letter and function words of its language is that
    // language however few they are (猫 stato for "è stato", Isto 茅 for "Isto é").
    best_with >= min_weight
        || LANGUAGES
            .iter()
            .zip(&weights)
            .any(|((letters, words, endings), &w)| {
                w == best_with
                    && letters.contains(&letter)
                    && only_function_words(line, words, endings)
            })
}

/// The most words [`only_function_words`] takes for a short string.
const SHORT_STRING_WORDS: usize = 3;

/// Whether `line`'s words of letters are at least one and at most [`SHORT_STRING_WORDS`],
/// each one of `function_words` (ASCII letters) or a word with one of `endings`
/// ([`has_ending`]), or a single CJK character (the one that may be a one-letter word).
fn only_function_words(line: &str, function_words: &[&str], endings: &[&str]) -> bool {
    let mut words = 0;
    for word in line.split(|c: char| !c.is_alphanumeric() && c != '\'') {
        if word.is_empty() {
            continue;
        }
        let mut chars = word.chars();
        if let (Some(c), None) = (chars.next(), chars.next())
            && crate::score::is_cjk_letter(c)
        {
            continue;
        }
        words += 1;
        let lower = word.to_ascii_lowercase();
        if words > SHORT_STRING_WORDS
            || !(function_words.contains(&lower.as_str()) || has_ending(&lower, endings))
        {
            return false;
        }
    }
    words > 0
}

/// Whether `line` is a short string of one CJK character and nothing but function words of one
/// language in which some letter is a word of its own ([`only_function_words`]): the shape of
/// such a letter read with a CJK decoder (non 猫, 猫 stato), to be searched however few its
/// letters.
pub(crate) fn is_function_words_with_one_cjk(line: &str) -> bool {
    line.chars()
        .filter(|&c| crate::score::is_cjk_letter(c))
        .count()
        == 1
        && LANGUAGES
            .iter()
            .any(|(_, words, endings)| only_function_words(line, words, endings))
}

/// The distinct words of `function_words` in `line`, a word of [`UNMISTAKABLE`] counting twice,
/// and each word with one of `endings` ([`has_ending`]) once.
fn function_word_weight(line: &str, function_words: &[&str], endings: &[&str]) -> usize {
    let mut seen: Vec<&str> = Vec::new();
    let mut with_endings = 0;
    for word in line.split(|c: char| !c.is_ascii_alphabetic()) {
        if word.is_empty() {
            continue;
        }
        let lower = word.to_ascii_lowercase();
        if has_ending(&lower, endings) {
            with_endings += 1;
            continue;
        }
        if word.len() > 8 {
            continue;
        }
        if let Some(&w) = function_words.iter().find(|w| **w == lower)
            && !seen.contains(&w)
        {
            seen.push(w);
        }
    }
    seen.iter()
        .map(|w| if UNMISTAKABLE.contains(w) { 2 } else { 1 })
        .sum::<usize>()
        + with_endings
}

/// Function words of the languages written in windows-1250 (Czech, Slovak, Polish, Hungarian,
/// Slovene, Croatian, Romanian), all plain ASCII so that they survive a line's re-tabling, and
/// none a word of a windows-1252 language or of English (not a, i, je, na, de, la, do, se, este,
/// nem, van, which French, Portuguese, Spanish, Italian, Dutch or Gaelic write too).
const CENTRAL_EUROPEAN_FUNCTION_WORDS: &[&[&str]] = &[
    // Croatian, Serbian, Bosnian, Slovene.
    &[
        "u", "v", "z", "k", "za", "od", "su", "ili", "kao", "koje", "koji", "kojeg", "koja", "iz",
        "iza", "ako", "nije", "biti", "samo", "ki", "pri", "ali", "lahko", "tudi", "kot", "ter",
        "bo", "pa", "preko", "svako", "ova", "ovaj", "ovo", "ove", "svih", "sve", "svi", "kada",
        "gdje", "nego", "jer", "ima", "tega", "ker", "tako",
    ],
    // Romanian.
    &[
        "pentru", "sau", "cu", "pe", "din", "unui", "unei", "sunt", "fi", "mai", "ale", "acest",
        "aceasta", "aceste", "prin", "fost", "poate", "daca",
    ],
    // Hungarian.
    &[
        "egy", "hogy", "az", "meg", "vagy", "csak", "nincs", "lesz", "ez",
    ],
    // Polish.
    &[
        "w", "nie", "jest", "dla", "lub", "przez", "jak", "oraz", "tylko", "aby", "tym", "co",
        "gdy", "jego",
    ],
    // Czech, Slovak.
    &[
        "nebo", "jsou", "jako", "ze", "jen", "lze", "byl", "tak", "alebo", "pre", "ako", "pokud",
        "mezi", "pouze", "jeho", "jejich", "tento", "tato", "toto",
    ],
];

/// Which languages of [`CENTRAL_EUROPEAN_FUNCTION_WORDS`] `line` holds a function word of, one
/// bit each in the order of that list (Croatian and Slovene, Romanian, Hungarian, Polish, Czech
/// and Slovak).
pub(crate) fn central_european_languages(line: &str) -> u8 {
    let mut found = 0u8;
    for word in line.split(|c: char| !c.is_alphanumeric()) {
        if !(1..=7).contains(&word.len()) || !word.bytes().all(|b| b.is_ascii_alphabetic()) {
            continue;
        }
        let mut lower = [0u8; 7];
        let lower = &mut lower[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        for (i, words) in CENTRAL_EUROPEAN_FUNCTION_WORDS.iter().enumerate() {
            if words.iter().any(|w| w.as_bytes() == &lower[..]) {
                found |= 1 << i;
            }
        }
    }
    found
}

/// Whether `line` holds a word of [`CENTRAL_EUROPEAN_FUNCTION_WORDS`] (a whole word of ASCII
/// letters, in any case): the other words of a line say it was written in a windows-1250
/// language, where its accented letters alone (Croatian naèinu, Romanian raporteazã) are as
/// likely those of a windows-1252 language the letter statistics know little of (Gaelic
/// gnìomharaiche, Estonian Lihavõttesaare, Portuguese alemã).
pub(crate) fn has_central_european_function_word(line: &str) -> bool {
    line.split(|c: char| !c.is_alphanumeric())
        .filter(|word| {
            (1..=7).contains(&word.len()) && word.bytes().all(|b| b.is_ascii_alphabetic())
        })
        .any(|word| {
            let mut lower = [0u8; 7];
            let lower = &mut lower[..word.len()];
            lower.copy_from_slice(word.as_bytes());
            lower.make_ascii_lowercase();
            CENTRAL_EUROPEAN_FUNCTION_WORDS
                .iter()
                .flat_map(|words| words.iter())
                .any(|w| w.as_bytes() == &lower[..])
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: &str, han: char) -> Range<usize> {
        let start = line.find(han).unwrap();
        start..start + han.len_utf8()
    }

    #[test]
    fn latin_two_letter_words_with_an_accented_letter() {
        for word in ["på", "På", "är", "só", "że", "és"] {
            assert!(is_latin_two_letter_word(word), "{word}");
        }
        for word in ["PÅ", "pa", "pö", "på ", "ä"] {
            assert!(!is_latin_two_letter_word(word), "{word}");
        }
    }

    #[test]
    fn cyrillic_units_are_no_words() {
        for unit in ["дБ", "кБ", "сЛ", "мВ"] {
            assert!(is_cyrillic_unit(unit), "{unit}");
        }
        for word in ["оЕ", "дБа", "ДБ", "дб"] {
            assert!(!is_cyrillic_unit(word), "{word}");
        }
    }

    #[test]
    fn common_two_letter_words_of_cyrillic_and_greek() {
        for word in ["не", "Не", "НЕ", "См", "од", "το", "Να"] {
            assert!(is_common_two_letter_word(word), "{word}");
        }
        // Not a small letter after a capital, nor longer or shorter words, nor Latin.
        for word in ["нЕ", "нет", "в", "no", "ÿ"] {
            assert!(!is_common_two_letter_word(word), "{word}");
        }
    }

    #[test]
    fn a_short_string_of_function_words_is_its_language() {
        for (line, han, letter) in [("猫 stato", '猫', 'è'), ("Isto 茅", '茅', 'é')] {
            assert!(is_function_words_with_one_cjk(line), "{line}");
            assert!(is_one_letter_word(line, at(line, han), letter), "{line}");
        }
        // Function words of several languages alike (se) tell none; other words, or two CJK
        // characters, are no such string.
        assert!(!is_one_letter_word("Se 猫", at("Se 猫", '猫'), 'è'));
        for line in [
            "xz 茅 uma",
            "猫 e 狗",
            "The 猫",
            "non è stato mai detto qui",
        ] {
            assert!(!is_function_words_with_one_cjk(line), "{line}");
        }
    }

    #[test]
    fn one_letter_words_of_the_line_s_language() {
        let line = "Se non lo 猫, il file non viene letto.";
        assert!(is_one_letter_word(line, at(line, '猫'), 'è'));
        let line = "Um PID de -1 茅 especial; indica todos os processos";
        assert!(is_one_letter_word(line, at(line, '茅'), 'é'));
        let line = "Ajoute 脿 la fin des fichiers";
        assert!(is_one_letter_word(line, at(line, '脿'), 'à'));
    }

    #[test]
    fn central_european_function_words_name_their_language() {
        use crate::fix::alphabets::{alphabets_holding, central_home};
        let polish = central_european_languages("Czyta lub zapisuje list? do pliku");
        assert_eq!(polish, 1 << 3);
        let home = central_home(polish).unwrap();
        assert!(alphabets_holding('ę') & home != 0 && alphabets_holding('ą') & home != 0);
        assert_eq!(alphabets_holding('ă') & home, 0);
        let czech = central_european_languages("Soubor nebo adresář");
        assert!(alphabets_holding('ř') & central_home(czech).unwrap() != 0);
        // (Two languages' words, or none: no home.)
        assert_eq!(central_home(central_european_languages("lub pentru")), None);
        assert_eq!(central_home(central_european_languages("the file")), None);
    }

    #[test]
    fn central_european_function_words_are_whole_ascii_words() {
        assert!(has_central_european_function_word(
            "Datoteka je otvorena u zadanom"
        ));
        assert!(has_central_european_function_word(
            "Programul afiseaza lista PENTRU tine"
        ));
        // Not inside a word, nor a piece of one cut by an accented letter (Svøríki: ki).
        assert!(!has_central_european_function_word("Svøríki"));
        assert!(!has_central_european_function_word(
            "Tha an gnìomharaiche a' ruith"
        ));
        // Words French, Portuguese or Gaelic write too (je, na, do, se) are no evidence.
        assert!(!has_central_european_function_word(
            "je ne sais pas, na do se"
        ));
    }

    #[test]
    fn korean_word_endings() {
        for c in ['에', '요', '다', '는'] {
            assert!(is_korean_word_ending(c));
        }
        for c in ['엔', '단', '한'] {
            assert!(!is_korean_word_ending(c));
        }
    }

    #[test]
    fn one_unmistakable_function_word_is_enough() {
        let line = "Questo file 猫 vuoto.";
        assert!(is_one_letter_word(line, at(line, '猫'), 'è'));
        let line = "O arquivo 茅 usado para compressão.";
        assert!(is_one_letter_word(line, at(line, '茅'), 'é'));
    }

    #[test]
    fn not_in_another_language_nor_inside_a_word() {
        let line = "The character 猫 means cat in Chinese.";
        assert!(!is_one_letter_word(line, at(line, '猫'), 'è'));
        // English words that some language also writes ("a", "do", "no") are not enough alone.
        let line = "A cat is 猫, a dog is 狗: I do not mix them up.";
        assert!(!is_one_letter_word(line, at(line, '猫'), 'è'));
        assert!(!is_one_letter_word(line, at(line, '猫'), 'é'));
        // Italian, but è is no French word (and é no Italian one).
        let line = "Se non lo 猫, il file non viene letto.";
        assert!(!is_one_letter_word(line, at(line, '猫'), 'é'));
        let line = "il valore di pu貌 non viene letto";
        assert!(!is_one_letter_word(line, at(line, '貌'), 'ò'));
        let line = "il valore di lanc茅 non viene letto";
        assert!(!is_one_letter_word(line, at(line, '茅'), 'é'));
    }
}
