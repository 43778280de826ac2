//! The plausibility model: how likely is a character, and a pair of neighbours, in real text?
//!
//! Costs are small integers, roughly "bits of surprise": the mojibake search compares the cost of
//! a span before and after a candidate repair. Han ideographs are priced by frequency tiers built
//! from Unihan (see `scripts/gen_tables.py`): frequent characters of Simplified, Traditional and
//! Japanese use are cheap; GB2312 level-2, Big5 less-frequent and GBK-only characters, which make
//! up most of what a wrong decoder produces, are expensive. Hangul syllables outside the 2,350 of
//! KS X 1001, halfwidth katakana, private use characters, C1 controls and the Latin-1 symbols that
//! UTF-8 read as windows-1252 leaves behind are expensive too. Script changes inside a word
//! (Cyrillic or Hangul between Han characters, halfwidth katakana next to Han) add a transition cost.

use crate::{bigrams, tables};

/// The script class of a character, for transition costs.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Script {
    /// Spaces, ASCII digits and punctuation, CJK punctuation, symbols: compatible with anything.
    Neutral,
    /// Latin letters (ASCII and accented).
    Latin,
    /// Accented Latin from the Latin-1 Supplement and Latin Extended blocks.
    LatinAccented,
    Greek,
    Cyrillic,
    Han,
    Kana,
    HalfwidthKana,
    Hangul,
    /// Other letters (Arabic, Hebrew, Thai, …), by script ([`other_script`]: the main block's
    /// first code point / 16): two scripts side by side are a transition.
    Other(u16),
    /// Characters that are suspicious wherever they stand (C1 controls, private use, U+FFFD).
    Junk,
    /// Combining marks: at home after a letter of an alphabet, suspicious anywhere else.
    Mark,
    /// Box drawing and block elements: they come in runs, not next to letters.
    Box,
    /// Latin-1 symbols (¤ ¦ ª ± ² µ ¿ …): beside a digit or space, not glued to a letter.
    Symbol,
}

/// Cost of one character, and its script class. Costs approximate bits of surprise in running
/// text of the character's own script: a frequent Han character carries about as much as two
/// letters, an accented Latin letter more than a plain one, a C1 control is nearly impossible.
#[inline]
pub(crate) fn char_cost(c: char) -> (u32, Script) {
    let cp = u32::from(c);
    // The two ranges that make up most text, before the long match.
    if (0x4E00..=0x9FFF).contains(&cp) {
        return (han_cost(cp), Script::Han);
    }
    if cp < 0x80 {
        return ascii_cost(cp);
    }
    if cp < TABLE_END {
        return small_table()[cp as usize];
    }
    if (0xAC00..=0xD7A3).contains(&cp) {
        return (hangul_cost(cp), Script::Hangul);
    }
    if cp >= HALFWIDTH_AND_FULLWIDTH {
        // Fullwidth punctuation is in every line of Chinese text.
        if let Some(&cost) = fullwidth_table().get((cp - HALFWIDTH_AND_FULLWIDTH) as usize) {
            return cost;
        }
    }
    char_cost_slow(cp)
}

/// The first code point of the Halfwidth and Fullwidth Forms and Specials blocks, which have
/// their costs in a table of their own.
const HALFWIDTH_AND_FULLWIDTH: u32 = 0xFF00;

fn fullwidth_table() -> &'static [(u32, Script)] {
    static TABLE: std::sync::OnceLock<Vec<(u32, Script)>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (HALFWIDTH_AND_FULLWIDTH..=0xFFFF)
            .map(char_cost_slow)
            .collect()
    })
}

/// Code points below this have their cost in a table built once from [`char_cost_slow`]:
/// Latin, Greek, Cyrillic, the other alphabets, punctuation, symbols, CJK punctuation, kana and
/// Extension A (where the fills of a lost byte after E3 or E4 land: dozens a hole in CJK text
/// read with Big5 or EUC-KR).
const TABLE_END: u32 = 0x4E00;

fn small_table() -> &'static [(u32, Script)] {
    static TABLE: std::sync::OnceLock<Vec<(u32, Script)>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| (0..TABLE_END).map(char_cost_slow).collect())
}

fn ascii_cost(cp: u32) -> (u32, Script) {
    match cp {
        0x20 => (2, Script::Neutral),
        0x0A | 0x0D | 0x09 => (3, Script::Neutral),
        0x30..=0x39 => (4, Script::Neutral),
        0x41..=0x5A | 0x61..=0x7A => (4, Script::Latin),
        0x21..=0x7E => (5, Script::Neutral),
        _ => (24, Script::Junk),
    }
}

/// The script of a letter of the other alphabets ([`Script::Other`]): the first code point of
/// its script's main block, for the scripts whose letters span several 128-code-point blocks
/// (Persian ک and Arabic ب are one script), else the 128-code-point block (Devanagari, Thai).
fn other_script(cp: u32) -> u16 {
    let first = match cp {
        0x0530..=0x058F => 0x0530,
        0x0590..=0x05FF | 0xFB1D..=0xFB4F => 0x0590,
        0x0600..=0x06FF | 0x0750..=0x077F | 0x0870..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
            0x0600
        }
        0x0F00..=0x0FFF => 0x0F00,
        0x1000..=0x109F | 0xA9E0..=0xA9FF | 0xAA60..=0xAA7F => 0x1000,
        0x10A0..=0x10FF | 0x1C90..=0x1CBF | 0x2D00..=0x2D2F => 0x10A0,
        0x1200..=0x139F | 0x2D80..=0x2DDF | 0xAB00..=0xAB2F => 0x1200,
        0x13A0..=0x13FF | 0xAB70..=0xABBF => 0x13A0,
        0x1400..=0x167F | 0x18B0..=0x18FF => 0x1400,
        0x1800..=0x18AF => 0x1800,
        0xA000..=0xA4CF => 0xA000,
        0xA500..=0xA63F => 0xA500,
        _ => cp & !0x7F,
    };
    u16::try_from(first >> 4).unwrap_or(u16::MAX)
}

