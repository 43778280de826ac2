//! Pricing one candidate: how much more plausible the repaired span is than the span as it
//! stands, with the penalties and bonuses each chain calls for.

use crate::score::Alphabetic;
use std::ops::Range;

use crate::charset::Charset;
use crate::fix::alphabets;
use crate::fix::orthography;
use crate::fix::words::{
    MIN_FUNCTION_WORDS, has_central_european_function_word, is_case_swapped_two_letter_word,
    is_common_two_letter_word, is_function_words_with_one_cjk, is_latin_two_letter_word,
    is_one_letter_word_weighing,
};
use crate::report::Chain;
use crate::score::{
    self, FIRST_KNOWN_LETTER, Script, char_cost, is_cjk_letter, is_han, known_letter_triples,
    known_words, letter_pair_surprise, letter_symbol, text_cost, word_known,
};

use super::gate::{
    CAPITALS_LINE_MIN, SUSPICIOUS_COST, breaks_kana_spelling, is_euc_kr_hangul_lead,
    is_euc_kr_hangul_trail, is_letter, is_lone_big5_particle, single_byte_of,
};
use super::rank::{STRONG_UTF8_GAIN, capital_between_small, word_bounds, words_with};
use super::search::{
    Run, Segment, WHOLE_LINE_CERTAIN_CHARS, WHOLE_LINE_STRUCTURAL_CHARS, is_cjk_to_cjk,
    is_high_byte_char,
};
use super::{
    Candidate, ChainSpec, Collector, KNOWN_WORD_MIN_LETTERS, counts_mixed_pairs,
    is_japanese_clause_particle,
};

/// What a Japanese particle read from legacy CJK bytes gains where it stands as a word between
/// others ([`add_candidate`]).
const LONE_PARTICLE_GAIN: u32 = 4;

/// What a Japanese particle read from Big5 bytes gains besides [`LONE_PARTICLE_GAIN`]: windows-1252
/// shows it as Ç and an ASCII trail byte, two cheap characters (ÇV for は).
const BIG5_PARTICLE_GAIN: u32 = 8;

/// What a Korean particle read from EUC-KR bytes gains where it ends an ASCII word
/// ([`is_glued_korean_particle`]).
const GLUED_KOREAN_PARTICLE_GAIN: u32 = 8;

/// What a reading gains that shows nothing but lost characters where a CJK decoder read UTF-8
/// and lost a byte (鏂? for 新, E6 96 and a lost B0).
const LOST_WHOLE_CHARACTER_GAIN: u32 = 4;

/// What a common two-letter word of a Cyrillic or Greek language gains where a CJK decoder made
/// two CJK letters of it ([`is_common_two_letter_word`]).
const TWO_LETTER_WORD_GAIN: u32 = 6;

/// Whether `text` is two CJK letters that are no pair the languages write.
fn is_two_unpaired_cjk_letters(text: &str) -> bool {
    let mut chars = text.chars();
    matches!(
        (chars.next(), chars.next(), chars.next()),
        (Some(a), Some(b), None)
            if is_cjk_letter(a) && is_cjk_letter(b) && !score::cjk_pair_known(a, b)
    )
}

/// What a letter pair of running text in the letter-pair model's languages costs, in bits (4–5
/// on average, rounded up).
const RUNNING_TEXT_PAIR_BITS: u32 = 5;

/// The most a re-reading into an alphabet the model has no text for gains by the old reading's
/// surprise, plus one for every [`RETABLE_OTHER_LETTERS_PER_GAIN`] letters it makes.
const RETABLE_OTHER_MAX_GAIN: u32 = 12;

/// What a reading into Hebrew or Greek gains for each word that ends in its alphabet's final
/// form ([`orthography::words_ending_in_final_forms`]): spelling the letter statistics lack.
const FINAL_FORM_GAIN: u32 = 3;

/// See [`RETABLE_OTHER_MAX_GAIN`].
const RETABLE_OTHER_LETTERS_PER_GAIN: usize = 4;

/// The fewest letters of the other alphabet a re-reading must make to gain by the old reading's
/// surprise ([`RETABLE_OTHER_MAX_GAIN`]).
const RETABLE_OTHER_MIN_LETTERS: usize = 8;

/// What a word the languages write, made by a re-reading with another table, gains it.
const KNOWN_WORD_GAIN: u32 = 6;

pub(super) fn is_cjk_legacy(charset: Charset) -> bool {
    Charset::LEGACY_CJK.contains(&charset)
}

/// Extra cost of a character in a repair along `chain`, for what the chain makes unlikely: a
/// CJK decoder was wrong mostly because the text was CJK, so UTF-8 that turns out to be
/// Cyrillic or accented Latin needs more evidence; kana in Chinese or Korean, Hanja in Korean
/// and Cyrillic or Greek out of a CJK charset are rare in real text.
fn foreign_penalty(chain: Chain, c: char) -> u32 {
    let cp = u32::from(c);
    let letter_outside_cjk = || (0xC0..0x800).contains(&cp) && c.is_alpha();
    let han = (0x4E00..=0x9FFF).contains(&cp);
    if chain.actual.is_utf8() {
        return if is_cjk_legacy(chain.wrong) && letter_outside_cjk() {
            4
        } else {
            0
        };
    }
    if chain.actual.is_single_byte() {
        // Every byte reads as something in a single-byte table: each character pays a little.
        return u32::from(!c.is_ascii());
    }
    // Almost any pair of high bytes is a character in a legacy CJK charset, so a well-formed
    // reading there is weaker evidence than well-formed UTF-8: each character pays for it.
    let mut penalty = if c.is_ascii() || !chain.wrong.is_single_byte() {
        0
    } else {
        3
    };
    if letter_outside_cjk() {
        penalty += 4;
    }
    if han && chain.actual == Charset::EUC_KR {
        penalty += 3;
    }
    penalty
}

/// What kana cost in a reading with a Chinese or Korean charset: Japanese is mostly written in
/// its own charsets. Each kana pays [`KANA_IN_OTHER_CJK_COST`], up to
/// [`KANA_IN_OTHER_CJK_MAX`]: GBK and EUC-JP share the kana's bytes, so in a line of both the
/// kanji must decide (指定 through GBK, not 峺協 through EUC-JP), not the count of kana.
fn kana_penalty(chain: Chain, replacement: &str) -> u32 {
    if chain.actual.is_utf8()
        || ![Charset::GBK, Charset::BIG5, Charset::EUC_KR].contains(&chain.actual)
    {
        return 0;
    }
    let kana = replacement
        .chars()
        .filter(|c| matches!(c, '\u{3041}'..='\u{30FF}' | '\u{FF65}'..='\u{FF9F}'))
        .count();
    u32::try_from(kana)
        .unwrap_or(u32::MAX)
        .saturating_mul(KANA_IN_OTHER_CJK_COST)
        .min(KANA_IN_OTHER_CJK_MAX)
}

/// What a kana costs in a reading with a Chinese or Korean charset ([`kana_penalty`]).
const KANA_IN_OTHER_CJK_COST: u32 = 5;

/// The most the kana of one reading cost together ([`kana_penalty`]): less than a known word
/// pair the reading's kanji make with the kana gains, so that Japanese written in GBK reads as
/// GBK where its kanji say so (ログイン名, whose GBK bytes EUC-JP reads as ログイン兆). (Measured,
/// 10 → 8: GBK read as windows-1252 98.72 → 99.15 %, short strings 92.01 → 94.35; EUC-KR read
/// as windows-1252 97.95 → 98.02; nothing lost. 6 and 4 gain more GBK short strings but lose
/// EUC-JP ones.)
const KANA_IN_OTHER_CJK_MAX: u32 = 8;

