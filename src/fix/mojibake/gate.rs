//! The gate: which lines could hold mojibake at all. Clean text is turned away here, by cheap
//! per-character signs, before any chain is searched.

use crate::charset::Charset;
use crate::fix::alphabets;
use crate::fix::words::{
    has_central_european_function_word, is_case_swapped_two_letter_word, is_common_two_letter_word,
    is_korean_word_ending, is_one_letter_cyrillic_word,
};
use crate::score::Alphabetic;
use crate::score::{
    self, FIRST_KNOWN_LETTER, Script, char_cost, is_cjk_letter, is_han, is_hangul, is_mixed_pair,
    is_word_letter, letter_symbol, letter_triple_known, pair_bits, word_known,
};

use super::gain::{
    LATIN_SWAP_LINE_LETTERS, LONE_CJK_MIN_LETTERS, LONE_FOREIGN_GLUED_MIN_LETTERS,
    is_latin_with_lone_cjk, is_latin_with_lone_foreign, is_misplaced_oe, is_shared_punctuation,
};
use super::search::is_high_byte_char;
use super::{CHAINS, KNOWN_WORD_MIN_LETTERS, counts_mixed_pairs};

/// The cost from which a single character is evidence enough to search a line: rare Han (GB2312
/// level 2 and beyond), private use, C1 controls, Latin-1 symbols, halfwidth katakana, Hangul
/// outside KS X 1001.
pub(super) const SUSPICIOUS_COST: u32 = 13;

/// Whether a line shows any sign of mojibake, the fast path that spares clean text the search:
/// a character at least [`SUSPICIOUS_COST`] dear, '?' next to non-ASCII text, U+FFFD after a
/// character a single-byte charset shows for a high byte, or a
/// character that a single-byte charset shows for a UTF-8 lead byte followed by another
/// non-ASCII character (the shape of every multi-byte character read byte by byte), or CJK text
/// of which a third or more is merely common (cost [`SUSPICIOUS_COST`] − 1), as mojibake made of
/// ordinary characters is.
pub(super) fn is_suspicious(line: &str) -> bool {
    signs_in(line, false) != Suspicion::None
}

/// What a line's signs of mojibake allow for, from [`suspicion`].
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Suspicion {
    /// No sign: the line is not searched.
    None,
    /// Only the shape of single-byte text read with another single-byte table: only those
    /// chains are searched (no UTF-8 sequence and no CJK reading shows).
    Retable,
    /// Only lone accented letters in letter triples the text does not write (naèinu): only
    /// windows-1250 read as windows-1252 can have made them, the one chain searched.
    LoneLetters,
    /// Only signs of a multi-byte reading (a UTF-8 sequence shown byte by byte, a lost byte's
    /// placeholder, a dear character), and none of a re-tabled single-byte text: every chain
    /// but the re-tabled ones is searched (French «à la shows MacRoman's UTF-8 for ǈ, and its
    /// lines are no windows-1250 or windows-874 text read as windows-1252).
    Multibyte,
    /// Any other sign: every chain is searched.
    Encoding,
}

/// The signs of mojibake in `line` (see [`is_suspicious`]), every sign weighed: a sign of a
/// multi-byte reading alone is told from one with a re-tabled text's ([`Suspicion::Multibyte`]).
pub(super) fn suspicion(line: &str) -> Suspicion {
    signs_in(line, true)
}

