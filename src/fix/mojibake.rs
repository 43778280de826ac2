//! The mojibake search: find spans that are text in one charset decoded as another, and undo them.
//!
//! For every chain (actual, wrong) the text is cut into segments of characters the wrong charset
//! can encode. Each segment is re-encoded with the wrong charset, giving back the bytes the wrong
//! decoder saw, and those bytes are read again with the actual charset. Wherever that second
//! reading is well-formed, from a character boundary of the first reading to another, it is a
//! candidate repair. A candidate is taken when the plausibility model prices the repaired span
//! lower than the span as it stands, by more than the chain's prior (a fixed margin that rarer
//! chains must clear). Candidates of all chains compete; the best non-overlapping ones win. The
//! whole search repeats for as many layers as the configuration allows.
//!
//! Lost bytes: where the wrong decoder met a byte it could not decode it emitted '?' or U+FFFD.
//! When the actual reading breaks at such a character, the bytes it could have stood for are
//! enumerated (the structure of the actual charset and the bytes the wrong charset can lose leave
//! few) and the plausibility model picks one, if one is clearly best; otherwise U+FFFD stays and
//! the loss is reported.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;

use crate::charset::{CharEncoder, Charset, DecodeCache, Unit, utf8_unit};
use crate::edit::{Rewriter, apply};
use crate::fix::alphabets;
use crate::fix::docmodel::DocumentModel;
use crate::fix::lost_letters::{self, Slot};
use crate::fix::orthography;
use crate::fix::words::{is_korean_word_ending, is_one_letter_word, is_one_letter_word_anywhere};
use crate::report::{Action, Chain, Step};
use crate::score::{
    self, FIRST_KNOWN_LETTER, Script, char_cost, cjk_pair_weight, cjk_pairs_around, is_cjk_letter,
    is_han, is_hangul, is_mixed_pair, is_word_letter, known_letter_triples, known_words,
    letter_pair_surprise, letter_symbol, letter_triple_known, pair_bits, same_line_bits, text_cost,
    text_cost_parts, word_known,
};

/// A chain and its prior: the margin (in cost units) a repair along it must clear.
struct ChainSpec {
    chain: Chain,
    prior: i64,
}

const fn spec(actual: Charset, wrong: Charset, prior: i64) -> ChainSpec {
    ChainSpec {
        chain: Chain { actual, wrong },
        prior,
    }
}

macro_rules! single {
    ($e:ident) => {
        Charset::from_encoding(encoding_rs::$e)
    };
}

/// The chains searched, most common first (ties between equal repairs go to the earlier chain).
static CHAINS: &[ChainSpec] = &[
    spec(Charset::UTF_8, Charset::WINDOWS_1252, 3),
    spec(Charset::UTF_8, Charset::LATIN_1, 3),
    spec(Charset::UTF_8, Charset::GBK, 4),
    spec(Charset::UTF_8, Charset::BIG5, 5),
    spec(Charset::UTF_8, Charset::SHIFT_JIS, 4),
    spec(Charset::UTF_8, Charset::EUC_JP, 6),
    spec(Charset::UTF_8, Charset::EUC_KR, 5),
    spec(Charset::UTF_8, single!(WINDOWS_1251), 7),
    spec(Charset::UTF_8, single!(WINDOWS_1250), 4),
    spec(Charset::UTF_8, single!(ISO_8859_2), 5),
    spec(Charset::UTF_8, single!(WINDOWS_1253), 7),
    spec(Charset::UTF_8, single!(WINDOWS_1254), 4),
    spec(Charset::UTF_8, single!(WINDOWS_1255), 5),
    spec(Charset::UTF_8, single!(WINDOWS_1256), 5),
    spec(Charset::UTF_8, single!(WINDOWS_1257), 5),
    spec(Charset::UTF_8, single!(WINDOWS_1258), 5),
    spec(Charset::UTF_8, single!(MACINTOSH), 5),
    spec(Charset::UTF_8, single!(KOI8_R), 7),
    spec(Charset::UTF_8, single!(KOI8_U), 7),
    spec(Charset::UTF_8, single!(IBM866), 7),
    spec(Charset::UTF_8, single!(WINDOWS_874), 5),
    spec(Charset::UTF_8, Charset::IBM437, 5),
    spec(Charset::GBK, Charset::WINDOWS_1252, 6),
    spec(Charset::GBK, Charset::LATIN_1, 6),
    spec(Charset::BIG5, Charset::WINDOWS_1252, 7),
    spec(Charset::BIG5, Charset::LATIN_1, 7),
    spec(Charset::SHIFT_JIS, Charset::WINDOWS_1252, 7),
    spec(Charset::SHIFT_JIS, Charset::LATIN_1, 7),
    spec(Charset::EUC_JP, Charset::WINDOWS_1252, 8),
    spec(Charset::EUC_JP, Charset::LATIN_1, 8),
    spec(Charset::EUC_KR, Charset::WINDOWS_1252, 8),
    spec(Charset::EUC_KR, Charset::LATIN_1, 8),
    // (7 → 6, with lone CJK symbols kept out: Big5 read as GBK 97.75 → 98.23 %, GBK read as
    // Big5 90.51 → 90.81, short strings 86.3 → 88.2 and 58.6 → 59.5; 5 gains more, and makes
    // the lossy GBK read as Big5 wrong twice as often.)
    spec(Charset::BIG5, Charset::GBK, 6),
    spec(Charset::GBK, Charset::BIG5, 6),
    // Legacy single-byte text read with another single-byte table: no byte structure tells,
    // only the plausibility of the two readings (letter pairs above all), so these come last
    // and pay most.
    spec(single!(WINDOWS_1251), Charset::WINDOWS_1252, 10),
    // (KOI8-R read as windows-1251 swaps the cases, which the letter pairs do not see, and
    // words of capitals read as words of small letters: less prior, measured, 10 → 5 repairs
    // 90.5 → 94.9 % of lines, 4 changes a clean string.)
    spec(single!(KOI8_R), single!(WINDOWS_1251), 5),
    // (windows-1250 read as windows-1252 changes one letter in a word or two, which the letter
    // triples and the line's alphabet weigh: 10 → 8 repairs 91.8 → 92.9 % of lines, short
    // strings 84.9 → 87.6, and changes no clean string; 6 makes Romanian Să of the piece Sã of
    // São.)
    spec(single!(WINDOWS_1250), Charset::WINDOWS_1252, 8),
    spec(single!(WINDOWS_1253), Charset::WINDOWS_1252, 10),
    spec(single!(WINDOWS_1255), Charset::WINDOWS_1252, 10),
    spec(single!(WINDOWS_1256), Charset::WINDOWS_1252, 10),
    spec(single!(WINDOWS_874), Charset::WINDOWS_1252, 10),
];

/// What a lost byte's fill costs in rank where no alphabet that holds the accented letters of
/// its segment (its line, mostly) holds it too ([`alphabets::home_alphabets`]).
const ALPHABET_MISFIT_COST: u32 = 6;

/// How much cheaper the best fill for a lost byte must be than the second best.
const RECOVERY_MARGIN: u32 = 3;
/// The continuation bytes (0x80..=0xBF) the wrong charset can lose, computed once per charset.
fn lost_continuations(wrong: Charset) -> &'static [u8] {
    let lost = lost_bytes(wrong);
    &lost[..lost.partition_point(|&b| b <= 0xBF)]
}

/// The high bytes (0x80..=0xFF, ascending) the wrong charset can lose, computed once per
/// charset.
fn lost_bytes(wrong: Charset) -> &'static [u8] {
    use std::sync::OnceLock;
    static TABLE: OnceLock<Vec<(Charset, Vec<u8>)>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut v: Vec<(Charset, Vec<u8>)> = Vec::new();
        for spec in CHAINS {
            let w = spec.chain.wrong;
            if !v.iter().any(|(c, _)| *c == w) {
                v.push((w, (0x80u8..=0xFF).filter(|&b| w.may_lose_byte(b)).collect()));
            }
        }
        v
    });
    table
        .iter()
        .find(|(c, _)| *c == wrong)
        .map_or(&[], |(_, fills)| fills.as_slice())
}

/// The letters (of [`is_word_letter`]) whose two-byte UTF-8 sequence the wrong charset, a
/// legacy CJK one, rejects whole, leaving one placeholder (ß = C3 9F and č = C4 8D in Big5):
/// what a '?' inside a word of such a reading may have been. Empty for other charsets.
fn lost_whole_letters(wrong: Charset) -> &'static [char] {
    use std::sync::OnceLock;
    static TABLE: OnceLock<Vec<(Charset, Vec<char>)>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut v: Vec<(Charset, Vec<char>)> = Vec::new();
        let mut out = String::new();
        for spec in CHAINS {
            let w = spec.chain.wrong;
            if w.is_single_byte() || w.is_utf8() || v.iter().any(|(c, _)| *c == w) {
                continue;
            }
            let mut letters = Vec::new();
            for lead in 0xC2u8..=0xDF {
                for trail in 0x80u8..=0xBF {
                    out.clear();
                    crate::decode::decode_lossy(w, &[lead, trail], &mut out);
                    let seq = [lead, trail];
                    let Some(c) = std::str::from_utf8(&seq)
                        .ok()
                        .and_then(|s| s.chars().next())
                    else {
                        continue;
                    };
                    if out == "\u{FFFD}" && is_word_letter(c) {
                        letters.push(c);
                    }
                }
            }
            v.push((w, letters));
        }
        v
    });
    table
        .iter()
        .find(|(c, _)| *c == wrong)
        .map_or(&[], |(_, letters)| letters.as_slice())
}

/// Two lost bytes in one sequence are tried only when the wrong charset can lose few bytes
/// (a single-byte charset's undefined ones), not the 64 of a CJK decoder.
const MAX_FILLS_FOR_TWO_HOLES: usize = 16;

/// The most characters the fills of a sequence's holes may make, after the byte after each
/// hole has ruled some out ([`gbk_loses`]): two holes at the end of a line of GBK mojibake,
/// 銆?? for 。, leave some 520.
const MAX_CONSISTENT_FILLS: usize = 1024;

/// How much a sentence-final mark (。！？; 、 after a particle that ends no sentence) filled in
/// at the end of a line of CJK text, or a Korean particle or ending at the end of a word, gains.
const SENTENCE_END_BONUS: u32 = 3;

/// The units and counters Chinese and Japanese write after a number (年, 月, 日, 時, 分, 秒, 个,
/// 個, 件, 回, 次, 人, 元, 円, 号, 字, 行, 位, 页, 頁, 岁, 歳, 点, 倍, 天, 周, 週).
fn is_cjk_counter(c: char) -> bool {
    "年月日時时分秒个個件回次人元円号號字行位页頁岁歳点點倍天周週".contains(c)
}

/// What a Japanese particle read from legacy CJK bytes gains where it stands as a word between
/// others ([`add_candidate`]).
const LONE_PARTICLE_GAIN: u32 = 4;

/// The Japanese particles after which a sentence never ends in writing (は, を, が, に, で, と,
/// て, も, へ, ば): a line that ends right after one ends a clause, with 、.
fn is_japanese_clause_particle(c: char) -> bool {
    matches!(
        c,
        'は' | 'を' | 'が' | 'に' | 'で' | 'と' | 'て' | 'も' | 'へ' | 'ば'
    )
}

/// How much of a known CJK pair's weight (bit length of its count) makes one unit of a lost
/// byte's ranking.
const CJK_PAIR_WEIGHT_PER_BIT: u32 = 1;

/// What a known word a sibling reading makes that the other does not weighs, in bits.
const SIBLING_WORD_BITS: u32 = 8;

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

/// The fewest letters of a word that counts as evidence for a re-reading with another table
/// (shorter ones, abbreviations like дд or ПО, are made by chance).
const KNOWN_WORD_MIN_LETTERS: u32 = 3;

/// The ASCII letters a line needs for a two-letter known word ([`is_mixed_pair`]) to count:
/// to open the line to the search ([`has_word_known_through`]) or for a re-reading.
const MIXED_PAIR_LINE_LETTERS: usize = 8;

/// Whether two-letter known words ([`is_mixed_pair`]) count in `line`: it has
/// [`MIXED_PAIR_LINE_LETTERS`] ASCII letters (alone, ¿e is as likely a piece of Spanish ¿es as
/// Polish że).
fn counts_mixed_pairs(line: &str) -> bool {
    line.bytes().filter(u8::is_ascii_alphabetic).count() >= MIXED_PAIR_LINE_LETTERS
}

/// What a lost byte's fill costs if it is a bracket whose partner the segment does not hold
/// (、 rather than 」 or 【 for a lost 0x81 of E3 80 81 where no 「 comes before, no 】 after).
const UNPAIRED_BRACKET_COST: u32 = 6;

/// The CJK brackets, opening and closing, that a lost byte's fill may be.
const CJK_BRACKETS: [(char, char); 10] = [
    ('「', '」'),
    ('『', '』'),
    ('【', '】'),
    ('〈', '〉'),
    ('《', '》'),
    ('〔', '〕'),
    ('〖', '〗'),
    ('〘', '〙'),
    ('〚', '〛'),
    ('〝', '〟'),
];

/// The CJK brackets (as indexes of [`CJK_BRACKETS`], one bit each) that stand within
/// [`BRACKET_WINDOW`] bytes before `start` (closing ones looked for: openers) and after `after`
/// (openers looked for: closing ones), found in one pass each way, so that a line of many lost
/// bytes costs linear time.
#[derive(Clone, Copy)]
struct BracketsAround {
    openers_before: u16,
    closers_after: u16,
}

impl BracketsAround {
    fn of(bytes: &[u8], start: usize, after: usize) -> BracketsAround {
        let behind = bytes
            .get(start.saturating_sub(BRACKET_WINDOW)..start)
            .unwrap_or_default();
        let ahead = bytes
            .get(after..bytes.len().min(after.saturating_add(BRACKET_WINDOW)))
            .unwrap_or_default();
        // (Every CJK bracket is U+3008..=U+301F, E3 80 88..=9F in UTF-8: one pass finds them.)
        let found = |part: &[u8], pick: fn(&(char, char)) -> char| {
            let mut bits = 0u16;
            for w in part.windows(3) {
                if w[0] == 0xE3 && w[1] == 0x80 && (0x88..=0x9F).contains(&w[2]) {
                    let c = char::from_u32(0x3000 + u32::from(w[2] - 0x80)).unwrap_or('\0');
                    if let Some(k) = CJK_BRACKETS.iter().position(|pair| pick(pair) == c) {
                        bits |= 1 << k;
                    }
                }
            }
            bits
        };
        BracketsAround {
            openers_before: found(behind, |p| p.0),
            closers_after: found(ahead, |p| p.1),
        }
    }

    /// Whether `c` is a CJK bracket whose partner is not where it belongs: an opening one's
    /// closing partner after it, a closing one's opening partner before it.
    fn unpaired(&self, c: char) -> bool {
        CJK_BRACKETS.iter().enumerate().any(|(k, &(open, close))| {
            (c == open && self.closers_after & (1 << k) == 0)
                || (c == close && self.openers_before & (1 << k) == 0)
        })
    }
}

/// Whether `c` is one of [`CJK_BRACKETS`].
fn is_cjk_bracket(c: char) -> bool {
    CJK_BRACKETS
        .iter()
        .any(|&(open, close)| c == open || c == close)
}

/// How far from a bracket [`BracketsAround`] looks for its partner, in bytes.
const BRACKET_WINDOW: usize = 512;

/// What a lost byte's fill gains for each neighbour it forms a known CJK pair with
/// ([`cjk_pairs_around`]).
const KNOWN_CJK_PAIR_BONUS: u32 = 4;

/// What a lost byte's fill gains for each letter triple it takes part in that the text writes
/// ([`letter_triple_known`]).
const KNOWN_TRIPLE_BONUS: u32 = 3;

/// The most a recovered character may cost: only plausible characters are invented.
const RECOVERY_MAX_COST: u32 = 11;
/// Where the rank of a lost byte's fill starts, before its bonuses (known words, a sentence's
/// end) are taken off: high enough that no two fills are clamped to the same 0 (ス·ロ·ー and
/// ス·ワ·ー are both written, but パスワード far more often).
const RANK_FLOOR: u32 = 256;

/// The candidates found so far, and the least gain worth keeping one for.
struct Collector {
    list: Vec<Candidate>,
    min_gain: i64,
    /// The line searched is Latin-script text in which no two CJK characters stand side by side
    /// (see [`is_latin_with_lone_cjk`]); worked out on first need.
    latin_with_lone_cjk: Option<bool>,
    /// The line searched is Latin-script text in which letters of other alphabets come at most
    /// two together (see [`is_latin_with_lone_foreign`]); worked out on first need.
    latin_with_lone_foreign: Option<bool>,
    /// The line searched holds a CJK letter; worked out on first need.
    has_cjk_letter: Option<bool>,
    /// The line searched has [`LATIN_SWAP_LINE_LETTERS`] letters or more; worked out on first
    /// need.
    long_line: Option<bool>,
    /// The candidates come from reading the whole line at once (see
    /// [`Searcher::whole_line_utf8`]).
    whole_line: bool,
    /// The accented letters of the line searched ([`alphabets::line_letters`]: whether they
    /// witness windows-1250 text or one windows-1252 language); worked out on first need.
    line_letters: Option<alphabets::LineLetters>,
    /// The chains whose reading of the line broke right beside a placeholder ('?' or U+FFFD):
    /// bytes were lost there and not recovered, so a repair along one of them is lossy even
    /// where its own run is whole (the lead byte of 資 stays as Ó before the '?' that took its
    /// trail byte, 資 Ó? for 資訊 through GBK read as windows-1252).
    broken_at_placeholder: Vec<Chain>,
}

/// One candidate repair of `range` (byte offsets in the text searched).
#[derive(Clone)]
struct Candidate {
    range: std::ops::Range<usize>,
    /// `range` with the non-ASCII characters next to it that the reading used but left as they
    /// were (ÃƒÂ¥ → Ã¥ changes only ƒÂ, yet needs Ã and ¥ to stay): no other candidate may
    /// change them too.
    span: std::ops::Range<usize>,
    replacement: String,
    chain: Chain,
    gain: i64,
    recovered: bool,
    lossy: bool,
}

impl Candidate {
    /// The same repair found along another chain.
    fn clone_for(&self, chain: Chain) -> Candidate {
        Candidate {
            chain,
            ..self.clone()
        }
    }
}

/// Undoes up to `max_layers` layers of mojibake in `text`.
pub(crate) fn fix_mojibake<'t>(
    text: &'t str,
    max_layers: u8,
    model: Option<&RecoveryModel>,
    settled: &mut Settled,
    steps: &mut Vec<Step>,
) -> Cow<'t, str> {
    if text.is_ascii() {
        return Cow::Borrowed(text);
    }
    let lines = Lines {
        max_layers,
        model,
        settled,
    };
    SEARCHER.with(|cell| match cell.try_borrow_mut() {
        Ok(mut slot) => fix_lines(text, lines, slot.get_or_insert_with(Searcher::new), steps),
        // Re-entered on this thread (cannot happen today): a fresh searcher is only slower.
        Err(_) => fix_lines(text, lines, &mut Searcher::new(), steps),
    })
}

/// The lines a search has already left as they were. A line's repair depends on nothing but the
/// line and the document's recovery model, so when the repairs run again over their own output
/// (see `fix::repair_text`) such a line would be left alone again: it is not searched twice. A
/// lossy line keeps its U+FFFD, looks suspicious in every round, and would otherwise pay for the
/// whole search in each of them.
#[derive(Default)]
pub(crate) struct Settled(std::collections::HashSet<String>);

/// How [`fix_lines`] works on the lines of one text.
struct Lines<'a> {
    max_layers: u8,
    model: Option<&'a RecoveryModel>,
    settled: &'a mut Settled,
}

thread_local! {
    /// One searcher per thread: its encoders and memos warm up once, not once per string
    /// (JSON Lines of short strings would pay for them every time).
    static SEARCHER: std::cell::RefCell<Option<Searcher>> = const { std::cell::RefCell::new(None) };
}