/// Whether reading `text[range]` (single-byte text) with another single-byte table, as
/// `replacement`, is worth weighing at all. Nothing in the bytes tells two such tables apart, so
/// the letter pairs of the words the change touches must: the new reading must make them less
/// surprising by [`RETABLE_MIN_DROP`] bits and, where the letter-pair model knows its letters,
/// pair as running text does (Привет for Ïðèâåò, datotečne for datoteène); where it does not
/// (Greek, Hebrew, Arabic, Thai), the old reading must pair as no language writes (ÊáëçìÝñá).
/// Lone symbols (½ ¾ µ, which windows-874 reads as Thai letters) never qualify. Returns the bits
/// of surprise the new reading removes, or `None` if it does not qualify.
pub(super) fn retable_pair_gain(
    text: &str,
    range: Range<usize>,
    replacement: &str,
    line: RetableLine,
) -> Option<u32> {
    let RetableLine {
        witnessed,
        central,
        long_line,
        words_of_table,
        letters: line_letter_count,
        mixed_pairs,
    } = line;
    let words = word_bounds(text, range.clone());
    let old = &text[words];
    let new = words_with(text, range.clone(), replacement);
    if glues_foreign_to_ascii(text, range.clone(), replacement) {
        return None;
    }
    // A word of a small letter and a capital, in a string of few letters, that reads as a common
    // two-letter word with a capital first (оЕ as Не through KOI8-R, уН as См), where it is no
    // such word as it stands, nor a unit (дБ): the word is the evidence its three letter pairs
    // cannot give. (Two capitals are an abbreviation as often: ОП, УН, ГЕ stay.)
    if line_letter_count.non_ascii <= TWO_LETTER_WORD_LINE_LETTERS
        && is_case_swapped_two_letter_word(old, &new)
    {
        return Some(TWO_LETTER_RETABLE_GAIN);
    }
    // A word of two Cyrillic or Greek letters in a short string that is none of the common
    // two-letter words (Äê as Дк, where GBK reads 年 in 1970 Äê 1): two letters' pairs are no
    // evidence of a word.
    let mut new_letters = new.chars();
    if matches!(
        (new_letters.next(), new_letters.next(), new_letters.next()),
        (Some(a), Some(b), None)
            if matches!(char_cost(a).1, Script::Cyrillic | Script::Greek)
                && matches!(char_cost(b).1, Script::Cyrillic | Script::Greek)
    ) && line_letter_count.non_ascii <= TWO_LETTER_WORD_LINE_LETTERS
        && !is_common_two_letter_word(&new)
    {
        return None;
    }
    let (old_bits, pairs) = letter_pair_surprise(old);
    let (new_bits, known) = letter_pair_surprise(&new);
    let known_letter = |c: char| letter_symbol(Some(c)) >= FIRST_KNOWN_LETTER;
    let other_letter = |c: char| is_letter(c) && !c.is_ascii() && !known_letter(c);
    // The new letters all of the model's alphabets, or all of others (no kไytetไไn).
    // (Punctuation both tables share, like ’ or „“, is no letter of either reading; other
    // symbols, like ± or ¹, are left for the letters they may be.)
    // (U+FFFD, a byte the wrong decoder lost, is no letter of either reading either.)
    // A C1 control read as a letter (Uloži\u{9d} as Uložiť through windows-1250): no text has
    // the control, so the letter is evidence of its own, even one the model knows too little of
    // (ť).
    let is_c1 = |c: char| ('\u{80}'..='\u{9F}').contains(&c);
    let c1_to_letter = |a: char, b: char| is_c1(a) && is_letter(b);
    let pairs_of_change = || text[range.clone()].chars().zip(replacement.chars());
    // (Along windows-1250 only, whose letters there are Central European ones, ť Ť Ź: the
    // Cyrillic tables read C1 controls as letters too, and CJK bytes read as windows-1252 are
    // full of them, Ã£Â\u{81}Â¨ through windows-1251 as ГЈВЃВЁ.)
    let c1_mended = central
        && pairs_of_change().any(|(a, b)| c1_to_letter(a, b))
        && !replacement.chars().any(is_c1);
    let to_known = pairs_of_change()
        .filter(|&(a, c)| {
            // (Neither ASCII nor shared punctuation nor a lost byte nor a mended control.)
            let mended = c1_mended && c1_to_letter(a, c);
            !(c.is_ascii() || is_shared_punctuation(c) || c == '\u{FFFD}' || mended)
        })
        .all(|(_, c)| known_letter(c))
        && !symbol_inside_word(&new)
        // (A capital between small letters, аВл for GBK's 编码 read as windows-1252, is no word.)
        && !capital_between_small(&new);
    // (And as their alphabet spells: ωξιψϊ χεαυ is Hebrew read as Greek.)
    let to_other = !new.chars().any(known_letter)
        && new.chars().any(other_letter)
        && !orthography::breaks_spelling(&new);
    // Into Greek, Hebrew, Arabic or Thai: how many of the new words' letter pairs the script's
    // words write ([`score::script_pairs_in`]). Bytes of another text that merely land on the
    // script's letters (GBK read as windows-1252 re-read through windows-1256) pair as no word
    // does: such a reading is none; one whose pairs all are gains by them.
    let (script_known, script_unknown) = if to_other {
        score::script_pairs_in(&new)
    } else {
        (0, 0)
    };
    let script_pairs = script_known + script_unknown;
    if script_pairs >= SCRIPT_MIN_PAIRS && script_unknown * SCRIPT_MAX_UNKNOWN_SHARE > script_pairs
    {
        return None;
    }
    // (Not for capitals alone: ΥΕΞ is GBK's 张伟 read through windows-1253 as well as a Greek
    // abbreviation, and its pairs are any word's.)
    let only_capitals = new.chars().any(char::is_uppercase) && !new.chars().any(char::is_lowercase);
    let script_gain = if script_pairs >= SCRIPT_MIN_PAIRS && !only_capitals {
        let gain = if script_unknown == 0 {
            SCRIPT_PAIR_GAIN * script_known
        } else {
            script_known / 2
        };
        gain.min(SCRIPT_PAIRS_MAX_GAIN)
    } else {
        0
    };
    // A symbol the old reading shows inside a word (dotycz¹cy, u¿ytkownik: ą and ż through
    // windows-1252) is evidence the letter pairs cannot weigh: it cuts the word in two. (Where
    // the new reading keeps one, DacĂ„Ò for DacÃ„Æ’, it says nothing.)
    let symbol_inside = (symbol_inside_word(old) && !symbol_inside_word(&new))
        || c1_mended
        || (central && has_misplaced_oe(old) && !has_misplaced_oe(&new));
    // (A word of two letters has three pairs: enough only for one in small letters, Ми or для,
    // not for two capitals, which may be anything: ÀÌ is EUC-KR's 이, not АМ.)
    let enough_pairs = pairs >= RETABLE_MIN_PAIRS
        || (to_known && pairs + 1 >= RETABLE_MIN_PAIRS && new.chars().any(char::is_lowercase));
    // Letter triples the text writes: a word the new reading makes (načinu, from naèinu) shows
    // them where the old one shows none, though a single changed letter moves the pairs little.
    // (Only where the cases stay, or for a word or more: a reading that turns small letters into
    // capitals, KOI8-R's way, makes the same triples of a short fragment, юме as ЧЛЕ.)
    let cases_kept = text[range.clone()]
        .chars()
        .zip(replacement.chars())
        .all(|(a, b)| !is_letter(a) || a.is_uppercase() == b.is_uppercase());
    let long_enough =
        replacement.chars().filter(|&c| is_letter(c)).count() >= CASE_FLIP_TRIPLE_LETTERS;
    // Small letters turned into nothing but capitals: a heading (ОПИСАНИЕ through KOI8-R), or a
    // short piece of another language's small letters read so by chance (Bulgarian със as ЯЗЯ,
    // Belarusian чбы as ВАШ): short, it must make a word the languages write, of four letters
    // or more ([`CAPITALS_MIN_WORD_LETTERS`]).
    // (Capitals: Hebrew, Arabic and Thai have no case, and מה is no heading.)
    let all_capitals = old.chars().any(char::is_lowercase)
        && !old.chars().any(char::is_uppercase)
        && new.chars().any(char::is_uppercase)
        && !new.chars().any(char::is_lowercase);
    let letters = new.chars().filter(|&c| is_letter(c)).count();
    if all_capitals
        && letters < CAPITALS_LINE_MIN as usize
        && known_words(&new, CAPITALS_MIN_WORD_LETTERS, false) == 0
    {
        return None;
    }
    // A text that is one word of two small letters and nothing else (a CLDR unit or a label:
    // Basaa ìà, Yoruba àì, tone-marked vowels) gives its letter pairs nothing to weigh: only a
    // word the languages write (на, not ма or ам) is a reading. (A capitalised one, Ìè for
    // Ukrainian Ми, is no Latin word.)
    // (Letters as the reading has them: ³ is a symbol through windows-1252, і through
    // windows-1251, and ТіБ has three.) Where the new letters are another alphabet's, the
    // ASCII letters around them are no part of their word either: Bafia íí a is no нн a.
    // (CLDR's strings: 269 changed -> 250, the evaluation unchanged.)
    let other_alphabet = !new.chars().any(is_latin_accented);
    let letters_in = |s: &str| {
        s.chars()
            .filter(|&c| is_letter(c) && !(other_alphabet && c.is_ascii()))
            .count()
    };
    // (The line's letters outside the range: its count less the range's.)
    let line_letters = if other_alphabet {
        line_letter_count.non_ascii
    } else {
        line_letter_count.all
    };
    let whole_text_letters =
        line_letters.saturating_sub(letters_in(&text[range.clone()])) + letters_in(replacement);
    if whole_text_letters <= 2
        && !new.chars().any(char::is_uppercase)
        && known_words(&new, 2, false) == 0
    {
        return None;
    }
    let triples_gained = if to_known && (cases_kept || long_enough) {
        known_letter_triples(&new).saturating_sub(known_letter_triples(old))
    } else {
        0
    };
    // A symbol glued to the edge of a word (zosta³, ³atwym: ł) is evidence too, where the new
    // reading's word is one the text writes (its triples; m³ stays, mł is no word).
    let symbol_edge = !symbol_inside
        && triples_gained >= RETABLE_MIN_TRIPLES
        && symbol_at_word_edge(old)
        && !symbol_at_word_edge(&new);
    // One symbol among the words, as Polish ą or ł read as windows-1252 leaves (Szczegó³y,
    // rozs¹dnego), may make them as dear letter by letter as a witnessed line's (`central`: along
    // windows-1250 only; CJK bytes read as windows-1252 re-table into Cyrillic words with a
    // symbol as well, ÇÊÅÍ Ã¼ÀÎ).
    let lone_symbol = old
        .chars()
        .filter(|&c| !c.is_ascii() && !is_letter(c) && !is_shared_punctuation(c))
        .count()
        == 1;
    // (A word of two letters, s¹ for są, has too few pairs, but a glued symbol and the triples
    // of the new word are evidence enough.)
    let qualifies = (enough_pairs || symbol_edge)
        && if to_known {
            (new_bits + RETABLE_MIN_DROP <= old_bits
                || symbol_inside
                || symbol_edge
                || (triples_gained >= RETABLE_MIN_TRIPLES && new_bits < old_bits)
                // (In a line of the actual table's languages, any drop is its evidence, and so
                // is a known triple: the pooled pair model may price č above è even in Czech.)
                || (witnessed && (new_bits < old_bits || triples_gained > 0)))
                // (A C1 control made a letter is proof enough that the letters pair: the model
                // prices a letter it knows little of, ť, as dear as a foreign one.)
                && (c1_mended
                    || new_bits * 10
                        <= if witnessed
                        || ((symbol_inside || symbol_edge) && lone_symbol && central)
                        || (!cases_kept && triples_gained >= RETABLE_MANY_TRIPLES)
                    {
                        RETABLE_MAX_MEAN_WITNESSED
                    } else if old_bits * 10 >= RETABLE_FAR_OLD_MEAN * pairs
                        && pairs >= RETABLE_FAR_MIN_PAIRS
                        && is_word_cased(old)
                        && !spells_through_other_script(old)
                    {
                        RETABLE_MAX_MEAN_FAR
                    } else {
                        RETABLE_MAX_MEAN
                    } * known)
        } else {
            to_other && old_bits * 10 >= RETABLE_UNKNOWN_MIN_MEAN * pairs
        };
    // Words the languages write that the new reading makes where the old one had none
    // (listę for listê, začasnih for zaèasnih): evidence no letter statistics give for a single
    // changed letter.
    let (words_gained, old_words) = if to_known {
        let old_words = known_words(old, KNOWN_WORD_MIN_LETTERS, mixed_pairs);
        (
            known_words(&new, KNOWN_WORD_MIN_LETTERS, mixed_pairs).saturating_sub(old_words),
            old_words,
        )
    } else {
        (0, 0)
    };
    let qualifies = qualifies
        || (to_known
            && words_gained > 0
            && old_words == 0
            && new_bits * 10 <= RETABLE_MAX_MEAN_WITNESSED * known);
    // Accented Latin letters for others (è for č, ñ for ń, ã for ă): the letter statistics
    // alone cannot tell a misread Czech word from a word of a language they know little of
    // (Breton oñs, Estonian lõuna, Afrikaans wêreld, French hygiène where the model never saw
    // ièn): without a letter of the actual table's languages in the line, a symbol cut into
    // the word or a line long enough for its other words to count, the new reading must make a
    // word the languages write. (Measured on CLDR's strings: 1,359 changed -> 171; windows-1250
    // read as windows-1252 97.10 -> 96.34 %, short strings 93.89 -> 89.19 %. Two changed letters
    // as evidence enough: 94 more clean strings changed for one line repaired.)
    // A long line counts only where its other words are a windows-1250 language's (a function
    // word of one, `words_of_table`) or the new word makes [`LONG_LINE_MIN_TRIPLES`] triples the
    // languages write: Gaelic gnìomharaiche, Estonian Lihavõttesaare and Nheengatu
    // Turkuranaretãma re-read as gněomharaiche, Lihavőttesaare and Turkuranaretăma make as few
    // pairs dearer as Croatian naèinu made načinu. (CLDR's strings: 376 changed -> 326;
    // windows-1250 read as windows-1252 97.02 -> 96.87 %, short strings 90.71 -> 90.46 %.)
    let latin_for_latin = text[range.clone()]
        .chars()
        .zip(replacement.chars())
        .all(|(a, b)| a == b || (is_latin_accented(a) && is_latin_accented(b)));
    if latin_for_latin
        && !witnessed
        && !symbol_inside
        && !symbol_edge
        && words_gained == 0
        && !(long_line && (words_of_table || triples_gained >= LONG_LINE_MIN_TRIPLES))
    {
        return None;
    }
    // A word the new reading makes of accented Latin letters and another alphabet's (Yoruba áàṣ
    // as баṣ: the letters windows-1252 lacks stay Latin) is no word.
    if letters_of_two_alphabets(&new) && !letters_of_two_alphabets(old) {
        return None;
    }
    // Only letters the model knows earn their pairs' evidence: where it knows none, fewer
    // surprising pairs say nothing for the new reading.
    // A word whose first letter is small and the rest capitals (нПУЛЧБ: KOI8-R read as
    // windows-1251 swaps the cases) made a capitalised one.
    let (old_inverted, new_inverted) = (inverted_capitals(old), inverted_capitals(&new));
    if new_inverted > old_inverted {
        // The other way round: a capitalised word turned into a small letter and capitals
        // (Bulgarian Моусън as лНСЯЗМ) is what KOI8-R read as windows-1251 looks like, not
        // what it mends.
        return None;
    }
    let case_mended = old_inverted - new_inverted;
    let gain = if to_known {
        old_bits.saturating_sub(new_bits) / RETABLE_BITS_PER_COST
            + triples_gained * RETABLE_TRIPLE_GAIN
            + if symbol_inside || symbol_edge {
                SYMBOL_INSIDE_GAIN
            } else {
                0
            }
            + CASE_MENDED_GAIN.saturating_mul(u32::try_from(case_mended).unwrap_or(u32::MAX))
            + if witnessed { WITNESS_GAIN } else { 0 }
            + words_gained * KNOWN_WORD_GAIN
    } else {
        // Into an alphabet the model has no text for: the evidence is how far the old reading's
        // pairs are from running text's (the new letters spell as their alphabet does, above).
        // (Capped: it says the old reading is no running text of the model's languages, not
        // what else it is; a CJK charset's reading may still explain it far better.)
        // (And only for words enough to spell: ΑΒΑΒ is as likely 謝謝 through Big5.)
        let letters = new.chars().filter(|&c| other_letter(c)).count();
        script_gain
            + if letters >= RETABLE_OTHER_MIN_LETTERS {
                (old_bits.saturating_sub(pairs * RUNNING_TEXT_PAIR_BITS) / RETABLE_BITS_PER_COST)
                    .min(
                        RETABLE_OTHER_MAX_GAIN
                            + u32::try_from(letters / RETABLE_OTHER_LETTERS_PER_GAIN)
                                .unwrap_or(u32::MAX),
                    )
                    + FINAL_FORM_GAIN * orthography::words_ending_in_final_forms(&new)
            } else {
                0
            }
    };
    // Small letters turned into capitals must pair far better as capitals: a heading gains 6 to
    // 9 a letter (ОБЗОР 39, ОШИБКИ 35), a word of another Cyrillic language read so by chance
    // 2 (Mongolian ойролцоо as НИПНКЖНН, 14).
    if all_capitals
        && gain
            < CAPITALS_MIN_GAIN_PER_LETTER
                .saturating_mul(u32::try_from(letters).unwrap_or(u32::MAX))
        && known_words(&new, CAPITALS_MIN_WORD_LETTERS, false) == 0
    {
        return None;
    }
    qualifies.then_some(gain)
}