/// [`suspicion`], or with `full` false, [`Suspicion::Encoding`] at the first sign of a
/// multi-byte reading, without weighing the rest of the line (for [`is_suspicious`]).
fn signs_in(line: &str, full: bool) -> Suspicion {
    // A sign of a multi-byte reading seen so far.
    let mut multibyte_sign = false;
    // An œ where French never writes one ([`has_misplaced_oe`]).
    let mut misplaced_oe = false;
    let mut hangul_run = HangulShapeRun::default();
    // (A line with a character from U+2E80 on is searched along no re-tabled chain anyway,
    // `Searcher::one_layer`: its first sign settles it, as does any sign without `full`.)
    let beyond_alphabets = || line.chars().any(|c| c >= '\u{2E80}' && c != '\u{FFFD}');
    macro_rules! multibyte_sign {
        () => {
            if !full || (!multibyte_sign && beyond_alphabets()) {
                return Suspicion::Encoding;
            }
            multibyte_sign = true;
        };
    }
    let is_cjk = is_cjk_letter;
    let mut case_swap = false;
    let mut prev: Option<char> = None;
    // Mojibake made of moderately common characters still shows them densely.
    let (mut cjk, mut uncommon) = (0u32, 0u32);
    let mut shape = RetableShape::default();
    let mut prev_at = 0;
    let mut before_prev: Option<char> = None;
    let (mut foreign, mut ascii_letters) = (0u32, 0u32);
    // Cyrillic capitals and small letters: a line of capitals alone may be KOI8-R small letters
    // read as windows-1251 (ОБЮЙОБЕФ for начинает), whose letter pairs are no surer sign.
    let (mut cyrillic_capitals, mut cyrillic_small) = (0u32, 0u32);
    let mut pair_run = PairShapeRun::default();
    let mut kana_run = KanaShapeRun::default();
    // CJK letters in a row up to here.
    let mut cjk_run = 0usize;
    // A Spanish question opened by ¿ and not yet closed: its '?' may follow an accented letter
    // (¿qué?, ¿está?) and is no lost byte's placeholder.
    let mut question_open = false;
    let bytes = line.as_bytes();
    let mut at = 0;
    while let Some(&first) = bytes.get(at) {
        if first.is_ascii() {
            // A run of ASCII characters at once: only its first one can follow a non-ASCII one.
            let c = char::from(first);
            // (After a small letter only: a capital, Ã or Â, is what windows-1252 shows for the
            // lead byte of a two-byte sequence whose last byte was lost, ¿QuÃ?.)
            let closes_question = question_open
                && prev
                    .is_some_and(|p| p.is_lowercase() && char_cost(p).1 == Script::LatinAccented);
            if c == '?'
                && prev.is_some_and(|p| !p.is_ascii())
                && !is_spaced_question_mark(before_prev, prev)
                && !closes_question
            {
                multibyte_sign!();
            }
            // A CJK character glued to a Latin letter: a word read with a CJK decoder (one or
            // two of them for an accented letter or two; a longer run is CJK text after which a
            // Latin word follows, 使用shell).
            if c.is_ascii_alphabetic() && prev.is_some_and(is_cjk) && cjk_run <= GLUED_RUN_MAX {
                multibyte_sign!();
            }
            if pair_run.end(line, at) | kana_run.end(line, at) {
                multibyte_sign!();
            }
            hangul_run = HangulShapeRun::default();
            cjk_run = 0;
            let run = &bytes[at..];
            let end = at + run.iter().position(|b| !b.is_ascii()).unwrap_or(run.len());
            let run = &bytes[at..end];
            question_open &= !run.contains(&b'?');
            ascii_letters += run
                .iter()
                .map(|b| u32::from(b.is_ascii_alphabetic()))
                .sum::<u32>();
            before_prev = match run {
                [.., b, _] => Some(char::from(*b)),
                _ => prev,
            };
            prev = run.last().map(|&b| char::from(b));
            prev_at = end - 1;
            at = end;
            continue;
        }
        let Some(c) = line.get(at..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        cjk_run = if is_cjk(c) { cjk_run + 1 } else { 0 };
        question_open |= c == '¿' && opens_spanish_clause(prev, c, &line[at..]);
        let (cost, script) = char_cost(c);
        let ordinal = is_ordinal_indicator(prev, c, &line[at..]);
        // An ordinal indicator or an exponent (nº, m², 2³): a symbol of its own, neither a dear
        // character nor a letter of the word before it. (And an ordinal indicator is no
        // windows-1250 ş.)
        let written_symbol = ordinal || is_unit_exponent_sign(&line[..at], c, &line[at..]);
        if !ordinal {
            shape.note_1250(c);
        }
        if script == Script::Cyrillic {
            let flags = low_flags(c);
            cyrillic_capitals += u32::from(flags & LOW_UPPERCASE != 0);
            cyrillic_small += u32::from(flags & LOW_LOWERCASE != 0);
        }
        // (As `is_foreign_letter` counts them, or fewer: the test below only rules lines out.)
        foreign += u32::from(
            matches!(script, Script::Cyrillic | Script::Greek | Script::Other(_)) && is_letter(c),
        );
        if c == '\u{FFFD}' {
            // A lost byte right after what a single-byte charset shows for a UTF-8 byte (н™�
            // for 환): a sequence cut short. After Han, a space or another U+FFFD it is only
            // what a repair already left (执��), which no search mends.
            let shown_high_byte =
                |p: char| !p.is_ascii() && p != '\u{FFFD}' && lead_continuation_masks(p) != (0, 0);
            if prev.is_some_and(shown_high_byte) {
                multibyte_sign!();
            }
        } else if cost >= SUSPICIOUS_COST
            && !opens_spanish_clause(prev, c, &line[at..])
            && !joins_at_home(prev, c, &line[at..])
            && !is_accent_as_apostrophe(prev, c, &line[at..])
            && !written_symbol
        {
            // (A dear character is a sign of any reading, Polish ą and ł show as windows-1252's
            // ¹ and ³: every chain is searched, whatever the rest of the line says.)
            return Suspicion::Encoding;
        }
        if is_cjk(c) {
            cjk += 1;
            uncommon += u32::from(cost + 1 >= SUSPICIOUS_COST);
        }
        if pair_run.push(is_cjk(c).then(|| utf8_pair_shapes(c)), line, at)
            | kana_run.push(is_cjk(c).then(|| kana_shapes(c) != 0), line, at)
        {
            multibyte_sign!();
        }
        let next_byte = line.as_bytes().get(at + c.len_utf8()).copied();
        // (windows-1252's byte asked once: both shapes start with a character it shows.)
        let shown = windows_1252_byte(c);
        if hangul_run.push(shown)
            || (shown.is_some()
                && (starts_two_shift_jis_pairs(&line[at..])
                    || starts_big5_kana_pairs(&line[at..])
                    || is_lone_big5_particle(prev, &line[at..])
                    || is_glued_korean_particle(prev, &line[at..])))
        {
            multibyte_sign!();
        }
        // (obecnoœæ, windows-1250's ść.)
        misplaced_oe |= is_misplaced_oe(prev, c, next_byte);
        let ends_word = next_byte.is_none_or(|n| n.is_ascii() && !n.is_ascii_alphanumeric());
        match prev {
            Some(p) if !p.is_ascii() => {
                case_swap |= shape.pair(prev, Some(c));
                shape.run_triple(before_prev, p, c);
                // The end of a word of non-ASCII letters (äëÿ for для): its last pair.
                if ends_word {
                    shape.pair(Some(c), None);
                    shape.run_triple(Some(p), c, ' ');
                }
            }
            Some(p) if p.is_ascii_alphabetic() && !written_symbol => {
                shape.lone_letter_pair(Some(p), Some(c), c);
            }
            // The start of a word of non-ASCII letters: its first pair.
            _ if next_byte.is_some_and(|n| n >= 0x80)
                && prev.is_none_or(|p| !p.is_ascii_alphanumeric()) =>
            {
                shape.pair(None, Some(c));
            }
            _ => {}
        }
        // A lone letter inside a word of ASCII letters: whether the three letters are a triple
        // the text writes (très, niño), or not (naèinu: č read as è).
        let ascii_neighbour = |b: Option<u8>| b.is_none_or(|b| b.is_ascii() && !b.is_ascii_digit());
        if prev.is_none_or(|p| p.is_ascii())
            && !written_symbol
            && ascii_neighbour(next_byte)
            && (prev.is_some_and(|p| p.is_ascii_alphabetic())
                || next_byte.is_some_and(|n| n.is_ascii_alphabetic()))
        {
            shape.lone_letter_triple(prev, c, next_byte.map(char::from));
        }
        // (The pair with an ASCII letter or the end of a word after it is counted here, off the
        // ASCII path.)
        match next_byte {
            Some(next) if next.is_ascii_alphabetic() => {
                shape.lone_letter_pair(Some(c), Some(char::from(next)), c);
            }
            Some(next)
                if next.is_ascii()
                    && prev.is_some_and(|p| p.is_ascii_alphabetic())
                    && !written_symbol =>
            {
                shape.lone_letter_pair(Some(c), None, c);
            }
            None if prev.is_some_and(|p| p.is_ascii_alphabetic()) && !written_symbol => {
                shape.lone_letter_pair(Some(c), None, c);
            }
            _ => {}
        }
        // (Past the first sign, only what the rest of the line says of a re-tabled text.)
        if !multibyte_sign
            && let Some(p) = prev
            && ((p == '?' && !is_space_after_question_mark(before_prev, c))
                || (!p.is_ascii()
                    && p != '\u{FFFD}'
                    && starts_utf8_shape(before_prev, &line[prev_at..]))
                || (p.is_ascii_alphabetic() && is_cjk(c) && glued_run_is_short(&line[at..]))
                || (is_han(p) && is_hangul(c))
                || (is_hangul(p) && is_han(c))
                || is_lone_shift_jis_hiragana(before_prev, p, c, next_byte)
                || small_kana_stranded(Some(p), c))
        {
            // Also Han glued to Hangul: what UTF-8 read as EUC-KR looks like.
            multibyte_sign!();
        }
        if prev.is_none() && small_kana_stranded(None, c) {
            multibyte_sign!();
        }
        before_prev = prev;
        prev = Some(c);
        prev_at = at;
        at += c.len_utf8();
    }
    if pair_run.end(line, line.len())
        || (pair_run.short_line_row && cjk <= PAIR_SHAPE_SHORT_LINE)
        || kana_run.end(line, line.len())
        || pair_run.only_pairs()
    {
        multibyte_sign!();
    }
    // Short strings need less: 设置 read as GBK is 璁剧疆, one uncommon character of three.
    let share = if cjk <= 4 { 3 } else { 2 };
    let rest = if cjk > 0 && uncommon * share >= cjk {
        Suspicion::Encoding
    } else if (cjk > 0
        // (No CJK letter here is glued to an ASCII one: that was a sign above.)
        && enough_letters_for_lone_cjk(ascii_letters, cjk)
        && is_latin_with_lone_cjk(line))
        || (foreign > 0
            && ascii_letters as usize >= LONE_FOREIGN_GLUED_MIN_LETTERS * foreign as usize
            && is_latin_with_lone_foreign(line))
    {
        // Lone CJK characters, or pairs of letters of another alphabet, among Latin words: a
        // CJK or single-byte decoder's reading of accented letters (Se non lo 猫, Se non lo ГЁ,
        // Se non lo รจ for "Se non lo è") or foreign words quoted in Latin text; the search
        // tells.
        Suspicion::Encoding
    } else if case_swap
        || shape.is_retable()
        || (cyrillic_small == 0 && cyrillic_capitals >= CAPITALS_LINE_MIN)
    {
        Suspicion::Retable
    } else if shape.has_lone_letters_in_unknown_triples()
        || misplaced_oe
        || has_word_known_through_1250(line)
    {
        Suspicion::LoneLetters
    } else if cyrillic_capitals + cyrillic_small > 0
        && has_word_known_through(line, koi8_r_through_1251(), FEW_NON_ASCII_KOI8)
    {
        Suspicion::Retable
    } else {
        Suspicion::None
    };
    // (Only a line long enough for its letters to show a re-tabled text's shape has shown
    // none: a short piece of one may show a UTF-8 sequence by chance, Polish odnaleŸæ
    // windows-1256's for پ, and nothing else.)
    let long = || line.chars().filter(|&c| is_letter(c)).count() >= LATIN_SWAP_LINE_LETTERS;
    match rest {
        Suspicion::None if multibyte_sign && long() => Suspicion::Multibyte,
        _ if multibyte_sign => Suspicion::Encoding,
        rest => rest,
    }
}

/// The no-break spaces French typography puts around a question mark and inside guillemets
/// (U+00A0, and U+202F, the narrow one).
fn is_typographic_space(c: char) -> bool {
    matches!(c, '\u{A0}' | '\u{202F}')
}

/// Whether a '?' after `before` `prev` is French typography, not a lost byte's placeholder:
/// `prev` is a no-break space and what stands before it ASCII, a guillemet or nothing
/// (quitter\u{A0}?, «\u{A0}?\u{A0}»). A lost byte's '?' follows what a single-byte charset
/// shows for a UTF-8 byte or a CJK character; the no-break space that is a continuation byte
/// (0xA0) follows a lead byte's character (Ã\u{A0} for à).
fn is_spaced_question_mark(before: Option<char>, prev: Option<char>) -> bool {
    prev.is_some_and(is_typographic_space)
        && before.is_none_or(|b| b.is_ascii() || matches!(b, '«' | '»') || is_typographic_space(b))
}

/// Whether a no-break space `c` after a '?' (after `before`) is French typography: the '?'
/// follows ASCII, a no-break space or nothing (quitter\u{A0}?\u{A0}», not Ã?\u{A0}).
fn is_space_after_question_mark(before: Option<char>, c: char) -> bool {
    is_typographic_space(c) && before.is_none_or(|b| b.is_ascii() || is_typographic_space(b))
}

/// Whether `p` `c` is a word of its own that is what windows-1252 shows for one Shift_JIS
/// hiragana (lead byte 0x82 as ‚, the trail 0x9F..=0xF1 as a Latin-1 character): a Japanese
/// particle between Latin words (pwconv ‚Í /etc for は, group ‚Æ gshadow for と). German
/// quotes open with ‚ too, before a word: ‚Über‘ goes on with letters.
fn is_lone_shift_jis_hiragana(
    before: Option<char>,
    p: char,
    c: char,
    next_byte: Option<u8>,
) -> bool {
    p == '\u{201A}'
        && windows_1252_byte(c).is_some_and(|b| (0x9F..=0xF1).contains(&b))
        && before.is_none_or(|b| !b.is_alphanumeric())
        && next_byte.is_none_or(|n| n.is_ascii() && !n.is_ascii_alphanumeric())
}

/// The small kana (ぁ ゃ っ ァ ャ ッ …) that only stand after a kana of their word (きゃ, ティ,
/// キャッシュ); not ヵ and ヶ, counters after numerals and Han (3ヶ月, 霞ヶ関).
#[inline]
pub(super) fn is_small_kana(c: char) -> bool {
    // One bit per place in the hiragana block, the katakana block alike (0x60 places on):
    // ぁ ぃ ぅ ぇ ぉ, っ, ゃ ゅ ょ, ゎ. (The gate asks this of every kana of Japanese text.)
    const SMALL: u128 = (1 << 0x01)
        | (1 << 0x03)
        | (1 << 0x05)
        | (1 << 0x07)
        | (1 << 0x09)
        | (1 << 0x23)
        | (1 << 0x43)
        | (1 << 0x45)
        | (1 << 0x47)
        | (1 << 0x4E);
    match u32::from(c).wrapping_sub(0x3040) {
        at @ 0..0xC0 => SMALL >> (at % 0x60) & 1 != 0,
        _ => false,
    }
}

/// Whether `c` is a small kana where Japanese never writes one: after `prev` that is no kana
/// (nor the long-vowel mark ー), or at the start; small ゃ ゅ ょ only after a kana of the i row
/// (きゃ, チュ; テュ, フュ in loanwords), and small っ and ッ also after the Han stem of a verb
/// (言った). Big5's commonest characters are GBK's kana rows (中文 as いゅ, 文件 as ゅン).
#[inline]
pub(super) fn small_kana_stranded(prev: Option<char>, c: char) -> bool {
    // (Most characters are no small kana: the one test they pay, inlined.)
    is_small_kana(c) && small_kana_stranded_after(prev, c)
}

/// [`small_kana_stranded`] for a small kana.
fn small_kana_stranded_after(prev: Option<char>, c: char) -> bool {
    let kana = |p: char| ('\u{3041}'..='\u{30FA}').contains(&p) || p == 'ー';
    // (Small ya, yu, yo after a kana of the i row, and after テ デ フ ヴ in loanwords.)
    let before_small_y =
        |p: char| "きしちにひみりぎじぢびぴキシチニヒミリギジヂビピテデフヴ".contains(p);
    if matches!(c, 'ゃ' | 'ゅ' | 'ょ' | 'ャ' | 'ュ' | 'ョ') {
        return !prev.is_some_and(before_small_y);
    }
    !prev.is_some_and(|p| kana(p) || (matches!(c, 'っ' | 'ッ') && is_han(p)))
}

/// Whether `text` (after `before`) writes kana where Japanese never does: a small kana stranded
/// ([`small_kana_stranded`]), the long vowel mark ー after no kana (it lengthens the kana before
/// it), or a hiragana of the r row (ら り る れ ろ) opening a word: native Japanese words never
/// start with r, and the words that do are written in kanji or katakana. (Big5's commonest
/// ideographs read as GBK's kana make such "words": 奈及 as ーの, 月中日 as るいら.)
pub(super) fn breaks_kana_spelling(before: Option<char>, text: &str) -> bool {
    // (After a lost character anything may follow.)
    let kana = |p: char| ('\u{3041}'..='\u{30FA}').contains(&p) || matches!(p, 'ー' | '\u{FFFD}');
    let mut prev = before;
    text.chars().any(|c| {
        let broken = small_kana_stranded(prev, c)
            || (c == 'ー' && !prev.is_some_and(kana))
            || (matches!(c, 'ら' | 'り' | 'る' | 'れ' | 'ろ')
                && !prev.is_some_and(|p| kana(p) || is_han(p) || p == '々'));
        prev = Some(c);
        broken
    })
}

/// Whether `c`, the first character of `rest`, is the acute accent ´ written for an apostrophe
/// or a quote: between a word or number and a suffix (Turkish GECOS´un, 1970´den,
/// sayısı´nın, gün´ün), or after ASCII and before a space, a digit, punctuation or the end
/// (Administrators´ Guide, `*´). No reading of bytes puts it there: UTF-8 and legacy CJK read
/// byte by byte show it after another high byte's character (the Turkish small letters' bytes
/// lead no UTF-8 sequence), a legacy CJK lead before a trail byte of 0x40 and up, and
/// windows-1251's ґ among other re-tabled letters.
fn is_accent_as_apostrophe(prev: Option<char>, c: char, rest: &str) -> bool {
    let turkish_small = |c: char| matches!(c, 'ı' | 'ü' | 'ö' | 'ç' | 'ş' | 'ğ');
    let next = rest[c.len_utf8()..].chars().next();
    c == '´'
        && ((prev.is_some_and(|p| p.is_ascii_alphanumeric() || turkish_small(p))
            && next.is_some_and(|n| n.is_ascii_lowercase() || turkish_small(n)))
            || (prev.is_some_and(|p| p.is_ascii_graphic())
                && next.is_none_or(|n| n.is_ascii() && (n as u32) < 0x40)))
}

/// Whether `c`, the first character of `rest` (after `before`), is a superscript two or three
/// written as an exponent: ² after an ASCII letter or digit (m², x², 10²), ³ after a digit or a
/// unit of length (2³, m³, cm³), and before no letter or digit. (Not ³ after other letters:
/// windows-1252 shows Polish ł at a word's end so, zosta³.)
fn is_unit_exponent_sign(before: &str, c: char, rest: &str) -> bool {
    // (The character first: the gate asks this of every non-ASCII one.)
    if !matches!(c, '²' | '³') || rest[c.len_utf8()..].starts_with(char::is_alphanumeric) {
        return false;
    }
    let word_start = before
        .char_indices()
        .rev()
        .find(|&(_, ch)| !ch.is_ascii_alphabetic())
        .map_or(0, |(i, ch)| i + ch.len_utf8());
    let word = &before[word_start..];
    match c {
        '²' => before
            .chars()
            .next_back()
            .is_some_and(|p| p.is_ascii_alphanumeric()),
        '³' => {
            before
                .chars()
                .next_back()
                .is_some_and(|p| p.is_ascii_digit())
                || matches!(word, "m" | "cm" | "mm" | "dm" | "km" | "ft" | "in")
        }
        _ => false,
    }
}

/// Whether `c`, the first character of `rest`, is an ordinal indicator where Spanish, Portuguese
/// and Italian write one: º or ª after a digit or a full stop after one, or after n (1º, 2.ª,
/// nº), and before no letter or digit. No reading makes one so: windows-1252's 0xBA and 0xAA are
/// no lead byte of a legacy CJK charset after an ASCII byte, and a UTF-8 sequence shows a lead
/// byte's character before them (Âº).
fn is_ordinal_indicator(prev: Option<char>, c: char, rest: &str) -> bool {
    let next = rest[c.len_utf8()..].chars().next();
    matches!(c, 'º' | 'ª')
        && prev.is_some_and(|p| p.is_ascii_digit() || matches!(p, '.' | 'n' | 'N'))
        && !next.is_some_and(char::is_alphanumeric)
}

/// Whether `c`, the first character of `rest`, is a zero-width (non-)joiner where writing puts
/// one ([`score::joiner_at_home`]: Persian نمی‌شود), no sign of mojibake.
fn joins_at_home(prev: Option<char>, c: char, rest: &str) -> bool {
    score::is_joiner(c) && score::joiner_at_home(prev, rest.chars().nth(1))
}

/// What one single-byte table shows for the bytes another reads as other letters (windows-1252's
/// è for windows-1250's č, windows-1251's Д for KOI8-R's д): the shown character with the meant
/// one, sorted, and the same for the Latin-1 range as a direct table (the gate asks for every
/// non-ASCII character of a line).
struct Retabling {
    pub(super) pairs: Vec<(char, char)>,
    latin_1: Vec<char>,
}

impl Retabling {
    pub(super) fn new(
        shown_by: &'static encoding_rs::Encoding,
        meant_by: &'static encoding_rs::Encoding,
    ) -> Retabling {
        let mut pairs = Vec::new();
        for b in 0x80u8..=0xFF {
            let byte = [b];
            let (shown, _) = shown_by.decode_without_bom_handling(&byte);
            let (meant, _) = meant_by.decode_without_bom_handling(&byte);
            if let (Some(s), Some(m)) = (shown.chars().next(), meant.chars().next())
                && s != m
                && m != '\u{FFFD}'
                && is_word_letter(m)
            {
                pairs.push((s, m));
            }
        }
        pairs.sort_unstable();
        let mut latin_1 = vec!['\0'; 0x100];
        for &(s, m) in &pairs {
            if let Some(slot) = latin_1.get_mut(u32::from(s) as usize) {
                *slot = m;
            }
        }
        Retabling { pairs, latin_1 }
    }

    /// The letter the other table reads where this one shows `c`, if it reads another one.
    #[inline]
    fn meant(&self, c: char) -> Option<char> {
        let cp = u32::from(c);
        if cp < 0x80 {
            None
        } else if cp < 0x100 {
            self.latin_1
                .get(cp as usize)
                .copied()
                .filter(|&m| m != '\0')
        } else {
            self.pairs
                .binary_search_by_key(&c, |&(s, _)| s)
                .ok()
                .map(|i| self.pairs[i].1)
        }
    }
}

/// windows-1250 text read as windows-1252.
fn windows_1250_through_1252() -> &'static Retabling {
    static TABLE: std::sync::OnceLock<Retabling> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| Retabling::new(encoding_rs::WINDOWS_1252, encoding_rs::WINDOWS_1250))
}