fn char_cost_slow(cp: u32) -> (u32, Script) {
    let other = Script::Other(other_script(cp));
    match cp {
        0x00..=0x7F => ascii_cost(cp),
        0x80..=0x9F => (24, Script::Junk),
        0xA0 => (10, Script::Neutral),
        0xAB | 0xBB | 0xB0 | 0xB7 => (10, Script::Neutral),
        0xA1..=0xBF => (13, Script::Symbol),
        0xD7 | 0xF7 => (12, Script::Neutral),
        0xC0..=0xFF => (8, Script::LatinAccented),
        // The Latin Extended-A letters of Central European and Turkish orthographies.
        0x10D | 0x10C | 0x107 | 0x106 | 0x17E | 0x17D | 0x161 | 0x160 | 0x111 | 0x110 | 0x142
        | 0x141 | 0x144 | 0x15B | 0x17A | 0x17C | 0x151 | 0x171 | 0x11F | 0x131 | 0x130 | 0x15F
        | 0x15E | 0x159 | 0x158 | 0x11B | 0x16F | 0x105 | 0x119 | 0x103 | 0x163 | 0x165 | 0x148
        | 0x13E => (8, Script::LatinAccented),
        0x152 | 0x153 => (8, Script::LatinAccented),
        // The small Baltic letters and macron vowels of Latvian, Lithuanian and Māori (ā ē ī ō ū,
        // ģ ķ ļ ņ, ė į ų; their capitals stay rarer: Ū is what a stray GBK reading makes of 的).
        0x101 | 0x113 | 0x12B | 0x14D | 0x16B | 0x123 | 0x137 | 0x13C | 0x146 | 0x117 | 0x12F
        | 0x173 => (10, Script::LatinAccented),
        // Romanian ș ț (comma below): everyday letters, not the rare Latin Extended-B.
        0x218..=0x21B => (8, Script::LatinAccented),
        0x138 | 0x13F | 0x140 | 0x149 | 0x17F => (16, Script::LatinAccented),
        // The letters beyond Latin-1 that living orthographies write every day: Azerbaijani ə,
        // the open vowels and implosives of West African alphabets (ɛ ɔ ɖ ɓ ɗ ɲ ŋ ʋ ɣ: Akan,
        // Ewe, Hausa, Fula, Bambara, Lingala). (Not ƙ: windows-1250 shows UTF-8's C6 as Ć, and
        // a lost byte after it, Ć? for á through windows-1257, must not read as ƙ.)
        0x259 | 0x18F | 0x25B | 0x190 | 0x254 | 0x186 | 0x256 | 0x189 | 0x253 | 0x181 | 0x257
        | 0x18A | 0x272 | 0x19D | 0x14B | 0x14A | 0x28B | 0x1B2 | 0x263 | 0x194 => {
            (10, Script::LatinAccented)
        }
        0x100..=0x17F => (12, Script::LatinAccented),
        0x1C4..=0x1CC | 0x1F1..=0x1F3 => (18, Script::LatinAccented),
        0x180..=0x24F => (16, Script::LatinAccented),
        0x250..=0x2AF => (15, Script::LatinAccented),
        // The ʻokina and the modifier apostrophe, letters of Uzbek (oʻ, gʻ), Tongan, Hawaiian.
        0x2BB | 0x2BC => (8, Script::Neutral),
        0x2B0..=0x2FF => (16, Script::Neutral),
        // The marks of decomposed text (grave, acute, circumflex, tilde, macron, diaeresis, hook,
        // ring, caron, horn, dot and comma below, cedilla, ogonek) and the rest, seldom written.
        0x300..=0x30C | 0x31B | 0x323 | 0x326..=0x328 => (10, Script::Mark),
        0x30D..=0x31A | 0x31C..=0x322 | 0x324 | 0x325 | 0x329..=0x36F => (14, Script::Mark),
        // The three code points the Greek letters leave unassigned (΢ between Ρ and Σ, where
        // final ς has no capital): no text writes them, a UTF-8 reading of CE A2 (GBK's 微) does.
        0x38B | 0x38D | 0x3A2 => (22, Script::Junk),
        // The ano teleia, which normalisation turns into the middle dot: NFC text never holds it.
        0x387 => (16, Script::Neutral),
        0x386..=0x3CE => (5, Script::Greek),
        // Archaic letters (Ͱ ͱ Ϻ ϻ ϗ), Coptic and the symbol forms (ϐ ϑ ϕ ϖ): no modern Greek
        // orthography writes them, a chance UTF-8 reading does (ͱ is Í± read as UTF-8). (Not
        // the lone accents ΄ ΅, which Greek writes.)
        0x370..=0x383 | 0x3CF..=0x3FF => (16, Script::Greek),
        0x384..=0x385 => (13, Script::Greek),
        // Ѐ Ѝ ѐ ѝ: Bulgarian and Macedonian mark a homograph with them, seldom.
        0x400 | 0x40D | 0x450 | 0x45D => (12, Script::Cyrillic),
        0x400..=0x45F => (5, Script::Cyrillic),
        // Historic and Church Slavonic letters and signs (Ѡ Ѣ Ѫ, titlo): no living orthography.
        0x460..=0x489 => (16, Script::Cyrillic),
        0x48A..=0x4FF => (12, Script::Cyrillic),
        // Arabic comma, semicolon, question mark and full stop; Hebrew maqaf, geresh, gershayim.
        0x60C | 0x61B | 0x61F | 0x6D4 | 0x5BE | 0x5F3 | 0x5F4 => (8, Script::Neutral),
        // Hebrew points and Arabic harakat: marks of their own script, not of any letter.
        0x591..=0x5C7 | 0x610..=0x61A | 0x64B..=0x65F | 0x670 | 0x6D6..=0x6ED => (12, other),
        0x5D0..=0x5EA | 0x620..=0x64A => (8, other),
        // The letters Persian, Urdu, Pashto, Kurdish and Uyghur add to the Arabic alphabet (پ چ
        // ژ ک گ ی, ٹ ڈ ں ہ ے, ښ ګ, ە ۆ ێ): everyday letters of their languages.
        0x671..=0x6D5 | 0x6EE..=0x6EF | 0x6FA..=0x6FF => (8, other),
        0x660..=0x669 | 0x6F0..=0x6F9 => (10, Script::Neutral),
        0x530..=0x58F | 0x10A0..=0x10FF => (9, other),
        0x900..=0xDFF => (10, other),
        // Thai letters seldom written (ฃ ฅ obsolete; ฆ ฌ ญ ฎ ฏ ฐ ฑ ฒ ฝ ฬ in a few words;
        // nikhahit ํ and yamakkan ๎): what a lost byte's other fills read as beside ก or แ.
        0xE03 | 0xE05 | 0xE06 | 0xE0C..=0xE12 | 0xE1D | 0xE2C | 0xE4D | 0xE4E => (9, other),
        0xE01..=0xE3A | 0xE40..=0xE4E => (6, other),
        0x1100..=0x11FF => (15, Script::Hangul),
        0x1780..=0x17FF => (9, other),
        // The living scripts of Myanmar, Ethiopia and Eritrea, the Berber and Cherokee
        // languages: every letter a syllable or a consonant, as Indic ones are.
        0x1000..=0x109F | 0x1200..=0x139F | 0x2D80..=0x2DDF | 0x13A0..=0x13FF | 0x2D30..=0x2D7F => {
            (10, other)
        }
        0x500..=0x1DFF => (16, other),
        // Latin Extended Additional: Vietnamese from U+1EA0 on, and before it the dotted and
        // underlined letters of transliteration, Yoruba and Welsh (ḍ ḥ ḷ ṃ ṅ ṇ ṛ ṣ ṭ ẓ, ẁ ẃ ẅ);
        // the rest (ṻ, Ḏ) no orthography needs.
        0x1E0C..=0x1E0D
        | 0x1E24..=0x1E25
        | 0x1E36..=0x1E37
        | 0x1E40..=0x1E47
        | 0x1E5A..=0x1E5B
        | 0x1E62..=0x1E63
        | 0x1E6C..=0x1E6D
        | 0x1E80..=0x1E85
        | 0x1E92..=0x1E93 => (10, Script::LatinAccented),
        0x1E00..=0x1E9F => (14, Script::LatinAccented),
        0x1EA0..=0x1EFF => (10, Script::LatinAccented),
        0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F => (22, Script::Junk),
        0x2018..=0x201F => (6, Script::Neutral),
        // The narrow no-break space and the thin space French typography puts before ? ! ; :
        // and inside guillemets: as common there as the no-break space.
        0x202F | 0x2009 => (10, Script::Neutral),
        // (The Unicode hyphens, U+2010 and U+2011, are rarer than the dashes: text writes the
        // ASCII hyphen-minus. A lost byte after â€ is far more often ” than ‐.)
        0x2010 | 0x2011 => (10, Script::Neutral),
        0x2012..=0x2015 | 0x2022 | 0x2026 => (8, Script::Neutral),
        0x20AC | 0x2122 => (10, Script::Neutral),
        0x2000..=0x206F => (13, Script::Neutral),
        0x2190..=0x21FF | 0x2460..=0x24FF => (13, Script::Neutral),
        0x2070..=0x22FF => (14, Script::Neutral),
        0x2300..=0x245F => (16, Script::Neutral),
        0x2500..=0x257F => (11, Script::Box),
        0x25A0..=0x25FF => (11, Script::Neutral),
        0x2580..=0x259F => (13, Script::Box),
        0x2600..=0x26FF => (13, Script::Neutral),
        0x2700..=0x27BF => (14, Script::Neutral),
        0x27C0..=0x2DFF => (18, Script::Neutral),
        0x2E80..=0x2FFF => (18, Script::Han),
        // (Not the ditto mark 〃, U+3003: a rare sign, no commoner than the rest of the block.)
        0x3000..=0x3002 | 0x3008..=0x3011 | 0x3014..=0x301F => (6, Script::Neutral),
        0x3004..=0x303F => (12, Script::Neutral),
        0x3041..=0x3096 | 0x309D..=0x309F | 0x30FC => (6, Script::Kana),
        0x30A1..=0x30FA | 0x30FD..=0x30FF => (7, Script::Kana),
        0x3099..=0x309C | 0x30FB => (9, Script::Kana),
        0x3100..=0x312F => (14, other),
        0x3130..=0x318F => (14, Script::Hangul),
        0x3190..=0x33FF => (14, Script::Neutral),
        0x3400..=0x4DBF => (20, Script::Han),
        0x4E00..=0x9FFF => (han_cost(cp), Script::Han),
        0xA000..=0xABFF => (16, other),
        0xAC00..=0xD7A3 => (hangul_cost(cp), Script::Hangul),
        0xE000..=0xF8FF => (22, Script::Junk),
        0xF900..=0xFAFF => (20, Script::Han),
        0xFB00..=0xFB06 => (12, Script::LatinAccented),
        0xFE30..=0xFE4F => (13, Script::Neutral),
        0xFF01 | 0xFF08 | 0xFF09 | 0xFF0C | 0xFF1A | 0xFF1B | 0xFF1F => (6, Script::Neutral),
        0xFF21..=0xFF3A | 0xFF41..=0xFF5A => (13, Script::Neutral),
        0xFF01..=0xFF60 => (12, Script::Neutral),
        0xFF61..=0xFF64 => (13, Script::Neutral),
        0xFF65..=0xFF9F => (14, Script::HalfwidthKana),
        0xFFA0..=0xFFEF => (15, Script::Neutral),
        0xFFFD => (18, Script::Junk),
        0xFFF0..=0xFFFF => (22, Script::Junk),
        0x1F000..=0x1FAFF => (11, Script::Neutral),
        0x20000..=0x3FFFF => (21, Script::Han),
        // Historic scripts and symbols of the Supplementary Multilingual Plane.
        0x10000..=0x1EFFF | 0x1FB00..=0x1FFFF => (18, other),
        // Planes with nothing assigned, tags and private use: what UTF-8 read through a wrong
        // table decodes to by chance (U+439EF from ±âº» through IBM437), never text.
        0x40000..=0xDFFFF => (24, Script::Junk),
        0xE0000..=0x10FFFF => (22, Script::Junk),
        _ => (15, other),
    }
}