/// The least gain a letter of a reading that turns small letters into nothing but capitals
/// must bring ([`retable_pair_gain`]).
const CAPITALS_MIN_GAIN_PER_LETTER: u32 = 4;

/// What the line of a re-tabled reading says beyond the reading's own words
/// ([`retable_pair_gain`]).
#[derive(Clone, Copy, Default)]
pub(super) struct RetableLine {
    /// It holds a letter of the actual table's languages ([`has_witness_letter`]).
    pub(super) witnessed: bool,
    /// The actual table is windows-1250.
    pub(super) central: bool,
    /// It has [`LATIN_SWAP_LINE_LETTERS`] letters or more, and they are not all one windows-1252
    /// language's.
    pub(super) long_line: bool,
    /// It holds a function word of the actual table's languages (or the table is not
    /// windows-1250, whose languages are the only ones asked).
    pub(super) words_of_table: bool,
    /// Its letters, all and the non-ASCII ones ([`LineLetterCount`]).
    pub(super) letters: LineLetterCount,
    /// Two-letter known words count in it ([`counts_mixed_pairs`]).
    pub(super) mixed_pairs: bool,
}

/// The letters of a line ([`is_letter`]), all and the non-ASCII ones: counted once per line, not
/// once per candidate (a long line of candidates would cost its length squared).
#[derive(Clone, Copy, Default)]
pub(super) struct LineLetterCount {
    pub(super) all: usize,
    pub(super) non_ascii: usize,
}

impl LineLetterCount {
    pub(super) fn of(text: &str) -> LineLetterCount {
        text.chars()
            .filter(|&c| is_letter(c))
            .fold(LineLetterCount::default(), |n, c| LineLetterCount {
                all: n.all + 1,
                non_ascii: n.non_ascii + usize::from(!c.is_ascii()),
            })
    }
}

/// The letters from which a line's other words let the letter statistics decide an accented
/// Latin letter read for another ([`retable_pair_gain`]) without a known word.
pub(super) const LATIN_SWAP_LINE_LETTERS: usize = 24;

/// Whether a word of `text` (a run of letters) holds accented Latin letters and letters of
/// another alphabet (Cyrillic, Greek, Arabic, Hebrew …; not CJK, which Latin words border in
/// Japanese and Chinese text without a space). (ASCII letters glued to Cyrillic are common in
/// real text, -Mпуть and manpathа in man pages; an accented one is not.)
fn letters_of_two_alphabets(text: &str) -> bool {
    let (mut latin, mut other) = (false, false);
    for c in text.chars().chain([' ']) {
        if !c.is_alpha() {
            if latin && other {
                return true;
            }
            (latin, other) = (false, false);
            continue;
        }
        match char_cost(c).1 {
            Script::Latin | Script::LatinAccented if !c.is_ascii() => latin = true,
            Script::Greek | Script::Cyrillic | Script::Other(_) => other = true,
            _ => {}
        }
    }
    false
}

/// Whether `c` is an accented Latin letter.
fn is_latin_accented(c: char) -> bool {
    char_cost(c).1 == Script::LatinAccented && is_letter(c)
}

/// Whether the letters of `text` say it was written in a language of the chain's actual table
/// ([`alphabets::LineLetters::witness`]): its è and ù are then more likely the č and ů read
/// with the wrong table (izpiše … ujemajoèa) than French letters in a Slovene word.
fn has_witness_letter(chain: Chain, text: &str, out: &mut Collector) -> bool {
    chain.actual == single!(WINDOWS_1250)
        && chain.wrong == Charset::WINDOWS_1252
        && out
            .line_letters
            .get_or_insert_with(|| alphabets::line_letters(text))
            .witness()
}

/// The most mean surprise the letter pairs of a re-tabled reading may show where the line
/// holds a [`has_witness_letter`] letter (the pair model pools every language: Slovene and
/// Croatian words score dearer than French ones).
const RETABLE_MAX_MEAN_WITNESSED: u32 = 80;

/// The most letters above ASCII of a line in which [`retable_pair_gain`] takes a word of a small
/// letter and a capital for a common two-letter word: a short string.
const TWO_LETTER_WORD_LINE_LETTERS: usize = 4;

/// What a word of a small letter and a capital re-tabled into a common two-letter word gains
/// ([`retable_pair_gain`]): more than the re-tabled chains' prior.
const TWO_LETTER_RETABLE_GAIN: u32 = 14;

/// The least letters of the known word a short re-tabled reading of small letters into capitals
/// must make ([`retable_pair_gain`]): three-letter words come by chance from other languages'
/// pieces (Belarusian чбы as ВАШ, 17 of CLDR's strings; taking four: 286 changed -> 269,
/// KOI8-R read as windows-1251 `--short` 89.02 -> 88.91 %).
const CAPITALS_MIN_WORD_LETTERS: u32 = 4;

/// Known letter triples a re-tabled word must gain for a long line to be evidence of it where
/// the line holds no function word of a windows-1250 language ([`retable_pair_gain`]): fãcutã
/// as făcută gains five, Gaelic Tìde as Těde one.
const LONG_LINE_MIN_TRIPLES: u32 = 3;

/// Known letter triples from which a re-tabled reading that swaps the cases, KOI8-R's way, may
/// make words as surprising letter by letter as a witnessed line's (ПОКАЗ РЕЗЮМЕ, 6.1 bits a
/// pair, from рплбъ теъане). (Without the swap, CJK text read as windows-1252 re-tables into
/// Cyrillic words just as well.)
const RETABLE_MANY_TRIPLES: u32 = 3;

/// What a re-tabled reading gains where the line holds a [`has_witness_letter`] letter.
const WITNESS_GAIN: u32 = 12;

/// Punctuation that windows-1252 shows alike with the single-byte tables of other scripts
/// (quotes, dashes, the ellipsis): text of any script has it.
pub(super) fn is_shared_punctuation(c: char) -> bool {
    matches!(
        c,
        '‘' | '’'
            | '‚'
            | '“'
            | '”'
            | '„'
            | '«'
            | '»'
            | '‹'
            | '›'
            | '–'
            | '—'
            | '…'
            | '•'
            | '·'
    )
}

/// Whether `text` holds a non-ASCII character that is no letter (nor punctuation every script
/// shares) right before or after a letter: ³ in zosta³, ¹ in ¹cz.
fn symbol_at_word_edge(text: &str) -> bool {
    let symbol = |c: char| {
        !c.is_ascii()
            && !c.is_alpha()
            && !is_shared_punctuation(c)
            && !matches!(c, '’' | 'ʼ' | '\u{FFFD}' | '\u{A0}')
    };
    // (Â before a symbol of U+00A0..U+00BF, Â¿ for ¿, is no letter, and no word edge:
    // [`shows_utf8_of_symbol`].)
    let mut prev: Option<char> = None;
    let mut before: Option<char> = None;
    for c in text.chars() {
        // (¿ and ¡ before the first letter of a word open a Spanish clause: ¿es verdad?)
        let opens_clause = |p: char| {
            matches!(p, '¿' | '¡') && (!before.is_some_and(char::is_alpha) || before == Some('Â'))
        };
        if let Some(p) = prev
            && ((symbol(p) && c.is_alpha() && !opens_clause(p))
                || (p.is_alpha() && symbol(c) && !shows_utf8_of_symbol(prev, c)))
        {
            return true;
        }
        before = prev;
        prev = Some(c);
    }
    false
}

/// How many characters on either side of a candidate [`glues_foreign_to_ascii`] looks at.
const GLUE_WINDOW: usize = 32;

/// Whether reading `text[range]` as `replacement` joins a letter of another alphabet than the
/// Latin one to ASCII letters through a placeholder ('?', U+FFFD) in one word (Д?RPALKE for
/// Ä?RPALKE, Č with its lost byte, through windows-1251): a lost byte of a single-byte table
/// stands inside a word of its own alphabet. (Man pages glue Cyrillic to options, -Cфайл, but
/// not across a lost letter.)
fn glues_foreign_to_ascii(text: &str, range: Range<usize>, replacement: &str) -> bool {
    let is_placeholder = |c: char| matches!(c, '?' | '\u{FFFD}');
    let in_word = |c: &char| is_letter(*c) || is_placeholder(*c);
    // (A window: no word is longer, and a line of nothing but letters and '?' must not be
    // walked again for every candidate in it.)
    let before = text[..range.start]
        .chars()
        .rev()
        .take(GLUE_WINDOW)
        .take_while(in_word);
    let after = text[range.end..]
        .chars()
        .take(GLUE_WINDOW)
        .take_while(in_word);
    let word = before
        .collect::<Vec<char>>()
        .into_iter()
        .rev()
        .chain(replacement.chars())
        .chain(after)
        .chain(std::iter::once(' '));
    let (mut ascii, mut foreign, mut placeholder) = (false, false, false);
    for c in word {
        if !in_word(&c) {
            if ascii && foreign && placeholder {
                return true;
            }
            (ascii, foreign, placeholder) = (false, false, false);
        }
        ascii |= c.is_ascii_alphabetic();
        foreign |= is_foreign_letter(c);
        placeholder |= is_placeholder(c);
    }
    false
}

/// Whether `prev` `c` is what windows-1252 shows for the UTF-8 bytes of `c`, a symbol of
/// U+00A0..U+00BF (Â¿ for ¿, C2 BF): the Â is the sequence's lead byte, no letter.
fn shows_utf8_of_symbol(prev: Option<char>, c: char) -> bool {
    prev == Some('Â') && ('\u{A0}'..='\u{BF}').contains(&c)
}

/// Whether `word` holds a non-ASCII character that is no letter (a symbol, ¹ or ³) between
/// two letters; an apostrophe (об’єм) is part of a word. (Â¿Desea is no word cut by a symbol,
/// but ¿Desea: [`shows_utf8_of_symbol`].)
fn symbol_inside_word(word: &str) -> bool {
    let mut prev_letter = false;
    let mut symbol_after_letter = false;
    let mut prev: Option<char> = None;
    for c in word.chars() {
        let shown_utf8 = shows_utf8_of_symbol(prev, c);
        prev = Some(c);
        if shown_utf8 {
            (prev_letter, symbol_after_letter) = (false, false);
            continue;
        }
        // (U+FFFD, a lost byte, stands for a letter as likely as for anything.)
        if is_letter(c) || matches!(c, '’' | 'ʼ' | '\u{FFFD}') {
            if symbol_after_letter {
                return true;
            }
            prev_letter = true;
        } else {
            symbol_after_letter = (prev_letter || symbol_after_letter) && !c.is_ascii();
            prev_letter = false;
        }
    }
    false
}

/// Whether a word of `text` has œ where French, the one language that writes it, never does:
/// inside a word before anything but u, i or t (cœur, œil, nœud, fœtus; œdème starts a word).
/// windows-1252 shows Polish ś as œ, mostly before c, ć, l or w (wejœciowych, obecnoœæ, myœl).
pub(super) fn has_misplaced_oe(text: &str) -> bool {
    let mut prev: Option<char> = None;
    text.char_indices().any(|(at, c)| {
        let next_byte = text.as_bytes().get(at + c.len_utf8()).copied();
        let misplaced = is_misplaced_oe(prev, c, next_byte);
        prev = Some(c);
        misplaced
    })
}

/// Whether `c`, after `prev` and before the byte `next_byte`, is an œ French never writes there
/// ([`has_misplaced_oe`]; the gate asks it character by character).
pub(super) fn is_misplaced_oe(prev: Option<char>, c: char, next_byte: Option<u8>) -> bool {
    matches!(c, 'œ' | 'Œ')
        && prev.is_some_and(char::is_alpha)
        && !next_byte.is_some_and(|n| matches!(n.to_ascii_lowercase(), b'u' | b'i' | b't'))
}

/// The words of `text` written with a small first letter and capitals after it (нПУЛЧБ, and
/// яЗ: KOI8-R's Съ read as windows-1251).
fn inverted_capitals(text: &str) -> usize {
    text.split(|c: char| !is_letter(c))
        .filter(|word| {
            let mut letters = word.chars();
            letters.next().is_some_and(char::is_lowercase)
                && word.chars().count() >= 2
                && letters.all(char::is_uppercase)
        })
        .count()
}

/// What a re-tabled reading gains for each word whose cases it sets right.
const CASE_MENDED_GAIN: u32 = 6;

/// The first code point of the planes with no characters (4–13), tags and supplementary private
/// use.
const UNASSIGNED_PLANES: char = '\u{40000}';

/// What a UTF-8 reading that leaves a high byte's letter beside it unexplained pays.
const ORPHAN_NEIGHBOUR_COST: i64 = 4;