/// windows-1251 text read as windows-1252.
fn windows_1251_through_1252() -> &'static Retabling {
    static TABLE: std::sync::OnceLock<Retabling> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| Retabling::new(encoding_rs::WINDOWS_1252, encoding_rs::WINDOWS_1251))
}

/// Whether each word of `text` with a character above ASCII (there must be one) reads, every
/// such character taken back through windows-1251, as a word the languages write (Êàê as Как):
/// evidence for a re-tabled reading that a whole-line UTF-8 one must not pre-empt.
pub(super) fn words_known_through_1251(text: &str) -> bool {
    let retabling = windows_1251_through_1252();
    let mut any = false;
    let all = text
        .split(|c: char| !(c.is_alphanumeric() || retabling.meant(c).is_some()))
        .filter(|word| !word.is_ascii())
        .all(|word| {
            any = true;
            let read = || word.chars().map(|c| retabling.meant(c).unwrap_or(c));
            let read_word: String = read().collect();
            word.chars()
                .all(|c| c.is_ascii() || retabling.meant(c).is_some())
                && (word_known(read())
                    || is_common_two_letter_word(&read_word)
                    || is_one_letter_cyrillic_word(&read_word))
        });
    any && all
}

/// KOI8-R text read as windows-1251.
fn koi8_r_through_1251() -> &'static Retabling {
    static TABLE: std::sync::OnceLock<Retabling> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| Retabling::new(encoding_rs::WINDOWS_1251, encoding_rs::KOI8_R))
}

/// The most non-ASCII characters a line may hold for [`has_word_known_through`] to look for
/// windows-1250 read as windows-1252 (clean Western text writes many accents), and for KOI8-R
/// read as windows-1251 (all of Cyrillic text is non-ASCII: only short strings).
const FEW_NON_ASCII_1250: usize = 4;

/// The most non-ASCII characters a line among whose words stands a function word of a
/// windows-1250 language ([`has_central_european_function_word`]) may hold for
/// [`has_word_known_through`] to look for windows-1250 read as windows-1252: the other words
/// say which language it is (Czech Poèet dnù od 1. ledna 1970, kdy byl úèet zablokován).
/// Measured: 4 → 12 repairs windows-1250 read as windows-1252 96.87 → 97.18 %, and changes no
/// clean man-page or CLDR string.
const NON_ASCII_1250_AMONG_WORDS: usize = 12;

/// See [`FEW_NON_ASCII_1250`].
const FEW_NON_ASCII_KOI8: usize = 8;

/// Whether a word of `line` reads through windows-1250 as a word the languages write
/// ([`has_word_known_through`]), in a line with [`FEW_NON_ASCII_1250`] non-ASCII characters or,
/// if a windows-1250 language's function word stands among its words,
/// [`NON_ASCII_1250_AMONG_WORDS`].
fn has_word_known_through_1250(line: &str) -> bool {
    // (The function words are looked for last: most lines have no such word to read.)
    has_word_known_through(
        line,
        windows_1250_through_1252(),
        NON_ASCII_1250_AMONG_WORDS,
    ) && (non_ascii_chars(line) <= FEW_NON_ASCII_1250 || has_central_european_function_word(line))
}

/// The non-ASCII characters of `line` (its UTF-8 lead bytes).
fn non_ascii_chars(line: &str) -> usize {
    line.bytes().filter(|&b| b >= 0xC0).count()
}

/// The most non-ASCII characters of a line in which [`has_word_known_through`] reads a word of a
/// small letter and a capital as a common two-letter word: a short string (two such words).
const FEW_NON_ASCII_TWO_LETTER_WORD: usize = 4;

/// The fewest letters of a word in capitals that [`has_word_known_through`] reads as another.
const CAPITALS_WORD_MIN_LETTERS: usize = 4;

/// Whether a word of `line` that the languages do not write reads, with its letters taken back
/// through `retabling`, as one they do (èíslo as číslo, listê as listę through windows-1250, ДМС
/// as для through KOI8-R): one changed letter a word moves the letter statistics too little for
/// the gate, and a word in capitals may be an abbreviation, but a known word
/// ([`word_known`], of [`KNOWN_WORD_MIN_LETTERS`] letters and more) is a sign.
/// Only lines with at most `few` non-ASCII characters are looked at.
fn has_word_known_through(line: &str, retabling: &Retabling, few: usize) -> bool {
    let bytes = line.as_bytes();
    if non_ascii_chars(line) > few {
        return false;
    }
    let mut done = 0;
    // Whether two-letter known words count in the line: asked once, not once a word.
    let mut mixed_pairs_count: Option<bool> = None;
    // Only around non-ASCII characters: the ASCII between them is passed over a byte at a time.
    while let Some(offset) = bytes
        .get(done..)
        .and_then(|b| b.iter().position(|&b| b >= 0x80))
    {
        let first = done + offset;
        let mut start = first;
        while start > done && bytes[start - 1].is_ascii_alphabetic() {
            start -= 1;
        }
        let (mut end, mut letters, mut changed) = (first, first - start, false);
        while let Some(c) = line.get(end..).and_then(|rest| rest.chars().next()) {
            if c.is_ascii_alphabetic() {
                letters += 1;
            } else {
                let meant = retabling.meant(c);
                if meant.is_none() && !is_word_letter(c) {
                    break;
                }
                letters += 1;
                changed |= meant.is_some();
            }
            end += c.len_utf8();
        }
        // A word of a small letter and a capital in a short string that reads as a common
        // two-letter word (оЕ as Не through KOI8-R, уН as См), where it is no such word as it
        // stands: the word is the evidence two letters' pairs cannot give.
        if changed && letters == 2 && non_ascii_chars(line) <= FEW_NON_ASCII_TWO_LETTER_WORD {
            let word = &line[start..end];
            let read: String = word
                .chars()
                .map(|c| retabling.meant(c).unwrap_or(c))
                .collect();
            if is_case_swapped_two_letter_word(word, &read) {
                return true;
            }
        }
        let mixed_pair = is_mixed_pair(&line[start..end])
            && *mixed_pairs_count.get_or_insert_with(|| counts_mixed_pairs(line));
        if changed && (letters >= KNOWN_WORD_MIN_LETTERS as usize || mixed_pair) {
            let word = &line[start..end];
            let read = || word.chars().map(|c| retabling.meant(c).unwrap_or(c));
            // (Not small letters read as capitals: a fragment of another language's words reads
            // so by chance, оеф as НЕТ.)
            let to_capitals =
                !word.chars().any(char::is_uppercase) && !read().any(char::is_lowercase);
            // (Nor a short word in capitals: an abbreviation, ДМС, may read as one, для.)
            let short_capitals =
                !word.chars().any(char::is_lowercase) && letters < CAPITALS_WORD_MIN_LETTERS;
            let known_as_shown = word.chars().all(is_word_letter) && word_known(word.chars());
            let skip = to_capitals || short_capitals || known_as_shown;
            if !skip && word_known(read()) {
                return true;
            }
        }
        // Past the word, or past the character that is no part of one.
        done = if end > first {
            end
        } else {
            first + line[first..].chars().next().map_or(1, char::len_utf8)
        };
    }
    false
}

/// The most CJK letters in a row that a CJK decoder makes of the accented letters of a Latin
/// word (two for éé, créée); a longer run glued to a Latin word is CJK text (Linux系统, UTF-8로
/// 저장 are not signs, caf茅 is).
const GLUED_RUN_MAX: usize = 2;

/// Whether the run of CJK letters `rest` starts with is at most [`GLUED_RUN_MAX`] long and, if
/// it is that long, a Latin letter follows it (cr茅茅e): the run an accented letter or two glued
/// to a Latin word makes (caf茅, M체nster), unless it is a Korean particle (killall은: UTF-8 read
/// as EUC-KR makes no particle of an accented letter).
fn glued_run_is_short(rest: &str) -> bool {
    let run = rest.chars().take_while(|&c| is_cjk_letter(c)).count();
    // A Korean particle or ending after a Latin word (killall은, xz는, UTF-8로) is Korean.
    if run == 1 && rest.chars().next().is_some_and(is_korean_word_ending) {
        return false;
    }
    run < GLUED_RUN_MAX
        || (run == GLUED_RUN_MAX
            && rest
                .chars()
                .nth(run)
                .is_some_and(|c| c.is_ascii_alphabetic()))
}

/// A character class of [`quickly_clean`]: one the quick gate cannot decide alone.
const QUICK_DEFER: u8 = 0;

/// CJK punctuation and fullwidth forms that are no sign of anything.
const QUICK_NEUTRAL: u8 = 1;

/// A kana, Han or Hangul letter cheaper than [`SUSPICIOUS_COST`] − 1.
const QUICK_COMMON: u8 = 2;

/// A kana, Han or Hangul letter that costs [`SUSPICIOUS_COST`] − 1 (merely common).
const QUICK_UNCOMMON: u8 = 3;

/// Flag: a Han character.
const QUICK_HAN: u8 = 4;

/// Flag: a Hangul syllable.
const QUICK_HANGUL: u8 = 8;

/// Both flags at once: a Han character that Big5 or GBK shows for a kana of the other
/// ([`kana_shapes`]). (Han and Hangul exclude each other: the two bits hold four
/// kinds of letter.)
const QUICK_KANA_SHAPED_HAN: u8 = QUICK_HAN | QUICK_HANGUL;

/// The bits of [`QUICK_HAN`] and [`QUICK_HANGUL`].
const QUICK_KIND: u8 = QUICK_HAN | QUICK_HANGUL;

/// The first code point of [`quick_classes`]; every character before it is deferred.
const QUICK_START: u32 = 0x3000;

/// The flags of [`utf8_pair_shapes`], kept in the upper half of a quick class.
const QUICK_PAIR_SHIFT: u32 = 4;