/// Han cost from the generated frequency tier (2 = most frequent … 13 = outside every common set).
fn han_cost(cp: u32) -> u32 {
    let i = (cp - tables::HAN_COST_START) as usize;
    let byte = tables::HAN_COST.get(i / 2).copied().unwrap_or(0xFF);
    let tier = u32::from(if i.is_multiple_of(2) {
        byte & 0x0F
    } else {
        byte >> 4
    });
    7 + tier
}

/// How rare a Han ideograph is in modern Mandarin, in bits (-log2 of its share of the
/// kHanyuPinlu counts: 的 5, 对 8, 队 10); `None` for the ideographs without a count. Finer than
/// [`char_cost`]'s tiers: what tells two common candidates for a lost byte apart.
pub(crate) fn han_frequency_bits(c: char) -> Option<u32> {
    let at = u16::try_from(u32::from(c).checked_sub(tables::HAN_COST_START)?).ok()?;
    let i = tables::HAN_PINLU_AT.binary_search(&at).ok()?;
    tables::HAN_PINLU_BITS.get(i).map(|&b| u32::from(b))
}

/// How rare a Hangul syllable is in Korean text, in bits (-log2 of its share of the syllables
/// of the Korean man pages and word list, `scripts/gen_bigrams.py`: 는 6, 주 9, 죄 17); `None`
/// for the syllables that text never writes. What [`han_frequency_bits`] is for Han.
pub(crate) fn hangul_frequency_bits(c: char) -> Option<u32> {
    let at = u16::try_from(u32::from(c).checked_sub(0xAC00)?).ok()?;
    let i = bigrams::HANGUL_SEEN.binary_search(&at).ok()?;
    bigrams::HANGUL_BITS.get(i).map(|&b| u32::from(b))
}

/// Hangul: frequent syllables (Sino-Korean readings of common Hanja, particles and endings) 8,
/// the rest of KS X 1001 11, syllables outside it 17.
fn hangul_cost(cp: u32) -> u32 {
    let i = (cp - 0xAC00) as usize;
    let has = |set: &[u8]| {
        set.get(i / 8)
            .is_some_and(|byte| byte & (1 << (i % 8)) != 0)
    };
    if has(&tables::HANGUL_FREQUENT) {
        8
    } else if has(&tables::HANGUL_KSX1001) {
        11
    } else {
        17
    }
}

/// Han ideographs of the CJK blocks the mojibake search looks at (Extension A and URO).
pub(crate) fn is_han(c: char) -> bool {
    ('\u{3400}'..='\u{9FFF}').contains(&c)
}