/// What a re-tabled reading gains for making a letter of a symbol inside a word.
const SYMBOL_INSIDE_GAIN: u32 = 8;

/// Bits of letter-pair surprise that count as one unit of character cost in a re-tabled
/// reading's gain (measured: 2 restores KOI8-R read as windows-1251 best, 77 % against 63 % with 4).
const RETABLE_BITS_PER_COST: u32 = 2;

/// The letters a re-tabled reading that changes cases must make for its letter triples to count
/// (a fragment of three, юме as ЧЛЕ, makes known triples by chance).
const CASE_FLIP_TRIPLE_LETTERS: usize = 5;

/// Known letter triples a re-tabled reading must add to qualify on them alone.
const RETABLE_MIN_TRIPLES: u32 = 2;

/// What a re-tabled reading gains for each known letter triple it adds (measured: 2 → 4 repairs
/// windows-1250 read as windows-1252 81.9 → 85.8 %, short strings 66.4 → 78.5; 5 and 6 add a
/// point more but turn a Big5 line read as windows-1252 into Cyrillic).
const RETABLE_TRIPLE_GAIN: u32 = 4;

/// Letter pairs (with the word boundaries) the words of a re-tabled reading must show.
const RETABLE_MIN_PAIRS: u32 = 4;

/// How many bits of letter-pair surprise a re-tabled reading must remove.
const RETABLE_MIN_DROP: u32 = 10;

/// The most mean surprise its letter pairs may show, in tenths of a bit (running text: 40–50).
const RETABLE_MAX_MEAN: u32 = 60;

/// The mean surprise of the old reading's pairs, in tenths of a bit, from which the new one's
/// may be a little dearer ([`RETABLE_MAX_MEAN_FAR`]): an old reading that
/// far from any text (àôðèêààíñ, 16.6 bits a pair) is evidence of its own, and the languages the
/// model knows little of (Kyrgyz африкаанс, 6.1) pair dearer than Russian.
const RETABLE_FAR_OLD_MEAN: u32 = 130;

/// See [`RETABLE_FAR_OLD_MEAN`].
const RETABLE_MAX_MEAN_FAR: u32 = 65;

/// The fewest letter pairs (a word of six letters) for [`RETABLE_FAR_OLD_MEAN`]: two CJK
/// characters read as windows-1252 make a word of four letters that reads as one of any
/// alphabet (ñóñä, GBK's 體驗, as сусд).
const RETABLE_FAR_MIN_PAIRS: u32 = 7;

/// Whether `text`, its bytes as windows-1252 shows them read through windows-1255, windows-1256
/// or windows-874 instead, spells Hebrew, Arabic or Thai words whose letter pairs all are the
/// script's ([`score::script_pairs_in`]): then a reading into another alphabet that pairs only
/// passably is no better evidence than that one (ùìåí is as much Hebrew as Cyrillic).
pub(super) fn spells_through_other_script(text: &str) -> bool {
    let mut bytes = Vec::with_capacity(text.len());
    if Charset::WINDOWS_1252
        .encode_strict(text, &mut bytes)
        .is_err()
    {
        return false;
    }
    [
        encoding_rs::WINDOWS_1255,
        encoding_rs::WINDOWS_1256,
        encoding_rs::WINDOWS_874,
    ]
    .iter()
    .any(|encoding| {
        let (read, _) = encoding.decode_without_bom_handling(&bytes);
        let (known, unknown) = score::script_pairs_in(&read);
        known >= SCRIPT_MIN_PAIRS && unknown == 0
    })
}

/// Whether every word of `text` is cased as words are, small letters after at most one capital
/// (àôðèêààíñ, Àðààáòûû): the shape of a single-byte text read with another table, which keeps
/// each letter's case, where legacy CJK bytes read so mix cases at random (ÇáÃÝ).
fn is_word_cased(text: &str) -> bool {
    text.split(|c: char| !c.is_alpha())
        .all(|word| word.chars().skip(1).all(|c| !c.is_uppercase()))
}

/// When the model knows none of the new reading's letters: the least mean surprise of the old
/// reading's pairs, in tenths of a bit (Czech, the least represented in the model, about 95).
const RETABLE_UNKNOWN_MIN_MEAN: u32 = 100;

/// What a reading of one CJK charset as another gains when every pair of CJK letters it makes
/// is a word the languages write and the text as it stands makes none ([`cjk_pairs_in`]).
const CJK_WORDS_GAIN: u32 = 4;

/// What a reading of legacy CJK bytes read as a single-byte table gains when every pair of CJK
/// letters it makes is a word the languages write ([`cjk_pairs_in`]).
const LEGACY_CJK_WORDS_GAIN: u32 = 8;

/// The most CJK letters a reading of one CJK charset as another may have for a slip of kana
/// spelling ([`breaks_kana_spelling`]) to rule it out.
const SHORT_KANA_READING: usize = 6;

/// What a reading of one CJK charset as another gains where it reads a lone zhuyin letter as
/// an ideograph ([`is_lone_zhuyin_reading`]).
const LONE_ZHUYIN_GAIN: u32 = 6;

/// Whether `c` is a zhuyin (bopomofo) letter.
fn is_zhuyin(c: char) -> bool {
    ('\u{3105}'..='\u{312F}').contains(&c)
}

/// Whether `run` (a run a CJK charset read as another would change) is written as zhuyin is:
/// zhuyin letters alone (ㄅ ㄆ ㄇ, two or more), or one after ideographs, ending the run, as
/// Taiwanese online slang writes a particle (好ㄉ, 是ㄇ).
fn is_zhuyin_writing(run: &str) -> bool {
    let letters: Vec<char> = run
        .chars()
        .filter(|&c| is_cjk_letter(c) || is_zhuyin(c))
        .collect();
    let zhuyin = letters.iter().filter(|&&c| is_zhuyin(c)).count();
    match letters.split_last() {
        _ if zhuyin == letters.len() => zhuyin > 1,
        Some((&last, rest)) => zhuyin == 1 && is_zhuyin(last) && rest.iter().all(|&c| is_han(c)),
        None => false,
    }
}

/// Whether `text[range]` is one zhuyin (bopomofo) letter with no CJK letter beside it (spaces
/// skipped) and `replacement` one ideograph.
fn is_lone_zhuyin_reading(text: &str, range: &Range<usize>, replacement: &str) -> bool {
    let one = |s: &str| {
        let mut chars = s.chars();
        chars.next().filter(|_| chars.next().is_none())
    };
    let (Some(o), Some(r)) = (one(&text[range.clone()]), one(replacement)) else {
        return false;
    };
    if !is_zhuyin(o) || !is_han(r) {
        return false;
    }
    let cjk = |c: Option<char>| c.is_some_and(|c| is_cjk_letter(c) || is_zhuyin(c));
    let before = text[..range.start]
        .trim_end_matches(' ')
        .chars()
        .next_back();
    let after = text[range.end..].trim_start_matches(' ').chars().next();
    !cjk(before) && !cjk(after)
}

/// What a reading of one CJK charset as another gains where the text as it stands has small
/// kana where Japanese never writes them and the reading has none ([`small_kana_stranded`](super::gate::small_kana_stranded)).
const STRANDED_KANA_GAIN: u32 = 4;

/// The pairs of adjacent CJK letters in `text` (with `before` and `after` beside it) that the
/// languages write ([`crate::score::cjk_pair_known`]), and those they do not.
pub(super) fn cjk_pairs_in(before: Option<char>, text: &str, after: Option<char>) -> (u32, u32) {
    let (mut known, mut unknown) = (0, 0);
    let mut prev = before;
    for c in text.chars().chain(after) {
        if let Some(p) = prev
            && is_cjk_letter(p)
            && is_cjk_letter(c)
        {
            if crate::score::cjk_pair_known(p, c) {
                known += 1;
            } else {
                unknown += 1;
            }
        }
        prev = Some(c);
    }
    (known, unknown)
}

/// The bytes on either side of a legacy CJK reading that tell whether it stands alone among
/// Latin words ([`add_candidate`]).
const LONE_CJK_WINDOW: usize = 256;

/// `range` of `text` widened by `margin` bytes on either side, out to character boundaries and
/// within the text: the neighbourhood a candidate is judged in, so that a line with many
/// candidates is not read once for each.
pub(super) fn window_around(text: &str, range: &Range<usize>, margin: usize) -> Range<usize> {
    let mut from = range.start.saturating_sub(margin);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = text.len().min(range.end.saturating_add(margin));
    while !text.is_char_boundary(to) {
        to += 1;
    }
    from..to
}

/// What reading a lone CJK character in Latin text back as an accented letter gains beyond the
/// characters' costs. (8 -> 10: glued to a word's end, thaï, Soranî, katatũ read as Big5 or
/// EUC-JP came to a gain of 0; on CLDR's strings UTF-8 read as Big5 92.33 -> 93.80 %, EUC-JP
/// 90.23 -> 92.37 %, EUC-KR 94.07 -> 94.90 %, GBK 96.57 -> 96.73 %, clean strings unchanged;
/// the man pages' short strings lose two of Big5's, У DecMem read back as ƀ DecMem. Keeping
/// the letters of cost 16 out, ƀ's tier, kept those two but lost Hausa ƙ and Nama ǁ: GBK
/// 95.97 %.)
const LONE_CJK_BONUS: u32 = 10;

/// Whether `line` is Latin-script text (at least [`LONE_CJK_MIN_LETTERS`] ASCII letters per CJK
/// character standing apart, [`LONE_CJK_GLUED_MIN_LETTERS`] per one glued to an ASCII letter)
/// in which CJK characters come at most two together: Chinese and Japanese text runs on, a CJK
/// decoder turns each accented letter of a Latin word into one (two for ää or créée). Which of
/// them read back as letters, [`lone_cjk_letters`] decides.
pub(super) fn is_latin_with_lone_cjk(line: &str) -> bool {
    // (A known word of two, 文件 in -C 文件, is Chinese quoted among Latin words.)
    let Some(lone) = lone_letters_among_latin(
        line,
        is_cjk_letter,
        score::cjk_pair_known,
        false,
        (LONE_CJK_MIN_LETTERS, LONE_CJK_GLUED_MIN_LETTERS),
    ) else {
        return false;
    };
    // Only a string of one or two such characters (one or two accented letters) is judged by
    // the glued ratio: Tom猫和Jerry鼠 is Chinese.
    (lone.needed > 0
        && lone.letters >= lone.needed
        && (lone.others <= LONE_CJK_GLUED_MAX
            || lone.letters >= LONE_CJK_MIN_LETTERS * lone.others))
        || is_function_words_with_one_cjk(line)
}

/// What [`lone_letters_among_latin`] counts in a line.
pub(super) struct LoneLetters {
    /// ASCII letters.
    pub(super) letters: usize,
    /// ASCII letters the other characters ask for, each as it stands apart or glued.
    needed: usize,
    /// The other characters.
    others: usize,
}

/// Whether `s` is a single kana letter (the prolonged sound mark ー is no letter) or a single
/// ideograph rarer than the commonest tier ([`COMMON_HAN_COST`]).
fn is_uncommon_lone_letter(s: &str) -> bool {
    let mut chars = s.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        return false;
    };
    is_kana_letter(c) || (is_han(c) && char_cost(c).0 > COMMON_HAN_COST)
}

/// Whether `s` is two small accented Latin letters that one Latin alphabet holds both of
/// (Czech áž, Spanish íñ, French çû).
fn is_lowercase_letter_pair_of_one_alphabet(s: &str) -> bool {
    let mut chars = s.chars();
    let (Some(a), Some(b), None) = (chars.next(), chars.next(), chars.next()) else {
        return false;
    };
    [a, b]
        .iter()
        .all(|&c| c.is_lowercase() && alphabets::is_weighed_letter(c))
        && alphabets::home_alphabets([a, b]).is_some_and(|home| home != 0)
}

/// Whether `text[range]` is a letter and a superscript two or three ending a word (Gaelic mì³,
/// a cubic mile; á²): a unit's exponent after its last letter, not the trail byte of a legacy
/// CJK character whose lead byte windows-1252 shows as the letter.
fn is_letter_with_exponent(text: &str, range: Range<usize>) -> bool {
    let mut chars = text[range.clone()].chars();
    matches!(
        (chars.next(), chars.next(), chars.next()),
        (Some(letter), Some('²' | '³'), None) if letter.is_alpha()
    ) && !text[range.end..].starts_with(char::is_alphanumeric)
}

/// Whether `c` is a hiragana or katakana letter (not the prolonged sound mark ー nor the
/// iteration marks).
fn is_kana_letter(c: char) -> bool {
    matches!(u32::from(c), 0x3041..=0x3096 | 0x30A1..=0x30FA)
}

