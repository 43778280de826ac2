//! Lost bytes: the fills for a '?' or U+FFFD the wrong decoder left, the document model that
//! ranks them, and the 0xA0 that became a space.

use crate::score::Alphabetic;
use std::ops::Range;

use crate::charset::{Charset, DecodeCache, Unit, utf8_char, utf8_unit};
use crate::fix::alphabets;
use crate::fix::docmodel::DocumentModel;
use crate::fix::lost_letters::{self, Slot};
use crate::fix::orthography;
use crate::fix::simplify::{HanForm, han_form};
use crate::fix::words::{is_korean_word_ending, is_one_letter_word, is_one_letter_word_anywhere};
use crate::report::{Action, Chain, Step};
use crate::score::{
    FIRST_KNOWN_LETTER, Script, char_cost, cjk_pair_weight, cjk_pairs_around, is_cjk_letter,
    is_han, is_hangul, is_word_letter, join_cost, letter_symbol, letter_triple_known, pair_bits,
};

use super::gate::{SUSPICIOUS_COST, is_letter, single_byte_of};
use super::search::{Segment, utf8_pending};
use super::whole_text::whole_text_model_source;
use super::{CHAINS, Settled, fix_mojibake_recorded, is_japanese_clause_particle};

/// What a lost byte's fill costs in rank where no alphabet that holds the accented letters of
/// its segment (its line, mostly) holds it too ([`alphabets::home_alphabets`]).
const ALPHABET_MISFIT_COST: u32 = 6;

/// What a Han fill costs in rank where the segment's other Han characters are all of the
/// written form it is not in ([`HanForms`]).
const HAN_FORM_MISFIT_COST: u32 = 6;

/// Which written forms of Chinese ([`HanForm`]) the Han characters of a segment show: a fill of
/// the other form is unlikely (卻 where 们 and 图 stand, 们 where 們 and 圖 do).
#[derive(Clone, Copy, Default)]
pub(super) struct HanForms {
    /// How many characters of each form the segment holds.
    simplified: u32,
    traditional: u32,
}

/// The characters of one form, and none of the other, a segment needs for its fills of the
/// other form to misfit ([`HanForms`]): Japanese kanji take some forms of each (右横書, 許可属性
/// hold one each), and a string of kanji alone shows no kana to tell.
const HAN_FORM_MIN_WITNESSES: u32 = 2;

impl HanForms {
    /// The forms of the characters `bytes` read as UTF-8 (leniently). Japanese, whose kanji
    /// take some forms of each (学 and 語), shows both as soon as a kana is seen.
    fn of(bytes: &[u8]) -> HanForms {
        let mut forms = HanForms::default();
        // (The well-formed stretches between holes: no copy of the segment.)
        for c in bytes.utf8_chunks().flat_map(|chunk| chunk.valid().chars()) {
            match c {
                '\u{3041}'..='\u{30FF}' | '\u{FF66}'..='\u{FF9D}' => {
                    return HanForms {
                        simplified: 1,
                        traditional: 1,
                    };
                }
                _ if !is_han(c) => {}
                _ => match han_form(c) {
                    HanForm::Simplified => forms.simplified += 1,
                    HanForm::Traditional => forms.traditional += 1,
                    HanForm::Either => {}
                },
            }
        }
        forms
    }

    /// Whether `c` is of the one form the segment is not written in.
    fn misfits(self, c: char) -> bool {
        let only = |one: u32, other: u32| one >= HAN_FORM_MIN_WITNESSES && other == 0;
        match han_form(c) {
            HanForm::Simplified => only(self.traditional, self.simplified),
            HanForm::Traditional => only(self.simplified, self.traditional),
            HanForm::Either => false,
        }
    }
}

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