/// Precomposed Hangul syllables.
pub(crate) fn is_hangul(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

/// The letters of CJK text: kana, Han, Hangul syllables.
pub(crate) fn is_cjk_letter(c: char) -> bool {
    ('\u{3040}'..='\u{30FF}').contains(&c) || is_han(c) || is_hangul(c)
}

/// Cost of two neighbours standing together (0 for compatible scripts).
pub(crate) fn transition_cost(a: Script, b: Script) -> u32 {
    use Script::*;
    if a == b {
        return 0;
    }
    match (a, b) {
        // (The other alphabets' marks are their letters' script: Thai, Devanagari, Arabic.)
        // (Text is mostly precomposed: a mark is where no letter has it, ạ, or decomposed text.)
        (Latin | LatinAccented, Mark) => 3,
        // Precomposed letters cover Greek and Cyrillic; a combining mark there is unusual.
        (Greek | Cyrillic, Mark) => 6,
        (_, Mark) => 10,
        (Neutral, _) | (_, Neutral) => 0,
        (Symbol, Latin | LatinAccented) | (Latin | LatinAccented, Symbol) => 2,
        (Symbol, _) | (_, Symbol) => 0,
        (Box, _) | (_, Box) => 6,
        (Junk, _) | (_, Junk) => 6,
        (Han, Kana) | (Kana, Han) => 0,
        (Latin, LatinAccented) | (LatinAccented, Latin) => 0,
        (Han, Latin) | (Latin, Han) | (Kana, Latin) | (Latin, Kana) => 5,
        (Hangul, Latin) | (Latin, Hangul) => 5,
        (Han, Hangul) | (Hangul, Han) => 6,
        (HalfwidthKana, _) | (_, HalfwidthKana) => 10,
        (Greek | Cyrillic, Han | Kana | Hangul) | (Han | Kana | Hangul, Greek | Cyrillic) => 10,
        (LatinAccented, Han | Kana | Hangul) | (Han | Kana | Hangul, LatinAccented) => 10,
        // Two alphabets glued into one word (ایمӊяم): no orthography writes that.
        (Other(_), Other(_) | Greek | Cyrillic | Han | Kana | Hangul)
        | (Greek | Cyrillic | Han | Kana | Hangul, Other(_)) => MIXED_ALPHABETS_COST,
        _ => 8,
    }
}

/// What two letters of different alphabets side by side cost where one is of the other
/// alphabets ([`transition_cost`]).
const MIXED_ALPHABETS_COST: u32 = 12;

/// An upper-case letter right after a lower-case one ("utiĐnica") is rare inside a word.
fn case_cost(prev: char, c: char) -> u32 {
    // Only alphabets with case (Latin, Greek, Cyrillic) are below U+0530.
    if u32::from(prev) > 0x52F || u32::from(c) > 0x52F {
        return 0;
    }
    if !prev.is_ascii() || !c.is_ascii() {
        if prev.is_lowercase() && c.is_uppercase() {
            return 4;
        }
    } else if prev.is_ascii_lowercase() && c.is_ascii_uppercase() {
        // camelCase is common in ASCII identifiers: cheaper.
        return 1;
    }
    0
}

/// The symbol of `c` in the letter-pair model (`scripts/gen_bigrams.py`): its letter, 1 for a
/// letter of the Latin, Greek or Cyrillic blocks too rare in the model's text to have its own,
/// or 0 for anything else (a word boundary).
pub(crate) fn letter_symbol(c: Option<char>) -> usize {
    match c {
        Some(c) if u32::from(c) < bigrams::LETTER_LIMIT => bigrams::LETTER_INDEX
            .get(c as usize)
            .map_or(0, |&s| usize::from(s)),
        _ => 0,
    }
}

/// How surprising `b` is right after `a` in Latin- or Cyrillic-script text, in bits
/// (-log2 P(b | a), from the letter-pair model); `None` is a boundary. Pairs of which neither is
/// a letter of the model cost what a boundary after a boundary costs.
pub(crate) fn pair_bits(a: Option<char>, b: Option<char>) -> u32 {
    let at = letter_symbol(a) * bigrams::SYMBOLS + letter_symbol(b);
    bigrams::PAIR_BITS
        .get(at)
        .map_or(0, |&bits| u32::from(bits))
}

/// Whether Latin- or Cyrillic-script text writes the letters `a` `b` `c` in a row (`None`, or
/// anything but a letter, is a word boundary; `b` must be a letter): the triples with a non-ASCII
/// letter that the letter-pair model's text shows (иск, not ияк).
pub(crate) fn letter_triple_known(a: Option<char>, b: char, c: Option<char>) -> bool {
    let (sa, sb, sc) = (letter_symbol(a), letter_symbol(Some(b)), letter_symbol(c));
    // (A letter the model does not know, Greek or Thai, is no word boundary.)
    let unknown_letter = |x: Option<char>, s: usize| s == 0 && x.is_some_and(char::is_alpha);
    if sb < FIRST_KNOWN_LETTER
        || sa == 1
        || sc == 1
        || unknown_letter(a, sa)
        || unknown_letter(c, sc)
    {
        return false;
    }
    static SET: std::sync::OnceLock<KeySet> = std::sync::OnceLock::new();
    let key = (sa * bigrams::SYMBOLS + sb) * bigrams::SYMBOLS + sc;
    u32::try_from(key).is_ok_and(|key| {
        SET.get_or_init(|| KeySet::of(&bigrams::LETTER_TRIPLES))
            .contains(key)
    })
}

/// How many letter triples of `text` (with word boundaries at either end) that hold a non-ASCII
/// letter the text of the letter-pair model writes ([`letter_triple_known`]).
pub(crate) fn known_letter_triples(text: &str) -> u32 {
    let mut known = 0;
    let (mut a, mut b): (Option<char>, Option<char>) = (None, None);
    for c in text.chars().map(Some).chain(std::iter::once(None)) {
        if let Some(mid) = b
            && [a, b, c].into_iter().flatten().any(|x| !x.is_ascii())
        {
            known += u32::from(letter_triple_known(a, mid, c));
        }
        (a, b) = (b, c);
    }
    known
}

/// Whether Chinese, Japanese or Korean text writes the CJK letters `a` `b` side by side (the
/// pair table of the training man pages: 场合, 名称, できる, 합니다).
#[inline]
pub(crate) fn cjk_pair_known(a: char, b: char) -> bool {
    cjk_pair_weight(a, b) > 0
}

/// The pairs of [`bigrams::CJK_PAIRS`] with their weights, for lookups in constant time.
fn cjk_pairs() -> &'static KeySet {
    static SET: std::sync::OnceLock<KeySet> = std::sync::OnceLock::new();
    SET.get_or_init(|| KeySet::with_values(&bigrams::CJK_PAIRS, &bigrams::CJK_PAIR_WEIGHTS))
}

/// How often the training text writes the CJK letters `a` `b` side by side: the bit length of
/// the count (0 for a pair it does not write, 2 for two or three times, up to 15).
pub(crate) fn cjk_pair_weight(a: char, b: char) -> u32 {
    let (a, b) = (u32::from(a), u32::from(b));
    if a > 0xFFFF || b > 0xFFFF {
        return 0;
    }
    cjk_pairs().value(a << 16 | b).map_or(0, u32::from)
}

/// How many known CJK pairs ([`cjk_pair_known`]) `c` makes with the characters beside it.
pub(crate) fn cjk_pairs_around(prev: Option<char>, c: char, next: Option<char>) -> u32 {
    u32::from(prev.is_some_and(|p| cjk_pair_known(p, c)))
        + u32::from(next.is_some_and(|n| cjk_pair_known(c, n)))
}

/// Whether a letter belongs to a word of the known-word table: a letter below
/// [`bigrams::LETTER_LIMIT`] (Latin, Greek, Cyrillic).
#[inline]
pub(crate) fn is_word_letter(c: char) -> bool {
    word_letter_lower(c).is_some()
}