/// A run of characters that windows-1252 shows for EUC-KR's Hangul syllables, followed one
/// character at a time: a lead byte 0xB0..=0xC8 (°, ±, … ¿, À … È) and a trail byte
/// 0xA1..=0xFE, in pairs. Two syllables in a row (저자 as ÀúÀÚ) are a sign: a word of Latin-1
/// letters alone is rare, and one of capitals from À to È each before another letter rarer
/// still (windows-1251's Cyrillic capitals read so run on in capitals, ÀÁÂ).
#[derive(Clone, Copy, Default)]
struct HangulShapeRun {
    /// Whole syllables so far, and whether a lead byte's character waits for its trail.
    syllables: u32,
    lead_pending: bool,
}

impl HangulShapeRun {
    /// Takes the next non-ASCII character, as the byte windows-1252 shows it for
    /// ([`windows_1252_byte`]); true once the run holds [`HANGUL_SHAPE_RUN`] syllables.
    pub(super) fn push(&mut self, byte: Option<u8>) -> bool {
        if self.lead_pending {
            if byte.is_some_and(is_euc_kr_hangul_trail) {
                self.syllables += 1;
                self.lead_pending = false;
                return self.syllables >= HANGUL_SHAPE_RUN;
            }
            *self = HangulShapeRun::default();
        }
        self.lead_pending = byte.is_some_and(is_euc_kr_hangul_lead);
        false
    }
}

/// The byte windows-1252 shows as `c`, for the characters of its high half (without a table
/// search: the gate asks it of every non-ASCII character).
pub(super) fn windows_1252_byte(c: char) -> Option<u8> {
    Some(match u32::from(c) {
        // (The five bytes windows-1252 leaves undefined are shown as their C1 controls.)
        cp @ (0xA0..=0xFF | 0x81 | 0x8D | 0x8F | 0x90 | 0x9D) => return u8::try_from(cp).ok(),
        0x20AC => 0x80,
        0x201A => 0x82,
        0x0192 => 0x83,
        0x201E => 0x84,
        0x2026 => 0x85,
        0x2020 => 0x86,
        0x2021 => 0x87,
        0x02C6 => 0x88,
        0x2030 => 0x89,
        0x0160 => 0x8A,
        0x2039 => 0x8B,
        0x0152 => 0x8C,
        0x017D => 0x8E,
        0x2018 => 0x91,
        0x2019 => 0x92,
        0x201C => 0x93,
        0x201D => 0x94,
        0x2022 => 0x95,
        0x2013 => 0x96,
        0x2014 => 0x97,
        0x02DC => 0x98,
        0x2122 => 0x99,
        0x0161 => 0x9A,
        0x203A => 0x9B,
        0x0153 => 0x9C,
        0x017E => 0x9E,
        0x0178 => 0x9F,
        _ => return None,
    })
}

/// Whether `rest` starts with what windows-1252 shows for two Shift_JIS double-byte
/// characters in a row: a lead byte (0x81..=0x9F, 0xE0..=0xEF) and a trail (0x40..=0x7E,
/// 0x80..=0xFC, an ASCII letter or symbol among them), twice (倉澤 as ‘qàV). Clean text seldom
/// has two such pairs back to back: its leads are punctuation and small accented letters, each
/// mostly followed by ASCII that no lead follows. Two pairs that are each an accented letter
/// and an ASCII letter are a Latin word's syllables, no sign (élément, käyttäjän, jižní): the
/// Shift_JIS text they would be is two JIS level-2 kanji without any kana or level-1 kanji
/// beside them, whose leads windows-1252 shows as punctuation.
pub(super) fn starts_two_shift_jis_pairs(rest: &str) -> bool {
    let lead = |c: char| {
        // (Whether the lead is a letter: à..ï, and windows-1252's ƒ Š Œ Ž š œ ž Ÿ.)
        windows_1252_byte(c)
            .filter(|b| matches!(b, 0x81..=0x9F | 0xE0..=0xEF))
            .map(|b| {
                matches!(
                    b,
                    0xE0..=0xEF | 0x83 | 0x8A | 0x8C | 0x8E | 0x9A | 0x9C | 0x9E | 0x9F
                )
            })
    };
    let trail = |c: char| match u32::from(c) {
        0x40..=0x7E => true,
        _ if c.is_ascii() => false,
        _ => windows_1252_byte(c).is_some_and(|b| matches!(b, 0x80..=0xFC)),
    };
    let mut chars = rest.chars();
    // Whether the next two characters are a pair, and whether it is a Latin letter pair.
    // (The lead first: most characters are none, and the rest is not read.)
    let mut pair = || {
        let latin_lead = chars.next().and_then(lead)?;
        let t = chars.next().filter(|&t| trail(t))?;
        Some(latin_lead && t.is_ascii_alphabetic())
    };
    match pair() {
        Some(first_latin) => pair().is_some_and(|second_latin| !(first_latin && second_latin)),
        None => false,
    }
}

/// Whether `rest` starts with what windows-1252 shows for two of Big5's kana in a row, one of
/// them at least with an ASCII trail byte: a lead 0xC6 or 0xC7 (Æ, Ç) and a trail 0x40..=0x7E
/// or 0xA1..=0xFE, twice (すみません as Ç@ÇfÇeÇBÇz; two with trails from 0xA1 on are
/// [`HangulShapeRun`]'s shape already). Latin text writes Ç before a small letter as a word's
/// first (Ça, Çok) and never twice so in a row; Turkish capitals may (ÇOÇUK), so where both
/// trails are capitals a third pair is asked for.
pub(super) fn starts_big5_kana_pairs(rest: &str) -> bool {
    // The trail of a pair, if the two characters are one: whether it is ASCII, and whether a
    // capital letter.
    let pair = |lead: Option<char>, trail: Option<char>| -> Option<(bool, bool)> {
        if !matches!(lead, Some('Æ' | 'Ç')) {
            return None;
        }
        let trail = trail?;
        match u32::from(trail) {
            0x40..=0x7E => Some((true, trail.is_ascii_uppercase())),
            _ => windows_1252_byte(trail)
                .filter(|b| *b >= 0xA1)
                .map(|_| (false, false)),
        }
    };
    let mut chars = rest.chars();
    let mut next_pair = || pair(chars.next(), chars.next());
    let Some((first_ascii, first_capital)) = next_pair() else {
        return false;
    };
    let Some((second_ascii, second_capital)) = next_pair() else {
        return false;
    };
    (first_ascii || second_ascii) && (!(first_capital && second_capital) || next_pair().is_some())
}

/// Whether `rest`, after `prev`, starts with a word of two characters that windows-1252 shows
/// for a Japanese particle in Big5 (chage ÇV lastday for は): Ç and an ASCII trail byte between
/// spaces, which no Latin text writes as a word.
pub(super) fn is_lone_big5_particle(prev: Option<char>, rest: &str) -> bool {
    let mut chars = rest.chars();
    let (Some('Ç'), Some(trail), after) = (chars.next(), chars.next(), chars.next()) else {
        return false;
    };
    let word = prev.is_none_or(|p| p == ' ') && after.is_none_or(|a| matches!(a, ' ' | '\n'));
    if !word || !(0x40..=0x7E).contains(&u32::from(trail)) {
        return false;
    }
    let mut shown = String::new();
    crate::decode::decode_lossy(Charset::BIG5, &[0xC7, trail as u8], &mut shown);
    let mut shown = shown.chars();
    matches!((shown.next(), shown.next()), (Some(c), None) if super::is_japanese_clause_particle(c))
}

/// Whether `rest`, after `prev`, starts with what windows-1252 shows for a Korean particle in
/// EUC-KR glued to the end of an ASCII word, number or bracket (killallÀº for killall은,
/// 150MiB¿Í for 150MiB와, (1)ÀÇ for (1)의): two symbols or capitals after a small ASCII letter
/// or digit, ending the word, which no Latin text writes so.
pub(super) fn is_glued_korean_particle(prev: Option<char>, rest: &str) -> bool {
    let mut chars = rest.chars();
    let (Some(lead), Some(trail), after) = (chars.next(), chars.next(), chars.next()) else {
        return false;
    };
    let glued = prev.is_some_and(|p| p.is_ascii_alphanumeric() || p == ')');
    let (Some(lead), Some(trail)) = (windows_1252_byte(lead), windows_1252_byte(trail)) else {
        return false;
    };
    if !glued
        || !is_euc_kr_hangul_lead(lead)
        || !is_euc_kr_hangul_trail(trail)
        || after.is_some_and(char::is_alphanumeric)
    {
        return false;
    }
    let mut shown = String::new();
    crate::decode::decode_lossy(Charset::EUC_KR, &[lead, trail], &mut shown);
    let mut shown = shown.chars();
    matches!((shown.next(), shown.next()), (Some(c), None) if crate::fix::words::is_korean_particle(c))
}

/// Whether `b` is the lead byte of one of EUC-KR's Hangul syllables (KS X 1001's rows 16 to 40).
pub(super) fn is_euc_kr_hangul_lead(b: u8) -> bool {
    (0xB0..=0xC8).contains(&b)
}

/// Whether `b` is the trail byte of one of EUC-KR's Hangul syllables.
pub(super) fn is_euc_kr_hangul_trail(b: u8) -> bool {
    (0xA1..=0xFE).contains(&b)
}

/// The EUC-KR syllables in a row ([`HangulShapeRun`]) that are a sign.
const HANGUL_SHAPE_RUN: u32 = 2;

/// The legacy CJK charsets whose two-byte characters can be a whole two-byte UTF-8 sequence
/// (a lead 0xC2..=0xDF and a continuation byte): the flags of [`utf8_pair_shapes`], in order.
/// (Shift_JIS reads those lead bytes as halfwidth katakana, a sign of its own.)
const PAIR_SHAPE_CHARSETS: [Charset; 4] = [
    Charset::GBK,
    Charset::BIG5,
    Charset::EUC_KR,
    Charset::EUC_JP,
];

/// A whole run of this many CJK letters or more, each what one of [`PAIR_SHAPE_CHARSETS`] shows
/// for a two-byte UTF-8 sequence, is a sign: Cyrillic, Greek or accented Latin read with a CJK
/// decoder (肖邪泄谢 for Файл: each word a run of its own, between spaces or punctuation).
/// Clean CJK text has three such letters in a row in many a long line, but seldom a whole run
/// (a clause, a word between spaces) of nothing else, or [`PAIR_SHAPE_ROW`] in a row.
const PAIR_SHAPE_RUN: u32 = 3;

/// The letters in a row, each what the same charset of [`PAIR_SHAPE_CHARSETS`] shows for a
/// two-byte UTF-8 sequence, that are a sign within a longer run too. (4 → 5: clean Chinese writes
/// four of its commonest in a row, 了与其他 through EUC-JP, 某些系统 through GBK, and its long
/// lines were searched for them; the evaluation, full and short, and CLDR are unchanged.)
const PAIR_SHAPE_ROW: u32 = 5;

/// The most CJK letters a line may hold for [`PAIR_SHAPE_RUN`] of them in a row, inside a longer
/// run, to be a sign: in a short string they are seldom chance (and catch some GBK read as Big5,
/// which shows no other sign), in a long line of clean text they often are.
const PAIR_SHAPE_SHORT_LINE: u32 = 12;

/// For a character from [`QUICK_START`] on, one bit per charset of [`PAIR_SHAPE_CHARSETS`]: set
/// where that charset shows the character, a Han or Hangul letter, for a two-byte UTF-8
/// sequence. (Big5 shows some for katakana, which clean Japanese is full of.)
fn utf8_pair_shapes(c: char) -> u8 {
    use std::sync::OnceLock;
    static TABLE: OnceLock<Vec<u8>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut table = vec![0u8; (0x10000 - QUICK_START) as usize];
        let mut out = String::new();
        for (bit, charset) in PAIR_SHAPE_CHARSETS.iter().enumerate() {
            for lead in 0xC2u8..=0xDF {
                for trail in 0x80u8..=0xBF {
                    out.clear();
                    crate::decode::decode_lossy(*charset, &[lead, trail], &mut out);
                    let mut chars = out.chars();
                    if let (Some(shown), None) = (chars.next(), chars.next())
                        && let Some(at) = u32::from(shown).checked_sub(QUICK_START)
                        && let Some(flags) = table.get_mut(at as usize)
                        && (is_han(shown) || is_hangul(shown))
                    {
                        *flags |= 1 << bit;
                    }
                }
            }
        }
        table
    });
    u32::from(c)
        .checked_sub(QUICK_START)
        .and_then(|at| table.get(at as usize))
        .copied()
        .unwrap_or(0)
}