/// Whether `replacement` is two kana letters whose trail bytes, in `original`, are small ASCII
/// letters: Latin-looking text (Ewe ƒoƒo, "hour", is no ババ), where a capital shows a katakana
/// word (ƒoƒO for バグ).
fn is_kana_pair_from_letters(replacement: &str, original: &str) -> bool {
    replacement.chars().count() == 2
        && replacement.chars().all(is_kana_letter)
        && original.chars().filter(char::is_ascii_alphabetic).count() >= 2
        && !original.chars().any(|c| c.is_ascii_uppercase())
}

/// The cost of the commonest ideographs (年, 的, 書: [`char_cost`]'s first Han tiers).
const COMMON_HAN_COST: u32 = 9;

/// Counts, in `line`, the ASCII letters and the characters `is_other` picks out, which may come
/// at most two together (else `None`: text of that script runs on; so too where two of them
/// standing apart from ASCII letters make a word of their script, `is_word`). Each asks for
/// `apart` ASCII letters, or `glued` where its run touches an ASCII letter, directly or (with
/// `bridge`) through one symbol that ends the pair a single-byte charset shows for an accented
/// letter (Г–ZET).
fn lone_letters_among_latin(
    line: &str,
    is_other: impl Fn(char) -> bool,
    is_word: impl Fn(char, char) -> bool,
    bridge: bool,
    (apart, glued_min): (usize, usize),
) -> Option<LoneLetters> {
    let mut lone = LoneLetters {
        letters: 0,
        needed: 0,
        others: 0,
    };
    let min_letters = |glued: bool| if glued { glued_min } else { apart };
    let (mut run, mut glued) = (0usize, false);
    let mut prev: Option<char> = None;
    // The first character of the run.
    let mut first = None;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if is_other(c) {
            if run == 0 {
                glued = prev.is_some_and(|p| p.is_ascii_alphabetic());
                first = Some(c);
            }
            run += 1;
            lone.others += 1;
            // Two at most: Finnish ää, French éé (créée) read as two characters.
            if run > 2 {
                return None;
            }
        } else {
            if run > 0 {
                let next = if !bridge || c.is_ascii() || c.is_alpha() {
                    Some(c)
                } else {
                    chars.peek().copied()
                };
                glued |= next.is_some_and(|n| n.is_ascii_alphabetic());
                if run == 2 && !glued && first.zip(prev).is_some_and(|(a, b)| is_word(a, b)) {
                    return None;
                }
                lone.needed += run * min_letters(glued);
            }
            run = 0;
            lone.letters += usize::from(c.is_ascii_alphabetic());
        }
        prev = Some(c);
    }
    lone.needed += run * min_letters(glued);
    Some(lone)
}

/// A letter of an alphabet other than Latin (Cyrillic, Greek, Hebrew, Arabic, Thai …).
fn is_foreign_letter(c: char) -> bool {
    !c.is_ascii()
        && !matches!(char_cost(c).1, Script::Latin | Script::LatinAccented)
        && !is_cjk_letter(c)
        && is_letter(c)
}

/// Whether `line` is Latin-script text (at least [`LONE_FOREIGN_MIN_LETTERS`] ASCII letters
/// per letter of another alphabet) in which such letters come at most two together: a
/// single-byte decoder shows each accented letter of a Latin word as two characters (ГЁ), while
/// Cyrillic or Greek words in Latin text are longer.
pub(super) fn is_latin_with_lone_foreign(line: &str) -> bool {
    lone_letters_among_latin(
        line,
        is_foreign_letter,
        |_, _| false,
        true,
        (LONE_FOREIGN_MIN_LETTERS, LONE_FOREIGN_GLUED_MIN_LETTERS),
    )
    .is_some_and(|lone| lone.needed > 0 && lone.letters >= lone.needed)
}

/// How many CJK characters of `text[range]` its `replacement` reads back as accented letters,
/// if every character it changes is such a one (else 0). A common CJK character that is a word
/// of its own may be Han quoted in Latin text (The character 猫 means cat): it counts only if the
/// letter is a word of the line's language (Se non lo 猫, see [`is_one_letter_word`](crate::fix::words::is_one_letter_word)); a less
/// common one (癡 for è through Big5) is no word anyone quotes.
fn lone_cjk_letters(
    text: &str,
    range: Range<usize>,
    replacement: &str,
    accented: impl Fn(char) -> bool,
) -> u32 {
    let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    // Guillemets read back in pairs (損:help束 for »:help« through EUC-JP): the pair is the
    // evidence, wherever they stand.
    let guillemets = replacement.contains('«') && replacement.contains('»');
    let mut preceding = text[..range.start].chars().rev();
    let mut before = preceding.next();
    let mut before_before = preceding.next();
    let mut at = range.start;
    let mut count = 0;
    for (o, r) in text[range].chars().zip(replacement.chars()) {
        let end = at + o.len_utf8();
        if o != r {
            let after = text[end..].chars().next();
            let standalone = !alnum(before) && !alnum(after);
            let paired = guillemets && matches!(r, '«' | '»');
            // Latin-1 signs that stand glued to a word: ¿ and ¡ before it, ordinals and powers
            // after a digit or letter (驴es for ¿es, 3潞 for 3º, m虏 for m²).
            let glued_sign = match r {
                '¿' | '¡' => !alnum(before) && alnum(after),
                'º' | 'ª' | '²' | '³' => alnum(before) && !alnum(after),
                _ => false,
            };
            let symbol = symbol_in_place(&text[..at], r, &text[end..]);
            let qualifies = is_cjk_letter(o)
                && (paired || glued_sign || symbol || accented(r))
                && (paired
                    || glued_sign
                    || symbol
                    || (!standalone
                        && fits_its_word(before_before, before, r, after)
                        && !is_function_ideograph(o))
                    || (standalone && {
                        let cost = char_cost(o).0;
                        cost > QUOTABLE_HAN_COST
                            || is_one_letter_word_weighing(
                                text,
                                at..end,
                                r,
                                if cost == QUOTABLE_HAN_COST {
                                    QUOTABLE_FUNCTION_WORDS
                                } else {
                                    MIN_FUNCTION_WORDS
                                },
                            )
                    }));
            if !qualifies {
                return 0;
            }
            count += 1;
        }
        before_before = before;
        before = Some(o);
        at = end;
    }
    count
}

/// Whether the Latin-1 symbol `r`, between `head` and `tail` of a line, stands where text
/// writes it: © or ® after Copyright or before a year (Copyright 漏 2024, GBK's reading of ©),
/// ® glued to the end of a name (ACME庐),
/// ° after a number and before C, F or no letter (20 掳C), £ ¥ ± before a number, ½ ¼ ¾ after
/// one, a no-break space between ASCII characters. A CJK character alone there among Latin
/// words is a decoder's reading of the symbol.
fn symbol_in_place(head: &str, r: char, tail: &str) -> bool {
    let before_word = head.trim_end().rsplit(' ').next().unwrap_or("");
    let after = tail.trim_start_matches(' ');
    let digit_before = head
        .trim_end_matches(' ')
        .ends_with(|c: char| c.is_ascii_digit());
    let digit_after = after.starts_with(|c: char| c.is_ascii_digit());
    let year_after = after.len() >= 4
        && after.as_bytes()[..4].iter().all(u8::is_ascii_digit)
        && matches!(&after[..2], "19" | "20");
    match r {
        '©' => before_word.eq_ignore_ascii_case("copyright") || year_after,
        // (® also glued to the name it marks: ACME庐, Windows庐.)
        '®' => {
            before_word.eq_ignore_ascii_case("copyright")
                || year_after
                || (head.ends_with(|c: char| c.is_ascii_alphanumeric())
                    && !tail.starts_with(|c: char| c.is_alphanumeric()))
        }
        '°' => {
            digit_before
                && (tail.starts_with(['C', 'F'])
                    || !tail.starts_with(|c: char| c.is_alphanumeric()))
        }
        '£' | '¥' | '±' => digit_after,
        '½' | '¼' | '¾' => digit_before && !tail.starts_with(|c: char| c.is_alphanumeric()),
        // (The ʻokina and the modifier apostrophe, letters of Uzbek, Tongan and Hawaiian, glued
        // to a word: meta始, 驶Alapia through GBK.)
        '\u{2BB}' | '\u{2BC}' => {
            head.ends_with(|c: char| c.is_ascii_alphabetic())
                || tail.starts_with(|c: char| c.is_ascii_alphabetic())
        }
        // (A no-break space between ASCII characters: what a page's &nbsp; is, Terms 聽of聽use
        // through GBK, which Big5 would glue into words as ť.)
        '\u{A0}' => {
            head.chars().next_back().is_none_or(|c| c.is_ascii())
                && tail.chars().next().is_none_or(|c| c.is_ascii())
        }
        _ => false,
    }
}

/// Whether `c` is one of the commonest ideographs, the function words of Chinese (的, 是, 在, 了:
/// one in a hundred characters of text and more), which Chinese glues to the Latin words it
/// names (Linux的, the 的 of 的shell, is no EUC-JP reading of Ū).
fn is_function_ideograph(c: char) -> bool {
    crate::score::han_frequency_bits(c).is_some_and(|bits| bits <= FUNCTION_IDEOGRAPH_BITS)
}

/// How rare, in bits, the rarest of [`is_function_ideograph`]'s ideographs is.
const FUNCTION_IDEOGRAPH_BITS: u32 = 7;

/// Whether `r`, read back from the CJK character glued to a Latin word (between `before` and
/// `after`), fits that word: no small letter after capitals that end the word (DIY木 is no DIYľ;
/// På is a word).
fn fits_its_word(
    before_before: Option<char>,
    before: Option<char>,
    r: char,
    after: Option<char>,
) -> bool {
    !(r.is_lowercase()
        && before.is_some_and(char::is_uppercase)
        && before_before.is_some_and(char::is_uppercase)
        && after.is_none_or(|a| !a.is_lowercase()))
}

/// The dearest CJK character that Latin text may quote as a word of its own (猫 costs 10; 癡,
/// which Big5 shows for è, 12). One of this cost is read back beside a single function word of
/// a language whose one-letter word it makes ([`QUOTABLE_FUNCTION_WORDS`]).
const QUOTABLE_HAN_COST: u32 = 10;

/// The function words beside which a character of [`QUOTABLE_HAN_COST`] standing alone is a
/// one-letter word read with a CJK decoder (sistemas, 猫 sempre; xz 茅 uma), where a cheaper one
/// needs two: a quotation of 猫 is rare where a word of the language stands.
const QUOTABLE_FUNCTION_WORDS: usize = 1;

/// ASCII letters a line needs per letter of another alphabet to count as Latin-script text.
const LONE_FOREIGN_MIN_LETTERS: usize = 4;

/// ASCII letters a line needs per letter of another alphabet glued to a Latin word (Г–ZET for
/// ÖZET through windows-1251).
pub(super) const LONE_FOREIGN_GLUED_MIN_LETTERS: usize = 2;

/// ASCII letters a line needs per CJK character standing apart to count as Latin-script text.
pub(super) const LONE_CJK_MIN_LETTERS: usize = 6;

/// ASCII letters a line needs per CJK character glued to a Latin word (Pu簷 for Può through
/// Big5, finch矇 for finché): the word itself is most of the evidence.
const LONE_CJK_GLUED_MIN_LETTERS: usize = 2;

/// The most CJK characters a line judged by [`LONE_CJK_GLUED_MIN_LETTERS`] may hold.
const LONE_CJK_GLUED_MAX: usize = 2;

/// The cost from which a Han character counts as rare (GB2312 level 2, Big5 less frequent and
/// rarer).
const RARE_HAN_COST: u32 = 15;

/// Extra cost of a character in the text as a wrong CJK decoder left it, when that text also
/// holds rare Han characters: kana among rare Han in what a Chinese or Korean decoder produced
/// is the fingerprint of that decoder being wrong (clean katakana words are left alone).
fn wrong_side_penalty(chain: Chain, c: char) -> u32 {
    let cp = u32::from(c);
    let kana = (0x3041..=0x30FF).contains(&cp);
    match chain.wrong {
        w if (w == Charset::GBK || w == Charset::BIG5 || w == Charset::EUC_KR) && kana => 4,
        _ => 0,
    }
}

/// The lengths in bytes of the longest common prefix and suffix of `a` and `b` (on character
/// boundaries, not overlapping).
fn common_ends(a: &str, b: &str) -> (usize, usize) {
    let prefix: usize = a
        .chars()
        .zip(b.chars())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .sum();
    let (a_rest, b_rest) = (&a[prefix..], &b[prefix..]);
    let suffix: usize = a_rest
        .chars()
        .rev()
        .zip(b_rest.chars().rev())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .sum();
    (prefix, suffix)
}