/// For a letter of [`is_word_letter`], its lower case where that is one letter (else itself);
/// `None` for anything else. From a table made once: the lookups of the lost-byte search are
/// many.
#[inline]
fn word_letter_lower(c: char) -> Option<char> {
    use std::sync::OnceLock;
    static TABLE: OnceLock<Vec<char>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        (0..bigrams::LETTER_LIMIT)
            .map(|cp| match char::from_u32(cp) {
                Some(c) if c.is_alpha() => {
                    let mut lower = c.to_lowercase();
                    match (lower.next(), lower.next()) {
                        (Some(l), None) => l,
                        _ => c,
                    }
                }
                _ => '\0',
            })
            .collect()
    });
    table
        .get(u32::from(c) as usize)
        .copied()
        .filter(|&l| l != '\0')
}

/// The fingerprint of a word under construction: FNV-1a (32 bits) over the UTF-8 bytes of its
/// letters, each in lower case where that is one letter (as `scripts/gen_bigrams.py` computes
/// it).
#[derive(Clone, Copy)]
pub(crate) struct WordFingerprint(u32);

impl WordFingerprint {
    pub(crate) const EMPTY: WordFingerprint = WordFingerprint(0x811C_9DC5);

    /// The fingerprint with `c` appended.
    #[inline]
    pub(crate) fn push(self, c: char) -> WordFingerprint {
        let c = word_letter_lower(c).unwrap_or_else(|| {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) => l,
                _ => c,
            }
        });
        let mut buf = [0u8; 4];
        let h = c
            .encode_utf8(&mut buf)
            .bytes()
            .fold(self.0, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193));
        WordFingerprint(h)
    }

    /// Whether the text of the letter-pair model writes the word with this fingerprint (words of
    /// at least two letters, one of them non-ASCII: звернення, použití).
    pub(crate) fn is_known(self) -> bool {
        static SET: std::sync::OnceLock<KeySet> = std::sync::OnceLock::new();
        SET.get_or_init(|| KeySet::of(&bigrams::KNOWN_WORDS))
            .contains(self.0.max(1))
    }
}

/// How many words of `text` (runs of [`is_word_letter`]s, at least `min_letters` or, with
/// `mixed_pairs`, a two-letter word as [`is_mixed_pair`] describes it, one of them non-ASCII)
/// the text of the letter-pair model writes ([`WordFingerprint::is_known`]).
pub(crate) fn known_words(text: &str, min_letters: u32, mixed_pairs: bool) -> u32 {
    let mut known = 0;
    let (mut word, mut letters, mut non_ascii) = (WordFingerprint::EMPTY, 0u32, false);
    let mut start = 0;
    for (at, c) in text
        .char_indices()
        .map(|(at, c)| (at, Some(c)))
        .chain([(text.len(), None)])
    {
        match c {
            Some(c) if is_word_letter(c) => {
                word = word.push(c);
                letters += 1;
                non_ascii |= !c.is_ascii();
            }
            _ => {
                let long_enough = letters >= min_letters.max(2)
                    || (mixed_pairs && is_mixed_pair(&text[start..at]));
                known += u32::from(long_enough && non_ascii && word.is_known());
                (word, letters, non_ascii) = (WordFingerprint::EMPTY, 0, false);
                start = at + c.map_or(0, char::len_utf8);
            }
        }
    }
    known
}

/// Whether `word` is a two-letter word of a non-ASCII letter and an ASCII one (Polish że,
/// Slovene če, Croatian će): such a word can count as known whatever least length
/// [`known_words`] is asked for, since the commonest words of these languages are made so.
/// (Not the other way round: há, só, sí, så are words of the windows-1252 languages, and a
/// fragment of one, sã, reads as Romanian să. Nor two non-ASCII letters: дд of a date format,
/// or a fragment of Finnish ää.)
pub(crate) fn is_mixed_pair(word: &str) -> bool {
    let mut chars = word.chars();
    matches!(
        (chars.next(), chars.next(), chars.next()),
        (Some(a), Some(b), None) if !a.is_ascii() && b.is_ascii_alphabetic()
    )
}

/// Whether the text of the letter-pair model writes the word of these letters
/// ([`WordFingerprint::is_known`]).
pub(crate) fn word_known(letters: impl Iterator<Item = char>) -> bool {
    letters
        .fold(WordFingerprint::EMPTY, WordFingerprint::push)
        .is_known()
}

/// A generated table of keys as an open-addressing hash set (0 marks an empty slot; no key is
/// 0), at most half full: the text cost and the gate ask for a key per pair of letters, where
/// a binary search would cost a third of the time of a repair.
struct KeySet {
    slots: Vec<u32>,
    /// A value for each slot's key (none for a set made by [`KeySet::of`]).
    values: Vec<u8>,
}

impl KeySet {
    fn of(keys: &[u32]) -> KeySet {
        Self::with_values(keys, &[])
    }

    /// A set of `keys`, each with the value at the same index of `values` (0 past its end).
    fn with_values(keys: &[u32], values: &[u8]) -> KeySet {
        let size = (keys.len() * 2).next_power_of_two().max(2);
        let mut slots = vec![0u32; size];
        // (No values, no table of them: the plain sets are looked up by key alone.)
        let mut slot_values = vec![0u8; if values.is_empty() { 0 } else { size }];
        for (i, &key) in keys.iter().enumerate() {
            let mut at = Self::hash(key) & (size - 1);
            while slots[at] != 0 {
                at = (at + 1) & (size - 1);
            }
            slots[at] = key;
            if let (Some(slot), Some(&value)) = (slot_values.get_mut(at), values.get(i)) {
                *slot = value;
            }
        }
        KeySet {
            slots,
            values: slot_values,
        }
    }

    #[inline]
    fn hash(key: u32) -> usize {
        (key.wrapping_mul(0x9E37_79B1) >> 12) as usize
    }

    /// Where `key` is, if it is in the set.
    #[inline]
    fn find(&self, key: u32) -> Option<usize> {
        let mask = self.slots.len() - 1;
        let mut at = Self::hash(key) & mask;
        loop {
            match self.slots[at] {
                0 => return None,
                k if k == key => return Some(at),
                _ => at = (at + 1) & mask,
            }
        }
    }

    #[inline]
    fn contains(&self, key: u32) -> bool {
        self.find(key).is_some()
    }

    /// The value of `key`, if it is in the set.
    #[inline]
    fn value(&self, key: u32) -> Option<u8> {
        self.find(key).and_then(|at| self.values.get(at).copied())
    }
}

/// How surprising the non-ASCII letter `a` is in a line that holds the non-ASCII letter `b`, in
/// bits (-log2 P(a | b) over the lines of the letter-pair model's text: å beside ø is at home,
/// á beside ø is not); 0 where either is ASCII or unknown to the model.
pub(crate) fn same_line_bits(a: char, b: char) -> u32 {
    let (sa, sb) = (letter_symbol(Some(a)), letter_symbol(Some(b)));
    if sa < FIRST_KNOWN_LETTER || sb < FIRST_KNOWN_LETTER {
        return 0;
    }
    let width = bigrams::SYMBOLS - FIRST_KNOWN_LETTER;
    bigrams::SAME_LINE_BITS
        .get((sa - FIRST_KNOWN_LETTER) * width + (sb - FIRST_KNOWN_LETTER))
        .map_or(0, |&bits| u32::from(bits))
}