/// A run of CJK letters, followed one character at a time, and whether a legacy CJK charset could
/// show all of them for two-byte UTF-8 sequences (see [`PAIR_SHAPE_RUN`]). A run or row with
/// the shape counts only where its letters pair as the languages write more seldom than not
/// ([`pairs_are_strange`]): Chinese words have the shape by chance (系统, whose GBK bytes are
/// the UTF-8 of ϵͳ; 是已经加密了的), where another alphabet's words read so make no pair the
/// languages write (肖邪泄谢 for Файл).
#[derive(Clone, Copy, Default)]
struct PairShapeRun {
    /// The charsets for which every letter of the run so far has the shape (none once a letter
    /// had it for none of them), and where in the line the run starts.
    pub(super) shapes: u8,
    pub(super) len: u32,
    start: usize,
    /// The charsets for which the letters at the end of the run have the shape, whatever
    /// came before them, how many letters those are, where they start, and whether their
    /// pairs were strange when the row reached [`PAIR_SHAPE_RUN`] and [`PAIR_SHAPE_ROW`]
    /// letters (asked once each, so that the gate stays linear in the line).
    row_shapes: u8,
    row_len: u32,
    row_start: usize,
    row_strange: bool,
    /// Whether [`PAIR_SHAPE_RUN`] letters in a row have been seen anywhere in the line: a sign
    /// in a line of few CJK letters ([`PAIR_SHAPE_SHORT_LINE`]), where it is seldom chance.
    pub(super) short_line_row: bool,
    /// Whole runs of the line so far of two letters with the shape, and the other runs.
    pairs: u32,
    other_runs: u32,
}

impl PairShapeRun {
    /// Takes the character at `at` in `line`: `Some` with its [`utf8_pair_shapes`] for a CJK
    /// letter, `None` for anything else, which ends the run. Tells whether a run that ended
    /// here, or the row up to here, was a sign.
    #[inline]
    pub(super) fn push(&mut self, letter: Option<u8>, line: &str, at: usize) -> bool {
        match letter {
            // (Most letters have no shape: the run is then no sign as a whole, nor in a row.)
            Some(0) => {
                // (Its start is never asked: the run has the shape no more.)
                (self.shapes, self.row_shapes, self.row_len) = (0, 0, 0);
                self.len += 1;
                false
            }
            Some(shapes) => {
                if self.len == 0 {
                    (self.shapes, self.start) = (shapes, at);
                } else {
                    self.shapes &= shapes;
                }
                self.len += 1;
                let kept = self.row_shapes & shapes;
                if kept != 0 {
                    (self.row_shapes, self.row_len) = (kept, self.row_len + 1);
                } else {
                    (self.row_shapes, self.row_len, self.row_start) = (shapes, 1, at);
                }
                if self.row_len == PAIR_SHAPE_RUN || self.row_len == PAIR_SHAPE_ROW {
                    self.row_strange = pairs_are_strange(line, self.row_start, at);
                    self.short_line_row |= self.row_strange;
                }
                self.row_len >= PAIR_SHAPE_ROW && self.row_strange
            }
            None => self.end(line, at),
        }
    }

    /// Ends the run before `at` (the end of the line, too): whether it was a sign.
    #[inline]
    pub(super) fn end(&mut self, line: &str, at: usize) -> bool {
        if self.len == 0 {
            return false;
        }
        let shaped = self.shapes != 0 && self.len >= 2;
        // (The run's pairs asked only of a run with the shape.)
        let strange = shaped && pairs_are_strange(line, self.start, at);
        let sign = strange && self.len >= PAIR_SHAPE_RUN;
        let pair = strange && self.len == 2;
        *self = PairShapeRun {
            short_line_row: self.short_line_row,
            pairs: self.pairs + u32::from(pair),
            other_runs: self.other_runs + u32::from(!pair),
            ..PairShapeRun::default()
        };
        sign
    }

    /// Whether the line's CJK letters, [`PAIR_SHAPE_WORDS_MAX`] at most, all stand in whole runs
    /// of two with the shape (after [`PairShapeRun::end`]): a short string of two-letter words of
    /// another alphabet read with a CJK decoder (薪械 for не, 孝芯 卸械 for То же), to be searched.
    pub(super) fn only_pairs(&self) -> bool {
        self.pairs > 0 && self.other_runs == 0 && self.pairs <= PAIR_SHAPE_WORDS_MAX
    }
}

/// Whether the adjacent letters of `line` from `from` up to the character at `last` (included)
/// pair as the languages write ([`crate::score::cjk_pair_known`]) more seldom than not.
fn pairs_are_strange(line: &str, from: usize, last: usize) -> bool {
    let Some(run) = line.get(from..) else {
        return false;
    };
    let (mut known, mut unknown) = (0u32, 0u32);
    let mut prev: Option<char> = None;
    for (i, c) in run.char_indices() {
        if from + i > last {
            break;
        }
        if let Some(p) = prev {
            if crate::score::cjk_pair_known(p, c) {
                known += 1;
            } else {
                unknown += 1;
            }
        }
        prev = Some(c);
    }
    unknown > known
}

/// The most two-letter runs [`PairShapeRun::only_pairs`] takes.
const PAIR_SHAPE_WORDS_MAX: u32 = 2;

/// A whole run of this many CJK letters or more, each what one of Big5 and GBK shows for the
/// bytes of a kana in the other ([`kana_shapes`]), is a sign: Japanese text in GBK read as
/// Big5, whose kana come out as Big5's commonest ideographs (ファイル as 白央奶伙, この as
/// 仇及), or in Big5 read as GBK (コマンド as 钳勤秋桥), which shows no other sign. Clean Chinese
/// writes two of Big5's as a run of their own in about one line of a hundred (中文), and is
/// then only searched.
const KANA_SHAPE_RUN: u32 = 2;

/// The letters in a row, each what the same charset shows for a kana of the other, that are a
/// sign within a longer run too (システムの as 扑旦氾丞及). None of 23,500 lines of clean Chinese
/// and Japanese (the man pages, the hand-written corpus, CLDR) writes four; three of Big5's are
/// in 36 of them.
const KANA_SHAPE_ROW: u32 = 4;

/// Flag of [`kana_shapes`]: Big5 shows a kana's GBK bytes as the character (the 176
/// ideographs of Big5's rows A4 and A5 from trail byte A1 on, the commonest of four and five
/// strokes: 中 文 不 之 …).
pub(super) const KANA_SHAPE_BIG5: u8 = 1;

/// Flag of [`kana_shapes`]: GBK shows a kana's Big5 bytes as the character (GB2312's level-1
/// characters of rows C6 and C7, read qi… to qu…: 起 前 情 清 …, and GBK extension characters).
pub(super) const KANA_SHAPE_GBK: u8 = 2;

/// For a unified ideograph, which of Big5 and GBK show a kana's (or the long vowel mark's)
/// bytes in the other as it ([`KANA_SHAPE_BIG5`], [`KANA_SHAPE_GBK`]). Looked up in a table
/// of the unified ideographs, built once from the decoders.
pub(super) fn kana_shapes(c: char) -> u8 {
    use std::sync::OnceLock;
    const FIRST: u32 = 0x4E00;
    const END: u32 = 0xA000;
    static TABLE: OnceLock<Vec<u8>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut table = vec![0u8; (END - FIRST) as usize];
        let (mut bytes, mut shown) = (Vec::new(), String::new());
        for (flag, kana_charset, shown_charset) in [
            (KANA_SHAPE_BIG5, Charset::GBK, Charset::BIG5),
            (KANA_SHAPE_GBK, Charset::BIG5, Charset::GBK),
        ] {
            for kana in '\u{3041}'..='\u{30FF}' {
                bytes.clear();
                let mut utf8 = [0; 4];
                if kana_charset
                    .encode_strict(kana.encode_utf8(&mut utf8), &mut bytes)
                    .is_err()
                {
                    continue;
                }
                shown.clear();
                crate::decode::decode_lossy(shown_charset, &bytes, &mut shown);
                let mut chars = shown.chars();
                if let (Some(c), None) = (chars.next(), chars.next())
                    && let Some(at) = u32::from(c).checked_sub(FIRST)
                    && let Some(flags) = table.get_mut(at as usize)
                {
                    *flags |= flag;
                }
            }
        }
        table
    });
    u32::from(c)
        .checked_sub(FIRST)
        .and_then(|at| table.get(at as usize))
        .copied()
        .unwrap_or(0)
}

/// A run of CJK letters, followed one character at a time, and whether its letters are what
/// Big5 or GBK shows for the other's kana (see [`KANA_SHAPE_RUN`] and [`KANA_SHAPE_ROW`]). The
/// letters are taken as shaped or not, whichever charset's shape; a run or row that may be a
/// sign is then read again ([`kana_shaped_run`]: few are).
#[derive(Clone, Copy, Default)]
struct KanaShapeRun {
    /// Letters in the run, how many of them have a shape, and how many at its end do.
    len: u32,
    shaped: u32,
    row: u32,
    /// Where the run and the row at its end start in the line.
    start: usize,
    row_start: usize,
}

impl KanaShapeRun {
    /// Takes the next character, at byte `at` of `line`: `Some` with whether it has a shape
    /// for a CJK letter, `None` for anything else, which ends the run. Tells whether that made
    /// a sign.
    #[inline]
    fn push(&mut self, letter: Option<bool>, line: &str, at: usize) -> bool {
        match letter {
            Some(shape) => self.push_letter(shape, line, at),
            None => self.end(line, at),
        }
    }

    /// Takes the next CJK letter, at byte `at` of `line`, and whether it has a shape (without a
    /// branch but for a row long enough: the gate's fast path takes every letter of clean CJK
    /// text here).
    #[inline]
    fn push_letter(&mut self, shape: bool, line: &str, at: usize) -> bool {
        self.start = if self.len == 0 { at } else { self.start };
        self.row_start = if self.row == 0 { at } else { self.row_start };
        let shape = u32::from(shape);
        self.len += 1;
        self.shaped += shape;
        self.row = (self.row + 1) * shape;
        self.row >= KANA_SHAPE_ROW && kana_shaped_run(line, self.row_start, at, false)
    }

    /// Ends the run at byte `end` of `line` (at the end of the line, too): whether it was a
    /// sign.
    #[inline]
    fn end(&mut self, line: &str, end: usize) -> bool {
        // (Most ends are of no run: every ASCII character ends one.)
        if self.len == 0 {
            return false;
        }
        let sign = self.len >= KANA_SHAPE_RUN && self.shaped == self.len;
        let start = self.start;
        *self = KanaShapeRun::default();
        sign && kana_shaped_run(line, start, end, true)
    }
}

/// Whether the CJK letters of `line` from byte `start` on, up to byte `end` (`whole`: a run
/// ending there) or to the letter at `end` (a row), all have the shape of one charset's reading
/// of the other's kana, and, for a whole run, make a pair no language writes (文件 and 中文 are
/// Chinese, no sign). (Out of line: few runs get here.)
#[inline(never)]
fn kana_shaped_run(line: &str, start: usize, end: usize, whole: bool) -> bool {
    let Some(rest) = line.get(start..) else {
        return false;
    };
    let mut shapes = KANA_SHAPE_BIG5 | KANA_SHAPE_GBK;
    let (mut prev, mut unknown_pair) = (None, false);
    for (i, c) in rest.char_indices() {
        if start + i >= end + usize::from(!whole) {
            break;
        }
        shapes &= kana_shapes(c);
        unknown_pair |= prev.is_some_and(|p| !score::cjk_pair_known(p, c));
        prev = Some(c);
    }
    shapes != 0 && (!whole || unknown_pair)
}