/// Turns a finished run into a candidate if it is a repair worth making.
pub(super) fn finish_run(
    text: &str,
    seg: &Segment,
    spec: &ChainSpec,
    run: Run,
    decoded: &str,
    out: &mut Collector,
) {
    let (end_k, decoded_len, recovered, lossy) = run.last_common;
    if end_k <= run.start {
        return;
    }
    let range = seg.text_at[run.start]..seg.text_at[end_k];
    let Some(replacement) = decoded.get(..decoded_len) else {
        return;
    };
    add_candidate(text, spec, range, replacement, (recovered, lossy), out);
}

/// Whether `range` of `text` is a superscript two or three ending a word (yarda³, m²) that the
/// repair would read as a letter of a word the text does not write (yardał): an exponent, as
/// units write it. Where the word becomes one the text writes (by³ for był through
/// windows-1250), or the line holds other letters such a reading changes, the letter it was is
/// as likely. (¹ ends no unit: odpowiadaj¹ is Polish ą.)
/// Whether the CJK letters of `replacement`, put in place of `text[range]`, are all ideographs
/// of CJK Extension A (a Chinese line read back whole reads common ones beside them) and no CJK
/// letter stands in a window around the run.
fn is_stray_extension_a_reading(text: &str, range: &Range<usize>, replacement: &str) -> bool {
    let extension_a = |c: char| ('\u{3400}'..='\u{4DBF}').contains(&c);
    let mut letters = replacement.chars().filter(|&c| is_cjk_letter(c)).peekable();
    if letters.peek().is_none() || !letters.all(extension_a) {
        return false;
    }
    let window = window_around(text, range, LONE_CJK_WINDOW);
    !text[window].chars().any(is_cjk_letter)
}

/// Whether the character right before or right after `text[range]` is a Latin-1 symbol
/// (U+00A1..U+00BF, × and ÷) the single-byte charset `wrong` has no byte for. (Not a letter: a
/// CJK letter beside the run may be what an earlier layer's repair made; nor CJK or general
/// punctuation, which a line mixing clean CJK text and a mojibake word, cafÃ©。, holds.)
fn glued_to_unshown(text: &str, range: &Range<usize>, wrong: Charset) -> bool {
    let unshown = |c: Option<char>| {
        c.is_some_and(|c| {
            matches!(c, '\u{A1}'..='\u{BF}' | '×' | '÷')
                && super::gate::single_byte_of(wrong, c).is_none()
        })
    };
    unshown(text[..range.start].chars().next_back()) || unshown(text[range.end..].chars().next())
}

/// Whether `replacement`, put in place of `text[range]`, is one Hangul syllable and nothing else
/// beyond ASCII, glued to a letter of another script right before it, that is no Korean particle
/// or word ending ([`is_korean_word_ending`](crate::fix::words::is_korean_word_ending)), with no CJK letter in a window around.
fn is_stray_hangul_reading(text: &str, range: &Range<usize>, replacement: &str) -> bool {
    let mut beyond_ascii = replacement.chars().filter(|c| !c.is_ascii());
    let (Some(syllable), None) = (beyond_ascii.next(), beyond_ascii.next()) else {
        return false;
    };
    let glued_to = match replacement.chars().next() {
        Some(first) if first == syllable => text[..range.start].chars().next_back(),
        _ => replacement.chars().take_while(|&c| c != syllable).last(),
    };
    if !crate::score::is_hangul(syllable)
        || crate::fix::words::is_korean_word_ending(syllable)
        || !glued_to.is_some_and(|c| c.is_alphabetic() && !is_cjk_letter(c))
    {
        return false;
    }
    let window = window_around(text, range, LONE_CJK_WINDOW);
    !text[window].chars().any(is_cjk_letter)
}

/// Whether `text`, as the bytes `wrong` shows it for, is nothing but EUC-KR's Hangul syllables
/// (a lead 0xB0..=0xC8 and a trail 0xA1..=0xFE each), two at least, between ASCII spaces and
/// punctuation.
fn reads_as_hangul(text: &str, wrong: Charset) -> bool {
    let (mut syllables, mut lead) = (0u32, None);
    for c in text.chars() {
        if c.is_ascii() {
            if lead.is_some() || c.is_ascii_alphanumeric() {
                return false;
            }
            continue;
        }
        let Some(byte) = single_byte_of(wrong, c) else {
            return false;
        };
        match lead.take() {
            None if is_euc_kr_hangul_lead(byte) => lead = Some(byte),
            Some(_) if is_euc_kr_hangul_trail(byte) => syllables += 1,
            _ => return false,
        }
    }
    lead.is_none() && syllables >= 2
}

/// Whether `replacement`, put in place of `text[range]`, is one Korean particle (은 는 을 를 이
/// 가 의 로 와 과 도 에 만) glued to the end of an ASCII word, number or bracket and ending the
/// word itself (killall은, 150MiB와, (1)의).
fn is_glued_korean_particle(text: &str, range: &Range<usize>, replacement: &str) -> bool {
    let mut chars = replacement.chars();
    let (Some(syllable), None) = (chars.next(), chars.next()) else {
        return false;
    };
    crate::fix::words::is_korean_particle(syllable)
        && text[..range.start]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == ')')
        && !text[range.end..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
}

/// Whether `text[range]` holds ¿ or ¡ opening a Spanish clause
/// ([`opens_spanish_clause`](super::gate::opens_spanish_clause)) and no other non-ASCII
/// character but accented Latin letters beside an ASCII letter (¿cuál, ¡no lo sé!): Spanish.
fn is_spanish_run(text: &str, range: Range<usize>) -> bool {
    let mut prev = text[..range.start].chars().next_back();
    let mut opens = false;
    let mut chars = text[range.clone()].char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let next = chars
            .peek()
            .map(|&(_, n)| n)
            .or_else(|| text[range.end..].chars().next());
        let in_word = |c: char| {
            char_cost(c).1 == Script::LatinAccented
                && c.is_alpha()
                && (prev.is_some_and(|p| p.is_ascii_alphabetic())
                    || next.is_some_and(|n| n.is_ascii_alphabetic()))
        };
        if !c.is_ascii() {
            if super::gate::opens_spanish_clause(prev, c, &text[range.start + at..]) {
                opens = true;
            } else if !in_word(c) {
                return false;
            }
        }
        prev = Some(c);
    }
    opens
}

/// Whether `c` is a decimal digit of a numbering other than the ASCII one (Arabic-Indic,
/// Persian, the Indic scripts', Thai, Lao, Tibetan, Myanmar, Khmer, Mongolian).
fn is_native_digit(c: char) -> bool {
    let cp = u32::from(c);
    matches!(cp, 0x660..=0x669 | 0x6F0..=0x6F9 | 0x7C0..=0x7C9 | 0xE50..=0xE59 | 0xED0..=0xED9
        | 0xF20..=0xF29 | 0x1040..=0x1049 | 0x17E0..=0x17E9 | 0x1810..=0x1819)
        || ((0x966..=0xDEF).contains(&cp) && (0x66..=0x6F).contains(&(cp & 0x7F)))
}

/// Whether `replacement`, put in place of `text[range]`, is one native digit
/// ([`is_native_digit`]) and the other characters: no letter of the digit's script stands within
/// a window around it, nor another character like the one the run starts with (the lead byte
/// of the digit's UTF-8 as the wrong charset shows it: Ù in Arabic text read as windows-1252,
/// whose letters and numbers are all such pairs).
fn is_stray_native_digit_reading(text: &str, range: &Range<usize>, replacement: &str) -> bool {
    let mut changed = replacement.chars().filter(|c| !c.is_ascii());
    let (Some(digit), None) = (changed.next(), changed.next()) else {
        return false;
    };
    let Some(lead) = text[range.clone()].chars().find(|c| !c.is_ascii()) else {
        return false;
    };
    if !is_native_digit(digit) {
        return false;
    }
    let block = u32::from(digit) >> 7;
    let window = window_around(text, range, LONE_CJK_WINDOW);
    !text[window.clone()].char_indices().any(|(at, c)| {
        (c.is_alpha() && u32::from(c) >> 7 == block)
            || (c == lead && !range.contains(&(window.start + at)))
    })
}

fn is_unit_exponent(text: &str, range: Range<usize>, replacement: &str) -> bool {
    let original = &text[range.clone()];
    if !matches!(original, "²" | "³") || text[range.end..].starts_with(char::is_alphanumeric) {
        return false;
    }
    let stem_len: usize = text[..range.start]
        .chars()
        .rev()
        .take_while(|c| c.is_alpha())
        .map(char::len_utf8)
        .sum();
    let stem = &text[range.start - stem_len..range.start];
    // (A line with other letters a re-tabled reading changes, podzia³ beside czêœci, has its
    // evidence elsewhere: looked for within a window, so that a line of many exponents is not
    // read once for each.)
    let other_evidence = || {
        let window = window_around(text, &range, LONE_CJK_WINDOW);
        text[window.clone()].char_indices().any(|(at, c)| {
            !range.contains(&(window.start + at))
                && !matches!(c, '²' | '³')
                && alphabets::windows_1250_reads_other(c)
        })
    };
    !stem.is_empty()
        && replacement.chars().all(char::is_alpha)
        && !word_known(stem.chars().chain(replacement.chars()))
        && !other_evidence()
}