/// The surprise of the letter pairs of `text` (with word boundaries at either end), in bits, and
/// how many pairs there were: only pairs with a letter the model knows count. Running text of
/// the model's languages averages 4–5 bits a pair; a legacy charset's letters read with another
/// table, 10–18.
pub(crate) fn letter_pair_surprise(text: &str) -> (u32, u32) {
    let (mut total, mut pairs) = (0u32, 0u32);
    let mut prev: Option<char> = None;
    for c in text.chars().map(Some).chain(std::iter::once(None)) {
        if letter_symbol(prev) >= FIRST_KNOWN_LETTER || letter_symbol(c) >= FIRST_KNOWN_LETTER {
            total += pair_bits(prev, c);
            pairs += 1;
        }
        prev = c;
    }
    (total, pairs)
}

/// Cost of `text` standing between the characters `before` and `after`.
pub(crate) fn text_cost(before: Option<char>, text: &str, after: Option<char>) -> u32 {
    let (total, words) = text_cost_parts(before, text, after);
    total.saturating_sub(words)
}

/// What writing `b` right after `a` costs beyond the two characters' own costs, given their
/// scripts: [`text_cost`] of nothing between them (`text_cost(Some(a), "", Some(b))`), for a
/// caller that tries many `b` after one `a` and has the scripts at hand.
#[inline]
pub(crate) fn join_cost(a: char, a_script: Script, b: char, b_script: Script) -> u32 {
    (transition_cost(a_script, b_script) + case_cost(a, b) + pair_surprise(a, b))
        .saturating_sub(cjk_word_bonus(a, a_script, b, b_script))
}

/// [`text_cost`] before what known CJK words take off, and what they take off: the parts of
/// several stretches add up to those of the text they make.
pub(crate) fn text_cost_parts(before: Option<char>, text: &str, after: Option<char>) -> (u32, u32) {
    let mut total = 0;
    // What the pairs of CJK letters that the languages write side by side take off.
    let mut words = 0;
    let mut prev = before.map(|c| (c, char_cost(c).1));
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if is_joiner(c) && joiner_at_home(prev.map(|(p, _)| p), chars.peek().copied().or(after)) {
            // Transparent: the letters on either side pair as if it were not there.
            total += JOINER_COST;
            continue;
        }
        let (cost, script) = char_cost(c);
        total += cost;
        match prev {
            Some((p, p_script)) => {
                total += transition_cost(p_script, script) + case_cost(p, c) + pair_surprise(p, c);
                words += cjk_word_bonus(p, p_script, c, script);
            }
            None => total += transition_cost(Script::Neutral, script),
        }
        prev = Some((c, script));
    }
    if let (Some((p, p_script)), Some(a)) = (prev, after) {
        let a_script = char_cost(a).1;
        total += transition_cost(p_script, a_script) + case_cost(p, a) + pair_surprise(p, a);
        words += cjk_word_bonus(p, p_script, a, a_script);
    }
    (total, words)
}

/// [`char::is_alphabetic`] from a bitmap of the Basic Multilingual Plane built a block of 256
/// code points at a time, on first need: std searches a table for every character beyond ASCII
/// (hundreds of instructions for many scripts), and the gate and the candidates ask it of most
/// characters they weigh.
pub(crate) trait Alphabetic {
    /// Whether the character is alphabetic, exactly as [`char::is_alphabetic`] says.
    // (By value, as `char::is_alphabetic` takes it, so that `char::is_alpha` stands in for it
    // as a function: the lint cannot know the implementer is `Copy`.)
    #[allow(clippy::wrong_self_convention)]
    fn is_alpha(self) -> bool;
}

impl Alphabetic for char {
    #[inline]
    fn is_alpha(self) -> bool {
        let cp = u32::from(self);
        if cp < 0x80 {
            return self.is_ascii_alphabetic();
        }
        let Some(block) = ALPHABETIC_BLOCKS.get((cp >> 8) as usize) else {
            return self.is_alphabetic();
        };
        let bits = block.get_or_init(|| {
            let mut bits = [0u64; 4];
            for k in 0..256u32 {
                if char::from_u32((cp & !0xFF) | k).is_some_and(char::is_alphabetic) {
                    bits[(k / 64) as usize] |= 1 << (k % 64);
                }
            }
            bits
        });
        let k = (cp & 0xFF) as usize;
        bits[k / 64] >> (k % 64) & 1 != 0
    }
}

/// The alphabetic bits of each 256-code-point block of the BMP ([`Alphabetic`]).
static ALPHABETIC_BLOCKS: [std::sync::OnceLock<[u64; 4]>; 256] =
    [const { std::sync::OnceLock::new() }; 256];

/// Whether `c` is the zero-width non-joiner or joiner (U+200C, U+200D).
#[inline]
pub(crate) fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}')
}

/// Whether a zero-width (non-)joiner between `before` and `after` (`None`: the text's start or
/// end) is where writing puts one: next to a letter of one of the other alphabets and no letter
/// of another script (Persian and Kurdish words, Indic conjuncts), or between two pictographs
/// (an emoji sequence). Elsewhere it is a format character no text needs, as dear as the rest
/// of [`Script::Junk`]; windows-1256 shows the UTF-8 continuation bytes 0x9D and 0x9E as these
/// two.
pub(crate) fn joiner_at_home(before: Option<char>, after: Option<char>) -> bool {
    let pictograph = |c: char| matches!(u32::from(c), 0x2600..=0x27BF | 0xFE0F | 0x1F000..=0x1FAFF);
    let script = |c: Option<char>| c.map(|c| (char_cost(c).1, c.is_alpha()));
    match (script(before), script(after)) {
        (Some((Script::Other(a), _)), Some((Script::Other(b), _))) => a == b,
        (Some((Script::Other(_), _)), next) => next.is_none_or(|(_, letter)| !letter),
        (previous, Some((Script::Other(_), _))) => previous.is_none_or(|(_, letter)| !letter),
        _ => before
            .zip(after)
            .is_some_and(|(b, a)| pictograph(b) && pictograph(a)),
    }
}

/// What a joiner costs where it is at home ([`joiner_at_home`]): a common letter's share.
const JOINER_COST: u32 = 3;

/// What a pair of CJK letters that Chinese, Japanese or Korean text writes side by side
/// ([`cjk_pair_known`]) takes off the cost of the text it stands in: [`CJK_WORD_BONUS`], and
/// half a unit more for every doubling of its count past three ([`cjk_pair_weight`]). (Measured:
/// GBK read as windows-1252 98.30 -> 98.64 %, GBK read as Big5 89.89 -> 90.51; the full weight
/// instead of half cost GBK read as windows-1252 0.8 points.)
#[inline]
fn cjk_word_bonus(a: char, a_script: Script, b: char, b_script: Script) -> u32 {
    let cjk = |s: Script| matches!(s, Script::Han | Script::Kana | Script::Hangul);
    if !cjk(a_script) || !cjk(b_script) {
        return 0;
    }
    // (One lookup: a known pair is one of some weight.)
    match cjk_pair_weight(a, b) {
        0 => 0,
        weight => CJK_WORD_BONUS + weight.saturating_sub(2) / 2,
    }
}