/// The class of every BMP character from [`QUICK_START`] on, worked out once from the same
/// costs and tables [`suspicion`] uses: a letter of CJK text, neutral punctuation, or to be
/// deferred (a character dear enough to be a sign alone, one that a single-byte charset shows
/// for a UTF-8 lead byte, a letter of the letter-pair model, anything else).
fn quick_classes() -> &'static [u8] {
    use std::sync::OnceLock;
    static TABLE: OnceLock<Vec<u8>> = OnceLock::new();
    TABLE.get_or_init(|| {
        (QUICK_START..0x10000)
            .map(|cp| {
                let Some(c) = char::from_u32(cp) else {
                    return QUICK_DEFER;
                };
                let cost = char_cost(c).0;
                if c == '\u{FFFD}'
                    || cost >= SUSPICIOUS_COST
                    || is_lead_somewhere(c)
                    || letter_symbol(Some(c)) >= FIRST_KNOWN_LETTER
                {
                    QUICK_DEFER
                } else if is_cjk_letter(c) {
                    let class = if cost + 1 >= SUSPICIOUS_COST {
                        QUICK_UNCOMMON
                    } else {
                        QUICK_COMMON
                    };
                    class
                        | if kana_shapes(c) != 0 {
                            QUICK_KANA_SHAPED_HAN
                        } else if is_han(c) {
                            QUICK_HAN
                        } else if is_hangul(c) {
                            QUICK_HANGUL
                        } else {
                            0
                        }
                        | (utf8_pair_shapes(c) << QUICK_PAIR_SHIFT)
                } else if matches!(cp, 0x3000..=0x303F | 0xFF00..=0xFFEF) {
                    QUICK_NEUTRAL
                } else {
                    QUICK_DEFER
                }
            })
            .collect()
    })
}

/// The fast path of the gate for lines of CJK text: true only if [`suspicion`] would find no
/// sign in `line` (nor [`has_lost_a0_shape`](super::recovery::has_lost_a0_shape) a lost 0xA0), decided byte by byte over lines
/// made of ASCII and the three-byte characters of [`quick_classes`]. Any other character,
/// and every pattern that is a sign (a CJK letter glued to an ASCII letter, Han beside Hangul,
/// '?' after a CJK character, too many merely common letters), leaves the line to
/// [`suspicion`].
pub(super) fn quickly_clean(line: &str) -> bool {
    let bytes = line.as_bytes();
    let classes = quick_classes();
    let (mut cjk, mut uncommon, mut ascii_letters) = (0u32, 0u32, 0u32);
    // The class of the previous character: 0 for ASCII other than letters and '?', the two
    // constants below for those, else its quick class.
    const ASCII_LETTER: u8 = 0x80;
    const QUESTION_MARK: u8 = 0x40;
    let mut prev = 0u8;
    let mut pair_run = PairShapeRun::default();
    let mut kana_run = KanaShapeRun::default();
    // The code point of the previous character if it was a three-byte one, else 0.
    let mut prev_cp = 0u32;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if pair_run.end(line, i) | kana_run.end(line, i) {
                return false;
            }
            prev_cp = 0;
            // (The two ASCII classes have no bit of the CJK classes or flags.)
            let prev_cjk = prev & 3 >= QUICK_COMMON;
            if (b == b'?' && prev != 0 && prev != ASCII_LETTER && prev != QUESTION_MARK)
                || (b.is_ascii_alphabetic() && prev_cjk)
            {
                return false;
            }
            prev = match b {
                b'?' => QUESTION_MARK,
                _ if b.is_ascii_alphabetic() => ASCII_LETTER,
                _ => 0,
            };
            ascii_letters += u32::from(prev == ASCII_LETTER);
            i += 1;
            continue;
        }
        if prev == QUESTION_MARK {
            // '?' right before a non-ASCII character: a lost byte's placeholder.
            return false;
        }
        let (Some(&b1), Some(&b2)) = (bytes.get(i + 1), bytes.get(i + 2)) else {
            return false;
        };
        if !(0xE3..=0xEF).contains(&b) {
            return false;
        }
        let cp = (u32::from(b & 0x0F) << 12) | (u32::from(b1 & 0x3F) << 6) | u32::from(b2 & 0x3F);
        let Some(&class) = cp
            .checked_sub(QUICK_START)
            .and_then(|at| classes.get(at as usize))
        else {
            return false;
        };
        if class == QUICK_DEFER {
            return false;
        }
        // A small kana where Japanese writes none (after the character before it, if that
        // was one of these three-byte ones).
        if (0x3041..=0x30FA).contains(&cp)
            && let Some(c) = char::from_u32(cp)
            && small_kana_stranded(char::from_u32(prev_cp), c)
        {
            return false;
        }
        prev_cp = cp;
        let letter = class & 3 >= QUICK_COMMON;
        let sign = if letter {
            pair_run.push(Some(class >> QUICK_PAIR_SHIFT), line, i)
                | kana_run.push_letter(class & QUICK_KIND == QUICK_KANA_SHAPED_HAN, line, i)
        } else {
            pair_run.end(line, i) | kana_run.end(line, i)
        };
        if sign {
            return false;
        }
        if class & 3 >= QUICK_COMMON {
            let han = |class: u8| class & QUICK_HAN != 0;
            let hangul = |class: u8| class & QUICK_KIND == QUICK_HANGUL;
            let han_hangul = (han(class) && hangul(prev)) || (hangul(class) && han(prev));
            if prev == ASCII_LETTER || han_hangul {
                return false;
            }
            cjk += 1;
            uncommon += u32::from(class & 3 == QUICK_UNCOMMON);
        }
        prev = class;
        i += 3;
    }
    if pair_run.end(line, line.len())
        || (pair_run.short_line_row && cjk <= PAIR_SHAPE_SHORT_LINE)
        || kana_run.end(line, line.len())
        || pair_run.only_pairs()
    {
        return false;
    }
    let share = if cjk <= 4 { 3 } else { 2 };
    // (Lone CJK letters among Latin words need the ASCII letters `suspicion` asks for first.)
    let latin_with_lone_cjk =
        || enough_letters_for_lone_cjk(ascii_letters, cjk) && is_latin_with_lone_cjk(line);
    !(cjk > 0 && (uncommon * share >= cjk || latin_with_lone_cjk()))
}

/// Whether a line of `ascii_letters` ASCII letters and `cjk` CJK letters has letters enough
/// for [`is_latin_with_lone_cjk`] to ask about: [`LONE_CJK_MIN_LETTERS`] a CJK letter, or any
/// for one (a short string of function words, non 猫, may be all there is).
fn enough_letters_for_lone_cjk(ascii_letters: u32, cjk: u32) -> bool {
    ascii_letters as usize >= LONE_CJK_MIN_LETTERS * cjk as usize || (cjk == 1 && ascii_letters > 0)
}

/// Whether `c` (at the start of `rest`) is Spanish ¿ or ¡ opening a clause: at the start of a
/// word (after nothing, a space, an opening bracket or quote, a dash) and before a letter
/// (¿Dónde, ¡Hola). Alone,
/// such a Latin-1 symbol is a sign of mojibake; there it is what Spanish writes.
pub(super) fn opens_spanish_clause(prev: Option<char>, c: char, rest: &str) -> bool {
    let mut after = rest.chars().skip(1);
    let next = after.next();
    // (A word of one letter after it must be one Spanish has alone: ¿Y tú?, ¿A qué hora?; ¿e
    // is Polish że read with windows-1252.)
    let one_letter_word = after.next().is_none_or(|n| !n.is_alpha());
    matches!(c, '¿' | '¡')
        && prev.is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '"' | '\'' | '«' | '—'))
        && next.is_some_and(|n| {
            (n.is_ascii_alphabetic() || (n.is_alpha() && char_cost(n).1 == Script::LatinAccented))
                && !(one_letter_word && matches!(n, 'e' | 'E'))
        })
}

/// What single-byte text read with another single-byte table looks like, gathered over the pairs
/// of neighbouring non-ASCII characters (runs of them are what such a reading leaves; a lone
/// accented letter among ASCII ones, niño, says little): a lower-case Cyrillic letter followed
/// by an upper-case one (KOI8-R read as windows-1251 swaps the cases: уЕЗПДОС for Сегодня), or
/// letter pairs as surprising on average as no running text is (Ïðèâåò).
#[derive(Default)]
struct RetableShape {
    pub(super) bits: u32,
    pub(super) pairs: u32,
    /// The pairs of lone letters with ASCII ones ([`RetableShape::lone_letter_pair`]), which
    /// count only in a line without a letter neither re-tabled chain's wrong table shows.
    lone_bits: u32,
    lone_pairs: u32,
    /// A letter beside an ASCII one that no re-tabled chain's wrong table shows (Czech ř, ů):
    /// the line was written as it stands.
    unshowable: bool,
    /// Lone letters among ASCII ones whose triple with their neighbours the text writes, and
    /// those whose triple it does not ([`RetableShape::lone_letter_triple`]).
    known_triples: u32,
    unknown_triples: u32,
    /// The same for the letters of words of non-ASCII letters ([`RetableShape::run_triple`]).
    run_known_triples: u32,
    run_unknown_triples: u32,
    /// The line's letters, for [`alphabets::LineLetters::witness`].
    pub(super) letters: alphabets::LineLetters,
}

impl RetableShape {
    /// Notes what non-ASCII `c` says of a windows-1250 text read as windows-1252.
    fn note_1250(&mut self, c: char) {
        if (c as u32) < 0x180 {
            self.letters.add(c);
        } else if self.letters.open() && (is_cjk_letter(c) || is_letter(c)) {
            self.letters.add_beyond();
        }
    }

    /// Counts the pair `a` `b` (`None`: the end of the line); true if it swaps cases.
    fn pair(&mut self, a: Option<char>, b: Option<char>) -> bool {
        let (sa, sb) = (letter_symbol(a), letter_symbol(b));
        if sa < FIRST_KNOWN_LETTER && sb < FIRST_KNOWN_LETTER {
            return false;
        }
        // (Punctuation every table shows alike is a boundary as ASCII's is, l’état as l'état;
        // no letter of the model is such punctuation, the cheap test first.)
        if (sa == 0 && a.is_some_and(shows_alike_in_windows_tables))
            || (sb == 0 && b.is_some_and(shows_alike_in_windows_tables))
        {
            return false;
        }
        // Only what a re-tabled reading can have left: a letter neither windows-1252 nor
        // windows-1251 shows (ż, ř, ő) was written as it is.
        if a.is_some_and(|c| !shown_by_retable_wrong(c))
            || b.is_some_and(|c| !shown_by_retable_wrong(c))
        {
            return false;
        }
        self.bits += pair_bits(a, b);
        self.pairs += 1;
        let cyrillic = |c: Option<char>| c.is_some_and(|c| ('\u{400}'..='\u{4FF}').contains(&c));
        // (KOI8-R's capitals read as windows-1251 are а..я: the Ukrainian і of КіБ, МіБ is
        // written so.)
        let ukrainian = |c: Option<char>| c.is_some_and(|c| matches!(c, 'і' | 'ї' | 'є' | 'ґ'));
        cyrillic(a)
            && cyrillic(b)
            && !ukrainian(a)
            && a.is_some_and(|a| low_flags(a) & LOW_LOWERCASE != 0)
            && b.is_some_and(|b| low_flags(b) & LOW_UPPERCASE != 0)
    }

    /// Counts the pair `a` `b` of an ASCII letter (or the end of a word after a Latin word's last
    /// letter) and `other`, the non-ASCII one of the two: the pairs a lone accented letter makes
    /// inside a word (naèinu for načinu through
    /// windows-1252), the gate's hottest path in Latin-script text.
    fn lone_letter_pair(&mut self, a: Option<char>, b: Option<char>, other: char) {
        if letter_symbol(Some(other)) == 0 && shows_alike_in_windows_tables(other) {
            return;
        }
        if shown_by_retable_wrong(other) {
            self.lone_bits += pair_bits(a, b);
            self.lone_pairs += 1;
        } else if !self.unshowable {
            // (A letter of the pair model is a letter: the slow Unicode lookup only for the rest.)
            self.unshowable = letter_symbol(Some(other)) != 0 || other.is_alpha();
        }
    }

    /// Counts the triple of `c`, a non-ASCII character among ASCII ones, with its neighbours
    /// (`None` or a non-letter: a word boundary), if windows-1252 or windows-1251 shows it.
    fn lone_letter_triple(&mut self, prev: Option<char>, c: char, next: Option<char>) {
        // (Every letter the two tables show is below the pair model's limit: a cheap test first;
        // a letter of the pair model is a letter, the slow Unicode lookup only for the rest.)
        if u32::from(c) < crate::bigrams::LETTER_LIMIT
            && shown_by_retable_wrong(c)
            && (letter_symbol(Some(c)) != 0 || c.is_alpha())
        {
            if letter_triple_known(prev, c, next) {
                self.known_triples += 1;
            } else if !c.is_ascii() && alphabets::windows_1250_reads_other(c) {
                // (Only a letter windows-1250 reads otherwise can be its mistake: Finnish
                // Nämä in triples the model never saw reads the same through both tables.)
                self.unknown_triples += 1;
            }
        }
    }