/// How much of a known CJK pair's weight (bit length of its count) makes one unit of a lost
/// byte's ranking.
const CJK_PAIR_WEIGHT_PER_BIT: u32 = 1;

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
    pub(super) fn of(bytes: &[u8], start: usize, after: usize) -> BracketsAround {
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

/// Whether what windows-1252 shows for a UTF-8 lead byte stands right before a space: the
/// cheap test for [`lost_a0_variant`].
pub(super) fn has_lost_a0_shape(line: &str) -> bool {
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
pub(super) fn lost_a0_variant(line: &str) -> Option<(String, Step)> {
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
                x.is_alpha()
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

/// Texts shorter than this get no document model (a JSON Lines field, a title).
const RECOVERY_MODEL_MIN_BYTES: usize = 2048;

/// The document model for lost bytes, built on first need from the repaired head of the
/// document (so one-shot and streaming repairs use the same one).
pub(crate) struct RecoveryModel {
    head: Box<str>,
    layers: u8,
    model: std::sync::OnceLock<Option<Built>>,
    /// The outcomes the repair proper found before the model was built, of lines that did not
    /// need it: the repair of the head takes them from here (a page that loses a byte only
    /// near its end is not searched twice), and with them the bytes of line text they hold.
    early: std::sync::Mutex<(LineMemo, usize)>,
    /// Whether line outcomes are kept (always, but in a test).
    keeps_outcomes: bool,
}

/// What building the model leaves: the model, and what the repair of the head made of each of
/// its lines that no lost byte of needed the model for ([`LineMemo`]).
struct Built {
    model: DocumentModel,
    memo: LineMemo,
    /// What the repair of the head made of each lost byte of CJK text it ranked, before the
    /// model was asked ([`Verdict`]), by [`hole_key`].
    verdicts: Verdicts,
}

/// Lost bytes' verdicts by [`hole_key`].
type Verdicts = std::collections::HashMap<u128, Verdict, foldhash::quality::RandomState>;

/// What ranking a lost byte's fills decided before the document model was asked: a recovery,
/// or, where no fill was clearly best after a character, the fills the model may choose among
/// (those within the margin of the best and no dearer than may be invented) and the recovery
/// to fall back on.
#[derive(Clone)]
pub(super) enum Verdict {
    Done(Recovery),
    Open {
        p: char,
        fills: Vec<char>,
        otherwise: Recovery,
    },
}

thread_local! {
    /// Where the repair of a document's head keeps its lost bytes' verdicts
    /// ([`RecoveryModel::get`] sets it for that repair).
    static KEPT_VERDICTS: std::cell::RefCell<Option<Verdicts>> = const { std::cell::RefCell::new(None) };
}

/// A 128-bit digest of what `feed` writes (two runs of foldhash's quality hasher with fixed,
/// different seeds): a key that no two different holes of one document share but by chance.
pub(super) fn digest(feed: impl Fn(&mut foldhash::quality::FoldHasher<'static>)) -> u128 {
    use std::hash::{BuildHasher, Hasher};
    let half = |seed: u64| {
        let mut hasher = foldhash::quality::FixedState::with_seed(seed).build_hasher();
        feed(&mut hasher);
        hasher.finish()
    };
    u128::from(half(0x243F_6A88_85A3_08D3)) << 64 | u128::from(half(0x1319_8A2E_0370_7344))
}

/// The key of the lost byte at `seg.bytes[i]` read along the chain of the `wrong` charset after
/// `prev` and `prev2`: everything [`rank_lost_byte`] reads for a hole whose fills are all CJK
/// characters (the segment whole, through its digest, and the two characters before).
fn hole_key(
    wrong: Charset,
    seg: &Segment,
    i: usize,
    prev: Option<char>,
    prev2: Option<char>,
) -> u128 {
    use std::hash::Hash;
    let segment = seg.digest();
    digest(|h| {
        segment.hash(h);
        wrong.name().hash(h);
        i.hash(h);
        prev.hash(h);
        prev2.hash(h);
    })
}

/// The outcome of a line's search, kept by the repair of the head that the document model is
/// counted from, for the lines whose outcome does not depend on the model (no lost byte of
/// theirs was left to it): the repair proper takes it from here instead of searching the line
/// a second time.
#[derive(Default)]
pub(super) struct LineMemo(
    std::collections::HashMap<Box<str>, LineOutcome, foldhash::quality::RandomState>,
);

/// What the search made of one line ([`LineMemo`]).
#[derive(Clone)]
pub(super) struct LineOutcome {
    /// The repaired line, `None` if the search left it as it was.
    pub(super) fixed: Option<String>,
    /// Whether another round would leave the repaired line as it is.
    pub(super) stable: bool,
    /// The steps, their ranges within the line.
    pub(super) steps: Vec<Step>,
    /// The layers the line was searched with.
    pub(super) layers: u8,
    /// Whether the line was one of a text read back whole.
    pub(super) decoded_whole: bool,
}

impl LineMemo {
    pub(super) fn insert(&mut self, line: &str, outcome: LineOutcome) {
        self.0.insert(line.into(), outcome);
    }

    /// The outcome of `line` searched with `layers` layers in a text read back whole or not.
    pub(super) fn get(&self, line: &str, layers: u8, decoded_whole: bool) -> Option<&LineOutcome> {
        self.0
            .get(line)
            .filter(|o| o.layers == layers && o.decoded_whole == decoded_whole)
    }
}

thread_local! {
    /// How many lost bytes on this thread came to the point where the document model would be
    /// asked ([`recover_utf8`]): a line during whose search this did not change has an outcome
    /// that does not depend on the model.
    static MODEL_ASKS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// The count of [`MODEL_ASKS`] on this thread.
pub(super) fn model_asks() -> u64 {
    MODEL_ASKS.with(std::cell::Cell::get)
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
            early: std::sync::Mutex::default(),
            keeps_outcomes: true,
        }
    }

    pub(super) fn get(&self) -> Option<&DocumentModel> {
        // A short text says too little about itself to be worth a second search.
        if self.head.len() < RECOVERY_MODEL_MIN_BYTES {
            return None;
        }
        self.model
            .get_or_init(|| {
                // A head that is one layer of UTF-8 mojibake throughout is counted from its
                // reading whole, lines with lost bytes read as far as they are whole: the
                // search of the head, and of its lost bytes twice, is spared.
                let whole_lines = match self.head.rfind('\n') {
                    Some(end) => &self.head[..=end],
                    None => &self.head,
                };
                if let Some(source) = whole_text_model_source(whole_lines) {
                    return Some(Built {
                        model: DocumentModel::of(&source),
                        memo: LineMemo::default(),
                        verdicts: Verdicts::default(),
                    });
                }
                let mut memo = LineMemo::default();
                let early = match self.early.lock() {
                    Ok(mut early) => std::mem::take(&mut early.0),
                    Err(_) => LineMemo::default(),
                };
                let outer = KEPT_VERDICTS.with(|kept| kept.replace(Some(Verdicts::default())));
                let repaired = fix_mojibake_recorded(
                    &self.head,
                    self.layers,
                    &mut Settled::default(),
                    (&early, &mut memo),
                );
                let mut verdicts = KEPT_VERDICTS
                    .with(|kept| kept.replace(outer))
                    .unwrap_or_default();
                if !self.keeps_outcomes {
                    memo = LineMemo::default();
                    verdicts = Verdicts::default();
                }
                Some(Built {
                    model: DocumentModel::of(&repaired),
                    memo,
                    verdicts,
                })
            })
            .as_ref()
            .map(|built| &built.model)
    }

    /// Keeps the outcome of a line the repair proper searched before the model was built, that
    /// did not need it, for the repair of the head; as much line text as the head holds.
    pub(super) fn remember(&self, line: &str, outcome: &LineOutcome) {
        if !self.wants_early_outcomes() {
            return;
        }
        if let Ok(mut early) = self.early.lock()
            && early.1 + line.len() <= self.head.len()
        {
            early.1 += line.len();
            early.0.insert(line, outcome.clone());
        }
    }

    /// Whether [`RecoveryModel::remember`] would keep anything: the document is long enough to
    /// have a model, which is not built yet.
    pub(super) fn wants_early_outcomes(&self) -> bool {
        self.keeps_outcomes
            && self.head.len() >= RECOVERY_MODEL_MIN_BYTES
            && self.model.get().is_none()
    }

    /// How many line outcomes the repair of the head kept.
    #[cfg(test)]
    pub(super) fn memo_len(&self) -> usize {
        self.model
            .get()
            .and_then(Option::as_ref)
            .map_or(0, |b| b.memo.0.len())
    }

    /// What the repair of the head decided for the lost byte of `key` ([`hole_key`]), if the
    /// model is built and it ranked that byte.
    fn verdict(&self, key: u128) -> Option<&Verdict> {
        self.model.get()?.as_ref()?.verdicts.get(&key)
    }

    /// Whether the model is built (and lost bytes' verdicts may be looked up).
    pub(super) fn is_built(&self) -> bool {
        self.model.get().is_some_and(Option::is_some)
    }

    /// A model that keeps no line outcomes (for the test that they change nothing).
    #[cfg(test)]
    pub(super) fn without_outcomes(head: &str, layers: u8) -> RecoveryModel {
        RecoveryModel {
            keeps_outcomes: false,
            ..RecoveryModel::new(head, layers)
        }
    }

    /// What the repair of the head made of `line`, searched with `layers` layers in a text
    /// read back whole or not (`decoded_whole`), if the model is built and that outcome does
    /// not depend on it.
    pub(super) fn outcome_of(
        &self,
        line: &str,
        layers: u8,
        decoded_whole: bool,
    ) -> Option<&LineOutcome> {
        self.model
            .get()?
            .as_ref()?
            .memo
            .get(line, layers, decoded_whole)
    }
}

/// What the CJK words a fill `c` makes with its neighbours take off its rank: a known pair says
/// more than the character's cost (場合, できる), and the commoner pair the more (이름의 over
/// 이름을, パスワード over パスロード, where both are written).
fn fill_word_bonus(prev: Option<char>, c: char, next: Option<char>) -> u32 {
    // (The weight of each pair, 0 where it is not known: one lookup a pair.)
    let (before, after) = (
        prev.map_or(0, |p| cjk_pair_weight(p, c)),
        next.map_or(0, |n| cjk_pair_weight(c, n)),
    );
    let known = u32::from(before > 0) + u32::from(after > 0);
    known * KNOWN_CJK_PAIR_BONUS + (before + after) / CJK_PAIR_WEIGHT_PER_BIT
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
    pub(super) ch: char,
    /// The bonus it took that only habit supports (a sentence-final mark at the end of a line,
    /// a dash between spaces), or 0: chosen by that bonus alone, it is reported as a guess.
    habit_bonus: u32,
    /// It is a letter no alphabet of the segment's accented letters holds, or a Han character
    /// of the written form its Han characters are not in: no frequency makes it the fill.
    misfit: bool,
}

/// Among the fills that cost about as little as the best (`cost`), a Han ideograph that modern
/// Mandarin uses [`HAN_FREQUENCY_MARGIN`] bits more often than any other (kHanyuPinlu), or a
/// Hangul syllable that Korean text writes as much more often than any other (주 over 죄 and
/// 죽, all in one cost tier): a tie of the cost tiers that the general frequency settles. Fills
/// that misfit the segment (a Traditional-only character in Simplified text) take no part.
fn far_commoner(fills: &[RankedFill], cost: u32) -> Option<char> {
    let mut best: Option<(u32, char)> = None;
    let mut second = u32::MAX;
    for &RankedFill {
        cost: other_cost,
        ch: c,
        misfit,
        ..
    } in fills
    {
        // (A misfit is no rival either: 還 and 邊 are common, in Traditional text.)
        if other_cost >= cost + RECOVERY_MARGIN || other_cost > RECOVERY_MAX_COST || misfit {
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
#[derive(Clone)]
pub(super) struct Recovery {
    pub(super) len: usize,
    pub(super) ch: char,
    pub(super) recovered: bool,
    /// The character was picked by habit, not by evidence (a letter's case at the start of
    /// the text, 。 rather than 、 at the end of a line): reported as a loss.
    pub(super) guessed: bool,
}

/// The UTF-8 sequence at `seg.bytes[i..]` in which some continuation bytes are wildcards: its
/// length and the characters it reads as with each byte the wrong charset could have lost in
/// each wildcard (`None` for them when that is too many combinations to rank). `None` if no
/// such sequence starts at `i`.
fn holed_sequence(wrong: Charset, seg: &Segment, i: usize) -> Option<(usize, Option<Vec<char>>)> {
    // The fills depend on the sequence's bytes, where its holes are and what follows it: text
    // repeats those (E4 B8 with its last byte lost before a space), so they are worked out once
    // a thread (up to HOLE_SHAPES_MAX shapes, then anew).
    let bytes = &seg.bytes;
    let need = match bytes.get(i)? {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let seq = bytes.get(i..i + need)?;
    let hole = |at: usize| seg.wildcards.binary_search(&at).is_ok();
    let mut shape = [0u8; 4];
    for (k, &b) in seq.iter().enumerate() {
        // (0 is no byte of a sequence: it marks a hole.)
        shape[k] = if k > 0 && hole(i + k) { 0 } else { b };
    }
    let follows = match bytes.get(i + need) {
        None => HoleEnd::End,
        Some(_) if hole(i + need) => HoleEnd::Hole,
        Some(&b) => HoleEnd::Byte(b),
    };
    let key = (wrong, seg.python_gbk, shape, follows);
    let kept = HOLE_SHAPES.with(|shapes| shapes.borrow().get(&key).cloned());
    if let Some(fills) = kept {
        return fills;
    }
    let fills = holed_sequence_uncached(wrong, seg, i);
    HOLE_SHAPES.with(|shapes| {
        let mut shapes = shapes.borrow_mut();
        if shapes.len() >= HOLE_SHAPES_MAX {
            shapes.clear();
        }
        shapes.insert(key, fills.clone());
    });
    fills
}

/// What follows a holed sequence, for [`holed_sequence`]'s key.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum HoleEnd {
    End,
    Hole,
    Byte(u8),
}

/// The holed sequences' fills by their shape ([`holed_sequence`]).
type HoleShapes = std::collections::HashMap<
    (Charset, bool, [u8; 4], HoleEnd),
    Option<(usize, Option<Vec<char>>)>,
    foldhash::fast::RandomState,
>;

thread_local! {
    static HOLE_SHAPES: std::cell::RefCell<HoleShapes> = std::cell::RefCell::new(HoleShapes::default());
}

/// How many shapes [`holed_sequence`] keeps before it starts anew.
const HOLE_SHAPES_MAX: usize = 1 << 14;

/// [`holed_sequence`] worked out.
fn holed_sequence_uncached(
    wrong: Charset,
    seg: &Segment,
    i: usize,
) -> Option<(usize, Option<Vec<char>>)> {
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
    let mut seq = seq_bytes.to_vec();
    let mut chars = Vec::new();
    // Every combination of the holes' bytes, the first hole's byte running fastest.
    let mut at = vec![0usize; holes.len()];
    if candidates.iter().all(|fills| !fills.is_empty()) {
        loop {
            for ((&k, fills), &n) in holes.iter().zip(&candidates).zip(&at) {
                seq[k] = fills[n];
            }
            // (Two holes in a row: the first is lost before what the second held.)
            let paired = !gbk
                || !matches!(holes[..], [k, second] if second == k + 1
                    && !gbk_loses(seq[k], Some(seq[second]), seg.python_gbk));
            if paired && let Some(c) = utf8_char(&seq) {
                chars.push(c);
            }
            // The next combination, or the end.
            let mut h = 0;
            while let Some((n, fills)) = at.get_mut(h).zip(candidates.get(h)) {
                *n += 1;
                if *n < fills.len() {
                    break;
                }
                *n = 0;
                h += 1;
            }
            if h == holes.len() {
                break;
            }
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
pub(super) fn gbk_loses(x: u8, next: Option<u8>, python: bool) -> bool {
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
                let read = crate::charset::decode_lone_char(encoding_rs::GBK, &[lead, trail]);
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
pub(super) fn known_word_fill(
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
    let letter = |c: Option<char>| c.filter(|c| c.is_alpha());
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
    ('\u{0386}'..='\u{03CE}').contains(&c) && c.is_alpha()
}

/// A UTF-8 sequence starting at `i` whose byte `i + have` is a wildcard: every byte of the
/// sequence after the lead is either a continuation byte that is there or a wildcard; each
/// wildcard is tried with every byte the wrong charset could have lost (at most two wildcards).
pub(super) fn recover_utf8(
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
    // The repair of the head a document model is counted from ranked the same bytes after the
    // same characters: its verdict stands (only the model's own say is added below).
    let keeping = KEPT_VERDICTS.with(|kept| kept.borrow().is_some());
    let key = (keeping || model.is_some_and(RecoveryModel::is_built))
        .then(|| hole_key(wrong, seg, i, prev, prev2));
    let kept = key.and_then(|k| model.and_then(|m| m.verdict(k)).cloned());
    let verdict = match kept {
        Some(verdict) => verdict,
        None => {
            let (verdict, cacheable) = rank_lost_byte(wrong, seg, i, decoded, (prev, prev2))?;
            if let (true, true, Some(k)) = (keeping, cacheable, key) {
                KEPT_VERDICTS.with(|kept| {
                    if let Some(verdicts) = kept.borrow_mut().as_mut() {
                        verdicts.insert(k, verdict.clone());
                    }
                });
            }
            verdict
        }
    };
    match verdict {
        Verdict::Done(recovery) => Some(recovery),
        Verdict::Open {
            p,
            fills,
            otherwise,
        } => {
            MODEL_ASKS.with(|asks| asks.set(asks.get() + 1));
            if let Some(doc) = model.and_then(RecoveryModel::get) {
                // What follows `p` elsewhere in the document.
                let mut pick: Option<(u32, char)> = None;
                let mut tied = false;
                for &candidate in &fills {
                    let seen = doc.bigram(p, candidate);
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
                        len: otherwise.len,
                        ch: candidate,
                        recovered: true,
                        guessed: false,
                    });
                }
            }
            Some(otherwise)
        }
    }
}

/// The first code point of the CJK blocks: a hole whose fills are all from here on has a
/// verdict that [`hole_key`] identifies.
const CJK_FILLS_FROM: u32 = 0x2E80;

/// Ranks the fills of the lost byte at `seg.bytes[i]` ([`recover_utf8`]) after `decoded` and
/// the two characters it ends with, `prev` and `prev2` (`None` after a lost one), up to where
/// the document model would be asked; with whether the verdict may be kept by [`hole_key`].
fn rank_lost_byte(
    wrong: Charset,
    seg: &Segment,
    i: usize,
    decoded: &str,
    (prev, prev2): (Option<char>, Option<char>),
) -> Option<(Verdict, bool)> {
    let bytes = &seg.bytes;
    let (need, fills) = holed_sequence(wrong, seg, i)?;
    let Some(fills) = fills else {
        // Thousands of combinations, none of which a character model could single out: the
        // character is lost, but the reading goes on past it.
        let lost = Recovery {
            len: need,
            ch: '\u{FFFD}',
            recovered: false,
            guessed: false,
        };
        return Some((Verdict::Done(lost), false));
    };
    // (Fills that are all CJK characters rank by the segment and the two characters before
    // alone: the verdict may be kept, see `hole_key`.)
    let cacheable = fills.iter().all(|&c| u32::from(c) >= CJK_FILLS_FROM);
    // Inside a word: the one fill that makes a word the language writes, if one does.
    if let Some(c) = known_word_fill(wrong, seg, (i, need), decoded, &fills) {
        let word = Recovery {
            len: need,
            ch: c,
            recovered: true,
            guessed: false,
        };
        return Some((Verdict::Done(word), false));
    }
    // In Hebrew, which the word tables lack, the one its spelling allows there: taken, but as a
    // guess (the bytes a decoder loses differ between the single-byte tables, and windows-1254
    // loses the 0x9E of מ as well).
    if let Some(c) = spelled_hebrew_fill(seg, i + need, decoded, &fills) {
        let spelled = Recovery {
            len: need,
            ch: c,
            recovered: true,
            guessed: true,
        };
        return Some((Verdict::Done(spelled), false));
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
    // For a letter standing alone: the line around it, with a placeholder in its place, to
    // weigh the function words of the languages whose one-letter words may fill it.
    let standalone =
        !prev.is_some_and(char::is_alphanumeric) && !next.is_some_and(char::is_alphanumeric);
    let mut around: Option<(String, Range<usize>)> = None;
    let before = prev.map(|p| (p, char_cost(p).1));
    for &c in &fills {
        let (own, script) = char_cost(c);
        let cost = own
            + before.map_or(0, |(p, p_script)| join_cost(p, p_script, c, script))
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
            let home = *seg.home.get_or_init(|| {
                let text = String::from_utf8_lossy(bytes);
                // (Where no accented letter is left to tell, the function words may.)
                alphabets::home_alphabets(text.chars()).or_else(|| {
                    alphabets::central_home(crate::fix::words::central_european_languages(&text))
                })
            });
            match home {
                Some(mask) if mask != 0 && alphabets::alphabets_holding(c) & mask == 0 => {
                    ALPHABET_MISFIT_COST
                }
                _ => 0,
            }
        } else if is_han(c) {
            // And a Han character of the written form the segment's others are not in (卻 among
            // 们 and 图).
            let forms = *seg.han_forms.get_or_init(|| HanForms::of(bytes));
            if forms.misfits(c) {
                HAN_FORM_MISFIT_COST
            } else {
                0
            }
        } else {
            0
        };
        // A one-letter word of the line's language, in the case the sentence asks for where it
        // tells (mostrerà ? il: à; . ? a predefinição: É).
        let fits_case = || {
            case.as_ref().is_none_or(|k| {
                c.is_uppercase() == k.capital || !(c.is_uppercase() || c.is_lowercase())
            })
        };
        let one_letter_word = standalone && is_one_letter_word_anywhere(c) && fits_case() && {
            let (line, at) = around.get_or_insert_with(|| line_around(seg, decoded, after));
            let small = c.to_lowercase().next().unwrap_or(c);
            is_one_letter_word(line, at.clone(), small)
        };
        let ranked = (RANK_FLOOR + cost + misfit + pair_bits(prev, Some(c)) + after_bits)
            .saturating_sub(
                match typography {
                    Typography::Evidence => QUOTE_BONUS,
                    Typography::Habit(bonus) => bonus,
                    Typography::None if sentence_end || word_end || counter => SENTENCE_END_BONUS,
                    Typography::None => 0,
                } + fill_word_bonus(prev, c, next)
                    + known_triples * KNOWN_TRIPLE_BONUS
                    + if one_letter_word {
                        ONE_LETTER_WORD_BONUS
                    } else {
                        0
                    },
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
            misfit: misfit > 0,
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
        let lost = Recovery {
            len: need,
            ch: '\u{FFFD}',
            recovered: false,
            guessed: false,
        };
        return Some((Verdict::Done(lost), cacheable));
    };
    let (mut ranked, mut own, mut chosen) = (best.ranked, best.own, best);
    // (Only a letter with case has a twin: CJK fills look for none.)
    let twin = (best.ch.is_lowercase() || best.ch.is_uppercase())
        .then(|| ranked_fills.iter().find(|x| is_case_twin(x.ch, best.ch)))
        .flatten()
        .copied();
    let mut guessed = false;
    // (A letter of the case the word rules out is no rival either: É is none to à at the end
    // of mostrer?.)
    let ruled_out = |x: &RankedFill| {
        case.as_ref().is_some_and(|k| {
            k.certainty == Certainty::Sure
                && (x.ch.is_uppercase() || x.ch.is_lowercase())
                && x.ch.is_uppercase() != k.capital
        })
    };
    let mut second = ranked_fills
        .iter()
        .filter(|x| x.ch != best.ch && twin.is_none_or(|t| t.ch != x.ch) && !ruled_out(x))
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
        let common = Recovery {
            len: need,
            ch: common,
            recovered: true,
            guessed: false,
        };
        return Some((Verdict::Done(common), cacheable));
    }
    let otherwise = if confident {
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
    };
    let verdict = match prev {
        // (Equally plausible in general: the document itself may tell, among the fills about as
        // cheap as the best and no dearer than may be invented.)
        Some(p) if !confident => Verdict::Open {
            p,
            fills: ranked_fills
                .iter()
                .filter(|f| f.cost <= RECOVERY_MAX_COST && f.cost < cost + RECOVERY_MARGIN)
                .map(|f| f.ch)
                .collect(),
            otherwise,
        },
        _ => Verdict::Done(otherwise),
    };
    Some((verdict, cacheable))
}

/// What a fill that is a one-letter word of the line's language ([`is_one_letter_word`]) takes
/// off its rank: as much as a known letter triple.
const ONE_LETTER_WORD_BONUS: u32 = KNOWN_TRIPLE_BONUS;

/// The text around a hole whose sequence ends at `seg.bytes[after]`: up to
/// [`ONE_LETTER_WORD_WINDOW`] bytes of `decoded` before it, a placeholder in its place, and as
/// much of the segment after it, read leniently; with the placeholder's range.
fn line_around(seg: &Segment, decoded: &str, after: usize) -> (String, Range<usize>) {
    let mut from = decoded.len().saturating_sub(ONE_LETTER_WORD_WINDOW);
    while !decoded.is_char_boundary(from) {
        from += 1;
    }
    let mut line = decoded[from..].to_owned();
    let at = line.len();
    line.push('\u{FFFD}');
    let rest = seg.bytes.get(after..).unwrap_or_default();
    line.push_str(&String::from_utf8_lossy(
        &rest[..rest.len().min(ONE_LETTER_WORD_WINDOW)],
    ));
    (line, at..at + '\u{FFFD}'.len_utf8())
}

/// How far on either side of a lone letter's hole [`line_around`] reads.
const ONE_LETTER_WORD_WINDOW: usize = 256;

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
    pub(super) fn before(decoded: &str) -> OpenQuotes {
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
                '’' if !(prev.is_some_and(char::is_alpha) && next.is_some_and(char::is_alpha)) => {
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
        let letter = |x: Option<char>| x.is_some_and(char::is_alpha);
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
/// `None` where nothing tells (a letter standing alone after no word).
fn fill_case(
    seg: &Segment,
    i: usize,
    prev: Option<char>,
    prev2: Option<char>,
    next: Option<char>,
) -> Option<LetterCase> {
    let letter = |c: Option<char>| c.filter(|c| c.is_alpha());
    let case = |capital: bool, certainty: Certainty| Some(LetterCase { capital, certainty });
    let capitals = |c: Option<char>| letter(c).is_none_or(char::is_uppercase);
    match (letter(prev), letter(next)) {
        (Some(p), Some(n)) if p.is_lowercase() && n.is_lowercase() => case(false, Certainty::Sure),
        (Some(p), Some(n)) if p.is_uppercase() && n.is_uppercase() => case(true, Certainty::Sure),
        (Some(_), Some(_)) => case(false, Certainty::Likely),
        (Some(p), None) if p.is_lowercase() => case(false, Certainty::Sure),
        (Some(_), None) if capitals(prev2) => case(true, Certainty::Sure),
        (Some(_), None) => case(false, Certainty::Likely),
        // A letter standing alone with a letter two characters back (sucré ? mon: à, not À): the
        // sentence tells, as it does for a word's first letter.
        (None, None) if !prev2.is_some_and(char::is_alpha) => None,
        (None, Some(n)) if n.is_uppercase() => case(true, Certainty::Likely),
        (None, _) => {
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
pub(super) fn starts_sentence(back: impl Iterator<Item = char>) -> Option<bool> {
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
pub(super) fn placeholder_is_lost_character(
    actual: Charset,
    wrong: Charset,
    bytes: &[u8],
    i: usize,
    prev: Option<char>,
) -> bool {
    let next = bytes.get(i + 1).copied();
    let after_letter = prev.is_some_and(|p| !p.is_ascii() && p.is_alpha());
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
        let mid_sentence = prev.is_some_and(char::is_alpha)
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
pub(super) fn recover_legacy(
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
        let (own, script) = char_cost(c);
        let joined = prev.map_or(0, |p| join_cost(p, char_cost(p).1, c, script));
        let ranked = (RANK_FLOOR + own + joined).saturating_sub(fill_word_bonus(prev, c, next));
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