/// See [`cjk_word_bonus`]. Measured (`examples/evaluate.rs`, held-out pages): 4 takes GBK read
/// as windows-1252 from 79.6 to 89.5 % and GBK read as Big5 from 74.0 to 89.9; 6 and 8 add a
/// point or two more, leaning harder on a table learnt from one kind of text.
const CJK_WORD_BONUS: u32 = 4;

/// Letter pairs rarer than one in 2^[`PAIR_FREE_BITS`] cost what they exceed it by: ïð and ðè
/// (Привет read through windows-1252) are pairs no language writes, while the pairs of real
/// words cost nothing beyond their letters.
fn pair_surprise(a: char, b: char) -> u32 {
    if a.is_ascii() && b.is_ascii() {
        return 0;
    }
    // Letters the model knows well, both of them: a rare letter or a boundary says too little.
    if letter_symbol(Some(a)) < FIRST_KNOWN_LETTER || letter_symbol(Some(b)) < FIRST_KNOWN_LETTER {
        return 0;
    }
    pair_bits(Some(a), Some(b)).saturating_sub(PAIR_FREE_BITS)
}

/// Letter pairs up to this surprise cost nothing beyond their letters. Measured with
/// `examples/evaluate.rs`: at 12 a clean Czech line turned into a misreading and several chains
/// lost cases; at 18 every chain gained or held and no clean string changed. Real words with
/// pairs the model seldom saw (Polish łć, German aß) stay below it.
const PAIR_FREE_BITS: u32 = 18;

/// The first symbol of the letter-pair model that stands for one letter (0 is a boundary, 1 any
/// rare letter).
pub(crate) const FIRST_KNOWN_LETTER: usize = 2;