    /// Counts the triple of `b`, a non-ASCII letter after another (`a`) in a word, with its
    /// neighbours (a non-letter is a word boundary), if it is a letter of the pair model.
    fn run_triple(&mut self, a: Option<char>, b: char, c: char) {
        if letter_symbol(Some(b)) >= FIRST_KNOWN_LETTER && shown_by_retable_wrong(b) {
            if letter_triple_known(a, b, Some(c)) {
                self.run_known_triples += 1;
            } else {
                self.run_unknown_triples += 1;
            }
        }
    }

    /// Lone letters in triples the text does not write, more of them than in triples it does:
    /// a single-byte text read with a neighbouring table (windows-1250 as windows-1252).
    fn has_lone_letters_in_unknown_triples(&self) -> bool {
        !self.unshowable
            && (self.unknown_triples > self.known_triples
                // (Or in a line whose letters are a windows-1250 language's, whatever the
                // triples: izpiše … ujemajoèa, Pøíkaz.)
                || (self.letters.shows_other_1250_letter() && self.letters.witness()))
    }

    fn is_retable(&self) -> bool {
        // Words of non-ASCII letters in triples the text does not write, more than in ones it
        // does (clean words have next to none): a single-byte text read with another table
        // (ОШИБКИ as KOI8-R read as windows-1251, пыйвлй; ПРЕДОСТЕРЕЖЕНИЯ, ртедпуфетецеойс,
        // still makes six known triples of fourteen).
        let runs = self.run_unknown_triples >= RUN_TRIPLES_MIN
            && self.run_unknown_triples > RUN_TRIPLES_RATIO * self.run_known_triples;
        if runs {
            return true;
        }
        let lone = !self.unshowable
            && self.lone_pairs >= SHAPE_MIN_PAIRS
            && self.lone_bits * 10 >= SHAPE_LONE_MIN_MEAN * self.lone_pairs;
        // (Nor the pairs of a line that writes a letter beside an ASCII one that no wrong
        // table of a re-tabled chain shows: Turkish ilk üç beside şartlar.)
        lone || (!self.unshowable
            && self.pairs >= SHAPE_MIN_PAIRS
            && self.bits * 10 >= SHAPE_MIN_MEAN * self.pairs)
    }
}

/// Whether `c` is punctuation or a symbol that windows-1250, windows-1251 and windows-1252 all
/// show for the same byte: the punctuation every script shares ([`is_shared_punctuation`]) and
/// the no-break space, §, ©, °, ±, †, ™ and the like. No re-tabled reading changes it, so beside a
/// letter it says nothing of one (dpkg\u{A0}1.21, l’état, Note\u{A0}:).
fn shows_alike_in_windows_tables(c: char) -> bool {
    is_shared_punctuation(c)
        || matches!(
            c,
            '\u{A0}' | '†' | '‡' | '‰' | '™' | '¦' | '§' | '©' | '¬' | '®' | '°' | '±' | '¶'
        )
}

/// Whether `c` is ASCII or a character windows-1252 or windows-1251 shows for a high byte: the
/// charsets the re-tabled chains were read with.
fn shown_by_retable_wrong(c: char) -> bool {
    if (c as usize) < LOW_END {
        low_flags(c) & LOW_RETABLE_SHOWN != 0
    } else {
        shown_by_retable_wrong_slow(c)
    }
}

fn shown_by_retable_wrong_slow(c: char) -> bool {
    c.is_ascii()
        || single_byte_of(Charset::WINDOWS_1252, c).is_some()
        || single_byte_of(single!(WINDOWS_1251), c).is_some()
}

/// Letters of non-ASCII words in triples the text does not write from which a line is searched,
/// if they outnumber the letters in known triples this many times (measured: 2 → 1 repairs
/// KOI8-R read as windows-1251 96.0 → 96.9 % and searches no more clean man-page lines).
const RUN_TRIPLES_MIN: u32 = 3;

const RUN_TRIPLES_RATIO: u32 = 1;

/// Cyrillic capitals from which a line written in them alone is searched (along the re-tabled
/// chains only): KOI8-R read as windows-1251 turns small letters into capitals.
pub(super) const CAPITALS_LINE_MIN: u32 = 8;

/// The mean surprise, in tenths of a bit, of the pairs lone accented letters make with their
/// ASCII neighbours from which a line is searched (windows-1250 text read as windows-1252:
/// naèinu, bezpeènost). Measured on mixed clean Latin-script lines: at 80 (as
/// [`SHAPE_MIN_MEAN`]) one line in twenty was searched for nothing, at 90 one in 150, at 100 one
/// in 1,800; windows-1250→windows-1252 repairs 68.5, 68.1 and 66.9 %.
const SHAPE_LONE_MIN_MEAN: u32 = 100;

/// Letter pairs a line must have for their mean surprise to make it suspicious.
const SHAPE_MIN_PAIRS: u32 = 3;

/// The mean surprise of those pairs, in tenths of a bit, from which a line is searched (the
/// letters of another table: 100–180). Measured: 100 let a sixth of KOI8-R read as
/// windows-1251 through unsearched, 70 cost UTF-8 read as CJK charsets a case in 1,000; at 80
/// clean Polish and Czech lines, whose letter pairs the model saw little of, are searched too
/// (and left as they are, at search speed).
const SHAPE_MIN_MEAN: u32 = 80;

/// Whether the characters of `rest` (which starts with a non-ASCII character) are what a
/// single-byte charset shows for a UTF-8 sequence of a plausible character: the character of a
/// lead byte, then those of as many continuation bytes as the lead announces, all in the same
/// charset, together decoding to a character cheaper than [`SUSPICIOUS_COST`].
///
/// windows-1252 and ISO-8859-1, the charsets legacy CJK bytes are misread with (any high byte
/// may follow a lead there), count from a lead byte's character before any non-ASCII one. For
/// the other charsets, whose high bytes are the letters of Cyrillic, Greek, Hebrew, Arabic or
/// Thai text, the whole sequence is checked, so that clean text in those scripts is not searched
/// line after line (in cp866 most pairs of Cyrillic letters are a lead and a continuation).
fn starts_utf8_shape(before: Option<char>, rest: &str) -> bool {
    let mut chars = rest.chars();
    let (Some(p), Some(c)) = (chars.next(), chars.next()) else {
        return false;
    };
    // windows-1252 and ISO-8859-1 show every high byte, so both characters are theirs
    // (Czech áč is not: č is in neither).
    // (A lead of three or four bytes needs a continuation byte after these two: an ASCII
    // character there ends no sequence, as in Czech taktéž and zakáže, é or á before ž. A lost
    // 0xA0 read as a space has its own test, `has_lost_a0_shape`, and a lost byte shows as '?'.)
    let next = chars.clone().next();
    if ('\u{C2}'..='\u{F4}').contains(&p)
        && (is_high_byte_char(c) || c == '\u{FFFD}')
        && !is_word_letter_pair(before, p, c, next)
        && !(p >= '\u{E0}' && next.is_some_and(|n| n.is_ascii() && n != '?'))
    {
        return true;
    }
    if !is_lead_somewhere(p) {
        return false;
    }
    let find = lead_continuation_masks;
    if c == '?' || c == '\u{FFFD}' {
        return find(p).0 != 0;
    }
    // (Not a capital after a small ASCII letter: no word writes one there, and French
    // elision does, d’échange, whose ’é MacRoman shows for Armenian Վ.)
    let capital_inside =
        |decoded: char| before.is_some_and(|b| b.is_ascii_lowercase()) && decoded.is_uppercase();
    // (A sequence that shows punctuation is a sign alone if it stands for punctuation or a
    // symbol too, в„– for №, or for an everyday letter of an alphabet, Р» for л; one for a
    // letter of another script or a rare one is weighed as letters are: ХХ» is no
    // Armenian ջ, СС» no historic ѻ.)
    let weighed_as_letter = |decoded: char| {
        let (cost, script) = char_cost(decoded);
        // (The Unicode lookup last, for the few that need it.)
        let candidate = match script {
            Script::Other(_) => true,
            // (µ is a letter that Latin-1 has among its symbols: a sign.)
            Script::Symbol => false,
            _ => cost >= SUSPICIOUS_COST,
        };
        candidate && decoded.is_alpha()
    };
    let mut chains = find(p).0 & find(c).1;
    while chains != 0 {
        let index = chains.trailing_zeros() as usize;
        chains &= chains - 1;

        // One sequence is enough when it shows a symbol or punctuation (в„– for №), is glued to
        // an ASCII letter (sรธg for søg) or is a word of Latin letters (ĆØ for the word è). Other
        // letters must be followed by the next character of the same script (РџСЂ for Пр),
        // because single ones occur in clean text: cp866 shows Han as three Cyrillic letters
        // (чен for 祭), KOI8-U shows æ as ці.
        match utf8_sequence_decoded(index, rest) {
            Some((_, false, decoded))
                if !capital_inside(decoded) && !weighed_as_letter(decoded) =>
            {
                return true;
            }
            Some((_, false, decoded)) if capital_inside(decoded) => {}
            Some((len, _, decoded)) => {
                let next = rest.get(len..).unwrap_or("");
                let foreign_letter = |c: char| !c.is_ascii() && c.is_alpha();
                let latin = |c: char| matches!(char_cost(c).1, Script::LatinAccented);
                let glued_to_ascii = !capital_inside(decoded)
                    && (before.is_some_and(|b| b.is_ascii_alphabetic())
                        || next.starts_with(|n: char| n.is_ascii_alphabetic()));
                let standalone_latin = latin(p)
                    && !before.is_some_and(foreign_letter)
                    && !next.starts_with(foreign_letter);
                // (Past a zero-width non-joiner, as Persian writes between letters.)
                let following = match utf8_sequence_decoded(index, next) {
                    Some((len, _, d)) if score::is_joiner(d) => {
                        utf8_sequence_decoded(index, next.get(len..).unwrap_or(""))
                    }
                    other => other,
                };
                let same_script_follows =
                    following.is_some_and(|(_, _, d)| char_cost(d).1 == char_cost(decoded).1);
                // A capital right after a small letter inside the sequence is no word (жЏЏ for
                // 描, еЏЇ for 可 through windows-1251), though clean text has the letters.
                let shown = rest.get(..len).unwrap_or("");
                let case_break = shown
                    .chars()
                    .zip(shown.chars().skip(1))
                    .any(|(a, b)| a.is_lowercase() && b.is_uppercase());
                if glued_to_ascii || standalone_latin || same_script_follows || case_break {
                    return true;
                }
            }
            None => {}
        }
    }
    false
}

/// Whether `p` `c` are two lower-case Latin-1 letters standing alone among ASCII characters
/// and pairing as words do (secção, créé, gemäß, přihlášení): what European words hold. A
/// legacy CJK character read as windows-1252 shows two such letters only for rare Han (both bytes 0xE0 and up), and CJK text
/// has them side by side, not one among ASCII words; so the pair alone is no sign of it.
fn is_word_letter_pair(before: Option<char>, p: char, c: char, next: Option<char>) -> bool {
    let lower = |c: char| ('\u{DF}'..='\u{FF}').contains(&c) && c != '÷';
    // (Glued to an ASCII letter the pair is part of a word whatever its letters: Finnish
    // käytetään, näyttää, which the pair model saw too little of; CJK text seldom glues
    // Latin letters to its rare characters, whose bytes these two small letters are.)
    let inside_word = before.is_some_and(|b| b.is_ascii_alphabetic())
        || next.is_some_and(|n| n.is_ascii_alphabetic());
    // (Czech š and ž and French œ, the small letters windows-1252 has below 0xA0, only in a
    // pair the words write: áš, íž.)
    let below_a0 = |c: char| matches!(c, 'š' | 'ž' | 'œ');
    let known = pair_bits(Some(p), Some(c)) <= WORD_PAIR_MAX_BITS;
    // (A capital opening a word of small letters, Çökmüş, Éléments, if the pair is one the
    // words write: GBK's commonest Han read as windows-1252 pair a capital with a small
    // letter too, 你 as Äã, but stand in runs, not before ASCII letters.)
    let capital = |c: char| ('\u{C0}'..='\u{DE}').contains(&c) && c != '×';
    let opens_word = before.is_none_or(|b| !b.is_ascii_alphanumeric())
        && next.is_none_or(|n| n.is_ascii_lowercase() || !n.is_ascii_alphanumeric());
    // (Two capitals between ASCII capitals, a heading's word, DESCRIÇÃO, OPÇÕES: CJK text is
    // not glued between capitals on both sides.)
    let inside_capitals = before.is_some_and(|b| b.is_ascii_uppercase())
        && next.is_some_and(|n| n.is_ascii_uppercase());
    ((lower(p) && lower(c) && (known || inside_word))
        || (known && (lower(p) || below_a0(p)) && (lower(c) || below_a0(c)))
        || (known && capital(p) && lower(c) && opens_word)
        || (capital(p) && capital(c) && inside_capitals))
        // (Three small letters glued to an ASCII letter after them are a word's too: Turkish
        // küçük, üçüncü.)
        && before.is_none_or(|b| {
            b.is_ascii() || (lower(b) && next.is_some_and(|n| n.is_ascii_alphabetic()))
        })
        && next.is_none_or(|n| n.is_ascii())
}