/// Weighs reading `text[range]` as `replacement` along `spec` and keeps it as a candidate if it
/// is a repair worth making (`recovered`, `lossy`: whether lost bytes were filled or are
/// still missing).
pub(super) fn add_candidate(
    text: &str,
    spec: &ChainSpec,
    range: Range<usize>,
    replacement: &str,
    (recovered, lossy): (bool, bool),
    out: &mut Collector,
) {
    let original = &text[range.clone()];
    if original == replacement || original.is_ascii() {
        return;
    }
    // ASCII reads the same in both: trim what the two share at either end, so the costs (and
    // the step) cover only what changes.
    let lossy_run = replacement.contains('\u{FFFD}');
    let (prefix, suffix) = common_ends(original, replacement);
    // What the shared ends hold next to the change, up to the nearest ASCII character.
    let kept_before: usize = original[..prefix]
        .chars()
        .rev()
        .take_while(|c| !c.is_ascii())
        .map(char::len_utf8)
        .sum();
    let kept_after: usize = original[original.len() - suffix..]
        .chars()
        .take_while(|c| !c.is_ascii())
        .map(char::len_utf8)
        .sum();
    let span = range.start + prefix - kept_before..range.end - suffix + kept_after;
    let range = range.start + prefix..range.end - suffix;
    let original = &text[range.clone()];
    let replacement = &replacement[prefix..replacement.len() - suffix];
    if replacement.is_empty() && text[range.end..].starts_with(original) {
        // A reading that only drops characters the text repeats right after them (Р followed by
        // U+00A0 through windows-1251 is the UTF-8 of Р itself, Р and U+00A0 again after it)
        // would find itself again in its own output, one character a round: no repair.
        return;
    }
    // UTF-8 read by a CJK decoder that lost a byte of each character (鏂? for 新, E6 96 and a
    // lost B0 before the end): the reading's lost characters are shown as such, the loss
    // reported, rather than the rare characters and placeholders the decoder made of them kept
    // as text. (Only between what is no CJK letter, nor after a loss or before a letter or
    // digit: a decoder loses a lead byte before what it cannot pair it with, a space or
    // punctuation or the end, and a lost character among CJK text or after other losses is
    // read with its neighbours; one before letters, 的?de) in a page of pinyin annotations, is
    // the annotation's.)
    let cjk_or_lost = |c: Option<char>| c.is_some_and(|c| is_cjk_letter(c) || c == '\u{FFFD}');
    let cjk_lost_characters = spec.chain.actual.is_utf8()
        && is_cjk_legacy(spec.chain.wrong)
        && lossy_run
        && replacement.chars().all(|c| c == '\u{FFFD}' || c == ' ')
        && original.chars().any(is_cjk_letter)
        && !cjk_or_lost(text[..range.start].chars().next_back())
        && !text[range.end..]
            .chars()
            .next()
            .is_some_and(|c| is_cjk_letter(c) || c.is_alphanumeric());
    if lossy_run && replacement.chars().all(|c| c == '\u{FFFD}') && !cjk_lost_characters {
        // Only loss to show for it: keep the text as it is rather than erase it.
        return;
    }
    if spec.chain.actual.is_utf8() && replacement.chars().any(|c| c >= UNASSIGNED_PLANES) {
        // Nothing is assigned from plane 4 on but tags and private use: a reading that lands
        // there (U+439EF from ±âº» through IBM437) is chance, however dear what it replaces.
        return;
    }
    if spec.chain.actual.is_utf8()
        && spec.chain.wrong.is_single_byte()
        && is_stray_extension_a_reading(text, &range, replacement)
    {
        // A rare ideograph of Extension A alone among no CJK text (䠤 for д\u{A0}¤, E4 A0 A4
        // through windows-1251: a price pattern): no text writes one so.
        return;
    }
    if spec.chain.actual.is_utf8()
        && spec.chain.wrong.is_single_byte()
        && glued_to_unshown(text, &range, spec.chain.wrong)
    {
        // A run glued to a Latin-1 symbol its wrong table never shows (н\u{A0}¤ through KOI8-R,
        // whose bytes CE 9A are the UTF-8 of Κ, before a price pattern's ¤, which KOI8-R
        // lacks): the decoder that made the run would have made its neighbour too, so the
        // run is no reading of it.
        return;
    }
    if spec.chain.actual.is_utf8()
        && spec.chain.wrong.is_single_byte()
        && out.min_gain >= 0
        && is_stray_hangul_reading(text, &range, replacement)
    {
        // One Hangul syllable glued to the end of a word of another alphabet, no particle nor
        // ending, among no CJK text (려 for ë\u{A0}¤, EB A0 A4 through windows-1252: Albanian
        // mijë and a price pattern's ¤): Korean glues only those to a foreign word (killall은).
        // (As a first step that may cost, it is what a second layer hides: Contraseì±°a is
        // Contrase챰a through windows-1252, whose 챰 is EUC-KR's reading of ñ.)
        return;
    }
    if spec.chain.actual.is_utf8() && is_stray_native_digit_reading(text, &range, replacement) {
        // A lone digit of Arabic, Devanagari or Thai numbering with nothing of its script
        // around (٣ for Ù£, D9 A3: EUC-KR's 名 read as windows-1252): chance, however cheap a
        // digit is; a script's own digits are written in its own text.
        return;
    }
    if is_cjk_to_cjk(spec.chain)
        && !original.chars().any(is_cjk_letter)
        && !replacement.chars().any(is_cjk_letter)
    {
        // Big5 and GBK mixed up is about CJK text: a lone symbol (§ read as ”, ★ as 」) is not.
        return;
    }
    if spec.chain.actual.is_single_byte() && is_unit_exponent(text, range.clone(), replacement) {
        return;
    }
    let high_lead = [Charset::GBK, Charset::EUC_KR, Charset::EUC_JP].contains(&spec.chain.actual);
    // (Big5's common characters have lead bytes 0xA4..=0xC6, which windows-1252 shows as ¤, ¥, ¦,
    // § … : a run of two such symbols is its shape, »« or „“ alone is not.)
    let big5_symbols = spec.chain.actual == Charset::BIG5
        && original.chars().filter(|c| !c.is_ascii()).count() < 2;
    if (high_lead || big5_symbols)
        && spec.chain.wrong.is_single_byte()
        && !original.chars().any(|c| !c.is_ascii() && c.is_alpha())
        && !((original
            .chars()
            .filter(|c| !c.is_ascii())
            .all(|c| ('\u{A1}'..='\u{BF}').contains(&c))
            && original.chars().filter(|c| !c.is_ascii()).nth(1).is_some()
            && replacement.chars().all(is_cjk_letter))
            || (original
                .chars()
                .filter(|c| !c.is_ascii())
                .all(|c| ('\u{A1}'..='\u{BF}').contains(&c))
                && replacement.chars().filter(|c| !c.is_ascii()).all(|c| {
                    is_latin_accented(c) || matches!(c, '—' | '‘' | '’' | '“' | '”' | '…')
                })))
    {
        // GBK, Big5 and the EUC charsets read byte by byte show letters (their lead bytes are
        // mostly 0xC0 and up); punctuation alone, like »« or „“, is typography, not a Han
        // character, unless a run of nothing but such symbols reads as nothing but CJK letters
        // (²» for 不, B2 BB: the ideographs whose bytes are all in 0xA1..=0xBF show as symbols,
        // and with an ASCII trail byte, two of them at least, ´_¶¨ for GBK's 確定),
        // or such symbols in Latin words read as nothing but accented letters (GBK's row of
        // pinyin letters, é as A8 A6: Latin text in GBK, T¨¦l¨¦chargement, which Big5 and then
        // EUC-JP would otherwise read as Tëlëchargement) or the punctuation Latin text shares
        // with CJK text (¡°Hola¡± for “Hola”, ¡­ for …, which Big5 reads as ※Hola§ and ＃).
        return;
    }
    // Legacy CJK bytes read as a single-byte table (GBK's ÎÒÃÇ for 我们).
    let legacy_as_single_byte = !spec.chain.actual.is_utf8()
        && !spec.chain.actual.is_single_byte()
        && spec.chain.wrong.is_single_byte();
    // Big5 and GBK reading each other's bytes: CJK text stays in runs, so a reading into
    // ideographs of ideographs that all stand alone inside Latin words (gjuh禱 t禱 shum禱fishta,
    // Albanian ë through Big5, read as GBK's 毛) reads what is no CJK text at all. (Latin text
    // in GBK read as Big5 shows its accented letters so, Param豕tres: read back as letters.)
    if super::search::is_cjk_to_cjk(spec.chain)
        && replacement.chars().any(is_han)
        && cjk_letters_all_inside_words(text, &range)
    {
        return;
    }
    // A Japanese particle in Big5 standing as a word (ÇV for は): its trail byte is ASCII, and
    // such a word is no Latin text's.
    let big5_particle = legacy_as_single_byte
        && spec.chain.actual == Charset::BIG5
        && is_lone_big5_particle(
            text[..range.start].chars().next_back(),
            &text[range.start..],
        );
    if legacy_as_single_byte
        && original.chars().any(|c| c.is_ascii_alphabetic())
        && !*out
            .has_cjk_letter
            .get_or_insert_with(|| text.chars().any(is_cjk_letter))
    {
        // Legacy CJK bytes with an ASCII letter among them (a trail byte), in a line with no CJK
        // text: the letter may as well be the word's. A CJK character or two alone among Latin
        // words is none (Japanese and Chinese text runs on: Ewe ƒe, "of", 0x83 0x65 through
        // windows-1252, is no テ); nor, even alone, one kana letter or uncommon ideograph (ƒe
        // and ƒo are no テ and バ, nor GBK's 僥; a common ideograph may be, ”N for 年, and a
        // particle between Latin words, GBK's ¤Ï for は, has no ASCII byte), nor two kana whose
        // trail bytes are both small ASCII letters (Ewe ƒoƒo, "hour", is no ババ).
        let lone_among_latin =
            replacement.chars().count() <= 2 && replacement.chars().all(is_cjk_letter) && {
                // (Within a window of the line, so that the test stays linear in the line.)
                let window = window_around(text, &range, LONE_CJK_WINDOW);
                is_latin_with_lone_cjk(&format!(
                    "{}{replacement}{}",
                    &text[window.start..range.start],
                    &text[range.end..window.end]
                ))
            };
        if !big5_particle
            && (lone_among_latin
                || is_uncommon_lone_letter(replacement)
                || is_kana_pair_from_letters(replacement, original))
        {
            return;
        }
    }
    // Spanish opens its questions and exclamations with ¿ and ¡ glued to the first word (Oye,
    // ¡vamos! Dime, ¿cuál es?): a legacy CJK charset reads each with the letter after it as an
    // ideograph (」amos, 盧u嫮 through Big5), but a run of those marks and accented letters
    // inside words is Spanish.
    if legacy_as_single_byte && is_spanish_run(text, range.clone()) {
        return;
    }
    // Two small accented letters of one Latin alphabet (Czech áž, Spanish íñ, French çû) as one
    // CJK character, in a line with no CJK text: every legacy CJK charset puts its commonest
    // characters under lead bytes windows-1252 shows as capitals or symbols (是 as ÊÇ, 的 as
    // µÄ), and those under small letters (0xDF and up: 釣, 迹, 琨) are mostly its rarer ones; the
    // letters are a word's. (CLDR's strings: 320 changed -> 291, the evaluation unchanged.)
    // Nor is a letter and a superscript two or three ending a word (Gaelic mì³ as 斐, á² as
    // Shift_JIS's 盍): a unit's exponent. (CLDR's strings: 225 changed -> 200, the evaluation
    // unchanged.)
    if legacy_as_single_byte
        && (is_lowercase_letter_pair_of_one_alphabet(original)
            || is_letter_with_exponent(text, range.clone()))
        && replacement.chars().count() == 1
        && !*out
            .has_cjk_letter
            .get_or_insert_with(|| text.chars().any(is_cjk_letter))
    {
        return;
    }
    // Korean in EUC-KR read as windows-1252 shows each syllable as a capital from À to È or a
    // symbol before another character (주의 as ÁÖÀÇ, 이 행 as ÀÌ Çà): windows-1251 reads those
    // as Cyrillic capitals (БЦАЗ, АМ За) that price cheaper than the Latin, but Russian
    // writes no such words; only a word the languages know makes the reading worth weighing.
    if spec.chain.actual.is_single_byte()
        && reads_as_hangul(original, spec.chain.wrong)
        && known_words(replacement, KNOWN_WORD_MIN_LETTERS, false) == 0
    {
        return;
    }
    // A single-byte text read with another single-byte table: the letter pairs are the evidence,
    // and what they gain counts with the characters' costs.
    let mut pair_gain = 0;
    if spec.chain.actual.is_single_byte() {
        let witnessed = has_witness_letter(spec.chain, text, out);
        let central = spec.chain.actual == single!(WINDOWS_1250);
        // (A line whose letters are one windows-1252 language's, and no windows-1250 one's
        // once re-read, is no long line of evidence for windows-1250: Estonian ä beside õ. Nor
        // is one whose other words are no windows-1250 language's: Gaelic gnìomharaiche
        // reultaige ann is as long as Croatian u zadanom naèinu prikaza, and the letter
        // statistics price ě for ì alike in both.)
        let long_line = *out.long_line.get_or_insert_with(|| {
            text.chars().filter(|&c| is_letter(c)).count() >= LATIN_SWAP_LINE_LETTERS
        }) && !(central
            && out
                .line_letters
                .get_or_insert_with(|| alphabets::line_letters(text))
                .western_language());
        let words_of_table = !central
            || *out
                .central_european_words
                .get_or_insert_with(|| has_central_european_function_word(text));
        match retable_pair_gain(
            text,
            range.clone(),
            replacement,
            RetableLine {
                witnessed,
                central,
                long_line,
                words_of_table,
                letters: *out
                    .line_letter_count
                    .get_or_insert_with(|| LineLetterCount::of(text)),
                mixed_pairs: *out
                    .mixed_pairs
                    .get_or_insert_with(|| counts_mixed_pairs(text)),
            },
        ) {
            Some(gain) => pair_gain = gain,
            None => return,
        }
    }
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    // Big5 and GBK mixed up: a reading whose CJK letters all pair into words the languages
    // write, where the text as it stands makes none, is the evidence a short string has (厩策
    // for 學習, 斕疑 for 你好: both readings are common characters).
    if is_cjk_to_cjk(spec.chain) {
        let (old_pairs, _) = cjk_pairs_in(before, original, after);
        let (new_pairs, new_unknown) = cjk_pairs_in(before, replacement, after);
        if new_pairs == 0 && is_zhuyin_writing(original) {
            // Zhuyin is Taiwanese writing (ㄅ ㄆ ㄇ, 好ㄉ); read as ideographs that make no word
            // (乳 事 些, 疑享), it was no mojibake of them.
            return;
        }
        if old_pairs == 0 && new_pairs > 0 && new_unknown == 0 {
            pair_gain += CJK_WORDS_GAIN;
        }
        // Small kana where Japanese never writes them (ゅン), a long vowel mark after no kana
        // or a word opening with る are no Japanese text: a short reading that writes them is
        // none (奈及 as ーの), where a long one's letter pairs outweigh a slip of spelling
        // beside a lost character's debris (�@る).
        let (broken_before, broken_after) = (
            breaks_kana_spelling(before, original),
            breaks_kana_spelling(before, replacement),
        );
        let short =
            || replacement.chars().filter(|&c| is_cjk_letter(c)).count() <= SHORT_KANA_READING;
        if broken_after && !broken_before && short() {
            return;
        }
        if broken_before && !broken_after {
            pair_gain += STRANDED_KANA_GAIN;
        }
        // Nor is a zhuyin letter with no CJK letter beside it Chinese (ㄒ: for 例: through GBK,
        // which shows Big5's row A8 of common ideographs as zhuyin and pinyin): zhuyin runs on
        // as phonetic writing, or follows a character as Taiwanese online slang does (好ㄉ).
        if is_lone_zhuyin_reading(text, &range, replacement) {
            pair_gain += LONE_ZHUYIN_GAIN;
        }
    }
    // Legacy CJK bytes read as a single-byte table: a reading whose CJK letters all pair into
    // words the languages write (描述, 注記: EUC-KR's hanja read as windows-1252) is the one
    // the writer meant over another table's of rarer pairs (掣碼 through EUC-JP). (Measured:
    // EUC-KR read as windows-1252 98.75 → 98.97 %, Shift_JIS 99.09 → 99.30 %, `--short` GBK
    // 94.35 → 95.03 %, Shift_JIS 94.12 → 94.67 %; no clean string changed. A gain of 4 left
    // Shift_JIS as it was.)
    if legacy_as_single_byte {
        let (new_pairs, new_unknown) = cjk_pairs_in(before, replacement, after);
        if new_pairs > 0 && new_unknown == 0 {
            pair_gain += LEGACY_CJK_WORDS_GAIN;
        }
    }
    // A lost byte filled so that the words are ones the languages write (opțiunea through
    // ISO-8859-2, where windows-1250 can only make opȘiunea) outweighs a reading of fills the
    // letter statistics merely allow.
    // And any reading of UTF-8 through a single-byte table that makes known words gains a
    // little: the tables of one family (windows-1250 and ISO-8859-2) read the same bytes as two
    // valid UTF-8 texts whose letters the pairs price alike (ponieważ and poniewať, lütfen and
    // låtfen), and the word is the evidence that tells them.
    if spec.chain.actual.is_utf8()
        && spec.chain.wrong.is_single_byte()
        && replacement
            .chars()
            .any(|c| !c.is_ascii() && crate::score::is_word_letter(c))
    {
        let new = words_with(text, range.clone(), replacement);
        pair_gain += if recovered {
            KNOWN_WORD_GAIN
        } else {
            KNOWN_WORD_TIE_GAIN
        } * known_words(&new, KNOWN_WORD_MIN_LETTERS, !recovered);
    }
    if spec.chain.actual.is_utf8()
        && spec.chain.wrong.is_single_byte()
        && original
            .chars()
            .all(|c| !c.is_ascii() && (is_letter(c) || char_cost(c).1 == Script::Neutral))
        && replacement.chars().any(|c| {
            // (From Latin, Greek or Cyrillic letters, not rare Han or windows-1252's ƒ, Š or ˜:
            // those are what the outer layer of a double mojibake undoes to, the mojibake the
            // next layer reads.)
            // (A joiner's cost is its neighbours' to say: text_cost weighs it in place.)
            char_cost(c).0 >= SUSPICIOUS_COST
                && !score::is_joiner(c)
                && ((!is_cjk_letter(c) && single_byte_of(Charset::WINDOWS_1252, c).is_none())
                    || original
                        .chars()
                        .all(|o| matches!(char_cost(o).1, Script::Other(_) | Script::Neutral)))
        })
    {
        // Nothing but letters (and punctuation), as the gate asks of a sequence of letters: they
        // must stand for a common character. Persian وک، (E6 98 A1 through windows-1256, a
        // word's end and a comma) is no mojibake of 昡, Czech ášť (E1 B9 BB through ISO-8859-2)
        // none of ṻ.
        return;
    }
    let drawing = |c: char| ('\u{2500}'..='\u{259F}').contains(&c);
    if spec.chain.wrong == Charset::IBM437
        && original.chars().all(|c| c.is_ascii() || drawing(c))
        && !before.is_some_and(char::is_alpha)
        && !after.is_some_and(char::is_alpha)
    {
        // IBM437 shows UTF-8 lead bytes as box drawing (café as caf├⌐, « as ┬½): box drawing
        // alone, with no letter beside it, is a drawing (─┐).
        return;
    }
    // A whole line that a CJK decoder made of well-formed UTF-8, four characters and more, is
    // UTF-8 whatever script it turns out to be (Persian, Armenian): no chance reading is that
    // long.
    let structural = out.whole_line
        && replacement.chars().filter(|c| !c.is_ascii()).count() >= WHOLE_LINE_STRUCTURAL_CHARS;
    let halfwidth_kana =
        |c: Option<char>| c.is_some_and(|c| ('\u{FF61}'..='\u{FF9F}').contains(&c));
    if spec.chain.actual.is_utf8()
        && (halfwidth_kana(before) || halfwidth_kana(after))
        && original.chars().all(|c| halfwidth_kana(Some(c)))
    {
        // Halfwidth katakana read as UTF-8 up to another halfwidth katakana: a cut through a
        // word of clean halfwidth text (ﾃｽﾄ, "test", is not ý followed by ﾄ).
        return;
    }
    let foreign: u32 = if structural {
        0
    } else {
        replacement
            .chars()
            .map(|c| foreign_penalty(spec.chain, c))
            .sum::<u32>()
            + kana_penalty(spec.chain, replacement)
    };
    // CJK characters alone among Latin words, each read back as one accented letter: what a CJK
    // decoder makes of a Latin word's é (pu貌 for può, lanc茅 for lancé, "lo 猫" for "lo è").
    let accented = is_latin_accented;
    let one_accented_letter = replacement.chars().count() == 1 && replacement.chars().all(accented);
    // (A string that is one ASCII letter and one CJK character is a word of two letters where
    // the reading makes a common one: P奪 is på.)
    let two_letter_latin_word = || {
        let word = text.trim();
        word.chars().count() == 2
            && word.contains(original)
            && is_latin_two_letter_word(&words_with(text, range.clone(), replacement))
    };
    let lone_cjk_letters = if spec.chain.actual.is_utf8()
        && original.chars().count() == replacement.chars().count()
        && (*out
            .latin_with_lone_cjk
            .get_or_insert_with(|| is_latin_with_lone_cjk(text))
            || two_letter_latin_word())
    {
        lone_cjk_letters(text, range.clone(), replacement, accented)
    } else {
        0
    };
    // The same from a single-byte decoder: two characters, at least one a letter of another
    // alphabet (ГЁ for è through windows-1251, Г– for Ö).
    let lone_foreign = spec.chain.actual.is_utf8()
        && one_accented_letter
        && *out
            .latin_with_lone_foreign
            .get_or_insert_with(|| is_latin_with_lone_foreign(text))
        && original.chars().count() == 2
        && original.chars().any(is_foreign_letter);
    let lone_letters = lone_cjk_letters + u32::from(lone_foreign);
    let pair_gain = pair_gain + lone_letters * LONE_CJK_BONUS;
    // A Japanese particle standing between Latin words (pwconv ‚Í /etc/login.defs for は):
    // Japanese text that names commands writes them so, and no Latin text has such a word.
    let lone_particle = is_cjk_legacy(spec.chain.actual)
        && spec.chain.wrong.is_single_byte()
        && replacement.chars().count() == 1
        && replacement.chars().all(is_japanese_clause_particle)
        && text[..range.start].ends_with(' ')
        && text[range.end..].starts_with([' ', '\n']);
    // (Big5's particles show as Ç and an ASCII letter or symbol, ÇV for は: cheap as they stand,
    // where Shift_JIS's show a dear ‚.)
    let pair_gain = pair_gain
        + match (lone_particle, big5_particle) {
            (true, true) => LONE_PARTICLE_GAIN + BIG5_PARTICLE_GAIN,
            (true, false) => LONE_PARTICLE_GAIN,
            _ => 0,
        };
    // A Korean particle glued to a command, a number or a format (killallÀº for killall은,
    // 150MiB¿Í for 150MiB와): Korean writes its particles so after a foreign word, where no
    // Latin word ends in two such symbols and GBK's reading of them (篮, 客) is a lone ideograph.
    let pair_gain = pair_gain
        + if spec.chain.actual == Charset::EUC_KR
            && spec.chain.wrong.is_single_byte()
            && is_glued_korean_particle(text, &range, replacement)
        {
            GLUED_KOREAN_PARTICLE_GAIN
        } else {
            0
        };
    // Two CJK letters that make no word, read back as a common two-letter word of a Cyrillic or
    // Greek language standing alone (薪械 for не, 孝芯 for То): the word is the evidence a short
    // string has, where the letter pairs of two letters say little.
    let two_letter_word = spec.chain.actual.is_utf8()
        && is_cjk_legacy(spec.chain.wrong)
        && is_common_two_letter_word(replacement)
        && is_two_unpaired_cjk_letters(original)
        && !text[..range.start]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
        && !text[range.end..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric);
    let pair_gain = pair_gain
        + if two_letter_word {
            TWO_LETTER_WORD_GAIN
        } else {
            0
        };
    let rare_han = original.chars().any(|c| {
        let (cost, script) = char_cost(c);
        script == crate::score::Script::Han && cost >= RARE_HAN_COST
    });
    let suspicious: u32 = if rare_han {
        original
            .chars()
            .map(|c| wrong_side_penalty(spec.chain, c))
            .sum()
    } else {
        0
    };
    // UTF-8 read byte by byte leaves every high byte in some sequence: a reading that stops
    // next to a character a single-byte table shows for a high byte explains only part of the run
    // (ÕⱾ for Õâ±¾, which is 这本 in GBK).
    let run_before = text[..span.start].chars().next_back();
    let run_after = text[span.end..].chars().next();
    let orphan = spec.chain.actual.is_utf8()
        && spec.chain.wrong.is_single_byte()
        && [run_before, run_after]
            .into_iter()
            .flatten()
            .any(|c| !c.is_ascii() && c.is_alpha() && is_high_byte_char(c));
    let mut gain = i64::from(text_cost(before, original, after) + suspicious + pair_gain)
        - i64::from(text_cost(before, replacement, after) + foreign)
        - spec.prior
        - if orphan { ORPHAN_NEIGHBOUR_COST } else { 0 };
    if structural
        && !lossy
        && !recovered
        && !spec.chain.wrong.is_single_byte()
        && replacement.chars().filter(|c| !c.is_ascii()).count() >= WHOLE_LINE_CERTAIN_CHARS
    {
        // Legacy CJK bytes are almost never well-formed UTF-8; a whole line of it, six
        // characters and more, is UTF-8 even where its script prices dearer than the
        // mojibake (Armenian read as GBK: 諙铡盏宅炸 for Ֆայլը).
        gain = gain.max(STRONG_UTF8_GAIN);
    }
    if cjk_lost_characters {
        gain += i64::from(LOST_WHOLE_CHARACTER_GAIN);
    }
    if gain > out.min_gain {
        out.list.push(Candidate {
            range,
            span,
            replacement: replacement.to_owned(),
            chain: spec.chain,
            gain,
            recovered,
            lossy,
        });
    }
}