/// Whether `c` is a character of a word of the Greek, Hebrew, Arabic or Thai scripts: a letter or
/// a mark of their blocks ([`crate::script_pairs::SCRIPT_WORD_RANGES`]).
pub(crate) fn is_script_word_char(c: char) -> bool {
    let cp = u32::from(c);
    (0x370..=0xE7F).contains(&cp)
        && crate::script_pairs::SCRIPT_WORD_RANGES
            .binary_search_by(|&(first, last)| {
                if last < cp {
                    std::cmp::Ordering::Less
                } else if first > cp {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok()
}

/// The pairs of characters in the words of the Greek, Hebrew, Arabic and Thai scripts in
/// `text` of [`SCRIPT_WORD_MIN_CHARS`] characters and more, a word's start and end counting as a
/// character (U+0020) beside its first and last: how many of them the scripts' words write
/// ([`crate::script_pairs::SCRIPT_PAIRS`]), and how many they do not. (Greek in small letters.)
pub(crate) fn script_pairs_in(text: &str) -> (u32, u32) {
    static SET: std::sync::OnceLock<KeySet> = std::sync::OnceLock::new();
    let set = SET.get_or_init(|| KeySet::of(&crate::script_pairs::SCRIPT_PAIRS));
    const BOUNDARY: u32 = 0x20;
    let fold = |c: char| {
        let mut lower = c.to_lowercase();
        match (lower.next(), lower.next()) {
            (Some(l), None) if is_script_word_char(l) => u32::from(l),
            _ => u32::from(c),
        }
    };
    let (mut known, mut unknown) = (0, 0);
    // The characters of the word under way, folded.
    let mut word: Vec<u32> = Vec::new();
    for c in text.chars().map(Some).chain([None]) {
        if let Some(c) = c.filter(|&c| is_script_word_char(c)) {
            word.push(fold(c));
            continue;
        }
        if word.len() >= SCRIPT_WORD_MIN_CHARS {
            let with_ends = std::iter::once(BOUNDARY)
                .chain(word.iter().copied())
                .chain(std::iter::once(BOUNDARY));
            for (a, b) in with_ends.clone().zip(with_ends.skip(1)) {
                if set.contains((a << 16) | b) {
                    known += 1;
                } else {
                    unknown += 1;
                }
            }
        }
        word.clear();
    }
    (known, unknown)
}

/// The fewest characters of a word whose pairs [`script_pairs_in`] weighs: a word of two
/// letters is as often two letters of anything (مو, ΟΒ: two Big5 ideographs read so).
const SCRIPT_WORD_MIN_CHARS: usize = 3;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_pairs_tell_words_from_bytes_that_land_on_the_letters() {
        // Words of the four scripts: every pair is one their words write.
        for word in [
            "العربية",
            "مرحبا",
            "שלום",
            "עולם",
            "สวัสดี",
            "καλημέρα",
            "ΚΟΣΜΟΣ",
        ] {
            let (known, unknown) = script_pairs_in(word);
            assert_eq!(unknown, 0, "{word}");
            assert_eq!(known as usize, word.chars().count() + 1, "{word}");
        }
        // GBK's 中文 read as windows-1252 (ÖÐÎÄ), then through windows-1256: no word's pairs.
        let (known, unknown) = script_pairs_in("ضذخؤ");
        assert!(unknown > known, "{known} {unknown}");
        // Words of two letters, and other scripts, are not weighed.
        assert_eq!(script_pairs_in("مو يم"), (0, 0));
        assert_eq!(script_pairs_in("hello мир"), (0, 0));
        assert!(is_script_word_char('ب') && is_script_word_char('\u{64E}'));
        assert!(!is_script_word_char('،') && !is_script_word_char('٣'));
    }

    #[test]
    fn is_alpha_says_what_std_says() {
        for cp in 0..=0x10FFFF {
            if let Some(c) = char::from_u32(cp) {
                assert_eq!(c.is_alpha(), c.is_alphabetic(), "{c:?}");
            }
        }
    }

    #[test]
    fn every_code_point_the_greek_letters_leave_out_is_dear() {
        // Every non-alphabetic code point among the Greek letters is unassigned, or the ano
        // teleia that NFC turns into a middle dot: none is a letter's price.
        for c in '\u{386}'..='\u{3CE}' {
            if !c.is_alphabetic() {
                assert!(char_cost(c).0 >= 16, "{c:?}");
            }
        }
        assert!(char_cost('Σ').0 < 8);
    }

    #[test]
    fn joiners_are_at_home_inside_words_of_the_other_alphabets() {
        // Persian می‌شود, and a word's end.
        assert!(joiner_at_home(Some('ی'), Some('ش')));
        assert!(joiner_at_home(Some('ی'), None));
        assert!(joiner_at_home(Some('ی'), Some(' ')));
        // 👩‍💻
        assert!(joiner_at_home(Some('\u{1F469}'), Some('\u{1F4BB}')));
        // Between Latin letters, or Arabic and Cyrillic: a format character no text needs.
        assert!(!joiner_at_home(Some('a'), Some('b')));
        assert!(!joiner_at_home(Some('ی'), Some('я')));
        let word = "می\u{200C}شود";
        assert!(text_cost(None, word, None) < text_cost(None, "می\u{200B}شود", None));
    }

    #[test]
    fn persian_letters_are_one_script_with_arabic_ones() {
        // ک (U+06A9) and ب (U+0628) are in two 128-code-point blocks, one script.
        assert_eq!(char_cost('ک').1, char_cost('ب').1);
        assert_eq!(transition_cost(char_cost('ک').1, char_cost('ب').1), 0);
        // Armenian ա (U+0561) and ր (U+0580), Ethiopic ሀ (U+1200) and ፈ (U+1348) likewise.
        assert_eq!(char_cost('ա').1, char_cost('ր').1);
        assert_eq!(char_cost('ሀ').1, char_cost('ፈ').1);
        // Hebrew is not Armenian, though ր and א share a block.
        assert_ne!(char_cost('ր').1, char_cost('א').1);
    }

    #[test]
    fn letters_of_one_language_share_lines() {
        // å is at home beside ø (Danish, Norwegian), á beside é (Spanish, Czech, Hungarian).
        assert!(same_line_bits('å', 'ø') < same_line_bits('á', 'ø'));
        assert!(same_line_bits('á', 'é') < same_line_bits('å', 'é'));
        assert_eq!(same_line_bits('a', 'ø'), 0);
    }

    #[test]
    fn han_frequency_tells_common_ideographs_apart() {
        // 对 and 队 (both duì) share the commonest cost tier; their frequencies do not.
        assert_eq!(char_cost('对').0, char_cost('队').0);
        let (dui, team) = (han_frequency_bits('对'), han_frequency_bits('队'));
        assert!(
            dui.is_some_and(|d| team.is_some_and(|t| d < t)),
            "{dui:?} {team:?}"
        );
        assert!(han_frequency_bits('的') < dui);
        assert_eq!(han_frequency_bits('a'), None);
        assert_eq!(han_frequency_bits('\u{20000}'), None);
    }

    #[test]
    fn frequent_han_is_cheaper_than_mojibake_han() {
        assert!(text_cost(None, "我们", None) + 10 < text_cost(None, "鎴戜滑", None));
        assert!(text_cost(None, "學習", None) < text_cost(None, "厩策", None));
    }

    #[test]
    fn letter_triples_of_words_are_known() {
        assert!(letter_triple_known(Some('и'), 'с', Some('к')));
        assert!(!letter_triple_known(Some('и'), 'я', Some('к')));
        // Word boundaries at either end; case does not matter.
        assert!(
            letter_triple_known(None, 'Ç', Some('a')) || letter_triple_known(None, 'ç', Some('a'))
        );
        assert!(letter_triple_known(Some('ç'), 'ã', Some('o')));
        // A whole word: três (Portuguese) writes its triples, naèinu (načinu read through
        // windows-1252) none of its own.
        assert!(known_letter_triples("três") >= 2);
        assert_eq!(known_letter_triples("naèinu"), 0);
        assert!(known_letter_triples("načinu") >= 2);
        // A letter the model does not know in the middle is no triple.
        assert!(!letter_triple_known(Some('a'), '中', Some('b')));
    }

    #[test]
    fn interface_words_of_the_word_list_are_known() {
        // data/words/latin.txt: words the man pages seldom write (Slovak "save", Polish "path",
        // Hungarian "change"), known in either case; their misreadings are not.
        for word in ["uložiť", "ścieżka", "módosítás", "Uložiť"] {
            assert!(word_known(word.chars()), "{word}");
        }
        assert!(!word_known("uloži\u{9d}".chars()));
        assert!(!word_known("œcie¿ka".chars()));
    }

    #[test]
    fn cjk_pairs_weigh_by_how_often_they_are_written() {
        // Every known pair weighs at least 2 (seen twice); an unknown one nothing.
        assert!(cjk_pair_weight('文', '件') >= 2);
        assert_eq!(cjk_pair_weight('件', '文'), 0);
        // 文件 (file) is written far more often in the man pages than 文字 or 文本.
        assert!(cjk_pair_weight('文', '件') > cjk_pair_weight('文', '本'));
    }

    #[test]
    fn cjk_pairs_the_languages_write_cost_less() {
        // 文件 ("file") is a pair of the table; the same letters in the other order are not.
        assert!(cjk_pair_known('文', '件') && !cjk_pair_known('件', '文'));
        let apart = text_cost(None, "文", None) + text_cost(None, "件", None);
        // (It takes off the bonus, and more for a pair written often.)
        let bonus = CJK_WORD_BONUS + cjk_pair_weight('文', '件').saturating_sub(2) / 2;
        assert!(bonus > CJK_WORD_BONUS);
        assert_eq!(text_cost(None, "文件", None) + bonus, apart);
        assert_eq!(text_cost(None, "件文", None), apart);
        // Only CJK letters: kana and Hangul, yes; a letter beside punctuation, no.
        assert!(cjk_pair_known('で', 'き') && cjk_pair_known('니', '다'));
        assert!(!cjk_pair_known('文', '。'));
    }

    #[test]
    fn common_hangul_is_cheaper_than_the_rest() {
        assert!(char_cost('한').0 < char_cost('頃').0 + 10);
        assert!(char_cost('한').0 < char_cost('\u{AC02}').0);
    }

    #[test]
    fn letter_pairs_of_real_words_are_cheap() {
        let word = |w: &str| {
            let chars: Vec<Option<char>> = std::iter::once(None)
                .chain(w.chars().map(Some))
                .chain(std::iter::once(None))
                .collect();
            chars.windows(2).map(|p| pair_bits(p[0], p[1])).sum::<u32>()
        };
        assert!(
            word("привет") + 20 < word("ïðèâåò"),
            "{} {}",
            word("привет"),
            word("ïðèâåò")
        );
        assert!(word("сегодня") < word("сегоднс"));
        assert!(word("Straße") < word("Straäe"));
        assert!(word("utičnica") < word("utiānica"));
        // Case does not matter; what the model does not know is a boundary.
        assert_eq!(
            pair_bits(Some('A'), Some('B')),
            pair_bits(Some('a'), Some('b'))
        );
        assert_eq!(pair_bits(Some('中'), Some('文')), pair_bits(None, None));
    }

    #[test]
    fn letter_pairs_no_language_writes_cost_extra() {
        assert!(pair_surprise('â', 'å') > 0 && pair_surprise('å', 'ò') > 0);
        for word in [
            "привет",
            "straße",
            "déjà",
            "źródło",
            "gęślą",
            "сегодня",
            "výsledek",
            "şöyle",
        ] {
            let chars: Vec<char> = word.chars().collect();
            assert!(
                chars.windows(2).all(|p| pair_surprise(p[0], p[1]) == 0),
                "{word}"
            );
        }
        assert!(text_cost(None, "привет", None) + 20 < text_cost(None, "ïðèâåò", None));
    }

    #[test]
    fn running_text_has_unsurprising_letter_pairs() {
        let mean = |text: &str| {
            let (bits, pairs) = letter_pair_surprise(text);
            bits * 10 / pairs.max(1)
        };
        for clean in [
            "Привет, мир",
            "Le café était délicieux",
            "Straße und Brücke",
        ] {
            assert!(mean(clean) < 60, "{clean}");
        }
        for garbled in ["Ïðèâåò, ìèð", "ÊáëçìÝñá êüóìå", "ÇÑ±¹¾î ÅØ½ºÆ®"]
        {
            assert!(mean(garbled) > 100, "{garbled}");
        }
        assert_eq!(letter_pair_surprise("中文 123"), (0, 0));
    }

    #[test]
    fn script_mixing_inside_a_word_costs() {
        assert!(text_cost(None, "中Ж文", None) > text_cost(None, "中文", None) + 10);
        assert_eq!(transition_cost(Script::Han, Script::Kana), 0);
    }
}