/// The most surprising pair [`is_word_letter_pair`] takes for a word's (in bits; running text
/// averages 4–5, windows-1250 letters read as windows-1252, øí for ří, 10 and more).
const WORD_PAIR_MAX_BITS: u32 = 9;

/// If `text` starts with what the single-byte charset of chain `index` (UTF-8 read with it)
/// shows for the UTF-8 bytes of a character: the byte length of what it shows, whether all of
/// it is letters, and the character.
fn utf8_sequence_decoded(index: usize, text: &str) -> Option<(usize, bool, char)> {
    let low = low_bytes().get(index)?;
    let wrong = CHAINS.get(index)?.chain.wrong;
    let mut bytes = [0u8; 4];
    let mut len = 0;
    let mut need = 1;
    let mut shown_len = 0;
    let mut letters = true;
    for ch in text.chars() {
        let b = match low.get(ch as usize) {
            Some(0) => return None,
            Some(&b) => b,
            None => single_byte_of(wrong, ch)?,
        };
        if len == 0 {
            need = match b {
                0xC2..=0xDF => 2,
                0xE0..=0xEF => 3,
                0xF0..=0xF4 => 4,
                _ => return None,
            };
        } else if !(0x80..=0xBF).contains(&b) {
            return None;
        }
        bytes[len] = b;
        len += 1;
        shown_len += ch.len_utf8();
        letters &= is_letter(ch);
        if len == need {
            let decoded = std::str::from_utf8(&bytes[..len]).ok()?;
            let u = decoded.chars().next()?;
            // Letters must stand for a common character; punctuation and symbols (в„– for №,
            // »ô for ș) for anything but a character of a rare script (б’є for ᒺ in Ukrainian).
            // (And Spanish ¿ and ¡ before the word they open, whatever they show: Âż for ¿
            // through windows-1250.)
            let (cost, script) = char_cost(u);
            let opens_clause = matches!(u, '¿' | '¡')
                && text
                    .get(shown_len..)
                    .and_then(|rest| rest.chars().next())
                    .is_some_and(char::is_alphabetic);
            let plausible = cost < SUSPICIOUS_COST
                || (!letters && !matches!(script, Script::Other(_)))
                || opens_clause;
            return plausible.then_some((shown_len, letters, u));
        }
    }
    None
}

/// The byte `wrong` (a single-byte charset) shows as `c`, if any.
pub(super) fn single_byte_of(wrong: Charset, c: char) -> Option<u8> {
    use std::sync::OnceLock;
    /// Per single-byte charset: (character, byte) for its high bytes, sorted by character.
    type ByteTables = Vec<(Charset, Vec<(char, u8)>)>;
    static TABLES: OnceLock<ByteTables> = OnceLock::new();
    let tables = TABLES.get_or_init(|| {
        let mut tables: ByteTables = Vec::new();
        for spec in CHAINS.iter().filter(|s| s.chain.wrong.is_single_byte()) {
            let w = spec.chain.wrong;
            if tables.iter().any(|(x, _)| *x == w) {
                continue;
            }
            let mut map: Vec<(char, u8)> = (0x80u8..=0xFF)
                .filter_map(|b| {
                    let mut text = String::new();
                    crate::decode::decode_lossy(w, &[b], &mut text);
                    let mut chars = text.chars();
                    match (chars.next(), chars.next()) {
                        (Some(ch), None) if ch != '\u{FFFD}' => Some((ch, b)),
                        _ => None,
                    }
                })
                .collect();
            map.sort_unstable();
            tables.push((w, map));
        }
        tables
    });
    let map = &tables.iter().find(|(x, _)| *x == wrong)?.1;
    map.binary_search_by_key(&c, |&(ch, _)| ch)
        .ok()
        .map(|i| map[i].1)
}

/// Whether some single-byte charset of the chain list shows `c` for a UTF-8 lead byte: one bit
/// per BMP character, so that the text of most lines (Han, kana, Hangul, ASCII) is waved
/// through without a search.
fn is_lead_somewhere(c: char) -> bool {
    use std::sync::OnceLock;
    static BITS: OnceLock<Vec<u64>> = OnceLock::new();
    let bits = BITS.get_or_init(|| {
        let mut bits = vec![0u64; 0x10000 / 64];
        for &(ch, lead, _) in lead_continuation_table() {
            let cp = u32::from(ch) as usize;
            if lead != 0 && cp < 0x10000 {
                bits[cp / 64] |= 1 << (cp % 64);
            }
        }
        bits
    });
    let cp = u32::from(c) as usize;
    bits.get(cp / 64).is_some_and(|w| w & (1 << (cp % 64)) != 0)
}

/// Whether some single-byte charset of the chain list shows `c` for a byte of a UTF-8 sequence
/// (a lead or a continuation byte): U+0085 right after such a character is that sequence's
/// next byte, not a line break.
pub(crate) fn shows_utf8_byte(c: char) -> bool {
    !c.is_ascii() && c != '\u{FFFD}' && lead_continuation_masks(c) != (0, 0)
}

/// Characters below this have what the gate asks of them in direct tables (Latin, Greek,
/// Cyrillic, Hebrew, Arabic: the letters of the single-byte charsets).
const LOW_END: usize = 0x800;

/// Per chain (index in [`CHAINS`]), for each character below [`LOW_END`], the high byte the
/// chain's single-byte charset shows as it (0: none; empty for other chains).
fn low_bytes() -> &'static [Vec<u8>] {
    use std::sync::OnceLock;
    static TABLES: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    TABLES.get_or_init(|| {
        CHAINS
            .iter()
            .map(|spec| {
                let wrong = spec.chain.wrong;
                if !wrong.is_single_byte() {
                    return Vec::new();
                }
                (0..LOW_END)
                    .map(|cp| {
                        char::from_u32(cp as u32)
                            .filter(|c| !c.is_ascii())
                            .and_then(|c| single_byte_of(wrong, c))
                            .unwrap_or(0)
                    })
                    .collect()
            })
            .collect()
    })
}

/// Flags of [`low_flags`].
const LOW_ALPHABETIC: u8 = 1;

const LOW_LOWERCASE: u8 = 2;

const LOW_UPPERCASE: u8 = 4;

/// Flag of [`low_flags`]: see [`shown_by_retable_wrong`].
const LOW_RETABLE_SHOWN: u8 = 8;

/// Whether `c` is alphabetic, lower case, upper case, shown by a re-tabled chain's charset (the
/// `LOW_` flags), from a table below [`LOW_END`]: the gate asks it of every pair of letters.
#[inline]
fn low_flags(c: char) -> u8 {
    use std::sync::OnceLock;
    static FLAGS: OnceLock<Vec<u8>> = OnceLock::new();
    // (The table lookup inlined, the work of building it and of a character above it not.)
    match FLAGS.get_or_init(low_flags_table).get(c as usize) {
        Some(&flags) => flags,
        None => low_flags_of(c),
    }
}

/// The table of [`low_flags`], built once.
#[cold]
fn low_flags_table() -> Vec<u8> {
    (0..LOW_END)
        .map(|cp| char::from_u32(cp as u32).map_or(0, low_flags_of))
        .collect()
}

/// [`low_flags`] worked out.
#[inline(never)]
fn low_flags_of(c: char) -> u8 {
    (u8::from(c.is_alpha()) * LOW_ALPHABETIC)
        | (u8::from(c.is_lowercase()) * LOW_LOWERCASE)
        | (u8::from(c.is_uppercase()) * LOW_UPPERCASE)
        | (u8::from(shown_by_retable_wrong_slow(c)) * LOW_RETABLE_SHOWN)
}

/// Whether `c` is alphabetic (above the table of [`low_flags`], without its other flags, which
/// cost more to work out than this one).
#[inline]
pub(super) fn is_letter(c: char) -> bool {
    match c as usize {
        cp if cp < LOW_END => low_flags(c) & LOW_ALPHABETIC != 0,
        // (The blocks a CJK or single-byte decoder's reading is mostly made of, without the
        // standard library's table search: General Punctuation has no letter, the unified
        // ideographs and the Hangul syllables are nothing but letters.)
        0x2000..=0x206F => false,
        0x4E00..=0x9FFF | 0xAC00..=0xD7A3 => true,
        _ => c.is_alpha(),
    }
}

/// The chains for which `c` is a UTF-8 lead byte and those for which it is a continuation byte
/// (bits as in [`lead_continuation_table`]), from a direct table below [`LOW_END`].
fn lead_continuation_masks(c: char) -> (u64, u64) {
    use std::sync::OnceLock;
    static LOW: OnceLock<Vec<(u64, u64)>> = OnceLock::new();
    let table = lead_continuation_table();
    let find = |ch: char| {
        table
            .binary_search_by_key(&ch, |&(x, _, _)| x)
            .map_or((0, 0), |i| (table[i].1, table[i].2))
    };
    let low = LOW.get_or_init(|| {
        (0..LOW_END)
            .map(|cp| char::from_u32(cp as u32).map_or((0, 0), find))
            .collect()
    });
    low.get(c as usize).copied().unwrap_or_else(|| find(c))
}

/// For each chain (bit = index in [`CHAINS`]) of UTF-8 read as a single-byte charset, whether
/// `text` holds a character that charset shows for a UTF-8 lead byte (0xC2..=0xF4) right before
/// one it shows for a continuation byte (0x80..=0xBF), '?' or U+FFFD.
pub(super) fn utf8_lead_pairs(text: &str) -> u64 {
    let masks = |c: char| -> (u64, u64) {
        if c == '?' || c == '\u{FFFD}' {
            return (0, u64::MAX);
        }
        lead_continuation_masks(c)
    };
    let mut found = 0u64;
    let mut prev_lead = 0u64;
    for c in text.chars() {
        if c.is_ascii() && c != '?' {
            prev_lead = 0;
            continue;
        }
        let (lead, cont) = masks(c);
        found |= prev_lead & cont;
        prev_lead = lead;
    }
    found
}

/// (character, chains for which it is a UTF-8 lead byte, chains for which it is a continuation
/// byte), sorted by character; built once from the chain list.
fn lead_continuation_table() -> &'static [(char, u64, u64)] {
    use std::sync::OnceLock;
    static TABLE: OnceLock<Vec<(char, u64, u64)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut entries: Vec<(char, u64, u64)> = Vec::new();
        for (index, spec) in CHAINS.iter().enumerate() {
            if !(spec.chain.actual.is_utf8() && spec.chain.wrong.is_single_byte()) {
                continue;
            }
            for b in 0x80u8..=0xF4 {
                let mut text = String::new();
                crate::decode::decode_lossy(spec.chain.wrong, &[b], &mut text);
                let Some(c) = text.chars().next() else {
                    continue;
                };
                let bit = 1u64 << index;
                let lead = if (0xC2..=0xF4).contains(&b) { bit } else { 0 };
                let cont = if (0x80..=0xBF).contains(&b) { bit } else { 0 };
                entries.push((c, lead, cont));
            }
        }
        entries.sort_unstable_by_key(|e| e.0);
        let mut merged: Vec<(char, u64, u64)> = Vec::new();
        for (c, lead, cont) in entries {
            match merged.last_mut() {
                Some(last) if last.0 == c => {
                    last.1 |= lead;
                    last.2 |= cont;
                }
                _ => merged.push((c, lead, cont)),
            }
        }
        merged
    })
}