/// What each known word a reading of UTF-8 through a single-byte table makes gains where no
/// byte was lost ([`KNOWN_WORD_GAIN`] where one was filled): a tie-break between two tables'
/// readings of the same bytes.
const KNOWN_WORD_TIE_GAIN: u32 = 3;

/// The fewest letter pairs of a reading into Greek, Hebrew, Arabic or Thai that
/// [`score::script_pairs_in`] weighs.
const SCRIPT_MIN_PAIRS: u32 = 3;

/// A reading into Greek, Hebrew, Arabic or Thai of whose letter pairs more than one in this many
/// are none the script's words write is no reading.
const SCRIPT_MAX_UNKNOWN_SHARE: u32 = 4;

/// The most a reading into Greek, Hebrew, Arabic or Thai gains by its letter pairs (one a pair
/// where all are known, one for two where a few are not).
const SCRIPT_PAIRS_MAX_GAIN: u32 = 24;

/// What each letter pair of a reading into Greek, Hebrew, Arabic or Thai gains where all of them
/// are pairs the script's words write.
const SCRIPT_PAIR_GAIN: u32 = 3;

/// Whether the CJK letters of `text[range]`, two at least, are ideographs that each stand alone
/// (no CJK letter next to it) glued to an ASCII letter on at least one side. (Not kana: GBK
/// reads Big5's 年 月 日 as る ら, glued to the letters of a date pattern, Gy年M月d日.)
fn cjk_letters_all_inside_words(text: &str, range: &Range<usize>) -> bool {
    let mut count = 0;
    let mut prev = text[..range.start].chars().next_back();
    let mut chars = text[range.start..].char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if at >= range.len() {
            break;
        }
        let next = chars.peek().map(|&(_, n)| n);
        if is_cjk_letter(c) {
            let ascii_letter = |x: Option<char>| x.is_some_and(|x| x.is_ascii_alphabetic());
            if !is_han(c)
                || prev.is_some_and(is_cjk_letter)
                || next.is_some_and(is_cjk_letter)
                || !(ascii_letter(prev) || ascii_letter(next))
            {
                return false;
            }
            count += 1;
        }
        prev = Some(c);
    }
    count >= 2
}