fn fix_lines<'t>(
    text: &'t str,
    lines: Lines<'_>,
    searcher: &mut Searcher,
    steps: &mut Vec<Step>,
) -> Cow<'t, str> {
    if searcher.whole_line
        && lines.max_layers > 0
        && let Some(decoded) = whole_text_utf8(text, steps)
    {
        // The outer layer is undone for the whole text; what it hid gets the usual search.
        searcher.whole_text_hits += 1;
        let inner = Lines {
            max_layers: lines.max_layers - 1,
            ..lines
        };
        return Cow::Owned(fix_lines(&decoded, inner, searcher, steps).into_owned());
    }
    let Lines {
        max_layers,
        model,
        settled,
    } = lines;
    let mut out = String::new();
    let mut copied = 0;
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let start = line_start;
        line_start += line.len();
        if line.is_ascii() || quickly_clean(line) {
            continue;
        }
        let first = suspicion(line);
        if (first == Suspicion::None && !has_lost_a0_shape(line)) || settled.0.contains(line) {
            continue;
        }
        // Layers are undone line by line: a line's repairs never depend on another line.
        let mut line_steps = Vec::new();
        let (mut current, left) = layers(
            searcher,
            (Cow::Borrowed(line), first),
            max_layers,
            model,
            0,
            &mut line_steps,
        );
        // (The lookahead is for UTF-8 and CJK readings: a line that only shows the shape of a
        // re-tabled reading, like clean Polish, does not pay for it.)
        if max_layers > 1
            && !current.contains('\u{FFFD}')
            && matches!(
                left.unwrap_or_else(|| suspicion(&current)),
                Suspicion::Encoding | Suspicion::Multibyte
            )
        {
            // Still damaged (and not merely lossy, which no second step mends): the outer layer
            // of a double mojibake can look no better than what
            // it hides (UTF-8 → GBK → windows-1252 leaves GBK mojibake after one step). Take a
            // first step that costs, then the usual ones, and keep it if the end is cheaper.
            let mut trial_steps = Vec::new();
            let (trial, _) = layers(
                searcher,
                (Cow::Borrowed(line), Suspicion::Encoding),
                max_layers,
                model,
                -LOOKAHEAD_SLACK,
                &mut trial_steps,
            );
            // Only a two-step repair that ends in clean-looking text: on garbage it would just
            // trade one mess for another (and a second repair would pick yet another).
            if !is_suspicious(&trial)
                && text_cost(None, &trial, None) + LOOKAHEAD_MARGIN
                    < text_cost(None, &current, None)
            {
                current = trial;
                line_steps = trial_steps;
            }
        }
        if let Some((variant, step)) = lost_a0_variant(&current) {
            // A space where windows-1252 text needs a continuation byte: the 0xA0 of à or Р
            // became an ordinary space (Ã perturber). Read it as 0xA0 and keep the whole try
            // only if it leaves the line clean.
            let mut variant_steps = vec![step];
            let (repaired, _) = layers(
                searcher,
                (Cow::Owned(variant), Suspicion::Encoding),
                max_layers,
                model,
                0,
                &mut variant_steps,
            );
            if !repaired.contains('\u{A0}') && !is_suspicious(&repaired) {
                line_steps.extend(variant_steps);
                current = Cow::Owned(repaired.into_owned());
            }
        }
        if let Cow::Borrowed(unchanged) = current {
            settled.0.insert(unchanged.to_owned());
        } else if let Cow::Owned(fixed) = current {
            if out.capacity() == 0 {
                out.reserve(text.len() + text.len() / 8);
            }
            out.push_str(&text[copied..start]);
            let base = out.len();
            steps.extend(line_steps.into_iter().map(|mut s| {
                s.range = s.range.start + base..s.range.end + base;
                s
            }));
            out.push_str(&fixed);
            copied = start + line.len();
        }
    }
    if copied == 0 {
        return Cow::Borrowed(text);
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// The chains [`whole_text_utf8`] reads a whole text along: the two most common ways a page
/// is misread, and the first of each family in [`CHAINS`].
const WHOLE_TEXT_CHAINS: [(Charset, &encoding_rs::Encoding); 2] = [
    (Charset::WINDOWS_1252, encoding_rs::WINDOWS_1252),
    (Charset::GBK, encoding_rs::GBK),
];

/// The least gain of each line [`whole_text_utf8`] changes: less than a line read alone needs
/// ([`STRONG_UTF8_GAIN`]), since the whole text re-encoding to well-formed UTF-8 is evidence of
/// its own (Ã followed by a no-break space, à, gains 7).
const WHOLE_TEXT_LINE_MIN_GAIN: i64 = 1;

/// [`whole_text_utf8`] reads a text whole only if at most one changed line in this many does not
/// gain (and is kept as it is).
const WHOLE_TEXT_MAX_KEPT_SHARE: usize = 20;

/// The bytes of a text [`whole_text_utf8`] tries first.
const WHOLE_TEXT_PREFIX: usize = 4096;

/// Non-ASCII characters a text needs for [`whole_text_utf8`] to read it whole: fewer could form
/// UTF-8 by chance, and short texts are quick line by line.
const WHOLE_TEXT_MIN_CHARS: usize = 64;

/// The fast path of the commonest case, a whole page or file of UTF-8 read with windows-1252
/// or GBK: if every character of `text` re-encodes along the chain, the bytes are well-formed
/// UTF-8, and the lines that change gain ([`WHOLE_TEXT_LINE_MIN_GAIN`], after its chain's prior;
/// one in [`WHOLE_TEXT_MAX_KEPT_SHARE`] may not, and is kept for the line search), the text is
/// read back in one pass (encoding_rs
/// and a UTF-8 check, hundreds of MB/s) instead of searching each line along 41 chains. A
/// step per changed line goes to `steps`. `None` leaves the text to the search: a mixed text (one
/// clean accented letter does not re-encode to UTF-8), a short one, a lossy one.
fn whole_text_utf8(text: &str, steps: &mut Vec<Step>) -> Option<String> {
    if text.len() < WHOLE_TEXT_MIN_CHARS * 2 {
        return None;
    }
    let first = text.chars().find(|c| !c.is_ascii())?;
    let (wrong, encoding) = if first >= '\u{2E80}' {
        WHOLE_TEXT_CHAINS[1]
    } else {
        WHOLE_TEXT_CHAINS[0]
    };
    // A prefix first: clean text re-encodes to bytes that stop being UTF-8 within a few
    // characters, and must not pay for a pass over all of it.
    let mut cut = text.len().min(WHOLE_TEXT_PREFIX);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let (prefix, _, unmappable) = encoding.encode(&text[..cut]);
    if unmappable || std::str::from_utf8(&prefix).is_err_and(|e| e.error_len().is_some()) {
        return None;
    }
    let mut encoder = encoding.new_encoder();
    let mut bytes =
        Vec::with_capacity(encoder.max_buffer_length_from_utf8_without_replacement(text.len())?);
    let (result, _) = encoder.encode_from_utf8_to_vec_without_replacement(text, &mut bytes, true);
    if result != encoding_rs::EncoderResult::InputEmpty {
        return None;
    }
    let decoded = String::from_utf8(bytes).ok()?;
    if decoded.contains(|c: char| ('\u{80}'..='\u{9F}').contains(&c) || c == '\u{FFFD}')
        || decoded
            .chars()
            .filter(|c| !c.is_ascii())
            .nth(WHOLE_TEXT_MIN_CHARS)
            .is_none()
    {
        return None;
    }
    let spec = CHAINS
        .iter()
        .find(|spec| spec.chain.actual.is_utf8() && spec.chain.wrong == wrong)?;
    // Every line must gain as the line-by-line search would have it (ASCII lines read the same);
    // a few that do not (a lone 脳, GBK for ×, reads as GBK) are kept as they are, for the line
    // search, as long as the rest of the text gains.
    let mut line_steps = Vec::new();
    let mut out = String::with_capacity(decoded.len());
    let (mut changed, mut kept) = (0usize, 0usize);
    for (old, new) in text
        .split_inclusive('\n')
        .zip(decoded.split_inclusive('\n'))
    {
        if old == new {
            out.push_str(new);
            continue;
        }
        // Only the stretch from the first high byte to the last differs (ASCII reads the
        // same): price that, between the ASCII characters around it.
        let start = old.bytes().position(|b| !b.is_ascii()).unwrap_or(0);
        let tail = old.len()
            - old
                .bytes()
                .rposition(|b| !b.is_ascii())
                .map_or(0, |i| i + 1);
        let before = old[..start].chars().next_back();
        let after = old[old.len() - tail..].chars().next();
        let (old_span, new_span) = (&old[start..old.len() - tail], &new[start..new.len() - tail]);
        let gain = cost_difference(before, (old_span, new_span), after) - spec.prior;
        // (No line needs the everyday letters a short line read alone must make: a few
        // high bytes may form UTF-8 by chance, all those of a whole text do not.)
        if gain < WHOLE_TEXT_LINE_MIN_GAIN {
            kept += 1;
            out.push_str(old);
            continue;
        }
        changed += 1;
        line_steps.push(Step {
            action: Action::Mojibake(spec.chain),
            range: out.len()..out.len() + old.len(),
            replacement: new.to_owned(),
            lossy: false,
        });
        out.push_str(new);
    }
    if changed == 0 || kept * WHOLE_TEXT_MAX_KEPT_SHARE > changed {
        return None;
    }
    steps.extend(line_steps);
    Some(out)
}

/// `text_cost(before, old, after) - text_cost(before, new, after)` for two readings of the same
/// bytes whose ASCII characters are the same and in the same places between runs of non-ASCII
/// ones (a UTF-8 chain reads ASCII as ASCII): the ASCII characters and the pairs between them
/// cost alike on both sides, so only each run of non-ASCII characters is priced, between its
/// ASCII neighbours. (The whole is priced where the parts would differ from it: where the
/// ASCII stretches differ, or known CJK words could take off more than the runs cost.)
fn cost_difference(before: Option<char>, (old, new): (&str, &str), after: Option<char>) -> i64 {
    let whole =
        || i64::from(text_cost(before, old, after)) - i64::from(text_cost(before, new, after));
    let (mut old_rest, mut new_rest) = (old, new);
    let mut prev = before;
    let (mut old_parts, mut new_parts) = ((0u32, 0u32), (0u32, 0u32));
    let add = |sum: &mut (u32, u32), (total, words): (u32, u32)| {
        *sum = (sum.0.saturating_add(total), sum.1.saturating_add(words));
    };
    loop {
        // The ASCII stretch both readings share.
        let ascii = |s: &str| s.bytes().position(|b| !b.is_ascii()).unwrap_or(s.len());
        let (old_ascii, new_ascii) = (ascii(old_rest), ascii(new_rest));
        if old_rest[..old_ascii] != new_rest[..new_ascii] {
            return whole();
        }
        if old_ascii > 0 {
            prev = old_rest[..old_ascii].chars().next_back();
        }
        (old_rest, new_rest) = (&old_rest[old_ascii..], &new_rest[new_ascii..]);
        if old_rest.is_empty() || new_rest.is_empty() {
            if old_rest.len() != new_rest.len() {
                return whole();
            }
            break;
        }
        let run = |s: &str| s.bytes().position(|b| b.is_ascii()).unwrap_or(s.len());
        let (old_run, new_run) = (run(old_rest), run(new_rest));
        let next = old_rest[old_run..].chars().next().or(after);
        add(
            &mut old_parts,
            text_cost_parts(prev, &old_rest[..old_run], next),
        );
        add(
            &mut new_parts,
            text_cost_parts(prev, &new_rest[..new_run], next),
        );
        (old_rest, new_rest) = (&old_rest[old_run..], &new_rest[new_run..]);
    }
    if old_parts.0 < old_parts.1 || new_parts.0 < new_parts.1 {
        return whole();
    }
    i64::from(old_parts.0 - old_parts.1) - i64::from(new_parts.0 - new_parts.1)
}

/// Whether what windows-1252 shows for a UTF-8 lead byte stands right before a space: the
/// cheap test for [`lost_a0_variant`].
fn has_lost_a0_shape(line: &str) -> bool {
    let mut prev = ' ';
    for c in line.chars() {
        if c == ' ' && ('\u{C2}'..='\u{EF}').contains(&prev) {
            return true;
        }
        prev = c;
    }
    false
}

/// The dearest letter a lost 0xA0 may complete: the everyday ones (à, Š, Р, Π), not Ġ (the
/// list "Ä Ö Ü" stays a list).
const A0_LETTER_MAX_COST: u32 = 8;

/// `line` with every space that stands where UTF-8 read as windows-1252 needs a continuation
/// byte turned back into the no-break space (0xA0) it was, and the step that does it: the space
/// is kept as well unless another one follows or the letter pairs glue the completed character
/// to the next letter ("Ã perturber" is "à perturber", "VoilÃ  un" is "Voilà un", "Ð ÐµÐ·" is
/// "Рез"). `None` if there is no such space.
fn lost_a0_variant(line: &str) -> Option<(String, Step)> {
    // What windows-1252 shows for UTF-8 lead bytes, then a space.
    let lead = |c: char| ('\u{C2}'..='\u{EF}').contains(&c);
    if !line.contains(' ') || !line.chars().any(lead) {
        return None;
    }
    let mut out = String::with_capacity(line.len() + 4);
    let mut pending_bytes: Vec<u8> = Vec::with_capacity(4);
    let mut chars = line.char_indices().peekable();
    let mut first: Option<usize> = None;
    let mut last_end = 0;
    let (mut before_prev, mut prev): (Option<char>, Option<char>) = (None, None);
    while let Some((at, c)) = chars.next() {
        // A letter that is a word of its own before the space (Swedish Å, "river"), standing
        // alone: the space is a space.
        let lone_word = prev.is_some_and(is_one_letter_word_anywhere)
            && before_prev.is_none_or(|b| !b.is_alphanumeric());
        before_prev = prev;
        prev = Some(c);
        // The character the 0xA0 would complete: a letter of an alphabet (à, Š, Р, Π), never a
        // mark or a symbol (× 3 stays: D7 A0 would be Hebrew נ).
        let completed = (c == ' ' && !lone_word && utf8_pending(&pending_bytes) == 1)
            .then(|| {
                let mut seq = pending_bytes.clone();
                seq.push(0xA0);
                std::str::from_utf8(&seq)
                    .ok()
                    .and_then(|s| s.chars().next())
            })
            .flatten()
            .filter(|&x| {
                let (cost, script) = char_cost(x);
                x.is_alphabetic()
                    && cost <= A0_LETTER_MAX_COST
                    && matches!(
                        script,
                        Script::Latin | Script::LatinAccented | Script::Cyrillic | Script::Greek
                    )
            });
        if let Some(completed) = completed {
            first.get_or_insert(at);
            out.push('\u{A0}');
            // Keep the space too, unless another follows or the character it completes reads
            // better glued to the next letter (Р езультат is Результат; à perturber stays).
            let next = chars.peek().map(|&(_, n)| n);
            let glued = Some(completed).is_some_and(|x| {
                pair_bits(Some(x), next) < pair_bits(Some(x), None) + pair_bits(None, next)
            });
            if next.is_some_and(|n| n != ' ') && !glued {
                out.push(' ');
            }
            last_end = at + 1;
            pending_bytes.clear();
            continue;
        }
        out.push(c);
        match single_byte_of(Charset::WINDOWS_1252, c) {
            Some(b) => pending_bytes.push(b),
            None => pending_bytes.clear(),
        }
        if pending_bytes.len() > 4 {
            pending_bytes.remove(0);
        }
    }
    let start = first?;
    // The step replaces what lies between the first and the last such space.
    let prefix_len = start;
    let suffix_len = line.len() - last_end;
    let replacement = out.get(prefix_len..out.len() - suffix_len)?.to_owned();
    Some((
        out,
        Step {
            action: Action::RecoveredBytes(Chain {
                actual: Charset::UTF_8,
                wrong: Charset::WINDOWS_1252,
            }),
            range: start..last_end,
            replacement,
            lossy: false,
        },
    ))
}

/// How much a first step may cost when a second one is tried after it.
const LOOKAHEAD_SLACK: i64 = 40;
/// How much cheaper a two-step repair must end than the usual one to be taken.
const LOOKAHEAD_MARGIN: u32 = 12;

/// Undoes up to `max_layers` layers of one line, which [`suspicion`] has let through with
/// `first` (the chains searched follow from it, layer by layer); the first layer takes
/// candidates whose gain exceeds `first_min_gain` (0 normally, negative to look ahead), later
/// ones need a positive gain. Returns what is left, with its [`suspicion`] when it is known.
fn layers<'l>(
    searcher: &mut Searcher,
    (line, first): (Cow<'l, str>, Suspicion),
    max_layers: u8,
    model: Option<&RecoveryModel>,
    first_min_gain: i64,
    steps: &mut Vec<Step>,
) -> (Cow<'l, str>, Option<Suspicion>) {
    let mut current = line;
    let mut left = None;
    for layer in 0..max_layers {
        let signs = if layer == 0 {
            first
        } else if current.is_ascii() {
            Suspicion::None
        } else {
            suspicion(&current)
        };
        left = Some(signs);
        if signs == Suspicion::None {
            break;
        }
        let min_gain = if layer == 0 { first_min_gain } else { 0 };
        let mut changed = false;
        current = apply(current, steps, |s, st| {
            let r = searcher.one_layer(s, model, (min_gain, signs), st);
            changed = matches!(r, Cow::Owned(_));
            r
        });
        if !changed {
            break;
        }
        left = None;
    }
    (current, left)
}

/// The cost from which a single character is evidence enough to search a line: rare Han (GB2312
/// level 2 and beyond), private use, C1 controls, Latin-1 symbols, halfwidth katakana, Hangul
/// outside KS X 1001.
const SUSPICIOUS_COST: u32 = 13;

/// Whether a line shows any sign of mojibake, the fast path that spares clean text the search:
/// a character at least [`SUSPICIOUS_COST`] dear, '?' next to non-ASCII text, U+FFFD after a
/// character a single-byte charset shows for a high byte, or a
/// character that a single-byte charset shows for a UTF-8 lead byte followed by another
/// non-ASCII character (the shape of every multi-byte character read byte by byte), or CJK text
/// of which a third or more is merely common (cost [`SUSPICIOUS_COST`] − 1), as mojibake made of
/// ordinary characters is.
fn is_suspicious(line: &str) -> bool {
    signs_in(line, false) != Suspicion::None
}

/// What a line's signs of mojibake allow for, from [`suspicion`].
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Suspicion {
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
fn suspicion(line: &str) -> Suspicion {
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
    // CJK letters in a row up to here.
    let mut cjk_run = 0usize;
    let bytes = line.as_bytes();
    let mut at = 0;
    while let Some(&first) = bytes.get(at) {
        if first.is_ascii() {
            // A run of ASCII characters at once: only its first one can follow a non-ASCII one.
            let c = char::from(first);
            if c == '?' && prev.is_some_and(|p| !p.is_ascii()) {
                multibyte_sign!();
            }
            // A CJK character glued to a Latin letter: a word read with a CJK decoder (one or
            // two of them for an accented letter or two; a longer run is CJK text after which a
            // Latin word follows, 使用shell).
            if c.is_ascii_alphabetic() && prev.is_some_and(is_cjk) && cjk_run <= GLUED_RUN_MAX {
                multibyte_sign!();
            }
            pair_run = PairShapeRun::default();
            hangul_run = HangulShapeRun::default();
            cjk_run = 0;
            let run = &bytes[at..];
            let end = at + run.iter().position(|b| !b.is_ascii()).unwrap_or(run.len());
            let run = &bytes[at..end];
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
        let (cost, script) = char_cost(c);
        shape.note_1250(c);
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
        {
            // (A dear character is a sign of any reading, Polish ą and ł show as windows-1252's
            // ¹ and ³: every chain is searched, whatever the rest of the line says.)
            return Suspicion::Encoding;
        }
        if is_cjk(c) {
            cjk += 1;
            uncommon += u32::from(cost + 1 >= SUSPICIOUS_COST);
        }
        if pair_run.push(if is_cjk(c) { utf8_pair_shapes(c) } else { 0 }) {
            multibyte_sign!();
        }
        let next_byte = line.as_bytes().get(at + c.len_utf8()).copied();
        if hangul_run.push(c) || starts_two_shift_jis_pairs(&line[at..]) {
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
            Some(p) if p.is_ascii_alphabetic() => shape.lone_letter_pair(Some(p), Some(c), c),
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
            Some(next) if next.is_ascii() && prev.is_some_and(|p| p.is_ascii_alphabetic()) => {
                shape.lone_letter_pair(Some(c), None, c);
            }
            None if prev.is_some_and(|p| p.is_ascii_alphabetic()) => {
                shape.lone_letter_pair(Some(c), None, c);
            }
            _ => {}
        }
        // (Past the first sign, only what the rest of the line says of a re-tabled text.)
        if !multibyte_sign
            && let Some(p) = prev
            && (p == '?'
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
    // Short strings need less: 设置 read as GBK is 璁剧疆, one uncommon character of three.
    let share = if cjk <= 4 { 3 } else { 2 };
    let rest = if cjk > 0 && uncommon * share >= cjk {
        Suspicion::Encoding
    } else if (cjk > 0
        // (No CJK letter here is glued to an ASCII one: that was a sign above.)
        && ascii_letters as usize >= LONE_CJK_MIN_LETTERS * cjk as usize
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
        || has_word_known_through(line, windows_1250_through_1252(), FEW_NON_ASCII_1250)
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
fn is_small_kana(c: char) -> bool {
    matches!(
        c,
        'ぁ' | 'ぃ'
            | 'ぅ'
            | 'ぇ'
            | 'ぉ'
            | 'っ'
            | 'ゃ'
            | 'ゅ'
            | 'ょ'
            | 'ゎ'
            | 'ァ'
            | 'ィ'
            | 'ゥ'
            | 'ェ'
            | 'ォ'
            | 'ッ'
            | 'ャ'
            | 'ュ'
            | 'ョ'
            | 'ヮ'
    )
}

/// Whether `c` is a small kana where Japanese never writes one: after `prev` that is no kana
/// (nor the long-vowel mark ー), or at the start; small ゃ ゅ ょ only after a kana of the i row
/// (きゃ, チュ; テュ, フュ in loanwords), and small っ and ッ also after the Han stem of a verb
/// (言った). Big5's commonest characters are GBK's kana rows (中文 as いゅ, 文件 as ゅン).
fn small_kana_stranded(prev: Option<char>, c: char) -> bool {
    // (Most characters are none: the one test they pay.)
    if !is_small_kana(c) {
        return false;
    }
    let kana = |p: char| ('\u{3041}'..='\u{30FA}').contains(&p) || p == 'ー';
    // (Small ya, yu, yo after a kana of the i row, and after テ デ フ ヴ in loanwords.)
    let before_small_y =
        |p: char| "きしちにひみりぎじぢびぴキシチニヒミリギジヂビピテデフヴ".contains(p);
    if matches!(c, 'ゃ' | 'ゅ' | 'ょ' | 'ャ' | 'ュ' | 'ョ') {
        return !prev.is_some_and(before_small_y);
    }
    is_small_kana(c) && !prev.is_some_and(|p| kana(p) || (matches!(c, 'っ' | 'ッ') && is_han(p)))
}

/// Whether `text` (after `before`) has a small kana where Japanese never writes one
/// ([`small_kana_stranded`]).
fn has_stranded_small_kana(before: Option<char>, text: &str) -> bool {
    let mut prev = before;
    text.chars().any(|c| {
        let stranded = small_kana_stranded(prev, c);
        prev = Some(c);
        stranded
    })
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
    pairs: Vec<(char, char)>,
    latin_1: Vec<char>,
}

impl Retabling {
    fn new(
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

/// KOI8-R text read as windows-1251.
fn koi8_r_through_1251() -> &'static Retabling {
    static TABLE: std::sync::OnceLock<Retabling> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| Retabling::new(encoding_rs::WINDOWS_1251, encoding_rs::KOI8_R))
}

/// The most non-ASCII characters a line may hold for [`has_word_known_through`] to look for
/// windows-1250 read as windows-1252 (clean Western text writes many accents), and for KOI8-R
/// read as windows-1251 (all of Cyrillic text is non-ASCII: only short strings).
const FEW_NON_ASCII_1250: usize = 4;
/// See [`FEW_NON_ASCII_1250`].
const FEW_NON_ASCII_KOI8: usize = 8;
/// The fewest letters of a word in capitals that [`has_word_known_through`] reads as another.
const CAPITALS_WORD_MIN_LETTERS: usize = 5;

/// Whether a word of `line` that the languages do not write reads, with its letters taken back
/// through `retabling`, as one they do (èíslo as číslo, listê as listę through windows-1250, ДМС
/// as для through KOI8-R): one changed letter a word moves the letter statistics too little for
/// the gate, and a word in capitals may be an abbreviation, but a known word
/// ([`word_known`], of [`KNOWN_WORD_MIN_LETTERS`] letters and more) is a sign.
/// Only lines with at most `few` non-ASCII characters are looked at.
fn has_word_known_through(line: &str, retabling: &Retabling, few: usize) -> bool {
    let bytes = line.as_bytes();
    if bytes.iter().filter(|&&b| b >= 0xC0).count() > few {
        return false;
    }
    let mut done = 0;
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
        let mixed_pair = is_mixed_pair(&line[start..end]) && counts_mixed_pairs(line);
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
    /// Takes the next non-ASCII character; true once the run holds [`HANGUL_SHAPE_RUN`]
    /// syllables.
    fn push(&mut self, c: char) -> bool {
        let byte = windows_1252_byte(c);
        if self.lead_pending {
            if byte.is_some_and(|b| (0xA1..=0xFE).contains(&b)) {
                self.syllables += 1;
                self.lead_pending = false;
                return self.syllables >= HANGUL_SHAPE_RUN;
            }
            *self = HangulShapeRun::default();
        }
        self.lead_pending = byte.is_some_and(|b| (0xB0..=0xC8).contains(&b));
        false
    }
}

/// The byte windows-1252 shows as `c`, for the characters of its high half (without a table
/// search: the gate asks it of every character that may be a lead byte).
fn windows_1252_byte(c: char) -> Option<u8> {
    const HIGH: &str = "€\u{81}‚ƒ„…†‡ˆ‰Š‹Œ\u{8D}Ž\u{8F}\u{90}‘’“”•–—˜™š›œ\u{9D}žŸ";
    match u32::from(c) {
        cp @ 0xA0..=0xFF => u8::try_from(cp).ok(),
        // (From Œ, U+0152, to ™, U+2122: nothing else is shown for a high byte.)
        0x80..=0x9F | 0x152..=0x2122 => HIGH
            .chars()
            .position(|h| h == c)
            .and_then(|i| u8::try_from(0x80 + i).ok()),
        _ => None,
    }
}

/// Whether `rest` starts with what windows-1252 shows for two Shift_JIS double-byte
/// characters in a row: a lead byte (0x81..=0x9F, 0xE0..=0xEF) and a trail (0x40..=0x7E,
/// 0x80..=0xFC, an ASCII letter or symbol among them), twice (倉澤 as ‘qàV). Clean text seldom
/// has two such pairs back to back: its leads are punctuation and small accented letters, each
/// mostly followed by ASCII that no lead follows.
fn starts_two_shift_jis_pairs(rest: &str) -> bool {
    let lead =
        |c: char| windows_1252_byte(c).is_some_and(|b| matches!(b, 0x81..=0x9F | 0xE0..=0xEF));
    let trail = |c: char| match u32::from(c) {
        0x40..=0x7E => true,
        _ if c.is_ascii() => false,
        _ => windows_1252_byte(c).is_some_and(|b| matches!(b, 0x80..=0xFC)),
    };
    let mut chars = rest.chars();
    // (The lead first: most characters are none, and the rest is not read.)
    let mut pair = || chars.next().is_some_and(lead) && chars.next().is_some_and(trail);
    pair() && pair()
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

/// A run of this many CJK letters, each what one of [`PAIR_SHAPE_CHARSETS`] shows for a whole
/// two-byte UTF-8 sequence, is a sign: Cyrillic, Greek or accented Latin read with a CJK decoder
/// (肖邪泄谢 for Файл). Clean CJK text has such runs of three in about one line in a hundred,
/// of four almost never (measured on the evaluation corpora).
const PAIR_SHAPE_RUN: u32 = 3;

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

/// A run of CJK letters that a legacy CJK charset could all show for two-byte UTF-8 sequences,
/// followed one letter at a time (see [`PAIR_SHAPE_RUN`]).
#[derive(Clone, Copy, Default)]
struct PairShapeRun {
    /// The charsets for which every letter of the run so far has the shape.
    shapes: u8,
    len: u32,
}

impl PairShapeRun {
    /// Takes the next character's [`utf8_pair_shapes`] (0 for anything but such a letter) and
    /// tells whether the run is now long enough to be a sign.
    fn push(&mut self, shapes: u8) -> bool {
        let kept = self.shapes & shapes;
        *self = if kept != 0 {
            PairShapeRun {
                shapes: kept,
                len: self.len + 1,
            }
        } else {
            PairShapeRun {
                shapes,
                len: u32::from(shapes != 0),
            }
        };
        self.len >= PAIR_SHAPE_RUN
    }
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
                        | if is_han(c) { QUICK_HAN } else { 0 }
                        | if is_hangul(c) { QUICK_HANGUL } else { 0 }
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
/// sign in `line` (nor [`has_lost_a0_shape`] a lost 0xA0), decided byte by byte over lines
/// made of ASCII and the three-byte characters of [`quick_classes`]. Any other character,
/// and every pattern that is a sign (a CJK letter glued to an ASCII letter, Han beside Hangul,
/// '?' after a CJK character, too many merely common letters), leaves the line to
/// [`suspicion`].
fn quickly_clean(line: &str) -> bool {
    let bytes = line.as_bytes();
    let classes = quick_classes();
    let (mut cjk, mut uncommon) = (0u32, 0u32);
    // The class of the previous character: 0 for ASCII other than letters and '?', the two
    // constants below for those, else its quick class.
    const ASCII_LETTER: u8 = 0x80;
    const QUESTION_MARK: u8 = 0x40;
    let mut prev = 0u8;
    let mut pair_run = PairShapeRun::default();
    // The code point of the previous character if it was a three-byte one, else 0.
    let mut prev_cp = 0u32;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            pair_run = PairShapeRun::default();
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
        if pair_run.push(class >> QUICK_PAIR_SHIFT) {
            return false;
        }
        if class & 3 >= QUICK_COMMON {
            let han_hangul = (class & QUICK_HAN != 0 && prev & QUICK_HANGUL != 0)
                || (class & QUICK_HANGUL != 0 && prev & QUICK_HAN != 0);
            if prev == ASCII_LETTER || han_hangul {
                return false;
            }
            cjk += 1;
            uncommon += u32::from(class & 3 == QUICK_UNCOMMON);
        }
        prev = class;
        i += 3;
    }
    let share = if cjk <= 4 { 3 } else { 2 };
    !(cjk > 0 && (uncommon * share >= cjk || is_latin_with_lone_cjk(line)))
}

/// Whether `c` (at the start of `rest`) is Spanish ¿ or ¡ opening a clause: at the start of a
/// word (after nothing, a space, an opening bracket or quote, a dash) and before a letter
/// (¿Dónde, ¡Hola). Alone,
/// such a Latin-1 symbol is a sign of mojibake; there it is what Spanish writes.
fn opens_spanish_clause(prev: Option<char>, c: char, rest: &str) -> bool {
    let mut after = rest.chars().skip(1);
    let next = after.next();
    // (A word of one letter after it must be one Spanish has alone: ¿Y tú?, ¿A qué hora?; ¿e
    // is Polish że read with windows-1252.)
    let one_letter_word = after.next().is_none_or(|n| !n.is_alphabetic());
    matches!(c, '¿' | '¡')
        && prev.is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '"' | '\'' | '«' | '—'))
        && next.is_some_and(|n| {
            (n.is_ascii_alphabetic()
                || (n.is_alphabetic() && char_cost(n).1 == Script::LatinAccented))
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
    bits: u32,
    pairs: u32,
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
    letters: alphabets::LineLetters,
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
        cyrillic(a)
            && cyrillic(b)
            && a.is_some_and(|a| low_flags(a) & LOW_LOWERCASE != 0)
            && b.is_some_and(|b| low_flags(b) & LOW_UPPERCASE != 0)
    }

    /// Counts the pair `a` `b` of an ASCII letter (or the end of a word after a Latin word's last
    /// letter) and `other`, the non-ASCII one of the two: the pairs a lone accented letter makes
    /// inside a word (naèinu for načinu through
    /// windows-1252), the gate's hottest path in Latin-script text.
    fn lone_letter_pair(&mut self, a: Option<char>, b: Option<char>, other: char) {
        if shown_by_retable_wrong(other) {
            self.lone_bits += pair_bits(a, b);
            self.lone_pairs += 1;
        } else if !self.unshowable {
            // (A letter of the pair model is a letter: the slow Unicode lookup only for the rest.)
            self.unshowable = letter_symbol(Some(other)) != 0 || other.is_alphabetic();
        }
    }

    /// Counts the triple of `c`, a non-ASCII character among ASCII ones, with its neighbours
    /// (`None` or a non-letter: a word boundary), if windows-1252 or windows-1251 shows it.
    fn lone_letter_triple(&mut self, prev: Option<char>, c: char, next: Option<char>) {
        // (Every letter the two tables show is below the pair model's limit: a cheap test first;
        // a letter of the pair model is a letter, the slow Unicode lookup only for the rest.)
        if u32::from(c) < crate::bigrams::LETTER_LIMIT
            && shown_by_retable_wrong(c)
            && (letter_symbol(Some(c)) != 0 || c.is_alphabetic())
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
        lone || (self.pairs >= SHAPE_MIN_PAIRS && self.bits * 10 >= SHAPE_MIN_MEAN * self.pairs)
    }
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
const CAPITALS_LINE_MIN: u32 = 8;

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
    if ('\u{C2}'..='\u{F4}').contains(&p)
        && (is_high_byte_char(c) || c == '\u{FFFD}')
        && !is_word_letter_pair(before, p, c, chars.clone().next())
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
            Some((_, false, _)) => return true,
            Some((len, true, decoded)) => {
                let next = rest.get(len..).unwrap_or("");
                let foreign_letter = |c: char| !c.is_ascii() && c.is_alphabetic();
                let latin = |c: char| matches!(char_cost(c).1, Script::LatinAccented);
                let glued_to_ascii = before.is_some_and(|b| b.is_ascii_alphabetic())
                    || next.starts_with(|n: char| n.is_ascii_alphabetic());
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
/// and pairing as words do (secção, créé, gemäß): what Western European words hold. A legacy CJK character read as
/// windows-1252 shows two such letters only for rare Han (both bytes 0xE0 and up), and CJK text
/// has them side by side, not one among ASCII words; so the pair alone is no sign of it.
fn is_word_letter_pair(before: Option<char>, p: char, c: char, next: Option<char>) -> bool {
    let lower = |c: char| ('\u{DF}'..='\u{FF}').contains(&c) && c != '÷';
    // (Glued to an ASCII letter the pair is part of a word whatever its letters: Finnish
    // käytetään, näyttää, which the pair model saw too little of; CJK text seldom glues
    // Latin letters to its rare characters, whose bytes these two small letters are.)
    let inside_word = before.is_some_and(|b| b.is_ascii_alphabetic())
        || next.is_some_and(|n| n.is_ascii_alphabetic());
    lower(p)
        && lower(c)
        && (pair_bits(Some(p), Some(c)) <= WORD_PAIR_MAX_BITS || inside_word)
        && before.is_none_or(|b| b.is_ascii())
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
            let (cost, script) = char_cost(u);
            let plausible =
                cost < SUSPICIOUS_COST || (!letters && !matches!(script, Script::Other(_)));
            return plausible.then_some((shown_len, letters, u));
        }
    }
    None
}

/// The byte `wrong` (a single-byte charset) shows as `c`, if any.
fn single_byte_of(wrong: Charset, c: char) -> Option<u8> {
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
fn low_flags(c: char) -> u8 {
    use std::sync::OnceLock;
    static FLAGS: OnceLock<Vec<u8>> = OnceLock::new();
    let flags_of = |c: char| {
        (u8::from(c.is_alphabetic()) * LOW_ALPHABETIC)
            | (u8::from(c.is_lowercase()) * LOW_LOWERCASE)
            | (u8::from(c.is_uppercase()) * LOW_UPPERCASE)
            | (u8::from(shown_by_retable_wrong_slow(c)) * LOW_RETABLE_SHOWN)
    };
    let table = FLAGS.get_or_init(|| {
        (0..LOW_END)
            .map(|cp| char::from_u32(cp as u32).map_or(0, flags_of))
            .collect()
    });
    table
        .get(c as usize)
        .copied()
        .unwrap_or_else(|| flags_of(c))
}

/// Whether `c` is alphabetic (above the table of [`low_flags`], without its other flags, which
/// cost more to work out than this one).
#[inline]
fn is_letter(c: char) -> bool {
    match c as usize {
        cp if cp < LOW_END => low_flags(c) & LOW_ALPHABETIC != 0,
        // (The blocks a CJK or single-byte decoder's reading is mostly made of, without the
        // standard library's table search: General Punctuation has no letter, the unified
        // ideographs and the Hangul syllables are nothing but letters.)
        0x2000..=0x206F => false,
        0x4E00..=0x9FFF | 0xAC00..=0xD7A3 => true,
        _ => c.is_alphabetic(),
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
fn utf8_lead_pairs(text: &str) -> u64 {
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

/// Texts shorter than this get no document model (a JSON Lines field, a title).
const RECOVERY_MODEL_MIN_BYTES: usize = 2048;

/// The document model for lost bytes, built on first need from the repaired head of the
/// document (so one-shot and streaming repairs use the same one).
pub(crate) struct RecoveryModel {
    head: Box<str>,
    layers: u8,
    model: std::sync::OnceLock<Option<DocumentModel>>,
}

impl RecoveryModel {
    pub(crate) fn new(head: &str, layers: u8) -> RecoveryModel {
        // Below the threshold no model is ever built: keep no copy either.
        let head = if head.len() < RECOVERY_MODEL_MIN_BYTES {
            ""
        } else {
            head
        };
        RecoveryModel {
            head: head.into(),
            layers,
            model: std::sync::OnceLock::new(),
        }
    }

    fn get(&self) -> Option<&DocumentModel> {
        // A short text says too little about itself to be worth a second search.
        if self.head.len() < RECOVERY_MODEL_MIN_BYTES {
            return None;
        }
        self.model
            .get_or_init(|| {
                let repaired = fix_mojibake(
                    &self.head,
                    self.layers,
                    None,
                    &mut Settled::default(),
                    &mut Vec::new(),
                );
                Some(DocumentModel::of(&repaired))
            })
            .as_ref()
    }
}

/// The encoders of every chain and the scratch buffers of the search, made once per text.
struct Searcher {
    encoders: Vec<CharEncoder>,
    seg: Segment,
    decoded: String,
    decode_cache: DecodeCache,
    candidates: Collector,
    /// Scratch for [`Searcher::whole_line_utf8`].
    whole_line_first: Vec<u8>,
    /// Whether the whole-line fast path is taken (off only in the test that checks it against
    /// the search proper).
    whole_line: bool,
    /// How many lines the fast path settled (for that test).
    whole_line_hits: usize,
    /// How many texts [`whole_text_utf8`] read whole (for its test).
    whole_text_hits: usize,
}

impl Searcher {
    fn new() -> Searcher {
        Searcher {
            encoders: CHAINS
                .iter()
                .map(|spec| CharEncoder::new(spec.chain.wrong))
                .collect(),
            seg: Segment::default(),
            decoded: String::new(),
            decode_cache: DecodeCache::default(),
            candidates: Collector {
                list: Vec::new(),
                min_gain: 0,
                latin_with_lone_cjk: None,
                line_letters: None,
                latin_with_lone_foreign: None,
                has_cjk_letter: None,
                long_line: None,
                whole_line: false,
                broken_at_placeholder: Vec::new(),
            },
            whole_line_first: Vec::new(),
            whole_line: true,
            whole_line_hits: 0,
            whole_text_hits: 0,
        }
    }

    /// Finds the best non-overlapping candidates of every chain in `text` and applies them.
    fn one_layer<'t>(
        &mut self,
        text: &'t str,
        model: Option<&RecoveryModel>,
        (min_gain, signs): (i64, Suspicion),
        steps: &mut Vec<Step>,
    ) -> Cow<'t, str> {
        let retable_only = matches!(signs, Suspicion::Retable | Suspicion::LoneLetters);
        let lone_only = signs == Suspicion::LoneLetters;
        let multibyte_only = signs == Suspicion::Multibyte;
        self.candidates.list.clear();
        self.candidates.broken_at_placeholder.clear();
        self.candidates.min_gain = min_gain;
        self.candidates.latin_with_lone_cjk = None;
        self.candidates.line_letters = None;
        self.candidates.latin_with_lone_foreign = None;
        self.candidates.has_cjk_letter = None;
        self.candidates.long_line = None;
        let adjacent = has_adjacent_non_ascii(text);
        let utf8_shapes = if adjacent { utf8_lead_pairs(text) } else { 0 };
        // A CJK decoder reads the lead byte of a UTF-8 sequence (0xC2..=0xF4) as the start of
        // a Han, Hangul or halfwidth katakana character (or a user-defined one, or U+FFFD), and
        // Big5 and GBK read each other as Han: a line without any character from U+2E80 on
        // was read by none of them.
        // (U+FFFD is what any decoder leaves of a byte it could not read: it says nothing of
        // which one, and does not rule out a single-byte text read with another table.)
        let cjk_decoded = text.chars().any(|c| c >= '\u{2E80}' && c != '\u{FFFD}');
        let cjk_or_lost = cjk_decoded || text.contains('\u{FFFD}');
        // The whole line read as UTF-8 may explain it; else the search proper starts afresh.
        self.candidates.whole_line = true;
        let explained = self.whole_line
            && !retable_only
            && self.whole_line_utf8(text, model, cjk_or_lost, utf8_shapes);
        self.candidates.whole_line = false;
        if explained {
            self.whole_line_hits += 1;
        } else {
            self.candidates.list.clear();
        }
        for (index, (spec, encoder)) in CHAINS.iter().zip(self.encoders.iter_mut()).enumerate() {
            if explained {
                break;
            }
            // A line that holds CJK text was never single-byte text as a whole either: its
            // accented Latin letters are what they say (the pinyin of "學(xué)").
            if (!cjk_or_lost && !spec.chain.wrong.is_single_byte())
                || (cjk_decoded && spec.chain.actual.is_single_byte())
                || (retable_only && !spec.chain.actual.is_single_byte())
                || (lone_only && spec.chain.actual != single!(WINDOWS_1250))
                || (multibyte_only && spec.chain.actual.is_single_byte())
            {
                continue;
            }
            if !spec.chain.actual.is_utf8()
                && index > 0
                && CHAINS[index - 1].chain.actual.is_utf8()
                && utf8_explains(text, &mut self.candidates.list)
            {
                break;
            }
            // UTF-8 (and EUC-JP) read byte by byte always leaves adjacent non-ASCII characters;
            // GBK, Big5, Shift_JIS and UHC have trail bytes in the ASCII range, so no such rule.
            let all_high = spec.chain.actual.is_utf8() || spec.chain.actual == Charset::EUC_JP;
            if spec.chain.wrong.is_single_byte() && all_high && !adjacent {
                continue;
            }
            // UTF-8 read with a single-byte charset leaves a lead byte's character right before a
            // continuation byte's: without one for this charset, the chain has nothing to find.
            if spec.chain.actual.is_utf8()
                && spec.chain.wrong.is_single_byte()
                && utf8_shapes & (1u64 << index) == 0
            {
                continue;
            }
            search_chain(
                text,
                spec,
                encoder,
                &mut self.seg,
                (&mut self.decoded, &mut self.decode_cache),
                model,
                &mut self.candidates,
            );
            if spec.chain.actual.is_single_byte() {
                whole_line_retable(
                    text,
                    spec,
                    encoder,
                    &mut self.seg.bytes,
                    &mut self.candidates,
                );
            }
        }
        if self.candidates.list.is_empty() {
            return Cow::Borrowed(text);
        }
        rank_sibling_readings(text, &mut self.candidates.list);
        rank_cjk_words_over_capitals(&mut self.candidates.list);
        let picked = pick(&mut self.candidates.list);
        let mut rw = Rewriter::new(text);
        for i in picked {
            let c = &self.candidates.list[i];
            let action = if c.recovered {
                Action::RecoveredBytes(c.chain)
            } else {
                Action::Mojibake(c.chain)
            };
            let lossy = c.lossy
                || self.candidates.broken_at_placeholder.contains(&c.chain)
                || (is_cjk_to_cjk(c.chain) && placeholder_beside_cjk(text));
            rw.replace(c.range.clone(), &c.replacement, action, lossy);
        }
        rw.finish(steps)
    }
}

/// Whether `chain` is one legacy CJK charset read as another (Big5 as GBK, GBK as Big5).
fn is_cjk_to_cjk(chain: Chain) -> bool {
    is_cjk_legacy(chain.actual) && is_cjk_legacy(chain.wrong)
}

/// Whether `line` has a '?' beside a CJK letter (a space between allowed): where one CJK
/// charset read another, the wrong decoder's placeholder for a character it could not read
/// (帳 ? 建 for 帳 號 建, 號 having no Big5 reading of its GBK bytes), which no repair brings back.
fn placeholder_beside_cjk(line: &str) -> bool {
    line.match_indices('?').any(|(i, _)| {
        let (before, after) = (&line[..i], &line[i + 1..]);
        let before = before.strip_suffix(' ').unwrap_or(before);
        let after = after.strip_prefix(' ').unwrap_or(after);
        before.chars().next_back().is_some_and(is_cjk_letter)
            || after.chars().next().is_some_and(is_cjk_letter)
    })
}

impl Searcher {
    /// The fast path of the common case, a line that is mojibake from end to end: re-encodes
    /// the whole line (without its line break) along each UTF-8 chain that [`Searcher::one_layer`]
    /// would search, and keeps every strict UTF-8 reading as a candidate. True if those
    /// candidates explain the line ([`utf8_explains`]): the search proper would find the same
    /// runs (a line that re-encodes and decodes whole is one run per chain) and stop at the
    /// same point, character by character and ten times slower. False leaves the line to it.
    fn whole_line_utf8(
        &mut self,
        text: &str,
        model: Option<&RecoveryModel>,
        cjk_decoded: bool,
        utf8_shapes: u64,
    ) -> bool {
        let body = text.strip_suffix('\n').unwrap_or(text);
        if body.contains('\n') {
            return false;
        }
        if body.contains(['\u{FFFD}', '?']) {
            return self.whole_line_lossy(text, body, model, cjk_decoded, utf8_shapes);
        }
        let bytes = &mut self.seg.bytes;
        // The first reading of the line through a plain single-byte table, and the candidate it
        // gave (if any): most tables show the same bytes alike (windows-1252, ISO-8859-1 and
        // windows-1254 for French), and the same bytes make the same candidate, whose gain
        // differs only by the chains' priors.
        let first = &mut self.whole_line_first;
        first.clear();
        let mut first_found: Option<(i64, Option<usize>)> = None;
        let plain = |chain: Chain| chain.wrong.is_single_byte() && chain.wrong != Charset::IBM437;
        for (index, (spec, encoder)) in CHAINS.iter().zip(self.encoders.iter_mut()).enumerate() {
            let chain = spec.chain;
            if !chain.actual.is_utf8() {
                break;
            }
            // GBK shows € for two byte sequences: the search picks per character.
            let euro = chain.wrong == Charset::GBK && body.contains('€');
            if !whole_line_wants(index, cjk_decoded, utf8_shapes) || euro {
                continue;
            }
            if !encode_line(body, encoder, bytes) {
                continue;
            }
            let list = &mut self.candidates.list;
            if plain(chain)
                && let Some((first_prior, Some(i))) = first_found
                && *bytes == *first
            {
                let mut twin = list[i].clone_for(chain);
                twin.gain += first_prior - spec.prior;
                if twin.gain > self.candidates.min_gain {
                    list.push(twin);
                }
                continue;
            }
            let Ok(decoded) = std::str::from_utf8(bytes) else {
                continue;
            };
            let before = list.len();
            add_candidate(
                text,
                spec,
                0..body.len(),
                decoded,
                (false, false),
                &mut self.candidates,
            );
            if plain(chain) && first_found.is_none() {
                first.extend_from_slice(bytes);
                // (Without a candidate, a twin is weighed in full: its prior may let it pass.)
                let found = (self.candidates.list.len() > before).then_some(before);
                first_found = Some((spec.prior, found));
            }
        }
        whole_line_explains(text, &mut self.candidates.list)
    }

    /// [`Searcher::whole_line_utf8`] for a line with lost bytes ('?' or U+FFFD) in it: each
    /// chain that encodes the whole line is read as one segment, as the search proper reads
    /// it, lost bytes recovered where the model is sure.
    fn whole_line_lossy(
        &mut self,
        text: &str,
        body: &str,
        model: Option<&RecoveryModel>,
        cjk_decoded: bool,
        utf8_shapes: u64,
    ) -> bool {
        for (index, (spec, encoder)) in CHAINS.iter().zip(self.encoders.iter_mut()).enumerate() {
            let chain = spec.chain;
            if !chain.actual.is_utf8() {
                break;
            }
            if !whole_line_wants(index, cjk_decoded, utf8_shapes)
                || self.seg.encode(encoder, text, 0) != body.len()
            {
                continue;
            }
            if self.seg.has_non_ascii {
                let scratch = (&mut self.decoded, &mut self.decode_cache);
                scan_segment(text, &self.seg, spec, scratch, model, &mut self.candidates);
            }
        }
        whole_line_explains(text, &mut self.candidates.list)
    }
}

/// Encodes all of `body` into `bytes` (cleared first) with the wrong charset's `encoder`; false if
/// a character has no byte in it (U+FFFD never has: it stands for bytes already lost).
fn encode_line(body: &str, encoder: &mut CharEncoder, bytes: &mut Vec<u8>) -> bool {
    bytes.clear();
    body.chars().all(|c| {
        if c.is_ascii() {
            bytes.push(c as u8);
            true
        } else {
            c != '\u{FFFD}' && encoder.encode_char(c, bytes)
        }
    })
}

/// Single-byte text read with another single-byte table, weighed line by line as well as run by
/// run: a word or two with one changed letter each (naèinu for načinu) does not clear the
/// chain's prior alone, the letter pairs of all the line's changed words together do, and pay
/// it once. The line is re-encoded with the wrong table (`encoder`) and decoded with the actual
/// one; a line that does not re-encode whole, or reads as the same, gives nothing.
fn whole_line_retable(
    text: &str,
    spec: &ChainSpec,
    encoder: &mut CharEncoder,
    bytes: &mut Vec<u8>,
    out: &mut Collector,
) {
    let body = text.strip_suffix('\n').unwrap_or(text);
    if !encode_line(body, encoder, bytes) {
        return;
    }
    let mut decoded = String::with_capacity(body.len());
    crate::decode::decode_lossy(spec.chain.actual, bytes, &mut decoded);
    if decoded == body || decoded.contains('\u{FFFD}') {
        return;
    }
    add_candidate(text, spec, 0..body.len(), &decoded, (false, false), out);
}

/// Whether the whole-line path reads the line along UTF-8 chain `index`: as the search proper
/// would, a single-byte one only where the line shows its lead/continuation pairs, a CJK one
/// only where the line holds characters from U+2E80 on.
fn whole_line_wants(index: usize, cjk_decoded: bool, utf8_shapes: u64) -> bool {
    match CHAINS.get(index) {
        Some(spec) if spec.chain.wrong.is_single_byte() => utf8_shapes & (1u64 << index) != 0,
        Some(_) => cjk_decoded,
        None => false,
    }
}

/// The non-ASCII characters a whole-line UTF-8 reading must make for the fast path to take it
/// whatever they are; fewer must be everyday letters (cost up to [`WHOLE_LINE_FEW_MAX_COST`]).
const WHOLE_LINE_MIN_CHARS: usize = 3;
/// The non-ASCII characters from which a strict whole-line reading through a CJK decoder is
/// taken whatever it costs.
const WHOLE_LINE_CERTAIN_CHARS: usize = 6;

/// The non-ASCII characters from which a whole-line reading pays no foreign penalty.
const WHOLE_LINE_STRUCTURAL_CHARS: usize = 4;

/// The dearest character a short whole-line reading may make (é, ß, ж: not ע or ӛ).
const WHOLE_LINE_FEW_MAX_COST: u32 = 10;

/// Whether the best of the whole-line readings ([`Searcher::whole_line_utf8`]) settles the line.
/// Every high byte of the line took part in a well-formed UTF-8 sequence (or stood where a lost
/// byte was, recovered or kept as U+FFFD), so no legacy reading is left over beside it (what
/// [`utf8_explains`] looks for after a search of spans); the readings overlap, so the best is
/// the one a pick would take. It must gain at least
/// [`STRONG_UTF8_GAIN`], and a short one must make everyday letters: a few high bytes may form
/// UTF-8 by chance (GBK 注記 read as windows-1252, ×¢Ó›, is UTF-8 for עӛ).
fn whole_line_explains(text: &str, list: &mut [Candidate]) -> bool {
    // (Siblings ranked as the search proper ranks them: påginas and páginas are both whole.)
    rank_sibling_readings(text, list);
    let picked = pick(list);
    let [best] = picked.as_slice() else {
        return false;
    };
    let best = &list[*best];
    let mut non_ascii = best.replacement.chars().filter(|c| !c.is_ascii());
    let by_chance = non_ascii.clone().count() < WHOLE_LINE_MIN_CHARS
        && non_ascii.any(|c| char_cost(c).0 > WHOLE_LINE_FEW_MAX_COST);
    best.gain >= STRONG_UTF8_GAIN && !by_chance
}

/// How close two readings of the same bytes through different single-byte tables must be in
/// gain for their letter pairs to decide between them.
const SIBLING_MARGIN: i64 = 3;

/// What a sibling reading pays, in bits, for a capital in the middle of a sentence
/// ([`capital_mid_sentence`]).
const CAPITAL_MID_SENTENCE_BITS: u32 = 4;

/// What a sibling reading pays, in bits, for each known letter triple the other makes more.
const SIBLING_TRIPLE_BITS: u32 = 6;
/// How much less surprising (in bits) the letter pairs of a sibling reading must be to win.
const SIBLING_MIN_BITS: u32 = 2;

/// What the words a sibling reading makes show, for [`rank_sibling_readings`].
struct SiblingShape {
    /// The surprise of their letter pairs, plus what a capital inside a word of small letters
    /// (ĂŠ is é through ISO-8859-2, Ê through windows-1250) and a capital in mid-sentence
    /// ([`capital_mid_sentence`]) cost.
    bits: u32,
    /// Their letter pairs.
    pairs: u32,
    /// The letter triples the text writes among them (innehålla, not innehülla: ĂĽ through
    /// ISO-8859-2 and windows-1250).
    triples: u32,
    /// The words the languages write among them (jméno, not jmáno: a lost byte filled through
    /// ISO-8859-2, which loses 0x89, and through windows-1250, which does not).
    known: u32,
}

impl SiblingShape {
    fn of(text: &str, c: &Candidate) -> SiblingShape {
        let words = words_with(text, c.range.clone(), &c.replacement);
        let (bits, pairs) = letter_pair_surprise(&words);
        SiblingShape {
            bits: bits
                + CAPITAL_INSIDE_BITS * capitals_inside(&words)
                + CAPITAL_MID_SENTENCE_BITS * capital_mid_sentence(text, c),
            pairs,
            triples: known_letter_triples(&words),
            known: known_words(&words, KNOWN_WORD_MIN_LETTERS, false),
        }
    }
}

/// How many words `c` makes, in a window of its line, that start with a capital (and go on in
/// small letters) right after a word of small letters or a comma: "semnal În loc" (ĂŽ through
/// windows-1250) where ISO-8859-2 reads "semnal în loc". Mid-sentence capitals are names; a
/// reading that makes more of them is the less likely one.
fn capital_mid_sentence(text: &str, c: &Candidate) -> u32 {
    let Range {
        start: from,
        end: to,
    } = window_around(text, &c.range, CAPITAL_CONTEXT);
    let window = text[from..c.range.start]
        .chars()
        .chain(c.replacement.chars())
        .chain(text[c.range.end..to].chars());
    // The last character of the word before, and the first two of the word being read.
    let (mut before, mut last, mut first, mut second): (Option<char>, Option<char>, _, _) =
        (None, None, None, None);
    let mut count = 0;
    let capitalised = |first: Option<char>, second: Option<char>, before: Option<char>| {
        first.is_some_and(char::is_uppercase)
            && second.is_some_and(char::is_lowercase)
            && before.is_some_and(|p| p.is_lowercase() || p == ',')
    };
    for ch in window.chain(std::iter::once(' ')) {
        if ch.is_whitespace() {
            if first.is_some() {
                count += u32::from(capitalised(first, second, before));
                before = last;
            }
            (first, second) = (None, None);
        } else if first.is_none() {
            first = Some(ch);
        } else if second.is_none() {
            second = Some(ch);
        }
        if !ch.is_whitespace() {
            last = Some(ch);
        }
    }
    count
}

/// The bytes on either side of a candidate that [`capital_mid_sentence`] looks at.
const CAPITAL_CONTEXT: usize = 48;

/// UTF-8 read through two single-byte tables that differ in a few letters (windows-1250 and
/// ISO-8859-2 both show Ą, for 0xA5 and 0xA1) gives two readings of the same span that cost
/// alike (påginas, páginas): the one whose words pair as running text does wins, by taking
/// the other's gain plus one.
fn rank_sibling_readings(text: &str, list: &mut [Candidate]) {
    let sibling =
        |c: &Candidate| c.chain.actual.is_utf8() && c.chain.wrong.is_single_byte() && !c.lossy;
    // Only candidates of the same span meet: compared within groups of equal range (at most one
    // per chain), in list order, the work stays linear in the candidates of a long line.
    let mut order: Vec<(usize, usize, usize)> = (0..list.len())
        .filter(|&i| sibling(&list[i]))
        .map(|i| (list[i].range.start, list[i].range.end, i))
        .collect();
    order.sort_unstable();
    for group in order.chunk_by(|x, y| (x.0, x.1) == (y.0, y.1)) {
        if group.len() < 2 {
            continue;
        }
        // What the words each reading makes show, once per reading, not once per pair.
        let shapes: Vec<SiblingShape> = group
            .iter()
            .map(|&(_, _, i)| SiblingShape::of(text, &list[i]))
            .collect();
        for (x, &(_, _, i)) in group.iter().enumerate() {
            for (y, &(_, _, j)) in group.iter().enumerate() {
                let (a, b) = (&list[i], &list[j]);
                if i == j
                    || a.replacement == b.replacement
                    || a.gain > b.gain
                    || b.gain - a.gain > SIBLING_MARGIN
                {
                    continue;
                }
                let (sa, sb) = (&shapes[x], &shapes[y]);
                let (a_fit, b_fit) = same_line_fit(text, a, b);
                let a_bits = sa.bits
                    + SIBLING_TRIPLE_BITS * sb.triples.saturating_sub(sa.triples)
                    + SIBLING_WORD_BITS * sb.known.saturating_sub(sa.known);
                let b_bits = sb.bits
                    + SIBLING_TRIPLE_BITS * sa.triples.saturating_sub(sb.triples)
                    + SIBLING_WORD_BITS * sa.known.saturating_sub(sb.known);
                let (a_bits, b_bits) = (a_bits + a_fit, b_bits + b_fit);
                // (Only readings with as many letter pairs compare: a combining mark is no letter.)
                if sa.pairs == sb.pairs && a_bits + SIBLING_MIN_BITS <= b_bits {
                    list[i].gain = list[j].gain + 1;
                }
            }
        }
    }
}

/// Legacy CJK bytes read as windows-1252 show capitals (Korean 이후, C0 CC C8 C4, as ÀÌÈÄ),
/// which windows-1251 re-reads as Cyrillic capitals (АМИД) whose letters pair far better than
/// the accented ones: the re-tabled reading outgains the CJK one by the letter statistics
/// alone. Where the CJK reading of the same span is all CJK letters that pair into words the
/// languages write ([`cjk_pairs_in`]: 이후, 차이, 파일) and the re-tabled one makes no word the
/// languages write and no word of small letters (capitals, or cases mixed as no word mixes
/// them: ВчАМ), the CJK reading wins, by taking the other's gain plus one.
fn rank_cjk_words_over_capitals(list: &mut [Candidate]) {
    let cjk_words = |c: &Candidate| {
        is_cjk_legacy(c.chain.actual)
            && c.chain.wrong.is_single_byte()
            && !c.lossy
            && c.replacement
                .chars()
                .all(|ch| ch.is_ascii() || is_cjk_letter(ch))
            && matches!(cjk_pairs_in(None, &c.replacement, None), (known, 0) if known > 0)
    };
    // (Its words of letters beyond ASCII, that is: ASCII between them reads alike.)
    let capitals = |c: &Candidate| {
        c.chain.actual.is_single_byte()
            && c.chain.wrong.is_single_byte()
            && c.replacement
                .split(|ch: char| !is_letter(ch))
                .filter(|word| !word.is_ascii())
                .all(|word| !is_plain_word(word))
            && known_words(&c.replacement, 2, false) == 0
    };
    // Readings of overlapping spans meet (the re-tabled one may leave a symbol out: ±íÀÌ as
    // ±нАМ, 깊이 through EUC-KR); sorted by start, each cluster of overlapping ones is one
    // sweep, linear in the list.
    let mut order: Vec<(usize, usize, usize)> = (0..list.len())
        .filter(|&i| cjk_words(&list[i]) || capitals(&list[i]))
        .map(|i| (list[i].range.start, list[i].range.end, i))
        .collect();
    order.sort_unstable();
    let mut cluster_start = 0;
    let mut cluster_end = 0;
    for k in 0..=order.len() {
        if let Some(&(start, end, _)) = order.get(k)
            && (k == cluster_start || start < cluster_end)
        {
            cluster_end = cluster_end.max(end);
            continue;
        }
        let cluster = &order[cluster_start..k];
        let best_capitals = cluster
            .iter()
            .filter(|&&(_, _, i)| capitals(&list[i]))
            .map(|&(_, _, i)| list[i].gain)
            .max();
        if let Some(gain) = best_capitals {
            for &(_, _, i) in cluster {
                if cjk_words(&list[i]) && list[i].gain <= gain {
                    list[i].gain = gain + 1;
                }
            }
        }
        cluster_start = k;
        if let Some(&(_, end, _)) = order.get(k) {
            cluster_end = end;
        }
    }
}

/// Whether `word` is written in small letters, or capitalised (a capital and small letters).
fn is_plain_word(word: &str) -> bool {
    let mut letters = word.chars();
    letters.next().is_some_and(char::is_alphabetic) && letters.all(char::is_lowercase)
}

/// The non-ASCII capitals in `words` that stand where no word has one: after a small letter, or
/// inside a word before a small letter (MÜglichkeiten): where a sibling table shows a capital for
/// a small letter. (ASCII ones, as in MemTotal, were written so.)
fn capitals_inside(words: &str) -> u32 {
    let mut chars = words.chars().peekable();
    let mut prev: Option<char> = None;
    let mut count = 0;
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        count += u32::from(
            !c.is_ascii()
                && c.is_uppercase()
                && (prev.is_some_and(char::is_lowercase)
                    || (prev.is_some_and(char::is_alphabetic)
                        && next.is_some_and(char::is_lowercase))),
        );
        prev = Some(c);
    }
    count
}

/// How well the letters in which two readings of the same span differ sit with the other
/// non-ASCII letters of the line (those outside the span and those both readings share), in
/// bits of [`same_line_bits`] for each reading: Danish når beside bør and nøgle, not nár. At
/// most [`SAME_LINE_LETTERS`] distinct letters of the line are asked; readings of different
/// lengths are not compared (0, 0).
fn same_line_fit(text: &str, a: &Candidate, b: &Candidate) -> (u32, u32) {
    if a.replacement.chars().count() != b.replacement.chars().count() {
        return (0, 0);
    }
    let mut context: Vec<char> = Vec::new();
    let mut add = |c: char| {
        if !c.is_ascii() && c.is_alphabetic() && context.len() < SAME_LINE_LETTERS {
            let c = c.to_lowercase().next().unwrap_or(c);
            if !context.contains(&c) {
                context.push(c);
            }
        }
    };
    for (x, y) in a.replacement.chars().zip(b.replacement.chars()) {
        if x == y {
            add(x);
        }
    }
    // (A window around the span: a line with many candidates must not be read once for each.)
    let Range {
        start: from,
        end: to,
    } = window_around(text, &a.range, SAME_LINE_WINDOW);
    for c in text[from..a.range.start]
        .chars()
        .chain(text[a.range.end..to].chars())
    {
        add(c);
    }
    let fit = |x: char| context.iter().map(|&l| same_line_bits(x, l)).sum::<u32>();
    a.replacement
        .chars()
        .zip(b.replacement.chars())
        .filter(|(x, y)| x != y)
        .fold((0, 0), |(fa, fb), (x, y)| (fa + fit(x), fb + fit(y)))
}

/// How many bytes on either side of a span [`same_line_fit`] looks at.
const SAME_LINE_WINDOW: usize = 256;

/// The most distinct letters of a line [`same_line_fit`] weighs a reading against.
const SAME_LINE_LETTERS: usize = 8;

/// Whether `text` has a non-ASCII capital with a small letter on either side (аВл), or ending a
/// word after two small letters (VoilĂ), or a word ending in a small non-ASCII letter right
/// after two capitals (ЖДАПАє, EUC-KR's 파일은 read as windows-1252 and then as windows-1251): no
/// word is written so (НовихОС, СЕЛинукс, 65МіБ are).
fn capital_between_small(text: &str) -> bool {
    let mut chars = text.chars().peekable();
    let (mut before_prev, mut prev): (Option<char>, Option<char>) = (None, None);
    while let Some(c) = chars.next() {
        if !c.is_ascii()
            && c.is_uppercase()
            && prev.is_some_and(char::is_lowercase)
            && chars.peek().is_some_and(|n| n.is_lowercase())
        {
            return true;
        }
        if !c.is_ascii()
            && c.is_uppercase()
            && prev.is_some_and(char::is_lowercase)
            && before_prev.is_some_and(char::is_lowercase)
            && chars.peek().is_none_or(|n| !n.is_alphabetic())
        {
            // (A word of small letters ending in a capital, VoilĂ, is none either.)
            return true;
        }
        if !c.is_ascii()
            && c.is_lowercase()
            && prev.is_some_and(|p| !p.is_ascii() && p.is_uppercase())
            && before_prev.is_some_and(|p| !p.is_ascii() && p.is_uppercase())
            && chars.peek().is_none_or(|n| !n.is_alphabetic())
        {
            return true;
        }
        before_prev = prev;
        prev = Some(c);
    }
    false
}

/// What a capital after a small letter costs in the sibling ranking, in bits.
const CAPITAL_INSIDE_BITS: u32 = 8;

/// The words `text[range]` stands in, with `replacement` put in its place.
fn words_with(text: &str, range: Range<usize>, replacement: &str) -> String {
    let words = word_bounds(text, range.clone());
    format!(
        "{}{replacement}{}",
        &text[words.start..range.start],
        &text[range.end..words.end]
    )
}

/// `range` widened to the letters on either side of it: the words it stands in.
fn word_bounds(text: &str, range: Range<usize>) -> Range<usize> {
    let start = range.start
        - text[..range.start]
            .chars()
            .rev()
            .take_while(|&c| is_letter(c))
            .map(char::len_utf8)
            .sum::<usize>();
    let end = range.end
        + text[range.end..]
            .chars()
            .take_while(|&c| is_letter(c))
            .map(char::len_utf8)
            .sum::<usize>();
    start..end
}

/// Sorts `list` best gain first (among equals the earlier chain: the sort is stable) and picks
/// the candidates that overlap no better one; returns their indexes in text order.
fn pick(list: &mut [Candidate]) -> Vec<usize> {
    list.sort_by_key(|c| std::cmp::Reverse(c.gain));
    let mut chosen: BTreeMap<usize, usize> = BTreeMap::new();
    let mut picked = Vec::new();
    for (i, cand) in list.iter().enumerate() {
        let r = &cand.span;
        let before_overlaps = chosen
            .range(..r.end)
            .next_back()
            .is_some_and(|(_, &end)| end > r.start);
        if !before_overlaps {
            chosen.insert(r.start, r.end);
            picked.push(i);
        }
    }
    picked.sort_by_key(|&i| list[i].range.start);
    picked
}

/// The least gain of a UTF-8 repair that settles a line without the legacy chains.
const STRONG_UTF8_GAIN: i64 = 10;

/// Whether the best UTF-8 candidates found so far (each gaining at least [`STRONG_UTF8_GAIN`])
/// leave `text` with no sign of mojibake: then
/// the legacy chains, whose readings are weaker evidence than well-formed UTF-8 and would cost
/// ten more searches of the line, are not tried.
fn utf8_explains(text: &str, list: &mut [Candidate]) -> bool {
    if list.is_empty() || list.iter().any(|c| c.lossy || c.gain < STRONG_UTF8_GAIN) {
        return false;
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for i in pick(list) {
        let c = &list[i];
        // A high-byte character left right beside a repair: the repair may have cut through a
        // legacy sequence (‚Í\u{81}A: Shift_JIS は、 whose middle is also valid UTF-8).
        let before = text[..c.range.start].chars().next_back();
        let after = text[c.range.end..].chars().next();
        if before.is_some_and(is_high_byte_char) || after.is_some_and(is_high_byte_char) {
            return false;
        }
        out.push_str(&text[last..c.range.start]);
        out.push_str(&c.replacement);
        last = c.range.end;
    }
    out.push_str(&text[last..]);
    !is_suspicious(&out) && !has_high_byte_pair(&out)
}

/// Whether windows-1252 shows `c` for a high byte (0x80..=0xFF).
fn is_high_byte_char(c: char) -> bool {
    matches!(
        c,
        '\u{80}'
            ..='\u{FF}'
                | '€'
                | '‚'
                | 'ƒ'
                | '„'
                | '…'
                | '†'
                | '‡'
                | 'ˆ'
                | '‰'
                | 'Š'
                | '‹'
                | 'Œ'
                | 'Ž'
                | '‘'
                | '’'
                | '“'
                | '”'
                | '•'
                | '–'
                | '—'
                | '˜'
                | '™'
                | 'š'
                | '›'
                | 'œ'
                | 'ž'
                | 'Ÿ'
    )
}

/// Whether two characters that windows-1252 shows for high bytes stand side by side: what
/// legacy CJK text read as windows-1252 leaves (‚Ü‚· for Shift_JIS kana), which the UTF-8
/// chains cannot explain.
fn has_high_byte_pair(text: &str) -> bool {
    let mut prev = false;
    for c in text.chars() {
        let h = is_high_byte_char(c);
        if h && prev {
            return true;
        }
        prev = h;
    }
    false
}

/// Characters a single-byte charset can never encode: a cheap test that spares the encoder.
fn surely_unencodable(wrong: Charset, c: char) -> bool {
    wrong.is_single_byte() && c >= '\u{2600}' && c != '\u{FFFD}'
}

/// Finds the candidates of one chain in `text`.
fn search_chain(
    text: &str,
    spec: &ChainSpec,
    encoder: &mut CharEncoder,
    seg: &mut Segment,
    (decoded, cache): (&mut String, &mut DecodeCache),
    model: Option<&RecoveryModel>,
    out: &mut Collector,
) {
    let wrong = spec.chain.wrong;
    let mut pos = 0;
    while pos < text.len() {
        // Skip characters that cannot start a segment.
        let rest = &text[pos..];
        let Some(c) = rest.chars().next() else { break };
        if c == '\n' || surely_unencodable(wrong, c) {
            pos += c.len_utf8();
            continue;
        }
        let consumed = seg.encode(encoder, text, pos);
        if consumed == 0 {
            pos += c.len_utf8();
            continue;
        }
        if seg.has_non_ascii {
            scan_segment(text, seg, spec, (decoded, cache), model, out);
        }
        pos += consumed;
    }
}

/// Whether some non-ASCII character stands right before another one, '?' or U+FFFD: every
/// reading of multi-byte text through a single-byte charset leaves such a pair, so text without
/// one needs no single-byte chain at all (most Western European text).
fn has_adjacent_non_ascii(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] < 0x80 {
            i += 1;
            continue;
        }
        // Skip to the end of this character, then look at the next one.
        i += 1;
        while i < bytes.len() && (0x80..0xC0).contains(&bytes[i]) {
            i += 1;
        }
        if bytes.get(i).is_some_and(|&b| b >= 0x80 || b == b'?') {
            return true;
        }
    }
    false
}

/// A stretch of text re-encoded with the wrong charset, with the map between the two.
#[derive(Default)]
struct Segment {
    /// The bytes the wrong decoder saw.
    bytes: Vec<u8>,
    /// Byte offset (in `bytes`) where each character of the wrong reading starts, plus the end.
    byte_at: Vec<usize>,
    /// Text offset where each character starts, plus the end.
    text_at: Vec<usize>,
    /// Offsets in `bytes` that were '?' or U+FFFD in the text (both stand there as b'?').
    wildcards: Vec<usize>,
    /// Offsets in `bytes` that were U+FFFD: they read as U+FFFD again unless a lost byte is
    /// recovered, never as the placeholder '?'.
    replacement_chars: Vec<usize>,
    has_non_ascii: bool,
    /// The character of the text right before the segment.
    before: Option<char>,
    /// Whether the segment starts a sentence ([`starts_sentence`]).
    sentence_start: Option<bool>,
    /// Whether the GBK decoder that made the segment is of Python's kind (Python's, iconv's and
    /// MySQL's GBK have no € and no user-defined area, so 一, E4 B8 80, reads as 涓 and a lost
    /// byte): a lost byte stands right before another non-ASCII one, where a browser's decoder
    /// loses none (it reads any lead byte with a high byte after it, and 0x80 as €), and the
    /// segment shows no €. See [`gbk_loses`].
    python_gbk: bool,
    /// Lost bytes ahead that an earlier hole of the same word looked up ([`known_word_fill`]):
    /// offset in `bytes` of the sequence, and the fill the known words decided, if they did.
    word_fills: std::cell::RefCell<Vec<(usize, Option<char>)>>,
    /// The alphabets that hold every accented Latin letter of the segment
    /// ([`alphabets::home_alphabets`]), worked out when a lost byte's fill first needs them.
    home: std::cell::OnceCell<Option<u64>>,
}

impl Segment {
    /// Encodes from `text[start..]` up to the first character `wrong` cannot encode or a line
    /// break; returns the number of text bytes taken.
    fn encode(&mut self, encoder: &mut CharEncoder, text: &str, start: usize) -> usize {
        self.bytes.clear();
        self.byte_at.clear();
        self.text_at.clear();
        self.wildcards.clear();
        self.replacement_chars.clear();
        self.word_fills.get_mut().clear();
        self.home.take();
        self.has_non_ascii = false;
        self.before = text[..start].chars().next_back();
        self.sentence_start = starts_sentence(text[..start].chars().rev());
        let mut pos = start;
        let gb_euro = encoder.charset() == Charset::GBK || encoder.charset() == Charset::GB18030;
        let mut chars = text[start..].chars().peekable();
        let mut shows_euro = false;
        while let Some(c) = chars.next() {
            if c == '\n' {
                break;
            }
            let before = self.bytes.len();
            if c == '€' && gb_euro {
                // GBK decoders read € from 0x80 alone and from A2 E3: pick the bytes that keep
                // the UTF-8 reading going.
                let next_is_continuation = chars
                    .peek()
                    .and_then(|&n| encoder.peek_first_byte(n))
                    .is_some_and(|b| (0x80..=0xBF).contains(&b));
                if utf8_pending(&self.bytes) == 1 && next_is_continuation {
                    self.bytes.extend_from_slice(&[0xA2, 0xE3]);
                } else {
                    self.bytes.push(0x80);
                    shows_euro = true;
                }
                self.has_non_ascii = true;
            } else if c == '\u{FFFD}' {
                self.wildcards.push(before);
                self.replacement_chars.push(before);
                self.bytes.push(b'?');
            } else if c.is_ascii() {
                if c == '?' {
                    self.wildcards.push(before);
                }
                self.bytes.push(c as u8);
            } else {
                if !encoder.encode_char(c, &mut self.bytes) {
                    break;
                }
                self.has_non_ascii = true;
            }
            self.byte_at.push(before);
            self.text_at.push(pos);
            pos += c.len_utf8();
        }
        self.byte_at.push(self.bytes.len());
        self.text_at.push(pos);
        self.python_gbk = gb_euro
            && !shows_euro
            && self
                .wildcards
                .iter()
                .any(|&at| self.bytes.get(at + 1).is_some_and(|&b| b >= 0x80));
        pos - start
    }
}

/// How many continuation bytes the UTF-8 sequence at the end of `bytes` still needs.
fn utf8_pending(bytes: &[u8]) -> usize {
    for back in 1..=4.min(bytes.len()) {
        let b = bytes[bytes.len() - back];
        let len: usize = match b {
            0x80..=0xBF => continue,
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => return 0,
        };
        return len.saturating_sub(back);
    }
    0
}

/// The state of the run of well-formed actual-charset text being read.
struct Run {
    /// Index (into the segment's character maps) where the run starts.
    start: usize,
    recovered: bool,
    lossy: bool,
    /// The last point where both readings were at a character boundary: (character index,
    /// decoded length, recovered, lossy) at that point.
    last_common: (usize, usize, bool, bool),
    /// Whether a stray byte ([`is_stray_in_utf8`]) is glued to the run's start.
    after_stray: bool,
}

/// Whether the byte at `bytes[i]`, which does not start a well-formed UTF-8 sequence, is a
/// stray among high bytes (chain `chain`: UTF-8 read with a single-byte table): a lead byte
/// that a high byte follows without continuing it, a continuation byte after a complete
/// sequence, or a byte no UTF-8 holds, glued to other high bytes. A UTF-8 text read with the
/// wrong table shows none (its lost bytes show as '?' or U+FFFD, and a cut sequence is followed
/// by ASCII or nothing), while clean text in the table's own letters shows them everywhere:
/// Persian معکوس (E3 DA 98 E6 D3 through windows-1256) holds one sequence, DA 98, between two
/// strays, and is no mojibake of ژ.
fn is_stray_in_utf8(chain: Chain, bytes: &[u8], i: usize) -> bool {
    if !chain.actual.is_utf8() || !chain.wrong.is_single_byte() {
        return false;
    }
    let high = |at: usize| bytes.get(at).is_some_and(|&b| b >= 0x80);
    let Some(&b) = bytes.get(i) else {
        return false;
    };
    match b {
        // A lead byte cut short by ASCII or the end is a truncated sequence, not a stray.
        0xC2..=0xF4 => high(i + 1),
        // A continuation byte after ASCII or at the start: the rest of a cut sequence.
        0x80..=0xBF => i > 0 && high(i - 1),
        0x00..=0x7F => false,
        _ => (i > 0 && high(i - 1)) || high(i + 1),
    }
}

/// Reads the segment's bytes in the actual charset and emits a candidate per maximal run.
fn scan_segment(
    text: &str,
    seg: &Segment,
    spec: &ChainSpec,
    (decoded, cache): (&mut String, &mut DecodeCache),
    model: Option<&RecoveryModel>,
    out: &mut Collector,
) {
    let actual = spec.chain.actual;
    let n = seg.bytes.len();
    let mut k = 0;
    let mut i = 0;
    let mut run: Option<Run> = None;
    // Whether the byte before `i` is a stray one glued to it ([`is_stray_in_utf8`]).
    let mut after_stray = false;
    decoded.clear();
    loop {
        while seg.byte_at[k] < i {
            k += 1;
        }
        if seg.byte_at[k] == i {
            match &mut run {
                None => {
                    decoded.clear();
                    run = Some(Run {
                        start: k,
                        recovered: false,
                        lossy: false,
                        last_common: (k, 0, false, false),
                        after_stray,
                    })
                }
                Some(r) => r.last_common = (k, decoded.len(), r.recovered, r.lossy),
            }
        }
        if i >= n {
            break;
        }
        match read_unit(actual, spec.chain.wrong, seg, i, (decoded, cache), model) {
            Read::Ok {
                len,
                recovered,
                lossy,
            } => {
                if let Some(r) = &mut run {
                    r.recovered |= recovered;
                    r.lossy |= lossy;
                }
                i += len;
            }
            Read::Bad(len) => {
                let placeholder_at = |at: usize| seg.wildcards.binary_search(&at).is_ok();
                let beside_placeholder =
                    (i > 0 && placeholder_at(i - 1)) || placeholder_at(i + len.max(1));
                if beside_placeholder && !out.broken_at_placeholder.contains(&spec.chain) {
                    out.broken_at_placeholder.push(spec.chain);
                }
                // (A continuation byte after a character that is itself a lead byte of the
                // wrong table is the next layer of a double mojibake, left beside the one read
                // back: Ã…¾ once Â¾ is ¾, where Å¾ is ž.)
                let next_layer = || {
                    (0x80..=0xBF).contains(&seg.bytes[i])
                        && decoded
                            .chars()
                            .next_back()
                            .and_then(|c| single_byte_of(spec.chain.wrong, c))
                            .is_some_and(|b| (0xC2..=0xF4).contains(&b))
                };
                let stray = !beside_placeholder
                    && is_stray_in_utf8(spec.chain, &seg.bytes, i)
                    && !next_layer();
                if let Some(r) = run.take() {
                    // (Only where the stray byte is glued to the run's last character.)
                    let glued = stray && i > 0 && seg.bytes[i - 1] >= 0x80;
                    if !(glued || r.after_stray) {
                        finish_run(text, seg, spec, r, decoded, out);
                    }
                }
                decoded.clear();
                i += len.max(1);
                after_stray = stray && seg.bytes.get(i).is_some_and(|&b| b >= 0x80);
            }
        }
    }
    if let Some(r) = run.take()
        && !r.after_stray
    {
        finish_run(text, seg, spec, r, decoded, out);
    }
}

enum Read {
    Ok {
        len: usize,
        recovered: bool,
        lossy: bool,
    },
    Bad(usize),
}

/// Reads the character of `actual` at `bytes[i]` and appends it to `decoded`, recovering a
/// lost byte where a wildcard stands in the way of an otherwise well-formed UTF-8 sequence.
fn read_unit(
    actual: Charset,
    wrong: Charset,
    seg: &Segment,
    i: usize,
    (decoded, cache): (&mut String, &mut DecodeCache),
    model: Option<&RecoveryModel>,
) -> Read {
    let bytes = &seg.bytes;
    if !actual.is_utf8() && !actual.is_single_byte() && wrong.is_single_byte() {
        // (At the segment's start, the character before it in the text.)
        let prev = match decoded.chars().next_back() {
            None if i == 0 => seg.before,
            last => last,
        };
        if let Some(Recovery {
            len,
            ch,
            recovered,
            guessed,
        }) = recover_legacy(actual, wrong, seg, i, (prev, decoded), cache)
        {
            decoded.push(ch);
            return Read::Ok {
                len,
                recovered,
                lossy: !recovered || guessed,
            };
        }
    }
    if seg.wildcards.binary_search(&i).is_ok()
        && placeholder_is_lost_character(actual, wrong, bytes, i, decoded.chars().next_back())
    {
        // A letter a CJK decoder rejected, inside a word the languages write (?ber for Über);
        // hundreds of letters each, so only where it is the word's one hole.
        let whole = lost_whole_letters(wrong);
        if actual.is_utf8()
            && !whole.is_empty()
            && let Some(c) = known_word_fill(wrong, seg, (i, 1), decoded, whole)
        {
            decoded.push(c);
            return Read::Ok {
                len: 1,
                recovered: true,
                lossy: false,
            };
        }
        decoded.push(if seg.replacement_chars.binary_search(&i).is_ok() {
            '\u{FFFD}'
        } else {
            '?'
        });
        return Read::Ok {
            len: 1,
            recovered: false,
            lossy: true,
        };
    }
    if seg.replacement_chars.binary_search(&i).is_ok() {
        decoded.push('\u{FFFD}');
        return Read::Ok {
            len: 1,
            recovered: false,
            lossy: true,
        };
    }
    match actual.unit_at(bytes, i) {
        Unit::Seq(len) => {
            if actual.decode_unit_cached(&bytes[i..i + len], cache, decoded) {
                Read::Ok {
                    len,
                    recovered: false,
                    lossy: false,
                }
            } else {
                Read::Bad(1)
            }
        }
        Unit::Bad(have) if actual.is_utf8() && seg.wildcards.binary_search(&(i + have)).is_ok() => {
            match recover_utf8(wrong, seg, i, decoded, model) {
                Some(Recovery {
                    len,
                    ch,
                    recovered,
                    guessed,
                }) => {
                    decoded.push(ch);
                    Read::Ok {
                        len,
                        recovered,
                        lossy: !recovered || guessed,
                    }
                }
                None => Read::Bad(have),
            }
        }
        Unit::Bad(len) => Read::Bad(len),
    }
}

/// What the CJK words a fill `c` makes with its neighbours take off its rank: a known pair says
/// more than the character's cost (場合, できる), and the commoner pair the more (이름의 over
/// 이름을, パスワード over パスロード, where both are written).
fn fill_word_bonus(prev: Option<char>, c: char, next: Option<char>) -> u32 {
    let weight =
        prev.map_or(0, |p| cjk_pair_weight(p, c)) + next.map_or(0, |n| cjk_pair_weight(c, n));
    cjk_pairs_around(prev, c, next) * KNOWN_CJK_PAIR_BONUS + weight / CJK_PAIR_WEIGHT_PER_BIT
}

/// One fill of a lost byte as [`recover_utf8`] weighs it.
#[derive(Clone, Copy)]
struct RankedFill {
    /// Its cost with everything its neighbours say for or against it (lower is better).
    ranked: u32,
    /// The character's cost beside the one before it.
    cost: u32,
    /// The character's own cost: what bounds what may be invented.
    own: u32,
    ch: char,
    /// The bonus it took that only habit supports (a sentence-final mark at the end of a line,
    /// a dash between spaces), or 0: chosen by that bonus alone, it is reported as a guess.
    habit_bonus: u32,
}

/// Among the fills that cost about as little as the best (`cost`), a Han ideograph that modern
/// Mandarin uses [`HAN_FREQUENCY_MARGIN`] bits more often than any other (kHanyuPinlu), or a
/// Hangul syllable that Korean text writes as much more often than any other (주 over 죄 and
/// 죽, all in one cost tier): a tie of the cost tiers that the general frequency settles.
fn far_commoner(fills: &[RankedFill], cost: u32) -> Option<char> {
    let mut best: Option<(u32, char)> = None;
    let mut second = u32::MAX;
    for &RankedFill {
        cost: other_cost,
        ch: c,
        ..
    } in fills
    {
        if other_cost >= cost + RECOVERY_MARGIN || other_cost > RECOVERY_MAX_COST {
            continue;
        }
        let bits = if is_hangul(c) {
            crate::score::hangul_frequency_bits(c)
        } else {
            crate::score::han_frequency_bits(c)
        }
        .unwrap_or(u32::MAX);
        match best {
            Some((b, _)) if bits >= b => second = second.min(bits),
            _ => {
                if let Some((b, _)) = best {
                    second = second.min(b);
                }
                best = Some((bits, c));
            }
        }
    }
    let (bits, c) = best?;
    let margin = if is_hangul(c) {
        HANGUL_FREQUENCY_MARGIN
    } else {
        HAN_FREQUENCY_MARGIN
    };
    (bits != u32::MAX && second.saturating_sub(bits) >= margin).then_some(c)
}

/// How many bits more common than every other fill a Han ideograph must be to be chosen by
/// frequency alone.
const HAN_FREQUENCY_MARGIN: u32 = 4;

/// The same for a Hangul syllable, whose frequencies come from far less text.
const HANGUL_FREQUENCY_MARGIN: u32 = 5;

/// The character the segment's bytes at `at` read as in UTF-8, if they form one (a '?' that
/// stands for a lost byte is none).
fn char_at(seg: &Segment, at: usize) -> Option<char> {
    let bytes = &seg.bytes;
    match (at < bytes.len()).then(|| utf8_unit(bytes, at)) {
        Some(Unit::Seq(len)) => bytes
            .get(at..at + len)
            .and_then(|b| std::str::from_utf8(b).ok())
            .and_then(|s| s.chars().next())
            .filter(|&c| c != '?' || seg.wildcards.binary_search(&at).is_err()),
        _ => None,
    }
}

/// A filled lost byte: the sequence length it completes and the character chosen (U+FFFD
/// when no candidate was clearly best).
struct Recovery {
    len: usize,
    ch: char,
    recovered: bool,
    /// The character was picked by habit, not by evidence (a letter's case at the start of
    /// the text, 。 rather than 、 at the end of a line): reported as a loss.
    guessed: bool,
}

/// The UTF-8 sequence at `seg.bytes[i..]` in which some continuation bytes are wildcards: its
/// length and the characters it reads as with each byte the wrong charset could have lost in
/// each wildcard (`None` for them when that is too many combinations to rank). `None` if no
/// such sequence starts at `i`.
fn holed_sequence(wrong: Charset, seg: &Segment, i: usize) -> Option<(usize, Option<Vec<char>>)> {
    let need = match seg.bytes.get(i)? {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let seq_bytes = seg.bytes.get(i..i + need)?;
    let mut holes = Vec::with_capacity(2);
    for (k, &b) in seq_bytes.iter().enumerate().skip(1) {
        if seg.wildcards.binary_search(&(i + k)).is_ok() {
            holes.push(k);
        } else if !(0x80..=0xBF).contains(&b) {
            return None;
        }
    }
    if holes.is_empty() || holes.len() > 2 {
        return None;
    }
    let lost = lost_continuations(wrong);
    // GBK's decoders lose a byte only before what it cannot pair with (an ASCII byte or the end
    // of the text; for Python's kind also before a byte that pairs into the user-defined area),
    // so the byte after each hole rules most fills out, even for two holes in a row.
    let gbk = wrong == Charset::GBK || wrong == Charset::GB18030;
    if holes.len() > 1 && lost.len() > MAX_FILLS_FOR_TWO_HOLES && !gbk {
        return Some((need, None));
    }
    // The byte after the sequence, if it is known.
    let after = seg
        .bytes
        .get(i + need)
        .copied()
        .filter(|_| seg.wildcards.binary_search(&(i + need)).is_err());
    let at_end = i + need >= seg.bytes.len();
    // The bytes each hole may have held: for GBK, those lost before the known byte after it,
    // or (before another hole, a continuation byte) those lost before some continuation byte.
    let candidates: Vec<Vec<u8>> = holes
        .iter()
        .map(|&k| {
            if !gbk {
                return lost.to_vec();
            }
            let next = match seq_bytes.get(k + 1) {
                Some(_) if holes.contains(&(k + 1)) => {
                    return gbk_lost_before_continuation(seg.python_gbk).to_vec();
                }
                Some(&b) => Some(b),
                None if at_end => None,
                // (Another hole after the sequence: its byte is unknown.)
                None if after.is_none() => return lost.to_vec(),
                None => after,
            };
            lost.iter()
                .copied()
                .filter(|&x| gbk_loses(x, next, seg.python_gbk))
                .collect()
        })
        .collect();
    let combinations: usize = candidates.iter().map(Vec::len).product();
    let mut seq = seq_bytes.to_vec();
    let mut chars = Vec::new();
    'fills: for n in 0..combinations {
        let mut rest = n;
        for (&k, fills) in holes.iter().zip(&candidates) {
            seq[k] = fills[rest % fills.len()];
            rest /= fills.len();
        }
        // (Two holes in a row: the first is lost before what the second held.)
        if gbk
            && let [k, second] = holes[..]
            && second == k + 1
            && !gbk_loses(seq[k], Some(seq[second]), seg.python_gbk)
        {
            continue 'fills;
        }
        if let Unit::Seq(_) = utf8_unit(&seq, 0)
            && let Some(c) = std::str::from_utf8(&seq)
                .ok()
                .and_then(|s| s.chars().next())
        {
            chars.push(c);
        }
    }
    if gbk && holes.len() > 1 {
        // Two holes read by a decoder of Python's kind leave hundreds of fills, mostly the rare
        // ideographs of Extension A (E3 AA xx): one no fill could be confidently (its own
        // cost), and left out they cost the ranking nothing.
        chars.retain(|&c| char_cost(c).0 <= RECOVERY_MAX_COST);
    }
    if chars.len() > MAX_CONSISTENT_FILLS {
        return Some((need, None));
    }
    Some((need, Some(chars)))
}

/// Whether a GBK decoder loses the byte `x` (emits one placeholder for it and reads on from the
/// byte after it) when `next` follows it (`None`: the end of the text): 0xFF always, a lead
/// byte before what it does not pair with (an ASCII byte below 0x40 or 0x7F, the end; browsers
/// and Windows pair a lead byte with any other). A decoder of Python's kind (`python`: no €, no
/// user-defined area) also loses 0x80 and a lead byte whose pair with `next` is private use or
/// €.
fn gbk_loses(x: u8, next: Option<u8>, python: bool) -> bool {
    match x {
        0x80 => python,
        0xFF => true,
        0x81..=0xFE => match next {
            None => true,
            Some(y) => match gbk_pair(x, y) {
                GbkPair::Character => false,
                GbkPair::PrivateOrEuro => python,
                GbkPair::Invalid => true,
            },
        },
        _ => false,
    }
}

/// The continuation bytes (0x80..=0xBF) a GBK decoder loses before some continuation byte
/// ([`gbk_loses`]): none for a browser's, 0x80 and the user-defined leads for Python's kind.
fn gbk_lost_before_continuation(python: bool) -> &'static [u8] {
    use std::sync::OnceLock;
    static TABLES: OnceLock<[Vec<u8>; 2]> = OnceLock::new();
    let tables = TABLES.get_or_init(|| {
        [false, true].map(|python| {
            (0x80u8..=0xBF)
                .filter(|&x| (0x80u8..=0xBF).any(|y| gbk_loses(x, Some(y), python)))
                .collect()
        })
    });
    &tables[usize::from(python)]
}

/// What a GBK decoder reads two bytes as ([`gbk_pair`]).
#[derive(Clone, Copy, PartialEq, Eq)]
enum GbkPair {
    /// An ordinary character.
    Character,
    /// Private use (the user-defined area) or €, which only browsers and Windows read.
    PrivateOrEuro,
    /// No character.
    Invalid,
}

/// What GBK reads the lead byte `x` (0x81..=0xFE) and `y` after it as, from a table made once.
fn gbk_pair(x: u8, y: u8) -> GbkPair {
    use std::sync::OnceLock;
    static TABLE: OnceLock<Vec<GbkPair>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut table = vec![GbkPair::Invalid; 0x80 * 0x100];
        for lead in 0x81u8..=0xFE {
            for trail in 0u8..=0xFF {
                let read = encoding_rs::GBK
                    .decode_without_bom_handling_and_without_replacement(&[lead, trail])
                    .and_then(|s| {
                        let mut chars = s.chars();
                        chars.next().filter(|_| chars.next().is_none())
                    });
                let class = match read {
                    Some(c) if c == '€' || ('\u{E000}'..='\u{F8FF}').contains(&c) => {
                        GbkPair::PrivateOrEuro
                    }
                    Some(_) => GbkPair::Character,
                    None => GbkPair::Invalid,
                };
                table[usize::from(lead - 0x80) * 0x100 + usize::from(trail)] = class;
            }
        }
        table
    });
    table
        .get(usize::from(x.wrapping_sub(0x80)) * 0x100 + usize::from(y))
        .copied()
        .unwrap_or(GbkPair::Invalid)
}

/// The fill among `fills` for the holed sequence at `seg.bytes[i..i + need]` that makes the
/// word around it one the language writes ([`lost_letters::known_completion`]): the
/// letters before it are the end of `decoded`, those after it are read from the segment, other
/// holes of the word with all their fills. `None` where the hole is not inside a whole word
/// that can be read.
fn known_word_fill(
    wrong: Charset,
    seg: &Segment,
    (i, need): (usize, usize),
    decoded: &str,
    fills: &[char],
) -> Option<char> {
    if !fills.iter().any(|&c| is_word_letter(c)) {
        return None;
    }
    if let Some(&(_, fill)) = seg.word_fills.borrow().iter().find(|&&(at, _)| at == i) {
        // (The word was looked up whole from its first hole: nothing new to learn.)
        return fill.filter(|c| fills.contains(c));
    }
    // The letters before the hole, back to a character that is no letter.
    let prefix_start = decoded
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_word_letter(c))
        .last()
        .map_or(decoded.len(), |(at, _)| at);
    let prefix = &decoded[prefix_start..];
    if prefix.chars().count() >= lost_letters::MAX_WORD_LETTERS {
        return None;
    }
    match decoded[..prefix_start].chars().next_back() {
        // A lost character may have been a letter of this word.
        Some('\u{FFFD}' | '?') => return None,
        Some(_) => {}
        // The run began here: the word begins here only if the segment does.
        None => {
            let prefix_bytes: usize = prefix.chars().map(char::len_utf8).sum();
            if i != prefix_bytes || seg.before.is_some_and(is_word_letter) {
                return None;
            }
        }
    }
    // The letters and holes after it, up to a character that is no letter.
    let mut suffix = Vec::new();
    // Where each hole of the suffix starts.
    let mut holes_at = Vec::new();
    let mut at = i + need;
    while suffix.len() < lost_letters::MAX_WORD_LETTERS {
        let Some(&b) = seg.bytes.get(at) else {
            break;
        };
        if seg.wildcards.binary_search(&at).is_ok() {
            // A placeholder on its own ends the word where it is a question mark, not where it
            // may be a lost character (a lead byte the wrong charset left undefined).
            if lost_bytes(wrong).iter().any(|&b| b >= 0xC0) || !wrong.is_single_byte() {
                return None;
            }
            break;
        }
        if b < 0x80 {
            if !b.is_ascii_alphabetic() {
                break;
            }
            suffix.push(Slot::Letter(char::from(b)));
            at += 1;
            continue;
        }
        if let Some((len, holed)) = holed_sequence(wrong, seg, at) {
            let letters: Vec<char> = holed?.into_iter().filter(|&c| is_word_letter(c)).collect();
            if letters.is_empty() {
                break;
            }
            suffix.push(Slot::Hole(letters));
            holes_at.push(at);
            at += len;
            continue;
        }
        match char_at(seg, at) {
            Some(c) if is_word_letter(c) => {
                suffix.push(Slot::Letter(c));
                at += c.len_utf8();
            }
            _ => break,
        }
    }
    let agreed = lost_letters::known_completion(prefix, fills, &suffix);
    let mut ahead = seg.word_fills.borrow_mut();
    ahead.clear();
    ahead.extend(holes_at.iter().copied().zip(agreed.iter().skip(1).copied()));
    agreed
        .first()
        .copied()
        .flatten()
        .or_else(|| spelled_greek_fill(prefix, fills, &suffix))
}

/// The one fill among `fills` with which the Greek word around a lost byte (`prefix`, the fill,
/// `suffix`, which must have no holes of its own) is spelled as Greek words are
/// ([`orthography::is_spelled_greek_word`]): the man pages have no Greek, so no table of Greek
/// words knows αρχείου, but a Greek word has one accent, so α?χείου is not αύχείου.
fn spelled_greek_fill(prefix: &str, fills: &[char], suffix: &[Slot]) -> Option<char> {
    let mut rest = String::new();
    for slot in suffix {
        match slot {
            Slot::Letter(c) => rest.push(*c),
            Slot::Hole(_) => return None,
        }
    }
    let mut word = String::new();
    let mut spelled = fills.iter().filter(|&&c| {
        word.clear();
        word.push_str(prefix);
        word.push(c);
        word.push_str(&rest);
        is_greek_letter(c) && orthography::is_spelled_greek_word(&word)
    });
    match (spelled.next(), spelled.next()) {
        (Some(&c), None) => Some(c),
        _ => None,
    }
}

/// The one Hebrew letter among `fills` that Hebrew spelling ([`orthography::breaks_spelling`])
/// allows where the lost character stands, between `decoded` and the character at `after`: a
/// final form (ך ם ן ף ץ) only at the end of a word, the other form of those five never there. The lost 0x90 and 0x9D of
/// windows-1252 leave א or ם after D7: at a word's start or inside it, only א (את, not םת); at
/// its end both, and the byte stays lost.
fn spelled_hebrew_fill(seg: &Segment, after: usize, decoded: &str, fills: &[char]) -> Option<char> {
    let hebrew = |c: char| ('\u{05D0}'..='\u{05EA}').contains(&c);
    if !fills.iter().copied().any(hebrew) {
        return None;
    }
    // (Beside another lost character, or where a point may follow ש, the word is not known.)
    let prev = decoded.chars().next_back();
    let next = char_at(seg, after);
    if matches!(prev, Some('\u{FFFD}' | '?' | 'ש'))
        || seg.wildcards.binary_search(&after).is_ok()
        || (after < seg.bytes.len() && next.is_none())
    {
        return None;
    }
    let letter = |c: Option<char>| c.filter(|c| c.is_alphabetic());
    let mut word = String::new();
    let mut spelled = fills.iter().copied().filter(|&c| {
        word.clear();
        word.extend(letter(prev).into_iter().chain([c]).chain(letter(next)));
        hebrew(c) && !orthography::breaks_spelling(&word)
    });
    match (spelled.next(), spelled.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// A letter of modern Greek (not the archaic and mathematical ones, ϝ ϐ, that a lost byte's
/// other fills read as).
fn is_greek_letter(c: char) -> bool {
    ('\u{0386}'..='\u{03CE}').contains(&c) && c.is_alphabetic()
}

/// A UTF-8 sequence starting at `i` whose byte `i + have` is a wildcard: every byte of the
/// sequence after the lead is either a continuation byte that is there or a wildcard; each
/// wildcard is tried with every byte the wrong charset could have lost (at most two wildcards).
fn recover_utf8(
    wrong: Charset,
    seg: &Segment,
    i: usize,
    decoded: &str,
    model: Option<&RecoveryModel>,
) -> Option<Recovery> {
    let mut back = decoded.chars().rev();
    // A character lost before this one says nothing of what this one was (ã€?ã?” is 、ご with
    // both continuation bytes 0x81 lost: the first stays lost, the second is plainly ご).
    let prev = back.next().filter(|&p| p != '\u{FFFD}');
    let prev2 = back.next().filter(|_| prev.is_some());
    let bytes = &seg.bytes;
    let (need, fills) = holed_sequence(wrong, seg, i)?;
    let Some(fills) = fills else {
        // Thousands of combinations, none of which a character model could single out: the
        // character is lost, but the reading goes on past it.
        return Some(Recovery {
            len: need,
            ch: '\u{FFFD}',
            recovered: false,
            guessed: false,
        });
    };
    // Inside a word: the one fill that makes a word the language writes, if one does.
    if let Some(c) = known_word_fill(wrong, seg, (i, need), decoded, &fills) {
        return Some(Recovery {
            len: need,
            ch: c,
            recovered: true,
            guessed: false,
        });
    }
    // In Hebrew, which the word tables lack, the one its spelling allows there: taken, but as a
    // guess (the bytes a decoder loses differ between the single-byte tables, and windows-1254
    // loses the 0x9E of מ as well).
    if let Some(c) = spelled_hebrew_fill(seg, i + need, decoded, &fills) {
        return Some(Recovery {
            len: need,
            ch: c,
            recovered: true,
            guessed: true,
        });
    }
    // The character after the sequence, if the bytes there read as one, for the letter pairs.
    let after = i + need;
    let next = char_at(seg, after);
    // And the one after that, for the letter triples.
    let next2 = next.and_then(|n| char_at(seg, after + n.len_utf8()));
    // A two-byte sequence that lost its own continuation byte right after this one (НАЗИВ
    // through windows-1252 with both А and Н lost, Ð?Ð?Ð—Ð˜Ð’): each fill of it, with what it
    // costs beside the character after it, to rank this one's fills against.
    let ahead: Vec<(char, u32)> = match bytes.get(after) {
        Some(&lead) if next.is_none() && seg.wildcards.binary_search(&(after + 1)).is_ok() => {
            let next2 = char_at(seg, after + 2);
            lost_continuations(wrong)
                .iter()
                .filter_map(|&f| std::str::from_utf8(&[lead, f]).ok()?.chars().next())
                .map(|c2| (c2, char_cost(c2).0 + pair_bits(Some(c2), next2)))
                .collect()
        }
        _ => Vec::new(),
    };
    // A sequence that ends its segment (the line, mostly) after CJK text is where a sentence
    // ends: 。 rather than 、 (銆? at the end of a line of GBK mojibake).
    let at_end = after >= bytes.len();
    // Fills are ranked by the character's cost and how well it pairs with its neighbours (in
    // Latin- and Cyrillic-script text: сегодн? is сегодня, not сегоднс); only the character's
    // own cost bounds what may be invented.
    let mut ranked_fills: Vec<RankedFill> = Vec::with_capacity(fills.len());
    // The brackets around, found once the first fill is a bracket.
    let mut brackets: Option<BracketsAround> = None;
    let case = fill_case(seg, i, prev, prev2, next);
    // The quotation marks the line left open before the hole, found once a fill is one.
    let mut quotes: Option<OpenQuotes> = None;
    for &c in &fills {
        let own = char_cost(c).0;
        let cost = own
            + prev.map_or(0, |p| text_cost(Some(p), "", Some(c)))
            + if is_cjk_bracket(c)
                && brackets
                    .get_or_insert_with(|| BracketsAround::of(bytes, i, after))
                    .unpaired(c)
            {
                UNPAIRED_BRACKET_COST
            } else {
                0
            };
        // (After a Japanese particle that never ends a sentence, は, を, て …, the line ends a
        // clause: 、, not 。. A man page wraps there; an interface string is cut there.)
        let clause_particle = prev.is_some_and(is_japanese_clause_particle);
        let sentence_end = at_end
            && prev.is_some_and(is_cjk_letter)
            && if clause_particle {
                c == '、'
            } else {
                matches!(c, '。' | '！' | '？')
            };
        // A number is followed by a unit or a counter (1970 年 1 月, 10 個).
        let after_number = prev.is_some_and(|p| p.is_ascii_digit())
            || (prev == Some(' ') && prev2.is_some_and(|p| p.is_ascii_digit()));
        let counter = after_number && is_cjk_counter(c);
        // The last syllable of a Korean word is mostly a particle or an ending (오후에, 합니다).
        let word_end = prev.is_some_and(is_hangul)
            && (at_end || next.is_none_or(|n| !n.is_alphanumeric()))
            && is_korean_word_ending(c);
        let after_bits = ahead
            .iter()
            .map(|&(c2, rest)| pair_bits(Some(c), Some(c2)) + rest)
            .min()
            .unwrap_or_else(|| pair_bits(Some(c), next));
        // And in an alphabet, the letter triples it makes (поиск: иск, not ияк).
        let known_triples = if letter_symbol(Some(c)) >= FIRST_KNOWN_LETTER {
            u32::from(prev.is_some_and(|p| is_letter(p) && letter_triple_known(prev2, p, Some(c))))
                + u32::from(letter_triple_known(prev, c, next))
                + u32::from(
                    next.is_some_and(|n| is_letter(n) && letter_triple_known(Some(c), n, next2)),
                )
        } else {
            0
        };
        // Quotation marks close what the line opened; a dash stands between spaces.
        let typography = if is_typographic_fill(c) {
            quotes
                .get_or_insert_with(|| OpenQuotes::before(decoded))
                .fits(c, prev, next)
        } else {
            Typography::None
        };
        // A fill that no alphabet holding the segment's other accented letters holds is dearer.
        let misfit = if alphabets::is_weighed_letter(c) {
            let home = *seg
                .home
                .get_or_init(|| alphabets::home_alphabets(String::from_utf8_lossy(bytes).chars()));
            match home {
                Some(mask) if mask != 0 && alphabets::alphabets_holding(c) & mask == 0 => {
                    ALPHABET_MISFIT_COST
                }
                _ => 0,
            }
        } else {
            0
        };
        let ranked = (RANK_FLOOR + cost + misfit + pair_bits(prev, Some(c)) + after_bits)
            .saturating_sub(
                match typography {
                    Typography::Evidence => QUOTE_BONUS,
                    Typography::Habit(bonus) => bonus,
                    Typography::None if sentence_end || word_end || counter => SENTENCE_END_BONUS,
                    Typography::None => 0,
                } + fill_word_bonus(prev, c, next)
                    + known_triples * KNOWN_TRIPLE_BONUS,
            );
        ranked_fills.push(RankedFill {
            ranked,
            cost,
            own,
            ch: c,
            habit_bonus: match typography {
                Typography::Habit(bonus) => bonus,
                _ if sentence_end => SENTENCE_END_BONUS,
                _ => 0,
            },
        });
    }
    // The best fill (the earlier among equals) and the best of the others, where a fill and its
    // other case count as one letter, ranked as its small form: the letter statistics do not
    // see case, and a capital costs more only for being rarer (Č and č tie before e, Ğ costs
    // more than ğ in DEĞERİ); the sentence tells which case it was.
    let Some(&best) = ranked_fills
        .iter()
        .reduce(|b, x| if x.ranked < b.ranked { x } else { b })
    else {
        // No byte the decoder could have lost there reads well.
        return Some(Recovery {
            len: need,
            ch: '\u{FFFD}',
            recovered: false,
            guessed: false,
        });
    };
    let (mut ranked, mut own, mut chosen) = (best.ranked, best.own, best);
    let twin = ranked_fills
        .iter()
        .find(|x| is_case_twin(x.ch, best.ch))
        .copied();
    let mut guessed = false;
    let mut second = ranked_fills
        .iter()
        .filter(|x| x.ch != best.ch && twin.is_none_or(|t| t.ch != x.ch))
        .map(|x| x.ranked)
        .min()
        .unwrap_or(u32::MAX);
    if let Some(t) = twin {
        let small = if best.ch.is_lowercase() { best } else { t };
        match &case {
            Some(case) => {
                if t.ch.is_uppercase() == case.capital {
                    chosen = t;
                }
                (ranked, own) = (small.ranked, small.own);
                guessed = case.certainty == Certainty::Guess;
            }
            // (Where the sentence does not tell either, the other case is a rival like any.)
            None => second = second.min(t.ranked),
        }
    }
    let (c, cost) = (chosen.ch, chosen.cost);
    // A letter of the case the word rules out (a capital inside a word of small letters:
    // aparȘin, where windows-1250 has no ț to offer) is no confident fill, however far the
    // others are.
    let wrong_case = case.is_some_and(|k| {
        k.certainty == Certainty::Sure
            && (c.is_uppercase() || c.is_lowercase())
            && c.is_uppercase() != k.capital
    });
    // A sentence-final mark that only the bonus for ending a line set apart (。 over 、: a
    // wrapped line ends mid-sentence) is taken, but as a guess.
    if chosen.habit_bonus > 0
        && second.saturating_sub(ranked) < chosen.habit_bonus + RECOVERY_MARGIN
    {
        guessed = true;
    }
    // (The character's own cost: what stands beside it is ranked above, and a Korean particle
    // glued to an English word, killall은, is as plausible a character as any.)
    let confident =
        own <= RECOVERY_MAX_COST && second.saturating_sub(ranked) >= RECOVERY_MARGIN && !wrong_case;
    if !confident
        && (is_han(c) || is_hangul(c))
        && let Some(common) = far_commoner(&ranked_fills, cost)
        // (Not over a fill that makes a word with its neighbours where the commoner one makes
        // none: 經過, not 經遍.)
        && cjk_pairs_around(prev, common, next) >= cjk_pairs_around(prev, c, next)
    {
        return Some(Recovery {
            len: need,
            ch: common,
            recovered: true,
            guessed: false,
        });
    }
    if !confident && let (Some(p), Some(doc)) = (prev, model.and_then(RecoveryModel::get)) {
        // Equally plausible in general: the document itself may tell, by what follows `p`
        // elsewhere in it.
        let mut pick: Option<(u32, char)> = None;
        let mut tied = false;
        for fill in &ranked_fills {
            if fill.cost > RECOVERY_MAX_COST || fill.cost >= cost + RECOVERY_MARGIN {
                continue;
            }
            let (seen, candidate) = (doc.bigram(p, fill.ch), fill.ch);
            match pick {
                Some((n, _)) if seen == n => tied = true,
                Some((n, _)) if seen < n => {}
                _ => {
                    pick = Some((seen, candidate));
                    tied = false;
                }
            }
        }
        if let (Some((seen, candidate)), false) = (pick, tied)
            && seen >= 1
        {
            return Some(Recovery {
                len: need,
                ch: candidate,
                recovered: true,
                guessed: false,
            });
        }
    }
    Some(if confident {
        Recovery {
            len: need,
            ch: c,
            recovered: true,
            guessed,
        }
    } else {
        Recovery {
            len: need,
            ch: '\u{FFFD}',
            recovered: false,
            guessed: false,
        }
    })
}

/// What a fill of typographic punctuation takes off its rank ([`OpenQuotes::fits`]): ” that
/// closes the “ the line opened is as good as a known word.
const QUOTE_BONUS: u32 = 4;

/// What — between two spaces and – between digits take off their rank: more than a quotation
/// mark's cost above a dash's, since a quotation mark there has nothing to quote.
const SPACED_DASH_BONUS: u32 = 6;

/// How far back [`OpenQuotes::before`] looks for the quotation marks a line opened.
const QUOTE_LOOKBACK: usize = 200;

/// Whether `c` is one of the marks [`OpenQuotes::fits`] judges: closing curly quotes, the
/// dashes and the ellipsis.
fn is_typographic_fill(c: char) -> bool {
    matches!(c, '’' | '”' | '–' | '—' | '…')
}

/// How well a typographic fill fits where it stands.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Typography {
    /// Nothing for or against it.
    None,
    /// The text says it: ” closing an open “, ’ inside a word (don’t) or closing an open ‘.
    Evidence,
    /// Habit says it, with this bonus: — between two spaces (it may be –), – between digits
    /// (100–999), ’ after the s of a plural (students’ books; it may be …), … after another word
    /// before a space with no quotation open (Wait… what; it may be ’).
    Habit(u32),
}

/// The curly quotation marks the text before a lost byte left open, innermost last (within
/// [`QUOTE_LOOKBACK`] characters).
struct OpenQuotes(Vec<char>);

impl OpenQuotes {
    fn before(decoded: &str) -> OpenQuotes {
        let window: Vec<char> = decoded.chars().rev().take(QUOTE_LOOKBACK).collect();
        let mut open = Vec::new();
        let mut prev: Option<char> = None;
        for (k, &c) in window.iter().enumerate().rev() {
            let next = k.checked_sub(1).and_then(|n| window.get(n)).copied();
            match c {
                '“' | '‘' => open.push(c),
                '”' => {
                    if let Some(at) = open.iter().rposition(|&o| o == '“') {
                        open.truncate(at);
                    }
                }
                // (An apostrophe between letters, don’t, closes nothing.)
                '’' if !(prev.is_some_and(char::is_alphabetic)
                    && next.is_some_and(char::is_alphabetic)) =>
                {
                    if let Some(at) = open.iter().rposition(|&o| o == '‘') {
                        open.truncate(at);
                    }
                }
                _ => {}
            }
            prev = Some(c);
        }
        OpenQuotes(open)
    }

    /// How well `c` fits between `prev` and `next`.
    fn fits(&self, c: char, prev: Option<char>, next: Option<char>) -> Typography {
        let letter = |x: Option<char>| x.is_some_and(char::is_alphabetic);
        let digit = |x: Option<char>| x.is_some_and(|d| d.is_ascii_digit());
        let space = |x: Option<char>| x.is_none_or(char::is_whitespace);
        let innermost = self.0.last().copied();
        // (Only closing marks: “ opens in English, but closes „ in German and Serbian, and
        // Swedish opens with ”.)
        let evidence = match c {
            // Closing what is open, right after its last word.
            '”' => innermost == Some('“') && !space(prev),
            '’' => (letter(prev) && letter(next)) || (innermost == Some('‘') && !space(prev)),
            _ => false,
        };
        if evidence {
            Typography::Evidence
        } else if (c == '—' && prev.is_some_and(char::is_whitespace) && space(next))
            || (c == '–' && digit(prev) && digit(next))
        {
            Typography::Habit(SPACED_DASH_BONUS)
        } else if c == '’' && prev == Some('s') && space(next) && self.0.is_empty() {
            Typography::Habit(SENTENCE_END_BONUS)
        } else if c == '…' && letter(prev) && prev != Some('s') && space(next) && self.0.is_empty()
        {
            Typography::Habit(SPACED_DASH_BONUS)
        } else {
            Typography::None
        }
    }
}

/// Whether `a` and `b` are one letter in its two cases (Č and č).
fn is_case_twin(a: char, b: char) -> bool {
    let cased = |c: char| c.is_lowercase() || c.is_uppercase();
    a != b && cased(a) && cased(b) && a.to_lowercase().eq(b.to_lowercase())
}

/// The case a lost letter had, as [`fill_case`] tells it.
struct LetterCase {
    capital: bool,
    certainty: Certainty,
}

/// How sure [`fill_case`] is of a case.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Certainty {
    /// The word says it: a fill of the other case is never confident.
    Sure,
    /// The sentence says it (a small letter starts a word in mid-sentence, but German nouns
    /// and names start with capitals): it picks between a letter's two cases.
    Likely,
    /// Nothing but habit says it (a capital at the start of the text, which may be a line cut
    /// out of a sentence): it picks between the two cases, and the repair reports a loss.
    Guess,
}

/// The case of a lost letter at `seg.bytes[i]`, between `prev` (after `prev2`) and `next`.
///
/// * Sure: small inside and at the end of a word of small letters (listę, aparțin); a capital
///   between capitals and at the end of a word of capitals (HROŠČI, DATĂ).
/// * Likely: a capital starting a word before a capital (ŚRODOWISKO) or right after a full
///   stop (… {version}. Če simbolna); small starting a word in mid-sentence (, če je) and
///   after a capital inside a word.
/// * Guess: a capital starting a word at the start of the text.
///
/// `None` where nothing tells (a letter standing alone).
fn fill_case(
    seg: &Segment,
    i: usize,
    prev: Option<char>,
    prev2: Option<char>,
    next: Option<char>,
) -> Option<LetterCase> {
    let letter = |c: Option<char>| c.filter(|c| c.is_alphabetic());
    let case = |capital: bool, certainty: Certainty| Some(LetterCase { capital, certainty });
    let capitals = |c: Option<char>| letter(c).is_none_or(char::is_uppercase);
    match (letter(prev), letter(next)) {
        (Some(p), Some(n)) if p.is_lowercase() && n.is_lowercase() => case(false, Certainty::Sure),
        (Some(p), Some(n)) if p.is_uppercase() && n.is_uppercase() => case(true, Certainty::Sure),
        (Some(_), Some(_)) => case(false, Certainty::Likely),
        (Some(p), None) if p.is_lowercase() => case(false, Certainty::Sure),
        (Some(_), None) if capitals(prev2) => case(true, Certainty::Sure),
        (Some(_), None) => case(false, Certainty::Likely),
        (None, None) => None,
        (None, Some(n)) if n.is_uppercase() => case(true, Certainty::Likely),
        (None, Some(_)) => {
            // Back over spaces and opening marks in the bytes read so far, then in the text
            // before the segment.
            let bytes = &seg.bytes[..i.min(seg.bytes.len())];
            match bytes
                .iter()
                .rposition(|&b| !(b.is_ascii() && is_sentence_gap(char::from(b))))
            {
                Some(at) if seg.wildcards.binary_search(&at).is_ok() => None,
                Some(at) => case(is_sentence_end(char::from(bytes[at])), Certainty::Likely),
                None => match seg.sentence_start {
                    Some(starts) => case(starts, Certainty::Likely),
                    None => case(true, Certainty::Guess),
                },
            }
        }
    }
}

/// What may stand between a sentence's end and its first word: spaces, opening brackets and
/// quotes.
fn is_sentence_gap(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '(' | '[' | '"' | '\'' | '«' | '„' | '“' | '‘' | '¿' | '¡'
        )
}

/// A mark that ends a sentence.
fn is_sentence_end(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '。' | '！' | '？')
}

/// How far back [`starts_sentence`] looks for the end of the sentence before.
const SENTENCE_LOOKBACK: usize = 64;

/// Whether the text whose characters `back` yields, last first, ends where a sentence starts:
/// past spaces and opening marks, at a mark that ends one (`Some(true)`) or another character
/// (`Some(false)`); `None` at the start of the text or farther back than [`SENTENCE_LOOKBACK`].
fn starts_sentence(back: impl Iterator<Item = char>) -> Option<bool> {
    back.take(SENTENCE_LOOKBACK)
        .find(|&c| !is_sentence_gap(c))
        .map(is_sentence_end)
}

/// Whether the placeholder ('?' or U+FFFD) at `bytes[i]`, after the character `prev`, stands
/// for a whole character the wrong decoder could not read: kept as it is, but reported lost.
///
/// * Big5 and GBK mixed up: a placeholder in CJK text (今日は?書館 for 図), one of thousands.
/// * UTF-8 read as Big5, Shift_JIS or EUC, which reject whole well-formed sequences, one '?'
///   each: a placeholder beside a non-ASCII letter (дн?м for днём), before a letter (Fu?gänger,
///   ?leny) or after a word in mid-sentence (comand? listat? sau). (GBK rejects only a
///   sequence cut short, which the lost-byte recovery reads; a '?' there is mostly a question
///   mark.)
/// * A single-byte text read with another table: a placeholder inside a word is a letter the
///   wrong table left undefined (ђ, 0x90 in windows-1251, through windows-1252); one after a
///   word is a question mark (Как дела?).
fn placeholder_is_lost_character(
    actual: Charset,
    wrong: Charset,
    bytes: &[u8],
    i: usize,
    prev: Option<char>,
) -> bool {
    let next = bytes.get(i + 1).copied();
    let after_letter = prev.is_some_and(|p| !p.is_ascii() && p.is_alphabetic());
    if actual.is_single_byte() {
        after_letter && next.is_some_and(|b| b >= 0x80 || b.is_ascii_alphabetic())
    } else if wrong.is_single_byte() {
        false
    } else if !actual.is_utf8() {
        prev.is_some_and(|p| !p.is_ascii()) || next.is_some_and(|b| b >= 0x80)
    } else {
        // Before a letter (Fu?gänger, ?leny: a question mark is not glued to the next word),
        // or after one and before a small letter (comand? listat? sau: nor ends a sentence so).
        // (Or opening the line before a space: ? значении for В значении; text does not
        // begin with a question mark.)
        let before_letter = next.is_some_and(|b| b.is_ascii_alphabetic())
            || (prev.is_none() && i == 0 && next == Some(b' '));
        let mid_sentence = prev.is_some_and(char::is_alphabetic)
            && next == Some(b' ')
            && bytes
                .get(i + 2)
                .is_some_and(|&b| b.is_ascii_lowercase() || b >= 0x80);
        wrong != Charset::GBK
            && wrong != Charset::GB18030
            && (after_letter || before_letter || mid_sentence || next.is_some_and(|b| b >= 0xC2))
    }
}

/// A two-byte character of a legacy CJK charset (`actual`) of which a single-byte decoder
/// (`wrong`) lost one byte, leaving a placeholder: a lead byte before a placeholder that cannot
/// be its trail byte (Ó? for 訊 = D3 8D in GBK read as windows-1252, which leaves 0x8D
/// undefined), or a placeholder before a byte that reads as the trail of a lost lead (?B for 。
/// = 81 42 in Shift_JIS). The lost byte is one of the few the wrong charset leaves undefined;
/// each fill that makes a CJK character is ranked by its cost beside the character before and
/// the CJK words it makes with its neighbours, and the best is taken if it is clearly best and
/// stands beside CJK text. Where no fill is taken, a lead byte and its placeholder, or a
/// placeholder and the high byte after it, read as one U+FFFD; a placeholder before an ASCII
/// byte stays what it is (it may be just that), reported as a loss.
fn recover_legacy(
    actual: Charset,
    wrong: Charset,
    seg: &Segment,
    i: usize,
    (prev, decoded): (Option<char>, &str),
    cache: &mut DecodeCache,
) -> Option<Recovery> {
    let bytes = &seg.bytes;
    let wildcard = |at: usize| seg.wildcards.binary_search(&at).is_ok();
    // (Every unit of these chains is asked: nothing to do without a placeholder here.)
    if !wildcard(i) && !wildcard(i + 1) {
        return None;
    }
    let &first = bytes.get(i)?;
    let &second = bytes.get(i + 1)?;
    // The character after the two bytes, for the CJK words a fill makes.
    let mut after = String::new();
    let next = match actual.unit_at(bytes, (i + 2).min(bytes.len().saturating_sub(1))) {
        Unit::Seq(len) if i + 2 < bytes.len() && !wildcard(i + 2) => {
            let ok = actual.decode_unit_cached(
                &bytes[i + 2..(i + 2 + len).min(bytes.len())],
                cache,
                &mut after,
            );
            ok.then(|| after.chars().next()).flatten()
        }
        _ => None,
    };
    // Which of the two bytes was lost: the trail after a lead that cannot stand before the
    // placeholder, or the lead before a byte that is no character on its own, or that stands
    // in CJK text.
    let lost_trail =
        first >= 0x80 && wildcard(i + 1) && matches!(actual.unit_at(bytes, i), Unit::Bad(_));
    let lost_lead = !lost_trail
        && wildcard(i)
        && !wildcard(i + 1)
        && (second >= 0x80
            || prev.is_some_and(|p| !p.is_ascii() && p != '\u{FFFD}')
            || next.is_some_and(is_cjk_text_char)
            // (At the end of CJK text after a closing bracket: 参照)?B is 参照)。.)
            || (next.is_none() && cjk_run_before(decoded)));
    if !lost_trail && !lost_lead {
        return None;
    }
    let prev = prev.filter(|&p| p != '\u{FFFD}');
    // The characters either side must be ASCII or ones CJK text writes, not the rare ones a
    // chance reading is made of (Serbian Cyrillic in windows-1251 read as windows-1252 reads as
    // GBK too, 武疣, and a fill would only lengthen the chance run), nor letters of another
    // script (ć�Ø, UTF-8 read as windows-1257, is no GBK).
    let fits = |c: Option<char>| {
        c.is_none_or(|c| c.is_ascii() || (is_cjk_text_char(c) && char_cost(c).0 < SUSPICIOUS_COST))
    };
    if !fits(prev)
        || !fits(next)
        || !(prev.is_some_and(is_cjk_text_char)
            || next.is_some_and(is_cjk_text_char)
            || cjk_run_before(decoded))
    {
        return None;
    }
    // Only the few bytes a single-byte table leaves undefined (five in windows-1252), not the
    // 32 C1 controls some latin-1 decoders drop: no character model singles one out of those.
    let fills = lost_bytes(wrong);
    if fills.len() > MAX_FILLS_FOR_TWO_HOLES {
        return None;
    }
    let mut best: Option<(u32, u32, char)> = None;
    let mut runner_up = u32::MAX;
    let mut unit = [first, second];
    let mut text = String::new();
    for &fill in fills {
        unit[usize::from(lost_trail)] = fill;
        if actual.unit_at(&unit, 0) != Unit::Seq(2) {
            continue;
        }
        text.clear();
        if !actual.decode_unit_cached(&unit, cache, &mut text) {
            continue;
        }
        let Some(c) = text.chars().next().filter(|&c| is_cjk_text_char(c)) else {
            continue;
        };
        let own = char_cost(c).0;
        let ranked = (RANK_FLOOR + own + prev.map_or(0, |p| text_cost(Some(p), "", Some(c))))
            .saturating_sub(fill_word_bonus(prev, c, next));
        match best {
            Some((b, ..)) if ranked >= b => runner_up = runner_up.min(ranked),
            _ => {
                if let Some((b, ..)) = best {
                    runner_up = runner_up.min(b);
                }
                best = Some((ranked, own, c));
            }
        }
    }
    let confident = best.filter(|&(ranked, own, _)| {
        own <= RECOVERY_MAX_COST && runner_up.saturating_sub(ranked) >= RECOVERY_MARGIN
    });
    match confident {
        Some((_, _, ch)) => Some(Recovery {
            len: 2,
            ch,
            recovered: true,
            guessed: false,
        }),
        // (A placeholder before a byte that is no ASCII character lost that byte's lead: the
        // two are one lost character, not a '?' and a misaligned reading after it.)
        None if lost_trail || second >= 0x80 => Some(Recovery {
            len: 2,
            ch: '\u{FFFD}',
            recovered: false,
            guessed: false,
        }),
        // (Before an ASCII byte the placeholder stays, but beside CJK text it is reported as
        // the loss it most likely is: ?X for 更 = 8D 58.)
        None => Some(Recovery {
            len: 1,
            ch: if seg.replacement_chars.binary_search(&i).is_ok() {
                '\u{FFFD}'
            } else {
                '?'
            },
            recovered: false,
            guessed: false,
        }),
    }
}

/// Whether the last few characters of the run read so far hold a CJK one (帳 號 資 Ó?: text
/// written with a space between characters is CJK text too).
fn cjk_run_before(decoded: &str) -> bool {
    decoded.chars().rev().take(4).any(is_cjk_text_char)
}

/// CJK letters, CJK punctuation and fullwidth forms.
fn is_cjk_text_char(c: char) -> bool {
    is_cjk_letter(c) || matches!(u32::from(c), 0x3000..=0x303F | 0xFF00..=0xFFEF)
}

fn is_cjk_legacy(charset: Charset) -> bool {
    [
        Charset::GBK,
        Charset::GB18030,
        Charset::BIG5,
        Charset::SHIFT_JIS,
        Charset::EUC_JP,
        Charset::EUC_KR,
    ]
    .contains(&charset)
}

/// Extra cost of a character in a repair along `chain`, for what the chain makes unlikely: a
/// CJK decoder was wrong mostly because the text was CJK, so UTF-8 that turns out to be
/// Cyrillic or accented Latin needs more evidence; kana in Chinese or Korean, Hanja in Korean
/// and Cyrillic or Greek out of a CJK charset are rare in real text.
fn foreign_penalty(chain: Chain, c: char) -> u32 {
    let cp = u32::from(c);
    let letter_outside_cjk = || (0xC0..0x800).contains(&cp) && c.is_alphabetic();
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
fn retable_pair_gain(
    text: &str,
    range: Range<usize>,
    replacement: &str,
    (witnessed, central, long_line): (bool, bool, bool),
) -> Option<u32> {
    let words = word_bounds(text, range.clone());
    let old = &text[words];
    let new = words_with(text, range.clone(), replacement);
    if glues_foreign_to_ascii(text, range.clone(), replacement) {
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
    // Small letters turned into nothing but capitals: a heading (ИМЯ through KOI8-R), or a
    // short piece of another language's small letters read so by chance (Bulgarian със as ЯЗЯ):
    // short, it must make a word the languages write.
    // (Capitals: Hebrew, Arabic and Thai have no case, and מה is no heading.)
    let all_capitals = old.chars().any(char::is_lowercase)
        && !old.chars().any(char::is_uppercase)
        && new.chars().any(char::is_uppercase)
        && !new.chars().any(char::is_lowercase);
    let letters = new.chars().filter(|&c| is_letter(c)).count();
    if all_capitals && letters < CAPITALS_LINE_MIN as usize && known_words(&new, 2, false) == 0 {
        return None;
    }
    // A text that is one word of two small letters and nothing else (a CLDR unit or a label:
    // Basaa ìà, Yoruba àì, tone-marked vowels) gives its letter pairs nothing to weigh: only a
    // word the languages write (на, not ма or ам) is a reading. (A capitalised one, Ìè for
    // Ukrainian Ми, is no Latin word.)
    // (Letters as the reading has them: ³ is a symbol through windows-1252, і through
    // windows-1251, and ТіБ has three.)
    let letters_in = |s: &str| s.chars().filter(|&c| is_letter(c)).count();
    let whole_text_letters =
        letters_in(&text[..range.start]) + letters_in(replacement) + letters_in(&text[range.end..]);
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
        let mixed = counts_mixed_pairs(text);
        let old_words = known_words(old, KNOWN_WORD_MIN_LETTERS, mixed);
        (
            known_words(&new, KNOWN_WORD_MIN_LETTERS, mixed).saturating_sub(old_words),
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
    let latin_for_latin = text[range.clone()]
        .chars()
        .zip(replacement.chars())
        .all(|(a, b)| a == b || (is_latin_accented(a) && is_latin_accented(b)));
    if latin_for_latin
        && !witnessed
        && !symbol_inside
        && !symbol_edge
        && words_gained == 0
        && !long_line
    {
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
        if letters >= RETABLE_OTHER_MIN_LETTERS {
            (old_bits.saturating_sub(pairs * RUNNING_TEXT_PAIR_BITS) / RETABLE_BITS_PER_COST).min(
                RETABLE_OTHER_MAX_GAIN
                    + u32::try_from(letters / RETABLE_OTHER_LETTERS_PER_GAIN).unwrap_or(u32::MAX),
            ) + FINAL_FORM_GAIN * orthography::words_ending_in_final_forms(&new)
        } else {
            0
        }
    };
    qualifies.then_some(gain)
}

/// The letters from which a line's other words let the letter statistics decide an accented
/// Latin letter read for another ([`retable_pair_gain`]) without a known word.
const LATIN_SWAP_LINE_LETTERS: usize = 24;

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

/// Known letter triples from which a re-tabled reading that swaps the cases, KOI8-R's way, may
/// make words as surprising letter by letter as a witnessed line's (ПОКАЗ РЕЗЮМЕ, 6.1 bits a
/// pair, from рплбъ теъане). (Without the swap, CJK text read as windows-1252 re-tables into
/// Cyrillic words just as well.)
const RETABLE_MANY_TRIPLES: u32 = 3;

/// What a re-tabled reading gains where the line holds a [`has_witness_letter`] letter.
const WITNESS_GAIN: u32 = 12;

/// Punctuation that windows-1252 shows alike with the single-byte tables of other scripts
/// (quotes, dashes, the ellipsis): text of any script has it.
fn is_shared_punctuation(c: char) -> bool {
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
            && !c.is_alphabetic()
            && !is_shared_punctuation(c)
            && !matches!(c, '’' | 'ʼ' | '\u{FFFD}' | '\u{A0}')
    };
    let mut prev: Option<char> = None;
    let mut before: Option<char> = None;
    for c in text.chars() {
        // (¿ and ¡ before the first letter of a word open a Spanish clause: ¿es verdad?)
        let opens_clause =
            |p: char| matches!(p, '¿' | '¡') && !before.is_some_and(char::is_alphabetic);
        if let Some(p) = prev
            && ((symbol(p) && c.is_alphabetic() && !opens_clause(p))
                || (p.is_alphabetic() && symbol(c)))
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

/// Whether `word` holds a non-ASCII character that is no letter (a symbol, ¹ or ³) between
/// two letters; an apostrophe (об’єм) is part of a word.
fn symbol_inside_word(word: &str) -> bool {
    let mut prev_letter = false;
    let mut symbol_after_letter = false;
    for c in word.chars() {
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
fn has_misplaced_oe(text: &str) -> bool {
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
fn is_misplaced_oe(prev: Option<char>, c: char, next_byte: Option<u8>) -> bool {
    matches!(c, 'œ' | 'Œ')
        && prev.is_some_and(char::is_alphabetic)
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
/// When the model knows none of the new reading's letters: the least mean surprise of the old
/// reading's pairs, in tenths of a bit (Czech, the least represented in the model, about 95).
const RETABLE_UNKNOWN_MIN_MEAN: u32 = 100;

/// What a reading of one CJK charset as another gains when every pair of CJK letters it makes
/// is a word the languages write and the text as it stands makes none ([`cjk_pairs_in`]).
const CJK_WORDS_GAIN: u32 = 4;

/// What a reading of one CJK charset as another gains where the text as it stands has small
/// kana where Japanese never writes them and the reading has none ([`small_kana_stranded`]).
const STRANDED_KANA_GAIN: u32 = 4;

/// The pairs of adjacent CJK letters in `text` (with `before` and `after` beside it) that the
/// languages write ([`crate::score::cjk_pair_known`]), and those they do not.
fn cjk_pairs_in(before: Option<char>, text: &str, after: Option<char>) -> (u32, u32) {
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
fn window_around(text: &str, range: &Range<usize>, margin: usize) -> Range<usize> {
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
/// characters' costs.
const LONE_CJK_BONUS: u32 = 8;

/// Whether `line` is Latin-script text (at least [`LONE_CJK_MIN_LETTERS`] ASCII letters per CJK
/// character standing apart, [`LONE_CJK_GLUED_MIN_LETTERS`] per one glued to an ASCII letter)
/// in which CJK characters come at most two together: Chinese and Japanese text runs on, a CJK
/// decoder turns each accented letter of a Latin word into one (two for ää or créée). Which of
/// them read back as letters, [`lone_cjk_letters`] decides.
fn is_latin_with_lone_cjk(line: &str) -> bool {
    let Some(lone) = lone_letters_among_latin(
        line,
        is_cjk_letter,
        false,
        (LONE_CJK_MIN_LETTERS, LONE_CJK_GLUED_MIN_LETTERS),
    ) else {
        return false;
    };
    // Only a string of one or two such characters (one or two accented letters) is judged by
    // the glued ratio: Tom猫和Jerry鼠 is Chinese.
    lone.needed > 0
        && lone.letters >= lone.needed
        && (lone.others <= LONE_CJK_GLUED_MAX || lone.letters >= LONE_CJK_MIN_LETTERS * lone.others)
}

/// What [`lone_letters_among_latin`] counts in a line.
struct LoneLetters {
    /// ASCII letters.
    letters: usize,
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
/// at most two together (else `None`: text of that script runs on). Each asks for `apart` ASCII
/// letters, or `glued` where its run touches an ASCII letter, directly or (with `bridge`) through
/// one symbol that ends the pair a single-byte charset shows for an accented letter (Г–ZET).
fn lone_letters_among_latin(
    line: &str,
    is_other: impl Fn(char) -> bool,
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
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if is_other(c) {
            if run == 0 {
                glued = prev.is_some_and(|p| p.is_ascii_alphabetic());
            }
            run += 1;
            lone.others += 1;
            // Two at most: Finnish ää, French éé (créée) read as two characters.
            if run > 2 {
                return None;
            }
        } else {
            if run > 0 {
                let next = if !bridge || c.is_ascii() || c.is_alphabetic() {
                    Some(c)
                } else {
                    chars.peek().copied()
                };
                glued |= next.is_some_and(|n| n.is_ascii_alphabetic());
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
fn is_latin_with_lone_foreign(line: &str) -> bool {
    lone_letters_among_latin(
        line,
        is_foreign_letter,
        true,
        (LONE_FOREIGN_MIN_LETTERS, LONE_FOREIGN_GLUED_MIN_LETTERS),
    )
    .is_some_and(|lone| lone.needed > 0 && lone.letters >= lone.needed)
}

/// How many CJK characters of `text[range]` its `replacement` reads back as accented letters,
/// if every character it changes is such a one (else 0). A common CJK character that is a word
/// of its own may be Han quoted in Latin text (The character 猫 means cat): it counts only if the
/// letter is a word of the line's language (Se non lo 猫, see [`is_one_letter_word`]); a less
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
            let qualifies = is_cjk_letter(o)
                && (paired || glued_sign || accented(r))
                && (paired
                    || glued_sign
                    || (!standalone && fits_its_word(before_before, before, r, after))
                    || (standalone
                        && (char_cost(o).0 > QUOTABLE_HAN_COST
                            || is_one_letter_word(text, at..end, r))));
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
/// which Big5 shows for è, 12).
const QUOTABLE_HAN_COST: u32 = 10;

/// ASCII letters a line needs per letter of another alphabet to count as Latin-script text.
const LONE_FOREIGN_MIN_LETTERS: usize = 4;

/// ASCII letters a line needs per letter of another alphabet glued to a Latin word (Г–ZET for
/// ÖZET through windows-1251).
const LONE_FOREIGN_GLUED_MIN_LETTERS: usize = 2;

/// ASCII letters a line needs per CJK character standing apart to count as Latin-script text.
const LONE_CJK_MIN_LETTERS: usize = 6;

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
fn finish_run(
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

/// Weighs reading `text[range]` as `replacement` along `spec` and keeps it as a candidate if it
/// is a repair worth making (`recovered`, `lossy`: whether lost bytes were filled or are
/// still missing).
fn add_candidate(
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
    if lossy_run && replacement.chars().all(|c| c == '\u{FFFD}') {
        // Only loss to show for it: keep the text as it is rather than erase it.
        return;
    }
    if spec.chain.actual.is_utf8() && replacement.chars().any(|c| c >= UNASSIGNED_PLANES) {
        // Nothing is assigned from plane 4 on but tags and private use: a reading that lands
        // there (U+439EF from ±âº» through IBM437) is chance, however dear what it replaces.
        return;
    }
    if is_cjk_to_cjk(spec.chain)
        && !original.chars().any(is_cjk_letter)
        && !replacement.chars().any(is_cjk_letter)
    {
        // Big5 and GBK mixed up is about CJK text: a lone symbol (§ read as ”, ★ as 」) is not.
        return;
    }
    let high_lead = [Charset::GBK, Charset::EUC_KR, Charset::EUC_JP].contains(&spec.chain.actual);
    // (Big5's common characters have lead bytes 0xA4..=0xC6, which windows-1252 shows as ¤, ¥, ¦,
    // § … : a run of two such symbols is its shape, »« or „“ alone is not.)
    let big5_symbols = spec.chain.actual == Charset::BIG5
        && original.chars().filter(|c| !c.is_ascii()).count() < 2;
    if (high_lead || big5_symbols)
        && spec.chain.wrong.is_single_byte()
        && !original.chars().any(|c| !c.is_ascii() && c.is_alphabetic())
        && !(original.chars().all(|c| ('\u{A1}'..='\u{BF}').contains(&c))
            && replacement.chars().all(is_cjk_letter))
    {
        // GBK, Big5 and the EUC charsets read byte by byte show letters (their lead bytes are
        // mostly 0xC0 and up); punctuation alone, like »« or „“, is typography, not a Han
        // character, unless a run of nothing but such symbols reads as nothing but CJK letters
        // (²» for 不, B2 BB: the ideographs whose bytes are all in 0xA1..=0xBF show as symbols).
        return;
    }
    if !spec.chain.actual.is_utf8()
        && !spec.chain.actual.is_single_byte()
        && spec.chain.wrong.is_single_byte()
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
        if lone_among_latin
            || is_uncommon_lone_letter(replacement)
            || is_kana_pair_from_letters(replacement, original)
        {
            return;
        }
    }
    // A single-byte text read with another single-byte table: the letter pairs are the evidence,
    // and what they gain counts with the characters' costs.
    let mut pair_gain = 0;
    if spec.chain.actual.is_single_byte() {
        let witnessed = has_witness_letter(spec.chain, text, out);
        let central = spec.chain.actual == single!(WINDOWS_1250);
        // (A line whose letters are one windows-1252 language's, and no windows-1250 one's
        // once re-read, is no long line of evidence for windows-1250: Estonian ä beside õ.)
        let long_line = *out.long_line.get_or_insert_with(|| {
            text.chars().filter(|&c| is_letter(c)).count() >= LATIN_SWAP_LINE_LETTERS
        }) && !(central
            && out
                .line_letters
                .get_or_insert_with(|| alphabets::line_letters(text))
                .western_language());
        match retable_pair_gain(
            text,
            range.clone(),
            replacement,
            (witnessed, central, long_line),
        ) {
            Some(gain) => pair_gain = gain,
            None => return,
        }
    }
    // Big5 and GBK mixed up: a reading whose CJK letters all pair into words the languages
    // write, where the text as it stands makes none, is the evidence a short string has (厩策
    // for 學習, 斕疑 for 你好: both readings are common characters).
    if is_cjk_to_cjk(spec.chain) {
        let before = text[..range.start].chars().next_back();
        let after = text[range.end..].chars().next();
        let (old_pairs, _) = cjk_pairs_in(before, original, after);
        let (new_pairs, new_unknown) = cjk_pairs_in(before, replacement, after);
        if old_pairs == 0 && new_pairs > 0 && new_unknown == 0 {
            pair_gain += CJK_WORDS_GAIN;
        }
        // Small kana where Japanese never writes them (ゅン) are no Japanese text.
        if has_stranded_small_kana(before, original)
            && !has_stranded_small_kana(before, replacement)
        {
            pair_gain += STRANDED_KANA_GAIN;
        }
    }
    // A lost byte filled so that the words are ones the languages write (opțiunea through
    // ISO-8859-2, where windows-1250 can only make opȘiunea) outweighs a reading of fills the
    // letter statistics merely allow.
    if recovered && spec.chain.actual.is_utf8() && spec.chain.wrong.is_single_byte() {
        let new = words_with(text, range.clone(), replacement);
        pair_gain += KNOWN_WORD_GAIN * known_words(&new, KNOWN_WORD_MIN_LETTERS, false);
    }
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
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
        && !before.is_some_and(char::is_alphabetic)
        && !after.is_some_and(char::is_alphabetic)
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
    let lone_cjk_letters = if spec.chain.actual.is_utf8()
        && original.chars().count() == replacement.chars().count()
        && *out
            .latin_with_lone_cjk
            .get_or_insert_with(|| is_latin_with_lone_cjk(text))
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
    let pair_gain = pair_gain + if lone_particle { LONE_PARTICLE_GAIN } else { 0 };
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
            .any(|c| !c.is_ascii() && c.is_alphabetic() && is_high_byte_char(c));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_showing_only_a_multibyte_reading_skips_the_retabled_chains() {
        // MacRoman shows UTF-8's ǈ (C7 88) as «à: a sign, but of a multi-byte reading only.
        let french = "imposée sur l'ensemble des processus si des options «à la BSD» (sans";
        assert_eq!(suspicion(french), Suspicion::Multibyte);
        assert!(is_suspicious(french));
        // A short piece may show a UTF-8 sequence by chance and be a re-tabled text all the
        // same (Polish odnaleźć through windows-1250 read as windows-1252).
        assert_eq!(suspicion("odnaleŸæ"), Suspicion::Encoding);
        // A dear character is a sign of any reading (Polish ł shows as ³).
        let polish = "procps_ns_read_pid() zwraca i-wêz³y przestrzeni nazw podanego procesu w";
        assert_eq!(suspicion(polish), Suspicion::Encoding);
    }

    #[test]
    fn small_kana_stand_after_their_kana() {
        for (prev, c) in [
            (Some('き'), 'ゃ'),
            (Some('テ'), 'ィ'),
            (Some('言'), 'っ'),
            (Some('フ'), 'ュ'),
        ] {
            assert!(!small_kana_stranded(prev, c), "{prev:?}{c}");
        }
        for (prev, c) in [
            (None, 'ゅ'),
            (Some('い'), 'ゅ'),
            (Some('文'), 'ャ'),
            (Some(' '), 'ッ'),
        ] {
            assert!(small_kana_stranded(prev, c), "{prev:?}{c}");
        }
        // ヵ and ヶ count after numerals and Han.
        assert!(!small_kana_stranded(Some('3'), 'ヶ'));
        assert!(is_suspicious("ゅン"));
        assert!(quickly_clean("キャッシュをちょっと待って、言った。"));
        assert!(!quickly_clean("ゅン"));
    }

    #[test]
    fn french_writes_oe_before_u_i_t_or_at_a_word_start() {
        for clean in ["cœur", "l’œil", "fœtus", "œdème", "Œuvre", "CŒUR"] {
            assert!(!has_misplaced_oe(clean), "{clean}");
        }
        for garbled in ["obecnoœæ", "wejœciowych", "myœl"] {
            assert!(has_misplaced_oe(garbled), "{garbled}");
        }
    }

    #[test]
    fn two_shift_jis_pairs_in_a_row_are_told() {
        assert!(starts_two_shift_jis_pairs("‘qàV –]"));
        assert!(!starts_two_shift_jis_pairs("‘quoi’"));
        assert!(!starts_two_shift_jis_pairs("à la"));
        assert_eq!(windows_1252_byte('€'), Some(0x80));
        assert_eq!(windows_1252_byte('Ÿ'), Some(0x9F));
        assert_eq!(windows_1252_byte('é'), Some(0xE9));
        assert_eq!(windows_1252_byte('я'), None);
    }

    #[test]
    fn run_by_run_pricing_equals_pricing_the_whole() {
        let cases = [
            (
                "Le café était délicieux, à mon goût.",
                encoding_rs::WINDOWS_1252,
            ),
            ("Über die Brücke — „gut“ … 5 €", encoding_rs::WINDOWS_1252),
            ("我们在全市开展了 shell 活动，很好。", encoding_rs::GBK),
            ("Привет, мир! Ёлка 2024", encoding_rs::WINDOWS_1252),
            ("می\u{200C}شود ok", encoding_rs::WINDOWS_1252),
        ];
        for (text, wrong) in cases {
            let (shown, _) = wrong.decode_without_bom_handling(text.as_bytes());
            for before in [None, Some(' '), Some('x')] {
                for after in [None, Some('.'), Some('y')] {
                    let whole = i64::from(text_cost(before, &shown, after))
                        - i64::from(text_cost(before, text, after));
                    assert_eq!(
                        cost_difference(before, (&shown, text), after),
                        whole,
                        "{text} {before:?} {after:?}"
                    );
                }
            }
        }
        // Readings whose ASCII differs are priced whole.
        assert_eq!(
            cost_difference(None, ("aé", "bé"), None),
            i64::from(text_cost(None, "aé", None)) - i64::from(text_cost(None, "bé", None))
        );
    }

    #[test]
    fn stray_bytes_are_those_no_cut_or_loss_explains() {
        let chain = Chain {
            actual: Charset::UTF_8,
            wrong: single!(WINDOWS_1256),
        };
        // معکوس through windows-1256: E3 DA 98 E6 D3. E3 leads, DA does not continue it.
        let bytes = [0xE3, 0xDA, 0x98, 0xE6, 0xD3];
        assert!(is_stray_in_utf8(chain, &bytes, 0));
        assert!(is_stray_in_utf8(chain, &bytes, 3));
        // A sequence cut by ASCII or the end (café cut to caf\xC3), a continuation after ASCII.
        assert!(!is_stray_in_utf8(chain, b"caf\xC3", 3));
        assert!(!is_stray_in_utf8(chain, b"caf\xC3 x", 3));
        assert!(!is_stray_in_utf8(chain, b"x\xA9", 1));

        // Only UTF-8 read with a single-byte table.
        let gbk = Chain {
            actual: Charset::UTF_8,
            wrong: Charset::GBK,
        };
        assert!(!is_stray_in_utf8(gbk, &bytes, 0));
    }

    fn garble(text: &str, actual: Charset, wrong: Charset) -> String {
        let mut bytes = Vec::new();
        actual.encode_strict(text, &mut bytes).unwrap();
        let mut out = String::new();
        crate::decode::decode_lossy(wrong, &bytes, &mut out);
        out
    }

    #[test]
    fn clean_text_in_single_byte_scripts_is_not_searched() {
        for clean in [
            "В Linux man обычно ограничивает подпроцессы, работающие с ненадёжными данными",
            "Ці функції дозволяють вибрати мінімальний розмір сторінки, б’є рекорди",
            "Η σελίδα εγχειριδίου περιγράφει τις επιλογές της εντολής",
            "หน้าคู่มือนี้อธิบายตัวเลือกของคำสั่ง",
            "¿Dónde está la estación de tren? ¡Hola, amigo!",
            "Dijo: «¡Ábrelo!» y se fue.",
            "Zażółć gęślą jaźń, powiedział nauczyciel.",
            "Příliš žluťoučký kůň úpěl ďábelské ódy.",
        ] {
            assert!(!is_suspicious(clean), "{clean}");
        }
        // The same symbols where a decoder left them are signs.
        for garbled in ["Â¿DÃ³nde", "¤@\u{AD}Ó", "ÇOÇQÇqÇeÇ@¡C"] {
            assert!(is_suspicious(garbled), "{garbled}");
        }
        for (text, wrong) in [
            ("Привет, мир", single!(WINDOWS_1251)),
            ("Привет, мир", single!(KOI8_R)),
            ("Привет, мир", single!(IBM866)),
            ("Questo è vero", single!(WINDOWS_1257)),
            ("søg", single!(WINDOWS_874)),
            ("fișier", single!(MACINTOSH)),
            ("№ 5", single!(WINDOWS_1251)),
        ] {
            let garbled = garble(text, Charset::UTF_8, wrong);
            assert!(
                is_suspicious(&garbled),
                "{garbled} ({text} read as {wrong})"
            );
        }
    }

    fn fix(text: &str) -> String {
        fix_mojibake(text, 3, None, &mut Settled::default(), &mut Vec::new()).into_owned()
    }

    #[test]
    fn is_letter_is_is_alphabetic() {
        for c in (0..0x3_0000).filter_map(char::from_u32) {
            assert_eq!(is_letter(c), c.is_alphabetic(), "U+{:04X}", u32::from(c));
        }
    }

    #[test]
    fn caseless_alphabets_are_no_capitals() {
        // Hebrew read as windows-1252 shows small Latin letters; Hebrew has no case, so its
        // reading is no "heading of capitals" that a short fragment must back with a known word.
        let (old, new) = ("îä ùìåîê", "מה שלומך");
        assert!(retable_pair_gain(old, 0..old.len(), new, (false, false, false)).is_some());
        // A reading that does turn small letters into capitals still needs one (ЯЗЯ for със).
        let (old, new) = ("ñúñ", "ЯЗЯ");
        assert!(retable_pair_gain(old, 0..old.len(), new, (false, false, false)).is_none());
    }

    #[test]
    fn utf8_read_as_gbk() {
        assert_eq!(garble("我们", Charset::UTF_8, Charset::GBK), "鎴戜滑");
        assert_eq!(fix("鎴戜滑"), "我们");
        let sentence = "他说：我们是最好的朋友。";
        let garbled = format!(
            "他说：{}",
            garble("我们是最好的朋友", Charset::UTF_8, Charset::GBK)
        ) + "。";
        assert_eq!(fix(&garbled), sentence);
    }

    /// The whole-line fast path must never lose a repair the search proper makes: lines of
    /// every script of the clean test texts, garbled whole, in part, and twice; wherever the
    /// search restores the line, the fast path must too, and wherever the two differ the fast
    /// one must be no farther from the original (it weighs only whole readings, where the
    /// search can be misled by a partial one).
    #[test]
    fn whole_text_fast_path_gives_what_the_line_search_gives() {
        // Whole files of clean text, garbled as pages are: UTF-8 read as windows-1252 (every
        // script), read as GBK (what GBK reads strictly), and read as windows-1252 twice.
        let mut inputs = Vec::new();
        let mut texts: Vec<String> = [
            "latin", "ru", "uk_el", "zh_Hans", "zh_Hant", "ja", "ko", "other",
        ]
        .iter()
        .map(|name| {
            let path = format!("{}/tests/data/clean/{name}.txt", env!("CARGO_MANIFEST_DIR"));
            std::fs::read_to_string(path).unwrap()
        })
        .collect();
        // And every expected text of the data-driven cases, as one many-script document.
        let cases = format!("{}/tests/data/cases.jsonl", env!("CARGO_MANIFEST_DIR"));
        let expected: Vec<String> = std::fs::read_to_string(cases)
            .unwrap()
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| v["expected"].as_str().map(|s| s.replace('\n', " ")))
            .collect();
        texts.push(expected.join("\n") + "\n");
        for text in texts {
            let once = garble(&text, Charset::UTF_8, Charset::WINDOWS_1252);
            inputs.push((
                garble(&once, Charset::UTF_8, Charset::WINDOWS_1252),
                text.clone(),
            ));
            inputs.push((once, text.clone()));
            let mut bytes = Vec::new();
            if Charset::UTF_8.encode_strict(&text, &mut bytes).is_ok() {
                let mut gbk = String::new();
                if !crate::decode::decode_lossy(Charset::GBK, &bytes, &mut gbk) {
                    inputs.push((gbk, text.clone()));
                }
            }
        }
        let run = |whole_line: bool, input: &str| {
            let mut searcher = Searcher::new();
            searcher.whole_line = whole_line;
            let lines = Lines {
                max_layers: 3,
                model: None,
                settled: &mut Settled::default(),
            };
            let mut steps = Vec::new();
            let out = fix_lines(input, lines, &mut searcher, &mut steps).into_owned();
            // The steps reproduce the output.
            assert_eq!(crate::report::replay(input.as_bytes(), &steps), out);
            (out, searcher.whole_text_hits)
        };
        let mut hits = 0;
        for (input, original) in &inputs {
            let (fast, n) = run(true, input);
            let (slow, _) = run(false, input);
            hits += n;
            if slow == *original {
                assert_eq!(fast, slow, "{input}");
            }
            // Where the line search misses, the whole-text reading is no farther from the
            // original, line by line.
            for ((f, s), o) in fast.lines().zip(slow.lines()).zip(original.lines()) {
                assert!(f == s || f == o, "{f} | {s} | {o}");
            }
        }
        assert!(hits >= inputs.len() / 2, "{hits} of {}", inputs.len());
    }

    #[test]
    fn whole_line_fast_path_never_loses_a_repair() {
        let mut lines = Vec::new();
        for name in [
            "latin", "ru", "uk_el", "zh_Hans", "zh_Hant", "ja", "ko", "other",
        ] {
            let path = format!("{}/tests/data/clean/{name}.txt", env!("CARGO_MANIFEST_DIR"));
            let text = std::fs::read_to_string(path).unwrap();
            lines.extend(text.lines().map(str::to_owned).take(40));
        }
        let wrongs = [
            Charset::WINDOWS_1252,
            Charset::LATIN_1,
            Charset::GBK,
            Charset::BIG5,
            Charset::SHIFT_JIS,
            Charset::EUC_KR,
            single!(WINDOWS_1251),
            single!(WINDOWS_1250),
            single!(MACINTOSH),
            Charset::IBM437,
        ];
        let mut inputs = Vec::new();
        for line in &lines {
            for &wrong in &wrongs {
                let garbled = garble(line, Charset::UTF_8, wrong);
                let half = line
                    .char_indices()
                    .nth(line.chars().count() / 2)
                    .map_or(0, |(i, _)| i);
                let partly = format!(
                    "{}{}",
                    &line[..half],
                    garble(&line[half..], Charset::UTF_8, wrong)
                );
                inputs.push((partly, line));
                inputs.push((
                    garble(&garbled, Charset::UTF_8, Charset::WINDOWS_1252),
                    line,
                ));
                inputs.push((garbled, line));
            }
        }
        let run = |whole_line: bool, input: &str| {
            let mut searcher = Searcher::new();
            searcher.whole_line = whole_line;
            let lines = Lines {
                max_layers: 3,
                model: None,
                settled: &mut Settled::default(),
            };
            let out = fix_lines(input, lines, &mut searcher, &mut Vec::new()).into_owned();
            (out, searcher.whole_line_hits)
        };
        let (mut hits, mut same, mut fast_only) = (0, 0, 0);
        for (input, original) in &inputs {
            let (fast, n) = run(true, input);
            let slow = run(false, input).0;
            if slow == **original {
                assert_eq!(fast, slow, "{input}");
            }
            same += usize::from(fast == slow);
            // Where both miss, the fast one must be no farther from the original (a lossy
            // Hebrew line through GBK: ש��� rather than 砖���).
            fast_only += usize::from(
                fast != slow && edit_distance(&fast, original) <= edit_distance(&slow, original),
            );
            hits += usize::from(n > 0);
        }
        assert!(hits > inputs.len() / 5, "{hits} of {}", inputs.len());
        // Where the two differ, the fast path is the one closer to the original line.
        assert_eq!(same + fast_only, inputs.len(), "{fast_only} better");
    }

    /// Levenshtein distance in characters.
    fn edit_distance(a: &str, b: &str) -> usize {
        let b: Vec<char> = b.chars().collect();
        let mut prev: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.chars().enumerate() {
            let mut cur = vec![i + 1];
            for (j, &cb) in b.iter().enumerate() {
                cur.push(
                    (prev[j + 1] + 1)
                        .min(cur[j] + 1)
                        .min(prev[j] + usize::from(ca != cb)),
                );
            }
            prev = cur;
        }
        prev[b.len()]
    }

    /// The quick gate may only wave through what the full gate would: checked on every line of
    /// the clean test texts, their mojibake, and strings built from the characters and patterns
    /// the quick gate decides alone.
    #[test]
    fn quick_gate_never_passes_a_line_the_full_gate_stops() {
        let mut lines: Vec<String> = Vec::new();
        for name in [
            "latin", "ru", "uk_el", "zh_Hans", "zh_Hant", "ja", "ko", "other",
        ] {
            let path = format!("{}/tests/data/clean/{name}.txt", env!("CARGO_MANIFEST_DIR"));
            let text = std::fs::read_to_string(path).unwrap();
            for line in text.lines() {
                for wrong in [
                    Charset::GBK,
                    Charset::BIG5,
                    Charset::EUC_KR,
                    Charset::SHIFT_JIS,
                ] {
                    lines.push(garble(line, Charset::UTF_8, wrong));
                }
                lines.push(line.to_owned());
            }
        }
        // Every pair and triple of characters from a small alphabet of each kind.
        let alphabet = [
            '中', '的', '鎴', '戜', '璁', '한', '頃', 'か', 'ア', '，', '。', 'a', '?', ' ',
        ];
        for a in alphabet {
            for b in alphabet {
                lines.push(format!("{a}{b}"));
                for c in alphabet {
                    lines.push(format!("{a}{b}{c}"));
                }
            }
        }
        let mut passed = 0;
        for line in &lines {
            if quickly_clean(line) {
                passed += 1;
                assert_eq!(suspicion(line), Suspicion::None, "{line}");
                assert!(!has_lost_a0_shape(line), "{line}");
            }
        }
        assert!(passed > lines.len() / 10, "{passed} of {}", lines.len());
    }

    #[test]
    fn legacy_read_as_cp1252() {
        assert_eq!(fix("ÎÒÃÇ"), "我们");
        assert_eq!(fix("cafÃ©"), "café");
    }

    #[test]
    fn lost_byte_without_a_clear_best_stays_replacement_character() {
        let garbled = garble("看那边", Charset::UTF_8, Charset::GBK);
        assert!(garbled.ends_with('\u{FFFD}'), "{garbled}");
        let fixed = fix(&garbled);
        assert_eq!(
            fixed, "看那\u{FFFD}",
            "边 competes with 达, 辽 …: no clear best, U+FFFD stays"
        );
        // Where the fill makes a word with its neighbour (这里, in the CJK pair table), the
        // word decides.
        let garbled = garble("在这里", Charset::UTF_8, Charset::GBK);
        assert_eq!(fix(&garbled), "在这里");
        // Where one fill is far commoner than every other of its cost (的, 2^5 more than 目,
        // 直, 相), the general frequency decides.
        let garbled = garble("我们的", Charset::UTF_8, Charset::GBK);
        assert!(garbled.ends_with('\u{FFFD}'), "{garbled}");
        assert_eq!(fix(&garbled), "我们的");
        let garbled = garble("发送成功", Charset::UTF_8, Charset::GBK);
        assert_eq!(garbled, "鍙戦€佹垚鍔\u{FFFD}");
    }

    #[test]
    fn clean_text_is_untouched() {
        for s in [
            "我们",
            "中文",
            "學習",
            "日本語のテキスト",
            "한국어",
            "café crème",
            "Привет",
        ] {
            assert_eq!(fix(s), s);
        }
    }
}
